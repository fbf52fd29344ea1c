"""A benchmark row, every row's target, and the timing helpers the rows share.

Each row is judged against its floor, measured in the same run on the same machine, so a slow or
busy machine moves both alike. ``ratio`` means the same in every row: how many times worse than
its floor the value is — value / floor where lower is better (times, bytes, memory), floor / value
for rates — so a larger ratio is always worse and a ratio above the target's is always a miss.
An absolute limit is added only where a person feels the wait.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Row:
    name: str
    value: float
    unit: str
    floor: float
    ratio: float
    target: str
    ok: bool


@dataclass(frozen=True)
class Target:
    unit: str
    max_ratio: float  # the most times worse than its floor the value may be
    limit: float | None = None  # in ``unit``: only where a person feels the wait
    rate: bool = False  # higher is better: the ratio is floor / value

    def __str__(self) -> str:
        text = f"ratio ≤ {self.max_ratio:.3g}"
        if self.rate:
            text += f" (≥ {1 / self.max_ratio:.2g} × the floor)"
        if self.limit is not None:
            text += f" and ≤ {self.limit:g} {self.unit}"
        return text

    def ratio(self, value: float, floor: float) -> float:
        return floor / value if self.rate else value / floor

    def met(self, value: float, floor: float) -> bool:
        return self.ratio(value, floor) <= self.max_ratio and (self.limit is None or value <= self.limit)


TARGETS: dict[str, Target] = {
    "startup.first_frame": Target("s", 2.0, limit=1.5),
    "startup.rss": Target("MB", 1.5),
    "catalog.search_p95": Target("ms", 4.0),
    "forms.combined_build": Target("ms", 20.0),  # the floor, a merge of ten field lists, takes microseconds
    "forms.validate": Target("ms", 4.0),
    "catalog.load_10k": Target("ms", 4.0),
    "sync.outbox_drain": Target("/s", 1 / 0.85, rate=True),
    "sync.catalog_delta_ratio": Target("ratio", 2.0),  # a share of the bundle's bytes
    "central.heartbeat_p99": Target("ms", 2.0),
    "central.heartbeat_p99.postgresql": Target("ms", 2.0),
    "central.staff_page_p95": Target("ms", 3.0, limit=100),
    "cards.sscard_read": Target("ms", 3.0, limit=300),
    "cards.emrtd_read": Target("ms", 6.0, limit=1500),  # BAC, secure messaging and the SOD's checks vs raw APDUs
    "cards.insert_detect": Target("ms", 1.5, limit=1000),
    "docs.receipt_pdf": Target("ms", 1.5),
    "docs.certificate_pdf": Target("ms", 1.5),
    "print.cups_roundtrip": Target("ms", 1.5, limit=3000),
    "ui.transition_p95": Target("ms", 20.0, limit=50),  # the floor, a bare page switch, takes 2–4 ms
    "ui.keyboard_candidates_p95": Target("ms", 10.0, limit=50),  # the floor, an English key's tap, takes 2–15 ms
    "ui.journeys_500_rss_growth": Target("MB", 10.0, limit=10),  # the floor is at least 1 MB of noise
}


def significant(x: float) -> float:
    """Four significant digits: enough to read, whatever the unit's scale."""
    return float(f"{x:.4g}")


def row_ratio(name: str, value: float, floor: float, note: str = "") -> Row:
    """The row ``name``, judged by its entry in TARGETS; ``note`` says what was measured, after the target."""
    target = TARGETS[name]
    text = f"{target} ({note})" if note else str(target)
    return Row(name, significant(value), target.unit, significant(floor), round(target.ratio(value, floor), 2),
               text, target.met(value, floor))


def medians_ms(work: Callable[[], object], floor: Callable[[], object], repeat: int) -> tuple[float, float]:
    """The median wall times of ``work`` and of its ``floor`` in milliseconds, after one warm-up call
    of each. The two alternate, so drift on the machine (another process, the CPU's clock) hits both alike."""
    work()
    floor()
    samples: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for job, times in ((work, samples[0]), (floor, samples[1])):
            start = time.perf_counter()
            job()
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples[0]), statistics.median(samples[1])
