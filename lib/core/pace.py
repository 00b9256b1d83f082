"""Pace of a cumulative goal (books_read, minutes_read): totals, even pace, recent rate, projection.

A cumulative goal adds daily totals up towards a target; its pace counts SCHOOL days, so a
winter break is neither "falling behind" nor reading time to project from. `daily` frames
have `date` (datetime.date) and `value` columns (daily_totals makes one from query rows).
Dates are inclusive. Nothing here reads the database; lib.core.progress turns these figures
into a status.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from lib.core.goal import Goal
from lib.core.school_days import ONE_DAY, DaysOff, count_school_days, school_week_start
from lib.core.text import short_date

RECENT_WEEKS = 4  # complete school weeks behind the recent rate
SCHOOL_DAYS_PER_WEEK = 5
WEEK_COLUMNS = ["week_start", "total", "school_days", "complete"]


@dataclass(frozen=True)
class RecentRate:
    """How fast a cumulative total grew over its last complete school weeks.

    `weeks` is how many weeks were used (up to RECENT_WEEKS); 0 means no week is
    complete yet and the goal-to-date pace stands in. low/high are the slowest and
    fastest of those weeks, per school day.
    """

    per_week: float
    per_school_day: float
    low_per_school_day: float
    high_per_school_day: float
    weeks: int


def daily_totals(daily: pd.DataFrame) -> pd.DataFrame:
    """Rows of (date, value) with dates as datetime.date and float values, oldest first."""
    dates = pd.to_datetime(daily["date"]).dt.date
    return pd.DataFrame({"date": dates, "value": daily["value"].astype(float)}).sort_values("date")


def daily_values(daily: pd.DataFrame, start_date: date, as_of: date) -> tuple[np.ndarray, np.ndarray]:
    """(days as datetime64[D], values as float, NaN as 0) of the rows from start_date through as_of."""
    # numpy, not pandas date parsing: the district board runs this a few hundred times.
    days = np.asarray(daily["date"].to_numpy(), dtype="datetime64[D]")
    keep = (days >= np.datetime64(start_date, "D")) & (days <= np.datetime64(as_of, "D"))
    values = np.nan_to_num(daily["value"].to_numpy(dtype=float, na_value=np.nan))[keep]
    return days[keep], values


def cumulative_total(daily: pd.DataFrame, start_date: date, as_of: date) -> float:
    """Return the sum of `value` from start_date through as_of (inclusive); 0.0 if none."""
    return float(daily_values(daily, start_date, as_of)[1].sum())


def expected_total(goal: Goal, as_of: date, days_off: DaysOff) -> float:
    """Return the total an even pace over SCHOOL days would have reached by as_of.

    target * school days start..as_of / school days start..end (inclusive), so a day
    inside a break expects what the last school day before it did. 0.0 before the
    start and for a goal with no school days; the full target after the end.
    """
    total_days = count_school_days(goal.start_date, goal.end_date, days_off)
    if total_days == 0:
        return 0.0
    elapsed = count_school_days(goal.start_date, min(as_of, goal.end_date), days_off)
    return goal.target * elapsed / total_days


@dataclass(frozen=True)
class _Weeks:
    """weekly_totals' columns as numpy arrays (the weeks with a school day in the window)."""

    week_start: np.ndarray  # datetime64[D], Mondays
    total: np.ndarray  # float
    school_days: np.ndarray  # int
    complete: np.ndarray  # bool


def _weeks(daily: pd.DataFrame, start_date: date, as_of: date, days_off: DaysOff) -> _Weeks:
    """weekly_totals without the frame: recent_rate runs this for every reading goal of a
    region's board, where building a DataFrame cost more than the sums."""
    if as_of < start_date:
        empty = np.array([], dtype="datetime64[D]")
        return _Weeks(empty, np.array([], dtype=float), np.array([], dtype=int), np.array([], dtype=bool))
    holidays = np.array(sorted(days_off), dtype="datetime64[D]")
    first, last = np.datetime64(start_date, "D"), np.datetime64(as_of, "D")
    weeks = np.arange(np.datetime64(school_week_start(start_date), "D"), last + 1, 7)
    school_days = np.busday_count(
        np.maximum(weeks, first), np.minimum(weeks + 7, last + 1), holidays=holidays
    )
    days, values = daily_values(daily, start_date, as_of)
    week_of_day = (days - weeks[0]).astype(int) // 7
    totals = np.bincount(week_of_day, weights=values, minlength=len(weeks)).astype(float)
    complete = np.busday_offset(weeks + 4, 0, roll="backward", holidays=holidays) <= last
    kept = school_days > 0
    return _Weeks(weeks[kept], totals[kept], school_days[kept].astype(int), complete[kept])


def weekly_totals(daily: pd.DataFrame, start_date: date, as_of: date, days_off: DaysOff) -> pd.DataFrame:
    """Return one row per school week (Monday start) from start_date's week to as_of's.

    Columns: week_start (the Monday), total (sum of `value` over the week's days inside
    start_date..as_of, weekend included), school_days (the week's school days inside
    start_date..as_of) and complete (as_of has reached the week's last school day: its
    Friday, or the last school day before a holiday). Weeks without a school day in the
    window, such as a winter break, are left out; reading logged in them still counts
    in cumulative_total. Empty (with the columns) when as_of is before start_date.
    """
    if as_of < start_date:
        return pd.DataFrame(columns=WEEK_COLUMNS)
    weeks = _weeks(daily, start_date, as_of, days_off)
    return pd.DataFrame(
        {
            "week_start": [d.item() for d in weeks.week_start],
            "total": weeks.total,
            "school_days": weeks.school_days,
            "complete": weeks.complete,
        }
    )


def recent_rate(daily: pd.DataFrame, start_date: date, as_of: date, days_off: DaysOff) -> RecentRate | None:
    """Return the pace of the last RECENT_WEEKS complete school weeks up to as_of.

    per_week is the mean of their weekly totals (a short week counts as one week);
    per_school_day is their summed total over their summed school days. Weeks inside a
    break are skipped, not counted as zeros. Before any week is complete the pace so
    far stands in (weeks=0, per_week = 5 * per_school_day). None before any school day.
    """
    weeks = _weeks(daily, start_date, as_of, days_off)
    if not len(weeks.total):
        return None
    recent = np.flatnonzero(weeks.complete)[-RECENT_WEEKS:]
    used = recent if len(recent) else np.arange(len(weeks.total))
    totals, days = weeks.total[used], weeks.school_days[used]
    per_day = totals / days
    per_school_day = float(totals.sum() / days.sum())
    per_week = float(totals.mean()) if len(recent) else per_school_day * SCHOOL_DAYS_PER_WEEK
    return RecentRate(per_week, per_school_day, float(per_day.min()), float(per_day.max()), len(recent))


def project_total(
    current: float, per_school_day: float, as_of: date, end_date: date, days_off: DaysOff
) -> float:
    """Return current + per_school_day * school days after as_of through end_date."""
    return current + per_school_day * count_school_days(as_of + ONE_DAY, end_date, days_off)


def needed_per_week(goal: Goal, current: float, as_of: date, days_off: DaysOff) -> float | None:
    """Return how much each school week from after as_of must add to reach the target.

    A school week is five school days, so 7 school days left is 1.4 weeks. 0.0 once
    the target is reached; None when no school day is left to add anything.
    """
    if current >= goal.target:
        return 0.0
    days_left = count_school_days(as_of + ONE_DAY, goal.end_date, days_off)
    if days_left == 0:
        return None
    return (goal.target - current) / (days_left / SCHOOL_DAYS_PER_WEEK)


def pace_sentence(still_needed: float, needed: float | None, recent: RecentRate | None, units: str) -> str:
    """Return e.g. "Needs 1,240 books a week; the last 4 weeks averaged 1,050."

    still_needed is target - current; needed is needed_per_week's answer, rounded UP
    to a whole number (rounding down would fall short); the recent figure is rounded.
    """
    if still_needed <= 0:
        return f"Target reached; no more {units} needed."
    if needed is None:
        return f"No school days left; {still_needed:,.0f} {units} short of the target."
    head = f"Needs {math.ceil(round(needed, 6)):,} {units} a week; "
    if recent is None:
        return head + "no school week to compare with yet."
    if recent.weeks == 0:
        return head + f"the pace so far is {recent.per_week:,.0f} a week."
    if recent.weeks == 1:
        return head + f"last week had {recent.per_week:,.0f}."
    return head + f"the last {recent.weeks} weeks averaged {recent.per_week:,.0f}."


def reach_sentence(
    still_needed: float, needed: float | None, target: float, end_date: date, units: str
) -> str:
    """Return e.g. "Needs 3,019 books a week to reach 50,000 by Jan 22." (the screen's words).

    `needed` is needed_per_week's answer, rounded UP as in pace_sentence.
    """
    if still_needed <= 0:
        return f"Target of {target:,.0f} {units} reached."
    if needed is None:
        return f"No school days left: {still_needed:,.0f} {units} short of {target:,.0f}."
    return f"Needs {math.ceil(round(needed, 6)):,} {units} a week to reach {target:,.0f} by {short_date(end_date)}."


def projected_band(
    current: float, rate: RecentRate | None, as_of: date, end_date: date, days_off: DaysOff
) -> tuple[float | None, float | None, float | None]:
    """(projected, low, high) from the recent, slowest and fastest week's rate per school day."""
    if rate is None:
        return None, None, None
    rates = (rate.per_school_day, rate.low_per_school_day, rate.high_per_school_day)
    projected, low, high = (project_total(current, r, as_of, end_date, days_off) for r in rates)
    return projected, low, high
