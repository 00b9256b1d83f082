"""Observation coverage: which teachers were seen within their cadence, who is overdue, who is next.

Definitions (the page states them too):

- Teachers: staff with role 'teacher' on staff by the as-of date (blank start_date: always).
- First-year teacher: start_date within the 365 days ending on the as-of date (day 0 to 364).
- Cadence: every teacher is to be observed once per cycle of `Cadence.cycle_days` calendar
  days (default 14); first-year teachers every `Cadence.first_year_days` (default 7).
- A teacher's current cycle is the `cadence` days ending on the as-of date, both ends included
  (14 days as of Nov 21: Nov 8 to Nov 21), as on the goal board's coverage card.
- Counted visit: a visit of the chosen types (walkthrough, informal, formal by default) by an
  observer of the chosen roles. Peer observations never count toward coverage.
- Observed in cycle: a counted visit in the current cycle, i.e. days since it < cadence.
  Overdue: not observed in cycle, including teachers never observed.
- Days since last observation: as-of date minus the latest counted visit on or before it.
  The median counts never-observed teachers as the longest waits (infinite).
- Cycle ratio: days since last observation / cadence; 1.0 or more is overdue, infinite when never.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from lib.core.config import Cadence
from lib.core.numbers import percent, percents
from lib.core.text import safe_csv

FIRST_YEAR_DAYS = 365
LEADERSHIP_TYPES = ("walkthrough", "informal", "formal")
OBSERVER_ROLES = ("principal", "assistant_principal", "coach", "teacher", "other")
TYPE_LABELS = {"walkthrough": "Walkthrough", "informal": "Informal", "formal": "Formal", "peer": "Peer"}
ROLE_LABELS = {
    "principal": "Principal",
    "assistant_principal": "Assistant principal",
    "coach": "Coach",
    "teacher": "Teacher",
    "other": "Other",
}
NEVER = "⚠ Never observed"
OVERDUE = "⚠ Overdue"
IN_CYCLE = "✓ In cycle"


@dataclass(frozen=True)
class CoverageSummary:
    """Headline coverage figures for one as-of date."""

    teachers: int
    observed: int
    never_observed: int
    median_days: float  # inf when half or more were never observed; nan with no teachers
    observed_in_cycle_days: int = 0  # the goal board's count: a visit in the last cycle_days days

    @property
    def overdue(self) -> int:
        return self.teachers - self.observed

    @property
    def percent_observed(self) -> float:
        """100 * observed / teachers; NaN with no teachers."""
        return percent(self.observed, self.teachers)


def _timestamps(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).astype("datetime64[us]")


def is_first_year(start_dates: pd.Series, as_of: date) -> pd.Series:
    """True where start_date falls in the 365 days ending on `as_of` (0 to 364 days before).

    A blank start date is a veteran; a start date after `as_of` is not on staff yet (False).
    """
    days = (pd.Timestamp(as_of) - _timestamps(start_dates)).dt.days
    return days.between(0, FIRST_YEAR_DAYS - 1).fillna(False).astype(bool)


def on_staff(start_dates: pd.Series, as_of: date) -> pd.Series:
    """True where the teacher started on or before `as_of` (blank start date: always)."""
    starts = _timestamps(start_dates)
    return (starts.isna() | (starts <= pd.Timestamp(as_of))).astype(bool)


def teacher_status(
    teachers: pd.DataFrame, as_of: date, cadence: Cadence, last_column: str = "last_observed_on"
) -> pd.DataFrame:
    """Teachers on staff by `as_of`, each with their cadence and how overdue they are.

    `last_column` holds each teacher's latest counted visit on or before `as_of` (blank:
    never). Adds first_year, cadence_days, days_since_last_observation (float, NaN = never),
    cycle_ratio (inf = never), observed_in_cycle and overdue.
    """
    staff = teachers[on_staff(teachers["start_date"], as_of)]
    first_year = is_first_year(staff["start_date"], as_of)
    cadence_days = pd.Series(
        np.where(first_year, cadence.first_year_days, cadence.cycle_days), index=staff.index
    )
    days = (pd.Timestamp(as_of) - _timestamps(staff[last_column])).dt.days.astype(float)
    observed = (days < cadence_days).fillna(False).astype(bool)
    return staff.assign(
        first_year=first_year,
        cadence_days=cadence_days,
        days_since_last_observation=days,
        cycle_ratio=(days / cadence_days).fillna(np.inf),
        observed_in_cycle=observed,
        overdue=~observed,
    )


def median_days_since(days: pd.Series) -> float:
    """Median days since the last visit, never-observed (NaN) counted as infinitely long.

    inf when half or more of the teachers were never observed; NaN for no teachers.
    """
    return float(np.median(days.fillna(np.inf))) if len(days) else float("nan")


def coverage_summary(status: pd.DataFrame, cadence: Cadence) -> CoverageSummary:
    """Counts of teachers, observed in their cycle and never observed; the median wait.

    observed_in_cycle_days counts every teacher, first-year included, against the ordinary
    cycle (a visit in the last `cycle_days` days): the goal board's coverage card.
    """
    days = status["days_since_last_observation"]
    return CoverageSummary(
        teachers=len(status),
        observed=int(status["observed_in_cycle"].sum()),
        never_observed=int(days.isna().sum()),
        median_days=median_days_since(days),
        observed_in_cycle_days=int((days < cadence.cycle_days).sum()),
    )


def status_words(status: pd.DataFrame) -> pd.Series:
    """'⚠ Never observed', '⚠ Overdue' or '✓ In cycle' per teacher: a word, not only a colour."""
    never = status["days_since_last_observation"].isna()
    words = np.where(never, NEVER, np.where(status["overdue"], OVERDUE, IN_CYCLE))
    return pd.Series(words, index=status.index, dtype="string")


def most_overdue_first(status: pd.DataFrame) -> pd.DataFrame:
    """Teachers by cycle ratio, highest first: never observed, then most overdue, then name."""
    order = status.assign(_ratio=-status["cycle_ratio"])
    order = order.sort_values(["_ratio", "last_name", "first_name", "staff_id"], kind="stable")
    return order.drop(columns="_ratio")


def visit_next(status: pd.DataFrame, school_names: dict[str, str]) -> pd.DataFrame:
    """The "visit next" list: one row per teacher, most overdue relative to cadence first.

    next_due_on is the first day the teacher counts as overdue (last visit + cadence);
    blank for teachers never observed (they are overdue already).
    """
    ordered = most_overdue_first(status)
    last = _timestamps(ordered["last_observed_on"])
    return pd.DataFrame(
        {
            "status": status_words(ordered),
            "teacher": ordered["first_name"] + " " + ordered["last_name"],
            "school": ordered["school_id"].map(school_names),
            "first_year": np.where(ordered["first_year"], "first year", ""),
            "cadence_days": ordered["cadence_days"].astype(int),
            "days_since_last_observation": ordered["days_since_last_observation"].astype("Int64"),
            "cycle_ratio": ordered["cycle_ratio"].replace(np.inf, np.nan),
            "last_observed_on": last.dt.date,
            "next_due_on": (last + pd.to_timedelta(ordered["cadence_days"], unit="D")).dt.date,
            "last_observer": ordered["last_observer"],
            "last_observation_type": ordered["last_observation_type"].map(TYPE_LABELS),
            "staff_id": ordered["staff_id"],
        }
    ).reset_index(drop=True)


VISIT_NEXT_CSV_HEADERS = {
    "status": "Status",
    "teacher": "Teacher",
    "staff_id": "Staff ID",
    "school": "School",
    "first_year": "First year",
    "cadence_days": "Cadence (days)",
    "days_since_last_observation": "Days since last observation",
    "cycle_ratio": "Days since / cadence",
    "last_observed_on": "Last observed",
    "next_due_on": "Next due",
    "last_observer": "Last observer",
    "last_observation_type": "Last type",
}


def visit_next_csv(table: pd.DataFrame) -> bytes:
    """The visit-next list as UTF-8 CSV with plain headers (ratio to 2 decimals); no cell a
    spreadsheet would run (lib.core.text.safe_csv)."""
    out = table[list(VISIT_NEXT_CSV_HEADERS)].rename(columns=VISIT_NEXT_CSV_HEADERS)
    out["Status"] = out["Status"].str.replace("⚠ ", "").str.replace("✓ ", "")
    return safe_csv(out, float_format="%.2f", encoding="utf-8")


def school_coverage(status: pd.DataFrame, school_names: dict[str, str]) -> pd.DataFrame:
    """Per school: teachers, observed in cycle, percent, overdue, never observed, median days.

    Lowest coverage first. Median days is inf when half a school's teachers were never seen.
    """
    waits = status["days_since_last_observation"]
    grouped = status.assign(never=waits.isna(), wait=waits.fillna(np.inf)).groupby("school_id")
    table = grouped.agg(
        teachers=("staff_id", "size"),
        observed=("observed_in_cycle", "sum"),
        overdue=("overdue", "sum"),
        never_observed=("never", "sum"),
        median_days=("wait", "median"),
    ).reset_index()
    table.insert(1, "school", table["school_id"].map(school_names))
    table["percent_observed"] = percents(table["observed"], table["teachers"])
    return table.sort_values(["percent_observed", "school"], kind="stable").reset_index(drop=True)
