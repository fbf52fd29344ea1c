"""Consent before shared data pre-fills the form: what will be fetched, and the choice to type it instead."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from kiosk.i18n import Text
from kiosk.visit.prompts import CONSENT_TITLE as TITLE
from kiosk.visit.prompts import FETCHING
from kiosk.visit.states import State
from ui.screens.base import Screen, action_row, button, clear, label, panel

EXPLAIN = Text(
    "为减少填写，经您同意，本机将从政府部门共享数据中调取以下信息，填入表单。"
    "调取记录会被保存；您仍可修改调取到的内容。",
    "With your consent, this kiosk fetches the details below from government departments' shared records"
    " and fills them in. The fetch is recorded, and you can still change what it fills in.",
)
AGREE = Text("同意并调取", "Agree and fetch")
DECLINE = Text("不同意，我自己填写", "No, I will type them")


class ConsentScreen(Screen):
    name = "consent"
    states = frozenset({State.CONSENT})

    def refresh(self) -> None:
        clear(self.root)
        session = self.ctx.session
        if session.form is None:
            return
        self.root.addWidget(label(self.ctx.tr(TITLE), "title"))
        self.root.addWidget(label(self.ctx.tr(EXPLAIN)))
        box = QVBoxLayout()
        for key in session.shared_keys():
            labels = [f.label for f in session.form.fields if f.prefill == key]
            shown = "、".join(self.ctx.tr(t) for t in labels) if labels else key
            box.addWidget(label("• " + shown, name=f"consent-{key}"))
        self.root.addWidget(panel(box))
        if self.visit.consent_fetching:
            self.root.addWidget(label(self.ctx.tr(FETCHING), "muted", name="consent-fetching"))
        self.root.addStretch(1)
        decline = button(self.ctx.tr(DECLINE), "consent-decline")
        decline.clicked.connect(self.visit.decline)
        agree = button(self.ctx.tr(AGREE), "consent-agree", "primary")
        agree.setEnabled(not self.visit.consent_fetching)
        agree.clicked.connect(self.visit.agree)
        self.root.addLayout(action_row(decline, agree))
