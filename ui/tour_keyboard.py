"""The screen tour's keyboard screens: the on-screen keyboard on the form, as a citizen uses it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from ui.demo import pump
from ui.keyboard import LOCALES
from ui.screens.form import FormScreen
from ui.widgets.fields import DateEditor, TextEditor

if TYPE_CHECKING:
    from kiosk.visit.machine import Visit
    from ui.window import KioskWindow

# (field, what the citizen has typed so far, screen), in the order of the form's steps.
TYPED = (
    ("contact.mobile", "138", "keyboard-digits"),
    ("child.name", "wang", "keyboard-pinyin"),  # pinyin: the candidates show
    ("other_parent.id_number", "4301", "keyboard-id"),
)
PICKED = ("child.birth_date", "keyboard-date")  # dates are picked, not typed
SLIDE_MS = 250  # the candidates slide up into their bar
Save = Callable[[str, QWidget | None], None]


def keyboard_screens(window: KioskWindow, answers: dict[str, object], save: Save) -> None:
    """Show each field of TYPED being typed on the keyboard, and the date picker open; the form is the demo's."""
    visit = window.visit
    form = window.screens["form"]
    assert isinstance(form, FormScreen) and window.keyboard is not None
    for key, value in answers.items():
        visit.answer(key, value)
    window.activateWindow()  # the keyboard types into the active window's field
    for key, keys, name in TYPED:
        _reach(visit, key)
        visit.answer(key, "")
        form.refresh()
        editor = form.editors[key]
        assert isinstance(editor, TextEditor)
        editor.edit.setFocus()
        QGuiApplication.inputMethod().show()  # what a tap on the field does
        _until(window.keyboard.ready)
        if name == "keyboard-pinyin":  # a Chinese name, in English too: the globe key switches to pinyin
            window.keyboard.settings.setProperty("locale", LOCALES["zh"])
        pump(150)  # the layout for the field's keys replaces the last one's
        _until(window.keyboard.ready)
        window.keyboard.type_keys(keys)
        pump(SLIDE_MS)
        save(name, None)
        QGuiApplication.inputMethod().reset()  # what was typed but not chosen is dropped
        QGuiApplication.inputMethod().hide()
        visit.answer(key, answers[key])
        if PICKED[0] in form.editors:
            _pick(form, save)
    visit.end()


def _until(done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 10
    while not done():
        if time.monotonic() > deadline:
            raise RuntimeError("screen tour: the on-screen keyboard did not come up")
        pump(10)


def _reach(visit: Visit, key: str) -> None:
    while key not in {f.key for f in visit.current_step().fields}:
        if visit.next_step():
            raise RuntimeError(f"screen tour: the demo answers fail step {visit.current_step().key}")


def _pick(form: FormScreen, save: Save) -> None:
    """The year of a date, its list open."""
    form.refresh()
    picker = form.editors[PICKED[0]]
    assert isinstance(picker, DateEditor)
    picker.year.setFocus()
    picker.year.showPopup()
    pump(150)
    save(PICKED[1], picker.year.view().window())
    picker.year.hidePopup()
