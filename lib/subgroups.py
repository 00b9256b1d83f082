"""Subgroup trends: percent proficient, gaps and growth per student group, after the privacy pass.

`subgroup_reports` runs the two queries of lib/sql/subgroups.sql once for every subject and
builds one `SubgroupReport` per subject. The arithmetic lives in lib.subgroups_gaps, the
privacy pass in lib.subgroups_privacy, the sentences in lib.subgroups_text. A report holds
only protected tables: hidden numbers are missing from its values and its labels say why,
so anything drawn or downloaded from it is safe to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from pandas.io.formats.style import Styler

from lib.db import Database
from lib.privacy import LOW_N_COLUMN, PrivacyPolicy, ProtectedTable
from lib.subgroups_gaps import (
    ALL,
    complement_of,
    gap_rows,
    group_order,
    windows_in_order,
    with_growth,
    with_percents,
)
from lib.subgroups_privacy import protect_by_window, usable_percent
from lib.subgroups_text import group_name, summary_sentences

RATES = {"percent_proficient": True, "mean_scale_score": False}
TREND_COLUMNS = ["window_label", "subgroup", "group", "tested", "percent_proficient", "mean_scale_score"]
GROWTH_COLUMNS = ["window_label", "subgroup", "group", "tested_both", "percent_moved_up"]
GAP_COLUMNS = ("gap_to_all", "change", "gap_to_complement")
TABLE_COLUMNS = {
    "group": "Group",
    "window_label": "Window",
    "tested": "Students tested",
    "percent_proficient": "Percent proficient",
    "mean_scale_score": "Mean scale score",
    "gap_to_all": "Gap to all students (points)",
    "change": "Change since previous window (points)",
    "trend": "Gap trend",
    "gap_to_complement": "Gap to complement (points)",
    "complement_tested": "Students in complement",
    LOW_N_COLUMN: "Low n",
}
GROWTH_TABLE_COLUMNS = {
    "group": "Group",
    "tested_both": "Students tested at both",
    "percent_moved_up": "Moved up a level",
    LOW_N_COLUMN: "Low n",
}
HIGHLIGHT = "background-color: rgba(31, 95, 168, 0.12); font-weight: 600"


@dataclass(frozen=True)
class SubgroupReport:
    """One subject's figures after the privacy pass.

    `trend`: a row per window and group (window_label, subgroup, group, tested,
    percent_proficient, mean_scale_score, low_n), windows oldest first, for the chart.
    `table`: the gap table with display column names, group by group.
    `growth`: growth from BOY to `growth_span`'s later window, a row per group.
    `summaries`: (group code, sentence) for each notable change, largest first.
    """

    subject: str
    windows: tuple[str, ...]
    trend: ProtectedTable
    table: ProtectedTable
    growth: ProtectedTable
    growth_span: str | None
    summaries: tuple[tuple[str, str], ...]

    @property
    def groups(self) -> list[str]:
        """Group codes with results, in display order, all students excluded."""
        codes = dict.fromkeys(self.trend.values["subgroup"])
        return sorted((c for c in codes if c != ALL), key=group_order)

    def download_csv(self) -> bytes:
        """The gap table as CSV: numbers where shown, the privacy label where hidden."""
        return self.table.for_download().to_csv(index=False).encode("utf-8")


def subgroup_reports(
    database: Database, school_ids: tuple[str, ...], as_of: date, grades: tuple[str, ...], policy: PrivacyPolicy
) -> dict[str, SubgroupReport]:
    """A report per subject with results for these schools and grades (all grades when empty) by `as_of`."""
    params = {"schools": list(school_ids), "as_of": as_of, "grades": list(grades) or None}
    proficiency = database.query("subgroups.proficiency_by_group", params)
    growth = database.query("subgroups.growth_by_group", params)
    subjects = sorted(proficiency["subject"].unique())
    return {s: subject_report(proficiency, growth, s, policy) for s in subjects}


def subject_report(proficiency: pd.DataFrame, growth: pd.DataFrame, subject: str, policy: PrivacyPolicy) -> SubgroupReport:
    """The report of one subject from the rows of proficiency_by_group and growth_by_group."""
    rows = with_percents(proficiency[proficiency["subject"] == subject])
    rows = rows.assign(group=[group_name(code) for code in rows["subgroup"]])
    trend = protect_by_window(rows[TREND_COLUMNS], "tested", RATES, policy)
    windows = windows_in_order(rows)
    table = gap_table(trend, rows, windows)
    growth_rows, span = latest_growth(growth[growth["subject"] == subject])
    protected_growth = protect_by_window(growth_rows[GROWTH_COLUMNS], "tested_both", {"percent_moved_up": True}, policy)
    safe_gaps = _gaps(trend, windows, usable_percent(trend, "percent_proficient"))
    summaries = summary_sentences(safe_gaps, trend.labels["tested"], subject, windows)
    growth_table = _renamed(protected_growth, GROWTH_TABLE_COLUMNS)
    return SubgroupReport(subject, tuple(windows), trend, table, growth_table, span, tuple(summaries))


def latest_growth(growth: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    """The growth rows of the latest BOY-to-later-window span, with group names, and the span's name."""
    rows = with_growth(growth)
    if rows.empty:
        return rows.assign(group=pd.Series(dtype=object)), None
    latest = rows[rows["window_label"] == rows["window_label"].iloc[-1]].reset_index(drop=True)
    return latest.assign(group=[group_name(code) for code in latest["subgroup"]]), latest["span"].iloc[0]


def _gaps(trend: ProtectedTable, windows: list[str], percents: pd.Series) -> pd.DataFrame:
    frame = trend.values[["window_label", "subgroup"]].assign(percent=percents.to_numpy())
    return gap_rows(frame, windows)


def gap_table(trend: ProtectedTable, rows: pd.DataFrame, windows: list[str]) -> ProtectedTable:
    """The gap table: the protected trend rows plus gaps, change, trend word and complement count.

    A gap, change or trend is hidden wherever the raw figures give one but the privacy-safe
    percents (hidden and coded rates left out) do not. Rows go group by group, windows in order.
    """
    safe = _gaps(trend, windows, usable_percent(trend, "percent_proficient"))
    raw = _gaps(trend, windows, rows["percent_proficient"])
    frames = {name: getattr(trend, name).copy() for name in ("values", "labels", "suppressed", "coded", "low_n")}
    reason = trend.labels["percent_proficient"].where(trend.suppressed["percent_proficient"], "hidden")
    for column in GAP_COLUMNS:
        hidden = raw[column].notna() & safe[column].isna()
        text = safe[column].map(change_text if column == "change" else gap_text)
        _put(frames, column, safe[column], text, hidden, reason)
    hidden_change = raw["change"].notna() & safe["change"].isna()
    _put(frames, "trend", safe["trend"], safe["trend"], hidden_change, reason)
    _add_complement_counts(frames, trend)
    order = sorted(range(len(trend.values)), key=lambda i: (group_order(trend.values["subgroup"].iloc[i]), i))
    table = ProtectedTable(**{name: frame.iloc[order].reset_index(drop=True) for name, frame in frames.items()})
    return _renamed(table, TABLE_COLUMNS)


def gap_text(gap: float) -> str:
    """'28' (points; negative when the group is ahead), '—' when there is no gap."""
    return "—" if pd.isna(gap) else f"{gap:.0f}"


def change_text(change: float) -> str:
    """'+3', '-4', '0' (points), '—' when there is nothing to compare with."""
    return "—" if pd.isna(change) else f"{change:+.0f}" if change else "0"


def _put(frames: dict, column: str, values: pd.Series, labels: pd.Series, hidden: pd.Series, reason: pd.Series) -> None:
    """Add a column to the five frames; hidden cells get no value and `reason` as label."""
    frames["values"][column] = values.where(~hidden).to_numpy()
    frames["labels"][column] = labels.where(~hidden, reason).to_numpy()
    frames["suppressed"][column] = hidden.to_numpy()
    frames["coded"][column] = False
    frames["low_n"][column] = False


def _add_complement_counts(frames: dict, trend: ProtectedTable) -> None:
    """Students in each row's complement group in the same window, as protected ('—' for none)."""
    keys = list(zip(trend.values["window_label"], trend.values["subgroup"], strict=True))
    position = {key: i for i, key in enumerate(keys)}
    found = [position.get((window, complement_of(code) or "")) for window, code in keys]
    for name in ("values", "labels", "suppressed"):
        source = getattr(trend, name)["tested"].to_numpy()
        missing = {"values": None, "labels": "—", "suppressed": False}[name]
        frames[name]["complement_tested"] = [missing if i is None else source[i] for i in found]
    frames["coded"]["complement_tested"] = False
    frames["low_n"]["complement_tested"] = False


def _renamed(table: ProtectedTable, columns: dict[str, str]) -> ProtectedTable:
    """Only `columns`, renamed for display, in that order."""
    frames = {name: getattr(table, name).reindex(columns=list(columns)).rename(columns=columns) for name in
              ("values", "labels", "suppressed", "coded", "low_n")}
    return ProtectedTable(**frames)


def summaries_first(report: SubgroupReport, highlight: str | None) -> list[str]:
    """The report's sentences, those about the highlighted group first."""
    chosen = [s for code, s in report.summaries if code == highlight]
    return chosen + [s for code, s in report.summaries if code != highlight]


def styled_table(table: ProtectedTable, highlight: str | None) -> Styler | pd.DataFrame:
    """The table's labels (strings only), with the highlighted group's rows shaded."""
    labels = table.labels
    if highlight is None:
        return labels
    chosen = labels["Group"] == group_name(highlight)
    return labels.style.apply(lambda row: [HIGHLIGHT if chosen[row.name] else ""] * len(row), axis=1)
