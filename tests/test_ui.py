"""The kiosk window under pytest-qt, offscreen, with the simulated card and real platform/printer code."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import cups
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from cli.central_process import CentralProcess, free_port
from devices.cards.base import CardReader
from devices.printers.base import Printer, PrintState
from devices.printers.cups import MESSAGES, CupsPrinter
from devices.printers.pdf_file import PdfFilePrinter
from devices.registry import Devices, demo_devices
from kiosk.assets import DEMO_CATALOGUE
from kiosk.config import load_config
from kiosk.forms.samples import sample_answers
from kiosk.sync.client import HttpPlatform
from kiosk.visit.clock import ManualTimers
from kiosk.visit.states import Delivery, Rating, State
from tests.helpers.pdf import pdf_text
from tests.helpers.platform import enrolled, signed_session
from tests.test_printers import CUPS_PDF_PPD
from ui.demo import DEMO_PACKAGE, Journey, demo_answers
from ui.root import Kiosk, application
from ui.screens.base import Screen
from ui.screens.form import FormScreen
from ui.widgets.fields import TextEditor
from ui.window import KioskWindow

MOTHER, RETIREE, EXPIRED = 0, 1, 2
W = TypeVar("W", bound=QWidget)


def screen(window: KioskWindow, name: str) -> Screen:
    return window.screens[name]


def form_of(window: KioskWindow) -> FormScreen:
    form = window.screens["form"]
    assert isinstance(form, FormScreen)
    return form


def find(root: QWidget, kind: type[W], name: str) -> W:
    widget = root.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} named {name!r}"
    return widget


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CentralProcess]:
    root = tmp_path_factory.mktemp("central")
    with CentralProcess(root / "central.db", DEMO_CATALOGUE, root / "central.log") as process:
        yield process


def build(
    qtbot: QtBot,
    tmp_path: Path,
    platform_url: str,
    printer_dir: Path | None = None,
    central: CentralProcess | None = None,
    printer: Printer | None = None,
    timers: ManualTimers | None = None,
    reader: CardReader | None = None,
) -> Iterator[Kiosk]:
    """A started kiosk; with ``central``, enrolled there as a fresh terminal."""
    terminal_id = f"HN-UI-{tmp_path.name[-20:]}".replace("_", "-")
    config = load_config().with_values(
        terminal__id=terminal_id,
        storage__state_dir=str(tmp_path / "state"),
        printer__pdf_dir=str(tmp_path / "prints"),
        platform__url=platform_url,
    )
    application()
    devices = demo_devices(config)
    if printer_dir is not None:
        devices = Devices(devices.reader, PdfFilePrinter(printer_dir))
    if printer is not None:
        devices = Devices(devices.reader, printer)
    if reader is not None:
        devices = Devices(reader, devices.printer)
    if central is not None:
        enrolled(central, config.state_dir / "keys", terminal_id)
    platform = HttpPlatform(platform_url, timeout_s=5, credentials=config.state_dir / "keys")
    kiosk = Kiosk(config, devices, platform, timers)
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    kiosk.start()
    yield kiosk
    kiosk.shutdown()
    platform.close()


@pytest.fixture
def online(qtbot: QtBot, tmp_path: Path, central: CentralProcess) -> Iterator[Kiosk]:
    yield from build(qtbot, tmp_path, central.url, central=central)


@pytest.fixture
def offline(qtbot: QtBot, tmp_path: Path) -> Iterator[Kiosk]:
    yield from build(qtbot, tmp_path, f"http://127.0.0.1:{free_port()}")  # nothing listens there


def insert_card(qtbot: QtBot, kiosk: Kiosk, person: int) -> None:
    qtbot.mouseClick(find(kiosk.window, QAbstractButton, f"simulate-insert-{person}"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.window.visit.state is State.IDENTIFIED)


def fill_to_review(qtbot: QtBot, kiosk: Kiosk) -> None:
    window = kiosk.window
    insert_card(qtbot, kiosk, MOTHER)
    journey = Journey(kiosk, Path("."))
    journey.click("identity-continue")
    journey.click(f"package-{DEMO_PACKAGE}")
    answers = demo_answers(kiosk.session.clock().date())
    while window.visit.state is State.FORM:
        journey.fill_step(answers)
        journey.click("form-next")
        assert not form_of(window).summary.isVisible()
    assert window.visit.state is State.REVIEW


def visible_texts(root: QWidget) -> str:
    """Everything a passer-by could read on the window."""
    parts = [w.text() for w in root.findChildren(QLabel) if w.isVisible()]
    parts += [w.text() for w in root.findChildren(QLineEdit) if w.isVisible()]
    parts += [w.text() for w in root.findChildren(QAbstractButton) if w.isVisible()]
    return "\n".join(parts)


def test_whole_visit_reaches_the_platform_once_and_prints(qtbot: QtBot, online: Kiosk, central: CentralProcess) -> None:
    window = online.window
    fill_to_review(qtbot, online)
    assert window.findChild(QLabel, "bring-HUKOU") is None
    assert find(window, QLabel, "no-need-HUKOU") is not None  # e-licence: no need to bring
    assert find(window, QLabel, "bring-BIRTH_RECORD") is not None
    qtbot.mouseClick(find(window, QAbstractButton, "review-submit"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.visit.print_result is not None, timeout=30_000)

    submitted = online.session.submitted
    assert submitted is not None
    stored = online.store.application(submitted.uuid)
    assert window.visit.delivery is Delivery.DELIVERED, stored and stored.last_error
    assert find(window, QLabel, "receipt-number").text() == submitted.number
    credentials = online.platform.credentials  # type: ignore[attr-defined]
    status = signed_session(credentials).get(f"{central.url}/v1/applications/{submitted.number}", timeout=5)
    assert status.status_code == 200
    assert [i["number"] for i in status.json()["items"]] == [i.number for i in submitted.receipt.items]
    stored = online.store.application(submitted.uuid)
    assert stored is not None and stored.state == "delivered" and not stored.has_payload
    result = window.visit.print_result
    assert result is not None and result.state is PrintState.PRINTED and result.output is not None
    assert result.output.read_bytes().startswith(b"%PDF")
    assert [p.state for p in online.store.prints_for(submitted.uuid)] == ["printed"]
    assert online.session.submit() is submitted  # a second tap makes no second application


def test_offline_visit_is_saved_queued_and_still_printed(qtbot: QtBot, offline: Kiosk) -> None:
    window = offline.window
    fill_to_review(qtbot, offline)
    qtbot.mouseClick(find(window, QAbstractButton, "review-submit"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.visit.print_result is not None, timeout=30_000)
    submitted = offline.session.submitted
    assert submitted is not None
    assert window.visit.delivery is Delivery.QUEUED
    assert "自动提交" in find(window, QLabel, "receipt-delivery").text()
    stored = offline.store.application(submitted.uuid)
    assert stored is not None and stored.state == "queued" and stored.has_payload
    assert offline.store.pending_count() == 1
    assert not submitted.receipt.submitted  # the printed receipt says it is queued


def test_expired_document_cannot_continue(qtbot: QtBot, offline: Kiosk) -> None:
    insert_card(qtbot, offline, EXPIRED)
    window = offline.window
    assert find(window, QLabel, "identity-expired").isVisible()
    assert not find(window, QAbstractButton, "identity-continue").isEnabled()


def test_damaged_card_says_so_on_the_home_screen(qtbot: QtBot, offline: Kiosk) -> None:
    reader = offline.devices.reader
    reader.insert_damaged()  # type: ignore[attr-defined]
    offline.cards.poll_now()
    qtbot.waitUntil(lambda: find(offline.window, QLabel, "home-notice") is not None)
    assert "无法读取" in find(offline.window, QLabel, "home-notice").text()
    assert not offline.session.active


def test_document_values_are_locked_and_show_their_source(qtbot: QtBot, offline: Kiosk) -> None:
    insert_card(qtbot, offline, MOTHER)
    journey = Journey(offline, Path("."))
    journey.click("identity-continue")
    journey.click(f"package-{DEMO_PACKAGE}")
    editor = form_of(offline.window).editors["applicant.name"]
    assert isinstance(editor, TextEditor)
    assert editor.edit.isReadOnly() and editor.edit.text() == "李晓梅"
    assert editor.badge is not None and "身份证" in editor.badge.text()
    id_editor = form_of(offline.window).editors["applicant.id_number"]
    assert isinstance(id_editor, TextEditor) and "*" in id_editor.edit.text()  # masked on screen


def test_empty_step_is_refused_with_text_messages(qtbot: QtBot, offline: Kiosk) -> None:
    insert_card(qtbot, offline, MOTHER)
    journey = Journey(offline, Path("."))
    journey.click("identity-continue")
    journey.click(f"package-{DEMO_PACKAGE}")
    journey.click("form-next")  # applicant step: all from the card, passes
    journey.click("form-next")  # contact step: mobile missing
    window = offline.window
    assert window.visit.state is State.FORM and window.visit.current_step().key == "contact"
    error = find(window, QLabel, "error-contact.mobile")
    assert error.isVisible() and error.text() == "此项必填"
    assert find(window, QLabel, "form-errors").isVisible()


def test_a_choice_shows_and_hides_a_dependent_field(qtbot: QtBot, offline: Kiosk) -> None:
    insert_card(qtbot, offline, MOTHER)
    journey = Journey(offline, Path("."))
    journey.click("identity-continue")
    journey.click(f"package-{DEMO_PACKAGE}")
    answers = demo_answers(offline.session.clock().date())
    while offline.window.visit.current_step().key != "child":
        journey.fill_step(answers)
        journey.click("form-next")
    form = form_of(offline.window)
    journey.click("field-child.same_ethnicity-yes")
    assert "child.ethnicity" not in form.editors
    journey.click("field-child.same_ethnicity-no")
    assert "child.ethnicity" in form.editors
    find(form.editors["child.ethnicity"], QLineEdit, "field-child.ethnicity").insert("土家")
    journey.click("field-child.same_ethnicity-yes")
    assert "child.ethnicity" not in offline.session.form.effective(offline.session.answers)  # type: ignore[union-attr]


@pytest.fixture
def on_a_clock(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[Kiosk, ManualTimers]]:
    """An offline kiosk whose visit's time moves only when the test says so."""
    timers = ManualTimers()
    yield from ((kiosk, timers) for kiosk in build(qtbot, tmp_path, f"http://127.0.0.1:{free_port()}",
                                                   timers=timers))


@pytest.mark.parametrize("how", ["end-button", "idle-timeout"])
def test_ending_a_visit_leaves_nothing_of_the_citizen(
    qtbot: QtBot, on_a_clock: tuple[Kiosk, ManualTimers], how: str
) -> None:
    offline, timers = on_a_clock
    window = offline.window
    fill_to_review(qtbot, offline)
    person = offline.devices.reader.people[MOTHER]  # type: ignore[attr-defined]
    assert person.name in visible_texts(window)
    offline.devices.reader.remove()  # type: ignore[attr-defined]
    if how == "end-button":
        qtbot.mouseClick(find(window, QAbstractButton, "end-session"), Qt.MouseButton.LeftButton)
    else:
        timers.advance(offline.desk.timing.idle_timeout_s)
        qtbot.waitUntil(lambda: find(window, QLabel, "idle-countdown").isVisible())
        assert "30" in find(window, QLabel, "idle-countdown").text()
        timers.advance(offline.desk.timing.idle_warning_s - 1)
        assert window.visit.state is State.IDLE_WARNING and "1" in find(window, QLabel, "idle-countdown").text()
        timers.advance(1)
    assert window.current is window.home and window.visit.state is State.HOME
    assert not window.idle.isVisible()
    assert not offline.session.active and offline.session.answers == {}
    texts = visible_texts(window)
    for secret in (person.name, person.id_number, person.address, "王小禾", "13807310000"):
        assert secret not in texts
    for each in window.screens.values():
        screen_texts = "\n".join(w.text() for w in each.findChildren(QLabel))
        assert person.name not in screen_texts and "王小禾" not in screen_texts


def test_idle_warning_can_be_dismissed(qtbot: QtBot, on_a_clock: tuple[Kiosk, ManualTimers]) -> None:
    offline, timers = on_a_clock
    window = offline.window
    insert_card(qtbot, offline, MOTHER)
    timers.advance(offline.desk.timing.idle_timeout_s)
    qtbot.waitUntil(lambda: find(window, QAbstractButton, "idle-continue").isVisible())
    qtbot.mouseClick(find(window, QAbstractButton, "idle-continue"), Qt.MouseButton.LeftButton)
    assert not window.idle.isVisible() and window.visit.state is State.IDENTIFIED and offline.session.active
    timers.advance(offline.desk.timing.idle_timeout_s - 1)  # the clock started again from the tap
    assert window.visit.state is State.IDENTIFIED


def test_language_switch_translates_the_screen(qtbot: QtBot, offline: Kiosk) -> None:
    window = offline.window
    assert "请将身份证" in visible_texts(window)
    for name in ("top-more", "toggle-language"):  # the other language is behind 更多
        qtbot.mouseClick(find(window, QAbstractButton, name), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Please place your ID card" in visible_texts(window))
    assert "请将身份证" not in visible_texts(window)


@pytest.fixture
def broken_printer(qtbot: QtBot, tmp_path: Path) -> Iterator[Kiosk]:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    yield from build(qtbot, tmp_path, f"http://127.0.0.1:{free_port()}", printer_dir=blocker / "prints")


def test_printer_failure_keeps_the_application_and_offers_reprint(qtbot: QtBot, broken_printer: Kiosk) -> None:
    kiosk = broken_printer
    window = kiosk.window
    fill_to_review(qtbot, kiosk)
    qtbot.mouseClick(find(window, QAbstractButton, "review-submit"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.visit.print_result is not None, timeout=30_000)
    result = window.visit.print_result
    assert result is not None and result.state is PrintState.FAILED
    reprint = find(window, QAbstractButton, "receipt-reprint")
    qtbot.waitUntil(reprint.isVisible)
    assert find(window, QLabel, "receipt-print").text() == result.message.zh
    submitted = kiosk.session.submitted
    assert submitted is not None
    stored = kiosk.store.application(submitted.uuid)
    assert stored is not None and stored.has_payload  # the application is untouched
    qtbot.mouseClick(reprint, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(kiosk.store.prints_for(submitted.uuid)) == 2)
    assert {p.state for p in kiosk.store.prints_for(submitted.uuid)} == {"failed"}


@pytest.fixture
def paused_cups(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[Kiosk, str]]:
    """A kiosk printing to a cups-pdf queue of its own, paused as a hall printer out of paper is."""
    conn = cups.Connection()
    queue = f"KioskTestPaused{os.getpid()}"
    conn.addPrinter(queue, filename=CUPS_PDF_PPD, device="cups-pdf:/")
    conn.acceptJobs(queue)
    conn.disablePrinter(queue)
    try:
        yield from ((kiosk, queue) for kiosk in build(qtbot, tmp_path, f"http://127.0.0.1:{free_port()}",
                                                      printer=CupsPrinter(queue, timeout_s=20)))
    finally:
        conn.deletePrinter(queue)


@pytest.mark.daemons
def test_a_paused_cups_queue_is_said_plainly_and_listed_for_staff(qtbot: QtBot, paused_cups: tuple[Kiosk, str]) -> None:
    kiosk, queue = paused_cups
    window = kiosk.window
    fill_to_review(qtbot, kiosk)
    qtbot.mouseClick(find(window, QAbstractButton, "review-submit"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.visit.print_result is not None, timeout=30_000)
    failed = window.visit.print_result
    assert failed is not None and (failed.state, failed.reason) == (PrintState.FAILED, "paused")
    assert find(window, QLabel, "receipt-print").text() == MESSAGES["paused"].zh
    submitted = kiosk.session.submitted
    assert submitted is not None
    assert [r.number for r in kiosk.store.reprints_due()] == [submitted.number]  # staff see it to reprint

    cups.Connection().enablePrinter(queue)  # staff fixed the printer; the citizen taps reprint
    qtbot.mouseClick(find(window, QAbstractButton, "receipt-reprint"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.visit.print_result is not None, timeout=30_000)
    printed = window.visit.print_result
    assert printed is not None and printed.state is PrintState.PRINTED
    assert kiosk.store.reprints_due() == []


def test_receipt_dates_use_working_days(qtbot: QtBot, offline: Kiosk) -> None:
    fill_to_review(qtbot, offline)
    qtbot.mouseClick(find(offline.window, QAbstractButton, "review-submit"), Qt.MouseButton.LeftButton)
    submitted = offline.session.submitted
    assert submitted is not None
    for item in submitted.receipt.items:
        assert item.promised_date.weekday() < 5
        assert item.promised_date > submitted.receipt.issued_at.date()


def test_a_kiosk_that_cannot_open_its_database_says_out_of_service(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / "kiosk.db").write_bytes(b"this is not a database" * 100)
    config = load_config().with_values(storage__state_dir=str(tmp_path / "state"), printer__pdf_dir=str(tmp_path))
    application()
    kiosk = Kiosk(config, demo_devices(config), HttpPlatform(f"http://127.0.0.1:{free_port()}"))
    qtbot.addWidget(kiosk.window)
    kiosk.window.show()
    kiosk.start_or_stand_down()
    notice = find(kiosk.window, QLabel, "home-notice")
    assert "暂停服务" in notice.text()
    assert not kiosk.cards.running  # no card is read by a kiosk that cannot save
    kiosk.shutdown()


def open_packages(qtbot: QtBot, kiosk: Kiosk) -> None:
    insert_card(qtbot, kiosk, MOTHER)
    Journey(kiosk, Path(".")).click("identity-continue")
    qtbot.waitUntil(lambda: kiosk.window.visit.state is State.CHOOSING)


def test_searching_by_what_people_say_finds_the_package(qtbot: QtBot, offline: Kiosk) -> None:
    open_packages(qtbot, offline)
    window = offline.window
    search = find(window, QLineEdit, "package-search")
    qtbot.keyClicks(search, "xse")
    qtbot.waitUntil(lambda: window.findChild(QAbstractButton, f"package-{DEMO_PACKAGE}") is not None)
    search.clear()
    qtbot.keyClicks(search, "zzzzqqqq")
    qtbot.waitUntil(lambda: window.findChild(QLabel, "search-nothing") is not None)
    assert window.findChild(QAbstractButton, f"package-{DEMO_PACKAGE}") is None


def test_sections_list_packages_by_audience(qtbot: QtBot, offline: Kiosk) -> None:
    open_packages(qtbot, offline)
    window = offline.window
    catalogue = offline.session.catalogue
    for section in ("individual", "enterprise", "project"):
        qtbot.mouseClick(find(window, QAbstractButton, f"section-{section}"), Qt.MouseButton.LeftButton)
        shown = {
            b.objectName()
            for b in screen(window, "packages").findChildren(QAbstractButton)
            if b.objectName().startswith("package-")
        }
        assert shown == {f"package-{p.code}" for p in catalogue.packages.values() if p.audience == section}
    qtbot.mouseClick(find(window, QAbstractButton, "end-session"), Qt.MouseButton.LeftButton)
    offline.devices.reader.remove()  # type: ignore[attr-defined]
    open_packages(qtbot, offline)  # the next citizen starts at the first section, not where the last one left
    assert find(window, QAbstractButton, "section-individual").isChecked()


def test_review_says_which_items_need_the_citizen_in_person(qtbot: QtBot, offline: Kiosk) -> None:
    session, visit = offline.session, offline.window.visit
    insert_card(qtbot, offline, MOTHER)
    visit.proceed()
    visit.choose("43PCP0007")  # marriage: the couple must come to register
    assert session.form is not None
    for key, value in sample_answers(session.form.fields).items():
        if key not in session.prefilled:
            visit.answer(key, value)
    while visit.state is State.FORM:
        assert visit.next_step() == {}
    assert visit.state is State.REVIEW
    registration = find(offline.window, QLabel, "item-001110001000")
    assert "本人到场" in registration.text()
    assert "本人到场" not in find(offline.window, QLabel, "item-000709002000").text()


def test_my_applications_lists_what_this_kiosk_still_holds(qtbot: QtBot, offline: Kiosk) -> None:
    window = offline.window
    fill_to_review(qtbot, offline)
    qtbot.mouseClick(find(window, QAbstractButton, "review-submit"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.visit.print_result is not None, timeout=30_000)
    submitted = offline.session.submitted
    assert submitted is not None
    qtbot.mouseClick(find(window, QAbstractButton, "receipt-finish"), Qt.MouseButton.LeftButton)
    insert_card(qtbot, offline, MOTHER)  # she comes back to see what she applied for
    qtbot.mouseClick(find(window, QAbstractButton, "identity-status"), Qt.MouseButton.LeftButton)
    # this kiosk is not connected: its own record is shown, and the screen says why
    qtbot.waitUntil(lambda: window.findChild(QLabel, "status-notice") is not None)
    state = find(window, QLabel, f"state-{submitted.number}")
    assert "本机待发送" in state.text()
    assert "尚未接入" in find(window, QLabel, "status-notice").text()


@pytest.fixture
def seeded(qtbot: QtBot, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kiosk]:
    """An enrolled kiosk on a platform holding the demo people's shared records and online applications."""
    root = tmp_path_factory.mktemp("seeded")
    with CentralProcess(root / "central.db", DEMO_CATALOGUE, root / "central.log") as process:
        process.seed_demo()
        yield from build(qtbot, tmp_path, process.url, central=process)


def test_consent_then_shared_data_fills_the_form(qtbot: QtBot, seeded: Kiosk) -> None:
    window = seeded.window
    session = seeded.session
    retirement = "43PCN0013"
    insert_card(qtbot, seeded, RETIREE)  # the seeded platform holds his employer and first work date
    Journey(seeded, Path(".")).click("identity-continue")
    window.visit.choose(retirement)
    assert window.visit.state is State.CONSENT
    shared = session.shared_keys()
    assert shared and all(window.findChild(QLabel, f"consent-{key}") is not None for key in shared)
    qtbot.mouseClick(find(window, QAbstractButton, "consent-agree"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.visit.state is State.FORM, timeout=10_000)
    filled = [key for key, p in session.prefilled.items() if p.source.value == "shared"]
    assert filled, "the seeded shared records should fill at least one field"
    assert all(not session.prefilled[key].locked for key in filled)


def test_declining_consent_fetches_nothing(qtbot: QtBot, seeded: Kiosk) -> None:
    window = seeded.window
    insert_card(qtbot, seeded, MOTHER)
    Journey(seeded, Path(".")).click("identity-continue")
    window.visit.choose("43PCN0013")
    qtbot.mouseClick(find(window, QAbstractButton, "consent-decline"), Qt.MouseButton.LeftButton)
    assert window.visit.state is State.FORM
    assert all(p.source.value != "shared" for p in seeded.session.prefilled.values())


def test_rating_after_the_receipt_is_sent_once(qtbot: QtBot, seeded: Kiosk) -> None:
    window = seeded.window
    fill_to_review(qtbot, seeded)
    qtbot.mouseClick(find(window, QAbstractButton, "review-submit"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.visit.delivery is Delivery.DELIVERED, timeout=30_000)
    qtbot.mouseClick(find(window, QAbstractButton, "rate-5"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.visit.rating is Rating.THANKS, timeout=10_000)
    assert "感谢" in find(window, QLabel, "receipt-rated").text()
    window.visit.rate(4)  # a second rating: the platform keeps the first
    qtbot.waitUntil(lambda: window.visit.rating is Rating.ALREADY, timeout=10_000)


# -- passports and permits: the MRZ opens the chip ------------------------------------------------

TRAVELLER = 3  # the simulator's passport holder: E12345678, born 850615, valid until 330131


def type_mrz(qtbot: QtBot, kiosk: Kiosk, number: str, birth: str, expiry: str) -> None:
    for name, value in (("number", number), ("birth", birth), ("expiry", expiry)):
        edit = find(kiosk.window, QLineEdit, f"mrz-{name}")
        edit.clear()
        qtbot.keyClicks(edit, value)
    qtbot.mouseClick(find(kiosk.window, QAbstractButton, "mrz-read"), Qt.MouseButton.LeftButton)


def test_passport_asks_for_the_mrz_and_a_wrong_one_is_said_plainly(qtbot: QtBot, offline: Kiosk) -> None:
    window = offline.window
    qtbot.mouseClick(find(window, QAbstractButton, f"simulate-insert-{TRAVELLER}"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.visit.state is State.MRZ)
    assert not offline.session.active

    type_mrz(qtbot, offline, "E12345678", "850616", "330131")  # one day off
    qtbot.waitUntil(lambda: window.findChild(QLabel, "mrz-problem") is not None)
    assert "不符" in find(window, QLabel, "mrz-problem").text()
    assert window.visit.state is State.MRZ and not offline.session.active

    type_mrz(qtbot, offline, "e12345678", "850615", "330131")  # lower case is fine
    qtbot.waitUntil(lambda: window.visit.state is State.IDENTIFIED)
    identity = offline.session.identity
    assert identity is not None and (identity.name, identity.document_number) == ("张伟", "E12345678")
    assert "护照" in visible_texts(window)


def test_malformed_mrz_is_refused_before_any_read(qtbot: QtBot, offline: Kiosk) -> None:
    window = offline.window
    qtbot.mouseClick(find(window, QAbstractButton, f"simulate-insert-{TRAVELLER}"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.visit.state is State.MRZ)
    type_mrz(qtbot, offline, "E12345678", "851315", "330131")  # month 13
    assert "6 位数字" in find(window, QLabel, "mrz-problem").text()
    assert find(window, QAbstractButton, "mrz-read").isEnabled()  # nothing was sent to the reader


def test_taking_the_passport_away_ends_the_entry_and_forgets_it(qtbot: QtBot, offline: Kiosk) -> None:
    window = offline.window
    qtbot.mouseClick(find(window, QAbstractButton, f"simulate-insert-{TRAVELLER}"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.visit.state is State.MRZ)
    qtbot.keyClicks(find(window, QLineEdit, "mrz-number"), "E12345678")
    qtbot.mouseClick(find(window, QAbstractButton, "simulate-remove"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current is window.home)
    screen(window, "mrz").refresh()
    assert find(window, QLineEdit, "mrz-number").text() == ""


def test_an_issued_certificate_is_printed_from_my_applications(qtbot: QtBot, seeded: Kiosk, tmp_path: Path) -> None:
    window = seeded.window
    insert_card(qtbot, seeded, MOTHER)  # her online application for a household certificate was approved
    window.visit.show_applications()
    qtbot.waitUntil(lambda: any(b.objectName().startswith("print-certificate-")
                                for b in screen(window, "status").findChildren(QAbstractButton)), timeout=10_000)
    qtbot.waitUntil(lambda: bool(window.visit.lookup.licences))  # the last answer: the screen is not rebuilt again
    (button,) = [b for b in screen(window, "status").findChildren(QAbstractButton)
                 if b.objectName().startswith("print-certificate-")]
    serial = button.objectName().removeprefix("print-certificate-")
    assert "户籍证明" in button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(p.kind == "certificate" for p in seeded.store.recent_prints()), timeout=15_000)
    (job,) = [p for p in seeded.store.recent_prints() if p.kind == "certificate"]
    assert (job.state, job.application_uuid) == ("printed", None)
    assert find(window, QLabel, "status-print").text() == "文件已保存"
    (pdf,) = (tmp_path / "prints").glob(f"certificate-{serial}*.pdf")
    text = pdf_text(pdf)
    assert serial in text and "户籍证明" in text


def test_my_applications_says_it_is_asking_until_both_answers_are_in(qtbot: QtBot, seeded: Kiosk) -> None:
    window = seeded.window
    status = screen(window, "status")
    insert_card(qtbot, seeded, MOTHER)
    window.visit.show_applications()  # the answers come back through the event loop: not before this test yields
    assert window.visit.lookup.looking
    assert "正在向政务服务平台查询" in find(status, QLabel, "status-looking").text()
    window.toggle_language()
    assert "Asking the government service platform" in find(status, QLabel, "status-looking").text()
    qtbot.waitUntil(lambda: not window.visit.lookup.looking, timeout=10_000)
    assert status.findChild(QLabel, "status-looking") is None
    qtbot.waitUntil(lambda: "Driving licence" in visible_texts(status))  # shown at the next turn of the event loop


def test_an_e_licence_is_printed_from_my_applications(qtbot: QtBot, seeded: Kiosk, tmp_path: Path) -> None:
    window = seeded.window
    insert_card(qtbot, seeded, MOTHER)  # the platform holds her driving licence, vehicle licence, household register
    window.visit.show_applications()
    status = screen(window, "status")
    qtbot.waitUntil(lambda: status.findChild(QAbstractButton, "print-licence-2") is not None, timeout=10_000)
    qtbot.waitUntil(lambda: not window.visit.lookup.looking)  # both answers are in: the screen is not rebuilt again
    qtbot.waitUntil(lambda: "居民户口簿" in visible_texts(screen(window, "status")))
    qtbot.mouseClick(find(screen(window, "status"), QAbstractButton, "print-licence-0"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(p.kind == "licence" for p in seeded.store.recent_prints()), timeout=15_000)
    (pdf,) = (tmp_path / "prints").glob("licence-driving_licence*.pdf")
    text = pdf_text(pdf)
    assert "机动车驾驶证" in text and "李晓梅" in text
    window.visit.end()
    assert window.visit.lookup.licences == []  # the next citizen never sees them


def test_an_mrz_entry_left_alone_times_out_and_is_forgotten(
    qtbot: QtBot, on_a_clock: tuple[Kiosk, ManualTimers]
) -> None:
    offline, timers = on_a_clock
    window = offline.window
    qtbot.mouseClick(find(window, QAbstractButton, f"simulate-insert-{TRAVELLER}"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.visit.state is State.MRZ)
    qtbot.keyClicks(find(window, QLineEdit, "mrz-number"), "E12345678")
    assert timers.pending  # nobody is identified yet, but someone is typing: the idle clock runs
    timers.advance(offline.desk.timing.idle_timeout_s)
    assert window.visit.state is State.IDLE_WARNING
    timers.advance(offline.desk.timing.idle_warning_s)  # the warning ran out: as if nobody came back
    assert window.current is window.home
    assert "E12345678" not in visible_texts(window)
    screen(window, "mrz").refresh()
    assert find(window, QLineEdit, "mrz-number").text() == ""
