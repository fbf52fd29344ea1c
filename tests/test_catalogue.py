"""Catalogue bundles: the demo loads; every broken bundle is one CatalogueError naming the JSON path."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.assets import DEMO_CATALOGUE
from kiosk.catalogue import CatalogueError, FieldSpec, FieldType, MaterialSource, load_catalogue, parse_catalogue
from kiosk.i18n import Text

DEMO: dict[str, Any] = json.loads(DEMO_CATALOGUE.read_bytes())


def item_index(data: dict[str, Any], code: str) -> int:
    return next(i for i, item in enumerate(data["items"]) if item["code"] == code)


def broken(change: Callable[[dict[str, Any]], object]) -> str:
    """Apply a change to a copy of the demo bundle; return the message of the CatalogueError it must raise."""
    data = copy.deepcopy(DEMO)
    change(data)
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(json.dumps(data, ensure_ascii=False).encode())
    message = str(caught.value)
    assert "\n" not in message
    return message


# -- the demo catalogue --------------------------------------------------------------------------------------


def test_the_demo_catalogue_loads() -> None:
    catalogue = load_catalogue(DEMO_CATALOGUE)
    assert catalogue.version == DEMO["version"]
    assert list(catalogue.packages)[:3] == ["43PCN0009", "43PCP0007", "43PCN0013"]
    audiences = [p.audience for p in catalogue.packages.values()]
    assert [audiences.count(a) for a in ("individual", "enterprise", "project")] == [11, 8, 7]
    assert sorted(p.code for p in catalogue.packages.values() if p.fully_modelled) == [
        "43PCN0009", "43PCN0010", "43PCN0013", "43PCP0007", "43PCP0008", "43TCN0004", "43TCP0001", "43TCP0014"
    ]
    assert all(p.keywords for p in catalogue.packages.values())
    assert catalogue.package("43PCN0009").name.zh == "新生儿出生一件事"
    assert len(catalogue.items) == len(DEMO["items"])
    assert catalogue.fields["applicant.sex"].type is FieldType.CHOICE
    assert [o.value for o in catalogue.fields["applicant.sex"].options] == ["M", "F"]
    assert catalogue.fields["applicant.name"].prefill == "document.name"
    assert catalogue.fields["applicant.age"].calculate == {"years_since": [{"var": "applicant.birth_date"}]}
    assert catalogue.fields["contact.postal_code"].required is False
    assert catalogue.fields["child.birth_date"].past_only is True
    marriage = catalogue.items["001110001000"]
    assert marriage.visit_required is True
    assert marriage.fee == 0
    assert [m.code for m in marriage.materials if m.when is not None] == ["DIVORCE", "WIDOW"]
    assert next(m for m in marriage.materials if m.code == "PHOTO").copies == 3
    assert next(m for m in marriage.materials if m.code == "WIDOW").source is MaterialSource.SHARED


def test_plainer_words_are_offered_for_the_elder_mode_and_the_formal_ones_stay() -> None:
    catalogue = load_catalogue(DEMO_CATALOGUE)
    birth = catalogue.packages["43PCN0009"]
    assert (birth.named(False).zh, birth.named(True).zh) == ("新生儿出生一件事", "生了孩子要办的事")
    item = catalogue.package("001110001000")  # an item offered alone has its own name only
    assert item.named(True) == item.name
    place = catalogue.fields["child.birth_place"]
    assert (place.worded(False).label.zh, place.worded(True).label.zh) == ("出生医院（助产机构）", "孩子在哪家医院出生")
    assert place.worded(True).hint == place.hint and place.worded(False) is place
    name = catalogue.fields["applicant.name"]
    assert name.plain_label is None and name.worded(True) is name
    plain = [k for k, f in catalogue.fields.items() if f.plain_label is not None]
    assert len(plain) >= 10 and all(k.startswith(("child.", "other_parent.")) for k in plain)
    row = FieldSpec("kids.name", FieldType.TEXT, Text("子女姓名", "Name"), "kids", plain_label=Text("孩子叫什么", "-"))
    kids = FieldSpec("kids", FieldType.REPEAT, Text("子女", "Children"), "kids", fields=(row,))
    assert kids.worded(True).label.zh == "子女" and kids.worded(True).fields[0].label.zh == "孩子叫什么"


def test_every_package_item_and_field_refers_to_something_declared() -> None:
    catalogue = load_catalogue(DEMO_CATALOGUE)
    groups = {g.key for g in catalogue.groups}
    for package in catalogue.packages.values():
        for package_item in package.items:
            item = catalogue.items[package_item.item_code]
            for key in item.fields:
                assert catalogue.fields[key].group in groups


def test_the_digest_is_the_sha256_of_the_bytes(tmp_path: Path) -> None:
    raw = DEMO_CATALOGUE.read_bytes()
    assert load_catalogue(DEMO_CATALOGUE).digest == hashlib.sha256(raw).hexdigest()
    # The same content spelled differently is equal as a catalogue, but a different bundle.
    compact = json.dumps(DEMO, ensure_ascii=False, separators=(",", ":")).encode()
    assert compact != raw
    copy_of = parse_catalogue(compact)
    assert copy_of == load_catalogue(DEMO_CATALOGUE)
    assert copy_of.digest == hashlib.sha256(compact).hexdigest()
    assert copy_of.digest != load_catalogue(DEMO_CATALOGUE).digest


def test_load_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bundle-2026.json"
    path.write_text('{"format": 1}', encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path)
    assert str(caught.value).startswith("bundle-2026.json: ")


def test_a_missing_file_is_a_catalogue_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="cannot read catalogue"):
        load_catalogue(tmp_path / "missing.json")


# -- broken bundles ------------------------------------------------------------------------------------------


def test_not_json() -> None:
    for raw in (b"{format: 1}", b"", b"\xff\xfe{}", b'{"format": 1,}'):
        with pytest.raises(CatalogueError, match="not valid JSON"):
            parse_catalogue(raw)


def test_not_an_object() -> None:
    with pytest.raises(CatalogueError, match="catalogue: expected an object"):
        parse_catalogue(b"[1, 2]")


@pytest.mark.parametrize("value", [2, "1", None, 0])
def test_a_wrong_format_number(value: object) -> None:
    message = broken(lambda d: d.update(format=value))
    assert message.startswith("catalogue.format: expected format 1")


def test_a_missing_version() -> None:
    assert broken(lambda d: d.pop("version")).startswith("catalogue.version: expected a non-empty string")


def test_an_unknown_field_in_an_item() -> None:
    index = item_index(DEMO, "002307002000")
    message = broken(lambda d: d["items"][index]["fields"].append("child.nickname"))
    assert message == f"items[{index}].fields: unknown field 'child.nickname'"


@pytest.mark.parametrize("key", [["child.name"], {"k": 1}, 7, None])
def test_a_field_reference_that_is_not_a_key(key: object) -> None:
    message = broken(lambda d: d["items"][0]["fields"].append(key))
    assert message.startswith("items[0].fields[") and "expected a non-empty string" in message


def test_an_unknown_item_in_a_package() -> None:
    message = broken(lambda d: d["packages"][1]["items"].append({"code": "999999999999"}))
    assert message == f"packages[1].items[{len(DEMO['packages'][1]['items'])}].code: unknown item '999999999999'"


def test_a_package_without_items() -> None:
    message = broken(lambda d: d["packages"][2].update(items=[]))
    assert message.startswith("packages[2].items: expected at least one item")


def test_a_bad_rule_operator_in_a_field() -> None:
    def change(d: dict[str, Any]) -> None:
        d["fields"]["child.ethnicity"]["visible_if"] = {"eval": "True"}

    assert broken(change).startswith("fields['child.ethnicity'].visible_if: unknown operator 'eval' (known: var, ")


def test_a_bad_rule_in_a_package() -> None:
    def change(d: dict[str, Any]) -> None:
        d["packages"][0]["items"][5]["when"] = {"==": [{"var": "child.maternity_claim"}]}

    assert broken(change) == "packages[0].items[5].when: '==' takes 2 to 2 arguments, got 1"


def test_a_rule_reading_an_unknown_field() -> None:
    index = item_index(DEMO, "001110001000")

    def change(d: dict[str, Any]) -> None:
        d["items"][index]["materials"][4]["when"] = {"==": [{"var": "marriage.status"}, "divorced"]}

    assert broken(change) == f"items[{index}].materials[4].when: 'var' reads unknown field 'marriage.status'"


def test_a_non_zero_fee() -> None:
    message = broken(lambda d: d["items"][3].update(fee=20))
    assert message == "items[3].fee: expected 0: the reform charges no fees for kiosk items, got 20"


@pytest.mark.parametrize("fee", [-5, 1.5, "0", True])
def test_a_fee_that_is_not_a_whole_number(fee: object) -> None:
    assert broken(lambda d: d["items"][3].update(fee=fee)).startswith("items[3].fee: expected a whole number")


def test_a_duplicate_item_code() -> None:
    message = broken(lambda d: d["items"][4].update(code=d["items"][1]["code"]))
    assert message.startswith(f"items[4].code: duplicate item '{DEMO['items'][1]['code']}'")


def test_a_duplicate_package_code() -> None:
    message = broken(lambda d: d["packages"][2].update(code=d["packages"][0]["code"]))
    assert message == "packages[2].code: duplicate package '43PCN0009'"


@pytest.mark.parametrize("options", [[], None])
def test_a_choice_field_without_options(options: object) -> None:
    def change(d: dict[str, Any]) -> None:
        if options is None:
            del d["fields"]["marriage.previous_status"]["options"]
        else:
            d["fields"]["marriage.previous_status"]["options"] = options

    message = broken(change)
    assert message.startswith("fields['marriage.previous_status'].options: expected at least one option")


def test_an_option_without_a_value() -> None:
    message = broken(lambda d: d["fields"]["applicant.sex"]["options"][1].pop("value"))
    assert message.startswith("fields['applicant.sex'].options[1].value: expected a non-empty string")


def test_an_unknown_field_type() -> None:
    message = broken(lambda d: d["fields"]["contact.mobile"].update(type="phone"))
    assert message.startswith("fields['contact.mobile'].type: expected one of text, number, date")


def test_a_field_in_an_undeclared_group() -> None:
    message = broken(lambda d: d["fields"]["contact.mobile"].update(group="phones"))
    assert message == "fields['contact.mobile'].group: expected a group declared in 'groups', got \"phones\""


def test_a_label_that_is_not_a_text() -> None:
    message = broken(lambda d: d["fields"]["child.name"].update(label={"en": "Name only in English"}))
    assert message.startswith("fields['child.name'].label: expected a text")


def test_an_unknown_material_source() -> None:
    message = broken(lambda d: d["items"][0]["materials"][2].update(source="post"))
    assert message.startswith("items[0].materials[2].source: expected one of citizen, shared, e_licence, on_site")


def test_a_bad_date_of_force() -> None:
    message = broken(lambda d: d["items"][2].update(valid_until="31/12/2026"))
    assert message.startswith("items[2].valid_until: expected a date YYYY-MM-DD")


def test_a_bad_audience() -> None:
    assert broken(lambda d: d["packages"][0].update(audience="everyone")).startswith(
        "packages[0].audience: expected individual, enterprise or project"
    )


@pytest.mark.parametrize("channels", [[{"kiosk": True}], [["kiosk"]], "kiosk"])
def test_bad_channels(channels: object) -> None:
    assert broken(lambda d: d["items"][0].update(channels=channels)).startswith("items[0].channels")


# -- any damage is a CatalogueError --------------------------------------------------------------------------

DAMAGE = st.one_of(
    st.none(), st.booleans(), st.integers(-2, 2), st.just(1.5), st.sampled_from(["", "x", "2026-13-01"]),
    st.just([]), st.just({}), st.just([[1]]), st.just([{"a": 1}]), st.just({"var": "nowhere"}),
    st.just({"==": [1]}), st.just({"var": ["a"]}),
)


def _paths(node: object, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


PATHS = _paths(DEMO)[1:]


@settings(max_examples=300)
@given(path=st.sampled_from(PATHS), value=DAMAGE)
def test_any_damaged_value_is_a_catalogue_error_or_still_a_catalogue(path: tuple[Any, ...], value: object) -> None:
    data = copy.deepcopy(DEMO)
    node: Any = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    try:
        parse_catalogue(json.dumps(data, ensure_ascii=False).encode())
    except CatalogueError as exc:
        assert "\n" not in str(exc)
