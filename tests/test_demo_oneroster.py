"""The OneRoster writer: a 1.1 / 1.2 bulk CSV set from the demo district's contract files."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from lib.demo.build import write_demo_files
from lib.demo.oneroster import school_year_start, write_oneroster, zip_set

TODAY = date(2026, 11, 22)
COMMON_MANIFEST = [
    ["manifest.version", "1.0"],
    ["file.academicSessions", "bulk"],
    ["file.categories", "absent"],
    ["file.classes", "bulk"],
    ["file.classResources", "absent"],
    ["file.courses", "bulk"],
    ["file.courseResources", "absent"],
    ["file.demographics", "bulk"],
    ["file.enrollments", "bulk"],
    ["file.lineItems", "absent"],
    ["file.orgs", "bulk"],
    ["file.resources", "absent"],
    ["file.results", "absent"],
    ["file.users", "bulk"],
]
SOURCE = [["source.systemName", "Riverbend SIS (demo)"], ["source.systemCode", "demo"]]
FLAGS = ["english_learner", "special_education", "section_504", "economically_disadvantaged"]


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def contract_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("contract")
    write_demo_files(folder, students=300, today=TODAY)
    return folder


@pytest.fixture(scope="module")
def contract(contract_dir: Path) -> dict[str, pd.DataFrame]:
    return {name: read(contract_dir / f"{name}.csv") for name in ("schools", "staff", "sections", "students")}


@pytest.fixture(scope="module")
def sets(contract_dir: Path, tmp_path_factory) -> dict[str, list[Path]]:
    """The paths written for 1.1 and 1.2 (userFlags), 1.2 with student_flags and 1.2 with none."""
    out = tmp_path_factory.mktemp("oneroster")
    cases = {"1.1": ("1.1", "userFlags"), "1.2": ("1.2", "userFlags")}
    cases |= {"student_flags": ("1.2", "student_flags"), "none": ("1.2", "none")}
    return {
        name: write_oneroster(contract_dir, out / name, version=version, flags=flags)
        for name, (version, flags) in cases.items()
    }


def table(sets: dict[str, list[Path]], case: str, name: str) -> pd.DataFrame:
    return read(next(path for path in sets[case] if path.name == f"{name}.csv"))


def test_manifest_1_1(sets):
    rows = table(sets, "1.1", "manifest").values.tolist()
    assert rows == [COMMON_MANIFEST[0], ["oneroster.version", "1.1"], *COMMON_MANIFEST[1:], *SOURCE]


def test_manifest_1_2_adds_roles_and_user_profiles(sets):
    rows = table(sets, "1.2", "manifest").values.tolist()
    extra = [["file.roles", "bulk"], ["file.userProfiles", "absent"]]
    assert rows == [COMMON_MANIFEST[0], ["oneroster.version", "1.2"], *COMMON_MANIFEST[1:], *extra, *SOURCE]


def test_files_written_manifest_first(sets):
    names = ["manifest", "orgs", "academicSessions", "courses", "classes", "users"]
    assert [p.stem for p in sets["1.1"]] == [*names, "enrollments", "demographics", "userFlags"]
    assert [p.stem for p in sets["1.2"]] == [*names, "roles", "enrollments", "demographics", "userFlags"]


def test_flags_option_picks_the_flags_file(sets):
    assert sets["student_flags"][-1].name == "student_flags.csv"
    assert [p.name for p in sets["none"]] == [p.name for p in sets["1.2"][:-1]]


SPEC_HEADERS = {
    "manifest": "propertyName,value",
    "orgs": "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId",
    "academicSessions": "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,"
    "schoolYear",
    "courses": "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,"
    "subjects,subjectCodes",
    "classes": "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,"
    "schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods",
    "enrollments": "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,"
    "primary,beginDate,endDate",
    "demographics": "sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,"
    "blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,"
    "hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,"
    "publicSchoolResidenceStatus",
    "roles": "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,"
    "userProfileSourcedId",
    "userFlags": "userSourcedId,flag",
    "student_flags": "student_id,english_learner,special_education,section_504,economically_disadvantaged",
}
USERS_1_1 = (
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,"
    "familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password"
)
USERS_1_2 = (
    "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,"
    "identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,"
    "preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns"
)


@pytest.mark.parametrize(
    "case, users", [("1.1", USERS_1_1), ("1.2", USERS_1_2), ("student_flags", USERS_1_2)]
)
def test_headers_follow_the_spec_exactly(sets, case, users):
    expected = SPEC_HEADERS | {"users": users}
    for path in sets[case]:
        assert path.read_text(encoding="utf-8").split("\n", 1)[0] == expected[path.stem], path.name


def test_status_and_date_last_modified_blank_everywhere(sets):
    for path in sets["1.2"][1:-1]:
        frame = read(path)
        assert set(frame["status"]) | set(frame["dateLastModified"]) == {""}, path.name


def test_files_are_utf8_without_bom_with_newline_ends(sets):
    data = (sets["1.2"][4]).read_bytes()  # classes.csv: section names hold an en dash
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in data
    assert "Kindergarten – Mr." in data.decode("utf-8")


def test_orgs_district_then_schools(sets):
    assert table(sets, "1.2", "orgs").values.tolist() == [
        ["district", "", "", "Riverbend Unified", "district", "district", ""],
        ["101", "", "", "Maple Grove Elementary", "school", "101", "district"],
        ["201", "", "", "Riverbend Middle School", "school", "201", "district"],
        ["301", "", "", "Riverbend High School", "school", "301", "district"],
    ]


def test_academic_sessions_school_year_and_fall(sets):
    assert table(sets, "1.2", "academicSessions").values.tolist() == [
        ["SY", "", "", "2026-2027", "schoolYear", "2026-08-01", "2027-06-30", "", "2027"],
        ["FALL", "", "", "Fall 2026", "semester", "2026-08-01", "2027-01-31", "SY", "2027"],
    ]


def test_school_year_starts_the_august_before_a_spring_entry():
    students = pd.DataFrame({"entry_date": ["2027-02-01", "", "2027-01-05"]})
    assert school_year_start(students) == 2026


@pytest.mark.parametrize("case", ["1.1", "1.2"])
def test_one_user_per_staff_member_then_student(sets, contract, case):
    users = table(sets, case, "users")
    expected = [*contract["staff"]["staff_id"], *contract["students"]["student_id"]]
    assert users["sourcedId"].tolist() == expected


def test_student_ids_keep_leading_zeros(sets):
    users = table(sets, "1.2", "users").set_index("sourcedId")
    assert users.loc["0001001", ["identifier", "username", "email", "primaryOrgSourcedId"]].tolist() == [
        "N0001001",
        "0001001",
        "",
        "101",
    ]
    assert table(sets, "1.2", "demographics")["sourcedId"].iloc[0] == "0001001"


def test_staff_user_1_1(sets):
    row = table(sets, "1.1", "users").set_index("sourcedId").loc["P101"]
    email = "sgutierrez@riverbend.example.org"
    assert row[
        ["enabledUser", "orgSourcedIds", "role", "username", "identifier", "email", "grades"]
    ].tolist() == [
        "true",
        "101",
        "administrator",
        email,
        "EP101",
        email,
        "",
    ]


def test_1_1_roles_by_staff_role(sets):
    roles = table(sets, "1.1", "users").set_index("sourcedId")["role"]
    assert roles[["P101", "A101", "C101", "T0001", "0001001"]].tolist() == [
        "administrator",
        "administrator",
        "aide",
        "teacher",
        "student",
    ]


def test_1_2_roles_of_principal_and_assistant_principal(sets):
    roles = table(sets, "1.2", "roles").set_index("userSourcedId")
    columns = ["sourcedId", "roleType", "role", "beginDate", "endDate", "orgSourcedId"]
    assert roles.loc["P101", columns].tolist() == ["RP101", "primary", "principal", "2001-08-07", "", "101"]
    assert roles.loc["A101", columns].tolist() == [
        "RA101",
        "primary",
        "siteAdministrator",
        "2021-08-08",
        "",
        "101",
    ]
    assert roles.loc["C101", "role"] == "aide"


def test_1_2_one_role_per_user_students_with_their_dates(sets, contract):
    roles = table(sets, "1.2", "roles")
    students = contract["students"]
    assert len(roles) == len(contract["staff"]) + len(students)
    leaver = students[students["exit_date"].ne("")].iloc[0]
    row = roles.set_index("userSourcedId").loc[leaver["student_id"]]
    assert row[["role", "beginDate", "endDate"]].tolist() == [
        "student",
        leaver["entry_date"],
        leaver["exit_date"],
    ]


@pytest.mark.parametrize("grade, code", [("K", "KG"), ("3", "03"), ("12", "12")])
def test_student_grade_codes_are_ceds(sets, contract, grade, code):
    students = contract["students"]
    student_id = students.loc[students["grade_level"].eq(grade), "student_id"].iloc[0]
    assert table(sets, "1.2", "users").set_index("sourcedId").loc[student_id, "grades"] == code


def test_hispanic_student_demographics(sets, contract):
    students = contract["students"]
    hispanic = students[students["race_ethnicity"].eq("Hispanic or Latino")].iloc[0]
    sex = {"F": "female", "M": "male", "X": "other"}[hispanic["sex"]]
    row = table(sets, "1.2", "demographics").set_index("sourcedId").loc[hispanic["student_id"]]
    assert row.to_dict() == {
        "status": "",
        "dateLastModified": "",
        "birthDate": "",
        "sex": sex,
        "americanIndianOrAlaskaNative": "false",
        "asian": "false",
        "blackOrAfricanAmerican": "false",
        "nativeHawaiianOrOtherPacificIslander": "false",
        "white": "true",
        "demographicRaceTwoOrMoreRaces": "false",
        "hispanicOrLatinoEthnicity": "true",
        "countryOfBirthCode": "",
        "stateOfBirthAbbreviation": "",
        "cityOfBirth": "",
        "publicSchoolResidenceStatus": "",
    }


def test_two_or_more_races_also_reports_asian_and_white(sets, contract):
    students = contract["students"]
    student_id = students.loc[students["race_ethnicity"].eq("Two or More Races"), "student_id"].iloc[0]
    row = table(sets, "1.2", "demographics").set_index("sourcedId").loc[student_id]
    trues = [name for name, value in row.items() if value == "true"]
    assert trues == ["asian", "white", "demographicRaceTwoOrMoreRaces"]


def test_user_flags_one_row_per_y_flag(sets, contract):
    flags = table(sets, "1.2", "userFlags")
    assert len(flags) == int(contract["students"][FLAGS].eq("Y").sum().sum())
    assert set(flags["flag"]) == {"ell", "iep", "504", "freeLunch"}
    assert flags.iloc[0].tolist() == [
        "0001001",
        "freeLunch",
    ]  # the first student is economically disadvantaged


def test_student_flags_copied_from_students(sets, contract):
    flags = table(sets, "student_flags", "student_flags")
    pd.testing.assert_frame_equal(flags, contract["students"][["student_id", *FLAGS]])


def test_classes_homeroom_and_ela_per_section(sets, contract):
    classes = table(sets, "1.2", "classes")
    assert len(classes) == 2 * len(contract["sections"])
    assert classes.iloc[:2].values.tolist() == [
        [
            *("HR-101-KA", "", "", "Kindergarten – Mr. Morales", "KG", "HR-101", "HR-101-KA", "homeroom"),
            *("", "101", "FALL", "", "", ""),
        ],
        [
            *("HR-101-KA-ELA", "", "", "ELA Kindergarten – Mr. Morales", "KG", "ELA-101", "HR-101-KA-ELA"),
            *("scheduled", "", "101", "FALL", "English Language Arts", "", "1"),
        ],
    ]


def test_courses_two_per_school(sets):
    courses = table(sets, "1.2", "courses")
    assert courses["sourcedId"].tolist() == ["HR-101", "ELA-101", "HR-201", "ELA-201", "HR-301", "ELA-301"]
    assert courses.iloc[1].tolist() == [
        *("ELA-101", "", "", "SY", "English Language Arts", "ELA-101", "", "101"),
        *("English Language Arts", ""),
    ]


def test_enrollments_count_teachers_and_homeroom_students(sets, contract):
    enrollments = table(sets, "1.2", "enrollments")
    placed = contract["students"]["homeroom_section_id"].ne("").sum()
    assert len(enrollments) == 2 * len(contract["sections"]) + 2 * placed
    assert enrollments["sourcedId"].iloc[[0, -1]].tolist() == ["EN0000001", f"EN{len(enrollments):07d}"]


def test_student_enrollment_rows(sets):
    enrollments = table(sets, "1.2", "enrollments")
    rows = enrollments[enrollments["userSourcedId"].eq("0001001")].iloc[:, 3:].values.tolist()
    assert rows == [
        ["HR-101-KA", "101", "0001001", "student", "false", "2026-08-17", ""],
        ["HR-101-KA-ELA", "101", "0001001", "student", "false", "2026-08-17", ""],
    ]


def test_output_is_deterministic(contract_dir, sets, tmp_path):
    again = write_oneroster(contract_dir, tmp_path, version="1.2")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in sets["1.2"]]


def test_zip_set_puts_files_at_top_level(sets, tmp_path):
    path = zip_set(sets["1.1"], tmp_path / "oneroster.zip")
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == [p.name for p in sets["1.1"]]
        assert archive.read("users.csv") == sets["1.1"][5].read_bytes()


def test_unknown_version_is_refused(contract_dir, tmp_path):
    with pytest.raises(ValueError, match="version"):
        write_oneroster(contract_dir, tmp_path, version="1.0")
