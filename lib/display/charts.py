"""The challenge slide's chart as inline SVG: the running total, the even-pace line, the target.

SVG, not Plotly: the screen scales every size with the TV (1920 or 3840 pixels wide) and a
viewBox scales the lines with it, where a Plotly figure has a fixed height in pixels. The
chart holds no text: its labels are HTML beside it, at the screen's sizes. Nothing in it comes
from the school's files.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from datetime import date

from lib.core.slides import Line
from lib.display.themes import Palette

WIDTH, HEIGHT = 1000, 300  # the viewBox; the page stretches it to the slide's width
HEADROOM = 1.06  # the top of the scale sits a little above the target


def _scale(lines: Sequence[Line], target: float | None) -> tuple[date, date, float]:
    days = [day for line in lines for day, _ in line.points]
    values = [value for line in lines for _, value in line.points]
    top = max([*values, target or 0.0, 1.0]) * HEADROOM
    return min(days), max(days), top


def _points(line: Line, first: date, last: date, top: float) -> str:
    span = max((last - first).days, 1)
    return " ".join(
        f"{WIDTH * (day - first).days / span:.1f},{HEIGHT * (1 - value / top):.1f}"
        for day, value in line.points
    )


def line_chart_svg(lines: Sequence[Line], target: float | None, palette: Palette) -> str:
    """An <svg> of `lines` (a dashed line for a pace), with the target as a dotted rule; '' when
    no line has a point."""
    drawn = [line for line in lines if line.points]
    if not drawn:
        return ""
    first, last, top = _scale(drawn, target)
    parts = [
        f'<svg class="sg-chart" viewBox="0 0 {WIDTH} {HEIGHT}" preserveAspectRatio="none" '
        f'role="img" aria-label="Running total against even pace">',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="none" stroke="{palette.track}" stroke-width="2"/>',
    ]
    if target:
        y = HEIGHT * (1 - target / top)
        parts.append(
            f'<line x1="0" y1="{y:.1f}" x2="{WIDTH}" y2="{y:.1f}" stroke="{palette.muted}" '
            'stroke-width="3" stroke-dasharray="2 8" vector-effect="non-scaling-stroke"/>'
        )
    for line in drawn:
        colour, dash = (palette.marker, ' stroke-dasharray="14 10"') if line.dashed else (palette.fill, "")
        parts.append(
            f'<polyline points="{_points(line, first, last, top)}" fill="none" stroke="{colour}" '
            f'stroke-width="{4 if line.dashed else 8}"{dash} vector-effect="non-scaling-stroke"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def chart_img(svg: str) -> str:
    """The chart as an <img> of a data: URL: st.html's sanitiser drops inline <svg>, not images."""
    if not svg:
        return ""
    data = base64.b64encode(
        svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1).encode()
    ).decode()
    return f'<img class="sg-chart" alt="Running total against even pace" src="data:image/svg+xml;base64,{data}"/>'
