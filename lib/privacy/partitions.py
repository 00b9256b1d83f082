"""The privacy pass for overlapping student groups, window by window.

`protect_group_table` (lib.privacy) hides each small group on its own. The groups on the
subgroup page also split all students into parts: a flag group and its complement (plus
students whose flag is blank), the sexes, the races. With all students shown, a hidden part
could be worked out as all students minus the shown parts, and its percent from the
proficient counts the same way. So a window's groups go through `lib.privacy.audit.protect`
together, one line per partition, and every group it hides loses its count and its rates
(labelled "hidden").

Students in none of a partition's parts (a blank flag, sex or race) are one more cell of its
line: the residual. Its count is printed (see `residual_note_counts`) only when it is 0 or at
least k; otherwise it is UNPUBLISHED: a reader knows only that it is 0 or more, so what they can
work out is all students minus the shown parts, the small group *and* the blanks together.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lib.core.config import PrivacyPolicy
from lib.core.contract import FLAG_SUBGROUPS
from lib.core.groups import ALL, NOT
from lib.privacy.audit import HIDDEN, NOT_SHOWN, SHOWN, SMALL, UNPUBLISHED, Line, protect
from lib.privacy.suppression import (
    COMPLEMENT_LABEL,
    FRAMES,
    LOW_N_COLUMN,
    ProtectedTable,
    protect_group_table,
)

UNRECORDED = "_unrecorded"  # prefix of a partition's residual cell: '_unrecorded:english_learner'
KEY = "_window_group"


def partitions(groups: Iterable[str]) -> list[list[str]]:
    """The parts of all students among `groups`: each flag with its complement, the sexes, the races."""
    present = list(groups)
    flags = [[flag, NOT + flag] for flag in FLAG_SUBGROUPS]
    by_kind = [[g for g in present if g.startswith(kind)] for kind in ("sex:", "race:")]
    found = [[g for g in part if g in present] for part in flags] + by_kind
    return [part for part in found if part]


def residual_key(parts: Sequence[str]) -> str:
    """The residual cell of a partition: '_unrecorded:english_learner', '_unrecorded:sex'."""
    first = parts[0]
    kind = first.partition(":")[0] if first.startswith(("sex:", "race:")) else first.removeprefix(NOT)
    return f"{UNRECORDED}:{kind}"


def is_residual(key: str) -> bool:
    return key.startswith(UNRECORDED)


@dataclass(frozen=True)
class WindowPrivacy:
    """One window's groups as the auditor sees them: `counts` (group code or residual key ->
    students), the partitions' `lines` (all students = parts + residual) and each cell's state
    (SHOWN, SMALL, HIDDEN or UNPUBLISHED; see lib.privacy.audit)."""

    counts: dict[str, int]
    lines: tuple[Line, ...] = ()
    states: dict[str, str] = field(default_factory=dict)

    def state(self, key: str) -> str:
        return self.states.get(key, SHOWN)

    def hidden_groups(self) -> set[str]:
        """Group codes not shown (fewer than k, or hidden to protect one), residuals left out."""
        return {key for key in self.counts if self.state(key) in NOT_SHOWN and not is_residual(key)}


def window_cells(tested: Mapping[str, int]) -> tuple[dict[str, int], tuple[Line, ...]]:
    """Counts with a residual per partition, and the partitions' lines (none without 'all')."""
    counts = {code: int(n) for code, n in tested.items()}
    if ALL not in counts:
        return counts, ()
    lines = []
    for parts in partitions(g for g in counts if g != ALL):
        residual = residual_key(parts)
        counts[residual] = counts[ALL] - sum(counts[part] for part in parts)
        lines.append(Line(ALL, (*parts, residual), residual.partition(":")[2]))
    return counts, tuple(lines)


def protect_window(tested: Mapping[str, int], policy: PrivacyPolicy) -> WindowPrivacy:
    """What to show of one window's groups: `tested` maps group code to students ('all' included).

    A residual of 1 to k-1 students is UNPUBLISHED; one of 0 or at least k is a cell like any
    other, printed when it stays SHOWN.
    """
    counts, lines = window_cells(tested)
    k = policy.min_group_size
    unpublished = [key for key in counts if is_residual(key) and 0 < counts[key] < k]
    states = protect(counts, lines, k, unpublished=unpublished)
    return WindowPrivacy(counts, lines, {str(key): state for key, state in states.items()})


def partition_hidden(tested: Mapping[str, int], policy: PrivacyPolicy) -> set[str]:
    """Groups to hide (count 1 to k-1, or needed to keep one from being worked out).

    `tested` maps group code to students tested and should include 'all' (without it, only
    groups of 1 to k-1 are hidden).
    """
    return protect_window(tested, policy).hidden_groups()


def protect_windows(rows: pd.DataFrame, n_col: str, policy: PrivacyPolicy) -> dict[str, WindowPrivacy]:
    """`protect_window` for each window (`window_label`) of rows of groups (`subgroup`)."""
    return {
        window: protect_window(dict(zip(frame["subgroup"], frame[n_col], strict=True)), policy)
        for window, frame in rows.groupby("window_label", sort=False)
    }


def residual_note_counts(windows: Mapping[str, WindowPrivacy]) -> list[tuple[str, str, int]]:
    """(window, residual key, students) for each residual that may be printed: shown and nonzero."""
    return [
        (window, key, count)
        for window, privacy in windows.items()
        for key, count in privacy.counts.items()
        if is_residual(key) and count > 0 and privacy.state(key) == SHOWN
    ]


def hidden_because(windows: Mapping[str, WindowPrivacy]) -> list[tuple[str, tuple[str, ...], list[str]]]:
    """(group, what it protects, windows) for each group hidden though it has k or more students.

    What it protects: the nonzero cells of fewer than k (or unrecorded) in the lines through it,
    the ones a reader could otherwise work out. Groups with the same reason share one entry.
    """
    found: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for window, privacy in windows.items():
        for key in privacy.counts:
            if privacy.state(key) == HIDDEN and not is_residual(key):
                found.setdefault((key, _protected_by(privacy, key)), []).append(window)
    return [(code, protected, names) for (code, protected), names in found.items()]


def _protected_by(privacy: WindowPrivacy, key: str) -> tuple[str, ...]:
    cells = [
        cell
        for line in privacy.lines
        if key in (line.total, *line.parts)
        for cell in (line.total, *line.parts)
        if cell != key and privacy.state(str(cell)) in (SMALL, UNPUBLISHED) and privacy.counts[str(cell)] > 0
    ]
    return tuple(str(cell) for cell in dict.fromkeys(cells))


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
    rows: pd.DataFrame,
    n_col: str,
    rate_cols: Mapping[str, bool],
    policy: PrivacyPolicy,
    windows: Mapping[str, WindowPrivacy] | None = None,
) -> ProtectedTable:
    """Rows of groups (`subgroup`) per window (`window_label`), each protected on its own and,
    window by window, as parts of all students. Rows keep their order (index 0..n-1).

    `windows` is `protect_windows(rows, n_col, policy)` when the caller has it already.
    """
    rows = rows.reset_index(drop=True)
    windows = protect_windows(rows, n_col, policy) if windows is None else windows
    keys = [f"{w}|{g}" for w, g in zip(rows["window_label"], rows["subgroup"], strict=True)]
    keyed = rows.assign(**{KEY: pd.Series(keys, index=rows.index, dtype=object)})
    table = protect_group_table(keyed, KEY, n_col, rate_cols, policy)
    already = table.suppressed[n_col].to_numpy(dtype=bool)  # keeps its "fewer than k"
    states = [windows[w].state(g) for w, g in zip(rows["window_label"], rows["subgroup"], strict=True)]
    mask = [state == HIDDEN and not small for state, small in zip(states, already, strict=True)]
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
