"""A virtual smart card for vsmartcard's ``vpcd`` reader driver in pcscd.

vpcd listens on TCP (35963 for reader "Virtual PCD 00 00", 35964 for "Virtual PCD 00 01").
A card is any program connected to that port: connecting inserts the card, closing the
socket removes it. Every message in either direction is a 2-byte big-endian length and
that many bytes. A 1-byte message from vpcd is a control code (0 power off, 1 power on,
2 reset, 4 get ATR, which the card answers with its ATR); a longer one is a command APDU,
answered with the response data followed by SW1 SW2.

vpcd writes the length and the payload separately, so without TCP_NODELAY on our side and
TCP_QUICKACK before every read (Linux re-arms delayed ACK after each one) every APDU costs
about 40 ms of delayed-ACK wait.

Usage::

    with VirtualCard(atr=bytes.fromhex("3B8A80..."), handler=my_handler) as card:
        ...  # pcscd sees the card in the reader within about 0.3 s
    # removed: the socket is closed and the serving thread has ended
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from collections.abc import Callable
from types import TracebackType

CTRL_OFF = 0
CTRL_ON = 1
CTRL_RESET = 2
CTRL_ATR = 4

DEFAULT_PORT = 35963
SW_NO_PRECISE_DIAGNOSIS = b"\x6f\x00"

# How often the serving thread looks at the stop flag when vpcd is quiet. remove() also
# shuts the socket down, which wakes the thread at once; this only bounds the worst case.
_POLL_SECONDS = 0.2
_JOIN_SECONDS = 5.0


def reader_name(port: int) -> str:
    """The PC/SC reader name that vpcd gives the slot listening on ``port`` (35963 → "... 00 00")."""
    return f"Virtual PCD 00 {port - DEFAULT_PORT:02d}"


class _Removed(Exception):
    """The card was removed (by us or because vpcd closed the connection)."""


class Pulled(Exception):
    """Raised by a handler to pull the card out before it answers: a citizen snatching it mid-read."""


class VirtualCard:
    """A card in a vpcd reader, served by a background thread while it is inserted.

    ``handler`` gets each command APDU and returns the response including SW1 SW2. If it
    raises, the card answers 6F00 and the exception is kept in ``errors``. Every exchange is
    appended to ``transcript`` as ``(command, response)``.
    """

    def __init__(
        self,
        atr: bytes,
        handler: Callable[[bytes], bytes],
        port: int = DEFAULT_PORT,
        host: str = "127.0.0.1",
        *,
        connect_timeout: float = 5.0,
    ) -> None:
        if not atr:
            raise ValueError("a card needs an ATR")
        self.atr = bytes(atr)
        self.handler = handler
        self.port = port
        self.host = host
        self.connect_timeout = connect_timeout
        self.transcript: list[tuple[bytes, bytes]] = []
        self.errors: list[BaseException] = []
        self.powered = False
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()

    @property
    def reader(self) -> str:
        """The PC/SC name of the reader this card goes into."""
        return reader_name(self.port)

    @property
    def inserted(self) -> bool:
        """True from insert() until remove() or until vpcd drops the connection."""
        thread = self._thread
        return thread is not None and thread.is_alive()

    # -- insertion and removal ---------------------------------------------------------

    def insert(self) -> None:
        """Connect to vpcd (the card goes into the reader) and start serving it."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                raise RuntimeError("the card is already inserted")
            if self._sock is not None:  # vpcd dropped the last connection
                self._sock.close()
                self._sock = self._thread = None
            sock = socket.create_connection((self.host, self.port), timeout=self.connect_timeout)
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                sock.settimeout(_POLL_SECONDS)
            except BaseException:
                sock.close()
                raise
            self._stop.clear()
            self.powered = False
            self._sock = sock
            self._thread = threading.Thread(
                target=self._serve, args=(sock,), name=f"VirtualCard:{self.port}", daemon=True
            )
            self._thread.start()

    def remove(self) -> None:
        """Take the card out: close the connection and wait for the serving thread to end.

        Safe to call when the card is not inserted. Raises RuntimeError if the thread does
        not end within a few seconds (it cannot block: every read times out).
        """
        with self._lock:
            sock, thread = self._sock, self._thread
            self._sock = self._thread = None
            if sock is None:
                return
            self._stop.set()
            # shutdown() wakes a recv() blocked in the serving thread and sends the FIN that
            # vpcd reads as a removal; the socket is closed only once the thread is done.
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            try:
                if thread is not None:
                    thread.join(_JOIN_SECONDS)
                    if thread.is_alive():
                        raise RuntimeError(f"serving thread of the card on port {self.port} did not stop")
            finally:
                sock.close()
                self.powered = False

    def __enter__(self) -> VirtualCard:
        self.insert()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.remove()

    # -- the serving thread --------------------------------------------------------------

    def _serve(self, sock: socket.socket) -> None:
        try:
            while not self._stop.is_set():
                (length,) = struct.unpack(">H", self._recv_exact(sock, 2))
                message = self._recv_exact(sock, length)
                reply = self._answer(message)
                if reply is not None:
                    sock.sendall(struct.pack(">H", len(reply)) + reply)
        except Pulled:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # vpcd sees the card go; remove() closes the socket
        except (_Removed, OSError):
            pass

    def _answer(self, message: bytes) -> bytes | None:
        if len(message) == 1:
            code = message[0]
            if code == CTRL_ATR:
                return self.atr
            if code in (CTRL_ON, CTRL_RESET):
                self.powered = True
            elif code == CTRL_OFF:
                self.powered = False
            return None
        try:
            response = bytes(self.handler(message))
            if len(response) < 2:
                raise ValueError(f"handler returned {response.hex()}: a response needs SW1 SW2")
        except Pulled:
            self.transcript.append((message, b""))
            raise
        except Exception as exc:
            self.errors.append(exc)
            response = SW_NO_PRECISE_DIAGNOSIS
        self.transcript.append((message, response))
        return response

    def _recv_exact(self, sock: socket.socket, size: int) -> bytes:
        data = bytearray()
        while len(data) < size:
            if self._stop.is_set():
                raise _Removed
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
            try:
                chunk = sock.recv(size - len(data))
            except TimeoutError:
                continue
            if not chunk:
                raise _Removed
            data += chunk
        return bytes(data)
