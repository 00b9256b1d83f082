"""Goal board figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

from lib.core.chart_style import INK, NEUTRAL, STATUS_COLOURS, compact

if TYPE_CHECKING:
    from lib.goals.board import GoalCard


def progress_bar(
    current: float,
    target: float,
    expected: float | None,
    status: str,
    unit: str,
    projected: float | None = None,
) -> go.Figure:
    """A horizontal bar from 0 with the target marked, and where even pace would be today.

    Markers carry words ("target", "even pace") so nothing depends on colour. For a
    lower-is-better goal (a gap) the scale runs up to the larger of current and target.
    """
    top = max(target, current, expected or 0, projected or 0) * 1.08 or 1.0
    figure = go.Figure()
    figure.add_bar(
        x=[current],
        y=[0],
        orientation="h",
        width=0.5,
        marker_color=STATUS_COLOURS.get(status, NEUTRAL),
        hovertemplate=f"Now: %{{x:,.1f}} {unit}<extra></extra>",
    )
    _marker(figure, target, "target", "line-ns", 26, f"Target: %{{x:,.1f}} {unit}")
    if expected is not None:
        # Books and minutes are whole; PD hours per teacher need their tenth (4.2 hours).
        places = 1 if unit == "hours" else 0
        _marker(
            figure, expected, "even pace", "triangle-down", 12, f"Even pace today: %{{x:,.{places}f}} {unit}"
        )
    if projected is not None:
        _marker(
            figure, projected, "projected", "diamond-open", 11, f"Projected by the end: %{{x:,.0f}} {unit}"
        )
    suffix = "%" if unit == "%" else ""
    figure.update_xaxes(
        range=[0, top],
        showgrid=False,
        tickformat="~s",
        ticksuffix=suffix,
        ticks="outside",
        tickfont={"size": 10},
    )
    figure.update_yaxes(showticklabels=False, range=[-0.5, 1.1], fixedrange=True)
    figure.update_xaxes(fixedrange=True)
    return compact(figure, 95)


def card_bar(card: GoalCard) -> go.Figure | None:
    """A goal card's progress bar; None when the card draws none: its value is hidden for
    privacy, or there is no value yet."""
    progress = card.progress
    if card.hidden_reason or progress.current is None:
        return None
    return progress_bar(
        progress.current, progress.target, progress.expected, card.status, card.unit, progress.projected
    )


def _marker(figure: go.Figure, x: float, word: str, symbol: str, size: int, hover: str) -> None:
    figure.add_scatter(
        x=[x],
        y=[0] if symbol == "line-ns" else [0.55],
        mode="markers+text",
        text=[word],
        textposition="top center",
        textfont={"size": 10, "color": INK},
        marker={"symbol": symbol, "size": size, "color": INK, "line": {"width": 3, "color": INK}},
        hovertemplate=hover + "<extra></extra>",
    )
