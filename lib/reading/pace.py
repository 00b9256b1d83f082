"""Pace arithmetic for the reading challenge page: milestones, weekly bars, chart lines.

The goal math itself (current, expected, projection, recent rate, status) is lib.core.pace
and lib.core.progress; this module only adds what the page needs on top of it. Every series
is in the goal's units (books or minutes). Dates are inclusive; "school days" follow
lib.core.school_days.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from lib.core.goal import Goal
from lib.core.pace import RECENT_WEEKS, cumulative_total, weekly_totals
from lib.core.school_days import ONE_DAY, DaysOff, add_school_days, as_date, count_school_days

MILESTONE_SHARES = (0.25, 0.5, 0.75, 1.0)
REACHED = "reached"
PROJECTED = "projected"
NOT_ON_PACE = "not on pace"
MISSED = "missed"


@dataclass(frozen=True)
class Milestone:
    """A share of the target and when it was, or will be, reached.

    state: REACHED (on `day`), PROJECTED (on `day`, at the recent rate), NOT_ON_PACE (the
    recent rate does not get there by the end date) or MISSED (the goal ended short of it).
    """

    share: float
    amount: float
    state: str
    day: date | None = None


def last_counted_day(goal: Goal, as_of: date) -> date:
    """The last day the goal counts as of `as_of`: as_of, or the end date once it has passed."""
    return min(as_of, goal.end_date)


def date_reached(daily: pd.DataFrame, start: date, through: date, amount: float) -> date | None:
    """The first day the running total from `start` reached `amount` (None: not by `through`)."""
    days = pd.to_datetime(daily["date"]).dt.date
    kept = daily.assign(day=days)[(days >= start) & (days <= through)].sort_values("day")
    running = kept["value"].fillna(0).cumsum().to_numpy()
    hit = np.flatnonzero(running >= amount - 1e-9)  # a float sum may land a hair short
    return kept["day"].iloc[hit[0]] if len(hit) else None


def projected_date(
    current: float, amount: float, per_school_day: float, through: date, end: date, days_off: DaysOff
) -> date | None:
    """The school day the running total reaches `amount` at `per_school_day` from after `through`.

    Counts whole school days forward (a day's reading counts by its end), skipping weekends
    and days off. None when the rate is not positive or the day falls after `end`.
    """
    if per_school_day <= 0:
        return None
    days_needed = math.ceil(round((amount - current) / per_school_day, 9))
    day = add_school_days(through, max(days_needed, 1), days_off)
    return day if day <= end else None


def milestones(
    goal: Goal, daily: pd.DataFrame, as_of: date, per_school_day: float | None, days_off: DaysOff
) -> list[Milestone]:
    """The 25, 50, 75 and 100 percent milestones as of `as_of` (see Milestone for the states).

    per_school_day is the recent rate (lib.core.pace.recent_rate); None before any school day.
    """
    through = last_counted_day(goal, as_of)
    current = cumulative_total(daily, goal.start_date, through)
    found = []
    for share in MILESTONE_SHARES:
        amount = goal.target * share
        reached = date_reached(daily, goal.start_date, through, amount) if current >= amount else None
        found.append(_milestone(goal, share, amount, reached, current, per_school_day, through, days_off))
    return found


def _milestone(goal, share, amount, reached, current, per_school_day, through, days_off) -> Milestone:
    if reached is not None:
        return Milestone(share, amount, REACHED, reached)
    if through >= goal.end_date:
        return Milestone(share, amount, MISSED)
    day = projected_date(current, amount, per_school_day or 0.0, through, goal.end_date, days_off)
    return Milestone(share, amount, PROJECTED if day else NOT_ON_PACE, day)


def weekly_with_average(daily: pd.DataFrame, start: date, through: date, days_off: DaysOff) -> pd.DataFrame:
    """lib.core.pace.weekly_totals plus `average`: the mean of the last RECENT_WEEKS complete weeks.

    The average at a complete week covers it and the complete weeks before it (fewer at the
    start); weeks without school (a winter break) are not rows, so they never pull it down.
    An incomplete week (the current one) gets no average. `last_school_day` ends each week.
    """
    weeks = weekly_totals(daily, start, through, days_off)
    complete = weeks["total"].where(weeks["complete"].astype(bool))
    average = complete.dropna().rolling(RECENT_WEEKS, min_periods=1).mean()
    ends = [_week_end(week, through, days_off) for week in weeks["week_start"]]
    return weeks.assign(average=average.reindex(weeks.index), last_school_day=ends)


def _week_end(monday: date, through: date, days_off: DaysOff) -> date:
    """The last school day of the week starting `monday`, not after `through`."""
    friday = min(monday + timedelta(days=4), through)
    holidays = np.array(sorted(days_off), dtype="datetime64[D]")
    return as_date(np.busday_offset(friday, 0, roll="backward", holidays=holidays))


def running_total(daily: pd.DataFrame, start: date, through: date) -> pd.DataFrame:
    """One row per calendar day from start through `through`: date and the running total."""
    days = pd.date_range(start, through, freq="D")
    values = daily.assign(date=pd.to_datetime(daily["date"])).groupby("date")["value"].sum()
    totals = values.reindex(days, fill_value=0).cumsum()
    return pd.DataFrame({"date": days.date, "total": totals.to_numpy(dtype=float)})


def even_pace_line(goal: Goal, days_off: DaysOff) -> pd.DataFrame:
    """One row per calendar day of the goal: date and the even-pace total (lib.core.pace.expected_total)."""
    days = pd.date_range(goal.start_date, goal.end_date, freq="D")
    holidays = np.array(sorted(days_off), dtype="datetime64[D]")
    first = np.datetime64(goal.start_date, "D")
    elapsed = np.busday_count(first, days.to_numpy(dtype="datetime64[D]") + 1, holidays=holidays)
    total_days = count_school_days(goal.start_date, goal.end_date, days_off)
    expected = goal.target * elapsed / total_days if total_days else np.zeros(len(days))
    return pd.DataFrame({"date": days.date, "expected": expected})


def projection_lines(
    goal: Goal, current: float, rates: tuple[float, float, float], through: date, days_off: DaysOff
) -> pd.DataFrame:
    """Daily projected totals from `through` to the end at the (recent, slowest, fastest) rates.

    Columns date, projected, low, high; each adds rate x school days after `through`, so the
    lines stay flat over weekends and breaks. Empty when `through` is the end date or later.
    """
    if through >= goal.end_date:
        return pd.DataFrame(columns=["date", "projected", "low", "high"])
    days = pd.date_range(through, goal.end_date, freq="D")
    holidays = np.array(sorted(days_off), dtype="datetime64[D]")
    after = np.datetime64(through + ONE_DAY, "D")
    elapsed = np.busday_count(after, days.to_numpy(dtype="datetime64[D]") + 1, holidays=holidays)
    elapsed = np.maximum(elapsed, 0)
    columns = {
        name: current + rate * elapsed for name, rate in zip(("projected", "low", "high"), rates, strict=True)
    }
    return pd.DataFrame({"date": days.date, **columns})


def common_days_off(days_off: dict[str, frozenset[date]]) -> frozenset[date]:
    """Days off shared by every school (the district's own holidays); empty for no schools."""
    sets = list(days_off.values())
    return frozenset.intersection(*sets) if sets else frozenset()
