"""Receipt: the application number, what happens next, and the printout (with reprint)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.i18n import Text
from kiosk.printing import PrintState
from kiosk.visit.prompts import (
    APPLICATION_NUMBER as NUMBER,
)
from kiosk.visit.prompts import (
    DELIVERY,
    DONE,
    PRINTED,
    PRINTING,
    RATED,
    SENT,
)
from kiosk.visit.prompts import (
    TAKE_CARD_AND_GO as TAKE_CARD,
)
from kiosk.visit.states import Delivery, Rating, State
from ui.screens.base import Screen, action_row, button, clear, label, panel

ITEM = Text("{name}：{number}，预计 {date} 前办结", "{name}: {number}, done by {date}")
REPRINT, FINISH = Text("重新打印", "Print again"), Text("完成，退出", "Finish")
RATE = Text("请对本次服务进行评价（好差评）", "How was this service? (each rating is read)")
LEVELS = (
    (5, Text("非常满意", "Very satisfied")),
    (4, Text("满意", "Satisfied")),
    (3, Text("基本满意", "Fairly satisfied")),
    (2, Text("不满意", "Dissatisfied")),
    (1, Text("非常不满意", "Very dissatisfied")),
)


class ReceiptScreen(Screen):
    name = "receipt"
    states = frozenset({State.SUBMITTING, State.RECEIPT})

    def refresh(self) -> None:
        clear(self.root)
        submitted = self.ctx.session.submitted
        if submitted is None:
            return
        receipt = submitted.receipt
        self.root.addWidget(label(self.ctx.tr(DONE), "title"))
        box = QVBoxLayout()
        box.addWidget(label(self.ctx.tr(NUMBER), "muted"))
        number = label(receipt.application_number, "big-number", name="receipt-number")
        number.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        box.addWidget(number)
        for item in receipt.items:
            text = ITEM.format(name=self.ctx.tr(item.name), number=item.number, date=item.promised_date.isoformat())
            box.addWidget(label(self.ctx.tr(text)))
        self.root.addWidget(panel(box))
        delivery = self.visit.delivery
        role = {Delivery.DELIVERED: "badge", Delivery.ATTENTION: "error"}.get(delivery, "warning")
        self.root.addWidget(label(self.ctx.tr(DELIVERY[delivery]), role, name="receipt-delivery"))
        self.root.addWidget(label(self._print_text(), self._print_role(), name="receipt-print"))
        self.root.addWidget(label(self.ctx.tr(TAKE_CARD), "muted"))
        self.root.addWidget(self._rating())
        self.root.addStretch(1)
        reprint = button(self.ctx.tr(REPRINT), "receipt-reprint")
        result = self.visit.print_result
        reprint.setVisible(result is not None and result.state is not PrintState.PRINTED)
        reprint.clicked.connect(self.visit.print_receipt)
        finish = button(self.ctx.tr(FINISH), "receipt-finish", "primary")
        finish.clicked.connect(self.visit.end)
        self.root.addLayout(action_row(reprint, finish))

    def _rating(self) -> QWidget:
        rating = self.visit.rating
        if rating:
            return label(self.ctx.tr(RATED[rating]), "badge" if rating is Rating.THANKS else "muted",
                         name="receipt-rated")
        box = QVBoxLayout()
        box.addWidget(label(self.ctx.tr(RATE)))
        row = QHBoxLayout()
        for level, name in LEVELS:
            choice = button(self.ctx.tr(name), f"rate-{level}")
            choice.clicked.connect(lambda _c=False, lv=level: self.visit.rate(lv))
            row.addWidget(choice)
        row.addStretch(1)
        box.addLayout(row)
        return panel(box)

    def _print_text(self) -> str:
        result = self.visit.print_result
        if result is None:
            return self.ctx.tr(PRINTING)
        if result.state is PrintState.PRINTED:
            return self.ctx.tr(PRINTED)
        if result.state is PrintState.SENT:
            return self.ctx.tr(SENT)
        return self.ctx.tr(result.message)

    def _print_role(self) -> str:
        result = self.visit.print_result
        if result is None or result.state is PrintState.PRINTED:
            return ""
        return "warning" if result.state is PrintState.SENT else "error"
