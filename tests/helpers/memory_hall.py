"""The hall's side of tests/helpers/memory_platform.py's MemoryPlatform: staff sign-in with the platform's
wrong-PIN count and lockout, the signed staff list, calls for staff, the hall queue, staff audit events, and
the no-card services (public status, document checks).

A test sets staff as ``{number: (masked_name, pin)}`` and their card keys, acknowledges calls with
``acknowledge``, and reads back ``sign_ins``, ``calls``, ``tickets`` and ``audit``.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.staff.lockout import FREE_TRIES, lock_after
from kiosk.sync.hall_client import verify_path
from kiosk.sync.hall_wire import (
    AuditEvent,
    CallState,
    DocumentCheck,
    SignedStaffList,
    StaffCall,
    StaffList,
    StaffMember,
    StaffRefusal,
    StaffSignedIn,
    StaffSignIn,
    StatusAnswer,
    Ticket,
    TicketRequest,
)
from kiosk.sync.platform import Outcome
from kiosk.sync.wire import ApplicationResult, Message

REFUSALS = {
    "wrong_pin": Message(zh="工号或密码不正确", en="Wrong staff number or PIN"),
    "locked": Message(zh="密码错误次数过多，请稍后再试", en="Too many wrong PINs: try again later"),
    "hard_locked": Message(zh="账号已锁定，请联系管理员", en="Account locked: ask an administrator"),
    "disabled": Message(zh="账号已停用", en="Account disabled"),
}
PREFIXES = {"asked": "A", "expired_document": "B", "in_person": "C"}
MINUTES_PER_TICKET = 6  # expected wait per ticket ahead, as the platform counts it
GENERAL = Message(zh="综合窗口", en="General counter")


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class MemoryHall:
    online: bool = True
    secret: bytes | None = b"memory-platform"  # the citizen-key secret enrolment hands out; None: not enrolled
    clock: Callable[[], dt.datetime] = field(default=_utcnow)
    # Staff accounts: {number: (masked_name, pin)}; the platform's counters and locks:
    staff: dict[str, tuple[str, str]] = field(default_factory=dict)
    staff_cards: dict[str, list[bytes]] = field(default_factory=dict)  # raw Ed25519 public keys by number
    disabled: set[str] = field(default_factory=set)
    failed_pins: dict[str, int] = field(default_factory=dict)
    locked_until: dict[str, dt.datetime] = field(default_factory=dict)
    hard_locked: set[str] = field(default_factory=set)
    platform_key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)  # signs the staff list
    staff_list_days: int = 7
    message_outcome: Outcome | None = None  # forces what send_call/send_audit answer (ATTENTION, RETRY …)
    service_names: dict[str, Message] = field(default_factory=dict)  # by package code
    documents: dict[str, DocumentCheck] = field(default_factory=dict)  # by verification path
    # What the kiosk sent:
    sign_ins: list[tuple[str, str, str]] = field(default_factory=list)  # (number, outcome, session id)
    calls: dict[str, CallState] = field(default_factory=dict)  # by uuid
    calls_made: dict[str, StaffCall] = field(default_factory=dict)
    tickets: dict[str, Ticket] = field(default_factory=dict)  # by uuid
    waiting: list[str] = field(default_factory=list)  # uuids of tickets not called yet, in order
    audit: dict[str, AuditEvent] = field(default_factory=dict)  # by uuid
    audit_posts: int = 0
    received: dict[str, ApplicationResult] = field(default_factory=dict)  # by uuid

    @property
    def platform_public(self) -> bytes:
        """The staff list's key, as enrolment hands it to the terminal."""
        return self.platform_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    def acknowledge(self, uuid: str, by: str = "S0012") -> None:
        self.calls[uuid] = CallState(uuid=uuid, status="acknowledged", acknowledged_by=by)

    def staff_sign_in(self, request: StaffSignIn) -> StaffSignedIn | StaffRefusal | None:
        if not self._answers():
            return None
        number, now = request.staff_number, self.clock()
        error, refusal = self._sign_in(number, request.pin, now)
        self.sign_ins.append((number, error or "ok", request.session_id))
        if refusal is None:
            return StaffSignedIn(staff_number=number, masked_name=self.staff[number][0], session_id=request.session_id)
        return refusal

    def _sign_in(self, number: str, pin: str, now: dt.datetime) -> tuple[str, StaffRefusal | None]:
        if number not in self.staff:
            return "wrong_pin", StaffRefusal(error="wrong_pin", message=REFUSALS["wrong_pin"])
        if number in self.disabled:
            return "disabled", StaffRefusal(error="disabled", message=REFUSALS["disabled"])
        if number in self.hard_locked:
            return "hard_locked", StaffRefusal(error="hard_locked", message=REFUSALS["hard_locked"])
        until = self.locked_until.get(number)
        if until is not None and until > now:
            return "locked", StaffRefusal(error="locked", message=REFUSALS["locked"], locked_until=until)
        if pin == self.staff[number][1]:
            self.failed_pins.pop(number, None)
            self.locked_until.pop(number, None)
            return "", None
        failures = self.failed_pins[number] = self.failed_pins.get(number, 0) + 1
        lock = lock_after(failures)
        if lock.hard:
            self.hard_locked.add(number)
            return "hard_locked", StaffRefusal(error="hard_locked", message=REFUSALS["hard_locked"])
        if lock.seconds is not None:
            until = self.locked_until[number] = now + dt.timedelta(seconds=lock.seconds)
            return "locked", StaffRefusal(error="locked", message=REFUSALS["locked"], locked_until=until)
        return "wrong_pin", StaffRefusal(error="wrong_pin", message=REFUSALS["wrong_pin"],
                                         attempts_left=FREE_TRIES - failures)

    def staff_list(self) -> SignedStaffList | None:
        if not self._answers():
            return None
        now = self.clock()
        members = [
            StaffMember(number=number, masked_name=masked,
                        card_keys=[base64.b64encode(key).decode() for key in self.staff_cards.get(number, [])])
            for number, (masked, _pin) in sorted(self.staff.items())
            if number not in self.disabled and number not in self.hard_locked
        ]
        listed = StaffList(issued_at=now, valid_until=now + dt.timedelta(days=self.staff_list_days), staff=members)
        return sign_staff_list(self.platform_key, listed)

    def send_call(self, call: StaffCall) -> Outcome:
        outcome = self._message_outcome()
        if outcome is Outcome.DELIVERED:
            self.calls_made.setdefault(call.uuid, call)
            self.calls.setdefault(call.uuid, CallState(uuid=call.uuid, status="open"))
        return outcome

    def call_state(self, uuid: str) -> CallState | None:
        return self.calls.get(uuid) if self._answers() else None

    def cancel_call(self, uuid: str) -> CallState | None:
        if not self._answers() or uuid not in self.calls:
            return None
        if self.calls[uuid].status == "open":
            self.calls[uuid] = CallState(uuid=uuid, status="cancelled")
        return self.calls[uuid]

    def send_audit(self, events: list[AuditEvent]) -> Outcome:
        outcome = self._message_outcome()
        if outcome is Outcome.DELIVERED:
            self.audit_posts += 1
            for event in events:
                self.audit.setdefault(event.uuid, event)
        return outcome

    def take_ticket(self, request: TicketRequest) -> Ticket | None:
        if not self._answers():
            return None
        if request.uuid in self.tickets:
            return self.tickets[request.uuid]
        prefix = PREFIXES[request.reason]
        issued = sum(1 for ticket in self.tickets.values() if ticket.number.startswith(prefix))
        ahead = len(self.waiting)
        name = GENERAL if request.service == "general" else self.service_names.get(request.service, GENERAL)
        ticket = Ticket(uuid=request.uuid, number=f"{prefix}{issued + 1:03d}", service=request.service,
                        service_name=name, waiting_before=ahead, expected_wait_min=MINUTES_PER_TICKET * ahead,
                        issued_at=self.clock())
        self.tickets[request.uuid] = ticket
        self.waiting.append(request.uuid)
        return ticket

    def status(self, number: str, code: str) -> StatusAnswer | None:
        if not self.online:
            return None
        for result in self.received.values():
            if result.number == number and result.verification_code == code.strip().upper():
                return StatusAnswer(number=result.number, status=result.status, items=result.items)
        return None

    def check_document(self, path: str) -> DocumentCheck | None:
        if not self.online or verify_path(path) is None:
            return None
        return self.documents.get(path, DocumentCheck(valid=False))

    def _message_outcome(self) -> Outcome:
        if not self.online:
            return Outcome.RETRY
        if self.secret is None:
            return Outcome.UNAUTHORIZED
        return self.message_outcome or Outcome.DELIVERED

    def _answers(self) -> bool:
        """A signed call is answered when the platform can be reached and the terminal has enrolled."""
        return self.online and self.secret is not None


def sign_staff_list(key: Ed25519PrivateKey, listed: StaffList) -> SignedStaffList:
    """As the platform signs it: Ed25519 over exactly the payload's JSON bytes."""
    payload = listed.model_dump_json().encode()
    return SignedStaffList(payload=base64.b64encode(payload).decode(),
                           signature=base64.b64encode(key.sign(payload)).decode())
