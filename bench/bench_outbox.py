"""sync.outbox_drain: applications per second one OutboxWorker delivers to a local platform.

300 birth-package applications are made with CitizenSession into a fresh kiosk store (not timed),
then ``drain_once`` is called until the queue is empty: open each sealed payload, sign, POST to
``kiosk-central serve`` on SQLite over loopback, record the answer and erase the payload.
Floor: the same number of signed POSTs of pre-built bodies straight from ``requests`` (no store,
no sealing, no outbox) to the same platform in the same run, as a rate; ratio = floor / value.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import time
import uuid as uuidlib
from pathlib import Path
from typing import Any

import requests

from bench.rows import Row, row_ratio
from cli.central_process import CentralProcess
from kiosk.assets import DEMO_CATALOGUE
from kiosk.catalogue import load_catalogue
from kiosk.forms.field_types import SAMPLE_ID, sample_value
from kiosk.i18n import Text
from kiosk.identity import DocumentType, IdentityRecord
from kiosk.session import CitizenSession, Terminal
from kiosk.store import Store
from kiosk.sync.client import HttpPlatform
from kiosk.sync.outbox import OutboxWorker
from kiosk.sync.signing import enrol, sign_requests
from kiosk.workdays import WorkCalendar

COUNT = 300
WARM_UP = 20  # one drain_once round, sent before timing
BIRTH = "43PCN0009"
TERMINAL_ID = "HN-BENCH-01"
TIMEOUT_S = 30.0
APPLICANT = IdentityRecord(
    DocumentType.RESIDENT_ID, SAMPLE_ID, "欧阳晓红", "F", "汉", dt.date(1990, 3, 7), "湖南省长沙市岳麓区麓山南路932号"
)


def queue_applications(store: Store, terminal: Terminal, count: int) -> None:
    """``count`` complete birth-package applications, each a citizen's visit of its own."""
    catalogue = load_catalogue(DEMO_CATALOGUE)
    calendar = WorkCalendar(store.calendar_years())  # the kiosk's one calendar, as ui/root.py's one session has
    for _ in range(count):
        session = CitizenSession(catalogue, store, terminal, calendar=calendar)
        session.identify(APPLICANT)
        form = session.choose(BIRTH)
        for spec in form.fields:
            if spec.key not in session.answers and spec.calculate is None:
                session.set_answer(spec.key, sample_value(spec))
        session.submit()
        session.reset()


def drain_rate(store: Store, platform: HttpPlatform) -> float:
    """Applications per second, draining the whole queue with drain_once."""
    worker = OutboxWorker(store, platform)
    pending = store.pending_count()
    start = time.perf_counter()
    for _ in range(pending):  # bounded: each round delivers at least one, or something is wrong
        if worker.drain_once() == 0:
            break
    elapsed = time.perf_counter() - start
    left = store.pending_count()
    if left:
        raise RuntimeError(f"the outbox did not drain: {left} of {pending} still queued")
    return pending / elapsed


def raw_rate(url: str, session: requests.Session, bodies: list[bytes]) -> float:
    """Signed POSTs of ready-made bodies, one after another, per second."""
    headers = {"Content-Type": "application/json"}
    start = time.perf_counter()
    for body in bodies:
        response = session.post(f"{url}/v1/applications", data=body, headers=headers, timeout=TIMEOUT_S)
        if response.status_code != 201:
            raise RuntimeError(f"the platform answered {response.status_code} to a pre-built application")
    return len(bodies) / (time.perf_counter() - start)


def floor_bodies(template: dict[str, Any], count: int) -> list[bytes]:
    """The template application under new uuids and numbers, serialised as the client would."""
    return [
        json.dumps(template | {"uuid": str(uuidlib.uuid4()), "number": f"{TERMINAL_ID}-F{n:04d}"}).encode()
        for n in range(1, count + 1)
    ]


def outbox_rows() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="bench-outbox-") as directory:
        root = Path(directory)
        with CentralProcess(root / "central.db", DEMO_CATALOGUE, root / "central.log") as central:
            credentials = enrol(central.url, TERMINAL_ID, central.add_terminal(TERMINAL_ID), root / "state" / "keys")
            store = Store(root / "state")
            terminal = Terminal(TERMINAL_ID, Text("基准测试大厅", "Bench hall"), central.url)
            queue_applications(store, terminal, WARM_UP + COUNT)
            template = store.due(dt.datetime.now(dt.UTC), limit=1)[0].envelope
            platform = HttpPlatform(central.url, timeout_s=TIMEOUT_S, credentials=credentials)
            raw = requests.Session()
            sign_requests(raw, credentials)
            try:
                # Warm both up (connections, the platform's first request), then the floor, then ours.
                OutboxWorker(store, platform).drain_once()  # delivers the first WARM_UP
                raw.get(f"{central.url}/v1/health", timeout=TIMEOUT_S)
                floor = raw_rate(central.url, raw, floor_bodies(template, store.pending_count()))
                value = drain_rate(store, platform)
            finally:
                raw.close()
                platform.close()
                store.close()
    return [row_ratio("sync.outbox_drain", value, floor)]


if __name__ == "__main__":
    for row in outbox_rows():
        print(row)
