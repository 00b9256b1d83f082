"""The staff-meeting screen's goal slides: one per goal of a school, from the goal board's cards.

The cards are the goal board's own (lib.goals.board.goal_cards: the same privacy pass, the
same nested-goal rule), for the whole school: no grade or group filter. A card whose value is
hidden or that has no value yet gives no slide. Observation and feedback goals are school-wide
figures by definition (a share of the school's teachers), never a teacher's own; so are PD-hours
goals (an average over the school's teachers) and mentoring goals (a share of its pairs): none
of these names a student or a teacher, and they show among the observation slides.
"""

from __future__ import annotations

from datetime import date

from lib.core.config import PrivacyPolicy
from lib.core.contract import CUMULATIVE_METRICS
from lib.core.db import Database
from lib.core.filters import Filters
from lib.core.metrics import HOURS_METRICS, LOWER_IS_BETTER_METRICS, TEACHER_METRICS, format_value
from lib.core.pace import reach_sentence
from lib.core.slides import GOALS, OBSERVATIONS, Meter, Slide, share_of
from lib.core.status import ENDED_MET, ENDED_MISSED
from lib.core.text import short_date
from lib.goals.board import GoalCard, goal_cards, metric_label

GAP_SCALE = 1.25  # a gap's bar runs a quarter past the larger of the gap and its target


def goal_slides(database: Database, school_id: str, as_of: date, policy: PrivacyPolicy) -> tuple[Slide, ...]:
    """One slide per goal of the school with a value to show as of `as_of`, in the board's order."""
    cards, _ = goal_cards(database, [school_id], Filters(school_id=school_id, as_of=as_of), policy)
    return tuple(card_slide(card) for card in cards if shows(card))


def shows(card: GoalCard) -> bool:
    """True when the card has a value the screen may show (not hidden, not empty)."""
    return card.hidden_reason is None and card.progress.current is not None


def card_slide(card: GoalCard) -> Slide:
    """The slide of one goal card (its value not hidden)."""
    figure, _, figure_unit = card.current_label.partition(" ")
    return Slide(
        kind=OBSERVATIONS if card.metric in TEACHER_METRICS else GOALS,
        key=f"goal:{card.goal_id}",
        kicker=f"Goal · {card.scope} · {short_date(card.start_date)} – {short_date(card.end_date, with_year=True)}",
        title=card.title,
        figure=figure,
        figure_words=_figure_words(card, figure_unit),
        sentence=goal_sentence(card),
        status=card.status,
        meter=goal_meter(card),
    )


def _figure_words(card: GoalCard, unit: str) -> str:
    """'books read since Aug 17', 'points: gap to all students, latest assessment window'."""
    label = metric_label(card)
    if card.metric in CUMULATIVE_METRICS:
        return label[0].lower() + label[1:]
    return f"{unit}: {label[0].lower() + label[1:]}" if unit else label


def goal_sentence(card: GoalCard) -> str:
    """One sentence under the figure: what it takes to reach the target, or where it stands."""
    progress = card.progress
    if card.metric in CUMULATIVE_METRICS and card.status not in (ENDED_MET, ENDED_MISSED):
        return reach_sentence(
            progress.target - (progress.current or 0.0),
            progress.needed_per_week,
            progress.target,
            card.end_date,
            card.unit,
        )
    return f"{progress.status_reason}. Target {card.target_label} by {short_date(card.end_date)}."


def goal_meter(card: GoalCard) -> Meter:
    """The bar: a total or PD hours against its target with today's even pace marked; a percent
    on 0-100% with the target marked; a gap on a scale past the larger of gap and target."""
    progress, target = card.progress, card.progress.target
    current = progress.current or 0.0
    if card.metric in CUMULATIVE_METRICS or card.metric in HOURS_METRICS:
        expected = progress.expected
        return Meter(
            share=share_of(current, target),
            start_label=f"0 {card.unit}",
            end_label=f"Target {card.target_label} by {short_date(card.end_date)}",
            marker_share=share_of(expected, target) if expected is not None else None,
            marker_label=f"Even pace today: {format_value(card.metric, expected)}"
            if expected is not None
            else None,
        )
    if card.metric in LOWER_IS_BETTER_METRICS:
        scale = max(current, target, progress.previous or 0.0) * GAP_SCALE or 1.0
        return Meter(
            share=share_of(current, scale),
            start_label="No gap",
            end_label=f"{scale:.0f} points",
            marker_share=share_of(target, scale),
            marker_label=f"Target: {card.target_label} or less",
        )
    return Meter(
        share=share_of(current, 100.0),
        start_label="0%",
        end_label="100%",
        marker_share=share_of(target, 100.0),
        marker_label=f"Target: {card.target_label}",
    )
