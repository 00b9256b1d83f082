"""The reading page's entry points, all called through lib.core.web.cached:

- `reading_pickers`: the books and minutes goals the page offers, and which one it starts on;
- `reading_page_view`: everything the page draws for the filters and the page's own choice
  (lib.reading.load's figures, their charts, and every sentence, tile and notice);
- `reading_names`: one class's students not logging, only when the scope allows names.

Each reads only the schools the scope lets the person see. The page decides nothing: what is
hidden for privacy and why, which goal is shown, the words with their numbers, all come from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from lib.core.config import Settings
from lib.core.db import Database
from lib.core.filters import Filters, grade_label, school_label_in_scope, subgroup_label
from lib.core.progress import shown_total
from lib.core.scope import Scope
from lib.core.text import markdown_escape, short_date
from lib.privacy.suppression import ProtectedTable
from lib.reading.charts import ReadingFigures, figures_of
from lib.reading.goals import GoalSection, goal_choices
from lib.reading.groups import NOT_LOGGING_DAYS
from lib.reading.load import ReadingView, not_logging_list, reading_view
from lib.reading.notices import Notice, cell_labels, goal_notice, hidden_note, tables_caption, weekly_notice
from lib.reading.tables import display_table, not_logging_rows
from lib.reading.words import (
    amount,
    as_of_words,
    count_words,
    milestone_heading,
    milestone_icon,
    milestone_words,
    needed_tile,
    needed_words,
    next_school_day,
    pace_delta,
    participation_note,
    privacy_words,
    recent_rate_words,
    scope_words,
    since_words,
    window_words,
)

DEFAULT_METRIC = "books_read"
NAME_COLUMNS = ["student_id", "first_name", "last_name", "grade_level", "last_log"]
RATES = ("students", "total", "per_student", "week_percent", "window_percent", "not_logging_percent")
# The page's tables by their st.dataframe key: their label columns, then their rate columns.
TABLE_COLUMNS = {
    "reading_schools": (("school",), RATES),
    "reading_grades": (("grade",), RATES),
    "reading_classes": (("class", "teacher"), RATES),
    "reading_not_logging": (("class", "teacher"), ("students", "not_logging_percent")),
    "reading_groups_table": (("group",), ("students", "per_student", "week_percent", "window_percent")),
}
ShownTable = tuple[pd.DataFrame, frozenset[str]]  # lib.reading.tables.display_table's frame and text columns


@dataclass(frozen=True)
class ReadingChoice:
    """The page's own pickers: a books or minutes goal (None: the first), and the unit without one."""

    goal_id: str | None = None
    metric: str = DEFAULT_METRIC


@dataclass(frozen=True)
class ReadingPickers:
    """The school's books and minutes goals in scope (goal_id -> title; none in the district view)."""

    goals: dict[str, str]

    @property
    def default_goal(self) -> str | None:
        return next(iter(self.goals), None)

    @property
    def offers_goal_choice(self) -> bool:
        """A picker only when there is more than one goal to pick from."""
        return len(self.goals) > 1

    @property
    def offers_unit_choice(self) -> bool:
        """Books or minutes: only without a goal (a goal counts its own unit)."""
        return not self.goals


@dataclass(frozen=True)
class Tile:
    """One number tile: st.metric's arguments."""

    label: str
    value: str
    delta: str | None = None
    help: str | None = None
    delta_color: str = "normal"
    delta_arrow: str = "auto"


@dataclass(frozen=True)
class GoalWords:
    """What the goal's section says around its chart (markdown, names escaped)."""

    title: str
    caption: str
    tiles: tuple[Tile, ...]
    rates: str  # "**Needed:** ... **Recent rate:** ..."
    milestones: tuple[tuple[str, str], ...]  # (heading, icon and words) per milestone


@dataclass(frozen=True)
class ReadingPage:
    """Everything pages/reading.py draws. `view` holds the protected tables, `figures` the charts.

    A notice set means its section shows the notice instead of figures: `goal_notice` (no goal,
    or a goal hidden for privacy), `weekly_notice` (nobody on the roster, fewer than k
    students in view, or nothing logged).
    """

    view: ReadingView
    figures: ReadingFigures
    caption: str
    rate_headers: dict[str, tuple[str, str]]  # table column -> (header, help)
    window: str  # the days the tables count: 'Aug 17 – Nov 21'
    weekly_heading: str
    weekly_notice: Notice | None
    weekly_caption: str
    goal_words: GoalWords | None
    goal_notice: Notice | None
    tables_caption: str | None  # why the goal's total can exceed the tables' (a goal only)
    not_logging_caption: str
    notes: tuple[str, ...]  # the definitions and privacy rules under the page
    # The tables as shown, by key (TABLE_COLUMNS): the district's schools, grades and groups; a
    # school's grades, classes (every class), classes by students not logging, and groups.
    tables: dict[str, ShownTable]
    names_allowed: bool  # some student names of the school in view may be shown to this person
    # The only classes whose names may be shown (None: every class; a teacher: their own
    # homerooms in the school in view): lib.reading.view.name_classes_of.
    name_classes: tuple[str, ...] | None = None

    def everyone_logged(self, class_label: str) -> str:
        """What the names list says when every student of the class logged reading."""
        return (
            f"Every student in {markdown_escape(class_label)} logged reading in the {NOT_LOGGING_DAYS} days "
            f"to {short_date(self.view.last_day)}."
        )


def reading_pickers(database: Database, filters: Filters, scope: Scope, settings: Settings) -> ReadingPickers:
    """The goals the page's picker offers (the school view's books and minutes goals in scope)."""
    return ReadingPickers(goal_choices(database, filters, scope.schools_in_view(filters.school_id)))


def reading_page_view(
    database: Database, filters: Filters, scope: Scope, settings: Settings, choice: ReadingChoice
) -> ReadingPage:
    """The reading page for the filters and the page's choice, over the schools in scope only."""
    policy = settings.policy
    school_ids = scope.schools_in_view(filters.school_id)
    view = reading_view(database, filters, school_ids, choice.goal_id, choice.metric, policy)
    school = school_label_in_scope(database, filters.school_id, scope)
    unit, since = view.unit, since_words(view.start)
    shown_goal = view.goal if view.goal is not None and not view.goal_hidden else None
    labels = cell_labels(view)
    return ReadingPage(
        view=view,
        figures=figures_of(view, filters),
        caption=_caption(view, filters, school),
        rate_headers=_rate_headers(unit, since),
        window=window_words(view.start, view.last_day),
        weekly_heading=_weekly_heading(unit, filters),
        weekly_notice=weekly_notice(view, policy.min_group_size, since, labels),
        weekly_caption="Weeks run Monday to Sunday; weeks without school days (a break) are left out. "
        f"{recent_rate_words(view.recent_per_week, view.weekly, unit)}.",
        goal_words=_goal_words(shown_goal, view) if shown_goal else None,
        goal_notice=None
        if filters.is_district
        else goal_notice(view, school, since, policy.min_group_size, labels),
        tables_caption=tables_caption(view) if view.goal is not None else None,
        not_logging_caption=f"Per class: the percent of students enrolled on {short_date(view.last_day)} "
        f"with no reading log in the {NOT_LOGGING_DAYS} days to it, highest first. A percent, not a count, so that no "
        f"number of fewer than {policy.min_group_size} students is shown; the names below are for the principal.",
        notes=(
            *hidden_note(view, labels, policy.min_group_size),
            participation_note(view.start, view.last_day),
            privacy_words(policy.min_group_size, policy.coding_group_size),
        ),
        tables=_shown_tables(view, filters.is_district),
        **_names_rule(scope, filters.school_id, view),
    )


def shown_table(table: ProtectedTable, key: str) -> ShownTable:
    """`table` as the page's table `key` shows it (TABLE_COLUMNS; lib.reading.tables.display_table)."""
    labels, rates = TABLE_COLUMNS[key]
    return display_table(table, [*labels, *rates])


def _shown_tables(view: ReadingView, district: bool) -> dict[str, ShownTable]:
    # Made once with the view: the frames a page view would otherwise rebuild at every rerun.
    tables = {"reading_grades": view.grades, "reading_groups_table": view.subgroups}
    if district:
        tables["reading_schools"] = view.places
    else:
        tables |= {"reading_classes": view.places, "reading_not_logging": not_logging_rows(view.places)}
    return {key: shown_table(table, key) for key, table in tables.items()}


def name_classes_of(scope: Scope, school_id: str | None, classes: Iterable[str]) -> tuple[str, ...] | None:
    """The classes of `classes` (the school's in view) whose students' names the scope allows:
    None for every class (names allowed at the school), () for none (the district view, a
    school without names), else the person's own homerooms there (a teacher), sorted."""
    if school_id is None:
        return ()
    if scope.student_names_allowed(school_id):
        return None
    return tuple(sorted(c for c in set(classes) if scope.student_names_allowed(school_id, c)))


def _names_rule(scope: Scope, school_id: str | None, view: ReadingView) -> dict:
    values = view.places.values
    classes = values["section_id"] if "section_id" in values else ()
    allowed = name_classes_of(scope, school_id, classes)
    return {"names_allowed": allowed is None or bool(allowed), "name_classes": allowed}


def reading_names(
    database: Database,
    filters: Filters,
    scope: Scope,
    settings: Settings,
    choice: ReadingChoice,
    section_id: str,
) -> pd.DataFrame:
    """One class's students not logging (lib.reading.load.not_logging_list), or no rows
    when the scope allows no names of that class (a teacher: only their own homeroom's), or the
    class is not in a school in view."""
    school = filters.school_id
    if school is None or not scope.student_names_allowed(school, section_id):
        return pd.DataFrame(columns=NAME_COLUMNS)
    school_ids = scope.schools_in_view(filters.school_id)
    return not_logging_list(database, filters, school_ids, choice.goal_id, section_id)


def _caption(view: ReadingView, filters: Filters, school: str) -> str:
    group = subgroup_label(filters.subgroup) if filters.subgroup else None
    end_date = view.goal.goal.end_date if view.goal else None
    return f"{as_of_words(filters.as_of, end_date)}. {markdown_escape(scope_words(school, filters.grades, group))}."


def _rate_headers(unit: str, since: str) -> dict[str, tuple[str, str]]:
    units = unit.capitalize()
    return {
        "students": ("Students", "Enrolled on the last day counted"),
        "total": (f"{units} {since}", f"{units} logged while enrolled"),
        "per_student": (f"{units} per student", f"{units} {since} per enrolled student"),
        "week_percent": (
            "Logged this week",
            "Percent of students with a log in the 7 days to the as-of date",
        ),
        "window_percent": (f"Logged {since}", "Percent of students with a log in the window"),
        "not_logging_percent": (
            f"No log in {NOT_LOGGING_DAYS} days",
            f"Percent of students with no reading log in the {NOT_LOGGING_DAYS} days to the last day counted",
        ),
    }


def _weekly_heading(unit: str, filters: Filters) -> str:
    narrowed = [grade_label(g) for g in filters.grades] + (
        [subgroup_label(filters.subgroup)] if filters.subgroup else []
    )
    return f"{unit.capitalize()} per school week" + (f": {', '.join(narrowed)}" if narrowed else "")


def _goal_words(section: GoalSection, view: ReadingView) -> GoalWords:
    progress, goal, unit = section.progress, section.goal, section.unit
    owner = f" · {markdown_escape(section.owner)}" if section.owner else ""
    needed = needed_words(progress.needed_per_week, view.last_day, goal.end_date, section.days_off, unit)
    return GoalWords(
        title=markdown_escape(section.title),
        caption=f"{markdown_escape(section.scope)}{owner} · target {amount(goal.target, unit)} "
        f"from {short_date(goal.start_date)} to {short_date(goal.end_date)}. {markdown_escape(progress.status_reason)}.",
        tiles=_goal_tiles(section, view.last_day),
        rates=f"**Needed:** {needed}.  \n"
        f"**Recent rate:** {recent_rate_words(progress.recent_per_week, view.weekly, unit)}.",
        milestones=tuple(
            (
                milestone_heading(milestone, unit),
                f"{milestone_icon(milestone)} {milestone_words(milestone, goal.end_date, progress.status)}",
            )
            for milestone in section.milestones
        ),
    )


def _goal_tiles(section: GoalSection, last_day) -> tuple[Tile, ...]:
    """Read so far, even pace, projected, needed a week: the four numbers a principal quotes."""
    progress, goal, unit = section.progress, section.goal, section.unit
    units, first_left = unit.capitalize(), next_school_day(last_day, section.days_off)
    projected = shown_total(progress.projected, goal.target) if progress.projected is not None else None
    left = progress.needed_per_week is not None  # None: no school day left before the end
    return (
        Tile(
            f"{units} read {since_words(goal.start_date)}",
            count_words(progress.current),
            delta=pace_delta(progress.current, progress.expected, unit),
        ),
        Tile(f"{units} at even pace by {short_date(last_day)}", count_words(progress.expected)),
        Tile(
            f"{units} projected by {short_date(goal.end_date)}",
            count_words(projected),
            help=f"At the recent rate; {amount(progress.projected_low, unit)} to "
            f"{amount(progress.projected_high, unit)} at the slowest and fastest recent week.",
        ),
        Tile(
            f"{units} needed a week",
            needed_tile(progress.needed_per_week),
            delta=f"from {short_date(first_left)} to {short_date(goal.end_date)}" if left else None,
            delta_color="off",
            delta_arrow="off",
            help="Per five school days, from the next school day to the end date, to reach the target.",
        ),
    )
