"""The goal form's arithmetic: a goal not yet saved, its baseline from the data, the pace its
target implies, and the reasons it can't be saved.

A draft is measured by the same queries and goal math as the goal board: the data door lays it
over the goals for this thread only (Database.goals_added), so the baseline a principal sees is
the figure the board will show the day the goal starts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd

from lib.core.choices import hidden_groups_in_view
from lib.core.config import PrivacyPolicy
from lib.core.contract import CUMULATIVE_METRICS
from lib.core.db import Database
from lib.core.goal import Goal
from lib.core.goal_edits import GOAL_FIELDS, GoalDefinition
from lib.core.metrics import (
    CUMULATIVE_UNITS,
    HOURS_METRICS,
    LOWER_IS_BETTER_METRICS,
    PERCENT_METRICS,
    TEACHER_METRICS,
    format_value,
)
from lib.core.pace import needed_per_week, pace_sentence, recent_rate
from lib.core.progress import goal_progress
from lib.core.text import short_date
from lib.goals.board import figure_students
from lib.goals.load import load_goal_data

PROFICIENCY_METRICS = ("percent_proficient", "proficiency_gap")
RECENT_WEEKS = 4
# Where an assessment window falls when its tests have no dates (lib/core/macros.sql tested_on).
USUAL_WINDOWS = (("BOY", 9, 30), ("MOY", 1, 31), ("EOY", 5, 31))
DRAFT_ID = "__draft__"


@dataclass(frozen=True)
class DraftFacts:
    """What the data says about a draft goal as of the data's latest day.

    `baseline` is where the goal's group stands (a level), or for books and minutes what it has
    read since the start (0 before it starts); `students` the students the figure stands on
    (None: a teachers' goal); `pace` the sentence on the pace the target implies.
    """

    data_day: date
    baseline: float | None
    students: int | None
    pace: str | None
    recent_per_week: float | None = None
    # A group goal whose group the sidebar may not show in this school (with a grade: in some
    # grade band of it): beside all students it would reveal a part of fewer than k students
    # (those outside it, or those whose flag, sex or race is blank). lib.core.choices decides.
    group_hidden: bool = False


def draft_frame(goal: GoalDefinition) -> pd.DataFrame:
    """The goal as the one row the data door lays over the goals."""
    return pd.DataFrame([goal.row()], columns=list(GOAL_FIELDS))


def school_year_start(day: date) -> date:
    """July 1 of the school year `day` falls in."""
    return date(day.year if day.month >= 7 else day.year - 1, 7, 1)


def usual_window_dates(start: date, end: date) -> list[tuple[str, date]]:
    """Assessment windows whose usual date falls after `start` and on or before `end`."""
    found = []
    for year in range(school_year_start(start).year, end.year + 1):
        for name, month, day in USUAL_WINDOWS:
            when = date(year + (month < 7), month, day)
            if start < when <= end:
                found.append((f"{name} {year}-{str(year + 1)[2:]}", when))
    return found


def _measure(database: Database, goal: GoalDefinition, data_day: date):
    """(progress as of data_day, the series, days off, students) of `goal` measured as a draft."""
    draft = replace(goal, goal_id=DRAFT_ID)
    with database.goals_added(draft_frame(draft)):
        data = load_goal_data(database, [goal.school_id], data_day, goal_ids=[DRAFT_ID])
    rows = data.goals[data.goals["goal_id"] == DRAFT_ID]
    if rows.empty:
        return None
    row = next(rows.itertuples())
    series, days_off = data.series[DRAFT_ID], data.days_off[DRAFT_ID]
    progress = goal_progress(
        Goal(goal.metric, goal.target, goal.start_date, goal.end_date), series, data_day, days_off
    )
    return progress, series, days_off, figure_students(row, series, data_day, data.populations.get(DRAFT_ID))


def draft_facts(database: Database, goal: GoalDefinition, data_day: date, k: int) -> DraftFacts:
    """The baseline, students and implied pace of `goal` from the data through `data_day`;
    for a group goal, whether the sidebar's rule (k students) hides its group there."""
    facts = _facts(database, goal, data_day)
    if goal.subgroup is None:
        return facts
    with_grades = goal.grade_level is not None
    hidden = hidden_groups_in_view(database, (goal.school_id,), data_day, k, with_grades)
    return replace(facts, group_hidden=goal.subgroup in hidden)


def _facts(database: Database, goal: GoalDefinition, data_day: date) -> DraftFacts:
    if goal.metric in CUMULATIVE_METRICS:
        return _cumulative_facts(database, goal, data_day)
    # A level's baseline is the latest value on or before the data day, whatever the goal's
    # start: measured as if the goal ran from the school year's start. PD hours add up from the
    # goal's own start, so theirs counts from it (no data yet before it starts).
    since = (
        goal.start_date if goal.metric in HOURS_METRICS else min(school_year_start(data_day), goal.start_date)
    )
    measured = _measure(
        database, replace(goal, start_date=since, end_date=max(goal.end_date, data_day)), data_day
    )
    if measured is None:
        return DraftFacts(data_day, None, None, None)
    progress, _, _, students = measured
    baseline = progress.current
    return DraftFacts(data_day, baseline, students, level_pace(goal, baseline, data_day))


def _cumulative_facts(database: Database, goal: GoalDefinition, data_day: date) -> DraftFacts:
    units = CUMULATIVE_UNITS[goal.metric]
    recent_start = data_day - timedelta(weeks=RECENT_WEEKS) + timedelta(days=1)
    recent = _measure(database, replace(goal, start_date=recent_start, end_date=data_day), data_day)
    if recent is None:
        return DraftFacts(data_day, None, None, None)
    _, series, days_off, students = recent
    rate = recent_rate(series, recent_start, data_day, days_off)
    so_far = 0.0
    if goal.start_date <= data_day:
        measured = _measure(database, goal, data_day)
        so_far = measured[0].current or 0.0 if measured else 0.0
    counted_from = max(data_day, goal.start_date - timedelta(days=1))
    plan = Goal(goal.metric, goal.target, goal.start_date, goal.end_date)
    needed = needed_per_week(plan, so_far, counted_from, days_off) if goal.end_date > counted_from else None
    pace = pace_sentence(goal.target - so_far, needed, rate, units)
    return DraftFacts(data_day, so_far, students, pace, rate.per_week if rate else None)


def level_pace(goal: GoalDefinition, baseline: float | None, data_day: date) -> str | None:
    """'10.0 points to gain by May 31, 2027: 1.6 points a month.' (to close, for a gap; hours per
    teacher to add, for PD hours); None without a baseline."""
    if baseline is None or goal.end_date <= data_day:
        return None
    amount = abs(goal.target - baseline)
    months = (goal.end_date - max(data_day, goal.start_date)).days / 30.44
    verb = "to close" if goal.metric in LOWER_IS_BETTER_METRICS else "to gain"
    unit, verb = ("hours", "per teacher to add") if goal.metric in HOURS_METRICS else ("points", verb)
    per_month = amount / months if months > 0 else math.inf
    return (
        f"{amount:.1f} {unit} {verb} by {short_date(goal.end_date, with_year=True)}: "
        f"{per_month:.1f} {unit} a month."
    )


def is_withheld(goal: GoalDefinition, facts: DraftFacts, policy: PrivacyPolicy) -> bool:
    """True when the draft's figures may not be shown: its group has fewer than k students, or
    the sidebar's rule hides it, or it is under the coding size with a level outside
    the bands (the board would show only '>95%'). Then neither the baseline nor any sentence
    built on it (the pace, a reached target) is shown."""
    return too_small(facts, policy) or is_coded(goal, facts, policy)


def too_small(facts: DraftFacts, policy: PrivacyPolicy) -> bool:
    """Fewer than k students in the group, or a group the sidebar's rule hides (group_hidden)."""
    return facts.group_hidden or (facts.students is not None and facts.students < policy.min_group_size)


def is_coded(goal: GoalDefinition, facts: DraftFacts, policy: PrivacyPolicy) -> bool:
    """A level of a group under the coding size, outside the bands: shown as its band only."""
    if facts.students is None or facts.baseline is None or goal.metric in CUMULATIVE_METRICS:
        return False
    return policy.is_coded(facts.baseline, facts.students)


def refusals(goal: GoalDefinition, facts: DraftFacts, policy: PrivacyPolicy) -> list[str]:
    """Why `goal` can't be measured or met in time, a sentence each; [] when it can be saved."""
    found = []
    if not goal.title.strip():
        found.append("Give the goal a title: it is what the board, the screen and the packet show.")
    if goal.end_date <= goal.start_date:
        found.append(
            f"The end date ({short_date(goal.end_date, with_year=True)}) is not after the start date "
            f"({short_date(goal.start_date, with_year=True)})."
        )
    elif goal.end_date <= facts.data_day:
        found.append(
            f"The end date ({short_date(goal.end_date, with_year=True)}) has passed: the data already "
            f"runs to {short_date(facts.data_day, with_year=True)}, so there is no time left to meet it."
        )
    found += _target_refusals(goal, facts, is_withheld(goal, facts, policy))
    if facts.students is not None and facts.students < policy.min_group_size:
        found.append(
            f"Fewer than {policy.min_group_size} students are in this group, so its figures could "
            "never be shown: choose a larger group (a whole grade, or no group)."
        )
    elif facts.group_hidden:
        found.append(
            f"This group's figures can't be shown at this school{' by grade' if goal.grade_level else ''}: "
            f"beside all students they would reveal a group of fewer than {policy.min_group_size} "
            "(the students outside it, or those with nothing recorded). The sidebar hides it too. "
            "Choose another group, or set the goal for everyone."
        )
    if not (goal.owner or "").strip():
        found.append("Name an owner: the person who answers for the goal at each review.")
    if goal.metric in TEACHER_METRICS and (goal.subgroup or goal.grade_level):
        found.append(
            "A goal about teachers counts every teacher of the school: leave the grade and the student group empty."
        )
    if goal.metric in PROFICIENCY_METRICS:
        if not goal.subject:
            found.append("Choose the subject: a proficiency goal counts one subject's assessments.")
        if goal.metric == "proficiency_gap" and not goal.subgroup:
            found.append("Choose the student group: a gap goal measures one group against all students.")
        if goal.end_date > goal.start_date and not usual_window_dates(goal.start_date, goal.end_date):
            found.append(
                "No assessment window (BOY Sep 30, MOY Jan 31, EOY May 31) falls between the start "
                "and the end date, so nothing would measure the goal: end it after the next window."
            )
    return found


def _target_refusals(goal: GoalDefinition, facts: DraftFacts, withheld: bool) -> list[str]:
    if goal.target <= 0 and goal.metric not in LOWER_IS_BETTER_METRICS:
        return ["The target must be more than 0."]
    if goal.target < 0 or (goal.metric in PERCENT_METRICS and goal.target > 100):
        return ["A percent target is between 0 and 100."]
    if facts.baseline is None or goal.metric in CUMULATIVE_METRICS and goal.start_date > facts.data_day:
        return []
    reached = (
        facts.baseline <= goal.target
        if goal.metric in LOWER_IS_BETTER_METRICS
        else facts.baseline >= goal.target
    )
    if not reached:
        return []
    if withheld:  # the sentence would give the group's figure away
        return [
            "The target is already reached at the baseline: set a target the school still has to work for."
        ]
    return [
        f"The target ({format_value(goal.metric, goal.target)}) is already reached: the baseline is "
        f"{format_value(goal.metric, facts.baseline)} as of {short_date(facts.data_day, with_year=True)}. "
        "Set a target the school still has to work for."
    ]


def changes_between(before: GoalDefinition | None, after: GoalDefinition) -> list[str]:
    """What a save changed, a sentence per field: ['Target: 45,000 books → 50,000 books']."""
    if before is None:
        return [
            f"Set: {after.title} ({format_value(after.metric, after.target)} by {after.end_date.isoformat()})"
        ]
    found = []
    for name in GOAL_FIELDS[2:]:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            shown = (
                (format_value(before.metric, old), format_value(after.metric, new))
                if name == "target"
                else (str(old or "—"), str(new or "—"))
            )
            found.append(f"{name.replace('_', ' ').capitalize()}: {shown[0]} → {shown[1]}")
    return found


def new_goal_id(school_id: str, metric: str, taken: set[str]) -> str:
    """'G101-BOOKS-APP1': free among `taken` (the store's goal ids and the form's)."""
    stem = f"G{school_id}-{metric.split('_')[0].upper()}-APP"
    number = 1
    while f"{stem}{number}" in taken:
        number += 1
    return f"{stem}{number}"
