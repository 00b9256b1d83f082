"""Subgroup trend chart: one line per student group across assessment windows.

Built only from a ProtectedTable (lib.subgroups.SubgroupReport.trend): points come from
its `values` (hidden figures are missing, so the line breaks there) and hover text from its
`labels`, so the chart never carries a number the privacy pass took out.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from lib.core.chart_style import INK, MUTED, NEUTRAL, compact
from lib.core.text import plotly_text
from lib.privacy.suppression import LOW_N_COLUMN, ProtectedTable

MEASURES = {
    "percent_proficient": "Percent proficient (level 3 or 4)",
    "mean_scale_score": "Mean scale score",
}
# Colour-blind-safe colours (Okabe-Ito); dashes and marker shapes repeat the distinction.
GROUP_COLOURS = ("#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#0072B2", "#999933", "#882255")
DASHES = ("dash", "dot", "dashdot", "longdash")
SYMBOLS = ("square", "diamond", "triangle-up", "cross", "x", "star", "hexagon", "pentagon")


def trend_chart(
    trend: ProtectedTable, groups: Sequence[str], measure: str, subject: str, highlight: str | None = None
) -> go.Figure:
    """All students (solid, dark) and each of `groups` (codes) across windows, oldest first.

    `measure` is a column of MEASURES. The `highlight` group is drawn thicker. Hidden points
    are left out (the line breaks); hover says why ('n<10'). Points with a low n are hollow.
    """
    windows = [plotly_text(w) for w in dict.fromkeys(trend.values["window_label"])]
    figure = go.Figure(layout={"xaxis": {"categoryorder": "array", "categoryarray": windows}})
    figure.add_trace(_line(trend, "all", measure, subject, {"color": INK, "width": 4}, "circle"))
    for i, code in enumerate(g for g in groups if g != "all"):
        chosen = code == highlight
        style = {
            "color": NEUTRAL if chosen else GROUP_COLOURS[i % len(GROUP_COLOURS)],
            "width": 5 if chosen else 2,
        }
        style["dash"] = "solid" if chosen else DASHES[i % len(DASHES)]
        figure.add_trace(_line(trend, code, measure, subject, style, SYMBOLS[i % len(SYMBOLS)]))
    return _layout(compact(figure, 380), measure)


def _line(
    trend: ProtectedTable, code: str, measure: str, subject: str, style: dict, symbol: str
) -> go.Scatter:
    """One group's line: protected values, hover from labels, hollow markers where n is low."""
    rows = (trend.values["subgroup"] == code).to_numpy()
    values, labels = trend.values[rows], trend.labels[rows]
    low_n = values[LOW_N_COLUMN].astype(bool).tolist()
    name = labels["group"].iloc[0] if rows.any() else code
    return go.Scatter(
        x=[plotly_text(w) for w in values["window_label"]],
        y=[None if v != v else float(v) for v in values[measure].astype("float64")],
        name=plotly_text(name),
        mode="lines+markers",
        line=style,
        marker={"size": 9, "symbol": [f"{symbol}-open" if low else symbol for low in low_n]},
        hovertext=[
            plotly_text(_hover(name, subject, measure, row, shown))
            for row, shown in zip(labels.itertuples(index=False), values[measure].notna(), strict=True)
        ],
        hoverinfo="text",
        connectgaps=False,
    )


def _hover(name: str, subject: str, measure: str, row, shown: bool) -> str:
    """'English learners: 23% proficient in reading, BOY 2025-2026, n = 244 (low n)'.

    A hidden point is never drawn, so its text only names the window and the label ('n<10').
    """
    figure = getattr(row, measure)
    if not shown:
        return f"{name}, {row.window_label}: {figure} (hidden to protect student privacy)"
    what = f"{figure} proficient" if measure == "percent_proficient" else f"mean scale score {figure}"
    low = f" ({row.low_n})" if row.low_n else ""
    return f"{name}: {what} in {subject}, {row.window_label}, n = {row.tested}{low}"


def _layout(figure: go.Figure, measure: str) -> go.Figure:
    axis = {"title": {"text": MEASURES[measure]}, "gridcolor": "#e4e7eb", "zeroline": False}
    if measure == "percent_proficient":
        axis |= {"range": [0, 100], "ticksuffix": "%"}
    figure.update_layout(
        yaxis=axis,
        xaxis={"title": {"text": "Assessment window"}, "type": "category", "color": MUTED},
        showlegend=True,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        margin={"l": 8, "r": 8, "t": 40, "b": 4},
        hovermode="closest",
    )
    return figure
