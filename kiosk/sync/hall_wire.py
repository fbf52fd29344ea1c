"""The wire format of the hall's people: staff sign-in and the signed staff list, 帮办代办 records, calls for
staff, the hall queue's tickets, staff audit events, and what the no-card services ask.

Like kiosk/sync/wire.py: the platform validates requests with these classes and the kiosk validates answers
with them. Requests forbid unknown fields; answers ignore them, so a newer platform may add some.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from kiosk.sync.wire import Code, ItemResult, Message, StaffNumber, Uuid, keys_match_their_pattern

Pin = Annotated[str, StringConstraints(pattern=r"^[0-9]{6}$")]
B64 = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9+/=]+$")]
Plain = Annotated[str, StringConstraints(max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")]
When = Annotated[AwareDatetime, Field(strict=False)]  # from JSON it can only be a string

TicketReason = Literal["expired_document", "in_person", "asked"]
CallStatus = Literal["open", "acknowledged", "cancelled"]
AuditKind = Literal[
    "staff_sign_in", "staff_sign_in_failed", "staff_sign_out", "assist_opened", "assist_accepted",
    "assist_refused", "identity_entered", "agent_recorded",
]


# -- staff sign-in -------------------------------------------------------------------------------------------


class StaffSignIn(BaseModel):
    """A staff member signs in at a terminal with their number and PIN (POST /v1/staff/sign-in).

    The platform keeps the wrong-PIN count: 5 free tries, then a lock that doubles from 30 s, and at 10 a
    lock that only an administrator lifts (kiosk/staff/lockout.py)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    staff_number: StaffNumber
    pin: Pin
    session_id: Uuid  # made by the kiosk; recorded with every assisted application of this session


class StaffSignedIn(BaseModel):
    staff_number: str
    masked_name: str  # 王** : what the assisted banner shows
    session_id: str


class StaffRefusal(BaseModel):
    """Why a sign-in was refused (status 403). Unknown numbers and wrong PINs look the same."""

    error: Literal["wrong_pin", "locked", "hard_locked", "disabled"]
    message: Message
    attempts_left: int | None = None  # before the first lock
    locked_until: dt.datetime | None = None  # with "locked"


class StaffMember(BaseModel):
    number: str
    masked_name: str
    card_keys: list[str]  # base64 raw Ed25519 public keys of the staff cards bound to this account


class StaffList(BaseModel):
    """Who may sign in with a card, and until when this list may be trusted without the platform."""

    issued_at: dt.datetime
    valid_until: dt.datetime
    staff: list[StaffMember]  # disabled and hard-locked accounts are left out


class SignedStaffList(BaseModel):
    """GET /v1/staff/list: ``payload`` is the StaffList as JSON bytes (base64), ``signature`` the platform's
    Ed25519 signature of those bytes, checked with the key the terminal received when it enrolled."""

    payload: str
    signature: str


# -- calls for staff (呼叫工作人员) ----------------------------------------------------------------------------------


class StaffCall(BaseModel):
    """POST /v1/calls: queued on the kiosk like an application; idempotent on ``uuid``. Never personal data."""

    model_config = ConfigDict(extra="forbid", strict=True)

    uuid: Uuid
    screen: Code  # the screen's name: "form", "identity" …
    made_at: When


class CallState(BaseModel):
    """The answer to POST /v1/calls, GET /v1/calls/{uuid} and POST /v1/calls/{uuid}/cancel."""

    uuid: str
    status: CallStatus
    acknowledged_by: str | None = None  # a staff number


# -- the hall queue ----------------------------------------------------------------------------------------------


class TicketRequest(BaseModel):
    """POST /v1/tickets: a number in the hall queue for a staffed window; idempotent on ``uuid``."""

    model_config = ConfigDict(extra="forbid", strict=True)

    uuid: Uuid
    reason: TicketReason
    service: Code  # a package code, or "general"


class Ticket(BaseModel):
    uuid: str
    number: str  # A023: called out and shown on the hall's screens
    service: str
    service_name: Message
    waiting_before: int  # tickets ahead of this one
    expected_wait_min: int
    issued_at: dt.datetime


# -- audit ---------------------------------------------------------------------------------------------------------


class AuditEvent(BaseModel):
    """A staff action at a terminal. ``detail`` names document types, reasons and modes, never a person's data."""

    model_config = ConfigDict(extra="forbid", strict=True)

    uuid: Uuid
    kind: AuditKind
    at: When
    staff_number: StaffNumber | None = None  # None for a failed sign-in with an unknown card
    session_id: Uuid | None = None
    detail: Annotated[dict[Code, Plain], Field(max_length=20, json_schema_extra=keys_match_their_pattern)] = Field(
        default_factory=dict
    )


class AuditBatch(BaseModel):
    """POST /v1/audit: events queued on the kiosk; each idempotent on its ``uuid``."""

    model_config = ConfigDict(extra="forbid", strict=True)

    events: Annotated[list[AuditEvent], Field(min_length=1, max_length=100)]


# -- the no-card services ------------------------------------------------------------------------------------


class StatusAnswer(BaseModel):
    """GET /v1/status/{number}/{code}, the receipt's QR code: status only, nothing personal."""

    number: str
    status: str
    items: list[ItemResult]


class DocumentCheck(BaseModel):
    """A certificate's or an e-licence's QR code checked: valid or not, and its kind; never whose it is."""

    valid: bool
    kind: str | None = None
    kind_name: Message | None = None
    issued_at: dt.datetime | None = None
