"""The message outbox (kiosk/sync/messages.py): calls for staff and audit events queued in the real store,
kept through a power cut and an outage, delivered in order, batched, and deleted once the platform has them."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.store import Store
from kiosk.sync.hall_wire import AuditEvent, StaffCall
from kiosk.sync.messages import AUDIT, BATCH, CALL, MessageOutbox
from kiosk.sync.platform import Outcome
from tests.helpers.memory_platform import MemoryPlatform

NOW = dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state"


@pytest.fixture
def store(state: Path) -> Iterator[Store]:
    store = Store(state)
    yield store
    store.close()


def call(screen: str = "form") -> StaffCall:
    return StaffCall(uuid=str(uuid.uuid4()), screen=screen, made_at=NOW)


def event(kind: str = "staff_sign_in") -> AuditEvent:
    return AuditEvent(uuid=str(uuid.uuid4()), kind=kind, at=NOW, staff_number="S0012",  # type: ignore[arg-type]
                      session_id=str(uuid.uuid4()), detail={"method": "card"})


def rows(state: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(state / "kiosk.db") as db:
        return db.execute("SELECT kind, state FROM messages ORDER BY id").fetchall()


def test_a_call_made_while_the_platform_is_down_survives_a_power_cut_and_is_delivered_after(state: Path) -> None:
    platform, clock = MemoryPlatform(online=False), Clock()
    first = Store(state)
    made = call("identity")
    MessageOutbox(first, platform, clock).queue_call(made)
    first.close()  # the power goes; the call was on disk when queue_call returned

    store = Store(state)
    outbox = MessageOutbox(store, platform, clock)
    heard: list[tuple[str, Outcome]] = []
    outbox.subscribe(lambda uuid, outcome: heard.append((uuid, outcome)))
    assert outbox.drain_once() == 0 and outbox.pending(CALL) == 1
    platform.online = True
    assert outbox.drain_once() == 0  # backing off: not due yet
    clock.now += dt.timedelta(minutes=5)
    assert outbox.drain_once() == 1
    assert platform.calls_made[made.uuid] == made and platform.calls[made.uuid].status == "open"
    assert heard == [(made.uuid, Outcome.RETRY), (made.uuid, Outcome.DELIVERED)]
    assert outbox.pending(CALL) == 0 and rows(state) == []  # nothing kept once delivered
    store.close()


def test_calls_go_before_audit_events_and_events_go_in_batches(store: Store, state: Path) -> None:
    platform = MemoryPlatform()
    outbox = MessageOutbox(store, platform, Clock())
    events = [event() for _ in range(2 * BATCH + 50)]
    for each in events:
        outbox.queue_audit(each)
    made = call()
    outbox.queue_call(made)
    outbox.queue_audit(events[0])  # queued twice: kept once (idempotent on its uuid)
    assert (outbox.pending(CALL), outbox.pending(AUDIT)) == (1, len(events))
    assert outbox.drain_once() == len(events) + 1
    assert platform.audit_posts == 3 and list(platform.audit) == [each.uuid for each in events]
    assert made.uuid in platform.calls_made
    assert rows(state) == []


def test_a_refused_message_is_kept_for_a_person_and_not_sent_again(
    store: Store, state: Path, caplog: pytest.LogCaptureFixture
) -> None:
    platform, clock = MemoryPlatform(message_outcome=Outcome.ATTENTION), Clock()
    outbox = MessageOutbox(store, platform, clock)
    outbox.queue_call(call())
    outbox.queue_audit(event())
    with caplog.at_level(logging.WARNING, "kiosk.sync"):
        assert outbox.drain_once() == 0
    assert "need attention" in caplog.text
    assert rows(state) == [(CALL, "attention"), (AUDIT, "attention")]
    assert (outbox.pending(CALL), outbox.pending(AUDIT)) == (0, 0)
    platform.message_outcome = None
    clock.now += dt.timedelta(hours=1)
    assert outbox.drain_once() == 0 and platform.calls_made == {} and platform.audit == {}
    assert store.next_message_due_at() is None


def test_a_terminal_the_platform_no_longer_knows_keeps_its_messages(store: Store, state: Path) -> None:
    platform, clock = MemoryPlatform(secret=None), Clock()
    outbox = MessageOutbox(store, platform, clock)
    outbox.queue_call(call())
    outbox.queue_call(call())
    assert outbox.drain_once() == 0 and outbox.needs_enrolment
    assert outbox.pending(CALL) == 2
    with sqlite3.connect(state / "kiosk.db") as db:  # the first backs off; the second was not tried
        assert db.execute("SELECT attempts FROM messages ORDER BY id").fetchall() == [(1,), (0,)]
    assert 0 < outbox.pause_s() <= 60


def test_a_message_body_that_no_longer_reads_is_set_aside(store: Store, state: Path) -> None:
    platform = MemoryPlatform()
    outbox = MessageOutbox(store, platform, Clock())
    store.queue_message(CALL, str(uuid.uuid4()), {"uuid": "not one"}, NOW)
    good = call()
    outbox.queue_call(good)
    assert outbox.drain_once() == 1 and good.uuid in platform.calls_made
    assert rows(state) == [(CALL, "attention")]


def test_a_call_withdrawn_before_delivery_is_dropped_and_after_it_is_not(store: Store) -> None:
    platform = MemoryPlatform(online=False)
    outbox = MessageOutbox(store, platform, Clock())
    early, late = call(), call()
    outbox.queue_call(early)
    assert outbox.drop_call(early.uuid) and outbox.pending(CALL) == 0
    platform.online = True
    outbox.queue_call(late)
    assert outbox.drain_once() == 1
    assert not outbox.drop_call(late.uuid)  # delivered: the platform must be told instead
    assert early.uuid not in platform.calls_made


def test_the_worker_delivers_a_call_at_once(store: Store) -> None:
    platform = MemoryPlatform()
    outbox = MessageOutbox(store, platform)
    delivered = threading.Event()
    outbox.subscribe(lambda _uuid, outcome: delivered.set() if outcome is Outcome.DELIVERED else None)
    outbox.start()
    try:
        outbox.queue_call(call())
        assert delivered.wait(10)
    finally:
        outbox.stop()
    assert len(platform.calls_made) == 1 and outbox.pending(CALL) == 0
