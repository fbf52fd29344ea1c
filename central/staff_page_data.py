"""What the hall staff page keeps and reads beyond central/hall.py: its sign-in sessions, the last ticket called
and today's assisted applications.

A session's cookie holds a random token; the table holds only its SHA-256, so a copy of the database signs no one in.
Sessions last 8 hours at most and end after 30 minutes without a person using the page (the page's own
10-second refresh does not count as use).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from central.db import Application
from central.hall import hall_day
from central.records import HallTicket, StaffAccount, StaffWebSession
from central.submissions import CHINA
from kiosk.identity import mask_name

SESSION_MAX = dt.timedelta(hours=8)
SESSION_IDLE = dt.timedelta(minutes=30)
TOUCH_EVERY = dt.timedelta(minutes=1)  # last_seen_at is written at most this often: one write a minute, not a request


@dataclass(frozen=True)
class WebSession:
    token_sha256: str
    staff_number: str
    masked_name: str
    csrf: str


@dataclass(frozen=True)
class Called:
    number: str
    called_at: dt.datetime
    called_by: str | None


@dataclass(frozen=True)
class Assisted:
    """An assisted application: who helped and how, never the citizen's or the agent's data."""

    number: str
    package_code: str
    mode: str  # helped (帮办) or acting (代办)
    staff_number: str
    sign_in: str  # card or pin
    identity_source: str  # chip or staff_entered
    identity_reason: str | None
    check_needed: bool


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session: Session, staff_number: str, now: dt.datetime) -> str:
    """A new session for a staff member who has just signed in; returns the cookie's token.

    Sessions past their limits are removed on the way, so the table holds only live ones."""
    session.execute(delete(StaffWebSession).where(
        or_(StaffWebSession.created_at < now - SESSION_MAX, StaffWebSession.last_seen_at < now - SESSION_IDLE)))
    token = secrets.token_urlsafe(32)
    session.add(StaffWebSession(token_sha256=digest(token), staff_number=staff_number,
                                csrf=secrets.token_urlsafe(32), created_at=now, last_seen_at=now))
    return token


def current_session(session: Session, token: str, now: dt.datetime, *, used: bool) -> WebSession | None:
    """The live session holding ``token``, or None (unknown, expired, or its account disabled or hard-locked).

    ``used``: a person is using the page, which keeps the session from idling out."""
    row = session.execute(
        select(StaffWebSession, StaffAccount.name)
        .join(StaffAccount, StaffAccount.number == StaffWebSession.staff_number)
        .where(StaffWebSession.token_sha256 == digest(token),
               StaffAccount.disabled.is_(False), StaffAccount.hard_locked.is_(False))
    ).one_or_none()
    if row is None:
        return None
    web, name = row
    if now - web.created_at > SESSION_MAX or now - web.last_seen_at > SESSION_IDLE:
        session.delete(web)
        return None
    if used and now - web.last_seen_at >= TOUCH_EVERY:
        session.execute(update(StaffWebSession).where(StaffWebSession.token_sha256 == web.token_sha256)
                        .values(last_seen_at=now))
    return WebSession(web.token_sha256, web.staff_number, mask_name(name), web.csrf)


def end_session(session: Session, token_sha256: str) -> None:
    session.execute(delete(StaffWebSession).where(StaffWebSession.token_sha256 == token_sha256))


def last_called(session: Session, day: dt.date) -> Called | None:
    row = session.execute(
        select(HallTicket.number, HallTicket.called_at, HallTicket.called_by)
        .where(HallTicket.day == day, HallTicket.called_at.is_not(None))
        .order_by(HallTicket.called_at.desc()).limit(1)
    ).one_or_none()
    return None if row is None or row.called_at is None else Called(row.number, row.called_at, row.called_by)


def _assisted(row: Any) -> Assisted:
    help_: dict[str, Any] = row.assistance
    return Assisted(row.number, row.package_code, str(help_.get("mode", "")), str(help_.get("staff_number", "")),
                    str(help_.get("sign_in", "")), row.identity_source, row.identity_reason,
                    row.registry_check == "needed" or row.identity_source == "staff_entered")


def assisted_today(session: Session, now: dt.datetime) -> list[Assisted]:
    """Today's (hall day's) applications made with a staff member's help, newest first."""
    start = dt.datetime.combine(hall_day(now), dt.time(), CHINA)
    rows = session.execute(
        select(Application.number, Application.package_code, Application.assistance, Application.identity_source,
               Application.identity_reason, Application.registry_check)
        .where(Application.received_at >= start, Application.assistance.is_not(None))
        .order_by(Application.received_at.desc())
    )
    return [_assisted(row) for row in rows if row.assistance]  # a JSON null is not NULL in SQL
