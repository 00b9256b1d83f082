"""The books and minutes goals in scope, and one goal's section: its progress, milestones and lines.

lib.reading.load builds the page's view from these; a goal counts its own population and
window (goals.reading_daily when it counts other students than the filters keep).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from lib.core.db import Database
from lib.core.filters import Filters
from lib.core.goal import Goal, goal_from_row, goal_scope
from lib.core.metrics import CUMULATIVE_UNITS
from lib.core.pace import daily_totals, recent_rate
from lib.core.progress import GoalProgress, goal_progress
from lib.core.school_days import school_year_span
from lib.goals.load import reading_daily_rows
from lib.reading.pace import (
    Milestone,
    even_pace_line,
    last_counted_day,
    milestones,
    projection_lines,
    running_total,
)

READING_METRICS = tuple(CUMULATIVE_UNITS)  # books_read, minutes_read


@dataclass(frozen=True)
class GoalSection:
    """One books or minutes goal as of the as-of date, with what its charts draw.

    running: date, total (running total, goal's units) through the last counted day;
    pace: date, expected (even pace over school days) for the whole goal;
    projection: date, projected, low, high from the last counted day to the end.
    """

    goal_id: str
    title: str
    owner: str | None
    scope: str
    goal: Goal
    progress: GoalProgress
    milestones: tuple[Milestone, ...]
    running: pd.DataFrame
    pace: pd.DataFrame
    projection: pd.DataFrame
    days_off: frozenset[date] = frozenset()

    @property
    def unit(self) -> str:
        return CUMULATIVE_UNITS[self.goal.metric]


def goals_in_scope(database: Database, school_ids: list[str], filters: Filters) -> pd.DataFrame:
    """Every goal of the schools that the grade and subgroup filters keep, dates as dates.

    The goal board's rule: a goal is kept when it has no grade (or its grade is chosen) and
    no subgroup (or its subgroup is the chosen one).
    """
    goals = database.query("goals.goals_in_scope", {"schools": school_ids, **school_year_span(filters.as_of)})
    for column in ("start_date", "end_date"):
        goals[column] = pd.to_datetime(goals[column]).dt.date
    keep = pd.Series(True, index=goals.index)
    if filters.grades:
        keep &= goals["grade_level"].isna() | goals["grade_level"].isin(filters.grades)
    if filters.subgroup:
        keep &= goals["subgroup"].isna() | (goals["subgroup"] == filters.subgroup)
    return goals[keep].reset_index(drop=True)


def reading_goals(goals: pd.DataFrame) -> pd.DataFrame:
    """The books and minutes goals among `goals`."""
    return goals[goals["metric"].isin(READING_METRICS)].reset_index(drop=True)


def goal_choices(database: Database, filters: Filters, school_ids: list[str]) -> dict[str, str]:
    """goal_id -> title of the books and minutes goals of `school_ids` that the filters keep
    (the district view: none)."""
    if filters.is_district:
        return {}
    goals = reading_goals(goals_in_scope(database, school_ids, filters))
    return dict(zip(goals["goal_id"], goals["title"], strict=True))


def text_or_none(value) -> str | None:
    return value if isinstance(value, str) and value else None


def counts_same_students(filters: Filters, params: dict, row) -> bool:
    """True when lib.reading.load.load_activity's day rows are exactly goals.reading_daily for goal `row`:
    no grade or group filter, the goal's own population, and a window that covers the goal's."""
    same_population = (text_or_none(row.grade_level), text_or_none(row.subgroup)) == (
        params["goal_grade"],
        params["goal_subgroup"],
    )
    covers = params["start"] <= row.start_date and params["last_day"] >= min(row.end_date, filters.as_of)
    return not filters.grades and not filters.subgroup and same_population and covers


def goal_dailies(
    database: Database, filters: Filters, goals: pd.DataFrame, params: dict, days: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """goal_id -> daily (date, value) for every goal, from the day rows where they count the
    same students, else from one goals.reading_daily query for the rest."""
    by_school = dict(tuple(days.groupby("school_id"))) if len(days) else {}
    reused = {
        row.goal_id: school_daily(
            by_school.get(row.school_id, days.iloc[0:0]),
            row.metric,
            row.start_date,
            min(row.end_date, filters.as_of),
        )
        for row in goals.itertuples()
        if counts_same_students(filters, params, row)
    }
    rest = [goal_id for goal_id in goals["goal_id"] if goal_id not in reused]
    if not rest:
        return reused
    rows = reading_daily_rows(database, goals, rest, filters.as_of)
    grouped = dict(tuple(rows.groupby("goal_id"))) if len(rows) else {}
    return reused | {goal_id: daily_totals(grouped.get(goal_id, rows.iloc[0:0])) for goal_id in rest}


def goal_section(row, daily: pd.DataFrame, as_of: date, days_off: frozenset[date]) -> GoalSection:
    """The goal's progress (lib.goals), milestones and chart lines as of `as_of`."""
    goal = goal_from_row(row)
    progress = goal_progress(goal, daily, as_of, days_off)
    through = last_counted_day(goal, as_of)
    rate = recent_rate(daily, goal.start_date, through, days_off) if through >= goal.start_date else None
    per_day = rate.per_school_day if rate else None
    rates = (rate.per_school_day, rate.low_per_school_day, rate.high_per_school_day) if rate else None
    return GoalSection(
        goal_id=row.goal_id,
        title=row.title,
        owner=text_or_none(row.owner),
        scope=goal_scope(row),
        goal=goal,
        progress=progress,
        milestones=tuple(milestones(goal, daily, as_of, per_day, days_off)),
        running=running_total(daily, goal.start_date, through)
        if through >= goal.start_date
        else pd.DataFrame(),
        pace=even_pace_line(goal, days_off),
        days_off=frozenset(days_off),
        projection=projection_lines(goal, progress.current or 0.0, rates, through, days_off)
        if rates
        else pd.DataFrame(),
    )


def daily_of(days: pd.DataFrame, metric: str) -> pd.DataFrame:
    """date, value: every school's books or minutes added up per day, oldest first."""
    summed = days.groupby("date", as_index=False)[CUMULATIVE_UNITS[metric]].sum()
    return daily_totals(summed.rename(columns={CUMULATIVE_UNITS[metric]: "value"}))


def school_daily(days: pd.DataFrame, metric: str, first: date, last: date) -> pd.DataFrame:
    """date, value: one school's day rows (`days` of one school) from first through last."""
    kept = days[days["date"].between(pd.Timestamp(first), pd.Timestamp(last))]
    return pd.DataFrame(
        {
            "date": kept["date"].dt.date.to_numpy(),
            "value": kept[CUMULATIVE_UNITS[metric]].astype(float).to_numpy(),
        }
    )
