"""Orgs, users and roles -> schools, staff and the students' first columns.

A user's role comes from users.csv (1.1) or roles.csv (1.2, the primary role, at the user's
primaryOrgSourcedId when several); the school from that role's org, or the first org of
orgSourcedIds that is a school. Ids follow the id-field setting (sourcedId or identifier).
"""

from __future__ import annotations

from lib.importing.oneroster.files import rows_of
from lib.importing.oneroster.mapping import Mapping, Person, Where, index_of

STAFF_ROLES = {
    "teacher": "teacher",
    "principal": "principal",
    "administrator": "",  # the setting decides: principal, assistant_principal or other
    "siteadministrator": "",
    "aide": "other",
    "counselor": "other",
    "proctor": "other",
    "districtadministrator": "other",
    "systemadministrator": "other",
}
NOT_PEOPLE = ("parent", "guardian", "relative")
ROLE_WORDS = ", ".join(["student", *STAFF_ROLES, *NOT_PEOPLE]).replace(
    "siteadministrator", "siteAdministrator"
)


def map_schools(m: Mapping) -> None:
    """Orgs of type school become schools; the district name is the parent org's name."""
    orgs = m.file("orgs")
    if orgs is None:
        return
    m.orgs = index_of(orgs)
    table = m.table("schools")
    for row in rows_of(orgs):
        kind = orgs.get("type", row)
        if kind.lower() != "school":
            continue
        if kind != "school":
            m.notes.add("case", f"{orgs.name}, column type", kind)
        sourced_id = orgs.get("sourcedId", row)
        m.schools[sourced_id] = orgs.get("name", row)
        table.add(
            {
                "school_id": sourced_id,
                "school_name": orgs.get("name", row),
                "district_name": _district(m, row),
            },
            m.at("orgs", row),
            school_name=m.at("orgs", row, "name"),
            district_name=m.at("orgs", row, "parentSourcedId"),
        )


def _district(m: Mapping, row: int) -> str:
    orgs = m.roster.files["orgs"]
    parent = orgs.get("parentSourcedId", row)
    if not parent:
        return ""
    if parent not in m.orgs:
        m.problem("orgs", row, "parentSourcedId", parent, "is not the sourcedId of an org in orgs.csv.")
        return ""
    return orgs.get("name", m.orgs[parent])


def map_people(m: Mapping) -> None:
    """Every user who is a student or staff member, with id, school and role (m.people)."""
    users = m.file("users")
    if users is None:
        return
    m.users = index_of(users)
    roles = _roles_by_user(m) if m.roster.version == "1.2" else {}
    ignored = {"parents": 0, "no_school": 0}
    for row in rows_of(users):
        sourced_id = users.get("sourcedId", row)
        found = roles.get(sourced_id) if m.roster.version == "1.2" else _role_11(m, row)
        if found is None:
            continue
        role, org, role_where, begin, begin_where = found
        if role in NOT_PEOPLE:
            ignored["parents"] += 1
            continue
        school = org if org in m.schools else _first_school(m, row)
        if school is None:
            _no_school(m, row, role, ignored)
            continue
        person_id = _person_id(m, row)
        if person_id:
            m.people[sourced_id] = Person(
                row, person_id, school, _contract_role(m, role), role_where, begin, begin_where,
                administrator=not STAFF_ROLES.get(role, "x"),
            )  # fmt: skip
    _check_unique_ids(m)
    _say_ignored(m, ignored)


def _role_11(m: Mapping, row: int):
    users = m.roster.files["users"]
    role = users.get("role", row)
    if not _known_role(m, "users", row, role):
        return None
    orgs = [o.strip() for o in users.get("orgSourcedIds", row).split(",") if o.strip()]
    for org in orgs:
        if org not in m.orgs:
            m.problem("users", row, "orgSourcedIds", org, "is not the sourcedId of an org in orgs.csv.")
    school = next((o for o in orgs if o in m.schools), "")
    return role.lower(), school, m.at("users", row, "role"), "", None


def _known_role(m: Mapping, kind: str, row: int, role: str) -> bool:
    if role.lower() not in STAFF_ROLES and role.lower() not in NOT_PEOPLE and role.lower() != "student":
        m.problem(kind, row, "role", role, f"is not a OneRoster role ({ROLE_WORDS}).")
        return False
    if role != role.lower() and role.lower() not in (
        "siteadministrator",
        "districtadministrator",
        "systemadministrator",
    ):
        m.notes.add("case", f"{m.roster.files[kind].name}, column role", role)
    return True


def _roles_by_user(m: Mapping) -> dict[str, tuple[str, str, Where, str, Where | None]]:
    """user sourcedId -> (role, org, where, beginDate, where) of the role that counts."""
    roles, users = m.file("roles"), m.roster.files["users"]
    if roles is None:
        return {}
    primary_org = {users.get("sourcedId", r): users.get("primaryOrgSourcedId", r) for r in range(len(users))}
    chosen: dict[str, tuple[int, int]] = {}  # user -> (rank, row)
    for row in rows_of(roles):
        user, org, role = (
            roles.get("userSourcedId", row),
            roles.get("orgSourcedId", row),
            roles.get("role", row),
        )
        if not _role_refers(m, row, user, org) or not _known_role(m, "roles", row, role):
            continue
        primary = roles.get("roleType", row).lower() == "primary"
        rank = (2 if primary else 0) + (1 if org == primary_org.get(user) else 0)
        if user not in chosen or rank > chosen[user][0]:
            chosen[user] = (rank, row)
    return {
        user: (
            roles.get("role", row).lower(),
            roles.get("orgSourcedId", row),
            m.at("roles", row, "role"),
            roles.get("beginDate", row),
            m.at("roles", row, "beginDate"),
        )
        for user, (_, row) in chosen.items()
    }


def _role_refers(m: Mapping, row: int, user: str, org: str) -> bool:
    users_deleted = m.roster.files["users"].deleted
    if user not in m.users:
        m.problem("roles", row, "userSourcedId", user, "is not the sourcedId of a user in users.csv.")
        return False
    if org not in m.orgs:
        m.problem("roles", row, "orgSourcedId", org, "is not the sourcedId of an org in orgs.csv.")
        return False
    return user not in users_deleted


def _first_school(m: Mapping, row: int) -> str | None:
    users = m.roster.files["users"]
    for column in ("orgSourcedIds", "primaryOrgSourcedId"):
        for org in users.get(column, row).split(","):
            if org.strip() in m.schools:
                return org.strip()
    return None


def _no_school(m: Mapping, row: int, role: str, ignored: dict[str, int]) -> None:
    if role == "student":
        column = "orgSourcedIds" if m.roster.version == "1.1" else "primaryOrgSourcedId"
        m.problem("users", row, column, None, "names no school (an org of type school) for this student.")
    else:
        ignored["no_school"] += 1


def _contract_role(m: Mapping, role: str) -> str:
    if role == "student":
        return "student"
    return STAFF_ROLES[role] or m.options.administrator_role


def _person_id(m: Mapping, row: int) -> str:
    users = m.roster.files["users"]
    person_id = users.get(m.options.id_field, row)
    if not person_id:
        m.problem("users", row, m.options.id_field, None,
                  f"is blank, and the setting takes student and staff ids from {m.options.id_field}.")  # fmt: skip
    return person_id


def _check_unique_ids(m: Mapping) -> None:
    if m.options.id_field == "sourcedId":
        return  # files.py checked sourcedIds
    first: dict[str, int] = {}
    users = m.roster.files["users"]
    for person in sorted(m.people.values(), key=lambda p: p.row):
        if person.person_id in first:
            m.problem("users", person.row, "identifier", person.person_id,
                      f"repeats the identifier already on line {users.lines[first[person.person_id]]}: "
                      "with ids taken from identifier, each must be unique.")  # fmt: skip
        first.setdefault(person.person_id, person.row)


def _say_ignored(m: Mapping, ignored: dict[str, int]) -> None:
    if ignored["parents"]:
        m.notes.say(f"users.csv: parents, guardians and relatives ({ignored['parents']:,}) are not imported.")
    if ignored["no_school"]:
        m.notes.say(
            f"users.csv: staff who belong to no school ({ignored['no_school']:,}: district or system "
            "administrators) are not imported as staff; give them access in access.csv."
        )
    admins = sum(1 for p in m.people.values() if p.administrator)
    if admins:
        m.notes.say(
            f"{admins:,} administrator{' was' if admins == 1 else 's were'} imported as "
            f"{m.options.administrator_role.replace('_', ' ')} (OneRoster does not "
            "say principal or assistant principal); SCHOOL_GOALS_ONEROSTER_ADMINISTRATORS or the Data page's "
            "OneRoster settings change that."
        )


def staff_rows(m: Mapping) -> None:
    """Write the staff table: every person who is not a student."""
    users, table = m.roster.files.get("users"), m.table("staff")
    if users is None:
        return
    kept = _stored_start_dates(m) if m.roster.version == "1.1" else {}
    for person in m.people.values():
        if person.role == "student":
            continue
        row = person.row
        start = person.begin or kept.get(person.person_id, "")
        table.add(
            {
                "staff_id": person.person_id,
                "school_id": person.school_id,
                "first_name": users.get("givenName", row),
                "last_name": users.get("familyName", row),
                "role": person.role,
                "start_date": start,
                "email": users.get("email", row),
            },
            m.at("users", row),
            staff_id=m.at("users", row, m.options.id_field),
            first_name=m.at("users", row, "givenName"),
            last_name=m.at("users", row, "familyName"),
            role=person.role_where,
            start_date=person.begin_where or m.at("users", row),
            email=m.at("users", row, "email"),
        )


def _stored_start_dates(m: Mapping) -> dict[str, str]:
    """OneRoster 1.1 has no start date: keep the one already stored (a staff.csv import made it)."""
    if m.stored is None:
        return {}
    ids = [p.person_id for p in m.people.values() if p.role != "student"]
    frame = m.stored(
        "SELECT staff_id, strftime(start_date, '%Y-%m-%d') AS start_date FROM staff "
        "WHERE start_date IS NOT NULL AND list_contains($ids, staff_id)",
        {"ids": ids},
    )
    return dict(zip(frame["staff_id"], frame["start_date"], strict=True))
