"""One goal as every page sees it: its metric, target and dates, and who it counts.

The goal board, the reading page and the goal math all build a `Goal` from a row of the
goals.goals_in_scope query with `goal_from_row`, and name its population with `goal_scope`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from lib.core.contract import CUMULATIVE_METRICS
from lib.core.filters import grade_label
from lib.core.groups import subgroup_label
from lib.core.metrics import LOWER_IS_BETTER_METRICS, TEACHER_METRICS

if TYPE_CHECKING:
    from lib.core.db import Database


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


def goal_from_row(row) -> Goal:
    """The Goal of a goals.goals_in_scope row (a namedtuple from itertuples)."""
    return Goal(row.metric, float(row.target), row.start_date, row.end_date)


def goal_scope(row) -> str:
    """Who a goal counts, in words: 'All students', 'All teachers', 'All mentoring pairs',
    'Grade 3', 'English learners' (+ subject)."""
    parts = [grade_label(row.grade_level)] if isinstance(row.grade_level, str) else []
    if isinstance(row.subgroup, str):
        parts.append(subgroup_label(row.subgroup))
    everyone = "All teachers" if row.metric in TEACHER_METRICS else "All students"
    scope = ", ".join(parts) or ("All mentoring pairs" if row.metric == "mentoring_meetings" else everyone)
    return f"{scope} · {row.subject}" if isinstance(row.subject, str) else scope


def cumulative_populations(database: Database, goals: pd.DataFrame, as_of: date) -> dict[str, int]:
    """goal_id -> students a books or minutes goal counts, enrolled on its last counted day.

    Other goals are left out; a total over fewer than k students is hidden by the caller.
    """
    ids = goals.loc[goals["metric"].isin(CUMULATIVE_METRICS), "goal_id"].tolist()
    if not ids:
        return {}
    rows = database.query("core.cumulative_population", {"goal_ids": ids, "as_of": as_of})
    return dict(zip(rows["goal_id"], rows["students"].astype(int), strict=True))
