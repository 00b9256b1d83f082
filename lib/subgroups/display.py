"""What the subgroup page shows around a report: highlight, chosen chart groups, captions."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from lib.core.config import PrivacyPolicy
from lib.core.contract import FLAG_SUBGROUPS
from lib.core.filters import grade_label
from lib.core.groups import ALL, subgroup_label
from lib.core.metrics import NOTABLE_GAP_CHANGE
from lib.privacy.suppression import LOW_N_NOTE, ProtectedTable
from lib.subgroups.load import SubgroupReport

HIGHLIGHT = "background-color: rgba(31, 95, 168, 0.12); font-weight: 600"
DEFAULT_CHART_GROUPS = FLAG_SUBGROUPS
GAP_NOTE = (
    "Gap to all students = all students' percent proficient minus the group's, in percentage points: "
    "positive when the group is behind, negative when it is ahead. Gap to complement = the other side of "
    "the same flag minus the group (not English learners minus English learners). Change = this window's "
    "gap minus the previous window's; “narrowed” and “widened” compare the gap's size. Students in "
    "complement is the count behind the gap to complement."
)
GROWTH_NOTE = (
    "Among students tested both at BOY and in the later window of the same school year: the percent whose "
    "performance level rose at least one level. Students tested at both is the count behind each percent."
)


def summaries_first(report: SubgroupReport, highlight: str | None) -> list[str]:
    """The report's sentences, those about the highlighted group first."""
    chosen = [s for code, s in report.summaries if code == highlight]
    return chosen + [s for code, s in report.summaries if code != highlight]


def styled_table(table: ProtectedTable, highlight: str | None) -> Styler | pd.DataFrame:
    """The table's labels (strings only); the highlighted group's rows shaded, right after all students."""
    labels = table.labels
    if highlight is None:
        return labels
    chosen = labels["Group"] == subgroup_label(highlight)
    everyone = labels["Group"] == subgroup_label(ALL)
    rank = np.select([everyone, chosen], [0, 1], default=2)
    ordered = labels.iloc[np.argsort(rank, kind="stable")].reset_index(drop=True)
    shade = (ordered["Group"] == subgroup_label(highlight)).tolist()
    return ordered.style.apply(lambda row: [HIGHLIGHT if shade[row.name] else ""] * len(row), axis=1)


def chart_groups(report: SubgroupReport, chosen: list[str], highlight: str | None) -> list[str]:
    """The groups to draw: those chosen, plus the highlighted group when it has results."""
    extra = [highlight] if highlight in report.groups and highlight not in chosen else []
    return [*chosen, *extra]


def hidden_group_note(report: SubgroupReport, code: str | None) -> str | None:
    """A sentence when the highlighted group has results but none may be shown; else None."""
    rows = report.trend.values["subgroup"] == code
    if code is None or not rows.any() or report.trend.values.loc[rows, "tested"].notna().any():
        return None
    return (
        f"{subgroup_label(code)}: hidden in every window of this view, to protect student privacy "
        "(fewer students than the privacy minimum, or a count that would give a smaller group away)."
    )


def scope_caption(school: str, grades: tuple[str, ...], as_of: date) -> str:
    """'All schools · all grades · windows tested by November 21, 2026. ...'"""
    grade_text = ", ".join(grade_label(g) for g in grades) if grades else "all grades"
    return (
        f"{school} · {grade_text} · windows tested by {as_of:%B} {as_of.day}, {as_of.year}. "
        "Proficient means performance level 3 or 4; every count is students tested."
    )


def no_change_caption(subject: str) -> str:
    """What the summary says when no gap moved enough."""
    return (
        f"No group's gap to all students in {subject} moved {NOTABLE_GAP_CHANGE:.0f} points or more since the "
        "previous window or the same window a year earlier (groups under the low-n mark left out)."
    )


def privacy_caption(policy: PrivacyPolicy) -> str:
    """The privacy rule behind the hidden and coded cells, in plain words, with this policy's numbers."""
    k = policy.min_group_size
    return (
        f"No figure on this page lets anyone read or work out a group of fewer than {k} students: such a "
        f"group shows “fewer than {k}” (its percents “n<{k}”). A larger group is also “hidden” when all "
        "students minus the groups shown would give a small group away (students whose flag is blank "
        f"included); the smallest such group is the one hidden. {LOW_N_NOTE.format(low_n=policy.low_n)}: "
        f"marked “low n”. Percents of groups under {policy.coding_group_size} students show as "
        f"“>{policy.top_code:g}%” or “<{policy.bottom_code:g}%” at the extremes, and no gap is computed from them."
    )


# Columns that hold numbers (as text after the privacy pass): right-aligned like numbers.
NUMBER_COLUMNS = (
    "Students tested",
    "Percent proficient",
    "Mean scale score",
    "Gap to all students (pts)",
    "Change since previous window (pts)",
    "Gap to complement (pts)",
    "Students in complement",
    "Students tested at both",
    "Moved up a level",
)


def number_columns(table: ProtectedTable) -> list[str]:
    """The table's columns that hold numbers (shown right-aligned)."""
    return [name for name in table.labels.columns if name in NUMBER_COLUMNS]
