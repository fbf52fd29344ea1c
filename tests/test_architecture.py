"""The import direction: cli → ui, devices, kiosk; ui → devices, kiosk; devices → kiosk; central → kiosk (a few
modules); kiosk → none. ``make lint`` checks the same with import-linter (pyproject.toml), and finds no cycle."""

from __future__ import annotations

import ast
import re
import subprocess
import tomllib
from pathlib import Path

import grimp
import pytest

from tests.import_contracts import cycles, wrong_imports

ROOT = Path(__file__).resolve().parent.parent
OURS = ("kiosk", "devices", "ui", "cli", "central")
ALLOWED = {
    "kiosk": {"kiosk"},
    "devices": {"kiosk", "devices"},
    "ui": {"kiosk", "devices", "ui"},
    "cli": {"kiosk", "devices", "ui", "cli"},
    "central": {"kiosk", "central"},
}
# kiosk.documents: the platform prints certificates with the kiosk's renderer, as it validates with its form engine
CENTRAL_MAY_USE = {"kiosk.catalogue", "kiosk.forms", "kiosk.i18n", "kiosk.identity", "kiosk.workdays", "kiosk.assets",
                   "kiosk.documents", "kiosk.sync.signing", "kiosk.sync.wire", "kiosk.sync.hall_wire",
                   "kiosk.staff.lockout"}
QT = ("PySide6", "shiboken6")


def imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", OURS)
def test_imports_follow_the_architecture(package: str) -> None:
    wrong = []
    for path in modules(package):
        for name in imports(path):
            top = name.split(".")[0]
            if top in OURS and top not in ALLOWED[package]:
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
            if package == "central" and top == "kiosk" and not any(
                name == m or name.startswith(m + ".") for m in CENTRAL_MAY_USE
            ):
                wrong.append(f"{path.relative_to(ROOT)} imports {name} (central uses only {sorted(CENTRAL_MAY_USE)})")
    assert modules(package), f"no modules found in {package}"
    assert wrong == []


@pytest.mark.parametrize("package", ["kiosk", "devices", "cli", "central"])
def test_only_the_ui_imports_qt(package: str) -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules(package)
        for name in imports(path)
        if name.split(".")[0] in QT
    ]
    assert offenders == []


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from ui.window import KioskWindow\nimport PySide6.QtCore\n")
    assert imports(bad) == ["ui.window", "PySide6.QtCore"]


def contracts() -> list[dict[str, object]]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(pyproject["tool"]["importlinter"]["contracts"])


def test_the_import_linter_contracts_state_the_same_rule() -> None:
    (layers,) = [c["layers"] for c in contracts() if c["type"] == "layers"]
    assert isinstance(layers, list)
    for index, package in enumerate(layers):
        assert ALLOWED[package] == set(layers[index:]), package
    (through,) = [c["through"] for c in contracts() if c["type"] == "only_through"]
    assert isinstance(through, list) and set(through) == CENTRAL_MAY_USE


def graph(*imports: tuple[str, str]) -> grimp.ImportGraph:
    built = grimp.ImportGraph()
    for importer, imported in imports:
        built.add_import(importer=importer, imported=imported)
    return built


def test_the_cycle_contract_finds_each_cycle_once() -> None:
    imports = graph(("a.x", "a.y"), ("a.y", "a.z"), ("a.z", "a.x"), ("a.z", "a.w"), ("b.p", "b.q"), ("b.q", "b.p"))
    assert cycles(imports) == [["a.x", "a.y", "a.z", "a.x"], ["b.p", "b.q", "b.p"]]
    assert cycles(graph(("a.x", "a.y"), ("a.y", "a.z"), ("a.x", "a.z"))) == []


def test_the_only_through_contract_names_each_other_import() -> None:
    imports = graph(("central.app", "kiosk.forms.engine"), ("central.app", "kiosk.session"), ("kiosk.store", "kiosk.x"))
    imports.add_module("central")
    assert wrong_imports(imports, "central", "kiosk", ["kiosk.forms"]) == [("central.app", "kiosk.session")]


def doc_section(title: str) -> str:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    return text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def table_rows(section: str) -> list[list[str]]:
    """The cells of a Markdown table's body rows."""
    rows = [line.strip("|").split("|") for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row] for row in rows[2:]]


def test_the_documented_import_rule_is_the_enforced_one() -> None:
    documented: dict[str, set[str]] = {}
    for package, _, may in table_rows(doc_section("Layers and the import rule")):
        documented[package.strip("`/")] = set(re.findall(r"`([\w.]+)`", may))
    enforced = {package: ALLOWED[package] - {package} for package in OURS}
    enforced["central"] = CENTRAL_MAY_USE
    assert documented == enforced


def test_the_repository_root_holds_only_what_the_layout_names() -> None:
    """Stray output (a rendered certificate, a PostScript dump) must not sit at the root, let alone be committed."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    rows = table_rows(doc_section("The repository"))
    named = {name.strip("/") for row in rows for name in re.findall(r"`([^`]+)`", row[0])}
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "--cached", "--others", "--exclude-standard"],
                            capture_output=True, text=True, check=True).stdout.splitlines()
    at_root = {path.split("/", 1)[0] for path in listed if (ROOT / path).exists()}
    assert sorted(at_root - named) == [], "not in docs/architecture.md's 'The repository' (output goes to out/)"
    assert {".git", ".venv", "out"} & named == set()


def test_store_schema_head_matches_the_migrations() -> None:
    from alembic.script import ScriptDirectory

    from kiosk.store.store import MIGRATIONS, SCHEMA_HEAD

    assert ScriptDirectory(str(MIGRATIONS)).get_current_head() == SCHEMA_HEAD


def test_every_setting_is_documented() -> None:
    from kiosk.config import SETTINGS

    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    example = (ROOT / "assets" / "config" / "kiosk.example.toml").read_text(encoding="utf-8")
    for setting in SETTINGS:
        section, name = setting.key.split(".")
        assert f"`{setting.key}`" in text, setting.key
        assert f"[{section}]" in example and f"\n{name} = " in example, setting.key
