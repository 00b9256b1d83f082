"""Rows about one email from the store: its staff rows, their homerooms, its access.csv grants."""

from __future__ import annotations

from collections.abc import Sequence

from lib.access.rules import Grant, StaffRow, scope_for
from lib.core.db import Database
from lib.core.scope import Scope

ACCESS_SCHEMA = 2  # the store version that has the access table


def _grants(database: Database, email: str) -> list[Grant]:
    if database.schema_version() < ACCESS_SCHEMA:
        return []  # a store from before access.csv existed: staff roles only
    rows = database.query("access.grants_by_email", {"email": email})
    return [Grant(r.access, None if r.school_id is None else str(r.school_id)) for r in rows.itertuples()]


def scope_of_email(database: Database, email: str, district: Sequence[str]) -> Scope:
    """The scope the school's data gives `email` (empty when it is no one there).

    `district` is every school id in the district's order (for district grants and ordering).
    """
    if not email or not email.strip():
        return Scope(())
    grants = _grants(database, email)
    staff_rows = database.query("access.staff_by_email", {"email": email})
    staff = [StaffRow(r.staff_id, r.school_id, r.role) for r in staff_rows.itertuples()]
    teachers = [s.staff_id for s in staff if s.role == "teacher"]
    homerooms: dict[str, list[str]] = {}
    if teachers and not grants:
        for row in database.query("access.homerooms", {"staff_ids": teachers}).itertuples():
            homerooms.setdefault(row.staff_id, []).append(row.section_id)
    return scope_for(staff, homerooms, grants, district)
