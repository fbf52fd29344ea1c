"""The combined form, one step (a group of shared facts) at a time."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.forms.engine import CombinedForm, Step
from kiosk.i18n import Text
from kiosk.visit import speech
from kiosk.visit.prompts import FIX, STEP_OF
from kiosk.visit.states import State
from ui.screens.base import Screen, UiContext, action_row, button, clear, label, scrolling
from ui.widgets.fields import ROW, FieldEditor, make_editor

NEXT, BACK, REVIEW = Text("下一步", "Next"), Text("上一步", "Back"), Text("核对信息", "Review")


class FormScreen(Screen):
    name = "form"
    states = frozenset({State.FORM})

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.editors: dict[str, FieldEditor] = {}
        self._shown_keys: tuple[str, ...] = ()

    @property
    def form(self) -> CombinedForm:
        assert self.ctx.session.form is not None
        return self.ctx.session.form

    def current_step(self) -> Step:
        return self.visit.current_step()

    def refresh(self) -> None:
        clear(self.root)
        self.editors = {}
        if self.ctx.session.form is None:
            return
        steps = self.visit.steps()
        step = self.current_step()
        self._shown_keys = tuple(f.key for f in step.fields)
        self.root.addWidget(label(self.ctx.tr(self.form.package.named(self.ctx.elder)), "muted"))
        title = STEP_OF.format(n=self.visit.step + 1, total=len(steps), title=self.ctx.tr(step.title))
        self.root.addWidget(label(self.ctx.tr(title), "title", name="form-step-title"))
        notice = self.visit.form_notice
        if notice is not None:
            self.root.addWidget(label(self.ctx.tr(notice), "warning", name="form-notice"))
        self.summary = label(self.ctx.tr(FIX), "error", name="form-errors")
        self.summary.hide()
        self.root.addWidget(self.summary)
        body = QWidget()
        fields = QVBoxLayout(body)
        fields.setSpacing(18)
        self.root.addWidget(scrolling(body), 1)  # in the window first: each editor is then styled once, when added
        session = self.ctx.session
        effective = self.form.effective(session.answers)
        for spec in step.fields:
            prefill = session.prefilled.get(spec.key)
            editor = make_editor(
                spec.worded(self.ctx.elder),  # the elder mode's plainer words, where the catalogue has them
                effective.get(spec.key) if spec.calculate else session.answers.get(spec.key),
                session.source_of(spec.key),
                locked=prefill is not None and prefill.locked,
                required=self.form.is_required(spec, session.answers),
                lang=self.ctx.lang,
                on_change=self._changed,
                today=self.form.today,
            )
            self.editors[spec.key] = editor
            fields.addWidget(editor)
        fields.addStretch(1)
        back = button(self.ctx.tr(BACK), "form-back")
        back.clicked.connect(self.visit.previous_step)
        last = self.visit.step == len(steps) - 1
        forward = button(self.ctx.tr(REVIEW if last else NEXT), "form-next", "primary")
        forward.clicked.connect(self._next)
        self.root.addLayout(action_row(back, forward))

    def _changed(self, key: str, value: object) -> None:
        self.visit.answer(key, value)
        editor = self.editors.get(key)
        if editor is not None:
            editor.set_error(None)
        if tuple(f.key for f in self.current_step().fields) != self._shown_keys:
            self.refresh()  # a choice showed or hid fields in this step

    def show_errors(self) -> bool:
        """Mark the current step's problems; True if there were any."""
        return self._mark(self.visit.step_errors())

    def _mark(self, errors: dict[str, Text]) -> bool:
        for key, editor in self.editors.items():
            message = errors.get(key)
            editor.set_error(self.ctx.tr(message) if message else self._row_error(editor, errors))
        self.summary.setVisible(bool(errors))
        return bool(errors)

    def _row_error(self, editor: FieldEditor, errors: dict[str, Text]) -> str | None:
        """A repeat group's first row problem, as "Entry 2 — Date of birth: …"."""
        spec = editor.spec
        for key, message in errors.items():
            if key.startswith(spec.key + "["):
                row = int(key[len(spec.key) + 1 : key.index("]")])
                sub = next((f for f in spec.fields if key.endswith("." + f.name)), None)
                where = f" — {sub.label(self.ctx.lang)}" if sub else ""
                return f"{self.ctx.tr(ROW.format(n=row + 1))}{where}：{self.ctx.tr(message)}"
        return None

    def _next(self) -> None:
        errors = self.visit.next_step()  # no problems: the visit moves on, and this screen with it
        if self._mark(errors):
            step = self.current_step()
            heard = replace(step, fields=tuple(spec.worded(self.ctx.elder) for spec in step.fields))  # as shown
            self.ctx.announce(speech.errors(heard, errors, self.ctx.lang))

