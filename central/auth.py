"""Terminal enrolment and signed requests.

A technician adds a terminal (`kiosk-central terminal add ID`) and types the one-time code it
prints into the kiosk (`kiosk enrol --code …`). The kiosk makes an Ed25519 key pair and sends
the public key with the code; from then on it signs every request:

    X-Kiosk-Terminal:  the terminal id
    X-Kiosk-Timestamp: Unix seconds
    X-Kiosk-Signature: base64 Ed25519 signature of
                       METHOD \\n PATH?QUERY \\n sha256(body) hex \\n TIMESTAMP \\n TERMINAL

A request more than ``WINDOW_S`` away from the platform's clock is refused, so a captured
request cannot be replayed later; within the window, replays are harmless because every
write is idempotent. docs/sync-protocol.md argues this against mutual TLS.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi import HTTPException, Request
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from central.records import Setting, Terminal
from kiosk.sync.signing import signed_message

log = logging.getLogger("central.auth")

WINDOW_S = 120
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
CODE_VALID = dt.timedelta(days=3)
CITIZEN_SECRET = "citizen_secret"
HEADER_TERMINAL, HEADER_TIMESTAMP, HEADER_SIGNATURE = "X-Kiosk-Terminal", "X-Kiosk-Timestamp", "X-Kiosk-Signature"


def citizen_secret(session: Session) -> bytes:
    """The secret behind citizen keys, made on first use. Terminals receive it when they enrol."""
    setting = session.get(Setting, CITIZEN_SECRET)
    if setting is None:
        setting = Setting(key=CITIZEN_SECRET, value=base64.b64encode(secrets.token_bytes(32)).decode())
        session.add(setting)
        session.flush()
    return base64.b64decode(setting.value)


class Refused(HTTPException):
    def __init__(self, status: int, error: str, detail: str) -> None:
        super().__init__(status, detail=detail, headers={"X-Kiosk-Error": error})
        self.error = error


@dataclass(eq=False)  # hashable: FastAPI caches dependencies by them
class Terminals:
    engine: Engine
    clock: Callable[[], dt.datetime]

    def __post_init__(self) -> None:
        self._session = sessionmaker(self.engine, expire_on_commit=False)
        self._keys: dict[str, Ed25519PublicKey] = {}

    def add(self, terminal_id: str, hall: str) -> str:
        """Register a terminal (or renew its code) and return the one-time enrolment code."""
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        with self._session.begin() as s:
            terminal = s.get(Terminal, terminal_id) or Terminal(id=terminal_id, hall=hall, health={}, config={})
            terminal.hall = hall or terminal.hall
            terminal.enrol_code_sha256 = hashlib.sha256(code.encode()).hexdigest()
            terminal.enrol_expires_at = self.clock() + CODE_VALID
            terminal.public_key = None  # a new code revokes the old key
            terminal.disabled = False
            s.add(terminal)
        self._keys.pop(terminal_id, None)
        return code

    def enrol(self, terminal_id: str, code: str, public_key: bytes) -> bytes:
        """Bind the public key to the terminal if the code is right; returns the citizen secret."""
        digest = hashlib.sha256(code.strip().upper().encode()).hexdigest()
        with self._session.begin() as s:
            terminal = s.get(Terminal, terminal_id)
            expected = terminal.enrol_code_sha256 if terminal else None
            if terminal is None or expected is None or not hmac.compare_digest(expected, digest):
                raise Refused(403, "bad_code", "unknown terminal or wrong enrolment code")
            if terminal.enrol_expires_at is None or terminal.enrol_expires_at < self.clock():
                raise Refused(403, "code_expired", "the enrolment code has expired: ask for a new one")
            try:
                Ed25519PublicKey.from_public_bytes(public_key)
            except ValueError:
                raise Refused(422, "bad_key", "not a raw 32-byte Ed25519 public key") from None
            terminal.public_key = public_key
            terminal.enrol_code_sha256 = None
            terminal.enrol_expires_at = None
            terminal.enrolled_at = self.clock()
            secret = citizen_secret(s)
        self._keys.pop(terminal_id, None)
        log.info("terminal %s enrolled", terminal_id)
        return secret

    def disable(self, terminal_id: str) -> bool:
        with self._session.begin() as s:
            terminal = s.get(Terminal, terminal_id)
            if terminal is None:
                return False
            terminal.disabled = True
        self._keys.pop(terminal_id, None)
        return True

    def _key(self, terminal_id: str) -> Ed25519PublicKey | None:
        key = self._keys.get(terminal_id)
        if key is None:
            with self._session() as s:
                terminal = s.get(Terminal, terminal_id)
                if terminal is None or terminal.disabled or terminal.public_key is None:
                    return None
                key = Ed25519PublicKey.from_public_bytes(terminal.public_key)
            self._keys[terminal_id] = key
        return key

    def verify(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> str:
        """The terminal that signed this request; Refused (401) if none did, or not recently."""
        terminal_id = headers.get(HEADER_TERMINAL.lower(), "")
        timestamp = headers.get(HEADER_TIMESTAMP.lower(), "")
        signature = headers.get(HEADER_SIGNATURE.lower(), "")
        if not (terminal_id and timestamp and signature):
            raise Refused(401, "unsigned", "sign requests with the terminal's key (see `kiosk enrol`)")
        try:
            sent = float(timestamp)
        except ValueError:
            raise Refused(401, "bad_timestamp", "the timestamp is not a number") from None
        if abs(self.clock().timestamp() - sent) > WINDOW_S:
            raise Refused(401, "stale", f"the request's time is more than {WINDOW_S} s from the platform's")
        key = self._key(terminal_id)
        if key is None:
            raise Refused(401, "unknown_terminal", "this terminal is not enrolled, or was disabled")
        try:
            key.verify(base64.b64decode(signature, validate=True),
                       signed_message(method, path, body, timestamp, terminal_id))
        except (InvalidSignature, binascii.Error, ValueError):
            raise Refused(401, "bad_signature", "the signature does not match this request") from None
        return terminal_id

    async def __call__(self, request: Request) -> str:
        """A FastAPI dependency: the authenticated terminal's id."""
        # The path as sent, percent-encoded, which is what the terminal signed: the decoded one differs for
        # any path with a space or a Chinese character, and those requests were refused as badly signed.
        raw_path = request.scope.get("raw_path")
        sent = raw_path.decode("latin-1") if isinstance(raw_path, bytes) else request.url.path
        path = sent + (f"?{request.url.query}" if request.url.query else "")
        body = await request.body()
        headers = {k.lower(): v for k, v in request.headers.items()}
        if headers.get(HEADER_TERMINAL.lower(), "") in self._keys:
            # Its key is known: checking the signature takes microseconds, less than a hop to a worker thread.
            return self.verify(request.method, path, body, headers)
        # In a worker thread: the first request of a terminal reads its key from the database,
        # which must not hold up the event loop and every other request with it.
        return await run_in_threadpool(self.verify, request.method, path, body, headers)
