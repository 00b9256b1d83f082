"""The packet's own figure: a goal's trend as a small line with its target (the progress bar is
the goal board's, lib.goals.charts.progress_bar)."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from lib.core.chart_style import INK, MUTED, NEUTRAL, compact
from lib.core.text import plotly_text

TREND_HEIGHT = 230


def trend_line(values: Sequence[float], target: float, unit: str, label: str) -> go.Figure:
    """The goal's recent values, oldest first, as a line with markers, and its target as a dashed
    line marked "target" (words, not colour alone). `label` names the points ("weekly",
    "running total by school week") and becomes the x axis title; `unit` the y axis title."""
    points = list(range(1, len(values) + 1))
    figure = go.Figure()
    figure.add_scatter(
        x=points,
        y=list(values),
        mode="lines+markers",
        line={"color": NEUTRAL, "width": 3},
        marker={"size": 7},
    )
    figure.add_hline(
        y=target,
        line={"color": MUTED, "dash": "dash", "width": 2},
        annotation_text="target",
        annotation_position="top left",
        annotation_font={"size": 11, "color": INK},
    )
    top = max([*values, target]) * 1.1 or 1.0
    bottom = min(0.0, *values, target) * 1.1  # a gap below zero: the group is ahead
    figure.update_xaxes(title=plotly_text(label[:1].upper() + label[1:]), tickvals=points, showgrid=False)
    figure.update_yaxes(
        title=plotly_text(unit),
        range=[bottom, top],
        tickformat="~s",
        ticksuffix="%" if unit == "%" else "",
        gridcolor="#e4e7eb",
    )
    compact(figure, TREND_HEIGHT)
    figure.update_layout(margin={"l": 56, "r": 12, "t": 12, "b": 44}, font={"size": 12, "color": INK})
    return figure
