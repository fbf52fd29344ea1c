"""My applications: everything this citizen has applied for, at any kiosk or online, and where it stands."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.i18n import Text
from kiosk.identity import mask_id_number
from ui.screens.base import Screen, UiContext, action_row, button, clear, label, panel, scrolling

TITLE = Text("我的办件", "My applications")
LOOKING = Text("正在向政务服务平台查询您的办件和电子证照，请稍候…",
               "Asking the government service platform for your applications and e-licences, one moment please")
NONE_YET = Text("暂无办件记录", "No applications yet")
OFFLINE = Text(
    "暂时无法连接政务服务平台，下面只列出本机的记录",
    "The platform cannot be reached: these are this kiosk's records only",
)
NOT_ENROLLED = Text("本终端尚未接入平台，下面只列出本机的记录", "This kiosk is not yet connected: its own records only")
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
FETCHING = Text("正在获取证书并打印…", "Fetching the certificate to print it…")
NO_CERTIFICATE = Text("暂时无法获取证书，请稍后再试，或到窗口请工作人员打印",
                      "The certificate cannot be fetched now. Try again later, or ask staff at the counter.")
LINE = Text("{number} · {channel} · {date}", "{number} · {channel} · {date}")
ITEM = Text("{name}：{state}", "{name}: {state}")


@dataclass(frozen=True)
class Entry:
    """One application as the citizen sees it, whether from the platform or only from this kiosk."""

    number: str
    name: Text
    channel: str
    state: str
    date: str
    reason: str = ""
    items: tuple[tuple[Text, str], ...] = ()
    certificates: tuple[tuple[str, Text], ...] = ()  # serial and name of each certificate issued


class StatusScreen(Screen):
    name = "status"
    back = Signal()
    new_application = Signal()
    certificate_requested = Signal(str)  # serial
    licence_requested = Signal(int)  # index in ``licences``

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.awaiting: set[str] = set()  # the platform's answers still to come: "applications", "licences"
        self.platform_answer: list[dict[str, Any]] | None = None
        self.notice: Text | None = None
        self.print_notice: Text | None = None  # how the last certificate print went
        self.licences: list[dict[str, Any]] = []  # the citizen's e-licences, as the platform lists them

    @property
    def looking(self) -> bool:
        """True until both the applications and the e-licences are in (or the platform gave up)."""
        return bool(self.awaiting)

    def refresh(self) -> None:
        clear(self.root)
        self.root.addWidget(label(self.ctx.tr(TITLE), "title"))
        if self.notice is not None:
            self.root.addWidget(label(self.ctx.tr(self.notice), "warning", name="status-notice"))
        if self.print_notice is not None:
            self.root.addWidget(label(self.ctx.tr(self.print_notice), "warning", name="status-print"))
        body = QWidget()
        column = QVBoxLayout(body)
        if self.looking:
            column.addWidget(self._looking())
        entries = self.entries()
        if not entries and not self.looking:
            column.addWidget(label(self.ctx.tr(NONE_YET), "muted", name="status-none"))
        for entry in entries:
            column.addWidget(self._entry(entry))
        if self.licences:
            column.addWidget(self._licences())
        column.addStretch(1)
        self.root.addWidget(scrolling(body), 1)
        back = button(self.ctx.tr(BACK), "status-back")
        back.clicked.connect(self.back.emit)
        new = button(self.ctx.tr(NEW), "status-new", "primary")
        new.clicked.connect(self.new_application.emit)
        self.root.addLayout(action_row(back, new))

    def entries(self) -> list[Entry]:
        """The platform's list, plus what only this kiosk holds (not yet sent), newest first."""
        session = self.ctx.session
        local = session.local_applications()
        entries = [self._from_platform(a) for a in self.platform_answer or []]
        known = {e.number for e in entries}
        for stored in local:
            if stored.number in known:
                continue
            package = session.catalogue.packages.get(stored.package_code)
            name = package.name if package else Text(stored.package_code, stored.package_code)
            state = "sent" if stored.state == "delivered" else stored.state
            entries.append(Entry(stored.number, name, "kiosk", state, stored.created_at.date().isoformat()))
        return sorted(entries, key=lambda e: e.date, reverse=True)

    @staticmethod
    def _from_platform(data: dict[str, Any]) -> Entry:
        name = data.get("package_name") or {}
        listed = [i for i in data.get("items", []) if isinstance(i, dict)]
        items = tuple((_text(i.get("name")), str(i.get("status"))) for i in listed)
        certificates = tuple(
            (str(c.get("serial")), _text(c.get("name")))
            for c in (i.get("certificate") for i in listed) if isinstance(c, dict) and c.get("serial")
        )
        return Entry(
            number=str(data.get("number", "")),
            name=Text(str(name.get("zh", data.get("package_code", ""))), str(name.get("en", ""))),
            channel=str(data.get("channel", "kiosk")),
            state=str(data.get("status", "received")),
            date=str(data.get("received_at", ""))[:10],
            reason=str(data.get("reason") or ""),
            items=items,
            certificates=certificates,
        )

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
            print_it.clicked.connect(lambda _checked=False, s=serial: self.certificate_requested.emit(s))
            box.addWidget(print_it)
        return panel(box)

    def _looking(self) -> QWidget:
        box = QVBoxLayout()
        box.addWidget(label(self.ctx.tr(LOOKING), "title", name="status-looking"))
        return panel(box)

    def _licences(self) -> QWidget:
        box = QVBoxLayout()
        box.addWidget(label(self.ctx.tr(LICENCES), "title"))
        for index, licence in enumerate(self.licences):
            number = mask_id_number(str(licence.get("number", "")))
            box.addWidget(label(f"{self.ctx.tr(_text(licence.get('kind_name')))} · {number}"))
            print_it = button(self.ctx.tr(PRINT_LICENCE), f"print-licence-{index}")
            print_it.clicked.connect(lambda _checked=False, i=index: self.licence_requested.emit(i))
            box.addWidget(print_it)
        return panel(box)


def _text(value: object) -> Text:
    """A {"zh", "en"} message from the platform, or empty."""
    if isinstance(value, dict):
        return Text(str(value.get("zh", "")), str(value.get("en", "")))
    return Text("", "")


def start_lookup(screen: StatusScreen, ctx: UiContext) -> str | None:
    """Reset the screen for a new lookup; the citizen key to look up, or None if there is none."""
    screen.platform_answer = None
    screen.print_notice = None
    screen.licences = []
    key = ctx.session.citizen_key
    screen.awaiting = {"applications", "licences"} if key is not None else set()
    screen.notice = None if key is not None else NOT_ENROLLED
    return key


def forget(screen: StatusScreen) -> None:
    """The visit ended: drop everything the platform said about the citizen."""
    screen.platform_answer = None
    screen.licences = []
    screen.notice = screen.print_notice = None
    screen.awaiting = set()


def show_licences(screen: StatusScreen, answer: object) -> None:
    screen.awaiting.discard("licences")
    screen.licences = [lic for lic in answer if isinstance(lic, dict)] if isinstance(answer, list) else []


def finish_lookup(screen: StatusScreen, answer: object) -> None:
    screen.awaiting.discard("applications")
    if isinstance(answer, list):
        screen.platform_answer = [a for a in answer if isinstance(a, dict)]
    else:
        screen.notice = OFFLINE
