"""The packet's words: its cover, each goal's section and the footer, as plain text.

Everything here is printed as text (no markup is enabled in the PDF), so titles, names and
owners from the school's files need no escaping: '<b>' and '**' print as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from lib.core.config import PrivacyPolicy
from lib.core.status import STATUS_BADGES, STATUS_SYMBOLS
from lib.core.text import long_date, short_date
from lib.goals.board import Board, GoalCard, metric_label, projection_sentence

LOCAL_MODE = "local mode (this computer, sign-in off)"
TITLE = "Goal review packet"


@dataclass(frozen=True)
class Cover:
    """The first page: the school, the dates, who it is for, the headline and the goals' list."""

    school: str
    title: str
    facts: tuple[str, ...]
    headline: str
    goals: tuple[str, ...]


@dataclass(frozen=True)
class GoalSection:
    """One goal's section. `figure` and `figure_label` are empty when the value is hidden or
    there is none yet; `sentences` then say why."""

    kicker: str
    title: str
    status: str
    figure: str
    figure_label: str
    sentences: tuple[str, ...]


def status_words(status: str) -> str:
    """'✕ Off track': the symbol beside the word, as the staff-meeting screen prints it."""
    return f"{STATUS_SYMBOLS[status]} {STATUS_BADGES[status][0]}"


def generated_words(moment: datetime) -> str:
    """'Generated on Nov 22, 2026 at 07:05'."""
    return f"Generated on {short_date(moment.date(), with_year=True)} at {moment:%H:%M}"


def cover_page(
    school: str,
    cards: Sequence[GoalCard],
    as_of: date,
    data_day: date,
    generated_at: datetime,
    prepared_for: str,
    policy: PrivacyPolicy,
) -> Cover:
    """The cover of `school`'s packet: the goals as of `as_of`, the data's latest day `data_day`."""
    facts = (
        f"Goals as of {long_date(as_of)}",
        f"Data as of {short_date(data_day, with_year=True)}",
        generated_words(generated_at),
        f"Prepared for: {prepared_for}",
        f"Scope: every goal of {school}, each counting its own students or teachers",
        f"Privacy: as on the goal board, a figure of fewer than {policy.min_group_size} students, or one "
        "that would reveal such a figure, is hidden",
    )
    goals = tuple(f"{status_words(card.status)}: {card.title}" for card in cards)
    return Cover(school, TITLE, facts, Board(as_of, tuple(cards)).headline, goals)


def goal_section(card: GoalCard, number: int, count: int) -> GoalSection:
    """The section of goal `number` of `count`: the goal board's card in sentences."""
    owner = f" · {card.owner}" if card.owner else ""
    dates = f"{short_date(card.start_date, with_year=True)} – {short_date(card.end_date, with_year=True)}"
    kicker = f"Goal {number} of {count} · {card.scope}{owner} · {dates}"
    status = status_words(card.status)
    if card.hidden_reason:
        return GoalSection(kicker, card.title, status, "", "", (card.hidden_reason,))
    progress = card.progress
    reach = f"Target {card.target_label} by {short_date(card.end_date, with_year=True)}."
    sentences = (reach, f"{progress.status_reason}.", projection_sentence(card), progress.pace_note)
    shown = tuple(sentence for sentence in sentences if sentence)
    if progress.current is None:
        return GoalSection(kicker, card.title, status, "", "", shown)
    return GoalSection(kicker, card.title, status, card.current_label, metric_label(card), shown)


def trend_caption(card: GoalCard) -> str:
    """'Trend: running total by school week, with the target'."""
    return f"Trend: {card.trend_label}, with the target"


PROGRESS_CAPTION = (
    "Progress: the bar is the value now; its marks say what they are (target, even pace, projected)"
)


def footer_words(school: str, data_day: date, generated_at: datetime) -> str:
    """'Maple Grove Elementary · Data as of Nov 21, 2026 · Generated on Nov 22, 2026 at 07:05'."""
    return f"{school} · Data as of {short_date(data_day, with_year=True)} · {generated_words(generated_at)}"


def page_words(page: int, pages: int) -> str:
    """'Page 2 of 6'."""
    return f"Page {page} of {pages}"
