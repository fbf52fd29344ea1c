"""What every screen shares: the context it reads and small layout helpers."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QFrame, QLabel, QLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.i18n import Language, Text
from kiosk.session import CitizenSession


@dataclass
class UiContext:
    session: CitizenSession
    lang: Language = "zh"
    demo: bool = False
    notices: dict[str, Text] = field(default_factory=dict)

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


def label(text: str, role: str = "", *, wrap: bool = True, name: str = "") -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        widget.setProperty("role", role)
    if name:
        widget.setObjectName(name)
    return widget


def button(text: str, name: str, role: str = "") -> QPushButton:
    widget = QPushButton(text)
    widget.setObjectName(name)
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    if role:
        widget.setProperty("role", role)
    return widget


def panel(layout: QBoxLayout) -> QFrame:
    frame = QFrame()
    frame.setProperty("role", "panel")
    frame.setLayout(layout)
    layout.setContentsMargins(32, 24, 32, 24)
    return frame
