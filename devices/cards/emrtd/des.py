"""ISO 9797-1 padding, 2-key 3DES and the retail MAC: the primitives BAC and secure messaging share."""

from __future__ import annotations

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, modes

BLOCK = 8
_ZERO_IV = bytes(BLOCK)


def pad(data: bytes) -> bytes:
    """ISO 9797-1 padding method 2: 80 then zeros up to a whole block (always at least one byte)."""
    padded = data + b"\x80"
    return padded + bytes(-len(padded) % BLOCK)


def unpad(data: bytes) -> bytes:
    """Undo ``pad``; ValueError if the padding is not there."""
    stripped = data.rstrip(b"\x00")
    if not data or len(data) % BLOCK or not stripped.endswith(b"\x80") or len(data) - len(stripped) >= BLOCK:
        raise ValueError("bad ISO 9797-1 method 2 padding")
    return stripped[:-1]


def _blocks(data: bytes) -> bytes:
    if len(data) % BLOCK:
        raise ValueError("3DES works on whole 8-byte blocks")
    return data


def _two_key(key: bytes) -> TripleDES:
    # K1 ‖ K2 ‖ K1: cryptography deprecates 16-byte keys, which mean the same thing.
    if len(key) != 16:
        raise ValueError("2-key 3DES needs a 16-byte key")
    return TripleDES(key + key[:8])


def des3_cbc_encrypt(key: bytes, data: bytes) -> bytes:
    """2-key 3DES in CBC mode with a zero IV (``key`` is 16 bytes, ``data`` whole blocks)."""
    encryptor = Cipher(_two_key(key), modes.CBC(_ZERO_IV)).encryptor()
    return encryptor.update(_blocks(data)) + encryptor.finalize()


def des3_cbc_decrypt(key: bytes, data: bytes) -> bytes:
    decryptor = Cipher(_two_key(key), modes.CBC(_ZERO_IV)).decryptor()
    return decryptor.update(_blocks(data)) + decryptor.finalize()


def _des_ecb(key8: bytes, block: bytes, *, decrypt: bool = False) -> bytes:
    # Single DES as 3DES with K1 = K2 = K3: an 8-byte key would raise a deprecation warning.
    cipher = Cipher(TripleDES(key8 * 3), modes.ECB())
    context = cipher.decryptor() if decrypt else cipher.encryptor()
    return context.update(block) + context.finalize()


def retail_mac(key: bytes, data: bytes) -> bytes:
    """ISO 9797-1 MAC algorithm 3 (single-DES CBC, then decrypt with K2 and encrypt with K1), padding method 2."""
    k1, k2 = key[:8], key[8:16]
    encryptor = Cipher(TripleDES(k1 * 3), modes.CBC(_ZERO_IV)).encryptor()
    chained = (encryptor.update(pad(data)) + encryptor.finalize())[-BLOCK:]
    return _des_ecb(k1, _des_ecb(k2, chained, decrypt=True))
