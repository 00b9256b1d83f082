"""Goal board figures."""

from __future__ import annotations

import plotly.graph_objects as go

from lib.charts import INK, NEUTRAL, STATUS_COLOURS, compact


def progress_bar(
    current: float, target: float, expected: float | None, status: str, unit: str, lower_is_better: bool = False
) -> go.Figure:
    """A horizontal bar from 0 to the target with a pace marker (where even progress would be).

    For lower-is-better goals (a gap) the bar shows the current value against a scale up to
    the larger of current and target, with the target marked.
    """
    top = max(target, current, expected or 0) * 1.05 or 1.0
    figure = go.Figure()
    figure.add_bar(
        x=[current],
        y=[""],
        orientation="h",
        marker_color=STATUS_COLOURS.get(status, NEUTRAL),
        hovertemplate=f"Now: %{{x:,.0f}} {unit}<extra></extra>",
    )
    figure.add_scatter(
        x=[target],
        y=[""],
        mode="markers",
        marker={"symbol": "line-ns", "size": 22, "line": {"width": 3, "color": INK}},
        hovertemplate=f"Target: %{{x:,.0f}} {unit}<extra></extra>",
    )
    if expected is not None:
        figure.add_scatter(
            x=[expected],
            y=[""],
            mode="markers",
            marker={"symbol": "triangle-down", "size": 12, "color": INK},
            hovertemplate=f"Even pace today: %{{x:,.0f}} {unit}<extra></extra>",
        )
    figure.update_xaxes(range=[0, top], showgrid=False, tickformat=",.0f", ticks="outside", tickfont={"size": 10})
    figure.update_yaxes(showticklabels=False)
    return compact(figure, 70)
