"""ICAO Doc 9303 Part 11 Basic Access Control: keys from the MRZ, and the handshake.

The handshake is split into pure functions (``mutual_auth_data``, ``session_from_response``) so the
Doc 9303 worked example can be checked without a card.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass

from devices.cards.apdu import CardProtocolError, Channel, Response, command
from devices.cards.emrtd.des import des3_cbc_decrypt, des3_cbc_encrypt, retail_mac
from devices.cards.emrtd.secure_messaging import SecureChannel
from kiosk.mrz import MrzKey

ENC_COUNTER = 1
MAC_COUNTER = 2

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
