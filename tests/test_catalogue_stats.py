"""What the demo catalogue promises, against the Hunan portal's published before/after figures; its sources build it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.assets import ASSETS, DEMO_CATALOGUE
from kiosk.catalogue import load_catalogue
from kiosk.catalogue.stats import catalogue_stats

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = load_catalogue(DEMO_CATALOGUE)
STATS = {s.code: s for s in catalogue_stats(CATALOGUE)}
SOURCES = ASSETS / "catalog" / "src"

# package code: (materials before the reform, materials after), from the portal's guides
PUBLISHED = {
    "43PCN0009": (22, 4),  # birth
    "43PCP0007": (15, 8),  # marriage and household move
    "43PCN0013": (23, 3),  # retirement
    "43PCP0008": (27, 7),  # death
    "43PCN0010": (10, 2),  # school enrolment
    "43TCP0014": (14, 7),  # employee hiring
    "43TCN0004": (12, 2),  # water, electricity, gas and network connection
}


@pytest.mark.parametrize(("code", "before", "after"), [(c, b, a) for c, (b, a) in PUBLISHED.items()])
def test_materials_match_the_published_figures(code: str, before: int, after: int) -> None:
    stats = STATS[code]
    assert stats.fully_modelled
    assert abs(stats.materials_separate - before) <= 0.25 * before, stats
    assert stats.materials_combined <= after, stats


def test_the_combined_forms_ask_at_least_half_fewer_questions() -> None:
    modelled = [s for s in STATS.values() if s.fully_modelled]
    assert len(modelled) >= 8
    assert sum(s.fields_combined for s in modelled) <= 0.5 * sum(s.fields_separate for s in modelled)


def test_the_catalogue_has_every_package_and_enough_items() -> None:
    audiences = [p.audience for p in CATALOGUE.packages.values()]
    assert (audiences.count("individual"), audiences.count("enterprise"), audiences.count("project")) == (11, 8, 7)
    in_packages = {pi.item_code for p in CATALOGUE.packages.values() for pi in p.items}
    assert len(in_packages) >= 60
    standalone = [i for i in CATALOGUE.items.values() if i.code not in in_packages]
    assert any(c.startswith("popular.") for i in standalone for c in i.columns)
    assert any(c.startswith("livelihood.") for i in standalone for c in i.columns)


def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cli.main", *args], capture_output=True, text=True, timeout=60,
                          cwd=ROOT)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo catalogue as `kiosk catalog build` makes it from its sources."""
    out = tmp_path_factory.mktemp("catalogue") / "demo.json"
    result = kiosk("catalog", "build", str(SOURCES), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"wrote {out}: version {CATALOGUE.version}, 26 packages, 177 items"), result.stdout
    return out


def test_the_sources_build_the_committed_bundle(built: Path) -> None:
    assert built.read_bytes() == DEMO_CATALOGUE.read_bytes(), (
        "assets/catalog/demo.json is not what its sources build: run "
        "`kiosk catalog build assets/catalog/src --out assets/catalog/demo.json`"
    )


def test_the_stats_command_prints_json_with_every_package(built: Path) -> None:
    result = kiosk("catalog", "stats", str(built), "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    keys = {
        "code",
        "name",
        "fully_modelled",
        "items",
        "fields_separate",
        "fields_combined",
        "materials_separate",
        "materials_combined",
    }
    assert all(keys <= set(r) for r in rows)
    assert rows == [s.as_json() for s in STATS.values()]  # all 26 packages
