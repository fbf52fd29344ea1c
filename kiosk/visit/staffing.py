"""Hall staff at the kiosk: sign-in, assisted visits (帮办 helped / 代办 acting) and identities typed by staff.

``StaffPost`` holds the terminal's staff session across visits (the Desk owns it). The session ends on
sign-out, ``IDLE_S`` without a touch, ``MAX_S`` after sign-in, or when the staff card that opened it is
pulled; an assisted visit already opened carries on after the card is pulled, so that the citizen can use
the reader (VotingWorks' cardless session), and the staff session ends with that visit. Expiry ends a visit in the
staff states, or an assisted one still waiting for the citizen's identity.

``Staffing`` is the visit's part (``Visit`` inherits it). Every staff action is queued as an audit event
that names document types, reasons and modes, never a citizen's name or number.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid as uuidlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.i18n import Text
from kiosk.identity import DOCUMENT_NAMES, DocumentType, IdentityRecord, implied_by_id_number, is_valid_id_number
from kiosk.log import register_personal_values
from kiosk.reading import ReadResult
from kiosk.staff.session import IDLE_S, MAX_S, StaffSession
from kiosk.visit import hall_prompts as p
from kiosk.visit.states import State

if TYPE_CHECKING:
    from kiosk.session import CitizenSession
    from kiosk.sync.hall_wire import StaffRefusal
    from kiosk.sync.wire import Assistance
    from kiosk.visit.ports import Messages, Services, Timer, Timers

STAFF_STATES = frozenset({State.STAFF_SIGN_IN, State.STAFF_MENU, State.STAFF_AGENT, State.STAFF_IDENTITY})
# Documents staff may type for a citizen: their numbers are GB 11643 numbers, whose check digit is verified and
# which give the birth date and sex. A passport's chip opens with its typed MRZ instead.
ENTERED_DOCUMENTS = (DocumentType.RESIDENT_ID, DocumentType.HMT_RESIDENCE_PERMIT,
                     DocumentType.FOREIGN_PERMANENT_RESIDENT)
_STAFF_NUMBER = re.compile(r"^[A-Z][0-9]{4,8}$")
_PIN = re.compile(r"^[0-9]{6}$")
_DOCUMENT_NUMBER = re.compile(r"^[0-9A-Za-z]{1,40}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class StaffPost:
    """The terminal's staff session, at most one, kept across visits; its clock runs on the visit's timers."""

    def __init__(self, timers: Timers, messages: Messages, clock: Callable[[], dt.datetime]) -> None:
        self.timers, self.messages, self.clock = timers, messages, clock
        self.staff: StaffSession | None = None
        self.card_in = False  # signed in by the card now on the reader
        self.ends_with_visit = False  # the card was pulled during an assisted visit: the session ends with it
        self.on_end: Callable[[], None] = lambda: None  # the Desk tells the current visit
        self._idle: Timer | None = None
        self._max: Timer | None = None

    def sign_in(self, number: str, masked_name: str, method: str, session_id: str) -> StaffSession:
        self.end("replaced")
        now = self.clock()
        self.staff = StaffSession(session_id=session_id, staff_number=number, masked_name=masked_name,
                                  method=method, started_at=now, last_activity=now)
        self.card_in, self.ends_with_visit = method == "card", False
        self._max = self.timers.start(MAX_S, lambda: self.end("expired"))
        self._idle = self.timers.start(IDLE_S, lambda: self.end("idle"))
        self.audit("staff_sign_in", method=method)
        return self.staff

    def touch(self) -> None:
        if self.staff is None:
            return
        self.staff.touched(self.clock())
        if self._idle is not None:
            self._idle.cancel()
        self._idle = self.timers.start(IDLE_S, lambda: self.end("idle"))

    def end(self, why: str) -> None:
        if self.staff is None:
            return
        self.audit("staff_sign_out", reason=why)
        for timer in (self._idle, self._max):
            if timer is not None:
                timer.cancel()
        self.staff, self.card_in, self.ends_with_visit = None, False, False
        self.on_end()

    def audit(self, kind: str, *, staff: StaffSession | None = None, number: str | None = None,
              **detail: str) -> None:
        """Queue one audit event: who (``staff``, else the staff ``number`` tried), what, when; ``detail``
        holds codes only."""
        from kiosk.sync.hall_wire import AuditEvent

        staff = staff or self.staff
        self.messages.queue_audit(AuditEvent.model_validate({
            "uuid": str(uuidlib.uuid4()), "kind": kind, "at": self.clock().isoformat(), "detail": detail,
            "staff_number": staff.staff_number if staff else number, "session_id": staff.session_id if staff else None,
        }))


class Staffing:
    """The visit's staff intents: screens call these; ``Visit`` supplies the plumbing declared below."""

    if TYPE_CHECKING:
        state: State
        resumes: State
        session: CitizenSession
        services: Services
        post: StaffPost

        def _go(self, state: State) -> None: ...
        def _changed(self) -> None: ...
        def _ask(self, work: Callable[[], object], answer: Callable[[object], None]) -> None: ...
        def end(self) -> None: ...

    def _init_staffing(self) -> None:
        self.staff_problem: Text | None = None
        self.staff_busy = False
        self.assistance_mode: str | None = None  # "helped" or "acting" once staff opened this visit for a citizen
        self.helper: StaffSession | None = None  # who opened it: named on the banner and the receipt
        self.identity_problem: dict[str, Text] = {}
        self._agent: tuple[str, str, str] | None = None  # 代办: the agent's document type, number, authorisation

    @property
    def staff(self) -> StaffSession | None:
        return self.post.staff

    @property
    def assistance(self) -> Assistance | None:
        return self.session.assistance

    @property
    def identity_source(self) -> str:
        return self.session.identity_source

    # -- signing in and out ---------------------------------------------------------------------------

    def staff_entry(self) -> None:
        if self.state is State.HOME and self.assistance_mode is None:
            self.staff_problem = None
            self._go(State.STAFF_MENU if self.staff is not None else State.STAFF_SIGN_IN)

    def staff_pin(self, number: str, pin: str) -> None:
        if self.state is not State.STAFF_SIGN_IN or self.staff_busy:
            return
        number = number.strip().upper()
        if not _STAFF_NUMBER.match(number) or not _PIN.match(pin):
            self.staff_problem = p.STAFF_BAD_INPUT
            self._changed()
            return
        from kiosk.sync.hall_wire import StaffSignIn

        request = StaffSignIn(staff_number=number, pin=pin, session_id=str(uuidlib.uuid4()))
        self.staff_problem, self.staff_busy = None, True
        self._changed()
        lookups = self.services.lookups
        self._ask(lambda: lookups.staff_sign_in(request), lambda answer: self._pin_answered(number, answer))

    def _pin_answered(self, number: str, answer: object) -> None:
        from kiosk.sync.hall_wire import StaffRefusal, StaffSignedIn

        self.staff_busy = False
        if self.state is not State.STAFF_SIGN_IN:
            return
        if isinstance(answer, StaffSignedIn):
            self.post.sign_in(answer.staff_number, answer.masked_name, "pin", answer.session_id)
            self._go(State.STAFF_MENU)
            return
        self.staff_problem = (_refusal_text(answer, self.session.clock()) if isinstance(answer, StaffRefusal)
                              else p.STAFF_OFFLINE)
        if isinstance(answer, StaffRefusal):
            self.post.audit("staff_sign_in_failed", number=number, method="pin", error=answer.error)
        self._changed()

    def _staff_card(self, result: ReadResult) -> None:
        """A staff card read at home or on the sign-in screen: checked against the signed staff list."""
        if self.state not in (State.HOME, State.STAFF_SIGN_IN) or self.assistance_mode is not None:
            return
        proof = result.staff
        member = self.services.staff_cards.check_card(proof, self.session.clock()) if proof else None
        if member is None:
            self.post.audit("staff_sign_in_failed", method="card", error="card_refused")
            self.staff_problem = p.STAFF_CARD_REFUSED
            self._go(State.STAFF_SIGN_IN)
            return
        self.staff_problem = None
        self.post.sign_in(member.number, member.masked_name, "card", str(uuidlib.uuid4()))
        self._go(State.STAFF_MENU)

    def _staff_card_removed(self) -> None:
        post = self.post
        if not post.card_in:
            return
        post.card_in = False
        if self.assistance_mode is not None:
            post.ends_with_visit = True  # the assisted visit carries on: the citizen may need the reader now
        else:
            post.end("card_removed")

    def staff_sign_out(self) -> None:
        if self.state in STAFF_STATES or self.assistance_mode is not None:
            self.post.end("sign_out")

    def staff_ended(self) -> None:
        """The staff session ended: the staff screens, and an assisted visit with no citizen yet, end with it."""
        state = self.resumes if self.state is State.IDLE_WARNING else self.state
        if state in STAFF_STATES or (self.assistance_mode is not None and not self.session.active):
            self.end()

    def _staff_visit_ended(self) -> None:
        if self.post.ends_with_visit:
            self.post.end("card_removed")

    # -- assisting ------------------------------------------------------------------------------------

    def _open(self, mode: str) -> None:
        self.assistance_mode, self.helper = mode, self.staff
        self.post.audit("assist_opened", mode=mode)

    def open_assisted(self) -> None:
        if self.state is State.STAFF_MENU and self.staff is not None:
            self._open("helped")
            self._go(State.HOME)

    def act_for(self) -> None:
        if self.state is State.STAFF_MENU and self.staff is not None:
            self.identity_problem = {}
            self._go(State.STAFF_AGENT)

    def record_agent(self, document_type: str, id_number: str, authorisation: str) -> dict[str, Text]:
        if self.state is not State.STAFF_AGENT or self.staff is None:
            return {}
        id_number = id_number.strip().upper()
        errors = _document_errors(document_type, id_number, tuple(DocumentType))
        if authorisation not in p.AUTHORISATIONS:
            errors["authorisation"] = p.NOT_IN_LIST
        self.identity_problem = errors
        if errors:
            self._changed()
            return errors
        register_personal_values([id_number])
        self._agent = (document_type, id_number, authorisation)
        self._open("acting")
        self.post.audit("agent_recorded", document_type=document_type, authorisation=authorisation)
        self._go(State.HOME)
        return {}

    def enter_identity(self) -> None:
        """From the staff menu, or from an assisted visit whose citizen's document cannot be read."""
        at_home = self.state is State.HOME and self.assistance_mode is not None
        if (self.state is State.STAFF_MENU or at_home) and self.staff is not None:
            self.identity_problem = {}
            self._go(State.STAFF_IDENTITY)

    def submit_identity(self, document_type: str, name: str, id_number: str, reason: str) -> dict[str, Text]:
        if self.state is not State.STAFF_IDENTITY or self.staff is None:
            return {}
        name, id_number = name.strip(), id_number.strip().upper()
        errors = _document_errors(document_type, id_number, ENTERED_DOCUMENTS)
        if not name or len(name) > 64 or _CONTROL.search(name):
            errors["name"] = p.BAD_NAME
        if reason not in p.REASONS:
            errors["reason"] = p.NOT_IN_LIST
        self.identity_problem = errors
        if errors:
            self._changed()
            return errors
        birth, sex = implied_by_id_number(id_number)
        assert birth is not None  # checked above: every entered document has a GB 11643 number
        record = IdentityRecord(DocumentType(document_type), id_number, name, sex, "", birth, "")
        if self.assistance_mode is None:
            self._open("helped")
        self.session.identify(record, entered_reason=reason)
        self._reregister_agent()
        self.post.audit("identity_entered", document_type=document_type, reason=reason)
        self._go(State.ASSIST_CONSENT)
        return {}

    def _reregister_agent(self) -> None:
        """Identifying forgets the log filter's values: the agent's number goes back in."""
        if self._agent is not None:
            register_personal_values([self._agent[1]])

    def _assisted_read(self) -> State:
        """Where a citizen's card read leads: their consent first, in an assisted visit."""
        self._reregister_agent()
        return State.ASSIST_CONSENT if self.assistance_mode is not None else State.IDENTIFIED

    def accept_help(self) -> None:
        helper, mode = self.helper, self.assistance_mode
        if self.state is not State.ASSIST_CONSENT or helper is None or mode is None:
            return
        from kiosk.sync.wire import Assistance

        agent = None
        who = {"number": helper.staff_number, "name": helper.masked_name}
        by = p.HELPED_BY.format(**who)
        if self._agent is not None:
            kind, number, authorisation = self._agent
            agent = {"document_type": kind, "id_number": number, "authorisation": authorisation}
            document, authority = DOCUMENT_NAMES[DocumentType(kind)], p.AUTHORISATIONS[authorisation]
            by = Text(p.ACTED_BY.zh.format(**who, document=document.zh, authorisation=authority.zh),
                      p.ACTED_BY.en.format(**who, document=document.en, authorisation=authority.en))
        assistance = Assistance.model_validate({"mode": mode, "staff_number": helper.staff_number,
                                                "sign_in": helper.method, "session_id": helper.session_id,
                                                "agent": agent})
        self.session.assist(assistance, by)
        self.post.audit("assist_accepted", staff=helper, mode=mode)
        self._go(State.IDENTIFIED)

    def refuse_help(self) -> None:
        helper = self.helper
        if self.state is not State.ASSIST_CONSENT or helper is None:
            return
        self.post.audit("assist_refused", staff=helper, mode=self.assistance_mode or "")
        if self.session.identity_source == "staff_entered":
            self.end()  # a typed identity stands only with the help the citizen refused
            return
        self.assistance_mode, self.helper, self._agent = None, None, None
        self._go(State.IDENTIFIED)


def _document_errors(document_type: str, number: str, allowed: tuple[DocumentType, ...]) -> dict[str, Text]:
    errors: dict[str, Text] = {}
    if document_type not in allowed:
        errors["document_type"] = p.NOT_IN_LIST
    if not number:
        errors["id_number"] = p.REQUIRED
    elif document_type in ENTERED_DOCUMENTS and document_type in allowed and not is_valid_id_number(number):
        errors["id_number"] = p.BAD_ID_NUMBER
    elif not _DOCUMENT_NUMBER.match(number):
        errors["id_number"] = p.BAD_NUMBER
    return errors


def _refusal_text(refusal: StaffRefusal, now: dt.datetime) -> Text:
    """The platform's words, with the tries left before a lock or how long the lock still lasts."""
    text = Text(refusal.message.zh, refusal.message.en)
    if refusal.error == "wrong_pin" and refusal.attempts_left is not None:
        more = p.STAFF_ATTEMPTS_LEFT.format(n=refusal.attempts_left)
    elif refusal.error == "locked" and refusal.locked_until is not None:
        more = p.STAFF_LOCKED_FOR.format(n=max(1, math.ceil((refusal.locked_until - now).total_seconds())))
    else:
        return text
    return Text(f"{text.zh}（{more.zh}）", f"{text.en} ({more.en})")

