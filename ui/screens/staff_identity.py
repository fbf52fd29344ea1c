"""Staff type what a card would have said: a citizen's identity when their document cannot be read, or, for 代办,
the agent's document and authorisation. Typed fields keep their text across a refusal; a new visit empties them."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLineEdit, QVBoxLayout

from kiosk.catalogue.model import FieldType
from kiosk.i18n import Text
from kiosk.identity import DOCUMENT_NAMES, DocumentType
from kiosk.visit.hall_prompts import AUTHORISATIONS, REASONS
from kiosk.visit.staffing import ENTERED_DOCUMENTS
from kiosk.visit.states import State
from ui.keyboard import fit_keys
from ui.screens.base import Screen, UiContext, action_row, button, clear, label, panel
from ui.widgets.touchlist import TouchList

IDENTITY_TITLE = Text("录入群众身份", "Enter the citizen's identity")
IDENTITY_EXPLAIN = Text(
    "仅用于证件无法读取的群众。申请将标记为“工作人员录入”，由平台与人口库核验。",
    "Only for a citizen whose document cannot be read. The application is marked as entered by staff, and the "
    "platform checks it against the population registry.",
)
AGENT_TITLE = Text("代办：代理人信息", "代办: the agent")
AGENT_EXPLAIN = Text("代理人的证件和授权方式，随申请一并记录。", "The agent's document and authorisation, recorded "
                     "with the application.")
DOCUMENT = Text("证件类型", "Document type")
NAME = Text("姓名", "Name")
ID_NUMBER = Text("证件号码", "Document number")
REASON = Text("原因", "Reason")
AUTHORISATION = Text("授权方式", "Authorisation")
SUBMIT = Text("确认", "Confirm")
CANCEL = Text("取消", "Cancel")


class StaffIdentityScreen(Screen):
    name = "staff-identity"
    states = frozenset({State.STAFF_IDENTITY, State.STAFF_AGENT})

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.document = TouchList()
        self.document.setObjectName("staff-document")
        self.person_name = _edit("staff-name")
        self.id_number = _edit("staff-id-number")
        fit_keys(self.id_number, FieldType.RESIDENT_ID)  # digits, and the X key
        self.kept = (self.document, self.person_name, self.id_number)
        self.chosen: dict[str, str] = {}  # "reason" or "authorisation": the option tapped
        self.errors: dict[str, Text] = {}
        self._visit: object = None
        self._state: State | None = None

    def refresh(self) -> None:
        for widget in self.kept:
            widget.setParent(None)  # kept across renders: what was typed stays
        clear(self.root)
        if self.ctx.desk is None:
            return
        visit = self.visit
        if visit is not self._visit or visit.state is not self._state:
            self._visit, self._state = visit, visit.state
            self._start_over()
        if visit.state not in self.states:
            return
        agent = visit.state is State.STAFF_AGENT
        self.root.addWidget(label(self.ctx.tr(AGENT_TITLE if agent else IDENTITY_TITLE), "title"))
        self.root.addWidget(label(self.ctx.tr(AGENT_EXPLAIN if agent else IDENTITY_EXPLAIN), "muted"))
        errors = self.errors or ({} if agent else dict(visit.identity_problem))
        for index in range(self.document.count()):  # in this language
            self.document.setItemText(index, self.ctx.tr(DOCUMENT_NAMES[DocumentType(self.document.itemData(index))]))
        form = QVBoxLayout()
        self._field(form, DOCUMENT, self.document, errors.get("document_type"))
        if not agent:
            self._field(form, NAME, self.person_name, errors.get("name"))
        self._field(form, ID_NUMBER, self.id_number, errors.get("id_number"))
        key, options = ("authorisation", AUTHORISATIONS) if agent else ("reason", REASONS)
        form.addWidget(label(self.ctx.tr(AUTHORISATION if agent else REASON)))
        form.addLayout(self._choices(key, options))
        if key in errors:
            form.addWidget(label(self.ctx.tr(errors[key]), "error", name=f"error-{key}"))
        self.root.addWidget(panel(form))
        for kept in (self.document, self.id_number, *(() if agent else (self.person_name,))):
            kept.show()  # kept across redraws, which hide them: shown once inside the panel, never as windows
        self.root.addStretch(1)
        cancel = button(self.ctx.tr(CANCEL), "staff-identity-cancel")
        cancel.clicked.connect(visit.end)
        go = button(self.ctx.tr(SUBMIT), "staff-agent-submit" if agent else "staff-identity-submit", "primary")
        go.clicked.connect(self.submit)
        self.root.addLayout(action_row(cancel, go))

    def _start_over(self) -> None:
        self.person_name.clear()
        self.id_number.clear()
        self.chosen.clear()
        self.errors = {}
        self.document.clear()
        agent = self._state is State.STAFF_AGENT  # an agent's may be any document; a citizen's has a GB 11643 number
        for kind in tuple(DocumentType) if agent else ENTERED_DOCUMENTS:
            self.document.addItem(self.ctx.tr(DOCUMENT_NAMES[kind]), kind.value)
        self.document.setCurrentIndex(0)  # the resident ID card: nearly everyone's

    def _field(self, form: QVBoxLayout, title: Text, widget: QLineEdit | TouchList, error: Text | None) -> None:
        form.addWidget(label(self.ctx.tr(title)))
        form.addWidget(widget)
        if isinstance(widget, QLineEdit):
            widget.setProperty("invalid", error is not None)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        if error is not None:
            form.addWidget(label(self.ctx.tr(error), "error", name=f"error-{widget.objectName()}"))

    def _choices(self, key: str, options: dict[str, Text]) -> QHBoxLayout:
        row = QHBoxLayout()
        group = QButtonGroup(row)
        for value, text in options.items():
            choice = button(self.ctx.tr(text), f"{key}-{value}")
            choice.setCheckable(True)
            choice.setChecked(self.chosen.get(key) == value)
            choice.clicked.connect(lambda _c=False, v=value: self.chosen.__setitem__(key, v))
            group.addButton(choice)
            row.addWidget(choice)
        row.addStretch(1)
        return row

    def submit(self) -> None:
        visit = self.visit
        document = str(self.document.currentData() or "")
        number = self.id_number.text().strip().upper()
        if visit.state is State.STAFF_AGENT:
            self.errors = visit.record_agent(document, number, self.chosen.get("authorisation", ""))
        else:
            self.errors = visit.submit_identity(document, self.person_name.text().strip(), number,
                                                self.chosen.get("reason", ""))
        if self.errors and visit.state in self.states:
            self.refresh()


def _edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setMaxLength(40)
    return edit
