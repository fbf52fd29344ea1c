"""The outbox against the real central platform on a loopback port: never lost, never doubled."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import random
import sqlite3
import threading
import time
import uuid as uuidlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pytest

import cli.central_process
from cli.central_process import CentralProcess, free_port
from kiosk.assets import DEMO_CATALOGUE
from kiosk.catalogue import load_catalogue
from kiosk.i18n import Text
from kiosk.log import forget_personal_values
from kiosk.session import CitizenSession, Submitted, Terminal
from kiosk.store import Store
from kiosk.sync.client import HttpPlatform, Outcome
from kiosk.sync.outbox import MAX_DELAY_S, OutboxWorker, backoff
from tests.helpers.answers import typed_birth_answers
from tests.helpers.people import ID_NUMBER, resident
from tests.helpers.platform import ObservedPlatform as Central
from tests.helpers.platform import enrolled, observed_platform

CATALOGUE = load_catalogue(DEMO_CATALOGUE)
BIRTH = "43PCN0009"
BIRTH_ITEMS = 6  # without the maternity claim
CST = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2026, 11, 20, 10, 30, tzinfo=CST)
HTTP_TIMEOUT_S = 30.0
WAIT_LIMIT_S = 60.0
WRONG_ID = ID_NUMBER[:17] + ("0" if ID_NUMBER[17] != "0" else "1")

ANSWERS = typed_birth_answers(child__birth_date="2024-05-01")  # well before the platform's own today


@dataclass
class Clock:
    """The kiosk's time, moved by the test: due times are exact."""

    now: dt.datetime = START

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@dataclass
class Kiosk:
    """One kiosk: its own store and terminal id (numbers are unique per terminal), and a clock."""

    store: Store
    terminal: Terminal
    clock: Clock
    outcomes: list[tuple[str, Outcome]] = field(default_factory=list)

    def submit(self) -> Submitted:
        session = CitizenSession(CATALOGUE, self.store, self.terminal, clock=self.clock)
        session.identify(resident())
        session.choose(BIRTH)
        for key, value in ANSWERS.items():
            session.set_answer(key, value)
        submitted = session.submit()
        session.reset()
        return submitted

    def worker(self, platform: HttpPlatform) -> OutboxWorker:
        worker = OutboxWorker(self.store, platform, clock=self.clock)
        worker.subscribe(lambda uuid, outcome: self.outcomes.append((uuid, outcome)))
        return worker

    def attempts(self) -> dict[str, int]:
        return {item.uuid: item.attempts for item in self.store.due(self.clock.now + dt.timedelta(days=365))}


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Central]:
    with observed_platform(tmp_path_factory.mktemp("central")) as platform:
        yield platform


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[Kiosk]:
    store = Store(tmp_path / "state")
    terminal = Terminal(f"HN-T{uuidlib.uuid4().hex[:8]}", Text("测试大厅", "Test hall"), "http://127.0.0.1:8700")
    yield Kiosk(store, terminal, Clock())
    store.close()
    forget_personal_values()


@pytest.fixture
def platform(central: Central, kiosk: Kiosk, tmp_path: Path) -> Iterator[HttpPlatform]:
    """The kiosk's platform client, enrolled as the kiosk's terminal."""
    credentials = enrolled(central.process, tmp_path / "keys", kiosk.terminal.id)
    client = HttpPlatform(central.url, timeout_s=HTTP_TIMEOUT_S, credentials=credentials)
    yield client
    client.close()


def payload_in_db(store: Store, application_uuid: str) -> bytes | None:
    connection = sqlite3.connect(store.db_path)
    try:
        row = connection.execute("SELECT payload FROM applications WHERE uuid = ?", (application_uuid,)).fetchone()
        payload: bytes | None = row[0]
        return payload
    finally:
        connection.close()


# -- delivery ---------------------------------------------------------------------------------------------------


def test_a_submitted_application_is_delivered(kiosk: Kiosk, central: Central, platform: HttpPlatform) -> None:
    submitted = kiosk.submit()
    worker = kiosk.worker(platform)
    assert worker.drain_once() == 1
    assert kiosk.outcomes == [(submitted.uuid, Outcome.DELIVERED)]

    stored = kiosk.store.application(submitted.uuid)
    assert stored is not None
    assert (stored.state, stored.has_payload, stored.last_error) == ("delivered", False, None)
    assert payload_in_db(kiosk.store, submitted.uuid) is None
    assert kiosk.store.pending_count() == 0
    result = stored.result
    assert result is not None
    assert (result["uuid"], result["number"]) == (submitted.uuid, submitted.number)
    assert [i["number"] for i in result["items"]] == [i.number for i in submitted.receipt.items]
    assert len(result["items"]) == BIRTH_ITEMS

    response = central.lookup(submitted.number)
    assert response.status_code == 200
    assert response.json()["uuid"] == submitted.uuid
    assert len(response.json()["items"]) == BIRTH_ITEMS
    assert worker.drain_once() == 0  # nothing left to send


def test_a_lost_acknowledgement_never_doubles_an_application(
    kiosk: Kiosk, central: Central, platform: HttpPlatform
) -> None:
    """The platform stored it but the kiosk never heard: the outbox sends it again, the platform keeps one."""
    submitted = kiosk.submit()
    [item] = kiosk.store.due(kiosk.clock())
    first = platform.submit(item.envelope)  # this answer is "lost": the store is not told
    assert first.outcome is Outcome.DELIVERED
    assert first.result is not None

    worker = kiosk.worker(platform)
    assert worker.drain_once() == 1
    stored = kiosk.store.application(submitted.uuid)
    assert stored is not None
    assert stored.state == "delivered"
    assert stored.result == first.result.model_dump(mode="json")  # the replay answers with the original result
    assert platform.submit(item.envelope).result == first.result

    assert central.count("SELECT count(*) FROM applications WHERE uuid = ?", submitted.uuid) == 1
    assert central.count("SELECT count(*) FROM applications WHERE number = ?", submitted.number) == 1
    assert central.count("SELECT count(*) FROM item_applications WHERE application_uuid = ?", submitted.uuid) == (
        BIRTH_ITEMS
    )
    response = central.lookup(submitted.number)
    assert response.status_code == 200
    assert len(response.json()["items"]) == BIRTH_ITEMS
    assert response.json()["verification_code"] == first.result.verification_code


def test_a_changed_body_under_a_known_uuid_needs_attention(kiosk: Kiosk, platform: HttpPlatform) -> None:
    submitted = kiosk.submit()
    [item] = kiosk.store.due(kiosk.clock())
    changed = item.envelope | {"answers": item.envelope["answers"] | {"child.name": "欧阳小华"}}
    assert platform.submit(changed).outcome is Outcome.DELIVERED  # someone else got there first
    worker = kiosk.worker(platform)
    assert worker.drain_once() == 0
    stored = kiosk.store.application(submitted.uuid)
    assert stored is not None
    assert (stored.state, stored.has_payload, stored.last_error) == ("attention", True, "HTTP 409 conflict")


# -- the platform is down -----------------------------------------------------------------------------------------


def test_while_the_platform_is_down_applications_wait_in_order_then_go(
    kiosk: Kiosk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()  # nothing listens here until the platform "comes up" below
    keys = tmp_path / "keys"
    platform = HttpPlatform(f"http://127.0.0.1:{port}", timeout_s=HTTP_TIMEOUT_S, credentials=keys)
    assert not platform.reachable()
    a, b, c = (kiosk.submit().uuid for _ in range(3))
    worker = kiosk.worker(platform)

    assert worker.drain_once() == 0
    assert kiosk.outcomes == [(a, Outcome.RETRY)]  # the first failure stops the round: the rest would fail too
    assert kiosk.attempts() == {a: 1, b: 0, c: 0}
    stored = kiosk.store.application(a)
    assert stored is not None
    assert (stored.state, stored.has_payload) == ("queued", True)
    assert stored.last_error is not None
    assert stored.last_error.startswith("network: ")
    assert payload_in_db(kiosk.store, a) is not None

    # a's next try is 2.5 to 5 s away (backoff for attempt 0); b and c are due now.
    assert [i.uuid for i in kiosk.store.due(kiosk.clock())] == [b, c]
    assert [i.uuid for i in kiosk.store.due(kiosk.clock.now + dt.timedelta(seconds=2.4))] == [b, c]
    assert [i.uuid for i in kiosk.store.due(kiosk.clock.now + dt.timedelta(seconds=5))] == [a, b, c]  # FIFO kept

    kiosk.clock.advance(seconds=5)
    assert worker.drain_once() == 0
    assert kiosk.attempts() == {a: 2, b: 0, c: 0}
    next_due = kiosk.store.next_due_at()
    assert next_due is not None
    assert next_due == START  # b and c are still due since they were saved; a waits 5 to 10 s now
    assert kiosk.store.due(kiosk.clock.now + dt.timedelta(seconds=4.9))[0].uuid == b
    assert worker.needs_enrolment is False

    monkeypatch.setattr(cli.central_process, "free_port", lambda: port)
    with CentralProcess(tmp_path / "late.db", DEMO_CATALOGUE, tmp_path / "late.log") as late:
        enrolled(late, keys, kiosk.terminal.id)  # the running client picks the new credentials up
        assert platform.reachable()
        kiosk.clock.advance(seconds=10)
        kiosk.outcomes.clear()
        assert worker.drain_once() == 3
        assert kiosk.outcomes == [(a, Outcome.DELIVERED), (b, Outcome.DELIVERED), (c, Outcome.DELIVERED)]
    for application_uuid in (a, b, c):
        stored = kiosk.store.application(application_uuid)
        assert stored is not None
        assert (stored.state, stored.has_payload) == ("delivered", False)
    assert kiosk.store.pending_count() == 0


def test_an_invalid_application_needs_attention_and_blocks_nothing(
    kiosk: Kiosk, central: Central, platform: HttpPlatform
) -> None:
    first = kiosk.submit()
    [item] = kiosk.store.due(kiosk.clock())
    bad_uuid = str(uuidlib.uuid4())
    bad_number = f"{kiosk.terminal.id}-20261120-9001"
    bad = item.envelope | {
        "uuid": bad_uuid,
        "number": bad_number,
        "answers": item.envelope["answers"] | {"applicant.id_number": WRONG_ID},
    }
    kiosk.store.save_application(
        uuid=bad_uuid,
        number=bad_number,
        package_code=BIRTH,
        catalogue_version=CATALOGUE.version,
        created_at=kiosk.clock(),
        envelope=bad,
        receipt={"application_number": bad_number},
    )
    last = kiosk.submit()
    worker = kiosk.worker(platform)

    assert worker.drain_once() == 2
    assert kiosk.outcomes == [
        (first.uuid, Outcome.DELIVERED),
        (bad_uuid, Outcome.ATTENTION),
        (last.uuid, Outcome.DELIVERED),
    ]
    stored = kiosk.store.application(bad_uuid)
    assert stored is not None
    assert (stored.state, stored.has_payload) == ("attention", True)
    assert stored.last_error == "HTTP 422 invalid fields=applicant.id_number"
    assert WRONG_ID not in stored.last_error

    kiosk.clock.advance(days=1)
    assert worker.drain_once() == 0
    assert len(kiosk.outcomes) == 3  # no further attempt
    assert central.lookup(bad_number).status_code == 404
    assert central.lookup(last.number).status_code == 200


# -- backoff -------------------------------------------------------------------------------------------------------


def test_backoff_grows_is_capped_and_jittered() -> None:
    rng = random.Random(20261120)
    delays = [backoff(attempts, rng).total_seconds() for attempts in range(40)]
    for attempts, delay in enumerate(delays):
        nominal = min(MAX_DELAY_S, 5.0 * 2**attempts)
        assert nominal / 2 <= delay <= nominal
    assert delays[:6] == sorted(delays[:6])  # each attempt's shortest wait is the previous one's longest
    assert delays[0] <= 5.0
    assert max(delays) <= MAX_DELAY_S == 300.0
    assert min(delays[6:]) >= MAX_DELAY_S / 2
    assert backoff(10**9, rng) <= dt.timedelta(seconds=MAX_DELAY_S)
    jittered = {backoff(3, rng) for _ in range(20)}
    assert len(jittered) > 1  # terminals that failed together do not retry together
    replay = random.Random(20261120)
    assert [backoff(a, replay).total_seconds() for a in range(40)] == delays


# -- the worker thread ---------------------------------------------------------------------------------------------


def test_the_worker_thread_delivers_on_its_own(kiosk: Kiosk, platform: HttpPlatform) -> None:
    worker = kiosk.worker(platform)
    worker.start()
    try:
        submitted = kiosk.submit()
        worker.kick()
        deadline = time.monotonic() + WAIT_LIMIT_S
        stored = kiosk.store.application(submitted.uuid)
        while stored is not None and stored.state != "delivered" and time.monotonic() < deadline:
            time.sleep(0.05)
            stored = kiosk.store.application(submitted.uuid)
    finally:
        worker.stop()
    assert stored is not None
    assert stored.state == "delivered"
    assert kiosk.outcomes == [(submitted.uuid, Outcome.DELIVERED)]


def test_the_worker_thread_stops_when_asked(kiosk: Kiosk, platform: HttpPlatform) -> None:
    before = set(threading.enumerate())
    worker = kiosk.worker(platform)
    worker.start()
    [thread] = [t for t in set(threading.enumerate()) - before if t.name == "outbox"]
    assert thread.is_alive()
    worker.stop()  # it was waiting for work: stop wakes it and joins it
    assert not thread.is_alive()


# -- answers the reference platform never gives ----------------------------------------------------------------------


class _Scripted(http.server.BaseHTTPRequestHandler):
    """A loopback HTTP server answering each POST with the next scripted (status, body)."""

    script: ClassVar[list[tuple[int, bytes]]] = []
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        type(self).received.append(json.loads(self.rfile.read(length)))
        status, body = type(self).script.pop(0)
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def scripted() -> Iterator[tuple[HttpPlatform, type[_Scripted]]]:
    class Handler(_Scripted):
        script: ClassVar[list[tuple[int, bytes]]] = []
        received: ClassVar[list[dict[str, Any]]] = []

    handler = Handler
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    client = HttpPlatform(f"http://127.0.0.1:{server.server_address[1]}", timeout_s=HTTP_TIMEOUT_S)
    try:
        yield client, handler
    finally:
        client.close()
        server.shutdown()
        server.server_close()
        thread.join()


RESULT = json.dumps({"uuid": "u", "number": "x", "status": "received", "verification_code": "ABC234",
                     "received_at": "2026-11-20T02:30:00Z", "items": []}).encode()


@pytest.mark.parametrize(
    ("status", "body", "outcome", "error"),
    [
        (503, b'{"error": "busy"}', Outcome.RETRY, "HTTP 503"),
        (429, b"{}", Outcome.RETRY, "HTTP 429"),
        (200, b"<html>proxy login</html>", Outcome.RETRY, "HTTP 200: not JSON"),
        (201, RESULT, Outcome.DELIVERED, ""),
        (201, b'{"number": "x", "items": []}', Outcome.RETRY, "HTTP 201: not an application result"),
        (401, b"{}", Outcome.UNAUTHORIZED, "HTTP 401"),
        (403, b"{}", Outcome.UNAUTHORIZED, "HTTP 403"),
        (404, b"not json", Outcome.ATTENTION, "HTTP 404"),
        (422, b'{"error": "invalid", "fields": {"b": {}, "a": {}}}', Outcome.ATTENTION, "HTTP 422 invalid fields=a,b"),
    ],
)
def test_responses_map_to_outcomes(
    scripted: tuple[HttpPlatform, type[_Scripted]], status: int, body: bytes, outcome: Outcome, error: str
) -> None:
    client, handler = scripted
    handler.script.append((status, body))
    result = client.submit({"uuid": "u"})
    assert (result.outcome, result.error) == (outcome, error)
    assert handler.received == [{"uuid": "u"}]


def test_a_refused_terminal_stops_the_round_and_keeps_the_queue(
    kiosk: Kiosk, scripted: tuple[HttpPlatform, type[_Scripted]]
) -> None:
    client, handler = scripted
    a, b = kiosk.submit().uuid, kiosk.submit().uuid
    handler.script += [(401, b"{}")]
    worker = kiosk.worker(client)
    assert worker.drain_once() == 0
    assert worker.needs_enrolment
    assert kiosk.outcomes == [(a, Outcome.UNAUTHORIZED)]
    assert kiosk.attempts() == {a: 1, b: 0}
    assert len(handler.received) == 1


def test_a_server_error_retries_that_one_and_goes_on(
    kiosk: Kiosk, scripted: tuple[HttpPlatform, type[_Scripted]]
) -> None:
    client, handler = scripted
    a, b = kiosk.submit().uuid, kiosk.submit().uuid
    handler.script += [(500, b"{}"), (201, RESULT)]
    worker = kiosk.worker(client)
    assert worker.drain_once() == 1
    assert kiosk.outcomes == [(a, Outcome.RETRY), (b, Outcome.DELIVERED)]
    assert kiosk.attempts() == {a: 1}
    assert [r["uuid"] for r in handler.received] == [a, b]
