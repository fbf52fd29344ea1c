"""The hall's keyboard-wedge scanner: a burst of fast keys ending in Enter is a scan; anything else is typing.

The decoder is pure (table tests). Through the window, a receipt's QR code arrives as a device's key events, with
the device's timestamps: the status shows on the lookup screen and no text field sees a character of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from devices.scanner.wedge import WedgeDecoder
from kiosk.documents.verification import status_path
from kiosk.sync.wire import ApplicationResult, ItemResult
from kiosk.visit.states import State
from tests.helpers.memory_platform import MemoryPlatform
from tests.test_ui import find
from tests.test_ui_staff import hall_kiosk
from ui.root import Kiosk
from ui.window import KioskWindow

NUMBER, CODE = "HN20261203000042", "ABC234"
RECEIPT_QR = "https://zwfw.example.gov.cn" + status_path(NUMBER, CODE)


def keys(text: str, start: float = 1000, gap: float = 10) -> list[tuple[str, float]]:
    return [(char, start + index * gap) for index, char in enumerate(text)]


def decode(pressed: list[tuple[str, float]]) -> tuple[list[str], str]:
    """The scans found, and everything released as typing (flushed at the end, as the quiet timer does)."""
    decoder, scans, typed = WedgeDecoder(), [], ""
    for text, at in pressed:
        verdict = decoder.key(text, at)
        typed += verdict.released
        if verdict.scan is not None:
            scans.append(verdict.scan)
        elif verdict.passes:
            typed += text
    return scans, typed + decoder.flush()


@pytest.mark.parametrize(
    ("pressed", "scans", "typed"),
    [
        pytest.param(keys("ABCD1234\r"), ["ABCD1234"], "", id="eight fast characters and Enter"),
        pytest.param(keys(RECEIPT_QR + "\n"), [RECEIPT_QR], "", id="a receipt's status URL, Enter as a newline"),
        pytest.param(keys("ABC1234\r"), [], "ABC1234\r", id="seven are too few"),
        pytest.param(keys("ABCD1234\r", gap=80), [], "ABCD1234\r", id="a person's pace is typing"),
        pytest.param(keys("ABCD1234"), [], "ABCD1234", id="no Enter: typing"),
        pytest.param([*keys("ABCD1234"), ("\r", 1000 + 7 * 10 + 200)], [], "ABCD1234\r", id="a late Enter"),
        pytest.param(keys("xy", gap=300) + keys("ABCD1234\r", start=2000), ["ABCD1234"], "xy",
                     id="typing, then a scan"),
        pytest.param(keys("ABCD1234\r") + keys("EFGH5678\r", start=1500), ["ABCD1234", "EFGH5678"], "",
                     id="two scans in a row"),
        pytest.param([*keys("ABCD"), ("", 1045), *keys("1234\r", start=1050)], [], "ABCD1234\r",
                     id="a key without text (an arrow) breaks the burst"),
        pytest.param(keys("ABCD") + keys("1234\r", start=1100), [], "ABCD1234\r", id="a pause inside it"),
    ],
)
def test_the_decoder_tells_scans_from_typing(pressed: list[tuple[str, float]], scans: list[str], typed: str) -> None:
    found, released = decode(pressed)
    assert found == scans
    assert released == typed.replace("\n", "\r")


def device_keys(window: KioskWindow, text: str, gap_ms: int) -> None:
    """As a wedge scanner types: press and release per character, then Enter, delivered to the window with the
    device's timestamps ``gap_ms`` apart (QTest's events carry none)."""
    handle = window.windowHandle()
    assert handle is not None
    at = 5_000_000
    for char in [*text, "\r"]:
        key = Qt.Key.Key_Return if char == "\r" else Qt.Key(ord(char.upper()))
        shift = Qt.KeyboardModifier.ShiftModifier if char.isupper() else Qt.KeyboardModifier.NoModifier
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, shift, char)
            event.setTimestamp(at)
            QApplication.sendEvent(handle, event)
        at += gap_ms


@pytest.fixture
def platform() -> MemoryPlatform:
    hall = MemoryPlatform()
    item = ItemResult(item_code="000709001000", number=f"{NUMBER}-1", status="accepted",
                      promised_date=dt.date(2026, 12, 20))
    hall.received["a-submitted-application"] = ApplicationResult(
        uuid="a-submitted-application", number=NUMBER, status="accepted", verification_code=CODE,
        received_at=dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.UTC), items=[item])
    return hall


@pytest.fixture
def kiosk(qtbot: QtBot, tmp_path: Path, platform: MemoryPlatform) -> Iterator[Kiosk]:
    yield from hall_kiosk(qtbot, tmp_path, platform)


def test_a_receipt_scanned_at_home_shows_its_status_and_types_nothing(qtbot: QtBot, kiosk: Kiosk) -> None:
    window = kiosk.window
    window.activateWindow()
    window.visit.lookup_start()
    field = find(window, QLineEdit, "lookup-number")
    field.setFocus()
    device_keys(window, RECEIPT_QR, gap_ms=4)
    qtbot.waitUntil(lambda: window.findChild(QLabel, "lookup-status") is not None)
    assert window.visit.state is State.LOOKUP
    assert NUMBER in find(window, QLabel, "lookup-status").text()
    assert "出生登记" in find(window, QLabel, "lookup-item-0").text()
    assert find(window, QLineEdit, "lookup-number").text() == ""  # not one character reached the field
    assert find(window, QLineEdit, "lookup-code").text() == ""


def test_keys_at_a_persons_pace_reach_the_field(qtbot: QtBot, kiosk: Kiosk) -> None:
    window = kiosk.window
    window.activateWindow()
    window.visit.lookup_start()
    field = find(window, QLineEdit, "lookup-number")
    field.setFocus()
    device_keys(window, "HN2026", gap_ms=150)
    qtbot.waitUntil(lambda: field.text() == "HN2026")
    assert window.visit.state is State.LOOKUP and window.visit.status_answer is None
