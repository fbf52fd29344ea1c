"""Review: every answer once more, the items it becomes, and the materials checklist."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.i18n import Text
from kiosk.visit.prompts import CHECK
from kiosk.visit.states import State
from ui.screens.base import Screen, action_row, button, clear, label, panel, scrolling
from ui.widgets.fields import value_label

ITEMS = Text("本次将同时办理以下 {count} 个事项", "This will apply for these {count} services at once")
IN_PERSON = Text("（需本人到场办理）", " (you must come in person)")
ITEM_LINE = Text("{name}（{department}，承诺 {days} 个工作日）", "{name} ({department}, within {days} working days)")
TO_BRING = Text("请准备以下材料（交到窗口或邮寄）", "Materials to hand in at the counter or by post")
NOTHING_TO_BRING = Text("无需另外提交任何材料", "You do not need to bring anything else")
NO_NEED = Text(
    "以下材料无需携带：已通过电子证照、数据共享或本机生成",
    "No need to bring these: e-licences, shared data or made here",
)
COPIES = Text("{name} ×{copies}", "{name} ×{copies}")
EDIT, SUBMIT = Text("返回修改", "Go back and change"), Text("确认提交", "Submit")


class ReviewScreen(Screen):
    name = "review"
    states = frozenset({State.REVIEW})

    def refresh(self) -> None:
        clear(self.root)
        session = self.ctx.session
        form = session.form
        if form is None:
            return
        self.root.addWidget(label(self.ctx.tr(CHECK), "title"))
        body = QWidget()
        content = QVBoxLayout(body)
        content.setSpacing(16)
        effective = form.effective(session.answers)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(32)
        line = 0
        for step in form.steps(session.answers):
            grid.addWidget(label(self.ctx.tr(step.title), "muted"), line, 0, 1, 2)
            line += 1
            for spec in step.fields:
                grid.addWidget(label(spec.worded(self.ctx.elder).label(self.ctx.lang)), line, 0)
                grid.addWidget(value_label(spec, effective.get(spec.key), self.ctx.lang), line, 1)
                line += 1
        content.addLayout(grid)

        items = form.applicable_items(session.answers)
        box = QVBoxLayout()
        box.addWidget(label(self.ctx.tr(ITEMS.format(count=len(items))), "title"))
        for item in items:
            item_line = ITEM_LINE.format(
                name=self.ctx.tr(item.name), department=self.ctx.tr(item.department), days=item.promised_days
            )
            in_person = self.ctx.tr(IN_PERSON) if item.visit_required else ""
            box.addWidget(label("• " + self.ctx.tr(item_line) + in_person, name=f"item-{item.code}"))
        content.addWidget(panel(box))

        checklist = form.checklist(session.answers)
        box = QVBoxLayout()
        box.addWidget(label(self.ctx.tr(TO_BRING if checklist.to_bring else NOTHING_TO_BRING), "title"))
        for material in checklist.to_bring:
            text = COPIES.format(name=self.ctx.tr(material.name), copies=material.copies)
            box.addWidget(label("• " + self.ctx.tr(text), name=f"bring-{material.code}"))
        if checklist.not_needed:
            box.addWidget(label(self.ctx.tr(NO_NEED), "badge"))
            for material in checklist.not_needed:
                box.addWidget(label("✓ " + self.ctx.tr(material.name), "muted", name=f"no-need-{material.code}"))
        content.addWidget(panel(box))
        content.addStretch(1)
        self.root.addWidget(scrolling(body), 1)
        edit = button(self.ctx.tr(EDIT), "review-edit")
        edit.clicked.connect(self.visit.edit)
        submit = button(self.ctx.tr(SUBMIT), "review-submit", "primary")
        submit.clicked.connect(self.visit.submit)
        self.root.addLayout(action_row(edit, submit))
