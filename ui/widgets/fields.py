"""Touch editors for the form engine's field types, one small class per kind of input."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from typing import assert_never

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk import divisions
from kiosk.catalogue import FieldSpec, FieldType
from kiosk.forms.engine import Source
from kiosk.i18n import Language, Text
from kiosk.identity import mask_id_number
from ui.keyboard import fit_keys
from ui.screens.base import button, clear, label, panel
from ui.widgets.touchlist import TouchList

SOURCE_BADGES = {
    Source.DOCUMENT: Text("✓ 来自身份证，已核验", "✓ From your ID card, verified"),
    Source.SHARED: Text("✓ 来自部门共享数据", "✓ From shared government data"),
    Source.CALCULATED: Text("自动计算", "Calculated for you"),
}
YES, NO = Text("是", "Yes"), Text("否", "No")
DATE_PARTS = (Text("年", "Year"), Text("月", "Month"), Text("日", "Day"))
DATE_ITEMS = (Text("{n}年", "{n}"), Text("{n}月", "{name}"), Text("{n}日", "{n}"))
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
YEARS_BACK, YEARS_AHEAD = 120, 10  # a birth date of the oldest citizen; an appointment or a retirement ahead
OPTIONAL = Text("（选填）", " (optional)")
LEVELS = (Text("省", "Province"), Text("市", "City"), Text("县（区）", "County or district"))
STREET = Text("街道、门牌号", "Street and number")
SCAN = Text("扫描一页", "Scan a page")
RESCAN = Text("重新扫描", "Scan again")
SCANNED = Text("已扫描 {pages} 页", "{pages} page(s) scanned")
NOT_YET = Text("请将材料放在扫描区，然后点“扫描一页”", "Place the document on the scanner, then tap Scan")
ROW = Text("第 {n} 项", "Entry {n}")
ADD_ROW = Text("＋ 添加一项", "+ Add an entry")
REMOVE_ROW = Text("删除", "Remove")

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
        optional = not required and spec.type is not FieldType.SIGNATURE and spec.calculate is None
        title = spec.label(lang) + (OPTIONAL(lang) if optional else "")
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

    def spoken(self, widget: QWidget) -> str:
        """What ``widget`` (this field's, in focus) holds, for the voice."""
        if isinstance(widget, QLineEdit):
            return widget.text()
        return widget.currentText() if isinstance(widget, QComboBox) else ""


class TextEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, value: object, source: Source, locked: bool, required: bool,
                 lang: Language, on_change: OnChange, today: dt.date) -> None:
        super().__init__(spec, value, source, locked, required, lang)
        shown = "" if value is None else str(value)
        if locked and spec.type is FieldType.RESIDENT_ID:
            shown = mask_id_number(shown)
        self.edit = QLineEdit(shown)
        self.edit.setObjectName(f"field-{spec.key}")
        self.edit.setReadOnly(locked or spec.calculate is not None)
        fit_keys(self.edit, spec.type)  # the on-screen keyboard's layout
        if not self.edit.isReadOnly():
            self.edit.textChanged.connect(lambda text: on_change(spec.key, text.strip()))
        self.box.addWidget(self.edit)
        self.finish()

    def set_error(self, message: str | None) -> None:
        super().set_error(message)
        _mark_invalid(self.edit, bool(message))


class DateEditor(FieldEditor):
    """Year, month and day picked from lists, never typed. With ``past_only`` nothing after ``today`` (the form's
    own, as its check uses) is offered. A day that a new month or year no longer has is cleared, not moved."""

    def __init__(self, spec: FieldSpec, value: object, source: Source, locked: bool, required: bool,
                 lang: Language, on_change: OnChange, today: dt.date) -> None:
        super().__init__(spec, value, source, locked, required, lang)
        self.lang, self.today, self._on_change = lang, today, on_change
        chosen = _iso_date(value)
        row = QHBoxLayout()
        self.parts: list[QComboBox] = []
        for part, hint, stretch in zip(("year", "month", "day"), DATE_PARTS, (3, 3, 2), strict=True):
            combo = TouchList()
            combo.setObjectName(f"{spec.key}-{part}")
            combo.setPlaceholderText(hint(lang))
            combo.setAccessibleName(f"{spec.label(lang)} {hint(lang)}")
            combo.setEnabled(not locked and spec.calculate is None)
            combo.activated.connect(self._picked)
            self.parts.append(combo)
            row.addWidget(combo, stretch)
        self.year, self.month, self.day = self.parts
        self.box.addLayout(row)
        top = today.year if spec.past_only else today.year + YEARS_AHEAD
        bottom = today.year - YEARS_BACK
        if chosen is not None:  # an answer from a card or shared data is shown even if older
            top, bottom = max(top, chosen.year), min(bottom, chosen.year)
        _fill(self.year, range(top, bottom - 1, -1), DATE_ITEMS[0](lang).format, chosen.year if chosen else None)
        self._offer(chosen)
        self.finish()

    @property
    def value(self) -> str:
        """``YYYY-MM-DD`` once year, month and day are all chosen, else empty."""
        year, month, day = (combo.currentData() for combo in self.parts)
        return dt.date(year, month, day).isoformat() if None not in (year, month, day) else ""

    def _offer(self, chosen: dt.date | None = None) -> None:
        """Fill the month and day lists for what is chosen (or ``chosen``): they follow the year and the month."""
        year = self.year.currentData()
        this_year = self.spec.past_only and year == self.today.year
        months = range(1, (self.today.month if this_year else 12) + 1)
        _fill(self.month, months, self._month_name, chosen.month if chosen else None)
        month = self.month.currentData()
        last = 31 if month is None else calendar.monthrange(2000 if year is None else year, month)[1]  # 2000: leap
        if this_year and month == self.today.month:
            last = min(last, self.today.day)
        _fill(self.day, range(1, last + 1), DATE_ITEMS[2](self.lang).format, chosen.day if chosen else None)

    def _month_name(self, n: int) -> str:
        return DATE_ITEMS[1](self.lang).format(n=n, name=MONTH_NAMES[n - 1])

    def _picked(self) -> None:
        self._offer()
        self._on_change(self.spec.key, self.value)

    def set_error(self, message: str | None) -> None:
        super().set_error(message)
        for combo in self.parts:
            _mark_invalid(combo, bool(message))

    def spoken(self, widget: QWidget) -> str:
        """The whole date as far as it is chosen, whichever of its lists has the focus."""
        chosen = [combo.currentText() for combo in self.parts if combo.currentIndex() >= 0]
        return ("" if self.lang == "zh" else " ").join(chosen)


def _mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Set the style sheet's ``[invalid="true"]`` state: a dynamic property needs the style applied again."""
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def _iso_date(value: object) -> dt.date | None:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _fill(combo: QComboBox, numbers: Iterable[int], shown: Callable[..., str], chosen: int | None = None) -> None:
    """Offer ``numbers``, keeping the one chosen (or ``chosen``); one no longer offered leaves the list unchosen."""
    keep = chosen or combo.currentData()
    combo.clear()
    for n in numbers:
        combo.addItem(shown(n=n), n)
    combo.setCurrentIndex(combo.findData(keep) if keep is not None else -1)


class ChoiceEditor(FieldEditor):
    """Single or multiple choice, and yes/no, as rows of large toggle buttons."""

    def __init__(self, spec: FieldSpec, value: object, source: Source, locked: bool, required: bool,
                 lang: Language, on_change: OnChange, today: dt.date) -> None:
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
                 lang: Language, on_change: OnChange, today: dt.date) -> None:
        super().__init__(spec, value, source, locked, required, lang)
        self.check = QCheckBox(spec.label(lang))
        self.check.setObjectName(f"field-{spec.key}")
        self.check.setChecked(value is True)
        self.check.toggled.connect(lambda checked: on_change(spec.key, checked))
        self.box.addWidget(self.check)
        self.finish()


class AddressEditor(FieldEditor):
    """Province, city and county from the bundled division list, then the street."""

    def __init__(self, spec: FieldSpec, value: object, source: Source, locked: bool, required: bool,
                 lang: Language, on_change: OnChange, today: dt.date) -> None:
        super().__init__(spec, value, source, locked, required, lang)
        current = value if isinstance(value, dict) else {}
        self._on_change = on_change
        self._division = str(current.get("division") or "")
        chosen = [d.code for d in divisions.lineage(self._division)] if divisions.is_county(self._division) else []
        row = QHBoxLayout()
        self.levels: list[QComboBox] = []
        for level, hint in enumerate(LEVELS):
            combo = TouchList()
            combo.setObjectName(f"field-{spec.key}-level{level}")
            combo.setPlaceholderText(hint(lang))
            combo.setEnabled(not locked)
            combo.activated.connect(lambda _i=0, lv=level: self._picked(lv))
            self.levels.append(combo)
            row.addWidget(combo, 1)
        self.box.addLayout(row)
        self._fill(0, None, chosen)
        self.detail = QLineEdit(str(current.get("detail") or ""))
        self.detail.setObjectName(f"field-{spec.key}-detail")
        self.detail.setPlaceholderText(STREET(lang))
        self.detail.setReadOnly(locked)
        self.detail.textChanged.connect(lambda _t: self._changed())
        self.box.addWidget(self.detail)
        self.finish()

    def _fill(self, level: int, parent: str | None, chosen: list[str]) -> None:
        """Fill one list (and, along ``chosen``, the ones below it)."""
        for lower in self.levels[level:]:
            lower.clear()
        combo = self.levels[level]
        for division in divisions.children(parent):
            combo.addItem(division.name, division.code)
        if level < len(chosen):
            combo.setCurrentIndex(combo.findData(chosen[level]))
            if level + 1 < len(self.levels):
                self._fill(level + 1, chosen[level], chosen)

    def _picked(self, level: int) -> None:
        code = self.levels[level].currentData()
        if level + 1 < len(self.levels):
            self._fill(level + 1, code, [])
        self._division = code if isinstance(code, str) and divisions.is_county(code) else ""
        self._changed()

    def _changed(self) -> None:
        self._on_change(self.spec.key, {"division": self._division, "detail": self.detail.text().strip()})


class FileEditor(FieldEditor):
    """A document to scan at the hall. The scanner itself is not wired in yet: this counts the pages."""

    def __init__(self, spec: FieldSpec, value: object, source: Source, locked: bool, required: bool,
                 lang: Language, on_change: OnChange, today: dt.date) -> None:
        super().__init__(spec, value, source, locked, required, lang)
        pages = value.get("pages") if isinstance(value, dict) else 0
        self.pages = pages if isinstance(pages, int) else 0
        row = QHBoxLayout()
        self.status = label(SCANNED(lang).format(pages=self.pages) if self.pages else NOT_YET(lang), "muted")
        scan = button(SCAN(lang), f"field-{spec.key}-scan")
        scan.clicked.connect(lambda: self._scanned(on_change, self.pages + 1, lang))
        again = button(RESCAN(lang), f"field-{spec.key}-clear")
        again.clicked.connect(lambda: self._scanned(on_change, 0, lang))
        for widget in (scan, again):
            widget.setEnabled(not locked)
            row.addWidget(widget)
        row.addWidget(self.status, 1)
        self.box.addLayout(row)
        self.finish()

    def _scanned(self, on_change: OnChange, pages: int, lang: Language) -> None:
        self.pages = pages
        self.status.setText(SCANNED(lang).format(pages=pages) if pages else NOT_YET(lang))
        on_change(self.spec.key, {"pages": pages} if pages else None)


class RepeatEditor(FieldEditor):
    """Rows of sub-fields (children, shareholders, heirs), each with its own editors."""

    def __init__(self, spec: FieldSpec, value: object, source: Source, locked: bool, required: bool,
                 lang: Language, on_change: OnChange, today: dt.date) -> None:
        super().__init__(spec, value, source, locked, required, lang)
        raw_rows = value if isinstance(value, list) else []
        self.rows: list[dict[str, object]] = [dict(r) for r in raw_rows if isinstance(r, dict)]
        self.lang = lang
        self.locked = locked
        self.today = today
        self._on_change = on_change
        self.area = QVBoxLayout()
        self.box.addLayout(self.area)
        self.add = button(ADD_ROW(lang), f"field-{spec.key}-add")
        self.add.clicked.connect(self._add)
        self.box.addWidget(self.add)
        self._render()
        self.finish()
        if len(self.rows) < spec.min_rows and not locked:
            for _ in range(spec.min_rows - len(self.rows)):
                self._add()  # the rows the group needs at least, shown and answered as empty

    def _render(self) -> None:
        clear(self.area)
        for index, row in enumerate(self.rows):
            frame_box = QVBoxLayout()
            heading = QHBoxLayout()
            heading.addWidget(label(ROW(self.lang).format(n=index + 1), "muted"), 1)
            remove = button(REMOVE_ROW(self.lang), f"field-{self.spec.key}-remove-{index}")
            remove.setEnabled(not self.locked and len(self.rows) > self.spec.min_rows)
            remove.clicked.connect(lambda _c=False, i=index: self._remove(i))
            heading.addWidget(remove)
            frame_box.addLayout(heading)
            for sub in self.spec.fields:
                editor = make_editor(
                    sub, row.get(sub.name), Source.CITIZEN, self.locked, sub.required is True, self.lang,
                    functools.partial(self._row_changed, index), self.today,
                )
                editor.setObjectName(f"editor-{self.spec.key}-{index}-{sub.name}")
                frame_box.addWidget(editor)
            self.area.addWidget(panel(frame_box))
        self.add.setVisible(not self.locked and len(self.rows) < self.spec.max_rows)

    def _row_changed(self, index: int, key: str, value: object) -> None:
        self.rows[index][key.rsplit(".", 1)[-1]] = value
        self._on_change(self.spec.key, [dict(r) for r in self.rows])

    def _add(self) -> None:
        self.rows.append({})
        self._render()
        self._on_change(self.spec.key, [dict(r) for r in self.rows])

    def _remove(self, index: int) -> None:
        del self.rows[index]
        self._render()
        self._on_change(self.spec.key, [dict(r) for r in self.rows])


EDITORS: dict[FieldType, type[FieldEditor]] = {  # tests/test_field_registry.py checks it covers FieldType
    FieldType.TEXT: TextEditor,
    FieldType.NUMBER: TextEditor,
    FieldType.DATE: DateEditor,
    FieldType.CHOICE: ChoiceEditor,
    FieldType.MULTI_CHOICE: ChoiceEditor,
    FieldType.RESIDENT_ID: TextEditor,
    FieldType.SOCIAL_CREDIT_CODE: TextEditor,
    FieldType.MOBILE: TextEditor,
    FieldType.POSTAL_CODE: TextEditor,
    FieldType.ADDRESS: AddressEditor,
    FieldType.YES_NO: ChoiceEditor,
    FieldType.SIGNATURE: SignatureEditor,
    FieldType.REPEAT: RepeatEditor,
    FieldType.FILE: FileEditor,
}


def make_editor(spec: FieldSpec, value: object, source: Source, locked: bool, required: bool,
                lang: Language, on_change: OnChange, today: dt.date) -> FieldEditor:
    """``today`` is the form's: a date editor offers what the form's checks accept."""
    kind = EDITORS[spec.type]
    return kind(spec, value, source, locked, required, lang, on_change, today)  # type: ignore[call-arg]


def value_label(spec: FieldSpec, value: object, lang: Language) -> QLabel:
    """A read-only rendering of an answer, for the review screen."""
    return label(_plain(spec, value, lang), name=f"review-{spec.key}")


def _plain(spec: FieldSpec, value: object, lang: Language) -> str:
    match spec.type:
        case FieldType.YES_NO:
            return (YES if value else NO)(lang)
        case FieldType.CHOICE | FieldType.MULTI_CHOICE:
            chosen = value if isinstance(value, list) else [value]
            return "、".join(o.label(lang) for o in spec.options if o.value in chosen)
        case FieldType.RESIDENT_ID:
            return mask_id_number(str(value))
        case FieldType.SIGNATURE:
            return "✓" if value is True else ""
        case FieldType.ADDRESS if isinstance(value, dict):
            division = str(value.get("division") or "")
            place = divisions.full_name(division) if divisions.is_county(division) else ""
            return f"{place}{value.get('detail') or ''}"
        case FieldType.FILE if isinstance(value, dict):
            return SCANNED(lang).format(pages=value.get("pages", 0))
        case FieldType.REPEAT if isinstance(value, list):
            rows = [row for row in value if isinstance(row, dict)]
            return "\n".join(
                ROW(lang).format(n=i + 1) + "：" + "，".join(
                    f"{sub.label(lang)} {_plain(sub, row.get(sub.name), lang)}"
                    for sub in spec.fields if row.get(sub.name)
                )
                for i, row in enumerate(rows)
            )
        case (
            FieldType.TEXT | FieldType.NUMBER | FieldType.DATE | FieldType.SOCIAL_CREDIT_CODE | FieldType.MOBILE
            | FieldType.POSTAL_CODE | FieldType.ADDRESS | FieldType.FILE | FieldType.REPEAT
        ):  # as typed (an address, a scan or rows in another shape too)
            return "" if value is None else str(value)
        case _:
            assert_never(spec.type)
