"""Gap, change and growth arithmetic for the subgroup page: pure functions on numbers and frames.

Units: percents run 0-100; gaps and changes are percentage points.

- Gap to all students = all students' percent proficient minus the group's
  (lib.core.numbers.gap_points, as in lib.goals.attention.gap_changes): positive when the
  group is behind. Gap to complement = the complement's percent minus the group's ("not
  English learners" minus "English learners"). Gaps are rounded to whole points before anything else uses them, so a change always
  equals the difference of the two gaps printed beside it.
- Change since the previous window = this window's gap minus the gap in the window just
  before it (across school years: EOY 2025-2026 comes before BOY 2026-2027).
- A gap "narrowed" when its size (ignoring which side is ahead) shrank, "widened" when it grew.
- Growth = among students tested at a school year's BOY and in a later window of the same
  year, the percent whose performance level in the later window is higher.
"""

from __future__ import annotations

import math

import pandas as pd

from lib.core.contract import WINDOWS
from lib.core.groups import ALL, complement_of, group_order
from lib.core.numbers import gap_points, percent


def window_label(window: str, school_year: str) -> str:
    """'BOY 2026-2027'."""
    return f"{window} {school_year}"


def window_order(school_year: str, window: str) -> tuple[str, int]:
    """Sort key putting windows in time order: by school year, then BOY, MOY, EOY."""
    return school_year, WINDOWS.index(window) if window in WINDOWS else len(WINDOWS)


def gap_trend(previous_gap: float, gap: float) -> str:
    """'narrowed' or 'widened' (by the gap's size), 'no change', or '' when either gap is missing."""
    if math.isnan(previous_gap) or math.isnan(gap):
        return ""
    if abs(gap) == abs(previous_gap):
        return "no change"
    return "narrowed" if abs(gap) < abs(previous_gap) else "widened"


def growth_percent(moved_up: int, tested_both: int) -> float:
    """Percent of students tested in both windows who moved up a level; NaN when none were."""
    return percent(moved_up, tested_both)


def with_percents(rows: pd.DataFrame) -> pd.DataFrame:
    """proficiency_by_group rows with `window_label` and `percent_proficient`, in time and group order."""
    out = rows.assign(
        window_label=[window_label(w, y) for w, y in zip(rows["window"], rows["school_year"], strict=True)],
        percent_proficient=[percent(p, n) for p, n in zip(rows["proficient"], rows["tested"], strict=True)],
    )
    return _in_order(out)


def with_growth(rows: pd.DataFrame) -> pd.DataFrame:
    """growth_by_group rows with `span` ('BOY to EOY 2025-2026') and `percent_moved_up`, ordered."""
    out = rows.assign(
        window_label=[window_label(w, y) for w, y in zip(rows["window"], rows["school_year"], strict=True)],
        span=[
            f"BOY to {window_label(w, y)}" for w, y in zip(rows["window"], rows["school_year"], strict=True)
        ],
        percent_moved_up=[
            growth_percent(m, n) for m, n in zip(rows["moved_up"], rows["tested_both"], strict=True)
        ],
    )
    return _in_order(out)


def _in_order(rows: pd.DataFrame) -> pd.DataFrame:
    keys = [
        (*window_order(y, w), group_order(g))
        for y, w, g in rows[["school_year", "window", "subgroup"]].itertuples(index=False)
    ]
    return rows.iloc[sorted(range(len(rows)), key=keys.__getitem__)].reset_index(drop=True)


def windows_in_order(rows: pd.DataFrame) -> list[str]:
    """The distinct window labels of ordered rows (from `with_percents`), oldest first."""
    return list(dict.fromkeys(rows["window_label"]))


def gap_rows(percents: pd.DataFrame, windows: list[str]) -> pd.DataFrame:
    """Per window and group: gap to all students, its change since the previous window, trend, gap to complement.

    `percents` has columns window_label, subgroup, percent: NaN where the percent may not be
    used (hidden or coded by the privacy pass), so every gap built on it is NaN too. Rows
    follow `percents`; the 'all' row and groups without a complement get NaN gaps.
    """
    keys = list(zip(percents["window_label"], percents["subgroup"], strict=True))
    value = dict(zip(keys, percents["percent"].astype("float64"), strict=True))
    before = {window: windows[i - 1] if i else None for i, window in enumerate(windows)}

    def to_all(window: str | None, code: str) -> float:
        nan = float("nan")
        return (
            nan if code == ALL else gap_points(value.get((window, ALL), nan), value.get((window, code), nan))
        )

    def to_complement(window: str, code: str) -> float:
        other = complement_of(code)
        nan = float("nan")
        return nan if other is None else gap_points(value.get((window, other), nan), value[(window, code)])

    out = pd.DataFrame(
        {
            "window_label": percents["window_label"].to_numpy(),
            "subgroup": percents["subgroup"].to_numpy(),
            "gap_to_all": [to_all(w, g) for w, g in keys],
            "previous_gap": [to_all(before[w], g) for w, g in keys],
            "gap_to_complement": [to_complement(w, g) for w, g in keys],
        }
    )
    return out.assign(
        change=out["gap_to_all"] - out["previous_gap"],
        trend=[gap_trend(p, g) for p, g in zip(out["previous_gap"], out["gap_to_all"], strict=True)],
    )


def comparison_windows(windows: list[str]) -> list[str]:
    """Windows the latest one is compared with in summaries: the one before it, and the same
    window a school year earlier (when that is a different window), most recent first."""
    if len(windows) < 2:
        return []
    latest, previous = windows[-1], windows[-2]
    window, _, year = latest.partition(" ")
    start = int(year[:4])
    year_before = f"{window} {start - 1}-{start}"
    return [previous] + ([year_before] if year_before in windows[:-2] else [])
