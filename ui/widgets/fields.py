"""Touch editors for the form engine's field types, one small class per kind of input."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QCheckBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from kiosk.catalogue import FieldSpec, FieldType
from kiosk.forms.engine import Source
from kiosk.i18n import Language, Text
from kiosk.identity import mask_id_number
from ui.screens.base import button, label

SOURCE_BADGES = {
    Source.DOCUMENT: Text("✓ 来自身份证，已核验", "✓ From your ID card, verified"),
    Source.SHARED: Text("✓ 来自部门共享数据", "✓ From shared government data"),
    Source.CALCULATED: Text("自动计算", "Calculated for you"),
}
YES, NO = Text("是", "Yes"), Text("否", "No")
DATE_HINT = Text("例如 2024-05-01", "e.g. 2024-05-01")
OPTIONAL = Text("（选填）", " (optional)")

OnChange = Callable[[str, object], None]


class FieldEditor(QWidget):
    """Label, input, source badge and an error line (errors are text, never colour alone)."""

    def __init__(
        self, spec: FieldSpec, value: object, source: Source, locked: bool, required: bool, lang: Language
    ) -> None:
        super().__init__()
        self.spec = spec
        self.setObjectName(f"editor-{spec.key}")
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 8)
        self.box.setSpacing(6)
        title = spec.label(lang) + ("" if required or spec.type is FieldType.SIGNATURE else OPTIONAL(lang))
        if spec.type is not FieldType.SIGNATURE:
            self.box.addWidget(label(title))
        if spec.hint is not None:
            self.box.addWidget(label(spec.hint(lang), "muted"))
        self.error = label("", "error", name=f"error-{spec.key}")
        self.error.hide()
        self.badge = label(SOURCE_BADGES[source](lang), "badge") if source in SOURCE_BADGES else None

    def finish(self) -> None:
        if self.badge is not None:
            self.box.addWidget(self.badge)
        self.box.addWidget(self.error)

    def set_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))


class TextEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, value: object, source: Source, locked: bool, required: bool,
                 lang: Language, on_change: OnChange) -> None:
        super().__init__(spec, value, source, locked, required, lang)
        shown = "" if value is None else str(value)
        if locked and spec.type is FieldType.RESIDENT_ID:
            shown = mask_id_number(shown)
        self.edit = QLineEdit(shown)
        self.edit.setObjectName(f"field-{spec.key}")
        self.edit.setReadOnly(locked or spec.calculate is not None)
        if spec.type is FieldType.DATE:
            self.edit.setPlaceholderText(DATE_HINT(lang))
        if spec.type in (FieldType.MOBILE, FieldType.POSTAL_CODE, FieldType.NUMBER):
            self.edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        if not self.edit.isReadOnly():
            self.edit.textChanged.connect(lambda text: on_change(spec.key, text.strip()))
        self.box.addWidget(self.edit)
        self.finish()

    def set_error(self, message: str | None) -> None:
        super().set_error(message)
        self.edit.setProperty("invalid", bool(message))
        self.edit.style().unpolish(self.edit)
        self.edit.style().polish(self.edit)


class ChoiceEditor(FieldEditor):
    """Single or multiple choice, and yes/no, as rows of large toggle buttons."""

    def __init__(self, spec: FieldSpec, value: object, source: Source, locked: bool, required: bool,
                 lang: Language, on_change: OnChange) -> None:
        super().__init__(spec, value, source, locked, required, lang)
        multi = spec.type is FieldType.MULTI_CHOICE
        if spec.type is FieldType.YES_NO:
            options: list[tuple[object, str, str]] = [(True, "yes", YES(lang)), (False, "no", NO(lang))]
        else:
            options = [(o.value, o.value, o.label(lang)) for o in spec.options]
        selected = set(value) if multi and isinstance(value, list) else {value}
        self.group = QButtonGroup(self)
        self.group.setExclusive(not multi)
        row = QHBoxLayout()
        for option_value, suffix, text in options:
            widget = button(text, f"field-{spec.key}-{suffix}")
            widget.setCheckable(True)
            widget.setChecked(value is not None and option_value in selected)
            widget.setEnabled(not locked)
            self.group.addButton(widget)
            widget.clicked.connect(lambda _c=False, v=option_value: self._picked(v, multi, on_change))
            row.addWidget(widget)
        row.addStretch(1)
        self.box.addLayout(row)
        self._values = [o[0] for o in options]
        self.finish()

    def _picked(self, value: object, multi: bool, on_change: OnChange) -> None:
        if multi:
            chosen = [v for v, b in zip(self._values, self.group.buttons(), strict=True) if b.isChecked()]
            on_change(self.spec.key, chosen)
        else:
            on_change(self.spec.key, value)


class SignatureEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, value: object, source: Source, locked: bool, required: bool,
                 lang: Language, on_change: OnChange) -> None:
        super().__init__(spec, value, source, locked, required, lang)
        self.check = QCheckBox(spec.label(lang))
        self.check.setObjectName(f"field-{spec.key}")
        self.check.setChecked(value is True)
        self.check.toggled.connect(lambda checked: on_change(spec.key, checked))
        self.box.addWidget(self.check)
        self.finish()


def make_editor(spec: FieldSpec, value: object, source: Source, locked: bool, required: bool,
                lang: Language, on_change: OnChange) -> FieldEditor:
    if spec.type in (FieldType.CHOICE, FieldType.MULTI_CHOICE, FieldType.YES_NO):
        return ChoiceEditor(spec, value, source, locked, required, lang, on_change)
    if spec.type is FieldType.SIGNATURE:
        return SignatureEditor(spec, value, source, locked, required, lang, on_change)
    return TextEditor(spec, value, source, locked, required, lang, on_change)


def value_label(spec: FieldSpec, value: object, lang: Language) -> QLabel:
    """A read-only rendering of an answer, for the review screen."""
    if spec.type is FieldType.YES_NO:
        text = (YES if value else NO)(lang)
    elif spec.type in (FieldType.CHOICE, FieldType.MULTI_CHOICE):
        chosen = value if isinstance(value, list) else [value]
        text = "、".join(o.label(lang) for o in spec.options if o.value in chosen)
    elif spec.type is FieldType.RESIDENT_ID:
        text = mask_id_number(str(value))
    elif spec.type is FieldType.SIGNATURE:
        text = "✓" if value is True else ""
    else:
        text = "" if value is None else str(value)
    return label(text, name=f"review-{spec.key}")
