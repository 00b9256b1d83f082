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

from lib.core.config import PrivacyPolicy
from lib.core.contract import FLAG_SUBGROUPS
from lib.core.groups import ALL, NOT
from lib.privacy.suppression import (
    COMPLEMENT_LABEL,
    FRAMES,
    LOW_N_COLUMN,
    ProtectedTable,
    protect_group_table,
    suppress_counts,
)

UNRECORDED = "_unrecorded"
KEY = "_window_group"


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
        everyone = int(tested[ALL])
        counts += [everyone - sum(counts), everyone]
        if not any(0 < count < policy.min_group_size for count in counts):
            continue  # nothing small: nothing to hide, and suppress_counts costs a few ms
        table = pd.DataFrame({"tested": counts}, index=[*parts, UNRECORDED, ALL])
        protected = suppress_counts(table, ["tested"], policy, total_row=ALL)
        hidden |= set(table.index[protected.suppressed["tested"].to_numpy(dtype=bool)])
    return hidden - {UNRECORDED}


def hide_rows(
    table: ProtectedTable, rows: Sequence[bool] | np.ndarray, columns: Sequence[str]
) -> ProtectedTable:
    """`table` with `columns` hidden ("hidden") in the rows marked True, and their low-n mark cleared."""
    mask = np.asarray(rows, dtype=bool)
    frames = table.frames()
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


def protect_by_window(
    rows: pd.DataFrame, n_col: str, rate_cols: Mapping[str, bool], policy: PrivacyPolicy
) -> ProtectedTable:
    """Rows of groups (`subgroup`) per window (`window_label`), each protected on its own and,
    window by window, as parts of all students. Rows keep their order (index 0..n-1)."""
    rows = rows.reset_index(drop=True)
    keys = [f"{w}|{g}" for w, g in zip(rows["window_label"], rows["subgroup"], strict=True)]
    keyed = rows.assign(**{KEY: pd.Series(keys, index=rows.index, dtype=object)})
    table = protect_group_table(keyed, KEY, n_col, rate_cols, policy)
    hidden = set()
    for window, frame in rows.groupby("window_label", sort=False):
        tested = dict(zip(frame["subgroup"], frame[n_col], strict=True))
        hidden |= {(window, g) for g in partition_hidden(tested, policy)} if ALL in tested else set()
    already = table.suppressed[n_col].to_numpy(dtype=bool)  # keeps its "fewer than k"
    windows_groups = zip(rows["window_label"], rows["subgroup"], strict=True)
    mask = [key in hidden and not small for key, small in zip(windows_groups, already, strict=True)]
    protected = hide_rows(table, mask, [n_col, *rate_cols])
    return protected.apply(lambda frame: frame.drop(columns=KEY))


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
