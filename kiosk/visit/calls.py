"""Calls for staff (呼叫工作人员): terminal-level, so on the Desk, not in a visit; a call holds only the screen's name.

A call is queued in the message outbox (kiosk/sync/messages.py) and so survives a platform outage; while it
waits, the kiosk asks the platform every ``POLL_S`` whether staff acknowledged it, shows that for
``ACKNOWLEDGED_S`` and clears. ``state`` is None, "sending" (being queued), "waiting" (queued or open) or
"acknowledged". Listeners given to ``subscribe`` are told of every change (the UI redraws its call overlay);
a call's late answers never touch the next call.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from kiosk.sync.hall_wire import CallState
    from kiosk.sync.platform import Lookups
    from kiosk.visit.ports import Background, Messages, Timer, Timers

POLL_S = 10.0
ACKNOWLEDGED_S = 3.0


class Calls:
    def __init__(self, messages: Messages, lookups: Lookups, background: Background, timers: Timers,
                 clock: Callable[[], dt.datetime]) -> None:
        self.messages, self.lookups, self.background, self.timers, self.clock = (
            messages, lookups, background, timers, clock)
        self.state: str | None = None
        self.uuid: str | None = None
        self.screen = ""
        self._timer: Timer | None = None
        self._withdrawn: set[str] = set()  # cancelled while being queued: not queued after all
        self._listeners: list[Callable[[], None]] = []

    def subscribe(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def _set(self, state: str | None) -> None:
        self.state = state
        if state is None:
            self.uuid = None
            self._stop_timer()
        for listener in self._listeners:
            listener()

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _for(self, uuid: str, handler: Callable[[object], None]) -> Callable[[object], None]:
        """``handler`` for this call only: dropped once it was cancelled or another call was made."""
        return lambda value: handler(value) if self.uuid == uuid else None

    def call(self, screen: str) -> None:
        if self.state is not None:
            return
        from kiosk.sync.hall_wire import StaffCall

        uuid = str(uuidlib.uuid4())
        call = StaffCall.model_validate({"uuid": uuid, "screen": screen, "made_at": self.clock().isoformat()})
        self.uuid, self.screen = uuid, screen
        self._set("sending")
        messages, withdrawn = self.messages, self._withdrawn

        def queue() -> None:
            if uuid not in withdrawn:
                messages.queue_call(call)

        self.background.run(queue, self._for(uuid, self._queued))

    def _queued(self, _done: object) -> None:
        self._set("waiting")
        self._poll_later()

    def _poll_later(self) -> None:
        self._stop_timer()
        self._timer = self.timers.start(POLL_S, self._poll)

    def _poll(self) -> None:
        uuid = self.uuid
        if uuid is None or self.state != "waiting":
            return
        lookups = self.lookups
        self.background.run(lambda: lookups.call_state(uuid), self._for(uuid, self._polled))

    def _polled(self, answer: object) -> None:
        status = getattr(answer, "status", None)  # a CallState, or None: not delivered yet, or offline
        if status == "acknowledged":
            self._set("acknowledged")
            self._timer = self.timers.start(ACKNOWLEDGED_S, lambda: self._set(None))
        elif status == "cancelled":
            self._set(None)
        else:
            self._poll_later()

    def cancel(self) -> None:
        """Withdraw the call: dropped from the queue if not delivered yet, else cancelled on the platform."""
        uuid = self.uuid
        if uuid is None or self.state not in ("sending", "waiting"):
            return
        self._withdrawn.add(uuid)
        self._set(None)
        messages, lookups = self.messages, self.lookups

        def withdraw() -> CallState | None:
            return None if messages.drop_call(uuid) else lookups.cancel_call(uuid)

        self.background.run(withdraw, lambda _answer: None)
