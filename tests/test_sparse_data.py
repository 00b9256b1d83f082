"""Every page on sparse data: a school with reading logs only, and a school with nothing yet.

A district's first import is often partial (the SIS roster and the reading platform before the
observation tool); every page must say what is missing, never show a traceback.
"""

from __future__ import annotations

import pytest

from lib.importing.importer import import_files
from tests.conftest import app_test

SCHOOLS = "school_id,school_name\n0101,Maple Elementary\n0202,Birch Middle\n"
STUDENTS = "student_id,school_id,grade_level,homeroom_section_id,entry_date\n" + "".join(
    f"S{i:02},0101,3,,2026-08-17\n" for i in range(1, 13)
)
LOGS = "student_id,log_date,minutes,books\n" + "".join(f"S{i:02},2026-09-14,20,1\n" for i in range(1, 13))
PAGES = ["pages/overview.py", "pages/reading.py", "pages/subgroups.py", "pages/observations.py"]


@pytest.fixture
def sparse_path(database, write_csv, tmp_path):
    files = [("schools.csv", SCHOOLS), ("students.csv", STUDENTS), ("reading_logs.csv", LOGS)]
    report = import_files(database, [write_csv(name, text) for name, text in files])
    assert report.ok, report.text()
    database.close()
    return tmp_path / "test.duckdb"


@pytest.mark.parametrize("school", [None, "Maple Elementary", "Birch Middle"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_partial_data(sparse_path, monkeypatch, page, school):
    at = app_test(monkeypatch, sparse_path)
    if school:
        at.query_params["school"] = school
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    shown = " ".join(
        str(e.value)
        for kind in ("info", "warning", "markdown", "caption", "title")
        for e in getattr(at, kind)
    )
    assert shown.strip()


def test_a_school_with_no_students_says_so_on_the_reading_page(sparse_path, monkeypatch):
    at = app_test(monkeypatch, sparse_path)
    at.query_params["school"] = "Birch Middle"
    at.run()
    at.switch_page("pages/reading.py").run()
    infos = [e.value for e in at.info]
    assert any("No students are on the roster for these filters" in text for text in infos)
    assert not any("privacy" in text for text in infos)
