"""Receipt: the application number, what happens next, and the printout (with reprint)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.i18n import Text
from kiosk.printing import PrintState
from kiosk.visit.states import Delivery, Rating, State
from ui.screens.base import Screen, action_row, button, clear, label, panel

DONE = Text("申请已受理", "Your application has been received")
NUMBER = Text("办件编号", "Application number")
ITEM = Text("{name}：{number}，预计 {date} 前办结", "{name}: {number}, done by {date}")
PRINTING = Text("正在打印办件凭证…", "Printing your receipt…")
PRINTED = Text("凭证已打印，请取走", "Your receipt is printed. Please take it.")
SENT = Text(
    "凭证已发送到打印机。如未出纸，请点“重新打印”", "Sent to the printer. If nothing came out, tap Print again."
)
DELIVERY = {
    Delivery.PENDING: Text("正在提交至政务服务平台…", "Sending to the government service platform…"),
    Delivery.DELIVERED: Text("已提交至政务服务平台", "Sent to the government service platform"),
    Delivery.QUEUED: Text(
        "网络暂时中断：申请已安全保存在本机，恢复联网后自动提交，无需再次办理",
        "The network is down: your application is saved safely and will be sent automatically",
    ),
    Delivery.ATTENTION: Text(
        "申请需要工作人员核实，请到人工窗口出示办件编号",
        "Staff need to check your application. Please show this number at the counter",
    ),
}
REPRINT, FINISH = Text("重新打印", "Print again"), Text("完成，退出", "Finish")
RATE = Text("请对本次服务进行评价（好差评）", "How was this service? (each rating is read)")
LEVELS = (
    (5, Text("非常满意", "Very satisfied")),
    (4, Text("满意", "Satisfied")),
    (3, Text("基本满意", "Fairly satisfied")),
    (2, Text("不满意", "Dissatisfied")),
    (1, Text("非常不满意", "Very dissatisfied")),
)
RATED = {
    Rating.THANKS: Text("感谢您的评价", "Thank you for your rating"),
    Rating.ALREADY: Text("本次办理已经评价过，谢谢", "This application has already been rated. Thank you"),
    Rating.FAILED: Text(
        "评价暂未能提交，您也可以拨打 12345 评价", "The rating could not be sent now; you can also call 12345"
    ),
    Rating.SENDING: Text("正在提交评价…", "Sending your rating…"),
}
TAKE_CARD = Text("请取回您的证件，祝您生活愉快", "Please take your card. Thank you")


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
