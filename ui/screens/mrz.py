"""MRZ entry: a passport's or permit's chip opens only with its number, birth date and expiry date.

The citizen types the three as printed on the data page; a wrong one is said plainly and they
try again with the document still on the reader. Nothing typed outlives the visit.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout

from kiosk.i18n import Text
from kiosk.visit.prompts import MRZ_TITLE as TITLE
from kiosk.visit.prompts import READING
from kiosk.visit.states import State
from ui.screens.base import Screen, action_row, button, clear, label, panel

EXPLAIN = Text(
    "护照和通行证的芯片需要以下信息才能读取。请按证件资料页上的内容填写，证件请保持放在读卡区。",
    "The chip of a passport or travel permit opens only with these details. Type them as printed on the "
    "data page, and keep the document on the reader.",
)
NUMBER = Text("证件号码", "Document number")
BIRTH = Text("出生日期（年年月月日日，如 850615）", "Date of birth (YYMMDD, e.g. 850615)")
EXPIRY = Text("有效期至（年年月月日日，如 330131）", "Valid until (YYMMDD, e.g. 330131)")
READ = Text("读取芯片", "Read the chip")
CANCEL = Text("取消", "Cancel")


class MrzScreen(Screen):
    name = "mrz"
    states = frozenset({State.MRZ, State.READING})

    def refresh(self) -> None:
        clear(self.root)
        visit = self.visit
        reading = visit.state is State.READING
        self.root.addWidget(label(self.ctx.tr(TITLE), "title"))
        self.root.addWidget(label(self.ctx.tr(EXPLAIN)))
        form = QVBoxLayout()
        self.edits: list[QLineEdit] = []
        for text, name, typed in zip((NUMBER, BIRTH, EXPIRY), ("number", "birth", "expiry"), visit.mrz_typed,
                                     strict=True):
            edit = QLineEdit(typed)
            edit.setObjectName(f"mrz-{name}")
            edit.setMaxLength(20 if name == "number" else 6)
            if name != "number":
                edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
            edit.returnPressed.connect(self._submit)
            self.edits.append(edit)
            form.addWidget(label(self.ctx.tr(text)))
            form.addWidget(edit)
        self.root.addWidget(panel(form))
        if visit.mrz_problem is not None:
            self.root.addWidget(label(self.ctx.tr(visit.mrz_problem), "error", name="mrz-problem"))
        if reading:
            self.root.addWidget(label(self.ctx.tr(READING), "muted", name="mrz-reading"))
        self.root.addStretch(1)
        cancel = button(self.ctx.tr(CANCEL), "mrz-cancel")
        cancel.clicked.connect(visit.end)
        read = button(self.ctx.tr(READ), "mrz-read", "primary")
        read.setEnabled(not reading)
        read.clicked.connect(self._submit)
        self.root.addLayout(action_row(cancel, read))

    def _submit(self) -> None:
        number, birth, expiry = (edit.text() for edit in self.edits)
        self.visit.submit_mrz(number, birth, expiry)
