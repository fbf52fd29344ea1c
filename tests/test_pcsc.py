"""The PC/SC backend on the real stack: pcscd with vpcd, and the tests' own virtual cards.

Covers a normal read, a card pulled mid-read, two readers at once, an unknown card, and pcscd
killed and restarted while the reader is in use.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from devices.cards.base import ReadResult, ReadStatus, read_and_close
from devices.cards.pcsc import PcscReader
from devices.cards.sscard import sscard_profile
from devices.io_thread import DeviceThread
from kiosk.identity import DocumentType
from kiosk.mrz import MrzKey
from tests.helpers import pcscd
from tests.helpers.emrtd_card import EmrtdApplet
from tests.helpers.emrtd_documents import build_document
from tests.helpers.people import BIRTH_DATE, ID_NUMBER, NAME
from tests.helpers.sscard_card import ATR as SSCARD_ATR
from tests.helpers.sscard_card import ISSUED_CARD, SscardApplet, SscardHolder
from tests.helpers.vcard import Pulled, VirtualCard, reader_name
from ui.bridges import CardWatcher

pytestmark = pytest.mark.daemons

PORT = int(os.environ.get("KIOSK_TEST_VPCD_PORT", "35963"))
WAIT_S = 10.0  # bound on waiting for a card to arrive or leave; the loops end as soon as it does


def wait_for(reader: PcscReader, card: bool, name: str | None = None) -> None:
    """Poll until a card is (or is no longer) in the reader named, or in any reader.

    "No card" also waits until pcscd has counted the removal (its per-reader event counter,
    one per insertion and one per removal, is even again): after a card is pulled mid-command,
    vpcd shows the slot empty at once but takes the removal in only when it next polls, and a
    card put back before then is never seen. A person takes longer than that anyway.
    """
    deadline = time.monotonic() + WAIT_S
    states = reader.monitor.states
    while time.monotonic() < deadline:
        reader.insertion()
        states = reader.monitor.states
        watched = [s for n, s in states.items() if name in (None, n)]
        if card and any(s.has_card for s in watched):
            return
        if not card and all(not s.has_card and s.events % 2 == 0 for s in watched):
            return
    raise AssertionError(f"the card did not {'arrive' if card else 'leave'}: {states}")


def read(reader: PcscReader, name: str | None = None, mrz: MrzKey | None = None) -> ReadResult:
    return read_and_close(reader.open(mrz, reader=name))


@pytest.fixture
def reader() -> Iterator[PcscReader]:
    r = PcscReader(names=[reader_name(PORT)], profiles=[sscard_profile])
    wait_for(r, card=False)  # the last test's card is gone from pcscd's view too
    yield r
    r.close()


@pytest.mark.parametrize("t0_style", [False, True], ids=["plain", "t0-61xx-6Cxx"])
def test_social_security_card_is_read(reader: PcscReader, t0_style: bool) -> None:
    applet = SscardApplet(t0_style=t0_style)
    with VirtualCard(SSCARD_ATR, applet, PORT):
        wait_for(reader, card=True)
        result = read(reader)
    assert result.status is ReadStatus.OK, result.detail
    record = result.record
    assert record is not None
    assert record.document_type is DocumentType.SOCIAL_SECURITY
    assert (record.name, record.id_number, record.sex, record.ethnicity) == (NAME, ID_NUMBER, "F", "汉")
    assert record.birth_date == dt.date(1990, 3, 7)  # not on the card: implied by the ID number
    assert record.card_number == "A12345678"
    assert (record.valid_from, record.valid_until) == (dt.date(2019, 6, 1), dt.date(2029, 6, 1))
    assert record.issuer == "湖南省长沙市"
    assert record.birth_place == "" and result.detail == ""  # this card has no records 0C and 0D


def test_issued_card_with_a_binary_identification_code_is_read(reader: PcscReader) -> None:
    with VirtualCard(SSCARD_ATR, SscardApplet(ISSUED_CARD), PORT):
        wait_for(reader, card=True)
        result = read(reader)
    assert result.status is ReadStatus.OK, result.detail
    record = result.record
    assert record is not None
    assert (record.id_number, record.name, record.sex, record.birth_date) == (ID_NUMBER, NAME, "F", BIRTH_DATE)
    assert (record.valid_until, record.card_number) == (ISSUED_CARD.expires, ISSUED_CARD.card_number)
    assert record.issuer == "湖南省岳阳市"  # the first six hex digits of the binary code
    assert record.birth_place == "湖南省长沙市芙蓉区"
    assert result.detail == ""  # every element decoded, and the card's birth date agrees with the ID number


def test_holder_file_read_by_short_file_identifier_when_select_fails(reader: PcscReader) -> None:
    with VirtualCard(SSCARD_ATR, SscardApplet(no_select_ef06=True), PORT):
        wait_for(reader, card=True)
        result = read(reader)
    assert result.ok and result.record is not None and result.record.name == NAME


def test_pin_protected_holder_file_is_a_clear_result(reader: PcscReader) -> None:
    with VirtualCard(SSCARD_ATR, SscardApplet(holder_needs_pin=True), PORT):
        wait_for(reader, card=True)
        result = read(reader)
    assert (result.status, result.record) == (ReadStatus.UNREADABLE, None)
    assert "PIN" in result.detail


def test_card_pulled_mid_read_keeps_nothing(reader: PcscReader) -> None:
    def pull_at_the_name(apdu: bytes) -> None:
        if apdu[1] == 0xB2 and apdu[2] == 0x09:  # READ RECORD 09: the holder's name
            raise Pulled

    card = VirtualCard(SSCARD_ATR, SscardApplet(before_command=pull_at_the_name), PORT)
    with card:
        wait_for(reader, card=True)
        result = read(reader)
        assert result.status is ReadStatus.REMOVED
        assert result.record is None
        assert not card.inserted
    wait_for(reader, card=False)
    assert reader.insertion() is None
    # The citizen puts it back: a fresh read works, with no state left from the broken one.
    with VirtualCard(SSCARD_ATR, SscardApplet(), PORT):
        wait_for(reader, card=True)
        assert read(reader).ok


def test_unknown_card_is_said_so(reader: PcscReader) -> None:
    def bank_card(apdu: bytes) -> bytes:
        return b"\x6a\x82"

    with VirtualCard(bytes.fromhex("3B8A80014A434F503331563233327A"), bank_card, PORT):
        wait_for(reader, card=True)
        result = read(reader)
    assert (result.status, result.record) == (ReadStatus.UNKNOWN_CARD, None)


def test_each_insertion_is_a_new_token(reader: PcscReader) -> None:
    with VirtualCard(SSCARD_ATR, SscardApplet(), PORT):
        wait_for(reader, card=True)
        first = reader.insertion()
    wait_for(reader, card=False)
    with VirtualCard(SSCARD_ATR, SscardApplet(), PORT):
        wait_for(reader, card=True)
        second = reader.insertion()
    assert first is not None and second is not None and first != second


def test_two_readers_at_once() -> None:
    both = PcscReader(names=[reader_name(PORT), reader_name(PORT + 1)], profiles=[sscard_profile])
    other = SscardHolder(id_number="430521195806121357", name="王建国", sex_code="1", card_number="B87654321")
    try:
        wait_for(both, card=False)
        with VirtualCard(SSCARD_ATR, SscardApplet(), PORT):
            wait_for(both, card=True, name=reader_name(PORT))
            with VirtualCard(SSCARD_ATR, SscardApplet(other), PORT + 1):
                wait_for(both, card=True, name=reader_name(PORT + 1))
                infos = {info.name: info for info in both.enumerate()}
                assert {infos[reader_name(p)].state for p in (PORT, PORT + 1)} == {"card"}
                assert infos[reader_name(PORT)].atr == SSCARD_ATR.hex().upper()
                newest = read(both)  # the card put in last is the one read
                first = read(both, reader_name(PORT))
            assert newest.record is not None and newest.record.name == "王建国"
            assert first.record is not None and first.record.name == NAME
            wait_for(both, card=False, name=reader_name(PORT + 1))
            # The second card gone, the first is the newest again.
            assert both.insertion() is not None
            again = read(both)
            assert again.record is not None and again.record.name == NAME
    finally:
        both.close()


@pytest.mark.slow
def test_pcscd_restart_is_survived_without_a_new_reader(reader: PcscReader) -> None:
    with VirtualCard(SSCARD_ATR, SscardApplet(), PORT):
        wait_for(reader, card=True)
        assert read(reader).ok
    wait_for(reader, card=False)
    generation = reader.monitor.generation
    pcscd.stop_pcscd()
    try:
        assert reader.insertion() is None
        assert not reader.available()
        assert reader.enumerate() == []
        result = reader.open()
        assert isinstance(result, ReadResult) and result.status is ReadStatus.NO_SERVICE
    finally:
        pcscd.start_pcscd()
    # The issue's bound: within 5 s of pcscd's return, the same reader object sees a new card.
    with VirtualCard(SSCARD_ATR, SscardApplet(), PORT):
        deadline = time.monotonic() + 5.0
        while reader.insertion() is None:
            assert time.monotonic() < deadline, "the reader was not back within 5 s of pcscd's restart"
        assert reader.monitor.generation > generation
        assert read(reader).ok


# -- eMRTD: BAC, secure messaging and passive authentication through pcscd --------------------------

# A contactless card as a PC/SC reader presents it (PC/SC part 3: 3B 8n 80 01, historical bytes, TCK).
EMRTD_ATR = bytes.fromhex("3B8880010000000000000000" + "09")


@pytest.fixture
def emrtd_reader() -> Iterator[PcscReader]:
    r = PcscReader(names=[reader_name(PORT)])  # the default profiles: what the kiosk uses
    wait_for(r, card=False)
    yield r
    r.close()


@pytest.mark.parametrize("code", ["P", "CS"], ids=["passport", "hk-macao-permit"])
def test_emrtd_is_read_with_bac_and_passive_authentication(emrtd_reader: PcscReader, code: str) -> None:
    document = build_document(document_code=code)
    with VirtualCard(EMRTD_ATR, EmrtdApplet(document.files, document.mrz_key), PORT):
        wait_for(emrtd_reader, card=True)
        needs = read(emrtd_reader)
        result = read(emrtd_reader, mrz=document.mrz_key)
    assert (needs.status, needs.record) == (ReadStatus.NEEDS_MRZ, None)
    assert result.status is ReadStatus.OK, result.detail
    record = result.record
    assert record is not None
    assert record.document_type is (DocumentType.PASSPORT if code == "P" else DocumentType.HK_MACAO_PERMIT)
    assert record.name == "张伟"  # DG11: the Chinese name
    assert record.id_number == document.id_number
    assert (record.document_number, record.birth_date, record.valid_until) == (
        document.document_number, document.birth_date, document.expiry_date)
    assert record.photo is not None and record.photo.startswith(b"\x89PNG")
    assert result.passive_auth is not None
    assert result.passive_auth.ok and result.passive_auth.chain == "not_verified"
    assert set(result.passive_auth.checked_groups) == {1, 2, 11}


def test_wrong_mrz_is_a_clear_result(emrtd_reader: PcscReader) -> None:
    document = build_document()
    wrong = MrzKey(document.mrz_key.document_number, "010101", document.mrz_key.expiry_date)
    with VirtualCard(EMRTD_ATR, EmrtdApplet(document.files, document.mrz_key), PORT):
        wait_for(emrtd_reader, card=True)
        result = read(emrtd_reader, mrz=wrong)
        retry = read(emrtd_reader, mrz=document.mrz_key)  # the citizen corrects it: the chip still opens
    assert (result.status, result.record) == (ReadStatus.WRONG_MRZ, None)
    assert "MRZ" in result.reason.en or "match" in result.reason.en
    assert retry.ok


def test_tampered_chip_gives_no_identity(emrtd_reader: PcscReader) -> None:
    document = build_document(tamper_dg=11)
    with VirtualCard(EMRTD_ATR, EmrtdApplet(document.files, document.mrz_key), PORT):
        wait_for(emrtd_reader, card=True)
        result = read(emrtd_reader, mrz=document.mrz_key)
    assert (result.status, result.record) == (ReadStatus.NOT_AUTHENTIC, None)
    assert result.passive_auth is not None and result.passive_auth.failed_groups == (11,)


def test_emrtd_pulled_mid_read_keeps_nothing(emrtd_reader: PcscReader) -> None:
    document = build_document()
    reads = 0

    def pull_during_dg2(apdu: bytes) -> None:
        nonlocal reads
        reads += apdu[1] == 0xB0
        if reads == 12:  # well into the face image, after DG1 and DG11 were read
            raise Pulled

    with VirtualCard(EMRTD_ATR, EmrtdApplet(document.files, document.mrz_key, before_command=pull_during_dg2),
                     PORT):
        wait_for(emrtd_reader, card=True)
        result = read(emrtd_reader, mrz=document.mrz_key)
    assert (result.status, result.record, result.passive_auth) == (ReadStatus.REMOVED, None, None)


def test_sscard_and_emrtd_in_two_readers() -> None:
    document = build_document()
    both = PcscReader(names=[reader_name(PORT), reader_name(PORT + 1)])
    try:
        wait_for(both, card=False)
        with VirtualCard(SSCARD_ATR, SscardApplet(), PORT), \
                VirtualCard(EMRTD_ATR, EmrtdApplet(document.files, document.mrz_key), PORT + 1):
            wait_for(both, card=True, name=reader_name(PORT))
            wait_for(both, card=True, name=reader_name(PORT + 1))
            sscard = both.open(reader=reader_name(PORT))
            emrtd = both.open(document.mrz_key, reader=reader_name(PORT + 1))
            assert not isinstance(sscard, ReadResult) and not isinstance(emrtd, ReadResult)
            try:
                results = sscard.read(), emrtd.read()  # two sessions open at once
            finally:
                sscard.close()
                emrtd.close()
    finally:
        both.close()
    assert [r.record.document_type for r in results if r.record] == [DocumentType.SOCIAL_SECURITY,
                                                                     DocumentType.PASSPORT]


# -- `kiosk card read`: the technician's command, through pcscd ------------------------------------


def card_read(*args: str) -> tuple[int, dict[str, object]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["KIOSK_CARDS_READERS"] = reader_name(PORT)  # leave the second vpcd slot to other tests
    done = subprocess.run([sys.executable, "-m", "cli.main", "card", "read", "--json", *args],
                          capture_output=True, text=True, timeout=120, env=env, stdin=subprocess.DEVNULL)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout)


def test_card_read_json_show_reads_a_social_security_card(emrtd_reader: PcscReader) -> None:
    with VirtualCard(SSCARD_ATR, SscardApplet(), PORT):
        code, shown = card_read("--show")
        _, masked = card_read()
    assert code == 0 and shown["error"] is None
    assert {k: shown[k] for k in ("document_type", "id_number", "name", "sex", "nation", "birth_date",
                                  "expiry_date", "card_number", "expired")} == {
        "document_type": "social_security_card", "id_number": ID_NUMBER, "name": NAME, "sex": "F",
        "nation": "汉", "birth_date": "1990-03-07", "expiry_date": "2029-06-01", "card_number": "A12345678",
        "expired": False}
    assert masked["name"] == "欧***" and masked["id_number"] == "430***********" + ID_NUMBER[-4:]
    assert masked["birth_date"] == "1990-**-**" and NAME not in json.dumps(masked, ensure_ascii=False)


def test_card_read_json_show_reads_an_emrtd_with_the_mrz(emrtd_reader: PcscReader) -> None:
    document = build_document(document_code="CS")
    key = document.mrz_key
    with VirtualCard(EMRTD_ATR, EmrtdApplet(document.files, key), PORT):
        code, shown = card_read("--show", "--mrz", f"{key.document_number},{key.birth_date},{key.expiry_date}")
        wrong_code, wrong = card_read("--mrz", f"{key.document_number},{key.birth_date},010101")
    assert code == 0 and shown["error"] is None
    assert (shown["document_type"], shown["document"], shown["name"], shown["id_number"]) == (
        "emrtd", "hk_macao_permit", "张伟", document.id_number)
    assert shown["document_number"] == document.document_number
    assert shown["expiry_date"] == document.expiry_date.isoformat()
    passive_auth = shown["passive_auth"]
    assert isinstance(passive_auth, dict) and passive_auth["ok"] and passive_auth["chain"] == "not_verified"
    assert wrong_code == 1
    assert isinstance(wrong["error"], dict) and wrong["error"]["code"] == "wrong_mrz" and wrong["name"] is None


def test_card_read_with_no_card_says_so(emrtd_reader: PcscReader) -> None:
    code, result = card_read("--wait", "0.5")
    assert code == 1 and isinstance(result["error"], dict) and result["error"]["code"] == "no_card"


@pytest.mark.slow
def test_the_running_kiosk_reads_cards_again_after_pcscd_restarts(qtbot: QtBot) -> None:
    """The kiosk's own card watcher, on its device thread, keeps the same reader across a restart."""
    thread = DeviceThread("cards")
    reader = PcscReader([reader_name(PORT)], [sscard_profile])
    watcher = CardWatcher(reader, thread)
    try:
        thread.run(wait_for, reader, False)
        watcher.start()
        pcscd.stop_pcscd()
        try:
            qtbot.wait(600)  # two polls without pcscd (pump events: the watcher reports on the GUI thread)
        finally:
            pcscd.start_pcscd()
        with VirtualCard(SSCARD_ATR, SscardApplet(), PORT), qtbot.waitSignal(watcher.card_read, timeout=5000) as got:
            pass
        result = got.args[0] if got.args else None
        assert isinstance(result, ReadResult) and result.ok, result
    finally:
        watcher.stop()
        thread.run(reader.close)
        thread.shutdown()
