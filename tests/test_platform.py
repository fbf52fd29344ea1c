"""The one platform protocol (kiosk/sync/platform.py): the kiosk's workers on any platform that has it,
the in-memory one included, and the HTTP client's answers checked against the wire models
(kiosk/sync/wire.py): an answer unlike them is no answer, logged without a personal value.
The real platform's answers are tested in tests/test_citizens.py, test_sync.py and test_heartbeat.py."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import logging
import threading
import uuid as uuidlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kiosk.assets import DEMO_CATALOGUE
from kiosk.catalogue import load_catalogue
from kiosk.catalogue.install import install_catalogue
from kiosk.i18n import Text
from kiosk.log import forget_personal_values
from kiosk.session import CitizenSession, Terminal
from kiosk.store import Store
from kiosk.sync.catalogue import CatalogueUpdater, Update
from kiosk.sync.client import HttpPlatform
from kiosk.sync.heartbeat import Command, DeviceState, Heartbeat, Sources
from kiosk.sync.outbox import OutboxWorker
from kiosk.sync.platform import Outcome, Platform
from kiosk.sync.wire import CitizenApplication, CommandOut, Licence, Message
from tests.helpers.answers import typed_birth_answers
from tests.helpers.memory_platform import MemoryPlatform
from tests.helpers.people import ID_NUMBER, resident

CATALOGUE = load_catalogue(DEMO_CATALOGUE)
BIRTH = "43PCN0009"
KEY = "ab" * 32
TIMEOUT_S = 30.0
NOW = "2026-11-20T02:30:00Z"
APPLICATION = {
    "number": "HN-T1-20261120-0001", "package_code": BIRTH, "package_name": {"zh": "出生一件事", "en": "Birth"},
    "channel": "online", "status": "approved", "received_at": NOW, "decided_at": NOW, "reason": None,
    "items": [{"number": "HN-T1-20261120-0001-01", "item_code": "002307002000", "name": {"zh": "甲", "en": "A"},
               "status": "approved", "promised_date": "2026-11-23", "certificate": None}],
}
LICENCE = {"kind": "driving_licence", "kind_name": {"zh": "机动车驾驶证", "en": "Driving licence"},
           "number": ID_NUMBER, "issued_on": "2020-07-20", "valid_until": None, "data": {"licence_class": "C1"}}


# -- any platform: the workers see only the protocol ----------------------------------------------------------


def test_the_memory_platform_is_a_platform() -> None:
    platform: Platform = MemoryPlatform()  # mypy checks every method against the protocol
    assert platform.reachable()
    key = platform.citizen_key(ID_NUMBER)
    assert key is not None and len(key) == 64 and ID_NUMBER not in key
    assert MemoryPlatform(secret=None).citizen_key(ID_NUMBER) is None  # not enrolled: nobody to ask about


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "state")
    yield store
    store.close()
    forget_personal_values()


def submit(store: Store) -> str:
    session = CitizenSession(CATALOGUE, store, Terminal("HN-T1", Text("测试大厅", "Test hall"), "http://127.0.0.1:1"))
    session.identify(resident())
    session.choose(BIRTH)
    for key, value in typed_birth_answers(child__birth_date="2024-05-01").items():
        session.set_answer(key, value)
    submitted = session.submit()
    session.reset()
    return submitted.uuid


def test_the_outbox_delivers_to_any_platform_and_keeps_its_answer(store: Store) -> None:
    platform = MemoryPlatform(online=False)
    application_uuid = submit(store)
    now = [dt.datetime.now(dt.UTC)]
    outbox = OutboxWorker(store, platform, clock=lambda: now[0])
    assert outbox.drain_once() == 0
    platform.online = True
    now[0] += dt.timedelta(hours=1)  # past the backoff
    assert outbox.drain_once() == 1
    stored = store.application(application_uuid)
    assert stored is not None and stored.state == "delivered"
    assert stored.result == platform.received[application_uuid].model_dump(mode="json")


def test_the_heartbeat_reports_and_takes_commands_from_any_platform() -> None:
    platform = MemoryPlatform(commands=[CommandOut(id=7, command="print_test_page", arguments={})],
                              config={"ui.language": "en"})
    handled: list[Command] = []
    configs: list[dict[str, object]] = []
    sources = Sources(lambda: "2026.11", lambda: 3, {"printer": lambda: DeviceState("warning", "paper\nlow")})
    heartbeat = Heartbeat(platform, sources, handled.append, interval_s=30, on_config=configs.append)
    assert heartbeat.beat_once() == [Command(7, "print_test_page", {})]
    assert heartbeat.beat_once() == []  # handed out once
    assert handled == [Command(7, "print_test_page", {})] and configs == [{"ui.language": "en"}]
    [report, _] = platform.beats
    assert (report.catalogue_version, report.outbox_pending, report.interval_s) == ("2026.11", 3, 30)
    assert report.devices["printer"].model_dump() == {"health": "warning", "detail": "paperlow"}
    platform.online = False
    assert heartbeat.beat_once() is None and heartbeat.failures == 1


def test_the_catalogue_is_asked_for_from_the_version_held(store: Store) -> None:
    install_catalogue(store, DEMO_CATALOGUE.read_bytes())
    platform = MemoryPlatform()
    result = CatalogueUpdater(platform, store, lambda: dt.datetime.now(dt.UTC)).check()
    assert (result.reason, result.version) == (Update.CURRENT, CATALOGUE.version)
    [(since, etags)] = platform.catalogue_asked
    assert since == CATALOGUE.version and etags is not None and etags.startswith('"')


# -- the HTTP client: answers are validated with the wire models ------------------------------------------------


@dataclass
class Canned:
    """A loopback server answering each path with the (status, JSON body) set for it."""

    url: str = ""
    answers: dict[str, tuple[int, object]] = field(default_factory=dict)
    asked: list[tuple[str, str, object]] = field(default_factory=list)  # method, path, body


@pytest.fixture
def canned() -> Iterator[Canned]:
    canned = Canned()

    class Handler(http.server.BaseHTTPRequestHandler):
        def answer(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            canned.asked.append((self.command, self.path, json.loads(self.rfile.read(length)) if length else None))
            status, body = canned.answers.get(self.path, (404, {"error": "not_found"}))
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = answer

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    canned.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield canned
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def client(canned: Canned) -> Iterator[HttpPlatform]:
    client = HttpPlatform(canned.url, timeout_s=TIMEOUT_S)
    yield client
    client.close()


def test_well_formed_answers_become_models(canned: Canned, client: HttpPlatform) -> None:
    canned.answers[f"/v1/citizens/{KEY}/applications"] = (200, {"applications": [APPLICATION], "newer": "ignored"})
    canned.answers[f"/v1/citizens/{KEY}/licences"] = (200, {"licences": [LICENCE]})
    canned.answers[f"/v1/citizens/{KEY}/shared-data"] = (200, {"consent_id": 4, "values": {"shared.x": "y"}})
    [application] = client.citizen_applications(KEY) or []
    assert isinstance(application, CitizenApplication)
    assert application.package_name == Message(zh="出生一件事", en="Birth")
    assert application.items[0].promised_date == dt.date(2026, 11, 23)
    assert client.licences(KEY) == [Licence.model_validate(LICENCE)]
    shared = client.shared_data(KEY, ["shared.x"], BIRTH, "v1")
    assert shared is not None and (shared.consent_id, shared.values) == (4, {"shared.x": "y"})
    assert canned.asked[-1] == ("POST", f"/v1/citizens/{KEY}/shared-data",
                                {"names": ["shared.x"], "purpose": BIRTH, "wording_version": "v1"})


@pytest.mark.parametrize(
    ("path", "body", "fault"),
    [
        ("applications", {"applications": [APPLICATION | {"items": [{"number": ID_NUMBER}]}]},
         "applications.0.items.0.item_code (missing)"),
        ("applications", {"applications": [APPLICATION | {"received_at": ID_NUMBER}]},
         "applications.0.received_at (datetime_"),
        ("applications", [APPLICATION], "(model_type)"),
        ("licences", {"licences": [LICENCE | {"kind_name": ID_NUMBER}]}, "licences.0.kind_name (model_type)"),
        ("licences", {"licences": [LICENCE | {"valid_until": ID_NUMBER}]}, "licences.0.valid_until (date_"),
    ],
)
def test_a_malformed_answer_is_no_answer_and_logs_no_value(
    canned: Canned, client: HttpPlatform, caplog: pytest.LogCaptureFixture, path: str, body: object, fault: str
) -> None:
    canned.answers[f"/v1/citizens/{KEY}/{path}"] = (200, body)
    caplog.set_level(logging.DEBUG, logger="kiosk.sync")
    lookup = client.citizen_applications if path == "applications" else client.licences
    assert lookup(KEY) is None
    [record] = [r for r in caplog.records if r.name == "kiosk.sync"]
    assert record.levelno == logging.WARNING and "not understood" in record.getMessage()
    assert fault in record.getMessage()
    assert ID_NUMBER not in caplog.text and KEY not in caplog.text


def test_a_malformed_heartbeat_answer_is_no_answer(canned: Canned, client: HttpPlatform) -> None:
    canned.answers["/v1/terminals/heartbeat"] = (200, {"commands": [{"id": "first", "command": "x"}], "config": {},
                                                       "server_time": NOW})
    heartbeat = Heartbeat(client, Sources(lambda: "v", lambda: 0), lambda _c: pytest.fail("no command is understood"))
    assert heartbeat.beat_once() is None and heartbeat.failures == 1
    [(method, path, sent)] = canned.asked
    assert (method, path) == ("POST", "/v1/terminals/heartbeat")
    assert isinstance(sent, dict) and sent["catalogue_version"] == "v" and sent["devices"] == {}
    canned.answers["/v1/terminals/heartbeat"] = (200, {"commands": [], "config": {}, "server_time": NOW})
    assert heartbeat.beat_once() == [] and heartbeat.failures == 0


def test_a_request_unlike_the_wire_model_is_not_sent(canned: Canned, client: HttpPlatform) -> None:
    assert client.shared_data(KEY, ["marital_status"], BIRTH, "v1") is None  # not a shared.* name
    assert client.rate("HN-T1-20261120-0001", 6, "") is None  # five levels
    assert canned.asked == []


def test_an_application_answer_unlike_a_result_is_retried(canned: Canned, client: HttpPlatform) -> None:
    application_uuid = str(uuidlib.uuid4())
    canned.answers["/v1/applications"] = (201, {"uuid": application_uuid, "number": "x"})
    result = client.submit({"uuid": application_uuid})
    assert (result.outcome, result.result, result.error) == (Outcome.RETRY, None, "HTTP 201: not an application result")
