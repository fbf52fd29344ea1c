"""Timers moved by hand, for tests and the screen tour: time passes only when ``advance`` says so."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(order=True)
class ManualTimer:
    due: float
    order: int
    fire: Callable[[], None] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)

    def cancel(self) -> None:
        self.cancelled = True


class ManualTimers:
    def __init__(self) -> None:
        self.now = 0.0
        self._timers: list[ManualTimer] = []
        self._started = 0

    def start(self, seconds: float, fire: Callable[[], None]) -> ManualTimer:
        self._started += 1
        timer = ManualTimer(self.now + seconds, self._started, fire)
        self._timers.append(timer)
        return timer

    @property
    def pending(self) -> list[ManualTimer]:
        return sorted(t for t in self._timers if not t.cancelled)

    def advance(self, seconds: float) -> None:
        """Fire, in order, every timer due by then, including those started by the ones fired."""
        until = self.now + seconds
        while (due := [t for t in self.pending if t.due <= until]):
            timer = due[0]
            self._timers.remove(timer)
            self.now = timer.due
            timer.fire()
        self.now = until
        self._timers = self.pending
