"""This terminal's identity on the platform: an Ed25519 key, made at enrolment, that signs every request.

The signed bytes are METHOD, PATH?QUERY, sha256(body), timestamp and terminal id, one per line
(``signed_message``; the platform verifies with the same function).
The key and the citizen-key secret live in the state directory's ``keys/``, mode 0600, with the platform's
public key that signs the staff list (kiosk/staff/directory.py), when the platform handed one out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

if TYPE_CHECKING:
    import requests

KEY_FILE, IDENTITY_FILE, PLATFORM_KEY_FILE = "terminal.key", "terminal.json", "platform.pub"
HEADER_TERMINAL, HEADER_TIMESTAMP, HEADER_SIGNATURE = "X-Kiosk-Terminal", "X-Kiosk-Timestamp", "X-Kiosk-Signature"


class EnrolError(RuntimeError):
    """Enrolment failed: one line for the technician."""


def signed_message(method: str, path: str, body: bytes, timestamp: str, terminal: str) -> bytes:
    """What a terminal signs and the platform verifies (central/auth.py uses this very function)."""
    return "\n".join((method.upper(), path, hashlib.sha256(body).hexdigest(), timestamp, terminal)).encode()


def citizen_key(secret: bytes, id_number: str) -> str:
    """A citizen's key: HMAC-SHA256 of the resident ID number. Lookups never carry the number itself."""
    return hmac.new(secret, id_number.strip().upper().encode(), hashlib.sha256).hexdigest()


def write_private(path: Path, data: bytes) -> None:
    """Write a file only this user may read, atomically: a power cut leaves the old one or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    tmp.replace(path)


@dataclass(frozen=True)
class Credentials:
    terminal_id: str
    key: Ed25519PrivateKey
    citizen_secret: bytes
    platform_key: bytes | None = None  # raw Ed25519 public key of the staff list's signer; None from older platforms

    def headers(self, method: str, path: str, body: bytes, now: float | None = None) -> dict[str, str]:
        timestamp = str(int(now if now is not None else time.time()))
        signature = self.key.sign(signed_message(method, path, body, timestamp, self.terminal_id))
        return {
            HEADER_TERMINAL: self.terminal_id,
            HEADER_TIMESTAMP: timestamp,
            HEADER_SIGNATURE: base64.b64encode(signature).decode(),
        }

    def citizen_key(self, id_number: str) -> str:
        """What the platform knows a citizen by: an HMAC of the ID number, never the number itself."""
        return citizen_key(self.citizen_secret, id_number)

    def save(self, keys_dir: Path) -> None:
        raw = self.key.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
        write_private(keys_dir / KEY_FILE, raw)
        identity = {"terminal_id": self.terminal_id, "citizen_secret": base64.b64encode(self.citizen_secret).decode()}
        write_private(keys_dir / IDENTITY_FILE, json.dumps(identity).encode())
        if self.platform_key is not None:
            write_private(keys_dir / PLATFORM_KEY_FILE, self.platform_key)

    @classmethod
    def load(cls, keys_dir: Path) -> Credentials | None:
        """The saved credentials, or None if this terminal has not enrolled (or they are unreadable)."""
        try:
            raw = (keys_dir / KEY_FILE).read_bytes()
            identity = json.loads((keys_dir / IDENTITY_FILE).read_text(encoding="utf-8"))
            credentials = cls(
                identity["terminal_id"],
                Ed25519PrivateKey.from_private_bytes(raw),
                base64.b64decode(identity["citizen_secret"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None
        try:  # saved by a kiosk enrolled before the platform signed staff lists: none
            platform_key = (keys_dir / PLATFORM_KEY_FILE).read_bytes()
        except OSError:
            return credentials
        return replace(credentials, platform_key=platform_key if len(platform_key) == 32 else None)


def sign_requests(session: requests.Session, credentials: Credentials) -> None:
    """Sign every request the session sends from now on."""
    import requests.auth

    class _Signed(requests.auth.AuthBase):
        def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
            body = request.body or b""
            data = body.encode() if isinstance(body, str) else body
            request.headers.update(credentials.headers(request.method or "GET", request.path_url, data))
            return request

    session.auth = _Signed()


def enrol(base_url: str, terminal_id: str, code: str, keys_dir: Path, timeout_s: float = 10.0) -> Credentials:
    """Make a key pair, present it with the one-time code, and save what the platform answers."""
    import requests

    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    body = {"terminal_id": terminal_id, "code": code, "public_key": base64.b64encode(public).decode()}
    try:
        response = requests.post(f"{base_url.rstrip('/')}/v1/terminals/enrol", json=body, timeout=timeout_s)
    except requests.RequestException as exc:
        raise EnrolError(f"cannot reach the platform at {base_url}: {type(exc).__name__}") from None
    if response.status_code != 200:
        try:
            reason = str(response.json().get("detail") or response.json().get("error"))
        except ValueError:
            reason = f"HTTP {response.status_code}"
        raise EnrolError(f"the platform refused the enrolment: {reason}")
    try:
        answer = response.json()
        secret = base64.b64decode(answer["citizen_secret"])
        platform_key = base64.b64decode(answer["platform_key"], validate=True) if "platform_key" in answer else None
    except (ValueError, KeyError, TypeError):
        raise EnrolError("the platform's answer to the enrolment is not understood") from None
    if platform_key is not None and len(platform_key) != 32:
        raise EnrolError("the platform's staff list key is not an Ed25519 public key")
    credentials = Credentials(terminal_id, key, secret, platform_key)
    credentials.save(keys_dir)
    return credentials
