"""The platform's side of hall staff: accounts and PIN sign-in with the shared lockout, the signed staff list,
calls, the hall queue's tickets, staff audit, assisted applications, and `kiosk-central staff …`.

The lockout's timing is driven through check_pin with an explicit clock; the routes through a real platform
(SQLite, then PostgreSQL) and signed HTTP, as a kiosk uses them.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import subprocess
import sys
import uuid as uuidlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from argon2 import PasswordHasher
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from central import hall, staff
from central.db import Application, make_engine
from central.migrate import upgrade
from central.records import StaffAccount, StaffAuditRecord, StaffSignInRecord
from central.seed import DEMO_STAFF, DEMO_STAFF_CARD_KEY
from central.submissions import body_digest
from cli.central_process import CentralProcess
from devices.cards.simulated import DEMO_STAFF_PUBLIC_KEY
from kiosk.assets import DEMO_CATALOGUE
from kiosk.catalogue import load_catalogue
from kiosk.staff.lockout import Lock, attempts_left, lock_after
from kiosk.sync.hall_wire import StaffList, StaffRefusal, StaffSignedIn
from kiosk.sync.signing import Credentials
from kiosk.sync.wire import Submission
from tests.helpers.answers import birth_answers
from tests.helpers.databases import DATABASE_KINDS, central_database
from tests.helpers.platform import REPO, TIMEOUT_S, EnrolledPlatform, enrolled, running_platform, signed_session
from tests.helpers.submitter import BIRTH

CATALOGUE = load_catalogue(DEMO_CATALOGUE)
T0 = dt.datetime(2026, 12, 3, 2, 0, tzinfo=dt.UTC)  # 10:00 in the hall
PIN, WRONG = "135790", "000000"


# -- the lockout rule ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("failures", "lock"), [
    (0, Lock(None)), (4, Lock(None)), (5, Lock(30.0)), (6, Lock(60.0)), (7, Lock(120.0)), (8, Lock(240.0)),
    (9, Lock(480.0)), (10, Lock(None, hard=True)), (11, Lock(None, hard=True)),
])
def test_five_free_tries_then_a_doubling_lock_then_a_hard_lock_at_ten(failures: int, lock: Lock) -> None:
    assert lock_after(failures) == lock


def test_attempts_left_count_down_to_the_first_lock() -> None:
    assert [attempts_left(n) for n in range(7)] == [5, 4, 3, 2, 1, 0, 0]


# -- check_pin on the database, with an explicit clock ---------------------------------------------------------


@pytest.fixture(params=DATABASE_KINDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with central_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def sessions(db_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(db_url)
    upgrade(engine)
    try:
        yield sessionmaker(engine, expire_on_commit=False)
    finally:
        engine.dispose()


def add(sessions: sessionmaker[Session], number: str, name: str = "王丽华", pin: str = PIN) -> None:
    with sessions.begin() as session:
        staff.add_account(session, number, name, pin, T0)


def attempt(sessions: sessionmaker[Session], number: str, pin: str, now: dt.datetime,
            method: str = "pin") -> StaffSignedIn | StaffRefusal:
    with sessions.begin() as session:
        return staff.check_pin(session, number, pin, now, terminal_id="HN-TEST-01" if method == "pin" else None,
                               method=method, session_id=str(uuidlib.uuid4()) if method == "pin" else None)


def refusal(answer: StaffSignedIn | StaffRefusal) -> tuple[str, int | None, dt.datetime | None]:
    assert isinstance(answer, StaffRefusal), answer
    return answer.error, answer.attempts_left, answer.locked_until


def test_a_right_pin_signs_in_with_the_masked_name(sessions: sessionmaker[Session]) -> None:
    add(sessions, "S0100")
    answer = attempt(sessions, "S0100", PIN, T0)
    assert isinstance(answer, StaffSignedIn)
    assert (answer.staff_number, answer.masked_name) == ("S0100", "王**")
    with sessions() as session:
        row = session.scalars(select(StaffSignInRecord)).one()
        account = session.get(StaffAccount, "S0100")
    assert (row.staff_number, row.terminal_id, row.method, row.outcome) == ("S0100", "HN-TEST-01", "pin", "ok")
    assert account is not None and account.pin_hash is not None and account.pin_hash.startswith("$argon2id$")
    assert PIN not in account.pin_hash


def test_the_lock_doubles_from_30_s_and_hardens_at_ten(sessions: sessionmaker[Session]) -> None:
    add(sessions, "S0101")
    now = T0
    for left in (4, 3, 2, 1):
        assert refusal(attempt(sessions, "S0101", WRONG, now)) == ("wrong_pin", left, None)
    for failures, seconds in ((5, 30), (6, 60), (7, 120), (8, 240), (9, 480)):
        until = now + dt.timedelta(seconds=seconds)
        assert refusal(attempt(sessions, "S0101", WRONG, now)) == ("locked", None, until), failures
        # The right PIN is not even tried while locked, and does not lift the lock.
        assert refusal(attempt(sessions, "S0101", PIN, until - dt.timedelta(seconds=1))) == ("locked", None, until)
        now = until
    assert refusal(attempt(sessions, "S0101", WRONG, now))[0] == "hard_locked"
    assert refusal(attempt(sessions, "S0101", PIN, now + dt.timedelta(days=1)))[0] == "hard_locked"
    with sessions.begin() as session:
        staff.unlock(session, "S0101")
    assert isinstance(attempt(sessions, "S0101", PIN, now), StaffSignedIn)


def test_terminals_trying_at_once_cannot_both_get_a_free_try(sessions: sessionmaker[Session]) -> None:
    add(sessions, "S0111")
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda _: refusal(attempt(sessions, "S0111", WRONG, T0)), range(6)))
    until = T0 + dt.timedelta(seconds=30)
    assert sorted(answers, key=str) == sorted([("wrong_pin", n, None) for n in (4, 3, 2, 1)]
                                              + [("locked", None, until)] * 2, key=str)
    with sessions() as session:
        assert session.get_one(StaffAccount, "S0111").failed_pins == 5


def test_a_right_pin_clears_the_count_and_kiosk_and_page_share_it(sessions: sessionmaker[Session]) -> None:
    add(sessions, "S0102")
    for _ in range(3):
        attempt(sessions, "S0102", WRONG, T0)
    assert refusal(attempt(sessions, "S0102", WRONG, T0, method="web")) == ("wrong_pin", 1, None)
    assert isinstance(attempt(sessions, "S0102", PIN, T0, method="web"), StaffSignedIn)
    assert refusal(attempt(sessions, "S0102", WRONG, T0)) == ("wrong_pin", 4, None)
    with sessions() as session:
        web = session.scalars(select(StaffSignInRecord).where(StaffSignInRecord.method == "web")).all()
    assert [(r.terminal_id, r.session_id, r.outcome) for r in web] == [(None, None, "wrong_pin"), (None, None, "ok")]


def test_an_unknown_number_answers_exactly_like_a_wrong_pin(sessions: sessionmaker[Session]) -> None:
    add(sessions, "S0103")
    now = T0
    for step in range(12):
        known = attempt(sessions, "S0103", WRONG, now)
        unknown = attempt(sessions, "S0999", WRONG, now)
        assert refusal(unknown) == refusal(known), step
        now += dt.timedelta(seconds=500 if step % 2 else 1)


def test_a_disabled_account_is_said_so_only_to_whoever_knows_its_pin(sessions: sessionmaker[Session]) -> None:
    add(sessions, "S0104")
    with sessions.begin() as session:
        staff.disable(session, "S0104")
    assert refusal(attempt(sessions, "S0104", WRONG, T0)) == ("wrong_pin", 4, None)
    assert refusal(attempt(sessions, "S0104", PIN, T0))[0] == "disabled"


def test_an_old_hash_is_upgraded_at_sign_in(sessions: sessionmaker[Session]) -> None:
    add(sessions, "S0105")
    with sessions.begin() as session:
        account = session.get(StaffAccount, "S0105")
        assert account is not None
        account.pin_hash = PasswordHasher(time_cost=1, memory_cost=8192).hash(PIN)
    assert isinstance(attempt(sessions, "S0105", PIN, T0), StaffSignedIn)
    with sessions() as session:
        account = session.get(StaffAccount, "S0105")
        assert account is not None and not staff.HASHER.check_needs_rehash(account.pin_hash or "")


def test_the_staff_list_leaves_out_disabled_and_hard_locked_accounts(sessions: sessionmaker[Session]) -> None:
    for number in ("S0106", "S0107", "S0108"):
        add(sessions, number)
    card = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    with sessions.begin() as session:
        staff.bind_card(session, "S0106", card, T0)
        staff.disable(session, "S0107")
        session.get_one(StaffAccount, "S0108").hard_locked = True
        signed = staff.signed_staff_list(session, T0)
        public = base64.b64decode(staff.platform_key(session))
    payload = base64.b64decode(signed.payload)
    Ed25519PublicKey.from_public_bytes(public).verify(base64.b64decode(signed.signature), payload)
    listed = StaffList.model_validate_json(payload)
    assert [(m.number, m.masked_name, m.card_keys) for m in listed.staff] == [
        ("S0106", "王**", [base64.b64encode(card).decode()])]
    assert listed.valid_until - listed.issued_at == dt.timedelta(days=7)


def test_a_card_is_bound_to_one_account_at_a_time(sessions: sessionmaker[Session]) -> None:
    add(sessions, "S0109")
    add(sessions, "S0110")
    card = bytes(range(32))
    with sessions.begin() as session:
        staff.bind_card(session, "S0109", card, T0)
        with pytest.raises(staff.StaffError, match="bound to S0109"):
            staff.bind_card(session, "S0110", card, T0)
        assert staff.unbind_card(session, "S0109", card) == 1
        staff.bind_card(session, "S0110", card, T0)  # a revoked card may be bound again
        assert staff.card_counts(session) == {"S0110": 1}


def test_the_demo_seed_has_s0012_with_its_pin_and_the_demo_card(sessions: sessionmaker[Session]) -> None:
    from central.seed import seed_demo

    assert DEMO_STAFF_CARD_KEY == DEMO_STAFF_PUBLIC_KEY
    with sessions.begin() as session:
        seed_demo(session, CATALOGUE, T0)
    with sessions.begin() as session:
        assert seed_demo(session, CATALOGUE, T0).staff == 0  # seeding again adds nothing
        listed = StaffList.model_validate_json(base64.b64decode(staff.signed_staff_list(session, T0).payload))
    number, _name, pin = DEMO_STAFF
    answer = attempt(sessions, number, pin, T0)
    assert isinstance(answer, StaffSignedIn) and answer.masked_name == "王**"
    demo_card = base64.b64encode(DEMO_STAFF_PUBLIC_KEY).decode()
    assert [m.card_keys for m in listed.staff if m.number == number] == [[demo_card]]


def test_the_next_ticket_is_the_oldest_waiting_of_the_day(sessions: sessionmaker[Session]) -> None:
    from central.records import HallTicket

    day = hall.hall_day(T0)
    with sessions.begin() as session:
        for n, (number, minutes) in enumerate((("B001", 1), ("A001", 0), ("A002", 2))):
            session.add(HallTicket(uuid=str(uuidlib.UUID(int=n)), number=number, day=day, service="general",
                                   reason="asked", terminal_id="HN-TEST-01", status="waiting",
                                   issued_at=T0 + dt.timedelta(minutes=minutes)))
        session.add(HallTicket(uuid=str(uuidlib.UUID(int=9)), number="A001", day=day - dt.timedelta(days=1),
                               service="general", reason="asked", terminal_id="HN-TEST-01", status="waiting",
                               issued_at=T0 - dt.timedelta(days=1)))
    with sessions.begin() as session:
        called = hall.call_next_ticket(session, "S0012", T0 + dt.timedelta(minutes=5))
        assert called is not None and (called.number, called.status, called.called_by) == ("A001", "called", "S0012")
    with sessions() as session:
        assert [t.number for t in hall.waiting_tickets(session, day)] == ["B001", "A002"]


# -- the routes, through a real platform -------------------------------------------------------------------------


@pytest.fixture(scope="module", params=DATABASE_KINDS)
def central(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[EnrolledPlatform]:
    with running_platform(request.param, tmp_path_factory.mktemp("central")) as running:
        yield running


@pytest.fixture(scope="module")
def central_sessions(central: EnrolledPlatform) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(central.db_url)
    try:
        yield sessionmaker(engine, expire_on_commit=False)
    finally:
        engine.dispose()


def sign_in(http: requests.Session, base: str, number: str, pin: str, session_id: str = "") -> requests.Response:
    body = {"staff_number": number, "pin": pin, "session_id": session_id or str(uuidlib.uuid4())}
    return http.post(f"{base}/v1/staff/sign-in", json=body, timeout=TIMEOUT_S)


def test_pin_sign_in_over_http(central: EnrolledPlatform, central_sessions: sessionmaker[Session]) -> None:
    add(central_sessions, "S0200")
    session_id = str(uuidlib.uuid4())
    ok = sign_in(central.http, central.process.url, "S0200", PIN, session_id)
    assert ok.status_code == 200, ok.text
    assert ok.json() == {"staff_number": "S0200", "masked_name": "王**", "session_id": session_id}
    wrong = sign_in(central.http, central.process.url, "S0200", WRONG)
    unknown = sign_in(central.http, central.process.url, "S0299", WRONG)
    for answer in (wrong, unknown):
        assert answer.status_code == 403
        assert (answer.json()["error"], answer.json()["attempts_left"]) == ("wrong_pin", 4)
    for _ in range(3):
        sign_in(central.http, central.process.url, "S0200", WRONG)
    locked = sign_in(central.http, central.process.url, "S0200", WRONG)
    assert (locked.status_code, locked.json()["error"]) == (403, "locked")
    until = dt.datetime.fromisoformat(locked.json()["locked_until"])
    assert dt.timedelta(seconds=15) < until - dt.datetime.now(dt.UTC) <= dt.timedelta(seconds=30)
    assert sign_in(central.http, central.process.url, "S0200", PIN).json()["error"] == "locked"
    with central_sessions() as session:
        rows = session.scalars(select(StaffSignInRecord).where(StaffSignInRecord.staff_number == "S0200")
                               .order_by(StaffSignInRecord.id)).all()
    assert [r.outcome for r in rows] == ["ok"] + ["wrong_pin"] * 5 + ["locked"]
    assert (rows[0].terminal_id, rows[0].method, rows[0].session_id) == ("HN-TEST-01", "pin", session_id)


def test_sign_in_and_the_list_need_a_signature(central: EnrolledPlatform) -> None:
    assert sign_in(requests.Session(), central.process.url, "S0200", PIN).status_code == 401
    assert requests.get(central.url("/v1/staff/list"), timeout=TIMEOUT_S).status_code == 401


def test_the_signed_list_verifies_with_the_key_from_enrolment(
    central: EnrolledPlatform, central_sessions: sessionmaker[Session]
) -> None:
    add(central_sessions, "S0201")
    add(central_sessions, "S0202")
    with central_sessions.begin() as session:
        staff.disable(session, "S0202")
    response = central.http.get(central.url("/v1/staff/list"), timeout=TIMEOUT_S)
    assert response.status_code == 200, response.text
    payload = base64.b64decode(response.json()["payload"])
    assert central.credentials.platform_key is not None
    key = Ed25519PublicKey.from_public_bytes(central.credentials.platform_key)
    key.verify(base64.b64decode(response.json()["signature"]), payload)
    numbers = [m.number for m in StaffList.model_validate_json(payload).staff]
    assert "S0201" in numbers and "S0202" not in numbers


def call(central: EnrolledPlatform, call_uuid: str) -> requests.Response:
    body = {"uuid": call_uuid, "screen": "form", "made_at": dt.datetime.now(dt.UTC).isoformat()}
    return central.http.post(central.url("/v1/calls"), json=body, timeout=TIMEOUT_S)


def test_calls_are_idempotent_acknowledged_and_cancelled(
    central: EnrolledPlatform, central_sessions: sessionmaker[Session]
) -> None:
    first, second = str(uuidlib.uuid4()), str(uuidlib.uuid4())
    made = call(central, first)
    assert (made.status_code, made.json()) == (201, {"uuid": first, "status": "open", "acknowledged_by": None})
    assert call(central, first).status_code == 200
    assert central.http.get(central.url(f"/v1/calls/{first}"), timeout=TIMEOUT_S).json()["status"] == "open"
    call(central, second)
    with central_sessions() as session:
        assert {c.uuid for c in hall.open_calls(session)} >= {first, second}
    with central_sessions.begin() as session:
        assert hall.acknowledge_call(session, first, "S0012", dt.datetime.now(dt.UTC))
        assert not hall.acknowledge_call(session, str(uuidlib.uuid4()), "S0012", dt.datetime.now(dt.UTC))
    state = central.http.get(central.url(f"/v1/calls/{first}"), timeout=TIMEOUT_S).json()
    assert (state["status"], state["acknowledged_by"]) == ("acknowledged", "S0012")
    kept = central.http.post(central.url(f"/v1/calls/{first}/cancel"), timeout=TIMEOUT_S).json()
    assert kept["status"] == "acknowledged"
    cancelled = central.http.post(central.url(f"/v1/calls/{second}/cancel"), timeout=TIMEOUT_S)
    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    assert call(central, second).json()["status"] == "cancelled"  # a late replay does not reopen it
    with central_sessions.begin() as session:
        assert not hall.acknowledge_call(session, second, "S0012", dt.datetime.now(dt.UTC))
        assert {c.uuid for c in hall.open_calls(session)}.isdisjoint({first, second})
    missing = central.http.get(central.url(f"/v1/calls/{uuidlib.uuid4()}"), timeout=TIMEOUT_S)
    assert (missing.status_code, missing.json()["error"]) == (404, "not_found")


def ticket(central: EnrolledPlatform, reason: str, service: str, ticket_uuid: str = "") -> requests.Response:
    body = {"uuid": ticket_uuid or str(uuidlib.uuid4()), "reason": reason, "service": service}
    return central.http.post(central.url("/v1/tickets"), json=body, timeout=TIMEOUT_S)


def test_tickets_are_numbered_by_reason_with_the_wait_ahead(
    central: EnrolledPlatform, central_sessions: sessionmaker[Session]
) -> None:
    first = str(uuidlib.uuid4())
    asked = ticket(central, "asked", "general", first)
    assert asked.status_code == 201, asked.text
    assert {k: asked.json()[k] for k in ("number", "service", "waiting_before", "expected_wait_min")} == {
        "number": "A001", "service": "general", "waiting_before": 0, "expected_wait_min": 0}
    assert asked.json()["service_name"] == {"zh": "综合窗口", "en": "General counter"}
    expired = ticket(central, "expired_document", BIRTH).json()
    assert (expired["number"], expired["waiting_before"], expired["expected_wait_min"]) == ("B001", 1, 6)
    assert expired["service_name"]["zh"] == CATALOGUE.package(BIRTH).name.zh
    again = ticket(central, "asked", "general").json()
    assert (again["number"], again["waiting_before"], again["expected_wait_min"]) == ("A002", 2, 12)
    replay = ticket(central, "asked", "general", first)
    assert (replay.status_code, replay.json()["number"]) == (200, "A001")
    with central_sessions.begin() as session:
        called = hall.call_next_ticket(session, "S0012", dt.datetime.now(dt.UTC))
        assert called is not None and called.number == "A001"
    assert ticket(central, "asked", "general", first).json()["waiting_before"] == 0
    assert ticket(central, "in_person", BIRTH).json()["number"] == "C001"
    unknown = ticket(central, "asked", "NO-SUCH-SERVICE")
    assert (unknown.status_code, unknown.json()["error"]) == (422, "unknown_service")


def test_audit_events_are_stored_once(central: EnrolledPlatform, central_sessions: sessionmaker[Session]) -> None:
    def event(kind: str) -> dict[str, Any]:
        return {"uuid": str(uuidlib.uuid4()), "kind": kind, "at": dt.datetime.now(dt.UTC).isoformat(),
                "staff_number": "S0012", "session_id": str(uuidlib.uuid4()),
                "detail": {"document_type": "resident_id", "reason": "card_damaged"}}

    events = [event("staff_sign_in"), event("identity_entered")]
    post = central.http.post
    assert post(central.url("/v1/audit"), json={"events": events}, timeout=TIMEOUT_S).json() == {"stored": 2}
    assert post(central.url("/v1/audit"), json={"events": events}, timeout=TIMEOUT_S).json() == {"stored": 0}
    more = [events[0], event("staff_sign_out")]
    assert post(central.url("/v1/audit"), json={"events": more}, timeout=TIMEOUT_S).json() == {"stored": 1}
    with central_sessions() as session:
        row = session.scalars(select(StaffAuditRecord).where(StaffAuditRecord.uuid == events[1]["uuid"])).one()
    assert (row.terminal_id, row.kind, row.staff_number) == ("HN-TEST-01", "identity_entered", "S0012")
    assert row.detail == {"document_type": "resident_id", "reason": "card_damaged"}
    bad = post(central.url("/v1/audit"), json={"events": [event("staff_sign_in") | {"kind": "x"}]}, timeout=TIMEOUT_S)
    assert bad.status_code == 422


def application(central: EnrolledPlatform, **changes: object) -> dict[str, Any]:
    application_uuid = str(uuidlib.uuid4())
    terminal_id = central.credentials.terminal_id
    return {"uuid": application_uuid, "number": f"{terminal_id}-20261203-{application_uuid[:8]}",
            "terminal_id": terminal_id, "package_code": BIRTH, "catalogue_version": CATALOGUE.version,
            "submitted_at": dt.datetime.now(dt.UTC).isoformat(),
            "answers": birth_answers(child__birth_date="2024-05-01")} | changes


def test_an_assisted_staff_entered_application_is_stored_for_a_registry_check(
    central: EnrolledPlatform, central_sessions: sessionmaker[Session]
) -> None:
    assistance = {"mode": "acting", "staff_number": "S0012", "sign_in": "card", "session_id": str(uuidlib.uuid4()),
                  "agent": {"document_type": "resident_id", "id_number": "43010219900307128X",
                            "authorisation": "power_of_attorney"}}
    body = application(central, assistance=assistance, identity_source="staff_entered",
                       identity_reason="card_damaged")
    response = central.http.post(central.url("/v1/applications"), json=body, timeout=TIMEOUT_S)
    assert response.status_code == 201, response.text
    assert central.http.post(central.url("/v1/applications"), json=body, timeout=TIMEOUT_S).status_code == 200
    plain = application(central)
    assert central.http.post(central.url("/v1/applications"), json=plain, timeout=TIMEOUT_S).status_code == 201
    with central_sessions() as session:
        assisted = session.get_one(Application, body["uuid"])
        chip = session.get_one(Application, plain["uuid"])
    assert assisted.assistance == assistance
    assert (assisted.identity_source, assisted.identity_reason, assisted.registry_check) == (
        "staff_entered", "card_damaged", "needed")
    assert (chip.assistance, chip.identity_source, chip.identity_reason, chip.registry_check) == (
        None, "chip", None, None)


def test_an_unassisted_application_keeps_the_digest_it_had_before() -> None:
    body = application_body()
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    submission = Submission.model_validate_json(json.dumps(body))
    assert body_digest(submission) == hashlib.sha256(canonical.encode()).hexdigest()


def application_body() -> dict[str, Any]:
    """A body as older kiosks sent it, every field the digest covered then, none of the later ones."""
    return {"uuid": str(uuidlib.uuid4()), "number": "HN-TEST-01-20261203-0001", "terminal_id": "HN-TEST-01",
            "package_code": BIRTH, "catalogue_version": CATALOGUE.version,
            "submitted_at": "2026-12-03T10:00:00+08:00", "answers": {"a": 1}, "sources": {},
            "verification_code": None}


def test_the_wrong_pin_count_survives_a_platform_restart(db_url: str, tmp_path: Path) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    add(sessionmaker(engine), "S0300")
    engine.dispose()
    credentials: Credentials | None = None
    for expected_left in ((4, 3), (2, 1)):
        with CentralProcess(db_url, DEMO_CATALOGUE, tmp_path / "central.log") as process:
            credentials = credentials or enrolled(process, tmp_path / "keys")
            http = signed_session(credentials)
            for left in expected_left:
                assert sign_in(http, process.url, "S0300", WRONG).json()["attempts_left"] == left
            http.close()


# -- kiosk-central staff ---------------------------------------------------------------------------------------


def central_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "central", "staff", *args], cwd=REPO, input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_staff_commands(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'central.db'}"
    added = central_cli("add", "S0400", "--name", "李晓梅", "--db", db)
    assert added.returncode == 0, added.stderr
    pin = added.stdout.split("PIN ")[1].split()[0]
    assert len(pin) == 6 and pin.isdigit()
    typed = central_cli("add", "S0401", "--name", "张三", "--pin-stdin", "--db", db, stdin="246810\n")
    assert typed.returncode == 0 and "246810" not in typed.stdout
    key = base64.b64encode(bytes(range(32))).decode()
    assert central_cli("bind-card", "S0400", "--public-key", key, "--db", db).returncode == 0
    assert central_cli("disable", "S0401", "--db", db).returncode == 0
    listing = central_cli("list", "--db", db)
    assert listing.stdout.splitlines() == ["S0400  李**  active  1 card", "S0401  张*  disabled  0 cards"]
    assert "$argon2" not in listing.stdout + added.stdout
    engine = make_engine(db)
    sessions = sessionmaker(engine)
    try:
        assert isinstance(attempt(sessions, "S0400", pin, T0), StaffSignedIn)
        for n in range(10):
            attempt(sessions, "S0400", WRONG, T0 + dt.timedelta(hours=1, seconds=1000 * n))
        assert "hard_locked" in central_cli("list", "--db", db).stdout
        assert central_cli("unlock", "S0400", "--db", db).returncode == 0
        reset = central_cli("reset-pin", "S0400", "--db", db)
        new = reset.stdout.split("PIN ")[1].split()[0]
        assert isinstance(attempt(sessions, "S0400", new, T0 + dt.timedelta(hours=2)), StaffSignedIn)
    finally:
        engine.dispose()
    assert central_cli("unbind-card", "S0400", "--db", db).returncode == 0
    assert "S0400  李**  active  0 cards" in central_cli("list", "--db", db).stdout


@pytest.mark.parametrize(("args", "stdin", "says"), [
    (("add", "S0400", "--name", "重复"), "", "exists already"),
    (("add", "s12", "--name", "王"), "", "not a staff number"),
    (("add", "S0500", "--name", "王", "--pin-stdin"), "12ab\n", "6 digits"),
    (("unlock", "S0999"), "", "no staff account S0999"),
    (("bind-card", "S0400", "--public-key", "not base64!"), "", "not base64"),
    (("bind-card", "S0400", "--public-key", base64.b64encode(b"short").decode()), "", "32-byte"),
    (("unbind-card", "S0400", "--public-key", base64.b64encode(bytes(32)).decode()), "", "no such card"),
])
def test_a_refused_staff_command_is_one_line_and_exit_1(
    tmp_path: Path, args: tuple[str, ...], stdin: str, says: str
) -> None:
    db = f"sqlite:///{tmp_path / 'central.db'}"
    assert central_cli("add", "S0400", "--name", "李晓梅", "--db", db).returncode == 0
    refused = central_cli(*args, "--db", db, stdin=stdin)
    assert refused.returncode == 1
    assert len(refused.stderr.strip().splitlines()) == 1 and says in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr


def test_the_openapi_document_describes_the_hall_routes(central: EnrolledPlatform) -> None:
    paths = requests.get(central.url("/openapi.json"), timeout=TIMEOUT_S).json()["paths"]
    assert paths["/v1/staff/sign-in"]["post"]["responses"]["403"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/StaffRefusal"}
    assert set(paths["/v1/calls/{uuid}"]) == {"get"}
    assert {"/v1/staff/list", "/v1/calls", "/v1/calls/{uuid}/cancel", "/v1/tickets", "/v1/audit"} <= set(paths)
