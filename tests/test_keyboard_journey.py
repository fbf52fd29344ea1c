"""The whole birth journey typed only on the on-screen keyboard: fields are tapped, then keys and pinyin candidates.

No key event is ever sent to a text field: every character comes from a tap on the keyboard (ui/keyboard.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from cli.central_process import free_port
from kiosk.catalogue.model import FieldType
from kiosk.visit.clock import ManualTimers
from kiosk.visit.states import State
from tests.helpers.fingers import Fingers
from tests.test_ui import MOTHER, build, form_of, insert_card
from ui.demo import DEMO_PACKAGE, Journey, pick
from ui.root import Kiosk
from ui.widgets.fields import ChoiceEditor, DateEditor, SignatureEditor, TextEditor

# What the mother types, as she would say it: Chinese as pinyin, syllable by syllable, then the word she sees.
NAME = [("wang", "王"), ("xiao", "小"), ("he", "禾")]
FATHER = [("wang", "王"), ("jian", "建"), ("hua", "华")]
TYPED: dict[str, list[tuple[str, str]] | str] = {
    "contact.mobile": "13807310000",
    "contact.postal_code": "410011",
    "child.name": NAME,
    "child.birth_place": [("hunan", "湖南"), ("sheng", "省"), ("fuyou", "妇幼"), ("baojian", "保健"), ("yuan", "院")],
    "child.birth_weight": "3250",
    "child.birth_length": "50",
    "child.gestational_weeks": "39",
    "child.household_head": FATHER,
    "other_parent.name": FATHER,
    "other_parent.id_number": "430104198811230035",
    "other_parent.mobile": "13907310000",
}
TAPPED: dict[str, object] = {
    "child.sex": "F",
    "child.same_ethnicity": True,
    "child.hukou_with": "father",
    "child.relation_to_head": "daughter",
    "child.maternity_claim": False,
}


DIGITS = (FieldType.MOBILE, FieldType.POSTAL_CODE, FieldType.NUMBER)  # the fields of the digits layout
BORN = dt.timedelta(days=12)  # before today


def text_of(typed: list[tuple[str, str]] | str) -> str:
    return typed if isinstance(typed, str) else "".join(word for _pinyin, word in typed)


class KeyEvents(QObject):
    """Counts the key events from a keyboard (spontaneous ones, as QTest's are) that reach a text field. The
    on-screen keyboard's digits layouts deliver their keys as key events too, sent by Qt, not spontaneous."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) and isinstance(watched, QLineEdit) \
                and event.spontaneous():
            self.seen += 1
        return False


@pytest.fixture
def kiosk(qtbot: QtBot, tmp_path: Path) -> Iterator[Kiosk]:
    """An offline kiosk whose visit's time moves only when the test says so: no idle warning mid-typing."""
    yield from build(qtbot, tmp_path, f"http://127.0.0.1:{free_port()}", timers=ManualTimers())


class Citizen:
    """Taps on the window: fields, keys, candidates, date lists and buttons. Never a key event."""

    def __init__(self, qtbot: QtBot, kiosk: Kiosk) -> None:
        self.qtbot = qtbot
        self.window = kiosk.window
        assert kiosk.window.keyboard is not None
        self.keyboard = kiosk.window.keyboard
        self.fingers = Fingers(qtbot, self.keyboard)
        self.journey = Journey(kiosk, Path("."))

    def type_into(self, key: str, typed: list[tuple[str, str]] | str) -> None:
        editor = form_of(self.window).editors[key]
        assert isinstance(editor, TextEditor)
        self.qtbot.mouseClick(editor.edit, Qt.MouseButton.LeftButton)
        self.qtbot.waitUntil(lambda: self.keyboard.isVisible() and QApplication.focusWidget() is editor.edit)
        if isinstance(typed, str):
            if editor.spec.type in DIGITS:
                assert not set("abc") & set(self.fingers.keys(typed)), f"{key} shows letters"
            self.fingers.type(typed)
        else:
            for pinyin, word in typed:
                self.fingers.type(pinyin)
                self.fingers.choose(word)
        self.qtbot.waitUntil(lambda: editor.edit.text() == text_of(typed))

    def pick_date(self, key: str, day: dt.date) -> None:
        editor = form_of(self.window).editors[key]
        assert isinstance(editor, DateEditor)
        for part, value in (("year", day.year), ("month", day.month), ("day", day.day)):
            combo = self.window.findChild(QComboBox, f"{key}-{part}")
            assert combo is not None
            pick(combo, value)  # a tap on the list, then on the entry
            assert combo.currentData() == value
        assert editor.value == day.isoformat()

    def fill_step(self, today: dt.date) -> None:
        for key, editor in form_of(self.window).editors.items():
            if key in TYPED and isinstance(editor, TextEditor):
                self.type_into(key, TYPED[key])
            elif isinstance(editor, DateEditor) and key == "child.birth_date":
                self.pick_date(key, today - BORN)
            elif key in TAPPED and isinstance(editor, ChoiceEditor):
                value = TAPPED[key]
                self.journey.click(f"field-{key}-" + (("yes" if value else "no") if isinstance(value, bool) else
                                                      str(value)))
                self.qtbot.waitUntil(lambda: not self.keyboard.isVisible())  # away from text, the panel slides out
            elif isinstance(editor, SignatureEditor):
                self.journey.click(f"field-{key}")


def test_the_birth_journey_typed_only_on_the_on_screen_keyboard(qtbot: QtBot, kiosk: Kiosk) -> None:
    window = kiosk.window
    keys = KeyEvents()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(keys)
    insert_card(qtbot, kiosk, MOTHER)
    citizen = Citizen(qtbot, kiosk)
    citizen.journey.click("identity-continue")
    citizen.journey.click(f"package-{DEMO_PACKAGE}")
    today = kiosk.session.clock().date()
    while window.visit.state is State.FORM:
        citizen.fill_step(today)
        citizen.journey.click("form-next")
        assert not form_of(window).summary.isVisible()
    assert window.visit.state is State.REVIEW
    assert not citizen.keyboard.isVisible()
    citizen.journey.click("review-submit")
    qtbot.waitUntil(lambda: window.visit.print_result is not None, timeout=30_000)
    app.removeEventFilter(keys)
    assert keys.seen == 0

    [queued] = kiosk.store.due(dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    answers = queued.envelope["answers"]
    assert answers["child.name"] == "王小禾"
    for key, typed in TYPED.items():
        assert answers[key] == text_of(typed), key
    assert answers["child.birth_date"] == (today - BORN).isoformat()
    visit_data = citizen.keyboard.user_data
    citizen.journey.click("receipt-finish")
    qtbot.waitUntil(lambda: window.visit.state is State.HOME)
    assert not citizen.keyboard.isVisible() and not visit_data.exists()
