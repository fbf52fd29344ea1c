"""The services that need no card, without Qt: an application's status by scan or typed number and code, a
document's QR code checked, a queue ticket taken and printed, and calls for staff that survive an outage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.log import forget_personal_values
from kiosk.printing import PrintResult, PrintState
from kiosk.reading import ReadResult, ReadStatus
from kiosk.store import Store
from kiosk.sync.hall_wire import DocumentCheck
from kiosk.sync.messages import MessageOutbox
from kiosk.sync.wire import ApplicationResult, Message
from kiosk.visit import hall_prompts as p
from kiosk.visit.calls import ACKNOWLEDGED_S, POLL_S
from kiosk.visit.states import State
from tests.helpers.hall_world import NOW, Messages, World, busy, call_state, state, ticket_printed
from tests.helpers.pdf import pdf_text
from tests.helpers.people import resident

NUMBER, CODE = "HN-CS-01-20261120-0001", "ABC234"
CERTIFICATE = "/v1/certificates/verify/C2026000123/K7M3Q9"
LICENCE = "/v1/licences/verify/marriage/430102202600123"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "state")
    yield opened
    opened.close()
    forget_personal_values()


@pytest.fixture
def world(store: Store, tmp_path: Path) -> World:
    made = World(store, tmp_path / "state")
    made.platform.received["u1"] = ApplicationResult(uuid="u1", number=NUMBER, status="accepted",
                                                     verification_code=CODE, received_at=NOW, items=[])
    made.platform.documents[CERTIFICATE] = DocumentCheck(valid=True, kind="birth_certificate",
                                                         kind_name=Message(zh="出生医学证明", en="Birth certificate"))
    return made


# -- an application's status --------------------------------------------------------------------------------


def test_a_scanned_receipt_shows_the_status(world: World) -> None:
    world.visit.scan(f"https://zwfw.hunan.gov.cn/v1/status/{NUMBER}/{CODE.lower()}")
    assert state(world.visit) is State.LOOKUP and busy(world.visit)
    world.work.release()
    answer = world.visit.status_answer
    assert answer is not None and (answer.number, answer.status) == (NUMBER, "accepted")
    assert not busy(world.visit) and world.visit.counter_problem is None


def test_a_typed_number_and_code_show_the_status(world: World) -> None:
    world.visit.lookup_start()
    assert state(world.visit) is State.LOOKUP
    world.visit.lookup_typed(NUMBER, "abc")
    assert world.visit.counter_problem == p.BAD_LOOKUP and world.work.queue == []
    world.visit.lookup_typed(f" {NUMBER} ", "abc234")
    world.work.release()
    answer = world.visit.status_answer
    assert answer is not None and answer.number == NUMBER


def test_an_unknown_application_says_not_found(world: World) -> None:
    world.visit.lookup_start()
    world.visit.lookup_typed(NUMBER, "XYZ789")
    world.work.release()
    assert world.visit.status_answer is None and world.visit.counter_problem == p.NOT_FOUND


def test_a_code_that_is_neither_says_so(world: World) -> None:
    world.visit.scan("https://example.com/hello-world")
    assert state(world.visit) is State.HOME and world.visit.scan_problem == p.NOT_A_CODE


# -- checking a certificate or e-licence ---------------------------------------------------------------------


def test_a_genuine_certificate_is_valid(world: World) -> None:
    world.visit.scan("http://127.0.0.1:8000" + CERTIFICATE)
    assert state(world.visit) is State.VERIFY
    world.work.release()
    check = world.visit.check
    assert check is not None and check.valid and check.kind == "birth_certificate"


def test_an_unknown_licence_is_not_valid(world: World) -> None:
    world.visit.verify_start()
    world.visit.scan(LICENCE)
    world.work.release()
    check = world.visit.check
    assert check is not None and not check.valid


def test_offline_a_document_cannot_be_checked(world: World) -> None:
    world.platform.online = False
    world.visit.scan(CERTIFICATE)
    world.work.release()
    assert world.visit.check is None and world.visit.counter_problem == p.NOT_CHECKED


# -- the hall queue -----------------------------------------------------------------------------------------


def test_a_ticket_is_taken_and_printed(world: World, tmp_path: Path) -> None:
    world.visit.ticket_start("asked")
    assert state(world.visit) is State.TICKET
    world.visit.take_ticket("general")
    world.work.release()
    ticket = world.visit.ticket
    assert ticket is not None and ticket.number == "A001" and ticket.waiting_before == 0
    job = world.printer.jobs[0]
    assert job.title == "ticket-A001" and callable(job.document)
    pdf = tmp_path / "ticket.pdf"
    pdf.write_bytes(job.document())
    text = pdf_text(pdf)
    assert "A001" in text and "综合窗口" in text and "长沙市政务服务中心" in text
    assert ticket_printed(world.visit) is None
    world.printer.finish()
    printed = ticket_printed(world.visit)
    assert printed is not None and printed.state is PrintState.PRINTED
    assert world.store.recent_prints()[0].kind == "ticket"


def test_a_ticket_that_does_not_print_says_so(world: World) -> None:
    world.visit.ticket_start("asked")
    world.visit.take_ticket("general")
    world.work.release()
    world.printer.finish(PrintResult(PrintState.FAILED, "paper out"))
    printed = ticket_printed(world.visit)
    assert printed is not None and printed.state is PrintState.FAILED
    assert state(world.visit) is State.TICKET


def test_an_expired_document_takes_a_ticket_for_its_queue(world: World) -> None:
    world.visit.card_read(ReadResult(ReadStatus.OK, resident()))
    world.visit.ticket_start("expired_document")
    world.visit.take_ticket("43PCN0009")
    world.work.release()
    ticket = world.visit.ticket
    assert ticket is not None and ticket.number == "B001" and ticket.service == "43PCN0009"


def test_offline_no_ticket_is_issued(world: World) -> None:
    world.platform.online = False
    world.visit.ticket_start("asked")
    world.visit.take_ticket("general")
    world.work.release()
    assert world.visit.ticket is None and world.visit.counter_problem == p.NO_TICKET
    assert world.printer.jobs == []


def test_going_home_wipes_the_answers_and_late_ones_are_dropped(world: World) -> None:
    world.visit.scan(f"/v1/status/{NUMBER}/{CODE}")
    world.work.release()
    looked = world.visit
    looked.home()
    assert state(world.visit) is State.HOME and looked.status_answer is None
    assert world.visit.status_answer is None
    world.visit.ticket_start("asked")
    world.visit.take_ticket("general")
    ticketed = world.visit
    ticketed.home()  # gone before the platform answered
    world.work.release()
    assert ticketed.ticket is None and world.visit.ticket is None and world.printer.jobs == []


# -- calls for staff --------------------------------------------------------------------------------------------


def test_a_call_made_offline_is_delivered_later_and_acknowledged(store: Store, tmp_path: Path) -> None:
    clock = [NOW]
    world = World(store, tmp_path / "state", messages=lambda platform: MessageOutbox(store, platform, lambda: clock[0]))
    outbox = world.messages
    assert isinstance(outbox, MessageOutbox)
    calls = world.desk.calls
    seen: list[str | None] = []
    calls.subscribe(lambda: seen.append(call_state(calls)))
    world.platform.online = False
    calls.call("form")
    assert call_state(calls) == "sending"
    world.work.release()
    assert call_state(calls) == "waiting" and outbox.pending("call") == 1
    outbox.drain_once()
    assert outbox.pending("call") == 1 and world.platform.calls == {}
    world.timers.advance(POLL_S)
    world.work.release()
    assert call_state(calls) == "waiting"  # offline: still waiting
    world.platform.online = True
    clock[0] += dt.timedelta(minutes=10)  # past the back-off
    outbox.drain_once()
    assert outbox.pending("call") == 0 and calls.uuid in world.platform.calls
    made = world.platform.calls_made[str(calls.uuid)]
    assert made.screen == "form"
    world.platform.acknowledge(str(calls.uuid))
    world.timers.advance(POLL_S)
    world.work.release()
    assert call_state(calls) == "acknowledged"
    world.timers.advance(ACKNOWLEDGED_S)
    assert call_state(calls) is None and seen == ["sending", "waiting", "acknowledged", None]


def test_a_call_cancelled_before_delivery_is_dropped(world: World) -> None:
    calls = world.desk.calls
    calls.call("home")
    world.work.release()
    uuid = calls.uuid
    calls.cancel()
    world.work.release()
    messages = world.messages
    assert isinstance(messages, Messages)
    assert call_state(calls) is None and messages.dropped == [uuid]
    world.timers.advance(POLL_S)
    assert world.work.queue == []  # no more polling


def test_a_call_outlives_the_visit(world: World) -> None:
    calls = world.desk.calls
    calls.call("identified")
    world.work.release()
    world.visit.end()
    assert call_state(calls) == "waiting"
    messages = world.messages
    assert isinstance(messages, Messages) and [c.screen for c in messages.calls] == ["identified"]


# -- heard with the voice on ----------------------------------------------------------------------------------


def test_the_no_card_screens_say_what_they_show(world: World) -> None:
    from kiosk.visit.speech import screen

    world.visit.verify_start()
    assert screen(world.visit, "zh") == [p.VERIFY_TITLE.zh, p.VERIFY_SCAN.zh]
    world.visit.scan(CERTIFICATE)
    world.work.release()
    assert screen(world.visit, "zh") == [p.VERIFY_TITLE.zh, "真实有效"]  # the tick mark is for the eye
    world.visit.home()
    world.visit.ticket_start("asked")
    assert screen(world.visit, "en") == [p.TICKET_TITLE.en, p.TICKET_WHY["asked"].en]
    world.visit.take_ticket("general")
    world.work.release()
    number, ahead, wait = screen(world.visit, "zh")
    assert number == "您的号码是 A，零 零 幺" and ahead == "前面还有 0 人" and wait.startswith("预计等待约")
    world.printer.finish()
    assert screen(world.visit, "zh")[-1] == p.TICKET_PRINTED.zh
