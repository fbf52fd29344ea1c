"""ICAO Doc 9303 Part 11 Basic Access Control: keys from the MRZ, the 3DES primitives, and the handshake.

The handshake is split into pure functions (``mutual_auth_data``, ``session_from_response``) so the
Doc 9303 worked example can be checked without a card.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, modes

from devices.cards.apdu import CardProtocolError, Channel, Response, command
from kiosk.mrz import MrzKey

if TYPE_CHECKING:
    from devices.cards.emrtd.secure_messaging import SecureChannel

BLOCK = 8
ENC_COUNTER = 1
MAC_COUNTER = 2
_ZERO_IV = bytes(BLOCK)

# What the chip answers GET CHALLENGE / MUTUAL AUTHENTICATE with when the MRZ data is wrong.
DENIED_SW = frozenset({0x6300, 0x6982, 0x6985, 0x6988, 0x6A80, 0x6A86, 0x6A88})

EMRTD_AID = bytes.fromhex("A0000002471001")
SELECT_EMRTD_AID = command(0x00, 0xA4, 0x04, 0x0C, EMRTD_AID)
GET_CHALLENGE = command(0x00, 0x84, 0x00, 0x00, le=8)


class AccessDenied(Exception):
    """The MRZ data did not open the chip."""


# -- keys -----------------------------------------------------------------------------------


def adjust_parity(key: bytes) -> bytes:
    """Set each byte's low bit so that the byte has odd parity, as DES keys should."""
    return bytes((b & 0xFE) | ((b >> 1).bit_count() + 1) % 2 for b in key)


def derive_key(seed: bytes, counter: int) -> bytes:
    """A 2-key 3DES key from a 16-byte seed (Doc 9303 Part 11, 9.7.1): counter 1 for ENC, 2 for MAC."""
    return adjust_parity(hashlib.sha1(seed + counter.to_bytes(4, "big")).digest()[:16])


def key_seed(key: MrzKey) -> bytes:
    """Kseed: the first 16 bytes of SHA-1 over the MRZ information."""
    return hashlib.sha1(key.seed_text().encode("ascii")).digest()[:16]


def bac_keys(key: MrzKey) -> tuple[bytes, bytes]:
    """The document basic access keys (Kenc, Kmac)."""
    seed = key_seed(key)
    return derive_key(seed, ENC_COUNTER), derive_key(seed, MAC_COUNTER)


# -- ISO 9797-1 padding, 3DES and the retail MAC --------------------------------------------


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


# -- the handshake --------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionKeys:
    ks_enc: bytes
    ks_mac: bytes
    ssc: bytes

    def __repr__(self) -> str:
        return "SessionKeys(***)"


def mutual_auth_data(kenc: bytes, kmac: bytes, rnd_ic: bytes, rnd_ifd: bytes, k_ifd: bytes) -> bytes:
    """E_IFD ‖ M_IFD, the data of MUTUAL AUTHENTICATE."""
    encrypted = des3_cbc_encrypt(kenc, rnd_ifd + rnd_ic + k_ifd)
    return encrypted + retail_mac(kmac, encrypted)


def session_from_response(
    kenc: bytes, kmac: bytes, response: bytes, rnd_ic: bytes, rnd_ifd: bytes, k_ifd: bytes
) -> SessionKeys:
    """Check the chip's E_IC ‖ M_IC and derive the session keys and the send sequence counter."""
    if len(response) != 40:
        raise CardProtocolError(f"MUTUAL AUTHENTICATE answered {len(response)} bytes, not 40")
    encrypted, mac = response[:32], response[32:]
    if not hmac.compare_digest(retail_mac(kmac, encrypted), mac):
        raise AccessDenied("the chip's answer to MUTUAL AUTHENTICATE failed its MAC check")
    plain = des3_cbc_decrypt(kenc, encrypted)
    if not (hmac.compare_digest(plain[:8], rnd_ic) and hmac.compare_digest(plain[8:16], rnd_ifd)):
        raise AccessDenied("the chip's answer to MUTUAL AUTHENTICATE has the wrong challenges")
    seed = bytes(a ^ b for a, b in zip(k_ifd, plain[16:32], strict=True))
    return SessionKeys(
        ks_enc=derive_key(seed, ENC_COUNTER),
        ks_mac=derive_key(seed, MAC_COUNTER),
        ssc=rnd_ic[-4:] + rnd_ifd[-4:],
    )


def select_application(channel: Channel) -> bool:
    """Select the LDS1 eMRTD application; False if the card has none."""
    return channel.transmit(SELECT_EMRTD_AID).ok


def authenticate(channel: Channel, key: MrzKey, random: Callable[[int], bytes] = os.urandom) -> SecureChannel:
    """Run BAC on a card whose eMRTD application is selected; the result reads it under secure messaging.

    Raises AccessDenied if the MRZ data is not the chip's, CardProtocolError for a nonsensical answer.
    """
    # Imported here because secure_messaging builds on this module's primitives.
    from devices.cards.emrtd.secure_messaging import SecureChannel

    kenc, kmac = bac_keys(key)
    challenge = _checked(channel.transmit(GET_CHALLENGE), "GET CHALLENGE")
    if len(challenge) != 8:
        raise CardProtocolError(f"GET CHALLENGE answered {len(challenge)} bytes, not 8")
    rnd_ifd, k_ifd = random(8), random(16)
    if len(rnd_ifd) != 8 or len(k_ifd) != 16:
        raise ValueError("the random source gave the wrong number of bytes")
    data = mutual_auth_data(kenc, kmac, challenge, rnd_ifd, k_ifd)
    answer = _checked(channel.transmit(command(0x00, 0x82, 0x00, 0x00, data, le=40)), "MUTUAL AUTHENTICATE")
    session = session_from_response(kenc, kmac, answer, challenge, rnd_ifd, k_ifd)
    return SecureChannel(channel, session.ks_enc, session.ks_mac, session.ssc)


def _checked(response: Response, what: str) -> bytes:
    if response.sw in DENIED_SW:
        raise AccessDenied(f"{what} refused: SW {response.sw:04X}")
    if not response.ok:
        raise CardProtocolError(f"{what} failed: SW {response.sw:04X}")
    return response.data
