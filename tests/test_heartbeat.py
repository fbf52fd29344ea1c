"""Heartbeats: the real platform on a loopback port (SQLite, then PostgreSQL), the kiosk's worker,
and the composition root's device-health providers and command dispatch."""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from pytestqt.qtbot import QtBot
from sqlalchemy import update
from sqlalchemy.orm import Session

from central.db import make_engine
from central.records import Terminal
from cli.central_process import CentralProcess, free_port
from devices.cards.simulated import SimulatedReader
from devices.printers.base import PrinterHealth, PrinterStatus
from devices.printers.pdf_file import PdfFilePrinter
from devices.registry import Devices
from kiosk.assets import DEMO_CATALOGUE
from kiosk.catalogue import load_catalogue
from kiosk.config import load_config
from kiosk.sync.client import HttpPlatform
from kiosk.sync.heartbeat import Command, DeviceState, Heartbeat, Sources
from kiosk.sync.signing import Credentials, enrol
from tests.helpers.databases import DATABASE_KINDS, central_database
from tests.helpers.pdf import pdf_text
from tests.helpers.platform import enrolled, signed_session
from ui.root import Kiosk, application

HTTP_TIMEOUT_S = 30.0
WAIT_LIMIT_S = 60.0
CONCURRENT = 8


@pytest.fixture(scope="module", params=DATABASE_KINDS)
def central(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CentralProcess]:
    root = tmp_path_factory.mktemp("central")
    with (
        central_database(request.param, root) as db_url,
        CentralProcess(db_url, DEMO_CATALOGUE, root / "central.log") as process,
    ):
        yield process


def cli(central: CentralProcess, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "central", "terminal", *args, "--db", central.db_url],
        capture_output=True,
        text=True,
        timeout=120,
    )


def terminal(central: CentralProcess, tmp_path: Path, terminal_id: str, hall: str = "") -> requests.Session:
    """A terminal added and enrolled on the platform, as a signed session."""
    if hall:
        credentials: Credentials = enrol(
            central.url, terminal_id, central.add_terminal(terminal_id, hall), tmp_path / terminal_id
        )
    else:
        credentials = enrolled(central, tmp_path / terminal_id, terminal_id)
    return signed_session(credentials)


CURRENT_CATALOGUE = load_catalogue(DEMO_CATALOGUE).version  # what the test platform serves


def body(**changes: Any) -> dict[str, Any]:
    report: dict[str, Any] = {
        "software": "0.1.0",
        "catalogue_version": CURRENT_CATALOGUE,
        "outbox_pending": 3,
        "devices": {"cards": {"health": "ok", "detail": ""}, "printer": {"health": "warning", "detail": "paper low"}},
        "sent_at": dt.datetime.now(dt.UTC).isoformat(),
    }
    return report | changes


def beat(central: CentralProcess, http: requests.Session, **changes: Any) -> dict[str, Any]:
    response = http.post(f"{central.url}/v1/terminals/heartbeat", json=body(**changes), timeout=HTTP_TIMEOUT_S)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def listed(central: CentralProcess, http: requests.Session) -> dict[str, dict[str, Any]]:
    response = http.get(f"{central.url}/v1/terminals", timeout=HTTP_TIMEOUT_S)
    assert response.status_code == 200, response.text
    return {t["id"]: t for t in response.json()["terminals"]}


def queue(central: CentralProcess, terminal_id: str, command: str, *args: str) -> int:
    result = cli(central, "command", terminal_id, command, *[f"--arg={a}" for a in args])
    assert result.returncode == 0, result.stderr
    return int(result.stdout.split()[1])


def wait_until(what: str, condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT_LIMIT_S
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


# -- the platform ------------------------------------------------------------------------------------------


def test_a_heartbeat_records_health_and_the_list_shows_it(central: CentralProcess, tmp_path: Path) -> None:
    http = terminal(central, tmp_path, "HN-HB-HEALTH", hall="健康大厅")
    answer = beat(central, http, outbox_pending=7)
    assert answer["commands"] == [] and answer["config"] == {}
    assert abs(dt.datetime.fromisoformat(answer["server_time"]) - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)

    state = listed(central, http)["HN-HB-HEALTH"]
    assert state["last_seen_at"] is not None and state["stale"] is False
    assert (
        state["outbox_pending"] == 7
        and state["catalogue_version"] == CURRENT_CATALOGUE
        and state["software"] == "0.1.0"
    )
    assert state["health"] == "warning"  # the worst device's
    assert state["devices"]["printer"] == {"health": "warning", "detail": "paper low"}

    lines = [line for line in cli(central, "list").stdout.splitlines() if line.startswith("HN-HB-HEALTH\t")]
    assert len(lines) == 1 and "\tfresh\t" in lines[0] and "outbox=7" in lines[0] and "printer=warning" in lines[0]


def test_unsigned_or_malformed_heartbeats_are_refused(central: CentralProcess, tmp_path: Path) -> None:
    url = f"{central.url}/v1/terminals/heartbeat"
    assert requests.post(url, json=body(), timeout=HTTP_TIMEOUT_S).status_code == 401
    assert requests.get(f"{central.url}/v1/terminals", timeout=HTTP_TIMEOUT_S).status_code == 401
    http = terminal(central, tmp_path, "HN-HB-BAD")
    bad_health = body(devices={"cards": {"health": "great", "detail": ""}})
    assert http.post(url, json=bad_health, timeout=HTTP_TIMEOUT_S).status_code == 422
    assert http.post(url, json=body(outbox_pending=-1), timeout=HTTP_TIMEOUT_S).status_code == 422


def test_commands_queued_with_the_cli_are_handed_over_once(central: CentralProcess, tmp_path: Path) -> None:
    http = terminal(central, tmp_path, "HN-HB-CMD")
    first = queue(central, "HN-HB-CMD", "update_catalogue", "force=true", "version=2026.12")
    second = queue(central, "HN-HB-CMD", "print_test_page")
    assert beat(central, http)["commands"] == [
        {"id": first, "command": "update_catalogue", "arguments": {"force": "true", "version": "2026.12"}},
        {"id": second, "command": "print_test_page", "arguments": {}},
    ]
    assert beat(central, http)["commands"] == []


def beat_together(central: CentralProcess, sessions: list[requests.Session]) -> list[dict[str, Any]]:
    """One heartbeat on each session, all released at the same moment; the answers."""
    start = threading.Barrier(len(sessions))
    answers: list[dict[str, Any]] = []

    def send(http: requests.Session) -> None:
        start.wait()
        answers.append(beat(central, http))

    threads = [threading.Thread(target=send, args=(http,)) for http in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == len(sessions)  # a failed request is reported by its thread
    return answers


def test_concurrent_heartbeats_never_hand_a_command_out_twice(central: CentralProcess, tmp_path: Path) -> None:
    terminal(central, tmp_path, "HN-HB-RACE")
    credentials = Credentials.load(tmp_path / "HN-HB-RACE")
    assert credentials is not None
    sessions = [signed_session(credentials) for _ in range(CONCURRENT)]  # a connection each
    for _round in range(3):
        queued = sorted(queue(central, "HN-HB-RACE", name) for name in ("reload_config", "print_test_page"))
        answers = beat_together(central, sessions)
        assert sorted(c["id"] for answer in answers for c in answer["commands"]) == queued


def test_config_set_with_the_cli_comes_with_every_answer(central: CentralProcess, tmp_path: Path) -> None:
    http = terminal(central, tmp_path, "HN-HB-CFG")
    result = cli(
        central,
        "config",
        "HN-HB-CFG",
        "platform.heartbeat_s=30",
        "ui.language=en",
        "ui.fullscreen=false",
        'catalogue.path="2026.12"',
    )
    assert result.returncode == 0, result.stderr
    assert beat(central, http)["config"] == {
        "platform.heartbeat_s": 30,
        "ui.language": "en",
        "ui.fullscreen": False,
        "catalogue.path": "2026.12",
    }
    assert cli(central, "config", "HN-HB-CFG", "ui.fullscreen=", "catalogue.path=").returncode == 0
    assert cli(central, "config", "HN-HB-CFG", "ui.language=").returncode == 0  # empty: removed
    assert beat(central, http)["config"] == {"platform.heartbeat_s": 30}


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("command", "HN-HB-CLI", "format_disk"), "unknown command 'format_disk'"),
        (("command", "HN-HB-NONE", "reload_config"), "no terminal HN-HB-NONE"),
        (("command", "HN-HB-CLI", "reload_config", "--arg", "oops"), "not key=value"),
        (("config", "HN-HB-CLI", "no equals sign"), "not key=value"),
    ],
)
def test_the_cli_refuses_bad_input_in_one_line(central: CentralProcess, args: tuple[str, ...], says: str) -> None:
    central.add_terminal("HN-HB-CLI")
    result = cli(central, *args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and says in result.stderr


def test_the_list_shows_a_hall_and_which_terminals_are_stale(central: CentralProcess, tmp_path: Path) -> None:
    hall = "陈旧大厅"
    http = terminal(central, tmp_path, "HN-HB-S-NOW", hall)
    for terminal_id, interval_s in (("HN-HB-S-SHORT", 10), ("HN-HB-S-LONG", 600)):
        beat(central, terminal(central, tmp_path, terminal_id, hall), interval_s=interval_s)
    central.add_terminal("HN-HB-S-NEVER", hall)
    central.add_terminal("HN-HB-S-ELSEWHERE", "别的大厅")
    beat(central, http)
    engine = make_engine(central.db_url)  # both beat 31 s ago: three 10 s beats missed, not three 600 s ones
    try:
        with Session(engine) as s, s.begin():
            s.execute(
                update(Terminal)
                .where(Terminal.id.in_(["HN-HB-S-SHORT", "HN-HB-S-LONG"]))
                .values(last_seen_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=31))
            )
    finally:
        engine.dispose()

    states = listed(central, http)
    assert {k: v["stale"] for k, v in states.items()} == {
        "HN-HB-S-NOW": False,
        "HN-HB-S-SHORT": True,
        "HN-HB-S-LONG": False,
        "HN-HB-S-NEVER": True,
    }
    assert states["HN-HB-S-NEVER"]["last_seen_at"] is None and states["HN-HB-S-NEVER"]["health"] == "unknown"
    lines = {line.split("\t")[0]: line.split("\t")[1] for line in cli(central, "list").stdout.splitlines()}
    assert lines["HN-HB-S-SHORT"] == "STALE" and lines["HN-HB-S-LONG"] == "fresh"
    assert "HN-HB-S-ELSEWHERE" in lines


# -- the kiosk's worker -------------------------------------------------------------------------------------


def sources(devices: dict[str, Callable[[], DeviceState]] | None = None) -> Sources:
    return Sources(lambda: CURRENT_CATALOGUE, lambda: 2, devices or {"cards": lambda: DeviceState("ok")})


def test_the_worker_hands_a_command_to_its_handler(central: CentralProcess, tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    enrolled(central, keys, "HN-HB-WORKER")
    number = queue(central, "HN-HB-WORKER", "update_catalogue")
    central_config = cli(central, "config", "HN-HB-WORKER", "ui.language=en")
    assert central_config.returncode == 0
    platform = HttpPlatform(central.url, timeout_s=10, credentials=keys)
    received: list[Command] = []
    configs: list[dict[str, Any]] = []
    worker = Heartbeat(platform, sources(), received.append, interval_s=10, on_config=configs.append)
    worker.start()
    try:
        wait_until("the command to reach the handler", lambda: bool(received))
    finally:
        worker.stop()
        platform.close()
    assert received == [Command(number, "update_catalogue", {})]
    assert configs == [{"ui.language": "en"}]
    state = listed(central, signed_session(Credentials.load(keys)))["HN-HB-WORKER"]  # type: ignore[arg-type]
    assert state["outbox_pending"] == 2 and state["devices"]["cards"]["health"] == "ok"


def test_an_unreachable_platform_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    platform = HttpPlatform(f"http://127.0.0.1:{free_port()}", timeout_s=2)  # nothing listens there
    worker = Heartbeat(platform, sources(), lambda _c: pytest.fail("no command can come"), interval_s=10)
    with caplog.at_level(logging.INFO, logger="kiosk.sync"):
        assert worker.beat_once() is None
        assert worker.beat_once() is None
    platform.close()
    assert worker.failures == 2
    assert "heartbeat not answered: network ConnectionError" in caplog.text
    assert caplog.text.count("did not answer the heartbeat") == 1  # said once, not every beat


def test_a_broken_device_or_handler_does_not_stop_the_beat(central: CentralProcess, tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    enrolled(central, keys, "HN-HB-BROKEN")
    queue(central, "HN-HB-BROKEN", "reload_config")

    def broken_driver() -> DeviceState:
        raise OSError("driver gone")

    def broken_handler(_command: Command) -> None:
        raise RuntimeError("handler bug")

    platform = HttpPlatform(central.url, timeout_s=10, credentials=keys)
    worker = Heartbeat(
        platform, sources({"printer": broken_driver, "cards": lambda: DeviceState("great", "x")}), broken_handler
    )
    commands = worker.beat_once()
    platform.close()
    assert commands is not None and [c.command for c in commands] == ["reload_config"]
    devices = listed(central, signed_session(Credentials.load(keys)))["HN-HB-BROKEN"]["devices"]  # type: ignore[arg-type]
    assert devices == {
        "printer": {"health": "unknown", "detail": "health check failed: OSError"},
        "cards": {"health": "unknown", "detail": "x"},
    }


# -- the composition root ---------------------------------------------------------------------------------


class ThreadNotingReader(SimulatedReader):
    def __init__(self) -> None:
        super().__init__()
        self.threads: list[str] = []

    def available(self) -> bool:
        self.threads.append(threading.current_thread().name)
        return False


class ThreadNotingPrinter(PdfFilePrinter):
    def __init__(self, out_dir: Path) -> None:
        super().__init__(out_dir)
        self.threads: list[str] = []

    def status(self) -> PrinterStatus:
        self.threads.append(threading.current_thread().name)
        return PrinterStatus(PrinterHealth.WARNING, ("media-low",))


def test_the_kiosk_reads_device_health_on_device_threads_and_dispatches_commands(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = load_config().with_values(storage__state_dir=str(tmp_path / "state"), platform__heartbeat_s=10)
    application()
    reader, printer = ThreadNotingReader(), ThreadNotingPrinter(tmp_path / "prints")
    kiosk = Kiosk(config, Devices(reader, printer), HttpPlatform(f"http://127.0.0.1:{free_port()}"))
    qtbot.addWidget(kiosk.window)
    try:
        heartbeat = kiosk.services.heartbeat  # opened, not started: nothing is sent
        assert heartbeat is not None and heartbeat.interval_s == 10
        report = heartbeat.report()
        version = kiosk.session.catalogue.version
        with caplog.at_level(logging.INFO):
            heartbeat.on_command(Command(1, "update_catalogue"))
            heartbeat.on_command(Command(2, "print_test_page"))
            heartbeat.on_command(Command(3, "reload_config"))
        jobs = kiosk.services.store.recent_prints()
    finally:
        kiosk.shutdown()
    assert report.model_dump()["devices"] == {
        "cards": {"health": "error", "detail": "simulated: not available"},
        "printer": {"health": "warning", "detail": "pdf-file media-low"},
    }
    assert report.outbox_pending == 0 and report.catalogue_version == version
    assert reader.threads == ["device-cards_0"] and printer.threads == ["device-printers_0"]
    assert "catalogue check: the platform did not answer" in caplog.text  # it tried, and kept its catalogue
    assert [(job.kind, job.state) for job in jobs] == [("test", "printed")]  # a technician's remote test page
    (page,) = (tmp_path / "prints").glob("print-test*.pdf")
    assert "打印测试页" in pdf_text(page)
    assert "command 3 (reload_config) from the platform is not supported" in caplog.text


def test_a_terminal_behind_on_the_catalogue_is_told_to_update(central: CentralProcess, tmp_path: Path) -> None:
    session = terminal(central, tmp_path, "HN-HB-BEHIND")
    answer = session.post(f"{central.url}/v1/terminals/heartbeat", json=body(catalogue_version="2025.1"), timeout=10)
    assert {"id": 0, "command": "update_catalogue", "arguments": {"version": CURRENT_CATALOGUE}} in answer.json()[
        "commands"
    ]
    current = session.post(f"{central.url}/v1/terminals/heartbeat", json=body(), timeout=10)
    assert all(c["command"] != "update_catalogue" for c in current.json()["commands"])
