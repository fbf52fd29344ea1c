"""My applications: everything this citizen has applied for, at any kiosk or online, and where it stands."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.i18n import Text
from kiosk.identity import mask_id_number
from kiosk.visit.applications import Entry, Notice, text_of
from kiosk.visit.prompts import APPLICATIONS_TITLE as TITLE
from kiosk.visit.prompts import LOOKING
from kiosk.visit.states import State
from ui.screens.base import Screen, action_row, button, clear, label, panel, scrolling

NONE_YET = Text("暂无办件记录", "No applications yet")
NOTICES = {
    Notice.OFFLINE: Text(
        "暂时无法连接政务服务平台，下面只列出本机的记录",
        "The platform cannot be reached: these are this kiosk's records only",
    ),
    Notice.NOT_ENROLLED: Text("本终端尚未接入平台，下面只列出本机的记录",
                              "This kiosk is not yet connected: its own records only"),
}
BACK, NEW = Text("返回", "Back"), Text("办理新事项", "Apply for something")
CHANNELS = {
    "kiosk": Text("自助终端", "kiosk"),
    "online": Text("网上办理", "online"),
    "counter": Text("窗口办理", "counter"),
}
STATES = {
    "queued": Text("本机待发送（联网后自动提交）", "Waiting on this kiosk (sent when the network is back)"),
    "attention": Text("需工作人员核实，请到窗口", "Staff need to check it: please go to the counter"),
    "sent": Text("已提交，等待受理", "Sent, waiting to be accepted"),
    "received": Text("已提交，等待受理", "Sent, waiting to be accepted"),
    "accepted": Text("已受理，正在办理", "Accepted, in progress"),
    "approved": Text("已办结", "Approved"),
    "rejected": Text("不予办理", "Rejected"),
}
PRINT_CERTIFICATE = Text("打印{name}", "Print the {name}")
LICENCES = Text("我的电子证照", "My e-licences")
PRINT_LICENCE = Text("打印证照信息", "Print its details")
LINE = Text("{number} · {channel} · {date}", "{number} · {channel} · {date}")
ITEM = Text("{name}：{state}", "{name}: {state}")


class StatusScreen(Screen):
    name = "status"
    states = frozenset({State.APPLICATIONS})

    def refresh(self) -> None:
        clear(self.root)
        lookup = self.visit.lookup
        self.root.addWidget(label(self.ctx.tr(TITLE), "title"))
        if lookup.notice is not None:
            self.root.addWidget(label(self.ctx.tr(NOTICES[lookup.notice]), "warning", name="status-notice"))
        if lookup.print_notice is not None:
            self.root.addWidget(label(self.ctx.tr(lookup.print_notice), "warning", name="status-print"))
        body = QWidget()
        column = QVBoxLayout(body)
        if lookup.looking:
            column.addWidget(self._looking())
        entries = lookup.entries(self.ctx.session)
        if not entries and not lookup.looking:
            column.addWidget(label(self.ctx.tr(NONE_YET), "muted", name="status-none"))
        for entry in entries:
            column.addWidget(self._entry(entry))
        if lookup.licences:
            column.addWidget(self._licences())
        column.addStretch(1)
        self.root.addWidget(scrolling(body), 1)
        back = button(self.ctx.tr(BACK), "status-back")
        back.clicked.connect(self.visit.back_to_identity)
        new = button(self.ctx.tr(NEW), "status-new", "primary")
        new.setEnabled(self.visit.may_continue)
        new.clicked.connect(self.visit.proceed)
        self.root.addLayout(action_row(back, new))

    def _entry(self, entry: Entry) -> QWidget:
        box = QVBoxLayout()
        box.addWidget(label(self.ctx.tr(entry.name), "title"))
        channel = self.ctx.tr(CHANNELS.get(entry.channel, CHANNELS["kiosk"]))
        box.addWidget(label(self.ctx.tr(LINE.format(number=entry.number, channel=channel, date=entry.date)), "muted"))
        state = self.ctx.tr(STATES.get(entry.state, STATES["sent"]))
        role = {"approved": "badge", "rejected": "error", "attention": "error"}.get(entry.state, "warning")
        box.addWidget(label(state + (f"：{entry.reason}" if entry.reason else ""), role, name=f"state-{entry.number}"))
        for item_name, item_state in entry.items:
            text = ITEM.format(name=self.ctx.tr(item_name), state=self.ctx.tr(STATES.get(item_state, STATES["sent"])))
            box.addWidget(label("• " + self.ctx.tr(text)))
        for serial, certificate in entry.certificates:
            print_it = button(self.ctx.tr(PRINT_CERTIFICATE.format(name=self.ctx.tr(certificate))),
                              f"print-certificate-{serial}")
            print_it.clicked.connect(lambda _checked=False, s=serial: self.visit.print_certificate(s))
            box.addWidget(print_it)
        return panel(box)

    def _looking(self) -> QWidget:
        box = QVBoxLayout()
        box.addWidget(label(self.ctx.tr(LOOKING), "title", name="status-looking"))
        return panel(box)

    def _licences(self) -> QWidget:
        box = QVBoxLayout()
        box.addWidget(label(self.ctx.tr(LICENCES), "title"))
        for index, licence in enumerate(self.visit.lookup.licences):
            number = mask_id_number(licence.number)
            box.addWidget(label(f"{self.ctx.tr(text_of(licence.kind_name))} · {number}"))
            print_it = button(self.ctx.tr(PRINT_LICENCE), f"print-licence-{index}")
            print_it.clicked.connect(lambda _checked=False, i=index: self.visit.print_licence(i))
            box.addWidget(print_it)
        return panel(box)
