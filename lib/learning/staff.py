"""Sessions, hours, mentoring pairs and new teachers: pure calculations over the page's rows.

Dates are inclusive. "Days since" counts calendar days (the as-of date minus the day).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from lib.core.metrics import MENTORING_LAPSE_DAYS, MENTORING_MEETINGS_PER_MONTH
from lib.core.numbers import percents

DAYS_PER_MONTH = 365.25 / 12
LAPSED, MEETING, ENDED, NEW = "lapsed", "meeting", "ended", "new"


def session_table(sessions: pd.DataFrame, school_names: dict[str, str]) -> pd.DataFrame:
    """One row per session (the schools in view added up): date, title, where ('District-wide'
    or the school), focus, hours, attended, expected and attendance_rate (%, NaN when no
    teacher was expected). Oldest first."""
    keys = ["session_id", "session_school", "title", "date", "hours", "focus"]
    table = sessions.groupby(keys, dropna=False, sort=False)[["expected", "attended"]].sum().reset_index()
    table["where"] = [school_names.get(s, s) if s else "District-wide" for s in table["session_school"]]
    table["attendance_rate"] = percents(table["attended"], table["expected"])
    table["date"] = pd.to_datetime(table["date"]).dt.date
    return table.sort_values(["date", "session_id"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class HoursSummary:
    """Hours of PD attended per teacher this school year through the as-of date."""

    teachers: int
    average: float | None  # hours per teacher (None: no teachers)
    median: float | None
    none: int  # teachers with no session attended
    reached: int | None = None  # teachers at or above the goal's target (None: no goal)


def hours_summary(hours: pd.DataFrame, target: float | None = None) -> HoursSummary:
    """The average and median hours over every teacher in view (0 for those who attended none)."""
    if hours.empty:
        return HoursSummary(0, None, None, 0, None if target is None else 0)
    values = hours["hours"].astype(float)
    reached = None if target is None else int((values >= target).sum())
    return HoursSummary(
        len(values), float(values.mean()), float(values.median()), int((values == 0).sum()), reached
    )


HOUR_BANDS = [(0, 0, "0"), (0.01, 3, "≤3"), (3.01, 6, "3–6"), (6.01, 9, "6–9"), (9.01, 12, "9–12")]


def hours_bands(hours: pd.DataFrame) -> pd.DataFrame:
    """Teachers per band of hours (band, teachers), lowest band first, the last band open
    ('>12'); every band listed, empty ones with 0. '3–6' is more than 3 up to 6 hours."""
    values = hours["hours"].astype(float).round(2)
    rows = [(label, int(values.between(low, high).sum())) for low, high, label in HOUR_BANDS]
    rows.append((">12", int((values > HOUR_BANDS[-1][1]).sum())))
    return pd.DataFrame(rows, columns=["band", "teachers"])


def _status(pairs: pd.DataFrame, as_of: date, days_since: pd.Series, age: pd.Series) -> np.ndarray:
    ended = pairs["end_date"].notna() & (pd.to_datetime(pairs["end_date"]) < pd.Timestamp(as_of))
    lapsed = (days_since.fillna(age) >= MENTORING_LAPSE_DAYS) & (age >= MENTORING_LAPSE_DAYS)
    young = days_since.isna() & (age < MENTORING_LAPSE_DAYS)
    return np.select([ended, lapsed, young], [ENDED, LAPSED, NEW], MEETING)


def pair_table(pairs: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Mentoring pairs with meetings per month, days since the last meeting and a status:
    LAPSED (active, no meeting in the last 21 days, begun 21 days ago or more), MEETING,
    NEW (no meeting yet, begun less than 21 days ago) or ENDED. Lapsed pairs first (longest
    wait first), then the others by days since the last meeting; ended pairs last.

    meetings_per_month: meetings through the as-of date (or the end date) / months the pair
    has run (days / 30.44, at least 1). `twice_a_month`: 2 or more meetings in the last 30 days.
    """
    out = pairs.copy()
    start = pd.to_datetime(out["start_date"])
    until = pd.to_datetime(out["end_date"]).fillna(pd.Timestamp(as_of)).clip(upper=pd.Timestamp(as_of))
    age = (pd.Timestamp(as_of) - start).dt.days
    months = ((until - start).dt.days + 1) / DAYS_PER_MONTH
    out["meetings_per_month"] = out["meetings"] / months.clip(lower=1)
    out["days_since_last_meeting"] = (pd.Timestamp(as_of) - pd.to_datetime(out["last_meeting"])).dt.days
    out["status"] = _status(out, as_of, out["days_since_last_meeting"], age)
    out["twice_a_month"] = out["recent_meetings"] >= MENTORING_MEETINGS_PER_MONTH
    order = out["status"].map({LAPSED: 0, NEW: 1, MEETING: 1, ENDED: 2})
    wait = out["days_since_last_meeting"].fillna(age)
    out = out.assign(_order=order, _wait=-wait).sort_values(["_order", "_wait", "mentee_name"], kind="stable")
    return out.drop(columns=["_order", "_wait"]).reset_index(drop=True)
