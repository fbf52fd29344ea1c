"""The message outbox: calls for staff and staff audit events, queued in the store and delivered off the UI
thread like applications (kiosk/sync/outbox.py), so a call made while the platform is down reaches it later.

Calls go first, one by one: staff should come soon. Audit events follow in batches of ``BATCH``. A message
the platform refuses (ATTENTION) is kept for a person and no longer sent; the others back off; a delivered
one is deleted. Neither kind holds anything personal.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, TypeVar

from kiosk.sync.outbox import Delivering, backoff
from kiosk.sync.platform import Outcome

if TYPE_CHECKING:
    from pydantic import BaseModel

    from kiosk.store.messages import QueuedMessage
    from kiosk.sync.hall_wire import AuditEvent, StaffCall

    Model = TypeVar("Model", bound=BaseModel)

log = logging.getLogger("kiosk.sync")

CALL, AUDIT = "call", "audit"
BATCH = 100  # audit events per POST /v1/audit (hall_wire.AuditBatch's limit)
CALLS_PER_ROUND = 20


class MessageOutbox(Delivering):
    name = "messages"

    def queue_call(self, call: StaffCall) -> None:
        """Kept on disk before it returns, then sent at once if the platform answers."""
        self.store.queue_message(CALL, call.uuid, call.model_dump(mode="json"), self.clock())
        self.kick()

    def queue_audit(self, event: AuditEvent) -> None:
        self.store.queue_message(AUDIT, event.uuid, event.model_dump(mode="json"), self.clock())
        self.kick()

    def drop_call(self, uuid: str) -> bool:
        """Forget a call not delivered yet; False once delivered (then it is cancelled on the platform).
        Waits for a delivery under way, so the answer is never a call sent meanwhile. Off the GUI thread."""
        with self._drain_lock:
            return self.store.drop_message(uuid)

    def pending(self, kind: str) -> int:
        """Messages of ``kind`` ("call" or "audit") still to deliver."""
        return self.store.message_count(kind)

    def drain_once(self) -> int:
        """Try every due message once: calls, then audit events. Returns how many were delivered."""
        with self._drain_lock:
            delivered, going = self._calls()
            while going:
                batch = self.store.due_messages(AUDIT, self.clock(), BATCH)
                if not batch:
                    break
                outcome = self._audit(batch)
                if outcome is Outcome.DELIVERED:
                    delivered += len(batch)
                going = outcome in (Outcome.DELIVERED, Outcome.ATTENTION)
        return delivered

    def _calls(self) -> tuple[int, bool]:
        """Delivered calls, and whether the platform still answers."""
        from kiosk.sync.hall_wire import StaffCall

        delivered = 0
        for message in self.store.due_messages(CALL, self.clock(), CALLS_PER_ROUND):
            call = _parsed(StaffCall, message)
            outcome = Outcome.ATTENTION if call is None else self.platform.send_call(call)
            self._settle([message], outcome, f"call {message.uuid}")
            for listener in self._listeners:
                listener(message.uuid, outcome)
            if outcome is Outcome.DELIVERED:
                delivered += 1
            elif outcome is not Outcome.ATTENTION:
                return delivered, False  # the rest would fail the same way; they keep their place
        return delivered, True

    def _audit(self, batch: list[QueuedMessage]) -> Outcome:
        from kiosk.sync.hall_wire import AuditEvent

        events = [_parsed(AuditEvent, message) for message in batch]
        unreadable = [message for message, event in zip(batch, events, strict=True) if event is None]
        if unreadable:
            self._settle(unreadable, Outcome.ATTENTION, f"{len(unreadable)} audit events")
            return Outcome.ATTENTION
        outcome = self.platform.send_audit([event for event in events if event is not None])
        self._settle(batch, outcome, f"{len(batch)} audit events")
        return outcome

    def _settle(self, messages: list[QueuedMessage], outcome: Outcome, what: str) -> None:
        ids = [message.id for message in messages]
        self.needs_enrolment = outcome is Outcome.UNAUTHORIZED
        if outcome is Outcome.DELIVERED:
            self.store.messages_delivered(ids)
            log.info("%s delivered", what)
        elif outcome is Outcome.ATTENTION:
            self.store.messages_attention(ids, "refused")
            log.warning("%s need attention: refused by the platform", what)
        else:
            attempts = max(message.attempts for message in messages)
            self.store.messages_retry(ids, outcome.value, self.clock() + backoff(attempts, self._rng))
            log.info("%s will be retried: %s", what, outcome.value)
            if self.needs_enrolment:
                log.error("the platform refused this terminal's credentials: re-enrolment needed")

    def round(self) -> None:
        self.drain_once()

    def pause_s(self) -> float:
        """Until the next message is due, at most a minute."""
        next_due = self.store.next_message_due_at()
        wait = 60.0 if next_due is None else max(0.05, (next_due - self.clock()).total_seconds())
        return min(wait, 60.0)


def _parsed(model: type[Model], message: QueuedMessage) -> Model | None:
    """The queued body as its wire model; None if it no longer reads (edited by hand, an older kiosk)."""
    from pydantic import ValidationError

    try:
        return model.model_validate(message.body)
    except ValidationError:
        log.error("queued %s %s does not read as one", message.kind, message.uuid)
        return None
