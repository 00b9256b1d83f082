"""The colours and layout every figure shares. Each area draws its own in lib/<area>/charts.py
(DataFrame or a few numbers -> Plotly figure, nothing else).

Every figure names its units in axis titles or hover text, and never relies on colour
alone: markers, dashes and text labels carry the same meaning.
"""

from __future__ import annotations

import plotly.graph_objects as go

INK = "#1f2933"
MUTED = "#7b8794"
ON_TRACK = "#2b7a3d"
AT_RISK = "#b7791f"
OFF_TRACK = "#b83232"
NEUTRAL = "#1f5fa8"
STATUS_COLOURS = {
    "met": ON_TRACK,
    "on track": ON_TRACK,
    "at risk": AT_RISK,
    "off track": OFF_TRACK,
    "ended: met": ON_TRACK,
    "ended: missed": OFF_TRACK,
}


def compact(figure: go.Figure, height: int) -> go.Figure:
    figure.update_layout(
        height=height,
        margin={"l": 8, "r": 8, "t": 4, "b": 4},
        showlegend=False,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        font={"color": INK},
    )
    return figure
