"""The top bar: the kiosk's title and hall, and the controls every screen shares (language, 长辈版,
high contrast, end)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton

from kiosk.i18n import Text
from ui.screens.base import UiContext, button, label

if TYPE_CHECKING:
    from ui.modes import Modes

TITLE = Text("政务服务自助终端", "Government self-service kiosk")
OTHER_LANGUAGE = Text("English", "中文")
END = Text("结束办理", "End")
ELDER = Text("长辈版", "Elder mode")
CONTRAST = Text("高对比度", "High contrast")


class TopBar(QFrame):
    def __init__(self, ctx: UiContext, hall: Text, *, on_language: Callable[[], None],
                 on_end: Callable[[], None], modes: Modes) -> None:
        super().__init__()
        self.ctx = ctx
        self.hall = hall
        self.setProperty("role", "topbar")
        row = QHBoxLayout(self)
        row.setContentsMargins(32, 12, 32, 12)
        self.title = label("", "title", wrap=False, plain=False)
        self.title.setMinimumWidth(1)  # a long hall name is cut, never widens the window
        row.addWidget(self.title, 1)
        self.language_button = button("", "toggle-language")
        self.language_button.clicked.connect(on_language)
        row.addWidget(self.language_button)
        self.elder_button = _toggle("toggle-elder", modes.toggle_elder)
        self.contrast_button = _toggle("toggle-contrast", modes.toggle_contrast)
        row.addWidget(self.elder_button)
        row.addWidget(self.contrast_button)
        self.end_button = button("", "end-session")
        self.end_button.clicked.connect(on_end)
        row.addWidget(self.end_button)

    def refresh(self) -> None:
        self.title.setText(f"{self.ctx.tr(TITLE)} · {self.ctx.tr(self.hall)}")
        self.language_button.setText(self.ctx.tr(OTHER_LANGUAGE))
        self.elder_button.setText(self.ctx.tr(ELDER))
        self.elder_button.setChecked(self.ctx.elder)
        self.contrast_button.setText(self.ctx.tr(CONTRAST))
        self.contrast_button.setChecked(self.ctx.high_contrast)
        self.end_button.setText(self.ctx.tr(END))
        self.end_button.setVisible(self.ctx.serving)


def _toggle(name: str, toggled: Callable[[], None]) -> QPushButton:
    widget = button("", name)
    widget.setCheckable(True)
    widget.clicked.connect(lambda _checked=False: toggled())
    return widget
