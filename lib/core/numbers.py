"""Percent and gap arithmetic, and how a percent is written: one definition for every page.

Percents run 0-100. A gap is a reference group's percent minus a group's, in percentage
points, rounded to whole points before anything else uses it, so a change always equals
the difference of the two gaps printed beside it.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

NO_DATA = "—"


def percent(part: float, whole: float) -> float:
    """100 * part / whole; NaN when whole is 0 (nothing to divide by)."""
    return 100.0 * part / whole if whole else float("nan")


def percents(part: pd.Series | np.ndarray, whole: pd.Series | np.ndarray) -> np.ndarray:
    """`percent` over arrays: 100 * part / whole, NaN where whole is 0 or missing."""
    part_values = np.asarray(part, dtype=float)
    whole_values = np.asarray(whole, dtype=float)
    usable = (whole_values != 0) & ~np.isnan(whole_values)
    safe = np.where(usable, whole_values, 1.0)
    return np.where(usable, 100.0 * part_values / safe, np.nan)


def gap_points(reference_percent: float, group_percent: float) -> float:
    """Reference minus group, in whole percentage points (positive: the group is behind).

    NaN when either is missing. Halves round to the even point, as Python's round does.
    """
    gap = reference_percent - group_percent
    return float("nan") if math.isnan(gap) else float(round(gap)) + 0.0


def percent_text(value: float | None) -> str:
    """'62%' (whole percent), or '—' when there is no value."""
    return NO_DATA if value is None or pd.isna(value) else f"{value:.0f}%"
