"""The goal packet: a PDF of one school's goals as of a day, for a meeting or a scheduled e-mail.

The goals are the goal board's cards (lib.goals.board.goal_cards, as the staff-meeting screen's
slides take them: the whole school, no grade or group filter), so every figure has passed the
same privacy rule and the nested-goal check. A card whose value is hidden prints why, with no
figure and no chart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

import plotly.graph_objects as go

from lib.core.appdb import AppDatabase
from lib.core.config import PrivacyPolicy, Settings
from lib.core.db import Database
from lib.core.filters import Filters, filter_options
from lib.core.scope import Scope
from lib.core.text import plotly_text, short_date
from lib.goals.board import goal_cards
from lib.reviews import records, words
from lib.reviews.document import Chart, PacketError, packet_pdf
from lib.reviews.figures import GoalFigures, charts_of, figures_of
from lib.reviews.images import png_images
from lib.reviews.view import figures_on, figures_then, now_words, review_goals


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
    figures = [figures_of(card) for card in cards]
    sections = [
        (words.goal_section(shown, number, len(figures)), charts)
        for number, (shown, charts) in enumerate(zip(figures, figure_charts(figures), strict=True), start=1)
    ]
    pdf, pages = packet_pdf(
        cover, sections, words.footer_words(school, options.last_day, generated_at), words.page_words
    )
    return Packet(pdf, len(cards), pages)


def figure_charts(figures: list[GoalFigures]) -> list[list[Chart]]:
    """Each goal's charts as PNG, every figure of the packet drawn in one go (one Chromium)."""
    drawn = [charts_of(shown) for shown in figures]
    images = iter(png_images([figure for per_goal in drawn for figure, _ in per_goal]))
    return [[Chart(next(images), caption) for _, caption in per_goal] for per_goal in drawn]


def chart_png(_: Database, figure: go.Figure, caption: str, stamp: str) -> bytes:
    """One chart as PNG with what every export carries: `caption` (what it shows) above it,
    `stamp` (scope, data date, when generated) below. A page's download: web.on_click passes
    the database first."""
    stamped = go.Figure(figure)
    top, bottom = stamped.layout.margin.t or 20, stamped.layout.margin.b or 20
    stamped.update_layout(
        title={"text": plotly_text(caption), "font": {"size": 12}, "x": 0, "xanchor": "left"},
        margin={"t": top + 40, "b": bottom + 30},
        height=(stamped.layout.height or 300) + 70,
    )
    stamped.add_annotation(
        text=plotly_text(f"{stamp} · generated on {datetime.now():%b %-d, %Y %H:%M}"),
        xref="paper", yref="paper", x=0, y=0, yshift=-bottom - 4,
        showarrow=False, xanchor="left", yanchor="top", font={"size": 10},
    )  # fmt: skip
    return png_images([stamped])[0]


def review_packet(
    database: Database, review_id: int, policy: PrivacyPolicy, prepared_for: str = words.LOCAL_MODE
) -> bytes:
    """The PDF of review `review_id` (build_review_packet's, without the counts)."""
    return build_review_packet(database, AppDatabase(), review_id, policy, prepared_for).pdf


def build_review_packet(
    database: Database,
    app: AppDatabase,
    review_id: int,
    policy: PrivacyPolicy,
    prepared_for: str = words.LOCAL_MODE,
) -> Packet:
    """A review as a PDF: a cover (school, date, attendees, its data's day), then per goal its
    figures on the review's data with their charts, the figures now, notes, decisions and action
    items. A closed review prints what it froze; an open one its snapshot and the data now."""
    review = records.review_by_id(app, review_id)
    if review is None:
        raise PacketError(
            f"There is no review {review_id}: the Goal reviews page lists them with their numbers."
        )
    options = filter_options(database)
    school = options.schools.get(review.school_id, review.school_id)
    last_day = options.last_day or review.data_day
    then = None if review.is_closed else figures_then(review, app, policy)
    now = {} if review.is_closed else figures_on(database, review.school_id, last_day, policy)
    goals = review_goals(review, app, then, now)
    if not goals:
        raise PacketError(f"Review {review_id} has no goals to print.")
    now_day = now_words(review, last_day)
    generated_at = datetime.now()
    cover = words.review_cover(school, review, goals, generated_at, prepared_for, policy)
    then_day = short_date(review.data_day, with_year=True)
    shown = [
        replace(f, value_label=f"{f.value_label} · on the review's data, as of {then_day}")
        for f in (g.then or g.now for g in goals)
        if f is not None  # every review goal has one of the two
    ]
    sections = [
        (words.goal_section(f, n, len(goals), words.review_blocks(g, now_day)), charts)
        for n, (g, f, charts) in enumerate(zip(goals, shown, figure_charts(shown), strict=True), start=1)
    ]
    footer = f"{words.footer_words(school, review.data_day, generated_at)} · Review {review_id}"
    pdf, pages = packet_pdf(cover, sections, footer, words.page_words)
    return Packet(pdf, len(goals), pages)
