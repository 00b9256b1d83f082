"""The privacy pass for overlapping student groups, window by window.

`protect_group_table` (lib.privacy) hides each small group on its own. The groups on the
subgroup page also split all students into parts: a flag group and its complement (plus
students whose flag is blank), the sexes, the races. With all students shown, a lone hidden
part could be worked out as all students minus the shown parts, and its percent from the
proficient counts the same way. So each partition also goes through `suppress_counts` with
all students as its total, and every group it hides loses its count and its rates
(labelled "hidden"). Students in none of a partition's parts count as one more part, as if
a reader knew how many there are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from lib.contract import FLAG_SUBGROUPS
from lib.privacy import (
    COMPLEMENT_LABEL,
    LOW_N_COLUMN,
    PrivacyPolicy,
    ProtectedTable,
    protect_group_table,
    suppress_counts,
)
from lib.subgroups_gaps import ALL, NOT

UNRECORDED = "_unrecorded"
FRAMES = ("values", "labels", "suppressed", "coded", "low_n")


def partitions(groups: Iterable[str]) -> list[list[str]]:
    """The parts of all students among `groups`: each flag with its complement, the sexes, the races."""
    present = list(groups)
    flags = [[flag, NOT + flag] for flag in FLAG_SUBGROUPS]
    by_kind = [[g for g in present if g.startswith(kind)] for kind in ("sex:", "race:")]
    found = [[g for g in part if g in present] for part in flags] + by_kind
    return [part for part in found if part]


def partition_hidden(tested: Mapping[str, int], policy: PrivacyPolicy) -> set[str]:
    """Groups to hide (count 1 to k-1, or needed to keep one from being worked out).

    `tested` maps group code to students tested and must include 'all'.
    """
    hidden: set[str] = set()
    for parts in partitions(g for g in tested if g != ALL):
        counts = [int(tested[part]) for part in parts]
        rest = int(tested[ALL]) - sum(counts)
        table = pd.DataFrame({"tested": [*counts, rest, int(tested[ALL])]}, index=[*parts, UNRECORDED, ALL])
        protected = suppress_counts(table, ["tested"], policy, total_row=ALL)
        hidden |= set(table.index[protected.suppressed["tested"].to_numpy(dtype=bool)])
    return hidden - {UNRECORDED}


def hide_rows(table: ProtectedTable, rows: Sequence[bool], columns: Sequence[str]) -> ProtectedTable:
    """`table` with `columns` hidden ("hidden") in the rows marked True, and their low-n mark cleared."""
    mask = np.asarray(rows, dtype=bool)
    frames = {name: getattr(table, name).copy() for name in FRAMES}
    for column in columns:
        frames["values"].loc[mask, column] = np.nan
        frames["labels"].loc[mask, column] = COMPLEMENT_LABEL
        frames["suppressed"].loc[mask, column] = True
        frames["coded"].loc[mask, column] = False
        frames["low_n"].loc[mask, column] = False
    if LOW_N_COLUMN in frames["values"]:
        frames["values"].loc[mask, LOW_N_COLUMN] = False
        frames["labels"].loc[mask, LOW_N_COLUMN] = ""
    return ProtectedTable(**frames)


def protect_window(rows: pd.DataFrame, n_col: str, rate_cols: Mapping[str, bool], policy: PrivacyPolicy) -> ProtectedTable:
    """One window's groups (column `subgroup`) protected alone and as parts of all students."""
    table = protect_group_table(rows.reset_index(drop=True), "subgroup", n_col, rate_cols, policy)
    tested = dict(zip(rows["subgroup"], rows[n_col], strict=True))
    hidden = partition_hidden(tested, policy) if ALL in tested else set()
    return hide_rows(table, rows["subgroup"].isin(hidden).to_numpy(), [n_col, *rate_cols])


def protect_by_window(
    rows: pd.DataFrame, n_col: str, rate_cols: Mapping[str, bool], policy: PrivacyPolicy
) -> ProtectedTable:
    """`protect_window` for each window_label of `rows`, stacked back in the order of `rows`."""
    order = list(dict.fromkeys(rows["window_label"]))
    parts = [protect_window(rows[rows["window_label"] == w], n_col, rate_cols, policy) for w in order]
    return stack(parts, list(rows.columns) + [LOW_N_COLUMN])


def stack(tables: Sequence[ProtectedTable], columns: Sequence[str]) -> ProtectedTable:
    """Protected tables one under another (a fresh 0..n-1 index); empty tables give `columns`."""
    if not tables:
        empty = pd.DataFrame(columns=list(columns))
        return ProtectedTable(**{name: empty.copy() for name in FRAMES})
    return ProtectedTable(
        **{name: pd.concat([getattr(t, name) for t in tables], ignore_index=True) for name in FRAMES}
    )


def usable_percent(table: ProtectedTable, column: str) -> pd.Series:
    """A percent column's shown values, NaN where hidden or coded: safe to compute gaps from.

    A gap from a coded rate ('>95%') would give the real rate back to anyone who subtracts.
    """
    return table.values[column].astype("float64").mask(table.coded[column].astype(bool))
