"""One citizen's visit as a state machine: screens send intents, the visit changes state and says so.

A ``Visit`` serves one citizen and is never reused: once ended it ignores everything, so an answer
from the platform or the printer that arrives late cannot reach the next citizen. ``Desk`` starts
the next visit. Time comes from injected ``Timers``; slow work goes through ``Background``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from kiosk.i18n import Language, Text
from kiosk.printing import PrintResult
from kiosk.reading import ReadResult, ReadStatus
from kiosk.sync.platform import CertificatePdf, Outcome
from kiosk.visit.applications import Lookup, Notice
from kiosk.visit.counter import Counter
from kiosk.visit.ports import Services, Timer
from kiosk.visit.prompts import BAD_MRZ, FETCHING_CERTIFICATE, NO_CERTIFICATE, SHARED_UNAVAILABLE
from kiosk.visit.staffing import Staffing, StaffPost
from kiosk.visit.states import ACCEPTS_CARDS, ATTENDED, NEEDS_THE_CARD, Change, Delivery, Rating, State

if TYPE_CHECKING:
    from kiosk.forms.engine import Step
    from kiosk.session import CitizenSession
    from kiosk.sync.wire import SharedData  # pydantic: not loaded before the first frame

log = logging.getLogger("kiosk.visit")
T = TypeVar("T")

WORDING_VERSION = "consent-2026-11"  # recorded with each consent: which text the citizen saw


@dataclass(frozen=True)
class Timing:
    idle_timeout_s: float = 120
    idle_warning_s: int = 30
    delivery_wait_s: float = 6  # how long the receipt waits for the platform before printing "queued"


class Visit(Staffing, Counter):
    def __init__(self, session: CitizenSession, services: Services, timing: Timing,
                 lang: Callable[[], Language], on_change: Callable[[Visit, Change], None],
                 post: StaffPost | None = None) -> None:
        """``post``: the terminal's staff session, kept by the Desk across visits."""
        self.session = session
        self.post = post or StaffPost(services.timers, services.messages, session.clock)
        self.services = services
        self.timing = timing
        self.lang = lang
        self._on_change = on_change
        self.state = State.HOME
        self.resumes = State.HOME  # the state an idle warning returns to
        self.idle_remaining = 0
        self._idle: Timer | None = None
        self._countdown: Timer | None = None
        self._delivery_wait: Timer | None = None
        # What the screens render, beyond the session's own data:
        self.notice: Text | None = None  # on the home screen: why the last card was not read
        self.mrz_typed: tuple[str, str, str] = ("", "", "")
        self.mrz_problem: Text | None = None
        self.step = 0
        self.form_notice: Text | None = None
        self.consent_fetching = False
        self.delivery = Delivery.PENDING
        self.print_result: PrintResult | None = None
        self.rating = Rating.NONE
        self.lookup = Lookup()
        self._init_staffing()
        self._init_counter()

    # -- plumbing ----------------------------------------------------------------------------------

    @property
    def ended(self) -> bool:
        return self.state is State.ENDED

    def _go(self, state: State) -> None:
        self.state = state
        self._restart_idle()
        self._on_change(self, Change.SCREEN)

    def _changed(self) -> None:
        self._on_change(self, Change.CONTENT)

    def _bound(self, handler: Callable[[T], None]) -> Callable[[T], None]:
        """``handler``, dropped once this visit has ended: a late answer never reaches the next citizen."""

        def deliver(value: T) -> None:
            if not self.ended:
                handler(value)

        return deliver

    def _ask(self, work: Callable[[], T], answer: Callable[[T | None], None]) -> None:
        self.services.background.run(work, self._bound(answer))

    @staticmethod
    def _cancel(timer: Timer | None) -> None:
        if timer is not None:
            timer.cancel()

    # -- idle ---------------------------------------------------------------------------------------

    def activity(self) -> None:
        """A touch anywhere: restart the idle clock (the warning itself needs its own button)."""
        if self.state is not State.IDLE_WARNING:
            self._restart_idle()
            self.post.touch()

    def _restart_idle(self) -> None:
        self._cancel(self._idle)
        self._idle = None
        if self.state in ATTENDED:
            self._idle = self.services.timers.start(self.timing.idle_timeout_s, self._idle_expired)

    def _idle_expired(self) -> None:
        if self.state not in ATTENDED:
            return
        self.resumes = self.state
        self.state = State.IDLE_WARNING
        self.idle_remaining = self.timing.idle_warning_s
        self._countdown = self.services.timers.start(1, self._tick)
        self._on_change(self, Change.SCREEN)

    def _tick(self) -> None:
        if self.state is not State.IDLE_WARNING:
            return
        self.idle_remaining -= 1
        if self.idle_remaining <= 0:
            self.end()
            return
        self._countdown = self.services.timers.start(1, self._tick)
        self._on_change(self, Change.IDLE)

    def still_here(self) -> None:
        if self.state is State.IDLE_WARNING:
            self._cancel(self._countdown)
            self._go(self.resumes)

    # -- the document -------------------------------------------------------------------------------

    def card_read(self, result: ReadResult) -> None:
        if result.status is ReadStatus.STAFF_CARD:
            self._staff_card(result)
            return
        if self.state not in ACCEPTS_CARDS:
            return  # a card left on the reader mid-visit is not a new citizen
        if result.status in (ReadStatus.NEEDS_MRZ, ReadStatus.WRONG_MRZ):
            self.mrz_problem = result.reason if result.status is ReadStatus.WRONG_MRZ else None
            self._go(State.MRZ)
            return
        self.mrz_typed, self.mrz_problem = ("", "", ""), None
        if not result.ok or result.record is None:
            if result.status is not ReadStatus.NO_CARD:
                self.notice = result.reason
                log.info("card not read: %s %s", result.status, result.detail)
            self._go(State.HOME)
            return
        self.notice = None
        self.session.identify(result.record)
        self._go(self._assisted_read())

    def card_removed(self) -> None:
        self._staff_card_removed()
        if self.state in NEEDS_THE_CARD:
            self.end()

    def submit_mrz(self, number: str, birth: str, expiry: str) -> None:
        if self.state is not State.MRZ:
            return
        from kiosk.mrz import MrzKey  # loads with the first passport, not at start-up

        self.mrz_typed = (number.strip().upper(), birth.strip(), expiry.strip())
        try:
            key = MrzKey(*self.mrz_typed)
        except ValueError:
            self.mrz_problem = BAD_MRZ
            self._changed()
            return
        self.mrz_problem = None
        self._go(State.READING)
        self.services.cards.read_with(key)

    # -- choosing and filling -----------------------------------------------------------------------

    @property
    def may_continue(self) -> bool:
        """An expired document cannot be served here: staff at the counter will help."""
        identity = self.session.identity
        return identity is not None and not identity.is_expired(self.session.clock().date())

    def proceed(self) -> None:
        if self.state in (State.IDENTIFIED, State.APPLICATIONS) and self.may_continue:
            self._go(State.CHOOSING)

    def back_to_identity(self) -> None:
        if self.state is State.APPLICATIONS:
            self._go(State.IDENTIFIED)

    def choose(self, package_code: str) -> None:
        if self.state is not State.CHOOSING:
            return
        self.session.choose(package_code)
        if self.session.shared_keys() and self.session.citizen_key is not None:
            self.consent_fetching = False
            self._go(State.CONSENT)  # ask before any shared data is fetched
        else:
            self._start_form()

    def agree(self) -> None:
        session = self.session
        key, names, form = session.citizen_key, session.shared_keys(), session.form
        if self.state is not State.CONSENT or self.consent_fetching:
            return
        if key is None or form is None:
            self._start_form()
            return
        self.consent_fetching = True
        self._changed()
        purpose = form.package.code
        self._ask(lambda: self.services.lookups.shared_data(key, names, purpose, WORDING_VERSION), self._shared_came)

    def _shared_came(self, shared: SharedData | None) -> None:
        if self.state is not State.CONSENT:
            return
        if shared is not None:
            self.session.apply_shared(shared.values)
        else:
            self.form_notice = SHARED_UNAVAILABLE
        self._start_form()

    def decline(self) -> None:
        if self.state is State.CONSENT:
            self._start_form()

    def _start_form(self) -> None:
        self.step = 0
        self._go(State.FORM)

    def steps(self) -> list[Step]:
        form = self.session.form
        return form.steps(self.session.answers) if form is not None else []

    def current_step(self) -> Step:
        steps = self.steps()
        self.step = max(0, min(self.step, len(steps) - 1))
        return steps[self.step]

    def answer(self, key: str, value: object) -> None:
        if self.state is State.FORM:
            self.session.set_answer(key, value)

    def step_errors(self) -> dict[str, Text]:
        form = self.session.form
        if self.state is not State.FORM or form is None:
            return {}
        return form.errors(self.session.answers, self.current_step().fields)

    def next_step(self) -> dict[str, Text]:
        """On to the next step, or to review after the last; the current step's problems stop it."""
        errors = self.step_errors()
        if self.state is not State.FORM or errors:
            return errors
        self.form_notice = None
        if self.step >= len(self.steps()) - 1:
            self._go(State.REVIEW)
        else:
            self.step += 1
            self._go(State.FORM)
        return {}

    def previous_step(self) -> None:
        if self.state is not State.FORM:
            return
        self.form_notice = None
        if self.step == 0:
            self._go(State.CHOOSING)
        else:
            self.step -= 1
            self._go(State.FORM)

    def edit(self) -> None:
        if self.state is State.REVIEW:
            self._start_form()

    # -- submitting and the receipt -----------------------------------------------------------------

    def submit(self) -> None:
        if self.state is not State.REVIEW:
            return
        submitted = self.session.submit()
        self.delivery, self.print_result = Delivery.PENDING, None
        self._go(State.SUBMITTING)
        self.services.outbox.kick()
        self._delivery_wait = self.services.timers.start(self.timing.delivery_wait_s, self._waited)
        log.info("application %s submitted at the kiosk", submitted.number)

    def _waited(self) -> None:
        self._settle(Delivery.QUEUED)  # the platform did not answer in time: the receipt says queued

    def _at(self, state: State) -> bool:
        """In ``state``, or under an idle warning that would return to it."""
        return self.state is state or (self.state is State.IDLE_WARNING and self.resumes is state)

    def delivered(self, uuid: str, outcome: Outcome) -> None:
        """The outbox tried an application: ours, while the receipt waits for it, settles the wait."""
        submitted = self.session.submitted
        if not self._at(State.SUBMITTING) or submitted is None or submitted.uuid != uuid:
            return
        settled = {Outcome.DELIVERED: Delivery.DELIVERED, Outcome.ATTENTION: Delivery.ATTENTION}
        self._settle(settled.get(outcome, Delivery.QUEUED))

    def _settle(self, delivery: Delivery) -> None:
        submitted = self.session.submitted
        if not self._at(State.SUBMITTING) or submitted is None:
            return
        self._cancel(self._delivery_wait)
        self.delivery = delivery
        if delivery is Delivery.DELIVERED:
            self.session.submitted = dataclasses.replace(
                submitted, receipt=dataclasses.replace(submitted.receipt, submitted=True)
            )
        if self.state is State.IDLE_WARNING:
            self.resumes = State.RECEIPT  # printed now all the same: the citizen may be at the tray
        else:
            self._go(State.RECEIPT)
        self.print_receipt()

    def print_receipt(self) -> None:
        submitted = self.session.submitted
        if not self._at(State.RECEIPT) or submitted is None:
            return
        self.print_result = None
        self._changed()
        self.services.printing.print_receipt(submitted.receipt, self.lang(),
                                             self._recorded("receipt", submitted.uuid, self._receipt_printed))

    def _recorded(self, kind: str, uuid: str | None,
                  handler: Callable[[PrintResult], None]) -> Callable[[PrintResult], None]:
        """Every print is recorded, even one that finishes after its visit ended; only the screen is not told."""
        shown = self._bound(handler)

        def done(result: PrintResult) -> None:
            self.session.store.record_print(uuid, kind, self.services.printing.printer_name, result.state.value,
                                            result.reason, dt.datetime.now(dt.UTC))
            shown(result)

        return done

    def _receipt_printed(self, result: PrintResult) -> None:
        self.print_result = result
        self._changed()

    def rate(self, level: int) -> None:
        """好差评: sent at once; an offline kiosk says so rather than pretend."""
        submitted = self.session.submitted
        if self.state not in (State.SUBMITTING, State.RECEIPT) or submitted is None or self.rating is Rating.SENDING:
            return
        self.rating = Rating.SENDING
        self._changed()
        number = submitted.number
        self._ask(lambda: self.services.lookups.rate(number, level, ""), self._rated)

    def _rated(self, answer: bool | None) -> None:
        self.rating = Rating.THANKS if answer is True else Rating.ALREADY if answer is False else Rating.FAILED
        self._changed()

    # -- my applications ----------------------------------------------------------------------------

    def show_applications(self) -> None:
        if self.state is not State.IDENTIFIED:
            return
        key = self.session.citizen_key
        self.lookup = Lookup(awaiting={"applications", "licences"} if key is not None else set(),
                             notice=None if key is not None else Notice.NOT_ENROLLED)
        self._go(State.APPLICATIONS)
        if key is not None:
            lookup, lookups = self.lookup, self.services.lookups
            self._ask(lambda: lookups.citizen_applications(key), lambda a: self._looked(lookup.applications_came, a))
            self._ask(lambda: lookups.licences(key), lambda a: self._looked(lookup.licences_came, a))

    def _looked(self, take: Callable[[T | None], None], answer: T | None) -> None:
        take(answer)
        if self.state is State.APPLICATIONS:
            self._changed()

    def print_certificate(self, serial: str) -> None:
        """An approved item's certificate, issued by the platform: fetched, then printed here."""
        if self.state is not State.APPLICATIONS:
            return
        self.lookup.print_notice = FETCHING_CERTIFICATE
        self._changed()
        self._ask(lambda: self.services.lookups.certificate(serial), lambda got: self._certificate_came(serial, got))

    def _certificate_came(self, serial: str, fetched: CertificatePdf | None) -> None:
        if fetched is None:
            self.lookup.print_notice = NO_CERTIFICATE
            self._changed()
            return
        pdf = fetched.pdf
        self.services.printing.print_document(lambda: pdf, f"certificate-{serial}",
                                              self._recorded("certificate", None, self._printed))

    def print_licence(self, index: int) -> None:
        """A printout of one of the citizen's e-licences, made (off the GUI thread) from what the platform listed."""
        identity = self.session.identity
        if self.state is not State.APPLICATIONS or identity is None or not 0 <= index < len(self.lookup.licences):
            return
        from kiosk.documents.licence import LicenceData, render_licence

        licence = LicenceData.of(self.lookup.licences[index], identity.name)
        lang = self.lang()
        self.services.printing.print_document(lambda: render_licence(licence, lang), f"licence-{licence.kind}",
                                              self._recorded("licence", None, self._printed))

    def _printed(self, result: PrintResult) -> None:
        self.lookup.print_notice = result.message
        self._changed()

    # -- the end ------------------------------------------------------------------------------------

    def end(self) -> None:
        """Wipe everything the citizen left: session, answers, typed MRZ, the platform's answers, timers,
        the help given and the no-card services' answers."""
        if self.ended:
            return
        for timer in (self._idle, self._countdown, self._delivery_wait):
            self._cancel(timer)
        self.session.reset()
        self.mrz_typed = ("", "", "")
        self.lookup = Lookup()
        self._init_staffing()
        self._init_counter()
        self.state = State.ENDED
        self._staff_visit_ended()
        log.info("visit ended; session data cleared")
        self._on_change(self, Change.SCREEN)
