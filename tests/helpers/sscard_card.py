"""A virtual social security card: the SSSE application, as a handler for tests/helpers/vcard.py.

Written from the card's side, independently of devices/cards/sscard.py: it encodes what the
reader decodes. ``t0_style`` answers the way T=0 cards do (6Cxx for a wrong Le, then 61xx and
GET RESPONSE), so the reader's handling of both is exercised.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from tests.helpers.people import BIRTH_DATE, ID_NUMBER, NAME

# A T=0 contact card: TB1 and TC1 present, no TD1, 12 historical bytes.
ATR = bytes.fromhex("3B6C0000") + b"HNSSCARD0301"
AID = bytes.fromhex("7378312E73682EC9E7BBE1B1A3D5CF")
OK = b"\x90\x00"
FILE_NOT_FOUND = b"\x6a\x82"
RECORD_NOT_FOUND = b"\x6a\x83"
SECURITY_NOT_SATISFIED = b"\x69\x82"
INS_NOT_SUPPORTED = b"\x6d\x00"


@dataclass(frozen=True)
class SscardHolder:
    id_number: str = ID_NUMBER
    name: str = NAME
    sex_code: str = "2"  # GB/T 2261
    nation_code: int = 1  # GB/T 3304: 汉族; the card holds it as BCD
    card_number: str = "A12345678"
    region: str = "430100"  # 长沙市
    issued: dt.date = dt.date(2019, 6, 1)
    expires: dt.date = dt.date(2029, 6, 1)
    binary_code: bool = False  # record 01 as issued cards hold it: 16 bytes, printed as 32 hex digits
    birth_place: str | None = None  # record 0C, a division code; None: the card has no such record
    birth_date: dt.date | None = None  # record 0D; None: the card has no such record


# A card as issued today, from Yueyang: a binary identification code, and the birth place and date.
ISSUED_CARD = SscardHolder(region="430600", binary_code=True, birth_place="430102", birth_date=BIRTH_DATE)


def _bcd(day: dt.date) -> bytes:
    return bytes.fromhex(day.strftime("%Y%m%d"))


def _identification_code(h: SscardHolder) -> bytes:
    """The issuing region, D156 (China), then the rest of the code: binary, or 16 ASCII characters."""
    if h.binary_code:
        return bytes.fromhex(h.region + "D156000005" + "01E7A8B82A5B9B3C")
    return (h.region + "D156000000").encode()


class SscardApplet:
    def __init__(
        self,
        holder: SscardHolder | None = None,
        *,
        t0_style: bool = False,
        holder_needs_pin: bool = False,
        no_select_ef06: bool = False,
        before_command: Callable[[bytes], None] | None = None,
    ) -> None:
        h = holder or SscardHolder()
        self.files: dict[int, dict[int, bytes]] = {
            0xEF05: {
                0x01: _identification_code(h),
                0x05: _bcd(h.issued),
                0x06: _bcd(h.expires),
                0x07: h.card_number.encode(),
            },
            0xEF06: {
                0x08: h.id_number.encode(),
                0x09: h.name.encode("gbk").ljust(30, b"\x00"),
                0x0A: h.sex_code.encode(),
                0x0B: bytes.fromhex(f"{h.nation_code:02d}"),
            },
        }
        if h.birth_place is not None:
            self.files[0xEF06][0x0C] = bytes.fromhex(h.birth_place)
        if h.birth_date is not None:
            self.files[0xEF06][0x0D] = _bcd(h.birth_date)
        self.t0_style = t0_style
        self.holder_needs_pin = holder_needs_pin
        self.no_select_ef06 = no_select_ef06
        self.before_command = before_command
        self.commands = 0
        self._selected_app = False
        self._current: int | None = None
        self._pending = b""  # T=0: data waiting for GET RESPONSE

    def __call__(self, apdu: bytes) -> bytes:
        self.commands += 1
        if self.before_command is not None:
            self.before_command(apdu)
        _cla, ins, p1, p2 = apdu[:4]
        body = apdu[5 : 5 + apdu[4]] if len(apdu) > 5 else b""
        if ins == 0xA4 and p1 == 0x04:
            self._selected_app = body == AID
            self._current = None
            return OK if self._selected_app else FILE_NOT_FOUND
        if not self._selected_app:
            return INS_NOT_SUPPORTED
        if ins == 0xA4 and p1 == 0x02:
            fid = int.from_bytes(body, "big")
            if fid not in self.files or (fid == 0xEF06 and self.no_select_ef06):
                return FILE_NOT_FOUND
            self._current = fid
            return OK
        if ins == 0xB2:
            return self._read_record(apdu, p1, p2)
        if ins == 0xC0 and self._pending:
            data, self._pending = self._pending, b""
            return data + OK
        return INS_NOT_SUPPORTED

    def _read_record(self, apdu: bytes, number: int, p2: int) -> bytes:
        fid = self._current if p2 & 0xF8 == 0 else 0xEF00 | (p2 >> 3)
        if fid not in self.files:
            return FILE_NOT_FOUND
        if fid == 0xEF06 and self.holder_needs_pin:
            return SECURITY_NOT_SATISFIED
        value = self.files[fid].get(number)
        if value is None:
            return RECORD_NOT_FOUND
        record = bytes((number, len(value))) + value
        if not self.t0_style:
            return record + OK
        le = apdu[4] if len(apdu) == 5 else 0
        if le != len(record):
            return bytes((0x6C, len(record)))  # resend with this Le
        self._pending = record
        return bytes((0x61, len(record)))  # fetch it with GET RESPONSE
