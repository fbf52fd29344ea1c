"""The store's queue of calls for staff and staff audit events (kiosk/sync/messages.py delivers them).

Nothing personal is queued, so the bodies are not sealed. A delivered message is deleted: the kiosk keeps
no record of what staff did once the platform has it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from kiosk.store.models import MessageRow

if TYPE_CHECKING:
    from sqlalchemy.engine import CursorResult
    from sqlalchemy.orm import Session, sessionmaker


@dataclass(frozen=True)
class QueuedMessage:
    id: int
    kind: str
    uuid: str
    body: dict[str, Any] = field(repr=False)
    attempts: int


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class MessageQueue:
    """Mixed into kiosk.store.Store."""

    _session: sessionmaker[Session]

    def queue_message(self, kind: str, uuid: str, body: dict[str, Any], at: dt.datetime) -> None:
        """Written to disk before it returns (synchronous=FULL); a uuid queued before is left as it is."""
        row = sqlite_insert(MessageRow).values(kind=kind, uuid=uuid, body=json.dumps(body, ensure_ascii=False),
                                               state="queued", attempts=0, next_attempt_at=at)
        with self._session.begin() as s:
            s.execute(row.on_conflict_do_nothing(index_elements=[MessageRow.uuid]))

    def due_messages(self, kind: str, now: dt.datetime, limit: int) -> list[QueuedMessage]:
        """Queued messages of ``kind`` whose next attempt is due, oldest first."""
        with self._session() as s:
            rows = s.scalars(
                select(MessageRow)
                .where(MessageRow.kind == kind, MessageRow.state == "queued", MessageRow.next_attempt_at <= now)
                .order_by(MessageRow.id).limit(limit)
            )
            return [QueuedMessage(r.id, r.kind, r.uuid, json.loads(r.body), r.attempts) for r in rows]

    def messages_delivered(self, ids: list[int]) -> None:
        with self._session.begin() as s:
            s.execute(delete(MessageRow).where(MessageRow.id.in_(ids)))

    def messages_retry(self, ids: list[int], error: str, next_attempt_at: dt.datetime) -> None:
        with self._session.begin() as s:
            s.execute(update(MessageRow).where(MessageRow.id.in_(ids)).values(
                attempts=MessageRow.attempts + 1, next_attempt_at=next_attempt_at, last_error=error[:200]))

    def messages_attention(self, ids: list[int], error: str) -> None:
        """A person must look at them: kept, no longer sent."""
        with self._session.begin() as s:
            s.execute(update(MessageRow).where(MessageRow.id.in_(ids)).values(state="attention",
                                                                              last_error=error[:200]))

    def drop_message(self, uuid: str) -> bool:
        """Forget a queued message; False if there was none (delivered already, or never queued)."""
        with self._session.begin() as s:
            gone = s.execute(delete(MessageRow).where(MessageRow.uuid == uuid, MessageRow.state == "queued"))
            return cast("CursorResult[Any]", gone).rowcount > 0

    def message_count(self, kind: str, state: str = "queued") -> int:
        with self._session() as s:
            count = select(func.count()).select_from(MessageRow).where(MessageRow.kind == kind,
                                                                      MessageRow.state == state)
            return s.scalar(count) or 0

    def next_message_due_at(self) -> dt.datetime | None:
        with self._session() as s:
            value = s.scalar(select(func.min(MessageRow.next_attempt_at)).where(MessageRow.state == "queued"))
            return _utc(value) if value else None
