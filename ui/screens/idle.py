"""The 'are you still there?' overlay: a countdown with one big button to continue (WCAG 2.2.1)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.visit.prompts import CONTINUE, COUNTDOWN, STILL_THERE
from ui.screens.base import UiContext, button, label


class IdleOverlay(QFrame):
    """Shown over the screen while the visit is in ``State.IDLE_WARNING``; the visit counts down."""

    name = "idle-warning"

    def __init__(self, ctx: UiContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("idle-overlay")
        self.setStyleSheet("QFrame#idle-overlay { background: rgba(0, 0, 0, 150); }")
        outer = QVBoxLayout(self)
        row = QHBoxLayout()
        self.card = QFrame()
        self.card.setObjectName("idle-card")
        self.card.setProperty("role", "panel")
        self.card.setMinimumWidth(900)
        row.addStretch(1)
        row.addWidget(self.card)
        row.addStretch(1)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        self.box = QVBoxLayout(self.card)
        self.box.setContentsMargins(48, 40, 48, 40)
        self.box.setSpacing(24)
        self.title = label("", "title", plain=False)
        self.text = label("", name="idle-countdown", plain=False)
        self.go_on = button("", "idle-continue", "primary")
        self.go_on.clicked.connect(lambda: self.ctx.visit.still_here())
        for widget in (self.title, self.text, self.go_on):
            self.box.addWidget(widget)
        self.hide()

    def show_over(self) -> None:
        self.show_countdown()
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()

    def show_countdown(self) -> None:
        self.title.setText(self.ctx.tr(STILL_THERE))
        self.text.setText(self.ctx.tr(COUNTDOWN.format(seconds=self.ctx.visit.idle_remaining)))
        self.go_on.setText(self.ctx.tr(CONTINUE))
