"""The record of past imports, and undoing one by its id."""

from __future__ import annotations

import pandas as pd

from lib.core.contract import LOAD_ORDER, TABLES
from lib.core.db import Database
from lib.importing.validation import ident, orphans_query


def import_history(db: Database) -> pd.DataFrame:
    """Return every import attempt, newest first (id, times, outcome, files, rows, problems)."""
    return db.sql(
        "SELECT import_id, started_at, finished_at, outcome, files, rows_per_table, problems, summary "
        "FROM import_log ORDER BY import_id DESC"
    )


class UndoRefused(Exception):
    """The import can't be undone; the message says why and what to do instead."""


def undo_import(db: Database, import_id: int) -> dict[str, int]:
    """Undo a successful import: remove the rows it added and restore the rows it replaced.

    Returns rows removed per table. Refused (UndoRefused, nothing changed) when the id is
    unknown or not an applied import, when a later import changed the same rows, or when
    undoing would leave other data pointing at rows that would disappear.
    """
    _check_undoable(db, import_id)
    removed: dict[str, int] = {}
    with db.transaction() as cur:
        for name in reversed(LOAD_ORDER):
            removed[name] = _undo_table(cur, name, import_id)
        _check_references(cur, import_id)
        cur.execute("UPDATE import_log SET outcome = 'undone' WHERE import_id = $id", {"id": import_id})
    return {t: n for t, n in removed.items() if n}


def _check_undoable(db: Database, import_id: int) -> None:
    outcome = db.scalar("SELECT outcome FROM import_log WHERE import_id = $id", {"id": import_id})
    if outcome is None:
        raise UndoRefused(f"There is no import {import_id}. `python -m lib.cli history` lists them.")
    if outcome != "imported":
        raise UndoRefused(f"Import {import_id} was {outcome}; there is nothing to undo.")
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
