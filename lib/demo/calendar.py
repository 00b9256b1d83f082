"""Dates of the demo district: semesters, days off, school days and test windows.

A school year starts July 1 and is written "2026-2027". The fall semester runs from the
third Monday of August to the Friday of the third full week of January (the week of
Martin Luther King Jr. Day); spring runs from the Monday after that to the first Friday
of June. Every range here includes both ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

MONDAY, THURSDAY, FRIDAY = 0, 3, 4
ONE_DAY = timedelta(days=1)
WINDOW_WEEKS = {"BOY": (0, 9, 12), "MOY": (1, 1, 8), "EOY": (1, 5, 11)}  # (year offset, month, day)


@dataclass(frozen=True)
class Semester:
    """One semester of the demo: the school year it belongs to and its first and last day."""

    name: str  # "fall" or "spring"
    year_start: int  # 2026 for the 2026-2027 school year
    first_day: date
    last_day: date

    @property
    def school_year(self) -> str:
        return school_year_label(self.year_start)


def school_year_label(year_start: int) -> str:
    """Return the contract's spelling of a school year, e.g. "2026-2027"."""
    return f"{year_start}-{year_start + 1}"


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """Return the n-th (1-based) given weekday of a month; n = -1 gives the last one."""
    if n < 0:
        last = date(year + month // 12, month % 12 + 1, 1) - ONE_DAY
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def monday_on_or_after(day: date) -> date:
    return day + timedelta(days=(MONDAY - day.weekday()) % 7)


def fall_semester(year_start: int) -> Semester:
    """Return the fall semester: third Monday of August to the Friday after MLK Day."""
    first = nth_weekday(year_start, 8, MONDAY, 3)
    # The third full Monday-to-Friday week of January always holds the third Monday (MLK Day).
    last = nth_weekday(year_start + 1, 1, MONDAY, 3) + timedelta(days=FRIDAY)
    return Semester("fall", year_start, first, last)


def spring_semester(year_start: int) -> Semester:
    """Return the spring semester: the Monday after fall ends to the first Friday of June."""
    first = fall_semester(year_start).last_day + timedelta(days=3)
    return Semester("spring", year_start, first, nth_weekday(year_start + 1, 6, FRIDAY, 1))


def current_semester(today: date) -> Semester:
    """Return the latest semester that began before `today`.

    Usually the semester `today` falls in; in the summer (and on a first day of school,
    which has no data yet) it is the semester that ended last.
    """
    year = today.year if today.month >= 7 else today.year - 1
    candidates = [make(y) for y in (year - 1, year) for make in (fall_semester, spring_semester)]
    return max((s for s in candidates if s.first_day < today), key=lambda s: s.first_day)


def _weekdays_between(first: date, last: date) -> list[date]:
    span = (first + timedelta(days=k) for k in range((last - first).days + 1))
    return [day for day in span if day.weekday() <= FRIDAY]


def district_days_off(year_start: int) -> dict[date, str]:
    """Return the weekdays every school has off in a school year, with their names."""
    thanksgiving = nth_weekday(year_start, 11, THURSDAY, 4)
    spring_break = nth_weekday(year_start + 1, 3, MONDAY, 2)
    days = {nth_weekday(year_start, 9, MONDAY, 1): "Labor Day"}
    days |= {thanksgiving + timedelta(days=k): "Thanksgiving break" for k in (-1, 0, 1)}
    days |= dict.fromkeys(
        _weekdays_between(date(year_start, 12, 21), date(year_start + 1, 1, 1)), "Winter break"
    )
    days[nth_weekday(year_start + 1, 1, MONDAY, 3)] = "Martin Luther King Jr. Day"
    days[nth_weekday(year_start + 1, 2, MONDAY, 3)] = "Presidents' Day"
    days |= dict.fromkeys(_weekdays_between(spring_break, spring_break + 4 * ONE_DAY), "Spring break")
    days[nth_weekday(year_start + 1, 5, MONDAY, -1)] = "Memorial Day"
    return days


def professional_days(year_start: int, school_number: int) -> list[date]:
    """Return one professional-development day per semester for the n-th school (0-based).

    A Monday or Friday in October and in April, chosen so neighbouring schools differ.
    """
    choices = []
    for year, month in ((year_start, 10), (year_start + 1, 4)):
        month_days = _weekdays_between(date(year, month, 1), date(year, month, 28))
        mondays_fridays = [d for d in month_days if d.weekday() in (MONDAY, FRIDAY)]
        choices.append(mondays_fridays[(2 + 3 * school_number) % len(mondays_fridays)])
    return choices


def school_days(first: date, last: date, days_off: set[date]) -> np.ndarray:
    """Return the school days from first through last as datetime64[D], oldest first."""
    days = np.arange(np.datetime64(first), np.datetime64(last) + 1)
    return days[np.is_busday(days, holidays=sorted(days_off))]


def testing_week_days(year_start: int, window: str, days_off: set[date]) -> np.ndarray:
    """Return the school days of a benchmark window's testing week (BOY, MOY or EOY).

    BOY is the week of the Monday on or after September 12, MOY after January 8 and EOY
    after May 11: mid-September, mid-January and mid-May.
    """
    offset, month, day = WINDOW_WEEKS[window]
    monday = monday_on_or_after(date(year_start + offset, month, day))
    return school_days(monday, monday + 4 * ONE_DAY, days_off)


def weekdays(days: np.ndarray) -> np.ndarray:
    """Return the weekday of each datetime64[D] day, Monday = 0 ... Sunday = 6."""
    return (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0


@dataclass(frozen=True)
class SchoolDays:
    """The calendar of one school from the first day of the semester to the day before `today`."""

    days: np.ndarray  # every calendar day, datetime64[D]
    is_school_day: np.ndarray  # weekdays that are not days off
    is_day_off: np.ndarray  # weekdays with no school (no logs at all)
    semester_school_days: int  # school days in the whole semester

    @property
    def school_days_so_far(self) -> int:
        return int(self.is_school_day.sum())


def school_calendar(first: date, data_end: date, semester_last: date, days_off: set[date]) -> SchoolDays:
    """Return one school's SchoolDays; days_off holds that school's weekday holidays."""
    days = np.arange(np.datetime64(first), np.datetime64(data_end) + 1)
    holidays = sorted(days_off)
    weekday = weekdays(days) < 5
    school_day = np.is_busday(days, holidays=holidays)
    total = int(np.busday_count(first, np.datetime64(semester_last) + 1, holidays=holidays))
    return SchoolDays(days, school_day, weekday & ~school_day, total)
