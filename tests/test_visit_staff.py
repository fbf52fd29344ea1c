"""Hall staff at the kiosk, without Qt: sign-in by PIN and by card, the session's end, assisted visits
(帮办 and 代办), identities typed by staff, what the envelope and the receipt say, and the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.documents.receipt import render_receipt
from kiosk.documents.ticket import ticket_lines
from kiosk.forms.engine import Source
from kiosk.log import forget_personal_values
from kiosk.reading import ReadResult, ReadStatus
from kiosk.staff.session import IDLE_S, MAX_S
from kiosk.store import Store
from kiosk.sync.wire import Submission
from kiosk.visit import hall_prompts as p
from kiosk.visit.states import State
from tests.helpers.hall_world import NOW, PIN, TIMING, Messages, World, busy, signed_in, state
from tests.helpers.pdf import pdf_text
from tests.helpers.people import ADDRESS_ANSWER, ID_NUMBER, NAME, OTHER_ID, resident_id

TYPED = resident_id("43010219520101001")  # an older man whose card will not read


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    store = Store(tmp_path / "state")
    yield World(store, tmp_path / "state")
    store.close()
    forget_personal_values()


def messages(world: World) -> Messages:
    assert isinstance(world.messages, Messages)
    return world.messages


def envelope(world: World) -> dict[str, object]:
    submitted = world.session.submitted
    assert submitted is not None
    queued = next(item for item in world.store.due(NOW + dt.timedelta(days=1)) if item.uuid == submitted.uuid)
    Submission.model_validate(queued.envelope)  # what the platform will accept
    return dict(queued.envelope)


# -- signing in --------------------------------------------------------------------------------------------


def test_a_pin_signs_staff_in(world: World) -> None:
    world.visit.staff_entry()
    assert state(world.visit) is State.STAFF_SIGN_IN
    world.visit.staff_pin("s0012", PIN)
    assert busy(world.visit) and signed_in(world) is None
    world.work.release()
    staff = signed_in(world)
    assert state(world.visit) is State.STAFF_MENU and not busy(world.visit)
    assert staff is not None and (staff.staff_number, staff.masked_name, staff.method) == ("S0012", "王**", "pin")
    assert world.platform.sign_ins == [("S0012", "ok", staff.session_id)]  # the session the platform recorded
    event = messages(world).audit[-1]
    assert (event.kind, event.staff_number, event.session_id, event.detail) == (
        "staff_sign_in", "S0012", staff.session_id, {"method": "pin"})


def test_a_wrong_pin_says_how_many_tries_are_left(world: World) -> None:
    world.visit.staff_entry()
    world.visit.staff_pin("S0012", "000000")
    world.work.release()
    assert state(world.visit) is State.STAFF_SIGN_IN and signed_in(world) is None
    problem = world.visit.staff_problem
    assert problem is not None and "还可尝试 4 次" in problem.zh and "4 tries left" in problem.en
    event = messages(world).audit[-1]
    assert (event.kind, event.staff_number, event.detail["error"]) == ("staff_sign_in_failed", "S0012", "wrong_pin")


def test_five_wrong_pins_lock_the_account(world: World) -> None:
    world.visit.staff_entry()
    for _ in range(5):
        world.visit.staff_pin("S0012", "000000")
        world.work.release()
    problem = world.visit.staff_problem
    assert problem is not None and "稍后再试" in problem.zh and "请 30 秒后再试" in problem.zh
    assert "try again in 30 s" in problem.en
    world.visit.staff_pin("S0012", PIN)  # the right PIN, but locked
    world.work.release()
    assert signed_in(world) is None and messages(world).audit[-1].detail["error"] == "locked"


def test_a_malformed_number_or_pin_is_not_sent(world: World) -> None:
    world.visit.staff_entry()
    world.visit.staff_pin("12", "24681")
    assert world.visit.staff_problem == p.STAFF_BAD_INPUT and world.work.queue == []


def test_offline_a_pin_cannot_sign_in_and_says_use_the_card(world: World) -> None:
    world.platform.online = False
    world.visit.staff_entry()
    world.visit.staff_pin("S0012", PIN)
    world.work.release()
    assert world.visit.staff_problem == p.STAFF_OFFLINE and signed_in(world) is None


def test_a_staff_card_signs_in_offline_through_the_cached_list(world: World) -> None:
    world.platform.online = False
    world.visit.card_read(world.staff_card())  # straight from the home screen
    staff = signed_in(world)
    assert state(world.visit) is State.STAFF_MENU
    assert staff is not None and (staff.staff_number, staff.method) == ("S0012", "card")


def test_a_card_that_cannot_sign_its_challenge_is_refused(world: World) -> None:
    world.visit.card_read(world.staff_card(key=Ed25519PrivateKey.generate()))
    assert state(world.visit) is State.STAFF_SIGN_IN and signed_in(world) is None
    assert world.visit.staff_problem == p.STAFF_CARD_REFUSED
    event = messages(world).audit[-1]
    assert (event.kind, event.staff_number, event.detail) == (
        "staff_sign_in_failed", None, {"method": "card", "error": "card_refused"})


def test_a_late_sign_in_answer_never_signs_in_after_the_visit_ended(world: World) -> None:
    world.visit.staff_entry()
    world.visit.staff_pin("S0012", PIN)
    world.timers.advance(TIMING.idle_timeout_s + TIMING.idle_warning_s)  # walked away meanwhile
    assert state(world.visit) is State.HOME
    world.work.release()
    assert signed_in(world) is None and state(world.visit) is State.HOME


# -- the session's end -------------------------------------------------------------------------------------


def test_pulling_the_staff_card_ends_the_session(world: World) -> None:
    world.visit.card_read(world.staff_card())
    world.visit.card_removed()
    assert signed_in(world) is None and state(world.visit) is State.HOME
    event = messages(world).audit[-1]
    assert (event.kind, event.detail) == ("staff_sign_out", {"reason": "card_removed"})


def test_an_opened_assisted_visit_carries_on_when_the_card_is_pulled(world: World) -> None:
    world.visit.card_read(world.staff_card())
    world.visit.open_assisted()
    world.visit.card_removed()  # the staff card makes way for the citizen's document
    assert state(world.visit) is State.HOME and world.visit.assistance_mode == "helped"
    assert signed_in(world) is not None
    world.identify()
    assert state(world.visit) is State.ASSIST_CONSENT
    world.visit.accept_help()
    assert world.visit.assistance is not None
    world.visit.end()  # the staff session ends with the visit it opened
    assert signed_in(world) is None and messages(world).audit[-1].detail == {"reason": "card_removed"}


def test_an_assisted_visit_left_before_the_citizen_came_ends_with_the_staff_session(world: World) -> None:
    world.visit.card_read(world.staff_card())
    world.visit.open_assisted()
    world.visit.card_removed()
    world.timers.advance(IDLE_S)  # nobody came: the staff session's idle limit ends both
    assert state(world.visit) is State.HOME and world.visit.assistance_mode is None
    assert signed_in(world) is None


def test_ten_idle_minutes_end_the_session_and_a_touch_restarts_them(world: World) -> None:
    world.sign_in_by_pin()
    world.timers.advance(IDLE_S - 60)
    world.visit.activity()
    world.timers.advance(IDLE_S - 60)
    assert signed_in(world) is not None
    world.timers.advance(60)
    assert signed_in(world) is None and messages(world).audit[-1].detail == {"reason": "idle"}
    assert state(world.visit) is State.HOME


def test_eight_hours_end_the_session_however_busy(world: World) -> None:
    world.sign_in_by_pin()
    for _ in range(int(MAX_S // 300) - 1):
        world.timers.advance(300)
        world.visit.activity()
    assert signed_in(world) is not None
    world.timers.advance(300)
    assert signed_in(world) is None and messages(world).audit[-1].detail == {"reason": "expired"}


def test_expiry_ends_a_staff_screen_and_an_assisted_visit_still_waiting(world: World) -> None:
    world.sign_in_by_pin()
    world.visit.act_for()
    world.visit.activity()
    world.timers.advance(IDLE_S)
    assert state(world.visit) is not State.STAFF_AGENT and signed_in(world) is None
    world.sign_in_by_pin()
    world.visit.open_assisted()
    world.timers.advance(IDLE_S)
    assert state(world.visit) is State.HOME and world.visit.assistance_mode is None


def test_signing_out_ends_the_session_and_the_visit(world: World) -> None:
    world.sign_in_by_pin()
    menu_visit = world.visit
    world.visit.staff_sign_out()
    assert signed_in(world) is None and world.visit is not menu_visit and state(world.visit) is State.HOME
    assert messages(world).audit[-1].detail == {"reason": "sign_out"}


def test_a_signed_in_member_goes_straight_to_the_menu(world: World) -> None:
    world.sign_in_by_pin()
    world.timers.advance(TIMING.idle_timeout_s + TIMING.idle_warning_s)  # the menu's visit timed out
    assert state(world.visit) is State.HOME and signed_in(world) is not None
    world.visit.staff_entry()
    assert state(world.visit) is State.STAFF_MENU


# -- assisted visits -----------------------------------------------------------------------------------


def test_helped_journey_records_the_help_on_the_application_and_receipt(world: World, tmp_path: Path) -> None:
    world.sign_in_by_pin()
    staff = signed_in(world)
    assert staff is not None
    world.visit.open_assisted()
    assert state(world.visit) is State.HOME and world.visit.assistance_mode == "helped"
    assert world.visit.helper is staff
    world.identify()
    assert state(world.visit) is State.ASSIST_CONSENT
    from kiosk.visit.speech import screen

    said = screen(world.visit, "zh")  # with the voice on, the citizen hears who offers help: no stars read out
    assert said == [p.ASSIST_TITLE.zh, "工作人员 S0012 王 将为您帮办：协助您自己完成办理。"]
    world.visit.accept_help()
    assert state(world.visit) is State.IDENTIFIED
    world.fill_and_submit()
    sent = envelope(world)
    assert sent["assistance"] == {"mode": "helped", "staff_number": "S0012", "sign_in": "pin",
                                  "session_id": staff.session_id, "agent": None}
    assert sent["identity_source"] == "chip" and "identity_reason" not in sent
    assert sent["sources"]["applicant.name"] == "document"  # type: ignore[index]
    submitted = world.session.submitted
    assert submitted is not None and submitted.receipt.assisted_by is not None
    assert submitted.receipt.assisted_by.zh == "帮办：工作人员 S0012 王**"
    text = "\n".join(line.text for line in ticket_lines(submitted.receipt, "zh").lines)
    assert "帮办：工作人员 S0012 王**" in text and "待核验" not in text
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(render_receipt(submitted.receipt, "zh", "80mm"))
    assert "帮办：工作人员 S0012 王**" in pdf_text(pdf).replace("\n", "")
    assert messages(world).kinds() == ["staff_sign_in", "assist_opened", "assist_accepted"]


def test_acting_journey_records_the_agent_and_authorisation(world: World) -> None:
    world.sign_in_by_pin()
    world.visit.act_for()
    assert state(world.visit) is State.STAFF_AGENT
    errors = world.visit.record_agent("resident_id", OTHER_ID[:-1] + ("0" if OTHER_ID[-1] != "0" else "1"), "x")
    assert set(errors) == {"id_number", "authorisation"} and errors["id_number"] == p.BAD_ID_NUMBER
    assert world.visit.record_agent("resident_id", OTHER_ID.lower(), "power_of_attorney") == {}
    assert state(world.visit) is State.HOME and world.visit.assistance_mode == "acting"
    world.identify()
    world.visit.accept_help()
    world.fill_and_submit()
    assistance = envelope(world)["assistance"]
    assert isinstance(assistance, dict) and assistance["mode"] == "acting"
    assert assistance["agent"] == {"document_type": "resident_id", "id_number": OTHER_ID,
                                   "authorisation": "power_of_attorney"}
    submitted = world.session.submitted
    assert submitted is not None and submitted.receipt.assisted_by is not None
    by = submitted.receipt.assisted_by
    assert by.zh.startswith("代办：工作人员 S0012 王**") and "居民身份证" in by.zh and "委托书" in by.zh
    assert OTHER_ID not in by.zh + by.en  # the agent's number is not printed
    event = next(e for e in messages(world).audit if e.kind == "agent_recorded")
    assert event.detail == {"document_type": "resident_id", "authorisation": "power_of_attorney"}


def test_a_citizen_may_refuse_the_help(world: World) -> None:
    world.sign_in_by_pin()
    world.visit.open_assisted()
    world.identify()
    world.visit.refuse_help()
    assert state(world.visit) is State.IDENTIFIED
    assert world.visit.assistance is None and world.visit.assistance_mode is None
    world.fill_and_submit()
    sent = envelope(world)
    assert "assistance" not in sent and sent["identity_source"] == "chip"
    assert messages(world).kinds()[-1] == "assist_refused"


# -- identities typed by staff ---------------------------------------------------------------------------


def test_a_typed_identity_needs_a_valid_check_digit_and_a_reason(world: World) -> None:
    world.sign_in_by_pin()
    world.visit.enter_identity()
    assert state(world.visit) is State.STAFF_IDENTITY
    bad = TYPED[:-1] + ("0" if TYPED[-1] != "0" else "1")
    errors = world.visit.submit_identity("resident_id", " ", bad, "lost")
    assert errors == {"id_number": p.BAD_ID_NUMBER, "name": p.BAD_NAME, "reason": p.NOT_IN_LIST}
    assert world.visit.identity_problem == errors and state(world.visit) is State.STAFF_IDENTITY
    assert world.visit.submit_identity("passport", "张三", "E12345678", "card_damaged") == {
        "document_type": p.NOT_IN_LIST}
    assert not world.session.active


def test_a_typed_identity_is_marked_and_locks_nothing(world: World) -> None:
    world.sign_in_by_pin()
    world.visit.enter_identity()
    assert world.visit.submit_identity("resident_id", "刘德福", TYPED, "card_damaged") == {}
    assert state(world.visit) is State.ASSIST_CONSENT and world.visit.identity_source == "staff_entered"
    world.visit.accept_help()
    world.visit.proceed()
    world.visit.choose("43PCN0009")
    name = world.session.prefilled["applicant.name"]
    assert (name.value, name.source, name.locked) == ("刘德福", Source.CITIZEN, False)
    world.fill_and_submit(applicant__name="刘德富",  # staff mistyped it: the citizen corrects it
                          applicant__ethnicity="汉", applicant__address=ADDRESS_ANSWER)
    sent = envelope(world)
    assert (sent["identity_source"], sent["identity_reason"]) == ("staff_entered", "card_damaged")
    sources = sent["sources"]
    assert isinstance(sources, dict) and "document" not in sources.values()
    assert sent["answers"]["applicant.name"] == "刘德富"  # type: ignore[index]
    submitted = world.session.submitted
    assert submitted is not None and submitted.receipt.staff_entered
    text = "\n".join(line.text for line in ticket_lines(submitted.receipt, "zh").lines)
    assert "身份信息由工作人员录入，待核验" in text and "帮办：工作人员 S0012 王**" in text
    event = next(e for e in messages(world).audit if e.kind == "identity_entered")
    assert event.detail == {"document_type": "resident_id", "reason": "card_damaged"}


def test_refusing_help_with_a_typed_identity_ends_the_visit(world: World) -> None:
    world.sign_in_by_pin()
    world.visit.enter_identity()
    world.visit.submit_identity("resident_id", "刘德福", TYPED, "reader_fault")
    world.visit.refuse_help()
    assert state(world.visit) is State.HOME and not world.session.active
    assert world.session.identity_source == "chip"


def test_identity_is_typed_only_inside_a_staff_session(world: World) -> None:
    world.visit.enter_identity()
    assert state(world.visit) is State.HOME
    world.sign_in_by_pin()
    world.visit.enter_identity()
    world.desk.post.end("sign_out")
    assert world.visit.submit_identity("resident_id", "刘德福", TYPED, "reader_fault") == {}
    assert not world.session.active


def test_staff_actions_are_audited_without_the_citizens_data(world: World) -> None:
    world.sign_in_by_pin()
    world.visit.act_for()
    world.visit.record_agent("resident_id", OTHER_ID, "close_relative")
    world.visit.enter_identity()
    world.visit.submit_identity("resident_id", "刘德福", TYPED, "card_forgotten")
    world.visit.accept_help()
    world.visit.end()
    world.sign_in_by_pin()
    world.visit.open_assisted()
    world.identify()
    world.visit.refuse_help()
    world.visit.end()
    audit = messages(world).audit
    assert {e.kind for e in audit} == {"staff_sign_in", "assist_opened", "agent_recorded", "identity_entered",
                                      "assist_accepted", "assist_refused"}
    dumped = " ".join(e.model_dump_json() for e in audit)
    for personal in (NAME, ID_NUMBER, OTHER_ID, TYPED, "刘德福", "王"):
        assert personal not in dumped


def test_the_help_and_the_typed_identity_are_wiped_at_the_end(world: World) -> None:
    world.sign_in_by_pin()
    world.visit.act_for()
    world.visit.record_agent("resident_id", OTHER_ID, "guardian")
    world.visit.enter_identity()
    world.visit.submit_identity("resident_id", "刘德福", TYPED, "card_forgotten")
    world.visit.accept_help()
    ended = world.visit
    ended.end()
    for visit in (ended, world.visit):
        assert visit.assistance_mode is None and visit.helper is None and visit.assistance is None
        assert visit.identity_problem == {} and visit.staff_problem is None
    assert world.session.identity is None and world.session.identity_source == "chip"
    assert world.session.assisted_by is None
    world.identify()
    assert state(world.visit) is State.IDENTIFIED  # the next citizen is not asked about help


def test_a_staff_card_read_mid_visit_is_not_a_sign_in(world: World) -> None:
    world.identify()
    world.visit.card_read(world.staff_card())
    assert state(world.visit) is State.IDENTIFIED and signed_in(world) is None
    world.visit.card_read(ReadResult(ReadStatus.STAFF_CARD))  # a staff card read that gave no proof
    assert signed_in(world) is None
