"""The demo district: files follow the contract and hold the facts pages rely on."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from lib.core.contract import GOAL_METRICS, TABLES
from lib.demo.build import write_demo_files
from lib.demo.calendar import current_semester, district_days_off, fall_semester, spring_semester
from lib.demo.people import plan_schools
from lib.demo.reading import challenge_phases

TODAY = date(2026, 11, 22)  # a Sunday; the data run through Saturday 2026-11-21


def read_demo(folder: Path) -> dict[str, pd.DataFrame]:
    """Every demo file as text, blanks as empty strings (so "0001001" stays as written)."""
    return {
        name: pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False, encoding="utf-8")
        for name in TABLES
    }


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict[str, pd.DataFrame]:
    folder = tmp_path_factory.mktemp("demo")
    write_demo_files(folder, today=TODAY)
    return read_demo(folder)


@pytest.fixture(scope="module")
def spring_demo(tmp_path_factory) -> dict[str, pd.DataFrame]:
    folder = tmp_path_factory.mktemp("spring")
    write_demo_files(folder, students=600, today=date(2027, 3, 20))
    return read_demo(folder)


def logs_with_students(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    students = tables["students"][["student_id", "school_id", "entry_date", "exit_date"]]
    return tables["reading_logs"].merge(students, on="student_id", how="left", validate="many_to_one")


def days_off_by_school(tables: dict[str, pd.DataFrame]) -> set[tuple[str, str]]:
    """(school_id, date) pairs with no school, district days spelled out for every school."""
    calendar = tables["calendar"]
    everyone = calendar.loc[calendar["school_id"] == "", "date"]
    schools = tables["schools"]["school_id"]
    own = set(zip(calendar["school_id"], calendar["date"], strict=True))
    return own | {(s, d) for s in schools for d in everyone}


def test_same_seed_gives_identical_bytes(tmp_path: Path):
    first = write_demo_files(tmp_path / "a", students=300, seed=7, today=TODAY)
    second = write_demo_files(tmp_path / "b", students=300, seed=7, today=TODAY)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_another_seed_gives_other_students(tmp_path: Path):
    first = write_demo_files(tmp_path / "a", students=300, seed=7, today=TODAY)
    second = write_demo_files(tmp_path / "b", students=300, seed=8, today=TODAY)
    assert first[3].name == "students.csv"
    # The first student, 0001001 in school 101's first kindergarten homeroom, by seed.
    assert first[3].read_text().splitlines()[1].split(",")[4:6] == ["Aaliyah", "Brown"]
    assert second[3].read_text().splitlines()[1].split(",")[4:6] == ["Ava", "Flores"]


def test_one_file_per_table_in_load_order(tmp_path: Path):
    paths = write_demo_files(tmp_path, students=300, today=TODAY)
    assert [p.name for p in paths] == [f"{name}.csv" for name in TABLES]


@pytest.mark.parametrize("name", list(TABLES))
def test_headers_are_the_contract_columns(tmp_path_factory, name: str):
    folder = tmp_path_factory.getbasetemp() / "headers"
    if not folder.exists():
        write_demo_files(folder, students=300, today=TODAY)
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as file:
        assert tuple(next(csv.reader(file))) == TABLES[name].column_names


def test_default_district_has_three_schools_of_each_kind(demo):
    assert demo["schools"]["school_id"].tolist() == ["101", "201", "301"]
    assert demo["schools"]["school_name"].iloc[0] == "Maple Grove Elementary"
    assert set(demo["schools"]["district_name"]) == {"Riverbend Unified"}


def test_school_sizes_are_the_defaults(demo):
    assert demo["students"].groupby("school_id").size().to_dict() == {"101": 596, "201": 702, "301": 1104}


def test_more_schools_repeat_elementary_middle_high(tmp_path: Path):
    write_demo_files(tmp_path, schools=5, students=1000, today=TODAY)
    tables = read_demo(tmp_path)
    assert tables["schools"]["school_id"].tolist() == ["101", "201", "301", "102", "202"]
    assert len(tables["students"]) == 1000
    assert set(tables["students"].query("school_id == '102'")["grade_level"]) == {
        "K",
        "1",
        "2",
        "3",
        "4",
        "5",
    }


def test_student_ids_keep_their_leading_zeros(demo):
    ids = demo["students"]["student_id"]
    assert ids.iloc[0] == "0001001"
    assert ids.str.fullmatch(r"\d{7}").all() and ids.is_unique


def test_program_shares_are_near_the_brief(demo):
    shares = (
        demo["students"][["english_learner", "special_education", "economically_disadvantaged"]] == "Y"
    ).mean()
    assert shares["english_learner"] == pytest.approx(0.10, abs=0.03)
    assert shares["special_education"] == pytest.approx(0.14, abs=0.03)
    assert shares["economically_disadvantaged"] == pytest.approx(0.50, abs=0.04)


def test_every_student_has_a_homeroom_of_their_grade(demo):
    rooms = demo["sections"].set_index("section_id")["grade_level"]
    assert (demo["students"]["homeroom_section_id"].map(rooms) == demo["students"]["grade_level"]).all()


def test_homerooms_hold_at_most_28_students(demo):
    assert demo["students"].groupby("homeroom_section_id").size().max() <= 28


def test_each_school_has_two_or_three_first_year_teachers(demo):
    staff = demo["staff"]
    new = staff[(staff["role"] == "teacher") & (staff["start_date"] >= "2026-07-01")]
    assert new.groupby("school_id").size().between(2, 3).all()
    assert len(new.groupby("school_id")) == 3


def test_semester_dates_for_late_november():
    semester = current_semester(TODAY)
    assert (semester.first_day, semester.last_day) == (date(2026, 8, 17), date(2027, 1, 22))


def test_spring_follows_mlk_week():
    assert spring_semester(2026).first_day == date(2027, 1, 25)
    assert spring_semester(2026).last_day == date(2027, 6, 4)


def test_summer_shows_the_spring_that_ended():
    assert current_semester(date(2027, 7, 10)) == spring_semester(2026)
    assert current_semester(date(2027, 8, 17)) == fall_semester(2027)


def test_district_days_off_for_2026_2027():
    days_off = district_days_off(2026)
    assert days_off[date(2026, 9, 7)] == "Labor Day"
    assert [d for d, name in days_off.items() if name == "Thanksgiving break"] == [
        date(2026, 11, 25),
        date(2026, 11, 26),
        date(2026, 11, 27),
    ]
    assert sum(name == "Winter break" for name in days_off.values()) == 10  # Dec 21 - Jan 1, weekdays
    assert days_off[date(2027, 1, 18)] == "Martin Luther King Jr. Day"


def test_each_school_has_its_own_professional_days(demo):
    own = demo["calendar"].query("school_id != ''")
    assert own.groupby("school_id").size().to_dict() == {"101": 2, "201": 2, "301": 2}
    assert own.groupby("date")["school_id"].nunique().max() == 1


def test_challenge_phases_for_late_november():
    """99 school days, 68 so far: 41 on pace at 505.05 x 1.03, then 27 at the slipped pace.

    slip = (0.88 x 99 - 1.03 x 41) / (99 - 41) = 0.7740, so 0.7740 x 505.05 x 27 = 10,554
    books; 21,328 + 10,554 + 0.7740 x 505.05 x 31 = 44,000 = 88% of 50,000.
    """
    on_pace_days, on_pace_books, slipped_books = challenge_phases(50_000, 99, 68)
    assert on_pace_days == 41
    assert on_pace_books == pytest.approx(21_328.3, abs=0.1)
    assert slipped_books == pytest.approx(10_554.1, abs=0.1)


def test_tiny_districts_are_refused():
    with pytest.raises(ValueError):
        plan_schools(3, 20)


def test_elementary_has_the_50000_book_challenge(demo):
    goal = demo["goals"].set_index("goal_id").loc["G101-BOOKS"]
    assert (goal["metric"], goal["target"], goal["school_id"]) == ("books_read", "50000", "101")
    assert (goal["start_date"], goal["end_date"]) == ("2026-08-17", "2027-01-22")


def test_every_goal_metric_appears(demo):
    goals = demo["goals"]
    assert set(goals["metric"]) == set(GOAL_METRICS)
    assert goals.loc[goals["grade_level"] != "", ["goal_id", "grade_level"]].values.tolist() == [
        ["G101-GRADE3", "3"]
    ]
    assert goals.loc[goals["subgroup"] != "", ["goal_id", "subgroup"]].values.tolist() == [
        ["G201-EL-GAP", "english_learner"],
        ["G301-ED-MATH-GAP", "economically_disadvantaged"],
    ]


def test_logs_run_to_the_day_before_today(demo):
    assert demo["reading_logs"]["log_date"].max() == "2026-11-21"
    assert demo["reading_logs"]["log_date"].min() == "2026-08-17"


@pytest.mark.parametrize("tables", ["demo", "spring_demo"])
def test_logs_only_while_enrolled(request, tables):
    logs = logs_with_students(request.getfixturevalue(tables))
    after_entry = logs["log_date"] >= logs["entry_date"]
    before_exit = (logs["exit_date"] == "") | (logs["log_date"] < logs["exit_date"])
    assert (after_entry & before_exit).all()


def test_some_students_enter_and_leave_during_the_semester(demo):
    students = demo["students"]
    late = students[students["entry_date"] > "2026-08-17"].groupby("school_id").size()
    left = students[students["exit_date"] != ""].groupby("school_id").size()
    assert late.between(3, 10).all() and left.between(3, 10).all() and len(late) == len(left) == 3


@pytest.mark.parametrize("tables", ["demo", "spring_demo"])
def test_no_log_on_a_day_off(request, tables):
    tables = request.getfixturevalue(tables)
    logs = logs_with_students(tables)
    off = days_off_by_school(tables)
    assert not any(pair in off for pair in zip(logs["school_id"], logs["log_date"], strict=True))


def test_weekends_have_fewer_logs_than_school_days(demo):
    weekday = pd.to_datetime(demo["reading_logs"]["log_date"]).dt.day_of_week
    per_day = (
        weekday.value_counts()
        / pd.Series(pd.date_range("2026-08-17", "2026-11-21").day_of_week).value_counts()
    )
    assert per_day[[5, 6]].max() < per_day[[0, 1, 2, 3, 4]].min()


def test_about_8_percent_never_log(demo):
    # 2,219 of the 2,402 students logged at least once: 183 never did, 7.6%.
    never = len(demo["students"]) - demo["reading_logs"]["student_id"].nunique()
    assert (never, len(demo["students"])) == (183, 2402)


def test_challenge_is_on_pace_then_falls_short(demo):
    """On pace at the 60% mark of the 68 school days so far; projected near 88% of 50,000."""
    logs = logs_with_students(demo).query("school_id == '101'")
    books = logs["books"].astype(int).groupby(logs["log_date"]).sum().cumsum()
    semester_days, so_far = 99, 68  # Aug 17 - Jan 22 less 15 days off; through Nov 20
    on_pace_day = "2026-10-14"  # the 41st school day
    # 21,451 books by Oct 14 against 50,000 x 41 / 99 = 20,707 at an even pace.
    assert (books[:on_pace_day].iloc[-1], round(50_000 * 41 / semester_days)) == (21_451, 20_707)
    # 7,960 books in the 20 school days after Oct 23: 32,074 + 7,960 / 20 x 31 days left = 44,412 (88.8%).
    last_four_weeks = books.iloc[-1] - books[:"2026-10-23"].iloc[-1]
    assert (books.iloc[-1], last_four_weeks) == (32_074, 7_960)
    projected = books.iloc[-1] + last_four_weeks / 20 * (semester_days - so_far)
    assert projected == 44_412
    assert books[:"2026-11-20"].iloc[-1] == 31_909  # 34,343 expected at an even pace


def test_assessment_windows_so_far(demo):
    windows = demo["assessments"].groupby(["school_year", "window"]).size().index.tolist()
    assert sorted(windows) == [("2025-2026", w) for w in ("BOY", "EOY", "MOY")] + [("2026-2027", "BOY")]
    assert demo["assessments"]["test_date"].max() < TODAY.isoformat()


def test_english_learner_reading_gap_starts_near_27_and_narrows(spring_demo):
    results = spring_demo["assessments"].merge(spring_demo["students"], on="student_id")
    reading = results[results["subject"] == "reading"].assign(
        proficient=lambda r: r["performance_level"] >= "3"
    )
    by_window = reading.groupby(["school_year", "window"])
    gap = (
        by_window["proficient"].mean()
        - reading[reading["english_learner"] == "Y"].groupby(["school_year", "window"])["proficient"].mean()
    ) * 100
    assert 20 <= gap[("2025-2026", "BOY")] <= 35
    assert gap[("2026-2027", "MOY")] < gap[("2025-2026", "BOY")]


def test_two_teachers_per_school_are_never_observed(demo):
    teachers = demo["staff"].query("role == 'teacher'")
    unseen = teachers[~teachers["staff_id"].isin(demo["observations"]["teacher_id"])]
    assert unseen.groupby("school_id").size().to_dict() == {"101": 2, "201": 2, "301": 2}


def test_feedback_never_before_the_visit_nor_after_the_data(demo):
    given = demo["observations"].query("feedback_on != ''")
    assert (given["feedback_on"] >= given["observed_on"]).all()
    assert given["feedback_on"].max() <= "2026-11-21"


def test_waiting_feedback_only_in_the_last_two_weeks(demo):
    waiting = demo["observations"].query("feedback_on == ''")
    # 10 visits wait for feedback, the earliest from Tue Nov 17 (5 days before today).
    assert (len(waiting), waiting["observed_on"].min()) == (10, "2026-11-17")


def test_formal_and_informal_visits_rate_3_to_5_components_walkthroughs_only_3b(demo):
    rated = demo["observation_ratings"].merge(demo["observations"], on="observation_id")
    assert set(rated["observation_type"]) == {"formal", "informal", "walkthrough"}
    full = rated[rated["observation_type"] != "walkthrough"]
    assert full.groupby("observation_id").size().between(3, 5).all()
    walks = rated[rated["observation_type"] == "walkthrough"]
    assert set(walks["component"]) == {"3b"} and walks["observation_id"].is_unique


def test_spring_today_uses_the_spring_semester(spring_demo):
    goal = spring_demo["goals"].set_index("goal_id").loc["G101-BOOKS"]
    assert (goal["start_date"], goal["end_date"]) == ("2027-01-25", "2027-06-04")
    assert spring_demo["reading_logs"]["log_date"].between("2027-01-25", "2027-03-19").all()


def test_load_demo_publishes_like_any_import(tmp_path: Path, monkeypatch):
    from lib.core.db import connect
    from lib.demo.build import load_demo

    monkeypatch.setenv("SCHOOL_GOALS_DB", str(tmp_path / "demo.duckdb"))
    report = load_demo(tmp_path / "files", students=300, today=TODAY)
    assert report.ok, report.text()
    database = connect(tmp_path / "demo.duckdb", read_only=True)
    assert database.scalar("SELECT count(*) FROM goals WHERE goal_id = 'G101-BOOKS'") == 1
    database.close()
    assert [p.name[:7] for p in (tmp_path / "demo.snapshots").glob("*.duckdb")] == ["000001-"]
