"""The staff list cached on the kiosk (kiosk/staff/directory.py): taken only with the platform's signature,
kept across restarts in a private file, and a staff card's fresh signature checked against it offline."""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import stat
import uuid
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from devices.cards.staffcard import make_challenge
from kiosk.reading import StaffCardProof
from kiosk.staff.directory import StaffDirectory
from kiosk.staff.session import IDLE_S, MAX_S, StaffSession
from kiosk.sync.hall_wire import SignedStaffList, StaffList
from kiosk.sync.signing import PLATFORM_KEY_FILE, Credentials
from tests.helpers.memory_hall import sign_staff_list
from tests.helpers.memory_platform import MemoryPlatform

NOW = dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.UTC)
CARD = Ed25519PrivateKey.generate()
CARD_KEY = CARD.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def challenge(at: dt.datetime) -> bytes:
    """As the staff card reader makes one (devices/cards/staffcard.py)."""
    return b"hunan-kiosk-staff/" + at.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + b"/" + uuid.uuid4().hex.encode()


def proof(at: dt.datetime = NOW, number: str = "S0012", card: Ed25519PrivateKey = CARD,
          made: bytes | None = None) -> StaffCardProof:
    made = made if made is not None else challenge(at)
    key = card.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return StaffCardProof(staff_number=number, card_key=key, challenge=made, signature=card.sign(made))


@pytest.fixture
def platform() -> MemoryPlatform:
    return MemoryPlatform(clock=lambda: NOW, staff={"S0012": ("王**", "246810"), "S0013": ("李**", "135790")},
                          staff_cards={"S0012": [CARD_KEY]})


@pytest.fixture
def directory(tmp_path: Path, platform: MemoryPlatform) -> StaffDirectory:
    return StaffDirectory(tmp_path, platform.platform_public)


def test_a_signed_list_is_taken_and_a_staff_card_signs_in_with_it(
    directory: StaffDirectory, platform: MemoryPlatform
) -> None:
    assert directory.check_card(proof(), NOW) is None  # no list yet
    assert directory.refresh(platform)
    member = directory.check_card(proof(), NOW)
    assert member is not None and (member.number, member.masked_name) == ("S0012", "王**")


def test_the_staff_card_readers_own_challenge_is_accepted(directory: StaffDirectory, platform: MemoryPlatform) -> None:
    platform.clock = lambda: dt.datetime.now(dt.UTC)
    assert directory.refresh(platform)
    member = directory.check_card(proof(made=make_challenge()), dt.datetime.now(dt.UTC))
    assert member is not None and member.number == "S0012"


def test_a_list_not_signed_by_the_platform_is_refused(directory: StaffDirectory, platform: MemoryPlatform) -> None:
    listed = StaffList.model_validate_json(base64.b64decode(_signed(platform).payload))
    assert not directory.take(sign_staff_list(Ed25519PrivateKey.generate(), listed))  # another key
    assert not StaffDirectory(directory.path.parent, None).take(_signed(platform))  # no key: not enrolled
    assert directory.check_card(proof(), NOW) is None
    assert not directory.path.exists()


def test_a_tampered_list_is_refused(directory: StaffDirectory, platform: MemoryPlatform) -> None:
    signed = _signed(platform)
    payload = json.loads(base64.b64decode(signed.payload))
    payload["staff"][1]["card_keys"] = [base64.b64encode(CARD_KEY).decode()]  # S0013 given S0012's card
    forged = SignedStaffList(payload=base64.b64encode(json.dumps(payload).encode()).decode(),
                             signature=signed.signature)
    assert not directory.take(forged)
    assert not directory.take(SignedStaffList(payload=signed.payload, signature="bm90IGEgc2lnbmF0dXJl"))


def test_a_list_is_trusted_only_until_it_expires(directory: StaffDirectory, platform: MemoryPlatform) -> None:
    assert directory.refresh(platform)
    week = NOW + dt.timedelta(days=7)
    assert directory.check_card(proof(week), week) is not None
    later = week + dt.timedelta(seconds=1)
    assert directory.check_card(proof(later), later) is None


def test_an_older_list_does_not_replace_a_newer_one(directory: StaffDirectory, platform: MemoryPlatform) -> None:
    """A replayed list must not bring back a card unbound since."""
    old = _signed(platform)
    platform.clock = lambda: NOW + dt.timedelta(hours=1)
    platform.staff_cards.clear()
    assert directory.take(_signed(platform))
    assert not directory.take(old)
    assert directory.check_card(proof(), NOW + dt.timedelta(hours=1)) is None


@pytest.mark.parametrize("seconds", [-61, 61, 3600])
def test_a_stale_challenge_is_refused(
    directory: StaffDirectory, platform: MemoryPlatform, seconds: int, caplog: pytest.LogCaptureFixture
) -> None:
    assert directory.refresh(platform)
    assert directory.check_card(proof(NOW + dt.timedelta(seconds=60)), NOW) is not None  # the edge
    with caplog.at_level(logging.WARNING, "kiosk.staff"):
        assert directory.check_card(proof(NOW + dt.timedelta(seconds=seconds)), NOW) is None
    assert "stale challenge" in caplog.text


@pytest.mark.parametrize("made", [
    b"other-purpose/" + NOW.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + b"/" + uuid.uuid4().hex.encode(),
    b"hunan-kiosk-staff/yesterday/" + uuid.uuid4().hex.encode(),
    b"hunan-kiosk-staff/2026-12-03T09:30:00/" + uuid.uuid4().hex.encode(),  # no time zone
])
def test_a_challenge_not_made_for_a_staff_card_is_refused(
    directory: StaffDirectory, platform: MemoryPlatform, made: bytes
) -> None:
    assert directory.refresh(platform)
    assert directory.check_card(proof(made=made), NOW) is None


def test_unknown_cards_wrong_numbers_and_bad_signatures_are_refused(
    directory: StaffDirectory, platform: MemoryPlatform, caplog: pytest.LogCaptureFixture
) -> None:
    assert directory.refresh(platform)
    with caplog.at_level(logging.WARNING, "kiosk.staff"):
        assert directory.check_card(proof(card=Ed25519PrivateKey.generate()), NOW) is None
        assert directory.check_card(proof(number="S0013"), NOW) is None  # S0012's card says it is S0013's
        good = proof()
        assert directory.check_card(StaffCardProof(good.staff_number, good.card_key, challenge(NOW),
                                                   good.signature), NOW) is None  # signed another challenge
    assert ["unknown card" in caplog.text, "number" in caplog.text, "bad signature" in caplog.text] == [True] * 3
    assert base64.b64encode(CARD_KEY).decode() not in caplog.text


def test_the_list_is_a_private_file_and_survives_a_restart(
    tmp_path: Path, directory: StaffDirectory, platform: MemoryPlatform
) -> None:
    assert directory.refresh(platform)
    assert stat.S_IMODE(directory.path.stat().st_mode) == 0o600
    assert directory.path == tmp_path / "staff-list.json"
    assert not list(tmp_path.glob("*.tmp"))  # written through a temporary file, replaced atomically
    platform.online = False
    again = StaffDirectory(tmp_path, platform.platform_public)  # the kiosk restarted, offline
    assert not again.refresh(platform)
    member = again.check_card(proof(), NOW)
    assert member is not None and member.number == "S0012"


def test_a_list_edited_on_disk_is_not_trusted_after_a_restart(
    tmp_path: Path, directory: StaffDirectory, platform: MemoryPlatform
) -> None:
    assert directory.refresh(platform)
    kept = json.loads(directory.path.read_text())
    payload = json.loads(base64.b64decode(kept["payload"]))
    payload["valid_until"] = "2099-01-01T00:00:00Z"
    kept["payload"] = base64.b64encode(json.dumps(payload).encode()).decode()
    directory.path.write_text(json.dumps(kept))
    assert StaffDirectory(tmp_path, platform.platform_public).check_card(proof(), NOW) is None
    directory.path.write_text("not json")
    assert StaffDirectory(tmp_path, platform.platform_public).check_card(proof(), NOW) is None


def test_a_staff_session_ends_when_idle_or_after_a_working_day() -> None:
    session = StaffSession(str(uuid.uuid4()), "S0012", "王**", "card", NOW, NOW)
    assert not session.expired(NOW + dt.timedelta(seconds=IDLE_S - 1))
    assert session.expired(NOW + dt.timedelta(seconds=IDLE_S))
    for minutes in range(9, MAX_S // 60, 9):  # touched every 9 minutes: never idle, but 8 hours at most
        session.touched(NOW + dt.timedelta(minutes=minutes))
        assert not session.expired(NOW + dt.timedelta(minutes=minutes))
    session.touched(NOW + dt.timedelta(seconds=MAX_S))
    assert session.expired(NOW + dt.timedelta(seconds=MAX_S))
    session.touched(NOW)  # a touch never moves the clock back
    assert session.last_activity == NOW + dt.timedelta(seconds=MAX_S)


def test_the_platform_key_is_kept_with_the_credentials_and_older_ones_still_load(tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    older = Credentials("HN-T1", key, b"secret")  # saved by a kiosk enrolled before staff lists
    older.save(tmp_path / "old")
    loaded = Credentials.load(tmp_path / "old")
    assert loaded is not None and loaded.platform_key is None and loaded.terminal_id == "HN-T1"
    Credentials("HN-T2", key, b"secret", CARD_KEY).save(tmp_path / "new")
    assert stat.S_IMODE((tmp_path / "new" / PLATFORM_KEY_FILE).stat().st_mode) == 0o600
    loaded = Credentials.load(tmp_path / "new")
    assert loaded is not None and loaded.platform_key == CARD_KEY


def _signed(platform: MemoryPlatform) -> SignedStaffList:
    signed = platform.staff_list()
    assert signed is not None
    return signed
