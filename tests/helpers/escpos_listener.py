"""A network receipt printer on loopback that prints nothing: it records every byte of every connection
and answers DLE EOT n status requests with a configurable byte, or stays silent.

    with EscposListener(paper=PAPER_NEAR_END) as printer:
        ...  # send to tcp://127.0.0.1:{printer.port}
        (job,) = printer.connections(1)

Every socket has a short timeout, so ``close()`` (or leaving the ``with`` block) ends every thread.
"""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType

# Answers to DLE EOT 4 (paper roll sensor): bits 1 and 4 always set; 2-3 near end; 5-6 paper end.
PAPER_OK, PAPER_NEAR_END, PAPER_OUT = 0x12, 0x1E, 0x7E
ONLINE = 0x12  # the answer to DLE EOT 1, 2 and 3: nothing wrong
STATUS_REQUEST = b"\x10\x04"
POLL_S = 0.05


def closed_port() -> int:
    """A loopback port nothing listens on (free a moment ago), for a refused connection."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class EscposListener:
    def __init__(self, paper: int | None = PAPER_OK) -> None:
        self.paper = paper  # the DLE EOT 4 answer; None: a printer that never answers
        self.host = "127.0.0.1"
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind((self.host, 0))
        self._server.listen()
        self._server.settimeout(POLL_S)
        self.port: int = self._server.getsockname()[1]
        self._stop = threading.Event()
        self._changed = threading.Condition()
        self._received: list[bytearray] = []  # one per connection, in the order accepted
        self._finished = 0
        self._threads: list[threading.Thread] = []
        self._accepter = threading.Thread(target=self._accept, name="escpos-listener", daemon=True)
        self._accepter.start()

    @property
    def spec(self) -> str:
        return f"tcp://{self.host}:{self.port}"

    @property
    def accepted(self) -> int:
        with self._changed:
            return len(self._received)

    def connections(self, count: int, timeout_s: float = 5.0) -> list[bytes]:
        """What each connection sent, once ``count`` connections have been accepted and closed."""
        deadline = time.monotonic() + timeout_s
        with self._changed:
            while not (len(self._received) >= count and self._finished == len(self._received)):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{self._finished} of {count} connections finished in {timeout_s} s")
                self._changed.wait(left)
            return [bytes(data) for data in self._received]

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._changed:
                data = bytearray()
                self._received.append(data)
            thread = threading.Thread(target=self._serve, args=(conn, data), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket, data: bytearray) -> None:
        conn.settimeout(POLL_S)
        scanned = 0
        try:
            while not self._stop.is_set():
                try:
                    chunk = conn.recv(65536)
                except TimeoutError:
                    continue
                if not chunk:
                    break
                with self._changed:
                    data += chunk
                scanned = self._answer(conn, data, scanned)
        except OSError:
            pass
        finally:
            conn.close()
            with self._changed:
                self._finished += 1
                self._changed.notify_all()

    def _answer(self, conn: socket.socket, data: bytearray, scanned: int) -> int:
        """Answer each complete DLE EOT n after ``scanned``; returns where scanning goes on next time."""
        while True:
            at = data.find(STATUS_REQUEST, scanned)
            if at < 0:
                return max(scanned, len(data) - 1)  # a DLE may be the last byte so far
            if at + 2 >= len(data):
                return at  # n has not come yet
            if self.paper is not None:
                conn.sendall(bytes([self.paper if data[at + 2] == 4 else ONLINE]))
            scanned = at + 3

    def close(self) -> None:
        self._stop.set()
        self._server.close()
        self._accepter.join(timeout=5)
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> EscposListener:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
