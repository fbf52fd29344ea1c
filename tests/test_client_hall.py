"""The kiosk's client for the hall (kiosk/sync/hall_client.py) against a real running platform: staff sign-in
and the platform's lockout, the signed staff list, calls for staff, tickets, audit events, and the no-card
services (public status, document checks)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import stat
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.hall import acknowledge_call
from central.records import StaffAuditRecord
from cli.central_process import free_port
from devices.cards.simulated import DEMO_STAFF_PUBLIC_KEY, demo_staff_card
from kiosk.assets import DEMO_CATALOGUE
from kiosk.catalogue import load_catalogue
from kiosk.staff.directory import StaffDirectory
from kiosk.store import Store
from kiosk.sync.client import HttpPlatform
from kiosk.sync.hall_wire import AuditEvent, StaffCall, StaffRefusal, StaffSignedIn, StaffSignIn, TicketRequest
from kiosk.sync.messages import CALL, MessageOutbox
from kiosk.sync.platform import Outcome
from kiosk.sync.signing import PLATFORM_KEY_FILE, Credentials
from tests.helpers.answers import birth_answers
from tests.helpers.platform import EnrolledPlatform as Central
from tests.helpers.platform import database, run_central, running_platform

PIN = "246810"  # the demo staff member S0012's (central/seed.py)
CATALOGUE = load_catalogue(DEMO_CATALOGUE)


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Central]:
    with running_platform("sqlite", tmp_path_factory.mktemp("central"), seeded=True) as running:
        yield running


@pytest.fixture
def db(central: Central) -> Iterator[Session]:
    with database(central) as session:
        yield session


def sign_in(central: Central, number: str = "S0012", pin: str = PIN) -> StaffSignedIn | StaffRefusal | None:
    return central.kiosk.staff_sign_in(StaffSignIn(staff_number=number, pin=pin, session_id=str(uuid.uuid4())))


def new_call(screen: str = "form") -> StaffCall:
    return StaffCall(uuid=str(uuid.uuid4()), screen=screen, made_at=dt.datetime.now(dt.UTC))


def event(kind: str = "assist_opened") -> AuditEvent:
    return AuditEvent(uuid=str(uuid.uuid4()), kind=kind, at=dt.datetime.now(dt.UTC),  # type: ignore[arg-type]
                      staff_number="S0012", session_id=str(uuid.uuid4()), detail={"mode": "helped"})


# -- staff ---------------------------------------------------------------------------------------------------


def test_a_pin_signs_in_and_wrong_ones_lock_the_account_on_the_platform(
    central: Central, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, "kiosk.sync"):
        signed = sign_in(central)
        assert isinstance(signed, StaffSignedIn) and (signed.staff_number, signed.masked_name) == ("S0012", "王**")
        refusals = [sign_in(central, pin="000000") for _ in range(5)]
        assert all(isinstance(refusal, StaffRefusal) for refusal in refusals)
        assert [(r.error, r.attempts_left) for r in refusals if isinstance(r, StaffRefusal)] == [
            ("wrong_pin", 4), ("wrong_pin", 3), ("wrong_pin", 2), ("wrong_pin", 1), ("locked", None)]
        locked = sign_in(central)  # the right PIN, but locked: the count is the platform's
        assert isinstance(locked, StaffRefusal) and locked.error == "locked" and locked.locked_until is not None
        unknown = sign_in(central, number="S9999")
        assert isinstance(unknown, StaffRefusal) and unknown.error == "wrong_pin"
    assert PIN not in caplog.text and "000000" not in caplog.text
    assert "staff sign-in refused: locked" in caplog.text
    result = run_central("staff", "unlock", "S0012", "--db", central.db_url)
    assert result.returncode == 0, result.stderr
    assert isinstance(sign_in(central), StaffSignedIn)


def test_a_terminal_not_enrolled_gets_no_answer_to_a_sign_in(central: Central, tmp_path: Path) -> None:
    unenrolled = HttpPlatform(central.process.url, timeout_s=10, credentials=tmp_path / "no-keys")
    try:
        assert unenrolled.staff_sign_in(StaffSignIn(staff_number="S0012", pin=PIN, session_id=str(uuid.uuid4())))\
            is None
        assert unenrolled.staff_list() is None
        assert unenrolled.send_call(new_call()) is Outcome.UNAUTHORIZED
    finally:
        unenrolled.close()


def test_the_staff_list_is_checked_with_the_key_handed_out_at_enrolment(central: Central, tmp_path: Path) -> None:
    key = central.credentials.platform_key
    assert key is not None and len(key) == 32
    keys = Path(central.process.log_path).parent / "keys"  # where running_platform enrolled the terminal
    assert stat.S_IMODE((keys / PLATFORM_KEY_FILE).stat().st_mode) == 0o600
    loaded = Credentials.load(keys)
    assert loaded is not None and loaded.platform_key == key
    directory = StaffDirectory(tmp_path, key)
    assert directory.refresh(central.kiosk)
    proof = demo_staff_card().staff
    assert proof is not None and proof.card_key == DEMO_STAFF_PUBLIC_KEY
    member = directory.check_card(proof, dt.datetime.now(dt.UTC))
    assert member is not None and (member.number, member.masked_name) == ("S0012", "王**")
    assert not StaffDirectory(tmp_path / "other", bytes(32)).refresh(central.kiosk)  # another key: refused


# -- calls for staff -------------------------------------------------------------------------------------------


def test_a_call_is_sent_acknowledged_and_another_cancelled(central: Central, db: Session) -> None:
    kiosk, made = central.kiosk, new_call("identity")
    assert kiosk.send_call(made) is Outcome.DELIVERED
    assert kiosk.send_call(made) is Outcome.DELIVERED  # a replay: the uuid is the idempotency key
    state = kiosk.call_state(made.uuid)
    assert state is not None and state.status == "open"
    with db.begin():
        assert acknowledge_call(db, made.uuid, "S0012", dt.datetime.now(dt.UTC))
    state = kiosk.call_state(made.uuid)
    assert state is not None and (state.status, state.acknowledged_by) == ("acknowledged", "S0012")
    other = new_call()
    assert kiosk.send_call(other) is Outcome.DELIVERED
    cancelled = kiosk.cancel_call(other.uuid)
    assert cancelled is not None and cancelled.status == "cancelled"
    assert kiosk.call_state(str(uuid.uuid4())) is None  # unknown: 404


def test_a_call_made_while_the_platform_is_down_is_delivered_after(central: Central, tmp_path: Path) -> None:
    nowhere = HttpPlatform(f"http://127.0.0.1:{free_port()}", timeout_s=5, credentials=central.credentials)
    store = Store(tmp_path / "state")
    try:
        outbox = MessageOutbox(store, nowhere)
        made = new_call("home")
        outbox.queue_call(made)
        assert outbox.drain_once() == 0 and outbox.pending(CALL) == 1
        store.close()
        store = Store(tmp_path / "state")  # the kiosk restarted meanwhile
        later = MessageOutbox(store, central.kiosk, lambda: dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10))
        assert later.drain_once() == 1 and later.pending(CALL) == 0
        state = central.kiosk.call_state(made.uuid)
        assert state is not None and state.status == "open"
    finally:
        store.close()
        nowhere.close()


# -- tickets and audit -----------------------------------------------------------------------------------------


def test_tickets_are_numbered_by_reason_and_count_who_waits_before(central: Central) -> None:
    kiosk = central.kiosk
    asked = TicketRequest(uuid=str(uuid.uuid4()), reason="asked", service="general")
    first = kiosk.take_ticket(asked)
    assert first is not None and first.number.startswith("A") and first.service_name.zh == "综合窗口"
    again = kiosk.take_ticket(asked)
    assert again == first  # idempotent on the uuid
    birth = TicketRequest(uuid=str(uuid.uuid4()), reason="in_person", service="43PCN0009")
    second = kiosk.take_ticket(birth)
    assert second is not None and second.number.startswith("C") and len(second.number) == 4
    assert second.waiting_before == first.waiting_before + 1
    assert second.expected_wait_min == 6 * second.waiting_before
    assert second.service_name.zh == CATALOGUE.package("43PCN0009").name.zh


def test_audit_events_are_stored_once_and_a_refused_batch_needs_attention(central: Central, db: Session) -> None:
    events = [event(), event("assist_accepted"), event("staff_sign_out")]
    assert central.kiosk.send_audit(events) is Outcome.DELIVERED
    assert central.kiosk.send_audit(events) is Outcome.DELIVERED  # a replay stores nothing twice
    ids = [e.uuid for e in events]
    assert db.scalar(select(func.count()).select_from(StaffAuditRecord).where(StaffAuditRecord.uuid.in_(ids))) == 3
    bogus = AuditEvent.model_construct(**{**event().model_dump(), "kind": "bogus"})
    assert central.kiosk.send_audit([bogus]) is Outcome.ATTENTION  # 422


# -- the no-card services ------------------------------------------------------------------------------------


def test_an_applications_status_is_read_by_its_number_and_code(central: Central) -> None:
    application = str(uuid.uuid4())
    number = f"HN-TEST-01-20261203-{application[:8]}"
    submitted = central.kiosk.submit({
        "uuid": application, "number": number, "terminal_id": "HN-TEST-01", "package_code": "43PCN0009",
        "catalogue_version": CATALOGUE.version, "submitted_at": "2026-12-03T09:30:00+08:00",
        "answers": birth_answers(), "verification_code": "K7QP3M",
    })
    assert submitted.outcome is Outcome.DELIVERED, submitted.error
    status = central.kiosk.status(number, "k7qp3m")  # typed in lower case on the on-screen keyboard
    assert status is not None and status.number == number and status.status == "received" and status.items
    assert central.kiosk.status(number, "K7QP3N") is None  # a wrong code: 404
    assert central.kiosk.status("../v1/health", "K7QP3M") is None  # not asked


def test_documents_are_checked_by_their_verification_paths_only(
    central: Central, caplog: pytest.LogCaptureFixture
) -> None:
    kiosk = central.kiosk
    licence = kiosk.check_document("/v1/licences/verify/vehicle_licence/%E6%B9%98AD3K82")  # seeded: LI's
    assert licence is not None and licence.valid and licence.kind == "vehicle_licence"
    assert licence.kind_name is not None and licence.kind_name.zh == "机动车行驶证" and licence.issued_at is not None
    unknown = kiosk.check_document("/v1/licences/verify/vehicle_licence/%E6%B9%98A00000")
    assert unknown is not None and not unknown.valid
    certificate = kiosk.check_document("/v1/certificates/verify/HN-2026-00000001/K7QP3M")
    assert certificate is not None and not certificate.valid
    nowhere = HttpPlatform(f"http://127.0.0.1:{free_port()}", timeout_s=5)
    with caplog.at_level(logging.INFO, "kiosk.sync"):
        for path in ("/v1/health", "/v1/status/HN-1/K7QP3M", "/v1/licences/verify/a/b/../c", "https://x/y"):
            assert nowhere.check_document(path) is None
    assert "network" not in caplog.text and caplog.text.count("not asked") == 4  # no request made


def test_doctor_says_whether_staff_cards_can_sign_in_here(central: Central) -> None:
    state = Path(central.process.log_path).parent  # its keys/ are the enrolled terminal's
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_") and k != "DISPLAY"}
    environment.update(KIOSK_STORAGE_STATE_DIR=str(state), KIOSK_PLATFORM_URL=central.process.url)

    def staff_line() -> str:
        done = subprocess.run([sys.executable, "-m", "cli.main", "doctor"], capture_output=True, text=True,
                              timeout=120, env=environment, stdin=subprocess.DEVNULL)
        assert "Traceback" not in done.stderr
        return next(line for line in done.stdout.splitlines() if "staff cards" in line)

    (state / "staff-list.json").unlink(missing_ok=True)
    assert "warn" in staff_line() and "no staff list yet" in staff_line()
    assert StaffDirectory(state, central.credentials.platform_key).refresh(central.kiosk)
    line = staff_line()
    assert line.split()[0] == "ok" and "1 staff may sign in by card; list valid until" in line, line
