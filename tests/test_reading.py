"""The reading challenge's arithmetic with hand-computed numbers, on the 2026-27 calendar.

Pure functions first (weekly bars, milestones, the words on the tiles, the privacy-aware
table), then the `activity` query on a tiny school with students who enrolled or left
mid-challenge. Thanksgiving break (Wed 25 - Fri 27 Nov) and winter break (21 Dec - 1 Jan)
are off.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pandas as pd
import pytest

from lib.core.config import PrivacyPolicy
from lib.core.filters import Filters
from lib.core.goal import Goal
from lib.core.pace import recent_rate
from lib.core.progress import goal_progress
from lib.core.status import AT_RISK, ON_TRACK
from lib.reading.charts import weekly_chart
from lib.reading.groups import participation_summary
from lib.reading.load import activity_params, load_activity, not_logging_list, reading_view
from lib.reading.pace import (
    MISSED,
    NOT_ON_PACE,
    PROJECTED,
    REACHED,
    Milestone,
    date_reached,
    milestones,
    projected_date,
    weekly_with_average,
)
from lib.reading.tables import NUMBER_FORMATS, display_table, grade_table, names_table
from lib.reading.words import (
    milestone_words,
    needed_tile,
    needed_words,
    pace_delta,
    recent_rate_words,
)

THANKSGIVING = {date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27)}
WINTER_BREAK = {date(2026, 12, 21) + timedelta(days=d) for d in (0, 1, 2, 3, 4, 7, 8, 9, 10, 11)}
DAYS_OFF = THANKSGIVING | WINTER_BREAK
RATE_COLUMNS = ["students", "total", "per_student", "week_percent", "window_percent", "not_logging_percent"]


def daily(values: dict[date, float]) -> pd.DataFrame:
    return pd.DataFrame({"date": list(values), "value": [float(v) for v in values.values()]})


def school_days(first: date, last: date) -> list[date]:
    days = (first + timedelta(days=d) for d in range((last - first).days + 1))
    return [day for day in days if day.weekday() < 5 and day not in DAYS_OFF]


# --- Weekly bars across a break -----------------------------------------------------------------

# 10 books every school day from Mon 16 Nov to Fri 18 Dec, 8 a day from Mon 4 Jan; 5 more on
# Sat 21 Nov and 7 on Tue 22 Dec (in the break). Weekly totals: Nov 16: 50 + 5 = 55; Nov 23
# (Mon and Tue only): 20; Nov 30, Dec 7, Dec 14: 50 each; Dec 21 and Dec 28: no school days;
# Jan 4: 40.
BREAK_LOGS = daily(
    {day: 8 if day.year == 2027 else 10 for day in school_days(date(2026, 11, 16), date(2027, 1, 8))}
    | {date(2026, 11, 21): 5, date(2026, 12, 22): 7}
)


@pytest.fixture
def weeks() -> pd.DataFrame:
    return weekly_with_average(BREAK_LOGS, date(2026, 11, 16), date(2027, 1, 8), DAYS_OFF)


def test_weeks_without_school_days_are_left_out(weeks):
    assert weeks["week_start"].tolist() == [
        date(2026, 11, 16),
        date(2026, 11, 23),
        date(2026, 11, 30),
        date(2026, 12, 7),
        date(2026, 12, 14),
        date(2027, 1, 4),  # Dec 21 and Dec 28 (winter break) are not rows
    ]
    assert weeks["total"].tolist() == [55, 20, 50, 50, 50, 40]


def test_short_week_keeps_its_school_days_and_last_school_day(weeks):
    short = weeks.iloc[1]  # Thanksgiving week: Mon 23 and Tue 24 only
    assert (short["school_days"], short["last_school_day"]) == (2, date(2026, 11, 24))
    assert weeks["school_days"].tolist() == [5, 2, 5, 5, 5, 5]


def test_short_week_bar_is_labelled_with_its_school_days(weeks):
    bars = json.loads(weekly_chart(weeks, "books").to_json())["data"][0]
    assert bars["text"] == ["", "2 school days", "", "", "", ""]


def test_a_one_day_week_reads_one_school_day():
    # A goal that starts on Fri 20 Nov: its first week has one school day.
    table = weekly_with_average(BREAK_LOGS, date(2026, 11, 20), date(2026, 11, 24), DAYS_OFF)
    bars = json.loads(weekly_chart(table, "books").to_json())["data"][0]
    assert bars["text"] == ["1 school day", "2 school days"]


def test_four_week_average_skips_the_break(weeks):
    # Average of the last (up to) 4 complete weeks, break weeks not counted as zeros:
    # 55; (55+20)/2 = 37.5; (55+20+50)/3 = 41.67; (55+20+50+50)/4 = 43.75;
    # (20+50+50+50)/4 = 42.5; Jan 4: (50+50+50+40)/4 = 47.5, not (50+0+0+40)/4 = 22.5.
    assert weeks["average"].round(2).tolist() == [55.0, 37.5, 41.67, 43.75, 42.5, 47.5]


def test_week_in_progress_has_no_average():
    # As of Wed 6 Jan the week of Jan 4 has 3 school days so far (24 books) and is not complete.
    table = weekly_with_average(BREAK_LOGS, date(2026, 11, 16), date(2027, 1, 6), DAYS_OFF)
    last = table.iloc[-1]
    assert (last["total"], last["school_days"], bool(last["complete"])) == (24, 3, False)
    assert pd.isna(last["average"])
    assert table["average"].dropna().iloc[-1] == 42.5


def test_recent_rate_words_name_the_weeks_averaged(weeks):
    words = recent_rate_words(47.5, weeks, "books")
    assert words == "48 books a week, average of the 4 school weeks to Jan 8"


# --- Milestones -----------------------------------------------------------------------------------

# Goal: 200 books from Mon 2 Nov. Logs: Nov 2: 20, Nov 3: 20, Nov 4: 9 (running 49), Nov 5: 6 (55),
# Nov 6: 10 (65), Sat Nov 7: 5 (70), Nov 9: 10 (80), Nov 10: 10 (90), Nov 11: 10 (100), Nov 13: 5
# (105). As of Sat 14 Nov: 105 books; the two complete weeks added 70 and 35 over 10 school days,
# so the recent rate is 105 / 10 = 10.5 books a school day.
MILESTONE_LOGS = daily(
    {
        date(2026, 11, 2): 20,
        date(2026, 11, 3): 20,
        date(2026, 11, 4): 9,
        date(2026, 11, 5): 6,
        date(2026, 11, 6): 10,
        date(2026, 11, 7): 5,
        date(2026, 11, 9): 10,
        date(2026, 11, 10): 10,
        date(2026, 11, 11): 10,
        date(2026, 11, 13): 5,
    }
)
AS_OF = date(2026, 11, 14)


def challenge(end: date) -> Goal:
    return Goal("books_read", 200.0, date(2026, 11, 2), end)


def test_recent_rate_of_the_milestone_scenario_is_per_school_day():
    rate = recent_rate(MILESTONE_LOGS, date(2026, 11, 2), AS_OF, THANKSGIVING)
    assert (rate.per_school_day, rate.per_week, rate.weeks) == (10.5, 52.5, 2)


def test_milestone_is_reached_on_the_first_day_the_running_total_gets_there():
    found = milestones(challenge(date(2026, 12, 4)), MILESTONE_LOGS, AS_OF, 10.5, THANKSGIVING)
    # 25% = 50 books: 49 after Wed Nov 4, 55 after Thu Nov 5. 50% = 100: exactly 100 on Wed Nov 11.
    assert found[:2] == [
        Milestone(0.25, 50.0, REACHED, date(2026, 11, 5)),
        Milestone(0.5, 100.0, REACHED, date(2026, 11, 11)),
    ]


def test_date_reached_counts_from_the_goal_start():
    # From Tue Nov 3 the running total is 20, 29, 35, 45 (Fri Nov 6), 50 (Sat Nov 7).
    assert date_reached(MILESTONE_LOGS, date(2026, 11, 3), AS_OF, 50) == date(2026, 11, 7)
    assert date_reached(MILESTONE_LOGS, date(2026, 11, 2), AS_OF, 106) is None


def test_milestones_ahead_are_projected_over_school_days():
    found = milestones(challenge(date(2026, 12, 4)), MILESTONE_LOGS, AS_OF, 10.5, THANKSGIVING)
    # 75% = 150: 45 more / 10.5 a day = 4.3 -> the 5th school day after Sat Nov 14: Fri Nov 20.
    # 100% = 200: 95 more / 10.5 = 9.05 -> the 10th school day: Nov 16-20 (5), Nov 23, 24 (7),
    # Thanksgiving Nov 25-27 off, Nov 30 (8), Dec 1 (9), Wed Dec 2 (10).
    assert found[2:] == [
        Milestone(0.75, 150.0, PROJECTED, date(2026, 11, 20)),
        Milestone(1.0, 200.0, PROJECTED, date(2026, 12, 2)),
    ]


def test_milestone_after_the_end_date_is_not_on_pace():
    goal = challenge(date(2026, 11, 30))
    found = milestones(goal, MILESTONE_LOGS, AS_OF, 10.5, THANKSGIVING)
    # Dec 2 (above) is after the end date, Mon Nov 30. The projection agrees: 105 + 10.5 x 8
    # school days (Nov 16-20, 23, 24, 30) = 189 of 200.
    assert found[3] == Milestone(1.0, 200.0, NOT_ON_PACE)
    assert goal_progress(goal, MILESTONE_LOGS, AS_OF, THANKSGIVING).projected == 189
    assert milestone_words(found[3], goal.end_date, AT_RISK) == (
        "Not on pace to reach by the end date (Nov 30)"
    )


def test_milestones_not_reached_by_an_ended_goal_are_missed():
    found = milestones(challenge(date(2026, 11, 30)), MILESTONE_LOGS, date(2026, 12, 10), 10.5, THANKSGIVING)
    assert [m.state for m in found] == [REACHED, REACHED, MISSED, MISSED]


def test_projected_date_needs_a_positive_rate():
    assert projected_date(105, 150, 0.0, AS_OF, date(2026, 12, 4), THANKSGIVING) is None


@pytest.mark.parametrize(
    ("milestone", "words"),
    [
        (Milestone(0.25, 50.0, REACHED, date(2026, 11, 5)), "Reached Nov 5"),
        (Milestone(0.75, 150.0, PROJECTED, date(2026, 11, 20)), "Projected Nov 20 at the recent rate"),
        (Milestone(1.0, 200.0, MISSED), "Not reached: the challenge ended Dec 4"),
    ],
)
def test_milestone_words(milestone, words):
    assert milestone_words(milestone, date(2026, 12, 4), ON_TRACK) == words


# --- Tiles: pace and what is needed -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "expected", "delta"),
    [
        # Maple Grove on Nov 21: 32,074 read; even pace 50,000 x 68 / 99 school days = 34,343.43.
        (32074, 50000 * 68 / 99, "-2,269 books behind pace"),
        (120.4, 0.0, "+120 books ahead of pace"),
        (105, 105.26, "on even pace"),
        # The tiles show 101 and 100 (100.5 rounds to even): the delta is their difference.
        (101, 100.5, "+1 books ahead of pace"),
    ],
)
def test_pace_delta(current, expected, delta):
    assert pace_delta(current, expected, "books") == delta


def test_pace_delta_without_an_expected_total_is_none():
    assert pace_delta(105, None, "books") is None


@pytest.mark.parametrize(
    ("needed", "tile"),
    [
        (2891.2, "2,892"),  # rounded up: 2,891 a week would fall short
        (17926 / (31 / 5), "2,892"),  # Maple Grove: 50,000 - 32,074 over 31 school days = 2,891.29
        (2892.0, "2,892"),
        (2892 + 1e-9, "2,892"),  # float noise is not a whole book more
        (0.0, "none"),
        (None, "—"),
    ],
)
def test_needed_tile_rounds_up(needed, tile):
    assert needed_tile(needed) == tile


def test_needed_words_count_the_school_days_left():
    goal = challenge(date(2026, 11, 30))
    needed = goal_progress(goal, MILESTONE_LOGS, AS_OF, THANKSGIVING).needed_per_week
    # 95 books over 8 school days (Nov 16-20, 23, 24, 30) = 1.6 weeks: 59.375 -> 60 a week.
    assert needed == pytest.approx(59.375)
    assert needed_words(needed, AS_OF, goal.end_date, THANKSGIVING, "books") == (
        "60 books a week (5 school days) over the 8 school days from Nov 16 to Nov 30"
    )


def test_needed_words_with_one_school_day_left():
    # Thu Jan 21 to Fri Jan 22: 12 books still needed in one school day is 60 a (5-day) week.
    words = needed_words(60.0, date(2027, 1, 21), date(2027, 1, 22), DAYS_OFF, "books")
    assert words == "60 books a week (5 school days) over the 1 school day from Jan 22 to Jan 22"


# --- Participation by group -----------------------------------------------------------------------


def roster(rows: list[tuple]) -> pd.DataFrame:
    """Students as the activity query gives them: grade, books, and the three flags."""
    columns = ["grade_level", "books", "logged_week", "logged_window", "logged_14_days"]
    return pd.DataFrame(rows, columns=columns)


def test_participation_is_the_share_of_the_roster_who_logged():
    students = roster(
        [
            ("3", 10, True, True, True),
            ("3", 5, False, True, True),
            ("3", 3, True, True, False),
            ("3", 0, False, False, False),
            ("4", 6, True, True, True),
        ]
    )
    grade_3 = participation_summary(students, ["grade_level"], "books").iloc[0]
    # 4 students, 18 books (4.5 each); 2 logged this week (50%), 3 in the window (75%); 2 with
    # no log in 14 days (50%).
    assert grade_3[RATE_COLUMNS].tolist() == [4, 18, 4.5, 50, 75, 50]


# --- The table as shown: privacy labels, never the hidden numbers -------------------------------------


def grades(*groups: tuple[str, int, int, int, int, int]) -> pd.DataFrame:
    """(grade, students, books each, logged this week, in the window, in 14 days) -> roster rows."""
    rows = []
    for grade, count, books, week, window, recent in groups:
        rows += [(grade, books, i < week, i < window, i < recent) for i in range(count)]
    return roster(rows)


@pytest.fixture
def shown_with_a_hidden_grade():
    # Grade 3: 12 students, 2 books each (24), 6 this week (50%), 9 in the window (75%), 4 not
    # logging. Grade 5: 3 students (fewer than 10): 21 books, 33% and 67%, 1 not logging.
    # Grade 4: 11 students, 33 books, 100% and 100%, 0 not logging: hidden too, or it would be
    # all 26 students minus grade 3 minus grade 4 away from grade 5's count.
    students = grades(("3", 12, 2, 6, 9, 8), ("4", 11, 3, 11, 11, 11), ("5", 3, 7, 1, 2, 2))
    table = grade_table(students, "books", PrivacyPolicy())
    return display_table(table, ["grade", *RATE_COLUMNS])


def test_a_column_with_a_hidden_cell_shows_the_privacy_labels(shown_with_a_hidden_grade):
    data, as_text = shown_with_a_hidden_grade
    assert data["students"].tolist() == ["12", "hidden", "fewer than 10"]
    assert data["total"].tolist() == ["24", "hidden", "n<10"]
    # 4 of grade 3's 12 not logging: 33%, a percent (a count of 1 to 9 students may not be shown).
    assert data["not_logging_percent"].tolist() == ["33%", "hidden", "n<10"]
    assert data["week_percent"].tolist() == ["50%", "hidden", "n<10"]
    assert as_text == frozenset(RATE_COLUMNS)


def test_no_hidden_number_reaches_the_shown_table(shown_with_a_hidden_grade):
    data, _ = shown_with_a_hidden_grade
    cells = data.to_numpy().ravel().tolist()
    numbers = {float(cell) for cell in cells if not isinstance(cell, str) and not pd.isna(cell)}
    # Grade 3's three bars (50% this week, 75% in the window, 4 of 12 = 33.3% not logging),
    # nothing of grades 4 and 5.
    assert numbers == {50.0, 75.0, 100 * 4 / 12}
    hidden = {"11", "33", "3.0", "100%", "3", "21", "7.0", "33%", "67%", "1", "0"}
    hidden_rows = data.iloc[1:].to_numpy().ravel().tolist()  # grades 4 and 5
    assert not hidden & {cell for cell in hidden_rows if isinstance(cell, str)}
    assert not (hidden - {"33%"}) & {
        cell for cell in cells if isinstance(cell, str)
    }  # grade 3 shows 4/12 = 33%


def test_the_bar_of_a_hidden_rate_is_empty(shown_with_a_hidden_grade):
    data, _ = shown_with_a_hidden_grade
    bars = data["week_percent_bar"]
    assert bars.iloc[0] == 50.0 and bars.iloc[1:].isna().all()


def test_a_column_without_hidden_cells_stays_numeric():
    # Grade 3: 12 students all logged this week: 100% of fewer than 40 is coded ">95%".
    # Grade 4: 15 students, 9 this week (60%). No count is hidden.
    students = grades(("3", 12, 2, 12, 10, 12), ("4", 15, 1, 9, 12, 15))
    data, as_text = display_table(grade_table(students, "books", PrivacyPolicy()), RATE_COLUMNS)
    # Nobody is without a log in 14 days: 0% of groups under 40 is coded "<5%".
    assert as_text == frozenset({"week_percent", "not_logging_percent"})
    assert data["not_logging_percent"].tolist() == ["<5%", "<5%"]
    assert data["week_percent"].tolist() == [">95%", "60%"]
    # The coded ">95%" gets a bar at its bound, 95, never at the real 100.
    assert data["week_percent_bar"].tolist() == [95.0, 60.0]
    assert pd.api.types.is_numeric_dtype(data["students"]) and data["students"].tolist() == [12, 15]
    # 10 of 12 = 83.3% and 12 of 15 = 80% are shown as numbers, formatted as whole percents.
    assert data["window_percent"].round(1).tolist() == [83.3, 80.0]
    assert NUMBER_FORMATS["window_percent"] == "%.0f%%"  # the page shows them as 83% and 80%


# --- The activity query: students who enrolled or left mid-challenge -----------------------------------

# One grade-3 homeroom; the challenge runs from Mon 14 Sep; as of Sat 3 Oct (week Sep 27 - Oct 3,
# 14 days Sep 20 - Oct 3).
# S1 logs Sep 15 (2 books) and Oct 1 (1). S2 logs Sep 16 (4). S3 logs only Sep 11 (2, before
# the start). S4 enrolled Mon Sep 28: a log on Sep 25 (5, before entry) and Sep 30 (1).
# S5 enrolled Thu Oct 1: a log on Sep 29 (3, before entry) only. S6 left Sep 25 after logging
# 6 books on Sep 15. S7 enrolls Oct 5, after the as-of date.
SMALL_SCHOOL = {
    "schools.csv": "school_id,school_name,district_name\n0101,Maple Elementary,Riverbend\n",
    "staff.csv": "staff_id,school_id,first_name,last_name,role\nT1,0101,Maria,Rivera,teacher\n",
    "sections.csv": "section_id,school_id,teacher_id,section_name,grade_level\nH1,0101,T1,Grade 3 - Ms. Rivera,3\n",
    "students.csv": (
        "student_id,school_id,grade_level,homeroom_section_id,first_name,last_name,entry_date,exit_date\n"
        "S1,0101,3,H1,Ana,One,2026-08-17,\n"
        "S2,0101,3,H1,Bo,Two,2026-08-17,\n"
        "S3,0101,3,H1,Cy,Three,2026-08-17,\n"
        "S4,0101,3,H1,Di,Four,2026-09-28,\n"
        "S5,0101,3,H1,Ed,Five,2026-10-01,\n"
        "S6,0101,3,H1,Fay,Six,2026-08-17,2026-09-25\n"
        "S7,0101,3,H1,Gus,Seven,2026-10-05,\n"
    ),
    "reading_logs.csv": (
        "log_id,student_id,log_date,minutes,books\n"
        "L1,S1,2026-09-15,20,2\nL2,S1,2026-10-01,20,1\nL3,S2,2026-09-16,30,4\nL4,S3,2026-09-11,10,2\n"
        "L5,S4,2026-09-25,15,5\nL6,S4,2026-09-30,15,1\nL7,S5,2026-09-29,15,3\nL8,S6,2026-09-15,40,6\n"
    ),
    "goals.csv": (
        "goal_id,school_id,title,metric,target,start_date,end_date\n"
        "G1,0101,Read 100 books,books_read,100,2026-09-14,2026-10-30\n"
    ),
}
SMALL_AS_OF = date(2026, 10, 3)
SHOW_ALL = PrivacyPolicy(min_group_size=1, coding_group_size=0, low_n=0)  # a school of 5: hide nothing


@pytest.fixture
def small_school(database, write_csv):
    from lib.importing.importer import import_files

    report = import_files(database, [write_csv(name, text) for name, text in SMALL_SCHOOL.items()])
    assert report.ok, report.text()
    return database


def small_activity(database) -> pd.DataFrame:
    params = activity_params(Filters("0101", SMALL_AS_OF), ["0101"], date(2026, 9, 14), SMALL_AS_OF)
    students, _ = load_activity(database, params)
    return students.set_index("student_id")


def test_roster_is_the_students_enrolled_on_the_last_day(small_school):
    # S6 left Sep 25 and S7 starts Oct 5: neither is on the Oct 3 roster.
    assert small_activity(small_school).index.tolist() == ["S1", "S2", "S3", "S4", "S5"]


def test_a_log_from_before_entry_is_no_participation(small_school):
    flags = small_activity(small_school)[["books", "logged_week", "logged_window", "logged_14_days"]]
    assert flags.loc["S4"].tolist() == [1, True, True, True]  # Sep 30, after entering Sep 28
    assert flags.loc["S5"].tolist() == [0, False, False, False]  # only Sep 29, before entering Oct 1


def test_participation_counts_mid_semester_entrants_from_their_entry_date(small_school):
    view = reading_view(small_school, Filters("0101", SMALL_AS_OF), ["0101"], None, "books_read", SHOW_ALL)
    grade_3 = view.grades.values.iloc[0]
    # Roster 5. This week (Sep 27 - Oct 3): S1 and S4 -> 2 of 5 = 40%. Since Sep 14 while
    # enrolled: S1, S2, S4 -> 3 of 5 = 60%. Books: 3 + 4 + 0 + 1 + 0 = 8, 1.6 each. No log in
    # 14 days: S2, S3, S5 -> 3 of 5 = 60%.
    assert grade_3[RATE_COLUMNS].tolist() == [5, 8, 1.6, 40, 60, 60]


def test_goal_total_counts_leavers_but_no_log_outside_enrollment(small_school):
    view = reading_view(small_school, Filters("0101", SMALL_AS_OF), ["0101"], None, "books_read", SHOW_ALL)
    # The roster's 8 books plus S6's 6 from before she left; not S3's Sep 11 (before the start),
    # S4's Sep 25 or S5's Sep 29 (before they enrolled).
    assert view.goal.progress.current == 14


def test_names_list_matches_the_class_count(small_school):
    names = not_logging_list(small_school, Filters("0101", SMALL_AS_OF), ["0101"], None, "H1")
    shown = names_table(names)
    assert shown["Student ID"].tolist() == ["S5", "S3", "S2"]  # by last name: Five, Three, Two
    assert shown["Last reading log"].tolist() == ["none on record", "2026-09-11", "2026-09-16"]
