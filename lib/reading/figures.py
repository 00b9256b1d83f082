"""The reading page's three figures, built with the view so they are cached together.

lib.reading.view.reading_page_view calls `figures_of`. Building a Plotly figure costs tens of
milliseconds, so a rerun with the same filters (a toggle, a class picked) unpickles the
figures instead of building them again. The figures come from lib.reading.charts.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from lib.core.filters import Filters
from lib.reading.challenge import ReadingView
from lib.reading.charts import group_chart, progress_chart, weekly_chart
from lib.reading.words import since_words


@dataclass(frozen=True)
class ReadingFigures:
    progress: go.Figure | None  # None without a goal (or with a hidden one)
    weekly: go.Figure | None  # None without a school week to show
    groups: go.Figure


def figures_of(view: ReadingView, filters: Filters) -> ReadingFigures:
    """The goal's progress chart, the weekly bars and the group chart of `view`."""
    section = view.goal
    progress = (
        progress_chart(section, filters.as_of, section.progress.status)
        if section is not None and not view.goal_hidden
        else None
    )
    weekly = weekly_chart(view.weekly, view.unit) if not view.weekly.empty else None
    return ReadingFigures(progress, weekly, group_chart(view.subgroups, since_words(view.start)))
