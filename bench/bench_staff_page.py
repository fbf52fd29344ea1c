"""central.staff_page_p95: the hall staff page (/staff/) with 200 open calls and 1,000 waiting tickets, on PostgreSQL.

A fresh database on the test cluster gets a staff account, 200 open calls from 40 terminals, 1,000 of today's
tickets still waiting (and a few called) and 20 assisted applications; then ``kiosk-central serve`` starts on
loopback, a client signs in and fetches the whole page over HTTP, timing each render. Floor: a bare query of the
same rows (the session, the calls, the waiting tickets, the last one called and the assisted applications) on a
connection of this process, alternating with the renders. Only with the cluster (`make bench` starts it).
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import time
import uuid
from pathlib import Path

import requests
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bench.bench_heartbeat import postgres_database
from bench.bench_search import p95
from bench.rows import Row, row_ratio
from central.db import Application, make_engine
from central.hall import hall_day
from central.migrate import upgrade
from central.platform import utc_now
from central.records import HallTicket, StaffCallRecord
from central.staff import add_account
from cli.central_process import CentralProcess
from kiosk.assets import DEMO_CATALOGUE

CALLS = 200
TERMINALS = 40
TICKETS = 1000
CALLED = 10
ASSISTED = 20
RENDERS = 60  # and as many floor queries, after WARM_UP of each
WARM_UP = 5
TIMEOUT_S = 30.0
NUMBER, PIN = "S0012", "246810"
PACKAGE = "43PCN0009"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
FLOOR_SQL = [  # the rows the page shows, fetched bare
    "SELECT staff_number, csrf, created_at, last_seen_at FROM staff_web_sessions",
    "SELECT uuid, terminal_id, screen, made_at, received_at FROM staff_calls WHERE status = 'open'"
    " ORDER BY received_at",
    "SELECT uuid, number, service, reason, issued_at FROM hall_tickets WHERE day = :day AND status = 'waiting'"
    " ORDER BY issued_at, number",
    "SELECT number, called_at, called_by FROM hall_tickets WHERE day = :day AND called_at IS NOT NULL"
    " ORDER BY called_at DESC LIMIT 1",
    "SELECT number, package_code, assistance, identity_source, identity_reason, registry_check FROM applications"
    " WHERE received_at >= :start AND assistance IS NOT NULL ORDER BY received_at DESC",
]


def seed(engine: Engine, now: dt.datetime) -> None:
    upgrade(engine)
    day = hall_day(now)
    with Session(engine) as session, session.begin():
        add_account(session, NUMBER, "王丽华", PIN, now)
        for n in range(CALLS):
            at = now - dt.timedelta(seconds=30 * n)
            session.add(StaffCallRecord(uuid=str(uuid.uuid4()), terminal_id=f"HN-BENCH-{n % TERMINALS:04d}",
                                        screen="form", made_at=at, received_at=at, status="open"))
        for n in range(TICKETS + CALLED):
            prefix, count = "ABC"[n % 3], n // 3 + 1
            at = now - dt.timedelta(seconds=TICKETS + CALLED - n)
            called = n < CALLED
            session.add(HallTicket(uuid=str(uuid.uuid4()), number=f"{prefix}{count:03d}", day=day,
                                   service=PACKAGE if n % 2 else "general", reason="asked",
                                   terminal_id=f"HN-BENCH-{n % TERMINALS:04d}", issued_at=at,
                                   status="called" if called else "waiting", called_at=at if called else None,
                                   called_by=NUMBER if called else None))
        for n in range(ASSISTED):
            session.add(Application(
                uuid=str(uuid.uuid4()), number=f"HN-BENCH-{n:06d}", terminal_id="HN-BENCH-0000",
                package_code=PACKAGE, catalogue_version="bench", body_sha256="0" * 64, answers={}, sources={},
                verification_code="ABC234", status="received", submitted_at=now, received_at=now,
                assistance={"mode": "helped", "staff_number": NUMBER, "sign_in": "card",
                            "session_id": str(uuid.uuid4())},
                identity_source="staff_entered" if n % 4 == 0 else "chip",
                identity_reason="card_forgotten" if n % 4 == 0 else None,
                registry_check="needed" if n % 4 == 0 else None))


def signed_in(url: str) -> requests.Session:
    http = requests.Session()
    form = CSRF.search(http.get(f"{url}/staff/", timeout=TIMEOUT_S).text)
    if form is None:
        raise RuntimeError("no sign-in form on /staff/")
    answer = http.post(f"{url}/staff/sign-in", data={"csrf": form.group(1), "number": NUMBER, "pin": PIN},
                       timeout=TIMEOUT_S)
    if answer.status_code != 200 or answer.text.count('name="call"') != CALLS:
        raise RuntimeError(f"signing in to /staff/ failed: HTTP {answer.status_code}")
    return http


def staff_page_row(db_url: str, work: Path) -> Row:
    now = utc_now()
    engine = make_engine(db_url)
    try:
        seed(engine, now)
        values = {"day": hall_day(now), "start": now - dt.timedelta(days=1)}
        with CentralProcess(db_url, DEMO_CATALOGUE, work / "staff-page.log") as central, signed_in(central.url) as http:
            renders: list[float] = []
            floor: list[float] = []
            for n in range(WARM_UP + RENDERS):  # alternate, so drift on the machine hits both alike
                start = time.perf_counter()
                page = http.get(f"{central.url}/staff/", timeout=TIMEOUT_S)
                elapsed = (time.perf_counter() - start) * 1000
                if page.status_code != 200 or "/staff/queue/next" not in page.text:
                    raise RuntimeError(f"the staff page failed: HTTP {page.status_code}")
                start = time.perf_counter()
                with engine.connect() as connection:
                    for sql in FLOOR_SQL:
                        connection.execute(text(sql), values).fetchall()
                bare = (time.perf_counter() - start) * 1000
                if n >= WARM_UP:
                    renders.append(elapsed)
                    floor.append(bare)
    finally:
        engine.dispose()
    note = f"{RENDERS} renders over HTTP, {CALLS} open calls, {TICKETS} waiting tickets, PostgreSQL"
    return row_ratio("central.staff_page_p95", p95(renders), p95(floor), note)


def staff_page_rows() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="bench-staff-page-") as tmp, postgres_database() as url:
        return [] if url is None else [staff_page_row(url, Path(tmp))]
