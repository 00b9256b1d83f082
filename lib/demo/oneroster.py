"""A OneRoster bulk CSV set (1.1 or 1.2) written from the demo district's contract files.

Tests and the OneRoster importer's benchmark use it to get a realistic roster export: one
district org, the schools, staff and students as users (1.2: with roles.csv), one fall
term, per section a homeroom and an ELA class, enrollments and demographics. Optionally it
adds the flags a SIS exports beside OneRoster: Microsoft SDS userFlags.csv or a plain
student_flags.csv (neither is a OneRoster file, so neither is in the manifest).

Every value is text and ids are kept exactly as written ("0001001" stays "0001001");
`status` and `dateLastModified` are blank because a bulk set replaces everything.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from lib.core.contract import FLAG_SUBGROUPS

VERSIONS = ("1.1", "1.2")
FLAG_FILES = ("userFlags", "student_flags", "none")
SYSTEM_NAME = "Riverbend SIS (demo)"
ELA = "English Language Arts"
# The spec's header lines. Every OneRoster file starts with sourcedId,status,dateLastModified.
_HEADER_LINES = {
    "orgs": "name,type,identifier,parentSourcedId",
    "academicSessions": "title,type,startDate,endDate,parentSourcedId,schoolYear",
    "courses": "schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes",
    "classes": "title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,"
    "subjects,subjectCodes,periods",
    "enrollments": "classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate",
    "demographics": "birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,"
    "nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,"
    "countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,publicSchoolResidenceStatus",
    "roles": "userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId",
    "users 1.1": "enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,"
    "email,sms,phone,agentSourcedIds,grades,password",
    "users 1.2": "enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,"
    "agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,"
    "preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns",
}
_BULK = {
    name: ("sourcedId", "status", "dateLastModified", *line.split(","))
    for name, line in _HEADER_LINES.items()
}
HEADERS: dict[str, tuple[str, ...]] = {
    name: columns for name, columns in _BULK.items() if " " not in name
} | {
    "userFlags": ("userSourcedId", "flag"),
    "student_flags": ("student_id", *FLAG_SUBGROUPS),
}
USERS_HEADERS = {version: _BULK[f"users {version}"] for version in VERSIONS}
RACE_COLUMNS = HEADERS["demographics"][5:12]  # americanIndianOrAlaskaNative ... hispanicOrLatinoEthnicity
MANIFEST_FILES = (
    *("academicSessions", "categories", "classes", "classResources", "courses", "courseResources"),
    *("demographics", "enrollments", "lineItems", "orgs", "resources", "results", "users"),
)
# Contract staff role -> (OneRoster 1.1 users.role, OneRoster 1.2 roles.role); students are "student".
STAFF_ROLES = {
    "teacher": ("teacher", "teacher"),
    "principal": ("administrator", "principal"),
    "assistant_principal": ("administrator", "siteAdministrator"),
    "coach": ("aide", "aide"),
    "other": ("aide", "aide"),
}
CEDS_GRADES = {"PK": "PK", "K": "KG"} | {str(n): f"{n:02d}" for n in range(1, 13)}
# Contract race_ethnicity -> the demographics booleans that are "true". Real SIS exports report a
# race beside Hispanic ethnicity, and the races behind "two or more", so the demo does too.
RACE_TRUE = {
    "American Indian or Alaska Native": ("americanIndianOrAlaskaNative",),
    "Asian": ("asian",),
    "Black or African American": ("blackOrAfricanAmerican",),
    "Native Hawaiian or Pacific Islander": ("nativeHawaiianOrOtherPacificIslander",),
    "White": ("white",),
    "Hispanic or Latino": ("hispanicOrLatinoEthnicity", "white"),
    "Two or More Races": ("demographicRaceTwoOrMoreRaces", "asian", "white"),
}
SEXES = {"F": "female", "M": "male", "X": "other"}
USER_FLAGS = dict(zip(FLAG_SUBGROUPS, ("ell", "iep", "504", "freeLunch"), strict=True))
YES = ("y", "yes", "true", "1")  # the contract's spellings of Y


def write_oneroster(
    contract_dir: Path, out_dir: Path, version: str = "1.2", flags: str = "userFlags"
) -> list[Path]:
    """Write a OneRoster `version` ("1.1" or "1.2") bulk CSV set for the contract files in
    contract_dir; return the paths written (manifest first).

    Reads schools.csv, staff.csv, sections.csv and students.csv. `flags` is "userFlags"
    (Microsoft SDS userFlags.csv), "student_flags" (student_flags.csv) or "none".
    """
    if version not in VERSIONS or flags not in FLAG_FILES:
        raise ValueError(f"version must be one of {VERSIONS} and flags one of {FLAG_FILES}")
    contract = read_contract(Path(contract_dir))
    tables = oneroster_tables(contract, version) | flag_tables(contract["students"], flags)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [_write(frame, out_dir / f"{name}.csv") for name, frame in tables.items()]


def zip_set(paths: Sequence[Path], zip_path: Path) -> Path:
    """Zip the files at the zip's top level (no folders, fixed timestamps); return zip_path."""
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in paths:
            entry = zipfile.ZipInfo(Path(path).name, date_time=(1980, 1, 1, 0, 0, 0))
            archive.writestr(entry, Path(path).read_bytes(), zipfile.ZIP_DEFLATED)
    return Path(zip_path)


def read_contract(contract_dir: Path) -> dict[str, pd.DataFrame]:
    """Return schools, staff, sections and students as text, blanks as "" (ids as written)."""
    names = ("schools", "staff", "sections", "students")
    return {
        name: pd.read_csv(contract_dir / f"{name}.csv", dtype=str, keep_default_na=False, encoding="utf-8")
        for name in names
    }


def oneroster_tables(contract: dict[str, pd.DataFrame], version: str) -> dict[str, pd.DataFrame]:
    """Return the OneRoster files by name (manifest first), each with exactly its spec columns."""
    people = roster_people(contract["staff"], contract["students"])
    year = school_year_start(contract["students"])
    tables = {
        "orgs": orgs(contract["schools"]),
        "academicSessions": academic_sessions(year),
        "courses": courses(contract["schools"]),
        "classes": classes(contract["sections"]),
        "users": users(people, version),
        "roles": roles(people),
        "enrollments": enrollments(contract["sections"], contract["students"]),
        "demographics": demographics(contract["students"]),
    }
    if version == "1.1":
        del tables["roles"]
    headers = HEADERS | {"users": USERS_HEADERS[version]}
    shaped = {
        name: frame.reindex(columns=headers[name], fill_value="").fillna("") for name, frame in tables.items()
    }
    return {"manifest": manifest(version)} | shaped


def flag_tables(students: pd.DataFrame, flags: str) -> dict[str, pd.DataFrame]:
    """Return the flags file `flags` asks for ({} for "none")."""
    if flags == "userFlags":
        return {"userFlags": user_flags(students)}
    if flags == "student_flags":
        return {"student_flags": students[list(HEADERS["student_flags"])]}
    return {}


def manifest(version: str) -> pd.DataFrame:
    """manifest.csv: every file bulk or absent; 1.2 also lists roles and userProfiles."""
    files = MANIFEST_FILES + (("roles", "userProfiles") if version == "1.2" else ())
    bulk = {"academicSessions", "classes", "courses", "demographics", "enrollments", "orgs", "users", "roles"}
    rows = [("manifest.version", "1.0"), ("oneroster.version", version)]
    rows += [(f"file.{name}", "bulk" if name in bulk else "absent") for name in files]
    rows += [("source.systemName", SYSTEM_NAME), ("source.systemCode", "demo")]
    return pd.DataFrame(rows, columns=["propertyName", "value"])


def orgs(schools: pd.DataFrame) -> pd.DataFrame:
    """One district org (sourcedId "district") and each school under it."""
    names = schools["district_name"][schools["district_name"].ne("")]
    district = pd.DataFrame(
        {"sourcedId": ["district"], "name": [names.iloc[0] if len(names) else "District"], "type": "district"}
    )
    school_orgs = pd.DataFrame(
        {"sourcedId": schools["school_id"], "name": schools["school_name"], "type": "school"}
    ).assign(parentSourcedId="district")
    both = pd.concat([district, school_orgs], ignore_index=True)
    return both.assign(identifier=both["sourcedId"])


def school_year_start(students: pd.DataFrame) -> int:
    """Return the calendar year the school year began: the earliest entry_date's year if that
    date is in August-December, else the year before."""
    dates = students["entry_date"][students["entry_date"].ne("")]
    if dates.empty:
        raise ValueError("students.csv has no entry_date to place the school year")
    first = dates.min()
    return int(first[:4]) if int(first[5:7]) >= 8 else int(first[:4]) - 1


def academic_sessions(year: int) -> pd.DataFrame:
    """The school year "SY" (Aug 1 - Jun 30) and its fall semester "FALL" (Aug 1 - Jan 31)."""
    return pd.DataFrame(
        {
            "sourcedId": ["SY", "FALL"],
            "title": [f"{year}-{year + 1}", f"Fall {year}"],
            "type": ["schoolYear", "semester"],
            "startDate": [f"{year}-08-01"] * 2,
            "endDate": [f"{year + 1}-06-30", f"{year + 1}-01-31"],
            "parentSourcedId": ["", "SY"],
            "schoolYear": [str(year + 1)] * 2,
        }
    )


def courses(schools: pd.DataFrame) -> pd.DataFrame:
    """Per school a Homeroom course "HR-<school>" and an ELA course "ELA-<school>"."""
    school = schools["school_id"]
    homeroom = pd.DataFrame({"sourcedId": "HR-" + school, "title": "Homeroom", "orgSourcedId": school})
    ela = pd.DataFrame({"sourcedId": "ELA-" + school, "title": ELA, "orgSourcedId": school, "subjects": ELA})
    both = _interleave(homeroom, ela)
    return both.assign(schoolYearSourcedId="SY", courseCode=both["sourcedId"])


def classes(sections: pd.DataFrame) -> pd.DataFrame:
    """Per section its homeroom class (sourcedId = section_id) and an ELA class (<section_id>-ELA)."""
    section, school = sections["section_id"], sections["school_id"]
    homeroom = pd.DataFrame(
        {
            "sourcedId": section,
            "title": sections["section_name"],
            "grades": ceds_grades(sections["grade_level"]),
            "courseSourcedId": "HR-" + school,
            "classType": "homeroom",
            "schoolSourcedId": school,
            "termSourcedIds": "FALL",
        }
    )
    ela = homeroom.assign(
        sourcedId=section + "-ELA",
        title="ELA " + sections["section_name"],
        courseSourcedId="ELA-" + school,
        classType="scheduled",
        subjects=ELA,
        periods="1",
    )
    both = _interleave(homeroom, ela)
    return both.assign(classCode=both["sourcedId"])


def roster_people(staff: pd.DataFrame, students: pd.DataFrame) -> pd.DataFrame:
    """Staff (staff.csv order) then students: the values users.csv and roles.csv share.

    `kind` is the contract's staff role or "student"; identifier is a separate SIS number.
    """
    adults = pd.DataFrame(
        {
            "sourcedId": staff["staff_id"],
            "identifier": "E" + staff["staff_id"],
            "username": staff["email"],
            "email": staff["email"],
            "givenName": staff["first_name"],
            "familyName": staff["last_name"],
            "school": staff["school_id"],
            "kind": staff["role"],
            "beginDate": staff["start_date"],
        }
    )
    children = pd.DataFrame(
        {
            "sourcedId": students["student_id"],
            "identifier": "N" + students["student_id"],
            "username": students["student_id"],
            "givenName": students["first_name"],
            "familyName": students["last_name"],
            "school": students["school_id"],
            "grades": ceds_grades(students["grade_level"]),
            "kind": "student",
            "beginDate": students["entry_date"],
            "endDate": students["exit_date"],
        }
    )
    return pd.concat([adults, children], ignore_index=True).fillna("")


def users(people: pd.DataFrame, version: str) -> pd.DataFrame:
    """users.csv rows: 1.1 carries orgSourcedIds and role, 1.2 primaryOrgSourcedId (roles apart)."""
    rows = people.assign(enabledUser="true")
    if version == "1.1":
        role = people["kind"].map({kind: pair[0] for kind, pair in STAFF_ROLES.items()})
        return rows.assign(orgSourcedIds=people["school"], role=role.fillna("student"))
    return rows.assign(primaryOrgSourcedId=people["school"])


def roles(people: pd.DataFrame) -> pd.DataFrame:
    """roles.csv (1.2): one primary role per user at their school, from start (entry) date."""
    role = people["kind"].map({kind: pair[1] for kind, pair in STAFF_ROLES.items()})
    return people.assign(
        sourcedId="R" + people["sourcedId"],
        userSourcedId=people["sourcedId"],
        roleType="primary",
        role=role.fillna("student"),
        orgSourcedId=people["school"],
    )


def enrollments(sections: pd.DataFrame, students: pd.DataFrame) -> pd.DataFrame:
    """Each section's teacher in both its classes, then each homeroom student in both, numbered
    "EN0000001"... in that order. A section without a teacher has no teacher rows."""
    taught = sections[sections["teacher_id"].ne("")]
    teacher = pd.DataFrame(
        {
            "classSourcedId": taught["section_id"],
            "schoolSourcedId": taught["school_id"],
            "userSourcedId": taught["teacher_id"],
            "role": "teacher",
            "primary": "true",
        }
    )
    placed = students[students["homeroom_section_id"].ne("")]
    student = pd.DataFrame(
        {
            "classSourcedId": placed["homeroom_section_id"],
            "schoolSourcedId": placed["school_id"],
            "userSourcedId": placed["student_id"],
            "role": "student",
            "primary": "false",
            "beginDate": placed["entry_date"],
            "endDate": placed["exit_date"],
        }
    )
    rows = pd.concat([_with_ela(teacher), _with_ela(student)], ignore_index=True)
    width = max(7, len(str(len(rows))))
    numbers = pd.Series(range(1, len(rows) + 1)).astype(str).str.zfill(width)
    return rows.assign(sourcedId="EN" + numbers)


def demographics(students: pd.DataFrame) -> pd.DataFrame:
    """demographics.csv: sex and the race booleans ("true"/"false"; all blank when race is blank)."""
    race = students["race_ethnicity"].reset_index(drop=True)
    known = race.isin(list(RACE_TRUE))
    columns = {
        column: race.isin([name for name, trues in RACE_TRUE.items() if column in trues])
        .map({True: "true", False: "false"})
        .where(known, "")
        for column in RACE_COLUMNS
    }
    sex = students["sex"].map(SEXES).fillna("").reset_index(drop=True)
    return pd.DataFrame({"sourcedId": students["student_id"].reset_index(drop=True), "sex": sex, **columns})


def user_flags(students: pd.DataFrame) -> pd.DataFrame:
    """userFlags.csv (Microsoft SDS): one row per Y flag, students in order, flags ell, iep, 504, freeLunch."""
    parts = [
        pd.DataFrame(
            {
                "userSourcedId": students["student_id"],
                "flag": flag,
                "order": range(rank, 4 * len(students), 4),
            }
        )[students[column].str.lower().isin(YES).to_numpy()]
        for rank, (column, flag) in enumerate(USER_FLAGS.items())
    ]
    rows = pd.concat(parts, ignore_index=True).sort_values("order", kind="stable")
    return rows[["userSourcedId", "flag"]]


def ceds_grades(grades: pd.Series) -> pd.Series:
    """Return CEDS grade codes: PK -> PK, K -> KG, 1..12 -> 01..12; other codes (TK, UG...) as given."""
    return grades.map(CEDS_GRADES).fillna(grades)


def _with_ela(rows: pd.DataFrame) -> pd.DataFrame:
    """Each enrollment in a homeroom followed by the same enrollment in that section's ELA class."""
    return _interleave(rows, rows.assign(classSourcedId=rows["classSourcedId"] + "-ELA"))


def _interleave(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Return first[0], second[0], first[1], second[1], ... (the frames have equal length)."""
    count = len(first)
    both = pd.concat(
        [first.assign(_order=range(0, 2 * count, 2)), second.assign(_order=range(1, 2 * count, 2))],
        ignore_index=True,
    )
    return both.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)


def _write(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path
