"""Every field type: valid values pass, anything else is a message — never an exception."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.catalogue import FieldSpec, FieldType, parse_catalogue
from kiosk.catalogue.stats import package_stats
from kiosk.forms.engine import CombinedForm, Source, check_value, field_errors, shared_prefill
from kiosk.forms.samples import sample_value
from kiosk.i18n import Text
from tests.helpers.bundles import encode, small
from tests.helpers.people import ADDRESS_ANSWER, resident_id

TODAY = dt.date(2026, 11, 21)
CATALOGUE = parse_catalogue(encode(small()))
CHILDREN = CATALOGUE.fields["child.list"]


def spec(ftype: FieldType, **extra: Any) -> FieldSpec:
    return FieldSpec(key=f"x.{ftype.value}", type=ftype, label=Text("测试", "Test"), group="x", **extra)


SPECS = [
    spec(FieldType.CHOICE, options=CATALOGUE.fields["applicant.has_children"].options or ()),
    *(spec(t) for t in FieldType if t not in (FieldType.REPEAT, FieldType.CHOICE, FieldType.MULTI_CHOICE)),
    CHILDREN,
    CATALOGUE.fields["docs.member"],
]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


@pytest.mark.parametrize("field", SPECS, ids=lambda f: f.type.value)
@given(value=JSON)
@settings(max_examples=60, deadline=None)
def test_any_value_gets_a_message_or_passes_never_an_exception(field: FieldSpec, value: object) -> None:
    message = check_value(field, value, TODAY)
    assert message is None or (isinstance(message, Text) and message.zh and message.en)
    for key, text in field_errors(field, value, True, TODAY).items():
        assert key.startswith(field.key) and text.zh and text.en


def test_a_repeat_group_checks_each_row() -> None:
    good_row = {"name": "小明", "birth_date": "2020-05-01"}
    assert field_errors(CHILDREN, [good_row], True, TODAY) == {}
    future = {"name": "小红", "birth_date": "2030-01-01"}
    errors = field_errors(CHILDREN, [good_row, future, {"birth_date": "2019-01-01", "id_number": "123"}], True, TODAY)
    assert set(errors) == {"child.list[1].birth_date", "child.list[2].name", "child.list[2].id_number"}
    assert errors["child.list[2].name"].zh == "此项必填"


def test_a_repeat_group_counts_its_rows() -> None:
    row = {"name": "小明", "birth_date": "2020-05-01"}
    assert "child.list" in field_errors(CHILDREN, [row] * 4, True, TODAY)  # max 3
    assert field_errors(CHILDREN, [], False, TODAY) == {
        "child.list": field_errors(CHILDREN, None, True, TODAY)["child.list"]
    }


def test_an_address_needs_a_county_and_a_street() -> None:
    address = CATALOGUE.fields["applicant.address"]
    assert check_value(address, ADDRESS_ANSWER, TODAY) is None
    for bad in (
        {"division": "430100", "detail": "路"},
        {"division": "430104", "detail": " "},
        "湖南省长沙市",
        {"x": 1},
    ):
        assert check_value(address, bad, TODAY) is not None


def test_a_file_slot_needs_a_scanned_page() -> None:
    scan = CATALOGUE.fields["docs.scan"]
    assert check_value(scan, {"pages": 2}, TODAY) is None
    bad: object
    for bad in ({"pages": 0}, {"pages": True}, {"pages": "1"}, []):
        assert check_value(scan, bad, TODAY) is not None


def test_a_shared_data_choice_takes_what_the_list_offered() -> None:
    member = CATALOGUE.fields["docs.member"]
    assert check_value(member, "王小明", TODAY) is None
    assert check_value(member, ["王小明"], TODAY) is not None


def test_sample_values_are_valid_for_every_field() -> None:
    for field in CATALOGUE.fields.values():
        if field.calculate is None:
            assert field_errors(field, sample_value(field), True, TODAY) == {}, field.key


def test_hidden_repeat_rows_are_dropped_from_the_submission() -> None:
    form = CombinedForm(CATALOGUE, CATALOGUE.package("P1"), TODAY)
    answers = {"applicant.has_children": False, "child.list": [{"name": "小明", "birth_date": "2020-05-01"}]}
    assert "child.list" not in form.effective(answers)
    answers["applicant.has_children"] = True
    assert form.effective(answers)["child.list"] == answers["child.list"]


def test_stats_of_the_small_package() -> None:
    stats = package_stats(CATALOGUE, CATALOGUE.package("P1"))
    assert (stats.items, stats.fields_separate, stats.materials_separate) == (2, 11, 5)
    # asked: phone, has_children, child.list, docs.scan (name, ID, birth date, address come from the card;
    # age is calculated)
    assert stats.fields_combined == 4
    assert (stats.materials_combined, stats.materials_conditional) == (1, 1)  # PHOTO once; CERT if children


def test_resident_ids_inside_rows_are_checked() -> None:
    row = {"name": "小明", "birth_date": "2020-05-01", "id_number": resident_id("43010220200501001")}
    assert field_errors(CHILDREN, [row], True, TODAY) == {}


def test_shared_data_prefills_show_their_source_and_stay_editable() -> None:
    data = small(lambda d: d["fields"]["applicant.phone"].update(prefill="shared.mobile"))
    catalogue = parse_catalogue(encode(data))
    form = CombinedForm(catalogue, catalogue.package("P1"), TODAY)
    prefill = shared_prefill(form, {"shared.mobile": "13807310000", "shared.unused": "x"})
    assert list(prefill) == ["applicant.phone"]
    assert prefill["applicant.phone"].source is Source.SHARED and not prefill["applicant.phone"].locked
    assert shared_prefill(form, {"shared.mobile": ""}) == {}
