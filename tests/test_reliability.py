"""Reliability, end to end on loopback: a kiosk process that is killed, a platform that goes away, a network
that misbehaves, and a fuzzer against the API. Every application a kiosk holds must reach the platform
exactly once: none lost, none doubled.

The kiosk is ``tests.helpers.submitter``, a child process with a real store, outbox and signed client;
the platform is ``kiosk-central serve`` on SQLite. The checks read both databases directly and ask the
platform's signed status endpoint as well. All randomness is seeded; nothing here asserts on wall time.
These tests are marked ``slow`` (each takes seconds): ``pytest -m 'not slow'`` leaves them out.
"""

from __future__ import annotations

import contextlib
import json
import random
import time
import uuid as uuidlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import cli.central_process
from cli.central_process import CentralProcess, free_port
from kiosk.assets import DEMO_CATALOGUE
from tests.helpers.answers import birth_answers
from tests.helpers.fault_proxy import KINDS, FaultProxy
from tests.helpers.platform import ObservedPlatform as Central
from tests.helpers.platform import enrolled, observed_platform, signed_session, sqlite_rows
from tests.helpers.submitter import BIRTH, DRAINED, SubmitterProcess

pytestmark = pytest.mark.slow

BIRTH_ITEMS = 6  # item applications a birth package fans out to (without the maternity claim)
HTTP_TIMEOUT_S = 30.0
RUN_LIMIT_S = 120.0  # the most any one submitter run may take before the test gives up on it
SEED = 20261121


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Central]:
    with observed_platform(tmp_path_factory.mktemp("central")) as platform:
        yield platform


# -- what the two databases hold ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Local:
    """A kiosk's store, read from its database file: the truth about which applications exist."""

    applications: dict[str, tuple[str, str]]  # uuid: (number, state)
    queued: set[str]  # uuids with an outbox entry
    results: dict[str, dict[str, Any]]  # uuid: the platform's answer, as the kiosk stored it

    @classmethod
    def read(cls, state: Path) -> Local:
        db = state / "kiosk.db"
        apps = sqlite_rows(db, "SELECT uuid, number, state, result FROM applications")
        return cls(
            applications={u: (n, s) for u, n, s, _ in apps},
            queued={u for (u,) in sqlite_rows(db, "SELECT application_uuid FROM outbox")},
            results={u: json.loads(r) for u, _, _, r in apps if r},
        )

    @property
    def numbers(self) -> set[str]:
        return {number for number, _ in self.applications.values()}


def platform_applications(central: Central, terminal_id: str) -> list[tuple[str, str]]:
    """(uuid, number) of every application the platform holds from this terminal, duplicates and all."""
    return [(u, n) for u, n in central.rows("SELECT uuid, number FROM applications WHERE terminal_id = ?", terminal_id)]


def assert_exactly_once(central: Central, state: Path, terminal_id: str, count: int, created: set[str]) -> None:
    """The kiosk holds ``count`` applications, all delivered; the platform holds each of them once, no other.

    ``created``: the numbers the submitter runs said they had made (the store must hold every one).
    """
    local = Local.read(state)
    assert len(local.applications) == count
    assert created <= local.numbers, f"lost locally: {sorted(created - local.numbers)}"
    assert Counter(s for _, s in local.applications.values()) == {"delivered": count}
    assert local.queued == set()

    held = platform_applications(central, terminal_id)
    assert len(held) == count, "the platform holds a different number of applications than the kiosk"
    assert sorted(held) == sorted((u, n) for u, (n, _) in local.applications.items())  # none lost, none doubled

    items = central.rows(
        "SELECT a.uuid, a.number, i.number FROM applications a JOIN item_applications i ON i.application_uuid = a.uuid"
        " WHERE a.terminal_id = ?",
        terminal_id,
    )
    assert len(items) == count * BIRTH_ITEMS
    by_application: dict[str, list[str]] = {}
    for application_uuid, number, item_number in items:
        assert item_number.startswith(f"{number}-")
        by_application.setdefault(application_uuid, []).append(item_number)
    assert {u: sorted(n) for u, n in by_application.items()} == {
        u: [f"{n}-{i:02d}" for i in range(1, BIRTH_ITEMS + 1)] for u, (n, _) in local.applications.items()
    }

    for application_uuid, (number, _) in sorted(local.applications.items(), key=lambda kv: kv[1][0]):
        response = central.observer.get(f"{central.url}/v1/applications/{number}", timeout=HTTP_TIMEOUT_S)
        assert response.status_code == 200, number
        found = response.json()
        assert (found["uuid"], found["number"]) == (application_uuid, number)
        assert len(found["items"]) == BIRTH_ITEMS
        # The kiosk kept the platform's first answer, even when it only heard a replay's.
        kept = local.results[application_uuid]
        assert (kept["uuid"], kept["verification_code"]) == (application_uuid, found["verification_code"])


def created_numbers(*runs: SubmitterProcess) -> set[str]:
    return {words[1] for run in runs for words in run.words("created")}


# -- a. kill -9 ------------------------------------------------------------------------------------------------------


def test_a_kiosk_killed_at_random_moments_loses_and_doubles_nothing(central: Central, tmp_path: Path) -> None:
    """kill -9 the kiosk again and again while it makes and sends 50 applications; each restart goes on."""
    count, kills = 50, 6
    rng = random.Random(SEED)
    state, terminal_id = tmp_path / "kiosk", "HN-KILL-01"
    central.enrol(state, terminal_id)
    runs: list[SubmitterProcess] = []
    killed = 0
    unacknowledged: set[str] = set()
    for _ in range(kills):
        run = SubmitterProcess(state, central.url, count)
        runs.append(run)
        with run:
            assert run.wait_for("ready")
            run.wait_for(lines=rng.randint(1, 14))  # created, delivered: the moment falls anywhere among them
            time.sleep(rng.uniform(0.0, 0.03))
            killed += run.kill()
        # What a power cut leaves: applications the platform stored that the kiosk still has queued.
        queued = Local.read(state).queued
        unacknowledged |= queued & {u for u, _ in platform_applications(central, terminal_id)}
    final = SubmitterProcess(state, central.url, count)
    runs.append(final)
    with final:
        assert final.wait(RUN_LIMIT_S) == DRAINED, "\n".join(final.lines[-20:])
    assert killed >= kills - 1  # a run may (rarely) finish before its moment comes; almost all were killed
    assert final.lines[-1] == f"drained local={count}"
    assert_exactly_once(central, state, terminal_id, count, created_numbers(*runs))
    print(f"kill -9: {killed} kills; {len(unacknowledged)} applications stored by the platform were unacknowledged "
          "at a kill and were settled by a replay")


# -- b. the platform is down -------------------------------------------------------------------------------------------


def test_b_the_queue_waits_for_a_platform_that_is_down_then_drains_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The platform dies mid-stream and comes back on the same port with the same database; later it comes back
    on another port, and the kiosk is restarted pointing there. Nothing is lost or doubled either time."""
    db, state, terminal_id = tmp_path / "central.db", tmp_path / "kiosk", "HN-DOWN-01"
    first_port = second_port = free_port()
    while second_port == first_port:
        second_port = free_port()
    options = ["--retry-base", "0.05", "--retry-max", "0.4"]

    def platform_on(port: int, name: str) -> CentralProcess:
        monkeypatch.setattr(cli.central_process, "free_port", lambda: port)
        return CentralProcess(db, DEMO_CATALOGUE, tmp_path / f"{name}.log")

    with contextlib.ExitStack() as cleanup:  # whatever fails, every process stops and every session closes
        first = cleanup.enter_context(platform_on(first_port, "first"))
        enrolled(first, state / "keys", terminal_id)
        observer = cleanup.enter_context(
            contextlib.closing(signed_session(enrolled(first, tmp_path / "observer-keys", "HN-OBSERVER")))
        )
        run = cleanup.enter_context(SubmitterProcess(state, first.url, 30, options))
        assert run.wait_for("delivered", lines=8)
        first.process.kill()  # down, abruptly: mid-stream, maybe mid-request
        first.stop()
        assert run.wait_for("created", lines=30 - len(run.words("created")))
        assert run.wait_for("retry", lines=10)  # the queue waits, retrying
        local = Local.read(state)
        assert len(local.applications) == 30
        assert local.queued, "applications queue while the platform is down"
        assert {e[3] for e in run.words("retry")} == {"network:"}
        with platform_on(first_port, "second") as second:
            assert run.wait(RUN_LIMIT_S) == DRAINED, "\n".join(run.lines[-20:])
            assert_exactly_once(Central(second, db, observer), state, terminal_id, 30, created_numbers(run))

        # Down again; the kiosk restarts with the platform's new address and makes 15 more meanwhile.
        new_url = f"http://127.0.0.1:{second_port}"
        moved = cleanup.enter_context(SubmitterProcess(state, new_url, 45, options))
        assert moved.wait_for("retry", lines=5)
        with platform_on(second_port, "third") as third:
            assert third.url == new_url
            assert moved.wait(RUN_LIMIT_S) == DRAINED, "\n".join(moved.lines[-20:])
            assert_exactly_once(Central(third, db, observer), state, terminal_id, 45, created_numbers(run, moved))


# -- c. a network that misbehaves --------------------------------------------------------------------------------------


def test_c_through_a_faulty_network_every_application_arrives_once(central: Central, tmp_path: Path) -> None:
    count = 40
    state, terminal_id = tmp_path / "kiosk", "HN-FAULT-01"
    central.enrol(state, terminal_id)
    with FaultProxy(central.process.port, seed=SEED) as proxy:
        options = ["--timeout", "5", "--retry-base", "0.02", "--retry-max", "0.2"]
        run = SubmitterProcess(state, proxy.url, count, options)
        with run:
            assert run.wait(RUN_LIMIT_S) == DRAINED, "\n".join(run.lines[-20:])
    stats = proxy.stats
    print(f"fault proxy: {stats.requests} requests, injected {dict(stats.injected)} (errors {dict(stats.errors)}), "
          f"platform answered "
          f"{dict(stats.upstream)}, {stats.lost_answers} answers lost after the platform stored the application")
    assert set(stats.injected) == set(KINDS), f"every kind of fault happened: {dict(stats.injected)}"
    assert stats.lost_answers >= 1  # the key case: stored, but the kiosk never heard
    assert stats.upstream[201] == count  # each application was created once ...
    assert stats.upstream[200] >= 1  # ... and a lost answer is settled by a replay, answered with the original
    assert set(stats.upstream) <= {200, 201}  # the platform never refused or failed one
    retries = Counter(words[3] for words in run.words("retry"))
    assert retries["network:"] >= 1
    assert retries["HTTP"] >= 1
    assert_exactly_once(central, state, terminal_id, count, created_numbers(run))


# -- e. the API against its own OpenAPI document -----------------------------------------------------------------------

FUZZ_EXAMPLES = 40  # per operation and generation mode
VALID_ANSWERS: dict[str, Any] = birth_answers(child__birth_date="2024-05-01")


def test_e_the_api_answers_as_its_openapi_document_says(central: Central, tmp_path: Path) -> None:
    """schemathesis generates valid and invalid requests for every operation, signed by an enrolled terminal:
    no 5xx, every answer matches the documented status codes, content types and schemas, and no request the
    document allows is refused as malformed (the document states every rule of form the platform enforces;
    refusals for content, such as an unknown package or invalid answers, have error codes of their own)."""
    import schemathesis
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.core.result import Ok
    from schemathesis.core.transport import Response
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    terminal_id = "HN-FUZZ-01"
    signed = signed_session(central.enrol(tmp_path / "fuzz", terminal_id))
    schema = schemathesis.openapi.from_url(f"{central.url}/openapi.json", timeout=HTTP_TIMEOUT_S)

    def allowed_is_not_malformed(_ctx: object, response: Response, case: schemathesis.Case) -> None:
        if case.meta is not None and case.meta.generation.mode.is_positive and response.status_code == 422:
            assert response.json()["error"] != "malformed", f"allowed by the document: {response.json()}"

    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
              allowed_is_not_malformed]
    statuses: Counter[tuple[str, int]] = Counter()
    failures: list[str] = []

    def steer(case: schemathesis.Case) -> None:
        """Aim some bodies past the first refusals: this terminal's own id, a package that exists, and for
        some of those complete answers (so created, replayed and conflicting answers are checked too); and
        a package that exists as the purpose of some requests for shared data (so data is released too)."""
        body, shared_data = case.body, case.method == "POST" and case.path.endswith("/shared-data")
        if shared_data and isinstance(body, dict) and len(str(body.get("wording_version"))) % 2:
            body["purpose"] = BIRTH
        if case.method == "POST" and case.path == "/v1/applications" and isinstance(case.body, dict):
            case.body["terminal_id"] = terminal_id
            number = case.body.get("number")
            if isinstance(number, str) and len(number) % 2:
                case.body["package_code"] = BIRTH
                if len(number) % 3 == 0 and isinstance(case.body.get("answers"), dict):
                    case.body["answers"] = VALID_ANSWERS
                    case.body["uuid"] = str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, repr(case.body.get("uuid"))))

    results = list(schema.get_all_operations())
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) == len(results), "schemathesis cannot read some operations of the OpenAPI document"
    assert {op.path for op in operations} >= {"/v1/health", "/v1/applications", "/v1/applications/{number}"}
    for operation in operations:
        modes = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        strategy = st.one_of(*(operation.as_strategy(mode) for mode in modes))

        @settings(max_examples=FUZZ_EXAMPLES * 2, deadline=None, derandomize=True, database=None,
                  phases=[Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=strategy)
        def fuzz(case: schemathesis.Case) -> None:
            steer(case)
            response = case.call(session=signed, timeout=HTTP_TIMEOUT_S)
            statuses[(case.operation.label, response.status_code)] += 1
            case.validate_response(response, checks=checks)

        try:
            fuzz()
        except (Exception, BaseExceptionGroup) as exc:  # schemathesis raises a group; all operations are fuzzed
            failures.append(f"{operation.label}: {exc}")
    signed.close()
    print("schemathesis:", dict(sorted(statuses.items())))
    assert not failures, "\n\n".join(failures)
    assert not any(status >= 500 for _, status in statuses)
