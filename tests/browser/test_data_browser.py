"""The Data page in headless Chromium (issue 12): the clerk uploads a batch, the goal board shows it;
a batch with a bad row is refused with its file, line and column, and nothing changes.

Each test runs its own server over its own copy of the demo district (anchored 2026-11-22), since
an import changes the store. Maple Grove's students logged 32,074 books from Aug 17 to Nov 21
(tests/browser/test_import_while_serving.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import running_app, wait_for_app

BOOKS_READ = "Books read since Aug 17"
LOG_HEADER = "log_id,student_id,log_date,minutes,books,title\n"
# Student 0001002 (Maple Grove, kindergarten, enrolled since Aug 17) reads 5 and 7 books on Nov 20.
GOOD_LOGS = (
    LOG_HEADER + "DATA00001,0001002,2026-11-20,20,5,Frog and Toad\nDATA00002,0001002,2026-11-20,25,7,\n"
)
# Line 3 has a day November doesn't have.
BAD_LOGS = LOG_HEADER + "DATA00003,0001002,2026-11-20,20,5,\nDATA00004,0001002,2026-11-31,20,7,\n"


@pytest.fixture
def data_app(demo_path, tmp_path) -> Iterator[str]:
    """The app over this test's own copy of the demo district."""
    store = tmp_path / "store" / "demo.duckdb"
    store.parent.mkdir()
    shutil.copyfile(demo_path, store)
    with running_app(store, tmp_path / "home") as url:
        yield url


def csv_file(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "reading_logs.csv"
    path.write_text(text)
    return path


def books_read(page):
    tile = page.locator("[data-testid='stMetric']").filter(has_text=BOOKS_READ).first
    return tile.locator("[data-testid='stMetricValue']")


def open_in_menu(page, name: str) -> None:
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=name).click()
    wait_for_app(page)


def upload(page, path: Path) -> None:
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files([str(path)])
    page.get_by_role("button", name="Import this file").click()


def table_rows(page, first_header: str) -> list[list[str]]:
    """The cells of the table whose first column is `first_header`, row by row (header included)."""
    table = page.locator("[data-testid='stDataFrame']").filter(has_text=first_header).first
    return [
        row.locator("[role='gridcell'], [role='columnheader']").all_inner_texts()
        for row in table.locator("[role='row']").all()
    ]


def test_an_upload_on_the_data_page_raises_the_books_on_the_goal_board(page, data_app, tmp_path):
    page.goto(f"{data_app}/?school=Maple+Grove+Elementary")
    wait_for_app(page)
    expect(books_read(page)).to_have_text("32,074 books")

    open_in_menu(page, "Data")
    expect(page.get_by_text("Data as of import 1,")).to_be_visible()
    upload(page, csv_file(tmp_path / "batch", GOOD_LOGS))
    expect(page.get_by_text("Imported (import 2): 2 rows added or updated.")).to_be_visible(timeout=60000)
    wait_for_app(page)
    expect(page.get_by_text("Data as of import 2,")).to_be_visible()
    assert table_rows(page, "Unchanged rows")[1:] == [["reading_logs", "2", "0", "0"]]

    open_in_menu(page, "Goal board")
    expect(books_read(page)).to_have_text("32,086 books")  # 32,074 + 5 + 7


def test_a_bad_row_is_shown_by_file_line_and_column_and_nothing_changes(page, data_app, tmp_path):
    page.goto(f"{data_app}/data?school=Maple+Grove+Elementary")
    wait_for_app(page)
    upload(page, csv_file(tmp_path / "batch", BAD_LOGS))
    expect(page.get_by_text("Nothing was imported: 1 problem.")).to_be_visible(timeout=60000)
    wait_for_app(page)
    assert table_rows(page, "Problem")[1:] == [
        [
            "reading_logs.csv",
            "3",
            "log_date",
            "2026-11-31",
            "must be a real date written YYYY-MM-DD or M/D/YYYY",
        ]
    ]
    expect(page.get_by_text("Data as of import 1,")).to_be_visible()
    history = table_rows(page, "Rows added or updated")
    assert [row[0] for row in history[1:]] == ["2", "1"]
    assert history[1][6] == "✕ Rejected (1 problem)"

    open_in_menu(page, "Goal board")
    expect(books_read(page)).to_have_text("32,074 books")


def test_a_oneroster_zip_with_the_pages_settings_is_imported_and_its_notes_shown(
    page, data_app, demo_path, tmp_path
):
    """The demo district's roster as a OneRoster 1.2 zip: the same people, so only the three coaches
    change (OneRoster has no coach: an aide is other); the board keeps its figures."""
    from lib.demo.oneroster import write_oneroster, zip_set

    roster = zip_set(write_oneroster(demo_path.parent / "csv", tmp_path / "set"), tmp_path / "roster.zip")
    page.set_viewport_size({"width": 1400, "height": 1300})
    page.goto(f"{data_app}/data?school=Maple+Grove+Elementary")
    wait_for_app(page)
    page.get_by_text("OneRoster settings (for a OneRoster roster export)").click()
    administrators = page.get_by_label("OneRoster administrators are")
    expect(administrators).to_be_visible()  # the expander has opened: a click before lands nowhere
    page.wait_for_timeout(500)  # its opening animation
    administrators.click()
    page.keyboard.type("Assistant")
    page.get_by_role("option", name="Assistant principals").click()
    wait_for_app(page)
    upload(page, roster)
    expect(page.get_by_text("Imported (import 2): 3 rows added or updated.")).to_be_visible(timeout=60000)
    wait_for_app(page)
    expect(
        page.get_by_text(
            "Read a OneRoster 1.2 set (roster.zip): 3 schools, 117 staff members, 105 homerooms, 2,402 students."
        )
    ).to_be_visible()
    assert ["staff", "0", "3", "114"] in table_rows(page, "Unchanged rows")
    page.screenshot(path=str(tmp_path / "oneroster-import.png"), full_page=True)
    open_in_menu(page, "Goal board")
    expect(books_read(page)).to_have_text("32,074 books")
