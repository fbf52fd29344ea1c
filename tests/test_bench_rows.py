"""The bench's targets: every row judged against its floor, the same way, and documented."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from bench.rows import TARGETS, row_ratio

ROOT = Path(__file__).resolve().parent.parent
ROW_NAME = re.compile(r"(startup|catalog|forms|sync|central|cards|docs|print|ui)\.[a-z0-9_.]+")


def test_a_time_is_judged_by_value_over_floor() -> None:
    inside = row_ratio("docs.receipt_pdf", 60.0, 50.0)
    outside = row_ratio("docs.receipt_pdf", 80.0, 50.0)
    assert (inside.ratio, inside.ok) == (1.2, True)
    assert (outside.ratio, outside.ok) == (1.6, False)
    assert outside.unit == "ms" and outside.target == str(TARGETS["docs.receipt_pdf"])


def test_a_rate_is_judged_by_floor_over_value_so_a_larger_ratio_is_still_worse() -> None:
    close = row_ratio("sync.outbox_drain", 90.0, 100.0)  # 0.90 of the raw POSTs' rate
    behind = row_ratio("sync.outbox_drain", 80.0, 100.0)  # 0.80
    faster = row_ratio("sync.outbox_drain", 120.0, 100.0)
    assert close.ok and not behind.ok and faster.ok
    assert faster.ratio < close.ratio < behind.ratio
    assert "0.85 × the floor" in behind.target


def test_an_absolute_limit_misses_even_within_the_ratio() -> None:
    slow_machine = row_ratio("startup.first_frame", 1.6, 1.0)  # 1.6 × the bare window, but 1.6 s
    assert slow_machine.ratio <= TARGETS["startup.first_frame"].max_ratio
    assert not slow_machine.ok
    assert row_ratio("startup.first_frame", 1.2, 1.0).ok


def test_a_note_follows_the_target() -> None:
    assert row_ratio("central.heartbeat_p99", 20.0, 10.0, "3000 heartbeats").target == "ratio ≤ 2 (3000 heartbeats)"


def bench_strings() -> set[str]:
    """Every string the benchmarks' code spells out (row_ratio raises KeyError for a row without a target)."""
    strings = set()
    for path in (ROOT / "bench").glob("*.py"):
        if path.name != "rows.py":
            tree = ast.parse(path.read_text(encoding="utf-8"))
            strings |= {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
                        and isinstance(node.value, str)}
    return strings


def documented_targets() -> dict[str, str]:
    """Row name → target, from the benchmarks' table in docs/operations.md."""
    rows = {}
    for line in (ROOT / "docs" / "operations.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and ROW_NAME.fullmatch(cells[0].strip("`")):
            rows[cells[0].strip("`")] = cells[3]
    return rows


def test_every_row_has_a_target_and_is_documented_with_it() -> None:
    assert set(TARGETS) <= bench_strings(), "a target for a row no benchmark makes"
    assert documented_targets() == {name: str(target) for name, target in TARGETS.items()}
