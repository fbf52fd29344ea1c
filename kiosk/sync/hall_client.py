"""The hall's calls over HTTP (kiosk/sync/hall_wire.py), mixed into kiosk/sync/client.py's HttpPlatform:
staff sign-in and the signed staff list, calls for staff, tickets, audit events, and the no-card services.

As in client.py, logs name the call, the status and the platform's error code, never a value or a path:
a status path carries an application's number and code.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote

from kiosk.documents.verification import CODE_PATTERN
from kiosk.sync.answers import valid as _valid
from kiosk.sync.platform import Outcome

if TYPE_CHECKING:
    import requests

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

log = logging.getLogger("kiosk.sync")

CHINA = dt.timezone(dt.timedelta(hours=8), "CST")
NUMBER = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,79}")  # an application's number, as a receipt prints it
_SEGMENT = r"[A-Za-z0-9._~%-]{1,64}"  # one path segment as a QR code carries it (quoted)
VERIFY_PATHS = {
    "certificate": re.compile(rf"/v1/certificates/verify/{_SEGMENT}/[A-Za-z0-9]{{1,16}}"),
    "licence": re.compile(rf"/v1/licences/verify/{_SEGMENT}/{_SEGMENT}"),
}


def verify_path(path: str) -> str | None:
    """"certificate" or "licence" for the two verification paths a document's QR code may carry; else None."""
    return next((kind for kind, shape in VERIFY_PATHS.items() if shape.fullmatch(path)), None)


def outcome_of(status: int) -> Outcome:
    """What an answer's status means for something queued on the kiosk."""
    if status in (200, 201):
        return Outcome.DELIVERED
    if status in (401, 403):
        return Outcome.UNAUTHORIZED
    if status in (408, 429) or status >= 500:
        return Outcome.RETRY
    return Outcome.ATTENTION


class _Transport(Protocol):
    def _request(self, method: str, path: str, what: str, body: dict[str, Any] | None = None,
                 signed: bool = True) -> requests.Response | None: ...

    def _call(self, method: str, path: str, what: str, body: dict[str, Any] | None = None,
              signed: bool = True) -> object: ...


class HallClient:
    """The hall's methods of kiosk.sync.platform.Platform; HttpPlatform supplies the transport."""

    def staff_sign_in(self: _Transport, request: StaffSignIn) -> StaffSignedIn | StaffRefusal | None:
        """A refusal (403) comes back as the platform's StaffRefusal; a refused terminal (401) as None."""
        from kiosk.sync.hall_wire import StaffRefusal, StaffSignedIn

        response = self._request("POST", "/v1/staff/sign-in", "staff sign-in", request.model_dump(mode="json"))
        if response is None:
            return None
        body = _json(response)
        if response.status_code == 200:
            return _valid(StaffSignedIn, body, "staff sign-in")
        if response.status_code == 403:
            refusal = _valid(StaffRefusal, body, "staff sign-in refusal")
            if refusal is not None:
                log.info("staff sign-in refused: %s", refusal.error)
                return refusal
        log.warning("staff sign-in not answered: HTTP %d %s", response.status_code, _error_code(body))
        return None

    def staff_list(self: _Transport) -> SignedStaffList | None:
        from kiosk.sync.hall_wire import SignedStaffList

        return _valid(SignedStaffList, self._call("GET", "/v1/staff/list", "staff list"), "staff list")

    def send_call(self: _Transport, call: StaffCall) -> Outcome:
        return _send(self, "/v1/calls", "call", call.model_dump(mode="json"))

    def send_audit(self: _Transport, events: list[AuditEvent]) -> Outcome:
        from kiosk.sync.hall_wire import AuditBatch

        batch = AuditBatch(events=events)
        return _send(self, "/v1/audit", "audit", batch.model_dump(mode="json"))

    def call_state(self: _Transport, uuid: str) -> CallState | None:
        from kiosk.sync.hall_wire import CallState

        answer = self._call("GET", f"/v1/calls/{quote(uuid, safe='')}", "call state")
        return _valid(CallState, answer, "call state")

    def cancel_call(self: _Transport, uuid: str) -> CallState | None:
        from kiosk.sync.hall_wire import CallState

        answer = self._call("POST", f"/v1/calls/{quote(uuid, safe='')}/cancel", "call cancel")
        return _valid(CallState, answer, "call cancel")

    def take_ticket(self: _Transport, request: TicketRequest) -> Ticket | None:
        from kiosk.sync.hall_wire import Ticket

        answer = self._call("POST", "/v1/tickets", "ticket", request.model_dump(mode="json"))
        return _valid(Ticket, answer, "ticket")

    def status(self: _Transport, number: str, code: str) -> StatusAnswer | None:
        """Unsigned; not asked at all unless both look like what a receipt prints."""
        from kiosk.sync.hall_wire import StatusAnswer

        code = code.strip().upper()
        if not NUMBER.fullmatch(number) or not re.fullmatch(CODE_PATTERN, code):
            log.info("status not asked: not an application number and code")
            return None
        answer = self._call("GET", f"/v1/status/{quote(number, safe='')}/{code}", "status", signed=False)
        return _valid(StatusAnswer, answer, "status")

    def check_document(self: _Transport, path: str) -> DocumentCheck | None:
        """Unsigned; only the certificate and e-licence verification paths are asked. A document the
        platform does not know (404 not_found) is not valid."""
        from kiosk.sync.hall_wire import DocumentCheck

        kind = verify_path(path)
        if kind is None:
            log.info("document check not asked: not a verification path")
            return None
        response = self._request("GET", path, f"{kind} check", signed=False)
        if response is None:
            return None
        body = _json(response)
        if response.status_code == 404 and _error_code(body) == "not_found":
            return DocumentCheck(valid=False)
        if response.status_code != 200:
            log.warning("%s check refused: HTTP %d %s", kind, response.status_code, _error_code(body))
            return None
        check = _valid(DocumentCheck, body, f"{kind} check")
        issued_on = body.get("issued_on") if isinstance(body, dict) else None  # an e-licence's date
        if check is not None and check.issued_at is None and isinstance(issued_on, str):
            try:
                day = dt.date.fromisoformat(issued_on)
            except ValueError:
                return check
            return check.model_copy(update={"issued_at": dt.datetime.combine(day, dt.time(), CHINA)})
        return check


def _send(platform: _Transport, path: str, what: str, body: dict[str, Any]) -> Outcome:
    response = platform._request("POST", path, what, body)
    if response is None:
        return Outcome.RETRY
    outcome = outcome_of(response.status_code)
    if outcome is not Outcome.DELIVERED:
        log.log(logging.WARNING if outcome is Outcome.ATTENTION else logging.INFO, "%s not delivered: HTTP %d %s",
                what, response.status_code, _error_code(_json(response)))
    return outcome


def _json(response: requests.Response) -> object:
    try:
        body: object = response.json()
    except ValueError:
        return None
    return body


def _error_code(body: object) -> str:
    """The platform's error code: never a value."""
    return str(body.get("error", "")) if isinstance(body, dict) else ""
