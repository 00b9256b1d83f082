"""One slide as HTML for st.html: the screen's only drawing code.

Every string from the school's files (school name, goal title, class name) and from the
address goes through html.escape, so it shows as text; no Markdown is involved. Sizes follow
the screen: `--u` is 1% of its width (of its height x 16/9 on a taller screen), with floors in
pixels, so a 1920x1080 TV gets figures of at least 96 px and words of at least 32 px, and a
3840x2160 TV twice that. The slide covers the window (position: fixed), so nothing of the
page around it shows, scrolls or can be clicked.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from lib.core.slides import Bar, Meter, Slide
from lib.core.status import STATUS_BADGES, STATUS_SYMBOLS
from lib.core.text import short_date
from lib.display.charts import chart_img, line_chart_svg
from lib.display.themes import Palette

FIGURE_PX, LABEL_PX = 96, 32  # the floors the issue sets for 1920x1080
CELEBRATION = "★"  # drawn beside a milestone's title (the screen adds Streamlit's balloons)


@dataclass(frozen=True)
class Frame:
    """What surrounds every slide: the school, when the data was updated, where the rotation
    is (position counts from 1), and notices about the address."""

    school: str
    updated: str
    position: int
    count: int
    notices: tuple[str, ...] = ()


def stylesheet(palette: Palette) -> str:
    """The screen's <style>: its colours, sizes, and Streamlit's own page hidden behind it."""
    return f"""<style>
header[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stToolbar"], [data-testid="stStatusWidget"], [data-testid="stDecoration"] {{ display: none !important; }}
html, body, [data-testid="stAppViewContainer"], [data-testid="stMain"] {{ overflow: hidden !important; background: {palette.background} !important; }}
[data-stale="true"] {{ opacity: 1 !important; transition: none !important; }}
[data-testid="stBalloons"] {{ position: fixed; inset: 0; z-index: 200; pointer-events: none; }}
.sg-screen {{
  --u: min(1vw, 1.7778vh); --label: max({LABEL_PX}px, calc(var(--u) * 1.8));
  position: fixed; inset: 0; z-index: 100; box-sizing: border-box; overflow: hidden;
  display: flex; flex-direction: column; gap: calc(var(--u) * 1.1);
  padding: calc(var(--u) * 2.2) calc(var(--u) * 4);
  background: {palette.background}; color: {palette.ink}; font-size: var(--label); line-height: 1.25;
  cursor: none; user-select: none; pointer-events: none;
}}
.sg-top, .sg-foot {{ display: flex; justify-content: space-between; gap: calc(var(--u) * 2); color: {palette.muted}; }}
.sg-foot {{ margin-top: auto; }}
.sg-top .sg-school {{ color: {palette.ink}; font-weight: 700; }}
.sg-kicker {{ color: {palette.muted}; }}
.sg-title {{ font-size: max(48px, calc(var(--u) * 3.4)); font-weight: 700; line-height: 1.15; margin: 0;
  display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }}
.sg-headline {{ display: flex; align-items: baseline; flex-wrap: wrap; gap: 0 calc(var(--u) * 2); }}
.sg-figure {{ font-size: max({FIGURE_PX}px, calc(var(--u) * 8)); font-weight: 800; line-height: 1; font-variant-numeric: tabular-nums; }}
.sg-figure-words {{ font-size: max(36px, calc(var(--u) * 2.3)); }}
.sg-status {{ align-self: flex-start; display: inline-flex; gap: 0.4em; align-items: center; font-weight: 700;
  font-size: max(40px, calc(var(--u) * 2.4)); padding: 0.1em 0.6em; border-radius: 0.4em; }}
.sg-sentence {{ font-size: max(36px, calc(var(--u) * 2.4)); }}
.sg-meter {{ position: relative; padding-top: calc(var(--label) * 1.5); }}
.sg-track {{ position: relative; height: calc(var(--u) * 4.5); background: {palette.track}; border-radius: calc(var(--u) * 0.6); }}
.sg-fill {{ height: 100%; background: {palette.fill}; border-radius: inherit; }}
.sg-marker {{ position: absolute; top: -18%; bottom: -18%; width: calc(var(--u) * 0.5); margin-left: calc(var(--u) * -0.25); background: {palette.marker}; }}
.sg-marker-label {{ position: absolute; top: 0; white-space: nowrap; }}
.sg-ends {{ display: flex; justify-content: space-between; color: {palette.muted}; margin-top: 0.3em; }}
.sg-chart {{ width: 100%; height: calc(var(--u) * 14); display: block; }}
.sg-legend {{ display: flex; gap: calc(var(--u) * 3); color: {palette.muted}; }}
.sg-bars {{ display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 4fr) minmax(0, 3.2fr);
  gap: calc(var(--u) * 0.9) calc(var(--u) * 1.5); align-items: center; }}
.sg-bar-label {{ font-weight: 700; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }}
.sg-bar-track {{ height: calc(var(--u) * 3); background: {palette.track}; border-radius: calc(var(--u) * 0.4); }}
.sg-bar-figures span {{ display: block; white-space: nowrap; }}
.sg-bar-figures .sg-note {{ color: {palette.muted}; }}
.sg-message {{ margin: auto 0; }}
</style>"""


def _status(status: str | None, palette: Palette) -> str:
    if status is None or status not in STATUS_BADGES:
        return ""
    background, text = palette.badges[status]
    word = STATUS_BADGES[status][0]
    return (
        f'<div class="sg-status" style="background:{background};color:{text}">'
        f'<span aria-hidden="true">{STATUS_SYMBOLS[status]}</span><span>{escape(word)}</span></div>'
    )


def _marker_label(meter: Meter) -> str:
    share = meter.marker_share or 0.0
    # Kept on the screen near either end: anchored by its left edge, middle or right edge.
    shift = "0%" if share < 0.2 else "-100%" if share > 0.8 else "-50%"
    return (
        f'<div class="sg-marker-label" style="left:{100 * share:.2f}%;transform:translateX({shift})">'
        f"▼ {escape(meter.marker_label or '')}</div>"
    )


def meter_html(meter: Meter) -> str:
    """The big progress bar with its marker and the words at both ends."""
    marker = meter.marker_share is not None
    return (
        '<div class="sg-meter">'
        + (_marker_label(meter) if marker else "")
        + f'<div class="sg-track"><div class="sg-fill" style="width:{100 * meter.share:.2f}%"></div>'
        + (
            f'<div class="sg-marker" style="left:{100 * (meter.marker_share or 0):.2f}%"></div>'
            if marker
            else ""
        )
        + f'</div><div class="sg-ends"><span>{escape(meter.start_label)}</span><span>{escape(meter.end_label)}</span></div></div>'
    )


def _bar_row(bar: Bar) -> str:
    filled = (
        f'<div class="sg-fill" style="width:{100 * bar.share:.2f}%"></div>' if bar.share is not None else ""
    )
    return (
        f'<div class="sg-bar-label">{escape(bar.label)}</div>'
        f'<div class="sg-bar-track">{filled}</div>'
        f'<div class="sg-bar-figures"><span>{escape(bar.value)}</span><span class="sg-note">{escape(bar.note)}</span></div>'
    )


def _chart_dates(slide: Slide) -> str:
    days = [day for line in slide.lines for day, _ in line.points]
    return (
        f'<div class="sg-ends"><span>{short_date(min(days))}</span><span>{short_date(max(days))}</span></div>'
    )


def _legend(slide: Slide) -> str:
    words = [
        f"━ {escape(line.name)}" if not line.dashed else f"┅ {escape(line.name)}" for line in slide.lines
    ]
    if slide.target:
        words.append(f"┈ {slide.meter.end_label if slide.meter else f'Target {slide.target:,.0f}'}")
    return '<div class="sg-legend">' + "".join(f"<span>{word}</span>" for word in words) + "</div>"


def _body(slide: Slide, palette: Palette) -> str:
    parts = [
        f'<div class="sg-kicker">{escape(slide.kicker)}</div>',
        f'<h1 class="sg-title">{escape(slide.title)}</h1>',
    ]
    if slide.celebrate:
        parts[1] = (
            f'<h1 class="sg-title"><span aria-hidden="true">{CELEBRATION} </span>{escape(slide.title)}</h1>'
        )
    if slide.figure:
        parts.append(
            f'<div class="sg-headline"><span class="sg-figure">{escape(slide.figure)}</span>'
            f'<span class="sg-figure-words">{escape(slide.figure_words)}</span></div>'
        )
    parts.append(_status(slide.status, palette))
    if any(line.points for line in slide.lines):
        parts.append(
            chart_img(line_chart_svg(slide.lines, slide.target, palette))
            + _chart_dates(slide)
            + _legend(slide)
        )
    elif slide.meter is not None:
        parts.append(meter_html(slide.meter))
    if slide.bars:
        parts.append('<div class="sg-bars">' + "".join(_bar_row(bar) for bar in slide.bars) + "</div>")
    parts.append(f'<div class="sg-sentence">{escape(slide.sentence)}</div>')
    return "".join(part for part in parts if part)


def _top(frame: Frame) -> str:
    return f'<div class="sg-top"><span class="sg-school">{escape(frame.school)}</span><span>{escape(frame.updated)}</span></div>'


def _foot(frame: Frame) -> str:
    notice = " ".join(frame.notices)
    where = f"Slide {frame.position} of {frame.count}" if frame.count else ""
    return f'<div class="sg-foot"><span>{escape(notice)}</span><span>{escape(where)}</span></div>'


def slide_html(slide: Slide, frame: Frame, palette: Palette) -> str:
    """The whole screen for one slide."""
    return (
        f'<div class="sg-screen" data-slide="{escape(slide.key)}" data-kind="{escape(slide.kind)}">'
        f"{_top(frame)}{_body(slide, palette)}{_foot(frame)}</div>"
    )


def message_html(title: str, sentence: str, frame: Frame) -> str:
    """The whole screen for a message instead of slides (no school, a revoked link, no data)."""
    return (
        f'<div class="sg-screen" data-slide="message">{_top(frame)}<div class="sg-message">'
        f'<h1 class="sg-title">{escape(title)}</h1><div class="sg-sentence">{escape(sentence)}</div></div>'
        f"{_foot(frame)}</div>"
    )
