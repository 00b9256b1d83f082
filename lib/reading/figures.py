"""The reading page's view and its three figures, built together and cached together.

The page calls `view_and_figures` through lib.web.cached. Building a Plotly figure costs tens
of milliseconds, so a rerun with the same filters (a toggle, a class picked) unpickles the
figures instead of building them again. The figures come from lib.reading.charts.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from lib.core.config import PrivacyPolicy
from lib.core.db import Database
from lib.core.filters import Filters
from lib.reading.charts import group_chart, progress_chart, weekly_chart
from lib.reading.view import ReadingView, reading_view
from lib.reading.words import since_words


@dataclass(frozen=True)
class ReadingFigures:
    progress: go.Figure | None  # None without a goal (or with a hidden one)
    weekly: go.Figure | None  # None without a school week to show
    groups: go.Figure


def view_and_figures(
    database: Database,
    filters: Filters,
    all_school_ids: tuple[str, ...],
    goal_id: str | None,
    metric: str,
    policy: PrivacyPolicy,
) -> tuple[ReadingView, ReadingFigures]:
    """reading_view(...) for these arguments, and its figures."""
    view = reading_view(database, filters, all_school_ids, goal_id, metric, policy)
    return view, figures_of(view, filters)


def figures_of(view: ReadingView, filters: Filters) -> ReadingFigures:
    section = view.goal
    progress = (
        progress_chart(section, filters.as_of, section.progress.status)
        if section is not None and not view.goal_hidden
        else None
    )
    weekly = weekly_chart(view.weekly, view.unit) if not view.weekly.empty else None
    return ReadingFigures(progress, weekly, group_chart(view.subgroups, since_words(view.start)))
