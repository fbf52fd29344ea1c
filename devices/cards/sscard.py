"""The social security card (社会保障卡): a contact ISO 7816 card with the SSSE application.

Files and records as the card specification lays them out (``ELEMENTS`` gives each one's format):

- EF05 (card data): 01 card identification code (16 bytes binary, printed as 32 hex digits whose
  first 6 are the issuing region; older cards hold 16 ASCII characters instead), 05 issue date and
  06 expiry date (BCD YYYYMMDD), 07 card number (9 characters).
- EF06 (holder): 08 ID number (18 characters), 09 name (30 bytes GBK, padded), 0A sex (GB/T 2261:
  1 male, 2 female), 0B nation (BCD GB/T 3304 code), and on cards that have them 0C birth place
  (BCD division code) and 0D birth date (BCD).

Each record answers READ RECORD as a TLV whose tag is the record number; 6A83 (record not found)
means the card does not have it. Some cards refuse SELECT of EF06 (6A82) yet read it by short file
identifier, so both ways are tried.

The ID number, the name and the expiry date are essential: if one is missing or malformed the card
is unreadable (an expiry left empty would pass for 长期). Any other element that is missing or cannot
be decoded is left empty; the result's detail names the undecodable ones. The birth date is the ID number's,
which its check character guards; the card's record 0D only cross-checks it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from devices.cards.apdu import Channel, command
from devices.cards.base import ReadResult, ReadStatus
from kiosk import divisions
from kiosk.identity import DocumentType, IdentityRecord, implied_by_id_number, is_valid_id_number
from kiosk.mrz import MrzKey

SSSE_AID = bytes.fromhex("7378312E73682EC9E7BBE1B1A3D5CF")  # "sx1.sh.社会保障" in GBK
EF_CARD = 0xEF05
EF_HOLDER = 0xEF06
SW_RECORD_NOT_FOUND = 0x6A83

_PIN_NEEDED = {0x6982}
_BLOCKED = {0x6983, 0x63C0}

T = TypeVar("T")


class Format(Enum):
    ASCII = "ASCII"  # text padded with spaces, 00 or FF
    GBK = "GBK"  # Chinese text, padded the same way
    BCD = "BCD"  # two digits a byte; some cards write the digits as ASCII instead
    BINARY = "binary"  # shown as hex; older cards write the hex digits as ASCII instead


@dataclass(frozen=True)
class Element:
    file: int
    record: int
    format: Format
    label: str  # for the technician's detail
    essential: bool = False


ELEMENTS = {
    "card_code": Element(EF_CARD, 0x01, Format.BINARY, "card identification code"),
    "issued": Element(EF_CARD, 0x05, Format.BCD, "issue date"),
    "expires": Element(EF_CARD, 0x06, Format.BCD, "expiry date", essential=True),
    "card_number": Element(EF_CARD, 0x07, Format.ASCII, "card number"),
    "id_number": Element(EF_HOLDER, 0x08, Format.ASCII, "ID number", essential=True),
    "name": Element(EF_HOLDER, 0x09, Format.GBK, "name", essential=True),
    "sex": Element(EF_HOLDER, 0x0A, Format.ASCII, "sex"),
    "nation": Element(EF_HOLDER, 0x0B, Format.BCD, "nation"),
    "birth_place": Element(EF_HOLDER, 0x0C, Format.BCD, "birth place"),
    "birth_date": Element(EF_HOLDER, 0x0D, Format.BCD, "birth date"),
}


class _Refused(Exception):
    def __init__(self, sw: int) -> None:
        super().__init__(f"SW {sw:04X}")
        self.sw = sw


def _records(channel: Channel, fid: int) -> dict[int, bytes]:
    """READ RECORD of the file's elements, by current file after SELECT, or by short file identifier.

    A record the card does not have (6A83) is left out.
    """
    selected = channel.transmit(command(0x00, 0xA4, 0x02, 0x00, fid.to_bytes(2, "big")))
    p2 = 0x04 if selected.ok else ((fid & 0x1F) << 3) | 0x04
    if not selected.ok and selected.sw != 0x6A82:
        raise _Refused(selected.sw)
    records: dict[int, bytes] = {}
    for element in ELEMENTS.values():
        if element.file != fid:
            continue
        response = channel.transmit(command(0x00, 0xB2, element.record, p2, le=256))
        if response.ok:
            records[element.record] = response.data
        elif response.sw != SW_RECORD_NOT_FOUND:
            raise _Refused(response.sw)
    return records


def _record_value(number: int, data: bytes) -> bytes:
    if len(data) >= 2 and data[0] == number and data[1] == len(data) - 2:
        return data[2:]
    if len(data) >= 2 and data[0] == number and data[1] > len(data) - 2:
        raise ValueError("the record is cut short")
    return data  # a card that answers the bare value


def decode(value: bytes, form: Format) -> str:
    """An element's value as text. ValueError when it is not in its format."""
    if form is Format.BCD:
        return value.decode("ascii") if len(value) > 1 and value.isdigit() else value.hex()
    if form is Format.BINARY:
        return value.decode("ascii").upper() if value.isalnum() else value.hex().upper()
    try:
        return value.rstrip(b"\x00\xff ").decode(form.value).strip()
    except UnicodeDecodeError:
        raise ValueError(f"not {form.value} text") from None


def _date(digits: str) -> dt.date | None:
    """YYYYMMDD; None for 'no date' (all zero or all F)."""
    if len(digits) == 8 and not digits.strip("0f"):
        return None
    try:
        return dt.datetime.strptime(digits, "%Y%m%d").date()
    except ValueError:
        raise ValueError("not a date") from None  # the digits themselves may be personal


def _division(code: str) -> str:
    """A division's full name (湖南省长沙市), or its code when the table does not know it."""
    if len(code) != 6 or not code.isdigit():
        raise ValueError("not a division code")
    try:
        return divisions.full_name(code)
    except KeyError:
        return code


def _issuer(card_code: str) -> str:
    return _division(card_code[:6])


def _id_number(text: str) -> str:
    if not is_valid_id_number(text.upper()):
        raise ValueError("not a valid resident ID number")
    return text.upper()


def _name(text: str) -> str:
    if not text:
        raise ValueError("empty")
    return text


def _sex(code: str) -> str:
    sex = {"1": "M", "2": "F", "\x01": "M", "\x02": "F"}.get(code)
    if sex is None:
        raise ValueError("not a GB/T 2261 sex code")
    return sex


def _nation(code: str) -> str:
    nation = divisions.nation_on_card(code)
    if nation is None:
        raise ValueError("not a GB/T 3304 nation code")
    return nation


class _Elements:
    """The card's records, decoded element by element. An informative element that the card has
    but that cannot be decoded is left empty and noted; an essential one raises ValueError."""

    def __init__(self, records: dict[int, bytes]) -> None:
        self.records = records
        self.notes: list[str] = []

    def get(self, name: str, meaning: Callable[[str], T], empty: T) -> T:
        element = ELEMENTS[name]
        where = f"record {element.record:02X} ({element.label})"
        data = self.records.get(element.record)
        if data is None:
            if element.essential:
                raise ValueError(f"{where} is missing")
            return empty
        try:
            return meaning(decode(_record_value(element.record, data), element.format))
        except ValueError as exc:
            if element.essential:
                raise ValueError(f"{where}: {exc}") from None
            self.notes.append(f"{where} left empty: {exc}")
            return empty


def parse_records(records: dict[int, bytes]) -> tuple[IdentityRecord, list[str]]:
    """The holder's identity from the records (by number), and notes for the technician.

    Raises ValueError, saying which record, when an essential element is missing or malformed.
    """
    elements = _Elements(records)
    id_number = elements.get("id_number", _id_number, "")
    name = elements.get("name", _name, "")
    valid_until = elements.get("expires", _date, None)
    birth, implied_sex = implied_by_id_number(id_number)
    assert birth is not None  # a valid number has a real birth date
    if elements.get("birth_date", _date, None) not in (None, birth):
        elements.notes.append("record 0D (birth date) differs from the ID number's, which is used")
    record = IdentityRecord(
        document_type=DocumentType.SOCIAL_SECURITY,
        id_number=id_number,
        name=name,
        sex=elements.get("sex", _sex, "") or implied_sex,
        ethnicity=elements.get("nation", _nation, ""),
        birth_date=birth,
        address="",
        issuer=elements.get("card_code", _issuer, ""),
        valid_from=elements.get("issued", _date, None),
        valid_until=valid_until,
        card_number=elements.get("card_number", str, ""),
        birth_place=elements.get("birth_place", _division, ""),
    )
    return record, elements.notes


def sscard_profile(channel: Channel, atr: bytes, mrz: MrzKey | None) -> ReadResult | None:
    """Read a social security card; None when the card has no SSSE application."""
    if not channel.transmit(command(0x00, 0xA4, 0x04, 0x00, SSSE_AID)).ok:
        return None
    try:
        records = _records(channel, EF_CARD) | _records(channel, EF_HOLDER)
    except _Refused as refused:
        if refused.sw in _BLOCKED:
            return ReadResult(ReadStatus.BLOCKED, detail=f"social security card: {refused}")
        why = "the holder's file needs the PIN" if refused.sw in _PIN_NEEDED else str(refused)
        return ReadResult(ReadStatus.UNREADABLE, detail=f"social security card: {why}")
    try:
        record, notes = parse_records(records)
    except ValueError as exc:
        return ReadResult(ReadStatus.UNREADABLE, detail=f"social security card: {exc}")
    return ReadResult(ReadStatus.OK, record, detail="; ".join(notes))
