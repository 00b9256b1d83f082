"""Who may see what: lib/access/rules.py (pure) and lib/access/load.py (over a small store).

Each staff.csv role gives a fixed scope at the staff row's school; access.csv rows replace an
email's staff rows; several rows give the union, schools in the district's order.
"""

from __future__ import annotations

import pytest

from lib.access.load import scope_of_email
from lib.access.rules import Grant, StaffRow, same_email, scope_for
from lib.core import db as store
from lib.core.scope import Scope

DISTRICT = ("101", "201", "301")
ONE = frozenset({"101"})


def staff_scope(*rows: StaffRow, homerooms: dict[str, list[str]] | None = None) -> Scope:
    return scope_for(rows, homerooms or {}, (), DISTRICT)


def grant_scope(*grants: Grant, staff: tuple[StaffRow, ...] = ()) -> Scope:
    return scope_for(staff, {}, grants, DISTRICT)


# --- rules: one staff row per role --------------------------------------------------------------


@pytest.mark.parametrize("role", ["principal", "assistant_principal"])
def test_a_school_leader_sees_the_school_with_student_and_teacher_names(role):
    assert staff_scope(StaffRow("P101", "101", role)) == Scope(
        ("101",), name_schools=ONE, teacher_name_schools=ONE
    )


def test_a_coach_sees_teacher_names_but_no_student_names():
    scope = staff_scope(StaffRow("C101", "101", "coach"))
    assert scope == Scope(("101",), teacher_name_schools=ONE)
    assert (scope.student_names_allowed("101"), scope.teacher_names_allowed("101")) == (False, True)


def test_a_teacher_sees_their_homerooms_names_and_their_own_row_only():
    scope = staff_scope(StaffRow("T1", "101", "teacher"), homerooms={"T1": ["HR-101-KA"]})
    assert scope == Scope(("101",), homerooms=frozenset({"HR-101-KA"}), own_staff_ids=frozenset({"T1"}))
    assert [scope.student_names_allowed("101", s) for s in (None, "HR-101-KA", "HR-101-KB")] == [
        False,
        True,
        False,
    ]
    assert scope.teacher_names_allowed("101") is False


def test_a_teacher_without_a_homeroom_may_see_no_student_name():
    scope = staff_scope(StaffRow("T9", "101", "teacher"))
    assert (scope.school_ids, scope.names_allowed, scope.own_staff_ids) == (
        ("101",),
        False,
        frozenset({"T9"}),
    )


def test_other_staff_see_nothing_until_granted():
    scope = staff_scope(StaffRow("O1", "101", "other"))
    assert (scope, scope.is_empty()) == (Scope(()), True)


def test_no_staff_row_and_no_grant_is_an_empty_scope():
    assert staff_scope().is_empty() is True


# --- rules: access.csv grants -------------------------------------------------------------------


def test_a_district_grant_sees_every_school_with_names_data_and_audit():
    assert grant_scope(Grant("district", None)) == Scope.whole_district(DISTRICT)


def test_a_school_grant_is_a_principal_of_that_school():
    assert grant_scope(Grant("school", "201")) == Scope(
        ("201",), name_schools=frozenset({"201"}), teacher_name_schools=frozenset({"201"})
    )


def test_a_data_grant_gives_the_data_page_and_figures_without_names():
    scope = grant_scope(Grant("data", "101"))
    assert scope == Scope(("101",), data_page=True)
    assert (scope.names_allowed, scope.teacher_names_allowed("101")) == (False, False)


def test_a_data_grant_with_a_blank_school_covers_every_school():
    assert grant_scope(Grant("data", None)) == Scope(DISTRICT, data_page=True)


def test_a_display_grant_opens_only_that_schools_screen():
    scope = grant_scope(Grant("display", "301"))
    assert scope == Scope((), display_schools=("301",))
    assert scope.is_empty() is False


def test_an_unknown_access_kind_is_refused():
    with pytest.raises(ValueError, match="unknown access 'admin'"):
        grant_scope(Grant("admin", None))


def test_access_rows_replace_the_staff_rows_of_that_email():
    teacher = StaffRow("T1", "101", "teacher")
    assert grant_scope(Grant("data", "201"), staff=(teacher,)) == Scope(("201",), data_page=True)


# --- rules: several rows ------------------------------------------------------------------------


def test_staff_rows_at_two_schools_give_the_union_in_district_order():
    scope = staff_scope(
        StaffRow("T7", "301", "teacher"),
        StaffRow("P101", "101", "principal"),
        homerooms={"T7": ["HR-301-9A"]},
    )
    assert scope == Scope(
        ("101", "301"),
        name_schools=ONE,
        homerooms=frozenset({"HR-301-9A"}),
        teacher_name_schools=ONE,
        own_staff_ids=frozenset({"T7"}),
    )
    assert (scope.teacher_names_allowed("101"), scope.teacher_names_allowed("301")) == (True, False)


def test_grants_add_up_across_schools():
    scope = grant_scope(Grant("school", "301"), Grant("data", "101"), Grant("display", "201"))
    assert (scope.school_ids, scope.name_schools, scope.data_page, scope.display_schools) == (
        ("101", "301"),
        frozenset({"301"}),
        True,
        ("201",),
    )


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [
        ("Ana.Lopez@School.org", "  ana.lopez@school.ORG ", True),
        ("ana@school.org", "bo@school.org", False),
        ("", "", False),
        (None, "ana@school.org", False),
        # rules.same_email strips only after its blank check: two all-space emails match (the
        # lead's file; unused by lib, whose SQL and scope_of_email refuse blank emails).
        ("   ", "   ", False),
    ],
)
def test_emails_compare_without_case_or_spaces_and_blank_matches_nothing(left, right, same):
    assert same_email(left, right) is same


# --- load: the rows of one email from a store ---------------------------------------------------

STAFF = [
    # staff_id, school, first, last, role, email
    ("P101", "101", "Pat", "Park", "principal", "Pat.Park@Riverbend.example.org"),
    ("T1", "101", "Ana", "Reyes", "teacher", "areyes@riverbend.example.org"),
    ("T2", "101", "Bo", "Chen", "teacher", "bchen@riverbend.example.org"),  # teaches a class of no one
    ("C201", "201", "Cy", "Diaz", "coach", "cdiaz@riverbend.example.org"),
    ("T3", "201", "Pat", "Park", "teacher", "pat.park@riverbend.example.org"),  # the principal, also here
    ("X1", "101", "No", "Email", "teacher", ""),
]
SECTIONS = [
    ("HR-101-KA", "101", "T1", "Kindergarten – Ms. Reyes"),
    ("MATH-101-2", "101", "T1", "Math 2"),  # nobody's homeroom
    ("HR-101-KB", "101", "T2", "Kindergarten – Mr. Chen"),
    ("HR-201-6A", "201", "T3", "Advisory 6A – Mx. Park"),
]
STUDENTS = [("S1", "101", "K", "HR-101-KA"), ("S2", "201", "6", "HR-201-6A")]


def fill(database, grants: list[tuple[str, str, str]] | None = None) -> None:
    with database.transaction() as cur:
        for school in DISTRICT:
            cur.execute(
                "INSERT INTO schools (school_id, school_name) VALUES (?, ?)", [school, f"School {school}"]
            )
        for row in STAFF:
            cur.execute(
                "INSERT INTO staff (staff_id, school_id, first_name, last_name, role, email) VALUES (?, ?, ?, ?, ?, ?)",
                list(row),
            )
        for row in SECTIONS:
            cur.execute(
                "INSERT INTO sections (section_id, school_id, teacher_id, section_name) VALUES (?, ?, ?, ?)",
                list(row),
            )
        for row in STUDENTS:
            cur.execute(
                "INSERT INTO students (student_id, school_id, grade_level, homeroom_section_id) VALUES (?, ?, ?, ?)",
                list(row),
            )
        for row in grants or []:
            cur.execute("INSERT INTO access (email, access, school_id) VALUES (?, ?, ?)", list(row))


@pytest.fixture
def people(database):
    fill(database)
    return database


def test_a_teacher_gets_the_homerooms_with_students_of_the_sections_they_teach(people):
    assert scope_of_email(people, "areyes@riverbend.example.org", DISTRICT) == Scope(
        ("101",), homerooms=frozenset({"HR-101-KA"}), own_staff_ids=frozenset({"T1"})
    )


def test_a_teacher_whose_class_has_no_students_has_no_homeroom(people):
    scope = scope_of_email(people, "bchen@riverbend.example.org", DISTRICT)
    assert (scope.school_ids, scope.homerooms) == (("101",), frozenset())


def test_the_email_matches_without_case_or_spaces_and_unites_both_schools(people):
    scope = scope_of_email(people, "  PAT.PARK@riverbend.EXAMPLE.org ", DISTRICT)
    assert scope == Scope(
        ("101", "201"),
        name_schools=ONE,
        homerooms=frozenset({"HR-201-6A"}),
        teacher_name_schools=ONE,
        own_staff_ids=frozenset({"T3"}),
    )


@pytest.mark.parametrize("email", ["", "   "])
def test_a_blank_email_gets_an_empty_scope_even_when_a_staff_row_has_no_email(people, email):
    assert scope_of_email(people, email, DISTRICT) == Scope(())


def test_an_email_no_one_has_gets_an_empty_scope(people):
    assert scope_of_email(people, "stranger@example.org", DISTRICT).is_empty() is True


def test_access_rows_replace_the_staff_rows_in_the_store(database):
    fill(database, grants=[("AREYES@riverbend.example.org", "data", "201")])
    assert scope_of_email(database, "areyes@riverbend.example.org", DISTRICT) == Scope(
        ("201",), data_page=True
    )


def test_an_access_row_with_a_blank_school_is_district_wide(database):
    fill(database, grants=[("boss@riverbend.example.org", "district", "")])
    assert scope_of_email(database, "Boss@riverbend.example.org", DISTRICT) == Scope.whole_district(DISTRICT)


def test_a_store_without_the_access_table_gives_staff_roles_only(tmp_path, monkeypatch):
    first_schema = store._migrations()[1]
    monkeypatch.setattr(store, "_migrations", lambda: {1: first_schema})  # a store of schema 1
    database = store.connect(tmp_path / "old.duckdb")
    try:
        assert database.schema_version() == 1
        assert (
            database.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'access'") == 0
        )
        fill(database)  # no access rows to insert: the table is not there
        assert scope_of_email(database, "cdiaz@riverbend.example.org", DISTRICT) == Scope(
            ("201",), teacher_name_schools=frozenset({"201"})
        )
    finally:
        database.close()
