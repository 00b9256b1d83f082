"""The students file: grade from users.csv `grades`, homeroom and dates from enrollments, sex and
race/ethnicity from demographics.csv, the four flags from userFlags.csv or student_flags.csv.
"""

from __future__ import annotations

from collections import Counter

from lib.core.contract import FLAG_SUBGROUPS, OTHER_GRADES
from lib.importing.oneroster import values
from lib.importing.oneroster.classes import Enrolled, dates_of, homeroom_of
from lib.importing.oneroster.files import rows_of
from lib.importing.oneroster.mapping import Mapping, Where

SDS_FLAGS = {
    "ell": "english_learner",
    "iep": "special_education",
    "504": "section_504",
    "freelunch": "economically_disadvantaged",
    "reducedlunch": "economically_disadvantaged",
}


def student_rows(m: Mapping, enrolled: dict[str, list[Enrolled]]) -> None:
    """Write the students table, one row per user whose role is student."""
    users, table = m.roster.files.get("users"), m.table("students")
    if users is None:
        return
    traits = _demographics(m)
    flags, flags_where = _flags(m)
    other_grades: Counter[str] = Counter()
    for sourced_id, person in m.people.items():
        if person.role != "student":
            continue
        row = person.row
        homeroom, homerooms = homeroom_of(m, sourced_id, enrolled.get(sourced_id, []))
        if homerooms > 1:
            m.notes.add("many_homerooms", users.name, person.person_id)
        entry, entry_where, leave, leave_where = dates_of(m, homeroom, enrolled.get(sourced_id, []))
        grade = _grade(m, row, homeroom)
        if grade in OTHER_GRADES:
            other_grades[grade] += 1
        sex, race, trait_where = traits.get(sourced_id, ("", "", None))
        values_of = {
            "student_id": person.person_id,
            "school_id": person.school_id,
            "grade_level": grade,
            "homeroom_section_id": homeroom.class_id if homeroom else "",
            "first_name": users.get("givenName", row),
            "last_name": users.get("familyName", row),
            "sex": sex,
            "race_ethnicity": race,
            **flags.get(person.person_id, {}),
            "entry_date": entry,
            "exit_date": leave,
        }
        where = {
            "student_id": m.at("users", row, m.options.id_field),
            "school_id": person.role_where,
            "grade_level": m.at("users", row, "grades"),
            "first_name": m.at("users", row, "givenName"),
            "last_name": m.at("users", row, "familyName"),
            **(
                {"homeroom_section_id": m.at("enrollments", homeroom.row, "classSourcedId")}
                if homeroom
                else {}
            ),
            **({"sex": trait_where, "race_ethnicity": trait_where} if trait_where else {}),
            **flags_where.get(person.person_id, {}),
            **({"entry_date": entry_where} if entry_where else {}),
            **({"exit_date": leave_where} if leave_where else {}),
        }
        table.add(values_of, m.at("users", row), **where)
    for grade, count in sorted(other_grades.items()):
        m.notes.add("other_grade", "users.csv, column grades", f"{grade}: {count:,}", count)


def _grade(m: Mapping, row: int, homeroom: Enrolled | None) -> str:
    users = m.roster.files["users"]
    texts = [t for t in users.get("grades", row).split(",") if t.strip()]
    if len(texts) > 1:
        m.notes.add("many_grades", f"{users.name}, column grades", users.get("grades", row))
    if not texts:
        return _homeroom_grade(m, row, homeroom)
    try:
        grade, tolerance = values.grade(texts[0])
    except ValueError as error:
        m.problem("users", row, "grades", texts[0], f"{error}.")
        return ""
    if tolerance:
        m.notes.add("vendor_grade", f"{users.name}, column grades", texts[0])
    return grade or ""


def _homeroom_grade(m: Mapping, row: int, homeroom: Enrolled | None) -> str:
    """A student without grades gets their homeroom's grade (read once, by classes.section_rows)."""
    grade = m.homeroom_grades.get(homeroom.class_id, "") if homeroom else ""
    if not grade:
        m.problem(
            "users",
            row,
            "grades",
            None,
            "is blank: every student needs a grade (a CEDS code such as 03 or KG).",
        )
        return ""
    m.notes.add("class_grade", m.roster.files["users"].name)
    return grade


def _demographics(m: Mapping) -> dict[str, tuple[str, str, Where]]:
    """user sourcedId -> (sex, race/ethnicity, where) from demographics.csv."""
    demographics = m.file("demographics")
    if demographics is None:
        m.notes.say("The set has no demographics.csv: sex and race/ethnicity are blank for every student.")
        return {}
    found = {}
    for row in rows_of(demographics):
        user = demographics.get("sourcedId", row)
        if user not in m.users:
            m.problem("demographics", row, "sourcedId", user, "is not the sourcedId of a user in users.csv.")
            continue
        try:
            sex, tolerance = values.sex(demographics.get("sex", row))
        except ValueError as error:
            m.problem("demographics", row, "sex", demographics.get("sex", row), f"{error}.")
            continue
        if tolerance:
            m.notes.add(tolerance, f"{demographics.name}, column sex", demographics.get("sex", row))
        marks = {c: values.boolean(demographics.get(c, row))[0] for c in values.RACE_COLUMNS_ALL}
        found[user] = (sex or "", values.race_ethnicity(marks) or "", m.at("demographics", row))
    return found


def _flags(m: Mapping) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, Where]]]:
    """student_id -> the four flags (Y/N or as given), and where each came from."""
    sds, plain = m.file("userFlags"), m.file("student_flags")
    if sds is not None and plain is not None:
        m.problems.add(plain.name, None, None, None,
                       "is a second flag source beside userFlags.csv: give one of the two.")  # fmt: skip
        return {}, {}
    if sds is not None:
        return _sds_flags(m), {}
    if plain is not None:
        return _plain_flags(m)
    m.notes.say(
        "No flag source (userFlags.csv or student_flags.csv) in the batch: English learner, special "
        "education, 504 and economically disadvantaged are blank for every student."
    )
    return {}, {}


def _sds_flags(m: Mapping) -> dict[str, dict[str, str]]:
    sds = m.roster.files["userFlags"]
    has: dict[str, set[str]] = {}
    unused: Counter[str] = Counter()
    for row in range(len(sds)):
        user, flag = sds.get("userSourcedId", row), sds.get("flag", row)
        if user not in m.users:
            m.problem("userFlags", row, "userSourcedId", user, "is not the sourcedId of a user in users.csv.")
        elif flag.lower() in SDS_FLAGS:
            has.setdefault(user, set()).add(SDS_FLAGS[flag.lower()])
        else:
            unused[flag] += 1
    if unused:
        m.notes.say(
            f"userFlags.csv: flags {', '.join(sorted(unused))} are not used by the dashboard; ignored."
        )
    return {
        person.person_id: {f: "Y" if f in has.get(user, set()) else "N" for f in FLAG_SUBGROUPS}
        for user, person in m.people.items()
        if person.role == "student"
    }


def _plain_flags(m: Mapping) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, Where]]]:
    plain = m.roster.files["student_flags"]
    students = {p.person_id for p in m.people.values() if p.role == "student"}
    flags, where = {}, {}
    for row in range(len(plain)):
        student = plain.get("student_id", row)
        if student not in students:
            m.problem("student_flags", row, "student_id", student,
                      f"is not a student of this roster (ids come from {m.options.id_field}).")  # fmt: skip
            continue
        flags[student] = {f: plain.get(f, row) for f in FLAG_SUBGROUPS}
        where[student] = {f: m.at("student_flags", row, f) for f in FLAG_SUBGROUPS}
    missing = len(students - set(flags))
    if missing:
        m.notes.say(
            f"student_flags.csv has no row for {missing:,} student{'' if missing == 1 else 's'}: "
            "their four flags are blank."
        )
    return flags, where
