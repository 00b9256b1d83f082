"""The gap table of the subgroup page: protected trend rows plus gaps, change and trend word.

Built from two `gap_rows` frames of the same rows, one from the privacy-safe percents and
one from the real ones, so a cell can say "hidden" exactly where a number exists but may
not be shown. Column names are the ones people read (and download).
"""

from __future__ import annotations

import pandas as pd

from lib.core.groups import complement_of, group_order
from lib.privacy.suppression import COMPLEMENT_LABEL, LOW_N_COLUMN, ProtectedTable

RATES = {"percent_proficient": True, "mean_scale_score": False}
GAP_COLUMNS = ("gap_to_all", "change", "gap_to_complement")
TABLE_COLUMNS = {
    "group": "Group",
    "window_label": "Window",
    "tested": "Students tested",
    "percent_proficient": "Percent proficient",
    "mean_scale_score": "Mean scale score",
    "gap_to_all": "Gap to all students (pts)",
    "change": "Change since previous window (pts)",
    "trend": "Trend",
    "gap_to_complement": "Gap to complement (pts)",
    "complement_tested": "Students in complement",
    LOW_N_COLUMN: "Low n",
}


def gap_table(trend: ProtectedTable, safe: pd.DataFrame, raw: pd.DataFrame) -> ProtectedTable:
    """The gap table: the protected trend rows plus gaps, change, trend word and complement count.

    `safe` and `raw` are `gap_rows` of the same rows from the privacy-safe percents (hidden
    and coded rates left out) and from the real ones. A gap, change or trend is hidden
    wherever `raw` has one but `safe` does not. Rows go group by group, windows in order.
    """
    frames = trend.frames()
    frames["values"][list(RATES)] = frames["values"][list(RATES)].round(1)  # as precise as a download needs
    reason = trend.labels["percent_proficient"].where(trend.suppressed["percent_proficient"], "hidden")
    for column in GAP_COLUMNS:
        hidden = raw[column].notna() & safe[column].isna()
        text = safe[column].map(change_text if column == "change" else gap_text)
        _put(frames, column, safe[column], text, hidden, reason)
    hidden_change = raw["change"].notna() & safe["change"].isna()
    _put(frames, "trend", safe["trend"], safe["trend"], hidden_change, reason)
    _add_complement_counts(frames, trend)
    order = sorted(range(len(trend.values)), key=lambda i: (group_order(trend.values["subgroup"].iloc[i]), i))
    return renamed(ProtectedTable(**frames).rows(order), TABLE_COLUMNS)


def gap_text(gap: float) -> str:
    """'28' (points; negative when the group is ahead), '—' when there is no gap."""
    return "—" if pd.isna(gap) else f"{gap:.0f}"


def change_text(change: float) -> str:
    """'+3', '-4', '0' (points), '—' when there is nothing to compare with."""
    return "—" if pd.isna(change) else f"{change:+.0f}" if change else "0"


def _put(
    frames: dict, column: str, values: pd.Series, labels: pd.Series, hidden: pd.Series, reason: pd.Series
) -> None:
    """Add a column to the five frames; hidden cells get no value and `reason` as label."""
    shown = values.where(~hidden)
    is_number = pd.api.types.is_numeric_dtype(shown)
    frames["values"][column] = shown.astype("Int64").array if is_number else shown.to_numpy()
    frames["labels"][column] = labels.where(~hidden, reason).to_numpy()
    frames["suppressed"][column] = hidden.to_numpy()
    frames["coded"][column] = False
    frames["low_n"][column] = False


def _add_complement_counts(frames: dict, trend: ProtectedTable) -> None:
    """Students in each row's complement group in the same window, as protected ('—' for none).

    A row whose own count is hidden shows no complement count ("hidden"): beside all students it
    would give the row's count away as all students minus the complement (issue 10).
    """
    keys = list(zip(trend.values["window_label"], trend.values["subgroup"], strict=True))
    position = {key: i for i, key in enumerate(keys)}
    found = [position.get((window, complement_of(code) or "")) for window, code in keys]
    own_hidden = trend.suppressed["tested"].to_numpy(dtype=bool)
    for name in ("values", "labels", "suppressed"):
        source = getattr(trend, name)["tested"].to_numpy()
        missing = {"values": None, "labels": "—", "suppressed": False}[name]
        hidden = {"values": None, "labels": COMPLEMENT_LABEL, "suppressed": True}[name]
        column = [
            missing if i is None else hidden if own_hidden[row] else source[i] for row, i in enumerate(found)
        ]
        frames[name]["complement_tested"] = pd.array(column, dtype="Int64") if name == "values" else column
    frames["coded"]["complement_tested"] = False
    frames["low_n"]["complement_tested"] = False


def renamed(table: ProtectedTable, columns: dict[str, str]) -> ProtectedTable:
    """Only `columns`, renamed for display, in that order."""
    names = list(columns.values())
    return table.apply(lambda frame: frame[list(columns)].set_axis(names, axis=1))
