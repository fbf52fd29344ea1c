"""The hall's staff, end to end: real kiosks, a real platform, a staff card in pcscd through vpcd, cups-pdf.

Each kiosk talks to the platform through a loopback proxy, so a test can stop the platform's process and start
it again on the same database while the kiosk keeps its address: an outage as the hall sees one. What reached
the platform is read from its database file.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from cli.central_process import CentralProcess
from devices.cards.base import CardReader
from devices.cards.combined import CombinedReader
from devices.cards.pcsc import PcscReader, default_profiles
from devices.cards.simulated import SimulatedReader
from devices.printers.base import Printer, PrintState
from devices.printers.cups import CupsPrinter
from kiosk import divisions
from kiosk.assets import DEMO_CATALOGUE
from kiosk.forms.samples import sample_answers
from kiosk.staff.session import StaffSession
from kiosk.visit.states import Delivery, State
from tests.helpers.fault_proxy import FaultProxy
from tests.helpers.pdf import pdf_text, qr_of
from tests.helpers.people import ADDRESS_ANSWER
from tests.helpers.platform import sqlite_rows
from tests.helpers.staff_card import ATR as STAFF_CARD_ATR
from tests.helpers.staff_card import StaffCardApplet
from tests.helpers.vcard import VirtualCard, reader_name
from tests.test_printers import cups_pdf_output
from tests.test_scanner import device_keys
from tests.test_staff_page import CSRF
from tests.test_ui import MOTHER, build, form_of, insert_card, visible_texts
from ui.demo import DEMO_PACKAGE, Journey, demo_answers
from ui.root import Kiosk
from ui.widgets.fields import AddressEditor, TextEditor

PORT = int(os.environ.get("KIOSK_TEST_VPCD_PORT", "35963"))
REPO = Path(__file__).resolve().parent.parent
STAFF, NAME, PIN = "S0012", "王丽华", "246810"
LOCKED_OUT = "S0077"  # an account of its own for the lockout, so no other test meets its lock
AGENT_ID = "430104198811230035"  # the agent's resident ID (valid check digit); never a name
WAIT_MS = 30_000


# -- the platform, behind a proxy the kiosk keeps talking to -------------------------------------------------


@dataclass
class Hall:
    """A real platform on an SQLite file, reached by kiosks through ``proxy``; ``stop``/``start`` make an outage."""

    root: Path
    process: CentralProcess
    proxy: FaultProxy
    starts: int = 1

    @property
    def db_path(self) -> Path:
        return self.root / "central.db"

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.db_path}"

    @property
    def url(self) -> str:
        """What kiosks know the platform by."""
        return self.proxy.url

    def stop(self) -> None:
        """The platform's process ends; the proxy's requests now meet a closed port."""
        self.process.stop()

    def start(self) -> None:
        """The platform comes back on the same database (on a new port, which only the proxy needs to know)."""
        self.starts += 1
        self.process = CentralProcess(self.db_path, DEMO_CATALOGUE, self.root / f"central-{self.starts}.log")
        try:
            self.process.wait_ready()
        except BaseException:
            self.process.stop()
            raise
        self.proxy.upstream = ("127.0.0.1", self.process.port)

    def staff(self, *args: str, pin: str | None = None) -> None:
        """`kiosk-central staff ARGS…` as an administrator runs it (``pin`` typed on stdin)."""
        result = subprocess.run(
            [sys.executable, "-m", "central", "staff", *args, "--db", self.db_url, *(["--pin-stdin"] if pin else [])],
            cwd=REPO, input=f"{pin}\n" if pin else None, capture_output=True, text=True, timeout=120,
        )
        assert result.returncode == 0, result.stderr

    def rows(self, sql: str, *args: object) -> list[tuple[Any, ...]]:
        return sqlite_rows(self.db_path, sql, *args)

    def application(self, number: str) -> dict[str, Any]:
        [(assistance, source, reason, check, sources)] = self.rows(
            "SELECT assistance, identity_source, identity_reason, registry_check, sources FROM applications "
            "WHERE number = ?", number)
        return {"assistance": json.loads(assistance) if assistance else None, "identity_source": source,
                "identity_reason": reason, "registry_check": check, "sources": json.loads(sources)}


@pytest.fixture
def hall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hall]:
    root = tmp_path_factory.mktemp("hall")
    process = CentralProcess(root / "central.db", DEMO_CATALOGUE, root / "central.log")
    with process, FaultProxy(process.port, seed=13, weights={"pass": 1.0}) as proxy:
        hall = Hall(root, process, proxy)
        hall.staff("add", STAFF, "--name", NAME, pin=PIN)
        try:
            yield hall
        finally:
            hall.process.stop()


def kiosk_at(qtbot: QtBot, tmp_path: Path, hall: Hall, *, reader: CardReader | None = None,
             printer: Printer | None = None) -> Iterator[Kiosk]:
    """A started kiosk enrolled at the hall's platform (through the platform itself, as a technician does)."""
    yield from build(qtbot, tmp_path, hall.url, central=hall.process, reader=reader, printer=printer)


@pytest.fixture
def kiosk(qtbot: QtBot, tmp_path: Path, hall: Hall) -> Iterator[Kiosk]:
    """With the simulated citizen cards, printing to files."""
    yield from kiosk_at(qtbot, tmp_path, hall)


def pcsc_reader() -> PcscReader:
    return PcscReader([reader_name(PORT)], default_profiles())


def a_staff_card(applet: StaffCardApplet) -> VirtualCard:
    """The card in the hall's PC/SC reader once inserted (vpcd), answering as ``applet``."""
    return VirtualCard(STAFF_CARD_ATR, applet, PORT)


def signed_challenges(card: VirtualCard) -> list[bytes]:
    applet = card.handler
    assert isinstance(applet, StaffCardApplet)
    return applet.challenges


@pytest.fixture
def staff_card(hall: Hall) -> Iterator[VirtualCard]:
    """The staff card of S0012, its key bound to the account on the platform; out of the reader at the end."""
    applet = StaffCardApplet(STAFF)
    hall.staff("bind-card", STAFF, "--public-key", base64.b64encode(applet.public_key).decode())
    card = a_staff_card(applet)
    yield card
    card.remove()


@pytest.fixture
def card_kiosk(qtbot: QtBot, tmp_path: Path, hall: Hall, staff_card: VirtualCard) -> Iterator[Kiosk]:
    """With the hall's PC/SC reader (pcscd, vpcd) for the staff card, bound before the kiosk fetches the list."""
    yield from kiosk_at(qtbot, tmp_path, hall, reader=pcsc_reader())


def has_staff_list(qtbot: QtBot, kiosk: Kiosk) -> None:
    """Wait for the platform-signed staff list: fetched when the kiosk started, kept in its state directory."""
    qtbot.waitUntil((Path(kiosk.config.state_dir) / "staff-list.json").exists, timeout=WAIT_MS)


# -- driving the window ---------------------------------------------------------------------------------------


def journey(kiosk: Kiosk) -> Journey:
    return Journey(kiosk, Path("."))


def type_into(kiosk: Kiosk, name: str, text: str) -> None:
    """Type into the field of that name once it is on screen, as the on-screen keyboard does: through the input
    method, which commits text (no key events; tests/test_keyboard_journey.py taps the keyboard itself)."""
    edit = journey(kiosk).on_screen(QLineEdit, name, "field")
    edit.clear()
    edit.insert(text)
    assert edit.text() == text, name


def sign_in_with_pin(qtbot: QtBot, kiosk: Kiosk, number: str, pin: str) -> None:
    """From the home screen's discreet entry: number and PIN, then wait for the platform's word."""
    visit = kiosk.window.visit
    if visit.state is not State.STAFF_SIGN_IN:
        journey(kiosk).click("home-staff")
        qtbot.waitUntil(lambda: kiosk.window.visit.state is State.STAFF_SIGN_IN)
    type_into(kiosk, "staff-number", number)
    type_into(kiosk, "staff-pin", pin)
    journey(kiosk).click("staff-sign-in")
    qtbot.waitUntil(lambda: kiosk.window.visit.state is State.STAFF_MENU or (
        kiosk.window.visit.staff_problem is not None and not kiosk.window.visit.staff_busy), timeout=WAIT_MS)


def signed_in(kiosk: Kiosk) -> StaffSession | None:
    """The staff session on the kiosk's desk, if any."""
    return kiosk.desk.staff


def citizen_card(qtbot: QtBot, kiosk: Kiosk, person: int = MOTHER) -> None:
    """The citizen's card on the simulated reader: an assisted visit asks the citizen to accept the help."""
    journey(kiosk).click(f"simulate-insert-{person}")
    qtbot.waitUntil(lambda: kiosk.window.visit.state is State.ASSIST_CONSENT)


def accept_help(qtbot: QtBot, kiosk: Kiosk) -> None:
    journey(kiosk).click("assist-accept")
    qtbot.waitUntil(lambda: kiosk.window.visit.state is State.IDENTIFIED)


def open_birth_form(kiosk: Kiosk) -> None:
    steps = journey(kiosk)
    steps.click("identity-continue")
    steps.click(f"package-{DEMO_PACKAGE}")
    assert kiosk.window.visit.state is State.FORM


def birth_to_receipt(qtbot: QtBot, kiosk: Kiosk) -> str:
    """From the identity screen through the birth package's form to the printed receipt; the number."""
    window, steps = kiosk.window, journey(kiosk)
    if window.visit.state is not State.FORM:
        open_birth_form(kiosk)
    session = kiosk.session
    assert session.form is not None
    answers = demo_answers(session.clock().date())
    typed = {k: v for k, v in sample_answers(session.form.fields).items()  # what a card would have said
             if k.startswith("applicant.") and k not in session.prefilled}
    while window.visit.state is State.FORM:
        steps.fill_step(answers | typed)
        for key, editor in form_of(window).editors.items():  # an address a card did not give: picked, then typed
            if isinstance(editor, AddressEditor) and key in typed and not editor.detail.text():
                for combo, division in zip(editor.levels, divisions.lineage(ADDRESS_ANSWER["division"]), strict=True):
                    combo.setCurrentIndex(combo.findData(division.code))  # as tests/test_ui_fields.py chooses
                    combo.activated.emit(combo.currentIndex())
                editor.detail.insert(ADDRESS_ANSWER["detail"])
        steps.click("form-next")
        errors = [e.objectName() for e in form_of(window).findChildren(QLabel)
                  if e.objectName().startswith("error-") and e.isVisible()]
        assert not form_of(window).summary.isVisible(), errors
    assert window.visit.state is State.REVIEW
    steps.click("review-submit")
    qtbot.waitUntil(lambda: window.visit.print_result is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.visit.delivery is Delivery.DELIVERED, timeout=WAIT_MS)
    submitted = session.submitted
    assert submitted is not None
    return submitted.number


def receipt_text(kiosk: Kiosk) -> str:
    """The printed receipt's text without spaces or line breaks (a long line wraps anywhere)."""
    result = kiosk.window.visit.print_result
    assert result is not None and result.state is PrintState.PRINTED and result.output is not None
    return "".join(pdf_text(result.output).split())


def audit_kinds(hall: Hall, session_id: str) -> list[str]:
    return [kind for (kind,) in hall.rows("SELECT kind FROM staff_audit WHERE session_id = ? ORDER BY at, id",
                                          session_id)]


def audited(qtbot: QtBot, hall: Hall, session_id: str, *kinds: str) -> None:
    """Wait for the session's audit events to reach the platform (the kiosk's message worker sends them)."""
    qtbot.waitUntil(lambda: set(kinds) <= set(audit_kinds(hall, session_id)), timeout=60_000)


# -- signing in: the staff card through pcscd and vpcd, the PIN and its lockout -------------------------------


@pytest.mark.daemons
def test_a_staff_card_signs_in_and_pulling_it_ends_the_session(
    qtbot: QtBot, card_kiosk: Kiosk, hall: Hall, staff_card: VirtualCard
) -> None:
    window = card_kiosk.window
    assert window.current is window.home
    has_staff_list(qtbot, card_kiosk)
    staff_card.insert()
    qtbot.waitUntil(lambda: window.visit.state is State.STAFF_MENU, timeout=WAIT_MS)
    staff = card_kiosk.desk.staff
    assert staff is not None and (staff.staff_number, staff.method) == (STAFF, "card")
    assert "王**" in visible_texts(window) and NAME not in visible_texts(window)
    assert signed_challenges(staff_card), "the card signed the kiosk's fresh challenge"

    staff_card.remove()
    qtbot.waitUntil(lambda: card_kiosk.desk.staff is None, timeout=WAIT_MS)
    assert window.visit.state is State.HOME and window.current is window.home
    qtbot.waitUntil(lambda: audit_kinds(hall, staff.session_id)[-1:] == ["staff_sign_out"], timeout=60_000)
    assert audit_kinds(hall, staff.session_id)[0] == "staff_sign_in"


@pytest.mark.daemons
def test_a_card_not_on_the_platforms_list_signs_nobody_in(qtbot: QtBot, card_kiosk: Kiosk, hall: Hall) -> None:
    has_staff_list(qtbot, card_kiosk)
    stranger = a_staff_card(StaffCardApplet(STAFF))  # the right number on a card whose key was never bound
    stranger.insert()
    try:
        visit = card_kiosk.window.visit
        qtbot.waitUntil(lambda: visit.staff_problem is not None, timeout=WAIT_MS)
        assert signed_challenges(stranger) and signed_in(card_kiosk) is None
        assert visit.state is State.STAFF_SIGN_IN
    finally:
        stranger.remove()
    refused = "SELECT detail FROM staff_audit WHERE kind = 'staff_sign_in_failed' AND staff_number IS NULL"
    qtbot.waitUntil(lambda: bool(hall.rows(refused)), timeout=60_000)
    assert "card_refused" in hall.rows(refused)[0][0]


@pytest.mark.daemons
def test_a_staff_card_signs_in_from_the_cached_list_while_the_platform_is_down(
    qtbot: QtBot, card_kiosk: Kiosk, hall: Hall, staff_card: VirtualCard
) -> None:
    has_staff_list(qtbot, card_kiosk)
    hall.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{hall.url}/v1/health", timeout=5)
    staff_card.insert()
    qtbot.waitUntil(lambda: card_kiosk.window.visit.state is State.STAFF_MENU, timeout=WAIT_MS)
    staff = signed_in(card_kiosk)
    assert staff is not None and (staff.staff_number, staff.method) == (STAFF, "card")
    hall.start()  # the sign-in's audit event was queued; it reaches the platform once it is back
    qtbot.waitUntil(lambda: "staff_sign_in" in audit_kinds(hall, staff.session_id), timeout=120_000)


def test_wrong_pins_lock_the_account_on_the_platform(qtbot: QtBot, kiosk: Kiosk, hall: Hall) -> None:
    hall.staff("add", LOCKED_OUT, "--name", "赵敏", pin="135790")
    for attempt in range(5):
        sign_in_with_pin(qtbot, kiosk, LOCKED_OUT, f"00000{attempt}")
        assert signed_in(kiosk) is None and kiosk.window.visit.state is State.STAFF_SIGN_IN
    [(failed, locked_until, hard)] = hall.rows(
        "SELECT failed_pins, locked_until, hard_locked FROM staff_accounts WHERE number = ?", LOCKED_OUT)
    assert (failed, hard) == (5, 0) and locked_until is not None  # 30 s, counted by the platform

    sign_in_with_pin(qtbot, kiosk, LOCKED_OUT, "135790")  # the right PIN, but locked
    problem = kiosk.window.visit.staff_problem
    assert signed_in(kiosk) is None and problem is not None and "稍后" in problem.zh

    hall.staff("unlock", LOCKED_OUT)  # an administrator lifts it
    sign_in_with_pin(qtbot, kiosk, LOCKED_OUT, "135790")
    staff = signed_in(kiosk)
    assert kiosk.window.visit.state is State.STAFF_MENU and staff is not None and staff.method == "pin"
    attempts = hall.rows("SELECT outcome, method, terminal_id, session_id FROM staff_sign_ins WHERE staff_number = ? "
                         "ORDER BY id", LOCKED_OUT)
    assert [outcome for outcome, *_ in attempts] == ["wrong_pin"] * 5 + ["locked", "ok"]
    assert {(method, terminal) for _o, method, terminal, _s in attempts} == {("pin", kiosk.config["terminal.id"])}
    assert attempts[-1][3] == staff.session_id


# -- assisted visits: 帮办 and 代办, and an identity staff typed ---------------------------------------------------


def test_a_helped_birth_application_reaches_the_platform_with_who_helped(
    qtbot: QtBot, kiosk: Kiosk, hall: Hall
) -> None:
    sign_in_with_pin(qtbot, kiosk, STAFF, PIN)
    staff = kiosk.desk.staff
    assert staff is not None
    journey(kiosk).click("staff-help")
    window = kiosk.window
    qtbot.waitUntil(lambda: window.visit.state is State.HOME and window.visit.assistance_mode == "helped")
    assert f"{STAFF} 王**" in visible_texts(window)  # the banner names the helper
    citizen_card(qtbot, kiosk)
    accept_help(qtbot, kiosk)
    number = birth_to_receipt(qtbot, kiosk)

    record = hall.application(number)
    assert record["assistance"] == {"mode": "helped", "staff_number": STAFF, "sign_in": "pin",
                                    "session_id": staff.session_id, "agent": None}
    assert (record["identity_source"], record["identity_reason"], record["registry_check"]) == ("chip", None, None)
    text = receipt_text(kiosk)
    assert f"帮办：工作人员{STAFF}王**" in text and NAME not in text
    audited(qtbot, hall, staff.session_id, "staff_sign_in", "assist_opened", "assist_accepted")
    details = " ".join(d for (d,) in hall.rows("SELECT detail FROM staff_audit WHERE session_id = ?",
                                               staff.session_id))
    person = kiosk.devices.reader.people[MOTHER]  # type: ignore[attr-defined]
    assert person.name not in details and person.id_number not in details


@pytest.fixture
def hall_kiosk(qtbot: QtBot, tmp_path: Path, hall: Hall, staff_card: VirtualCard) -> Iterator[Kiosk]:
    """The hall terminal's two readers: PC/SC for staff cards, and (as the resident-ID reader) the simulator."""
    yield from kiosk_at(qtbot, tmp_path, hall, reader=CombinedReader([pcsc_reader(), SimulatedReader()]))


@pytest.mark.daemons
def test_acting_for_a_citizen_records_the_agent_and_the_authorisation(
    qtbot: QtBot, hall_kiosk: Kiosk, hall: Hall, staff_card: VirtualCard
) -> None:
    kiosk, window = hall_kiosk, hall_kiosk.window
    has_staff_list(qtbot, kiosk)
    staff_card.insert()
    try:
        qtbot.waitUntil(lambda: window.visit.state is State.STAFF_MENU, timeout=WAIT_MS)
        staff = kiosk.desk.staff
        assert staff is not None and staff.method == "card"
        journey(kiosk).click("staff-act")
        qtbot.waitUntil(lambda: window.visit.state is State.STAFF_AGENT)
        steps = journey(kiosk)
        type_into(kiosk, "staff-id-number", AGENT_ID[:-1] + "0")  # a wrong check digit
        steps.click("authorisation-power_of_attorney")
        steps.click("staff-agent-submit")
        assert window.visit.state is State.STAFF_AGENT and "id_number" in window.visit.identity_problem
        type_into(kiosk, "staff-id-number", AGENT_ID)
        steps.click("staff-agent-submit")
        qtbot.waitUntil(lambda: window.visit.state is State.HOME and window.visit.assistance_mode == "acting")
        citizen_card(qtbot, kiosk)
        accept_help(qtbot, kiosk)
        number = birth_to_receipt(qtbot, kiosk)
    finally:
        staff_card.remove()
    record = hall.application(number)
    assert record["assistance"] == {
        "mode": "acting", "staff_number": STAFF, "sign_in": "card", "session_id": staff.session_id,
        "agent": {"document_type": "resident_id", "id_number": AGENT_ID, "authorisation": "power_of_attorney"}}
    assert record["identity_source"] == "chip"
    assert f"代办：工作人员{STAFF}王**，代理人证件：居民身份证，授权：委托书" in receipt_text(kiosk)
    audited(qtbot, hall, staff.session_id, "staff_sign_in", "agent_recorded", "assist_accepted")


def test_an_identity_typed_by_staff_reaches_the_platform_marked_for_a_registry_check(
    qtbot: QtBot, kiosk: Kiosk, hall: Hall
) -> None:
    person = kiosk.devices.reader.people[MOTHER]  # type: ignore[attr-defined]  # her card will not read
    sign_in_with_pin(qtbot, kiosk, STAFF, PIN)
    staff = kiosk.desk.staff
    assert staff is not None
    window = kiosk.window
    journey(kiosk).click("staff-enter-identity")
    qtbot.waitUntil(lambda: window.visit.state is State.STAFF_IDENTITY)
    steps = journey(kiosk)
    type_into(kiosk, "staff-name", person.name)
    type_into(kiosk, "staff-id-number", person.id_number[:-1] + ("0" if person.id_number[-1] != "0" else "1"))
    steps.click("reason-card_damaged")
    steps.click("staff-identity-submit")
    assert window.visit.state is State.STAFF_IDENTITY and "id_number" in window.visit.identity_problem
    type_into(kiosk, "staff-id-number", person.id_number)
    steps.click("staff-identity-submit")
    qtbot.waitUntil(lambda: window.visit.state is State.ASSIST_CONSENT)
    accept_help(qtbot, kiosk)
    assert window.visit.identity_source == "staff_entered"

    open_birth_form(kiosk)
    for key in ("applicant.name", "applicant.id_number"):  # typed by staff: nothing is locked as if a chip said it
        editor = form_of(window).editors[key]
        assert isinstance(editor, TextEditor) and not editor.edit.isReadOnly(), key
        assert not kiosk.session.prefilled[key].locked, key
    number = birth_to_receipt(qtbot, kiosk)
    record = hall.application(number)
    assert (record["identity_source"], record["identity_reason"], record["registry_check"]) == (
        "staff_entered", "card_damaged", "needed")
    assert record["assistance"]["staff_number"] == STAFF and record["assistance"]["session_id"] == staff.session_id
    assert record["sources"]["applicant.id_number"] != "document"
    assert "身份信息由工作人员录入，待核验" in receipt_text(kiosk)
    audited(qtbot, hall, staff.session_id, "identity_entered", "assist_accepted")


# -- the services without a card ---------------------------------------------------------------------------------


def test_a_receipts_qr_code_read_by_the_scanner_shows_the_status(
    qtbot: QtBot, kiosk: Kiosk, hall: Hall, tmp_path: Path
) -> None:
    insert_card(qtbot, kiosk, MOTHER)
    number = birth_to_receipt(qtbot, kiosk)
    printed = kiosk.window.visit.print_result
    assert printed is not None and printed.output is not None
    payload = qr_of(printed.output, tmp_path)  # the QR code on the printed receipt
    journey(kiosk).click("receipt-finish")
    window = kiosk.window
    qtbot.waitUntil(lambda: window.current is window.home)

    window.activateWindow()
    device_keys(window, payload, gap_ms=4)  # the hall's scanner reads it: key events from a device
    qtbot.waitUntil(lambda: window.visit.state is State.LOOKUP and window.visit.status_answer is not None,
                    timeout=WAIT_MS)
    answer = window.visit.status_answer
    assert answer is not None and answer.number == number and answer.items
    shown = visible_texts(window)
    assert number in shown
    person = kiosk.devices.reader.people[MOTHER]  # type: ignore[attr-defined]
    assert person.name not in shown and "王小禾" not in shown
    assert not any(payload in edit.text() for edit in window.findChildren(QLineEdit))  # no field saw the scan


@pytest.fixture
def cups_kiosk(qtbot: QtBot, tmp_path: Path, hall: Hall) -> Iterator[Kiosk]:
    yield from kiosk_at(qtbot, tmp_path, hall, printer=CupsPrinter(os.environ.get("KIOSK_TEST_CUPS_QUEUE", "")))


@pytest.mark.daemons
def test_a_ticket_is_numbered_by_the_platform_and_printed(qtbot: QtBot, cups_kiosk: Kiosk, hall: Hall) -> None:
    window = cups_kiosk.window
    journey(cups_kiosk).click("home-ticket")
    qtbot.waitUntil(lambda: window.visit.state is State.TICKET)
    journey(cups_kiosk).click("ticket-take")
    qtbot.waitUntil(lambda: window.visit.ticket_print is not None, timeout=WAIT_MS)
    ticket, printed = window.visit.ticket, window.visit.ticket_print
    assert ticket is not None and re.fullmatch(r"A[0-9]{3}", ticket.number)
    assert printed is not None and printed.state is PrintState.PRINTED and printed.job_ref is not None, printed
    text = " ".join(pdf_text(cups_pdf_output(printed.job_ref)).split())
    assert ticket.number in text and "综合窗口" in text
    [(status, terminal)] = hall.rows("SELECT status, terminal_id FROM hall_tickets WHERE number = ? AND uuid = ?",
                                     ticket.number, ticket.uuid)
    assert (status, terminal) == ("waiting", cups_kiosk.config["terminal.id"])


# -- calling staff through an outage -------------------------------------------------------------------------------


def acknowledge_on_the_staff_page(hall: Hall, call_uuid: str) -> None:
    """A staff member signs in on /staff/ and acknowledges the call, as the browser's forms do
    (tests/test_staff_page.py drives the same page in chromium)."""
    with requests.Session() as browser:
        form = browser.get(f"{hall.process.url}/staff/", timeout=10)
        token = CSRF.search(form.text)
        assert token is not None
        page = browser.post(f"{hall.process.url}/staff/sign-in", timeout=10,
                            data={"csrf": token.group(1), "number": STAFF, "pin": PIN})
        token = CSRF.search(page.text)
        assert token is not None and f'name="call" value="{call_uuid}"' in page.text, page.status_code
        answer = browser.post(f"{hall.process.url}/staff/calls/acknowledge", timeout=10,
                              data={"csrf": token.group(1), "call": call_uuid})
        assert "已确认呼叫" in answer.text, answer.status_code


def test_a_call_made_while_the_platform_is_down_is_delivered_when_it_is_back(
    qtbot: QtBot, kiosk: Kiosk, hall: Hall
) -> None:
    window = kiosk.window
    hall.stop()
    journey(kiosk).click("call-staff")
    calls = kiosk.desk.calls
    qtbot.waitUntil(lambda: calls.state == "waiting", timeout=WAIT_MS)
    assert "工作人员正在赶来" in visible_texts(window)
    assert kiosk.services.messages.pending("call") == 1  # kept on the kiosk through the outage

    hall.start()
    qtbot.waitUntil(lambda: bool(hall.rows("SELECT uuid FROM staff_calls")), timeout=120_000)
    [(uuid, terminal, screen, status)] = hall.rows("SELECT uuid, terminal_id, screen, status FROM staff_calls")
    assert (terminal, screen, status) == (kiosk.config["terminal.id"], "home", "open")
    qtbot.waitUntil(lambda: kiosk.services.messages.pending("call") == 0)  # once the platform's answer is in

    acknowledge_on_the_staff_page(hall, uuid)
    qtbot.waitUntil(lambda: calls.state == "acknowledged", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: calls.state is None, timeout=WAIT_MS)  # shown a moment, then gone
    assert "工作人员正在赶来" not in visible_texts(window)
    [(acknowledged_by,)] = hall.rows("SELECT acknowledged_by FROM staff_calls WHERE uuid = ?", uuid)
    assert acknowledged_by == STAFF


# -- the page for hall staff ---------------------------------------------------------------------------------------


def test_the_hall_staff_page_shows_only_screenshots_that_exist_and_the_real_lockout() -> None:
    from kiosk.staff.lockout import FIRST_LOCK_S, FREE_TRIES, HARD_LOCK_AT

    page = (REPO / "docs" / "hall-staff.md").read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", page)
    assert len(images) >= 6
    for image in images:
        assert (REPO / "docs" / image).is_file(), image
    assert f"PIN wrong {FREE_TRIES} times" in page and f"locked for {FIRST_LOCK_S} seconds" in page
    assert f"After {HARD_LOCK_AT} wrong PINs" in page
    assert "hall-staff.md" in (REPO / "README.md").read_text(encoding="utf-8")
