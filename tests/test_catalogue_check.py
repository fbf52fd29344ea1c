"""`kiosk catalog check`: every kind of broken bundle is refused, each problem named by its JSON path."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiosk.catalogue import CatalogueError, parse_catalogue
from kiosk.catalogue.model import DOCUMENT_FACTS, DOCUMENT_PREFILLS
from kiosk.forms.engine import CombinedForm, identity_prefill
from kiosk.forms.logic import OPERATORS
from kiosk.identity import IdentityRecord
from tests.helpers.bundles import encode, small, text
from tests.helpers.people import resident

Edit = Callable[[dict[str, Any]], object]


def _set(path: list[Any], value: object) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        target = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return edit


def _append(path: list[Any], value: object) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        target: Any = data
        for step in path:
            target = target[step]
        target.append(value)

    return edit


CYCLE = {
    "applicant.a": {
        "type": "number",
        "label": {"zh": "甲", "en": "A"},
        "calculate": {"+": [{"var": "applicant.b"}, 1]},
    },
    "applicant.b": {
        "type": "number",
        "label": {"zh": "乙", "en": "B"},
        "calculate": {"+": [{"var": "applicant.a"}, 1]},
    },
}

# (what is broken, how, the path the message must name)
BREAKAGES: list[tuple[str, Edit, str]] = [
    ("unknown field type", _set(["fields", "applicant.phone", "type"], "telephone"), "fields['applicant.phone'].type"),
    ("dangling item reference", _set(["packages", 0, "items", 0, "code"], "999999999999"), "packages[0].items[0].code"),
    (
        "expression naming a missing field",
        _set(["fields", "child.list", "visible_if"], {"var": "applicant.pets"}),
        "fields['child.list'].visible_if",
    ),
    ("cycle among calculated fields", lambda d: d["fields"].update(CYCLE), "calculated fields form a cycle"),
    ("duplicate item code", _set(["items", 1, "code"], "000000000001"), "items[1].code: duplicate item"),
    ("duplicate package code", _append(["packages"], small()["packages"][0]), "packages[1].code: duplicate package"),
    (
        "unknown operator",
        _set(["packages", 0, "items", 1, "when"], {"like": [{"var": "applicant.name"}, "x"]}),
        f"packages[0].items[1].when: unknown operator 'like' (known: {', '.join(OPERATORS)})",
    ),
    ("item using an unknown field", _append(["items", 0, "fields"], "applicant.shoe_size"), "items[0].fields"),
    ("a fee", _set(["items", 0, "fee"], 10), "items[0].fee"),
    ("unknown column", _set(["items", 2, "columns"], ["popular.cooking"]), "items[2].columns"),
    (
        "choice with no options",
        _set(["fields", "applicant.has_children", "type"], "choice"),
        "fields['applicant.has_children'].options",
    ),
    ("promise beyond the legal limit", _set(["items", 0, "promised_days"], 30), "items[0].promised_days"),
    (
        "unknown material source",
        _set(["items", 0, "materials", 1, "source"], "neighbour"),
        "items[0].materials[1].source",
    ),
    (
        "validity ending before it starts",
        lambda d: d["items"][0].update(valid_from="2026-01-01", valid_until="2025-01-01"),
        "items[0].valid_until",
    ),
    (
        "label without Chinese",
        _set(["fields", "applicant.phone", "label"], {"en": "Mobile"}),
        "fields['applicant.phone'].label",
    ),
    ("unknown audience", _set(["packages", 0, "audience"], "pets"), "packages[0].audience"),
    ("repeat group with no rows defined", _set(["fields", "child.list", "fields"], {}), "fields['child.list'].fields"),
    (
        "field listed twice in an item",
        _append(["items", 0, "fields"], "applicant.phone"),
        "items[0].fields: a field is listed twice",
    ),
    ("unknown channel", _set(["items", 0, "channels"], ["fax"]), "items[0].channels"),
    ("wrong format", _set(["format"], 2), "catalogue.format"),
    ("undeclared group", _set(["fields", "applicant.phone", "group"], "phones"), "fields['applicant.phone'].group"),
    (
        "duplicate material in an item",
        _append(["items", 0, "materials"], small()["items"][0]["materials"][0]),
        "items[0].materials: duplicate material",
    ),
    (
        "prefill from a document fact no form takes",
        _set(["fields", "applicant.name", "prefill"], "document.photo"),
        "fields['applicant.name'].prefill: unknown source 'document.photo' (known: document.name, ",
    ),
    (
        "prefill from an unknown kind of source",
        _set(["fields", "applicant.phone", "prefill"], "citizen.mobile"),
        "fields['applicant.phone'].prefill: unknown source 'citizen.mobile'",
    ),
    (
        "prefill from shared data without a name",
        _set(["fields", "applicant.phone", "prefill"], "shared."),
        "fields['applicant.phone'].prefill: unknown source 'shared.'",
    ),
    (
        "choices from shared data without a name",
        _set(["fields", "docs.member", "options_from"], "shared."),
        "fields['docs.member'].options_from",
    ),
    (
        "a misspelt key in a field",
        _set(["fields", "applicant.phone", "visble_if"], {"var": "applicant.has_children"}),
        "fields['applicant.phone']: unknown key 'visble_if' (known: type, label, ",
    ),
    ("an unknown key in an item", _set(["items", 0, "price"], 0), "items[0]: unknown key 'price'"),
    (
        "an unknown key in a package item",
        _set(["packages", 0, "items", 0, "optional"], True),
        "packages[0].items[0]: unknown key 'optional'",
    ),
    (
        "an unknown language in a text",
        _set(["items", 0, "name", "fr"], "Article un"),
        "items[0].name: unknown key 'fr' (known: zh, en)",
    ),
    (
        "a group in a sub-field",
        _set(["fields", "child.list", "fields", "name", "group"], "child"),
        "fields['child.list'].fields['name'].group",
    ),
    ("an unknown key at the top", _set(["schema_version"], 2), "catalogue: unknown key 'schema_version'"),
    (
        "facts of an unknown certificate kind",
        _set(["certificates"], {"birth_cert": {"child_name": ["applicant.name"]}}),
        "certificates.birth_cert: unknown certificate kind 'birth_cert' (known: approval_notice, ",
    ),
    (
        "a fact its certificate's template does not state",
        _set(["certificates"], {"household_certificate": {"registered_adress": ["applicant.address"]}}),
        "certificates.household_certificate.registered_adress: the household_certificate template states no",
    ),
    (
        "a certificate fact from an unknown field",
        _set(["certificates"], {"household_certificate": {"registered_address": ["applicant.adress"]}}),
        "certificates.household_certificate.registered_address: unknown field 'applicant.adress'",
    ),
    (
        "a certificate fact from no field",
        _set(["certificates"], {"household_certificate": {"registered_address": []}}),
        "certificates.household_certificate.registered_address: expected a list of the fields",
    ),
    (
        "an ID number stated on a certificate",
        _set(["certificates"], {"household_certificate": {"registered_address": ["applicant.id_number"]}}),
        "registered_address: 'applicant.id_number' is a resident_id field, never stated on a certificate",
    ),
]


def test_the_small_bundle_itself_is_fine() -> None:
    parse_catalogue(encode(small()))


def test_a_certificates_facts_are_read_with_their_fields_in_order() -> None:
    facts = {"residence_address": ["docs.member", "applicant.address"], "registered_address": ["applicant.address"]}
    catalogue = parse_catalogue(encode(small(_set(["certificates", "residence_permit"], facts))))
    assert catalogue.certificates == {
        "household_certificate": {"registered_address": ("applicant.address",)},
        "residence_permit": {"residence_address": ("docs.member", "applicant.address"),
                             "registered_address": ("applicant.address",)},
    }


@pytest.mark.parametrize(("what", "edit", "path"), BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_each_breakage_is_refused_naming_its_path(what: str, edit: Edit, path: str) -> None:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(encode(small(edit)))
    assert any(path in problem for problem in caught.value.problems), caught.value.problems


def test_an_unknown_prefill_source_is_told_every_known_one() -> None:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(encode(small(_set(["fields", "applicant.name", "prefill"], "document.photo"))))
    (problem,) = caught.value.problems
    assert "'document.photo'" in problem and "shared.<name>" in problem
    assert all(source in problem for source in DOCUMENT_PREFILLS)


def test_every_document_source_is_a_fact_of_the_identity_record_that_prefills_a_form() -> None:
    assert set(DOCUMENT_FACTS) <= {attribute.name for attribute in dataclasses.fields(IdentityRecord)}

    def ask_every_fact(data: dict[str, Any]) -> None:
        for fact in DOCUMENT_FACTS:
            data["fields"][f"applicant.doc_{fact}"] = {"type": "text", "label": text(fact, fact),
                                                      "prefill": f"document.{fact}"}
            data["items"][0]["fields"].append(f"applicant.doc_{fact}")

    catalogue = parse_catalogue(encode(small(ask_every_fact)))
    form = CombinedForm(catalogue, catalogue.package("P1"), dt.date(2026, 11, 2))
    filled = identity_prefill(form, resident())
    assert {f"applicant.doc_{fact}" for fact in DOCUMENT_FACTS} <= filled.keys()


def test_every_problem_is_reported_not_just_the_first() -> None:
    edits = [BREAKAGES[0][1], BREAKAGES[1][1], BREAKAGES[8][1], BREAKAGES[14][1]]

    def all_of_them(data: dict[str, Any]) -> None:
        for edit in edits:
            edit(data)

    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(encode(small(all_of_them)))
    for _, _, path in (BREAKAGES[0], BREAKAGES[1], BREAKAGES[8], BREAKAGES[14]):
        assert any(path in p for p in caught.value.problems), path
    assert str(caught.value).endswith("more problems)")


def run_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "catalog", "check", str(path)], capture_output=True, text=True, timeout=60
    )


def test_the_command_lists_every_problem_and_exits_non_zero(tmp_path: Path) -> None:
    bundle = tmp_path / "broken.json"
    bundle.write_bytes(encode(small(lambda d: [b[1](d) for b in BREAKAGES[:3]])))
    result = run_check(bundle)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"{bundle}: 3 problems"
    for _, _, path in BREAKAGES[:3]:
        assert path in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe", b"[]", b""])
def test_the_command_refuses_what_is_not_a_bundle(tmp_path: Path, content: bytes) -> None:
    bundle = tmp_path / "bad.json"
    bundle.write_bytes(content)
    result = run_check(bundle)
    assert result.returncode == 1 and "problem" in result.stderr and "Traceback" not in result.stderr


def test_the_command_passes_a_good_bundle(tmp_path: Path) -> None:
    bundle = tmp_path / "good.json"
    bundle.write_bytes(encode(small()))
    result = run_check(bundle)
    assert result.returncode == 0 and "ok — version test-1, 1 package, 3 items" in result.stdout
