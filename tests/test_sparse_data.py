"""Every page on sparse data: a school with reading logs only, and a school with nothing yet.

A district's first import is often partial (the SIS roster and the reading platform before the
observation tool); every page must say what is missing, never show a traceback.
"""

from __future__ import annotations

import pytest

from lib.importing.importer import import_files
from tests.helpers import app_test, open_page

SCHOOLS = "school_id,school_name\n0101,Maple Elementary\n0202,Birch Middle\n"
STUDENTS = "student_id,school_id,grade_level,homeroom_section_id,entry_date\n" + "".join(
    f"S{i:02},0101,3,,2026-08-17\n" for i in range(1, 13)
)
SCHOOL_CHOICES = [None, "Maple Elementary", "Birch Middle"]
LOGS = "student_id,log_date,minutes,books\n" + "".join(f"S{i:02},2026-09-14,20,1\n" for i in range(1, 13))
NO_GOALS = "No goals match these filters. Goals come from goals.csv (see data/README.md)."
NO_RESULTS = "There are no assessment results for these schools and grades yet."
NO_TEACHERS = "No teachers on staff for these filters by the as-of date."
NO_GOAL_SET = (
    "No books or minutes goal is set for {school} with these filters, so there is no target or pace "
    "to show: below is its reading activity {since}. Goals come from goals.csv (see data/README.md)."
)
# What each page says on this data, by school chosen (None: all schools): its title, then its
# info sentences in order. No goals, no assessments and no staff were imported; Maple's 12
# students logged on Sep 14, the first and latest day of data, so it is the as-of date; Birch
# has no students at all.
EXPECTED = {
    ("pages/overview.py", None): ("All schools: goals", [NO_GOALS]),
    ("pages/overview.py", "Maple Elementary"): ("Maple Elementary: goals", [NO_GOALS]),
    ("pages/overview.py", "Birch Middle"): ("Birch Middle: goals", [NO_GOALS]),
    ("pages/reading.py", None): (
        "All schools: reading challenge",
        ["No school has a books or minutes goal in scope."],
    ),
    ("pages/reading.py", "Maple Elementary"): (
        "Maple Elementary: reading challenge",
        [NO_GOAL_SET.format(school="Maple Elementary", since="since Sep 14")],
    ),
    ("pages/reading.py", "Birch Middle"): (
        "Birch Middle: reading challenge",
        [
            NO_GOAL_SET.format(school="Birch Middle", since="in the window"),
            "No students are on the roster for these filters on Sep 14.",
        ],
    ),
    **{("pages/subgroups.py", school): ("Subgroup trends", [NO_RESULTS]) for school in SCHOOL_CHOICES},
    **{
        ("pages/observations.py", school): ("Observation coverage", [NO_TEACHERS])
        for school in SCHOOL_CHOICES
    },
    **{("pages/learning.py", school): ("Professional learning", [NO_TEACHERS]) for school in SCHOOL_CHOICES},
}


@pytest.fixture
def sparse_path(database, write_csv, tmp_path):
    files = [("schools.csv", SCHOOLS), ("students.csv", STUDENTS), ("reading_logs.csv", LOGS)]
    report = import_files(database, [write_csv(name, text) for name, text in files])
    assert report.ok, report.text()
    database.close()
    return tmp_path / "test.duckdb"


@pytest.mark.parametrize(("page", "school"), list(EXPECTED))
def test_every_page_says_what_is_missing_on_partial_data(sparse_path, monkeypatch, page, school):
    url = {"school": school} if school else {}
    at = open_page(app_test(monkeypatch, sparse_path), page, **url)
    title, infos = EXPECTED[page, school]
    assert [e.value for e in at.title] == [title]
    assert [e.value for e in at.info] == infos
    assert [e.value for e in (*at.warning, *at.error)] == []


def test_a_school_with_no_students_says_so_on_the_reading_page(sparse_path, monkeypatch):
    at = open_page(app_test(monkeypatch, sparse_path), "pages/reading.py", school="Birch Middle")
    # Nobody to count, which is not the same as a group too small to show: no privacy notice.
    assert at.info[1].value == "No students are on the roster for these filters on Sep 14."
    assert [e.value for e in at.info if "privacy" in e.value] == []
