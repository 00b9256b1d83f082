"""The goal packet: a PDF of one school's goals as of a day, for a meeting or a scheduled e-mail.

The goals are the goal board's cards (lib.goals.board.goal_cards, as the staff-meeting screen's
slides take them: the whole school, no grade or group filter), so every figure has passed the
same privacy rule and the nested-goal check. A card whose value is hidden prints why, with no
figure and no chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import plotly.graph_objects as go

from lib.core.config import Settings
from lib.core.db import Database
from lib.core.filters import Filters, filter_options
from lib.core.scope import Scope
from lib.core.text import short_date
from lib.goals.board import GoalCard, goal_cards
from lib.goals.charts import progress_bar
from lib.reviews import words
from lib.reviews.charts import trend_line
from lib.reviews.document import Chart, PacketError, packet_pdf
from lib.reviews.images import png_images


@dataclass(frozen=True)
class Packet:
    """The PDF and what the command line reports about it."""

    pdf: bytes
    goals: int
    pages: int


def goal_packet(
    database: Database,
    school_id: str,
    as_of: date,
    scope: Scope,
    settings: Settings,
    prepared_for: str = words.LOCAL_MODE,
) -> bytes:
    """The PDF of `school_id`'s goals as of `as_of` (build_packet's, without the counts)."""
    return build_packet(database, school_id, as_of, scope, settings, prepared_for).pdf


def build_packet(
    database: Database,
    school_id: str,
    as_of: date,
    scope: Scope,
    settings: Settings,
    prepared_for: str = words.LOCAL_MODE,
) -> Packet:
    """The packet of `school_id` as of `as_of`: a cover, then one section per goal, each footer
    naming the school, the data's latest day, when it was generated and 'Page N of M'.

    `prepared_for` is who it is made for (a signed-in person's email; the default is local
    mode). Raises PacketError with a sentence when the school is outside `scope`, the store has
    no data, or the school has no goals; ChartImageError when Chromium can't draw the charts.
    """
    if not scope.allows(school_id):
        raise PacketError("That school is not among the schools you may see, so there is no packet of it.")
    options = filter_options(database)
    if school_id not in options.schools or options.last_day is None:
        raise PacketError("The data has no such school or no dates yet: import the school's files first.")
    school = options.schools[school_id]
    cards, _ = goal_cards(database, [school_id], Filters(school_id=school_id, as_of=as_of), settings.policy)
    if not cards:
        raise PacketError(
            f"{school} has no goals as of {short_date(as_of, with_year=True)}: goals come from goals.csv."
        )
    generated_at = datetime.now()
    cover = words.cover_page(
        school, cards, as_of, options.last_day, generated_at, prepared_for, settings.policy
    )
    sections = [
        (words.goal_section(card, number, len(cards)), charts)
        for number, (card, charts) in enumerate(zip(cards, card_charts(cards), strict=True), start=1)
    ]
    pdf, pages = packet_pdf(
        cover, sections, words.footer_words(school, options.last_day, generated_at), words.page_words
    )
    return Packet(pdf, len(cards), pages)


def card_figures(card: GoalCard) -> list[tuple[go.Figure, str]]:
    """(figure, caption) of a card: the goal board's progress bar, and its trend when it has one.
    None for a card whose value is hidden or not there yet."""
    progress = card.progress
    if card.hidden_reason or progress.current is None:
        return []
    bar = progress_bar(
        progress.current, progress.target, progress.expected, card.status, card.unit, progress.projected
    )
    figures = [(bar, words.PROGRESS_CAPTION)]
    if card.trend:
        trend = trend_line(card.trend, progress.target, card.unit, card.trend_label)
        figures.append((trend, words.trend_caption(card)))
    return figures


def card_charts(cards: list[GoalCard]) -> list[list[Chart]]:
    """Each card's charts as PNG, every figure of the packet drawn in one go (one Chromium)."""
    figures = [card_figures(card) for card in cards]
    images = iter(png_images([figure for per_card in figures for figure, _ in per_card]))
    return [[Chart(next(images), caption) for _, caption in per_card] for per_card in figures]
