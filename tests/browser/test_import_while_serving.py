"""An import from the command line while the real server serves three sessions (issue 12).

The server keeps its read-only connection open; the CLI import changes a copy and publishes it
by a rename. Each open session still shows the old figure until it reruns, then the new one,
and no session shows an error.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import ROOT, running_app, store_env, wait_for_app

SCHOOL = "Maple Grove Elementary"
BOOKS_READ = "Books read since Aug 17"
# The demo anchored on 2026-11-22: Maple Grove's students logged 32,074 books from Aug 17 to
# Nov 21 (tests/browser/test_reading_browser.py). The batch (conftest's new_logs) adds 1,000 logs
# of one book each.
BOOKS_BEFORE, BOOKS_AFTER = "32,074", "33,074"


@pytest.fixture(scope="module")
def served_store(tmp_path_factory) -> Path:
    """The default demo district made by the CLI, as `make demo` makes it (store, snapshot,
    app database): this module's own, since the import changes it."""
    folder = tmp_path_factory.mktemp("serving")
    path = folder / "s.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "lib.cli", "demo", "--today", "2026-11-22", "--out", str(folder / "csv")],
        cwd=ROOT,
        env=store_env(path),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return path


def books_read(page):
    """The value of the 'Books read since Aug 17' tile (the goal board's or the reading page's)."""
    tile = page.locator("[data-testid='stMetric']").filter(has_text=BOOKS_READ).first
    return tile.locator("[data-testid='stMetricValue']")


def rerun(page) -> None:
    """Press "r" (Streamlit's rerun key) with the focus on the page, not in a field."""
    page.locator("h1").first.click()
    page.keyboard.press("r")
    wait_for_app(page)


def choose_school(page, name: str) -> None:
    page.get_by_label("School").first.click()
    page.get_by_role("option", name=name, exact=True).click()
    wait_for_app(page)


def no_error_shown(page) -> bool:
    errors = "[data-testid='stException'], [data-testid='stAlertContentError']"
    return page.locator(errors).count() == 0


def test_open_sessions_show_an_import_from_the_command_line(sessions, served_store, new_logs):
    board, reading, district = sessions
    with running_app(served_store, served_store.parent / "home") as url:
        board.goto(f"{url}/?school=Maple+Grove+Elementary")
        reading.goto(f"{url}/reading?school=Maple+Grove+Elementary")
        district.goto(f"{url}/reading")
        for page in sessions:
            wait_for_app(page)
        expect(books_read(board)).to_have_text(f"{BOOKS_BEFORE} books")
        expect(books_read(reading)).to_have_text(BOOKS_BEFORE)
        expect(district.get_by_role("heading", name="All schools: reading challenge")).to_be_visible()

        done = subprocess.run(
            [sys.executable, "-m", "lib.cli", "import", str(new_logs)],
            cwd=ROOT,
            env=store_env(served_store),
            capture_output=True,
            text=True,
        )

        assert done.returncode == 0, done.stdout + done.stderr
        assert "  reading_logs: 1,000 new, 0 changed, 0 unchanged rows" in done.stdout.splitlines()
        expect(books_read(reading)).to_have_text(BOOKS_BEFORE)  # an idle session is left as it was
        rerun(board)
        rerun(reading)
        choose_school(district, SCHOOL)
        expect(books_read(board)).to_have_text(f"{BOOKS_AFTER} books", timeout=30000)
        expect(books_read(reading)).to_have_text(BOOKS_AFTER, timeout=30000)
        expect(district.get_by_role("heading", name=f"{SCHOOL}: reading challenge")).to_be_visible()
        expect(books_read(district)).to_have_text(BOOKS_AFTER, timeout=30000)
        for page in sessions:
            assert no_error_shown(page)
