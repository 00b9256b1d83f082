"""Undoing imports, the schema version, named queries and the lock message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lib.core import db as store
from lib.importing.history import UndoRefused, undo_import
from lib.importing.importer import import_files
from tests.helpers import SCHOOLS


def test_undo_removes_what_the_import_added(loaded):
    assert undo_import(loaded, 1) == {"reading_logs": 2, "students": 2, "schools": 1}
    assert loaded.scalar("SELECT count(*) FROM students") == 0
    assert loaded.scalar("SELECT outcome FROM import_log WHERE import_id = 1") == "undone"


def test_undo_restores_the_rows_an_import_replaced(loaded, write_csv):
    import_files(loaded, [write_csv("schools.csv", "school_id,school_name\n0101,Renamed\n")])
    undo_import(loaded, 2)
    assert loaded.scalar("SELECT school_name FROM schools") == "Maple Elementary"
    assert loaded.scalar("SELECT import_id FROM schools") == 1


def test_undo_is_refused_when_a_later_import_changed_the_same_rows(loaded, write_csv):
    import_files(loaded, [write_csv("schools.csv", "school_id,school_name\n0101,Renamed\n")])
    with pytest.raises(UndoRefused, match="Undo import 2 first"):
        undo_import(loaded, 1)


def test_undo_is_refused_when_later_data_points_at_its_rows(database, write_csv):
    import_files(database, [write_csv("schools.csv", SCHOOLS)])
    import_files(database, [write_csv("students.csv", "student_id,school_id,grade_level\n1,0101,4\n")])
    with pytest.raises(UndoRefused, match="1 students rows pointing at schools"):
        undo_import(database, 1)
    assert database.scalar("SELECT count(*) FROM schools") == 1


def test_undo_of_an_unknown_import_says_so(loaded):
    with pytest.raises(UndoRefused, match="There is no import 42"):
        undo_import(loaded, 42)


def test_new_store_carries_the_schema_version(database):
    assert database.schema_version() == store.SCHEMA_VERSION


def test_reopening_a_store_keeps_its_data(tmp_path, write_csv):
    first = store.connect(tmp_path / "s.duckdb")
    import_files(first, [write_csv("schools.csv", SCHOOLS)])
    first.close()
    again = store.connect(tmp_path / "s.duckdb")
    assert again.scalar("SELECT count(*) FROM schools") == 1


def test_database_path_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SCHOOL_GOALS_DB", str(tmp_path / "x.duckdb"))
    assert store.store_target() == tmp_path / "x.duckdb"
    assert store.store_label() == str(tmp_path / "x.duckdb")


def test_a_locked_file_gives_a_sentence_a_person_can_act_on(tmp_path):
    path = tmp_path / "locked.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"from lib.core import db; d = db.connect({str(path)!r}); print('open', flush=True); input()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(store.DatabaseLockedError, match=r"is open in another program"):
            store.connect(path)
    finally:
        holder.communicate("\n")


def test_named_query_is_refused_when_unknown():
    with pytest.raises(KeyError, match="No query named 'nowhere.nothing'"):
        store.named_sql("nowhere.nothing")


# What DuckDB 1.5.5 says when it opens a file written by DuckDB 2.0 (checked on a real 2.0 file).
NEWER_FILE = (
    "IO Error: Trying to read a database file with version number 999, but we can only read versions "
    "between 64 and 68.\nThe database file was created with an newer version of DuckDB."
)


# A file that starts like a DuckDB store (the magic bytes at offset 8), as a 2.0 store does.
NEWER_BYTES = b"\x00" * 8 + b"DUCK" + b"a DuckDB 2.0 store"


@pytest.fixture
def newer_duckdb_file(tmp_path, monkeypatch):
    """SCHOOL_GOALS_DB names a file the pinned DuckDB refuses as newer, once; then it opens anew."""
    path = tmp_path / "school_goals.duckdb"
    path.write_bytes(NEWER_BYTES)
    real_connect = store.duckdb.connect

    def refuses(database: str) -> bool:
        return Path(database).is_file() and Path(database).read_bytes() == NEWER_BYTES

    class Connection:
        """A real connection whose ATTACH of the file fails as DuckDB 1.5.5's does (the app's way in)."""

        def __init__(self, real):
            self._real = real

        def execute(self, sql, *args):
            if sql.startswith("ATTACH") and refuses(str(path)) and str(path) in sql:
                raise store.duckdb.IOException(NEWER_FILE)
            return self._real.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(self._real, name)

    def connect(database, **options):
        if refuses(database):
            raise store.duckdb.IOException(NEWER_FILE)
        return Connection(real_connect(database, **options))

    monkeypatch.setattr(store.duckdb, "connect", connect)
    monkeypatch.setenv("SCHOOL_GOALS_DB", str(path))
    return path


def test_a_store_from_a_newer_duckdb_is_refused_with_what_to_do(newer_duckdb_file):
    with pytest.raises(store.DatabaseVersionError) as refused:
        store.connect(newer_duckdb_file)
    assert str(refused.value) == (
        f"The database file {newer_duckdb_file} was written by a newer DuckDB than this app uses "
        f"({store.duckdb.__version__}), which can't read it. `make run` or `make demo` keep it as "
        "school_goals.duckdb.unreadable and build the demo in a new file; or move it away and import "
        "your CSV files again (`python -m lib.cli import ...`)."
    )


def test_cli_demo_keeps_a_newer_store_aside_and_builds_a_new_one(newer_duckdb_file, tmp_path, capsys):
    from lib.cli import main

    assert main(["demo", "--if-missing", "--students", "300", "--out", str(tmp_path / "csv")]) == 0
    kept = tmp_path / "school_goals.duckdb.unreadable"
    assert kept.read_bytes() == NEWER_BYTES
    assert f"Kept it as {kept}; building the demo in a new file." in capsys.readouterr().out
    database = store.connect(newer_duckdb_file)
    assert database.scalar("SELECT count(*) FROM schools") == 3
    database.close()


def test_cli_demo_if_missing_leaves_a_readable_store_alone(loaded, monkeypatch):
    from lib.cli import main

    loaded.close()
    monkeypatch.setenv("SCHOOL_GOALS_DB", str(loaded.path))
    assert main(["demo", "--if-missing"]) == 0
    database = store.connect(loaded.path)
    assert database.scalar("SELECT count(*) FROM schools") == 1  # still the one school of import 1
    database.close()


def test_the_app_on_a_store_it_cant_read_shows_the_sentence_and_no_page(newer_duckdb_file, monkeypatch):
    from tests.helpers import app_test

    at = app_test(monkeypatch, newer_duckdb_file).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        f"The database file {newer_duckdb_file} was written by a newer DuckDB than this app uses "
        f"({store.duckdb.__version__}), which can't read it. `make run` or `make demo` keep it as "
        "school_goals.duckdb.unreadable and build the demo in a new file; or move it away and import "
        "your CSV files again (`python -m lib.cli import ...`)."
    ]
    assert not at.sidebar.selectbox  # no filters: nothing to filter


def test_a_query_that_fails_partway_shows_a_sentence_not_a_traceback(demo_path, tmp_path, monkeypatch):
    # The store answers the frame's first queries, then a page's query meets a damaged file.
    from lib.core.db import Database, DatabaseUnavailableError
    from tests.helpers import app_test, open_page

    copy = tmp_path / "demo.duckdb"
    copy.write_bytes(demo_path.read_bytes())
    real_query = Database.query

    def query(self, name, params=None):
        if name.startswith("observations."):
            raise DatabaseUnavailableError(f"The store {copy} is damaged (a test).")
        return real_query(self, name, params)

    monkeypatch.setattr(Database, "query", query)
    at = app_test(monkeypatch, copy)
    open_page(at, "pages/observations.py", school="Maple Grove Elementary")
    assert not at.exception
    assert [e.value for e in at.error] == [f"The store {copy} is damaged (a test)."]
