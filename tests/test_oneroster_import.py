"""A small OneRoster set, by hand: what each file becomes, each tolerance (a note, not silence)
and each rejection (file, line, column; nothing stored changes)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest

from lib.importing.importer import import_files
from lib.importing.oneroster.settings import RosterOptions

MANIFEST_11 = """propertyName,value
manifest.version,1.0
oneroster.version,1.1
file.academicSessions,absent
file.categories,absent
file.classes,bulk
file.classResources,absent
file.courses,absent
file.courseResources,absent
file.demographics,bulk
file.enrollments,bulk
file.lineItems,absent
file.orgs,bulk
file.resources,absent
file.results,absent
file.users,bulk
"""
ORGS = """sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId
D1,,,Riverbend Unified,district,D1,
0101,,,Maple Grove Elementary,school,0101,D1
"""
USERS_HEADER = (
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,"
    "familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n"
)
USERS = USERS_HEADER + (
    "T1,,,true,0101,teacher,mrivera,,Maria,Rivera,,E100,mrivera@example.org,,,,,\n"
    "P1,,,true,0101,administrator,aokafor,,Ada,Okafor,,E101,aokafor@example.org,,,,,\n"
    "S0001,,,true,0101,student,s1,,Sofia,Garcia,,N0001,,,,,03,\n"
    "S0002,,,true,0101,student,s2,,Liam,Chen,,N0002,,,,,03,\n"
    "S0003,,,true,0101,student,s3,,Ava,Ortiz,,N0003,,,,,KG,\n"
    "G1,,,true,0101,guardian,g1,,Rosa,Garcia,,,,,,,,\n"
)
CLASSES = """sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods
HR3,,,Grade 3 - Ms. Rivera,03,C1,HR3,homeroom,,0101,T1,,,
MATH3,,,Math 3,03,C2,M3,scheduled,,0101,T1,,,1
"""
ENROLLMENTS = """sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate
E1,,,HR3,0101,T1,teacher,true,,
E2,,,HR3,0101,S0001,student,false,2026-08-17,
E3,,,HR3,0101,S0002,student,false,2026-08-17,2026-10-30
E4,,,MATH3,0101,S0001,student,false,2026-08-17,
"""
DEMOGRAPHICS = """sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,publicSchoolResidenceStatus
S0001,,,,female,false,false,false,false,true,false,true,,,,
S0002,,,,male,false,true,false,false,true,false,false,,,,
"""
USER_FLAGS = "userSourcedId,flag\nS0001,ell\nS0001,freeLunch\nS0002,504\n"
BASE = {
    "manifest.csv": MANIFEST_11,
    "orgs.csv": ORGS,
    "users.csv": USERS,
    "classes.csv": CLASSES,
    "enrollments.csv": ENROLLMENTS,
    "demographics.csv": DEMOGRAPHICS,
    "userFlags.csv": USER_FLAGS,
}
STUDENT_COLUMNS = (
    "student_id, school_id, grade_level, homeroom_section_id, first_name, sex, race_ethnicity, english_learner, "
    "special_education, section_504, economically_disadvantaged, strftime(entry_date, '%Y-%m-%d'), "
    "strftime(exit_date, '%Y-%m-%d')"
)


def write_set(folder: Path, files: dict[str, str | bytes]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in files.items():
        path = folder / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
        paths.append(path)
    return paths


def changed(**files: str | bytes | None) -> dict[str, str | bytes]:
    """The base set with files replaced (name_csv='...') or left out (None)."""
    named = {name.replace("_csv", ".csv"): text for name, text in files.items()}
    merged = {**BASE, **named}
    return {name: text for name, text in merged.items() if text is not None}


def run(database, tmp_path: Path, files: dict[str, str | bytes], **options):
    return import_files(database, write_set(tmp_path / "set", files), roster=RosterOptions(**options))


def students(database) -> dict[str, tuple]:
    rows = database.sql(f"SELECT {STUDENT_COLUMNS} FROM students ORDER BY student_id").itertuples(index=False)
    return {row[0]: tuple(None if pd.isna(v) else v for v in row[1:]) for row in rows}


def problems(report) -> list[str]:
    return [p.text() for p in report.problems]


def notes(report) -> str:
    return "\n".join(report.warnings)


# What each file becomes --------------------------------------------------------------------------


def test_the_set_becomes_schools_staff_homerooms_and_students(database, tmp_path):
    report = run(database, tmp_path, BASE)
    assert report.ok, report.text()
    assert students(database) == {
        # Hispanic and White: Hispanic or Latino (the federal rule). ell + freeLunch.
        "S0001": ("0101", "3", "HR3", "Sofia", "F", "Hispanic or Latino", True, False, False, True, "2026-08-17", None),
        # Asian and White: Two or More Races. 504. Left on Oct 30 (the homeroom's endDate).
        "S0002": ("0101", "3", "HR3", "Liam", "M", "Two or More Races", False, False, True, False, "2026-08-17", "2026-10-30"),
        # KG is kindergarten; no enrollment, no demographics row: no homeroom, sex or race, all year.
        "S0003": ("0101", "K", None, "Ava", None, None, False, False, False, False, None, None),
    }  # fmt: skip
    staff = database.sql("SELECT staff_id, role, email FROM staff ORDER BY staff_id").values.tolist()
    assert staff == [["P1", "principal", "aokafor@example.org"], ["T1", "teacher", "mrivera@example.org"]]
    sections = database.sql("SELECT * EXCLUDE (import_id) FROM sections").values.tolist()
    assert sections == [["HR3", "0101", "T1", "Grade 3 - Ms. Rivera", "3"]]
    schools = database.sql("SELECT school_id, school_name, district_name FROM schools").values.tolist()
    assert schools == [["0101", "Maple Grove Elementary", "Riverbend Unified"]]
    assert report.warnings[0] == (
        "Read a OneRoster 1.1 set (its files): 1 school, 2 staff members, 1 homeroom, 3 students."
    )
    assert "users.csv: parents, guardians and relatives (1) are not imported." in report.warnings


def test_the_id_setting_takes_ids_from_identifier(database, tmp_path):
    report = run(database, tmp_path, BASE, id_field="identifier")
    assert report.ok, report.text()
    assert list(students(database)) == ["N0001", "N0002", "N0003"]
    assert database.sql("SELECT teacher_id FROM sections").values.tolist() == [["E100"]]


def test_the_administrator_setting_gives_administrators_their_role(database, tmp_path):
    report = run(database, tmp_path, BASE, administrator_role="assistant_principal")
    assert report.ok, report.text()
    assert database.sql("SELECT role FROM staff WHERE staff_id = 'P1'").values.tolist() == [
        ["assistant_principal"]
    ]
    assert "1 administrator was imported as assistant principal" in notes(report)


def test_a_zip_and_a_folder_are_read_as_the_set(database, tmp_path):
    paths = write_set(tmp_path / "export", BASE)
    archive = tmp_path / "roster.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in paths:
            zipped.write(path, f"export/{path.name}")
    report = import_files(database, [archive])
    assert report.ok, report.text()
    assert report.warnings[0].startswith("Read a OneRoster 1.1 set (roster.zip): 1 school, ")
    folder_report = import_files(database, [tmp_path / "export"])
    assert folder_report.ok and folder_report.changed_rows() == 0, folder_report.text()


def test_student_flags_csv_gives_the_flags_and_blank_for_those_it_lacks(database, tmp_path):
    flags = (
        "student_id,english_learner,special_education,section_504,economically_disadvantaged\nS0001,Y,N,N,Y\n"
    )
    report = run(database, tmp_path, changed(userFlags_csv=None, student_flags_csv=flags))
    assert report.ok, report.text()
    assert students(database)["S0001"][6:10] == (True, False, False, True)
    assert students(database)["S0002"][6:10] == (None, None, None, None)
    assert "student_flags.csv has no row for 2 students: their four flags are blank." in report.warnings


def test_without_a_flag_source_the_flags_are_blank_and_the_import_says_so(database, tmp_path):
    report = run(database, tmp_path, changed(userFlags_csv=None))
    assert report.ok, report.text()
    assert {row[6:10] for row in students(database).values()} == {(None, None, None, None)}
    assert (
        "No flag source (userFlags.csv or student_flags.csv) in the batch: English learner, special education, "
        "504 and economically disadvantaged are blank for every student."
    ) in report.warnings


# Tolerances: read, and said ------------------------------------------------------------------------


def test_a_bom_and_crlf_line_ends_are_read_and_noted(database, tmp_path):
    users = b"\xef\xbb\xbf" + USERS.replace("\n", "\r\n").encode()
    report = run(database, tmp_path, changed(users_csv=users))
    assert report.ok, report.text()
    assert (
        "users.csv: saved with a byte-order mark (BOM), which OneRoster files leave out; read as UTF-8."
        in report.warnings
    )
    assert "users.csv: lines end in CRLF (Windows line ends); read as usual." in report.warnings
    assert len(students(database)) == 3


def test_true_and_false_in_any_case_are_read_and_noted(database, tmp_path):
    enrollments = ENROLLMENTS.replace("teacher,true", "teacher,TRUE").replace(
        "S0001,student,false", "S0001,student,False"
    )
    report = run(database, tmp_path, changed(enrollments_csv=enrollments))
    assert report.ok, report.text()
    assert (
        "enrollments.csv, column primary: capitals where the spec writes lower case (3 values: TRUE, False); "
        "read as lower case."
    ) in report.warnings


@pytest.mark.parametrize(
    ("written", "note"),
    [
        ("2026-08-01", "orgs.csv, column dateLastModified: dates without a time where the spec asks for a date and time (2 values: 2026-08-01); accepted."),
        ("8/1/2026", "orgs.csv, column dateLastModified: US dates M/D/YYYY where the spec asks for YYYY-MM-DD (2 values: 8/1/2026); read as US dates."),
        ("2026-08-01 06:30:00", "orgs.csv, column dateLastModified: date-times with a space instead of T (2 values: 2026-08-01 06:30:00); accepted."),
    ],
)  # fmt: skip
def test_date_last_modified_as_a_date_or_us_date_is_accepted_and_noted(database, tmp_path, written, note):
    orgs = ORGS.replace(",,,Riverbend", f",active,{written},Riverbend").replace(
        ",,,Maple", f",,{written},Maple"
    )
    report = run(database, tmp_path, changed(orgs_csv=orgs))
    assert report.ok, report.text()
    assert note in report.warnings
    assert (
        "orgs.csv: status or dateLastModified filled in, which a bulk file leaves blank (2 rows); read anyway."
        in report.warnings
    )


def test_a_spec_datetime_in_a_bulk_file_is_only_noted_as_filled_in(database, tmp_path):
    orgs = ORGS.replace(",,,Maple", ",,2026-08-01T06:30:00.000Z,Maple")
    report = run(database, tmp_path, changed(orgs_csv=orgs))
    assert report.ok, report.text()
    assert [w for w in report.warnings if w.startswith("orgs.csv")] == [
        "orgs.csv: status or dateLastModified filled in, which a bulk file leaves blank (1 row); read anyway."
    ]


def test_metadata_and_ext_columns_are_ignored_and_named(database, tmp_path):
    users = USERS.replace("grades,password\n", "grades,password,metadata.homeLanguage,ext_clever_id\n")
    users = "\n".join(line + ",," if i else line for i, line in enumerate(users.strip().split("\n"))) + "\n"
    report = run(database, tmp_path, changed(users_csv=users))
    assert report.ok, report.text()
    assert (
        "users.csv: extension columns metadata.homeLanguage, ext_clever_id are not used by the dashboard; ignored."
    ) in report.warnings


def test_a_one_point_zero_user_sourced_id_header_in_demographics_is_read(database, tmp_path):
    report = run(
        database, tmp_path, changed(demographics_csv=DEMOGRAPHICS.replace("sourcedId,", "userSourcedId,", 1))
    )
    assert report.ok, report.text()
    assert (
        "demographics.csv: the header names the id userSourcedId (OneRoster 1.0); read as sourcedId."
        in report.warnings
    )
    assert students(database)["S0001"][4] == "F"


def test_ceds_codes_without_a_dashboard_grade_are_kept_as_given_and_named(database, tmp_path):
    users = USERS.replace(",N0002,,,,,03,", ",N0002,,,,,TK,").replace(",N0003,,,,,KG,", ",N0003,,,,,UG,")
    report = run(database, tmp_path, changed(users_csv=users))
    assert report.ok, report.text()
    assert [row[1] for row in students(database).values()] == ["3", "TK", "UG"]
    assert (
        "users.csv, column grades: grades the dashboard has no grade of its own for (2 students: TK: 1, UG: 1); "
        "imported as given and shown under that name in the grade filter."
    ) in report.warnings


def test_vendor_spellings_of_grades_are_read_and_noted(database, tmp_path):
    users = USERS.replace(",N0002,,,,,03,", ",N0002,,,,,Ten,").replace(",N0003,,,,,KG,", ",N0003,,,,,K,")
    report = run(database, tmp_path, changed(users_csv=users))
    assert report.ok, report.text()
    assert [row[1] for row in students(database).values()] == ["3", "10", "K"]
    assert (
        "users.csv, column grades: grades that are not CEDS codes (2 values: Ten, K); read as the grades they spell."
        in report.warnings
    )


def test_a_row_marked_tobedeleted_in_a_bulk_file_is_left_out_and_noted(database, tmp_path):
    users = USERS.replace("S0003,,,", "S0003,tobedeleted,,")
    report = run(database, tmp_path, changed(users_csv=users))
    assert report.ok, report.text()
    assert list(students(database)) == ["S0001", "S0002"]
    assert "users.csv: status tobedeleted in a bulk file (1 row: S0003); left out." in report.warnings


# Rejections: where, and nothing changes ---------------------------------------------------------


def rejected(database, tmp_path, files, **options) -> list[str]:
    report = run(database, tmp_path, files, **options)
    assert not report.ok
    assert database.scalar("SELECT count(*) FROM students") == 0
    return problems(report)


def test_a_manifest_listing_a_missing_file_is_refused(database, tmp_path):
    assert rejected(database, tmp_path, changed(demographics_csv=None)) == [
        'manifest.csv, line 10, column value: "bulk" lists demographics.csv as bulk, but the set has no demographics.csv.'
    ]


def test_a_file_the_manifest_calls_absent_is_refused(database, tmp_path):
    files = changed(academicSessions_csv="sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\n"
                    "SY,,,2026-2027,schoolYear,2026-08-01,2027-06-30,,2027\n")  # fmt: skip
    assert rejected(database, tmp_path, files) == [
        'manifest.csv, line 4, column value: "absent" says academicSessions.csv is absent, but the set has it: '
        "mark it bulk or leave the file out."
    ]


def test_a_file_the_manifest_does_not_list_is_refused(database, tmp_path):
    manifest = MANIFEST_11.replace("file.demographics,bulk\n", "")
    assert rejected(database, tmp_path, changed(manifest_csv=manifest)) == [
        "manifest.csv: has no file.demographics line, but the set has demographics.csv: the manifest must list every file."
    ]


def test_a_file_with_a_header_only_is_refused(database, tmp_path):
    assert rejected(database, tmp_path, changed(demographics_csv=DEMOGRAPHICS.split("\n")[0] + "\n")) == [
        "demographics.csv, line 1: has a header and no rows. The OneRoster spec says to leave such a file out of the "
        "set and mark it absent in manifest.csv."
    ]


def test_duplicate_sourced_ids_are_refused(database, tmp_path):
    users = USERS + "S0002,,,true,0101,student,s9,,Noah,Kim,,N0009,,,,,04,\n"
    assert rejected(database, tmp_path, changed(users_csv=users)) == [
        'users.csv, line 8, column sourcedId: "S0002" repeats the sourcedId already on line 5: sourcedIds must be unique.'
    ]


def test_an_enrollment_of_an_unknown_user_or_class_is_refused(database, tmp_path):
    enrollments = ENROLLMENTS + "E5,,,HR3,0101,S0099,student,false,,\nE6,,,ART,0101,S0001,student,false,,\n"
    assert rejected(database, tmp_path, changed(enrollments_csv=enrollments)) == [
        'enrollments.csv, line 6, column userSourcedId: "S0099" is not the sourcedId of a user in users.csv.',
        'enrollments.csv, line 7, column classSourcedId: "ART" is not the sourcedId of a class in classes.csv.',
    ]


def test_a_delta_manifest_is_refused_with_what_to_export_instead(database, tmp_path):
    manifest = MANIFEST_11.replace("file.users,bulk", "file.users,delta")
    assert rejected(database, tmp_path, changed(manifest_csv=manifest)) == [
        'manifest.csv, line 16, column value: "delta" says users.csv is a delta file (changes only). Delta files are '
        "not supported yet: export a bulk (full) OneRoster set instead, every file marked bulk or absent."
    ]


def test_a_problem_the_contract_finds_is_placed_in_the_oneroster_file(database, tmp_path):
    """A teacher without a family name: the contract's staff.last_name, found at users.csv line 2."""
    users = USERS.replace("Maria,Rivera,", "Maria,,")
    [problem] = rejected(database, tmp_path, changed(users_csv=users))
    assert problem.startswith("users.csv, line 2, column familyName: ")


def test_an_unknown_grade_is_refused_where_it_is(database, tmp_path):
    users = USERS.replace(",N0003,,,,,KG,", ",N0003,,,,,Purple,")
    assert rejected(database, tmp_path, changed(users_csv=users)) == [
        'users.csv, line 6, column grades: "Purple" is not a grade: use a CEDS code (IT, PR, PK, TK, KG, 01 to 13, '
        "PS, UG, Other)."
    ]


def test_a_failed_roster_leaves_the_stored_data_as_it_was(database, tmp_path):
    assert run(database, tmp_path, BASE).ok
    enrollments = ENROLLMENTS + "E5,,,HR3,0101,S0099,student,false,,\n"
    users = USERS.replace("Sofia,Garcia", "Sofía,García")
    report = run(database, tmp_path / "again", changed(users_csv=users, enrollments_csv=enrollments))
    assert not report.ok
    assert database.sql("SELECT first_name FROM students WHERE student_id = 'S0001'").values.tolist() == [
        ["Sofia"]
    ]


# The id switch -----------------------------------------------------------------------------------


def test_switching_the_id_field_warns_of_the_logs_it_would_orphan(database, tmp_path, write_csv):
    logs = write_csv(
        "reading_logs.csv",
        "student_id,log_date,minutes,books\nS0001,2026-09-14,20,1\nS0002,2026-09-14,15,0\n",
    )
    report = import_files(database, [*write_set(tmp_path / "set", BASE), logs], roster=RosterOptions())
    assert report.ok, report.text()
    again = run(database, tmp_path / "again", BASE, id_field="identifier")
    assert again.ok, again.text()
    assert (
        "The stored data names people by their sourcedId, and this import takes ids from identifier: 2 reading "
        "logs, 0 assessments and 0 observations already stored would belong to no student or teacher of this "
        "roster."
    ) in notes(again)


# Settings and smaller rules --------------------------------------------------------------------


def test_the_homeroom_setting_names_the_class_by_a_word_of_its_title(database, tmp_path):
    classes = CLASSES.replace("homeroom,,0101", "scheduled,,0101").replace(
        "MATH3,,,Math 3", "MATH3,,,Advisory Math 3"
    )
    enrollments = ENROLLMENTS + "E5,,,MATH3,0101,T1,teacher,true,,\n"
    report = run(
        database, tmp_path, changed(classes_csv=classes, enrollments_csv=enrollments), homeroom="advisory"
    )
    assert report.ok, report.text()
    assert database.sql("SELECT section_id, section_name FROM sections").values.tolist() == [
        ["MATH3", "Advisory Math 3"]
    ]
    assert [row[2] for row in students(database).values()] == ["MATH3", None, None]


def test_without_homerooms_the_import_says_how_to_name_one(database, tmp_path):
    classes = CLASSES.replace("homeroom,,0101", "scheduled,,0101")
    report = run(database, tmp_path, changed(classes_csv=classes))
    assert report.ok, report.text()
    assert (
        "classes.csv has no class of classType homeroom: students are imported without a homeroom."
        in notes(report)
    )
    # Without a homeroom, the dates span the student's enrollments: S0002 has one, ending Oct 30.
    assert students(database)["S0002"][-2:] == ("2026-08-17", "2026-10-30")


def test_a_one_point_one_roster_keeps_the_start_date_already_stored(database, tmp_path, write_csv):
    staff = write_csv(
        "staff.csv",
        "staff_id,school_id,first_name,last_name,role,start_date\nT1,0101,Maria,Rivera,teacher,2019-08-12\n",
    )
    schools = write_csv("schools.csv", "school_id,school_name\n0101,Maple Grove Elementary\n")
    assert import_files(database, [schools, staff]).ok
    report = run(database, tmp_path, BASE)
    assert report.ok, report.text()
    assert database.sql(
        "SELECT strftime(start_date, '%Y-%m-%d') FROM staff WHERE staff_id = 'T1'"
    ).values.tolist() == [["2019-08-12"]]


def test_a_set_without_a_manifest_is_read_by_its_headers_and_noted(database, tmp_path):
    report = run(database, tmp_path, changed(manifest_csv=None))
    assert report.ok, report.text()
    assert (
        "The set has no manifest.csv; its version was read from the headers (OneRoster 1.1)."
        in report.warnings
    )


def test_a_one_point_two_set_without_roles_is_refused(database, tmp_path):
    manifest = MANIFEST_11.replace("oneroster.version,1.1", "oneroster.version,1.2")
    users = USERS_HEADER.replace("orgSourcedIds,role,", "") + "T1,,,true,mrivera,,Maria,Rivera,,E100,,,,,,\n"
    assert rejected(database, tmp_path, changed(manifest_csv=manifest, users_csv=users, enrollments_csv=None,
                                                classes_csv=None, demographics_csv=None, userFlags_csv=None))[-1] == (
        "roles.csv: is missing from the OneRoster 1.2 set: in OneRoster 1.2 it says who is a student and who "
        "teaches where."
    )  # fmt: skip


def test_two_flag_sources_are_refused(database, tmp_path):
    flags = "student_id,english_learner\nS0001,Y\n"
    assert rejected(database, tmp_path, changed(student_flags_csv=flags)) == [
        "student_flags.csv: is a second flag source beside userFlags.csv: give one of the two."
    ]


def test_a_flag_file_without_a_roster_says_where_flags_go(database, tmp_path):
    flags = "student_id,english_learner\nS0001,Y\n"
    report = import_files(database, write_set(tmp_path / "flags", {"student_flags.csv": flags}))
    assert problems(report) == [
        "student_flags.csv: goes with a OneRoster set (orgs.csv, users.csv...), and there is none in this batch. "
        "Without one, put the flags in students.csv."
    ]


def test_identifier_ids_must_be_there_and_unique(database, tmp_path):
    users = USERS.replace(",N0002,", ",,").replace(",N0003,", ",N0001,")
    assert rejected(database, tmp_path, changed(users_csv=users), id_field="identifier") == [
        "users.csv, line 5, column identifier: is blank, and the setting takes student and staff ids from identifier.",
        'users.csv, line 6, column identifier: "N0001" repeats the identifier already on line 4: with ids taken '
        "from identifier, each must be unique.",
    ]
