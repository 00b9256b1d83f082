"""Classes and enrollments -> sections (the homerooms) and each student's homeroom and dates.

A homeroom is a class of classType homeroom, or (a setting for schools without them) a class
whose title or classCode holds the setting's text. Its teacher is the primary teacher
enrolled in it, else the first teacher. A student's homeroom is the homeroom enrollment at the
student's school (the latest to begin when several); entry and exit dates are its begin and
end dates, or, without a homeroom, the span of the student's enrollments at the school.
"""

from __future__ import annotations

from dataclasses import dataclass

from lib.importing.oneroster import values
from lib.importing.oneroster.files import rows_of
from lib.importing.oneroster.mapping import Mapping, Where, index_of


@dataclass
class Enrolled:
    """A student's enrollment in a class of the student's school."""

    class_id: str
    begin: str
    end: str
    row: int


def check_enrollments(m: Mapping) -> dict[str, list[Enrolled]]:
    """student sourcedId -> enrollments; teachers of homerooms into m.homerooms. Dangling ids are problems."""
    enrollments, classes = m.file("enrollments"), m.file("classes")
    m.classes = index_of(classes)
    if enrollments is None:
        return {}
    by_student: dict[str, list[Enrolled]] = {}
    teachers: dict[str, list[tuple[bool, int, str]]] = {}
    homerooms = _homerooms(m)
    for row in rows_of(enrollments):
        user, class_id = enrollments.get("userSourcedId", row), enrollments.get("classSourcedId", row)
        if not _refers(m, row, user, class_id) or _gone(m, user, class_id):
            continue
        role = enrollments.get("role", row).lower()
        if role == "student" and user in m.people:
            begin, end = enrollments.get("beginDate", row), enrollments.get("endDate", row)
            by_student.setdefault(user, []).append(Enrolled(class_id, begin, end, row))
        elif role == "teacher" and class_id in homerooms:
            primary, _ = values.boolean(enrollments.get("primary", row).strip() or "false")
            teachers.setdefault(class_id, []).append((not primary, row, user))
    for class_id in homerooms:
        ranked = sorted(teachers.get(class_id, []))
        if ranked:
            m.homerooms[class_id] = (ranked[0][2], ranked[0][1])
    _say_teacherless(m, homerooms, teachers)
    return by_student


def _refers(m: Mapping, row: int, user: str, class_id: str) -> bool:
    enrollments = m.roster.files["enrollments"]
    school = enrollments.get("schoolSourcedId", row)
    if user not in m.users:
        m.problem("enrollments", row, "userSourcedId", user, "is not the sourcedId of a user in users.csv.")
        return False
    if class_id not in m.classes:
        m.problem(
            "enrollments", row, "classSourcedId", class_id, "is not the sourcedId of a class in classes.csv."
        )
        return False
    if school and school not in m.orgs:
        m.problem(
            "enrollments", row, "schoolSourcedId", school, "is not the sourcedId of an org in orgs.csv."
        )
        return False
    return True


def _gone(m: Mapping, user: str, class_id: str) -> bool:
    """An enrollment of a user or class marked tobedeleted goes with them."""
    classes = m.roster.files["classes"]
    return user in m.roster.files["users"].deleted or class_id in classes.deleted


def _homerooms(m: Mapping) -> set[str]:
    classes = m.file("classes")
    if classes is None:
        return set()
    wanted = m.options.homeroom.strip().lower()
    found = set()
    for row in rows_of(classes):
        school = classes.get("schoolSourcedId", row)
        if school not in m.orgs:
            m.problem(
                "classes", row, "schoolSourcedId", school, "is not the sourcedId of an org in orgs.csv."
            )
            continue
        class_type = classes.get("classType", row)
        if m.options.by_class_type:
            is_homeroom = class_type.lower() == "homeroom"
            if is_homeroom and class_type != "homeroom":
                m.notes.add("case", f"{classes.name}, column classType", class_type)
        else:
            is_homeroom = (
                wanted in classes.get("title", row).lower() or wanted in classes.get("classCode", row).lower()
            )
        if is_homeroom and school in m.schools:
            found.add(classes.get("sourcedId", row))
    if not found:
        rule = (
            "of classType homeroom"
            if m.options.by_class_type
            else f'whose title or classCode holds "{m.options.homeroom}"'
        )
        m.notes.say(
            f"classes.csv has no class {rule}: students are imported without a homeroom. If your schools "
            "use another class as homeroom (advisory, first period), name it in the OneRoster homeroom setting."
        )
    return found


def _say_teacherless(m: Mapping, homerooms: set[str], teachers: dict) -> None:
    alone = sorted(c for c in homerooms if c not in m.homerooms)
    if alone:
        m.notes.say(
            f"classes.csv: homerooms with no teacher enrolled ({len(alone):,}: {', '.join(alone[:3])}"
            f"{', ...' if len(alone) > 3 else ''}) are not imported as sections and their students "
            "have no homeroom."
        )
    secondary = sum(1 for c in m.homerooms if all(not_primary for not_primary, _, _ in teachers[c]))
    if secondary:
        m.notes.say(
            f"enrollments.csv: homerooms with no primary teacher ({secondary:,}): the first teacher enrolled is used."
        )


def section_rows(m: Mapping) -> None:
    """Write the sections table: each homeroom with a teacher who is a staff member."""
    classes, table = m.file("classes"), m.table("sections")
    if classes is None:
        return
    for class_id, (teacher, teacher_row) in m.homerooms.items():
        row = m.classes[class_id]
        person = m.people.get(teacher)
        grade = m.homeroom_grades[class_id] = _class_grade(m, row)
        table.add(
            {
                "section_id": class_id,
                "school_id": classes.get("schoolSourcedId", row),
                "teacher_id": person.person_id if person else teacher,
                "section_name": classes.get("title", row),
                "grade_level": grade,
            },
            m.at("classes", row),
            school_id=m.at("classes", row, "schoolSourcedId"),
            teacher_id=m.at("enrollments", teacher_row, "userSourcedId"),
            section_name=m.at("classes", row, "title"),
            grade_level=m.at("classes", row, "grades"),
        )


def _class_grade(m: Mapping, row: int) -> str:
    text = m.roster.files["classes"].get("grades", row).split(",")[0]
    try:
        grade, tolerance = values.grade(text)
    except ValueError as error:
        m.problem("classes", row, "grades", text, f"{error}.")
        return ""
    if tolerance:
        m.notes.add(tolerance + "_grade", f"{m.roster.files['classes'].name}, column grades", text)
    return grade or ""


def homeroom_of(m: Mapping, student: str, enrolled: list[Enrolled]) -> tuple[Enrolled | None, int]:
    """The student's homeroom enrollment at the student's school, and how many there were."""
    school = m.people[student].school_id
    classes = m.roster.files.get("classes")
    mine = [
        e for e in enrolled
        if e.class_id in m.homerooms and classes is not None
        and classes.get("schoolSourcedId", m.classes[e.class_id]) == school
    ]  # fmt: skip
    mine.sort(key=lambda e: (e.begin, e.row))
    return (mine[-1] if mine else None), len(mine)


def dates_of(
    m: Mapping, homeroom: Enrolled | None, enrolled: list[Enrolled]
) -> tuple[str, Where | None, str, Where | None]:
    """(entry date, where, exit date, where): the homeroom's, else the span of all enrollments
    (blank when one of them has no date: the student was enrolled all along)."""
    if homeroom is not None:
        return (homeroom.begin, m.at("enrollments", homeroom.row, "beginDate"),
                homeroom.end, m.at("enrollments", homeroom.row, "endDate"))  # fmt: skip
    if not enrolled:
        return "", None, "", None
    first = min(enrolled, key=lambda e: e.begin)
    last = max(enrolled, key=lambda e: e.end)
    begin = first.begin if all(e.begin for e in enrolled) else ""
    end = last.end if all(e.end for e in enrolled) else ""
    return begin, m.at("enrollments", first.row, "beginDate"), end, m.at("enrollments", last.row, "endDate")
