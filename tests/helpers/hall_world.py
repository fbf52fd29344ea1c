"""A desk wired for the hall's tests (tests/test_visit_staff.py, tests/test_visit_counter.py): the visit
without Qt, a MemoryPlatform for the platform, the real staff directory, and time moved by hand."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from devices.cards.staffcard import CHALLENGE_PREFIX
from kiosk.assets import DEMO_CATALOGUE
from kiosk.catalogue import load_catalogue
from kiosk.documents.model import Receipt
from kiosk.i18n import Language, Text
from kiosk.printing import PrintResult, PrintState
from kiosk.reading import ReadResult, ReadStatus, StaffCardProof
from kiosk.session import CitizenSession, Terminal
from kiosk.staff.directory import StaffDirectory
from kiosk.staff.session import StaffSession
from kiosk.store import Store
from kiosk.sync.hall_wire import AuditEvent, StaffCall
from kiosk.visit.calls import Calls
from kiosk.visit.clock import ManualTimers
from kiosk.visit.desk import Desk
from kiosk.visit.machine import Services, Timing, Visit
from kiosk.visit.states import State
from tests.helpers.answers import typed_birth_answers
from tests.helpers.memory_platform import MemoryPlatform
from tests.helpers.people import resident

CATALOGUE = load_catalogue(DEMO_CATALOGUE)
BIRTH = "43PCN0009"
CST = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 20, 10, 30, tzinfo=CST)
TERMINAL = Terminal("HN-CS-0001", Text("长沙市政务服务中心", "Changsha Government Service Centre"), "http://127.0.0.1:1/")
TIMING = Timing(idle_timeout_s=120, idle_warning_s=30, delivery_wait_s=6)
PIN = "246810"
PRINTED = PrintResult(PrintState.PRINTED)


class HeldWork:
    """Background work that runs only when the test releases it, as a slow network would."""

    def __init__(self) -> None:
        self.queue: list[tuple[Callable[[], Any], Callable[[Any], None]]] = []

    def run(self, work: Callable[[], Any], answer: Callable[[Any], None]) -> None:
        self.queue.append((work, answer))

    def release(self) -> None:
        while self.queue:
            work, answer = self.queue.pop(0)
            answer(work())


class Reader:
    def read_with(self, mrz: object) -> None:
        raise AssertionError("no MRZ in these tests")


@dataclasses.dataclass
class Job:
    title: str
    document: Callable[[], bytes] | Receipt
    done: Callable[[PrintResult], None]


class Printer:
    printer_name = "test-printer"

    def __init__(self) -> None:
        self.jobs: list[Job] = []

    def print_receipt(self, receipt: Receipt, lang: Language, done: Callable[[PrintResult], None]) -> None:
        self.jobs.append(Job(f"receipt-{lang}", receipt, done))

    def print_document(self, render: Callable[[], bytes], title: str, done: Callable[[PrintResult], None]) -> None:
        self.jobs.append(Job(title, render, done))

    def finish(self, result: PrintResult = PRINTED) -> Job:
        job = self.jobs.pop(0)
        job.done(result)
        return job


class Outbox:
    def kick(self) -> None:
        return None


class Messages:
    """What the visit queued for the platform, as the message outbox would keep it."""

    def __init__(self) -> None:
        self.calls: list[StaffCall] = []
        self.audit: list[AuditEvent] = []
        self.dropped: list[str] = []

    def queue_call(self, call: StaffCall) -> None:
        self.calls.append(call)

    def queue_audit(self, event: AuditEvent) -> None:
        self.audit.append(event)

    def drop_call(self, uuid: str) -> bool:
        self.dropped.append(uuid)
        return True

    def kinds(self) -> list[str]:
        return [event.kind for event in self.audit]


class World:
    def __init__(self, store: Store, state_dir: Path,
                 messages: Callable[[MemoryPlatform], Any] | None = None) -> None:
        """``messages``: the message outbox made for the platform; a recording one by default."""
        self.timers = ManualTimers()
        self.work = HeldWork()
        self.printer = Printer()
        self.platform = MemoryPlatform(clock=lambda: NOW)
        self.platform.staff = {"S0012": ("王**", PIN)}
        self.card_key = Ed25519PrivateKey.generate()
        self.platform.staff_cards = {"S0012": [self.card_public]}
        self.directory = StaffDirectory(state_dir, self.platform.platform_public)
        signed = self.platform.staff_list()
        assert signed is not None and self.directory.take(signed)
        self.messages = messages(self.platform) if messages is not None else Messages()
        self.store = store
        self.session = CitizenSession(CATALOGUE, store, TERMINAL, clock=lambda: NOW,
                                      citizen_keys=self.platform.citizen_key)
        services = Services(self.timers, self.work, Reader(), self.printer, Outbox(), self.platform,
                            self.messages, self.directory)
        self.desk = Desk(self.session, services, TIMING, lambda: "zh")

    @property
    def visit(self) -> Visit:
        return self.desk.visit

    @property
    def card_public(self) -> bytes:
        return self.card_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    def staff_card(self, key: Ed25519PrivateKey | None = None, number: str = "S0012") -> ReadResult:
        """A staff card's read, its challenge made now and signed by ``key`` (the card's own by default)."""
        made = NOW.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        challenge = CHALLENGE_PREFIX + made.encode() + b"/" + uuid.uuid4().hex.encode()  # as the reader makes it
        signature = (key or self.card_key).sign(challenge)
        return ReadResult(ReadStatus.STAFF_CARD, staff=StaffCardProof(number, self.card_public, challenge, signature))

    def sign_in_by_pin(self) -> None:
        self.visit.staff_entry()
        self.visit.staff_pin("S0012", PIN)
        self.work.release()
        assert state(self.visit) is State.STAFF_MENU

    def identify(self, **person: Any) -> None:
        self.visit.card_read(ReadResult(ReadStatus.OK, resident(**person)))

    def fill_and_submit(self, **extra: object) -> None:
        """From IDENTIFIED (or its form): the birth package, filled in, submitted and its receipt printed."""
        visit = self.visit
        if state(visit) is State.IDENTIFIED:
            visit.proceed()
            visit.choose(BIRTH)
        for key, value in typed_birth_answers(**extra).items():
            visit.answer(key, value)
        while state(visit) is State.FORM:
            assert visit.next_step() == {}
        visit.submit()
        self.timers.advance(TIMING.delivery_wait_s)
        assert state(visit) is State.RECEIPT


def state(visit: Visit) -> State:
    """A call, so that mypy does not hold on to an earlier comparison."""
    return visit.state


def signed_in(world: World) -> StaffSession | None:
    return world.desk.staff


def busy(visit: Visit) -> bool:
    return visit.counter_busy or visit.staff_busy


def call_state(calls: Calls) -> str | None:
    return calls.state


def ticket_printed(visit: Visit) -> PrintResult | None:
    return visit.ticket_print
