"""The smaller rules of a OneRoster set: a 1.2 set's roles, people without a school, values that are
no values, and a file that can't be read; each a note or a problem with its place."""

from __future__ import annotations

import argparse
import zipfile

import pytest

from lib.importing.importer import import_files
from lib.importing.oneroster.settings import RosterOptions, from_arguments
from tests.test_oneroster_import import (
    BASE,
    CLASSES,
    DEMOGRAPHICS,
    ENROLLMENTS,
    MANIFEST_11,
    ORGS,
    USERS,
    changed,
    notes,
    problems,
    rejected,
    run,
    students,
    write_set,
)

MANIFEST_12 = MANIFEST_11.replace("oneroster.version,1.1", "oneroster.version,1.2") + "file.roles,bulk\n"
USERS_12 = (
    "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,"
    "email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,"
    "preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns\n"
    "T1,,,true,mrivera,,Maria,Rivera,,E100,mrivera@example.org,,,,,,,,,,,0101,\n"
    "P1,,,true,aokafor,,Ada,Okafor,,E101,aokafor@example.org,,,,,,,,,,,0101,\n"
    "S0001,,,true,s1,,Sofia,Garcia,,N0001,,,,,03,,,,,,,0101,\n"
    "S0002,,,true,s2,,Liam,Chen,,N0002,,,,,03,,,,,,,0202,\n"
    "S0003,,,true,s3,,Ava,Ortiz,,N0003,,,,,KG,,,,,,,0101,\n"
    "D9,,,true,super,,Dana,Ruiz,,E900,druiz@example.org,,,,,,,,,,,D1,\n"
)
ORGS_12 = ORGS + "0202,,,Cedar Middle School,school,0202,D1\n"
ROLES = (
    "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,"
    "userProfileSourcedId\n"
    "R1,,,T1,primary,teacher,2019-08-12,,0101,\n"
    "R2,,,P1,secondary,teacher,,,0202,\n"
    "R3,,,P1,primary,principal,2015-07-01,,0101,\n"
    "R4,,,S0001,primary,student,,,0101,\n"
    "R5,,,S0002,primary,student,,,0202,\n"
    "R6,,,S0002,primary,student,,,0101,\n"
    "R7,,,S0003,primary,student,,,0101,\n"
    "R8,,,D9,primary,districtAdministrator,,,D1,\n"
)
SET_12 = changed(manifest_csv=MANIFEST_12, orgs_csv=ORGS_12, users_csv=USERS_12, roles_csv=ROLES)


def test_a_one_point_two_set_takes_roles_orgs_and_start_dates_from_roles_csv(database, tmp_path):
    report = run(database, tmp_path, SET_12)
    assert report.ok, report.text()
    staff = database.sql(
        "SELECT staff_id, school_id, role, strftime(start_date, '%Y-%m-%d') FROM staff ORDER BY staff_id"
    ).values.tolist()
    # P1's primary role (principal at 0101) wins over the secondary one; D9 belongs to no school.
    assert staff == [["P1", "0101", "principal", "2015-07-01"], ["T1", "0101", "teacher", "2019-08-12"]]
    # S0002 has two primary roles: the one at primaryOrgSourcedId (0202) counts.
    assert students(database)["S0002"][0] == "0202"
    assert (
        "users.csv: staff who belong to no school (1: district or system administrators) are not imported as "
        "staff; give them access in access.csv."
    ) in report.warnings


def test_a_role_of_a_user_or_org_that_does_not_exist_is_refused(database, tmp_path):
    roles = (
        ROLES
        + "R9,,,X1,primary,teacher,,,0101,\nR10,,,T1,secondary,teacher,,,Z9,\nR11,,,T1,secondary,Teacher,,,0101,\n"
    )
    assert rejected(database, tmp_path, {**SET_12, "roles.csv": roles}) == [
        'roles.csv, line 10, column userSourcedId: "X1" is not the sourcedId of a user in users.csv.',
        'roles.csv, line 11, column orgSourcedId: "Z9" is not the sourcedId of an org in orgs.csv.',
    ]


def test_an_unknown_role_and_an_unknown_org_of_a_user_are_refused(database, tmp_path):
    users = USERS.replace("0101,teacher,", "0101,janitor,").replace(
        "S0002,,,true,0101,", "S0002,,,true,0909,"
    )
    assert rejected(database, tmp_path, changed(users_csv=users)) == [
        'users.csv, line 2, column role: "janitor" is not a OneRoster role (student, teacher, principal, '
        "administrator, siteAdministrator, aide, counselor, proctor, districtadministrator, systemadministrator, "
        "parent, guardian, relative).",
        'users.csv, line 5, column orgSourcedIds: "0909" is not the sourcedId of an org in orgs.csv.',
        "users.csv, line 5, column orgSourcedIds: names no school (an org of type school) for this student.",
    ]


def test_a_parent_org_that_does_not_exist_is_refused(database, tmp_path):
    orgs = ORGS.replace("0101,D1\n", "0101,D7\n")
    assert rejected(database, tmp_path, changed(orgs_csv=orgs)) == [
        'orgs.csv, line 3, column parentSourcedId: "D7" is not the sourcedId of an org in orgs.csv.'
    ]


def test_capitals_in_roles_types_and_class_types_are_noted(database, tmp_path):
    users = USERS.replace("0101,teacher,", "0101,Teacher,")
    orgs = ORGS.replace(",school,", ",School,")
    classes = CLASSES.replace(",homeroom,", ",Homeroom,")
    report = run(database, tmp_path, changed(users_csv=users, orgs_csv=orgs, classes_csv=classes))
    assert report.ok, report.text()
    said = notes(report)
    for where in ("users.csv, column role", "orgs.csv, column type", "classes.csv, column classType"):
        assert f"{where}: capitals where the spec writes lower case (1 value: " in said


def test_grades_from_the_homeroom_and_several_grades_are_noted(database, tmp_path):
    users = USERS.replace(",N0001,,,,,03,", ",N0001,,,,,,").replace(",N0002,,,,,03,", ',N0002,,,,,"03,04",')
    report = run(database, tmp_path, changed(users_csv=users))
    assert report.ok, report.text()
    assert [row[1] for row in students(database).values()] == ["3", "3", "K"]
    assert "users.csv: no grades (1 student); their homeroom's grade is used." in report.warnings
    assert (
        "users.csv, column grades: more than one grade (1 student: 03,04); the first is used."
        in report.warnings
    )


def test_a_student_without_a_grade_or_homeroom_is_refused(database, tmp_path):
    users = USERS.replace(",N0003,,,,,KG,", ",N0003,,,,,,")
    assert rejected(database, tmp_path, changed(users_csv=users)) == [
        "users.csv, line 6, column grades: is blank: every student needs a grade (a CEDS code such as 03 or KG)."
    ]


def test_two_homerooms_the_later_one_counts(database, tmp_path):
    classes = CLASSES + "HR3B,,,Grade 3 - Mr. Chen,03,C1,HR3B,homeroom,,0101,T1,,,\n"
    enrollments = (
        ENROLLMENTS + "E5,,,HR3B,0101,T1,teacher,false,,\nE6,,,HR3B,0101,S0001,student,false,2026-10-05,\n"
    )
    report = run(database, tmp_path, changed(classes_csv=classes, enrollments_csv=enrollments))
    assert report.ok, report.text()
    assert students(database)["S0001"][2] == "HR3B"
    assert (
        "users.csv: enrolled in more than one homeroom of their school (1 student: S0001); the one that began last is used."
        in report.warnings
    )
    assert (
        "enrollments.csv: homerooms with no primary teacher (1): the first teacher enrolled is used."
        in report.warnings
    )


def test_a_homeroom_without_a_teacher_is_not_a_section(database, tmp_path):
    enrollments = ENROLLMENTS.replace("E1,,,HR3,0101,T1,teacher,true,,\n", "")
    report = run(database, tmp_path, changed(enrollments_csv=enrollments))
    assert report.ok, report.text()
    assert database.scalar("SELECT count(*) FROM sections") == 0
    assert [row[2] for row in students(database).values()] == [None, None, None]
    assert (
        "classes.csv: homerooms with no teacher enrolled (1: HR3) are not imported as sections and their students "
        "have no homeroom."
    ) in report.warnings


def test_unknown_schools_of_classes_and_enrollments_are_refused(database, tmp_path):
    classes = CLASSES.replace("M3,scheduled,,0101", "M3,scheduled,,0909")
    enrollments = ENROLLMENTS + "E5,,,HR3,0808,S0003,student,false,,\n"
    assert rejected(database, tmp_path, changed(classes_csv=classes, enrollments_csv=enrollments)) == [
        'classes.csv, line 3, column schoolSourcedId: "0909" is not the sourcedId of an org in orgs.csv.',
        'enrollments.csv, line 6, column schoolSourcedId: "0808" is not the sourcedId of an org in orgs.csv.',
    ]


def test_values_that_are_no_values_are_refused_where_they_are(database, tmp_path):
    enrollments = ENROLLMENTS.replace(
        "S0002,student,false,2026-08-17,2026-10-30", "S0002,student,maybe,2026-08-17,2026-10-32"
    )
    demographics = DEMOGRAPHICS.replace(",,,,male,", ",Active,yesterday,,male,")
    users = USERS.replace("T1,,,", ",,,")
    assert sorted(
        rejected(
            database,
            tmp_path,
            changed(enrollments_csv=enrollments, demographics_csv=demographics, users_csv=users),
        )
    ) == [
        'demographics.csv, line 3, column dateLastModified: "yesterday" must be a date and time written YYYY-MM-DDTHH:MM:SSZ.',
        'enrollments.csv, line 4, column endDate: "2026-10-32" must be a real date written YYYY-MM-DD.',
        'enrollments.csv, line 4, column primary: "maybe" must be true or false.',
        "users.csv, line 2, column sourcedId: is blank: every row needs its sourcedId.",
    ]


def test_us_dates_in_enrollments_are_read_as_dates(database, tmp_path):
    enrollments = ENROLLMENTS.replace(
        "S0002,student,false,2026-08-17,2026-10-30", "S0002,student,false,8/17/2026,10/30/2026"
    )
    report = run(database, tmp_path, changed(enrollments_csv=enrollments))
    assert report.ok, report.text()
    assert students(database)["S0002"][-2:] == ("2026-08-17", "2026-10-30")
    assert (
        "enrollments.csv, column endDate: US dates M/D/YYYY where the spec asks for YYYY-MM-DD (1 value: 10/30/2026); read as US dates."
        in report.warnings
    )


def test_a_status_that_is_neither_active_nor_tobedeleted_is_refused(database, tmp_path):
    orgs = ORGS.replace("D1,,,", "D1,gone,,")
    assert rejected(database, tmp_path, changed(orgs_csv=orgs)) == [
        'orgs.csv, line 2, column status: "gone" must be active or tobedeleted (or blank in a bulk file).'
    ]


def test_flag_and_demographics_rows_of_unknown_people_are_refused(database, tmp_path):
    flags = "userSourcedId,flag\nS0001,ell\nS0099,iep\nS0002,homeless\n"
    demographics = DEMOGRAPHICS + "S0098,,,,female,,,,,,,,,,,\n"
    assert rejected(database, tmp_path, changed(userFlags_csv=flags, demographics_csv=demographics)) == [
        'demographics.csv, line 4, column sourcedId: "S0098" is not the sourcedId of a user in users.csv.',
        'userFlags.csv, line 3, column userSourcedId: "S0099" is not the sourcedId of a user in users.csv.',
    ]
    plain = "student_id,english_learner\nS0042,Y\n"
    assert rejected(database, tmp_path / "plain", changed(userFlags_csv=None, student_flags_csv=plain)) == [
        'student_flags.csv, line 2, column student_id: "S0042" is not a student of this roster (ids come from sourcedId).'
    ]


def test_flags_the_dashboard_does_not_use_and_a_missing_demographics_file_are_noted(database, tmp_path):
    flags = USER_FLAGS_WITH_HOMELESS = "userSourcedId,flag\nS0001,ell\nS0002,homeless\n"
    manifest = MANIFEST_11.replace("file.demographics,bulk", "file.demographics,absent")
    report = run(
        database, tmp_path, changed(userFlags_csv=flags, demographics_csv=None, manifest_csv=manifest)
    )
    assert report.ok, report.text()
    assert "userFlags.csv: flags homeless are not used by the dashboard; ignored." in report.warnings
    assert (
        "The set has no demographics.csv: sex and race/ethnicity are blank for every student."
        in report.warnings
    )
    assert USER_FLAGS_WITH_HOMELESS


def test_files_that_cannot_be_read_as_a_set_are_refused(database, tmp_path):
    users = USERS.replace("grades,password\n", "grades,password,grades\n", 1)
    orgs = ORGS.replace("name,type,", "title,type,", 1)
    enrollments = ENROLLMENTS + "E9,,,HR3,0101\n"
    classes = CLASSES + 'X1,,,"Broken quote,03\n'
    manifest = MANIFEST_11 + "file.users,bulk\nfile.scoreScales,sometimes\n"
    found = rejected(database, tmp_path, changed(users_csv=users, orgs_csv=orgs, enrollments_csv=enrollments,
                                                 classes_csv=classes, manifest_csv=manifest, demographics_csv=""))  # fmt: skip
    assert sorted(found) == [
        "classes.csv, line 4: has broken quoting: unexpected end of data.",
        "demographics.csv, line 1: is empty: the first line must name the columns.",
        "enrollments.csv, line 6: does not have 10 values like the header (a stray comma, or a value with a comma "
        "that is not in quotes?).",
        'manifest.csv, line 17, column propertyName: "file.users" repeats the property already on line 16.',
        'manifest.csv, line 18, column value: "sometimes" must be bulk, delta or absent.',
        "orgs.csv, line 1, column name: is missing from the header: a OneRoster 1.1 orgs.csv needs sourcedId, name, type.",
        "users.csv, line 1, column grades: appears twice in the header.",
    ]


def test_a_version_other_than_one_point_one_or_two_is_refused(database, tmp_path):
    manifest = MANIFEST_11.replace("oneroster.version,1.1", "oneroster.version,1.0")
    assert rejected(database, tmp_path, changed(manifest_csv=manifest)) == [
        'manifest.csv, line 3, column value: "1.0" must say which OneRoster version the set is (oneroster.version '
        "1.1 or 1.2); only 1.1 and 1.2 can be imported."
    ]


def test_a_zip_that_is_no_zip_or_has_a_file_twice_is_refused(database, tmp_path):
    broken = tmp_path / "roster.zip"
    broken.write_bytes(b"PK not really a zip")
    report = import_files(database, [broken])
    assert [p.file for p in report.problems] == ["roster.zip"]
    assert report.problems[0].message.startswith("can't be unpacked as a zip file")
    twice = tmp_path / "twice.zip"
    with zipfile.ZipFile(twice, "w") as archive:
        for name, text in BASE.items():
            archive.writestr(name, text)
        archive.writestr("old/users.csv", USERS)
    report = import_files(database, [twice])
    assert problems(report) == ['twice.zip: "old/users.csv" has two files of this name in different folders.']


def test_a_second_users_file_in_the_batch_is_refused(database, tmp_path):
    paths = write_set(tmp_path / "set", BASE)
    second = write_set(tmp_path / "more", {"Users.csv": USERS})
    report = import_files(database, [*paths, *second], roster=RosterOptions())
    assert problems(report) == ["Users.csv: is the second users.csv of the set: give each file once."]


def test_a_windows_1252_file_is_read_and_noted(database, tmp_path):
    users = USERS.replace("Sofia,Garcia", "Sofía,García").encode("cp1252")
    report = run(database, tmp_path, changed(users_csv=users))
    assert report.ok, report.text()
    assert students(database)["S0001"][3] == "Sofía"
    assert (
        "users.csv: Windows-1252 text, not the UTF-8 that OneRoster asks for; read as Windows-1252."
        in report.warnings
    )


def test_command_line_options_override_the_environment(monkeypatch):
    monkeypatch.setenv("SCHOOL_GOALS_ONEROSTER_HOMEROOM", "Advisory")
    args = argparse.Namespace(
        oneroster_ids="identifier", oneroster_homeroom=None, oneroster_administrators="other"
    )
    assert from_arguments(args) == RosterOptions("identifier", "Advisory", "other")
    with pytest.raises(ValueError, match="blank"):
        RosterOptions(homeroom=" ")
    with pytest.raises(ValueError, match="superintendent"):
        RosterOptions(administrator_role="superintendent")


def test_a_sex_that_is_not_in_the_spec_is_refused(database, tmp_path):
    demographics = DEMOGRAPHICS.replace(",,,,male,", ",,,,boy,")
    assert rejected(database, tmp_path, changed(demographics_csv=demographics)) == [
        'demographics.csv, line 3, column sex: "boy" must be female, male, other or unspecified.'
    ]
