"""The import history (in the app database), and undoing an import in a store.

Each import, undo and restore is a row of the app database's `imports` table: written as
"running" before the store is touched and finished after, so a process killed midway leaves a
row the next change settles. The store keeps its own import_log of the changes it contains
(undo needs it); an id is the same in both.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from datetime import datetime
from typing import Any

import pandas as pd

from lib.core.appdb import AppDatabase
from lib.core.contract import LOAD_ORDER, TABLES
from lib.core.db import AGGREGATED_FROM, Database, refresh_aggregates
from lib.importing.report import ImportReport, files_json
from lib.importing.validation import ident, orphans_query

APPLIED = ("imported", "undo", "restored")  # store import_log outcomes of changes it contains
NOT_APPLIED = ("rejected", "failed", "interrupted")
HISTORY_COLUMNS = [
    "import_id",
    "kind",
    "started_at",
    "finished_at",
    "outcome",
    "who",
    "via",
    "files",
    "rows_per_table",
    "problems",
    "summary",
    "undoes",
    "snapshot",
]


def now_text() -> str:
    return datetime.now().isoformat(timespec="seconds")


def start(app: AppDatabase, import_id: int, kind: str, who: str, via: str) -> None:
    """Write the change as running before the store is touched."""
    app.execute(
        "INSERT INTO imports (import_id, kind, started_at, outcome, who, via, pid) "
        "VALUES (?, ?, ?, 'running', ?, ?, ?)",
        (import_id, kind, now_text(), who, via, os.getpid()),
    )


def finish(
    app: AppDatabase,
    import_id: int,
    outcome: str,
    report: ImportReport | None = None,
    summary: str | None = None,
    snapshot: str | None = None,
    undoes: int | None = None,
) -> None:
    """Record how the change ended (and what an import's report says)."""
    values: dict[str, Any] = {
        "id": import_id,
        "outcome": outcome,
        "finished": now_text(),
        "summary": summary,
        "snapshot": snapshot,
        "undoes": undoes,
        "files": "[]",
        "rows": "{}",
        "problems": 0,
        "problem_list": "[]",
    }
    if report is not None:
        values |= {
            "files": files_json(report.files),
            "rows": json.dumps({t: c.as_dict() for t, c in report.rows.items()}),
            "problems": report.problem_count,
            "problem_list": json.dumps([asdict(p) for p in report.problems]),
            "summary": summary or report.failure or "; ".join(p.text() for p in report.problems[:3]) or None,
        }
    app.execute(
        "UPDATE imports SET outcome = :outcome, finished_at = :finished, summary = :summary, "
        "snapshot = :snapshot, undoes = :undoes, files = :files, rows_per_table = :rows, "
        "problems = :problems, problem_list = :problem_list, pid = NULL WHERE import_id = :id",
        values,
    )
    if outcome == "done" and undoes is not None:
        app.execute("UPDATE imports SET outcome = 'undone' WHERE import_id = ?", (undoes,))


def next_id(app: AppDatabase) -> int:
    return int(app.scalar("SELECT coalesce(max(import_id), 0) + 1 FROM imports"))


def adopt_store_log(app: AppDatabase, store: Database | None) -> int:
    """Copy a store's import_log into an empty history (a store from before the app database).

    Returns how many rows were copied; 0 when the history already has rows or there is no store.
    """
    if store is None or app.scalar("SELECT count(*) FROM imports"):
        return 0
    log = store.sql("SELECT * FROM import_log ORDER BY import_id")
    with app.transaction() as con:
        for row in log.itertuples():
            outcome = "done" if row.outcome == "undo" else row.outcome
            con.execute(
                "INSERT INTO imports (import_id, kind, started_at, finished_at, outcome, via, files, "
                "rows_per_table, problems, summary) VALUES (?, ?, ?, ?, ?, 'command line', ?, ?, ?, ?)",
                (
                    int(row.import_id),
                    "undo" if row.outcome == "undo" else "import",
                    row.started_at.isoformat(timespec="seconds"),
                    None if pd.isna(row.finished_at) else row.finished_at.isoformat(timespec="seconds"),
                    outcome,
                    row.files,
                    row.rows_per_table,
                    int(row.problems),
                    row.summary,
                ),
            )
    return len(log)


def settle_unfinished(
    app: AppDatabase, published_id: int, store: Database | None = None, snapshot: Any = None
) -> None:
    """Rows still "running" when no change runs (call with the writer lock held): the process
    ended midway. The one whose snapshot was published finished (its files and counts come from
    the store's log, `store`); the others changed nothing."""
    for row in app.rows("SELECT import_id, kind FROM imports WHERE outcome = 'running'"):
        finished = row["import_id"] == published_id
        outcome = ("imported" if row["kind"] == "import" else "done") if finished else "interrupted"
        summary = (
            None if finished else "The process stopped before the change was published; nothing was changed."
        )
        logged = _store_log_row(store, row["import_id"]) if finished else None
        app.execute(
            "UPDATE imports SET outcome = ?, summary = coalesce(?, summary), pid = NULL, "
            "finished_at = coalesce(finished_at, ?), files = coalesce(?, files), "
            "rows_per_table = coalesce(?, rows_per_table), snapshot = coalesce(?, snapshot) "
            "WHERE import_id = ?",
            (
                outcome,
                summary,
                now_text(),
                logged["files"] if logged else None,
                logged["rows_per_table"] if logged else None,
                snapshot.name if finished and snapshot is not None else None,
                row["import_id"],
            ),
        )


def _store_log_row(store: Database | None, import_id: int) -> dict[str, Any] | None:
    if store is None:
        return None
    rows = store.sql("SELECT files, rows_per_table FROM import_log WHERE import_id = ?", [import_id])
    return None if rows.empty else rows.iloc[0].to_dict()


def import_history(app: AppDatabase) -> pd.DataFrame:
    """Every import, undo and restore, newest first (times as timestamps, JSON as text)."""
    rows = app.rows(f"SELECT {', '.join(HISTORY_COLUMNS)} FROM imports ORDER BY import_id DESC")
    frame = pd.DataFrame(rows, columns=HISTORY_COLUMNS)
    for column in ("started_at", "finished_at"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def problem_list(app: AppDatabase, import_id: int) -> list[dict[str, Any]]:
    """The problems a rejected import reported (the first 200), each file, line, column, value, message."""
    text = app.scalar("SELECT problem_list FROM imports WHERE import_id = ?", (import_id,))
    return json.loads(text) if text else []


def latest_arrival(app: AppDatabase) -> datetime | None:
    """When the latest import attempt started (any outcome): when data last arrived."""
    text = app.scalar("SELECT max(started_at) FROM imports WHERE kind = 'import'")
    return datetime.fromisoformat(text) if text else None


def pinned(app: AppDatabase) -> set[str]:
    """Snapshot file names that something refers to (never pruned)."""
    return {row["snapshot"] for row in app.rows("SELECT DISTINCT snapshot FROM snapshot_pins")}


def pin(app: AppDatabase, snapshot: str, reason: str) -> None:
    """Keep `snapshot` whatever the retention setting says, for `reason` (e.g. 'goal review 4')."""
    app.execute(
        "INSERT OR IGNORE INTO snapshot_pins (snapshot, reason, pinned_at) VALUES (?, ?, ?)",
        (snapshot, reason, now_text()),
    )


class UndoRefused(Exception):
    """The import can't be undone; the message says why and what to do instead."""


def undo_import(db: Database, import_id: int, undo_id: int | None = None) -> dict[str, int]:
    """Undo a successful import: remove the rows it added and restore the rows it replaced.

    Returns rows removed per table. Refused (UndoRefused, nothing changed) when the id is
    unknown or not an applied import, when a later import changed the same rows, or when
    undoing would leave other data pointing at rows that would disappear. With `undo_id`,
    the undo itself is written to the store's import_log under that id.
    """
    check_undoable(db, import_id)
    removed: dict[str, int] = {}
    with db.transaction() as cur:
        for name in reversed(LOAD_ORDER):
            removed[name] = _undo_table(cur, name, import_id)
        if any(removed[name] for name in AGGREGATED_FROM):
            refresh_aggregates(cur)
        _check_references(cur, import_id)
        cur.execute("UPDATE import_log SET outcome = 'undone' WHERE import_id = $id", {"id": import_id})
        if undo_id is not None:
            cur.execute(
                "INSERT INTO import_log VALUES ($id, now(), now(), 'undo', '[]', '{}', 0, $summary)",
                {"id": undo_id, "summary": f"undid import {import_id}"},
            )
    return {t: n for t, n in removed.items() if n}


def check_undoable(db: Database, import_id: int) -> None:
    """Raise UndoRefused (with what to do) unless `import_id` is an import the store can take back."""
    outcome = db.scalar("SELECT outcome FROM import_log WHERE import_id = $id", {"id": import_id})
    if outcome is None:
        raise UndoRefused(
            f"There is no import {import_id} in the data. The import history (the Data page, or "
            "`python -m lib.cli history`) lists them."
        )
    if outcome != "imported":
        what = {"undone": "already undone", "undo": "an undo"}.get(outcome, outcome)
        raise UndoRefused(f"Import {import_id} was {what}; there is nothing to undo.")
    for name in LOAD_ORDER:
        later = db.scalar(
            f"SELECT min(replaced_by) FROM {ident(name + '_history')} WHERE import_id = $id",
            {"id": import_id},
        )
        if later is not None:
            raise UndoRefused(
                f"Import {later} later changed {name} rows that import {import_id} wrote. "
                f"Undo import {later} first, then import {import_id}."
            )


def _undo_table(cur, name: str, import_id: int) -> int:
    table, hist = ident(name), ident(name + "_history")
    params = {"id": import_id}
    removed = cur.execute(f"DELETE FROM {table} WHERE import_id = $id", params).fetchone()[0]
    cur.execute(
        f"INSERT INTO {table} SELECT * EXCLUDE (replaced_by) FROM {hist} WHERE replaced_by = $id",
        params,
    )
    cur.execute(f"DELETE FROM {hist} WHERE replaced_by = $id", params)
    return int(removed)


def _check_references(cur, import_id: int) -> None:
    for table in TABLES.values():
        for ref in table.references:
            count = cur.execute(orphans_query(table, ref.column, ref.table, ref.target_column)).fetchone()[0]
            if count:
                raise UndoRefused(
                    f"Undoing import {import_id} would leave {count:,} {table.name} rows pointing at "
                    f"{ref.table} that import {import_id} added. Undo the later imports that added "
                    f"those {table.name} first."
                )
