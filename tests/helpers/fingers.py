"""A finger on the on-screen keyboard (ui/keyboard.py): keys and pinyin candidates are tapped where they are drawn.

QML layouts place their keys when the scene is laid out for its next frame: read before that (just after a
layout switch), every key of the digits layout sits at the same point. So each look first lays the scene out,
as the next frame would, and looks again until two looks agree: the words on the candidate bar slide up, the
widget grows to fit the bar on a pinyin field.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtQml import QQmlExpression
from pytestqt.qtbot import QtBot

from ui.keyboard import Keyboard

Drawn = list[list[object]]  # [text, x, y] of each key or candidate, in the keyboard widget's coordinates

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
# The candidates on the bar, [text, x, y] each, then where the bar is: ["", its y, its height].
_CANDIDATES = """(function () {
    var view = keyboard.wordCandidateView, model = inputContext.inputEngine.wordCandidateListModel, out = [];
    for (var i = 0; i < model.count; i++) {
        var item = view.itemAtIndex(i);
        var p = item ? item.mapToItem(null, item.width / 2, item.height / 2) : {x: -1, y: -1};
        out.push([model.data(model.index(i, 0), 0), p.x, p.y]);
    }
    out.push(["", view.y, view.height]);
    return JSON.stringify(out);
})()"""
_EXTRA_KEY = """(function () {
    for (var i = 0; i < children.length; i++) {
        var item = children[i];
        if (item.objectName === "extraKey" && item.visible) {
            var p = item.mapToItem(null, 0, 0);
            return JSON.stringify([p.x, p.y, item.width, item.height]);
        }
    }
    return "null";
})()"""
# Lays out what the next frame would show: each item's pending polish (QML layouts place their items then).
_POLISH = """(function () {
    function walk(item) {
        item.ensurePolished();
        for (var i = 0; i < item.children.length; i++) walk(item.children[i]);
    }
    walk(keyboard);
    return "";
})()"""


class Fingers:
    """Taps on the keyboard's keys and on its candidate bar, as a citizen would."""

    def __init__(self, qtbot: QtBot, keyboard: Keyboard) -> None:
        self.qtbot = qtbot
        self.keyboard = keyboard

    def _eval(self, script: str) -> str:
        root = self.keyboard.rootObject()
        expression = QQmlExpression(self.keyboard.engine().contextForObject(root), root, script)
        value, _undefined = expression.evaluate()
        assert not expression.hasError(), expression.error().toString()
        return str(value)

    def _drawn(self, script: str, ready: Callable[[Drawn], bool]) -> Drawn:
        """What ``script`` finds, once ``ready`` and the same in two looks 50 ms apart, the widget's height too."""
        before: tuple[str, int] | None = None
        for _ in range(100):
            self._eval(_POLISH)
            now = (self._eval(script), self.keyboard.height())
            drawn: Drawn = json.loads(now[0])
            if now == before and ready(drawn):
                return drawn
            before = now
            self.qtbot.wait(50)
        raise AssertionError(f"the keyboard never settled: {before}")

    def keys(self, needed: str = "") -> dict[str, QPoint]:
        """The keys drawn now, by their text, once those ``needed`` are there (a new field's layout is)."""
        self.qtbot.waitUntil(lambda: self._eval("inputContext.animating") == "False")
        drawn = self._drawn(_KEYS, lambda keys: set(needed) <= {text for text, *_at in keys})
        return {str(text): QPoint(round(float(x)), round(float(y)))  # type: ignore[arg-type]
                for text, x, y in drawn if text}

    def tap(self, point: QPoint) -> None:
        self.qtbot.mouseClick(self.keyboard, Qt.MouseButton.LeftButton, pos=point)

    def type(self, text: str) -> None:
        keys = self.keys(text)
        for char in text:
            self.tap(keys[char])

    def extra_key(self) -> QRect | None:
        """Where the key beside the panel is (an ID number's X), if it shows."""
        at = json.loads(self._eval(_EXTRA_KEY))
        return QRect(*(round(float(n)) for n in at)) if at else None

    def candidates(self) -> list[str]:
        return [str(text) for text, *_at in json.loads(self._eval(_CANDIDATES))[:-1]]

    def choose(self, word: str) -> None:
        """Tap ``word`` on the candidate bar, once the bar is in place and its words stand still."""
        def listed(drawn: Drawn) -> bool:
            *words, (_bar, y, height) = drawn
            return float(y) == -float(height) and any(text == word for text, *_at in words)  # type: ignore[arg-type]

        words = self._drawn(_CANDIDATES, listed)[:-1]
        _text, x, y = next(at for at in words if at[0] == word)
        assert 0 <= float(x) <= self.keyboard.width(), f"{word} is off the bar: a finger would swipe"  # type: ignore[arg-type]
        self.tap(QPoint(round(float(x)), round(float(y))))  # type: ignore[arg-type]

    def first_candidate(self) -> str:
        words = self.candidates()
        return words[0] if words else ""
