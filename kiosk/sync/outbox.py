"""The outbox worker: drains queued applications FIFO, off the UI thread.

Exponential backoff with jitter, capped at a few minutes; one failing application
never blocks the rest. ``drain_once`` is plain code that tests call without the thread.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.sync.platform import Outcome, Platform
from kiosk.sync.worker import Worker

if TYPE_CHECKING:
    from kiosk.store import Store

log = logging.getLogger("kiosk.sync")

BASE_DELAY_S = 5.0
MAX_DELAY_S = 300.0


def backoff(attempts: int, rng: random.Random) -> dt.timedelta:
    """Delay before the next try: 5 s doubling per attempt, capped at 5 min, jittered to 50–100 %."""
    delay = min(MAX_DELAY_S, BASE_DELAY_S * 2 ** min(attempts, 16))
    return dt.timedelta(seconds=delay * rng.uniform(0.5, 1.0))


Listener = Callable[[str, Outcome], None]


class Delivering(Worker):
    """What the kiosk's two queues share (applications here, calls and audit events in kiosk/sync/messages.py): the
    store they deliver from, the platform, the clock, and who hears of each attempt."""

    def __init__(self, store: Store, platform: Platform, clock: Callable[[], dt.datetime] | None = None) -> None:
        super().__init__()
        self.store = store
        self.platform = platform
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.needs_enrolment = False
        self._rng = random.Random()
        self._listeners: list[Listener] = []
        self._drain_lock = threading.Lock()

    def subscribe(self, listener: Listener) -> None:
        """Called on the worker thread after each attempt: (the application's or call's uuid, outcome)."""
        self._listeners.append(listener)


class OutboxWorker(Delivering):
    name = "outbox"

    def drain_once(self) -> int:
        """Try every due application once, oldest first. Returns how many were delivered."""
        delivered = 0
        with self._drain_lock:
            for item in self.store.due(self.clock()):
                result = self.platform.submit(item.envelope)
                if result.outcome is Outcome.DELIVERED:
                    answer = result.result.model_dump(mode="json") if result.result is not None else {}
                    self.store.mark_delivered(item.uuid, answer)
                    delivered += 1
                    log.info("application %s delivered", item.number)
                elif result.outcome is Outcome.ATTENTION:
                    self.store.mark_attention(item.uuid, result.error)
                    log.warning("application %s needs attention: %s", item.number, result.error)
                else:
                    self.store.mark_retry(item.uuid, result.error, self.clock() + backoff(item.attempts, self._rng))
                    log.info("application %s will be retried: %s", item.number, result.error)
                self.needs_enrolment = result.outcome is Outcome.UNAUTHORIZED
                if self.needs_enrolment:
                    log.error("the platform refused this terminal's credentials: re-enrolment needed")
                for listener in self._listeners:
                    listener(item.uuid, result.outcome)
                unreachable = result.outcome is Outcome.RETRY and result.error.startswith("network")
                if unreachable or self.needs_enrolment:
                    break  # the rest would fail the same way; they keep their place in the queue
        return delivered

    def round(self) -> None:
        self.drain_once()

    def pause_s(self) -> float:
        """Until the next application is due, at most a minute."""
        next_due = self.store.next_due_at()
        wait = 60.0 if next_due is None else max(0.05, (next_due - self.clock()).total_seconds())
        return min(wait, 60.0)
