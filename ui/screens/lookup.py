"""The services that need no card: an application's status from its receipt's QR code (or number and code typed),
and a certificate's or e-licence's QR code checked. Nothing personal is shown: the platform sends none."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QVBoxLayout

from kiosk.catalogue.model import FieldType
from kiosk.i18n import Text
from kiosk.visit.hall_prompts import INVALID, LOOKUP_SCAN, LOOKUP_TITLE, VALID, VERIFY_SCAN, VERIFY_TITLE
from kiosk.visit.states import State
from ui.keyboard import fit_keys
from ui.screens.base import Screen, UiContext, action_row, button, clear, label, panel
from ui.screens.status import STATES

OR_TYPE = Text("或输入回执上的办件编号和查询码", "or type the application number and code from your receipt")
NUMBER = Text("办件编号", "Application number")
CODE = Text("查询码", "Code")
GO = Text("查询", "Look up")
LOOKING = Text("正在查询…", "Looking it up…")
ANSWER = Text("办件编号 {number}：{status}", "Application {number}: {status}")
ITEM = Text("{name}：{status}（承诺办结 {date}）", "{name}: {status} (promised by {date})")
KIND = Text("证照类型：{kind}", "Kind: {kind}")
ISSUED = Text("签发日期：{date}", "Issued: {date}")
NOTHING_PERSONAL = Text("为保护隐私，此处不显示持有人信息。", "To protect privacy, the holder is never shown here.")
DONE = Text("返回首页", "Back to the start")


class LookupScreen(Screen):
    name = "lookup"
    states = frozenset({State.LOOKUP, State.VERIFY})

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.number = QLineEdit()
        self.number.setObjectName("lookup-number")
        self.code = QLineEdit()
        self.code.setObjectName("lookup-code")
        for edit in (self.number, self.code):
            fit_keys(edit, FieldType.SOCIAL_CREDIT_CODE)  # capitals and digits
            edit.setMaxLength(40)
        self.code.returnPressed.connect(self._submit)
        self._visit: object = None

    def refresh(self) -> None:
        for edit in (self.number, self.code):
            edit.setParent(None)  # kept across renders: what was typed stays
        clear(self.root)
        if self.ctx.desk is None:
            return
        visit = self.visit
        if visit is not self._visit:
            self._visit = visit
            self.number.clear()
            self.code.clear()
        if visit.state not in self.states:
            return
        verify = visit.state is State.VERIFY
        self.root.addWidget(label(self.ctx.tr(VERIFY_TITLE if verify else LOOKUP_TITLE), "title"))
        self.root.addWidget(label(self.ctx.tr(VERIFY_SCAN if verify else LOOKUP_SCAN), name="lookup-scan-hint"))
        if not verify:
            self.root.addWidget(self._typed())
        problem = visit.counter_problem or visit.scan_problem
        if visit.counter_busy:
            self.root.addWidget(label(self.ctx.tr(LOOKING), "muted", name="lookup-busy"))
        elif problem is not None:
            self.root.addWidget(label(self.ctx.tr(problem), "error", name="lookup-problem"))
        elif verify and visit.check is not None:
            self.root.addWidget(self._checked())
        elif not verify and visit.status_answer is not None:
            self.root.addWidget(self._answer())
        self.root.addStretch(1)
        done = button(self.ctx.tr(DONE), "lookup-home")
        done.clicked.connect(visit.home)
        row = QHBoxLayout()
        row.addWidget(done)
        row.addStretch(1)
        self.root.addLayout(row)

    def _typed(self) -> QFrame:
        form = QVBoxLayout()
        form.addWidget(label(self.ctx.tr(OR_TYPE), "muted"))
        row = QHBoxLayout()
        for title, edit in ((NUMBER, self.number), (CODE, self.code)):
            column = QVBoxLayout()
            column.addWidget(label(self.ctx.tr(title)))
            column.addWidget(edit)
            row.addLayout(column, 1)
        form.addLayout(row)
        go = button(self.ctx.tr(GO), "lookup-go", "primary")
        go.setEnabled(not self.visit.counter_busy)
        go.clicked.connect(self._submit)
        form.addLayout(action_row(None, go))
        framed = panel(form)
        for edit in (self.number, self.code):  # kept across redraws, which hide them; shown once inside the panel
            edit.show()
        return framed

    def _answer(self) -> QFrame:
        answer = self.visit.status_answer
        assert answer is not None
        box = QVBoxLayout()
        box.addWidget(label(self.ctx.tr(ANSWER.format(number=answer.number, status=self._status(answer.status))),
                            "badge", name="lookup-status"))
        items = self.ctx.session.catalogue.items
        for index, item in enumerate(answer.items):
            known = items.get(item.item_code)
            name = self.ctx.tr(known.name) if known is not None else item.item_code
            text = ITEM.format(name=name, status=self._status(item.status), date=item.promised_date.isoformat())
            box.addWidget(label(self.ctx.tr(text), name=f"lookup-item-{index}"))
        box.addWidget(label(self.ctx.tr(NOTHING_PERSONAL), "muted"))
        return panel(box)

    def _checked(self) -> QFrame:
        check = self.visit.check
        assert check is not None
        box = QVBoxLayout()
        box.addWidget(label(self.ctx.tr(VALID if check.valid else INVALID), "badge" if check.valid else "error",
                            name="verify-result"))
        if check.valid and check.kind_name is not None:
            box.addWidget(label(self.ctx.tr(KIND.format(kind=self.ctx.tr(check.kind_name.text()))), name="verify-kind"))
        if check.valid and check.issued_at is not None:
            box.addWidget(label(self.ctx.tr(ISSUED.format(date=check.issued_at.date().isoformat()))))
        box.addWidget(label(self.ctx.tr(NOTHING_PERSONAL), "muted"))
        return panel(box)

    def _status(self, status: str) -> str:
        known = STATES.get(status)
        return self.ctx.tr(known) if known is not None else status

    def _submit(self) -> None:
        self.visit.lookup_typed(self.number.text().strip(), self.code.text().strip())
