"""The platform: a real ``kiosk-central serve`` on a loopback port, spoken to with requests.

Every test that touches the platform's database runs on SQLite and on PostgreSQL (the second
only under `make test`, which starts the test cluster; see tests/helpers/databases.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
import socket
import subprocess
import sys
import threading
import time
import uuid as uuidlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from central.db import Application, Base, ItemApplication, make_engine
from central.errors import InternalErrors
from central.migrate import migrate, upgrade
from central.submissions import Accepted, Applications, Rejected
from kiosk.assets import DEMO_CATALOGUE
from kiosk.catalogue import load_catalogue
from kiosk.forms.engine import CombinedForm
from kiosk.forms.samples import sample_value
from kiosk.identity import id_check_char
from kiosk.sync.signing import Credentials, enrol
from kiosk.sync.wire import Submission
from kiosk.workdays import WorkCalendar
from tests.helpers.databases import DATABASE_KINDS, central_database
from tests.helpers.platform import run_central, signed_session

REPO = Path(__file__).resolve().parent.parent
CATALOGUE = load_catalogue(DEMO_CATALOGUE)
BIRTH = "43PCN0009"
MATERNITY_ITEM = "203636002000"
CHINA = dt.timezone(dt.timedelta(hours=8))
STARTUP_LIMIT_S = 60.0
HTTP_TIMEOUT_S = 30.0
TERMINAL = "HN-TEST-01"  # the terminal the tests sign as, and their envelopes name
VERIFICATION_ALPHABET = set("ABCDEFGHJKMNPQRSTUVWXYZ23456789")


@dataclass(frozen=True)
class Server:
    url: str
    db_url: str
    http: requests.Session  # signed as the terminal the tests' envelopes name




def wait_for_listening(process: subprocess.Popen[str], stdout: Path, stderr: Path) -> str:
    deadline = time.monotonic() + STARTUP_LIMIT_S
    while time.monotonic() < deadline:
        for line in stdout.read_text().splitlines():
            if line.startswith("kiosk-central listening on "):
                return line.removeprefix("kiosk-central listening on ")
        if process.poll() is not None:
            pytest.fail(f"kiosk-central exited with {process.returncode}: {stderr.read_text()}")
        time.sleep(0.05)
    pytest.fail(f"kiosk-central did not say it was listening: {stderr.read_text()}")


@pytest.fixture(params=DATABASE_KINDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database on SQLite, then on PostgreSQL."""
    with central_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture(scope="module", params=DATABASE_KINDS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server per database kind, shared by the module's tests."""
    tmp = tmp_path_factory.mktemp("central")
    stdout, stderr = tmp / "stdout.txt", tmp / "stderr.txt"
    with central_database(request.param, tmp) as db_url, stdout.open("w") as out, stderr.open("w") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "central", "serve", "--db", db_url, "--host", "127.0.0.1", "--port", "0"],
            cwd=REPO,
            stdout=out,
            stderr=err,
            text=True,
        )
        try:
            url = wait_for_listening(process, stdout, stderr)
            yield Server(url, db_url, signed_session(enrol_terminal(url, db_url, tmp / "keys")))
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    assert "Traceback" not in stderr.read_text()


@contextmanager
def database(server: Server) -> Iterator[Session]:
    engine = make_engine(server.db_url)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def resident_id(first17: str) -> str:
    return first17 + id_check_char(first17)


def birth_answers(overrides: dict[str, object] | None = None) -> dict[str, object]:
    form = CombinedForm(CATALOGUE, CATALOGUE.package(BIRTH))
    answers = {f.key: sample_value(f) for f in form.fields if f.calculate is None}
    answers |= {
        "other_parent.id_number": resident_id("43010219920815224"),
        "child.same_ethnicity": True,
        "child.ethnicity": "汉族",  # hidden while the parents share an ethnic group
        "child.maternity_claim": False,
    }
    answers |= overrides or {}
    return answers


def envelope(answers: dict[str, object], **fields: object) -> dict[str, Any]:
    application_uuid = str(uuidlib.uuid4())
    body: dict[str, Any] = {
        "uuid": application_uuid,
        "number": f"HN-TEST-01-20261112-{application_uuid[:8]}",
        "terminal_id": TERMINAL,
        "package_code": BIRTH,
        "catalogue_version": CATALOGUE.version,
        "submitted_at": "2026-11-12T09:30:00+08:00",
        "answers": answers,
        "sources": {k: "document" if k.startswith("applicant.") else "citizen" for k in answers},
    }
    return body | fields


def post(server: Server, body: dict[str, Any]) -> requests.Response:
    return server.http.post(f"{server.url}/v1/applications", json=body, timeout=HTTP_TIMEOUT_S)


def enrol_terminal(url: str, db_url: str, keys: Path, terminal_id: str = TERMINAL) -> Credentials:
    added = run_central("terminal", "add", terminal_id, "--db", db_url)
    code = added.stdout.split("enrolment code ")[1].split()[0]
    return enrol(url, terminal_id, code, keys)


def birth_item_codes(maternity: bool) -> list[str]:
    codes = [pi.item_code for pi in CATALOGUE.package(BIRTH).items]
    return codes if maternity else [c for c in codes if c != MATERNITY_ITEM]


def stored(server: Server, application_uuid: str) -> Application | None:
    with database(server) as session:
        return session.get(Application, application_uuid, options=[selectinload(Application.items)])


# -- the API ---------------------------------------------------------------------------------------


def test_health_names_the_catalogue_version(server: Server) -> None:
    response = requests.get(f"{server.url}/v1/health", timeout=HTTP_TIMEOUT_S)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "catalogue_version": CATALOGUE.version}


def test_catalogue_is_served_as_loaded_with_an_etag(server: Server) -> None:
    bundle = DEMO_CATALOGUE.read_bytes()
    etag = f'"{hashlib.sha256(bundle).hexdigest()}"'
    response = server.http.get(f"{server.url}/v1/catalogue", timeout=HTTP_TIMEOUT_S)
    assert response.status_code == 200
    assert response.content == bundle
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers["ETag"] == etag

    unchanged = server.http.get(f"{server.url}/v1/catalogue", headers={"If-None-Match": etag}, timeout=HTTP_TIMEOUT_S)
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged.headers["ETag"] == etag

    stale = server.http.get(f"{server.url}/v1/catalogue", headers={"If-None-Match": '"0"'}, timeout=HTTP_TIMEOUT_S)
    assert stale.status_code == 200
    assert stale.content == bundle


def test_openapi_describes_the_v1_paths(server: Server) -> None:
    paths = requests.get(f"{server.url}/openapi.json", timeout=HTTP_TIMEOUT_S).json()["paths"]
    assert {"/v1/health", "/v1/catalogue", "/v1/applications", "/v1/applications/{number}"} <= set(paths)


@pytest.mark.parametrize("maternity", [False, True])
def test_a_birth_application_fans_out_to_one_item_application_per_item(server: Server, maternity: bool) -> None:
    body = envelope(birth_answers({"child.maternity_claim": maternity}))
    response = post(server, body)
    assert response.status_code == 201, response.text
    result = response.json()
    assert set(result) == {"uuid", "number", "status", "verification_code", "received_at", "items"}
    assert (result["uuid"], result["number"], result["status"]) == (body["uuid"], body["number"], "received")
    assert len(result["verification_code"]) == 6
    assert set(result["verification_code"]) <= VERIFICATION_ALPHABET

    codes = birth_item_codes(maternity)
    assert len(codes) == (7 if maternity else 6)
    received_day = dt.datetime.fromisoformat(result["received_at"]).astimezone(CHINA).date()
    calendar = WorkCalendar()  # the official one: this platform has published no years
    assert result["items"] == [
        {
            "item_code": code,
            "number": f"{body['number']}-{n:02d}",
            "status": "received",
            "promised_date": calendar.add_working_days(received_day, CATALOGUE.items[code].promised_days).isoformat(),
        }
        for n, code in enumerate(codes, start=1)
    ]

    application = stored(server, body["uuid"])
    assert application is not None
    for item in application.items:
        assert set(item.answers) <= set(CATALOGUE.items[item.item_code].fields)
        assert all(item.answers[k] == application.answers[k] for k in item.answers)
    if maternity:
        assert application.items[-1].answers["bank.account"] == body["answers"]["bank.account"]


def test_hidden_and_inapplicable_values_are_not_stored(server: Server) -> None:
    body = envelope(birth_answers())
    assert post(server, body).status_code == 201
    application = stored(server, body["uuid"])
    assert application is not None
    assert application.answers["child.same_ethnicity"] is True
    assert "child.ethnicity" not in application.answers  # hidden by same_ethnicity
    assert "bank.account" not in application.answers  # only the maternity item asks for it
    assert "child.ethnicity" not in application.sources
    assert all("child.ethnicity" not in item.answers for item in application.items)
    assert application.answers["applicant.name"] == body["answers"]["applicant.name"]
    assert application.sources["applicant.name"] == "document"


def test_a_replay_gets_the_original_result(server: Server) -> None:
    body = envelope(birth_answers())
    first = post(server, body)
    assert first.status_code == 201
    again = post(server, body)
    assert again.status_code == 200
    assert again.json() == first.json()
    # The same content with other key order and spacing is the same canonical body.
    reformatted = json.dumps(dict(reversed(body.items())), indent=2, ensure_ascii=False).encode()
    response = server.http.post(
        f"{server.url}/v1/applications",
        data=reformatted,
        headers={"Content-Type": "application/json"},
        timeout=HTTP_TIMEOUT_S,
    )
    assert response.status_code == 200
    assert response.json() == first.json()


def test_a_changed_body_under_a_known_uuid_is_a_conflict(server: Server) -> None:
    body = envelope(birth_answers())
    assert post(server, body).status_code == 201
    changed = body | {"answers": body["answers"] | {"child.name": "王小红"}}
    response = post(server, changed)
    assert response.status_code == 409
    assert response.json()["error"] == "conflict"
    assert set(response.json()["message"]) == {"zh", "en"}
    application = stored(server, body["uuid"])
    assert application is not None
    assert application.answers["child.name"] == body["answers"]["child.name"]


def test_a_known_number_under_another_uuid_is_a_conflict(server: Server) -> None:
    body = envelope(birth_answers())
    assert post(server, body).status_code == 201
    response = post(server, body | {"uuid": str(uuidlib.uuid4())})
    assert response.status_code == 409
    assert response.json()["error"] == "conflict"
    assert response.json()["message"]["en"]


def test_an_invalid_id_number_is_named_in_both_languages(server: Server) -> None:
    good = resident_id("43010219900307123")
    wrong_check = good[:17] + ("0" if good[17] != "0" else "1")
    body = envelope(birth_answers({"applicant.id_number": wrong_check}))
    response = post(server, body)
    assert response.status_code == 422
    assert response.json()["error"] == "invalid"
    message = response.json()["fields"]["applicant.id_number"]
    assert message["zh"] and message["en"] and message["zh"] != message["en"]
    assert stored(server, body["uuid"]) is None


def test_a_missing_required_answer_is_invalid(server: Server) -> None:
    answers = birth_answers()
    del answers["child.name"]
    response = post(server, envelope(answers))
    assert response.status_code == 422
    assert "child.name" in response.json()["fields"]


def test_an_unknown_package_is_rejected(server: Server) -> None:
    response = post(server, envelope(birth_answers(), package_code="43XXX0000"))
    assert response.status_code == 422
    assert response.json()["error"] == "unknown_package"


def test_a_malformed_body_is_rejected_without_echoing_it(server: Server) -> None:
    secret = resident_id("43010219851111456")
    response = post(server, envelope(birth_answers(), submitted_at="yesterday", note=secret))
    assert response.status_code == 422
    assert response.json()["error"] == "malformed"
    assert secret not in response.text
    locations = [problem["loc"] for problem in response.json()["detail"]]
    assert ["body", "submitted_at"] in locations and ["body", "note"] in locations


def test_an_oversized_body_is_refused(server: Server) -> None:
    body = envelope(birth_answers({"child.birth_place": "医" * 400_000}))
    response = post(server, body)
    assert response.status_code == 413


def test_lookup_by_application_or_item_number_gives_the_result_without_answers(server: Server) -> None:
    body = envelope(birth_answers())
    created = post(server, body).json()
    by_number = server.http.get(f"{server.url}/v1/applications/{body['number']}", timeout=HTTP_TIMEOUT_S)
    assert by_number.status_code == 200
    assert by_number.json() == created
    assert "answers" not in by_number.text
    by_item = server.http.get(f"{server.url}/v1/applications/{body['number']}-03", timeout=HTTP_TIMEOUT_S)
    assert by_item.status_code == 200
    assert by_item.json() == created


def test_an_unknown_number_is_404(server: Server) -> None:
    response = server.http.get(f"{server.url}/v1/applications/HN-NOPE-20261112-0001", timeout=HTTP_TIMEOUT_S)
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert set(response.json()["message"]) == {"zh", "en"}


def test_concurrent_duplicates_make_one_application(server: Server) -> None:
    body = envelope(birth_answers())
    senders = 8
    barrier = threading.Barrier(senders)
    responses: list[requests.Response | None] = [None] * senders

    def send(index: int) -> None:
        barrier.wait(timeout=HTTP_TIMEOUT_S)
        responses[index] = post(server, body)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r is not None for r in responses)
    answered = [r for r in responses if r is not None]
    assert sorted(r.status_code for r in answered) == [200] * (senders - 1) + [201]
    assert all(r.json() == answered[0].json() for r in answered)
    with database(server) as session:
        assert session.scalar(select(func.count()).where(Application.number == body["number"])) == 1
        items = session.scalar(select(func.count()).where(ItemApplication.application_uuid == body["uuid"]))
        assert items == len(birth_item_codes(maternity=False))


def test_an_unhandled_error_is_a_bare_500_logged_without_the_request(caplog: pytest.LogCaptureFixture) -> None:
    async def broken(scope: Any, receive: Any, send: Any) -> None:
        await receive()
        raise RuntimeError("broken on purpose")

    sent: list[dict[str, Any]] = []
    request_body = json.dumps({"answers": {"applicant.name": "张三"}}, ensure_ascii=False).encode()

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": request_body, "more_body": False}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/applications",
        "raw_path": b"/v1/applications",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8700),
    }
    with caplog.at_level(logging.ERROR, logger="central"):
        asyncio.run(InternalErrors(broken)(scope, receive, send))
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 500
    assert json.loads(b"".join(m.get("body", b"") for m in sent[1:])) == {"error": "internal"}
    assert "RuntimeError: broken on purpose" in caplog.text
    assert "张三" not in caplog.text


class RacingApplications(Applications):
    """Misses the stored application on its first look, as a request that lost a race would."""

    looked = False

    def _known(self, submission: Submission, digest: str) -> Accepted | Rejected | None:
        if not self.looked:
            self.looked = True
            return None
        return super()._known(submission, digest)


def test_a_lost_race_is_settled_by_the_unique_constraints(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        body = envelope(birth_answers())
        first = Applications(engine, CATALOGUE).receive(Submission.model_validate(body))
        assert isinstance(first, Accepted) and first.created

        replay = RacingApplications(engine, CATALOGUE).receive(Submission.model_validate(body))
        assert isinstance(replay, Accepted) and not replay.created
        assert replay.result == first.result

        same_number = body | {"uuid": str(uuidlib.uuid4())}
        conflict = RacingApplications(engine, CATALOGUE).receive(Submission.model_validate(same_number))
        assert isinstance(conflict, Rejected)
        assert (conflict.status, conflict.body["error"]) == (409, "conflict")
        with Session(engine) as session:
            assert session.scalar(select(func.count()).select_from(Application)) == 1
    finally:
        engine.dispose()


def test_a_nul_is_stopped_before_it_reaches_the_database(db_url: str) -> None:
    """PostgreSQL text cannot hold a NUL: such input is malformed or unknown, not a database error."""
    with pytest.raises(ValidationError, match="catalogue_version"):
        Submission.model_validate(envelope(birth_answers(), catalogue_version="2026\x00"))
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        assert Applications(engine, CATALOGUE).find("HN-TEST-01-20261112-0001\x00") is None
    finally:
        engine.dispose()


# -- the database ----------------------------------------------------------------------------------


def assert_schema_matches_the_models(url: str) -> None:
    """The database at ``url`` has exactly the tables and columns the models declare."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    finally:
        engine.dispose()


def test_the_migration_matches_the_models(db_url: str) -> None:
    migrate(db_url)
    migrate(db_url)  # a second run finds nothing to do
    assert_schema_matches_the_models(db_url)


def test_sqlite_is_set_up_to_survive_power_cuts(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'central.db'}")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


# -- the command -----------------------------------------------------------------------------------


def assert_one_line_failure(result: subprocess.CompletedProcess[str], mentions: str) -> None:
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert mentions in lines[0]


def test_cli_unreadable_catalogue_is_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    result = run_central("serve", "--db", f"sqlite:///{tmp_path / 'c.db'}", "--port", "0", "--catalogue", str(missing))
    assert_one_line_failure(result, "missing.json")


def test_cli_bad_database_url_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run_central("serve", "--db", "not a url", "--port", "0")
    assert_one_line_failure(result, "database")
    result = run_central("migrate", "--db", f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}")
    assert_one_line_failure(result, "database")


def test_cli_port_in_use_is_one_line_and_exit_2(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_central("serve", "--db", f"sqlite:///{tmp_path / 'c.db'}", "--port", str(port))
    assert_one_line_failure(result, str(port))


def test_cli_migrate_creates_the_schema(db_url: str) -> None:
    result = run_central("migrate", "--db", db_url)
    assert result.returncode == 0, result.stderr
    assert_schema_matches_the_models(db_url)


def test_the_receipt_code_opens_the_public_status_and_nothing_else(server: Server) -> None:
    body = {**envelope(birth_answers()), "verification_code": "K7QP3M"}
    created = post(server, body).json()
    assert created["verification_code"] == "K7QP3M"  # the kiosk's code, as printed on the receipt
    plain = requests.get(f"{server.url}/v1/status/{body['number']}/k7qp3m", timeout=HTTP_TIMEOUT_S)  # unsigned
    assert plain.status_code == 200
    assert plain.json() == {"number": body["number"], "status": "received", "items": created["items"]}
    for wrong in ("K7QP3N", "K7QP3", ""):
        refused = requests.get(f"{server.url}/v1/status/{body['number']}/{wrong}", timeout=HTTP_TIMEOUT_S)
        assert refused.status_code == 404, wrong


def test_a_malformed_kiosk_code_is_refused(server: Server) -> None:
    response = post(server, {**envelope(birth_answers()), "verification_code": "O0I1L!"})
    assert response.status_code == 422
