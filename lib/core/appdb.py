"""The app database: one small SQLite file (WAL) that any process may read and write.

This is the only module that imports sqlite3. The store (DuckDB) holds the school's data and
is replaced whole by each import; this file holds what happens around it: the import history
with failed attempts, snapshot pins, the drop folder's lease, and later what people write in
the app. Each call opens its own short connection, so threads and processes never share one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lib.core.config import app_database_path

SCHEMA_VERSION = 4  # 2: audit_events, 3: display_links, 4: goal edits and reviews (every CREATE in app_schema.sql is IF NOT EXISTS)
_SCHEMA = Path(__file__).resolve().parent / "app_schema.sql"
Params = Sequence[Any] | Mapping[str, Any]


class AppDatabaseError(RuntimeError):
    """The app database can't be opened or written; the message says what a person can do."""


def _sentence(error: sqlite3.Error, path: Path) -> str:
    text = str(error)
    if "readonly" in text or "read-only" in text:
        why = "its folder or file is read-only"
    elif "disk" in text and "full" in text:
        why = "the disk is full"
    elif "locked" in text or "busy" in text:
        why = "another program kept it busy for too long"
    elif "not a database" in text or "malformed" in text:
        why = "the file is damaged or is not an app database (restore it from a backup)"
    else:
        why = text
    return f"The app database {path} can't be used: {why}."


class AppDatabase:
    """The SQLite file at `path` (default SCHOOL_GOALS_APP_DB); created with its tables on first use."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else app_database_path()
        self._ready = False

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except (sqlite3.Error, OSError) as error:
            raise AppDatabaseError(f"The app database {self.path} can't be opened: {error}.") from error
        try:
            con.row_factory = sqlite3.Row
            con.execute("PRAGMA busy_timeout = 30000")
            yield con
        except sqlite3.Error as error:
            raise AppDatabaseError(_sentence(error, self.path)) from error
        finally:
            con.close()

    def _prepare(self, con: sqlite3.Connection) -> None:
        if self._ready:
            return
        # WAL: readers never wait for a writer, and a killed writer leaves the file whole.
        con.execute("PRAGMA journal_mode = WAL")
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION:
            con.executescript(_SCHEMA.read_text())
            con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self._ready = True

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A connection inside BEGIN IMMEDIATE ... COMMIT (ROLLBACK on any exception)."""
        with self._connection() as con:
            self._prepare(con)
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement with bound parameters in its own transaction; return lastrowid."""
        with self.transaction() as con:
            return int(con.execute(sql, params).lastrowid or 0)

    def rows(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        """Every row of a query with bound parameters, as dicts."""
        with self._connection() as con:
            self._prepare(con)
            return [dict(row) for row in con.execute(sql, params).fetchall()]

    def scalar(self, sql: str, params: Params = ()) -> Any:
        rows = self.rows(sql, params)
        return next(iter(rows[0].values())) if rows else None

    def backup_to(self, target: Path) -> None:
        """Copy the whole database into `target` (consistent while others write: SQLite's backup)."""
        with self._connection() as con:
            self._prepare(con)
            destination = sqlite3.connect(target)
            try:
                con.backup(destination)
            finally:
                destination.close()

    def restore_from(self, source: Path) -> None:
        """Replace this database's contents with `source`'s, through SQLite (safe while others read)."""
        with self._connection() as con:
            origin = sqlite3.connect(source)
            try:
                origin.backup(con)
            finally:
                origin.close()
            self._ready = False
            self._prepare(con)
