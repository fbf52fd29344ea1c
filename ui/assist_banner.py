"""The assisted visit's banner, under the top bar: who is helping, by staff number and masked name, and how."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout

from kiosk.i18n import Text
from kiosk.visit.states import State
from ui.screens.base import UiContext, button, label

HELPING = Text("工作人员 {number} {name} 正在为您帮办", "Staff member {number} {name} is helping you")
ACTING = Text("工作人员 {number} {name} 正在为您代办", "Staff member {number} {name} is acting for you (代办)")
ENTER_IDENTITY = Text("证件无法读取？录入身份", "Document unreadable? Enter identity")


class AssistBanner(QFrame):
    """Shown while the visit is assisted; at home, staff may type the identity of a citizen whose card fails."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("assist-banner")
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 8, 24, 8)
        self.text = label("", name="assist-banner-text", wrap=False)
        row.addWidget(self.text, 1)
        self.enter_identity = button("", "banner-enter-identity")
        self.enter_identity.clicked.connect(lambda: self.ctx.visit.enter_identity())
        row.addWidget(self.enter_identity)
        self.hide()

    def refresh(self) -> None:
        visit = self.ctx.visit if self.ctx.desk is not None else None
        helper = visit.helper if visit is not None else None
        if visit is None or helper is None or visit.assistance_mode is None:
            self.hide()
            return
        text = ACTING if visit.assistance_mode == "acting" else HELPING
        self.text.setText(self.ctx.tr(text.format(number=helper.staff_number, name=helper.masked_name)))
        self.enter_identity.setText(self.ctx.tr(ENTER_IDENTITY))
        self.enter_identity.setVisible(visit.state is State.HOME and visit.staff is not None)
        self.show()
