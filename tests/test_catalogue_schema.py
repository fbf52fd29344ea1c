"""The catalogue's JSON Schema: itself valid, accepts the demo and the small bundle, and agrees with the loader.

The schema checks shapes, types, keys and the closed lists of names; the loader (``parse_catalogue``) also
checks what a schema cannot (unknown keys of the dictionary, duplicate codes, the arguments of rules). So every
bundle the schema refuses for a reason the loader also checks is refused by the loader too, at the same JSON
path, and the other way round for a dropped key. Each closed list the schema names is the loader's own.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from kiosk.assets import ASSETS, DEMO_CATALOGUE
from kiosk.catalogue import CatalogueError, FieldType, MaterialSource, parse_catalogue
from kiosk.catalogue.load import AUDIENCES, CHANNELS, OBJECT_KEYS, SHARED_DATA
from kiosk.catalogue.model import DOCUMENT_PREFILLS
from kiosk.documents.certificates import KINDS
from kiosk.forms.logic import OPERATORS
from tests.helpers.bundles import SMALL, encode, small, text

SCHEMA_PATH = ASSETS / "catalog" / "catalogue.schema.json"
SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_bytes())
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
RULE_KEYS = {"required", "visible_if", "calculate", "when"}

Path = tuple[str | int, ...]
DELETE = object()


def schema_errors(data: object) -> list[Path]:
    """Where the schema finds problems (JSON paths of the offending values)."""
    return [tuple(error.absolute_path) for error in VALIDATOR.iter_errors(data)]


def loader_problems(data: object) -> list[str]:
    """Where the loader finds problems, in its own notation (``items[0].fee``); empty if it accepts."""
    try:
        parse_catalogue(json.dumps(data, ensure_ascii=False).encode())
    except CatalogueError as exc:
        return [problem.split(": ", 1)[0] for problem in exc.problems]
    return []


def where(path: Path) -> str:
    """A JSON path in the loader's notation: ``catalogue.version``, ``fields['child.list'].fields['name']``."""
    if len(path) == 1:
        return f"catalogue.{path[0]}"
    out = ""
    for i, step in enumerate(path):
        if isinstance(step, int):
            out += f"[{step}]"
        elif i > 0 and path[i - 1] == "fields":
            out += f"[{step!r}]"
        else:
            out += f".{step}" if out else step
    return out


def related(a: str, b: str) -> bool:
    """One loader location is the other or lies inside it."""
    return any(x == y or x.startswith((y + ".", y + "[")) for x, y in ((a, b), (b, a)))


def edited(path: Path, value: object) -> dict[str, Any]:
    data = small()
    node: Any = data
    for step in path[:-1]:
        node = node[step]
    if value is DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return data


# -- the schema and the good bundles ---------------------------------------------------------------------------


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"] and SCHEMA["title"]
    assert all("description" in definition for definition in SCHEMA["$defs"].values())


def test_the_demo_catalogue_matches_the_schema() -> None:
    data = json.loads(DEMO_CATALOGUE.read_bytes())
    assert schema_errors(data) == []
    parse_catalogue(DEMO_CATALOGUE.read_bytes())


def test_the_small_bundle_matches_the_schema() -> None:
    assert schema_errors(SMALL) == []
    parse_catalogue(encode(SMALL))


def test_the_schema_names_what_the_loader_names() -> None:
    defs = SCHEMA["$defs"]
    assert defs["fieldType"]["enum"] == [t.value for t in FieldType]
    assert sorted(defs["materialSource"]["enum"]) == sorted(s.value for s in MaterialSource)
    assert defs["audience"]["enum"] == list(AUDIENCES)
    assert defs["channel"]["enum"] == list(CHANNELS)
    assert defs["certificateKind"]["enum"] == sorted(KINDS)
    assert defs["documentSource"]["enum"] == list(DOCUMENT_PREFILLS)
    assert defs["operator"]["enum"] == list(OPERATORS)
    assert defs["sharedData"]["pattern"] == "^" + SHARED_DATA.pattern


def test_the_schema_allows_the_keys_the_loader_allows() -> None:
    defs = SCHEMA["$defs"]
    allowed = {"catalogue": SCHEMA["properties"], "text": defs["text"]["anyOf"][0]["properties"]}
    for kind, keys in OBJECT_KEYS.items():
        assert list(allowed.get(kind) or defs[kind]["properties"]) == list(keys), kind


# -- broken bundles: refused by both, at the same place ------------------------------------------------------------

SUB_TEXT = {"x": {"type": "text", "label": text("甲", "X")}}
BROKEN: dict[str, tuple[Path, object]] = {
    "unknown field type": (("fields", "applicant.name", "type"), "string"),
    "a fee": (("items", 0, "fee"), 10),
    "a text without Chinese": (("items", 0, "name"), {"en": "Item one"}),
    "a text whose Chinese is dropped": (("groups", 0, "title", "zh"), DELETE),
    "a blank Chinese text": (("packages", 0, "event"), {"zh": "  ", "en": "Test"}),
    "a package without items": (("packages", 0, "items"), DELETE),
    "a package with no items": (("packages", 0, "items"), []),
    "another format": (("format",), 2),
    "no format": (("format",), DELETE),
    "an empty version": (("version",), ""),
    "no field dictionary": (("fields",), DELETE),
    "a date with slashes": (("items", 0, "valid_from"), "2026/01/01"),
    "a date that does not exist": (("items", 0, "valid_until"), "2026-02-30"),
    "unknown material source": (("items", 0, "materials", 0, "source"), "brought"),
    "no material source": (("items", 0, "materials", 0, "source"), DELETE),
    "no copies": (("items", 0, "materials", 1, "copies"), 0),
    "unknown audience": (("packages", 0, "audience"), "citizen"),
    "unknown channel": (("items", 0, "channels"), ["kiosk", "fax"]),
    "negative days": (("items", 0, "legal_days"), -1),
    "days as a string": (("items", 0, "promised_days"), "5"),
    "a flag as a string": (("items", 0, "visit_required"), "yes"),
    "a field listed twice": (("items", 0, "fields"), ["applicant.name", "applicant.name"]),
    "an empty keyword": (("items", 2, "keywords"), ["罚单", ""]),
    "an empty item code": (("items", 1, "code"), ""),
    "a repeat group without sub-fields": (("fields", "child.list", "fields"), DELETE),
    "a repeat group with no sub-fields": (("fields", "child.list", "fields"), {}),
    "sub-fields outside a repeat group": (("fields", "applicant.name", "fields"), SUB_TEXT),
    "a repeat group in a repeat group": (
        ("fields", "child.list", "fields", "name"),
        {"type": "repeat", "label": text("姓名", "Name"), "fields": SUB_TEXT},
    ),
    "a choice without options": (("fields", "docs.member"), {"type": "choice", "label": text("成员", "Member")}),
    "an option without a value": (("fields", "docs.member", "options"), [{"label": text("甲", "A")}]),
    "a prefill from nowhere": (("fields", "applicant.name", "prefill"), "card.name"),
    "a prefill from a document fact no form takes": (("fields", "applicant.name", "prefill"), "document.photo"),
    "a prefill from shared data without a name": (("fields", "applicant.phone", "prefill"), "shared."),
    "choices from shared data without a name": (("fields", "docs.member", "options_from"), "shared."),
    "unknown operator": (("fields", "child.list", "visible_if"), {"like": [{"var": "applicant.name"}, "x"]}),
    "unknown operator inside a rule": (
        ("items", 1, "materials", 2, "when"),
        {"and": [{"var": "applicant.has_children"}, {"eval": "1"}]},
    ),
    "a rule with two operators": (("packages", 0, "items", 1, "when"), {"var": "applicant.has_children", "!": 1}),
    "unknown certificate kind": (("items", 0, "certificate"), "birth_cert"),
    "choices not from shared data": (("fields", "docs.member", "options_from"), "household_members"),
    "a field without a label": (("fields", "applicant.phone", "label"), DELETE),
    "rows as a string": (("fields", "child.list", "max"), "3"),
    "a column without a name": (("columns", 1, "children", 0, "name"), DELETE),
    "a package item without a code": (("packages", 0, "items", 0, "code"), DELETE),
    "groups not a list": (("groups",), {"applicant": text("申请人", "Applicant")}),
    "a certificate fact from no field": (("certificates", "household_certificate", "registered_address"), []),
    "a certificate fact's field not in a list": (
        ("certificates", "household_certificate", "registered_address"),
        "applicant.address",
    ),
}


UNKNOWN_KEYS: dict[str, tuple[Path, object]] = {
    "at the top": (("extra",), 1),
    "in a group": (("groups", 0, "order"), 1),
    "in a column": (("columns", 0, "icon"), "star"),
    "in a field": (("fields", "applicant.name", "placeholder"), text("张三", "Zhang San")),
    "in a sub-field: its group": (("fields", "child.list", "fields", "name", "group"), "child"),
    "in an option": (("fields", "docs.member", "options"), [{"value": "a", "label": text("甲", "A"), "code": 1}]),
    "in a text": (("items", 0, "name", "fr"), "Article un"),
    "in an item": (("items", 0, "price"), 0),
    "in a material": (("items", 0, "materials", 0, "original"), True),
    "in a package": (("packages", 0, "icon"), "baby"),
    "in a package item": (("packages", 0, "items", 0, "optional"), True),
    "in a check": (
        ("items", 0, "checks"),
        [{"field": "applicant.phone", "rule": True, "message": text("甲", "A"), "level": "error"}],
    ),
}


REFUSED = BROKEN | {f"unknown key {place}": edit for place, edit in UNKNOWN_KEYS.items()}


@pytest.mark.parametrize(("path", "value"), REFUSED.values(), ids=REFUSED.keys())
def test_a_broken_bundle_is_refused_by_the_schema_and_the_loader_alike(path: Path, value: object) -> None:
    data = edited(path, value)
    at = where(path)
    schema = schema_errors(data)
    loader = loader_problems(data)
    assert any(related(where(p) if p else "catalogue", at) for p in schema), schema
    assert any(related(p, at) for p in loader), loader


def test_a_bundle_may_name_its_schema() -> None:
    assert schema_errors(small(lambda d: d.update({"$schema": "./catalogue.schema.json"}))) == []


# -- dropping a key: the schema refuses whatever the loader refuses for that reason ------------------------------


def _keys(node: object, path: Path = ()) -> list[Path]:
    """The path of every object key in a bundle, not looking inside rules (any JSON goes there)."""
    found: list[Path] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((*path, key))
            if key not in RULE_KEYS:
                found += _keys(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _keys(value, (*path, index))
    return found


KEYS = _keys(SMALL)


def blamed(path: Path, problems: list[str]) -> bool:
    """The loader refuses the bundle because of this key: at the key, or at the text it was part of."""
    places = {where(path)} | ({where(path[:-1])} if path[-1] in ("zh", "en") else set())
    return any(problem in places for problem in problems)


@settings(max_examples=150, derandomize=True, deadline=None)
@given(path=st.sampled_from(KEYS))
def test_dropping_a_key_the_loader_needs_is_refused_by_the_schema(path: Path) -> None:
    data = edited(path, DELETE)
    problems = loader_problems(data)
    schema = schema_errors(data)
    if blamed(path, problems):
        assert schema, f"the loader refuses a bundle without {where(path)} ({problems}); the schema does not"
    if schema:
        assert problems, f"the schema refuses a bundle without {where(path)} ({schema}); the loader does not"


def test_the_small_bundle_has_keys_the_loader_needs() -> None:
    needed = [path for path in KEYS if blamed(path, loader_problems(edited(path, DELETE)))]
    kinds = {path[-1] for path in needed}
    assert kinds >= {"format", "version", "fields", "type", "label", "key", "title", "name", "code", "source"}
    assert kinds >= {"department", "audience", "event", "items", "zh"}
    assert len(needed) > 40
    assert copy.deepcopy(SMALL) == small()  # nothing above changed the shared bundle
