"""What the reading page publishes, as lib.privacy.audit Publications: for the auditor's tests.

Read back from what the page draws, not from the decisions that made it: the tables as
st.dataframe shows them (and offers them as CSV downloads: lib.reading.tables.display_table),
the group chart's bars, the goal's tiles and the weekly bars. A group counts as shown when
any of its figures (students, total, per student, a percent or its bar) is a number. The names
list is not an aggregate (who may see names is the scope's question) and is left out.
"""

from __future__ import annotations

import pandas as pd

from lib.core.config import Settings
from lib.core.db import Database
from lib.core.filters import Filters
from lib.core.groups import ALL as ALL_CODE
from lib.core.scope import Scope
from lib.privacy.audit import HIDDEN, SHOWN, SMALL, Publication
from lib.privacy.suppression import ProtectedTable
from lib.reading.load import screen_views
from lib.reading.nesting import ALL, Key, goal_key
from lib.reading.tables import PERCENT_COLUMNS, display_table
from lib.reading.view import ReadingChoice, ReadingPage, reading_page_view

FIGURES = ["students", "total", "per_student", "week_percent", "window_percent", "not_logging_percent"]


def publications(database: Database, filters: Filters, scope: Scope, settings: Settings) -> list[Publication]:
    """The reading page's one publication for the filters (its first goal, books)."""
    page = reading_page_view(database, filters, scope, settings, ReadingChoice())
    return [page_publication(page, settings.policy.min_group_size, "reading page")]


def screen_publications(
    database: Database, filters: Filters, scope: Scope, settings: Settings
) -> list[Publication]:
    """The staff-meeting screen's weekly bars (by grade and by class) for a school's filters
    (the screen has no district view and no grade filter: none then). Its challenge and
    milestone are the goal's total, which the reading page's publication covers."""
    if filters.school_id is None or filters.grades or filters.subgroup or not scope.allows(filters.school_id):
        return []
    _, week = screen_views(database, filters.school_id, filters.as_of, settings.policy)
    k = settings.policy.min_group_size
    shown = dict(
        _rows_drawn(week.grades, "grade_level", "grade") + _rows_drawn(week.places, "section_id", "class")
    )
    counts = week.nesting.counts
    states: dict[Key, str] = {
        key: SHOWN if drawn else SMALL if 0 < counts.get(key, 0) < k else HIDDEN
        for key, drawn in shown.items()
    }
    return [week.nesting.publication(states, "staff-meeting screen")]


def page_publication(page: ReadingPage, k: int, where: str) -> Publication:
    """Every cell of the page's nesting as the page shows it."""
    view, counts = page.view, page.view.nesting.counts
    shown: dict[Key, bool] = {}

    def mark(key: Key, drawn: bool) -> None:
        shown[key] = shown.get(key, False) or drawn

    for table, column, kind in _tables(page):
        for key, drawn in _rows_drawn(table, column, kind):
            mark(key, drawn)
    for key, drawn in _bars_drawn(page):
        mark(key, drawn)
    if view.goal is not None:
        mark(goal_key(view.nesting), page.goal_words is not None)
    mark(ALL, page.weekly_notice is None and page.figures.weekly is not None)
    for goal_id, read in zip(view.goals.get("goal_id", []), view.goals.get("read", []), strict=True):
        mark(view.goal_keys[goal_id], read != "hidden")
    states: dict[Key, str] = {
        key: SHOWN if drawn else SMALL if 0 < counts.get(key, 0) < k else HIDDEN
        for key, drawn in shown.items()
    }
    return view.nesting.publication(states, where)


def _tables(page: ReadingPage) -> list[tuple[ProtectedTable, str, str]]:
    view = page.view
    place = ("school_id", "school") if "school_id" in view.places.values else ("section_id", "class")
    return [
        (view.grades, "grade_level", "grade"),
        (view.places, *place),
        (view.subgroups, "subgroup", "group"),
    ]


def _key(kind: str, value: str) -> Key:
    return ALL if kind == "group" and value == ALL_CODE else (kind, value)


def _rows_drawn(table: ProtectedTable, column: str, kind: str) -> list[tuple[Key, bool]]:
    """(cell, whether any of its figures shows a number) per row of the table as displayed."""
    figures = [c for c in FIGURES if c in table.values]
    shown, _ = display_table(table, figures)
    numbers = [c for c in shown if c in figures or c.removesuffix("_bar") in PERCENT_COLUMNS]
    drawn = shown[numbers].map(lambda cell: not isinstance(cell, str) and not pd.isna(cell)).any(axis=1)
    return [(_key(kind, value), bool(d)) for value, d in zip(table.values[column], drawn, strict=True)]


def _bars_drawn(page: ReadingPage) -> list[tuple[Key, bool]]:
    """Groups with a bar of their own in the group chart."""
    code_of = dict(
        zip(page.view.subgroups.values["group"], page.view.subgroups.values["subgroup"], strict=True)
    )
    found = []
    for trace in page.figures.groups.data:
        for group, value in zip(trace.y, trace.x, strict=True):
            found.append((_key("group", code_of[group]), value is not None and not pd.isna(value)))
    return found
