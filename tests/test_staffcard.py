"""The hall staff card: its signed challenge read through a loopback, through pcscd and vpcd, and in the demo."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from devices.cards.base import ReadResult, ReadStatus, read_and_close
from devices.cards.pcsc import PcscReader
from devices.cards.simulated import (
    DEMO_PEOPLE,
    DEMO_STAFF_NUMBER,
    DEMO_STAFF_PRIVATE_KEY_NOT_SECRET,
    DEMO_STAFF_PUBLIC_KEY,
    DEMO_TRAVELLER,
    SimulatedReader,
)
from devices.cards.staffcard import signature_verifies, staff_card_profile
from kiosk.reading import StaffCardProof
from tests.helpers.emrtd_card import HandlerChannel
from tests.helpers.people import ID_NUMBER
from tests.helpers.sscard_card import ATR as SSCARD_ATR
from tests.helpers.sscard_card import SscardApplet
from tests.helpers.staff_card import AID, ATR, StaffCardApplet
from tests.helpers.vcard import VirtualCard, reader_name

PORT = int(os.environ.get("KIOSK_TEST_VPCD_PORT", "35963"))
WAIT_S = 10.0


def proof_of(result: ReadResult | None) -> StaffCardProof:
    assert result is not None and result.status is ReadStatus.STAFF_CARD, result
    assert result.staff is not None and result.record is None
    return result.staff


def assert_fresh_and_signed(proof: StaffCardProof, applet: StaffCardApplet) -> None:
    """The challenge is the kiosk's, made just now, and the card signed exactly it with its key."""
    prefix, when, nonce = proof.challenge.split(b"/")
    made = dt.datetime.fromisoformat(when.decode())
    assert prefix == b"hunan-kiosk-staff" and len(nonce) == 32 and uuid.UUID(nonce.decode()).version == 4
    assert made.tzinfo == dt.UTC and abs(dt.datetime.now(dt.UTC) - made) < dt.timedelta(seconds=10)
    assert (proof.staff_number, proof.card_key) == (applet.number.decode(), applet.public_key)
    assert applet.challenges[-1] == proof.challenge
    applet.key.public_key().verify(proof.signature, proof.challenge)  # raises if it does not


# -- the profile against the card, in a loopback ------------------------------------------------------


def test_staff_card_gives_a_signature_of_a_fresh_challenge() -> None:
    applet = StaffCardApplet("S0012")
    first, second = (proof_of(staff_card_profile(HandlerChannel(applet), ATR, None)) for _ in range(2))
    assert_fresh_and_signed(second, applet)
    assert first.challenge != second.challenge and first.signature != second.signature


def test_a_wrong_signature_is_read_as_given_for_the_staff_list_to_refuse() -> None:
    proof = proof_of(staff_card_profile(HandlerChannel(StaffCardApplet(wrong_signature=True)), ATR, None))
    assert len(proof.signature) == 64 and not signature_verifies(proof.card_key, proof.challenge, proof.signature)


class Malformed(StaffCardApplet):
    """A staff card that gets one answer wrong."""

    def __init__(self, ins: int, answer: bytes) -> None:
        super().__init__()
        self.ins, self.answer = ins, answer

    def __call__(self, apdu: bytes) -> bytes:
        reply = super().__call__(apdu)
        return self.answer if apdu[1] == self.ins and (self.ins != 0xCA or apdu[3] == 0x02) else reply


@pytest.mark.parametrize(("applet", "why"), [
    (StaffCardApplet("s12"), "staff number"),
    (Malformed(0xCA, bytes(31) + b"\x90\x00"), "31 bytes"),  # the public key cut short
    (Malformed(0xCA, b"\x6a\x88"), "6A88"),
    (Malformed(0x88, bytes(63) + b"\x90\x00"), "63 bytes"),
    (Malformed(0x88, b"\x69\x82"), "6982"),
], ids=["number", "short-key", "no-key", "short-signature", "refused"])
def test_a_malformed_answer_is_unreadable(applet: StaffCardApplet, why: str) -> None:
    result = staff_card_profile(HandlerChannel(applet), ATR, None)
    assert result is not None and (result.status, result.staff) == (ReadStatus.UNREADABLE, None)
    assert why in result.detail and "S0012" not in result.detail


def test_a_social_security_card_costs_one_select() -> None:
    channel = HandlerChannel(SscardApplet())
    assert staff_card_profile(channel, SSCARD_ATR, None) is None
    assert channel.sent == [bytes.fromhex("00A4040009") + AID]


def test_a_card_that_accepts_any_select_is_not_taken_for_a_staff_card() -> None:
    def lenient(apdu: bytes) -> bytes:
        return b"\x90\x00" if apdu[1] == 0xA4 else b"\x6d\x00"

    assert staff_card_profile(HandlerChannel(lenient), SSCARD_ATR, None) is None


# -- the demo's staff card ------------------------------------------------------------------------------


def test_demo_public_key_is_the_demo_private_keys() -> None:
    key = Ed25519PrivateKey.from_private_bytes(DEMO_STAFF_PRIVATE_KEY_NOT_SECRET)
    assert key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw) == DEMO_STAFF_PUBLIC_KEY
    assert DEMO_STAFF_NUMBER == "S0012"


def test_simulated_staff_card_signs_a_fresh_challenge_and_is_no_citizen() -> None:
    reader = SimulatedReader()
    reader.insert(0)
    citizen_token = reader.insertion()
    reader.insert_staff()
    assert reader.card_present() and reader.insertion() not in (None, citizen_token)
    first, second = (proof_of(read_and_close(reader.open())) for _ in range(2))
    assert (second.staff_number, second.card_key) == (DEMO_STAFF_NUMBER, DEMO_STAFF_PUBLIC_KEY)
    assert second.challenge.startswith(b"hunan-kiosk-staff/") and first.challenge != second.challenge
    assert signature_verifies(DEMO_STAFF_PUBLIC_KEY, second.challenge, second.signature)
    assert reader.people == (*DEMO_PEOPLE, DEMO_TRAVELLER)  # what the demo panel lists: citizens only


def test_simulated_staff_card_pulled_mid_read_is_removed() -> None:
    reader = SimulatedReader()
    reader.insert_staff()
    session = reader.open()
    assert not isinstance(session, ReadResult)
    reader.remove()
    assert read_and_close(session).status is ReadStatus.REMOVED
    assert (reader.card_present(), reader.insertion()) == (False, None)
    reader.insert(1)
    assert read_and_close(reader.open()).ok  # the next card is a citizen's again


# -- through pcscd and vpcd, with the kiosk's default profiles -----------------------------------------


def wait_for(reader: PcscReader, card: bool) -> None:
    """Until a card is in the reader, or gone from it and counted gone by pcscd (see tests/test_pcsc.py)."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        reader.insertion()
        states = list(reader.monitor.states.values())
        if card and any(s.has_card for s in states):
            return
        if not card and all(not s.has_card and s.events % 2 == 0 for s in states):
            return
    raise AssertionError(f"the card did not {'arrive' if card else 'leave'}")


@pytest.fixture
def kiosk_reader() -> Iterator[PcscReader]:
    r = PcscReader(names=[reader_name(PORT)])  # the default profiles: what the kiosk uses
    wait_for(r, card=False)
    yield r
    r.close()


def read(reader: PcscReader) -> ReadResult:
    return read_and_close(reader.open())


@pytest.mark.daemons
def test_staff_card_read_through_pcscd_signs_each_reads_own_challenge(kiosk_reader: PcscReader) -> None:
    applet = StaffCardApplet("S0012")
    with VirtualCard(ATR, applet, PORT):
        wait_for(kiosk_reader, card=True)
        first = proof_of(read(kiosk_reader))
        second = proof_of(read(kiosk_reader))
    assert_fresh_and_signed(second, applet)
    assert applet.challenges == [first.challenge, second.challenge] and first.challenge != second.challenge
    assert signature_verifies(first.card_key, first.challenge, first.signature)


@pytest.mark.daemons
def test_staff_card_pulled_during_the_signature_is_removed(kiosk_reader: PcscReader) -> None:
    card = VirtualCard(ATR, StaffCardApplet(pull_at_signature=True), PORT)
    with card:
        wait_for(kiosk_reader, card=True)
        result = read(kiosk_reader)
        assert not card.inserted
    assert (result.status, result.staff) == (ReadStatus.REMOVED, None)
    wait_for(kiosk_reader, card=False)
    applet = StaffCardApplet()
    with VirtualCard(ATR, applet, PORT):  # put back: it reads, with nothing left of the broken read
        wait_for(kiosk_reader, card=True)
        assert_fresh_and_signed(proof_of(read(kiosk_reader)), applet)


@pytest.mark.daemons
def test_citizens_social_security_card_reads_as_before(kiosk_reader: PcscReader) -> None:
    card = VirtualCard(SSCARD_ATR, SscardApplet(), PORT)
    with card:
        wait_for(kiosk_reader, card=True)
        result = read(kiosk_reader)
    assert result.status is ReadStatus.OK and result.staff is None
    assert result.record is not None and result.record.id_number == ID_NUMBER
    assert card.transcript[0] == (bytes.fromhex("00A4040009") + AID, b"\x6a\x82")  # the staff SELECT, refused


@pytest.mark.daemons
def test_a_card_without_the_staff_application_is_not_misread(kiosk_reader: PcscReader) -> None:
    sscard = SscardApplet()

    def lenient(apdu: bytes) -> bytes:  # a social security card that accepts the staff SELECT too
        return b"\x90\x00" if apdu[1] == 0xA4 and apdu.endswith(AID) else sscard(apdu)

    def bank_card(apdu: bytes) -> bytes:
        return b"\x6a\x82"

    results = []
    for atr, handler in ((SSCARD_ATR, lenient), (bytes.fromhex("3B6C0000") + b"BANKCARD0001", bank_card)):
        with VirtualCard(atr, handler, PORT):
            wait_for(kiosk_reader, card=True)
            results.append(read(kiosk_reader))
        wait_for(kiosk_reader, card=False)
    assert [(r.status, r.staff) for r in results] == [(ReadStatus.OK, None), (ReadStatus.UNKNOWN_CARD, None)]
    assert results[0].record is not None and results[0].record.id_number == ID_NUMBER


@pytest.mark.daemons
def card_read(applet: StaffCardApplet, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["KIOSK_CARDS_READERS"] = reader_name(PORT)
    with VirtualCard(ATR, applet, PORT):
        done = subprocess.run([sys.executable, "-m", "cli.main", "card", "read", *args], capture_output=True,
                              text=True, timeout=120, env=env, stdin=subprocess.DEVNULL)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.mark.daemons
def test_card_read_says_it_is_a_staff_card(kiosk_reader: PcscReader) -> None:
    done = card_read(StaffCardApplet("S0012"))
    wait_for(kiosk_reader, card=False)
    broken = card_read(StaffCardApplet("S0012", wrong_signature=True), "--json")
    assert done.returncode == 0 and done.stdout.strip().splitlines() == [
        "staff card (工作人员卡): staff number S0012, signature valid; not a citizen's document"]
    shown = json.loads(broken.stdout)
    assert broken.returncode == 1 and (shown["staff_number"], shown["staff_signature_valid"]) == ("S0012", False)
    assert shown["name"] is None and shown["error"]["code"] == "staff_card"
