"""Working days, for promised completion dates. Weekends are off; holidays come from the caller."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection


def add_working_days(start: dt.date, days: int, holidays: Collection[dt.date] = ()) -> dt.date:
    """The date ``days`` working days after ``start`` (the day of application does not count)."""
    day = start
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            remaining -= 1
    return day
