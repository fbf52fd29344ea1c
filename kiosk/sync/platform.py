"""What the kiosk asks of the platform, as one protocol: kiosk/sync/client.py's HttpPlatform over HTTP,
tests/helpers/memory_platform.py's MemoryPlatform in memory.

Every call may block (the network): the GUI makes them on a worker thread. Answers are the wire
models of kiosk/sync/wire.py; None means no answer: offline, refused, not enrolled, or an answer
not understood (the client logs which, never a personal value).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

if TYPE_CHECKING:
    from kiosk.sync.hall_wire import (
        AuditEvent,
        CallState,
        DocumentCheck,
        SignedStaffList,
        StaffCall,
        StaffRefusal,
        StaffSignedIn,
        StaffSignIn,
        StatusAnswer,
        Ticket,
        TicketRequest,
    )
    from kiosk.sync.wire import (
        ApplicationResult,
        CitizenApplication,
        HeartbeatAnswer,
        HeartbeatBody,
        Licence,
        SharedData,
    )


class Outcome(StrEnum):
    DELIVERED = "delivered"  # 200/201: the platform has it
    RETRY = "retry"  # network trouble, timeouts, 5xx, an answer not understood: try again later
    ATTENTION = "attention"  # 409/422/4xx: a person must look at it
    UNAUTHORIZED = "unauthorized"  # 401/403: the terminal must be enrolled again


@dataclass(frozen=True)
class SubmitResult:
    outcome: Outcome
    result: ApplicationResult | None = None  # with DELIVERED
    error: str = ""  # nothing personal: a status, an error code, the names of fields


class CatalogueAnswer(NamedTuple):
    """``GET /v1/catalogue`` as it came: checking it is kiosk/sync/catalogue.py's job."""

    status: int
    body: bytes
    headers: dict[str, str]  # names in lower case


class CertificatePdf(NamedTuple):
    pdf: bytes
    verification_code: str


class Lookups(Protocol):
    """What a citizen's visit asks the platform."""

    def citizen_applications(self, citizen_key: str) -> list[CitizenApplication] | None:
        """The citizen's applications from every channel (kiosk, online, counter), newest first."""

    def licences(self, citizen_key: str) -> list[Licence] | None:
        """The citizen's electronic licences (电子证照)."""

    def shared_data(self, citizen_key: str, names: list[str], purpose: str, wording_version: str) -> SharedData | None:
        """Shared records by name (``shared.marital_status`` …) for names the departments hold.
        Ask only after the citizen agreed: the platform records the consent before it answers."""

    def rate(self, number: str, level: int, comment: str) -> bool | None:
        """True once rated, False if the application was rated before, None if not answered or refused."""

    def certificate(self, serial: str) -> CertificatePdf | None:
        """A certificate the platform issued for an approved item application."""

    # -- the hall: staff and the services that need no card (kiosk/sync/hall_wire.py) --

    def staff_sign_in(self, request: StaffSignIn) -> StaffSignedIn | StaffRefusal | None:
        """A staff number and PIN checked by the platform, which counts wrong PINs and locks."""

    def status(self, number: str, code: str) -> StatusAnswer | None:
        """The public status of an application, as its receipt's QR code shows it (unsigned route)."""

    def check_document(self, path: str) -> DocumentCheck | None:
        """A certificate's or e-licence's verification path, from its QR code (unsigned route)."""

    def take_ticket(self, request: TicketRequest) -> Ticket | None:
        """A number in the hall queue; idempotent on the request's uuid."""

    def call_state(self, uuid: str) -> CallState | None:
        """Whether a call for staff was acknowledged yet."""

    def cancel_call(self, uuid: str) -> CallState | None: ...


class Platform(Lookups, Protocol):
    """Everything the kiosk asks of the platform: the visit's lookups, and the workers' calls."""

    def citizen_key(self, id_number: str) -> str | None:
        """What the platform knows a citizen by (an HMAC of the ID number); None until this terminal has enrolled."""

    def submit(self, envelope: Mapping[str, Any]) -> SubmitResult:
        """Send one application (kiosk/sync/outbox.py); never raises."""

    def application(self, number: str) -> ApplicationResult | None:
        """An application (or item application) by the number printed on the receipt."""

    def catalogue(self, since: str | None, if_none_match: str | None = None) -> CatalogueAnswer | None:
        """The newest catalogue, or a delta from ``since``; None after network trouble."""

    def heartbeat(self, body: HeartbeatBody) -> HeartbeatAnswer | None:
        """Report this terminal's health; the answer carries commands, config and calendar years."""

    def staff_list(self) -> SignedStaffList | None:
        """Who may sign in with a staff card, signed by the platform (checked by kiosk/staff)."""

    def send_call(self, call: StaffCall) -> Outcome:
        """Deliver a queued call for staff (kiosk/sync/messages.py); never raises."""

    def send_audit(self, events: list[AuditEvent]) -> Outcome:
        """Deliver queued staff audit events; never raises."""

    def reachable(self) -> bool: ...
