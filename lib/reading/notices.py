"""The reading page's notices: why a table, a goal's figures or the weekly bars are not shown.

Each is a sentence a principal can act on ("widen the grade filter ..."), with an icon; the
privacy ones name the groups hidden and say why (lib/privacy/audit.py states the rule).
"""

from __future__ import annotations

from dataclasses import dataclass

from lib.core.filters import grade_label, subgroup_label
from lib.core.text import markdown_escape, short_date
from lib.privacy.audit import HIDDEN
from lib.reading.load import ReadingView
from lib.reading.nesting import ALL, GOAL, Key, goal_key
from lib.reading.words import hidden_groups_words, hidden_total_words


@dataclass(frozen=True)
class Notice:
    """A sentence shown instead of figures, with its icon (and the heading it goes under)."""

    text: str
    icon: str
    heading: str | None = None


def cell_labels(view: ReadingView) -> dict[Key, str]:
    """What the page calls each cell of view.nesting that it can show (names escaped)."""
    labels: dict[Key, str] = {ALL: "All students in view", GOAL: "The goal's total"}
    labels |= {("grade", g): grade_label(g) for g in view.grades.values.get("grade_level", [])}
    for kind, column in (("section_id", "class"), ("school_id", "school")):
        if kind in view.places.values:
            key_kind = "class" if kind == "section_id" else "school"
            pairs = zip(view.places.values[kind], view.places.values[column], strict=True)
            labels |= {(key_kind, key): markdown_escape(str(name)) for key, name in pairs}
    labels |= {("group", code): subgroup_label(code) for code in view.subgroups.values.get("subgroup", [])}
    if len(view.goals):
        goals = zip(view.goals["goal_id"], view.goals["school"], view.goals["goal"], strict=True)
        labels |= {("goal", g): markdown_escape(f"{school}: {title}") for g, school, title in goals}
    return labels


def named_cells(view: ReadingView, keys: list[Key], labels: dict[Key, str]) -> list[str]:
    return [labels[key] for key in keys if key in labels]


WITHHELD = (
    "Hidden to protect student privacy: this many schools with a student group chosen make too many "
    "small groups to check in time which figures could give one away, so no count is shown. Pick a "
    "school, or fewer grades, to see this group's figures."
)


def hidden_note(view: ReadingView, labels: dict[Key, str], k: int) -> tuple[str, ...]:
    """The sentence that says which groups are hidden and why (none when nothing is)."""
    nesting = view.nesting
    if nesting.withheld:
        return (WITHHELD,)
    words = hidden_groups_words(
        named_cells(view, nesting.small(), labels), named_cells(view, nesting.hidden_too(), labels), k
    )
    return (words,) if words else ()


def weekly_notice(
    view: ReadingView, min_group_size: int, since: str, labels: dict[Key, str]
) -> Notice | None:
    """Why the weekly bars are not drawn: nobody in view, fewer than k students, a total that
    would give a smaller group away, nothing logged."""
    if view.students_in_view == 0:
        text = f"No students are on the roster for these filters on {short_date(view.last_day)}."
        return Notice(text, ":material/person_off:")
    if view.students_in_view < min_group_size:
        return Notice(
            f"Hidden to protect student privacy: fewer than {min_group_size} students are in view "
            "(widen the grade or group filter to see the weekly totals).",
            ":material/visibility_off:",
        )
    if view.nesting.withheld:
        return Notice(WITHHELD, ":material/visibility_off:")
    if view.total_hidden:
        small = named_cells(view, view.nesting.small(), labels)
        return Notice(hidden_total_words(small, min_group_size), ":material/visibility_off:")
    if view.weekly.empty:
        return Notice(f"No {view.unit} logged {since}.", ":material/menu_book:")
    return None


def goal_notice(
    view: ReadingView, school: str, since: str, min_group_size: int, labels: dict[Key, str]
) -> Notice | None:
    """Why a school's goal section shows no figures: no books or minutes goal, or a hidden one."""
    if view.goal is None:
        others = "; ".join(f"“{markdown_escape(title)}”" for title in view.other_goals)
        return Notice(
            f"No books or minutes goal is set for {markdown_escape(school)} with these filters, so there is no "
            f"target or pace to show: below is its reading activity {since}."
            + (f" Its other reading goals ({others}) are on the goal board." if others else "")
            + " Goals come from goals.csv (see data/README.md).",
            ":material/flag:",
        )
    small_goal = view.nesting.state(goal_key(view.nesting)) != HIDDEN
    if view.goal_hidden and not small_goal:
        small = named_cells(view, view.nesting.small(), labels)
        return Notice(
            f"{markdown_escape(view.goal.title)}: its total, pace and milestones are hidden. "
            + hidden_total_words(small, min_group_size),
            ":material/visibility_off:",
            heading=markdown_escape(view.goal.title),
        )
    if view.goal_hidden:
        return Notice(
            f"Fewer than {min_group_size} students are in this goal's group "
            f"({markdown_escape(view.goal.scope)}): its total, pace and milestones are hidden to protect "
            "student privacy.",
            ":material/visibility_off:",
            heading=markdown_escape(view.goal.title),
        )
    return None


def tables_caption(view: ReadingView) -> str:
    return (
        f"The tables count the students enrolled on {short_date(view.last_day)}. The goal's total also "
        "counts reading logged by students who have since left, so it can be a little higher than the tables add up to."
    )
