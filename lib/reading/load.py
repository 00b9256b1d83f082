"""Reading rows to frames for the schools in view: `reading_view` (the data the page draws) and the names list.

lib.reading.view (the page's entry point) calls these with the schools the scope allows.

Queries: goals.goals_in_scope and core.days_off (small); at once, the roster (reading.roster),
what each student logged (reading.logged from the logs, or reading.logged_from_summary from the
per-student totals: summary_answers) and the days (reading.days_from_totals, or reading.days
from the logs for a student group); goals.reading_daily only when the goal counts other
students than the filters keep. The goal math is lib.core.progress and lib.core.pace; milestones and chart
lines lib.reading.pace; class, grade and group tables (after the privacy pass)
lib.reading.groups. Scope: the goal's own population and window for the goal itself; the
filters' students within the goal's population for everything else. Without a books or
minutes goal in scope the window is the school year (from July 1) to the as-of date.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import pandas as pd

from lib.core.config import PrivacyPolicy
from lib.core.db import AGGREGATE_VERSION, SUMMARY_VERSION, Database
from lib.core.filters import Filters
from lib.core.goal import cumulative_populations, goal_from_row
from lib.core.metrics import CUMULATIVE_UNITS
from lib.core.progress import GoalProgress, goal_progress
from lib.core.school_days import load_days_off, school_year_start
from lib.goals.load import cumulative_series
from lib.privacy.partitions import hide_rows
from lib.privacy.suppression import ProtectedTable
from lib.reading.goals import (
    GoalSection,
    daily_of,
    goal_dailies,
    goal_section,
    goals_in_scope,
    reading_goals,
    text_or_none,
)
from lib.reading.groups import NOT_LOGGING_DAYS, SUMMARY_COLUMNS, protect_subgroups, subgroup_summary
from lib.reading.nesting import (
    ALL,
    Key,
    Nesting,
    district_cells,
    goal_cells,
    goal_key,
    goal_table_cells,
    group_cells,
    nest,
    school_cells,
)
from lib.reading.pace import (
    common_days_off,
    last_counted_day,
    weekly_with_average,
)
from lib.reading.tables import class_table, goal_table, grade_table, school_table


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
    # The page's groups as nested cells and which are shown (lib.reading.nesting).
    nesting: Nesting = field(default_factory=Nesting)
    goal_keys: dict[str, Key] = field(default_factory=dict)  # district goals table: goal_id -> cell

    @property
    def total_hidden(self) -> bool:
        """All students in view are k or more, but their total is hidden so that a smaller
        group can't be worked out from it (the weekly bars and "All students" go with it)."""
        return not self.nesting.shown(ALL) and self.nesting.counts.get(ALL, 0) > 0

    @property
    def unit(self) -> str:
        return CUMULATIVE_UNITS[self.metric]

    @property
    def recent_per_week(self) -> float | None:
        """The average of the last 4 complete school weeks (None before one is complete)."""
        averages = self.weekly["average"].dropna()
        return float(averages.iloc[-1]) if len(averages) else None


def activity_params(filters: Filters, school_ids: list[str], start: date, last_day: date, row=None) -> dict:
    """Bound parameters of reading.roster (and reading.class_not_logging without $section_id)."""
    return {
        "schools": school_ids,
        "start": start,
        "last_day": last_day,
        "not_logging_days": NOT_LOGGING_DAYS,
        "grades": list(filters.grades) or None,
        "subgroup": filters.subgroup,
        "goal_grade": text_or_none(row.grade_level) if row is not None else None,
        "goal_subgroup": text_or_none(row.subgroup) if row is not None else None,
    }


def summary_answers(database: Database, params: dict, schema_version: int) -> bool:
    """True when the per-student totals kept at import time (reading_students) are exactly what
    reading.logged would add up from the logs: the window is the school year so far (its July 1
    to $last_day), no log of that year is newer than $last_day, and the 14 days of "not logging"
    end inside the year. The district's default view is so, and a school's without a books or
    minutes goal."""
    start, last_day = params["start"], params["last_day"]
    if (
        start != school_year_start(last_day)
        or last_day - timedelta(days=params["not_logging_days"] - 1) < start
    ):
        return False
    if schema_version < SUMMARY_VERSION:
        return False  # a store from before the totals, until its next import
    newest = database.query("reading.newest_log", {"start": start})["newest"].iloc[0]
    return bool(pd.isna(newest) or pd.Timestamp(newest).date() <= last_day)


def load_activity(database: Database, params: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(roster, days): one row per student (reading.roster with what each logged: reading.logged,
    or its per-student totals when summary_answers); one per school and day (school_id, date as
    datetime64, books, minutes), by school then date. The days come from the per-school daily
    totals unless the filters or the goal name a student group (then from the logs). The
    queries run at once."""
    version = database.schema_version()
    by_totals = params["subgroup"] is None and params["goal_subgroup"] is None
    by_totals = by_totals and version >= AGGREGATE_VERSION
    window = {key: params[key] for key in ("schools", "start", "last_day")}
    population = {key: params[key] for key in ("grades", "goal_grade", "subgroup", "goal_subgroup")}
    from_summary = summary_answers(database, params, version)
    roster, logged, days = database.together(
        lambda: database.query(
            "reading.roster", {"schools": params["schools"], "last_day": params["last_day"]} | population
        ),
        lambda: database.query(
            "reading.logged_from_summary" if from_summary else "reading.logged",
            window | {"not_logging_days": params["not_logging_days"]} | ({} if from_summary else population),
        ),
        lambda: database.query(
            "reading.days_from_totals" if by_totals else "reading.days",
            window
            | {key: value for key, value in population.items() if not by_totals or "subgroup" not in key},
        ),
    )
    students = roster.merge(logged, on="student_id", how="left", validate="one_to_one")
    for column in ("books", "minutes"):
        students[column] = students[column].fillna(0).astype("int64")
    for column in ("logged_week", "logged_window", "logged_14_days"):
        students[column] = students[column].fillna(False).astype(bool)
    return students, days.assign(date=pd.to_datetime(days["date"]))


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
    section, population = None, None
    if row is not None:
        goal_rows = pd.DataFrame([row._asdict()])
        goal_daily = goal_dailies(database, filters, goal_rows, params, days)[row.goal_id]
        section = goal_section(row, goal_daily, filters.as_of, days_off)
        population = cumulative_populations(database, goal_rows, filters.as_of).get(row.goal_id, 0)
    first = start if row is not None else _first_day(activity)
    classes = database.query("reading.classes", {"schools": school_ids})
    unit = CUMULATIVE_UNITS[metric]
    summary = subgroup_summary(students, unit)
    nesting = nest(
        school_cells(students),
        group_cells(_group_students(summary), len(students)),
        goal_cells(population, len(students)),
        k=policy.min_group_size,
    )
    small_goal = population is not None and population < policy.min_group_size
    return ReadingView(
        nesting=nesting,
        goal_hidden=row is not None and (small_goal or not nesting.shown(goal_key(nesting))),
        metric=metric,
        start=first,
        last_day=last_day,
        goal=section,
        # The bars count the same students as the tables: the filters' students within the goal's.
        weekly=_weekly(activity, first, last_day, days_off),
        students_in_view=len(students),
        grades=grade_table(students, unit, policy, nesting),
        places=class_table(students, classes, unit, policy, nesting),
        subgroups=protect_subgroups(summary, policy, nesting),
    )


def _district_view(database, filters, school_ids, goals, metric, days_off, policy) -> ReadingView:
    start, last_day = school_year_start(filters.as_of), filters.as_of
    params = activity_params(filters, school_ids, start, last_day)
    # The roster and what each student read load while the goals' own totals (the per-school
    # daily totals) are read and their progress worked out: a region's 250 schools and their goals.
    (students, days), (progress, populations), schools = database.together(
        lambda: load_activity(database, params),
        lambda: _goals_progress(database, goals, filters.as_of, days_off),
        lambda: database.query("core.schools"),
    )
    daily = daily_of(days, metric)
    names = dict(schools[["school_id", "school_name"]].itertuples(index=False))
    unit = CUMULATIVE_UNITS[metric]
    summary = subgroup_summary(students, unit)
    district = district_cells(students)
    goal_counts, goal_lines, goal_unpublished, goal_keys = goal_table_cells(goals, populations, district[0])
    nesting = nest(
        district,
        group_cells(_group_students(summary), len(students)),
        (goal_counts, goal_lines, goal_unpublished),
        k=policy.min_group_size,
        published=set(goal_keys.values()),
    )
    hidden_goals = {goal_id for goal_id, key in goal_keys.items() if not nesting.shown(key)}
    return ReadingView(
        nesting=nesting,
        goal_keys=goal_keys,
        metric=metric,
        start=_first_day(daily),
        last_day=last_day,
        goal=None,
        weekly=_weekly(daily, _first_day(daily), last_day, common_days_off(days_off)),
        students_in_view=len(students),
        grades=grade_table(students, unit, policy, nesting),
        places=school_table(students, names, unit, policy, nesting),
        subgroups=protect_subgroups(summary, policy, nesting),
        goals=goal_table(goals, progress, hidden_goals),
    )


def _goals_progress(
    database: Database, goals: pd.DataFrame, as_of: date, days_off: dict[str, frozenset[date]]
) -> tuple[dict[str, GoalProgress], dict[str, int]]:
    """Each books or minutes goal's progress as of `as_of` over its own students (from the
    per-school daily totals, as the goal board reads them), and the students each counts."""
    daily = cumulative_series(database, goals, as_of)
    progress = {
        row.goal_id: goal_progress(goal_from_row(row), daily[row.goal_id], as_of, days_off[row.school_id])
        for row in goals.itertuples()
    }
    return progress, cumulative_populations(database, goals, as_of)


def _group_students(summary: pd.DataFrame) -> dict[str, int]:
    """Group code -> students, from subgroup_summary."""
    return dict(zip(summary["subgroup"], summary["students"].astype(int), strict=True))


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


@dataclass(frozen=True)
class WeekView:
    """One school's reading in the 7 days ending `last_day`, by grade and by homeroom class
    (protected as the reading page protects its tables), in `metric`'s units."""

    metric: str
    first_day: date
    last_day: date
    grades: ProtectedTable
    places: ProtectedTable
    nesting: Nesting = field(default_factory=Nesting)  # the roster's cells (for the auditor)


def week_view(
    database: Database,
    school_id: str,
    as_of: date,
    metric: str,
    policy: PrivacyPolicy,
    also_hidden: Collection[Key] = (),
) -> WeekView:
    """The staff-meeting screen's weekly bars: the 7 days to `as_of`, the whole school's roster.

    The roster and the nesting are the reading page's without a goal (school, grades, classes,
    student groups); per_student counts the 7 days. A grade or class in `also_hidden` (what the
    reading page hides: screen_views) is hidden too, so the two never show complementary parts.
    """
    first_day = as_of - timedelta(days=6)
    filters = Filters(school_id=school_id, as_of=as_of)
    students, _ = load_activity(database, activity_params(filters, [school_id], first_day, as_of))
    unit = CUMULATIVE_UNITS[metric]
    summary = subgroup_summary(students, unit)
    nesting = nest(
        school_cells(students),
        group_cells(_group_students(summary), len(students)),
        k=policy.min_group_size,
    )
    classes = database.query("reading.classes", {"schools": [school_id]})
    grades = grade_table(students, unit, policy, nesting)
    places = class_table(students, classes, unit, policy, nesting)
    return WeekView(
        metric=metric,
        first_day=first_day,
        last_day=as_of,
        grades=_hide_keys(grades, "grade_level", "grade", also_hidden),
        places=_hide_keys(places, "section_id", "class", also_hidden),
        nesting=nesting,
    )


def _hide_keys(table: ProtectedTable, column: str, kind: str, keys: Collection[Key]) -> ProtectedTable:
    rows = [(kind, value) in keys for value in table.values[column]]
    return hide_rows(table, rows, SUMMARY_COLUMNS) if any(rows) else table


def screen_views(
    database: Database, school_id: str, as_of: date, policy: PrivacyPolicy
) -> tuple[ReadingView, WeekView]:
    """The reading page's default view of the school (its first goal) and the screen's week,
    which hides whatever that view hides as well as its own choices."""
    view = reading_view(
        database, Filters(school_id=school_id, as_of=as_of), [school_id], None, "books_read", policy
    )
    hidden = {key for key in view.nesting.counts if not view.nesting.shown(key)}
    return view, week_view(database, school_id, as_of, view.metric, policy, hidden)
