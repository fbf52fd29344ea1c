"""The top bar: the kiosk's title and hall, and the controls every screen shares (language, end)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout

from kiosk.i18n import Text
from ui.screens.base import UiContext, button, label

TITLE = Text("政务服务自助终端", "Government self-service kiosk")
OTHER_LANGUAGE = Text("English", "中文")
END = Text("结束办理", "End")


class TopBar(QFrame):
    def __init__(self, ctx: UiContext, hall: Text, *, on_language: Callable[[], None],
                 on_end: Callable[[], None]) -> None:
        super().__init__()
        self.ctx = ctx
        self.hall = hall
        self.setProperty("role", "topbar")
        row = QHBoxLayout(self)
        row.setContentsMargins(32, 12, 32, 12)
        self.title = label("", "title", wrap=False, plain=False)
        row.addWidget(self.title, 1)
        self.language_button = button("", "toggle-language")
        self.language_button.clicked.connect(on_language)
        row.addWidget(self.language_button)
        self.end_button = button("", "end-session")
        self.end_button.clicked.connect(on_end)
        row.addWidget(self.end_button)

    def refresh(self) -> None:
        self.title.setText(f"{self.ctx.tr(TITLE)} · {self.ctx.tr(self.hall)}")
        self.language_button.setText(self.ctx.tr(OTHER_LANGUAGE))
        self.end_button.setText(self.ctx.tr(END))
        self.end_button.setVisible(self.ctx.serving)
