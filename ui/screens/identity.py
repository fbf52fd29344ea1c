"""Identity: who we read, masked, and whether the document is still valid."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from kiosk.i18n import Text
from kiosk.identity import DOCUMENT_NAMES
from kiosk.visit.prompts import EXPIRED, READ_OK
from kiosk.visit.states import State
from ui.screens.base import Screen, action_row, button, clear, label, panel

HELLO = Text("您好，{name}", "Hello, {name}")
DOCUMENT = Text("证件类型：{kind}", "Document: {kind}")
NUMBER = Text("证件号码：{number}", "Number: {number}")
VALID = Text("有效期至：{until}", "Valid until: {until}")
LONG_TERM = Text("长期", "long-term")
CONTINUE = Text("继续办理", "Continue")
TAKE_CARD = Text("您可以取回证件", "You can take your card back now")


MY_APPLICATIONS = Text("查询我的办件", "My applications")
ENTERED = Text("身份信息由工作人员录入，待平台核验", "Identity entered by staff, to be checked by the platform")
TAKE_TICKET = Text("取号到人工窗口办理", "Take a ticket for a staffed counter")


class IdentityScreen(Screen):
    name = "identity"
    states = frozenset({State.IDENTIFIED})

    def refresh(self) -> None:
        clear(self.root)
        record = self.ctx.session.identity
        if record is None:
            return
        self.root.addWidget(label(self.ctx.tr(HELLO.format(name=record.masked_name)), "title"))
        entered = self.visit.identity_source == "staff_entered"  # never said to be read from a chip
        self.root.addWidget(label(self.ctx.tr(ENTERED if entered else READ_OK), "warning" if entered else "badge",
                                  name="identity-source"))
        details = QVBoxLayout()
        until = record.valid_until.isoformat() if record.valid_until else self.ctx.tr(LONG_TERM)
        shown = [DOCUMENT.format(kind=self.ctx.tr(DOCUMENT_NAMES[record.document_type])),
                 NUMBER.format(number=record.masked_id_number if record.id_number else record.masked_document_number)]
        if not entered:  # a typed identity has no validity the kiosk could know
            shown.append(VALID.format(until=until))
        for text in shown:
            details.addWidget(label(self.ctx.tr(text)))
        self.root.addWidget(panel(details))
        expired = not self.visit.may_continue
        if expired:
            self.root.addWidget(label(self.ctx.tr(EXPIRED), "error", name="identity-expired"))
            ticket = button(self.ctx.tr(TAKE_TICKET), "identity-ticket")
            ticket.clicked.connect(lambda: self.visit.ticket_start("expired_document"))
            self.root.addWidget(ticket)
        elif not entered:  # no card was read: there is none to take back
            self.root.addWidget(label(self.ctx.tr(TAKE_CARD), "muted"))
        self.root.addStretch(1)
        go = button(self.ctx.tr(CONTINUE), "identity-continue", "primary")
        go.setEnabled(not expired)
        go.clicked.connect(self.visit.proceed)
        mine = button(self.ctx.tr(MY_APPLICATIONS), "identity-status")
        mine.clicked.connect(self.visit.show_applications)
        self.root.addLayout(action_row(mine, go))
