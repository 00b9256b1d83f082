"""Who may see what: a signed-in person's Scope from the school's own files.

Pure functions over rows the caller reads (lib/access/load.py): staff.csv matched by email,
each person's homerooms, and the optional access.csv grants. Nothing here knows about the
identity provider: it only says who the email is in the school's data.

staff.csv role -> access (at the staff row's school):
    principal, assistant_principal   the school's figures, student names, teacher names
    coach                            the school's figures and teacher names; no student names
    teacher                          the school's figures; names of their own homeroom's students
                                     only; no other teacher's name in observation views
    other                            nothing until granted in access.csv
access.csv (email, access, school_id; blank school_id: every school). An email listed there gets
exactly its rows, and staff.csv is not consulted for it:
    district   every school, with names, the Data page and the audit trail
    school     one school, as a principal
    data       the Data page (upload, history, undo); the figures of the school (or district), no names
    display    that school's staff-meeting screen only
Several rows (or the same email at several schools) give the union.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lib.core.scope import Scope

LEADER_ROLES = ("principal", "assistant_principal")


@dataclass(frozen=True)
class StaffRow:
    """One staff.csv row whose email matched: who they are at which school."""

    staff_id: str
    school_id: str
    role: str


@dataclass(frozen=True)
class Grant:
    """One access.csv row; school_id None means every school."""

    access: str
    school_id: str | None


def same_email(left: str | None, right: str | None) -> bool:
    """Emails compare without case and surrounding spaces; a blank email matches nothing."""
    left, right = (left or "").strip(), (right or "").strip()
    return bool(left) and bool(right) and left.casefold() == right.casefold()


def _grant_scope(grant: Grant, all_schools: Sequence[str]) -> Scope:
    schools = tuple(all_schools) if grant.school_id is None else (grant.school_id,)
    if grant.access == "district":
        return Scope.whole_district(all_schools)
    if grant.access == "school":
        return Scope(schools, name_schools=frozenset(schools), teacher_name_schools=frozenset(schools))
    if grant.access == "data":
        return Scope(schools, data_page=True)
    if grant.access == "display":
        return Scope((), display_schools=schools)
    raise ValueError(f"unknown access {grant.access!r}")


def _staff_scope(row: StaffRow, homerooms: Iterable[str]) -> Scope:
    school = (row.school_id,)
    if row.role in LEADER_ROLES:
        return Scope(school, name_schools=frozenset(school), teacher_name_schools=frozenset(school))
    if row.role == "coach":
        return Scope(school, teacher_name_schools=frozenset(school))
    if row.role == "teacher":
        return Scope(school, homerooms=frozenset(homerooms), own_staff_ids=frozenset({row.staff_id}))
    return Scope(())  # other: nothing until granted


def scope_for(
    staff: Sequence[StaffRow],
    homerooms: dict[str, list[str]],
    grants: Sequence[Grant],
    all_schools: Sequence[str],
) -> Scope:
    """The union of what the person's access.csv rows (if any) or staff.csv rows give.

    `staff` and `grants` are the rows that matched the email; `homerooms` maps a staff id to the
    sections it teaches as a homeroom; `all_schools` is the district in its order. A person with
    neither (or only `other` rows) gets an empty scope: `Scope.is_empty()`.
    """
    if grants:
        parts = [_grant_scope(grant, all_schools) for grant in grants]
    else:
        parts = [_staff_scope(row, homerooms.get(row.staff_id, [])) for row in staff]
    return Scope.union(parts, all_schools)
