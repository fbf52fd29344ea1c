"""The on-screen keyboard (ui/keyboard.py), offscreen: keys are tapped where they are drawn."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtQml import QQmlExpression
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from cli.central_process import free_port
from kiosk.visit.states import State
from tests.test_ui import MOTHER, build, insert_card
from ui.keyboard import Keyboard
from ui.root import Kiosk
from ui.screens.base import UiContext

_KEYS = """(function () {
    var out = [];
    function walk(item) {
        if (item.hasOwnProperty("key") && item.hasOwnProperty("text") && item.visible && item.enabled) {
            var p = item.mapToItem(null, item.width / 2, item.height / 2);
            out.push([item.text, p.x, p.y]);
        }
        for (var i = 0; i < item.children.length; i++) walk(item.children[i]);
    }
    walk(keyboard);
    return JSON.stringify(out);
})()"""
_CANDIDATES = """(function () {
    var view = keyboard.wordCandidateView, model = inputContext.inputEngine.wordCandidateListModel, out = [];
    for (var i = 0; i < model.count; i++) {
        var item = view.itemAtIndex(i);
        var p = item ? item.mapToItem(null, item.width / 2, item.height / 2) : {x: -1, y: -1};
        out.push([model.data(model.index(i, 0), 0), p.x, p.y]);
    }
    return JSON.stringify(out);
})()"""


class Fingers:
    """Taps on the keyboard's keys, found where they are drawn; candidates picked through the engine."""

    def __init__(self, qtbot: QtBot, keyboard: Keyboard) -> None:
        self.qtbot = qtbot
        self.keyboard = keyboard

    def _eval(self, script: str) -> str:
        root = self.keyboard.rootObject()
        expression = QQmlExpression(self.keyboard.engine().contextForObject(root), root, script)
        value, _undefined = expression.evaluate()
        assert not expression.hasError(), expression.error().toString()
        return str(value)

    def keys(self) -> dict[str, QPoint]:
        """The keys drawn now, once the panel has stopped sliding and its layout stands still."""
        self.qtbot.waitUntil(lambda: self._eval("inputContext.animating") == "False")
        drawn = json.loads(self._still(_KEYS, lambda _drawn: True))
        return {text: QPoint(round(x), round(y)) for text, x, y in drawn if text}

    def _still(self, script: str, ready: Callable[[list[list[object]]], bool]) -> str:
        """What ``script`` finds once it stays the same for 100 ms: the keyboard slides and fades."""
        before = ""
        for _ in range(50):
            now = self._eval(script)
            if now == before and ready(json.loads(now)):
                return now
            before = now
            self.qtbot.wait(100)
        raise AssertionError(f"the keyboard never settled: {now[:200]}")

    def tap(self, point: QPoint) -> None:
        self.qtbot.mouseClick(self.keyboard, Qt.MouseButton.LeftButton, pos=point)
        QApplication.processEvents()

    def type(self, text: str) -> None:
        keys = self.keys()
        for char in text:
            self.tap(keys[char])

    def choose(self, word: str) -> None:
        """Pick the candidate ``word`` through the engine's list (taps on the candidate bar land on keys offscreen)."""
        drawn = json.loads(self._still(_CANDIDATES, lambda listed: any(text == word for text, *_at in listed)))
        index = next(i for i, (text, *_at) in enumerate(drawn) if text == word)
        self._eval(f"inputContext.inputEngine.wordCandidateListModel.selectItem({index})")
        QApplication.processEvents()

    def first_candidate(self) -> str:
        candidates = json.loads(self._eval(_CANDIDATES))
        return str(candidates[0][0]) if candidates else ""


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


@pytest.mark.parametrize(("hints", "present", "absent"), [
    (Qt.InputMethodHint.ImhDigitsOnly, set("0123456789"), set("aX-")),
    (Qt.InputMethodHint.ImhFormattedNumbersOnly, set("0123456789-"), set("a")),
])
def test_number_fields_get_a_digits_layout(qtbot: QtBot, field: tuple[QLineEdit, Keyboard, QWidget],
                                           hints: Qt.InputMethodHint, present: set[str], absent: set[str]) -> None:
    edit, keyboard, _window = field
    edit.setInputMethodHints(hints)
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(keyboard.isVisible)
    keys = set(Fingers(qtbot, keyboard).keys())
    assert present <= keys
    assert not absent & keys


@pytest.fixture
def kiosk(qtbot: QtBot, tmp_path: Path) -> Iterator[Kiosk]:
    yield from build(qtbot, tmp_path, f"http://127.0.0.1:{free_port()}")  # nothing listens there


def test_the_window_gives_each_visit_a_fresh_keyboard(qtbot: QtBot, kiosk: Kiosk) -> None:
    window = kiosk.window
    insert_card(qtbot, kiosk, MOTHER)
    visit_data = window.keyboard.user_data
    window.visit.end()
    qtbot.waitUntil(lambda: window.visit.state is State.HOME)
    assert not visit_data.exists()
    assert window.keyboard.user_data.is_dir()
    assert not window.keyboard.isVisible()
