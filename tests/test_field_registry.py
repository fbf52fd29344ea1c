"""One entry per field type: every mapping over FieldType covers it, and each entry says what it does.

mypy catches a missing case in a ``match`` over the types (``assert_never``, ui/widgets/fields.py)
or over ``Stated`` (kiosk/documents/certificates/facts.py); these tests catch the mappings.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from kiosk.catalogue import FieldSpec, FieldType
from kiosk.catalogue.model import Option
from kiosk.documents.certificates.facts import stored_value
from kiosk.forms.engine import Source, check_value, field_errors
from kiosk.forms.field_types import KINDS, SAMPLE_ID, Stated, sample_value
from kiosk.i18n import Text
from kiosk.identity import mask_id_number
from kiosk.log import redact

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 21)
NEVER_STATED = {FieldType.RESIDENT_ID, FieldType.MOBILE, FieldType.SIGNATURE, FieldType.FILE, FieldType.REPEAT}


def spec(ftype: FieldType) -> FieldSpec:
    """A field of the type, with what its type needs: options, or a row's sub-field."""
    options = (Option("a", Text("甲", "A")), Option("b", Text("乙", "B")))
    sub = FieldSpec(key="x.rows.name", type=FieldType.TEXT, label=Text("名字", "Name"), group="x")
    return FieldSpec(
        key=f"x.{ftype.value}", type=ftype, label=Text("测试", "Test"), group="x",
        options=options if ftype in (FieldType.CHOICE, FieldType.MULTI_CHOICE) else (),
        fields=(sub,) if ftype is FieldType.REPEAT else (),
    )


def test_every_field_type_has_one_entry_and_one_editor() -> None:
    from ui.widgets.fields import EDITORS

    assert set(KINDS) == set(FieldType)
    assert set(EDITORS) == set(FieldType)


def test_every_type_has_an_editor_and_a_review_text(qtbot: QtBot) -> None:
    from ui.widgets.fields import make_editor, value_label

    shown = {}
    for ftype in FieldType:
        field = spec(ftype)
        editor = make_editor(field, sample_value(field), Source.CITIZEN, False, True, "zh", lambda _k, _v: None, TODAY)
        review = value_label(field, sample_value(field), "zh")
        qtbot.addWidget(editor)
        qtbot.addWidget(review)
        shown[ftype] = review.text()
    assert all(shown.values())
    assert shown[FieldType.RESIDENT_ID] == mask_id_number(SAMPLE_ID)
    assert [shown[t] for t in (FieldType.YES_NO, FieldType.MULTI_CHOICE, FieldType.FILE)] == ["否", "甲", "已扫描 1 页"]


@pytest.mark.parametrize("ftype", list(FieldType), ids=str)
def test_each_sample_is_valid_and_of_its_shape(ftype: FieldType) -> None:
    field = spec(ftype)
    value = sample_value(field)
    assert isinstance(value, KINDS[ftype].shape)
    assert field_errors(field, value, True, TODAY) == {}


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


@pytest.mark.parametrize("ftype", list(FieldType), ids=str)
@given(value=JSON)
@settings(max_examples=60, deadline=None)
def test_an_accepted_answer_has_the_declared_shape(ftype: FieldType, value: object) -> None:
    if check_value(spec(ftype), value, TODAY) is None:
        assert isinstance(value, KINDS[ftype].shape)


@pytest.mark.parametrize(("ftype", "number"), [
    (FieldType.MOBILE, 13800138000), (FieldType.POSTAL_CODE, 410000), (FieldType.RESIDENT_ID, 430102199003071226),
])
def test_a_number_is_not_a_typed_code(ftype: FieldType, number: int) -> None:
    """str(number) is well formed, but a code is typed: as a number it would have lost its leading zeros."""
    assert check_value(spec(ftype), str(number), TODAY) is None
    assert check_value(spec(ftype), number, TODAY) == check_value(spec(ftype), "", TODAY)


def test_a_certificate_states_only_the_types_whose_entry_says_how() -> None:
    never = {t for t in FieldType if stored_value(spec(t), sample_value(spec(t))) is None}
    assert never == {t for t, kind in KINDS.items() if kind.stated is None} == NEVER_STATED


def test_a_type_without_a_statement_is_not_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    text = spec(FieldType.TEXT)
    assert stored_value(text, "王小明") == "王小明"
    monkeypatch.setitem(KINDS, FieldType.TEXT, dataclasses.replace(KINDS[FieldType.TEXT], stated=None))
    assert stored_value(text, "王小明") is None


def test_a_personal_type_cannot_be_stated() -> None:
    with pytest.raises(ValueError, match="never stated"):
        dataclasses.replace(KINDS[FieldType.MOBILE], stated=Stated.AS_GIVEN)
    assert {t for t, kind in KINDS.items() if kind.personal} == {FieldType.RESIDENT_ID, FieldType.MOBILE}


@pytest.mark.parametrize("ftype", [t for t, kind in KINDS.items() if kind.personal], ids=str)
def test_the_log_filter_redacts_a_personal_answer_by_its_shape(ftype: FieldType) -> None:
    value = sample_value(spec(ftype))
    assert isinstance(value, str) and value not in redact(f"answer {value} given")


def kinds_table() -> list[list[str]]:
    text = (ROOT / "docs" / "catalogue.md").read_text(encoding="utf-8")
    table = text.split("\n| type | value | checked | on a certificate | personal |\n", 1)[1].split("\n\n", 1)[0]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in table.splitlines()[1:]]


def test_the_catalogue_doc_lists_each_type_as_its_entry_says() -> None:
    rows = kinds_table()
    assert [re.findall(r"`(\w+)`", row[0]) for row in rows] == [[t.value] for t in FieldType]
    for row, ftype in zip(rows, FieldType, strict=True):
        kind = KINDS[ftype]
        stated = "never" if kind.stated is None else kind.stated.value
        assert (row[3], row[4]) == (stated, "yes" if kind.personal else ""), ftype
