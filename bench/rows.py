"""A benchmark row, and the timing helpers the rows share."""

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


def median_ms(work: Callable[[], object], repeat: int) -> float:
    """The median wall time of ``work`` in milliseconds, after one warm-up call."""
    work()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def row_ms(name: str, value: float, floor: float, limit_ms: float) -> Row:
    """A row whose target is an absolute time; the floor is what the same job costs done naively."""
    return Row(name, round(value, 3), "ms", round(floor, 3), round(value / floor, 2), f"≤ {limit_ms:g} ms",
               value <= limit_ms)
