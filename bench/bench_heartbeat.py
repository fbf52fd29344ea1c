"""central.heartbeat_p99: the latency of one terminal's heartbeat with 1,000 terminals reporting.

1,000 terminals are enrolled straight into a fresh platform database with central.auth.Terminals
(one in ten with a command waiting), then ``kiosk-central serve`` starts on loopback and a few
client threads send signed heartbeats, each terminal in turn, timing each request. Floor: the same
threads sending ``GET /v1/health`` (unsigned, no write) the same way, in alternating batches in the
same run. Bounded: 3 × 1,000 heartbeats and as many floor requests, and a time limit.

On SQLite always; on PostgreSQL too when the test cluster is up (`make bench` starts it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import queue
import random
import secrets
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from bench.rows import Row, row_ratio
from central.auth import Terminals
from central.db import make_engine
from central.migrate import upgrade
from central.platform import utc_now
from central.terminals import queue_command
from cli.central_process import CentralProcess
from kiosk.assets import DEMO_CATALOGUE
from kiosk.sync.signing import Credentials

TERMINALS = 1000
ROUNDS = 3  # each round: every terminal beats once, then as many floor requests
THREADS = 4
COMMAND_EVERY = 10
TIME_LIMIT_S = 300.0  # for the whole measurement; a slower machine reports fewer samples
TIMEOUT_S = 30.0
HALL = "压测大厅"
HEARTBEAT_PATH = "/v1/terminals/heartbeat"
POSTGRES_ENV = "KIOSK_TEST_POSTGRES_URL"  # set by tests/daemons.sh


def enrol_all(db_url: str, count: int) -> list[Credentials]:
    """Terminals added and enrolled as `kiosk-central terminal add` and `kiosk enrol` would, minus HTTP."""
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        terminals = Terminals(engine, utc_now)
        credentials = []
        for n in range(count):
            terminal_id = f"HN-BENCH-{n:04d}"
            key = Ed25519PrivateKey.generate()
            public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
            secret = terminals.enrol(terminal_id, terminals.add(terminal_id, HALL), public)
            credentials.append(Credentials(terminal_id, key, secret))
        sessions = sessionmaker(engine)
        for terminal in credentials[::COMMAND_EVERY]:
            queue_command(sessions, terminal.terminal_id, "update_catalogue", {}, utc_now())
    finally:
        engine.dispose()
    return credentials


def heartbeat_body(n: int) -> bytes:
    return json.dumps({
        "software": "0.1.0",
        "catalogue_version": "2026.11",
        "outbox_pending": n % 3,
        "devices": {"cards": {"health": "ok", "detail": "simulated"}, "printer": {"health": "ok", "detail": "pdf"}},
        "sent_at": dt.datetime.now(dt.UTC).isoformat(),
        "interval_s": 60,
    }).encode()


def measure(url: str, jobs: list[Credentials | None], deadline: float) -> list[float]:
    """Milliseconds per request: a heartbeat for each Credentials, ``GET /v1/health`` for each None."""
    todo: queue.SimpleQueue[Credentials | None] = queue.SimpleQueue()
    for job in jobs:
        todo.put(job)
    samples: list[float] = []
    failures: list[str] = []

    def worker() -> None:
        with requests.Session() as http:
            while time.monotonic() < deadline:
                try:
                    job = todo.get_nowait()
                except queue.Empty:
                    return
                if job is None:
                    start = time.perf_counter()
                    response = http.get(f"{url}/v1/health", timeout=TIMEOUT_S)
                else:
                    body = heartbeat_body(len(samples))
                    headers = job.headers("POST", HEARTBEAT_PATH, body) | {"Content-Type": "application/json"}
                    start = time.perf_counter()
                    response = http.post(url + HEARTBEAT_PATH, data=body, headers=headers, timeout=TIMEOUT_S)
                elapsed = (time.perf_counter() - start) * 1000
                if response.status_code != 200:
                    failures.append(f"HTTP {response.status_code}")
                samples.append(elapsed)

    threads = [threading.Thread(target=worker, name=f"bench-heartbeat-{n}") for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"{len(failures)} requests failed, e.g. {failures[0]}")
    return samples


def p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98]


def heartbeat_row(name: str, db_url: str, work: Path) -> Row:
    credentials = enrol_all(db_url, TERMINALS)
    rng = random.Random(4)
    with CentralProcess(db_url, DEMO_CATALOGUE, work / f"{name}.log") as central:
        measure(central.url, [None] * 50, time.monotonic() + 60)  # warm up the connections and the app
        deadline = time.monotonic() + TIME_LIMIT_S
        beats: list[float] = []
        floor: list[float] = []
        for _ in range(ROUNDS):  # alternate, so drift on the machine hits both alike
            order: list[Credentials | None] = list(credentials)
            rng.shuffle(order)
            beats += measure(central.url, order, deadline)
            floor += measure(central.url, [None] * TERMINALS, deadline)
    value, base = p99(beats), p99(floor)
    return row_ratio(name, value, base, f"{len(beats)} heartbeats, {TERMINALS} terminals, {THREADS} threads")


@contextmanager
def postgres_database() -> Iterator[str | None]:
    """A new database on the test cluster, dropped afterwards; None without the cluster."""
    admin_url = os.environ.get(POSTGRES_ENV, "")
    if not admin_url:
        yield None
        return
    name = f"test_bench_{secrets.token_hex(4)}"  # test_…: tests/daemons.sh drops what a killed run left
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def heartbeat_rows() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="bench-heartbeat-") as tmp:
        work = Path(tmp)
        rows = [heartbeat_row("central.heartbeat_p99", f"sqlite:///{work / 'central.db'}", work)]
        with postgres_database() as url:
            if url is not None:
                rows.append(heartbeat_row("central.heartbeat_p99.postgresql", url, work))
    return rows
