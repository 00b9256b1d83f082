"""Observation page figures: visits per teacher by week, feedback turnaround, rubric trend.

Nothing here computes a figure a principal quotes; the DataFrames arrive ready from
lib/observations_*.py. Meaning never rests on colour alone: overdue rows carry "⚠" in their
label, bars carry their counts as text and the legend names each colour in words.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from lib.core.chart_style import AT_RISK, INK, MUTED, NEUTRAL, OFF_TRACK, ON_TRACK, compact
from lib.core.text import plotly_text, short_date
from lib.observations.activity import HeatMap

ROW_HEIGHT = 22
PALETTE = (NEUTRAL, AT_RISK, ON_TRACK, OFF_TRACK, "#6b46c1", "#0f766e", MUTED, INK)
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
SYMBOLS = (
    "circle",
    "square",
    "diamond",
    "triangle-up",
    "x",
    "star",
    "cross",
    "triangle-down",
    "pentagon",
    "hexagon",
)


def week_label(monday: date) -> str:
    """'Nov 16' for the week starting Monday, Nov 16."""
    return short_date(monday)


def _tick_label(label: str, overdue: bool) -> str:
    # The name is escaped (Plotly reads tick labels as HTML); overdue rows are also set in the
    # off-track colour, the one piece of markup that is ours.
    text = plotly_text(label)
    return f"<span style='color:{OFF_TRACK}'>{text}</span>" if overdue else text


def visits_heat_map(heat: HeatMap) -> go.Figure:
    """Teachers (rows, most overdue on top) by week (columns): counted visits, written in each cell."""
    counts = heat.counts
    weeks = [week_label(w) for w in counts.columns]
    text = [[str(v) if v else "" for v in row] for row in counts.to_numpy().tolist()]
    figure = go.Figure(
        go.Heatmap(
            z=counts.to_numpy(),
            x=weeks,
            y=list(range(len(counts))),
            text=text,
            texttemplate="%{text}",
            customdata=[[plotly_text(label)] * len(weeks) for label in counts.index],
            hovertemplate="%{customdata}<br>Week of %{x}: %{z} visit(s)<extra></extra>",
            colorscale=[[0, "#f5f7fa"], [1, NEUTRAL]],
            zmin=0,
            zmax=max(int(counts.to_numpy().max(initial=0)), 2),
            xgap=2,
            ygap=2,
            colorbar={"title": {"text": "visits"}, "thickness": 10, "len": 0.5, "dtick": 1},
        )
    )
    ticks = [_tick_label(label, late) for label, late in zip(counts.index, heat.overdue, strict=True)]
    figure.update_yaxes(
        tickvals=list(range(len(counts))), ticktext=ticks, autorange="reversed", tickfont={"size": 11}
    )
    figure.update_xaxes(title_text="Week starting (Monday)", side="top", tickfont={"size": 11})
    compact(figure, ROW_HEIGHT * len(counts) + 90)
    figure.update_layout(margin={"l": 8, "r": 8, "t": 50, "b": 8})
    return figure


def _bar(frame: pd.DataFrame, name: str, colour: str, pattern: str) -> go.Bar:
    return go.Bar(
        x=frame["turnaround"],
        y=frame["visits"],
        name=name,
        marker={"color": colour, "pattern": {"shape": pattern, "fgcolor": "white", "fillmode": "overlay"}},
        text=frame["visits"],
        textposition="outside",
        hovertemplate=f"%{{x}} school days: %{{y}} visits ({name.lower()})<extra></extra>",
    )


def turnaround_bars(distribution: pd.DataFrame, window_days: int) -> go.Figure:
    """Visits by school days from visit to feedback; on-time, late and waiting named in the legend."""
    waiting = distribution["turnaround"] == "not yet"
    within = distribution["within_rule"]
    figure = go.Figure(
        [
            _bar(distribution[within], "Within 2 school days", ON_TRACK, ""),
            _bar(distribution[~within & ~waiting], "Later", OFF_TRACK, "/"),
            _bar(distribution[waiting], "No feedback yet", MUTED, "."),
        ]
    )
    top = max(int(distribution["visits"].max()), 1)
    figure.update_xaxes(
        title_text="School days from visit to feedback",
        type="category",
        categoryorder="array",
        categoryarray=distribution["turnaround"].tolist(),
    )
    figure.update_yaxes(
        title_text=f"Visits, last {window_days} days", range=[0, top * 1.2], rangemode="tozero"
    )
    compact(figure, 300)
    figure.update_layout(
        showlegend=True, legend={"orientation": "h", "y": 1.12}, margin={"l": 8, "r": 8, "t": 30, "b": 8}
    )
    return figure


def rubric_trend(monthly: pd.DataFrame) -> go.Figure:
    """Average rating (1-4) per rubric component by month; hidden months are gaps.

    Each component has its own marker symbol and dash as well as colour; the legend names them.
    """
    figure = go.Figure()
    months = sorted(monthly["month"].unique())
    for k, (component, rows) in enumerate(monthly.groupby("component", sort=True)):
        figure.add_scatter(
            x=[month_label(m) for m in rows["month"]],
            y=rows["average_rating"],
            mode="lines+markers",
            name=plotly_text(component),
            line={"color": PALETTE[k % len(PALETTE)], "dash": DASHES[k % len(DASHES)], "width": 2},
            marker={"symbol": SYMBOLS[k % len(SYMBOLS)], "size": 9},
            customdata=rows["teachers"],
            # The name through %{fullData.name} (escaped above): a component's own text is never
            # read as part of the template.
            hovertemplate="%{fullData.name}, %{x}: %{y:.2f} over %{customdata} teachers<extra></extra>",
            connectgaps=False,
        )
    figure.update_yaxes(title_text="Average rating (1-4)", range=[1, 4], dtick=0.5, gridcolor="#e4e7eb")
    figure.update_xaxes(
        type="category", categoryorder="array", categoryarray=[month_label(m) for m in months]
    )
    compact(figure, 320)
    figure.update_layout(
        showlegend=True, legend={"title": {"text": "Component"}}, margin={"l": 8, "r": 8, "t": 8, "b": 8}
    )
    return figure


def month_label(month: date) -> str:
    """'Sep 2026'."""
    return f"{month:%b %Y}"
