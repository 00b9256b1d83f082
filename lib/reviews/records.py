"""Goal reviews as the app database keeps them: the review, each goal's notes and decisions, and
action items. Only this module writes those tables (lib/core/app_schema.sql describes them)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from lib.core.appdb import AppDatabase

ITEM_STATUSES = ("open", "done", "dropped")


class ReviewError(ValueError):
    """A review can't be changed as asked; the message says why."""


@dataclass(frozen=True)
class Review:
    """One review: its school, date, the data it was started on, and whether it is closed."""

    review_id: int
    school_id: str
    held_on: date
    data_day: date
    snapshot: str | None
    edits_up_to: int
    attendees: str
    started_by: str
    started_at: str
    closed_by: str | None
    closed_at: str | None
    frozen: str | None

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _review(row: dict[str, Any]) -> Review:
    return Review(
        **{
            **row,
            "held_on": date.fromisoformat(row["held_on"]),
            "data_day": date.fromisoformat(row["data_day"]),
        }
    )


def start_review(
    app: AppDatabase,
    school_id: str,
    held_on: date,
    data_day: date,
    snapshot: str | None,
    edits_up_to: int,
    attendees: str,
    who: str,
) -> int:
    """Add a review and carry into it every open action item of the school; return its id."""
    with app.transaction() as con:
        review_id = int(
            con.execute(  # type: ignore[arg-type]
                "INSERT INTO reviews (school_id, held_on, data_day, snapshot, edits_up_to, attendees, "
                "started_by, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    school_id,
                    held_on.isoformat(),
                    data_day.isoformat(),
                    snapshot,
                    edits_up_to,
                    attendees,
                    who,
                    _now(),
                ),
            ).lastrowid
        )
        if snapshot:  # never pruned while the review refers to it
            con.execute(
                "INSERT OR IGNORE INTO snapshot_pins (snapshot, reason, pinned_at) VALUES (?, ?, ?)",
                (snapshot, f"goal review {review_id}", _now()),
            )
        con.execute(
            "INSERT INTO carried_items (review_id, item_id) SELECT ?, item_id FROM action_items i "
            "JOIN reviews r USING (review_id) WHERE r.school_id = ? AND i.status = 'open' AND i.review_id <> ?",
            (review_id, school_id, review_id),
        )
    return review_id


def reviews_of(app: AppDatabase, school_id: str) -> list[Review]:
    """The school's reviews, newest date first."""
    rows = app.rows(
        "SELECT * FROM reviews WHERE school_id = ? ORDER BY held_on DESC, review_id DESC", (school_id,)
    )
    return [_review(row) for row in rows]


def review_by_id(app: AppDatabase, review_id: int) -> Review | None:
    rows = app.rows("SELECT * FROM reviews WHERE review_id = ?", (review_id,))
    return _review(rows[0]) if rows else None


def _open_review(app: AppDatabase, review_id: int) -> Review:
    review = review_by_id(app, review_id)
    if review is None:
        raise ReviewError(f"There is no review {review_id}.")
    if review.is_closed:
        raise ReviewError(
            f"Review {review_id} was closed on {(review.closed_at or '')[:10]}: it can't be changed."
        )
    return review


def set_attendees(app: AppDatabase, review_id: int, attendees: str) -> None:
    _open_review(app, review_id)
    app.execute("UPDATE reviews SET attendees = ? WHERE review_id = ?", (attendees.strip(), review_id))


def save_notes(app: AppDatabase, review_id: int, goal_id: str, notes: str, decisions: str, who: str) -> None:
    """Keep a goal's notes and decisions in an open review (the latest text replaces the last)."""
    _open_review(app, review_id)
    app.execute(
        "INSERT INTO review_notes (review_id, goal_id, notes, decisions, updated_by, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (review_id, goal_id) DO UPDATE SET notes = excluded.notes, "
        "decisions = excluded.decisions, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        (review_id, goal_id, notes.strip(), decisions.strip(), who, _now()),
    )


def notes_of(app: AppDatabase, review_id: int) -> dict[str, tuple[str, str]]:
    """goal_id -> (notes, decisions) of a review."""
    rows = app.rows("SELECT goal_id, notes, decisions FROM review_notes WHERE review_id = ?", (review_id,))
    return {row["goal_id"]: (row["notes"], row["decisions"]) for row in rows}


def add_item(
    app: AppDatabase, review_id: int, goal_id: str, what: str, owner: str, due_on: date | None, who: str
) -> int:
    """Add an open action item to a goal in an open review; ReviewError names what is missing."""
    _open_review(app, review_id)
    missing = [
        name for name, value in (("what to do", what.strip()), ("an owner", owner.strip())) if not value
    ]
    if missing or due_on is None:
        missing += [] if due_on is not None else ["a due date"]
        raise ReviewError(f"An action item needs {' and '.join(missing)}.")
    return app.execute(
        "INSERT INTO action_items (review_id, goal_id, what, owner, due_on, status, created_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, 'open', ?, ?)",
        (review_id, goal_id, what.strip(), owner.strip(), due_on.isoformat(), who, _now()),
    )


def set_item_status(app: AppDatabase, review_id: int, item_id: int, status: str, who: str) -> None:
    """Mark an item of an open review open, done or dropped."""
    _open_review(app, review_id)
    if status not in ITEM_STATUSES:
        raise ReviewError(f"An action item is open, done or dropped, not {status!r}.")
    app.execute(
        "UPDATE action_items SET status = ?, updated_by = ?, updated_at = ? WHERE item_id = ?",
        (status, who, _now(), item_id),
    )


def items_of(app: AppDatabase, review_id: int) -> list[dict[str, Any]]:
    """The review's action items: those carried into it, then those made in it, oldest first.
    `carried` is True for an item from an earlier review."""
    return app.rows(
        "SELECT i.*, i.review_id <> ? AS carried FROM action_items i WHERE i.review_id = ? "
        "OR i.item_id IN (SELECT item_id FROM carried_items WHERE review_id = ?) "
        "ORDER BY carried DESC, i.item_id",
        (review_id, review_id, review_id),
    )


def overdue_items(app: AppDatabase, school_ids: list[str], today: date) -> list[dict[str, Any]]:
    """Open action items of the schools whose due date has passed, the oldest due first."""
    marks = ", ".join("?" for _ in school_ids) or "NULL"
    return app.rows(
        f"SELECT i.*, r.school_id FROM action_items i JOIN reviews r USING (review_id) "
        f"WHERE i.status = 'open' AND i.due_on < ? AND r.school_id IN ({marks}) ORDER BY i.due_on, i.item_id",
        (today.isoformat(), *school_ids),
    )


def close_review(app: AppDatabase, review_id: int, frozen: dict[str, Any], who: str) -> None:
    """Close an open review, keeping `frozen` (every figure, chart point and text) as it is now."""
    _open_review(app, review_id)
    app.execute(
        "UPDATE reviews SET frozen = ?, closed_by = ?, closed_at = ? WHERE review_id = ? AND closed_at IS NULL",
        (json.dumps(frozen, ensure_ascii=False), who, _now(), review_id),
    )
