"""Per-school daily reading totals kept at import time (issue 18): a board of every school reads
them instead of every log, and they are always the logs' sum."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pandas.testing as pdt
import pytest

from lib.core import db as store
from lib.goals.load import reading_daily_rows
from lib.importing.history import undo_import
from lib.importing.importer import import_files
from lib.reading.load import load_activity, summary_answers

DAYS = "SELECT school_id, grade_level, log_date, books, minutes, logs FROM reading_days ORDER BY log_date"
SUMMARY = "SELECT student_id, school_year_start, books, minutes, last_log FROM reading_students ORDER BY 1"
# reading.roster's other parameters: every student (no grade, group or goal population).
POPULATION = {
    "grades": None,
    "goal_grade": None,
    "subgroup": None,
    "goal_subgroup": None,
}


def test_an_import_adds_up_each_school_grade_and_day(loaded, write_csv):
    # tests/helpers.py: Ana (kindergarten, stored as K) read 20 minutes and 1 book on Sep 1, Bo
    # (grade 03, stored as 3) 35 minutes and no book (a blank books cell is 0) on Sep 2.
    assert loaded.sql(DAYS).values.tolist() == [
        ["0101", "K", pd.Timestamp("2026-09-01"), 1, 20, 1],
        ["0101", "3", pd.Timestamp("2026-09-02"), 0, 35, 1],
    ]
    more = "log_id,student_id,log_date,minutes,books,title\nL3,000123,2026-09-01,10,2,\n"
    report = import_files(loaded, [write_csv("reading_logs.csv", more)])
    assert report.ok
    assert loaded.sql(DAYS).values.tolist()[0] == ["0101", "K", pd.Timestamp("2026-09-01"), 3, 30, 2]
    undo_import(loaded, report.import_id)
    assert loaded.sql(DAYS).values.tolist()[0] == ["0101", "K", pd.Timestamp("2026-09-01"), 1, 20, 1]


def test_a_log_outside_the_students_enrolment_is_not_added(loaded, write_csv):
    left = (
        "student_id,school_id,grade_level,first_name,last_name,english_learner,entry_date,exit_date\n"
        "000124,0101,03,Bo,Chen,no,8/17/2026,2026-09-01\n"
    )
    assert import_files(loaded, [write_csv("students.csv", left)]).ok
    assert loaded.sql(DAYS)["log_date"].tolist() == [
        pd.Timestamp("2026-09-01")
    ]  # Bo's Sep 2 log is after he left


def test_a_store_from_before_the_totals_gets_them_when_it_is_migrated(tmp_path, loaded):
    loaded.close()
    path = tmp_path / "test.duckdb"
    old = store.connect(path)
    with old.transaction() as cur:
        cur.execute("DROP TABLE reading_days")
        cur.execute("DROP TABLE reading_students")
        cur.execute("DELETE FROM schema_info WHERE version >= 4")
    old.close()
    reader = store.connect(path, read_only=True)
    assert reader.schema_version() == 3
    goals = pd.DataFrame({"goal_id": ["G"], "subgroup": [None]})
    with pytest.raises(Exception, match="reading_days"):
        reader.sql("SELECT * FROM reading_days")
    assert reading_daily_rows(reader, goals, ["G"], date(2026, 9, 30)).empty  # from the logs: no goal G
    # The reading page's school year so far, from the logs until the store has the totals.
    window = {"schools": ["0101"], "start": date(2026, 7, 1), "last_day": date(2026, 9, 30)}
    assert not summary_answers(reader, window | {"not_logging_days": 14}, reader.schema_version())
    students, days = load_activity(reader, window | POPULATION | {"not_logging_days": 14})
    assert students[["student_id", "books", "minutes", "logged_window"]].values.tolist() == [
        ["000123", 1, 20, True],
        ["000124", 0, 35, True],
    ]
    assert days["minutes"].tolist() == [20, 35]
    reader.close()
    migrated = store.connect(path)
    assert migrated.schema_version() == store.SCHEMA_VERSION == 5
    assert migrated.scalar("SELECT sum(minutes) FROM reading_days") == 55
    assert migrated.sql(SUMMARY).values.tolist() == [
        ["000123", pd.Timestamp("2026-07-01"), 1, 20, pd.Timestamp("2026-09-01")],
        ["000124", pd.Timestamp("2026-07-01"), 0, 35, pd.Timestamp("2026-09-02")],
    ]
    assert summary_answers(migrated, window | {"not_logging_days": 14}, migrated.schema_version())
    pdt.assert_frame_equal(
        load_activity(migrated, window | POPULATION | {"not_logging_days": 14})[0], students
    )
    migrated.close()


def test_the_totals_give_every_goal_the_same_days_as_the_logs(demo_reader):
    """The demo district's reading goals and one goal per grade of Maple Grove (drafts), both
    ways: the same rows, value for value; a subgroup's goal is read from the logs."""
    database = demo_reader
    grades = database.sql("SELECT DISTINCT grade_level FROM students WHERE school_id = '101' ORDER BY 1")
    drafts = pd.DataFrame(
        {
            "goal_id": [f"GRADE-{g}" for g in grades["grade_level"]] + ["EL-BOOKS"],
            "school_id": "101",
            "title": "Books",
            "metric": "books_read",
            "target": 1000.0,
            "start_date": date(2026, 8, 17),
            "end_date": date(2027, 1, 22),
            "subject": None,
            "grade_level": grades["grade_level"].tolist() + [None],
            "subgroup": [None] * len(grades) + ["english_learner"],
            "owner": "Principal",
        }
    )
    as_of = date(2026, 11, 21)
    with database.goals_added(drafts):
        goals = database.sql(
            "SELECT goal_id, subgroup, grade_level FROM goals_now() WHERE metric IN ('books_read', 'minutes_read')"
        )
        ids = goals["goal_id"].tolist()
        assert len(ids) == 2 + len(grades) + 1 and len(grades) == 6
        from_logs = database.query("goals.reading_daily", {"goal_ids": ids, "as_of": as_of})
        both = reading_daily_rows(database, goals, ids, as_of)
        whole = [i for i in ids if i != "EL-BOOKS"]
        from_totals = database.query("goals.reading_daily_totals", {"goal_ids": ids, "as_of": as_of})
    pdt.assert_frame_equal(both, from_logs, check_dtype=False)
    assert set(from_totals["goal_id"]) == set(whole)  # never a subgroup's goal
    pdt.assert_frame_equal(
        from_totals, from_logs[from_logs["goal_id"].isin(whole)].reset_index(drop=True), check_dtype=False
    )
    grade_sum = from_logs[from_logs["goal_id"].str.startswith("GRADE-")]["value"].sum()
    school = from_logs[from_logs["goal_id"] == "G101-BOOKS"]["value"].sum()
    assert grade_sum == school  # the grades add up to the school


@pytest.mark.parametrize(
    "filters",
    [
        {"grades": None, "goal_grade": None},
        {"grades": ["3", "4"], "goal_grade": None},
        {"grades": None, "goal_grade": "K"},
        {"grades": ["5"], "goal_grade": "3"},  # nobody: the two grades never meet
    ],
)
def test_the_reading_pages_days_are_the_same_from_the_totals_as_from_the_logs(demo_reader, filters):
    """The reading page's per-school days (weekly bars, goals' totals): read from the totals
    when no student group is chosen, they are the logs' rows exactly, for the district and by grade."""
    schools = demo_reader.sql("SELECT school_id FROM schools ORDER BY 1")["school_id"].tolist()
    window = {"schools": schools, "start": date(2026, 9, 14), "last_day": date(2026, 11, 18), **filters}
    from_logs = demo_reader.query("reading.days", window | {"subgroup": None, "goal_subgroup": None})
    from_totals = demo_reader.query("reading.days_from_totals", window)
    pdt.assert_frame_equal(from_totals, from_logs)
    if filters["grades"] != ["5"]:
        assert len(from_logs) > 40 and from_logs["date"].min() == pd.Timestamp("2026-09-14")
        assert from_logs["date"].max() <= pd.Timestamp("2026-11-18")
    else:
        assert from_logs.empty


def test_a_student_groups_days_come_from_the_logs(demo_reader):
    """English learners' days: fewer books than the whole school's on each day, read from the logs."""
    from lib.reading.load import load_activity

    window = {"schools": ["101"], "start": date(2026, 11, 2), "last_day": date(2026, 11, 6), "grades": None}
    window |= {"goal_grade": None, "goal_subgroup": None, "not_logging_days": 14}
    _, everyone = load_activity(demo_reader, window | {"subgroup": None})
    roster, learners = load_activity(demo_reader, window | {"subgroup": "english_learner"})
    assert roster["english_learner"].all() and len(roster) > 0
    assert learners["date"].tolist() == everyone["date"].tolist()  # a school day each, Mon-Fri
    assert len(learners) == 5 and (learners["books"] < everyone["books"]).all()


def test_the_per_student_totals_are_the_logs_sums_for_the_school_year_so_far(demo_reader):
    """The reading page of every school reads one row per student, not the logs, for the school
    year so far as of the newest log (the default view): the same books, minutes and flags."""
    schools = demo_reader.sql("SELECT school_id FROM schools ORDER BY 1")["school_id"].tolist()
    window = {
        "schools": schools,
        "start": date(2026, 7, 1),
        "last_day": date(2026, 11, 21),
        "not_logging_days": 14,
    }
    assert summary_answers(demo_reader, window, store.SCHEMA_VERSION)
    from_logs = demo_reader.query("reading.logged", window | POPULATION).sort_values(
        "student_id", ignore_index=True
    )
    from_summary = demo_reader.query("reading.logged_from_summary", window).sort_values(
        "student_id", ignore_index=True
    )
    on_roster = demo_reader.query(
        "reading.roster", {"schools": schools, "last_day": window["last_day"]} | POPULATION
    )
    from_summary = from_summary[from_summary["student_id"].isin(on_roster["student_id"])].reset_index(
        drop=True
    )
    pdt.assert_frame_equal(from_summary, from_logs, check_dtype=False)
    assert len(from_logs) > 500 and from_logs["logged_week"].sum() < len(
        from_logs
    )  # some didn't log this week
    # Not the school year so far: another start, an as-of before the newest log, or the 14 days
    # of "not logging" reaching into the year before: the logs answer.
    assert not summary_answers(demo_reader, window | {"start": date(2026, 9, 1)}, store.SCHEMA_VERSION)
    assert not summary_answers(demo_reader, window | {"last_day": date(2026, 11, 20)}, store.SCHEMA_VERSION)
    assert not summary_answers(demo_reader, window | {"last_day": date(2026, 7, 10)}, store.SCHEMA_VERSION)
