"""An open session sees an import published while it is open, on its next run (no restart)."""

from __future__ import annotations

from lib.importing.publish import import_batch
from tests.helpers import app_test, open_page, shown_text

SCHOOLS = "school_id,school_name\n0101,Maple Elementary\n"
STUDENTS = "student_id,school_id,grade_level,entry_date\n" + "".join(
    f"S{n:03d},0101,03,2026-08-17\n" for n in range(12)
)
GOAL = (
    "goal_id,school_id,title,metric,target,start_date,end_date\n"
    "G1,0101,Read 300 books,books_read,300,2026-08-17,2027-01-22\n"
)


def logs(day: str, books: int) -> str:
    return "student_id,log_date,minutes,books\n" + "".join(f"S{n:03d},{day},20,{books}\n" for n in range(12))


def test_a_session_shows_an_import_made_while_it_is_open(tmp_path, monkeypatch, write_csv):
    monkeypatch.setenv("SCHOOL_GOALS_DB", str(tmp_path / "store.duckdb"))
    first = [
        write_csv("schools.csv", SCHOOLS),
        write_csv("students.csv", STUDENTS),
        write_csv("goals.csv", GOAL),
        write_csv("reading_logs.csv", logs("2026-09-14", 1)),
    ]
    assert import_batch(first).ok
    at = open_page(app_test(monkeypatch, tmp_path / "store.duckdb"), "pages/overview.py", school="0101")
    assert "Books read since Aug 17 12 books" in shown_text(at)
    assert "As of Monday, September 14, 2026" in at.caption[0].value

    later = tmp_path / "later"
    later.mkdir()
    (later / "reading_logs.csv").write_text(logs("2026-09-21", 2))
    assert import_batch([later / "reading_logs.csv"]).ok

    at.run()  # the session's next click
    assert not at.exception
    # 12 + 24 books, and the as-of date, left on the latest day, moved to the new latest day.
    assert "Books read since Aug 17 36 books" in shown_text(at)
    assert "As of Monday, September 21, 2026" in at.caption[0].value


def test_a_chosen_as_of_date_stays_when_new_days_arrive(tmp_path, monkeypatch, write_csv):
    from datetime import date

    monkeypatch.setenv("SCHOOL_GOALS_DB", str(tmp_path / "store.duckdb"))
    first = [
        write_csv("schools.csv", SCHOOLS),
        write_csv("students.csv", STUDENTS),
        write_csv("goals.csv", GOAL),
        write_csv("reading_logs.csv", logs("2026-09-14", 1) + "S000,2026-09-15,20,1\n"),
    ]
    assert import_batch(first).ok
    at = open_page(app_test(monkeypatch, tmp_path / "store.duckdb"), "pages/overview.py", school="0101")
    at.session_state["as_of"] = date(2026, 9, 14)
    at.run()
    later = tmp_path / "later"
    later.mkdir()
    (later / "reading_logs.csv").write_text(logs("2026-09-21", 2))
    assert import_batch([later / "reading_logs.csv"]).ok
    at.run()
    assert "As of Monday, September 14, 2026" in at.caption[0].value
    assert "Books read since Aug 17 12 books" in shown_text(at)
