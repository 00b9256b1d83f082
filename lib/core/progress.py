"""Goal math for the goal board: the figures and status of one goal as of a day.

Cumulative goals (books_read, minutes_read) add daily totals up towards a target; their pace
(totals, even pace, recent rate, projection) is lib.core.pace. Level goals compare the
latest value (a percentage 0-100, proficiency_gap in percentage points, where lower is
better, or pd_hours in hours per teacher, which accrue and so are also held to even pace)
with the target. Nothing here reads the database or formats for display beyond the
status sentences.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd

from lib.core.contract import CUMULATIVE_METRICS, LEVEL_METRICS
from lib.core.goal import Goal
from lib.core.metrics import CUMULATIVE_UNITS, HOURS_METRICS, format_value
from lib.core.pace import (
    daily_values,
    expected_total,
    needed_per_week,
    pace_sentence,
    projected_band,
    recent_rate,
)
from lib.core.school_days import ONE_DAY, DaysOff
from lib.core.status import (
    AT_RISK,
    ENDED_MET,
    ENDED_MISSED,
    MET,
    NOT_STARTED,
    OFF_TRACK,
    ON_TRACK,
)
from lib.core.text import short_date

# The status rule's thresholds, all in one place (goal_progress quotes them).
ON_TRACK_RATIO = 1.0  # cumulative: projected total reaches this share of the target
AT_RISK_RATIO = 0.9  # cumulative: projected below this share of the target is off track
LEVEL_AT_RISK_POINTS = 5.0  # level: further than this from the target is at risk
LEVEL_OFF_TRACK_POINTS = 10.0  # level: further than this from the target is off track
LEVEL_FLAT_POINTS = 0.5  # level: a change smaller than this either way is flat
PACE_AT_RISK_SHARE = 0.1  # paced level: further below even pace than this share of the target is at risk
PACE_OFF_TRACK_SHARE = 0.2  # paced level: further below even pace than this share is off track


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
    is_improvement) stay None for the other family, except `expected`, which a paced level
    (pd_hours) has too: its even pace as of the day. Totals are in the goal's units (books,
    minutes), levels in percent or, for proficiency_gap, percentage points; pd_hours in hours.
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
        return NOT_STARTED, f"Starts {short_date(goal.start_date)}"
    if as_of > goal.end_date:
        status = ENDED_MET if current >= goal.target else ENDED_MISSED
        return status, f"Ended {short_date(goal.end_date)} with {_of_target(current, goal.target, units)}"
    if not has_data:
        return NOT_STARTED, f"No {units} logged yet"
    if current >= goal.target:
        return MET, f"Reached {_of_target(current, goal.target, units)}"
    if projected is None:
        return NOT_STARTED, "No school day yet to project from"
    ratio = projected / goal.target
    status = ON_TRACK if ratio >= ON_TRACK_RATIO else AT_RISK if ratio >= AT_RISK_RATIO else OFF_TRACK
    return status, f"Projected {_of_target(projected, goal.target, units)} by {short_date(goal.end_date)}"


def _level_text(value: float, goal: Goal) -> str:
    if goal.metric in HOURS_METRICS:
        return format_value(goal.metric, value)
    return f"{value:.1f} points" if goal.is_lower_better else f"{value:.1f}%"


def even_pace_level(goal: Goal, day: date) -> float:
    """The level even pace reaches by `day`: target x elapsed days / the goal's days.

    Calendar days, both ends counted: on start_date 1 of them has passed (a goal from Aug 17
    to Aug 26 expects a tenth of its target on Aug 17), on end_date all of them. `day` is
    held within start_date..end_date, so before the start it is the first day's share.
    """
    day = min(max(day, goal.start_date), goal.end_date)
    elapsed = (day - goal.start_date).days + 1
    return goal.target * elapsed / ((goal.end_date - goal.start_date).days + 1)


def paced_standing(goal: Goal, current: float, expected: float) -> str:
    """On track within PACE_AT_RISK_SHARE (10%) of the target below even pace (or above it),
    at risk within PACE_OFF_TRACK_SHARE (20%), else off track."""
    short_by = expected - current
    if short_by <= PACE_AT_RISK_SHARE * goal.target:
        return ON_TRACK
    return AT_RISK if short_by <= PACE_OFF_TRACK_SHARE * goal.target else OFF_TRACK


def _paced_reason(goal: Goal, current: float, day: date) -> str:
    """'At 4.6 hours; even pace to 12.0 hours by May 21 is 4.2 hours on Nov 21'."""
    expected = _level_text(even_pace_level(goal, day), goal)
    return (
        f"At {_level_text(current, goal)}; even pace to {_level_text(goal.target, goal)} by "
        f"{short_date(goal.end_date)} is {expected} on {short_date(day)}"
    )


def _reaches(value: float, goal: Goal) -> bool:
    return value <= goal.target if goal.is_lower_better else value >= goal.target


def _moving_wrong_way(change: LevelChange) -> bool:
    return change.direction in ("up", "down") and not change.is_improvement


def _level_standing(goal: Goal, current: float, change: LevelChange) -> str:
    """On track / at risk / off track by distance from target, a step worse when moving away."""
    distance = abs(current - goal.target)
    step = 0 if distance <= LEVEL_AT_RISK_POINTS else 1 if distance <= LEVEL_OFF_TRACK_POINTS else 2
    return (ON_TRACK, AT_RISK, OFF_TRACK)[min(step + _moving_wrong_way(change), 2)]


def level_status(goal: Goal, as_of: date, change: LevelChange) -> tuple[str, str]:
    """Return (status, reason) for a level goal; the rule is in goal_progress."""
    current, target = change.current, _level_text(goal.target, goal)
    if as_of < goal.start_date:
        return NOT_STARTED, f"Starts {short_date(goal.start_date)}"
    if as_of > goal.end_date:
        if current is None:
            return ENDED_MISSED, "No data before the goal ended"
        status = ENDED_MET if _reaches(current, goal) else ENDED_MISSED
        return status, f"Ended at {_level_text(current, goal)} against a target of {target}"
    if current is None:
        return NOT_STARTED, "No data yet"
    if _reaches(current, goal):
        return MET, f"At {_level_text(current, goal)}, target of {target} reached"
    if goal.metric in HOURS_METRICS:
        standing = paced_standing(goal, current, even_pace_level(goal, as_of))
        return standing, _paced_reason(goal, current, as_of)
    moving = ", and moving the wrong way" if _moving_wrong_way(change) else ""
    distance = f"{abs(current - goal.target):.1f} points from the target of {target}"
    return _level_standing(goal, current, change), f"At {_level_text(current, goal)}, {distance}{moving}"


def _cumulative_progress(goal: Goal, daily: pd.DataFrame, as_of: date, days_off: DaysOff) -> GoalProgress:
    # Clamp to the goal's window so days before the start or after the end never count.
    through = min(max(as_of, goal.start_date - ONE_DAY), goal.end_date)
    logged = daily_values(daily, goal.start_date, through)[1]
    current = float(logged.sum())
    rate = recent_rate(daily, goal.start_date, through, days_off)
    projected, low, high = projected_band(current, rate, through, goal.end_date, days_off)
    needed = needed_per_week(goal, current, through, days_off)
    status, reason = cumulative_status(goal, as_of, current, projected, len(logged) > 0)
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
    share_of_target = None
    if current is not None and goal.target and not goal.is_lower_better:
        share_of_target = 100 * current / goal.target
    return GoalProgress(
        goal.metric,
        goal.target,
        status,
        reason,
        goal.is_lower_better,
        current,
        percent_of_target=share_of_target,
        expected=even_pace_level(goal, as_of) if goal.metric in HOURS_METRICS else None,
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
    7. paced level goals (pd_hours, hours that accrue through the year), instead of 6:
       expected = even pace = target x (calendar days from start_date to as_of, both
       counted) / (calendar days from start_date to end_date, both counted); on track if
       current >= expected - PACE_AT_RISK_SHARE (10%) x target, at risk if current >=
       expected - PACE_OFF_TRACK_SHARE (20%) x target, else off track. With target 12 hours
       over 100 days, on its 50th day expected is 6.0: 4.8 or more is on track, 3.6 or more at
       risk, less off track.
    """
    if goal.metric in CUMULATIVE_METRICS:
        return _cumulative_progress(goal, data, as_of, days_off)
    if goal.metric in LEVEL_METRICS:
        return _level_progress(goal, data, as_of)
    raise ValueError(f"unknown goal metric: {goal.metric!r}")


def progress_week_earlier(goal: Goal, data: pd.DataFrame, as_of: date, days_off: DaysOff) -> GoalProgress:
    """Return goal_progress as of seven days before as_of, from the same data."""
    return goal_progress(goal, data, as_of - timedelta(weeks=1), days_off)
