"""呼叫工作人员: the top bar's button sends a call (the screen's name only), and this overlay says staff are on the
way until the platform says they saw it, or the citizen cancels. The call itself is the desk's (kiosk.visit.calls)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.i18n import Text
from ui.screens.base import UiContext, button, label

if TYPE_CHECKING:
    from ui.topbar import TopBar

COMING = Text("工作人员正在赶来", "Staff are on the way")
STAY = Text("请在此稍候，工作人员会到这台终端来帮您。", "Please wait here: a member of staff is coming to this kiosk.")
SEEN = Text("工作人员已收到呼叫，马上就到", "Staff have seen your call and are coming now")
CANCEL = Text("取消呼叫", "Cancel the call")


class CallOverlay(QFrame):
    """Over the screens while a call is being sent, waits, or was just acknowledged; redrawn as the call changes."""

    def __init__(self, ctx: UiContext, bar: TopBar, parent: QWidget | None, screen: Callable[[], str]) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("call-overlay")
        self.setStyleSheet("QFrame#call-overlay { background: rgba(0, 0, 0, 150); }")
        outer = QVBoxLayout(self)
        row = QHBoxLayout()
        card = QFrame()
        card.setProperty("role", "panel")
        card.setMinimumWidth(900)
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        box = QVBoxLayout(card)
        box.setContentsMargins(48, 40, 48, 40)
        box.setSpacing(24)
        self.title = label("", "title", name="call-title", centre=True)
        self.text = label("", name="call-text", centre=True)
        self.cancel = button("", "call-cancel")
        self.cancel.clicked.connect(lambda: self.ctx.desk.calls.cancel() if self.ctx.desk else None)
        for widget in (self.title, self.text, self.cancel):
            box.addWidget(widget)
        bar.call_button.clicked.connect(lambda: self.ctx.desk.calls.call(screen()) if self.ctx.desk else None)
        assert ctx.desk is not None
        ctx.desk.calls.subscribe(self.refresh)
        bar.call_button.show()  # calls can be made now
        self.hide()

    def refresh(self) -> None:
        state = self.ctx.desk.calls.state if self.ctx.desk is not None else None
        if state is None:
            self.hide()
            return
        seen = state == "acknowledged"
        self.title.setText(self.ctx.tr(SEEN if seen else COMING))
        self.text.setText(self.ctx.tr(STAY))
        self.cancel.setText(self.ctx.tr(CANCEL))
        self.cancel.setVisible(not seen)
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
