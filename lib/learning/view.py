"""The learning page's one entry point: load its rows (lib.learning.load), then compute it.

`learning_view(database, filters, scope)` is cached by lib.core.web. The grade and student
group filters don't apply: PD and mentoring are about a school's teachers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from lib.core.db import Database
from lib.core.filters import Filters, filter_options
from lib.core.school_days import school_year_start
from lib.core.scope import Scope
from lib.learning import comparison as compare
from lib.learning.load import load_rows
from lib.learning.names import nameable
from lib.learning.staff import (
    LAPSED,
    HoursSummary,
    hours_bands,
    hours_summary,
    pair_table,
    session_table,
)
from lib.learning.words import (
    NO_MENTOR,
    STATUS_LABELS,
    TABLES,
    comparison_heading,
    comparison_sentence,
    schools_note,
    unit_note,
)

SCHOOL_SECOND = {"hours", "pairs", "new_teachers"}  # sessions name their school in "For"


@dataclass(frozen=True)
class Comparison:
    """One rubric component's before/after figures (two rows: attended, did not attend)."""

    focus: str
    heading: str  # Markdown: the focus, the session's title (the first school's) and the schools
    sentence: str
    rows: pd.DataFrame
    schools: int = 1


@dataclass(frozen=True)
class LearningView:
    """Everything the page draws, ready to show."""

    as_of: date
    year_start: date
    district: bool
    sessions: pd.DataFrame
    hours: pd.DataFrame  # the teachers the person may see by name, by school then name
    hours_summary: HoursSummary
    hours_bands: pd.DataFrame
    hours_goal: pd.Series | None
    comparisons: list[Comparison]
    comparison_notes: list[str]
    pairs: pd.DataFrame
    pairs_total: int
    pairs_lapsed: int
    pairs_twice: int
    new_teachers: pd.DataFrame
    own_rows_only: bool = False
    schools: dict[str, str] = field(default_factory=dict)

    def columns(self, table: str) -> list[str]:
        """A table's column order, with the school column second in a view of several schools."""
        first, *rest = TABLES[table]
        rest = [c for c in rest if c != "school"]
        school = ["school"] if self.district and table in SCHOOL_SECOND else []
        return [first, *school, *rest]

    def headers(self, table: str) -> dict[str, str]:
        return TABLES[table]


def _comparison_rows(row: pd.Series) -> pd.DataFrame:
    records = []
    for attended, group in ((True, "Attended"), (False, "Did not attend")):
        before, after = (compare.cell_name(attended, side) for side in (False, True))
        records.append(
            {
                "focus": row["focus"],
                "group": group,
                "before": row[f"{before}_average"],
                "after": row[f"{after}_average"],
                "change": row[f"{after}_average"] - row[f"{before}_average"],
                "teachers_before": row[f"{before}_teachers"],
                "teachers_after": row[f"{after}_teachers"],
                "visits_before": row[f"{before}_visits"],
                "visits_after": row[f"{after}_visits"],
            }
        )
    return pd.DataFrame(records)


def comparisons(
    rows: dict[str, pd.DataFrame], as_of: date, names: dict[str, str], district: bool
) -> tuple[list[Comparison], list[str]]:
    """The before/after comparisons to show and the notes on the units not shown."""
    units = compare.first_sessions(rows["sessions"], set(rows["components"]["component"]))
    figures = compare.unit_figures(units, rows["focus_ratings"], as_of)
    if figures.empty:
        return [], []
    hidden = figures[figures["state"] != compare.SHOWN]
    if district:
        notes = [
            schools_note(
                focus, state, [names.get(s, s) for s in group["school_id"]], min(group["window_ends"])
            )
            for (focus, state), group in hidden.groupby(["focus", "state"], sort=True)
        ]
    else:
        notes = [unit_note(r, names.get(r["school_id"], r["school_id"])) for _, r in hidden.iterrows()]
    shown = (
        compare.combined(figures)
        if district
        else compare.averages(figures[figures["state"] == compare.SHOWN])
    )
    titles = figures.drop_duplicates("focus").set_index("focus")["title"]
    found = [
        Comparison(
            r["focus"],
            comparison_heading(r["focus"], titles[r["focus"]], int(r.get("schools", 1))),
            comparison_sentence(r["focus"], r),
            _comparison_rows(r),
            int(r.get("schools", 1)),
        )
        for _, r in shown.iterrows()
    ]
    return found, notes


def _hours_goal(goals: pd.DataFrame, district: bool) -> pd.Series | None:
    return None if district or goals.empty else goals.iloc[0]


def _new_teachers(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.assign(mentor=frame["mentor_name"].fillna(NO_MENTOR))
    for column in ("start_date", "last_feedback"):
        out[column] = pd.to_datetime(out[column]).dt.date
    return out


def learning_view(database: Database, filters: Filters, scope: Scope) -> LearningView:
    """The learning page for the filters' school (or every school in view) and as-of date."""
    options = filter_options(database)
    names = {s: options.schools.get(s, s) for s in scope.schools_in_view(filters.school_id)}
    return learning_report(database, names, filters.as_of, filters.is_district, scope)


def learning_report(
    database: Database, names: dict[str, str], as_of: date, district: bool, scope: Scope
) -> LearningView:
    """The learning figures of the schools `names` (school_id -> label) on the as-of date.

    `scope` decides whose names the rows carry (lib.learning.names); counts cover everyone.
    """
    rows = load_rows(database, list(names), as_of)
    goal = _hours_goal(rows["hours_goals"], district)
    summary = hours_summary(rows["hours"], None if goal is None else float(goal["target"]))
    pairs = pair_table(rows["pairs"], as_of)
    found, notes = comparisons(rows, as_of, names, district)
    school = {"school": lambda f: f["school_id"].map(names)}
    hours = rows["hours"].assign(teacher=rows["hours"]["first_name"] + " " + rows["hours"]["last_name"])
    listed_pairs = nameable(pairs, scope, "mentor_id", "mentee_id")
    return LearningView(
        as_of=as_of,
        year_start=school_year_start(as_of),
        district=district,
        sessions=session_table(rows["sessions"], names),
        hours=nameable(hours, scope, "staff_id").assign(**school),
        hours_summary=summary,
        hours_bands=hours_bands(rows["hours"]),
        hours_goal=goal,
        comparisons=found,
        comparison_notes=notes,
        pairs=listed_pairs.assign(status=listed_pairs["status"].map(STATUS_LABELS), **school),
        pairs_total=len(pairs),
        pairs_lapsed=int((pairs["status"] == LAPSED).sum()),
        pairs_twice=int(pairs["twice_a_month"].sum()),
        new_teachers=nameable(_new_teachers(rows["new_teachers"]), scope, "staff_id").assign(**school),
        own_rows_only=any(not scope.teacher_names_allowed(s) for s in names),
        schools=names,
    )
