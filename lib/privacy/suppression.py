"""Privacy pass for student aggregates: small groups are hidden before anything is drawn.

Rules, after common US education reporting practice (k = `PrivacyPolicy.min_group_size`,
10 unless SCHOOL_GOALS_MIN_GROUP_SIZE says otherwise):

- Primary suppression: a count of 1 to k-1 students is hidden. A count of 0 is shown: it
  names no student, and the rules below never hide a 0 either (it would protect nothing).
  A rate or average over fewer than k students, or over an unknown number, is hidden.
- Complementary suppression: where a declared total is shown, more cells are hidden until
  no hidden count can be worked out from the shown numbers (see `suppress_counts`).
- Coding: for groups under `coding_group_size`, a percent above `top_code` shows as ">95%"
  and one below `bottom_code` as "<5%"; its number becomes the bound itself (95.0 / 5.0), so
  a chart still puts the group near the edge but never carries the real value.

Hidden cells are missing in `ProtectedTable.values`, so no chart, hover or download built
from it can carry them; `labels` says what to show instead.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.core.config import PrivacyPolicy
from lib.core.numbers import NO_DATA, percent_text
from lib.privacy import audit

# Rating averages (personnel records) stand on at least this many teachers: the observation
# page's rubric figures and the learning page's before/after comparison.
MIN_TEACHERS = 5
LOW_N_COLUMN = "low_n"
MASKS = ("suppressed", "coded", "low_n")
FRAMES = ("values", "labels", *MASKS)
NO_DATA_LABEL = NO_DATA
COMPLEMENT_LABEL = "hidden"
PRIVACY_NOTE = "Hidden to protect student privacy: fewer than {k} students"
LOW_N_NOTE = "Fewer than {low_n} students: a few students can move this number a lot"

Cell = tuple[int, int]
Line = dict[Cell, int]  # cell -> +1 for a part, -1 for the total: the signed cells sum to 0


def privacy_note(policy: PrivacyPolicy) -> str:
    """Tooltip text for a cell hidden because its group is small, with the policy's k."""
    return PRIVACY_NOTE.format(k=policy.min_group_size)


@dataclass(frozen=True)
class ProtectedTable:
    """A table after the privacy pass; all five frames share its index and columns.

    `values`: numbers, hidden cells missing, coded rates at their bound: safe to chart.
    `labels`: strings to display ("1,234", "fewer than 10", "hidden", "n<10", ">95%", "48%").
    `suppressed`, `coded`, `low_n`: boolean masks (`low_n` is set on rate cells only).
    """

    values: pd.DataFrame
    labels: pd.DataFrame
    suppressed: pd.DataFrame
    coded: pd.DataFrame
    low_n: pd.DataFrame

    def frames(self) -> dict[str, pd.DataFrame]:
        """Copies of the five frames by name, to change and wrap again: ProtectedTable(**frames)."""
        return {name: getattr(self, name).copy() for name in FRAMES}

    def apply(self, change: Callable[[pd.DataFrame], pd.DataFrame]) -> ProtectedTable:
        """The table with `change` done to each of its five frames alike (drop, rename, reorder)."""
        return ProtectedTable(**{name: change(getattr(self, name)) for name in FRAMES})

    def rows(self, positions: Sequence[int] | Sequence[bool] | np.ndarray) -> ProtectedTable:
        """The rows at integer `positions` (in that order) or where a boolean mask is True; index 0..n-1."""
        chosen = np.asarray(positions)
        return self.apply(lambda frame: frame.iloc[chosen].reset_index(drop=True))

    def for_download(self) -> pd.DataFrame:
        """Numbers where shown, the label where hidden or coded: no hidden number anywhere."""
        return self.values.astype(object).mask(self.suppressed | self.coded, self.labels)


def suppress_counts(
    table: pd.DataFrame,
    count_columns: Sequence[str],
    policy: PrivacyPolicy,
    total_row: Hashable | None = None,
    total_column: str | None = None,
) -> ProtectedTable:
    """`table` with counts of 1 to k-1 hidden ("fewer than k"), and more hidden around totals.

    `total_row` (an index label) and `total_column` declare totals; each must equal the sum of
    its parts (ValueError otherwise). In a line with one hidden cell, its smallest nonzero shown
    part is hidden too (its total when no such part is left), and so on until stable. Then more
    are hidden, labelled "hidden", until a reader who knows these rules (a "fewer than k" cell
    is 1..k-1, a "hidden" one at least k) cannot pin any hidden count by adding and subtracting
    shown numbers across rows and columns. Missing counts show as "—" and add as 0.
    """
    columns = [*count_columns, *([total_column] if total_column is not None else [])]
    counts = pd.DataFrame({column: _whole_numbers(table, column) for column in columns})
    grid = counts.fillna(0).to_numpy(dtype=np.int64)
    lines = _lines(table, columns, total_row, total_column is not None)
    _check_totals(grid, lines, columns)
    primary = {cell for cell in np.ndindex(grid.shape) if 0 < grid[cell] < policy.min_group_size}
    hidden = _complementary(_Grid(grid, lines, frozenset(primary), policy.min_group_size))
    is_hidden, is_primary = _cell_mask(grid, hidden), _cell_mask(grid, primary)
    text = np.where(is_hidden, COMPLEMENT_LABEL, counts.map(_count_text).to_numpy(object))
    frames = _plain_frames(table)
    frames["suppressed"][columns] = is_hidden
    frames["values"][columns] = counts.mask(is_hidden)
    frames["labels"][columns] = np.where(is_primary, f"fewer than {policy.min_group_size}", text)
    return ProtectedTable(**frames)


def protect_rates(
    table: pd.DataFrame, rate_column: str, n_column: str, policy: PrivacyPolicy, is_percent: bool = True
) -> ProtectedTable:
    """`table` with one rate protected by its group size n, and n protected as a count.

    Percents are 0-100; with `is_percent=False` the column is an average (books per student),
    hidden and flagged like a rate but never coded. See `protect_group_table` for the rules.
    """
    return _protect_rates(table, n_column, {rate_column: is_percent}, policy)


def protect_group_table(
    df: pd.DataFrame, group_col: str, n_col: str, rate_cols: Mapping[str, bool], policy: PrivacyPolicy
) -> ProtectedTable:
    """One row per group ("All students", "English learners", ...) with n and rates, protected.

    `rate_cols` maps each rate or average column to is_percent. n follows count suppression; a
    rate is hidden (label "n<10") when n < k or n is missing, coded when n < coding_group_size,
    and a `low_n` column is added: True where k <= n < policy.low_n. Groups overlap, so no row is
    taken as the sum of others: a group shown with its complement (EL and not EL) and a total
    needs `suppress_counts` with `total_row`.
    """
    if df[group_col].duplicated().any():
        raise ValueError(f"column {group_col!r} must name each group once")
    return _protect_rates(df, n_col, rate_cols, policy)


# --- rates ------------------------------------------------------------------------------------


def _protect_rates(
    table: pd.DataFrame, n_column: str, rate_cols: Mapping[str, bool], policy: PrivacyPolicy
) -> ProtectedTable:
    frames = suppress_counts(table, [n_column], policy).frames()
    n = _whole_numbers(table, n_column).astype("float64")  # NaN compares False: no NA masks
    too_small = n.isna() | (n < policy.min_group_size)
    is_low_n = ~too_small & (n < policy.low_n)
    for column, is_percent in rate_cols.items():
        rate = _rate_numbers(table, column, is_percent)
        high, low = _coded(rate, n, too_small, policy, is_percent)
        frames["values"][column] = (
            rate.mask(too_small).mask(high, policy.top_code).mask(low, policy.bottom_code)
        )
        text = rate.map(percent_text if is_percent else _average_text)
        text = text.mask(high, f">{policy.top_code:g}%").mask(low, f"<{policy.bottom_code:g}%")
        frames["labels"][column] = text.mask(too_small, f"n<{policy.min_group_size}")
        frames["suppressed"][column], frames["coded"][column] = too_small, high | low
        frames["low_n"][column] = is_low_n
    frames["values"][LOW_N_COLUMN] = is_low_n
    frames["labels"][LOW_N_COLUMN] = is_low_n.map({True: "low n", False: ""})
    for mask in MASKS:
        frames[mask][LOW_N_COLUMN] = False
    return ProtectedTable(**frames)


def _coded(
    rate: pd.Series, n: pd.Series, too_small: pd.Series, policy: PrivacyPolicy, is_percent: bool
) -> tuple[pd.Series, pd.Series]:
    """Masks of shown percents to code as above top_code and below bottom_code."""
    small = ~too_small & (n < policy.coding_group_size) & is_percent
    return small & (rate > policy.top_code), small & (rate < policy.bottom_code)


def _rate_numbers(table: pd.DataFrame, column: str, is_percent: bool) -> pd.Series:
    rate = pd.to_numeric(table[column], errors="raise").astype("float64")
    if is_percent and ((rate < 0) | (rate > 100)).any():
        raise ValueError(f"column {column!r} must hold percents from 0 to 100")
    return rate


def _average_text(value: float) -> str:
    return NO_DATA_LABEL if pd.isna(value) else f"{value:,.1f}"


# --- counts and totals --------------------------------------------------------------------------


def _whole_numbers(table: pd.DataFrame, column: str) -> pd.Series:
    """`table[column]` as Int64; ValueError naming the column if a value is not a count."""
    raw = table[column]
    numbers = pd.to_numeric(raw, errors="coerce")
    bad = raw.notna() & (numbers.isna() | (numbers < 0) | (numbers % 1 != 0)).fillna(True)
    if bad.any():
        found = raw[bad].iloc[0]
        raise ValueError(f"column {column!r} must hold whole numbers of students, 0 or more; found {found!r}")
    return numbers.astype("Int64")


def _count_text(value: float) -> str:
    return NO_DATA_LABEL if pd.isna(value) else f"{int(value):,}"


def _cell_mask(grid: np.ndarray, cells: set[Cell]) -> np.ndarray:
    """True at the (row, column) positions in `cells`."""
    mask = np.zeros(grid.shape, dtype=bool)
    for cell in cells:
        mask[cell] = True
    return mask


def _plain_frames(table: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The frames of a ProtectedTable that hides nothing; the protecting code fills columns in."""
    labels = table.map(lambda value: NO_DATA_LABEL if pd.isna(value) else str(value)).astype(object)
    masks = {name: pd.DataFrame(False, index=table.index, columns=table.columns) for name in MASKS}
    return {"values": table.copy(), "labels": labels} | masks


def _lines(
    table: pd.DataFrame, columns: list[str], total_row: Hashable | None, has_total_column: bool
) -> list[Line]:
    """Every row and column of the count grid that adds up to a declared total."""
    n_rows, last = len(table), len(columns) - 1
    lines = [{**{(r, c): 1 for c in range(last)}, (r, last): -1} for r in range(n_rows) if has_total_column]
    if total_row is None:
        return lines
    if not table.index.is_unique or total_row not in table.index:
        raise ValueError(f"total row {total_row!r} must be one label of the table's index")
    top = table.index.get_loc(total_row)
    return lines + [{**{(r, c): 1 for r in range(n_rows) if r != top}, (top, c): -1} for c in range(last + 1)]


def _check_totals(grid: np.ndarray, lines: list[Line], columns: list[str]) -> None:
    for line in lines:
        if sum(sign * int(grid[cell]) for cell, sign in line.items()) != 0:
            r, c = _totals(line)[0]
            raise ValueError(f"the total in row {r}, column {columns[c]!r} is not the sum of its parts")


# --- complementary suppression -------------------------------------------------------------------


@dataclass(frozen=True)
class _Grid:
    """The counts, and what a reader is told about them: which lines add up, which cells are 1..k-1."""

    counts: np.ndarray
    lines: list[Line]
    primary: frozenset[Cell]
    k: int


def _complementary(grid: _Grid) -> set[Cell]:
    """All cells to hide: the primary ones and those that keep them from being worked out.

    A cell the labels alone pin, with every nonzero cell hidden (nine hidden 1s under a hidden
    total below 10), is taken as known: hiding more would only blank the table, not unpin it.
    """
    everything = {cell for cell in np.ndindex(grid.counts.shape) if grid.counts[cell] > 0}
    hopeless = set(_exposed(grid, everything, set()))
    hidden = set(grid.primary)
    while (extra := _next_to_hide(grid, hidden, hopeless)) is not None:
        hidden.add(extra)
    return hidden


def _next_to_hide(grid: _Grid, hidden: set[Cell], hopeless: set[Cell]) -> Cell | None:
    """For a line with a single hidden cell: its smallest nonzero shown part, else its total.

    Then, for a hidden cell a reader could still pin: the same from its least-hidden lines,
    then from any of its lines, then from anywhere. None when no hidden cell can be pinned.
    """
    lone = next((line for line in grid.lines if _hidden_count(line, hidden - hopeless) == 1), None)
    if lone is not None:
        return _smallest_shown(grid, hidden, _parts(lone), _totals(lone))
    for exposed in _exposed(grid, hidden, hopeless):
        own = [line for line in grid.lines if exposed in line]
        fewest = min(_hidden_count(line, hidden) for line in own)
        nearest = [cell for line in own if _hidden_count(line, hidden) == fewest for cell in _parts(line)]
        parts, totals = ([cell for line in own for cell in pick(line)] for pick in (_parts, _totals))
        everywhere = list(np.ndindex(grid.counts.shape))
        if (cell := _smallest_shown(grid, hidden, nearest, parts, totals, everywhere)) is not None:
            return cell
    return None


def _parts(line: Line) -> list[Cell]:
    return [cell for cell, sign in line.items() if sign > 0]


def _totals(line: Line) -> list[Cell]:
    return [cell for cell, sign in line.items() if sign < 0]


def _hidden_count(line: Line, hidden: set[Cell]) -> int:
    return sum(cell in hidden for cell in line)


def _smallest_shown(grid: _Grid, hidden: set[Cell], *pools: list[Cell]) -> Cell | None:
    """The smallest nonzero shown cell of the first pool that has one."""
    for pool in pools:
        shown = [cell for cell in pool if cell not in hidden and grid.counts[cell] > 0]
        if shown:
            return min(shown, key=lambda cell: (grid.counts[cell], cell))
    return None


def _exposed(grid: _Grid, hidden: set[Cell], known: set[Cell]) -> list[Cell]:
    """Hidden cells, other than `known` ones, a reader can pin by linear algebra or by bounds."""
    bounds = _reader_bounds(grid, hidden)
    pinned = {cell for cell in hidden if bounds[cell][0] == bounds[cell][1]}
    return sorted((_determined(hidden - known, grid.lines) | pinned) - known)


def _determined(hidden: set[Cell], lines: list[Line]) -> set[Cell]:
    """Hidden cells the totals fix (other cells count as known): no null-space direction moves them."""
    order = sorted(hidden)
    rows = [[line.get(cell, 0) for cell in order] for line in lines if any(c in hidden for c in line)]
    if not rows:
        return set()
    _, singular, vt = np.linalg.svd(np.array(rows, dtype=float))
    null_space = vt[int((singular > 1e-9).sum()) :]
    return {cell for i, cell in enumerate(order) if np.abs(null_space[:, i]).max(initial=0) < 1e-9}


def _reader_bounds(grid: _Grid, hidden: set[Cell]) -> dict[Hashable, list[float]]:
    """[low, high] a reader can tell for each hidden cell (lib.privacy.audit.reader_bounds).

    The labels tell the reader a "fewer than k" cell is 1..k-1 and a "hidden" one at least k.
    """
    counts = {cell: int(grid.counts[cell]) for line in grid.lines for cell in line}
    counts |= {cell: int(grid.counts[cell]) for cell in hidden}
    lines = tuple(audit.Line(_totals(line)[0], tuple(_parts(line))) for line in grid.lines)
    states = {cell: audit.SMALL if cell in grid.primary else audit.HIDDEN for cell in hidden}
    return audit.reader_bounds(audit.Publication(counts, lines, states), grid.k)
