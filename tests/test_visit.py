"""The visit as a state machine, without Qt: every state, every transition, time moved by hand."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.assets import DEMO_CATALOGUE
from kiosk.catalogue import load_catalogue
from kiosk.documents.model import Receipt
from kiosk.i18n import Text
from kiosk.log import forget_personal_values
from kiosk.mrz import MrzKey
from kiosk.printing import PrintResult, PrintState
from kiosk.reading import ReadResult, ReadStatus
from kiosk.session import CitizenSession, Terminal
from kiosk.store import Store
from kiosk.sync import samples
from kiosk.sync.hall_wire import StaffSignedIn, StaffSignIn, TicketRequest
from kiosk.sync.platform import CertificatePdf, Outcome
from kiosk.sync.wire import CitizenApplication, Licence, SharedData
from kiosk.visit.applications import Lookup
from kiosk.visit.clock import ManualTimers
from kiosk.visit.desk import Desk
from kiosk.visit.machine import BAD_MRZ, NO_CERTIFICATE, SHARED_UNAVAILABLE, Services, Timing, Visit
from kiosk.visit.states import ATTENDED, Change, Delivery, Rating, State
from tests.helpers.answers import typed_birth_answers
from tests.helpers.hall_world import Printer
from tests.helpers.people import resident

CATALOGUE = load_catalogue(DEMO_CATALOGUE)
BIRTH, RETIREMENT = "43PCN0009", "43PCN0013"
CST = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 20, 10, 30, tzinfo=CST)
TERMINAL = Terminal("HN-CS-0001", Text("长沙市政务服务中心", "Changsha Government Service Centre"), "http://127.0.0.1:1/")
TIMING = Timing(idle_timeout_s=120, idle_warning_s=30, delivery_wait_s=6)
PASSPORT = MrzKey("E12345678", "850615", "330131")
APPROVED = CitizenApplication.model_validate(samples.APPROVED)
LICENCE = Licence.model_validate(samples.LICENCE)
PRINTED = PrintResult(PrintState.PRINTED)


class HeldWork:
    """Background work that runs only when the test releases it, as a slow network would."""

    def __init__(self) -> None:
        self.queue: list[tuple[Callable[[], Any], Callable[[Any], None]]] = []

    def run(self, work: Callable[[], Any], answer: Callable[[Any], None]) -> None:
        self.queue.append((work, answer))

    def release(self, count: int | None = None) -> None:
        for _ in range(len(self.queue) if count is None else count):
            work, answer = self.queue.pop(0)
            answer(work())


class Reader:
    def __init__(self) -> None:
        self.keys: list[MrzKey] = []

    def read_with(self, mrz: MrzKey) -> None:
        self.keys.append(mrz)


class Outbox:
    kicks = 0

    def kick(self) -> None:
        self.kicks += 1


class Platform:
    """The visit's lookups, answering what each test sets."""

    def __init__(self) -> None:
        self.applications: list[CitizenApplication] | None = [APPROVED]
        self.licences_held: list[Licence] | None = [LICENCE]
        self.shared: SharedData | None = None
        self.certificates: dict[str, CertificatePdf] = {}
        self.ratings: list[tuple[str, int]] = []

    def citizen_applications(self, citizen_key: str) -> list[CitizenApplication] | None:
        return self.applications

    def licences(self, citizen_key: str) -> list[Licence] | None:
        return self.licences_held

    def shared_data(self, citizen_key: str, names: list[str], purpose: str, wording_version: str) -> SharedData | None:
        return self.shared

    def rate(self, number: str, level: int, comment: str) -> bool | None:
        first = all(n != number for n, _ in self.ratings)
        self.ratings.append((number, level))
        return first

    def certificate(self, serial: str) -> CertificatePdf | None:
        return self.certificates.get(serial)

    def staff_sign_in(self, request: StaffSignIn) -> StaffSignedIn:
        return StaffSignedIn(staff_number=request.staff_number, masked_name="王**", session_id=request.session_id)

    # The no-card services and calls are tests/test_visit_counter.py's: unanswered here.
    def status(self, number: str, code: str) -> None:
        return None

    def check_document(self, path: str) -> None:
        return None

    def take_ticket(self, request: TicketRequest) -> None:
        return None

    def call_state(self, uuid: str) -> None:
        return None

    def cancel_call(self, uuid: str) -> None:
        return None


class World:
    def __init__(self, store: Store, *, enrolled: bool) -> None:
        self.timers = ManualTimers()
        self.work = HeldWork()
        self.reader = Reader()
        self.printer = Printer()
        self.outbox = Outbox()
        self.platform = Platform()
        self.store = store
        keys = (lambda id_number: f"key-{id_number[-4:]}") if enrolled else None
        self.session = CitizenSession(CATALOGUE, store, TERMINAL, clock=lambda: NOW, citizen_keys=keys)
        services = Services(self.timers, self.work, self.reader, self.printer, self.outbox, self.platform)
        self.desk = Desk(self.session, services, TIMING, lambda: "zh")
        self.changes: list[tuple[Visit, Change]] = []
        self.desk.subscribe(lambda visit, change: self.changes.append((visit, change)))

    @property
    def visit(self) -> Visit:
        return self.desk.visit

    def identify(self, **person: Any) -> None:
        self.visit.card_read(ReadResult(ReadStatus.OK, resident(**person)))

    def fill_birth_form(self) -> None:
        for key, value in typed_birth_answers().items():
            self.visit.answer(key, value)

    def reach(self, state: State) -> None:
        """Take a fresh visit to ``state`` by intents and events only."""
        visit = self.visit
        if state is State.HOME:
            return
        if state in HALL_STATES:
            self.reach_hall(state)
        elif state in (State.MRZ, State.READING):
            visit.card_read(ReadResult(ReadStatus.NEEDS_MRZ))
            if state is State.READING:
                visit.submit_mrz(PASSPORT.document_number, PASSPORT.birth_date, PASSPORT.expiry_date)
        elif state is State.IDLE_WARNING:
            self.reach(State.IDENTIFIED)
            self.timers.advance(TIMING.idle_timeout_s)
        else:
            self.identify()
            if state is State.APPLICATIONS:
                visit.show_applications()
            elif state is not State.IDENTIFIED:
                visit.proceed()
                if state is State.CONSENT:
                    visit.choose(RETIREMENT)
                elif state is not State.CHOOSING:
                    visit.choose(BIRTH)
                    if state is not State.FORM:
                        self.fill_birth_form()
                        while now(visit) is State.FORM:
                            assert visit.next_step() == {}
                        if state is not State.REVIEW:
                            visit.submit()
                            if state is State.RECEIPT:
                                self.timers.advance(TIMING.delivery_wait_s)
        assert now(visit) is state

    def reach_hall(self, state: State) -> None:
        """The staff states by a PIN sign-in, the no-card ones from home."""
        visit = self.visit
        no_card = {State.LOOKUP: visit.lookup_start, State.VERIFY: visit.verify_start,
                   State.TICKET: lambda: visit.ticket_start("asked")}
        if state in no_card:
            no_card[state]()
            return
        visit.staff_entry()
        if state is not State.STAFF_SIGN_IN:
            visit.staff_pin("S0012", "246810")
            self.work.release()
        if state is State.STAFF_AGENT:
            visit.act_for()
        elif state is State.STAFF_IDENTITY:
            visit.enter_identity()
        elif state is State.ASSIST_CONSENT:
            visit.open_assisted()
            self.identify()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "state")
    yield opened
    opened.close()
    forget_personal_values()


@pytest.fixture
def world(store: Store) -> World:
    return World(store, enrolled=False)


@pytest.fixture
def enrolled(store: Store) -> World:
    return World(store, enrolled=True)


EVERY_STATE = [s for s in State if s is not State.ENDED]
HALL_STATES = frozenset({State.STAFF_SIGN_IN, State.STAFF_MENU, State.STAFF_AGENT, State.STAFF_IDENTITY,
                         State.ASSIST_CONSENT, State.LOOKUP, State.VERIFY, State.TICKET})


# Calls, so that mypy does not hold on to an earlier comparison of the same attribute.
def now(visit: Visit) -> State:
    return visit.state


def resumes(visit: Visit) -> State:
    return visit.resumes


def printed(visit: Visit) -> PrintResult | None:
    return visit.print_result


def problem(visit: Visit) -> Text | None:
    return visit.mrz_problem


def rating(visit: Visit) -> Rating:
    return visit.rating


def looking(lookup: Lookup) -> bool:
    return lookup.looking


# -- reading the document ----------------------------------------------------------------------------


def test_a_card_read_identifies_the_citizen(world: World) -> None:
    world.identify()
    assert now(world.visit) is State.IDENTIFIED and world.session.active
    assert world.changes[-1] == (world.visit, Change.SCREEN)


@pytest.mark.parametrize("status", [ReadStatus.UNREADABLE, ReadStatus.REMOVED, ReadStatus.BLOCKED])
def test_a_card_that_cannot_be_read_says_why_at_home(world: World, status: ReadStatus) -> None:
    world.visit.card_read(ReadResult(status))
    assert now(world.visit) is State.HOME and world.visit.notice == ReadResult(status).reason
    world.identify()
    assert world.visit.notice is None


def test_no_card_is_no_news(world: World) -> None:
    world.visit.card_read(ReadResult(ReadStatus.NO_CARD))
    assert now(world.visit) is State.HOME and world.visit.notice is None


def test_a_passport_asks_for_its_mrz_and_reads_with_it(world: World) -> None:
    world.reach(State.MRZ)
    assert problem(world.visit) is None
    world.visit.submit_mrz("e12345678 ", "850615", "330131")
    assert now(world.visit) is State.READING and world.reader.keys == [PASSPORT]
    world.visit.card_read(ReadResult(ReadStatus.WRONG_MRZ))
    assert now(world.visit) is State.MRZ and world.visit.mrz_problem == ReadResult(ReadStatus.WRONG_MRZ).reason
    assert world.visit.mrz_typed == ("E12345678", "850615", "330131")  # kept, to correct
    world.visit.submit_mrz("E12345678", "850615", "330131")
    world.identify()
    assert now(world.visit) is State.IDENTIFIED and world.visit.mrz_typed == ("", "", "")


def test_a_malformed_mrz_is_refused_before_any_read(world: World) -> None:
    world.reach(State.MRZ)
    world.visit.submit_mrz("E12345678", "851315", "330131")
    assert (world.visit.state, world.visit.mrz_problem, world.reader.keys) == (State.MRZ, BAD_MRZ, [])
    assert world.changes[-1] == (world.visit, Change.CONTENT)


def test_a_failed_chip_read_goes_home_with_the_reason(world: World) -> None:
    world.reach(State.READING)
    world.visit.card_read(ReadResult(ReadStatus.NOT_AUTHENTIC))
    assert now(world.visit) is State.HOME and world.visit.notice == ReadResult(ReadStatus.NOT_AUTHENTIC).reason
    assert world.visit.mrz_typed == ("", "", "")


def test_cancelling_the_mrz_entry_ends_the_visit(world: World) -> None:
    world.reach(State.MRZ)
    first = world.visit
    first.submit_mrz("E12345678", "851315", "330131")
    first.end()
    assert first.ended and world.visit is not first and now(world.visit) is State.HOME
    assert world.visit.mrz_typed == ("", "", "") and first.mrz_typed == ("", "", "")


# -- choosing, consent and the form ------------------------------------------------------------------


def test_an_expired_document_cannot_go_on(world: World) -> None:
    world.identify()
    world.session.identity = dataclasses.replace(resident(), valid_until=dt.date(2026, 1, 1))
    assert not world.visit.may_continue
    world.visit.proceed()
    assert now(world.visit) is State.IDENTIFIED


def test_my_applications_and_back(world: World) -> None:
    world.reach(State.APPLICATIONS)
    assert world.visit.lookup.notice is not None and not looking(world.visit.lookup)  # not enrolled: nothing to ask
    assert world.work.queue == []
    world.visit.back_to_identity()
    assert now(world.visit) is State.IDENTIFIED
    world.visit.show_applications()
    world.visit.proceed()
    assert now(world.visit) is State.CHOOSING


def test_my_applications_asks_the_platform_for_both_lists(enrolled: World) -> None:
    enrolled.reach(State.APPLICATIONS)
    lookup = enrolled.visit.lookup
    assert looking(lookup) and lookup.notice is None and len(enrolled.work.queue) == 2
    enrolled.work.release(1)
    assert looking(lookup) and lookup.answer == [APPROVED]  # the licences are still to come
    enrolled.work.release(1)
    assert not looking(lookup) and lookup.licences == [LICENCE]
    entries = lookup.entries(enrolled.session)
    assert [e.number for e in entries] == [APPROVED.number] and entries[0].certificates[0][0] == "HN-2026-00000042"


def test_an_offline_platform_leaves_the_kiosks_own_records(enrolled: World) -> None:
    enrolled.platform.applications = None
    enrolled.platform.licences_held = None
    enrolled.reach(State.APPLICATIONS)
    enrolled.work.release()
    assert enrolled.visit.lookup.notice is not None and enrolled.visit.lookup.licences == []
    assert not looking(enrolled.visit.lookup)


def test_certificates_and_licences_are_printed_off_the_screens_thread(enrolled: World) -> None:
    enrolled.reach(State.APPLICATIONS)
    enrolled.work.release()
    enrolled.visit.print_certificate("HN-2026-00000042")
    enrolled.work.release()
    assert enrolled.visit.lookup.print_notice == NO_CERTIFICATE and enrolled.printer.jobs == []
    enrolled.platform.certificates["HN-2026-00000042"] = CertificatePdf(b"%PDF-cert", "ABC123")
    enrolled.visit.print_certificate("HN-2026-00000042")
    enrolled.work.release()
    job = enrolled.printer.finish(PrintResult(PrintState.PRINTED, message=Text("文件已保存", "Saved")))
    assert job.title == "certificate-HN-2026-00000042" and callable(job.document) and job.document() == b"%PDF-cert"
    assert enrolled.visit.lookup.print_notice == Text("文件已保存", "Saved")
    enrolled.visit.print_licence(0)
    job = enrolled.printer.jobs[0]
    assert job.title == "licence-driving_licence" and callable(job.document)  # rendered on the printer's thread
    assert job.document().startswith(b"%PDF")
    enrolled.printer.finish()
    kinds = [p.kind for p in enrolled.store.recent_prints()]
    assert sorted(kinds) == ["certificate", "licence"]


def test_a_package_without_shared_data_goes_straight_to_the_form(world: World) -> None:
    world.reach(State.CHOOSING)
    world.visit.choose(RETIREMENT)  # shared data, but this kiosk is not enrolled: nothing to ask with
    assert now(world.visit) is State.FORM and world.visit.step == 0


def test_consent_agreed_fetches_and_fills(enrolled: World) -> None:
    enrolled.reach(State.CONSENT)
    names = enrolled.session.shared_keys()
    enrolled.platform.shared = SharedData(consent_id=7, values={names[0]: "湖南某某有限公司"})
    enrolled.visit.agree()
    assert enrolled.visit.consent_fetching and now(enrolled.visit) is State.CONSENT
    enrolled.visit.agree()  # a second tap while fetching asks nothing more
    assert len(enrolled.work.queue) == 1
    enrolled.work.release()
    assert now(enrolled.visit) is State.FORM and enrolled.visit.form_notice is None
    assert any(p.source.value == "shared" for p in enrolled.session.prefilled.values())


def test_consent_agreed_but_unanswered_says_so_on_the_form(enrolled: World) -> None:
    enrolled.reach(State.CONSENT)
    enrolled.visit.agree()
    enrolled.work.release()
    assert now(enrolled.visit) is State.FORM and enrolled.visit.form_notice == SHARED_UNAVAILABLE
    enrolled.visit.previous_step()
    assert enrolled.visit.form_notice is None


def test_consent_declined_fetches_nothing(enrolled: World) -> None:
    enrolled.reach(State.CONSENT)
    enrolled.visit.decline()
    assert now(enrolled.visit) is State.FORM and enrolled.work.queue == []


def test_the_form_moves_step_by_step_and_refuses_an_unfinished_step(world: World) -> None:
    world.reach(State.FORM)
    visit = world.visit
    keys = [s.key for s in visit.steps()]
    assert visit.next_step() == {} and visit.step == 1  # the applicant's step is all from the card
    errors = visit.next_step()
    assert "contact.mobile" in errors and visit.step == 1 and now(visit) is State.FORM
    world.fill_birth_form()
    while now(visit) is State.FORM:
        assert visit.next_step() == {}
    assert now(visit) is State.REVIEW and len(keys) >= 3
    visit.edit()
    assert now(visit) is State.FORM and visit.step == 0
    visit.next_step()
    visit.previous_step()
    assert visit.step == 0
    visit.previous_step()
    assert now(visit) is State.CHOOSING


# -- submitting and the receipt ----------------------------------------------------------------------


def test_submitting_saves_once_waits_for_the_platform_then_prints(world: World) -> None:
    world.reach(State.SUBMITTING)
    visit = world.visit
    submitted = world.session.submitted
    assert submitted is not None and world.outbox.kicks == 1 and world.store.pending_count() == 1
    visit.delivered("some-other-application", Outcome.DELIVERED)
    assert now(visit) is State.SUBMITTING and world.printer.jobs == []
    visit.rate(5)  # the receipt screen offers the rating while it waits
    assert visit.rating is Rating.SENDING
    visit.delivered(submitted.uuid, Outcome.DELIVERED)
    assert now(visit) is State.RECEIPT and visit.delivery is Delivery.DELIVERED
    receipt = world.printer.jobs[0].document
    assert isinstance(receipt, Receipt) and receipt.submitted
    world.printer.finish(PrintResult(PrintState.FAILED, "paused"))
    result = visit.print_result
    assert result is not None and result.state is PrintState.FAILED
    visit.print_receipt()  # reprint
    assert printed(visit) is None
    world.printer.finish()
    assert [p.state for p in world.store.prints_for(submitted.uuid)] == ["failed", "printed"]
    world.work.release()
    assert rating(visit) is Rating.THANKS
    visit.rate(4)
    world.work.release()
    assert rating(visit) is Rating.ALREADY and [n for n, _ in world.platform.ratings] == [submitted.number] * 2
    visit.submit()  # a second tap never makes a second application
    assert world.store.pending_count() == 1
    visit.end()
    assert now(world.visit) is State.HOME and not world.session.active


@pytest.mark.parametrize(("outcome", "delivery"), [(Outcome.ATTENTION, Delivery.ATTENTION),
                                                   (Outcome.RETRY, Delivery.QUEUED)])
def test_the_platforms_first_word_settles_the_receipt(world: World, outcome: Outcome, delivery: Delivery) -> None:
    world.reach(State.SUBMITTING)
    submitted = world.session.submitted
    assert submitted is not None
    world.visit.delivered(submitted.uuid, outcome)
    assert now(world.visit) is State.RECEIPT and world.visit.delivery is delivery
    receipt = world.printer.jobs[0].document
    assert isinstance(receipt, Receipt) and not receipt.submitted


def test_a_silent_platform_prints_the_receipt_as_queued(world: World) -> None:
    world.reach(State.SUBMITTING)
    world.timers.advance(TIMING.delivery_wait_s - 0.5)
    assert now(world.visit) is State.SUBMITTING
    world.timers.advance(0.5)
    assert now(world.visit) is State.RECEIPT and world.visit.delivery is Delivery.QUEUED
    submitted = world.session.submitted
    assert submitted is not None
    world.visit.delivered(submitted.uuid, Outcome.DELIVERED)  # too late for this receipt: it printed queued
    assert world.visit.delivery is Delivery.QUEUED and len(world.printer.jobs) == 1


# -- every state: idle, card removed, a new card, the end --------------------------------------------


@pytest.mark.parametrize("state", EVERY_STATE)
def test_idle_timeout_from_every_state(enrolled: World, state: State) -> None:
    enrolled.reach(state)
    visit = enrolled.visit
    if state is State.IDLE_WARNING:  # a touch does not stop the countdown: the warning needs its own button
        visit.activity()
    else:
        enrolled.timers.advance(TIMING.idle_timeout_s - 1)
        visit.activity()  # a touch restarts the clock
        enrolled.timers.advance(TIMING.idle_timeout_s - 1)
        if state not in ATTENDED:
            assert now(visit) is state and enrolled.desk.visit is visit
            return
        # the receipt stops waiting for the platform long before anyone is thought gone
        waited = State.RECEIPT if state is State.SUBMITTING else state
        assert now(visit) is waited
        enrolled.timers.advance(1)
        assert now(visit) is State.IDLE_WARNING and visit.resumes is waited
    enrolled.timers.advance(TIMING.idle_warning_s - 1)
    assert now(visit) is State.IDLE_WARNING and visit.idle_remaining == 1
    enrolled.timers.advance(1)
    assert visit.ended and enrolled.desk.visit is not visit and now(enrolled.visit) is State.HOME
    assert not enrolled.session.active and enrolled.session.answers == {} and enrolled.session.submitted is None


def test_the_receipt_stops_waiting_even_under_the_idle_warning(store: Store) -> None:
    world = World(store, enrolled=False)
    world.desk.timing = dataclasses.replace(TIMING, idle_timeout_s=3)
    world.visit.end()  # the next visit takes the new timing
    world.reach(State.SUBMITTING)
    world.timers.advance(3)
    assert now(world.visit) is State.IDLE_WARNING and resumes(world.visit) is State.SUBMITTING
    world.timers.advance(3)  # the platform did not answer in time: the receipt prints, under the warning
    assert world.visit.resumes is State.RECEIPT and world.visit.delivery is Delivery.QUEUED
    assert len(world.printer.jobs) == 1
    world.visit.still_here()
    assert now(world.visit) is State.RECEIPT


@pytest.mark.parametrize("state", sorted(ATTENDED - {State.SUBMITTING}))  # see the test above
def test_the_citizen_can_come_back_from_the_idle_warning(enrolled: World, state: State) -> None:
    enrolled.reach(state)
    enrolled.timers.advance(TIMING.idle_timeout_s)
    enrolled.visit.still_here()
    assert now(enrolled.visit) is state
    enrolled.timers.advance(TIMING.idle_timeout_s - 1)
    assert now(enrolled.visit) is state  # the clock started again


@pytest.mark.parametrize("state", EVERY_STATE)
def test_card_removed_in_every_state(enrolled: World, state: State) -> None:
    enrolled.reach(state)
    visit = enrolled.visit
    visit.card_removed()
    if state in (State.MRZ, State.READING):  # only the chip read needs the document there
        assert visit.ended and now(enrolled.visit) is State.HOME
    else:
        assert now(visit) is state and enrolled.desk.visit is visit


@pytest.mark.parametrize("state", EVERY_STATE)
def test_a_card_read_mid_visit_is_not_a_new_citizen(enrolled: World, state: State) -> None:
    enrolled.reach(state)
    visit = enrolled.visit
    visit.card_read(ReadResult(ReadStatus.OK, resident(name="另一人")))
    if state in (State.HOME, State.MRZ, State.READING):
        assert now(visit) is State.IDENTIFIED and enrolled.session.identity is not None
        assert enrolled.session.identity.name == "另一人"
    else:
        assert now(visit) is state
        assert enrolled.session.identity is None or enrolled.session.identity.name != "另一人"


@pytest.mark.parametrize("state", EVERY_STATE)
def test_ending_from_every_state_wipes_everything(enrolled: World, state: State) -> None:
    enrolled.reach(state)
    visit = enrolled.visit
    visit.end()
    assert visit.ended and enrolled.visit is not visit and now(enrolled.visit) is State.HOME
    assert not enrolled.session.active and enrolled.session.form is None and enrolled.session.answers == {}
    assert enrolled.changes[-1] == (enrolled.visit, Change.SCREEN)
    enrolled.desk.post.end("sign_out")  # the staff session is the terminal's: its clock outlives visits
    assert enrolled.timers.pending == []  # no timer of the ended visit is left to fire


def test_intents_out_of_their_state_do_nothing(world: World) -> None:
    visit = world.visit
    for intent in (visit.proceed, visit.show_applications, visit.agree, visit.decline, visit.submit, visit.edit,
                   visit.previous_step, visit.print_receipt, visit.still_here, visit.back_to_identity):
        intent()
    visit.choose(BIRTH)
    visit.rate(5)
    visit.submit_mrz("E12345678", "850615", "330131")
    assert now(visit) is State.HOME and world.changes == [] and world.work.queue == [] and world.reader.keys == []
    assert visit.next_step() == {}


# -- late answers never reach the next citizen -------------------------------------------------------


def test_late_answers_for_an_earlier_citizen_are_dropped(enrolled: World) -> None:
    enrolled.reach(State.APPLICATIONS)
    earlier = enrolled.visit
    earlier.end()
    enrolled.identify(name="后来者")
    enrolled.visit.show_applications()
    later = enrolled.visit
    enrolled.work.release(2)  # the earlier citizen's two answers arrive now
    assert earlier.lookup.answer is None and earlier.lookup.licences == []
    assert looking(later.lookup) and later.lookup.answer is None
    enrolled.work.release()
    assert later.lookup.answer == [APPROVED]


def test_late_shared_data_never_fills_the_next_citizens_form(enrolled: World) -> None:
    enrolled.reach(State.CONSENT)
    names = enrolled.session.shared_keys()
    enrolled.platform.shared = SharedData(consent_id=7, values={names[0]: "湖南某某有限公司"})
    enrolled.visit.agree()
    enrolled.visit.end()
    enrolled.reach(State.FORM)
    enrolled.work.release()
    assert all(p.source.value != "shared" for p in enrolled.session.prefilled.values())


def test_a_late_print_is_recorded_but_not_shown_to_the_next_citizen(world: World) -> None:
    world.reach(State.RECEIPT)
    submitted = world.session.submitted
    assert submitted is not None
    world.visit.end()
    world.identify()
    world.printer.finish(PrintResult(PrintState.FAILED, "paused"))
    assert world.visit.print_result is None
    assert [p.state for p in world.store.prints_for(submitted.uuid)] == ["failed"]
