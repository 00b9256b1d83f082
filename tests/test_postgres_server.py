"""A DuckLake store whose catalog is a throwaway PostgreSQL server, shared by two processes.

Each process is a child Python that loads the extensions from their wheels (no download) and
runs the SQL it is sent, one statement a line, so a test can interleave two processes' steps.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.postgres_server import SKIP_REASON, postgres_available, running_postgres

pytestmark = pytest.mark.skipif(not postgres_available(), reason=SKIP_REASON)

# Autoinstall off: a missing extension fails at once instead of trying the network for a second.
SQL_PROCESS = """
import importlib.resources, json, sys
import duckdb

con = duckdb.connect(config={"autoinstall_known_extensions": False})
for name in ("ducklake", "postgres_scanner"):
    wheel = importlib.resources.files(f"duckdb_extension_{name}")
    con.execute(f"LOAD '{wheel}/extensions/v{duckdb.__version__}/{name}.duckdb_extension'")
for line in sys.stdin:
    try:
        answer = {"rows": con.execute(json.loads(line)).fetchall()}
    except duckdb.Error as error:
        answer = {"error": str(error)}
    print(json.dumps(answer, default=str), flush=True)
"""


class SqlProcess:
    """A separate Python process with its own DuckDB connection."""

    def __init__(self) -> None:
        command = [sys.executable, "-c", SQL_PROCESS]
        self.child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def run(self, sql: str) -> list[list]:
        assert self.child.stdin and self.child.stdout
        self.child.stdin.write(json.dumps(sql) + "\n")
        self.child.stdin.flush()
        line = self.child.stdout.readline()
        if not line:  # its traceback is on stderr, which pytest shows
            raise AssertionError(f"the SQL process ended (exit {self.child.wait(timeout=10)})")
        answer = json.loads(line)
        if "error" in answer:
            raise AssertionError(f"{sql}\n{answer['error']}")
        return answer["rows"]

    def close(self) -> None:
        assert self.child.stdin
        self.child.stdin.close()
        self.child.wait(timeout=10)


@pytest.fixture(scope="module")
def catalog(tmp_path_factory) -> Iterator[str]:
    """One server for the module (starting one takes about a second); each test its own lake."""
    with running_postgres(tmp_path_factory.mktemp("postgres")) as connection_string:
        yield f"ducklake:postgres:{connection_string}"


@pytest.fixture
def two_processes(catalog: str, tmp_path: Path) -> Iterator[tuple[SqlProcess, SqlProcess]]:
    """A writer that created the lake (and gave its DATA_PATH) and a reader attached after it."""
    # A lake of its own: its catalog tables go in a PostgreSQL schema of their own.
    schema = f"lake_{uuid.uuid4().hex[:8]}"
    writer, reader = SqlProcess(), SqlProcess()
    try:
        writer.run(f"ATTACH '{catalog}' AS lake (METADATA_SCHEMA '{schema}', DATA_PATH '{tmp_path}/')")
        # The data path is stored in the catalog: a second ATTACH needn't repeat it.
        reader.run(f"ATTACH '{catalog}' AS lake (METADATA_SCHEMA '{schema}')")
        yield writer, reader
    finally:
        writer.close()
        reader.close()


def test_rows_committed_in_one_process_are_seen_in_another(two_processes):
    writer, reader = two_processes
    writer.run("BEGIN")
    writer.run("CREATE TABLE lake.reading_logs (student_id VARCHAR, minutes INTEGER)")
    writer.run("INSERT INTO lake.reading_logs VALUES ('S1', 20), ('S2', 35)")
    writer.run("COMMIT")

    assert reader.run("SELECT * FROM lake.reading_logs ORDER BY student_id") == [["S1", 20], ["S2", 35]]


def test_uncommitted_rows_are_not_seen_in_another_process(two_processes):
    writer, reader = two_processes
    writer.run("CREATE TABLE lake.reading_logs AS SELECT 'S1' AS student_id, 20 AS minutes")
    writer.run("BEGIN")
    writer.run("INSERT INTO lake.reading_logs VALUES ('S2', 35)")

    assert reader.run("SELECT student_id FROM lake.reading_logs ORDER BY 1") == [["S1"]]
    writer.run("COMMIT")
    assert reader.run("SELECT student_id FROM lake.reading_logs ORDER BY 1") == [["S1"], ["S2"]]


def test_a_reader_transaction_keeps_the_snapshot_it_started_with(two_processes):
    writer, reader = two_processes
    writer.run("CREATE TABLE lake.reading_logs AS SELECT 'S1' AS student_id, 20 AS minutes")
    reader.run("BEGIN")
    assert reader.run("SELECT count(*) FROM lake.reading_logs") == [[1]]

    writer.run("INSERT INTO lake.reading_logs VALUES ('S2', 35)")

    assert reader.run("SELECT count(*) FROM lake.reading_logs") == [[1]]
    reader.run("COMMIT")
    assert reader.run("SELECT count(*) FROM lake.reading_logs") == [[2]]


def test_each_commit_is_a_snapshot_with_its_author_and_message(two_processes):
    writer, reader = two_processes
    writer.run("CREATE TABLE lake.reading_logs (student_id VARCHAR, minutes INTEGER)")
    writer.run("BEGIN")
    writer.run("INSERT INTO lake.reading_logs VALUES ('S1', 20)")
    writer.run("CALL lake.set_commit_message('importer', 'import 1: reading_logs.csv')")
    writer.run("COMMIT")

    # snapshot_time is left out: fetching a TIMESTAMPTZ into Python objects needs pytz.
    snapshots = "SELECT snapshot_id, author, commit_message, changes FROM ducklake_snapshots('lake')"
    assert reader.run(snapshots) == [
        [0, None, None, {"schemas_created": ["main"]}],
        [1, None, None, {"tables_created": ["main.reading_logs"]}],
        [2, "importer", "import 1: reading_logs.csv", {"inlined_insert": ["1"]}],
    ]
