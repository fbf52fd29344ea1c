"""`kiosk catalog build`: YAML sources in, one bundle out, and every problem at its file, line and path."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from kiosk.assets import ASSETS
from kiosk.catalogue import load_catalogue
from kiosk.catalogue.build import build_catalogue, compile_catalogue
from kiosk.catalogue.stats import package_stats

DOCS = Path(__file__).resolve().parent.parent / "docs" / "catalogue.md"

SOURCES = {
    "catalogue.yaml": """\
format: 1
version: test-1
packages: [moving]
groups:
  - {key: applicant, title: {zh: 申请人, en: About you}}
  - {key: move, title: {zh: 迁移, en: The move}}
columns:
  - {key: special, name: {zh: 一件事一次办, en: "One thing, one visit"}}
  - key: livelihood
    name: {zh: 民生服务, en: Everyday services}
    children:
      - {key: household, name: {zh: 户政, en: Household registration}}
""",
    "fields.yaml": """\
applicant.name: {type: text, label: {zh: 姓名, en: Name}, prefill: document.name}
applicant.id_number: {type: resident_id, label: {zh: 公民身份号码, en: ID number}, prefill: document.id_number}
applicant.address: {type: address, label: {zh: 户籍地址, en: Registered address}, prefill: document.address}
move.reason:
  label: {en: Why you move, zh: 迁移原因}
  type: choice
  options:
    - {value: no, label: {zh: 无特别原因, en: No particular reason}}
    - {value: job, label: {zh: 工作调动, en: A new job}}
move.date: {type: date, label: {zh: 迁移日期, en: Date of the move}}
move.address: {type: address, label: {zh: 迁入地址, en: New address}}
""",
    "materials.yaml": """\
FORM: {name: {zh: 申请表, en: Application form}, source: on_site}
ID: {name: {zh: 居民身份证, en: Resident ID card}, source: e_licence}
PHOTO: {name: {zh: 近期二寸免冠照片, en: Recent 2-inch photos}, source: citizen, copies: 2}
""",
    "departments.yaml": "police: {zh: 市公安局, en: Public Security Bureau}\n",
    "certificates.yaml": """\
household_entry:
  registered_address: [move.address, applicant.address]
""",
    "packages/moving.yaml": """\
# A move within the city
code: 43PCT0001
name: {zh: 迁移一件事, en: Moving house}
audience: individual
event: {zh: 搬家, en: Moving}
columns: [special]
keywords: [搬家, 迁户口]
items:
  - code: "000709009000"
    name: {zh: 市内户口迁移, en: Household move within the city}
    department: police
    channels: [kiosk, online]
    legal_days: 15
    promised_days: 5
    certificate: household_entry
    fields: [applicant.name, applicant.id_number, applicant.address, move.reason, move.date, move.address]
    materials:
      - FORM
      - {code: ID, source: shared}
      - code: LEASE
        name: {zh: 租赁合同, en: Lease}
        source: citizen
        when: {==: [{var: move.reason}, job]}
  - code: "000709009001"
    when: {"!=": [{var: move.reason}, no]}
    name: {zh: 居住登记, en: Residence registration}
    department: {zh: 社区服务中心, en: Community centre}
    fields: [applicant.name, move.address]
    materials: [PHOTO]
""",
    "items.yaml": """\
- code: "000709009002"
  name: {zh: 户籍证明, en: Household certificate}
  department: police
  fields: [applicant.name, applicant.id_number]
  materials: [ID]
  columns: [livelihood.household]
""",
}


def write(src: Path, changes: Mapping[str, str | None] | None = None) -> Path:
    """The sources above, with files replaced (or removed, for None)."""
    for name, text in {**SOURCES, **(changes or {})}.items():
        if text is not None:
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            (src / name).write_text(text, encoding="utf-8")
    return src


def edited(name: str, old: str, new: str) -> dict[str, str | None]:
    assert SOURCES[name].count(old) == 1, old
    return {name: SOURCES[name].replace(old, new)}


def line_of(name: str, text: str, changes: dict[str, str | None]) -> int:
    """The line a text is on in a (changed) source file."""
    source = changes.get(name) or SOURCES[name]
    return next(n for n, line in enumerate(source.splitlines(), 1) if text in line)


def problems(tmp_path: Path, changes: dict[str, str | None]) -> list[str]:
    out = tmp_path / "out.json"
    found = build_catalogue(write(tmp_path / "src", changes), out)
    assert found, "expected problems"
    assert not out.exists(), "a bundle with problems is not written"
    return found


# -- what the sources make ----------------------------------------------------------------------------------


def test_the_sources_make_a_bundle_the_loader_accepts(tmp_path: Path) -> None:
    out = tmp_path / "bundle.json"
    assert build_catalogue(write(tmp_path / "src"), out) == []
    catalogue = load_catalogue(out)
    data = json.loads(out.read_bytes())
    assert list(data) == ["format", "version", "groups", "columns", "fields", "certificates", "items", "packages"]
    assert [item["code"] for item in data["items"]] == ["000709009000", "000709009001", "000709009002"]
    move, register, proof = data["items"]
    assert move["department"] == {"zh": "市公安局", "en": "Public Security Bureau"}
    assert move["materials"] == [
        {"code": "FORM", "name": {"zh": "申请表", "en": "Application form"}, "source": "on_site", "paper": False,
         "copies": 1},
        {"code": "ID", "name": {"zh": "居民身份证", "en": "Resident ID card"}, "source": "shared", "paper": False,
         "copies": 1},
        {"code": "LEASE", "name": {"zh": "租赁合同", "en": "Lease"}, "source": "citizen", "paper": True, "copies": 1,
         "when": {"==": [{"var": "move.reason"}, "job"]}},
    ]
    assert register["materials"][0]["copies"] == 2 and register["department"]["zh"] == "社区服务中心"
    assert proof["materials"][0]["source"] == "e_licence"
    assert data["packages"][0]["items"] == [
        {"code": "000709009000"}, {"code": "000709009001", "when": {"!=": [{"var": "move.reason"}, "no"]}},
    ]
    assert data["fields"]["move.reason"]["label"] == {"zh": "迁移原因", "en": "Why you move"}  # the format's order
    assert [o.value for o in catalogue.fields["move.reason"].options] == ["no", "job"]  # YAML's no stays text
    assert catalogue.certificates == {"household_entry": {"registered_address": ("move.address", "applicant.address")}}
    assert catalogue.items["000709009000"].certificate == "household_entry"


def test_the_order_keys_are_written_in_does_not_change_the_bytes(tmp_path: Path) -> None:
    first, _ = compile_catalogue(write(tmp_path / "a"))
    shuffled = {
        "materials.yaml": SOURCES["materials.yaml"].replace(
            "{name: {zh: 申请表, en: Application form}, source: on_site}",
            "{source: on_site, name: {en: Application form, zh: 申请表}}",
        ),
        "packages/moving.yaml": SOURCES["packages/moving.yaml"].replace(
            "code: 43PCT0001\nname: {zh: 迁移一件事, en: Moving house}\n",
            "name: {zh: 迁移一件事, en: Moving house}\ncode: 43PCT0001\n",
        ),
    }
    second, problems = compile_catalogue(write(tmp_path / "b", shuffled))
    assert problems == [] and first == second


def test_the_package_the_docs_add_builds_with_the_demo_as_they_say(tmp_path: Path) -> None:
    example = DOCS.read_text(encoding="utf-8").split("```yaml\n# packages/older_people.yaml\n")[1].split("```")[0]
    src = shutil.copytree(ASSETS / "catalog" / "src", tmp_path / "src")
    (src / "packages" / "older_people.yaml").write_text(example, encoding="utf-8")
    listing = src / "catalogue.yaml"
    listed = listing.read_text(encoding="utf-8").replace("  - disability\n", "  - disability\n  - older_people\n")
    listing.write_text(listed, encoding="utf-8")
    assert build_catalogue(src, tmp_path / "demo.json") == []
    catalogue = load_catalogue(tmp_path / "demo.json")
    stats = package_stats(catalogue, catalogue.packages["43PCN0099"])
    assert (stats.items, stats.fields_separate, stats.fields_combined) == (2, 18, 6)
    assert (stats.materials_separate, stats.materials_combined) == (5, 1)


# -- problems, each where it is -----------------------------------------------------------------------------


def test_a_yaml_syntax_error_is_reported_at_its_file_and_line(tmp_path: Path) -> None:
    changes = edited("packages/moving.yaml", "    legal_days: 15\n", "    legal_days 15\n    promised_days: 5\n")
    line = line_of("packages/moving.yaml", "legal_days 15", changes)
    assert problems(tmp_path, changes) == [
        f"packages/moving.yaml:{line + 1}: not valid YAML: could not find expected ':' "
        f"(while scanning a simple key on line {line})"
    ]


def test_a_misspelt_key_is_reported_at_its_file_line_and_path(tmp_path: Path) -> None:
    changes = edited("packages/moving.yaml", "        source: citizen\n", "        sorce: citizen\n")
    found = problems(tmp_path, changes)
    line = line_of("packages/moving.yaml", "code: LEASE", changes)
    assert f"packages/moving.yaml:{line}: items[0].materials[2]: unknown key 'sorce' (known: code, name, " in \
        "\n".join(found), found


BROKEN: dict[str, tuple[dict[str, str | None], str, str]] = {  # what is broken: (how, the problem, its line's text)
    "an item asks a field the dictionary has not": (
        edited("packages/moving.yaml", "move.date, move.address]", "move.dat, move.address]"),
        "packages/moving.yaml:{line}: items[0].fields: unknown field 'move.dat'",
        "move.dat,",
    ),
    "a package names an item no file defines": (
        edited("packages/moving.yaml", '  - code: "000709009001"\n', '  - code: "000709009099"\n    when: true\n'
               '  - code: "000709009001"\n'),
        "packages/moving.yaml:{line}: items[1].code: unknown item '000709009099'",
        "000709009099",
    ),
    "an item names a material materials.yaml has not": (
        edited("packages/moving.yaml", "      - FORM\n", "      - FROM\n"),
        "packages/moving.yaml:{line}: items[0].materials[0]: unknown material 'FROM' (not in materials.yaml",
        "- FROM",
    ),
    "an item names a department departments.yaml has not": (
        edited("items.yaml", "  department: police\n", "  department: polise\n"),
        "items.yaml:{line}: items[0].department: unknown department 'polise' (known: police, in departments.yaml",
        "polise",
    ),
    "a shared material with an unknown source": (
        edited("materials.yaml", "source: e_licence}", "source: licence}"),
        "materials.yaml:{line}: ID.source: expected one of citizen, shared, e_licence, on_site",
        "ID:",
    ),
    "a certificate fact from a field the dictionary has not": (
        edited("certificates.yaml", "[move.address, applicant.address]", "[move.adress, applicant.address]"),
        "certificates.yaml:{line}: certificates.household_entry.registered_address: unknown field 'move.adress'",
        "registered_address",
    ),
    "a rule reading a field the dictionary has not": (
        edited("packages/moving.yaml", "{==: [{var: move.reason}, job]}", "{==: [{var: move.raeson}, job]}"),
        "packages/moving.yaml:{line}: items[0].materials[2].when: ",
        "move.raeson",
    ),
    "a field in a group catalogue.yaml has not": (
        edited("fields.yaml", "move.date: {type: date,", "move.date: {group: moving, type: date,"),
        "fields.yaml:{line}: fields['move.date'].group: expected a group declared in 'groups'",
        "move.date:",
    ),
    "an item defined in two files": (
        edited("items.yaml", '- code: "000709009002"', '- code: "000709009000"'),
        "items.yaml:{line}: items[0].code: duplicate item '000709009000'",
        "000709009000",
    ),
    "a package file catalogue.yaml does not list": (
        {"packages/moving_too.yaml": SOURCES["packages/moving.yaml"].replace("43PCT0001", "43PCT0002")},
        "packages/moving_too.yaml: not listed in catalogue.yaml: add moving_too to its packages",
        "",
    ),
    "a listed package without its file": (
        edited("catalogue.yaml", "packages: [moving]", "packages: [moving, marriage]"),
        "catalogue.yaml:{line}: packages[1]: no package file packages/marriage.yaml",
        "packages:",
    ),
}


@pytest.mark.parametrize(("changes", "expected", "text"), BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_reference_is_reported_where_it_is(tmp_path: Path, changes: dict[str, str | None], expected: str,
                                                    text: str) -> None:
    name = expected.split(":")[0]
    line = line_of(name, text, changes) if text else 0
    found = problems(tmp_path, changes)
    assert any(p.startswith(expected.format(line=line)) for p in found), found


def test_a_shared_materials_problem_is_reported_once_at_its_file(tmp_path: Path) -> None:
    changes = edited("materials.yaml", "source: citizen, copies: 2}", "source: citizen, copies: 0}")
    changes |= edited("items.yaml", "  materials: [ID]", "  materials: [ID, PHOTO]")  # and in moving.yaml
    assert problems(tmp_path, changes) == ["materials.yaml:3: PHOTO.copies: expected at least 1, got 0"]


def test_sources_with_only_comments_are_empty(tmp_path: Path) -> None:
    changes: dict[str, str | None] = {"certificates.yaml": "# none\n", "items.yaml": "# none\n", "departments.yaml": ""}
    changes |= edited("packages/moving.yaml", "    department: police\n", "    department: {zh: 公安局}\n")
    out = tmp_path / "bundle.json"
    assert build_catalogue(write(tmp_path / "src", changes), out) == []
    catalogue = load_catalogue(out)
    assert catalogue.certificates == {} and len(catalogue.items) == 2


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    changes: dict[str, str | None] = {}
    for name in ("packages/moving.yaml", "items.yaml", "certificates.yaml", "materials.yaml"):
        how = next(c for c, _, _ in BROKEN.values() if name in c)
        changes[name] = how[name]
    found = problems(tmp_path, changes)
    assert {p.split(":")[0] for p in found} == {"packages/moving.yaml", "items.yaml", "certificates.yaml",
                                               "materials.yaml"}, found


BAD_INPUT: dict[str, tuple[dict[str, str | None], str]] = {
    "no catalogue.yaml": ({"catalogue.yaml": None}, "catalogue.yaml: missing"),
    "an empty fields.yaml": ({"fields.yaml": ""}, "fields.yaml:1: fields: expected an object of field specs"),
    "a list where a package is": ({"packages/moving.yaml": "- code: 43PCT0001\n"}, "packages/moving.yaml:1: expected"),
    "a key given twice": (
        edited("departments.yaml", "police:", "police: {zh: 公安局}\npolice:"),
        "departments.yaml:2: police: given twice",
    ),
    "an alias that contains itself": ({"departments.yaml": "police: &a [*a]\n"}, "departments.yaml:1: police"),
    "a binary value": ({"departments.yaml": "police: !!binary aGk=\n"}, "departments.yaml:1: police: 'aGk='"),
    "a number as a key": ({"departments.yaml": "110: {zh: 公安}\n"}, "departments.yaml:1: the key '110' is not a name"),
    "two documents in one file": ({"items.yaml": "[]\n---\n[]\n"}, "items.yaml:2: not valid YAML"),
    "a tab for indentation": (edited("items.yaml", "  department: police", "\tdepartment: police"), "items.yaml:"),
    "a misspelt source file": ({"field.yaml": "{}\n"}, "field.yaml: not a catalogue source"),
    "a .yml package": ({"packages/extra.yml": "{}\n"}, "packages/extra.yml: not a package"),
    "a code YAML reads as a number": (
        edited("items.yaml", '- code: "000709009002"', "- code: 430709009002"),
        "items.yaml:1: items[0].code: expected a non-empty string, got 430709009002 (in quotes, YAML keeps it as text)",
    ),
}


@pytest.mark.parametrize(("changes", "expected"), BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_a_clear_problem_never_a_traceback(tmp_path: Path, changes: dict[str, str | None],
                                                        expected: str) -> None:
    found = problems(tmp_path, changes)
    assert any(p.startswith(expected) for p in found), found


def test_a_file_that_is_not_utf8_is_a_problem(tmp_path: Path) -> None:
    src = write(tmp_path / "src")
    (src / "departments.yaml").write_bytes("police: {zh: 公安局}\n".encode("gb18030"))
    [problem] = build_catalogue(src, tmp_path / "out.json")
    assert problem.startswith("departments.yaml: not valid YAML: ") and " (at byte " in problem, problem


def test_a_missing_directory_is_a_problem(tmp_path: Path) -> None:
    assert build_catalogue(tmp_path / "nowhere", tmp_path / "out.json") == [
        f"{tmp_path / 'nowhere'}: not a directory of catalogue sources"
    ]


def test_the_command_lists_the_problems_and_writes_nothing(tmp_path: Path) -> None:
    src = write(tmp_path / "src", edited("packages/moving.yaml", "      - FORM\n", "      - FROM\n"))
    out = tmp_path / "bundle.json"
    result = subprocess.run([sys.executable, "-m", "cli.main", "catalog", "build", str(src), "--out", str(out)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"{src}: 1 problem, {out} not written"
    assert lines[1].startswith("  packages/moving.yaml:") and "unknown material 'FROM'" in lines[1]
    assert not out.exists()
