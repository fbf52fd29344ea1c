"""A fault-injecting HTTP proxy on loopback, between a kiosk and the platform.

Each request the kiosk sends is read whole, then the proxy draws its fate from a seeded RNG, in the
order the requests arrive (one kiosk sends one at a time, so a seed gives the same faults every run):

    pass          forwarded, the answer returned as it came
    drop_before   the connection is closed before anything is forwarded: the platform never sees it
    drop_after    forwarded and answered, then the connection is closed with no answer: the platform
                  stored the application but the kiosk never hears so (the case that doubles
                  applications when a client has no idempotency key)
    delay         held for a while, then forwarded and answered normally
    truncate      forwarded; the kiosk gets only the first part of the answer, then the connection closes
    error         a 500, 502 or 503 of the proxy's own, sometimes after forwarding (a gateway that
                  timed out on an answer the platform did give)
    slow_body     forwarded; the answer trickles back a few bytes at a time

``stats`` counts what was injected, and how many answers the platform gave that the kiosk
never received whole (``lost_answers``) — each of those must be settled by a replay later.
Everything ends with ``close()`` (or the ``with`` block): the listening socket, every
connection and every thread, each bounded by a socket timeout.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import random
import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from types import TracebackType

KINDS = ("pass", "drop_before", "drop_after", "delay", "truncate", "error", "slow_body")
DEFAULT_WEIGHTS: dict[str, float] = {
    "pass": 0.40, "drop_before": 0.09, "drop_after": 0.12, "delay": 0.09, "truncate": 0.10, "error": 0.10,
    "slow_body": 0.10,
}
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"}
SOCKET_TIMEOUT_S = 30.0
MAX_HEAD_BYTES = 64 * 1024
MAX_BODY_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Fate:
    """What happens to one request, drawn all at once so the RNG's sequence depends only on the seed."""

    kind: str
    delay_s: float = 0.0
    cut: float = 0.0  # truncate: the fraction of the answer's bytes that get through
    status: int = 0  # error: the status the proxy answers with
    forward_first: bool = False  # error: forward the request before answering with an error
    chunk: int = 0  # slow_body: bytes per write
    pause_s: float = 0.0  # slow_body: pause between writes
    reset: bool = False  # drop_*: end with a reset (a dead process) rather than a FIN (a closed one)


@dataclass
class Stats:
    requests: int = 0
    injected: Counter[str] = field(default_factory=Counter)  # by kind, "pass" included
    upstream: Counter[int] = field(default_factory=Counter)  # statuses the platform answered with
    lost_answers: int = 0  # the platform answered 2xx but the kiosk did not get the answer whole
    errors: Counter[int] = field(default_factory=Counter)  # statuses of the injected error answers


class _Closed(Exception):
    """The client closed its connection (between requests, normally)."""


class FaultProxy:
    def __init__(
        self,
        upstream_port: int,
        seed: int,
        weights: dict[str, float] | None = None,
        *,
        upstream_host: str = "127.0.0.1",
        max_delay_s: float = 0.3,
    ) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.weights = dict(weights or DEFAULT_WEIGHTS)
        unknown = set(self.weights) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds: {sorted(unknown)}")
        self.max_delay_s = max_delay_s
        self.stats = Stats()
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port: int = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._connections: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)
        self._acceptor.start()

    # -- life cycle ----------------------------------------------------------------------------------------------

    def close(self) -> None:
        self._closing.set()
        self._acceptor.join(timeout=5)
        self._listener.close()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        for thread in self._threads:
            thread.join(timeout=SOCKET_TIMEOUT_S)

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(SOCKET_TIMEOUT_S)
            with self._lock:
                self._connections.add(client)
            thread = threading.Thread(target=self._serve, args=(client,), name="fault-proxy-conn", daemon=True)
            self._threads.append(thread)
            thread.start()

    # -- one connection: requests one after another (keep-alive) ------------------------------------------------------

    def _serve(self, client: socket.socket) -> None:
        buffer = bytearray()
        reset = True
        try:
            while not self._closing.is_set():
                method, target, headers, body = _read_request(client, buffer)
                fate = self._draw()
                if not self._handle(client, fate, method, target, headers, body):
                    reset = fate.reset
                    break
        except (_Closed, OSError, http.client.HTTPException, ValueError):
            pass
        finally:
            with self._lock:
                self._connections.discard(client)
            _end(client, reset)

    def _draw(self) -> Fate:
        with self._lock:
            rng = self._rng
            self.stats.requests += 1
            kind = rng.choices(list(self.weights), weights=list(self.weights.values()))[0]
            match kind:
                case "delay":
                    return Fate(kind, delay_s=rng.uniform(0.02, self.max_delay_s))
                case "truncate":
                    return Fate(kind, cut=rng.random())
                case "error":
                    return Fate(kind, status=rng.choice((500, 502, 503)), forward_first=rng.random() < 0.5)
                case "slow_body":
                    return Fate(kind, chunk=rng.randint(8, 64), pause_s=rng.uniform(0.001, 0.005))
                case "drop_before" | "drop_after":
                    return Fate(kind, reset=rng.random() < 0.5)
                case _:
                    return Fate(kind)

    def _handle(
        self, client: socket.socket, fate: Fate, method: str, target: str, headers: list[tuple[str, str]], body: bytes
    ) -> bool:
        """Serve one request as its fate says; False when the connection must end.

        A fault is counted in ``stats.injected`` once it has been done, not when it was drawn.
        """
        if fate.kind == "drop_before":
            self._injected(fate.kind)
            return False
        if fate.kind == "error" and not fate.forward_first:
            client.sendall(_error_answer(fate.status))
            self._injected(fate.kind, fate.status)
            return False
        if fate.kind == "delay":
            time.sleep(fate.delay_s)
        status, answer = self._forward(method, target, headers, body)
        delivered_whole = False
        try:
            match fate.kind:
                case "drop_after":
                    self._injected(fate.kind)
                    return False
                case "error":
                    client.sendall(_error_answer(fate.status))
                    self._injected(fate.kind, fate.status)
                    return False
                case "truncate":
                    client.sendall(answer[: max(1, min(len(answer) - 1, int(len(answer) * fate.cut)))])
                    self._injected(fate.kind)
                    return False
                case "slow_body":
                    for start in range(0, len(answer), fate.chunk):
                        client.sendall(answer[start : start + fate.chunk])
                        time.sleep(fate.pause_s)
                case _:
                    client.sendall(answer)
            delivered_whole = True
            self._injected(fate.kind)
            return True
        finally:
            if not delivered_whole and 200 <= status < 300:
                with self._lock:
                    self.stats.lost_answers += 1

    def _injected(self, kind: str, status: int = 0) -> None:
        with self._lock:
            self.stats.injected[kind] += 1
            if status:
                self.stats.errors[status] += 1

    def _forward(self, method: str, target: str, headers: list[tuple[str, str]], body: bytes) -> tuple[int, bytes]:
        """Send the request to the platform on a connection of its own; its answer, serialised for the kiosk."""
        upstream = http.client.HTTPConnection(*self.upstream, timeout=SOCKET_TIMEOUT_S)
        try:
            upstream.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
            for name, value in headers:
                if name.lower() not in HOP_BY_HOP:
                    upstream.putheader(name, value)
            upstream.putheader("Connection", "close")
            upstream.endheaders(body)
            response = upstream.getresponse()
            content = response.read()
            status = response.status
            kept = [(k, v) for k, v in response.getheaders() if k.lower() not in HOP_BY_HOP | {"content-length"}]
        finally:
            upstream.close()
        with self._lock:
            self.stats.upstream[status] += 1
        head = [f"HTTP/1.1 {status} {response.reason}", *(f"{k}: {v}" for k, v in kept),
                f"Content-Length: {len(content)}", "Connection: keep-alive"]
        return status, ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + content


def _read_request(client: socket.socket, buffer: bytearray) -> tuple[str, str, list[tuple[str, str]], bytes]:
    """One HTTP/1.1 request with a Content-Length body (all a kiosk sends). _Closed at a clean end."""
    while b"\r\n\r\n" not in buffer:
        if len(buffer) > MAX_HEAD_BYTES:
            raise ValueError("request head too long")
        chunk = client.recv(65536)
        if not chunk:
            raise _Closed
        buffer += chunk
    end = buffer.index(b"\r\n\r\n")
    lines = bytes(buffer[:end]).decode("latin-1").split("\r\n")
    del buffer[: end + 4]
    method, target, _version = lines[0].split(" ", 2)
    headers = [(name.strip(), value.strip()) for name, value in (line.split(":", 1) for line in lines[1:] if line)]
    if any(name.lower() == "transfer-encoding" for name, _ in headers):
        raise ValueError("chunked requests are not supported")
    length = int(next((value for name, value in headers if name.lower() == "content-length"), "0"))
    if not 0 <= length <= MAX_BODY_BYTES:
        raise ValueError("bad Content-Length")
    while len(buffer) < length:
        chunk = client.recv(65536)
        if not chunk:
            raise _Closed
        buffer += chunk
    body = bytes(buffer[:length])
    del buffer[:length]
    return method, target, headers, body


def _error_answer(status: int) -> bytes:
    body = json.dumps({"error": "injected", "status": status}).encode()
    reason = http.client.responses.get(status, "Error")
    head = f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    return (head + "Connection: close\r\n\r\n").encode("latin-1") + body


def _end(connection: socket.socket, reset: bool) -> None:
    """Close: with a reset (SO_LINGER 0) as a dead link or process would, or with a FIN after what was sent."""
    with contextlib.suppress(OSError):
        if reset:
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        else:
            connection.shutdown(socket.SHUT_WR)
    with contextlib.suppress(OSError):
        connection.close()
