"""Run the benchmarks, print a table and write out/bench.json.

Each row: {"name", "value", "unit", "floor", "ratio", "target", "ok"}. The floor is
measured in the same run, on the same machine, the same way; bench.rows says what the
ratio means and holds every row's target.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

from bench.rows import Row, row_ratio

RUNS = 7


def probe(which: str) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, "-m", "bench.probe", which, repr(t0)],
        capture_output=True, text=True, env=env, timeout=120, check=True,
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def startup_rows() -> list[Row]:
    kiosk: list[dict[str, float]] = []
    bare: list[dict[str, float]] = []
    probe("kiosk")  # warm the file cache once, for both
    for _ in range(RUNS):  # alternate, so drift on the machine hits both alike
        bare.append(probe("bare"))
        kiosk.append(probe("kiosk"))
    frame = statistics.median(r["seconds"] for r in kiosk)
    frame_floor = statistics.median(r["seconds"] for r in bare)
    rss = statistics.median(r["rss_mb"] for r in kiosk)
    rss_floor = statistics.median(r["rss_mb"] for r in bare)
    return [row_ratio("startup.first_frame", frame, frame_floor), row_ratio("startup.rss", rss, rss_floor)]


def main() -> int:
    from bench.bench_cards import card_rows
    from bench.bench_documents import document_rows, print_rows
    from bench.bench_forms import forms_and_catalogue_rows
    from bench.bench_heartbeat import heartbeat_rows
    from bench.bench_outbox import outbox_rows
    from bench.bench_search import search_rows
    from bench.bench_staff_page import staff_page_rows
    from bench.bench_sync import catalog_delta_rows
    from bench.bench_ui import ui_rows

    rows = startup_rows() + search_rows() + forms_and_catalogue_rows()
    rows += outbox_rows()
    rows += catalog_delta_rows()
    rows += heartbeat_rows()
    rows += staff_page_rows()
    rows += card_rows()
    rows += document_rows() + print_rows()
    rows += ui_rows()
    width = max(len(r.name) for r in rows)
    print(f"bench on {platform.node()} ({os.cpu_count()} cores, Python {platform.python_version()}), "
          f"median of {RUNS} runs")
    print(f"{'name':<{width}}  {'value':>9}  {'floor':>9}  {'ratio':>6}  {'ok':>3}  target")
    for r in rows:
        print(f"{r.name:<{width}}  {r.value:>7} {r.unit:<1}  {r.floor:>7} {r.unit:<1}  {r.ratio:>6}  "
              f"{'yes' if r.ok else 'NO':>3}  {r.target}")
    out = Path("out")
    out.mkdir(exist_ok=True)
    (out / "bench.json").write_text(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=1) + "\n")
    print(f"written {out / 'bench.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
