"""School days: weekdays (Monday to Friday) that are not days off.

Days off are the holidays and breaks listed in calendar.csv. Every range here includes
both of its ends, except `school_days_after`, which starts the day after; an empty or
inverted range has no school days.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from lib.core.db import Database

ONE_DAY = timedelta(days=1)
DaysOff = Collection[date]


def _holidays(days_off: DaysOff) -> np.ndarray:
    return np.array(sorted(days_off), dtype="datetime64[D]")


def is_school_day(day: date, days_off: DaysOff) -> bool:
    """Return True when `day` is a weekday that is not a day off."""
    return day.weekday() < 5 and day not in days_off


def school_days_between(start: date, end: date, days_off: DaysOff) -> list[date]:
    """Return the school days from start through end (inclusive), oldest first.

    An inverted range (end before start) gives an empty list.
    """
    span = (end - start).days + 1
    days = (start + timedelta(days=offset) for offset in range(max(span, 0)))
    return [day for day in days if is_school_day(day, days_off)]


def count_school_days(start: date, end: date, days_off: DaysOff) -> int:
    """Return how many school days fall from start through end (inclusive).

    0 when end is before start. Counts with numpy's business-day calendar, so a
    year-long range costs no more than a week.
    """
    if end < start:
        return 0
    return int(np.busday_count(start, end + ONE_DAY, holidays=_holidays(days_off)))


def as_date(day: np.datetime64) -> date:
    """Return a day-unit datetime64 as a date.

    numpy types `.item()` as date | int | None (other units give ints or None); a day is a date.
    """
    value = day.item()
    if not isinstance(value, date):
        raise ValueError(f"{day!r} is not a calendar day")
    return value


def add_school_days(day: date, n: int, days_off: DaysOff) -> date:
    """Return the n-th school day after `day`; n == 0 returns `day` itself.

    `day` need not be a school day: 2 school days after a Saturday is the Tuesday.
    Feedback "within 2 school days" of an observation is feedback on or before
    add_school_days(observed_on, 2). Raises ValueError for negative n.
    """
    if n < 0:
        raise ValueError(f"n must be 0 or more school days, got {n}")
    if n == 0:
        return day
    # Rolling back first makes a weekend or holiday start count from the school day
    # before it, so the result is the n-th school day strictly after `day`.
    moved = np.busday_offset(day, n, roll="backward", holidays=_holidays(days_off))
    return as_date(moved)


def school_days_after(start: date, end: date, days_off: DaysOff) -> int:
    """Return the school days strictly after start, up to and including end.

    This is a turnaround in school days: observed Friday and feedback Monday is 1,
    the same day is 0, and feedback on Tuesday after a Monday holiday is 1.
    0 when end is on or before start.
    """
    return count_school_days(start + ONE_DAY, end, days_off)


def school_week_start(day: date) -> date:
    """Return the Monday of the week `day` falls in (weeks run Monday to Sunday)."""
    return day - timedelta(days=day.weekday())


def last_school_day_of_week(day: date, days_off: DaysOff) -> date | None:
    """Return the last school day of the week `day` falls in, or None for a week off.

    Usually the Friday; the Thursday when Friday is a holiday.
    """
    monday = school_week_start(day)
    weekdays = (monday + timedelta(days=offset) for offset in range(4, -1, -1))
    return next((d for d in weekdays if d not in days_off), None)


def school_year_start(day: date) -> date:
    """July 1 of the school year `day` falls in (school years run July to June)."""
    return date(day.year if day.month >= 7 else day.year - 1, 7, 1)


def school_year_span(day: date) -> dict[str, date]:
    """{"year_start": July 1, "year_end": June 30} of the school year `day` falls in (inclusive)."""
    start = school_year_start(day)
    return {"year_start": start, "year_end": date(start.year + 1, 6, 30)}


def load_days_off(database: Database, school_ids: list[str]) -> dict[str, frozenset[date]]:
    """Days with no school per school id (district-wide days included); every id is a key."""
    rows = database.query("core.days_off", {"schools": school_ids})
    days = pd.to_datetime(rows["day_off"]).dt.date
    grouped = pd.Series(days.to_numpy(), index=rows["school_id"]).groupby(level=0)
    found = {school: frozenset(values) for school, values in grouped}
    return {school: found.get(school, frozenset()) for school in school_ids}
