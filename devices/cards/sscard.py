"""The social security card (社会保障卡): a contact ISO 7816 card with the SSSE application.

Files and records as the card specification lays them out:

- EF05 (card data): 01 card identification code (16 chars, the first 6 are the issuing region),
  05 issue date and 06 expiry date (4 bytes BCD, YYYYMMDD), 07 card number (9 chars).
- EF06 (holder): 08 ID number (18 chars), 09 name (30 bytes GBK, padded), 0A sex (GB/T 2261:
  1 male, 2 female), 0B nation (GB/T 3304 code).

Each record answers READ RECORD as a TLV whose tag is the record number. Some cards refuse
SELECT of EF06 (6A82) yet read it by short file identifier, so both ways are tried.
"""

from __future__ import annotations

import datetime as dt

from devices.cards.apdu import CardProtocolError, Channel, command
from devices.cards.base import ReadResult, ReadStatus
from kiosk import divisions
from kiosk.identity import DocumentType, IdentityRecord, implied_by_id_number, is_valid_id_number
from kiosk.mrz import MrzKey

SSSE_AID = bytes.fromhex("7378312E73682EC9E7BBE1B1A3D5CF")  # "sx1.sh.社会保障" in GBK
EF_CARD = 0xEF05
EF_HOLDER = 0xEF06
CARD_RECORDS = (0x01, 0x05, 0x06, 0x07)
HOLDER_RECORDS = (0x08, 0x09, 0x0A, 0x0B)

_PIN_NEEDED = {0x6982}
_BLOCKED = {0x6983, 0x63C0}


class _Refused(Exception):
    def __init__(self, sw: int) -> None:
        super().__init__(f"SW {sw:04X}")
        self.sw = sw


def _records(channel: Channel, fid: int, numbers: tuple[int, ...]) -> dict[int, bytes]:
    """READ RECORD of each number, by current file after SELECT, or by short file identifier."""
    selected = channel.transmit(command(0x00, 0xA4, 0x02, 0x00, fid.to_bytes(2, "big")))
    p2 = 0x04 if selected.ok else ((fid & 0x1F) << 3) | 0x04
    if not selected.ok and selected.sw != 0x6A82:
        raise _Refused(selected.sw)
    values: dict[int, bytes] = {}
    for number in numbers:
        response = channel.transmit(command(0x00, 0xB2, number, p2, le=256))
        if not response.ok:
            raise _Refused(response.sw)
        values[number] = _record_value(number, response.data)
    return values


def _record_value(number: int, data: bytes) -> bytes:
    if len(data) >= 2 and data[0] == number and data[1] == len(data) - 2:
        return data[2:]
    if len(data) >= 2 and data[0] == number and data[1] > len(data) - 2:
        raise CardProtocolError(f"record {number:02X} is cut short")
    return data  # a card that answers the bare value


def _text(value: bytes, encoding: str = "ascii") -> str:
    return value.rstrip(b"\x00\xff ").decode(encoding).strip()


def _date(value: bytes) -> dt.date | None:
    """BCD YYYYMMDD (4 bytes), or the same in ASCII; None for 'no expiry' (all zero or FF)."""
    digits = value.hex() if len(value) == 4 else _text(value)
    if not digits.strip("0f"):
        return None
    return dt.datetime.strptime(digits, "%Y%m%d").date()


def _sex(value: bytes) -> str:
    code = value[:1].decode("latin-1")
    return {"1": "M", "2": "F", "\x01": "M", "\x02": "F"}.get(code, "")


def _nation(value: bytes) -> str:
    code = value[0] if len(value) == 1 else int(_text(value) or "0")
    return divisions.nation_on_card(code) or ""


def parse_records(card: dict[int, bytes], holder: dict[int, bytes]) -> IdentityRecord:
    """The holder's identity from the two files' records. Raises ValueError for malformed data."""
    id_number = _text(holder[0x08]).upper()
    if not is_valid_id_number(id_number):
        raise ValueError("the card's ID number is not a valid resident ID number")
    birth, implied_sex = implied_by_id_number(id_number)
    assert birth is not None  # a valid number has a real birth date
    region = _text(card[0x01])[:6]
    return IdentityRecord(
        document_type=DocumentType.SOCIAL_SECURITY,
        id_number=id_number,
        name=_text(holder[0x09], "gbk"),
        sex=_sex(holder[0x0A]) or implied_sex,
        ethnicity=_nation(holder[0x0B]),
        birth_date=birth,
        address="",
        issuer=divisions.full_name(region) if divisions.county(region) or divisions.city(region) else region,
        valid_from=_date(card[0x05]),
        valid_until=_date(card[0x06]),
        card_number=_text(card[0x07]),
    )


def sscard_profile(channel: Channel, atr: bytes, mrz: MrzKey | None) -> ReadResult | None:
    """Read a social security card; None when the card has no SSSE application."""
    if not channel.transmit(command(0x00, 0xA4, 0x04, 0x00, SSSE_AID)).ok:
        return None
    try:
        card = _records(channel, EF_CARD, CARD_RECORDS)
        holder = _records(channel, EF_HOLDER, HOLDER_RECORDS)
    except _Refused as refused:
        if refused.sw in _BLOCKED:
            return ReadResult(ReadStatus.BLOCKED, detail=f"social security card: {refused}")
        why = "the holder's file needs the PIN" if refused.sw in _PIN_NEEDED else str(refused)
        return ReadResult(ReadStatus.UNREADABLE, detail=f"social security card: {why}")
    try:
        record = parse_records(card, holder)
    except (ValueError, KeyError, IndexError, UnicodeDecodeError) as exc:
        return ReadResult(ReadStatus.UNREADABLE, detail=f"social security card: {type(exc).__name__}")
    return ReadResult(ReadStatus.OK, record)
