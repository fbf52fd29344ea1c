"""The screen tour's hall screens: staff sign-in and menu, an identity typed by staff, a 代办 agent, the citizen's
consent, the assisted banner, a call for staff, and the no-card services (a receipt's QR code, a certificate's,
a ticket). ``TourHall`` answers the platform's part with fictional samples; nothing is sent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from kiosk.documents.verification import status_path
from kiosk.sync.hall_wire import (
    CallState,
    DocumentCheck,
    StaffRefusal,
    StaffSignedIn,
    StaffSignIn,
    StatusAnswer,
    Ticket,
    TicketRequest,
)
from kiosk.sync.wire import ItemResult, Message
from kiosk.visit.states import State
from ui.screens.staff import StaffSignInScreen
from ui.screens.staff_identity import StaffIdentityScreen

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from kiosk.visit.desk import Desk
    from kiosk.visit.machine import Visit
    from ui.window import KioskWindow

STAFF, MASKED, PIN = "S0012", "王**", "246810"  # the demo's staff member (central/seed.py)
CITIZEN_NAME, CITIZEN_ID = "李建国", "430104198811230035"  # fictional
RECEIPT_QR = "https://zwfw.example.gov.cn" + status_path("HN20261203000042", "ABC234")
CERTIFICATE_QR = "https://zwfw.example.gov.cn/v1/certificates/verify/HN-2026-00000042/K7M2Q9"
ITEM = "000709001000"  # birth registration, an item of the demo package


class TourHall:
    """The platform's hall answers for the tour: a sign-in accepted, an application's status, a genuine
    certificate, a ticket; calls are never acknowledged."""

    def staff_sign_in(self, request: StaffSignIn) -> StaffSignedIn | StaffRefusal | None:
        return StaffSignedIn(staff_number=request.staff_number, masked_name=MASKED, session_id=request.session_id)

    def status(self, number: str, code: str) -> StatusAnswer | None:
        item = ItemResult(item_code=ITEM, number=f"{number}-1", status="accepted", promised_date=dt.date(2026, 12, 20))
        return StatusAnswer(number=number, status="accepted", items=[item])

    def check_document(self, path: str) -> DocumentCheck | None:
        return DocumentCheck(valid=True, kind="household_certificate", kind_name=Message(zh="户口登记证明", en=
                             "Household registration certificate"), issued_at=dt.datetime(2026, 11, 2, tzinfo=dt.UTC))

    def take_ticket(self, request: TicketRequest) -> Ticket | None:
        return Ticket(uuid=request.uuid, number="A012", service=request.service,
                      service_name=Message(zh="综合窗口", en="General counter"), waiting_before=3, expected_wait_min=18,
                      issued_at=dt.datetime.now(dt.UTC))

    def call_state(self, uuid: str) -> CallState | None:
        return None


class _Printer(Protocol):
    failing: bool


class Walk(Protocol):
    """What the tour (ui.tour.Tour) offers this walk."""

    window: KioskWindow

    @property
    def printer(self) -> _Printer: ...

    @property
    def visit(self) -> Visit: ...

    def save(self, name: str, popup: QWidget | None = None) -> None: ...

    def wait_for(self, what: str, done: Callable[[], bool]) -> None: ...


def staff_screens(tour: Walk) -> None:
    window = tour.window
    desk = window.ctx.desk
    assert desk is not None
    tour.visit.end()
    tour.visit.staff_entry()
    sign_in = window.screens["staff-sign-in"]
    assert isinstance(sign_in, StaffSignInScreen)
    sign_in.number.setText(STAFF)
    sign_in.pin.setText(PIN)
    tour.save("staff-sign-in")
    tour.visit.staff_pin(STAFF, PIN)
    tour.wait_for("the staff sign-in", lambda: tour.visit.state is State.STAFF_MENU)
    tour.save("staff-menu")

    tour.visit.enter_identity()
    _typed(window, CITIZEN_NAME, CITIZEN_ID[:-1] + "6", "card_damaged")  # a wrong check digit, then the right one
    tour.save("staff-identity")
    _typed(window, CITIZEN_NAME, CITIZEN_ID, "card_damaged")
    tour.save("assist-consent")
    tour.visit.accept_help()
    tour.save("identity-assisted")

    tour.visit.end()  # the staff session carries on to the next citizen
    tour.visit.staff_entry()
    tour.visit.act_for()
    _typed(window, "", CITIZEN_ID, "power_of_attorney", submit=False)
    tour.save("staff-agent")
    tour.visit.end()
    tour.visit.staff_entry()
    tour.visit.staff_sign_out()

    _call(tour, desk)
    _no_card(tour)


def _typed(window: KioskWindow, name: str, number: str, choice: str, *, submit: bool = True) -> None:
    screen = window.screens["staff-identity"]
    assert isinstance(screen, StaffIdentityScreen)
    screen.person_name.setText(name)
    screen.id_number.setText(number)
    screen.chosen["authorisation" if choice in ("power_of_attorney",) else "reason"] = choice
    if submit:
        screen.submit()
    else:
        screen.refresh()


def _call(tour: Walk, desk: Desk) -> None:
    tour.visit.end()
    desk.calls.call("home")
    tour.wait_for("the call to be queued", lambda: desk.calls.state == "waiting")
    tour.save("call-staff")
    desk.calls.cancel()


def _no_card(tour: Walk) -> None:
    tour.visit.end()
    tour.visit.scan(RECEIPT_QR)
    tour.wait_for("the application's status", lambda: tour.visit.status_answer is not None)
    tour.save("lookup-qr")
    tour.visit.end()
    tour.visit.scan(CERTIFICATE_QR)
    tour.wait_for("the certificate's check", lambda: tour.visit.check is not None)
    tour.save("verify")
    tour.visit.end()
    failing, tour.printer.failing = tour.printer.failing, False
    tour.visit.ticket_start("asked")
    tour.save("ticket-choose")
    tour.visit.take_ticket("general")
    tour.wait_for("the ticket to print", lambda: tour.visit.ticket_print is not None)
    tour.save("ticket")
    tour.printer.failing = failing
    tour.visit.end()
