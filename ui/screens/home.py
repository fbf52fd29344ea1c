"""Home: place your document. In demo mode a panel simulates inserting a card."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout

from devices.cards.simulated import SimulatedReader
from kiosk.i18n import Text
from kiosk.identity import DOCUMENT_NAMES
from kiosk.visit.prompts import OUT_OF_SERVICE, PLACE_CARD, WELCOME
from kiosk.visit.states import State
from ui.screens.base import Screen, UiContext, button, clear, label, panel

if TYPE_CHECKING:
    from kiosk.visit.machine import Visit

ONE_VISIT = Text("一件事一次办：一张表单，一次填写，一次办结", "One thing, one visit: one form, filled in once")
HELP = Text(
    "需要帮助？请到人工服务窗口，工作人员将为您帮办代办", "Need help? Staff at the service counter will help you"
)
SIMULATOR = Text("演示：模拟放置证件", "Demo: simulate placing a card")
INSERT = Text("{name}的{document}", "{name}: {document}")  # under "simulate placing a card"
REMOVE = Text("取走证件", "Take the card away")
ELDER_ON = Text("长辈版：大字体、语音播报", "Elder mode: larger text, spoken guidance")
ELDER_OFF = Text("退出长辈版", "Leave elder mode")
NO_CARD = Text("无需证件：", "No card needed:")
LOOKUP = Text("查询办件进度", "Application status")
VERIFY = Text("核验证照", "Verify a certificate")
TICKET = Text("取号排队", "Take a ticket")
STAFF = Text("工作人员", "Staff")


class HomeScreen(Screen):
    name = "home"
    states = frozenset({State.HOME, State.ENDED})
    simulated_insert = Signal(int)
    simulated_remove = Signal()
    elder_requested = Signal()  # the 长辈版 entry: the window switches the mode

    def __init__(self, ctx: UiContext, simulator: SimulatedReader | None = None) -> None:
        super().__init__(ctx)
        self.simulator = simulator

    def refresh(self) -> None:
        clear(self.root)
        self.root.addStretch(1)
        for text, role in ((WELCOME, "title"), (PLACE_CARD, "title"), (ONE_VISIT, "muted")):
            self.root.addWidget(label(self.ctx.tr(text), role, centre=True, plain=False))
        notice = OUT_OF_SERVICE if self.ctx.out_of_service else self.visit.notice if self.ctx.desk else None
        if notice is not None:
            self.root.addWidget(label(self.ctx.tr(notice), "error", name="home-notice", centre=True, plain=False))
        self.root.addLayout(self._elder_entry())
        if not self.ctx.out_of_service:
            self.root.addLayout(self._no_card_entries())
        self.root.addStretch(1)
        if self.simulator is not None:
            self.root.addWidget(self._simulator_panel(self.simulator))
        self.root.addLayout(self._help_row())

    def _elder_entry(self) -> QHBoxLayout:
        entry = button(self.ctx.tr(ELDER_OFF if self.ctx.elder else ELDER_ON), "home-elder", "primary")
        entry.clicked.connect(self.elder_requested.emit)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(entry)
        row.addStretch(1)
        return row

    def _no_card_entries(self) -> QHBoxLayout:
        """The services that need no card; not while staff have opened this visit for a citizen."""
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(label(self.ctx.tr(NO_CARD), "muted", wrap=False, plain=False))
        entries: tuple[tuple[Text, str, Callable[[Visit], None]], ...] = (
            (LOOKUP, "home-lookup", lambda visit: visit.lookup_start()),
            (VERIFY, "home-verify", lambda visit: visit.verify_start()),
            (TICKET, "home-ticket", lambda visit: visit.ticket_start("asked")),
        )
        for text, name, intent in entries:
            entry = button(self.ctx.tr(text), name)
            entry.clicked.connect(lambda _c=False, i=intent: self._intent(i))
            if self._assisted():
                entry.hide()  # never setVisible(True) before it has a parent: it would flash up as a window
            row.addWidget(entry)
        row.addStretch(1)
        return row

    def _help_row(self) -> QHBoxLayout:
        """Where to find help, and in the bottom corner the staff's own entry: small, out of a citizen's way."""
        row = QHBoxLayout()
        row.addWidget(label(self.ctx.tr(HELP), "muted", centre=True, plain=False), 1)
        staff = button(self.ctx.tr(STAFF), "home-staff", "discreet")
        staff.clicked.connect(lambda: self._intent(lambda visit: visit.staff_entry()))
        if self.ctx.out_of_service or self._assisted():
            staff.hide()
        row.addWidget(staff)
        return row

    def _assisted(self) -> bool:
        return self.ctx.desk is not None and self.visit.assistance_mode is not None

    def _intent(self, intent: Callable[[Visit], None]) -> None:
        if self.ctx.desk is not None:  # still starting: the entries work a moment later
            intent(self.visit)

    def _simulator_panel(self, simulator: SimulatedReader) -> QFrame:
        box = QVBoxLayout()
        box.addWidget(label(self.ctx.tr(SIMULATOR), "muted", plain=False))
        row = QHBoxLayout()
        for index, person in enumerate(simulator.people):
            document = DOCUMENT_NAMES[person.document_type]
            text = Text(INSERT.zh.format(name=person.masked_name, document=document.zh),
                        INSERT.en.format(name=person.masked_name, document=document.en))
            insert = button(self.ctx.tr(text), f"simulate-insert-{index}")
            insert.clicked.connect(lambda _checked=False, i=index: self.simulated_insert.emit(i))
            row.addWidget(insert)
        remove = button(self.ctx.tr(REMOVE), "simulate-remove")
        remove.clicked.connect(self.simulated_remove.emit)
        row.addWidget(remove)
        box.addLayout(row)
        return panel(box)
