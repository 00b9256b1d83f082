"""Load what the goal board needs for the goals in scope: one query per metric family.

Every query covers all goals at once, so the district view of 50 schools costs the same
handful of queries as one school.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from lib.core.contract import CUMULATIVE_METRICS
from lib.core.db import AGGREGATE_VERSION, Database
from lib.core.goal import cumulative_populations
from lib.core.metrics import MENTORING_MONTH_DAYS
from lib.core.pace import daily_totals
from lib.core.school_days import load_days_off, school_year_span
from lib.goals.series import (
    coverage_points,
    day_array,
    feedback_points,
    mentoring_points,
    participation_points,
    pd_hours_points,
    proficiency_points,
)

STUDENT_METRICS = ("reading_participation", "percent_proficient", "proficiency_gap")


@dataclass(frozen=True)
class GoalData:
    """The goals in scope and, per goal id, its series and its school's days off."""

    goals: pd.DataFrame
    series: dict[str, pd.DataFrame] = field(default_factory=dict)
    days_off: dict[str, frozenset[date]] = field(default_factory=dict)
    # Books and minutes goals: students the total counts (enrolled on its last counted day).
    populations: dict[str, int] = field(default_factory=dict)


def _ids(goals: pd.DataFrame, *metrics: str) -> list[str]:
    return goals.loc[goals["metric"].isin(metrics), "goal_id"].tolist()


ALL_PERIODS = 60  # weekly points of a level goal: enough for any school year
STATUS_PERIODS = 3  # the latest, the one before (direction), and a week earlier's (slipped)


def load_goal_data(
    database: Database,
    school_ids: list[str],
    as_of: date,
    periods: int = ALL_PERIODS,
    goal_ids: list[str] | None = None,
) -> GoalData:
    """Every goal of the schools (only `goal_ids`, when given) with the series its metric
    needs, as of `as_of`.

    Weekly level series (participation, coverage, feedback) keep their latest `periods` points:
    all of them for a school's trend lines, STATUS_PERIODS for the district board, which shows
    none. PD-hours and mentoring series keep every week.
    """
    goals = database.query("goals.goals_in_scope", {"schools": school_ids, **school_year_span(as_of)})
    if goal_ids is not None:
        goals = goals[goals["goal_id"].isin(goal_ids)].reset_index(drop=True)
    for column in ("start_date", "end_date"):
        goals[column] = pd.to_datetime(goals[column]).dt.date
    days_off = load_days_off(database, school_ids)
    *families, populations = database.together(
        lambda: cumulative_series(database, goals, as_of),
        lambda: _participation(database, goals, as_of, periods),
        lambda: _proficiency(database, goals, as_of),
        lambda: _coverage(database, goals, as_of, periods),
        lambda: _feedback(database, goals, as_of, days_off, periods),
        lambda: _pd_hours(database, goals, as_of),
        lambda: _mentoring(database, goals, as_of),
        lambda: cumulative_populations(database, goals, as_of),
    )
    series = {goal_id: points for family in families for goal_id, points in family.items()}
    goal_days_off = {g.goal_id: days_off[g.school_id] for g in goals.itertuples()}
    return GoalData(goals, series, goal_days_off, populations)


def _split(rows: pd.DataFrame, ids: list[str], convert) -> dict[str, pd.DataFrame]:
    """One converted frame per goal id (empty for a goal without rows).

    `convert` works row by row, so it runs once over every goal's rows (a few hundred small
    DataFrames cost more than the arithmetic); the queries order rows by goal then date,
    and each goal's rows keep that order.
    """
    rows = rows.reset_index(drop=True)
    points = convert(rows)
    empty = points.iloc[0:0].reset_index(drop=True)
    positions = rows.groupby("goal_id").indices if len(rows) else {}
    return {
        goal_id: points.loc[positions[goal_id]].reset_index(drop=True) if goal_id in positions else empty
        for goal_id in ids
    }


def reading_daily_rows(database: Database, goals: pd.DataFrame, ids: list[str], as_of: date) -> pd.DataFrame:
    """goals.reading_daily's rows (goal_id, date, value) for the goals `ids` of `goals`: from the
    per-school daily totals (goals.reading_daily_totals) for a goal of a whole school or grade,
    from the logs for a subgroup's goal or on a store from before the totals."""
    chosen = goals[goals["goal_id"].isin(ids)]
    whole = chosen["subgroup"].isna() | (chosen["subgroup"] == "")
    by_totals = (
        chosen.loc[whole, "goal_id"].tolist() if database.schema_version() >= AGGREGATE_VERSION else []
    )
    from_logs = [goal_id for goal_id in ids if goal_id not in set(by_totals)]
    parts = [
        database.query(name, {"goal_ids": part, "as_of": as_of})
        for name, part in (("goals.reading_daily_totals", by_totals), ("goals.reading_daily", from_logs))
        if part
    ]
    if not parts:
        return database.query("goals.reading_daily", {"goal_ids": [], "as_of": as_of})
    rows = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return rows.sort_values(["goal_id", "date"], ignore_index=True) if len(parts) > 1 else rows


def cumulative_series(database: Database, goals: pd.DataFrame, as_of: date) -> dict[str, pd.DataFrame]:
    """goal_id -> daily (date, value) of each books or minutes goal of `goals`, over its own
    students (reading_daily_rows); the reading page's table of every school's goals reads them too."""
    ids = _ids(goals, *CUMULATIVE_METRICS)
    rows = reading_daily_rows(database, goals, ids, as_of)
    return _split(rows, ids, daily_totals)


def _participation(
    database: Database, goals: pd.DataFrame, as_of: date, periods: int
) -> dict[str, pd.DataFrame]:
    ids = _ids(goals, "reading_participation")
    rows = database.query("goals.participation_weekly", {"goal_ids": ids, "as_of": as_of, "periods": periods})
    return _split(rows, ids, participation_points)


def _proficiency(database: Database, goals: pd.DataFrame, as_of: date) -> dict[str, pd.DataFrame]:
    metric_of = dict(zip(goals["goal_id"], goals["metric"], strict=True))
    ids = _ids(goals, "percent_proficient", "proficiency_gap")
    rows = database.query("goals.proficiency_windows", {"goal_ids": ids, "as_of": as_of})
    if rows.empty:
        return {g: proficiency_points(rows, metric_of[g]) for g in ids}
    # All goals' points at once (per-goal DataFrames cost more than the arithmetic).
    level = proficiency_points(rows, "percent_proficient")
    gap = proficiency_points(rows, "proficiency_gap")
    is_gap = (rows["goal_id"].map(metric_of) == "proficiency_gap").to_numpy()
    points = level.assign(value=np.where(is_gap, gap["value"], level["value"]))
    positions = rows.groupby("goal_id").indices
    empty = points.iloc[0:0]
    return {g: points.iloc[positions[g]].reset_index(drop=True) if g in positions else empty for g in ids}


def _coverage(database: Database, goals: pd.DataFrame, as_of: date, periods: int) -> dict[str, pd.DataFrame]:
    ids = _ids(goals, "observation_coverage")
    rows = database.query("goals.coverage_weekly", {"goal_ids": ids, "as_of": as_of, "periods": periods})
    return _split(rows, ids, coverage_points)


def _feedback(
    database: Database, goals: pd.DataFrame, as_of: date, days_off: dict[str, frozenset[date]], periods: int
) -> dict[str, pd.DataFrame]:
    chosen = goals[goals["metric"] == "feedback_within_2_days"]
    rows = database.query(
        "goals.feedback_observations", {"goal_ids": chosen["goal_id"].tolist(), "as_of": as_of}
    )
    # The visits' days converted once; each goal gets its rows' slice (no frame per goal).
    observed, feedback = day_array(rows["observed_on"]), day_array(rows["feedback_on"])
    positions = rows.groupby("goal_id").indices if len(rows) else {}
    none = np.array([], dtype=int)
    return {
        g.goal_id: feedback_points(
            observed[positions.get(g.goal_id, none)],
            feedback[positions.get(g.goal_id, none)],
            g.start_date,
            as_of,
            days_off[g.school_id],
            periods,
        )
        for g in chosen.itertuples()
    }


def _by_goal(rows: pd.DataFrame, chosen: pd.DataFrame, as_of: date, points) -> dict[str, pd.DataFrame]:
    """`points(rows of the goal, start_date, last counted day)` per goal of `chosen`; the last
    counted day is the as-of date, or the end date once the goal has ended."""
    grouped = dict(tuple(rows.groupby("goal_id"))) if len(rows) else {}
    return {
        g.goal_id: points(grouped.get(g.goal_id, rows.iloc[0:0]), g.start_date, min(as_of, g.end_date))
        for g in chosen.itertuples()
    }


def _pd_hours(database: Database, goals: pd.DataFrame, as_of: date) -> dict[str, pd.DataFrame]:
    chosen = goals[goals["metric"] == "pd_hours"]
    rows = database.query("goals.pd_hours_attended", {"goal_ids": chosen["goal_id"].tolist(), "as_of": as_of})
    return _by_goal(rows, chosen, as_of, pd_hours_points)


def _mentoring(database: Database, goals: pd.DataFrame, as_of: date) -> dict[str, pd.DataFrame]:
    chosen = goals[goals["metric"] == "mentoring_meetings"]
    query = {"goal_ids": chosen["goal_id"].tolist(), "as_of": as_of, "month_days": MENTORING_MONTH_DAYS}
    rows = database.query("goals.mentoring_pair_meetings", query)
    return _by_goal(rows, chosen, as_of, mentoring_points)
