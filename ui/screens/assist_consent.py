"""The citizen accepts, or refuses, the help of the staff member named on screen: 帮办 or 代办 is said plainly."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout

from kiosk.i18n import Text
from kiosk.visit.hall_prompts import ASSIST_ACTING as ACTING
from kiosk.visit.hall_prompts import ASSIST_HELPED as HELPED
from kiosk.visit.hall_prompts import ASSIST_TITLE as TITLE
from kiosk.visit.states import State
from ui.screens.base import Screen, button, clear, label, panel

RECORDED = Text("您的选择和工作人员的工号会记录在申请和回执上。您可以拒绝。",
                "Your choice and the staff number are recorded with the application and on the receipt. You may "
                "say no.")
ACCEPT = Text("接受帮助", "Yes, accept the help")
REFUSE = Text("不接受", "No, thank you")


class AssistConsentScreen(Screen):
    name = "assist-consent"
    states = frozenset({State.ASSIST_CONSENT})

    def refresh(self) -> None:
        clear(self.root)
        if self.ctx.desk is None or self.visit.state is not State.ASSIST_CONSENT:
            return
        visit, staff = self.visit, self.visit.helper
        self.root.addStretch(1)
        self.root.addWidget(label(self.ctx.tr(TITLE), "title", centre=True))
        if staff is not None:
            who = (ACTING if visit.assistance_mode == "acting" else HELPED).format(
                number=staff.staff_number, name=staff.masked_name)
            box = QHBoxLayout()
            box.addWidget(label(self.ctx.tr(who), name="assist-who", centre=True))
            self.root.addWidget(panel(box))
        self.root.addWidget(label(self.ctx.tr(RECORDED), "muted", centre=True))
        self.root.addStretch(1)
        row = QHBoxLayout()
        for text, name, intent in ((REFUSE, "assist-refuse", visit.refuse_help),
                                   (ACCEPT, "assist-accept", visit.accept_help)):
            choice = button(self.ctx.tr(text), name, "primary")  # both large: neither is the easy way out
            choice.clicked.connect(intent)
            row.addWidget(choice, 1)
        self.root.addLayout(row)
