"""Talking to a real central platform as an enrolled terminal would."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from sqlalchemy.orm import Session

from central.db import make_engine
from cli.central_process import CentralProcess
from kiosk.assets import DEMO_CATALOGUE
from kiosk.sync.client import HttpPlatform
from kiosk.sync.signing import Credentials, enrol, sign_requests
from tests.helpers.databases import central_database

REPO = Path(__file__).resolve().parent.parent.parent
TIMEOUT_S = 30.0


def enrolled(central: CentralProcess, keys_dir: Path, terminal_id: str = "HN-TEST-01") -> Credentials:
    """Add the terminal on the platform and enrol it, as a technician would."""
    code = central.add_terminal(terminal_id, "测试大厅")
    return enrol(central.url, terminal_id, code, keys_dir)


def signed_session(credentials: Credentials) -> requests.Session:
    session = requests.Session()
    sign_requests(session, credentials)
    return session


def run_central(*args: str) -> subprocess.CompletedProcess[str]:
    """`kiosk-central ARGS…`, as an operator would run it."""
    return subprocess.run(
        [sys.executable, "-m", "central", *args], cwd=REPO, capture_output=True, text=True, timeout=120
    )


@dataclass(frozen=True)
class EnrolledPlatform:
    """A running platform, with one terminal enrolled: as raw signed HTTP and as the kiosk's client."""

    process: CentralProcess
    db_url: str
    credentials: Credentials
    http: requests.Session  # signed as the enrolled terminal
    kiosk: HttpPlatform

    def url(self, path: str) -> str:
        return f"{self.process.url}{path}"


@contextmanager
def running_platform(kind: str, root: Path, *, seeded: bool = False) -> Iterator[EnrolledPlatform]:
    """A new platform on an empty database of ``kind`` (optionally with the demo data), and a terminal."""
    with (
        central_database(kind, root) as db_url,
        CentralProcess(db_url, DEMO_CATALOGUE, root / "central.log") as process,
    ):
        if seeded:
            process.seed_demo()
        credentials = enrolled(process, root / "keys")
        kiosk = HttpPlatform(process.url, timeout_s=TIMEOUT_S, credentials=credentials)
        http = signed_session(credentials)
        try:
            yield EnrolledPlatform(process, db_url, credentials, http, kiosk)
        finally:
            http.close()
            kiosk.close()


@dataclass(frozen=True)
class ObservedPlatform:
    """A running platform on an SQLite file, with an enrolled terminal of the test's own to look things up."""

    process: CentralProcess
    db_path: Path
    observer: requests.Session

    @property
    def url(self) -> str:
        return self.process.url

    def enrol(self, state: Path, terminal_id: str) -> Credentials:
        return enrolled(self.process, state / "keys", terminal_id)

    def lookup(self, number: str) -> requests.Response:
        return self.observer.get(f"{self.url}/v1/applications/{number}", timeout=TIMEOUT_S)

    def count(self, sql: str, *args: object) -> int:
        """Read the platform's database file directly: what it really holds."""
        return int(self.rows(sql, *args)[0][0])

    def rows(self, sql: str, *args: object) -> list[tuple[Any, ...]]:
        return sqlite_rows(self.db_path, sql, *args)


def sqlite_rows(db_path: Path, sql: str, *args: object) -> list[tuple[Any, ...]]:
    """Rows read straight from an SQLite file (the kiosk's or the platform's): what it really holds."""
    connection = sqlite3.connect(db_path, timeout=30)
    try:
        return connection.execute(sql, args).fetchall()
    finally:
        connection.close()


@contextmanager
def observed_platform(root: Path) -> Iterator[ObservedPlatform]:
    with CentralProcess(root / "central.db", DEMO_CATALOGUE, root / "central.log") as process:
        observer = signed_session(enrolled(process, root / "observer-keys", "HN-OBSERVER"))
        try:
            yield ObservedPlatform(process, root / "central.db", observer)
        finally:
            observer.close()


@contextmanager
def database(platform: EnrolledPlatform) -> Iterator[Session]:
    """A session on the running platform's own database: what reached it, read straight from its tables."""
    engine = make_engine(platform.db_url)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()
