"""The CSV contract, rule by rule, through import_files on small files."""

from __future__ import annotations

import pytest

from lib.core.contract import TABLES
from lib.importing.importer import import_files
from tests.helpers import SCHOOLS, STUDENTS


def snapshot(database) -> dict:
    return {t: database.sql(f'SELECT * FROM "{t}" ORDER BY ALL').to_dict("list") for t in TABLES}


def only_problem(report):
    assert not report.ok
    assert report.problem_count == 1, report.text()
    return report.problems[0]


def test_ids_keep_their_leading_zeros(loaded):
    assert sorted(loaded.sql("SELECT student_id FROM students")["student_id"]) == ["000123", "000124"]


def test_grades_flags_and_both_date_formats_are_normalised(loaded):
    rows = loaded.sql("SELECT grade_level, english_learner, entry_date FROM students ORDER BY student_id")
    assert list(rows["grade_level"]) == ["K", "3"]
    assert list(rows["english_learner"]) == [True, False]
    assert rows["entry_date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-08-17", "2026-08-17"]


def test_blank_books_default_to_zero(loaded):
    assert loaded.scalar("SELECT books FROM reading_logs WHERE log_id = 'L2'") == 0


@pytest.mark.parametrize("value", ["Y", "yes", "TRUE", "1", "n", "No", "false", "0"])
def test_yes_no_columns_accept_common_spellings(database, write_csv, value):
    students = f"student_id,school_id,grade_level,special_education\n1,0101,5,{value}\n"
    report = import_files(database, [write_csv("schools.csv", SCHOOLS), write_csv("students.csv", students)])
    assert report.ok, report.text()
    assert database.scalar("SELECT special_education FROM students") is (
        value.lower() in {"y", "yes", "true", "1"}
    )


def test_missing_required_column_names_the_column(database, write_csv):
    problem = only_problem(
        import_files(database, [write_csv("schools.csv", "school_id,district_name\n1,R\n")])
    )
    assert (problem.file, problem.line, problem.column) == ("schools.csv", 1, "school_name")


def test_file_that_names_no_table_is_refused(database, write_csv):
    problem = only_problem(import_files(database, [write_csv("export.csv", "foo,bar\n1,2\n")]))
    assert "Cannot tell which table" in problem.message


def test_table_is_found_from_the_header_when_the_name_says_nothing(database, write_csv):
    report = import_files(database, [write_csv("export (3).csv", SCHOOLS)])
    assert report.ok and database.scalar("SELECT school_name FROM schools") == "Maple Elementary"


def test_extra_columns_are_ignored_with_a_warning(database, write_csv):
    report = import_files(
        database, [write_csv("schools.csv", "school_id,school_name,principal\n1,A,Ms. B\n")]
    )
    assert report.ok
    assert report.warnings == [
        "schools.csv: column principal is not part of the schools file and will be ignored."
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-02-30", "must be a real date"),
        ("30/01/2026", "must be a real date"),
        ("Sept 3", "must be a real date"),
    ],
)
def test_bad_and_impossible_dates_are_errors(loaded, write_csv, value, expected):
    logs = f"student_id,log_date,minutes\n000123,{value},20\n"
    problem = only_problem(import_files(loaded, [write_csv("reading_logs.csv", logs)]))
    assert (problem.line, problem.column, problem.value) == (2, "log_date", value)
    assert expected in problem.message


@pytest.mark.parametrize(
    ("minutes", "ok"), [("0", True), ("600", True), ("601", False), ("-5", False), ("twenty", False)]
)
def test_minutes_must_be_whole_numbers_from_0_to_600(loaded, write_csv, minutes, ok):
    logs = f"student_id,log_date,minutes\n000123,2026-09-03,{minutes}\n"
    report = import_files(loaded, [write_csv("reading_logs.csv", logs)])
    assert report.ok is ok
    if not ok:
        assert report.problems[0].message == "must be a whole number from 0 to 600"


def test_duplicate_key_points_at_the_first_line(database, write_csv):
    schools = "school_id,school_name\n1,A\n2,B\n1,C\n"
    problem = only_problem(import_files(database, [write_csv("schools.csv", schools)]))
    assert (problem.line, problem.column, problem.value) == (4, "school_id", "1")
    assert problem.message == "repeats the school_id already on line 2"


def test_unknown_student_is_reported_with_its_line(loaded, write_csv):
    logs = "student_id,log_date,minutes\n000123,2026-09-03,10\n999999,2026-09-03,10\n"
    problem = only_problem(import_files(loaded, [write_csv("reading_logs.csv", logs)]))
    assert (problem.line, problem.column, problem.value) == (3, "student_id", "999999")
    assert "not a known student" in problem.message


def test_references_resolve_within_the_same_batch(database, write_csv):
    report = import_files(database, [write_csv("students.csv", STUDENTS), write_csv("schools.csv", SCHOOLS)])
    assert report.ok, report.text()


def test_windows_1252_file_keeps_accented_names(database, write_csv):
    students = "student_id,school_id,grade_level,first_name,last_name\n7,0101,2,Zoë,O\u2019Brien\n"
    path = write_csv("students.csv", students, encoding="cp1252")
    report = import_files(database, [write_csv("schools.csv", SCHOOLS), path])
    assert report.ok and report.files[1].encoding == "Windows-1252"
    assert database.sql("SELECT first_name, last_name FROM students").iloc[0].tolist() == [
        "Zoë",
        "O\u2019Brien",
    ]


def test_byte_order_mark_is_recognised(database, write_csv):
    report = import_files(database, [write_csv("schools.csv", SCHOOLS, encoding="utf-8-sig")])
    assert report.ok and report.files[0].encoding == "UTF-8 with BOM"
    assert database.scalar("SELECT school_id FROM schools") == "0101"


def test_empty_file_is_an_error(database, write_csv):
    problem = only_problem(import_files(database, [write_csv("schools.csv", "")]))
    assert (problem.line, problem.message) == (1, "The file is empty: the first line must name the columns.")


def test_header_only_file_imports_nothing_and_succeeds(database, write_csv):
    report = import_files(database, [write_csv("schools.csv", "school_id,school_name\n")])
    assert report.ok and database.scalar("SELECT count(*) FROM schools") == 0


def test_line_numbers_count_quoted_line_breaks_and_blank_lines(loaded, write_csv):
    logs = 'student_id,log_date,minutes,title\n000123,2026-09-03,10,"Two\nlines"\n\n000123,2026-09-04,999,x\n'
    problem = only_problem(import_files(loaded, [write_csv("reading_logs.csv", logs)]))
    assert (problem.line, problem.value) == (5, "999")


def test_short_row_is_reported_and_the_rest_still_checked(loaded, write_csv):
    logs = "student_id,log_date,minutes\n000123,2026-09-03\n000123,2026-09-04,900\n"
    report = import_files(loaded, [write_csv("reading_logs.csv", logs)])
    assert [(p.line, p.column) for p in sorted(report.problems, key=lambda p: p.line)] == [
        (2, None),
        (3, "minutes"),
    ]


def test_reimporting_the_same_files_changes_nothing(loaded, write_csv):
    before = snapshot(loaded)
    report = import_files(loaded, [write_csv("schools.csv", SCHOOLS), write_csv("students.csv", STUDENTS)])
    assert report.rows["students"].as_dict() == {"new": 0, "changed": 0, "unchanged": 2}
    after = snapshot(loaded)
    assert after == before


def test_logs_without_ids_are_not_doubled_on_reimport(loaded, write_csv):
    logs = "student_id,log_date,minutes\n000123,2026-09-03,10\n000123,2026-09-03,10\n"
    for _ in range(2):
        assert import_files(loaded, [write_csv("reading_logs.csv", logs)]).ok
    assert loaded.scalar("SELECT count(*) FROM reading_logs WHERE log_date = DATE '2026-09-03'") == 2


def test_changed_row_is_updated(loaded, write_csv):
    report = import_files(
        loaded, [write_csv("schools.csv", "school_id,school_name\n0101,Maple Grove Elementary\n")]
    )
    assert report.rows["schools"].as_dict() == {"new": 0, "changed": 1, "unchanged": 0}
    assert loaded.scalar("SELECT school_name FROM schools") == "Maple Grove Elementary"


def test_failed_batch_leaves_every_table_exactly_as_before(loaded, write_csv):
    before = snapshot(loaded)
    good = write_csv("schools.csv", "school_id,school_name\n0101,Renamed\n0202,New School\n")
    bad = write_csv("reading_logs.csv", "student_id,log_date,minutes\n000123,2026-09-03,700\n")
    assert not import_files(loaded, [good, bad]).ok
    assert snapshot(loaded) == before


def test_rejected_batch_is_recorded_in_the_import_log(loaded, write_csv):
    import_files(loaded, [write_csv("schools.csv", "")])
    log = loaded.sql("SELECT import_id, outcome, problems FROM import_log ORDER BY import_id")
    assert log.values.tolist() == [[1, "imported", 0], [2, "rejected", 1]]


def test_import_log_records_hash_encoding_and_rows(loaded):
    import json

    row = loaded.sql("SELECT files, rows_per_table FROM import_log WHERE import_id = 1").iloc[0]
    files = {f["name"]: f for f in json.loads(row["files"])}
    assert files["schools.csv"]["encoding"] == "UTF-8" and len(files["schools.csv"]["sha256"]) == 64
    assert json.loads(row["rows_per_table"])["students"] == {"new": 2, "changed": 0, "unchanged": 0}


def test_problem_list_is_capped_but_counted(loaded, write_csv):
    logs = "student_id,log_date,minutes\n" + "000123,2026-09-03,999\n" * 500
    report = import_files(loaded, [write_csv("reading_logs.csv", logs)])
    assert (report.problem_count, len(report.problems)) == (500, 200)
    assert "and 300 more" in report.text()


def test_feedback_before_the_observation_is_an_error(database, write_csv):
    staff = "staff_id,school_id,first_name,last_name,role\nT1,0101,A,B,teacher\nP1,0101,C,D,Principal\n"
    obs = "observation_id,teacher_id,observer_id,observed_on,observation_type,feedback_on\nO1,T1,P1,2026-09-02,walkthrough,2026-09-01\n"
    files = [
        write_csv("schools.csv", SCHOOLS),
        write_csv("staff.csv", staff),
        write_csv("observations.csv", obs),
    ]
    problem = only_problem(import_files(database, files))
    assert (problem.file, problem.line, problem.column) == ("observations.csv", 2, "feedback_on")


def test_school_year_short_form_is_stored_long(loaded, write_csv):
    rows = "student_id,subject,school_year,window,performance_level\n000123,Reading,2026-27,boy,3\n"
    assert import_files(loaded, [write_csv("assessments.csv", rows)]).ok
    assert loaded.sql('SELECT subject, school_year, "window" FROM assessments').iloc[0].tolist() == [
        "reading",
        "2026-2027",
        "BOY",
    ]
