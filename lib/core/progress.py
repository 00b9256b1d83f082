"""Goal math for the goal board: pace, projection, change and status of one goal.

Cumulative goals (books_read, minutes_read) add daily totals up towards a target; their
pace counts SCHOOL days, so a winter break is neither "falling behind" nor reading time
to project from. Level goals compare the latest value (a percentage 0-100, or
proficiency_gap in percentage points, where lower is better) with the target.
Nothing here reads the database or formats for display beyond the status sentences.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from lib.core.contract import CUMULATIVE_METRICS, LEVEL_METRICS
from lib.core.school_days import ONE_DAY, DaysOff, count_school_days, school_week_start

# The status rule's thresholds, all in one place (goal_progress quotes them).
ON_TRACK_RATIO = 1.0  # cumulative: projected total reaches this share of the target
AT_RISK_RATIO = 0.9  # cumulative: projected below this share of the target is off track
LEVEL_AT_RISK_POINTS = 5.0  # level: further than this from the target is at risk
LEVEL_OFF_TRACK_POINTS = 10.0  # level: further than this from the target is off track
LEVEL_FLAT_POINTS = 0.5  # level: a change smaller than this either way is flat
RECENT_WEEKS = 4  # complete school weeks behind the recent rate
SCHOOL_DAYS_PER_WEEK = 5

MET = "met"
ON_TRACK = "on track"
AT_RISK = "at risk"
OFF_TRACK = "off track"
NOT_STARTED = "not started"
ENDED_MET = "ended: met"
ENDED_MISSED = "ended: missed"
STATUSES = (MET, ON_TRACK, AT_RISK, OFF_TRACK, NOT_STARTED, ENDED_MET, ENDED_MISSED)

LOWER_IS_BETTER_METRICS = ("proficiency_gap",)
CUMULATIVE_UNITS = {"books_read": "books", "minutes_read": "minutes"}
WEEK_COLUMNS = ["week_start", "total", "school_days", "complete"]


@dataclass(frozen=True)
class Goal:
    """A goal's metric and target, from start_date through end_date (inclusive)."""

    metric: str
    target: float
    start_date: date
    end_date: date

    @property
    def is_lower_better(self) -> bool:
        return self.metric in LOWER_IS_BETTER_METRICS


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


@dataclass(frozen=True)
class LevelChange:
    """The latest level value, the one before it, and which way it moved.

    change is current - previous in percentage points; direction is "up", "down" or
    "flat" (None without two values); is_improvement is True only for a move towards
    better (down when lower is better).
    """

    current: float | None
    previous: float | None = None
    change: float | None = None
    direction: str | None = None
    is_improvement: bool = False


@dataclass(frozen=True)
class GoalProgress:
    """Every figure a goal card shows, as of one day.

    Cumulative-only figures (expected .. pace_note) and level-only ones (previous ..
    is_improvement) stay None for the other family. Totals are in the goal's units
    (books, minutes), levels in percent or, for proficiency_gap, percentage points.
    projected_low/high project the slowest and fastest of the recent weeks;
    needed_per_week is per five school days; percent_of_target is None when lower is
    better or the target is 0.
    """

    metric: str
    target: float
    status: str
    status_reason: str
    is_lower_better: bool
    current: float | None
    percent_of_target: float | None = None
    expected: float | None = None
    projected: float | None = None
    projected_low: float | None = None
    projected_high: float | None = None
    needed_per_week: float | None = None
    recent_per_week: float | None = None
    pace_note: str | None = None
    previous: float | None = None
    change: float | None = None
    direction: str | None = None
    is_improvement: bool = False


# --- Cumulative goals -------------------------------------------------------------


def _daily_through(daily: pd.DataFrame, start_date: date, as_of: date) -> pd.Series:
    """Daily `value` indexed by datetime.date, kept from start_date through as_of."""
    # numpy, not pandas date parsing: the district board runs this a few hundred times.
    days = np.asarray(daily["date"].to_numpy(), dtype="datetime64[D]")
    keep = (days >= np.datetime64(start_date, "D")) & (days <= np.datetime64(as_of, "D"))
    values = np.nan_to_num(daily["value"].to_numpy(dtype=float, na_value=np.nan))[keep]
    return pd.Series(values, index=days[keep].astype(object), dtype=float)


def cumulative_total(daily: pd.DataFrame, start_date: date, as_of: date) -> float:
    """Return the sum of `value` from start_date through as_of (inclusive); 0.0 if none."""
    return float(_daily_through(daily, start_date, as_of).sum())


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
    # Vectorised with numpy: the district board runs this for every reading goal.
    holidays = np.array(sorted(days_off), dtype="datetime64[D]")
    first, last = np.datetime64(start_date, "D"), np.datetime64(as_of, "D")
    weeks = np.arange(np.datetime64(school_week_start(start_date), "D"), last + 1, 7)
    school_days = np.busday_count(
        np.maximum(weeks, first), np.minimum(weeks + 7, last + 1), holidays=holidays
    )
    logged = _daily_through(daily, start_date, as_of)
    week_of_day = (np.array(logged.index, dtype="datetime64[D]") - weeks[0]).astype(int) // 7
    totals = np.bincount(week_of_day, weights=logged.to_numpy(), minlength=len(weeks))
    last_school_day = np.busday_offset(weeks + 4, 0, roll="backward", holidays=holidays)
    table = pd.DataFrame(
        {
            "week_start": [d.item() for d in weeks],
            "total": totals.astype(float),
            "school_days": school_days.astype(int),
            "complete": last_school_day <= last,
        }
    )
    return table[table["school_days"] > 0].reset_index(drop=True)


def recent_rate(daily: pd.DataFrame, start_date: date, as_of: date, days_off: DaysOff) -> RecentRate | None:
    """Return the pace of the last RECENT_WEEKS complete school weeks up to as_of.

    per_week is the mean of their weekly totals (a short week counts as one week);
    per_school_day is their summed total over their summed school days. Weeks inside a
    break are skipped, not counted as zeros. Before any week is complete the pace so
    far stands in (weeks=0, per_week = 5 * per_school_day). None before any school day.
    """
    table = weekly_totals(daily, start_date, as_of, days_off)
    recent = table[table["complete"]].tail(RECENT_WEEKS)
    if recent.empty and table.empty:
        return None
    used = table if recent.empty else recent
    per_day = used["total"] / used["school_days"]
    per_school_day = float(used["total"].sum() / used["school_days"].sum())
    per_week = float(recent["total"].mean()) if len(recent) else per_school_day * SCHOOL_DAYS_PER_WEEK
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


# --- Level goals ------------------------------------------------------------------


def _direction(change: float) -> str:
    if abs(change) < LEVEL_FLAT_POINTS:
        return "flat"
    return "up" if change > 0 else "down"


def as_date(value: date | datetime) -> date:
    """A date from a date, datetime or pandas Timestamp."""
    return value.date() if isinstance(value, datetime) else value


def level_change(points: pd.DataFrame, as_of: date, lower_is_better: bool) -> LevelChange:
    """Return the latest value with period_end on or before as_of and the one before it.

    Points are sorted by period_end, whatever order they come in. A change smaller
    than LEVEL_FLAT_POINTS either way is "flat". Points without a value (NaN) are
    skipped. No point gives current None; one point gives only current.
    """
    # Plain Python, not pandas: the district board calls this for hundreds of goals.
    kept = [
        (as_date(end), float(value))
        for end, value in zip(points["period_end"], points["value"], strict=True)
        if value == value and as_date(end) <= as_of
    ]
    values = [value for _, value in sorted(kept, key=lambda pair: pair[0])[-2:]]
    if len(values) < 2:
        return LevelChange(values[-1] if values else None)
    previous, current = values
    direction = _direction(current - previous)
    better = "down" if lower_is_better else "up"
    return LevelChange(current, previous, current - previous, direction, direction == better)


# --- Status -----------------------------------------------------------------------


def _short_date(day: date) -> str:
    return f"{day:%b} {day.day}"


def shown_total(value: float, target: float) -> int:
    """A total rounded to a whole number that never reads as reaching a target it falls short
    of: 199.6 of 200 shows 199 (199.4 shows 199, 43,790.4 shows 43,790)."""
    shown = round(value)
    return min(shown, math.ceil(target) - 1) if value < target else shown


def _of_target(value: float, target: float, units: str) -> str:
    if not target:
        return f"{value:,.0f} of {target:,.0f} {units}"
    share = shown_total(100 * value / target, 100)
    return f"{shown_total(value, target):,} of {target:,.0f} {units} ({share}%)"


def cumulative_status(
    goal: Goal, as_of: date, current: float, projected: float | None, has_data: bool
) -> tuple[str, str]:
    """Return (status, reason) for a cumulative goal; the rule is in goal_progress."""
    units = CUMULATIVE_UNITS[goal.metric]
    if as_of < goal.start_date:
        return NOT_STARTED, f"Starts {_short_date(goal.start_date)}"
    if as_of > goal.end_date:
        status = ENDED_MET if current >= goal.target else ENDED_MISSED
        return status, f"Ended {_short_date(goal.end_date)} with {_of_target(current, goal.target, units)}"
    if not has_data:
        return NOT_STARTED, f"No {units} logged yet"
    if current >= goal.target:
        return MET, f"Reached {_of_target(current, goal.target, units)}"
    if projected is None:
        return NOT_STARTED, "No school day yet to project from"
    ratio = projected / goal.target
    status = ON_TRACK if ratio >= ON_TRACK_RATIO else AT_RISK if ratio >= AT_RISK_RATIO else OFF_TRACK
    return status, f"Projected {_of_target(projected, goal.target, units)} by {_short_date(goal.end_date)}"


def _level_text(value: float, goal: Goal) -> str:
    return f"{value:.1f} points" if goal.is_lower_better else f"{value:.1f}%"


def _reaches(value: float, goal: Goal) -> bool:
    return value <= goal.target if goal.is_lower_better else value >= goal.target


def _moving_wrong_way(change: LevelChange) -> bool:
    return change.direction in ("up", "down") and not change.is_improvement


def _level_standing(goal: Goal, change: LevelChange) -> str:
    """On track / at risk / off track by distance from target, a step worse when moving away."""
    distance = abs(change.current - goal.target)
    step = 0 if distance <= LEVEL_AT_RISK_POINTS else 1 if distance <= LEVEL_OFF_TRACK_POINTS else 2
    return (ON_TRACK, AT_RISK, OFF_TRACK)[min(step + _moving_wrong_way(change), 2)]


def level_status(goal: Goal, as_of: date, change: LevelChange) -> tuple[str, str]:
    """Return (status, reason) for a level goal; the rule is in goal_progress."""
    current, target = change.current, _level_text(goal.target, goal)
    if as_of < goal.start_date:
        return NOT_STARTED, f"Starts {_short_date(goal.start_date)}"
    if as_of > goal.end_date and current is None:
        return ENDED_MISSED, "No data before the goal ended"
    if as_of > goal.end_date:
        status = ENDED_MET if _reaches(current, goal) else ENDED_MISSED
        return status, f"Ended at {_level_text(current, goal)} against a target of {target}"
    if current is None:
        return NOT_STARTED, "No data yet"
    if _reaches(current, goal):
        return MET, f"At {_level_text(current, goal)}, target of {target} reached"
    moving = ", and moving the wrong way" if _moving_wrong_way(change) else ""
    distance = f"{abs(current - goal.target):.1f} points from the target of {target}"
    return _level_standing(goal, change), f"At {_level_text(current, goal)}, {distance}{moving}"


def _projected_band(
    current: float, rate: RecentRate | None, as_of: date, end_date: date, days_off: DaysOff
) -> tuple[float | None, float | None, float | None]:
    """(projected, low, high) from the recent, slowest and fastest week's rate per school day."""
    if rate is None:
        return None, None, None
    rates = (rate.per_school_day, rate.low_per_school_day, rate.high_per_school_day)
    projected, low, high = (project_total(current, r, as_of, end_date, days_off) for r in rates)
    return projected, low, high


def _cumulative_progress(goal: Goal, daily: pd.DataFrame, as_of: date, days_off: DaysOff) -> GoalProgress:
    # Clamp to the goal's window so days before the start or after the end never count.
    through = min(max(as_of, goal.start_date - ONE_DAY), goal.end_date)
    logged = _daily_through(daily, goal.start_date, through)
    current = float(logged.sum())
    rate = recent_rate(daily, goal.start_date, through, days_off)
    projected, low, high = _projected_band(current, rate, through, goal.end_date, days_off)
    needed = needed_per_week(goal, current, through, days_off)
    status, reason = cumulative_status(goal, as_of, current, projected, not logged.empty)
    return GoalProgress(
        goal.metric,
        goal.target,
        status,
        reason,
        False,
        current,
        percent_of_target=100 * current / goal.target if goal.target else None,
        expected=expected_total(goal, through, days_off),
        projected=projected,
        projected_low=low,
        projected_high=high,
        needed_per_week=needed,
        recent_per_week=rate.per_week if rate else None,
        pace_note=pace_sentence(goal.target - current, needed, rate, CUMULATIVE_UNITS[goal.metric]),
    )


def _level_progress(goal: Goal, points: pd.DataFrame, as_of: date) -> GoalProgress:
    change = level_change(points, min(as_of, goal.end_date), goal.is_lower_better)
    status, reason = level_status(goal, as_of, change)
    current = change.current
    higher_better_share = current is not None and goal.target and not goal.is_lower_better
    return GoalProgress(
        goal.metric,
        goal.target,
        status,
        reason,
        goal.is_lower_better,
        current,
        percent_of_target=100 * current / goal.target if higher_better_share else None,
        previous=change.previous,
        change=change.change,
        direction=change.direction,
        is_improvement=change.is_improvement,
    )


def goal_progress(goal: Goal, data: pd.DataFrame, as_of: date, days_off: DaysOff) -> GoalProgress:
    """Return every figure of a goal's card as of `as_of`, status included.

    `data` is `daily` (date, value) for a cumulative goal and `points` (period_end,
    value) for a level goal. Data after as_of, and after end_date, is ignored.

    Status rule, first match wins:
    1. not started: as_of is before start_date.
    2. ended: met / ended: missed: as_of is after end_date; met if the final value (the
       total through end_date, or the last level on or before it) reaches the target.
    3. not started: no data yet (no daily row from start_date through as_of; no level
       point on or before as_of).
    4. met: the current value reaches the target (>= target; <= target when lower is
       better, as for proficiency_gap).
    5. cumulative goals: not started while no school day has passed (nothing to project
       from); on track if projected >= ON_TRACK_RATIO (1.0) x target; at risk if
       projected >= AT_RISK_RATIO (0.9) x target; else off track. projected = current +
       the recent rate per school day x school days after as_of through end_date.
    6. level goals: within LEVEL_AT_RISK_POINTS (5) points of the target is on track,
       within LEVEL_OFF_TRACK_POINTS (10) is at risk, further is off track; if the last
       change moved away from the target by LEVEL_FLAT_POINTS (0.5) or more, one step
       worse (on track -> at risk -> off track, which stays off track).
    """
    if goal.metric in CUMULATIVE_METRICS:
        return _cumulative_progress(goal, data, as_of, days_off)
    if goal.metric in LEVEL_METRICS:
        return _level_progress(goal, data, as_of)
    raise ValueError(f"unknown goal metric: {goal.metric!r}")


def progress_week_earlier(goal: Goal, data: pd.DataFrame, as_of: date, days_off: DaysOff) -> GoalProgress:
    """Return goal_progress as of seven days before as_of, from the same data."""
    return goal_progress(goal, data, as_of - timedelta(weeks=1), days_off)


SLIPPED_TO = (AT_RISK, OFF_TRACK)


def slipped(previous_status: str, current_status: str) -> bool:
    """Return True when a goal was met or on track and is now at risk or off track."""
    return previous_status in (MET, ON_TRACK) and current_status in SLIPPED_TO
