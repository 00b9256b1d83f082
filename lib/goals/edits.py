"""Saving a goal from the goal form, and a goal's history from both of its sources.

A save adds a row to the app database's goal_edits (lib/core/goal_edits.py); it never writes the
store. The history lists the versions imports wrote (goals.csv, from the store's goals and
goals_history) and the form's saves (who, when, what changed), oldest first.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from lib.core.appdb import AppDatabase
from lib.core.db import Database
from lib.core.goal_edits import GoalDefinition, app_edits_of, definition_of, save_edit, used_goal_ids
from lib.goals.drafts import DraftFacts, changes_between, new_goal_id


class GoalSaveError(ValueError):
    """The goal can't be saved; the message says why."""


def current_goal(database: Database, goal_id: str) -> GoalDefinition | None:
    """The goal as it stands now (goals.csv's row or the form's newer save), or None."""
    rows = database.query("goals.goal_by_id", {"goal_id": goal_id})
    return definition_of(next(rows.itertuples())) if len(rows) else None


def fresh_goal_id(database: Database, app: AppDatabase, school_id: str, metric: str) -> str:
    """An id for a new goal that neither the store nor the form has used."""
    taken = set(database.query("goals.goal_ids")["goal_id"]) | used_goal_ids(app)
    return new_goal_id(school_id, metric, taken)


def save_goal(
    database: Database, app: AppDatabase, goal: GoalDefinition, facts: DraftFacts, who: str
) -> list[str]:
    """Save `goal` (checked by drafts.refusals first) and return what changed, a sentence each.

    GoalSaveError when nothing changed. The save counts as newer than every change the store
    holds now (latest_change), so a later import of the goal's row wins over it.
    """
    before = current_goal(database, goal.goal_id)
    changes = changes_between(before, goal)
    if not changes:
        raise GoalSaveError("Nothing changed: the goal already reads exactly like this.")
    after_import = int(database.query("goals.latest_change")["import_id"].iloc[0])
    at = datetime.now().isoformat(timespec="seconds")
    save_edit(app, goal, facts.baseline, after_import, who, at, changes)
    return changes


def _import_times(database: Database, app: AppDatabase) -> dict[int, dict]:
    """import_id -> started_at (ISO) and who: the app database's history, else the store's own
    log (a store from before the app database, or one whose history was not kept)."""
    logged = database.query("goals.import_times")
    found = {int(row.import_id): {"started_at": row.started_at.isoformat(timespec="seconds"), "who": ""}
             for row in logged.itertuples()}  # fmt: skip
    rows = app.rows("SELECT import_id, started_at, who FROM imports")
    return found | {row["import_id"]: row for row in rows}


def _when(iso: str) -> str:
    """'Dec 2, 2026 11:15' of an ISO time ('' stays '')."""
    return f"{datetime.fromisoformat(iso):%b %-d, %Y %H:%M}" if iso else ""


def goal_history(database: Database, app: AppDatabase, goal_id: str) -> pd.DataFrame:
    """Every change of the goal, oldest first: when, source, who, what changed.

    Imports come from the store (each version goals.csv wrote, the replaced ones included);
    a version that an undo took back is not listed. Saves come from the app database.
    """
    versions = database.query("goals.imported_goal_versions", {"goal_id": goal_id})
    times = _import_times(database, app)
    rows, before = [], None
    for version in versions.itertuples():
        after = definition_of(version._asdict() | {"goal_id": goal_id, "school_id": ""})
        facts = times.get(int(version.import_id), {})
        rows.append(
            {
                "when": facts.get("started_at", ""),
                "source": f"goals.csv (import {int(version.import_id)})",
                "who": facts.get("who") or "",
                "what changed": "; ".join(changes_between(before, after)),
            }
        )
        before = after
    for edit in app_edits_of(app, goal_id):
        rows.append(
            {
                "when": edit["edited_at"],
                "source": "goal form",
                "who": edit["edited_by"],
                "what changed": "; ".join(edit["changes"]),
            }
        )
    frame = pd.DataFrame(rows, columns=["when", "source", "who", "what changed"])
    frame = frame.sort_values("when", kind="stable").reset_index(drop=True)
    return frame.assign(when=frame["when"].map(_when))


def school_goal_list(database: Database, school_id: str) -> pd.DataFrame:
    """goal_id, title, metric, end_date of the school's goals as they stand, newest end first."""
    return database.query("goals.school_goal_list", {"school_id": school_id})


def school_staff(database: Database, school_id: str) -> pd.DataFrame:
    """name, role of the school's staff, leaders first: who may own a goal or an action item."""
    return database.query("goals.school_staff", {"school_id": school_id})


def school_subjects(database: Database, school_id: str) -> list[str]:
    """The subjects the school's students were assessed in."""
    return database.query("goals.school_subjects", {"school_id": school_id})["subject"].tolist()


def history_of(database: Database, goal_id: str) -> pd.DataFrame:
    """goal_history with the app database at its configured place (the page's call)."""
    return goal_history(database, AppDatabase(), goal_id)
