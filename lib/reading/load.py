"""Reading rows to frames for the schools in view: `reading_view` (the data the page draws) and the names list.

lib.reading.view (the page's entry point) calls these with the schools the scope allows.

Queries: goals.goals_in_scope and core.days_off (small), one scan of reading_logs for the
roster and the days (reading.activity), and goals.reading_daily only when the goal counts
other students than the filters keep. The goal math is lib.core.progress and lib.core.pace; milestones and chart
lines lib.reading.pace; class, grade and group tables (after the privacy pass)
lib.reading.groups. Scope: the goal's own population and window for the goal itself; the
filters' students within the goal's population for everything else. Without a books or
minutes goal in scope the window is the school year (from July 1) to the as-of date.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from lib.core.config import PrivacyPolicy
from lib.core.db import Database
from lib.core.filters import Filters
from lib.core.goal import Goal, cumulative_populations, goal_from_row, goal_scope
from lib.core.metrics import CUMULATIVE_UNITS
from lib.core.pace import daily_totals, recent_rate
from lib.core.progress import GoalProgress, goal_progress
from lib.core.school_days import load_days_off, school_year_start
from lib.privacy.suppression import ProtectedTable
from lib.reading.groups import NOT_LOGGING_DAYS, protect_subgroups, subgroup_summary
from lib.reading.pace import (
    Milestone,
    common_days_off,
    even_pace_line,
    last_counted_day,
    milestones,
    projection_lines,
    running_total,
    weekly_with_average,
)
from lib.reading.tables import class_table, goal_table, grade_table, school_table

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


@dataclass(frozen=True)
class ReadingView:
    """Everything the page draws for one school (or the district) as of one day.

    `places` is one row per homeroom class (a school) or per school (the district); `goals`
    (district only) one row per books or minutes goal. Student tables are protected.
    """

    metric: str
    start: date | None  # first day counted; None when nothing was logged in the window
    last_day: date
    goal: GoalSection | None
    weekly: pd.DataFrame
    grades: ProtectedTable
    places: ProtectedTable
    subgroups: ProtectedTable
    goals: pd.DataFrame = field(default_factory=pd.DataFrame)
    other_goals: tuple[str, ...] = ()
    students_in_view: int = 0  # on the roster on last_day: the students behind the weekly bars
    goal_hidden: bool = False  # the goal counts fewer than k students: its figures are not shown

    @property
    def unit(self) -> str:
        return CUMULATIVE_UNITS[self.metric]

    @property
    def recent_per_week(self) -> float | None:
        """The average of the last 4 complete school weeks (None before one is complete)."""
        averages = self.weekly["average"].dropna()
        return float(averages.iloc[-1]) if len(averages) else None


def goals_in_scope(database: Database, school_ids: list[str], filters: Filters) -> pd.DataFrame:
    """Every goal of the schools that the grade and subgroup filters keep, dates as dates.

    The goal board's rule: a goal is kept when it has no grade (or its grade is chosen) and
    no subgroup (or its subgroup is the chosen one).
    """
    goals = database.query("goals.goals_in_scope", {"schools": school_ids})
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


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None


def activity_params(filters: Filters, school_ids: list[str], start: date, last_day: date, row=None) -> dict:
    """Bound parameters of reading.activity (and reading.class_not_logging without $section_id)."""
    return {
        "schools": school_ids,
        "start": start,
        "last_day": last_day,
        "not_logging_days": NOT_LOGGING_DAYS,
        "grades": list(filters.grades) or None,
        "subgroup": filters.subgroup,
        "goal_grade": _text(row.grade_level) if row is not None else None,
        "goal_subgroup": _text(row.subgroup) if row is not None else None,
    }


def load_activity(database: Database, params: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(roster, days) from reading.activity: one row per student; one per school and day
    (school_id, date as datetime64, books, minutes), by school then date."""
    rows = database.query("reading.activity", params)
    students = rows[rows["row_kind"] == "student"].reset_index(drop=True)
    days = rows.loc[rows["row_kind"] == "day", ["school_id", "date", "books", "minutes"]]
    return students, days.assign(date=pd.to_datetime(days["date"])).reset_index(drop=True)


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


def counts_same_students(filters: Filters, params: dict, row) -> bool:
    """True when reading.activity's day rows are exactly goals.reading_daily for goal `row`:
    no grade or group filter, the goal's own population, and a window that covers the goal's."""
    same_population = (_text(row.grade_level), _text(row.subgroup)) == (
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
    rows = database.query("goals.reading_daily", {"goal_ids": rest, "as_of": filters.as_of})
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
        owner=_text(row.owner),
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


def reading_view(
    database: Database,
    filters: Filters,
    school_ids: list[str],
    goal_id: str | None,
    metric: str,
    policy: PrivacyPolicy,
) -> ReadingView:
    """The whole page for the filters over `school_ids` (the schools in view): the chosen goal
    (`goal_id`, else the school's first books or minutes goal in scope) or, without one,
    reading activity in `metric`'s units."""
    goals = goals_in_scope(database, school_ids, filters)
    days_off = load_days_off(database, school_ids)
    if filters.is_district:
        return _district_view(database, filters, school_ids, reading_goals(goals), metric, days_off, policy)
    row = _chosen(reading_goals(goals), goal_id)
    others = tuple(goals.loc[goals["metric"] == "reading_participation", "title"])
    school_days_off = days_off.get(filters.school_id or "", frozenset())  # none: a school not in view
    view = _school_view(database, filters, school_ids, row, metric, school_days_off, policy)
    return replace(view, other_goals=others)


def _chosen(goals: pd.DataFrame, goal_id: str | None):
    chosen = goals[goals["goal_id"] == goal_id]
    rows = list((chosen if len(chosen) else goals).itertuples())
    return rows[0] if rows else None


def _school_view(database, filters, school_ids, row, metric, days_off, policy) -> ReadingView:
    if row is None:
        start, last_day = school_year_start(filters.as_of), filters.as_of
    else:
        start, last_day, metric = (
            row.start_date,
            last_counted_day(goal_from_row(row), filters.as_of),
            row.metric,
        )
    params = activity_params(filters, school_ids, start, last_day, row)
    students, days = load_activity(database, params)
    activity = daily_of(days, metric)  # the filters' students within the goal's population
    section, hidden = None, False
    if row is not None:
        goal_rows = pd.DataFrame([row._asdict()])
        goal_daily = goal_dailies(database, filters, goal_rows, params, days)[row.goal_id]
        section = goal_section(row, goal_daily, filters.as_of, days_off)
        population = cumulative_populations(database, goal_rows, filters.as_of).get(row.goal_id, 0)
        hidden = population < policy.min_group_size
    first = start if row is not None else _first_day(activity)
    classes = database.query("reading.classes", {"schools": school_ids})
    unit = CUMULATIVE_UNITS[metric]
    return ReadingView(
        goal_hidden=hidden,
        metric=metric,
        start=first,
        last_day=last_day,
        goal=section,
        # The bars count the same students as the tables: the filters' students within the goal's.
        weekly=_weekly(activity, first, last_day, days_off),
        students_in_view=len(students),
        grades=grade_table(students, unit, policy),
        places=class_table(students, classes, unit, policy),
        subgroups=protect_subgroups(subgroup_summary(students, unit), policy),
    )


def _district_view(database, filters, school_ids, goals, metric, days_off, policy) -> ReadingView:
    start, last_day = school_year_start(filters.as_of), filters.as_of
    params = activity_params(filters, school_ids, start, last_day)
    students, days = load_activity(database, params)
    dailies = goal_dailies(database, filters, goals, params, days)
    daily = daily_of(days, metric)
    names = dict(database.query("core.schools")[["school_id", "school_name"]].itertuples(index=False))
    unit = CUMULATIVE_UNITS[metric]
    return ReadingView(
        metric=metric,
        start=_first_day(daily),
        last_day=last_day,
        goal=None,
        weekly=_weekly(daily, _first_day(daily), last_day, common_days_off(days_off)),
        students_in_view=len(students),
        grades=grade_table(students, unit, policy),
        places=school_table(students, names, unit, policy),
        subgroups=protect_subgroups(subgroup_summary(students, unit), policy),
        goals=goal_table(
            goals,
            dailies,
            filters.as_of,
            days_off,
            cumulative_populations(database, goals, filters.as_of),
            policy,
        ),
    )


def _first_day(daily: pd.DataFrame) -> date | None:
    """The first day with reading logged (None: none)."""
    logged = daily[daily["value"] > 0]
    return logged["date"].iloc[0] if len(logged) else None


def _weekly(daily: pd.DataFrame, start: date | None, last_day: date, days_off) -> pd.DataFrame:
    if start is None or start > last_day:
        return pd.DataFrame(
            columns=["week_start", "total", "school_days", "complete", "average", "last_school_day"]
        )
    return weekly_with_average(daily, start, last_day, days_off)


def not_logging_list(
    database: Database, filters: Filters, school_ids: list[str], goal_id: str | None, section_id: str
) -> pd.DataFrame:
    """Students of one homeroom class with no reading log in the 14 days to the last counted day.

    The same students the class table counts (filters and goal in scope). Columns: student_id,
    first_name, last_name, grade_level, last_log (a date, or None: no log on record). For the
    principal to hand to the teacher: names, so never on the shared screen. A class of a school
    not in `school_ids` gives no rows.
    """
    classes = database.query("reading.classes", {"schools": school_ids})
    if section_id not in set(classes["section_id"]):
        section_id = ""  # the query then finds no student: no names from outside the scope
    row = _chosen(reading_goals(goals_in_scope(database, school_ids, filters)), goal_id)
    last_day = filters.as_of if row is None else last_counted_day(goal_from_row(row), filters.as_of)
    params = activity_params(filters, school_ids, filters.as_of, last_day, row)
    params = {key: value for key, value in params.items() if key not in ("schools", "start")}
    names = database.query("reading.class_not_logging", params | {"section_id": section_id})
    return names.assign(last_log=pd.to_datetime(names["last_log"]).dt.date)
