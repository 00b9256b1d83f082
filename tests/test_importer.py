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


# Issue 11: raw rows are tracked per file occurrence, never by name; keys across schools;
# blank lines are skipped on both the fast and the exact path.

LOG_HEADER = "log_id,student_id,log_date,minutes,books,title\n"
NOVEMBER = LOG_HEADER + "N1,000123,2026-11-02,20,1,Frog and Toad\nN2,000124,2026-11-03,30,0,\n"


def monthly_exports(tmp_path, december: str) -> list:
    """nov/reading_logs.csv and dec/reading_logs.csv: one platform, the same name every month."""
    paths = []
    for month, text in (("nov", NOVEMBER), ("dec", december)):
        path = tmp_path / month / "reading_logs.csv"
        path.parent.mkdir()
        path.write_text(text)
        paths.append(path)
    return paths


@pytest.mark.parametrize(
    "december",
    [
        LOG_HEADER + 'D1,000123,2026-12-01,25,1,"Two\nlines"\nD2,000124,2026-12-02,15,0,x\n',
        LOG_HEADER
        + "D1,000123,2026-12-01,25,1,x,,\nD2,000124,2026-12-02,15,0,x,,\n",  # Excel's trailing commas
    ],
    ids=["quoted-line-break", "trailing-commas"],
)
def test_two_files_with_the_same_name_are_both_imported(loaded, tmp_path, december):
    report = import_files(loaded, monthly_exports(tmp_path, december))
    assert report.ok, report.text()
    assert report.rows["reading_logs"].as_dict() == {"new": 4, "changed": 0, "unchanged": 0}
    assert loaded.sql("SELECT log_id FROM reading_logs ORDER BY log_id")["log_id"].tolist() == [
        "D1",
        "D2",
        "L1",
        "L2",
        "N1",
        "N2",
    ]


def test_files_with_the_same_name_are_told_apart_by_their_path(loaded, tmp_path):
    december = LOG_HEADER + 'D1,000123,2026-12-01,25,1,"Two\nlines"\nD2,000124,2026-12-02,999,0,x\n'
    nov, dec = monthly_exports(tmp_path, december)
    problem = only_problem(import_files(loaded, [nov, dec]))
    assert (problem.file, problem.line, problem.column) == (str(dec), 4, "minutes")
    assert loaded.scalar("SELECT count(*) FROM reading_logs") == 2


def test_the_same_file_twice_in_a_batch_is_refused(loaded, write_csv):
    before = snapshot(loaded)
    path = write_csv("reading_logs.csv", NOVEMBER)
    problem = only_problem(import_files(loaded, [path, path]))
    assert problem.text() == (f"{path}: has the same contents as {path}: name each file once in a batch.")
    assert snapshot(loaded) == before


OTHER_SCHOOL = (
    "school_id,school_name\n0202,Oak Middle\n",
    "student_id,school_id,grade_level\n000900,0202,7\n",
)


def test_a_log_id_stored_for_another_schools_student_is_refused(loaded, write_csv):
    schools, students = OTHER_SCHOOL
    assert import_files(loaded, [write_csv("schools.csv", schools), write_csv("students.csv", students)]).ok
    before = snapshot(loaded)
    logs = write_csv("reading_logs.csv", LOG_HEADER + "L1,000900,2026-09-01,20,1,Holes\n")
    problem = only_problem(import_files(loaded, [logs]))
    assert problem.text() == (
        'reading_logs.csv, line 2, column log_id: "L1" is already the log_id of a reading log of '
        "another school (school 0101); log_ids must be unique across the district. Give this "
        "school's log_ids a prefix, or leave log_id blank."
    )
    assert snapshot(loaded) == before
    assert loaded.scalar("SELECT count(*) FROM reading_logs") == 2


def test_a_log_id_of_two_schools_in_one_batch_is_refused(loaded, write_csv):
    schools, students = OTHER_SCHOOL
    logs = LOG_HEADER + "X1,000123,2026-09-03,20,1,a\nX1,000900,2026-09-03,20,1,b\n"
    files = [write_csv("schools.csv", schools), write_csv("students.csv", students)]
    problem = only_problem(import_files(loaded, [*files, write_csv("reading_logs.csv", logs)]))
    assert (
        problem.text() == 'reading_logs.csv, line 3, column log_id: "X1" repeats the log_id already on line 2'
    )
    assert loaded.scalar("SELECT count(*) FROM reading_logs") == 2


def test_a_log_id_moved_to_another_student_of_the_same_school_is_an_update(loaded, write_csv):
    logs = write_csv("reading_logs.csv", LOG_HEADER + "L1,000124,2026-09-01,20,1,Frog and Toad\n")
    report = import_files(loaded, [logs])
    assert report.rows["reading_logs"].as_dict() == {"new": 0, "changed": 1, "unchanged": 0}
    assert loaded.scalar("SELECT student_id FROM reading_logs WHERE log_id = 'L1'") == "000124"


@pytest.mark.parametrize(
    "blank", ["", "   ", ",,,,,", ",,,,,,,,"], ids=["empty", "spaces", "commas", "more-commas"]
)
@pytest.mark.parametrize("exact_path", [False, True], ids=["fast", "exact"])
def test_blank_lines_are_skipped_on_every_path(loaded, write_csv, blank, exact_path):
    # A quoted line break sends the file down the exact (csv module) path.
    title = '"Two\nlines"' if exact_path else "x"
    logs = LOG_HEADER + f"B1,000123,2026-10-01,10,0,{title}\n{blank}\nB2,000124,2026-10-02,999,0,y\n"
    problem = only_problem(import_files(loaded, [write_csv("reading_logs.csv", logs)]))
    # Counted for the line numbers, skipped as rows: the only problem is the 999 on line 4 (5 after the line break).
    assert (problem.line, problem.column) == (5 if exact_path else 4, "minutes")
    fixed = write_csv("reading_logs.csv", logs.replace(",999,", ",9,"))
    assert import_files(loaded, [fixed]).ok
    assert loaded.scalar("SELECT count(*) FROM reading_logs") == 4


ACCESS_TWO = "email,access,school_id\nboss@d.org,district,\nscreen@d.org,display,0101\n"
ACCESS_ONE = "email,access,school_id\nboss@d.org,district,\n"


def test_an_access_file_is_the_whole_list_a_grant_left_out_is_taken_away(loaded, write_csv, tmp_path):
    from lib.importing.history import undo_import

    assert import_files(loaded, [write_csv("access.csv", ACCESS_TWO)]).ok
    newer = tmp_path / "newer"
    newer.mkdir()
    (newer / "access.csv").write_text(ACCESS_ONE)
    report = import_files(loaded, [newer / "access.csv"])
    assert report.ok and report.rows["access"].as_dict() == {
        "new": 0,
        "changed": 0,
        "unchanged": 1,
        "removed": 1,
    }
    assert "access: 0 new, 0 changed, 1 unchanged rows, 1 removed (no longer in the file)" in report.text()
    assert loaded.sql("SELECT email, school_id FROM access").values.tolist() == [["boss@d.org", ""]]
    undo_import(loaded, report.import_id)
    assert sorted(loaded.sql("SELECT email FROM access")["email"]) == ["boss@d.org", "screen@d.org"]
