"""The hall staff card: a contact card whose application proves an Ed25519 key by signing a fresh challenge.

The card's number alone proves nothing; kiosk/staff/directory.py checks the proof against the
platform-signed staff list. APDUs (short, CLA 00):

- SELECT by AID: ``00 A4 04 00 09 F0484E5354414646 01`` ("HNSTAFF" 01, proprietary range) → 9000.
  Any other answer: not a staff card, and the next profile tries.
- GET DATA staff number: ``00 CA DF 01 00`` → the number in ASCII (``S0012``) 9000. A card that
  answers 9000 to every SELECT but not this is not a staff card either.
- GET DATA public key: ``00 CA DF 02 00`` → the raw Ed25519 public key, 32 bytes, 9000.
- INTERNAL AUTHENTICATE: ``00 88 00 00 Lc <challenge> 00`` → the 64-byte Ed25519 signature of the
  challenge, 9000. The challenge is ``b"hunan-kiosk-staff/" + UTC time as 2026-12-03T17:44:19Z +
  b"/" + uuid4 hex``, made for each read, so a recorded answer cannot be replayed.

After a successful SELECT every other failure is a result: a malformed answer is UNREADABLE, a
card pulled mid-read REMOVED (apdu.CardGone, which the session turns into a result). The profile
does not check the signature, not even under the key the card gave: kiosk/staff/directory.py is the
one place that does, so a broken or forged card gets the same "this staff card is not accepted" as a
revoked one. ``signature_verifies`` is for that check and for ``kiosk card read``.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from devices.cards.apdu import Channel, Response, command
from devices.cards.base import ReadResult, ReadStatus
from kiosk.mrz import MrzKey
from kiosk.reading import StaffCardProof

STAFF_AID = bytes.fromhex("F0484E535441464601")
TAG_NUMBER = 0xDF01
TAG_KEY = 0xDF02
INS_GET_DATA = 0xCA
INS_INTERNAL_AUTHENTICATE = 0x88
CHALLENGE_PREFIX = b"hunan-kiosk-staff/"
KEY_BYTES = 32
SIGNATURE_BYTES = 64
_STAFF_NUMBER = re.compile(rb"[A-Z][0-9]{4,8}")  # kiosk.sync.wire.StaffNumber


class _Malformed(Exception):
    """The staff application answered something no staff card would."""


def make_challenge() -> bytes:
    """A fresh challenge: the prefix, the UTC time to the second, and a random uuid4."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return CHALLENGE_PREFIX + now.encode() + b"/" + uuid.uuid4().hex.encode()


def signature_verifies(key: bytes, challenge: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is the Ed25519 signature of ``challenge`` under the raw public ``key``."""
    try:
        Ed25519PublicKey.from_public_bytes(key).verify(signature, challenge)
    except (InvalidSignature, ValueError):
        return False
    return True


def _get_data(channel: Channel, tag: int) -> Response:
    return channel.transmit(command(0x00, INS_GET_DATA, tag >> 8, tag & 0xFF, le=256))


def _proof(channel: Channel, number: bytes) -> StaffCardProof:
    if not _STAFF_NUMBER.fullmatch(number):
        raise _Malformed(f"the staff number is not a letter and 4 to 8 digits ({len(number)} bytes)")
    answer = _get_data(channel, TAG_KEY)
    if not answer.ok:
        raise _Malformed(f"GET DATA {TAG_KEY:04X} answered {answer.sw:04X}")
    key = answer.data
    if len(key) != KEY_BYTES:
        raise _Malformed(f"the public key is {len(key)} bytes, not {KEY_BYTES}")
    challenge = make_challenge()
    response = channel.transmit(command(0x00, INS_INTERNAL_AUTHENTICATE, 0x00, 0x00, challenge, le=256))
    if not response.ok:
        raise _Malformed(f"INTERNAL AUTHENTICATE answered {response.sw:04X}")
    if len(response.data) != SIGNATURE_BYTES:
        raise _Malformed(f"the signature is {len(response.data)} bytes, not {SIGNATURE_BYTES}")
    return StaffCardProof(number.decode("ascii"), key, challenge, response.data)


def staff_card_profile(channel: Channel, atr: bytes, mrz: MrzKey | None) -> ReadResult | None:
    """Read a staff card's signed challenge; None when the card has no staff application."""
    if not channel.transmit(command(0x00, 0xA4, 0x04, 0x00, STAFF_AID)).ok:
        return None
    number = _get_data(channel, TAG_NUMBER)
    if not number.ok:
        return None  # a card that accepts any SELECT: not ours
    try:
        proof = _proof(channel, number.data)
    except _Malformed as exc:
        return ReadResult(ReadStatus.UNREADABLE, detail=f"staff card: {exc}")
    return ReadResult(ReadStatus.STAFF_CARD, staff=proof)
