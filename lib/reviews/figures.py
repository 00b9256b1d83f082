"""A goal's figures as plain values: what a review shows, freezes when it is closed, and prints.

`figures_of` takes them from a goal board card (so they have passed the board's privacy rule);
a closed review keeps them as JSON in the app database and draws its charts again from them,
never from the data.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import plotly.graph_objects as go

from lib.core.status import STATUS_BADGES, STATUS_SYMBOLS
from lib.core.text import short_date
from lib.goals.board import GoalCard, metric_label, projection_sentence
from lib.goals.charts import progress_bar
from lib.reviews.charts import trend_line

PROGRESS_CAPTION = (
    "Progress: the bar is the value now; its marks say what they are (target, even pace, projected)"
)


@dataclass(frozen=True)
class GoalFigures:
    """One goal's figures as of one day. `bar` is None and `trend` empty when the value is
    hidden (`hidden_reason`) or not there yet."""

    goal_id: str
    title: str
    scope: str
    owner: str | None
    metric: str
    start_date: str  # ISO
    end_date: str
    status: str
    current_label: str
    target_label: str
    value_label: str  # what the figure is, with its time frame
    unit: str
    sentences: tuple[str, ...]
    hidden_reason: str | None = None
    bar: dict[str, Any] | None = None  # current, target, expected, projected
    trend: tuple[float, ...] = ()
    trend_label: str = ""
    value: float | None = None

    @property
    def status_words(self) -> str:
        """'✕ Off track': the symbol beside the word."""
        return f"{STATUS_SYMBOLS[self.status]} {STATUS_BADGES[self.status][0]}"

    @property
    def dates(self) -> str:
        start, end = date.fromisoformat(self.start_date), date.fromisoformat(self.end_date)
        return f"{short_date(start, with_year=True)} – {short_date(end, with_year=True)}"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, values: dict[str, Any]) -> GoalFigures:
        return cls(**{**values, "sentences": tuple(values["sentences"]), "trend": tuple(values["trend"])})


def figures_of(card: GoalCard) -> GoalFigures:
    """The card's figures, its sentences as the board writes them."""
    progress = card.progress
    shown = progress.current is not None and not card.hidden_reason
    reach = f"Target {card.target_label} by {short_date(card.end_date, with_year=True)}."
    sentences = (
        (card.hidden_reason,)
        if card.hidden_reason
        else tuple(
            s
            for s in (reach, f"{progress.status_reason}.", projection_sentence(card), progress.pace_note)
            if s
        )
    )
    bar = (
        {
            "current": progress.current,
            "target": progress.target,
            "expected": progress.expected,
            "projected": progress.projected,
        }
        if shown
        else None
    )
    return GoalFigures(
        goal_id=card.goal_id,
        title=card.title,
        scope=card.scope,
        owner=card.owner,
        metric=card.metric,
        start_date=card.start_date.isoformat(),
        end_date=card.end_date.isoformat(),
        status=card.status,
        current_label=card.current_label,
        target_label=card.target_label,
        value_label=metric_label(card),
        unit=card.unit,
        sentences=sentences,
        hidden_reason=card.hidden_reason,
        bar=bar,
        trend=tuple(card.trend) if shown else (),
        trend_label=card.trend_label,
        value=float(progress.current) if shown and progress.current is not None else None,
    )


def trend_caption(figures: GoalFigures) -> str:
    """'Trend: running total by school week, with the target'."""
    return f"Trend: {figures.trend_label}, with the target"


def charts_of(figures: GoalFigures) -> list[tuple[go.Figure, str]]:
    """(figure, caption) of a goal: the goal board's progress bar, and its trend when it has one."""
    if figures.bar is None:
        return []
    bar = figures.bar
    drawn = progress_bar(
        bar["current"], bar["target"], bar["expected"], figures.status, figures.unit, bar["projected"]
    )
    charts = [(drawn, PROGRESS_CAPTION)]
    if figures.trend:
        trend = trend_line(figures.trend, bar["target"], figures.unit, figures.trend_label)
        charts.append((trend, trend_caption(figures)))
    return charts
