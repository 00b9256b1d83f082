"""Turn the goal queries' rows into the time series the goal math reads.

Level series are DataFrames with `period_end` (date), `value` (percent, points or, for
pd_hours, hours per teacher) and `n` (how many students, teachers, visits or mentoring pairs
the value stands on), oldest first.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

import numpy as np
import pandas as pd

from lib.core.metrics import (
    FEEDBACK_DAYS,
    FEEDBACK_WINDOW_DAYS,
    MENTORING_MEETINGS_PER_MONTH,
    MENTORING_MONTH_DAYS,
)
from lib.core.numbers import percent, percents

LEVEL_COLUMNS = ["period_end", "value", "n"]


def _dates(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.date


def participation_points(weekly: pd.DataFrame) -> pd.DataFrame:
    """Percent of enrolled students who logged in each 7-day period; n = enrolled."""
    return pd.DataFrame(
        {
            "period_end": _dates(weekly["period_end"]),
            "value": [percent(p, e) for p, e in zip(weekly["participants"], weekly["enrolled"], strict=True)],
            "n": weekly["enrolled"].astype(int),
        }
    ).reset_index(drop=True)


def coverage_points(weekly: pd.DataFrame) -> pd.DataFrame:
    """Percent of teachers with a leadership visit in each 14-day cycle; n = teachers."""
    return pd.DataFrame(
        {
            "period_end": _dates(weekly["period_end"]),
            "value": [percent(o, t) for o, t in zip(weekly["observed"], weekly["teachers"], strict=True)],
            "n": weekly["teachers"].astype(int),
        }
    ).reset_index(drop=True)


def proficiency_points(windows: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Per assessment window: percent proficient of the goal's group, or the gap to all students.

    The gap is all students' percent minus the group's, in percentage points (positive
    when the group is behind). n is the group's tested students. `label` names the window.
    Vectorised, so it also takes the rows of many goals at once (same row order back).
    """
    group = percents(windows["proficient_group"], windows["n_group"])
    every = percents(windows["proficient_all"], windows["n_all"])
    values = group if metric == "percent_proficient" else every - group
    return pd.DataFrame(
        {
            "period_end": _dates(windows["period_end"]),
            "value": values,
            "n": windows["n_group"].astype(int),
            "label": windows["window"] + " " + windows["school_year"],
        }
    ).reset_index(drop=True)


def feedback_deadlines(observed_on: pd.Series, days_off: Collection[date]) -> pd.Series:
    """The last day feedback counts as on time: 2 school days after each visit."""
    holidays = np.array(sorted(days_off), dtype="datetime64[D]")
    days = observed_on.to_numpy(dtype="datetime64[D]")
    deadlines = np.busday_offset(days, FEEDBACK_DAYS, roll="backward", holidays=holidays)
    return pd.Series(deadlines.astype("datetime64[s]"), index=observed_on.index).dt.date


def feedback_points(
    observed: np.ndarray,
    feedback: np.ndarray,
    start: date,
    as_of: date,
    days_off: Collection[date],
    periods: int | None = None,
) -> pd.DataFrame:
    """Percent of visits with feedback within 2 school days, in 28-day windows ending weekly.

    `observed` and `feedback` are the visits' days as datetime64[D] arrays (day_array; feedback
    NaT: none yet): lib.goals.load converts a region's visits once and hands each goal its slice.
    Windows end on the as-of date and every 7 days before it, back to the goal's start (the
    latest `periods` of them, when given). A visit counts once its deadline has passed by the
    window's end (visits whose deadline is still ahead are not judged yet); it is on time when
    feedback_on is on or before the deadline. n = visits judged.
    """
    holidays = np.array(sorted(days_off), dtype="datetime64[D]")
    deadline = np.busday_offset(observed, FEEDBACK_DAYS, roll="backward", holidays=holidays)
    on_time = ~np.isnat(feedback) & (feedback <= deadline)
    ends = _period_ends(start, as_of)[:periods][::-1]  # oldest first
    # One row per period end, one column per visit.
    last = np.array(ends, dtype="datetime64[D]")[:, None]
    judged = (observed > last - FEEDBACK_WINDOW_DAYS) & (observed <= last) & (deadline <= last)
    n = judged.sum(axis=1)
    values = percents((judged & on_time).sum(axis=1), n)
    return pd.DataFrame({"period_end": ends, "value": values, "n": n.astype(int)}, columns=LEVEL_COLUMNS)


def day_array(values: pd.Series) -> np.ndarray:
    """Dates as datetime64[D] (NaT for a missing one: it compares False with every day)."""
    return pd.to_datetime(values).to_numpy(dtype="datetime64[D]")


def _level_frame(rows: list[tuple[date, float, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=LEVEL_COLUMNS).sort_values("period_end").reset_index(drop=True)


def pd_hours_points(attended: pd.DataFrame, start: date, through: date) -> pd.DataFrame:
    """Average hours of PD attended per teacher since `start`, at `through` and every 7 days
    back to `start` (hours, e.g. 6.5); n = teachers.

    `attended` has a row per teacher and session they attended: staff_id, on_staff_from (NaT:
    on staff all along), session_date and hours (NaT and NaN for a teacher who attended none).
    At each period end a teacher counts once if on staff by it (start date on or before it), with
    the sessions from `start` through the period end, both days included. No teacher: NaN, n 0.
    """
    staff, hours = attended["staff_id"].to_numpy(), attended["hours"].fillna(0.0).to_numpy(dtype=float)
    on_staff_from, session = day_array(attended["on_staff_from"]), day_array(attended["session_date"])
    rows = []
    for period_end in _period_ends(start, through):
        last = np.datetime64(period_end, "D")
        on_staff = np.isnat(on_staff_from) | (on_staff_from <= last)
        counted = on_staff & (session >= np.datetime64(start, "D")) & (session <= last)
        teachers = len(set(staff[on_staff]))
        rows.append((period_end, hours[counted].sum() / teachers if teachers else float("nan"), teachers))
    return _level_frame(rows)


def mentoring_points(meetings: pd.DataFrame, start: date, through: date) -> pd.DataFrame:
    """Percent of mentoring pairs with MENTORING_MEETINGS_PER_MONTH (2) or more meetings in the
    MENTORING_MONTH_DAYS (30) days ending on each period end, at `through` and every 7 days back
    to `start`; n = pairs.

    `meetings` has a row per pair and meeting: mentor_id, mentee_id, pair_start, pair_end (NaT:
    ongoing) and met_on (NaT: no meeting). A pair counts where active on the period end
    (pair_start <= end <= pair_end); its meetings on end - 29 through end count. No pair: NaN.
    """
    pair = meetings.groupby(["mentor_id", "mentee_id"], sort=False).ngroup().to_numpy(dtype=int)
    pair_start, pair_end, met_on = (day_array(meetings[c]) for c in ("pair_start", "pair_end", "met_on"))
    rows = []
    for period_end in _period_ends(start, through):
        last = np.datetime64(period_end, "D")
        active = (pair_start <= last) & (np.isnat(pair_end) | (pair_end >= last))
        in_month = active & (met_on > last - MENTORING_MONTH_DAYS) & (met_on <= last)
        counts = np.bincount(pair[in_month], minlength=int(pair.max(initial=-1)) + 1)
        pairs = len(set(pair[active]))
        rows.append((period_end, percent(int((counts >= MENTORING_MEETINGS_PER_MONTH).sum()), pairs), pairs))
    return _level_frame(rows)


def _period_ends(start: date, as_of: date) -> list[date]:
    ends, day = [], as_of
    while day >= start:
        ends.append(day)
        day -= timedelta(days=7)
    return ends
