"""Everything the subgroup page publishes, as the auditor (lib.privacy.audit) reads it.

`subgroup_publications` builds the page's view exactly as the page does, then reads back what
each group's count is shown as in every place it appears: the gap table (students tested,
percents and means, students in complement), its CSV download, the chart's points and hovers
(the trend table), the sentences ("n = 252"), the growth table and the "no flag recorded"
lines. A shown rate or mean counts as a shown group. The true counts come from the queries,
so the auditor checks the published figures against the store, not the privacy pass against
itself. One `Publication` per subject and window (lines don't cross windows), plus one per
subject for growth.

Not modelled (see issue 10's notes): differences between the growth table's students tested at
both and the window's students tested (students tested later than BOY: an enrolment change),
and between subjects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

from lib.core.config import Settings
from lib.core.db import Database
from lib.core.filters import Filters
from lib.core.groups import complement_of, subgroup_label
from lib.core.scope import Scope
from lib.privacy.audit import HIDDEN, SHOWN, SMALL, UNPUBLISHED, Publication
from lib.privacy.partitions import is_residual, window_cells
from lib.subgroups.gaps import with_percents
from lib.subgroups.load import SubgroupReport, latest_growth, query_rows
from lib.subgroups.view import subgroup_view

REVEALS = (UNPUBLISHED, HIDDEN, SMALL, SHOWN)  # what a reader learns, least to most
COUNT = re.compile(r"\d[\d,]*")
FIGURE = re.compile(r"[<>]?-?\d[\d,]*(\.\d+)?%?")
SENTENCE_N = re.compile(r"\((\S+ \S+), n = (\d[\d,]*)\)")
RATE_COLUMNS = ("Percent proficient", "Mean scale score")


def subgroup_publications(
    database: Database, filters: Filters, scope: Scope, settings: Settings
) -> list[Publication]:
    """A Publication per subject and window of the subgroup page (and one for its growth table)."""
    view = subgroup_view(database, filters, scope, settings)
    school_ids = tuple(scope.schools_in_view(filters.school_id))
    proficiency, growth = query_rows(database, school_ids, filters.as_of, filters.grades)
    k = settings.policy.min_group_size
    found = []
    for subject, report in view.reports.items():
        rows = with_percents(proficiency[proficiency["subject"] == subject])
        for window, frame in rows.groupby("window_label", sort=False):
            counts, lines = window_cells(dict(zip(frame["subgroup"], frame["tested"], strict=True)))
            states = _states(counts, _trend_figures(report, str(window)), k)
            found.append(Publication(counts, lines, states, f"subgroups · {subject} · {window}"))
        growth_rows, span = latest_growth(growth[growth["subject"] == subject])
        if span is not None:
            counts, lines = window_cells(
                dict(zip(growth_rows["subgroup"], growth_rows["tested_both"], strict=True))
            )
            states = _states(counts, _growth_figures(report), k)
            found.append(Publication(counts, lines, states, f"subgroups · {subject} · growth {span}"))
    return found


def _trend_figures(report: SubgroupReport, window: str) -> list[tuple[str, str, bool]]:
    """(group label or code, what is printed, is it the group's count) for one window."""
    table = report.table.labels[report.table.labels["Window"] == window]
    download = report.table.for_download()[report.table.labels["Window"] == window]
    trend = report.trend.labels[report.trend.labels["window_label"] == window]
    figures = _table_figures(table, "Students tested") + _table_figures(
        download.astype(str), "Students tested"
    )
    figures += [(code, label, True) for code, label in zip(trend["subgroup"], trend["tested"], strict=True)]
    figures += [
        (code, str(label), False)
        for code, label in zip(trend["subgroup"], trend["percent_proficient"], strict=True)
    ]
    figures += [
        (code, str(label), False)
        for code, label in zip(trend["subgroup"], trend["mean_scale_score"], strict=True)
    ]
    for code, sentence in report.summaries:
        figures += [(code, n, True) for where, n in SENTENCE_N.findall(sentence) if where == window]
    figures += [
        (key, f"{students}", True) for where, key, students in report.recorded_blanks if where == window
    ]
    return figures


def _table_figures(table: pd.DataFrame, count_column: str) -> list[tuple[str, str, bool]]:
    figures = []
    for row in table.to_dict("records"):
        figures.append((row["Group"], str(row[count_column]), True))
        figures += [(row["Group"], str(row[c]), False) for c in RATE_COLUMNS if c in row]
        if "Students in complement" in row:
            figures.append((f"complement of {row['Group']}", str(row["Students in complement"]), True))
    return figures


def _growth_figures(report: SubgroupReport) -> list[tuple[str, str, bool]]:
    figures = _table_figures(report.growth.labels, "Students tested at both")
    figures += _table_figures(report.growth.for_download().astype(str), "Students tested at both")
    return figures + [
        (g, str(v), False)
        for g, v in zip(report.growth.labels["Group"], report.growth.labels["Moved up a level"], strict=True)
    ]


def _states(counts: Mapping[str, int], figures: Iterable[tuple[str, str, bool]], k: int) -> dict[str, str]:
    """Each cell's state: the most a reader learns from any place it is printed.

    ValueError when a printed count differs from the store's: the page would be wrong.
    """
    keys = _keys(counts)
    states = {key: UNPUBLISHED for key in counts}
    for name, label, is_count in figures:
        key = keys.get(name, name)
        if key not in counts:
            continue
        state = _read(label, k, is_count)
        if state == SHOWN and is_count and int(label.replace(",", "")) != counts[key]:
            raise ValueError(f"{name} is printed as {label}; the store holds {counts[key]}")
        if state is not None and REVEALS.index(state) > REVEALS.index(states[key]):
            states[key] = state
    return states


def _keys(counts: Mapping[str, int]) -> dict[str, str]:
    """Printed names -> cell keys: group labels, and 'complement of <label>' for the complement."""
    codes = [code for code in counts if not is_residual(code)]
    keys = {subgroup_label(code): code for code in codes}
    keys |= {f"complement of {subgroup_label(code)}": complement_of(code) or "" for code in codes}
    return keys


def _read(label: str, k: int, is_count: bool) -> str | None:
    """What a printed figure tells a reader about its group's count (None: nothing)."""
    if label == f"fewer than {k}":
        return SMALL
    if label == "hidden":
        return HIDDEN
    pattern = COUNT if is_count else FIGURE
    return SHOWN if pattern.fullmatch(label.strip()) else None
