"""The social security card's records, decoded element by element, against the virtual card in a loopback."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from devices.cards.base import ReadResult, ReadStatus
from devices.cards.sscard import Format, decode, sscard_profile
from tests.helpers.emrtd_card import HandlerChannel
from tests.helpers.people import BIRTH_DATE, ID_NUMBER, NAME
from tests.helpers.sscard_card import ATR, ISSUED_CARD, SscardApplet, SscardHolder

HOLDER_FILE, CARD_FILE = 0xEF06, 0xEF05


def read(applet: SscardApplet) -> ReadResult:
    result = sscard_profile(HandlerChannel(applet), ATR, None)
    assert result is not None
    return result


def with_record(holder: SscardHolder, record: int, value: bytes | None) -> SscardApplet:
    """The holder's card with one record changed, or taken away (None)."""
    applet = SscardApplet(holder)
    file = applet.files[CARD_FILE if record < 0x08 else HOLDER_FILE]
    if value is None:
        del file[record]
    else:
        file[record] = value
    return applet


@pytest.mark.parametrize(("value", "form", "text"), [
    (bytes.fromhex("20190601"), Format.BCD, "20190601"),
    (b"20190601", Format.BCD, "20190601"),  # the digits written as ASCII
    (bytes.fromhex("15"), Format.BCD, "15"),
    (bytes.fromhex("430100D156000005"), Format.BINARY, "430100D156000005"),
    (b"430100D156000000", Format.BINARY, "430100D156000000"),  # the older ASCII form
    (b"A12345678\x00\x00 ", Format.ASCII, "A12345678"),
    ("欧阳晓红".encode("gbk").ljust(30, b"\x00"), Format.GBK, "欧阳晓红"),
])
def test_each_format_decodes(value: bytes, form: Format, text: str) -> None:
    assert decode(value, form) == text


@pytest.mark.parametrize(("value", "form"), [(b"\xc5\xb7", Format.ASCII), (b"\xff\x80", Format.GBK)])
def test_text_in_another_encoding_is_a_value_error(value: bytes, form: Format) -> None:
    with pytest.raises(ValueError, match=f"not {form.value} text"):
        decode(value, form)


@pytest.mark.parametrize("binary_code", [True, False], ids=["binary", "ascii"])
def test_identification_code_in_either_form_gives_the_issuing_region(binary_code: bool) -> None:
    result = read(SscardApplet(dataclasses.replace(ISSUED_CARD, binary_code=binary_code)))
    assert result.ok and result.record is not None and result.record.issuer == "湖南省岳阳市"


def test_issued_card_reads_every_element() -> None:
    result = read(SscardApplet(ISSUED_CARD))
    record = result.record
    assert result.status is ReadStatus.OK and result.detail == ""
    assert record is not None
    assert (record.id_number, record.name, record.sex, record.ethnicity) == (ID_NUMBER, NAME, "F", "汉")
    assert (record.birth_date, record.birth_place) == (BIRTH_DATE, "湖南省长沙市芙蓉区")
    assert (record.valid_from, record.valid_until) == (ISSUED_CARD.issued, ISSUED_CARD.expires)
    assert record.card_number == ISSUED_CARD.card_number


def test_nation_is_bcd() -> None:
    result = read(SscardApplet(dataclasses.replace(ISSUED_CARD, nation_code=15)))  # 0x15, not 21
    assert result.record is not None and result.record.ethnicity == "土家"


# Each informative element made undecodable, with what the identity then says in its place.
UNDECODABLE = [
    (0x01, b"\xff" * 16, "issuer", ""),  # no region in FFFFFF
    (0x05, bytes.fromhex("20191301"), "valid_from", None),  # month 13
    (0x07, "甲12345678".encode("gbk"), "card_number", ""),
    (0x0A, b"\xd6", "sex", "F"),  # the ID number's
    (0x0B, b"\xaa", "ethnicity", ""),
    (0x0C, bytes.fromhex("4301FF"), "birth_place", ""),
    (0x0D, bytes.fromhex("19900230"), "birth_date", BIRTH_DATE),  # the ID number's
]


@pytest.mark.parametrize(("record", "value", "field", "left"), UNDECODABLE, ids=[f"{r[0]:02X}" for r in UNDECODABLE])
def test_an_undecodable_informative_element_leaves_the_rest_intact(
    record: int, value: bytes, field: str, left: object,
) -> None:
    intact = read(SscardApplet(ISSUED_CARD)).record
    assert intact is not None
    result = read(with_record(ISSUED_CARD, record, value))
    assert result.status is ReadStatus.OK and result.record is not None
    assert dataclasses.asdict(result.record) == dataclasses.asdict(intact) | {field: left}
    assert result.detail.startswith(f"record {record:02X} (") and "left empty" in result.detail


@pytest.mark.parametrize("record", [0x01, 0x05, 0x07, 0x0A, 0x0B, 0x0C, 0x0D])
def test_a_card_without_an_informative_record_still_reads(record: int) -> None:
    result = read(with_record(ISSUED_CARD, record, None))  # the card answers 6A83
    assert result.ok and result.detail == ""


@pytest.mark.parametrize(("record", "value", "detail"), [
    (0x08, ID_NUMBER[:-1].encode() + (b"0" if ID_NUMBER[-1] != "0" else b"1"),
     "record 08 (ID number): not a valid resident ID number"),
    (0x08, None, "record 08 (ID number) is missing"),
    (0x09, b"\xff\x80\x00", "record 09 (name): not GBK text"),
    (0x09, b"\x00" * 30, "record 09 (name): empty"),
    (0x06, bytes.fromhex("20291301"), "record 06 (expiry date): not a date"),
    (0x06, None, "record 06 (expiry date) is missing"),
])
def test_a_bad_essential_element_makes_the_card_unreadable(record: int, value: bytes | None, detail: str) -> None:
    result = read(with_record(ISSUED_CARD, record, value))
    assert (result.status, result.record) == (ReadStatus.UNREADABLE, None)
    assert result.detail == f"social security card: {detail}"


def test_a_card_birth_date_other_than_the_id_numbers_is_noted_and_the_id_numbers_used() -> None:
    result = read(SscardApplet(dataclasses.replace(ISSUED_CARD, birth_date=dt.date(1990, 3, 8))))
    assert result.ok and result.record is not None and result.record.birth_date == BIRTH_DATE
    assert result.detail == "record 0D (birth date) differs from the ID number's, which is used"
