"""A number in the hall queue, for a staffed window: the citizen picks the service, takes the ticket, and it prints.

The kiosk sends the citizen here when it cannot finish (an expired document, an item needing them in person), or
they ask from the home screen. The number is the platform's; the screen shows it large, as the printed ticket does.
"""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLabel, QVBoxLayout

from kiosk.i18n import Text
from kiosk.printing import PrintState
from kiosk.visit.hall_prompts import AHEAD, WAIT, YOUR_NUMBER
from kiosk.visit.hall_prompts import TICKET_NOT_PRINTED as NOT_PRINTED
from kiosk.visit.hall_prompts import TICKET_PRINTED as PRINTED
from kiosk.visit.hall_prompts import TICKET_TITLE as TITLE
from kiosk.visit.hall_prompts import TICKET_WHY as WHY
from kiosk.visit.states import State
from ui.screens.base import Screen, UiContext, action_row, button, clear, label, panel

CHOOSE = Text("办理业务", "Service")
GENERAL = Text("综合窗口（其他业务）", "General counter (anything else)")
TAKE = Text("取号", "Take a ticket")
TAKING = Text("正在取号…", "Taking a number…")
SERVICE = Text("办理业务：{name}", "Service: {name}")
PRINTING = Text("正在打印号票…", "Printing your ticket…")
DONE = Text("完成", "Done")
SERVICES_SHOWN = 6  # the fully modelled packages, then the general counter: one screen, no scrolling


class TicketScreen(Screen):
    name = "ticket"
    states = frozenset({State.TICKET})

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.service = "general"
        self._visit: object = None

    def refresh(self) -> None:
        clear(self.root)
        if self.ctx.desk is None:
            return
        visit = self.visit
        if visit is not self._visit:
            self._visit, self.service = visit, "general"
        if visit.state is not State.TICKET:
            return
        self.root.addWidget(label(self.ctx.tr(TITLE), "title"))
        ticket = visit.ticket
        if ticket is None:
            self._choose()
        else:
            self.root.addWidget(label(self.ctx.tr(YOUR_NUMBER), centre=True))
            self.root.addWidget(label(ticket.number, "ticket-number", name="ticket-number", centre=True))
            box = QVBoxLayout()
            for text, name in ((SERVICE.format(name=self.ctx.tr(ticket.service_name.text())), "ticket-service"),
                               (AHEAD.format(n=ticket.waiting_before), "ticket-ahead"),
                               (WAIT.format(minutes=ticket.expected_wait_min), "ticket-wait")):
                box.addWidget(label(self.ctx.tr(text), name=name, centre=True))
            self.root.addWidget(panel(box))
            self.root.addWidget(self._printed())
        self.root.addStretch(1)
        done = button(self.ctx.tr(DONE), "ticket-home", "primary" if ticket is not None else "")
        done.clicked.connect(visit.home)
        if ticket is None:
            take = button(self.ctx.tr(TAKE), "ticket-take", "primary")
            take.setEnabled(not visit.counter_busy)
            take.clicked.connect(lambda: self.visit.take_ticket(self.service))
            self.root.addLayout(action_row(done, take))
        else:
            self.root.addLayout(action_row(None, done))

    def _choose(self) -> None:
        visit = self.visit
        why = WHY.get(visit.ticket_reason or "asked", WHY["asked"])
        self.root.addWidget(label(self.ctx.tr(why), name="ticket-why"))
        self.root.addWidget(label(self.ctx.tr(CHOOSE)))
        grid = QGridLayout()
        group = QButtonGroup(grid)
        packages = [p for p in self.ctx.session.catalogue.packages.values() if p.fully_modelled][:SERVICES_SHOWN]
        options = [(p.code, p.named(self.ctx.elder)) for p in packages] + [("general", GENERAL)]
        for index, (code, text) in enumerate(options):
            choice = button(self.ctx.tr(text), f"ticket-service-{code}")
            choice.setCheckable(True)
            choice.setChecked(code == self.service)
            choice.clicked.connect(lambda _c=False, c=code: setattr(self, "service", c))
            group.addButton(choice)
            grid.addWidget(choice, index // 2, index % 2)
        self.root.addLayout(grid)
        if visit.counter_busy:
            self.root.addWidget(label(self.ctx.tr(TAKING), "muted", name="ticket-busy"))
        elif visit.counter_problem is not None:
            self.root.addWidget(label(self.ctx.tr(visit.counter_problem), "error", name="ticket-problem"))

    def _printed(self) -> QLabel:
        result = self.visit.ticket_print
        printed = result is not None and result.state in (PrintState.PRINTED, PrintState.SENT)  # SENT: at the printer
        text = PRINTING if result is None else PRINTED if printed else NOT_PRINTED
        return label(self.ctx.tr(text), "muted" if result is None or printed else "warning", name="ticket-printed",
                     centre=True)
