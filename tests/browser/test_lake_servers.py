"""Several app servers on one DuckLake (issue 18): PostgreSQL holds the catalog, a folder the
Parquet files. Three servers serve a session each while an import from a fourth process
commits a snapshot: every session shows the new data on its next interaction, and none shows
an error.

PostgreSQL is Debian's package (`make postgres`), started by the test on a free port under a
temporary folder as an unprivileged user (tests/postgres_server.py).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import ROOT, running_app, store_env, wait_for_app
from tests.browser.test_import_while_serving import (
    BOOKS_AFTER,
    BOOKS_BEFORE,
    books_read,
    no_error_shown,
    rerun,
)
from tests.postgres_server import SKIP_REASON, postgres_available, running_postgres

pytestmark = pytest.mark.skipif(not postgres_available(), reason=SKIP_REASON)
SCHOOL = "Maple+Grove+Elementary"


def cli(lake: str, settings: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lib.cli", *arguments],
        cwd=ROOT,
        env=store_env(lake, **settings),
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def lake(tmp_path_factory) -> Iterator[tuple[str, dict[str, str]]]:
    """A DuckLake on a new PostgreSQL server holding the demo district (imported by the CLI, as
    `make demo` would): its SCHOOL_GOALS_DB and the settings beside it."""
    folder = tmp_path_factory.mktemp("lake")
    with running_postgres(folder / "postgres") as dsn:
        target = f"ducklake:postgres:{dsn}"
        settings = {
            "SCHOOL_GOALS_DATA_PATH": f"{folder / 'data'}/",
            "SCHOOL_GOALS_APP_DB": str(folder / "app.sqlite"),
        }
        done = cli(target, settings, "demo", "--today", "2026-11-22", "--out", str(folder / "csv"))
        assert done.returncode == 0, done.stdout + done.stderr
        assert f"Created a new store at {target}." in done.stdout
        yield target, settings


def test_three_servers_on_one_lake_show_an_import_from_a_fourth_process(lake, new_logs, sessions, tmp_path):
    target, settings = lake
    with ExitStack() as servers:
        urls = [
            servers.enter_context(running_app(target, tmp_path / f"home{n}", settings=settings))
            for n in range(3)
        ]
        board, reading, other = sessions
        board.goto(f"{urls[0]}/?school={SCHOOL}")
        reading.goto(f"{urls[1]}/reading?school={SCHOOL}")
        other.goto(f"{urls[2]}/?school={SCHOOL}")
        for page in sessions:
            wait_for_app(page)
        expect(books_read(board)).to_have_text(f"{BOOKS_BEFORE} books")
        expect(books_read(reading)).to_have_text(BOOKS_BEFORE)
        expect(books_read(other)).to_have_text(f"{BOOKS_BEFORE} books")

        done = cli(target, settings, "import", str(new_logs))
        assert done.returncode == 0, done.stdout + done.stderr
        assert "  reading_logs: 1,000 new, 0 changed, 0 unchanged rows" in done.stdout.splitlines()

        for page in sessions:
            rerun(page)
        expect(books_read(board)).to_have_text(f"{BOOKS_AFTER} books", timeout=30000)
        expect(books_read(reading)).to_have_text(BOOKS_AFTER, timeout=30000)
        expect(books_read(other)).to_have_text(f"{BOOKS_AFTER} books", timeout=30000)
        for page in sessions:
            assert no_error_shown(page)

    history = cli(target, settings, "history")
    assert history.returncode == 0, history.stderr
    lines = history.stdout.splitlines()
    assert lines[0].split()[0] == "2" and "imported    import  command line reading_logs.csv" in lines[0]
    assert lines[1].split()[0] == "1" and "imported" in lines[1]
