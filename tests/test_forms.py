"""The rule language and the combined form, on the demo catalogue."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.assets import DEMO_CATALOGUE
from kiosk.catalogue import Catalogue, MaterialSource, load_catalogue, parse_catalogue
from kiosk.forms.engine import BAD_CHOICE, NOT_SIGNED, REQUIRED, CombinedForm, Source, identity_prefill
from kiosk.forms.logic import RuleError, check, evaluate, holds, variables
from tests.helpers.answers import birth_answers, marriage_answers
from tests.helpers.people import ID_NUMBER, resident, resident_id

CATALOGUE = load_catalogue(DEMO_CATALOGUE)
TODAY = dt.date(2026, 11, 20)
BIRTH, MARRIAGE, RETIREMENT = "43PCN0009", "43PCP0007", "43PCN0013"
MATERNITY_ITEM = "203636002000"
HUKOU_MOVE_ITEM = "000709003000"


def form(package: str, today: dt.date = TODAY, catalogue: Catalogue = CATALOGUE) -> CombinedForm:
    return CombinedForm(catalogue, catalogue.package(package), today)


def codes(materials: tuple[Any, ...]) -> list[str]:
    return [m.code for m in materials]


# == the rule language =======================================================================================


@pytest.mark.parametrize(
    ("rule", "data", "expected"),
    [
        ({"==": [1, 1]}, {}, True),
        ({"==": [{"var": "a"}, "x"]}, {"a": "x"}, True),
        ({"==": [{"var": "a"}, "x"]}, {"a": "y"}, False),
        ({"!=": [{"var": "a"}, "x"]}, {"a": "y"}, True),
        ({"<": [1, 2]}, {}, True),
        ({"<": [2, 1]}, {}, False),
        ({"<": [1, {"var": "a"}, 3]}, {"a": 2}, True),  # between
        ({"<": [1, {"var": "a"}, 3]}, {"a": 3}, False),
        ({"<=": [1, {"var": "a"}, 3]}, {"a": 3}, True),
        ({">": [{"var": "a"}, 17]}, {"a": 18}, True),
        ({">=": [{"var": "a"}, 18]}, {"a": 18}, True),
        ({">=": [{"var": "a"}, 18]}, {}, False),  # a missing answer compares as nothing
        ({"<": [{"var": "a"}, 18]}, {}, False),
        ({"<": ["a", 1]}, {}, False),  # incomparable values
        ({"!": {"var": "a"}}, {}, True),
        ({"!": [{"var": "a"}]}, {"a": []}, True),
        ({"!": [{"var": "a"}]}, {"a": "x"}, False),
        ({"!!": [{"var": "a"}]}, {"a": [1]}, True),
        ({"!!": [{"var": "a"}]}, {"a": 0}, False),
        ({"in": [{"var": "a"}, ["divorced", "widowed"]]}, {"a": "widowed"}, True),
        ({"in": [{"var": "a"}, ["divorced", "widowed"]]}, {"a": "unmarried"}, False),
        ({"in": ["长沙", {"var": "a"}]}, {"a": "湖南省长沙市"}, True),
        ({"in": ["x", {"var": "a"}]}, {}, False),
        ({"in": [["x"], "xyz"]}, {}, False),  # a list is never in a string
        ({"in": ["x", 5]}, {}, False),  # nothing is in a number
        ({"+": [1, "2", None]}, {}, 3.0),
        ({"+": [{"var": "a"}, 1]}, {"a": "不是数字"}, None),
        ({"+": [{"var": "a"}, 1]}, {"a": [1]}, None),
        ({"-": [{"var": "a"}, 2]}, {"a": "5"}, 3.0),
        ({"-": [{"var": "a"}, 2]}, {"a": "five"}, None),
        ({"cat": ["a", None, 1, {"var": "b"}]}, {"b": "z"}, "a1z"),
        ({"and": [True, "x"]}, {}, "x"),
        ({"and": [0, {"var": "a"}]}, {"a": "never read"}, 0),
        ({"and": []}, {}, True),
        ({"or": [0, "", "y"]}, {}, "y"),
        ({"or": [0, ""]}, {}, ""),
        ({"if": [True, "a", "b"]}, {}, "a"),
        ({"if": [False, "a", "b"]}, {}, "b"),
        ({"if": [False, "a", {"var": "c"}, "c", "d"]}, {"c": 1}, "c"),
        ({"if": [False, "a", False, "c"]}, {}, None),
        ({"var": "missing"}, {}, None),
        ([{"var": "a"}, 2], {"a": 1}, [1, 2]),
        ("literal", {}, "literal"),
        (None, {}, None),
    ],
)
def test_operators(rule: Any, data: dict[str, object], expected: object) -> None:
    check(rule)
    assert evaluate(rule, data) == expected


def test_holds_treats_no_rule_as_always_and_missing_answers_as_false() -> None:
    assert holds(None, {})
    assert not holds({"var": "child.maternity_claim"}, {})
    assert holds({"var": "child.maternity_claim"}, {"child.maternity_claim": True})


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"eval": ["__import__('os')"]}, "unknown operator 'eval'"),
        ({"and": [{"var": "a"}, {"lambda": 1}]}, "unknown operator 'lambda'"),
        ([{"exec": 1}], "unknown operator 'exec'"),
        ({"==": [1]}, "'==' takes 2 to 2 arguments, got 1"),
        ({"==": [1, 2, 3]}, "'==' takes 2 to 2 arguments, got 3"),
        ({"!": [1, 2]}, "'!' takes 1 to 1 arguments, got 2"),
        ({"<": [1, 2, 3, 4]}, "'<' takes 2 to 3 arguments, got 4"),
        ({"years_since": []}, "'years_since' takes 1 to 2 arguments, got 0"),
        ({"if": [True, 1]}, "'if' takes a condition"),
        ({"==": [1, 1], "!=": [1, 2]}, "exactly one operator"),
        ({}, "exactly one operator"),
        ({"var": ["a", "default"]}, "'var' takes a field key"),
        ({"var": 3}, "'var' takes a field key"),
    ],
)
def test_check_rejects_malformed_rules(rule: Any, message: str) -> None:
    with pytest.raises(RuleError) as caught:
        check(rule)
    assert message in str(caught.value)


def test_check_rejects_unknown_variables_when_told_the_known_ones() -> None:
    known = {"child.name", "child.birth_date"}.__contains__
    check({"years_since": [{"var": "child.birth_date"}]}, known)
    with pytest.raises(RuleError, match=r"unknown field 'child\.birthday'"):
        check({"<": [{"years_since": [{"var": "child.birthday"}]}, 1]}, known)
    check({"var": "anything"})  # without the list every key is allowed


def test_variables_lists_every_key_a_rule_reads() -> None:
    rule = {"and": [{"var": "a"}, {"==": [{"var": "b"}, 1]}, {"if": [{"var": "c"}, {"var": "a"}, 2]}]}
    assert variables(rule) == {"a", "b", "c"}
    assert variables({"==": [1, 1]}) == set()
    assert variables([]) == set()


@pytest.mark.parametrize(
    ("born", "on", "years"),
    [
        ("1990-03-07", "2026-03-06", 35),
        ("1990-03-07", "2026-03-07", 36),
        ("2000-02-29", "2026-02-28", 25),
        ("2000-02-29", "2026-03-01", 26),
        ("2026-11-20", "2026-11-20", 0),
    ],
)
def test_years_since_counts_whole_years(born: str, on: str, years: int) -> None:
    assert evaluate({"years_since": [born, on]}, {}) == years
    assert evaluate({"years_since": [{"var": "b"}]}, {"b": born}, today=dt.date.fromisoformat(on)) == years


@pytest.mark.parametrize("born", ["1990-02-30", "not a date", None, [1990, 3, 7], ""])
def test_years_since_of_something_that_is_not_a_date_is_unknown(born: object) -> None:
    assert evaluate({"years_since": [{"var": "b"}, "2026-01-01"]}, {"b": born}) is None


JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=12),
    st.sampled_from(["1990-03-07", "2026-02-29", "divorced", "5", "-1.5"]),
)
JSON_VALUES = st.one_of(JSON_SCALARS, st.lists(JSON_SCALARS, max_size=3), st.dictionaries(st.text(max_size=3),
                                                                                        JSON_SCALARS, max_size=2))
ARITY = {"==": 2, "!=": 2, "<": 3, "<=": 2, ">": 2, ">=": 2, "!": 1, "!!": 1, "in": 2, "+": 3, "-": 2, "cat": 2,
         "years_since": 2, "and": 2, "or": 3, "if": 3}


def rules(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.sampled_from(sorted(ARITY)).flatmap(
        lambda op: st.lists(children, min_size=ARITY[op], max_size=ARITY[op]).map(lambda args: {op: args})
    )


RULES = st.recursive(st.one_of(JSON_SCALARS, st.sampled_from([{"var": "a"}, {"var": "b"}])), rules, max_leaves=12)


@given(rule=RULES, a=JSON_VALUES, b=JSON_VALUES)
def test_a_checked_rule_never_raises_whatever_the_answers(rule: Any, a: object, b: object) -> None:
    """Rules run on answers before they are validated: a typed letter in a number field must not crash."""
    check(rule, {"a", "b"}.__contains__)
    evaluate(rule, {"a": a, "b": b}, today=TODAY)
    holds(rule, {"a": a, "b": b}, today=TODAY)


# == the combined form =======================================================================================


def test_a_shared_fact_is_asked_once_however_many_items_need_it() -> None:
    birth = form(BIRTH)
    items = [CATALOGUE.items[pi.item_code] for pi in birth.package.items]
    for key in ("applicant.name", "child.name", "contact.mobile", "child.birth_date"):
        assert sum(key in item.fields for item in items) >= 4
        assert [f.key for f in birth.fields].count(key) == 1
    keys = [f.key for f in birth.fields]
    assert len(keys) == len(set(keys))
    shown = [f.key for step in birth.steps(birth_answers(child__maternity_claim=True)) for f in step.fields]
    assert len(shown) == len(set(shown))


@pytest.mark.parametrize("package", [BIRTH, MARRIAGE, RETIREMENT])
def test_steps_follow_the_catalogue_group_order(package: str) -> None:
    order = [g.key for g in CATALOGUE.groups]
    combined = form(package)
    everything = {f.key: True for f in combined.fields}  # every condition on
    steps = combined.steps(everything)
    keys = [s.key for s in steps]
    assert keys == sorted(keys, key=order.index)
    for step in steps:
        assert all(f.group == step.key for f in step.fields)
        assert step.title == next(g.title for g in CATALOGUE.groups if g.key == step.key)


def test_the_birth_package_steps() -> None:
    birth = form(BIRTH)
    assert [s.key for s in birth.steps(birth_answers())] == ["applicant", "contact", "child", "other_parent", "confirm"]
    applicant = birth.steps(birth_answers())[0]
    assert [f.key for f in applicant.fields] == [
        "applicant.name", "applicant.id_number", "applicant.sex", "applicant.ethnicity", "applicant.address"
    ]


def test_a_maternity_claim_adds_the_maternity_item_and_the_bank_step() -> None:
    birth = form(BIRTH)
    without = birth_answers()
    with_claim = birth_answers(child__maternity_claim=True)
    assert MATERNITY_ITEM not in [i.code for i in birth.applicable_items(without)]
    assert [i.code for i in birth.applicable_items(with_claim)][-1] == MATERNITY_ITEM
    assert [s.key for s in birth.steps(with_claim)] == [
        "applicant", "contact", "child", "other_parent", "bank", "confirm"
    ]
    assert {"bank.name", "bank.account"} <= set(birth.errors(with_claim))
    assert not {"bank.name", "bank.account"} & set(birth.errors(without))
    assert birth.promised_days(without) == 30
    assert birth.promised_days(with_claim) == 30


def test_the_values_of_hidden_fields_are_dropped_from_the_submission() -> None:
    """The engine's rule: a value typed and then hidden by a later choice never reaches a department."""
    birth = form(BIRTH)
    answers = birth_answers(
        child__same_ethnicity=True,
        child__ethnicity="回族",  # typed, then hidden by answering "same ethnic group"
        bank__name="中国银行",  # typed, then the maternity claim was withdrawn
        bank__account="6222021234567890123",
        spouse__name="not in this package",
    )
    effective = birth.effective(answers)
    for hidden in ("child.ethnicity", "bank.name", "bank.account", "spouse.name"):
        assert hidden not in effective
        for _item, part in birth.fan_out(answers):
            assert hidden not in part
    assert "child.ethnicity" not in [f.key for f in birth.visible(answers)]
    assert effective["child.name"] == "欧阳小明"

    shown = birth_answers(child__same_ethnicity=False, child__ethnicity="回族")
    assert birth.effective(shown)["child.ethnicity"] == "回族"
    [hukou] = [part for item, part in birth.fan_out(shown) if item.code == "000709001000"]
    assert hukou["child.ethnicity"] == "回族"


def test_a_hidden_field_cannot_keep_an_item_applicable() -> None:
    """Retirement: special-work years only count while 'special work' is answered yes."""
    retirement = form(RETIREMENT)
    answers = {"retire.special_work": False, "retire.special_work_years": "12"}
    assert "retire.special_work_years" not in retirement.effective(answers)
    assert "001014002000" not in [i.code for i in retirement.applicable_items(answers)]
    answers["retire.special_work"] = True
    assert retirement.effective(answers)["retire.special_work_years"] == "12"
    assert "001014002000" in [i.code for i in retirement.applicable_items(answers)]


def test_errors_are_only_for_visible_fields() -> None:
    birth = form(BIRTH)
    errors = birth.errors({})
    assert errors["child.name"] == REQUIRED
    assert errors["confirm.pledge"] == NOT_SIGNED
    assert errors["child.maternity_claim"] == BAD_CHOICE  # a yes/no must be answered either way
    assert "child.ethnicity" in errors  # shown until "same ethnic group" is answered
    assert not {k for k in errors if k.startswith(("bank.", "spouse.", "retire."))}
    assert set(errors) <= {f.key for f in birth.visible({})}
    assert "child.ethnicity" not in birth.errors({"child.same_ethnicity": True})


def test_complete_answers_have_no_errors() -> None:
    assert form(BIRTH).errors(birth_answers()) == {}
    assert form(MARRIAGE).errors(marriage_answers()) == {}


def test_errors_for_one_step_only() -> None:
    birth = form(BIRTH)
    contact = next(s for s in birth.steps({}) if s.key == "contact")
    assert set(birth.errors({}, contact.fields)) == {"contact.mobile"}


def test_required_and_optional_fields() -> None:
    birth = form(BIRTH)
    postal = birth.field("contact.postal_code")
    assert not birth.is_required(postal, {})
    assert birth.is_required(birth.field("child.name"), {})
    assert "contact.postal_code" not in birth.errors(birth_answers())
    assert "contact.postal_code" not in birth.errors(birth_answers(contact__postal_code=""))
    bad = birth.errors(birth_answers(contact__postal_code="4100"))
    assert bad["contact.postal_code"].en == "A postal code has 6 digits"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("applicant.id_number", "430102199003071230"),
        ("other_parent.id_number", "12345"),
        ("contact.mobile", "1380731000"),
        ("child.birth_date", "2026-12-01"),  # after today: past only
        ("child.birth_date", "2026/11/01"),
        ("child.sex", "X"),
        ("child.sex", ["M"]),  # a list where one choice is expected
        ("child.same_ethnicity", "yes"),  # yes/no takes true or false, not text
        ("confirm.pledge", "true"),
    ],
)
def test_a_bad_value_is_an_error_for_its_field_only(key: str, value: object) -> None:
    errors = form(BIRTH).errors(birth_answers(**{key.replace(".", "__"): value}))
    assert list(errors) == [key]


def test_values_are_checked_without_surrounding_spaces() -> None:
    assert form(BIRTH).errors(birth_answers(contact__mobile=" 13807310000 ")) == {}


def test_the_age_is_calculated_on_the_forms_day_never_typed() -> None:
    answers = marriage_answers(applicant__birth_date="1990-11-21", applicant__age=99)
    marriage = form(MARRIAGE, today=dt.date(2026, 11, 20))
    assert marriage.effective(answers)["applicant.age"] == 35
    assert form(MARRIAGE, today=dt.date(2026, 11, 21)).effective(answers)["applicant.age"] == 36
    age = marriage.field("applicant.age")
    assert not marriage.is_required(age, answers)
    assert "applicant.age" not in marriage.errors({})
    for item, part in marriage.fan_out(answers):
        if "applicant.age" in item.fields:
            assert part["applicant.age"] == 35


def test_answers_for_keys_outside_the_package_are_dropped() -> None:
    effective = form(BIRTH).effective(birth_answers() | {"evil.key": "x", "retire.date": "2020-01-01"})
    assert "evil.key" not in effective
    assert "retire.date" not in effective


def test_fan_out_gives_each_item_only_the_facts_it_asks_for_in_package_order() -> None:
    birth = form(BIRTH)
    parts = birth.fan_out(birth_answers())
    assert [item.code for item, _ in parts] == [pi.item_code for pi in birth.package.items if pi.when is None]
    for item, part in parts:
        assert set(part) <= set(item.fields)
    vaccination = {item.code: part for item, part in parts}["002307002000"]
    assert vaccination == {
        "child.name": "欧阳小明",
        "child.sex": "M",
        "child.birth_date": "2026-11-01",
        "applicant.name": "欧阳晓红",
        "contact.mobile": "13807310000",
    }


def test_an_item_out_of_force_is_not_applied_for() -> None:
    data = json.loads(DEMO_CATALOGUE.read_bytes())
    for item in data["items"]:
        if item["code"] == "002307002000":  # the vaccination certificate, withdrawn yesterday
            item["valid_until"] = "2026-11-19"
    catalogue = parse_catalogue(json.dumps(data).encode())
    birth = form(BIRTH, catalogue=catalogue)
    assert "002307002000" not in [i.code for i in birth.applicable_items(birth_answers())]
    assert "002307002000" in [i.code for i in form(BIRTH, today=dt.date(2026, 11, 19), catalogue=catalogue)
                              .applicable_items(birth_answers())]


# -- the checklist -------------------------------------------------------------------------------------------


def test_the_birth_checklist_asks_only_for_what_the_citizen_must_bring() -> None:
    checklist = form(BIRTH).checklist(birth_answers())
    assert codes(checklist.to_bring) == ["BIRTH_RECORD"]
    assert codes(checklist.not_needed) == [
        "FORM", "ID", "CERT_FORM", "CERT_NOTICE", "VACC_RECORD", "HUKOU", "MARRIAGE_CERT", "BIRTH_CERT",
        "INSURANCE_FORM",
    ]
    assert {m.source for m in checklist.not_needed} == {
        MaterialSource.ON_SITE, MaterialSource.SHARED, MaterialSource.E_LICENCE
    }
    sources = {m.code: m.source for m in checklist.not_needed}
    assert sources["ID"] is sources["HUKOU"] is MaterialSource.SHARED  # the birth guide checks them by interface
    assert all(m.source is MaterialSource.CITIZEN for m in checklist.to_bring)


def test_the_maternity_claim_adds_its_materials() -> None:
    checklist = form(BIRTH).checklist(birth_answers(child__maternity_claim=True))
    assert codes(checklist.to_bring) == ["BIRTH_RECORD", "FEE_LIST", "INVOICES", "DIAGNOSIS"]


@pytest.mark.parametrize(
    ("status", "to_bring", "not_needed"),
    [
        ("unmarried", ["ID_ORIGINAL", "PHOTO"], ["FORM", "ID", "HUKOU", "MARRIAGE_CERT"]),
        ("divorced", ["ID_ORIGINAL", "PHOTO", "DIVORCE"], ["FORM", "ID", "HUKOU", "MARRIAGE_CERT"]),
        # the death record is shared data
        ("widowed", ["ID_ORIGINAL", "PHOTO"], ["FORM", "ID", "HUKOU", "WIDOW", "MARRIAGE_CERT"]),
    ],
)
def test_conditional_materials_of_the_marriage_package(status: str, to_bring: list[str], not_needed: list[str]) -> None:
    checklist = form(MARRIAGE).checklist(marriage_answers(marriage__previous_status=status))
    assert codes(checklist.to_bring) == to_bring
    assert codes(checklist.not_needed) == not_needed


def test_a_spouse_divorced_before_also_needs_the_divorce_paper() -> None:
    checklist = form(MARRIAGE).checklist(marriage_answers(marriage__spouse_previous_status="divorced"))
    assert codes(checklist.to_bring) == ["ID_ORIGINAL", "PHOTO", "DIVORCE"]


def test_a_hukou_move_needs_no_extra_paper() -> None:
    marriage = form(MARRIAGE)
    answers = marriage_answers(marriage__move_hukou=True)
    assert HUKOU_MOVE_ITEM in [i.code for i in marriage.applicable_items(answers)]
    checklist = marriage.checklist(answers)
    assert codes(checklist.to_bring) == ["ID_ORIGINAL", "PHOTO"]
    assert "MARRIAGE_CERT" in codes(checklist.not_needed)


# -- prefill from the identity document ----------------------------------------------------------------------


def test_identity_prefill_locks_the_document_fields() -> None:
    prefill = identity_prefill(form(BIRTH), resident())
    assert {k: p.value for k, p in prefill.items()} == {
        "applicant.name": "欧阳晓红",
        "applicant.id_number": ID_NUMBER,
        "applicant.sex": "F",
        "applicant.ethnicity": "汉",
        "applicant.address": {"division": "430104", "detail": "麓山南路932号"},  # split into county + street
    }
    assert all(p.locked and p.source is Source.DOCUMENT for p in prefill.values())


def test_an_address_the_division_list_cannot_place_is_prefilled_but_left_open() -> None:
    prefill = identity_prefill(form(BIRTH), resident(address="某某小区 3 栋"))
    address = prefill["applicant.address"]
    assert address.value == {"division": "", "detail": "某某小区 3 栋"} and not address.locked


def test_identity_prefill_gives_the_birth_date_where_a_package_asks_for_it() -> None:
    prefill = identity_prefill(form(MARRIAGE), resident())
    assert prefill["applicant.birth_date"].value == "1990-03-07"
    assert "applicant.age" not in prefill  # calculated, not read
    answers = marriage_answers() | {k: p.value for k, p in prefill.items()}
    assert form(MARRIAGE).errors(answers) == {}


def test_an_empty_document_value_is_not_prefilled() -> None:
    prefill = identity_prefill(form(BIRTH), resident(address=""))
    assert "applicant.address" not in prefill
    assert "applicant.name" in prefill


# -- robustness ----------------------------------------------------------------------------------------------

WIRE_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20))
WIRE_VALUES = st.one_of(WIRE_SCALARS, st.lists(WIRE_SCALARS, max_size=3))


@given(
    package=st.sampled_from([BIRTH, MARRIAGE, RETIREMENT]),
    data=st.data(),
)
def test_any_answers_of_the_wire_format_give_errors_not_exceptions(package: str, data: st.DataObject) -> None:
    """The platform runs this engine on whatever a client sends."""
    combined = form(package)
    keys = [f.key for f in combined.fields]
    answers = data.draw(st.dictionaries(st.sampled_from(keys), WIRE_VALUES))
    errors = combined.errors(answers)
    assert set(errors) <= {f.key for f in combined.visible(answers)}
    combined.fan_out(answers)
    combined.checklist(answers)
    combined.steps(answers)


def test_the_legal_age_to_marry_is_checked_for_both() -> None:
    young = resident(birth_date=dt.date(2006, 1, 1), id_number=resident_id("43010220060101002"))  # a woman of 20
    marriage = form(MARRIAGE)
    prefill = identity_prefill(marriage, young)
    answers = marriage_answers() | {k: p.value for k, p in prefill.items()}
    assert "applicant.birth_date" not in marriage.errors(answers)  # 20 is enough for a woman
    man = answers | {"applicant.sex": "M"}
    assert marriage.errors(man)["applicant.birth_date"].en.startswith("The legal age to marry is 22 for men")
    young_husband = answers | {"spouse.id_number": resident_id("43010220050601001")}  # 21 in 2026
    assert "spouse.id_number" in marriage.errors(young_husband)
    adult_husband = answers | {"spouse.id_number": resident_id("43010220030601001")}
    assert "spouse.id_number" not in marriage.errors(adult_husband)


def test_age_from_id() -> None:
    rule = {"age_from_id": [{"var": "id"}]}
    assert evaluate(rule, {"id": resident_id("43010219900307122")}, TODAY) == 36
    assert evaluate(rule, {"id": "not a number"}, TODAY) is None
    assert evaluate(rule, {}, TODAY) is None
