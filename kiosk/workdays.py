"""Working days in mainland China, for promised completion dates: the kiosk's and the platform's alike.

The State Council announces each year's public holidays and the weekend days worked in exchange (调休)
in the November before. A day is a working day when the year's calendar says so: a year published by
the platform (``kiosk-central calendar publish``) comes first, then the ``chinese-calendar`` package,
which holds the calendars announced before its release. A year neither knows counts weekends only and
says so in the log, once per calendar.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

log = logging.getLogger("kiosk.workdays")

SATURDAY = 5


class CalendarError(ValueError):
    """A year's calendar that cannot be used: one line saying what is wrong."""


def _dates(data: Mapping[str, object], key: str, year: int) -> frozenset[dt.date]:
    values = data.get(key, [])
    if not isinstance(values, list):
        raise CalendarError(f"{key}: a list of dates, not {type(values).__name__}")
    days = set()
    for value in values:
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                raise CalendarError(f"{key}: {value!r} is not a date (YYYY-MM-DD)") from None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise CalendarError(f"{key}: {value!r} is not a date (YYYY-MM-DD)")
        if value.year != year:
            raise CalendarError(f"{key}: {value.isoformat()} is not in {year}")
        days.add(value)
    return frozenset(days)


@dataclass(frozen=True)
class YearCalendar:
    """One year's official calendar: the days off, and the weekend days worked in exchange."""

    year: int
    holidays: frozenset[dt.date]  # 放假: days off, weekend days among them or not
    workdays: frozenset[dt.date] = frozenset()  # 调休上班: Saturdays and Sundays that are working days

    @classmethod
    def parse(cls, data: object) -> YearCalendar:
        """A year as published: ``{"year": 2028, "holidays": [dates], "workdays": [dates]}``, each date
        a ``datetime.date`` or ``"YYYY-MM-DD"``. Raises CalendarError naming the first problem."""
        if not isinstance(data, Mapping):
            raise CalendarError(f"a year's calendar has year, holidays and workdays, not {type(data).__name__}")
        unknown = sorted(set(data) - {"year", "holidays", "workdays"})
        if unknown:
            raise CalendarError(f"unknown key {unknown[0]!r} (known: year, holidays, workdays)")
        year = data.get("year")
        if isinstance(year, bool) or not isinstance(year, int) or not dt.MINYEAR <= year <= dt.MAXYEAR:
            raise CalendarError(f"year: a year such as 2028, not {year!r}")
        holidays, workdays = _dates(data, "holidays", year), _dates(data, "workdays", year)
        if not holidays:
            raise CalendarError(f"holidays: {year} has official holidays, and none are listed")
        weekdays = sorted(d.isoformat() for d in workdays if d.weekday() < SATURDAY)
        if weekdays:
            raise CalendarError(f"workdays: {weekdays[0]} is a weekday; list only Saturdays and Sundays worked")
        both = sorted(d.isoformat() for d in holidays & workdays)
        if both:
            raise CalendarError(f"{both[0]} is both a holiday and a workday")
        return cls(year, holidays, workdays)

    def to_json(self) -> dict[str, object]:
        return {"year": self.year, "holidays": sorted(d.isoformat() for d in self.holidays),
                "workdays": sorted(d.isoformat() for d in self.workdays)}

    def is_working_day(self, day: dt.date) -> bool:
        return day in self.workdays or (day.weekday() < SATURDAY and day not in self.holidays)


@functools.cache
def package_years() -> dict[int, YearCalendar]:
    """The years the ``chinese-calendar`` package holds, imported on first use."""
    import chinese_calendar  # type: ignore[import-untyped]

    holidays: dict[dt.date, str] = chinese_calendar.holidays
    workdays: dict[dt.date, str] = chinese_calendar.workdays
    first, last = min(holidays).year, max(holidays).year
    return {
        year: YearCalendar(year, frozenset(d for d in holidays if d.year == year),
                           frozenset(d for d in workdays if d.year == year))
        for year in range(first, last + 1)
    }


class WorkCalendar:
    """Working days by the published years, then the package's, then weekends only."""

    def __init__(self, published: Iterable[YearCalendar] = ()) -> None:
        self._published = {year.year: year for year in published}
        self._lock = threading.Lock()
        self._said: set[int] = set()  # years reported as known to no source

    def publish(self, years: Iterable[YearCalendar]) -> None:
        """Take years the platform published; each replaces what was used for its year."""
        with self._lock:
            self._published = self._published | {year.year: year for year in years}

    def year(self, year: int) -> YearCalendar | None:
        """The calendar in use for ``year``, or None when no source has it."""
        return self._published.get(year) or package_years().get(year)

    def is_working_day(self, day: dt.date) -> bool:
        official = self.year(day.year)
        if official is not None:
            return official.is_working_day(day)
        with self._lock:
            unsaid = day.year not in self._said
            self._said.add(day.year)
        if unsaid:
            log.warning("no official holiday calendar for %d: counting weekends only", day.year)
        return day.weekday() < SATURDAY

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date ``days`` working days after ``start`` (the day of application does not count)."""
        day = start
        remaining = days
        while remaining > 0:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day
