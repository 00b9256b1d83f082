"""Goals set or changed in the app: rows of the app database's goal_edits, one per save.

The store keeps goals.csv's rows (an import replaces them); the app database keeps what the goal
form saved. The data door (lib/core/db.py) lays the newest saved row of each goal over the store's
rows in every goal query (the `goals_now()` macro), so for a goal_id the newest change wins,
whichever its source: an import that writes the goal's row after the save wins, an undo of that
import gives the save back, and nothing an import or an undo does removes a saved row.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from lib.core.appdb import AppDatabase, AppDatabaseError
from lib.core.db import OVERLAY_COLUMNS, DatabaseUnavailableError

GOAL_FIELDS = tuple(name for name in OVERLAY_COLUMNS if name != "after_import")


@dataclass(frozen=True)
class GoalDefinition:
    """What goals.csv and the goal form both say about a goal."""

    goal_id: str
    school_id: str
    title: str
    metric: str
    target: float
    start_date: date
    end_date: date
    subject: str | None = None
    grade_level: str | None = None
    subgroup: str | None = None
    owner: str | None = None

    def row(self) -> dict[str, Any]:
        values = {name: getattr(self, name) for name in GOAL_FIELDS}
        return values | {"start_date": self.start_date.isoformat(), "end_date": self.end_date.isoformat()}


def definition_of(row: Any) -> GoalDefinition:
    """The GoalDefinition of a goals_in_scope row or a goal_edits row (dates as dates or ISO text)."""

    def text(name: str) -> str | None:
        value = getattr(row, name, None) if not isinstance(row, dict) else row.get(name)
        return value if isinstance(value, str) and value != "" else None

    def day(name: str) -> date:
        value = row[name] if isinstance(row, dict) else getattr(row, name)
        if isinstance(value, datetime):  # a pandas Timestamp is one too
            return value.date()
        return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])

    target = row["target"] if isinstance(row, dict) else row.target
    return GoalDefinition(
        goal_id=text("goal_id") or "",
        school_id=text("school_id") or "",
        title=text("title") or "",
        metric=text("metric") or "",
        target=float(target),
        start_date=day("start_date"),
        end_date=day("end_date"),
        subject=text("subject"),
        grade_level=text("grade_level"),
        subgroup=text("subgroup"),
        owner=text("owner"),
    )


class AppGoals:
    """The goal form's saved rows as the data door lays them over the store: the newest per goal
    (only rows up to `up_to`, the edit a goal review counted, when it is given).

    Without `app`, the app database at its configured place each time it is read (the app's
    one connection outlives a change of SCHOOL_GOALS_APP_DB in tests). An app database that
    can't be read stops the goal queries with its sentence: goals without the school's own
    changes would be wrong figures, not fewer."""

    def __init__(self, app: AppDatabase | None = None, up_to: int | None = None) -> None:
        self._app, self.up_to = app, up_to

    @property
    def app(self) -> AppDatabase:
        return self._app if self._app is not None else AppDatabase()

    def version(self) -> str:
        """Changes whenever a save adds a row (the cache key of everything computed from goals)."""
        with _as_store_error():
            newest = self.app.scalar("SELECT max(edit_id) FROM goal_edits") or 0
        counted = newest if self.up_to is None else min(newest, self.up_to)
        return f"{self.app.path} goal edits {counted}"

    def frame(self) -> pd.DataFrame:
        """The newest row per goal_id: GOAL_FIELDS and after_import."""
        with _as_store_error():
            rows = self.app.rows(
                f"""SELECT {", ".join(GOAL_FIELDS)}, after_import FROM goal_edits
                    WHERE edit_id IN (SELECT max(edit_id) FROM goal_edits
                                      WHERE edit_id <= coalesce(?, edit_id) GROUP BY goal_id)""",
                (self.up_to,),
            )
        return pd.DataFrame(rows, columns=list(OVERLAY_COLUMNS)).astype(OVERLAY_COLUMNS)


@contextmanager
def _as_store_error() -> Iterator[None]:
    try:
        yield
    except AppDatabaseError as error:
        raise DatabaseUnavailableError(str(error)) from error


def save_edit(
    app: AppDatabase,
    goal: GoalDefinition,
    baseline: float | None,
    after_import: int,
    who: str,
    at: str,
    changes: list[str],
) -> int:
    """Add the goal form's save as a new row and return its edit_id (rows are never updated)."""
    values = goal.row() | {
        "baseline": baseline,
        "after_import": after_import,
        "edited_by": who,
        "edited_at": at,
        "changes": json.dumps(changes, ensure_ascii=False),
    }
    names = ", ".join(values)
    marks = ", ".join(f":{name}" for name in values)
    return app.execute(f"INSERT INTO goal_edits ({names}) VALUES ({marks})", values)


def newest_edit_id(app: AppDatabase) -> int:
    """The newest save's edit_id (0 when the form never saved): what a review counts."""
    return int(app.scalar("SELECT coalesce(max(edit_id), 0) FROM goal_edits") or 0)


def app_edits_of(app: AppDatabase, goal_id: str) -> list[dict[str, Any]]:
    """The goal form's saves of `goal_id`, oldest first, with their change sentences as a list."""
    rows = app.rows(
        "SELECT edit_id, edited_by, edited_at, after_import, changes FROM goal_edits "
        "WHERE goal_id = ? ORDER BY edit_id",
        (goal_id,),
    )
    return [row | {"changes": json.loads(row["changes"])} for row in rows]


def used_goal_ids(app: AppDatabase) -> set[str]:
    """Every goal_id the form has saved (a new goal's id must not be one of them)."""
    return {row["goal_id"] for row in app.rows("SELECT DISTINCT goal_id FROM goal_edits")}
