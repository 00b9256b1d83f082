"""The reading challenge page through AppTest on the demo district (data through Sat 2026-11-21).

The shared filters are seeded through the URL (at.query_params, as a bookmark would), as in
test_observations_page.py. Hand checks run SQL straight against the demo database.
"""

from __future__ import annotations

import base64

import numpy as np
import pandas as pd
import pytest

from lib.core import db as store
from tests.helpers import charts, metrics, open_page

PAGE = "pages/reading.py"

MAPLE_GROVE = "Maple Grove Elementary"
CARTER_CLASS = "HR-101-KB"  # Kindergarten – Ms. Carter: 25 students, 18 with no log in 14 days

# Books school 101's students logged from one day through another while enrolled.
BOOKS_WHILE_ENROLLED = """
SELECT sum(l.books) FROM reading_logs l JOIN students s USING (student_id)
WHERE s.school_id = '101' AND l.log_date BETWEEN ? AND ?
  AND (s.entry_date IS NULL OR s.entry_date <= l.log_date)
  AND (s.exit_date IS NULL OR s.exit_date >= l.log_date)
"""
# The first day school 101's running total since Aug 17 reached ? books.
FIRST_DAY_REACHING = """
SELECT min(log_date) FROM (
    SELECT l.log_date, sum(sum(l.books)) OVER (ORDER BY l.log_date) AS running
    FROM reading_logs l JOIN students s USING (student_id)
    WHERE s.school_id = '101' AND l.log_date >= DATE '2026-08-17'
      AND (s.entry_date IS NULL OR s.entry_date <= l.log_date)
      AND (s.exit_date IS NULL OR s.exit_date >= l.log_date)
    GROUP BY l.log_date
) WHERE running >= ?
"""

# Grade 5 of school 101 on Nov 21 by English-learner flag: students, books since Aug 17 while
# enrolled, and how many logged (while enrolled) this week (Nov 15-21) and since Aug 17.
GRADE_5_BY_EL = """
WITH roster AS (
    SELECT * FROM students
    WHERE school_id = '101' AND grade_level = '5'
      AND (entry_date IS NULL OR entry_date <= DATE '2026-11-21')
      AND (exit_date IS NULL OR exit_date >= DATE '2026-11-21')
), logs AS (
    SELECT r.student_id, r.english_learner, l.log_date, l.books
    FROM roster r JOIN reading_logs l USING (student_id)
    WHERE l.log_date BETWEEN DATE '2026-08-17' AND DATE '2026-11-21'
      AND (r.entry_date IS NULL OR r.entry_date <= l.log_date)
)
SELECT r.english_learner,
       count(DISTINCT r.student_id) AS students,
       (SELECT sum(books) FROM logs WHERE logs.english_learner = r.english_learner) AS books,
       (SELECT count(DISTINCT student_id) FROM logs
        WHERE logs.english_learner = r.english_learner AND log_date >= DATE '2026-11-15') AS week,
       (SELECT count(DISTINCT student_id) FROM logs WHERE logs.english_learner = r.english_learner) AS window
FROM roster r GROUP BY r.english_learner ORDER BY r.english_learner
"""


def demo_sql(demo_path, sql: str, params=None) -> pd.DataFrame:
    database = store.connect(demo_path, read_only=True)
    try:
        return database.sql(sql, params)
    finally:
        database.close()


def markdown(at) -> list[str]:
    return [m.value for m in at.markdown]


def table_with(at, *columns: str) -> pd.DataFrame:
    """The first table on the page with all of `columns`."""
    return next(frame.value for frame in at.dataframe if set(columns) <= set(frame.value.columns))


def class_table(at) -> pd.DataFrame:
    return table_with(at, "class", "teacher", "total")


def page_text(at) -> str:
    """Every word the page shows: text elements, widget labels and options, tables, charts."""
    parts = [
        str(e.value)
        for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "error")
        for e in getattr(at, kind)
    ]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [f"{w.label} {w.options}" for w in [*at.selectbox, *at.multiselect]]
    parts += [frame.value.to_csv() for frame in at.dataframe]
    parts += [chart.proto.spec for chart in at.get("plotly_chart")]
    return "\n".join(parts)


def plotly_values(value) -> list:
    """A trace's array as a list; Plotly sends numbers as base64 typed arrays (NaN -> None)."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).astype(float)
        return [None if np.isnan(v) else float(v) for v in array]
    return list(value) if isinstance(value, list) else [value]


def chart_numbers(at) -> list[float]:
    """Every number any chart on the page carries in its traces."""
    found = []
    for figure in charts(at):
        for trace in figure["data"]:
            for key in ("x", "y", "customdata", "text"):
                found += [v for v in plotly_values(trace.get(key, [])) if isinstance(v, int | float)]
    return found


@pytest.fixture
def maple_grove(demo_app):
    return open_page(demo_app, PAGE, school=MAPLE_GROVE)


def test_tiles_show_the_hand_checked_figures(maple_grove, demo_path):
    total = demo_sql(demo_path, BOOKS_WHILE_ENROLLED, ["2026-08-17", "2026-11-21"]).iloc[0, 0]
    recent = demo_sql(demo_path, BOOKS_WHILE_ENROLLED, ["2026-10-26", "2026-11-21"]).iloc[0, 0]
    # 32,074 books since Aug 17. Even pace: 50,000 x 68 school days to Nov 21 / 99 in the whole
    # challenge (Labor Day, Oct 9, Thanksgiving, winter break and MLK day off) = 34,343.4.
    # Projected: the 4 weeks Oct 26 - Nov 21 added 7,559 books over 20 school days (378 a day);
    # 31 school days are left (Nov 23 - Jan 22): 32,074 + 7,559 / 20 x 31 = 43,790.45 -> 43,790.
    # Needed: 17,926 books over 31 / 5 = 6.2 weeks = 2,891.3 -> 2,892 (rounded up).
    assert (total, recent) == (32074, 7559)
    assert metrics(maple_grove) == {
        "Books read since Aug 17": "32,074",
        "Books at even pace by Nov 21": "34,343",
        "Books projected by Jan 22": "43,790",
        "Books needed a week": "2,892",
    }
    delta = next(m for m in maple_grove.metric if m.label == "Books read since Aug 17").proto.delta
    assert delta == "-2,269 books behind pace"


def test_status_badge_is_off_track(maple_grove):
    # 43,790 of 50,000 is 88%, under the 90% line for "at risk".
    assert ":red-badge[:material/error: Off track]" in markdown(maple_grove)


def test_milestones_reached_and_ahead(maple_grove, demo_path):
    # 25% (12,500) and 50% (25,000): the first days the running total got there, by SQL.
    # 75% (37,500): 5,426 more at 377.95 a school day = 14.4 -> the 15th school day after
    # Nov 21 (Nov 23, 24, 30, Dec 1-4, 7-11, 14, 15, 16) = Dec 16. 100%: 17,926 more would
    # take 47.4, so 48 school days; 31 are left.
    reached = [demo_sql(demo_path, FIRST_DAY_REACHING, [books]).iloc[0, 0] for books in (12500, 25000)]
    assert [f"{day:%Y-%m-%d}" for day in reached] == ["2026-09-21", "2026-10-27"]
    shown = markdown(maple_grove)
    for words in (
        ":material/check_circle: Reached Sep 21",
        ":material/check_circle: Reached Oct 27",
        ":material/event: Projected Dec 16 at the recent rate",
        ":material/warning: Not on pace to reach by the end date (Jan 22)",
    ):
        assert words in shown


def test_an_earlier_as_of_date_shows_a_smaller_total(demo_app, demo_path):
    at = open_page(demo_app, PAGE, school=MAPLE_GROVE, as_of="2026-10-31")
    assert demo_sql(demo_path, BOOKS_WHILE_ENROLLED, ["2026-08-17", "2026-10-31"]).iloc[0, 0] == 26341
    assert metrics(at)["Books read since Aug 17"] == "26,341"
    assert metrics(at)["Books at even pace by Oct 31"] == "26,768"  # 50,000 x 53 / 99 = 26,767.7


def test_class_filter_narrows_the_class_table(maple_grove):
    assert len(class_table(maple_grove)) == 26
    maple_grove.multiselect(key="reading_class").set_value([CARTER_CLASS]).run()
    assert not maple_grove.exception
    table = class_table(maple_grove)
    assert table["class"].tolist() == ["Kindergarten – Ms. Carter"]
    # 18 of Ms. Carter's 25 with no log in 14 days: 72%.
    assert (table["students"].iloc[0], table["not_logging_percent"].iloc[0]) == (25, 72.0)


def names_of_students(demo_path) -> tuple[list[str], list[str]]:
    """School 101's students' full names, as text and as two table cells ('Ana Lopez' and
    'Ana,Lopez'; leaving out any that is also a staff member's name), and their ids."""
    students = demo_sql(
        demo_path, "SELECT student_id, first_name, last_name FROM students WHERE school_id = '101'"
    )
    staff = set(demo_sql(demo_path, "SELECT first_name || ' ' || last_name AS name FROM staff")["name"])
    pairs = [(first, last) for first, last in zip(students["first_name"], students["last_name"], strict=True)]
    names = [
        form
        for first, last in pairs
        if f"{first} {last}" not in staff
        for form in (f"{first} {last}", f"{first},{last}")
    ]
    return names, students["student_id"].tolist()


def test_student_names_stay_off_the_page_until_asked_for(maple_grove, demo_path):
    names, student_ids = names_of_students(demo_path)
    text = page_text(maple_grove)
    assert not [name for name in names if name in text]
    assert not [student_id for student_id in student_ids if student_id in text]
    assert not [frame for frame in maple_grove.dataframe if "First name" in frame.value.columns]
    # Only the aggregate tables' own downloads (classes carry teacher names, not students').
    keys = [button.proto.id.rsplit("-", 1)[-1] for button in maple_grove.get("download_button")]
    assert keys == [
        "reading_grades_csv",
        "reading_classes_csv",
        "reading_groups_table_csv",
        "reading_not_logging_csv",
    ]


def test_names_appear_with_a_download_once_the_toggle_is_on(maple_grove, demo_path):
    maple_grove.toggle(key="reading_show_names").set_value(True).run()
    maple_grove.selectbox(key="reading_list_class").set_value(CARTER_CLASS).run()
    assert not maple_grove.exception
    names = table_with(maple_grove, "First name", "Last name")
    assert len(names) == 18  # the class table's "No log in 14 days" for Ms. Carter's class
    # Five of them have never logged: no "NaT" where a date would be.
    assert (names["Last reading log"] == "none on record").sum() == 5
    assert "NaT" not in names["Last reading log"].tolist()
    keys = [button.proto.id.rsplit("-", 1)[-1] for button in maple_grove.get("download_button")]
    assert keys.count("reading_names_download") == 1  # and the three tables' own, as before
    # The check above would see them now: exactly these 18 students' names (as 'First Last' or
    # as the table's 'First,Last' cells) and ids are in the page's text, and no other student's.
    text = page_text(maple_grove)
    listed, _ = names_of_students(demo_path)
    shown = {name.replace(",", " ") for name in listed if name in text}
    assert shown == set(names["First name"] + " " + names["Last name"])
    assert all(student_id in text for student_id in names["Student ID"])


def test_district_view_shows_the_district_goals(demo_app):
    at = open_page(demo_app, PAGE)
    assert at.title[0].value == "All schools: reading challenge"
    goals = table_with(at, "school", "goal", "status")
    assert goals[["school", "read", "status", "projected"]].values.tolist() == [
        [MAPLE_GROVE, "32,074 books", "Off track", "43,790 books"],
        ["Riverbend Middle School", "1,659,580 minutes", "On track", "2,378,447 minutes"],
    ]
    assert table_with(at, "school", "students")["school"].tolist() == [
        MAPLE_GROVE,
        "Riverbend High School",
        "Riverbend Middle School",
    ]


def test_school_without_a_books_or_minutes_goal_still_shows_its_reading(demo_app):
    at = open_page(demo_app, PAGE, school="Riverbend High School")
    assert at.info[0].value.startswith(
        "No books or minutes goal is set for Riverbend High School with these filters"
    )
    assert "75% of students log reading each week" in at.info[0].value  # its participation goal
    assert not at.metric
    assert len(at.get("plotly_chart")) == 2  # weekly bars and groups
    grades = table_with(at, "grade", "students")
    assert grades["grade"].tolist() == ["Grade 9", "Grade 10", "Grade 11", "Grade 12"]
    # Books logged Aug 17 to Nov 21 by the students on each grade's roster on Nov 21, counting
    # only days they were enrolled (SQL over the demo: 1,946, 1,606, 1,522 and 1,653).
    assert grades["total"].tolist() == [1946, 1606, 1522, 1653]


def test_a_group_under_10_in_one_grade_is_hidden_with_its_numbers(demo_app, demo_path):
    at = open_page(demo_app, PAGE, school=MAPLE_GROVE, grade="Grade 5")
    real = demo_sql(demo_path, GRADE_5_BY_EL).set_index("english_learner")
    # 6 English learners in grade 5 (113 books, 18.83 each); 72 others (1,197 books, 16.625 each).
    assert real.loc[True, ["students", "books"]].tolist() == [6, 113]
    assert real.loc[False, ["students", "books"]].tolist() == [72, 1197]
    groups = table_with(at, "group", "per_student")
    hidden = groups[groups["group"].isin(["English learners", "Not English learners"])]
    assert hidden["students"].tolist() == ["fewer than 10", "hidden"]
    assert set(hidden[["per_student", "week_percent", "window_percent"]].stack()) == {"n<10", "hidden"}
    secrets = [
        *(real["books"] / real["students"]).tolist(),
        *(100 * real["week"] / real["students"]).tolist(),
        *(100 * real["window"] / real["students"]).tolist(),
    ]
    cells = [cell for frame in at.dataframe for cell in frame.value.to_numpy().ravel().tolist()]
    numbers = [cell for cell in cells if isinstance(cell, int | float)] + chart_numbers(at)
    for secret in secrets:  # (not as rounded text: some match shown groups' figures by chance)
        assert not [n for n in numbers if n == pytest.approx(secret)], secret
    bars = [trace for trace in charts(at)[-1]["data"] if trace.get("type") == "bar"]
    assert [plotly_values(bar["x"])[1:3] for bar in bars] == [[None, None], [None, None]]


def test_grade_filter_keeps_the_school_wide_goal_total(demo_app):
    at = open_page(demo_app, PAGE, school=MAPLE_GROVE, grade="Grade 5")
    assert metrics(at)["Books read since Aug 17"] == "32,074"
    assert table_with(at, "grade", "students")["grade"].tolist() == ["Grade 5"]


def test_weekly_bars_count_the_filtered_students(demo_app, demo_path):
    # Grade 5 (78 on the roster) draws its own weekly bars, from its own logs.
    at = open_page(demo_app, PAGE, school=MAPLE_GROVE, grade="Grade 5")
    weekly = [c for c in charts(at) if any(t.get("name") == "Books logged in the week" for t in c["data"])]
    assert len(weekly) == 1
    grade_5_books = demo_sql(
        demo_path,
        """SELECT sum(l.books) AS books FROM reading_logs l JOIN students s USING (student_id)
           WHERE s.school_id = '101' AND s.grade_level = '5' AND l.log_date BETWEEN '2026-08-17' AND '2026-11-21'
             AND enrolled_on(l.log_date, s.entry_date, s.exit_date)""",
    )["books"].iloc[0]
    bars = next(t for t in weekly[0]["data"] if t.get("name") == "Books logged in the week")
    assert sum(plotly_values(bars["y"])) == grade_5_books  # not the school's 32,074


def test_weekly_bars_are_hidden_for_fewer_than_10_students(demo_app):
    at = open_page(demo_app, PAGE, school=MAPLE_GROVE, grade="Grade 5", subgroup="English learners")
    assert not [c for c in charts(at) if any(t.get("name") == "Books logged in the week" for t in c["data"])]
    # Since issue 10 the filters refuse a group choice that would isolate fewer than 10 students
    # (their own notice, lib/core/filters), before the page's "fewer than 10 students are in view".
    assert [i.value.startswith("Hidden to protect student privacy:") for i in at.info] == [True]


# A challenge that ended before the latest data: 20 books from Mon Sep 14 to Fri Oct 30 for one
# class of 12. Each student logs a book on Sep 14, S01 one more on Oct 30 and one on Mon Nov 2,
# after the end (the latest day in the data, so the as-of date).
ENDED = {
    "schools.csv": "school_id,school_name,district_name\n0101,Maple Elementary,Riverbend\n",
    "staff.csv": "staff_id,school_id,first_name,last_name,role\nT1,0101,Maria,Rivera,teacher\n",
    "sections.csv": "section_id,school_id,teacher_id,section_name,grade_level\nH1,0101,T1,Grade 3 - Ms. Rivera,3\n",
    "students.csv": "student_id,school_id,grade_level,homeroom_section_id,entry_date\n"
    + "".join(f"S{i:02},0101,3,H1,2026-08-17\n" for i in range(1, 13)),
    "reading_logs.csv": "student_id,log_date,minutes,books\n"
    + "".join(f"S{i:02},2026-09-14,20,1\n" for i in range(1, 13))
    + "S01,2026-10-30,20,1\nS01,2026-11-02,20,1\n",
    "goals.csv": "goal_id,school_id,title,metric,target,start_date,end_date\n"
    "G1,0101,Read 20 books,books_read,20,2026-09-14,2026-10-30\n",
}


def test_an_ended_challenge_stops_at_its_end_date(database, write_csv, monkeypatch):
    from lib.importing.importer import import_files
    from tests.helpers import app_test

    assert import_files(database, [write_csv(name, text) for name, text in ENDED.items()]).ok
    database.close()  # the app reads the file read-only: one process may not also hold it read-write
    at = app_test(monkeypatch, database.path).run()
    at.switch_page("pages/reading.py").run()
    assert not at.exception, at.exception
    # 12 + 1 books through Oct 30; Nov 2's book comes after the end.
    assert metrics(at) == {
        "Books read since Sep 14": "13",
        "Books at even pace by Oct 30": "20",
        "Books projected by Oct 30": "13",
        "Books needed a week": "—",
    }
    needed = next(m for m in at.metric if m.label == "Books needed a week")
    assert needed.proto.delta == ""  # no "from Nov 2 to Oct 30": no school day is left
    assert ":red-badge[:material/flag: Ended: missed]" in markdown(at)
    assert "the challenge ended Oct 30, so figures stop there" in at.caption[0].value
    assert ":material/cancel: Not reached: the challenge ended Oct 30" in markdown(at)
