"""``kiosk catalog build|check|install|stats``: for the people who write and review catalogue bundles."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kiosk.catalogue import CatalogueError, load_catalogue
from kiosk.catalogue.build import build_catalogue
from kiosk.catalogue.stats import catalogue_stats


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def check(path: Path) -> int:
    try:
        catalogue = load_catalogue(path)
    except CatalogueError as exc:
        print(f"{path}: {_count(len(exc.problems), 'problem')}", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem.removeprefix(path.name + ': ')}", file=sys.stderr)
        return 1
    print(
        f"{path}: ok — version {catalogue.version}, {_count(len(catalogue.packages), 'package')}, "
        f"{_count(len(catalogue.items), 'item')}, {_count(len(catalogue.fields), 'shared field')}"
    )
    return 0


def build(src: Path, out: Path) -> int:
    """Compile YAML sources into a bundle; with any problem, each is listed and nothing is written."""
    problems = build_catalogue(src, out)
    if problems:
        print(f"{src}: {_count(len(problems), 'problem')}, {out} not written", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    catalogue = load_catalogue(out)
    print(
        f"wrote {out}: version {catalogue.version}, {_count(len(catalogue.packages), 'package')}, "
        f"{_count(len(catalogue.items), 'item')}, {_count(len(catalogue.fields), 'shared field')}"
    )
    return 0


def install(path: Path, state_dir: Path) -> int:
    """Make a bundle the terminal's catalogue; a broken one is refused and the current one kept."""
    from kiosk.catalogue.install import install_catalogue
    from kiosk.store import Store

    try:
        bundle = path.read_bytes()
    except OSError as exc:
        print(f"kiosk: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    store = Store(state_dir)
    try:
        catalogue = install_catalogue(store, bundle, origin="file")  # as if configured: a technician chose it
    except CatalogueError as exc:
        problems = _count(len(exc.problems), "problem")
        print(f"{path}: refused, the current catalogue stays in use ({problems}):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"catalogue {catalogue.version} installed; the kiosk uses it from its next start")
    return 0


def stats(path: Path, as_json: bool) -> int:
    try:
        catalogue = load_catalogue(path)
    except CatalogueError as exc:
        print(f"kiosk: {exc} (run `kiosk catalog check {path}` for every problem)", file=sys.stderr)
        return 1
    rows = catalogue_stats(catalogue)
    if as_json:
        print(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=1))
        return 0
    print(f"{'code':<11} {'items':>5} {'fields':>13} {'materials':>13}  full  name")
    print(f"{'':<11} {'':>5} {'each → one':>13} {'each → bring':>13}")
    for r in rows:
        print(
            f"{r.code:<11} {r.items:>5} {r.fields_separate:>6} → {r.fields_combined:<4} "
            f"{r.materials_separate:>6} → {r.materials_combined:<4}  {'yes' if r.fully_modelled else '':<4}  {r.name}"
        )
    separate = sum(r.fields_separate for r in rows if r.fully_modelled)
    combined = sum(r.fields_combined for r in rows if r.fully_modelled)
    if separate:
        saved = 1 - combined / separate
        print(f"fully modelled packages: {combined} of {separate} questions asked ({saved:.0%} fewer)")
    return 0
