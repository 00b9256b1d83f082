"""The packet's words: its cover, each goal's section and the footer, as plain text.

Everything here is printed as text (no markup is enabled in the PDF), so titles, names and
owners from the school's files need no escaping: '<b>' and '**' print as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from lib.core.config import PrivacyPolicy
from lib.core.status import GOOD_STATUSES, STATUS_BADGES, STATUS_SYMBOLS
from lib.core.text import long_date, short_date
from lib.goals.board import Board, GoalCard
from lib.reviews.figures import GoalFigures

LOCAL_MODE = "local mode (this computer, sign-in off)"
TITLE = "Goal review packet"
REVIEW_TITLE = "Goal review"


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
    blocks: tuple[tuple[str, tuple[str, ...]], ...] = ()


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


def goal_section(
    figures: GoalFigures, number: int, count: int, blocks: tuple[tuple[str, tuple[str, ...]], ...] = ()
) -> GoalSection:
    """The section of goal `number` of `count`: the goal board's card in sentences, then
    `blocks` (a review's "Now", notes, decisions and action items: a heading and its lines)."""
    owner = f" · {figures.owner}" if figures.owner else ""
    kicker = f"Goal {number} of {count} · {figures.scope}{owner} · {figures.dates}"
    shown = figures.bar is not None
    return GoalSection(
        kicker,
        figures.title,
        figures.status_words,
        figures.current_label if shown else "",
        figures.value_label if shown else "",
        figures.sentences,
        blocks,
    )


def review_blocks(goal, now_day: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A review goal's lines below its figures: now, notes, decisions, action items."""
    return (
        (f"Now (data as of {now_day}): {figures_line(goal.now)}", ()),
        ("Notes", (goal.notes or "—",)),
        ("Decisions", (goal.decisions or "—",)),
        ("Action items", tuple(item_line(item) for item in goal.items) or ("None",)),
    )


def review_cover(
    school: str,
    review,
    goals,
    generated_at: datetime,
    prepared_for: str,
    policy: PrivacyPolicy,
) -> Cover:
    """The cover of a review's packet: the school, the meeting, who came, the data it stands on."""
    state = f"closed on {review.closed_at[:10]}" if review.is_closed else "open (not closed yet)"
    facts = (
        f"Review {review.review_id}, held on {long_date(review.held_on)}: {state}",
        f"Attendees: {review.attendees or '—'}",
        f"Data as of {short_date(review.data_day, with_year=True)} (the data the review was started on)",
        generated_words(generated_at),
        f"Prepared for: {prepared_for}",
        f"Scope: every goal of {school}, each counting its own students or teachers",
        f"Privacy: as on the goal board, a figure of fewer than {policy.min_group_size} students, or one "
        "that would reveal such a figure, is hidden",
    )
    shown = [g.then or g.now for g in goals]
    good = sum(f.status in GOOD_STATUSES for f in shown)
    headline = (
        f"{good} of {len(shown)} goals met or on track as of {short_date(review.data_day, with_year=True)}"
    )
    return Cover(school, REVIEW_TITLE, facts, headline, tuple(f"{f.status_words}: {f.title}" for f in shown))


def footer_words(school: str, data_day: date, generated_at: datetime) -> str:
    """'Maple Grove Elementary · Data as of Nov 21, 2026 · Generated on Nov 22, 2026 at 07:05'."""
    return f"{school} · Data as of {short_date(data_day, with_year=True)} · {generated_words(generated_at)}"


def page_words(page: int, pages: int) -> str:
    """'Page 2 of 6'."""
    return f"Page {page} of {pages}"


def review_label(review) -> str:
    """'Nov 30, 2026 · open' or 'Nov 30, 2026 · closed' (a records.Review)."""
    state = "closed" if review.is_closed else "open"
    return f"{short_date(review.held_on, with_year=True)} · review {review.review_id} · {state}"


def item_line(item: dict) -> str:
    """'Model a think-aloud in grade 3 · Ms. Chavez · due Dec 12, 2026 · open (from an earlier review)'."""
    due = short_date(date.fromisoformat(item["due_on"]), with_year=True)
    carried = " (from an earlier review)" if item.get("carried") else ""
    return f"{item['what']} · {item['owner']} · due {due} · {item['status']}{carried}"


def figures_line(figures) -> str:
    """'✓ On track · 31,909 books (Books read since Aug 17)' or the hidden reason."""
    if figures is None:
        return "Not a goal then"
    if figures.hidden_reason:
        return f"{figures.status_words} · {figures.hidden_reason}"
    return f"{figures.status_words} · {figures.current_label} ({figures.value_label})"
