"""What every screen shares: the context it reads and small layout helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import Language, Text

if TYPE_CHECKING:
    from kiosk.session import CitizenSession
    from kiosk.visit.desk import Desk
    from kiosk.visit.machine import Visit
    from kiosk.visit.states import State


class NotReady(RuntimeError):
    """A screen asked for the visit before the kiosk finished starting: a programming error."""


@dataclass
class UiContext:
    """What screens share. The desk arrives just after the first frame (see ui.root.Kiosk)."""

    desk: Desk | None = None
    lang: Language = "zh"
    out_of_service: bool = False  # the kiosk could not start: the home screen says so
    # How this visit is shown and heard; each starts over for the next citizen.
    elder: bool = False  # 长辈版: everything larger, one question per row, voice on
    high_contrast: bool = False
    voice: bool = False
    # Says lines aloud when this citizen has the voice on (ui.voiceguide sets it); silent until then.
    announce: Callable[[list[str]], None] = lambda lines: None

    @property
    def visit(self) -> Visit:
        if self.desk is None:
            raise NotReady("the kiosk is still starting")
        return self.desk.visit

    @property
    def session(self) -> CitizenSession:
        return self.visit.session

    @property
    def serving(self) -> bool:
        """A citizen is identified and being served."""
        return self.desk is not None and self.desk.session.active

    def tr(self, text: Text) -> str:
        return text(self.lang)


class Screen(QWidget):
    """A full-window page: a view of the visit in one of ``states``. ``refresh`` renders it again;
    buttons send intents to the visit."""

    name = "screen"
    states: frozenset[State] = frozenset()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName(f"screen-{self.name}")
        self.root = QVBoxLayout(self)
        self.root.setContentsMargins(64, 40, 64, 40)
        self.root.setSpacing(24)

    @property
    def visit(self) -> Visit:
        return self.ctx.visit

    def enter(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError


def clear(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        child = item.layout()
        if widget is not None:
            widget.hide()
            widget.setParent(None)  # out of the window at once, not at the next event loop turn
            widget.deleteLater()
        if child is not None:  # the item is the layout
            clear(child)
            child.deleteLater()
        else:  # a taken item is ours to delete (a widget's holder, a stretch): PySide does not
            shiboken6.delete(item)


def label(
    text: str, role: str = "", *, wrap: bool = True, name: str = "", centre: bool = False, plain: bool = True
) -> QLabel:
    """A label. ``plain`` (the default) never interprets markup: use it for anything a citizen typed.

    Our own fixed texts may pass ``plain=False``: the home screen does, because touching
    PySide6's ``Qt`` namespace creates ~90 Python enums (30 ms) before the first frame.
    """
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    if plain:
        from PySide6.QtCore import Qt

        widget.setTextFormat(Qt.TextFormat.PlainText)
    if centre:
        widget.setProperty("centre", True)  # the style sheet centres it
    if role:
        widget.setProperty("role", role)
    if name:
        widget.setObjectName(name)
    return widget


def button(text: str, name: str, role: str = "") -> QPushButton:
    widget = QPushButton(text)
    widget.setObjectName(name)
    if role:
        widget.setProperty("role", role)
    return widget


def panel(layout: QBoxLayout) -> QFrame:
    frame = QFrame()
    frame.setProperty("role", "panel")
    frame.setLayout(layout)
    layout.setContentsMargins(32, 24, 32, 24)
    return frame


def scrolling(body: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(body)
    return area


def action_row(secondary: QPushButton | None, primary: QPushButton) -> QHBoxLayout:
    """The bottom row every screen shares: a secondary action on the left, the primary on the right."""
    row = QHBoxLayout()
    if secondary is not None:
        row.addWidget(secondary)
    row.addStretch(1)
    row.addWidget(primary)
    return row
