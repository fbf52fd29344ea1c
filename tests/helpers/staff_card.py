"""A virtual hall staff card, as a handler for tests/helpers/vcard.py.

Written from the card's side, independently of devices/cards/staffcard.py: an application with its
own AID that holds a staff number and an Ed25519 private key and signs whatever challenge it is
given. ``pull_at_signature`` takes the card out as the signature is asked for; ``wrong_signature``
signs something other than the challenge (a broken or forged card).
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tests.helpers.vcard import Pulled

# A T=0 contact card: TB1 and TC1 present, no TD1, 12 historical bytes.
ATR = bytes.fromhex("3B6C0000") + b"HNSTAFFCARD1"
AID = bytes.fromhex("F0484E535441464601")
OK = b"\x90\x00"
FILE_NOT_FOUND = b"\x6a\x82"
WRONG_LENGTH = b"\x67\x00"
DATA_NOT_FOUND = b"\x6a\x88"
INS_NOT_SUPPORTED = b"\x6d\x00"


class StaffCardApplet:
    def __init__(
        self,
        number: str = "S0012",
        key: Ed25519PrivateKey | None = None,
        *,
        pull_at_signature: bool = False,
        wrong_signature: bool = False,
    ) -> None:
        self.number = number.encode("ascii")
        self.key = key or Ed25519PrivateKey.generate()
        self.pull_at_signature = pull_at_signature
        self.wrong_signature = wrong_signature
        self.challenges: list[bytes] = []  # every challenge signed, in order
        self._selected = False

    @property
    def public_key(self) -> bytes:
        return self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    def __call__(self, apdu: bytes) -> bytes:
        _cla, ins, p1, p2 = apdu[:4]
        body = apdu[5 : 5 + apdu[4]] if len(apdu) > 5 else b""
        if ins == 0xA4 and p1 == 0x04:
            self._selected = body == AID
            return OK if self._selected else FILE_NOT_FOUND
        if not self._selected:
            return INS_NOT_SUPPORTED
        if ins == 0xCA:
            data = {0xDF01: self.number, 0xDF02: self.public_key}.get(p1 << 8 | p2)
            return DATA_NOT_FOUND if data is None else data + OK
        if ins == 0x88:
            return self._sign(body)
        return INS_NOT_SUPPORTED

    def _sign(self, challenge: bytes) -> bytes:
        if not challenge:
            return WRONG_LENGTH
        if self.pull_at_signature:
            raise Pulled
        self.challenges.append(challenge)
        signed = challenge + b"-tampered" if self.wrong_signature else challenge
        return self.key.sign(signed) + OK
