"""What the review page and the review packet call: start a review, its goals then and now,
close it. Figures come from goal board cards (the whole school, no filter), so they pass the
board's privacy rule; a closed review reads only what it froze."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from lib.core import db as store
from lib.core.appdb import AppDatabase
from lib.core.config import PrivacyPolicy
from lib.core.db import Database
from lib.core.filters import Filters, filter_options
from lib.core.goal_edits import AppGoals, newest_edit_id
from lib.core.lake_files import store_files
from lib.core.scope import Scope
from lib.core.text import short_date
from lib.goals.board import goal_cards
from lib.reviews import records
from lib.reviews.figures import GoalFigures, figures_of

SNAPSHOT_GONE = (
    "The data this review was started on is no longer kept (its snapshot file is missing), so its "
    "figures then can't be shown; close the review to keep what it has."
)

NO_SNAPSHOTS = (
    "This store keeps no snapshots (it was made before them), so the figures 'then' follow the "
    "data until the review is closed; the next import starts keeping them."
)


@dataclass(frozen=True)
class ReviewGoal:
    """One goal in a review: its figures then (the review's data) and now, and what was written."""

    goal_id: str
    then: GoalFigures | None
    now: GoalFigures | None
    notes: str
    decisions: str
    items: tuple[dict[str, Any], ...]

    @property
    def title(self) -> str:
        return (self.then or self.now).title  # type: ignore[union-attr]


def start(
    database: Database, app: AppDatabase, school_id: str, held_on: date, attendees: str, who: str
) -> int:
    """Start a review of `school_id` on the data published now (its snapshot pinned)."""
    data_day = filter_options(database).last_day
    if data_day is None:
        raise records.ReviewError("The data has no dates yet: import the school's files before a review.")
    published = store_files().published()
    return records.start_review(
        app, school_id, held_on, data_day, published.name if published else None,
        newest_edit_id(app), attendees, who,
    )  # fmt: skip


def figures_on(
    database: Database, school_id: str, as_of: date, policy: PrivacyPolicy
) -> dict[str, GoalFigures]:
    """goal_id -> the figures of every goal of the school as of `as_of` (board order)."""
    cards, _ = goal_cards(database, [school_id], Filters(school_id=school_id, as_of=as_of), policy)
    return {card.goal_id: figures_of(card) for card in cards}


def figures_then(
    review: records.Review, app: AppDatabase, policy: PrivacyPolicy
) -> dict[str, GoalFigures] | None:
    """The goals' figures on the data the review was started on (None: that data is gone).

    A store without snapshots (made before them) has only the data now."""
    files = store_files()
    path = files.snapshot_target(review.snapshot) if review.snapshot else files.target
    if path is None or not files.has_store():
        return None
    try:
        database = store.connect(path, read_only=True, create=False, goals=AppGoals(app, review.edits_up_to))
    except store.DatabaseMissingError:  # a lake's snapshot expired since
        return None
    try:
        return figures_on(database, review.school_id, review.data_day, policy)
    finally:
        database.close()


def then_figures(_: Database, review_id: int, policy: PrivacyPolicy) -> dict[str, GoalFigures] | None:
    """figures_then of review `review_id` (the page's cached call: the snapshot never changes)."""
    app = AppDatabase()
    review = records.review_by_id(app, review_id)
    return None if review is None else figures_then(review, app, policy)


def review_goals(
    review: records.Review, app: AppDatabase, then: dict[str, GoalFigures] | None, now: dict[str, GoalFigures]
) -> list[ReviewGoal]:
    """Every goal of an open review (those of its data, then those added since), with its notes and items."""
    if review.frozen:
        return frozen_goals(review.frozen)
    notes = records.notes_of(app, review.review_id)
    items = records.items_of(app, review.review_id)
    ids = list(dict.fromkeys([*(then or {}), *now]))
    return [
        ReviewGoal(
            goal_id,
            (then or {}).get(goal_id),
            now.get(goal_id),
            *notes.get(goal_id, ("", "")),
            tuple(item for item in items if item["goal_id"] == goal_id),
        )
        for goal_id in ids
    ]


def freeze(goals: list[ReviewGoal], now_day: date) -> dict[str, Any]:
    """What closing keeps: every goal's figures then and now (chart points included; now is
    the data as of `now_day`), its notes, decisions and items as they read now."""
    return {
        "now_day": now_day.isoformat(),
        "goals": [
            {
                "goal_id": g.goal_id,
                "then": g.then.to_json() if g.then else None,
                "now": g.now.to_json() if g.now else None,
                "notes": g.notes,
                "decisions": g.decisions,
                "items": [dict(item) for item in g.items],
            }
            for g in goals
        ],
    }


def frozen_goals(frozen: str) -> list[ReviewGoal]:
    """A closed review's goals, exactly as they were kept."""
    kept = json.loads(frozen)["goals"]
    return [
        ReviewGoal(
            g["goal_id"],
            GoalFigures.from_json(g["then"]) if g["then"] else None,
            GoalFigures.from_json(g["now"]) if g["now"] else None,
            g["notes"],
            g["decisions"],
            tuple(g["items"]),
        )
        for g in kept
    ]


def close(app: AppDatabase, review: records.Review, goals: list[ReviewGoal], now_day: date, who: str) -> None:
    """Close the review, freezing `goals` as shown (their figures now as of `now_day`)."""
    records.close_review(app, review.review_id, freeze(goals, now_day), who)


def now_words(review: records.Review, last_day: date) -> str:
    """The day the figures "now" stand on: the data's latest day, or for a closed review the
    one it was closed on ('Nov 21, 2026, when closed')."""
    if review.frozen:
        kept = json.loads(review.frozen).get("now_day")
        return (
            f"{short_date(date.fromisoformat(kept), with_year=True)}, when closed" if kept else "when closed"
        )
    return short_date(last_day, with_year=True)


def overdue_notes(
    school_ids: list[str], today: date, scope: Scope, school_names: dict[str, str]
) -> list[str]:
    """The goal board's "Needs attention" lines for open action items past their due date: what,
    who, since when. Where `scope` may not name a school's teachers, only how many are overdue."""
    items = records.overdue_items(AppDatabase(), school_ids, today)
    notes = []
    for school_id in school_ids:
        mine = [item for item in items if item["school_id"] == school_id]
        where = f" ({school_names.get(school_id, school_id)})" if len(school_ids) > 1 else ""
        if mine and not scope.teacher_names_allowed(school_id):
            notes.append(f"{len(mine)} action items from goal reviews are overdue{where}.")
            continue
        notes += [overdue_sentence(item) + where for item in mine]
    return notes


def overdue_sentence(item: dict[str, Any]) -> str:
    """'Overdue since Nov 30: Model a think-aloud (Ms. Chavez), from goal review 3.'"""
    due = short_date(date.fromisoformat(item["due_on"]))
    return f"Overdue since {due}: {item['what']} ({item['owner']}), from goal review {item['review_id']}."
