"""A child process that measures the on-screen keyboard: ``python -m bench.keyboard_probe candidates N``.

Prints one JSON line: N rounds on the kiosk window's baby's-name field, the two kinds of tap alternating:

- ``pinyin_ms``: a tap on w, a, n, g of the pinyin layout until the frame showing the candidates for the
  letters so far is rendered (the candidate bar stays in place, empty between words);
- ``plain_ms``, the floor: the same taps on the English layout, which has no engine behind its keys (a tap
  commits the letter), until the keyboard's frame after the tap is rendered. Same widget, same finger, same
  frame: what is left is the pinyin engine's search and the candidate bar.

Offscreen there is no screen refresh to wait for, so the frame is rendered on the spot (``grabFramebuffer``),
not on the widget's own timer: the time includes laying the scene out and rendering it, as the screen's next
refresh would. A frame is "showing the candidates" once they are listed on the bar, in its place, and the
widget has its height.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlExpression
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from bench.ui_probe import card, kiosk_window, settle, until
from kiosk.visit.states import State
from ui.demo import DEMO_PACKAGE, demo_answers
from ui.keyboard import LOCALES, Keyboard
from ui.screens.form import FormScreen
from ui.widgets.fields import TextEditor

WORD = "wang"
_KEYS = """(function () {
    var out = {};
    function walk(item) {
        item.ensurePolished();
        if (item.hasOwnProperty("key") && item.hasOwnProperty("text") && item.visible && item.enabled) {
            var p = item.mapToItem(null, item.width / 2, item.height / 2);
            out[item.text] = [Math.round(p.x), Math.round(p.y)];
        }
        for (var i = 0; i < item.children.length; i++) walk(item.children[i]);
    }
    walk(keyboard);
    return JSON.stringify(out);
})()"""
_STATE = """[inputContext.locale, inputContext.preeditText, keyboard.wordCandidateView.count,
    keyboard.wordCandidateView.y, keyboard.wordCandidateView.height, implicitHeight].join("|")"""


def evaluate(keyboard: Keyboard, script: str) -> str:
    root = keyboard.rootObject()
    expression = QQmlExpression(keyboard.engine().contextForObject(root), root, script)
    value, _undefined = expression.evaluate()
    if expression.hasError():
        raise RuntimeError(f"bench.keyboard_probe: {expression.error().toString()}")
    return str(value)


def listed(keyboard: Keyboard) -> str:
    """The pinyin typed so far, once candidates for it are listed on the bar, in its place, and the keyboard
    has the height to show it."""
    _locale, preedit, count, bar_y, bar_height, height = evaluate(keyboard, _STATE).split("|")
    shown = float(bar_y) == -float(bar_height) and keyboard.height() == round(float(height))
    return preedit if count != "0" and shown else ""


def name_field(form: FormScreen) -> QLineEdit:
    editor = form.editors["child.name"]
    assert isinstance(editor, TextEditor)
    return editor.edit


def key_at(keyboard: Keyboard, text: str) -> QPoint:
    """Where the key ``text`` is now: each layout places its own."""
    x, y = json.loads(evaluate(keyboard, _KEYS))[text]
    return QPoint(x, y)


def tap_ms(keyboard: Keyboard, point: QPoint, shown: Callable[[], str], expected: str) -> float:
    """Milliseconds from a tap at ``point`` until ``shown`` gives ``expected`` and the frame is rendered."""
    settle()
    start = time.perf_counter()
    QTest.mouseClick(keyboard, Qt.MouseButton.LeftButton, pos=point)
    until(f"{expected!r} to show", lambda: shown() == expected)
    frame = keyboard.grabFramebuffer()
    elapsed = (time.perf_counter() - start) * 1000
    if frame.isNull():
        raise RuntimeError("bench.keyboard_probe: the keyboard rendered no frame")
    return elapsed


def taps(keyboard: Keyboard, edit: QLineEdit, locale: str) -> list[float]:
    """Each tap on the letters of WORD, on the layout of ``locale``; then what was typed is dropped."""
    keyboard.settings.setProperty("locale", locale)
    until(f"the {locale} layout", lambda: evaluate(keyboard, _STATE).startswith(locale + "|"))
    settle()
    # Pinyin shows what was typed with its candidates; English types a field's first letter as a capital.
    shown: Callable[[], str] = (functools.partial(listed, keyboard) if locale == LOCALES["zh"]
                                else lambda: edit.text().lower())
    times = [tap_ms(keyboard, key_at(keyboard, WORD[n - 1]), shown, WORD[:n]) for n in range(1, len(WORD) + 1)]
    QGuiApplication.inputMethod().reset()
    edit.clear()
    settle()
    return times


def candidates(rounds: int) -> dict[str, list[float]]:
    config_home = tempfile.mkdtemp(prefix="bench-keyboard-")  # where pinyin would keep a user dictionary
    os.environ["XDG_CONFIG_HOME"] = config_home
    try:
        return _rounds(rounds)
    finally:
        shutil.rmtree(config_home, ignore_errors=True)


def _rounds(rounds: int) -> dict[str, list[float]]:
    pinyin_ms: list[float] = []
    plain_ms: list[float] = []
    with kiosk_window() as kiosk:
        window = kiosk.window
        card(kiosk)
        until("the identity screen", lambda: window.visit.state is State.IDENTIFIED)
        visit = window.visit
        visit.proceed()
        visit.choose(DEMO_PACKAGE)
        for key, value in demo_answers(kiosk.session.clock().date()).items():
            if key != "child.name":
                visit.answer(key, value)
        form = window.screens["form"]
        assert isinstance(form, FormScreen)
        while "child.name" not in form.editors:
            if visit.next_step():
                raise RuntimeError("bench.keyboard_probe: the demo answers fail a step")
            settle()
        keyboard = window.keyboard
        assert keyboard is not None
        edit = name_field(form)
        QTest.mouseClick(edit, Qt.MouseButton.LeftButton)
        until("the keyboard", keyboard.isVisible)
        for _ in range(rounds + 1):  # the first round warms up
            pinyin_ms += taps(keyboard, edit, LOCALES["zh"])
            plain_ms += taps(keyboard, edit, LOCALES["en"])
    return {"pinyin_ms": pinyin_ms[len(WORD):], "plain_ms": plain_ms[len(WORD):]}


if __name__ == "__main__":
    print(json.dumps(candidates(int(sys.argv[2]))), flush=True)
    os._exit(0)  # no interpreter shutdown: see bench.ui_probe
