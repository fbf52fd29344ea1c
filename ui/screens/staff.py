"""The hall's people at the kiosk: sign in (staff number and PIN, or a staff card), then the staff menu.

The sign-in keeps what was typed in its own fields across a refusal (the PIN is emptied); a new visit empties
both. The menu says who is signed in, masked, and opens the assisted services (帮办, 代办, identity by hand).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout

from kiosk.catalogue.model import FieldType
from kiosk.i18n import Text
from kiosk.visit.states import State
from ui.keyboard import fit_keys
from ui.screens.base import Screen, UiContext, action_row, button, clear, label, panel

SIGN_IN_TITLE = Text("工作人员登录", "Staff sign-in")
NUMBER = Text("工号（如 S0012）", "Staff number (e.g. S0012)")
PIN = Text("6 位密码", "6-digit PIN")
OR_CARD = Text("或在读卡器上放置工作人员卡", "or place your staff card on the reader")
CHECKING = Text("正在验证…", "Checking…")
SIGN_IN = Text("登录", "Sign in")
CANCEL = Text("取消", "Cancel")
MENU_TITLE = Text("工作人员服务", "Staff services")
WHO = Text("已登录：{number} {name}（{method}）", "Signed in: {number} {name} ({method})")
METHODS = {"card": Text("工作人员卡", "staff card"), "pin": Text("工号和密码", "number and PIN")}
HELP = Text("帮办：协助群众自己办理", "帮办 Help a citizen do it themselves")
ACT = Text("代办：代理人为群众办理", "代办 Act for a citizen, as their agent")
ENTER_IDENTITY = Text("录入身份：证件无法读取时", "Enter an identity: when a document cannot be read")
SIGN_OUT = Text("退出登录", "Sign out")
SWITCHES = Text(
    "长辈版、语音和语言可在顶部为群众切换；群众确认接受帮助后开始办理。",
    "The elder mode, voice and language are in the top bar, for the citizen. The citizen confirms the help first.",
)
_PIN_KEYS = (Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData
             | Qt.InputMethodHint.ImhNoPredictiveText | Qt.InputMethodHint.ImhHiddenText)


class StaffSignInScreen(Screen):
    name = "staff-sign-in"
    states = frozenset({State.STAFF_SIGN_IN})

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.number = QLineEdit()
        self.number.setObjectName("staff-number")
        self.number.setMaxLength(9)
        fit_keys(self.number, FieldType.SOCIAL_CREDIT_CODE)  # capitals and digits
        self.pin = QLineEdit()
        self.pin.setObjectName("staff-pin")
        self.pin.setMaxLength(6)
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setInputMethodHints(_PIN_KEYS)
        self.pin.returnPressed.connect(self._submit)
        self._visit: object = None

    def refresh(self) -> None:
        for edit in (self.number, self.pin):
            edit.setParent(None)  # kept across renders: what was typed stays
        clear(self.root)
        if self.ctx.desk is None:
            return
        visit = self.visit
        if visit is not self._visit:  # a new visit: nothing of the last sign-in
            self._visit = visit
            self.number.clear()
            self.pin.clear()
        if visit.state is not State.STAFF_SIGN_IN:
            return
        problem = visit.staff_problem
        if problem is not None:
            self.pin.clear()
        self.root.addWidget(label(self.ctx.tr(SIGN_IN_TITLE), "title"))
        form = QVBoxLayout()
        form.addWidget(label(self.ctx.tr(NUMBER)))
        form.addWidget(self.number)
        form.addWidget(label(self.ctx.tr(PIN)))
        form.addWidget(self.pin)
        self.root.addWidget(panel(form))
        for edit in (self.number, self.pin):  # kept across redraws, which hide them: shown once inside the panel
            edit.show()
        self.root.addWidget(label(self.ctx.tr(OR_CARD), "muted", name="staff-or-card"))
        if problem is not None:
            self.root.addWidget(label(self.ctx.tr(problem), "error", name="staff-problem"))
        if visit.staff_busy:
            self.root.addWidget(label(self.ctx.tr(CHECKING), "muted", name="staff-checking"))
        self.root.addStretch(1)
        cancel = button(self.ctx.tr(CANCEL), "staff-cancel")
        cancel.clicked.connect(visit.end)
        go = button(self.ctx.tr(SIGN_IN), "staff-sign-in", "primary")
        go.setEnabled(not visit.staff_busy)
        go.clicked.connect(self._submit)
        self.root.addLayout(action_row(cancel, go))

    def _submit(self) -> None:
        self.visit.staff_pin(self.number.text().strip().upper(), self.pin.text())


class StaffMenuScreen(Screen):
    name = "staff-menu"
    states = frozenset({State.STAFF_MENU})

    def refresh(self) -> None:
        clear(self.root)
        if self.ctx.desk is None or self.visit.state is not State.STAFF_MENU or self.visit.staff is None:
            return
        visit, staff = self.visit, self.visit.staff
        self.root.addWidget(label(self.ctx.tr(MENU_TITLE), "title"))
        who = WHO.format(number=staff.staff_number, name=staff.masked_name, method=self.ctx.tr(METHODS[staff.method]))
        self.root.addWidget(label(self.ctx.tr(who), "badge", name="staff-who"))
        for text, name, intent in ((HELP, "staff-help", visit.open_assisted), (ACT, "staff-act", visit.act_for),
                                   (ENTER_IDENTITY, "staff-enter-identity", visit.enter_identity)):
            choice = button(self.ctx.tr(text), name, "package")
            choice.clicked.connect(intent)
            self.root.addWidget(choice)
        self.root.addWidget(label(self.ctx.tr(SWITCHES), "muted"))
        self.root.addStretch(1)
        out = button(self.ctx.tr(SIGN_OUT), "staff-sign-out")
        out.clicked.connect(visit.staff_sign_out)
        row = QHBoxLayout()
        row.addWidget(out)
        row.addStretch(1)
        self.root.addLayout(row)
