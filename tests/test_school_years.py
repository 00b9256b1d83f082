"""A new school year arrives like any other import; pages open on the latest year, earlier years
stay reachable through the as-of date."""

from __future__ import annotations

from datetime import date

import pytest

from lib.core.school_days import school_year_span
from tests.helpers import app_test, open_page, shown_text

SCHOOLS = "school_id,school_name\n0101,Maple Elementary\n"
STUDENTS = "student_id,school_id,grade_level,entry_date\n" + "".join(
    f"S{n:03d},0101,03,2025-08-18\n" for n in range(12)
)
LAST_YEAR = {
    "reading_logs.csv": "student_id,log_date,minutes,books\n"
    + "".join(f"S{n:03d},2026-03-02,20,2\n" for n in range(12)),
    "goals.csv": "goal_id,school_id,title,metric,target,start_date,end_date\n"
    "G25,0101,Spring 2026: read 100 books,books_read,100,2026-01-26,2026-06-05\n",
}
THIS_YEAR = {
    "reading_logs.csv": "student_id,log_date,minutes,books\n"
    + "".join(f"S{n:03d},2026-09-14,30,1\n" for n in range(12)),
    "goals.csv": "goal_id,school_id,title,metric,target,start_date,end_date\n"
    "G26,0101,Fall 2026: read 300 books,books_read,300,2026-08-17,2027-01-22\n",
}


def test_school_year_span_runs_july_to_june():
    assert school_year_span(date(2026, 3, 2)) == {
        "year_start": date(2025, 7, 1),
        "year_end": date(2026, 6, 30),
    }
    assert school_year_span(date(2026, 7, 1)) == {
        "year_start": date(2026, 7, 1),
        "year_end": date(2027, 6, 30),
    }


@pytest.fixture
def two_years(tmp_path, monkeypatch, write_csv):
    """A store that got last year's files, then this year's, each through the ordinary import."""
    from lib.importing.publish import import_batch

    monkeypatch.setenv("SCHOOL_GOALS_DB", str(tmp_path / "store.duckdb"))
    first = import_batch(
        [write_csv("schools.csv", SCHOOLS), write_csv("students.csv", STUDENTS)]
        + [write_csv(name, text) for name, text in LAST_YEAR.items()]
    )
    assert first.ok, first.text()
    new_year = tmp_path / "2026-27"
    new_year.mkdir()
    paths = []
    for name, text in THIS_YEAR.items():
        (new_year / name).write_text(text)
        paths.append(new_year / name)
    second = import_batch(paths)
    assert second.ok and second.import_id == 2, second.text()
    return tmp_path / "store.duckdb"


def test_the_board_opens_on_the_new_school_year(two_years, monkeypatch):
    at = open_page(app_test(monkeypatch, two_years), "pages/overview.py", school="0101")
    page = shown_text(at)
    assert "Fall 2026\\: read 300 books" in page  # a title from a file is shown as text (escaped)
    assert "Spring 2026" not in page
    assert "Books read since Aug 17 12 books" in page


def test_an_as_of_date_last_year_shows_last_years_goals(two_years, monkeypatch):
    at = open_page(app_test(monkeypatch, two_years), "pages/overview.py", school="0101", as_of="2026-03-02")
    page = shown_text(at)
    assert "Spring 2026\\: read 100 books" in page
    assert "Fall 2026" not in page
    assert "Books read since Jan 26 24 books" in page
