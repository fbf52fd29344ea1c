"""Official calendar years from the platform, for promised dates when the package does not know the year.

The State Council announces a year's holidays in the November before; an operator publishes it on the
platform (``kiosk-central calendar publish``), and every heartbeat answer carries the published years
from the platform's current year on as ``calendar`` (kiosk.sync.wire.CalendarYearOut; see
kiosk/workdays.py). When that list changes, ``CalendarKeeper.take`` keeps each year in the store and
the session's calendar uses it at once, and offline and after a restart from then on.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

from kiosk.workdays import CalendarError, WorkCalendar, YearCalendar

if TYPE_CHECKING:
    from kiosk.sync.wire import CalendarYearOut

log = logging.getLogger("kiosk.sync")


class CalendarStore(Protocol):
    def save_calendar_years(self, years: Iterable[YearCalendar], at: dt.datetime) -> None: ...


class CalendarKeeper:
    def __init__(self, store: CalendarStore, calendar: WorkCalendar, clock: Callable[[], dt.datetime]) -> None:
        self.store = store
        self.calendar = calendar
        self.clock = clock

    def take(self, published: Sequence[CalendarYearOut]) -> list[YearCalendar]:
        """Keep and use each year a heartbeat answer's ``calendar`` lists; one that does not pass the checks
        the platform made is logged and skipped. Returns the years taken."""
        years = []
        for item in published:
            try:
                years.append(YearCalendar.parse(item.model_dump()))
            except CalendarError as exc:
                log.warning("a calendar year from the platform is not understood (%s); skipped", exc)
        if years:
            self.store.save_calendar_years(years, self.clock())
            self.calendar.publish(years)
            log.info("official calendar from the platform for %s", ", ".join(str(y.year) for y in years))
        return years
