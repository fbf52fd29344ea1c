"""Official calendar years: published by an operator, used for the platform's promised dates, handed to kiosks.

The State Council announces a year's holidays and make-up workdays (调休) in the November before, and
the ``chinese-calendar`` package knows only the years announced before its release. So an operator
publishes a year from a small TOML file (the format is in docs/operations.md):

    kiosk-central calendar publish 2028.toml --db URL

A year published again replaces the one before; a published year also replaces the package's for
that year. The platform's promised dates use the published years (read again at most every
``REFRESH_S``), and every heartbeat answer carries those from the platform's current year on, so
kiosks use them too, offline included (kiosk/sync/calendar.py). Working days themselves are
counted by kiosk/workdays.py, the same code on both sides.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import tomllib
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from central.records import CalendarYear
from kiosk.workdays import CalendarError, WorkCalendar, YearCalendar, package_years

log = logging.getLogger("central.calendars")


class Published(StrEnum):
    NEW = "published"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"


def read_year(path: Path) -> YearCalendar:
    """The year a TOML file describes. Raises CalendarError: one line naming the file and the problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CalendarError(f"cannot read {path}: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CalendarError(f"{path}: not TOML ({exc})") from None
    try:
        return YearCalendar.parse(data)
    except CalendarError as exc:
        raise CalendarError(f"{path}: {exc}") from None


def publish(sessions: sessionmaker[Session], year: YearCalendar, at: dt.datetime) -> Published:
    """Store ``year`` as the official calendar of its year, in place of any published before."""
    holidays, workdays = sorted(d.isoformat() for d in year.holidays), sorted(d.isoformat() for d in year.workdays)
    with sessions.begin() as session:
        row = session.get(CalendarYear, year.year)
        if row is None:
            session.add(CalendarYear(year=year.year, holidays=holidays, workdays=workdays, published_at=at))
            outcome = Published.NEW
        elif (row.holidays, row.workdays) == (holidays, workdays):
            return Published.UNCHANGED
        else:
            row.holidays, row.workdays, row.published_at = holidays, workdays, at
            outcome = Published.REPLACED
    log.info("official calendar of %d %s", year.year, outcome)
    return outcome


def published_years(session: Session, since: int = dt.MINYEAR) -> list[YearCalendar]:
    """The published years from ``since`` on, by year. A row that does not parse (written past
    ``publish``) is logged and left out, so the package or weekends count for its year."""
    rows = session.scalars(select(CalendarYear).where(CalendarYear.year >= since).order_by(CalendarYear.year))
    years = []
    for row in rows:
        try:
            years.append(YearCalendar.parse({"year": row.year, "holidays": row.holidays, "workdays": row.workdays}))
        except CalendarError as exc:
            log.error("the published calendar of %d is not usable: %s", row.year, exc)
    return years


def listing(session: Session) -> list[str]:
    """For `kiosk-central calendar list`: one line per published year, then the package's years."""
    published = dict(session.execute(select(CalendarYear.year, CalendarYear.published_at)).tuples().all())
    lines = [f"{year.year}\tpublished {published[year.year].isoformat(timespec='seconds')}\t"
             f"{len(year.holidays)} holidays, {len(year.workdays)} make-up workdays"
             for year in published_years(session)]
    known = package_years()
    lines.append(f"the chinese-calendar package knows {min(known)}–{max(known)}; a year neither published nor "
                 "known counts weekends only")
    return lines


REFRESH_S = 30.0  # how stale the platform's view of the published years may be


class OfficialCalendar:
    """The platform's working days: one WorkCalendar (which says once per year that it has none), brought
    up to date with the published years at most every ``refresh_s`` seconds. Years are published once a
    year, while heartbeats and applications ask hundreds of times a second: a year an operator publishes
    reaches promises and heartbeat answers within ``refresh_s``, without a database read per request."""

    def __init__(self, engine: Engine, refresh_s: float = REFRESH_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.sessions = sessionmaker(engine)
        self.refresh_s = refresh_s
        self._clock = clock
        self._calendar = WorkCalendar()
        self._published: list[YearCalendar] = []
        self._read_at: float | None = None
        self._lock = threading.Lock()

    def _refresh(self) -> None:
        with self._lock:
            now = self._clock()
            if self._read_at is not None and now - self._read_at < self.refresh_s:
                return
            with self.sessions() as session:
                self._published = published_years(session)
            self._calendar.publish(self._published)
            self._read_at = now

    def current(self) -> WorkCalendar:
        self._refresh()
        return self._calendar

    def published(self, since: int) -> list[YearCalendar]:
        """The published years from ``since`` on, by year."""
        self._refresh()
        return [year for year in self._published if year.year >= since]
