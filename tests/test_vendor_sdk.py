"""The vendor-SDK resident ID reader, against a fake SDK built from C (tests/fake_sdk/fake_idcard_sdk.c)."""

from __future__ import annotations

import ctypes
import datetime as dt
import logging
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from devices.cards.base import DocumentSession, ReadResult, ReadStatus
from devices.cards.vendor_idcard import VendorIdCardReader, parse_base_message
from kiosk.divisions import nation_on_card
from kiosk.identity import DocumentType, IdentityRecord, id_check_char
from tests.helpers.fake_sdk import (
    CARD_ENV,
    FAIL_PORT_ENV,
    build_fake_sdk,
    card_block,
    compile_shared,
    insert_card,
    remove_card,
    sample_bmp,
)

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None, reason="the fake SDK is built with gcc")

LEFTOVERS = ("zp.bmp", "wz.txt", "xp.wlt", "fp.dat")


def with_check(first17: str) -> str:
    return first17 + id_check_char(first17)


RESIDENT = {
    "name": "欧阳晓红", "sex": "2", "nation": "01", "birth": "19850307",
    "address": "湖南省长沙市岳麓区麓山南路932号", "id_number": with_check("43010219850307124"),
    "issuer": "长沙市公安局岳麓分局", "valid_from": "20150310", "valid_until": "20350310",
}
FOREIGN = {
    "name_latin": "SMITH, JOHN PAUL", "sex": "1", "number": "USA310075061501", "nationality": "USA",
    "name": "史密斯", "valid_from": "20180102", "valid_until": "20280102", "birth": "19750615",
    "version": "01", "authority": "1500",
}
HMT = {
    "name": "陈美玲", "sex": "2", "birth": "19920808", "address": "广东省深圳市福田区福华路1号",
    "id_number": with_check("81000019920808002"), "issuer": "深圳市公安局", "valid_from": "20190101",
    "valid_until": "20240101", "pass_number": "H12345678", "issue_count": "01",
}

Factory = Callable[..., VendorIdCardReader]


@pytest.fixture(scope="session")
def sdk_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fake_sdk")


@pytest.fixture
def card(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the fake SDK looks for the card; the working directory is tmp_path, for the SDK's leftovers."""
    path = tmp_path / "card.bin"
    monkeypatch.setenv(CARD_ENV, str(path))
    monkeypatch.delenv(FAIL_PORT_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    return path


@pytest.fixture
def make_reader(sdk_dir: Path, card: Path) -> Iterator[Factory]:
    readers: list[VendorIdCardReader] = []

    def make(family: str = "auto", variant: str = "both", workdir: Path | None = None) -> VendorIdCardReader:
        readers.append(VendorIdCardReader(build_fake_sdk(sdk_dir, variant), family, workdir=workdir))
        return readers[-1]

    yield make
    for reader in readers:  # the fake's port state lives as long as the process
        reader.close()


@pytest.fixture(params=["cvr", "sdt"])
def family(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def read(reader: VendorIdCardReader) -> ReadResult:
    session = reader.open()
    assert isinstance(session, DocumentSession), session
    try:
        return session.read()
    finally:
        session.close()


def expected_resident(**changes: Any) -> IdentityRecord:
    record = IdentityRecord(
        document_type=DocumentType.RESIDENT_ID, id_number=RESIDENT["id_number"], name="欧阳晓红", sex="F",
        ethnicity="汉", birth_date=dt.date(1985, 3, 7), address="湖南省长沙市岳麓区麓山南路932号",
        issuer="长沙市公安局岳麓分局", valid_from=dt.date(2015, 3, 10), valid_until=dt.date(2035, 3, 10),
    )
    return replace(record, **changes)


def test_resident_card(make_reader: Factory, card: Path, family: str) -> None:
    insert_card(card, card_block(RESIDENT), sample_bmp())
    result = read(make_reader(family))
    assert result.status is ReadStatus.OK and result.record == expected_resident()
    assert result.record.photo == (sample_bmp() if family == "cvr" else None)  # SDT's WLT photo stays undecoded


def test_sdt_keeps_a_name_character_gbk_lacks(make_reader: Factory, card: Path) -> None:
    insert_card(card, card_block({**RESIDENT, "name": "欧阳㛃"}))
    result = read(make_reader("sdt"))
    assert result.record is not None and result.record.name == "欧阳㛃"


def test_cvr_refuses_a_name_gbk_could_not_carry(make_reader: Factory, card: Path) -> None:
    # 㛃 (U+36C3, CJK Extension A) is not in GBK: the SDK can only say "?", and a wrong name must not reach a form.
    insert_card(card, card_block({**RESIDENT, "name": "欧阳㛃"}))
    result = read(make_reader("cvr"))
    assert result.status is ReadStatus.UNREADABLE and result.detail.startswith("TEXT_OUTSIDE_GBK")


def test_cvr_reads_gbk_characters_beyond_gb2312(make_reader: Factory, card: Path) -> None:
    insert_card(card, card_block({**RESIDENT, "name": "欧阳晓堃"}))  # 堃 is in GBK, not in GB 2312
    result = read(make_reader("cvr"))
    assert result.record is not None and result.record.name == "欧阳晓堃"


def test_long_term_validity(make_reader: Factory, card: Path, family: str) -> None:
    insert_card(card, card_block({**RESIDENT, "valid_until": "长期"}))
    assert read(make_reader(family)).record == expected_resident(valid_until=None)


def test_foreign_permanent_resident(make_reader: Factory, card: Path, family: str) -> None:
    insert_card(card, card_block(FOREIGN, "I"))
    assert read(make_reader(family)).record == IdentityRecord(
        document_type=DocumentType.FOREIGN_PERMANENT_RESIDENT, id_number="", name="史密斯", sex="M", ethnicity="",
        birth_date=dt.date(1975, 6, 15), address="", valid_from=dt.date(2018, 1, 2), valid_until=dt.date(2028, 1, 2),
        name_latin="SMITH, JOHN PAUL", nationality="USA", document_number="USA310075061501",
    )


def test_hmt_residence_permit(make_reader: Factory, card: Path, family: str) -> None:
    insert_card(card, card_block({**HMT, "nation": "01"}, "J"))  # the nation field is reserved on a permit
    assert read(make_reader(family)).record == IdentityRecord(
        document_type=DocumentType.HMT_RESIDENCE_PERMIT, id_number=HMT["id_number"], name="陈美玲", sex="F",
        ethnicity="", birth_date=dt.date(1992, 8, 8), address="广东省深圳市福田区福华路1号", issuer="深圳市公安局",
        valid_from=dt.date(2019, 1, 1), valid_until=dt.date(2024, 1, 1), document_number="H12345678",
    )


@pytest.mark.parametrize(("flag", "fields", "expected"), [
    (" ", RESIDENT, DocumentType.RESIDENT_ID),
    ("I", FOREIGN, DocumentType.FOREIGN_PERMANENT_RESIDENT),
    ("J", HMT, DocumentType.HMT_RESIDENCE_PERMIT),
])
def test_type_dispatch(make_reader: Factory, card: Path, flag: str, fields: dict[str, str],
                       expected: DocumentType) -> None:
    block = card_block(fields, flag)
    assert parse_base_message(block).document_type is expected
    insert_card(card, block)
    reader = make_reader()  # auto: both families present, SDT preferred
    record = read(reader).record
    assert reader.name == "vendor:sdt:1001" and record is not None and record.document_type is expected


def test_fields_that_fill_their_whole_span(make_reader: Factory, card: Path, family: str) -> None:
    """Full-length fields next to each other: an offset one character off shows up here."""
    long_resident = {**RESIDENT, "name": "甲" * 15, "address": "乙" * 35, "issuer": "丙" * 15}
    insert_card(card, card_block(long_resident))
    record = read(make_reader(family)).record
    assert record is not None and (record.name, record.address, record.issuer) == ("甲" * 15, "乙" * 35, "丙" * 15)
    long_foreign = {**FOREIGN, "name_latin": "A" * 59 + "Z", "name": "丁" * 15}
    insert_card(card, card_block(long_foreign, "I"))
    record = read(make_reader(family)).record
    assert record is not None and (record.name_latin, record.name) == ("A" * 59 + "Z", "丁" * 15)
    insert_card(card, card_block({**HMT, "name": "戊" * 15, "issue_count": "99"}, "J"))
    record = read(make_reader(family)).record
    assert record is not None and (record.name, record.document_number) == ("戊" * 15, "H12345678")


@pytest.mark.parametrize("variant", ["cvr", "sdt"])
def test_auto_picks_the_family_the_library_has(make_reader: Factory, card: Path, variant: str) -> None:
    insert_card(card, card_block(RESIDENT))
    reader = make_reader(variant=variant)
    assert read(reader).ok and reader.name == f"vendor:{variant}:1001"
    assert [info.name for info in reader.enumerate()] == [f"vendor:{variant}:1001"]


def test_the_fake_cvr_leaves_files_as_real_sdks_do(sdk_dir: Path, card: Path, tmp_path: Path) -> None:
    """Without this, the deletion tests below would prove nothing."""
    insert_card(card, card_block(RESIDENT), sample_bmp())
    lib = ctypes.CDLL(str(build_fake_sdk(sdk_dir)))
    assert lib.CVR_InitComm(1001) == 1 and lib.CVR_Read_Content(1) == 1
    lib.CVR_CloseComm()
    assert (tmp_path / "wz.txt").exists() and (tmp_path / "zp.bmp").read_bytes() == sample_bmp()


def test_leftovers_are_deleted_after_the_read(make_reader: Factory, card: Path, tmp_path: Path, family: str) -> None:
    workdir = tmp_path / "sdk"
    workdir.mkdir()
    for name in LEFTOVERS:
        (workdir / name).write_bytes(b"the previous citizen")
    (tmp_path / "zp.bmp").write_bytes(b"a stale photo")
    insert_card(card, card_block(RESIDENT), sample_bmp())
    assert read(make_reader(family, workdir=workdir)).ok
    assert [p.name for d in (tmp_path, workdir) for p in d.iterdir() if p.name in LEFTOVERS] == []


def test_leftovers_are_deleted_after_a_failed_read(make_reader: Factory, card: Path, tmp_path: Path) -> None:
    insert_card(card, card_block({**RESIDENT, "id_number": "430102198503071240"}), sample_bmp())  # bad check digit
    result = read(make_reader("cvr"))
    assert result.status is ReadStatus.UNREADABLE
    assert not (tmp_path / "wz.txt").exists() and not (tmp_path / "zp.bmp").exists()


def test_removed_between_find_and_read(make_reader: Factory, card: Path, tmp_path: Path, family: str) -> None:
    insert_card(card, card_block(RESIDENT))
    session = make_reader(family).open()
    assert isinstance(session, DocumentSession)
    remove_card(card)
    (tmp_path / "zp.bmp").write_bytes(b"a stale photo")
    assert session.read().status is ReadStatus.REMOVED
    session.close()
    assert not (tmp_path / "zp.bmp").exists()


@pytest.mark.parametrize("content", [b"\xff\xff" * 128, b"\x00" * 256, b"short"], ids=["ffff", "zeros", "short"])
def test_garbage_is_unreadable(make_reader: Factory, card: Path, family: str, content: bytes) -> None:
    card.write_bytes(content)
    assert read(make_reader(family)).status is ReadStatus.UNREADABLE


def test_no_card(make_reader: Factory, family: str) -> None:
    reader = make_reader(family)
    assert reader.open() == ReadResult(ReadStatus.NO_CARD)
    assert not reader.card_present() and reader.insertion() is None
    assert reader.enumerate()[0].state == "empty"


def test_port_that_will_not_open(make_reader: Factory, card: Path, monkeypatch: pytest.MonkeyPatch,
                                 family: str) -> None:
    insert_card(card, card_block(RESIDENT))
    monkeypatch.setenv(FAIL_PORT_ENV, "1")
    reader = make_reader(family)
    assert reader.open() == ReadResult(ReadStatus.NO_READER, detail="PORT_OPEN_FAILED")
    assert reader.available() and not reader.card_present()
    assert reader.enumerate()[0].state == "unavailable"
    monkeypatch.delenv(FAIL_PORT_ENV)  # the reader plugged in again
    assert read(reader).ok


def test_missing_library(tmp_path: Path) -> None:
    reader = VendorIdCardReader(tmp_path / "libtermb.so")
    assert not reader.available() and not reader.card_present()
    assert reader.open() == ReadResult(ReadStatus.NO_SERVICE, detail="SDK_NOT_FOUND")
    assert reader.enumerate()[0].state == "unavailable"


def test_library_without_either_family(tmp_path: Path) -> None:
    source = tmp_path / "other.c"
    source.write_text("int SomethingElse(void) { return 0; }\n")
    reader = VendorIdCardReader(compile_shared(source, tmp_path / "libother.so"))
    assert not reader.available()
    assert reader.open() == ReadResult(ReadStatus.NO_SERVICE, detail="SDK_PROTOCOL_UNSUPPORTED")


def test_family_asked_for_but_not_exported(make_reader: Factory) -> None:
    reader = make_reader("cvr", variant="sdt")
    assert reader.open() == ReadResult(ReadStatus.NO_SERVICE, detail="SDK_PROTOCOL_UNSUPPORTED")


def test_insertion_token_is_new_for_each_insertion(make_reader: Factory, card: Path, family: str) -> None:
    reader = make_reader(family)
    insert_card(card, card_block(RESIDENT))
    first = reader.insertion()
    assert first is not None and reader.insertion() == first
    assert read(reader).ok and reader.insertion() == first  # reading is not a new insertion
    remove_card(card)
    assert reader.insertion() is None
    insert_card(card, card_block(RESIDENT))
    assert reader.insertion() not in (None, first)


def test_closing_the_session_closes_the_port(make_reader: Factory, sdk_dir: Path, card: Path, family: str) -> None:
    ports_open = ctypes.CDLL(str(build_fake_sdk(sdk_dir))).FakeSdk_PortsOpen
    insert_card(card, card_block(RESIDENT))
    reader = make_reader(family)
    session = reader.open()
    assert isinstance(session, DocumentSession) and ports_open() == 1
    assert reader.enumerate()[0].state == "in use"
    session.close()
    assert ports_open() == 0
    assert reader.card_present() and ports_open() == 1  # the next poll opens it again
    reader.close()
    assert ports_open() == 0


def test_no_personal_data_in_logs_or_details(make_reader: Factory, card: Path, family: str,
                                             caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    reader = make_reader(family)
    insert_card(card, card_block(RESIDENT))
    good = read(reader)
    insert_card(card, card_block({**RESIDENT, "birth": "1985030X", "id_number": "43010219850307124X"}))
    bad = read(reader)
    assert good.ok and bad.status is ReadStatus.UNREADABLE
    for value in ("欧阳", "晓红", "4301021985", "麓山南路", "1985030"):
        assert value not in caplog.text + bad.detail + good.detail


def test_parse_rejects_a_truncated_block() -> None:
    with pytest.raises(ValueError, match="bytes"):
        parse_base_message(card_block(RESIDENT)[:200])


def test_parse_rejects_surrogates() -> None:
    block = card_block(RESIDENT)
    with pytest.raises(ValueError):
        parse_base_message(b"\x00\xd8" + block[2:])


def test_birth_date_and_sex_fall_back_to_the_id_number() -> None:
    record = parse_base_message(card_block({**RESIDENT, "birth": "", "sex": "0"}))
    assert record.birth_date == dt.date(1985, 3, 7) and record.sex == "F"


def test_nation_table() -> None:
    assert len({nation_on_card(code) for code in range(1, 57)} - {None}) == 56
    assert [nation_on_card(c) for c in ("01", "15", "56", "98", "99")] == ["汉", "土家", "基诺", "外国血统", None]
    record = parse_base_message(card_block({**RESIDENT, "nation": "15"}))
    assert record.ethnicity == "土家"
