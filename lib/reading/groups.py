"""Who is carrying the reading challenge: totals and participation by class, grade, school, group.

Input is the per-student rows of the `activity` query (lib/reading/queries.sql): the roster, that
is every student in scope enrolled on the last counted day, with the books and minutes they
logged while enrolled in the window and three flags. Definitions (all percents 0-100):

- students: on the roster (enrolled on the last counted day: the as-of date, or the goal's
  end date once it has passed). Students who enrolled mid-window are on it; those who left
  are not, though their reading still counts in the goal's total.
- total / per_student: books (or minutes) the roster logged while enrolled in the window,
  and that total over the students.
- week_percent: the share who logged at least once while enrolled in the 7 days ending on
  the last counted day (as lib/goals/queries.sql participation_weekly).
- window_percent: the share who logged at least once while enrolled in the window (for a
  student who enrolled mid-window, since their entry date).
- not_logging_percent: the share with no log while enrolled in the 14 days ending on the last
  counted day. A percent, not a count: a count of 1 to k-1 students may not be shown, and a
  percent of a class of k or more follows the rate rules (coded at the extremes under 40).

Every table leaves here through the privacy pass (lib.privacy) as a ProtectedTable.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from lib.core.config import PrivacyPolicy
from lib.core.contract import FLAG_SUBGROUPS
from lib.core.groups import ALL, NOT, group_order, subgroup_label
from lib.core.numbers import percents
from lib.privacy.audit import HIDDEN, SHOWN
from lib.privacy.partitions import hide_rows, protect_by_window
from lib.privacy.suppression import ProtectedTable, protect_group_table
from lib.reading.nesting import ALL as ALL_KEY
from lib.reading.nesting import Nesting

# "No log in 14 days": the queries get it as $not_logging_days, the words and headers quote it.
NOT_LOGGING_DAYS = 14
# Averages (is_percent False) are hidden with their group but never coded.
RATES = {
    "total": False,
    "per_student": False,
    "week_percent": True,
    "window_percent": True,
    "not_logging_percent": True,
}
SUBGROUP_RATES = {"per_student": False, "week_percent": True, "window_percent": True}
SUMMARY_COLUMNS = ["students", *RATES]
WINDOW = "window"  # the one "window" protect_by_window sees


def _counted(students: pd.DataFrame, unit: str) -> pd.DataFrame:
    """The numbers each summary adds up, one row per student (True counts 1)."""
    return pd.DataFrame(
        {
            "students": 1,
            "total": students[unit].astype("float64"),
            "week": students["logged_week"].astype(bool).astype(int),
            "window": students["logged_window"].astype(bool).astype(int),
            "recent": students["logged_14_days"].astype(bool).astype(int),
        },
        index=students.index,
    )


def _with_rates(sums: pd.DataFrame) -> pd.DataFrame:
    """Summed counts -> the summary columns (percents and averages NaN for no students)."""
    count = sums["students"].astype("float64").where(sums["students"] > 0)
    return sums.assign(
        students=sums["students"].astype(int),
        per_student=sums["total"] / count,
        week_percent=percents(sums["week"], sums["students"]),
        window_percent=percents(sums["window"], sums["students"]),
        not_logging_percent=percents(sums["students"] - sums["recent"], sums["students"]),
    ).drop(columns=["week", "window", "recent"])


def participation_summary(students: pd.DataFrame, keys: Sequence[str], unit: str) -> pd.DataFrame:
    """One row per value of `keys`: students, total, per_student, week_percent, window_percent,
    not_logging_percent (see the module docstring). `unit` is the column summed: 'books' or 'minutes'.
    Rows are sorted by `keys`; students without a value (no homeroom) are left out.
    """
    counted = _counted(students, unit).join(students[list(keys)])
    sums = counted.groupby(list(keys), sort=True).sum().reset_index()
    return _with_rates(sums)


def group_members(students: pd.DataFrame) -> pd.DataFrame:
    """One boolean column per group code, True for its students: 'all', each flag and its
    complement, each sex and race present. A blank flag is in neither a flag's group nor its complement."""
    members = {ALL: np.ones(len(students), dtype=bool)}
    for flag in FLAG_SUBGROUPS:
        members[flag] = students[flag].eq(True).fillna(False).to_numpy(dtype=bool)
        members[NOT + flag] = students[flag].eq(False).fillna(False).to_numpy(dtype=bool)
    for kind, column in (("sex", "sex"), ("race", "race_ethnicity")):
        for value in sorted(students[column].dropna().unique()):
            members[f"{kind}:{value}"] = students[column].eq(value).fillna(False).to_numpy(dtype=bool)
    return pd.DataFrame(members, index=students.index)


def subgroup_summary(students: pd.DataFrame, unit: str) -> pd.DataFrame:
    """One row per student group with students in it (code in `subgroup`, name in `group`), as
    participation_summary; groups in the subgroup page's order, all students first (always)."""
    members = group_members(students)
    sums = members.T.astype("float64") @ _counted(students, unit).astype("float64")
    sums = sums[(sums["students"] > 0) | (sums.index == ALL)]
    order = sorted(sums.index, key=group_order)
    table = _with_rates(sums.loc[order].rename_axis("subgroup").reset_index())
    return table.assign(group=[subgroup_label(code) for code in table["subgroup"]])


def protect_nested(
    table: pd.DataFrame, key: str, kind: str, nesting: Nesting, policy: PrivacyPolicy
) -> ProtectedTable:
    """`table` (participation_summary rows, one per `key`) after the privacy pass.

    Each row's figures are hidden when its students are fewer than k (the total and the
    not-logging percent too: they are about fewer than k students); a row whose cell
    (`kind`, key) the nesting hides (lib.reading.nesting: so that no small group can be worked
    out from the page's other figures) shows "hidden" instead.
    """
    protected = protect_group_table(table, key, "students", RATES, policy)
    hidden = [nesting.state((kind, value)) == HIDDEN for value in table[key]]
    return hide_rows(protected, hidden, SUMMARY_COLUMNS)


def protect_subgroups(
    table: pd.DataFrame, policy: PrivacyPolicy, nesting: Nesting | None = None
) -> ProtectedTable:
    """subgroup_summary rows after the privacy pass, as on the subgroup page: each group on its
    own, and each partition (a flag and its complement, the sexes, the races) against all students.
    With a `nesting`, a group (or all students) it hides is hidden too."""
    rows = table[["subgroup", "group", "students", *SUBGROUP_RATES]].assign(window_label=WINDOW)
    protected = protect_by_window(rows, "students", SUBGROUP_RATES, policy)
    protected = protected.apply(lambda frame: frame.drop(columns="window_label"))
    if nesting is None:
        return protected
    keys = [ALL_KEY if code == ALL else ("group", code) for code in table["subgroup"]]
    already = protected.suppressed["students"].to_numpy(dtype=bool)
    hidden = [not small and nesting.state(key) != SHOWN for key, small in zip(keys, already, strict=True)]
    return hide_rows(protected, hidden, ["students", *SUBGROUP_RATES])


def only_rows(table: ProtectedTable, column: str, keep: Sequence[str]) -> ProtectedTable:
    """The rows whose `column` is in `keep` (every row when `keep` is empty), index 0..n-1."""
    if not keep:
        return table
    return table.rows(table.values[column].isin(list(keep)).to_numpy())
