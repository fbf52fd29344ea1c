"""Catalogue deltas: applying make_delta(old, new) to old gives exactly new, and nothing else."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.catalogue import parse_catalogue
from kiosk.catalogue.delta import (
    DeltaError,
    apply_delta,
    canonical_bytes,
    canonical_digest,
    compact_bytes,
    make_delta,
)
from tests.helpers.bundles import encode, small, text

Bundle = dict[str, Any]


def exactly(value: Any) -> str:
    """JSON text that keeps member order and number types: equal only for the very same value."""
    return json.dumps(value, ensure_ascii=False)


def round_trip(old: Bundle, new: Bundle) -> Bundle:
    """The delta as it travels (encoded, then parsed) applied to a parsed copy of the old bundle."""
    delta = json.loads(compact_bytes(make_delta(old, new)))
    result = apply_delta(json.loads(encode(old)), delta)
    assert exactly(result) == exactly(new)
    assert canonical_digest(result) == delta["digest"] == canonical_digest(new)
    return delta


def item(data: Bundle, code: str) -> Bundle:
    return next(i for i in data["items"] if i["code"] == code)


def new_version(data: Bundle) -> None:
    data["version"] = "test-2"


# -- one kind of change at a time ------------------------------------------------------------------


def test_a_changed_item_is_sent_alone_with_the_new_version() -> None:
    def edit(data: Bundle) -> None:
        new_version(data)
        item(data, "000000000002")["promised_days"] = 3

    old, new = small(), small(edit)
    delta = round_trip(old, new)
    assert (delta["from"], delta["to"]) == ("test-1", "test-2")
    assert delta["set"] == {"top": {"version": "test-2"}, "items": {"000000000002": item(new, "000000000002")}}
    assert delta["remove"] == {}
    assert "order" not in delta
    parse_catalogue(compact_bytes(apply_delta(old, delta)))  # still a valid bundle


def reversed_sub_fields(data: Bundle) -> None:
    repeat = data["fields"]["child.list"]
    repeat["fields"] = dict(reversed(repeat["fields"].items()))


@pytest.mark.parametrize(
    ("name", "edit"),
    [
        ("added field", lambda d: d["fields"].update({"applicant.email": {"type": "text", "label": text("邮", "E")}})),
        ("changed field", lambda d: d["fields"]["applicant.phone"].update({"required": False})),
        ("removed field", lambda d: d["fields"].pop("docs.member")),
        ("added item", lambda d: d["items"].append({**item(d, "000000000003"), "code": "000000000004"})),
        ("removed item", lambda d: d["items"].pop(2)),
        ("reordered items", lambda d: d["items"].reverse()),
        ("added package", lambda d: d["packages"].append({**d["packages"][0], "code": "P2"})),
        ("changed package", lambda d: d["packages"][0]["keywords"].append("再试")),
        ("removed package", lambda d: d["packages"].clear()),
        ("added group", lambda d: d["groups"].append({"key": "extra", "title": text("其他", "Other")})),
        ("removed group", lambda d: d["groups"].pop()),
        ("changed column", lambda d: d["columns"][1]["children"].append({"key": "x", "name": text("医", "H")})),
        ("removed columns", lambda d: d.pop("columns")),
        ("field order", lambda d: d.update(fields=dict(reversed(d["fields"].items())))),
        ("sub-field order", reversed_sub_fields),
    ],
)
def test_each_kind_of_change_round_trips(name: str, edit: Callable[[Bundle], object]) -> None:
    round_trip(small(), small(edit))


def test_removals_are_named_and_additions_set_whole() -> None:
    def edit(data: Bundle) -> None:
        data["fields"].pop("docs.member")
        data["items"].pop(2)
        data["packages"].append({**data["packages"][0], "code": "P2"})
        data["groups"].pop()

    new = small(edit)
    delta = round_trip(small(), new)
    assert delta["remove"] == {"fields": ["docs.member"], "items": ["000000000003"]}
    assert delta["set"] == {"top": {"groups": new["groups"]}, "packages": {"P2": new["packages"][1]}}


def test_a_reorder_sends_the_order_but_not_the_entries() -> None:
    delta = round_trip(small(), small(lambda d: d["items"].reverse()))
    assert delta["order"] == {"items": ["000000000003", "000000000002", "000000000001"]}
    assert delta["set"] == {}


def test_a_number_that_turns_into_a_flag_is_a_change() -> None:
    round_trip(small(lambda d: d.update(extra=1)), small(lambda d: d.update(extra=True)))
    round_trip(small(lambda d: d.update(extra=1)), small(lambda d: d.update(extra=1.0)))


def test_collections_that_cannot_be_keyed_are_sent_whole() -> None:
    def duplicate(data: Bundle) -> None:
        data["items"].append(dict(data["items"][0]))

    delta = round_trip(small(), small(duplicate))
    assert delta["set"]["top"]["items"] == small(duplicate)["items"]
    round_trip(small(duplicate), small())
    round_trip(small(lambda d: d.update(fields=[])), small())


def test_the_same_bundle_gives_an_empty_delta() -> None:
    delta = round_trip(small(), small())
    assert (delta["set"], delta["remove"]) == ({}, {})


# -- the canonical form ----------------------------------------------------------------------------


def test_the_digest_does_not_depend_on_key_order_or_spacing() -> None:
    data = small()
    shuffled = json.loads(json.dumps(dict(reversed(data.items())), indent=3))
    assert canonical_digest(shuffled) == canonical_digest(data)
    assert canonical_bytes({"b": "长沙", "a": [1, 2]}) == '{"a":[1,2],"b":"长沙"}'.encode()
    assert canonical_digest(data) == hashlib.sha256(canonical_bytes(data)).hexdigest()
    assert canonical_digest(small(new_version)) != canonical_digest(data)


def test_a_value_without_canonical_form_is_refused() -> None:
    with pytest.raises(DeltaError):
        canonical_digest({"label": "\ud800"})  # a lone surrogate has no UTF-8
    with pytest.raises(DeltaError):
        canonical_digest({"n": float("nan")})


# -- malformed deltas ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "broken",
    [
        {"set": []},
        {"set": {"elsewhere": {}}},
        {"set": {"items": {"000000000001": {"code": "000000000009"}}}},
        {"remove": {"items": "000000000001"}},
        {"order": {"items": ["000000000001"]}},
        {"set": {"top": "version"}},
    ],
)
def test_a_malformed_delta_is_refused(broken: Bundle) -> None:
    with pytest.raises(DeltaError):
        apply_delta(small(), {"from": "test-1", "to": "test-2", "digest": "0" * 64} | broken)


def test_per_entry_changes_to_a_collection_that_cannot_be_keyed_are_refused() -> None:
    with pytest.raises(DeltaError, match="entry by entry"):
        apply_delta(small(lambda d: d.update(items={})), {"set": {"items": {"x": {"code": "x"}}}})


def test_applying_leaves_the_old_bundle_as_it_was() -> None:
    old = small()
    before = exactly(old)
    apply_delta(old, make_delta(old, small(lambda d: item(d, "000000000001").update(legal_days=10))))
    assert exactly(old) == before


# -- random edits ----------------------------------------------------------------------------------

CODES = st.sampled_from(["000000000001", "000000000002", "000000000003", "000000000004", "000000000005"])
KEYS = st.sampled_from(["applicant.name", "applicant.phone", "child.list", "docs.scan", "extra.one", "extra.two"])
SCALARS = st.one_of(st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False, allow_infinity=False), st.text())
JSON_VALUES = st.recursive(
    SCALARS | st.none(), lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@st.composite
def edits(draw: st.DrawFn) -> Callable[[Bundle], None]:
    """One random change of the kinds a catalogue's editors make."""
    kind = draw(st.sampled_from(["item", "new item", "drop item", "shuffle items", "field", "drop field",
                                 "package", "drop package", "top", "drop top", "groups", "columns"]))
    code, key, value = draw(CODES), draw(KEYS), draw(JSON_VALUES)
    shuffle = draw(st.randoms(use_true_random=False))

    def edit(data: Bundle) -> None:
        items = data.setdefault("items", [])
        fields = data.setdefault("fields", {})
        packages = data.setdefault("packages", [])
        if kind == "item" and items:
            items[shuffle.randrange(len(items))][draw_key(shuffle)] = value
        elif kind == "new item" and all(i["code"] != code for i in items):
            items.insert(shuffle.randrange(len(items) + 1), {"code": code, "name": text("新", "New"), "x": value})
        elif kind == "drop item":
            data["items"] = [i for i in items if i["code"] != code]
        elif kind == "shuffle items":
            shuffle.shuffle(items)
        elif kind == "field":
            fields[key] = {"type": "text", "label": text("新", "New"), "hint": value}
        elif kind == "drop field":
            fields.pop(key, None)
        elif kind == "package" and packages:
            packages[0]["keywords"] = [value]
        elif kind == "drop package":
            packages.clear()
        elif kind == "top":
            data["version" if shuffle.random() < 0.5 else "unknown_member"] = value
        elif kind == "drop top":
            data.pop(shuffle.choice(sorted(data)))
        elif kind == "groups":
            shuffle.shuffle(data.setdefault("groups", []))
        elif kind == "columns":
            data["columns"] = value

    return edit


def draw_key(rng: Any) -> str:
    return str(rng.choice(["name", "fields", "legal_days", "keywords", "materials", "new_member"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(edits(), max_size=6), st.lists(edits(), max_size=6))
def test_random_edits_of_the_small_bundle_round_trip(first: list[Callable[[Bundle], None]],
                                                     second: list[Callable[[Bundle], None]]) -> None:
    def apply_all(changes: list[Callable[[Bundle], None]]) -> Callable[[Bundle], None]:
        def edit(data: Bundle) -> None:
            for change in changes:
                change(data)
        return edit

    round_trip(small(apply_all(first)), small(apply_all(second)))


TOP_KEYS = st.sampled_from(["format", "version", "fields", "items", "packages", "groups", "columns", "other"])
ENTRY = st.fixed_dictionaries({"code": st.sampled_from(["a", "b", "c", "d"])}, optional={"v": JSON_VALUES})
COLLECTION = st.one_of(JSON_VALUES, st.lists(ENTRY, max_size=4), st.dictionaries(st.sampled_from("abcd"), JSON_VALUES))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(TOP_KEYS, COLLECTION, max_size=6), st.dictionaries(TOP_KEYS, COLLECTION, max_size=6))
def test_any_two_json_objects_round_trip(old: Bundle, new: Bundle) -> None:
    round_trip(old, new)
