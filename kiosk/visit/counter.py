"""The services that need no card: an application's status by its receipt's QR code or number and code, a
certificate's or e-licence's QR code checked, and a ticket for a staffed window, printed on the receipt printer.

The hall's barcode scanner types what it reads (ui/scanner.py hands it to ``scan``). Answers show a status
or a validity, never whose the application or document is. ``Visit`` inherits ``Counter``.
"""

from __future__ import annotations

import re
import uuid as uuidlib
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from kiosk.documents.verification import CODE_PATTERN
from kiosk.i18n import Language, Text
from kiosk.printing import PrintResult
from kiosk.visit import hall_prompts as p
from kiosk.visit.states import State

if TYPE_CHECKING:
    from kiosk.session import CitizenSession
    from kiosk.sync.hall_wire import DocumentCheck, StatusAnswer, Ticket
    from kiosk.visit.ports import Services

SCANS = frozenset({State.HOME, State.LOOKUP, State.VERIFY})
_NUMBER = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,79}")  # an application's number, as the receipt prints it
_STATUS = re.compile(r"/v1/status/([^/]{1,80})/([^/]{1,16})/?")
_CODE = re.compile(CODE_PATTERN)
# Where each kind of ticket may be taken: "asked" by anyone at home; the others once the kiosk read the document.
TICKET_REASONS = {State.HOME: ("asked",), State.IDENTIFIED: ("expired_document", "in_person", "asked")}


def _path(payload: str) -> str:
    """The path a scanned QR code names (a full URL or a bare path), from its ``/v1/``."""
    text = payload.strip()
    path = urlsplit(text).path if "://" in text else text
    at = path.find("/v1/")
    return path[at:] if at >= 0 else ""


def status_in(payload: str) -> tuple[str, str] | None:
    """The application number and code of a receipt's status QR code, or None."""
    found = _STATUS.fullmatch(_path(payload))
    if found is None:
        return None
    number, code = unquote(found[1]), unquote(found[2]).upper()
    return (number, code) if _NUMBER.fullmatch(number) and _CODE.match(code) else None


class Counter:
    """The no-card intents; ``Visit`` supplies the plumbing declared below."""

    if TYPE_CHECKING:
        state: State
        session: CitizenSession
        services: Services
        assistance_mode: str | None
        lang: Callable[[], Language]

        def _go(self, state: State) -> None: ...
        def _changed(self) -> None: ...
        def _ask(self, work: Callable[[], object], answer: Callable[[object], None]) -> None: ...
        def _recorded(self, kind: str, uuid: str | None,
                      handler: Callable[[PrintResult], None]) -> Callable[[PrintResult], None]: ...
        def end(self) -> None: ...

    def _init_counter(self) -> None:
        self.status_answer: StatusAnswer | None = None
        self.check: DocumentCheck | None = None
        self.counter_problem: Text | None = None
        self.counter_busy = False
        self.scan_problem: Text | None = None
        self.ticket: Ticket | None = None
        self.ticket_reason: str | None = None
        self.ticket_print: PrintResult | None = None
        self._ticket_uuid = ""

    def _counter_open(self, state: State) -> None:
        self.status_answer, self.check, self.counter_problem, self.scan_problem = None, None, None, None
        self._go(state)

    def lookup_start(self) -> None:
        if self.state is State.HOME and self.assistance_mode is None:
            self._counter_open(State.LOOKUP)

    def verify_start(self) -> None:
        if self.state is State.HOME and self.assistance_mode is None:
            self._counter_open(State.VERIFY)

    def scan(self, payload: str) -> None:
        """What the hall's scanner read: a receipt's status code, or a certificate's or e-licence's."""
        if self.state not in SCANS or self.counter_busy or self.assistance_mode is not None:
            return
        from kiosk.sync.hall_client import verify_path

        status, path = status_in(payload), _path(payload)
        if status is not None:
            self._counter_open(State.LOOKUP)
            self._fetch_status(*status)
        elif verify_path(path) is not None:
            self._counter_open(State.VERIFY)
            self._check_document(path)
        else:
            self.scan_problem = p.NOT_A_CODE
            self._changed()

    def lookup_typed(self, number: str, code: str) -> None:
        if self.state is not State.LOOKUP or self.counter_busy:
            return
        number, code = number.strip(), code.strip().upper()
        if not _NUMBER.fullmatch(number) or not _CODE.match(code):
            self.status_answer, self.counter_problem = None, p.BAD_LOOKUP
            self._changed()
            return
        self._fetch_status(number, code)

    def _fetch_status(self, number: str, code: str) -> None:
        self.counter_busy, self.status_answer, self.counter_problem = True, None, None
        self._changed()
        lookups = self.services.lookups
        self._ask(lambda: lookups.status(number, code), self._status_came)

    def _status_came(self, answer: object) -> None:
        from kiosk.sync.hall_wire import StatusAnswer

        self.counter_busy = False
        if self.state is State.LOOKUP:
            self.status_answer = answer if isinstance(answer, StatusAnswer) else None
            self.counter_problem = None if self.status_answer is not None else p.NOT_FOUND
            self._changed()

    def _check_document(self, path: str) -> None:
        self.counter_busy = True
        self._changed()
        lookups = self.services.lookups
        self._ask(lambda: lookups.check_document(path), self._check_came)

    def _check_came(self, answer: object) -> None:
        from kiosk.sync.hall_wire import DocumentCheck

        self.counter_busy = False
        if self.state is State.VERIFY:
            self.check = answer if isinstance(answer, DocumentCheck) else None
            self.counter_problem = None if self.check is not None else p.NOT_CHECKED
            self._changed()

    # -- the hall queue ---------------------------------------------------------------------------------

    def ticket_start(self, reason: str) -> None:
        if reason not in TICKET_REASONS.get(self.state, ()) or self.assistance_mode is not None:
            return
        self.ticket, self.ticket_print, self.counter_problem = None, None, None
        self.ticket_reason, self._ticket_uuid = reason, str(uuidlib.uuid4())  # one uuid: a retry is the same ticket
        self._go(State.TICKET)

    def take_ticket(self, service: str) -> None:
        if self.state is not State.TICKET or self.counter_busy or self.ticket is not None:
            return
        from kiosk.sync.hall_wire import TicketRequest

        request = TicketRequest.model_validate({"uuid": self._ticket_uuid, "reason": self.ticket_reason,
                                                "service": service if _NUMBER.fullmatch(service) else "general"})
        self.counter_busy, self.counter_problem = True, None
        self._changed()
        lookups = self.services.lookups
        self._ask(lambda: lookups.take_ticket(request), self._ticket_came)

    def _ticket_came(self, answer: object) -> None:
        from kiosk.sync.hall_wire import Ticket

        self.counter_busy = False
        if self.state is not State.TICKET:
            return
        if not isinstance(answer, Ticket):
            self.counter_problem = p.NO_TICKET
            self._changed()
            return
        self.ticket = answer
        self._changed()
        self.print_ticket()

    def print_ticket(self) -> None:
        ticket = self.ticket
        if self.state is not State.TICKET or ticket is None:
            return
        self.ticket_print = None
        hall, lang = self.session.terminal.hall, self.lang()
        self._changed()

        def render() -> bytes:
            from kiosk.documents.queue_ticket import render_queue_ticket  # reportlab: on the printers' thread

            return render_queue_ticket(ticket, hall, lang)

        self.services.printing.print_document(render, f"ticket-{ticket.number}",
                                              self._recorded("ticket", None, self._ticket_printed))

    def _ticket_printed(self, result: PrintResult) -> None:
        self.ticket_print = result
        self._changed()

    def home(self) -> None:
        """Done with a no-card service: the visit ends, and with it what was looked up."""
        if self.state in (State.LOOKUP, State.VERIFY, State.TICKET):
            self.end()
