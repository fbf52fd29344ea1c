"""The hall's people and the no-card services through the real window: staff sign-in, the staff menu, an identity
typed by staff, the citizen's consent, the assisted banner, calls for staff, and the home screen's entries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from devices.registry import demo_devices
from kiosk.config import load_config
from kiosk.reading import ReadResult, ReadStatus
from kiosk.visit.calls import ACKNOWLEDGED_S, POLL_S
from kiosk.visit.clock import ManualTimers
from kiosk.visit.hall_prompts import BAD_ID_NUMBER
from kiosk.visit.states import State
from tests.helpers.memory_platform import MemoryPlatform
from tests.test_ui import find
from ui.root import Kiosk, application
from ui.sizes import size_problems
from ui.style import MIN_PRIMARY_MM, MIN_TARGET_MM, MM_PER_PX, STANDARD
from ui.window import KioskWindow

NUMBER, PIN, MASKED = "S0012", "246810", "王**"
GOOD_ID, BAD_ID = "430104198811230035", "430104198811230036"  # the last digit checks the others


def hall_kiosk(qtbot: QtBot, tmp_path: Path, platform: MemoryPlatform,
               timers: ManualTimers | None = None) -> Iterator[Kiosk]:
    """An open kiosk (not started: no card polling, nothing sent in the background) on ``platform``."""
    config = load_config().with_values(storage__state_dir=str(tmp_path / "state"), printer__pdf_dir=str(tmp_path))
    application()
    kiosk = Kiosk(config, demo_devices(config), platform, timers)
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    kiosk.open()
    yield kiosk
    kiosk.shutdown()


@pytest.fixture
def platform() -> MemoryPlatform:
    return MemoryPlatform(staff={NUMBER: (MASKED, PIN)})


@pytest.fixture
def timers() -> ManualTimers:
    return ManualTimers()


@pytest.fixture
def kiosk(qtbot: QtBot, tmp_path: Path, platform: MemoryPlatform, timers: ManualTimers) -> Iterator[Kiosk]:
    yield from hall_kiosk(qtbot, tmp_path, platform, timers)


def state(window: KioskWindow) -> State:
    return window.visit.state


def tap(qtbot: QtBot, root: QWidget, name: str) -> None:
    widget = find(root, QAbstractButton, name)
    qtbot.waitUntil(widget.isVisible)  # a screen just rebuilt shows its new widgets at the next event loop turn
    assert widget.isVisible() and widget.isEnabled(), name
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def typed(root: QWidget, name: str, text: str) -> QLineEdit:
    """As the on-screen keyboard types: through the input method, not key events."""
    edit = find(root, QLineEdit, name)
    edit.clear()
    edit.insert(text)
    return edit


def sign_in(qtbot: QtBot, kiosk: Kiosk, pin: str = PIN) -> None:
    window = kiosk.window
    if state(window) is State.HOME:
        tap(qtbot, window, "home-staff")
    typed(window, "staff-number", NUMBER.lower())
    typed(window, "staff-pin", pin)
    tap(qtbot, window, "staff-sign-in")
    qtbot.waitUntil(lambda: not window.visit.staff_busy)


def test_staff_sign_in_by_pin_refused_then_accepted(qtbot: QtBot, kiosk: Kiosk, platform: MemoryPlatform) -> None:
    window = kiosk.window
    tap(qtbot, window, "home-staff")
    assert state(window) is State.STAFF_SIGN_IN
    assert "工作人员卡" in find(window, QLabel, "staff-or-card").text()
    pin = typed(window, "staff-pin", "135790")
    assert pin.echoMode() is QLineEdit.EchoMode.Password and "135790" not in pin.displayText()
    assert size_problems(window, STANDARD) == []

    sign_in(qtbot, kiosk, pin="135790")
    assert state(window) is State.STAFF_SIGN_IN
    problem = find(window, QLabel, "staff-problem").text()
    assert "工号或密码不正确" in problem and "4" in problem  # the platform's words, and the tries left
    assert find(window, QLineEdit, "staff-pin").text() == ""  # a refused PIN is not kept
    assert find(window, QLineEdit, "staff-number").text() == NUMBER.lower()

    sign_in(qtbot, kiosk)
    assert state(window) is State.STAFF_MENU
    assert [(n, outcome) for n, outcome, _session in platform.sign_ins] == [(NUMBER, "wrong_pin"), (NUMBER, "ok")]
    who = find(window, QLabel, "staff-who").text()
    assert NUMBER in who and MASKED in who and "246810" not in who
    for name in ("staff-help", "staff-act", "staff-enter-identity", "staff-sign-out"):
        assert find(window, QAbstractButton, name).isVisible()
    assert size_problems(window, STANDARD) == []
    tap(qtbot, window, "staff-sign-out")
    assert state(window) is State.HOME and window.visit.staff is None


def test_staff_entered_identity_with_a_bad_check_digit_then_a_good_one(qtbot: QtBot, kiosk: Kiosk) -> None:
    window = kiosk.window
    sign_in(qtbot, kiosk)
    tap(qtbot, window, "staff-enter-identity")
    assert state(window) is State.STAFF_IDENTITY
    typed(window, "staff-name", "李四")
    typed(window, "staff-id-number", BAD_ID)
    tap(qtbot, window, "reason-card_damaged")
    tap(qtbot, window, "staff-identity-submit")
    assert state(window) is State.STAFF_IDENTITY
    assert find(window, QLabel, "error-staff-id-number").text() == BAD_ID_NUMBER.zh
    assert find(window, QLineEdit, "staff-name").text() == "李四"  # kept for the correction
    assert find(window, QAbstractButton, "reason-card_damaged").isChecked()

    typed(window, "staff-id-number", GOOD_ID)
    tap(qtbot, window, "staff-identity-submit")
    assert state(window) is State.ASSIST_CONSENT
    who = find(window, QLabel, "assist-who").text()
    assert NUMBER in who and "帮办" in who
    assert find(window, QAbstractButton, "assist-accept").height() * MM_PER_PX >= MIN_PRIMARY_MM
    assert find(window, QAbstractButton, "assist-refuse").height() * MM_PER_PX >= MIN_PRIMARY_MM
    tap(qtbot, window, "assist-accept")
    assert state(window) is State.IDENTIFIED
    assert window.visit.identity_source == "staff_entered"
    banner = find(window, QLabel, "assist-banner-text")
    assert banner.isVisible() and banner.text() == f"工作人员 {NUMBER} {MASKED} 正在为您帮办"
    shown = "\n".join(w.text() for w in window.findChildren(QLabel) if w.isVisible())
    assert GOOD_ID not in shown
    assert "工作人员录入" in find(window, QLabel, "identity-source").text()
    assert "有效期" not in shown and "取回证件" not in shown  # no chip said how long it is valid; no card to take


def test_acting_for_a_citizen_records_the_agent_and_the_citizen_may_refuse(qtbot: QtBot, kiosk: Kiosk) -> None:
    window = kiosk.window
    sign_in(qtbot, kiosk)
    tap(qtbot, window, "staff-act")
    assert state(window) is State.STAFF_AGENT
    typed(window, "staff-id-number", GOOD_ID)
    tap(qtbot, window, "staff-agent-submit")
    assert window.findChild(QLabel, "error-authorisation") is not None  # none chosen yet
    tap(qtbot, window, "authorisation-power_of_attorney")
    tap(qtbot, window, "staff-agent-submit")
    assert state(window) is State.HOME and window.visit.assistance_mode == "acting"
    banner = find(window, QLabel, "assist-banner-text")
    assert banner.isVisible() and "代办" in banner.text() and NUMBER in banner.text()
    assert find(window, QAbstractButton, "home-lookup").isHidden()  # the citizen's visit: no detours
    assert find(window, QAbstractButton, "home-staff").isHidden()
    assert find(window, QAbstractButton, "banner-enter-identity").isVisible()


def test_call_staff_shows_the_overlay_until_acknowledged(qtbot: QtBot, kiosk: Kiosk, platform: MemoryPlatform,
                                                         timers: ManualTimers) -> None:
    window = kiosk.window
    calls = kiosk.desk.calls
    overlay = window.calling
    tap(qtbot, window, "call-staff")
    qtbot.waitUntil(lambda: calls.state == "waiting")
    assert overlay.isVisible() and find(overlay, QLabel, "call-title").text() == "工作人员正在赶来"
    assert calls.screen == "home"
    assert calls.uuid is not None
    platform.acknowledge(calls.uuid)
    timers.advance(POLL_S)
    qtbot.waitUntil(lambda: calls.state == "acknowledged")
    assert overlay.isVisible() and not find(overlay, QAbstractButton, "call-cancel").isVisible()
    timers.advance(ACKNOWLEDGED_S)
    assert calls.state is None and not overlay.isVisible()

    tap(qtbot, window, "call-staff")  # and a call cancelled by the citizen
    qtbot.waitUntil(lambda: calls.state == "waiting")
    tap(qtbot, overlay, "call-cancel")
    assert calls.state is None and not overlay.isVisible()


def test_home_offers_the_no_card_services_and_a_discreet_staff_entry(qtbot: QtBot, kiosk: Kiosk) -> None:
    window = kiosk.window
    staff = find(window, QAbstractButton, "home-staff")
    corner = staff.mapTo(window, QPoint(staff.width(), staff.height()))
    assert corner.x() > window.width() - 120 and corner.y() > window.height() - 120  # bottom right
    assert MIN_TARGET_MM <= staff.height() * MM_PER_PX < MIN_PRIMARY_MM
    for entry, shown in (("home-lookup", State.LOOKUP), ("home-verify", State.VERIFY), ("home-ticket", State.TICKET)):
        tap(qtbot, window, entry)
        assert state(window) is shown
        assert size_problems(window, STANDARD) == []
        tap(qtbot, window, "ticket-home" if shown is State.TICKET else "lookup-home")
        assert state(window) is State.HOME


def test_a_ticket_is_taken_shown_and_printed(qtbot: QtBot, kiosk: Kiosk, platform: MemoryPlatform) -> None:
    window = kiosk.window
    platform.waiting.extend(["earlier-1", "earlier-2"])
    tap(qtbot, window, "home-ticket")
    assert find(window, QAbstractButton, "ticket-service-general").isChecked()
    tap(qtbot, window, "ticket-take")
    qtbot.waitUntil(lambda: window.findChild(QLabel, "ticket-number") is not None)
    assert find(window, QLabel, "ticket-number").text() == "A001"
    assert "2" in find(window, QLabel, "ticket-ahead").text()
    assert "综合窗口" in find(window, QLabel, "ticket-service").text()
    qtbot.waitUntil(lambda: window.visit.ticket_print is not None, timeout=20_000)
    assert find(window, QLabel, "ticket-printed").text().startswith("号票已打印")


def test_an_expired_document_is_offered_a_ticket_for_a_counter(qtbot: QtBot, kiosk: Kiosk) -> None:
    window = kiosk.window
    expired = kiosk.devices.reader.people[2]  # type: ignore[attr-defined]  # the demo's expired card
    window.visit.card_read(ReadResult(ReadStatus.OK, expired))
    assert state(window) is State.IDENTIFIED
    tap(qtbot, window, "identity-ticket")
    assert state(window) is State.TICKET and window.visit.ticket_reason == "expired_document"
    assert "已过期" in find(window, QLabel, "ticket-why").text()


class _OwnWindows(QObject):
    """Names every widget but the kiosk's own window that shows as a window: a widget made visible before it has
    a parent flashes up as one, and on a touch screen it takes the focus from the kiosk."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and not isinstance(watched, KioskWindow)
                and watched.windowType() == Qt.WindowType.Window):
            self.shown.append(f"{type(watched).__name__} {watched.objectName()}")
        return False


def test_no_widget_of_the_hall_screens_shows_as_a_window_of_its_own(qtbot: QtBot, kiosk: Kiosk) -> None:
    window, windows = kiosk.window, _OwnWindows()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(windows)
    try:
        window.visit.end()  # the home screen, drawn again
        sign_in(qtbot, kiosk)
        tap(qtbot, window, "staff-help")  # home, assisted: the no-card entries hidden
        tap(qtbot, window, "banner-enter-identity")
        window.visit.end()
        window.visit.lookup_start()
        qtbot.waitUntil(lambda: find(window, QLineEdit, "lookup-number").isVisible())
        window.visit.home()
        qtbot.wait(50)
    finally:
        app.removeEventFilter(windows)
    assert windows.shown == []
    assert QApplication.activeWindow() is window and QApplication.focusWidget() is not None
