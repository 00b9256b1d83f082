"""Professional-learning figures: a DataFrame in, a Plotly figure out.

Text from the school's files (a component's code) goes through plotly_text; the two groups
differ in pattern and label as well as colour.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lib.core.chart_style import INK, MUTED, NEUTRAL, compact
from lib.core.text import plotly_text
from lib.learning.comparison import WINDOW_DAYS

WEEKS = WINDOW_DAYS // 7


def hours_bars(bands: pd.DataFrame) -> go.Figure:
    """Teachers per band of PD hours this school year (bars labelled with their count)."""
    figure = go.Figure(
        go.Bar(
            x=bands["band"],
            y=bands["teachers"],
            text=bands["teachers"],
            textposition="outside",
            marker={"color": NEUTRAL},
            hovertemplate="%{x} hours: %{y} teachers<extra></extra>",
        )
    )
    top = max(int(bands["teachers"].max()), 1) if len(bands) else 1
    figure.update_xaxes(title_text="Hours of PD attended this school year", type="category")
    figure.update_yaxes(title_text="Teachers", range=[0, top * 1.25], rangemode="tozero")
    compact(figure, 260)
    figure.update_layout(margin={"l": 8, "r": 8, "t": 8, "b": 8})
    return figure


def before_after(rows: pd.DataFrame) -> go.Figure:
    """Average rating (1-4) before and after, one line per group of one focus: attendees solid
    with circles, the others dashed with squares; each point labelled with its value."""
    figure = go.Figure()
    styles = {
        "Attended": (NEUTRAL, "solid", "circle", "top center"),
        "Did not attend": (MUTED, "dash", "square", "bottom center"),
    }
    for row in rows.itertuples(index=False):
        colour, dash, symbol, place = styles[row.group]
        figure.add_scatter(
            x=[f"{WEEKS} weeks before", f"{WEEKS} weeks after"],
            y=[row.before, row.after],
            mode="lines+markers+text",
            name=plotly_text(row.group),
            text=[f"{row.before:.2f}", f"{row.after:.2f}"],
            textposition=place,
            line={"color": colour, "dash": dash, "width": 3},
            marker={"symbol": symbol, "size": 11},
            customdata=[row.teachers_before, row.teachers_after],
            hovertemplate="%{fullData.name}, %{x}: %{y:.2f} over %{customdata} teachers<extra></extra>",
        )
    figure.update_yaxes(title_text="Average rating (1-4)", range=[1, 4], dtick=0.5, gridcolor="#e4e7eb")
    figure.update_xaxes(type="category")
    compact(figure, 240)
    figure.update_layout(
        showlegend=True,
        legend={"orientation": "h", "y": 1.15, "font": {"color": INK}},
        margin={"l": 8, "r": 8, "t": 30, "b": 8},
    )
    return figure
