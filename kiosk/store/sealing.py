"""AES-GCM sealing of personal payloads at rest. The key file is kept apart from the database."""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_NONCE = 12


class SealError(ValueError):
    """A payload that does not open with this key: tampered with, or sealed by another key."""


class Sealer:
    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)
        self._citizen_secret = hmac.new(key, b"citizen keys", hashlib.sha256).digest()

    @classmethod
    def from_key_file(cls, path: Path) -> Sealer:
        """Load the key, creating it (mode 0600, in a 0700 directory) on first use."""
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            key = AESGCM.generate_key(bit_length=256)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(key)
                f.flush()
                os.fsync(f.fileno())
        key = path.read_bytes()
        if len(key) != 32:
            raise SealError(f"{path}: not a 256-bit key")
        return cls(key)

    def citizen_key(self, id_number: str) -> str:
        return hmac.new(self._citizen_secret, id_number.strip().upper().encode(), hashlib.sha256).hexdigest()

    def seal(self, plaintext: bytes, context: bytes) -> bytes:
        """Encrypt, binding the ciphertext to ``context`` (the application uuid) so rows cannot be swapped."""
        nonce = os.urandom(_NONCE)
        return nonce + self._aead.encrypt(nonce, plaintext, context)

    def open(self, sealed: bytes, context: bytes) -> bytes:
        try:
            return self._aead.decrypt(sealed[:_NONCE], sealed[_NONCE:], context)
        except InvalidTag:
            raise SealError("payload does not open with this key") from None
