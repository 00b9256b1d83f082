"""Subgroup trends: percent proficient, gaps and growth per student group, after the privacy pass.

`subgroup_reports` runs the two queries of lib/subgroups/queries.sql once for every subject and
builds one `SubgroupReport` per subject. The arithmetic lives in lib.subgroups.gaps, the
privacy pass in lib.privacy.partitions, the gap table in lib.subgroups.tables, the sentences
in lib.subgroups.words, and what the page shows around a report in lib.subgroups.display. A report holds
only protected tables: hidden numbers are missing from its values and its labels say why,
so anything drawn or downloaded from it is safe to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from lib.core.config import PrivacyPolicy
from lib.core.db import Database
from lib.core.groups import ALL, group_order, subgroup_label
from lib.core.text import safe_csv
from lib.privacy.partitions import (
    WindowPrivacy,
    hidden_because,
    protect_by_window,
    protect_windows,
    residual_note_counts,
    usable_percent,
)
from lib.privacy.suppression import LOW_N_COLUMN, ProtectedTable
from lib.subgroups.gaps import gap_rows, windows_in_order, with_growth, with_percents
from lib.subgroups.tables import RATES, gap_table, renamed
from lib.subgroups.words import hidden_reason, residual_sentence, summary_sentences

TREND_COLUMNS = ["window_label", "subgroup", "group", "tested", "percent_proficient", "mean_scale_score"]
GROWTH_COLUMNS = ["window_label", "subgroup", "group", "tested_both", "percent_moved_up"]
GROWTH_TABLE_COLUMNS = {
    "group": "Group",
    "tested_both": "Students tested at both",
    "percent_moved_up": "Moved up a level",
    LOW_N_COLUMN: "Low n",
}


@dataclass(frozen=True)
class SubgroupReport:
    """One subject's figures after the privacy pass.

    `trend`: a row per window and group (window_label, subgroup, group, tested,
    percent_proficient, mean_scale_score, low_n), windows oldest first, for the chart.
    `table`: the gap table with display column names, group by group.
    `growth`: growth from BOY to `growth_span`'s later window, a row per group.
    `summaries`: (group code, sentence) for each notable change, largest first.
    `recorded_blanks`: (window, residual key, students) of each printed "students with no flag
    recorded" line (0 or at least k, and safe); `privacy_notes`: those lines, then why each
    group of k or more is hidden.
    """

    subject: str
    windows: tuple[str, ...]
    trend: ProtectedTable
    table: ProtectedTable
    growth: ProtectedTable
    growth_span: str | None
    summaries: tuple[tuple[str, str], ...]
    recorded_blanks: tuple[tuple[str, str, int], ...] = ()
    privacy_notes: tuple[str, ...] = ()

    @property
    def groups(self) -> list[str]:
        """Group codes with results, in display order, all students excluded."""
        codes = dict.fromkeys(self.trend.values["subgroup"])
        return sorted((c for c in codes if c != ALL), key=group_order)

    def download_csv(self) -> bytes:
        """The gap table as CSV: numbers where shown, the privacy label where hidden; no cell a
        spreadsheet would run (lib.core.text.safe_csv)."""
        return safe_csv(self.table.for_download(), encoding="utf-8")


def subgroup_reports(
    database: Database,
    school_ids: tuple[str, ...],
    as_of: date,
    grades: tuple[str, ...],
    policy: PrivacyPolicy,
) -> dict[str, SubgroupReport]:
    """A report per subject with results for these schools and grades (all grades when empty) by `as_of`."""
    proficiency, growth = query_rows(database, school_ids, as_of, grades)
    subjects = sorted(proficiency["subject"].unique())
    return {s: subject_report(proficiency, growth, s, policy) for s in subjects}


def query_rows(
    database: Database, school_ids: tuple[str, ...], as_of: date, grades: tuple[str, ...]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of proficiency_by_group and growth_by_group (true counts, before the privacy pass)."""
    params = {"schools": list(school_ids), "as_of": as_of, "grades": list(grades) or None}
    return (
        database.query("subgroups.proficiency_by_group", params),
        database.query("subgroups.growth_by_group", params),
    )


def subject_report(
    proficiency: pd.DataFrame, growth: pd.DataFrame, subject: str, policy: PrivacyPolicy
) -> SubgroupReport:
    """The report of one subject from the rows of proficiency_by_group and growth_by_group."""
    rows = with_percents(proficiency[proficiency["subject"] == subject])
    rows = rows.assign(group=[subgroup_label(code) for code in rows["subgroup"]])
    by_window = protect_windows(rows, "tested", policy)
    trend = protect_by_window(rows[TREND_COLUMNS], "tested", RATES, policy, by_window)
    windows = windows_in_order(rows)
    safe_gaps = _gaps(trend, windows, usable_percent(trend, "percent_proficient"))
    table = gap_table(trend, safe_gaps, _gaps(trend, windows, rows["percent_proficient"]))
    growth_rows, span = latest_growth(growth[growth["subject"] == subject])
    growth_by_window = protect_windows(growth_rows, "tested_both", policy)
    protected_growth = protect_by_window(
        growth_rows[GROWTH_COLUMNS], "tested_both", {"percent_moved_up": True}, policy, growth_by_window
    )
    summaries = summary_sentences(
        safe_gaps, trend.labels["tested"], trend.values[LOW_N_COLUMN], subject, windows
    )
    growth_table = renamed(protected_growth, GROWTH_TABLE_COLUMNS)
    blanks = tuple(residual_note_counts(by_window))
    growth_named = {f"the growth table ({span})": privacy for privacy in growth_by_window.values()}
    notes = _privacy_notes(blanks, by_window, growth_named, policy.min_group_size)
    return SubgroupReport(
        subject, tuple(windows), trend, table, growth_table, span, tuple(summaries), blanks, notes
    )


def _privacy_notes(
    blanks: tuple[tuple[str, str, int], ...],
    trend: dict[str, WindowPrivacy],
    growth: dict[str, WindowPrivacy],
    k: int,
) -> tuple[str, ...]:
    """The printed "no flag recorded" lines, then why each group of k or more is hidden."""
    lines = [residual_sentence(window, key, students) for window, key, students in blanks]
    reasons = [*hidden_because(trend), *hidden_because(growth)]
    return (*lines, *(hidden_reason(code, list(cells), names, k) for code, cells, names in reasons))


def latest_growth(growth: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    """The growth rows of the latest BOY-to-later-window span, with group names, and the span's name."""
    rows = with_growth(growth)
    if rows.empty:
        return rows.assign(group=pd.Series(dtype=object)), None
    latest = rows[rows["window_label"] == rows["window_label"].iloc[-1]].reset_index(drop=True)
    return latest.assign(group=[subgroup_label(code) for code in latest["subgroup"]]), latest["span"].iloc[0]


def _gaps(trend: ProtectedTable, windows: list[str], percents: pd.Series) -> pd.DataFrame:
    frame = trend.values[["window_label", "subgroup"]].assign(percent=percents.to_numpy())
    return gap_rows(frame, windows)
