"""Catalogue versions end to end: published with the CLI, served by a real platform, taken by a kiosk.

The kiosk's updater runs against ``kiosk-central serve`` on a loopback port; the answers a real
platform never gives (a wrong digest, a body that is not JSON) come from a small server of the
test's own. Whatever arrives, a catalogue is switched in only whole and checked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.server
import json
import logging
import subprocess
import sys
import threading
import uuid as uuidlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy.orm import Session

from central.db import make_engine
from central.records import CatalogueVersion
from cli.central_process import CentralProcess, free_port
from kiosk.catalogue.delta import canonical_digest, compact_bytes, make_delta
from kiosk.catalogue.install import install_catalogue
from kiosk.store import Store
from kiosk.sync.catalogue import CatalogueUpdater, Update, UpdateResult
from kiosk.sync.client import HttpPlatform
from tests.helpers.bundles import encode, small, text
from tests.helpers.databases import DATABASE_KINDS, central_database
from tests.helpers.platform import enrolled, signed_session

REPO = Path(__file__).resolve().parent.parent
HTTP_TIMEOUT_S = 30.0
NOW = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)
TERMINAL = "HN-CAT-01"
NEW_ITEM = "000000000004"
V1 = encode(small())


def v2_edit(data: dict[str, Any]) -> None:
    """One changed item and one new standalone item, under a new version."""
    data["version"] = "test-2"
    next(i for i in data["items"] if i["code"] == "000000000002")["promised_days"] = 3
    data["items"].append({"code": NEW_ITEM, "name": text("新事项", "New item"), "department": text("人社局", "HR"),
                          "fields": ["applicant.phone"]})


V2 = encode(small(v2_edit))


def broken_edit(data: dict[str, Any]) -> None:
    data["version"] = "test-3-broken"
    data["items"][0]["fields"].append("applicant.nmae")
    data["packages"][0]["items"].append({"code": "999999999999"})


BROKEN = encode(small(broken_edit))
BROKEN_PROBLEMS = ("items[0].fields: unknown field 'applicant.nmae'", "packages[0].items[2].code: unknown item")


def publish(db_url: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "central", "catalogue", "publish", str(path), "--db", db_url],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )


def written(directory: Path, name: str, bundle: bytes) -> Path:
    path = directory / name
    path.write_bytes(bundle)
    return path


@dataclass(frozen=True)
class Central:
    process: CentralProcess
    http: requests.Session  # signed as the kiosk's terminal
    client: HttpPlatform  # the kiosk's own client, the same terminal
    files: Path

    @property
    def db_url(self) -> str:
        return self.process.db_url

    def publish(self, name: str, bundle: bytes) -> subprocess.CompletedProcess[str]:
        return publish(self.db_url, written(self.files, name, bundle))

    def catalogue(self, since: str | None = None, **headers: str) -> requests.Response:
        params = {"since": since} if since is not None else None
        return self.http.get(f"{self.process.url}/v1/catalogue", params=params, headers=headers,
                             timeout=HTTP_TIMEOUT_S)


@pytest.fixture(params=DATABASE_KINDS)
def central(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Central]:
    """A platform that published test-1 (with the CLI) and serves it; its kiosk is enrolled."""
    with central_database(request.param, tmp_path) as db_url:
        v1 = written(tmp_path, "v1.json", V1)
        assert publish(db_url, v1).returncode == 0
        with CentralProcess(db_url, v1, tmp_path / "central.log") as process:
            credentials = enrolled(process, tmp_path / "keys", TERMINAL)
            http = signed_session(credentials)
            client = HttpPlatform(process.url, timeout_s=HTTP_TIMEOUT_S, credentials=credentials)
            yield Central(process, http, client, tmp_path)
            client.close()
            http.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "kiosk-state")
    yield store
    store.close()


def updater(platform: Any, store: Store) -> CatalogueUpdater:
    return CatalogueUpdater(platform, store, clock=lambda: NOW)


def held(store: Store) -> bytes:
    current = store.current_catalogue()
    assert current is not None
    return current[0]


# -- publishing ------------------------------------------------------------------------------------


def test_publish_refuses_a_malformed_bundle_and_lists_every_problem(central: Central) -> None:
    result = central.publish("broken.json", BROKEN)
    assert result.returncode == 2
    assert "broken.json: not published, 2 problems" in result.stderr
    for problem in BROKEN_PROBLEMS:
        assert problem in result.stderr
    assert "Traceback" not in result.stderr
    assert central.catalogue().headers["X-Catalogue-Version"] == "test-1"


def test_a_version_is_published_once_and_always_means_the_same_bytes(central: Central) -> None:
    again = central.publish("v1-again.json", V1)
    assert (again.returncode, again.stdout.strip()) == (0, "catalogue test-1 is already published: nothing to do")
    other_bytes = central.publish("v1-edited.json", encode(small(lambda d: d["items"].pop(2))))
    assert other_bytes.returncode == 2
    assert "'test-1' is already published with other content" in other_bytes.stderr
    assert len(other_bytes.stderr.strip().splitlines()) == 1
    published = central.publish("v2.json", V2)
    assert (published.returncode, published.stdout.strip()) == (
        0, "catalogue test-2 published: the newest version from now on")


# -- what the platform serves ----------------------------------------------------------------------


def test_the_newest_version_is_served_whole_with_its_etag_or_as_a_delta(central: Central) -> None:
    first = central.catalogue()
    etag = f'"{hashlib.sha256(V1).hexdigest()}"'
    assert (first.status_code, first.content, first.headers["ETag"]) == (200, V1, etag)
    assert first.headers["X-Catalogue-Version"] == "test-1"
    assert central.catalogue(**{"If-None-Match": etag}).status_code == 304
    assert central.publish("v2.json", V2).returncode == 0

    v2_etag = f'"{hashlib.sha256(V2).hexdigest()}"'
    whole = central.catalogue(**{"If-None-Match": etag})
    assert (whole.status_code, whole.content, whole.headers["ETag"]) == (200, V2, v2_etag)
    delta = central.catalogue(since="test-1")
    assert (delta.status_code, delta.headers["X-Catalogue-Delta-From"]) == (200, "test-1")
    assert delta.headers["Content-Type"].startswith("application/json")
    assert delta.json() == json.loads(compact_bytes(make_delta(json.loads(V1), json.loads(V2))))
    unknown = central.catalogue(since="test-0")
    assert (unknown.content, "X-Catalogue-Delta-From" in unknown.headers) == (V2, False)
    canonical = f'"{canonical_digest(json.loads(V2))}"'
    for held_etag in (v2_etag, canonical):  # the bytes published, or their canonical form after a delta
        same = central.catalogue(since="test-2", **{"If-None-Match": held_etag})
        assert (same.status_code, same.headers["X-Catalogue-Version"]) == (304, "test-2")
    unsigned = requests.get(f"{central.process.url}/v1/catalogue", timeout=HTTP_TIMEOUT_S)
    assert unsigned.status_code == 401


def test_applications_and_consents_are_checked_against_the_newest_catalogue(central: Central) -> None:
    def submit() -> requests.Response:
        application = str(uuidlib.uuid4())
        body = {"uuid": application, "number": f"{TERMINAL}-20261121-{application[:8]}", "terminal_id": TERMINAL,
                "package_code": NEW_ITEM, "catalogue_version": "test-2", "submitted_at": "2026-11-21T09:00:00+08:00",
                "answers": {"applicant.phone": "13807310000"}}
        return central.http.post(f"{central.process.url}/v1/applications", json=body, timeout=HTTP_TIMEOUT_S)

    def consent() -> requests.Response:
        body = {"names": ["shared.marital_status"], "purpose": NEW_ITEM, "wording_version": "v1"}
        return central.http.post(f"{central.process.url}/v1/citizens/{'0' * 64}/shared-data", json=body,
                                 timeout=HTTP_TIMEOUT_S)

    for before in (submit(), consent()):
        assert (before.status_code, before.json()["error"]) == (422, "unknown_package")
    assert central.publish("v2.json", V2).returncode == 0
    assert submit().status_code == 201
    assert consent().status_code == 200  # a package published while the platform runs is a purpose at once
    health = requests.get(f"{central.process.url}/v1/health", timeout=HTTP_TIMEOUT_S).json()
    assert health["catalogue_version"] == "test-2"


# -- the kiosk's updater against the real platform -------------------------------------------------


def test_the_kiosk_goes_from_v1_to_v2_through_a_small_delta(
    central: Central, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    kiosk = updater(central.client, store)
    first = kiosk.check()
    assert (first.reason, first.version, first.delta) == (Update.UPDATED, "test-1", False)
    assert held(store) == V1
    assert kiosk.check().reason == Update.CURRENT

    assert central.publish("v2.json", V2).returncode == 0
    with caplog.at_level(logging.INFO, logger="kiosk.sync"):
        second = kiosk.check()
    assert (second.reason, second.version, second.offered, second.delta) == (Update.UPDATED, "test-2", "test-2", True)
    changed_items = compact_bytes([i for i in json.loads(V2)["items"] if i["code"] in ("000000000002", NEW_ITEM)])
    assert second.received_bytes < len(changed_items) + 250 < len(V2) // 3  # the entries, versions and digest
    assert json.dumps(json.loads(held(store)), ensure_ascii=False) == json.dumps(json.loads(V2), ensure_ascii=False)
    assert "catalogue test-1 → test-2 from the platform, as a delta" in caplog.text

    third = kiosk.check()
    assert (third.reason, third.version, third.received_bytes) == (Update.CURRENT, "test-2", 0)


def test_a_malformed_catalogue_from_the_platform_is_rejected_and_the_previous_one_kept(
    central: Central, store: Store
) -> None:
    """Issue 4 (d). The bundle reaches the platform's database past `publish`, as a damaged row would."""
    kiosk = updater(central.client, store)
    assert kiosk.check().reason == Update.UPDATED
    engine = make_engine(central.db_url)
    try:
        with Session(engine) as session, session.begin():
            session.add(CatalogueVersion(version="test-3-broken", digest=hashlib.sha256(BROKEN).hexdigest(),
                                         bundle=BROKEN, published_at=NOW))
    finally:
        engine.dispose()

    result = kiosk.check()
    assert (result.reason, result.version, result.offered) == (Update.REJECTED, "test-1", "test-3-broken")
    assert result.delta  # it arrived intact: the digest matched, the checks did not pass
    assert len(result.problems) == 2
    for expected, problem in zip(BROKEN_PROBLEMS, result.problems, strict=True):
        assert problem.startswith(expected)
    assert held(store) == V1
    health = requests.get(f"{central.process.url}/v1/health", timeout=HTTP_TIMEOUT_S).json()
    assert health["catalogue_version"] == "test-1"  # the platform keeps checking against the last good one


# -- answers a real platform never gives -----------------------------------------------------------


@dataclass
class Canned:
    """A platform of the test's own: every GET gets the status, body and headers set here."""

    url: str
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] | None = None
    asked: list[str] | None = None


@pytest.fixture
def canned() -> Iterator[Canned]:
    answer = Canned("", asked=[])

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            assert answer.asked is not None
            answer.asked.append(self.path)
            self.send_response(answer.status)
            for name, value in (answer.headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    answer.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield answer
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def kiosk_on_v1(canned: Canned, store: Store) -> Iterator[CatalogueUpdater]:
    install_catalogue(store, V1)
    client = HttpPlatform(canned.url, timeout_s=HTTP_TIMEOUT_S)
    yield updater(client, store)
    client.close()


def check_keeps_v1(kiosk: CatalogueUpdater, store: Store, reason: Update) -> UpdateResult:
    result = kiosk.check()
    assert (result.reason, result.version) == (reason, "test-1")
    assert held(store) == V1
    return result


def test_a_bundle_that_is_not_json_is_rejected(canned: Canned, kiosk_on_v1: CatalogueUpdater, store: Store) -> None:
    canned.body = b'{"format": 1, "version": "test-2", "items": ['  # cut short, yet sent with its own digest
    canned.headers = {"ETag": f'"{hashlib.sha256(canned.body).hexdigest()}"', "X-Catalogue-Version": "test-2"}
    result = check_keeps_v1(kiosk_on_v1, store, Update.REJECTED)
    assert result.problems[0].startswith("not valid JSON")
    assert canned.asked == ["/v1/catalogue?since=test-1"]


def test_a_bundle_that_does_not_match_its_etag_is_not_switched_in(
    canned: Canned, kiosk_on_v1: CatalogueUpdater, store: Store
) -> None:
    canned.body, canned.headers = V2, {"ETag": f'"{hashlib.sha256(V1).hexdigest()}"'}
    check_keeps_v1(kiosk_on_v1, store, Update.DIGEST_MISMATCH)
    canned.headers = {}
    check_keeps_v1(kiosk_on_v1, store, Update.DIGEST_MISMATCH)


def test_a_delta_whose_result_does_not_match_its_digest_is_not_switched_in(
    canned: Canned, kiosk_on_v1: CatalogueUpdater, store: Store
) -> None:
    delta = make_delta(json.loads(V1), json.loads(V2))
    canned.headers = {"X-Catalogue-Delta-From": "test-1", "X-Catalogue-Version": "test-2"}
    canned.body = compact_bytes(delta | {"digest": canonical_digest(json.loads(V1))})
    result = check_keeps_v1(kiosk_on_v1, store, Update.DIGEST_MISMATCH)
    assert result.delta
    canned.body = compact_bytes(delta | {"remove": {"items": "all"}})
    assert check_keeps_v1(kiosk_on_v1, store, Update.REJECTED).problems[0].startswith("the delta does not apply")
    canned.headers["X-Catalogue-Delta-From"] = "test-0"
    canned.body = compact_bytes(delta)
    check_keeps_v1(kiosk_on_v1, store, Update.REJECTED)


def test_network_and_http_trouble_is_a_result_not_an_exception(
    canned: Canned, kiosk_on_v1: CatalogueUpdater, store: Store
) -> None:
    canned.status, canned.body = 503, b'{"error": "unavailable"}'
    assert check_keeps_v1(kiosk_on_v1, store, Update.UNREACHABLE).problems == ("HTTP 503",)
    nobody = HttpPlatform(f"http://127.0.0.1:{free_port()}", timeout_s=HTTP_TIMEOUT_S)
    try:
        check_keeps_v1(updater(nobody, store), store, Update.UNREACHABLE)
    finally:
        nobody.close()
