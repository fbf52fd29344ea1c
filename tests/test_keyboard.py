"""The on-screen keyboard (ui/keyboard.py), offscreen: keys are tapped where they are drawn."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtQml import QQmlExpression
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from cli.central_process import free_port
from kiosk.catalogue.model import FieldType
from kiosk.forms import validators
from kiosk.visit.states import State
from tests.helpers.fingers import Fingers
from tests.test_ui import MOTHER, build, form_of, insert_card
from ui.demo import DEMO_PACKAGE, demo_answers
from ui.keyboard import Keyboard, fit_keys
from ui.root import Kiosk
from ui.screens.base import UiContext
from ui.style import MIN_TARGET_MM, MM_PER_PX, WINDOW_SIZE
from ui.widgets.fields import TextEditor


@pytest.fixture
def field(qtbot: QtBot) -> Iterator[tuple[QLineEdit, Keyboard, QWidget]]:
    window = QWidget()
    column = QVBoxLayout(window)
    edit = QLineEdit()
    column.addWidget(edit)
    column.addWidget(QPushButton("next"))
    keyboard = Keyboard(window, UiContext())
    column.addWidget(keyboard)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit)
    yield edit, keyboard, window
    keyboard.forget()


def test_the_next_citizen_is_never_offered_the_last_ones_words(
        qtbot: QtBot, field: tuple[QLineEdit, Keyboard, QWidget]) -> None:
    edit, keyboard, _window = field
    fingers = Fingers(qtbot, keyboard)
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(keyboard.isVisible)
    fingers.type("wangxiaohe")
    assert fingers.first_candidate() != "王小禾"
    for char in "王小禾":  # picked piece by piece: what an engine that learns would remember as one phrase
        fingers.choose(char)
    assert edit.text() == "王小禾"
    visit_data = keyboard.user_data
    keyboard.new_visit()
    assert not visit_data.exists()
    assert not keyboard.isVisible()
    edit.clear()
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(keyboard.isVisible)
    fingers.type("wangxiaohe")
    assert fingers.first_candidate() != "王小禾"


def test_the_panel_slides_out_away_from_text_and_a_physical_keyboard_still_types(
        qtbot: QtBot, field: tuple[QLineEdit, Keyboard, QWidget]) -> None:
    edit, keyboard, window = field
    button = window.findChild(QPushButton)
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not keyboard.isVisible())
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(keyboard.isVisible)
    qtbot.keyClicks(edit, "430104198811230035")  # a barcode wedge types like a keyboard
    assert edit.text() == "430104198811230035"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not keyboard.isVisible())


@pytest.mark.parametrize(("field_type", "present", "absent"), [
    (FieldType.MOBILE, set("0123456789"), set("aX-")),
    (FieldType.RESIDENT_ID, set("0123456789"), set("aX-")),  # its X is a key of its own beside the panel
    (FieldType.SOCIAL_CREDIT_CODE, set("0123456789"), set("a")),  # digits first, the letters a tap away
])
def test_number_fields_get_a_digits_layout(qtbot: QtBot, field: tuple[QLineEdit, Keyboard, QWidget],
                                           field_type: FieldType, present: set[str], absent: set[str]) -> None:
    _edit, keyboard, window = field
    _tap_new_field(qtbot, window, field_type)
    qtbot.waitUntil(keyboard.isVisible)
    fingers = Fingers(qtbot, keyboard)
    keys = set(fingers.keys("".join(present)))
    assert present <= keys
    assert not absent & keys
    assert (fingers.extra_key() is not None) == (field_type is FieldType.RESIDENT_ID)


def test_an_id_number_is_typed_with_its_x(qtbot: QtBot, field: tuple[QLineEdit, Keyboard, QWidget]) -> None:
    """The digits layout, and a large X beside the panel while an ID number is edited; gone for a mobile number."""
    _edit, keyboard, window = field
    edit = _tap_new_field(qtbot, window, FieldType.RESIDENT_ID)
    qtbot.waitUntil(keyboard.isVisible)
    fingers = Fingers(qtbot, keyboard)
    fingers.type("43010519900101100")
    x_key = fingers.extra_key()
    assert x_key is not None and min(x_key.width(), x_key.height()) * MM_PER_PX >= MIN_TARGET_MM
    fingers.tap(x_key.center())
    assert edit.text() == "43010519900101100X"
    assert validators.resident_id(edit.text(), dt.date(2026, 1, 1)) is None
    _tap_new_field(qtbot, window, FieldType.MOBILE)
    assert fingers.extra_key() is None


def _tap_new_field(qtbot: QtBot, window: QWidget, field_type: FieldType) -> QLineEdit:
    """A field of ``field_type`` under the others, tapped; the keyboard shows."""
    edit = QLineEdit()
    fit_keys(edit, field_type)
    layout = window.layout()
    assert isinstance(layout, QVBoxLayout)
    layout.insertWidget(1, edit)  # above the keyboard
    qtbot.waitUntil(edit.isVisible)
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit)
    return edit


@pytest.fixture
def kiosk(qtbot: QtBot, tmp_path: Path) -> Iterator[Kiosk]:
    yield from build(qtbot, tmp_path, f"http://127.0.0.1:{free_port()}")  # nothing listens there


def test_the_window_gives_each_visit_a_fresh_keyboard(qtbot: QtBot, kiosk: Kiosk) -> None:
    window = kiosk.window
    insert_card(qtbot, kiosk, MOTHER)
    keyboard = window.keyboard
    assert keyboard is not None
    visit_data = keyboard.user_data
    window.visit.end()
    qtbot.waitUntil(lambda: window.visit.state is State.HOME)
    assert not visit_data.exists()
    assert keyboard.user_data.is_dir()
    assert not keyboard.isVisible()


def _on_screen(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def _settle(qtbot: QtBot, keyboard: Keyboard) -> None:
    """Until the panel has slid in, grown to its height and stood still for 200 ms, the screens above shrunk."""
    seen: list[tuple[int, ...]] = []

    def still() -> bool:
        at = keyboard.geometry()
        seen.append((at.y(), at.height(), round(keyboard.rootObject().implicitHeight())))
        return len(seen) > 20 and len(set(seen[-20:])) == 1 and 0 < at.height() == seen[-1][2]

    qtbot.waitUntil(still)


def _key_sizes_mm(keyboard: Keyboard) -> list[float]:
    """The smaller side of every key and pinyin candidate drawn, in mm on the kiosk's screen."""
    root = keyboard.rootObject()
    expression = QQmlExpression(keyboard.engine().contextForObject(root), root, _KEY_SIZES)
    value, _undefined = expression.evaluate()
    assert not expression.hasError(), expression.error().toString()
    return [side * MM_PER_PX for side in json.loads(str(value))]


_KEY_SIZES = """(function () {
    var out = [];
    function walk(item) {
        if (item.hasOwnProperty("key") && item.visible && item.enabled) out.push(Math.min(item.width, item.height));
        for (var i = 0; i < item.children.length; i++) walk(item.children[i]);
    }
    walk(keyboard);
    var bar = keyboard.wordCandidateView;
    for (var i = 0; i < bar.count; i++) {
        var word = bar.itemAtIndex(i);
        if (word) out.push(Math.min(word.width, word.height));
    }
    return JSON.stringify(out);
})()"""


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder"])
def test_the_panel_never_covers_the_field_being_edited(qtbot: QtBot, kiosk: Kiosk, elder: bool) -> None:
    """The last text field of the longest step, near the bottom of the form: tapped, it stays in sight above the
    panel, and the panel stays inside the window with keys a finger can hit."""
    window = kiosk.window
    insert_card(qtbot, kiosk, MOTHER)
    window.modes.set(elder=elder)  # the top bar's 长辈版
    window.visit.proceed()
    window.visit.choose(DEMO_PACKAGE)
    for key, value in demo_answers(kiosk.session.clock().date()).items():
        if not key.startswith("child."):
            window.visit.answer(key, value)
    while window.visit.current_step().key != "child":
        assert not window.visit.next_step()
    editors = [e for e in form_of(window).editors.values() if isinstance(e, TextEditor) and not e.edit.isReadOnly()]
    edit = editors[-1].edit
    area = edit.parentWidget()
    while not isinstance(area, QScrollArea):
        assert area is not None
        area = area.parentWidget()
    area.ensureWidgetVisible(edit)  # the citizen scrolls down to it
    keyboard = window.keyboard
    assert keyboard is not None and not keyboard.isVisible()
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(keyboard.isVisible)
    heights = []
    for typed in ("", "wang"):  # pinyin's candidate bar is above the keys, empty until a letter is typed
        keyboard.type_keys(typed)
        _settle(qtbot, keyboard)
        heights.append(keyboard.height())
        panel, field = _on_screen(keyboard), _on_screen(edit)
        assert window.size() == QSize(*WINDOW_SIZE)
        assert _on_screen(window).contains(panel), (panel, window.geometry())
        assert field.bottom() < panel.top(), (field, panel)
        assert _on_screen(area.viewport()).contains(field), (field, _on_screen(area.viewport()))
        assert panel.height() <= WINDOW_SIZE[1] * 0.42
        assert min(_key_sizes_mm(keyboard)) >= MIN_TARGET_MM
    assert heights[0] == heights[1]  # the panel does not jump at a word's first letter


def test_the_first_frame_does_not_wait_for_qt_quick() -> None:
    """The keyboard's Qt Quick (and the catalogue model it imports) cost ~60 ms and ~35 MB before the home screen
    showed: the window builds the keyboard in attach, once the kiosk is ready (bench row startup.first_frame)."""
    code = "import sys, ui.root; print([m for m in ('ui.keyboard', 'PySide6.QtQuickWidgets') if m in sys.modules])"
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert result.stdout.strip() == "[]"
