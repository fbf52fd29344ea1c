"""What every screen shares: the context it reads and small layout helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

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


class NotReady(RuntimeError):
    """A screen asked for the session before the kiosk finished starting: a programming error."""


@dataclass
class UiContext:
    """What screens share. The session arrives just after the first frame (see ui.root.Kiosk)."""

    attached: CitizenSession | None = None
    lang: Language = "zh"
    notices: dict[str, Text] = field(default_factory=dict)

    @property
    def session(self) -> CitizenSession:
        if self.attached is None:
            raise NotReady("the kiosk is still starting")
        return self.attached

    @property
    def serving(self) -> bool:
        """A citizen is identified and being served."""
        return self.attached is not None and self.attached.active

    def tr(self, text: Text) -> str:
        return text(self.lang)


class Screen(QWidget):
    """A full-window page. ``refresh`` rebuilds its content for the current session and language."""

    name = "screen"

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName(f"screen-{self.name}")
        self.root = QVBoxLayout(self)
        self.root.setContentsMargins(64, 40, 64, 40)
        self.root.setSpacing(24)

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
        if widget is not None:
            widget.hide()
            widget.setParent(None)  # out of the window at once, not at the next event loop turn
            widget.deleteLater()
        else:
            child = item.layout()
            if child is not None:
                clear(child)
                child.deleteLater()


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
