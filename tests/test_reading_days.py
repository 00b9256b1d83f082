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

DAYS = "SELECT school_id, grade_level, log_date, books, minutes, logs FROM reading_days ORDER BY log_date"


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
        cur.execute("DELETE FROM schema_info WHERE version = 4")
    old.close()
    reader = store.connect(path, read_only=True)
    assert reader.schema_version() == 3
    goals = pd.DataFrame({"goal_id": ["G"], "subgroup": [None]})
    with pytest.raises(Exception, match="reading_days"):
        reader.sql("SELECT * FROM reading_days")
    assert reading_daily_rows(reader, goals, ["G"], date(2026, 9, 30)).empty  # from the logs: no goal G
    reader.close()
    migrated = store.connect(path)
    assert migrated.schema_version() == 4
    assert migrated.scalar("SELECT sum(minutes) FROM reading_days") == 55
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
