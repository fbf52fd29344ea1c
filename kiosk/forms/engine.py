"""The combined form of a scenario package.

Rules written down:
- A shared fact (one semantic key) is asked once, however many items need it.
- A field is shown when an applicable item needs it and its ``visible_if`` holds.
- **The values of hidden fields are dropped from the submission**, so a value typed
  and then hidden by a later choice never reaches a department. Rules are evaluated
  on the answers that remain (a fixed point), so a hidden field cannot show another.
- Calculated fields are computed, never typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from kiosk.catalogue.model import (
    DOCUMENT_FACTS,
    Catalogue,
    FieldSpec,
    FieldType,
    Material,
    ScenarioPackage,
    ServiceItem,
)
from kiosk.forms.field_types import BAD_CHOICE as BAD_CHOICE  # re-exported: callers compare with it
from kiosk.forms.field_types import KINDS, NOT_SIGNED
from kiosk.forms.logic import evaluate, holds
from kiosk.i18n import Text
from kiosk.identity import IdentityRecord

Answers = Mapping[str, object]

REQUIRED = Text("此项必填", "This is required")


class Source(StrEnum):
    DOCUMENT = "document"  # read from the identity document: verified, locked
    SHARED = "shared"  # from shared data, after consent
    CITIZEN = "citizen"
    CALCULATED = "calculated"


@dataclass(frozen=True)
class Prefill:
    value: object
    source: Source
    locked: bool


@dataclass(frozen=True)
class Step:
    key: str
    title: Text
    fields: tuple[FieldSpec, ...]


@dataclass(frozen=True)
class Checklist:
    to_bring: tuple[Material, ...]
    not_needed: tuple[Material, ...]  # covered by e-licences, shared data or made here


ROWS = Text("请填写 {low} 到 {high} 项", "Please give {low} to {high} entries")


def is_empty(value: object) -> bool:
    if isinstance(value, dict):
        return all(is_empty(v) for v in value.values())
    return value is None or value == "" or value == [] or value is False


def check_value(spec: FieldSpec, value: object, today: dt.date) -> Text | None:
    """The message for one non-empty value of a field, or None if it is acceptable. Never raises."""
    return KINDS[spec.type].check(spec, value.strip() if isinstance(value, str) else value, today)


def field_errors(spec: FieldSpec, value: object, required: bool, today: dt.date) -> dict[str, Text]:
    """Problems with one field's value, by key (a repeat group also reports each row's sub-fields)."""
    if spec.type is FieldType.SIGNATURE:
        return {} if value is True else {spec.key: NOT_SIGNED}
    if is_empty(value) and spec.type is not FieldType.YES_NO:
        rows_needed = spec.type is FieldType.REPEAT and spec.min_rows > 0
        return {spec.key: REQUIRED} if required or rows_needed else {}
    message = check_value(spec, value, today)
    if message is not None:
        return {spec.key: message}
    if spec.type is not FieldType.REPEAT or not isinstance(value, list):
        return {}
    problems: dict[str, Text] = {}
    if not spec.min_rows <= len(value) <= spec.max_rows:
        problems[spec.key] = ROWS.format(low=spec.min_rows, high=spec.max_rows)
    for index, row in enumerate(value):
        for sub in spec.fields:
            sub_required = sub.required is True
            for _key, text in field_errors(sub, row.get(sub.name), sub_required, today).items():
                problems[f"{spec.key}[{index}].{sub.name}"] = text
    return problems


class CombinedForm:
    """The form of one package, merged from its items' forms on semantic keys."""

    def __init__(self, catalogue: Catalogue, package: ScenarioPackage, today: dt.date | None = None) -> None:
        self.catalogue = catalogue
        self.package = package
        self.today = today or dt.date.today()
        group_order = {g.key: i for i, g in enumerate(catalogue.groups)}
        first_seen: dict[str, int] = {}
        for pi in package.items:
            for key in catalogue.items[pi.item_code].fields:
                first_seen.setdefault(key, len(first_seen))
        self.fields: tuple[FieldSpec, ...] = tuple(
            sorted(
                (catalogue.fields[k] for k in first_seen),
                key=lambda f: (group_order[f.group], first_seen[f.key]),
            )
        )
        self._by_key = {f.key: f for f in self.fields}

    def field(self, key: str) -> FieldSpec:
        return self._by_key[key]

    # -- visibility ------------------------------------------------------------------------------

    def _applicable(self, answers: Answers) -> list[ServiceItem]:
        return [
            self.catalogue.items[pi.item_code]
            for pi in self.package.items
            if holds(pi.when, answers, self.today) and self.catalogue.items[pi.item_code].in_force(self.today)
        ]

    def _visible_keys(self, answers: Answers) -> set[str]:
        needed = {key for item in self._applicable(answers) for key in item.fields}
        return {k for k in needed if holds(self._by_key[k].visible_if, answers, self.today)}

    def effective(self, answers: Answers) -> dict[str, object]:
        """The answers of visible fields only, with calculated values filled in."""
        current = dict(answers)
        for _ in range(len(self.fields) + 1):
            visible = self._visible_keys(current)
            nxt = {k: v for k, v in answers.items() if k in visible}
            for f in self.fields:
                if f.calculate is not None and f.key in visible:
                    nxt[f.key] = evaluate(f.calculate, nxt, self.today)
            if nxt == current:
                break
            current = nxt
        return current

    def visible(self, answers: Answers) -> list[FieldSpec]:
        keys = self._visible_keys(self.effective(answers))
        return [f for f in self.fields if f.key in keys]

    def applicable_items(self, answers: Answers) -> list[ServiceItem]:
        return self._applicable(self.effective(answers))

    def steps(self, answers: Answers) -> list[Step]:
        visible = self.visible(answers)
        steps = []
        for group in self.catalogue.groups:
            fields = tuple(f for f in visible if f.group == group.key)
            if fields:
                steps.append(Step(group.key, group.title, fields))
        return steps

    # -- validation ------------------------------------------------------------------------------

    def is_required(self, spec: FieldSpec, answers: Answers) -> bool:
        return spec.calculate is None and holds(spec.required, self.effective(answers), self.today)

    def check_value(self, spec: FieldSpec, value: object) -> Text | None:
        """The message for one non-empty value, or None if it is acceptable."""
        return check_value(spec, value, self.today)

    def errors(self, answers: Answers, fields: tuple[FieldSpec, ...] | None = None) -> dict[str, Text]:
        """Messages by field key, for the visible fields (or for those of one step).

        A repeat group's row problems are keyed ``<group key>[<row>].<sub-field>``. An applicable
        item's conditions (``checks``, e.g. a minimum age) speak at their field once it is valid.
        """
        effective = self.effective(answers)
        visible = self._visible_keys(effective)
        result: dict[str, Text] = {}
        for spec in fields or self.fields:
            if spec.key not in visible or spec.calculate is not None:
                continue
            required = holds(spec.required, effective, self.today)
            result.update(field_errors(spec, effective.get(spec.key), required, self.today))
        asked = {spec.key for spec in fields or self.fields} & visible
        for item in self._applicable(effective):
            for check in item.checks:
                value = effective.get(check.field)
                answered = check.field in asked and check.field not in result and not is_empty(value)
                if answered and not holds(check.rule, effective, self.today):
                    result[check.field] = check.message
        return result

    # -- results ---------------------------------------------------------------------------------

    def fan_out(self, answers: Answers) -> list[tuple[ServiceItem, dict[str, object]]]:
        """One application per applicable item, each with only the facts that item asks for."""
        effective = self.effective(answers)
        return [
            (item, {k: effective[k] for k in item.fields if k in effective})
            for item in self._applicable(effective)
        ]

    def checklist(self, answers: Answers) -> Checklist:
        effective = self.effective(answers)
        seen: dict[str, Material] = {}
        for item in self._applicable(effective):
            for material in item.materials:
                if holds(material.when, effective, self.today):
                    seen.setdefault(material.code, material)
        return Checklist(
            to_bring=tuple(m for m in seen.values() if m.must_bring),
            not_needed=tuple(m for m in seen.values() if not m.must_bring),
        )

    def promised_days(self, answers: Answers) -> int:
        return max((i.promised_days for i in self.applicable_items(answers)), default=0)


def identity_prefill(form: CombinedForm, record: IdentityRecord, *, verified: bool = True) -> dict[str, Prefill]:
    """Values read from the identity document, for the fields that ask for them; locked as verified.

    An identity typed by staff (``verified`` False) pre-fills the same fields as typed answers: editable,
    and never claimed to come from the document."""
    values: dict[str, object] = {}
    for fact in DOCUMENT_FACTS:
        value = getattr(record, fact)
        values[f"document.{fact}"] = value.isoformat() if isinstance(value, dt.date) else value
    prefills = {}
    for spec in form.fields:
        value = values.get(spec.prefill or "")
        if not value:
            continue
        if not verified:
            prefills[spec.key] = Prefill(value, Source.CITIZEN, locked=False)
        elif spec.type is FieldType.ADDRESS:
            prefills[spec.key] = _address_prefill(str(value))
        else:
            prefills[spec.key] = Prefill(value, Source.DOCUMENT, locked=True)
    return prefills


def _address_prefill(text: str) -> Prefill:
    """The card's one-line address as division + detail; locked only if the division was recognised."""
    from kiosk.divisions import split_address

    division, detail = split_address(text)
    if division is None:
        return Prefill({"division": "", "detail": text}, Source.DOCUMENT, locked=False)
    return Prefill({"division": division, "detail": detail}, Source.DOCUMENT, locked=True)


def shared_prefill(form: CombinedForm, shared: Mapping[str, object]) -> dict[str, Prefill]:
    """Values from departments' shared data (``shared.<name>``), fetched after the citizen consented.

    They show their source but stay editable: shared records can be out of date, and the
    citizen, not the record, signs the application.
    """
    return {
        spec.key: Prefill(shared[spec.prefill], Source.SHARED, locked=False)
        for spec in form.fields
        if spec.prefill is not None and spec.prefill.startswith("shared.") and not is_empty(shared.get(spec.prefill))
    }
