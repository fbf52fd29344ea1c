"""The kiosk window's rows, measured in child processes (bench/ui_probe.py) so Qt stays out of this one.

- ui.transition_p95: a tap on a real button (identity → packages, a package → its form) until the
  next screen is painted. Floor: a bare QStackedWidget's button switching its page, painted.
- ui.keyboard_candidates_p95: a tap on a letter of the pinyin layout until the frame showing its
  candidates is rendered (bench/keyboard_probe.py). Floor: the same taps on the English layout.
- ui.journeys_500_rss_growth: resident memory gained over 500 visits on the real window, after the
  first 20 (start-up, caches, fonts). Floor: a bare window that builds, paints and drops a page of
  20 buttons per round, as many rounds, measured after its own first 20.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from bench.bench_search import p95
from bench.rows import Row, row_ratio

TRANSITION_ROUNDS = 40  # two taps a round, after one warm-up round
KEYBOARD_ROUNDS = 40  # four taps a round on each layout, after one warm-up round
JOURNEYS = 500
WARM_UP = 20
# A leak-free loop's resident memory still wanders by allocator pages; below this the floor is noise.
RSS_NOISE_MB = 1.0


def ui_probe(which: str, count: int, timeout_s: float, module: str = "bench.ui_probe") -> dict[str, list[float]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    out = subprocess.run([sys.executable, "-m", module, which, str(count)], capture_output=True,
                         text=True, env=env, timeout=timeout_s, check=True).stdout
    result: dict[str, list[float]] = json.loads(out.strip().splitlines()[-1])
    return result


def growth_after_warm_up(rss_mb: list[float]) -> float:
    return rss_mb[-1] - rss_mb[WARM_UP - 1]


def ui_rows() -> list[Row]:
    taps = ui_probe("transitions", TRANSITION_ROUNDS, 300)
    keys = ui_probe("candidates", KEYBOARD_ROUNDS, 300, "bench.keyboard_probe")
    visits = ui_probe("journeys", JOURNEYS, 1200)
    growth = growth_after_warm_up(visits["kiosk_mb"])
    floor = max(growth_after_warm_up(visits["bare_mb"]), RSS_NOISE_MB)
    return [
        row_ratio("ui.transition_p95", p95(taps["kiosk_ms"]), p95(taps["bare_ms"]),
                  f"{len(taps['kiosk_ms'])} taps"),
        row_ratio("ui.keyboard_candidates_p95", p95(keys["pinyin_ms"]), p95(keys["plain_ms"]),
                  f"{len(keys['pinyin_ms'])} taps"),
        row_ratio("ui.journeys_500_rss_growth", growth, floor,
                  f"visits {WARM_UP + 1}–{JOURNEYS}; floor at least {RSS_NOISE_MB:g} MB"),
    ]
