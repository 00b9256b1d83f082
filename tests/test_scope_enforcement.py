"""Issue 13: the scope is enforced where the data is read, whatever a page asks for.

Every area entry point is called on the demo district with the scope of ONE school (Maple Grove
Elementary, 101) as the demo's principal, its coach and one of its teachers, and with filters
naming each school and the district view. Everything that comes back (dataclasses, frames,
figures, downloads) is walked and no string in it may name anything of another school: its id
or name, the ids of its staff, students, classes, goals and visits, any of its people's names.
The coach may see no student name; the teacher no student name outside their homeroom, and (in
observation views and on the goal board) no other teacher's name or class label or staff id.
Names are compared as "First Last" and titled last names ("Ms. Carter"); a name that an allowed
person also has can't be told apart and is left out of the check.

The reading page keeps its class labels ("Grade 3 – Ms. Rivera") and the teacher column for
every reader of the school: the issue restricts teachers' names only in observation views,
which are personnel records; a class's reading figures are the school's shared figures.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from pandas.io.formats.style import Styler

from lib.access.load import scope_of_email
from lib.core import db as store
from lib.core.config import Cadence, Settings
from lib.core.filters import Filters, filter_options
from lib.core.scope import Scope
from lib.goals.attention import low_participation_item, may_name, unseen_teacher_item
from lib.goals.view import goal_board_view, school_links
from lib.learning.charts import before_after, hours_bars
from lib.learning.view import learning_view
from lib.observations import words
from lib.observations.activity import HeatMap
from lib.observations.cadence import LEADERSHIP_TYPES, OBSERVER_ROLES, visit_next_csv
from lib.observations.charts import rubric_trend, turnaround_bars, visits_heat_map
from lib.observations.names import named_observers, named_rows, named_status, named_waiting, observer_names
from lib.observations.view import ObservationChoice, observation_view
from lib.reading import tables
from lib.reading.view import (
    ReadingChoice,
    name_classes_of,
    reading_names,
    reading_page_view,
    reading_pickers,
)
from lib.subgroups.view import subgroup_view
from tests.helpers import open_page, shown_text

AS_OF = date(2026, 11, 21)
DISTRICT = ("101", "201", "301")
MAPLE = "101"
HOMEROOM = "HR-101-5D"  # Grade 5 – Ms. James
OWN_ID = "T0026"
SETTINGS = Settings()
EMAILS = {
    "principal": "sscott@riverbend.example.org",  # Santiago Scott, P101
    "coach": "SBrown@Riverbend.example.org ",  # Sofia Brown, C101 (the email as typed: case, space)
    "teacher": "ojames@riverbend.example.org",  # Olivia James, T0026, homeroom HR-101-5D
}
EXPECTED_SCOPES = {
    "principal": Scope((MAPLE,), name_schools=frozenset({MAPLE}), teacher_name_schools=frozenset({MAPLE})),
    "coach": Scope((MAPLE,), teacher_name_schools=frozenset({MAPLE})),
    "teacher": Scope((MAPLE,), homerooms=frozenset({HOMEROOM}), own_staff_ids=frozenset({OWN_ID})),
}
WHO = tuple(EMAILS)
FILTERS = {school: Filters(school_id=school, as_of=AS_OF) for school in (None, *DISTRICT)}
CHOICES = [
    ObservationChoice(),
    *(ObservationChoice(types=(kind,)) for kind in LEADERSHIP_TYPES),
    *(ObservationChoice(roles=(role,)) for role in OBSERVER_ROLES),
    ObservationChoice(cadence=Cadence(7, 7)),
]

NAME_PAIR = re.compile(r"(?=\b([^\W\d_][\w'’]*) ([^\W\d_][\w'’]*)\b)")
TITLED = re.compile(r"\b(Mr|Ms|Mrs|Mx|Dr)\.? ([^\W\d_][\w'’]*)")
TOKEN = re.compile(r"[0-9A-Za-z]+(?:[,.][0-9]+)*")


# --- the rules, on a few rows by hand ------------------------------------------------------------

# A teacher (T1) at school A, where no other teacher may be named; a principal's view of school B.
MIXED = Scope(("A", "B"), teacher_name_schools=frozenset({"B"}), own_staff_ids=frozenset({"T1"}))


def test_a_row_is_named_at_a_school_with_teacher_names_or_when_it_is_ones_own():
    rows = pd.DataFrame({"school_id": ["A", "A", "B"], "staff_id": ["T1", "T2", "T3"]})
    assert named_rows(rows["school_id"], rows["staff_id"], MIXED).tolist() == [True, False, True]


def test_a_teacher_who_observed_is_not_named_where_teacher_names_are_not_allowed():
    visits = pd.DataFrame(
        {
            "observer_name": ["Bo Peer", "Pat Principal", "Me Myself", "Cy Peer"],
            "observer_role": ["teacher", "principal", "teacher", "teacher"],
            "school_id": ["A", "A", "A", "B"],
            "observer_id": ["T2", "P1", "T1", "T4"],
        }
    )
    names = observer_names(
        visits["observer_name"], visits["observer_role"], visits["school_id"], visits["observer_id"], MIXED
    )
    assert names.tolist() == ["Teacher", "Pat Principal", "Me Myself", "Cy Peer"]


def test_named_status_keeps_ones_own_row_and_every_row_where_names_are_allowed():
    status = pd.DataFrame(
        {
            "school_id": ["A", "A", "B"],
            "staff_id": ["T1", "T2", "T3"],
            "last_observer": ["Bo Peer", "Pat Principal", "Di Peer"],
            "last_observer_role": ["teacher", "principal", "teacher"],
        }
    )
    shown = named_status(status, MIXED)
    assert shown[["staff_id", "last_observer"]].values.tolist() == [["T1", "Teacher"], ["T3", "Di Peer"]]


def test_named_waiting_keeps_the_visits_of_ones_own_teaching():
    waiting = pd.DataFrame(
        {
            "teacher_id": ["T1", "T2", "T3"],
            "school_id": ["A", "A", "B"],
            "teacher_name": ["Me Myself", "Other Teacher", "Bo B"],
            "observer_id": ["P1", "T1", "P2"],  # T2's visit was made by T1: still T2's row
            "observer_name": ["Pat Principal", "Me Myself", "Lee Leader"],
            "observer_role": ["principal", "teacher", "principal"],
        }
    )
    assert named_waiting(waiting, MIXED)[["teacher_name", "observer_name"]].values.tolist() == [
        ["Me Myself", "Pat Principal"],
        ["Bo B", "Lee Leader"],
    ]


def test_named_observers_keep_the_shares_of_every_observer():
    load = pd.DataFrame(
        {"school_id": ["A", "A", "B"], "observer_id": ["P1", "T1", "P2"], "share": [50.0, 25.0, 25.0]}
    )
    assert named_observers(load, MIXED)[["observer_id", "share"]].values.tolist() == [
        ["T1", 25.0],
        ["P2", 25.0],
    ]


def unseen(*names: str) -> pd.DataFrame:
    count = len(names)
    return pd.DataFrame(
        {
            "staff_id": [f"T{k + 1}" for k in range(count)],
            "school_id": ["A"] * count,
            "first_name": list(names),
            "last_name": ["X"] * count,
            "days_since_last_observation": pd.array([None] + [30] * (count - 1), dtype="Int64"),
        }
    )


def test_unseen_teachers_are_counted_without_names_for_a_teacher_who_is_not_one_of_them():
    frame = unseen("Ann", "Ben", "Cy")
    item = unseen_teacher_item(frame, named=may_name(frame, "staff_id", Scope(("A",))))
    assert (item.text, item.number) == (
        "3 teachers not observed in 21+ days (1 never observed)",
        "3 teachers",
    )


def test_a_teacher_among_the_unseen_sees_only_their_own_name():
    frame = unseen("Ann", "Ben", "Cy", "Di")
    item = unseen_teacher_item(frame, named=may_name(frame, "staff_id", MIXED))  # T1 is Ann
    assert item.text == "Teachers not observed in 21+ days (1 never observed): Ann X and 3 more"


def test_quiet_classes_are_counted_without_their_teachers_names():
    classes = pd.DataFrame(
        {
            "school_id": ["A", "A", "B"],
            "teacher_id": ["T2", "T1", "T3"],
            "section_name": ["Grade 1 – Ms. Two", "Grade 2 – Mr. One", "Grade 3 – Mx. Three"],
            "participation": [20.0, 40.0, 30.0],
        }
    )
    at_a = classes[classes["school_id"] == "A"]
    assert low_participation_item(at_a, may_name(at_a, "teacher_id", Scope(("A",)))).text == (
        "2 classes where fewer than half the students logged reading in the last 7 days"
    )
    assert low_participation_item(classes, may_name(classes, "teacher_id", MIXED)).text == (
        "Classes where fewer than half the students logged reading in the last 7 days: "
        "Grade 3 – Mx. Three (30%), Grade 2 – Mr. One (40%) and 1 more"
    )


@pytest.mark.parametrize(
    ("scope", "school", "classes"),
    [
        (Scope(("A",), name_schools=frozenset({"A"})), "A", None),  # a principal: every class
        (Scope(("A",), homerooms=frozenset({"A-1", "B-9"})), "A", ("A-1",)),  # a teacher: their own here
        (Scope(("A",)), "A", ()),  # a coach: none
        (Scope(("A",), name_schools=frozenset({"A"})), None, ()),  # the district view: none
        (Scope(("A",), homerooms=frozenset({"B-1"})), "B", ()),  # a school outside the scope: none
    ],
)
def test_the_classes_whose_names_a_reader_is_offered(scope, school, classes):
    assert name_classes_of(scope, school, ["A-1", "A-2", "B-1"]) == classes


def test_the_captions_say_the_lists_hold_ones_own_rows_and_the_counts_everyones():
    heat = HeatMap(pd.DataFrame(index=["Ann X · 3/14 d"]), [False], teachers_total=29)
    assert words.heat_map_caption(heat, own_rows_only=True).endswith(
        "Your own row only: the other teachers' rows of the 29 are for school leaders."
    )
    assert words.waiting_caption(3, AS_OF, own=1).startswith(
        "Waiting for feedback as of Nov 21: 3 visits, 1 of them yours."
    )


# --- looking inside whatever a view returns -----------------------------------------------------

ATOMS = (bool, int, float, complex, date, datetime, timedelta, np.generic, pd.Timedelta)


def strings(value: Any, path: str = "view") -> Iterator[tuple[str, str]]:
    """Every string inside `value` with where it was found: dataclass fields and properties,
    mappings, sequences, frames (columns, index, cells), figures (their JSON), downloads (bytes).
    A type it can't look inside is an error, so nothing new slips past unread."""
    if isinstance(value, str):
        yield path, value
    elif value is None or value is pd.NaT or value is pd.NA or isinstance(value, ATOMS):
        return
    elif isinstance(value, bytes):
        yield path, value.decode("utf-8")
    elif isinstance(value, go.Figure):
        yield from strings(value.to_plotly_json(), f"{path}<figure>")
    elif isinstance(value, Styler):
        yield from strings(value.data, f"{path}<styler>")
    elif isinstance(value, pd.DataFrame):
        yield from strings(list(value.columns), f"{path}.columns")
        yield from strings(list(value.index), f"{path}.index")
        for column in value.columns:
            yield from strings(value[column].tolist(), f"{path}[{column!r}]")
    elif isinstance(value, pd.Series | pd.Index | np.ndarray):
        yield from strings(value.tolist(), path)
        if isinstance(value, pd.Series):
            yield from strings(list(value.index), f"{path}.index")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from strings(getattr(value, field.name), f"{path}.{field.name}")
        for name, member in vars(type(value)).items():
            if isinstance(member, property):
                yield from strings(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from strings(key, f"{path}<key>")
            yield from strings(item, f"{path}[{key!r}]")
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            yield from strings(item, f"{path}[{index}]")
    else:
        raise TypeError(f"{path}: don't know how to look inside a {type(value).__name__}")


@dataclasses.dataclass(frozen=True)
class Forbidden:
    """What may not appear: "First Last" names, titled last names ("Ms Carter"), id tokens, phrases.

    `schools` are the other schools' ids ("201"): a bare number is a count as often as an id,
    so it counts only where the path says school (a school_id column or field, a key of schools).
    Inside a longer id ("HR-201-6A", "G201-BOOKS") the id's own tokens find it.
    """

    names: frozenset[str]
    titled: frozenset[str]
    tokens: frozenset[str]
    phrases: tuple[str, ...]
    schools: frozenset[str]

    def found_in(self, text: str, path: str = "") -> list[str]:
        text = html.unescape(text).replace("\\", "")  # Plotly's and Markdown's escaping
        found = [f"{a} {b}" for a, b in NAME_PAIR.findall(text) if f"{a} {b}" in self.names]
        found += [f"{t} {n}" for t, n in TITLED.findall(text) if f"{t} {n}" in self.titled]
        tokens = TOKEN.findall(text)
        found += [token for token in tokens if token in self.tokens]
        found += [token for token in tokens if token in self.schools and "school" in path.lower()]
        return found + [phrase for phrase in self.phrases if phrase in text]


def leaks(value: Any, forbidden: Forbidden) -> list[str]:
    """'path: term in text' for each forbidden term found in `value` (empty: nothing leaks)."""
    return [
        f"{path}: {term!r} in {text[:100]!r}"
        for path, text in strings(value)
        for term in forbidden.found_in(text, path)
    ]


def assert_no_leak(value: Any, forbidden: Forbidden) -> None:
    found = leaks(value, forbidden)
    assert not found, f"{len(found)} leaks, the first: " + "\n".join(found[:10])


# --- the demo's people and what each reader may see ---------------------------------------------


@dataclasses.dataclass(frozen=True)
class People:
    staff: pd.DataFrame  # staff_id, school_id, role, name
    students: pd.DataFrame  # student_id, school_id, homeroom_section_id, name
    sections: pd.DataFrame  # section_id, school_id, teacher_id, titled
    ids: pd.DataFrame  # school_id, id: every id of every school (schools, people, classes, goals, visits)
    schools: dict[str, str]


def _titled(label: str) -> str:
    match = TITLED.search(label)
    return f"{match[1]} {match[2]}" if match else ""


def read_people(database) -> People:
    staff = database.sql(
        "SELECT staff_id, school_id, role, first_name || ' ' || last_name AS name FROM staff"
    )
    students = database.sql(
        "SELECT student_id, school_id, homeroom_section_id, first_name || ' ' || last_name AS name FROM students"
    )
    sections = database.sql("SELECT section_id, school_id, teacher_id, section_name FROM sections")
    sections["titled"] = sections["section_name"].map(_titled)
    ids = database.sql(
        """SELECT school_id, school_id AS id FROM schools
        UNION ALL SELECT school_id, staff_id FROM staff
        UNION ALL SELECT school_id, student_id FROM students
        UNION ALL SELECT school_id, section_id FROM sections
        UNION ALL SELECT school_id, goal_id FROM goals
        UNION ALL SELECT t.school_id, o.observation_id FROM observations o JOIN staff t ON t.staff_id = o.teacher_id"""
    )
    schools = dict(database.sql("SELECT school_id, school_name FROM schools").itertuples(index=False))
    return People(staff, students, sections, ids, schools)


def _tokens(values) -> set[str]:
    return {token for value in values for token in TOKEN.findall(str(value))}


def forbidden_for(people: People, who: str, names_of_teachers: bool) -> Forbidden:
    """What `who` (principal, coach, teacher of 101) may not see. `names_of_teachers` False:
    an observation view or the goal board, where a teacher sees no other teacher's name."""
    staff, students, sections = people.staff, people.students, people.sections
    at_maple = staff["school_id"] == MAPLE
    maple_students = students["school_id"] == MAPLE
    allowed_staff = at_maple
    allowed_students = maple_students if who == "principal" else pd.Series(False, index=students.index)
    allowed_classes = sections["school_id"] == MAPLE
    other_ids = people.ids[people.ids["school_id"] != MAPLE]["id"]
    ids = _tokens(other_ids) - _tokens(people.ids[people.ids["school_id"] == MAPLE]["id"]) - set(DISTRICT)
    if who != "principal":  # no student of the school by id either, but the homeroom's
        mine = maple_students & (students["homeroom_section_id"] == HOMEROOM) & (who == "teacher")
        allowed_students = mine
        ids |= set(students.loc[maple_students & ~mine, "student_id"])
    if who == "teacher" and not names_of_teachers:
        others = at_maple & (staff["role"] == "teacher") & (staff["staff_id"] != OWN_ID)
        allowed_staff = at_maple & ~others
        allowed_classes = sections["section_id"] == HOMEROOM
        ids |= set(staff.loc[others, "staff_id"])
    allowed = set(staff.loc[allowed_staff, "name"]) | set(students.loc[allowed_students, "name"])
    every = set(staff["name"]) | set(students["name"])
    titled = set(sections["titled"]) - set(sections.loc[allowed_classes, "titled"]) - {""}
    others = tuple(name for school, name in people.schools.items() if school != MAPLE)
    schools = frozenset(set(DISTRICT) - {MAPLE})
    return Forbidden(frozenset(every - allowed), frozenset(titled), frozenset(ids), others, schools)


@pytest.fixture(scope="module")
def demo(demo_path):
    database = store.connect(demo_path, read_only=True)
    yield database
    database.close()


@pytest.fixture(scope="module")
def people(demo) -> People:
    return read_people(demo)


@pytest.fixture(scope="module")
def scopes(demo) -> dict[str, Scope]:
    return {who: scope_of_email(demo, email, DISTRICT) for who, email in EMAILS.items()}


# --- the check itself works ---------------------------------------------------------------------


def test_the_demo_gives_each_reader_the_expected_scope(scopes):
    assert scopes == EXPECTED_SCOPES


def test_the_check_finds_names_titled_names_and_ids_in_any_container(people):
    forbidden = forbidden_for(people, "teacher", names_of_teachers=False)
    frame = pd.DataFrame(
        {"label": ["Kindergarten – Ms. Carter"], "who": ["Ava Carter"], "school_id": ["301"]},
        index=["HR-201-6A"],
    )
    found = leaks(
        {"table": frame, "figure": go.Figure(go.Bar(x=["Riverbend High School"], y=[1]))}, forbidden
    )
    assert sorted(f.split(": ")[1].split(" in ")[0] for f in found) == [
        "'301'",
        "'6A'",
        "'Ava Carter'",
        "'Ms Carter'",
        "'Riverbend High School'",
    ]


def test_the_check_lets_through_the_readers_own_school_and_counts(people):
    forbidden = forbidden_for(people, "teacher", names_of_teachers=False)
    allowed = [
        "Olivia James",
        "Grade 5 – Ms. James",
        "Maple Grove Elementary",
        "1,201 books",
        "301 students",
        "2016-08-01",
    ]
    assert leaks(allowed, forbidden) == []


# --- every entry point, every reader, every school in the filters -------------------------------


def board_parts(demo, filters: Filters, scope: Scope) -> list:
    board = goal_board_view(demo, filters, scope, SETTINGS)
    links = (
        school_links(board, filters, filter_options(demo).within(scope.school_ids))
        if filters.is_district
        else None
    )
    return [board, links]


def reading_parts(demo, filters: Filters, scope: Scope, people: People) -> list:
    pickers = reading_pickers(demo, filters, scope, SETTINGS)
    choices = [ReadingChoice(goal) for goal in pickers.goals] or [
        ReadingChoice(None, metric) for metric in ("books_read", "minutes_read")
    ]
    parts: list = [pickers]
    for choice in choices:
        parts.append(reading_page_view(demo, filters, scope, SETTINGS, choice))
    for section in people.sections["section_id"]:  # every class of the district, by id as a URL could
        names = reading_names(demo, filters, scope, SETTINGS, choices[0], section)
        parts += [names, tables.names_csv(names) if len(names) else b""]
    return parts


def subgroup_parts(demo, filters: Filters, scope: Scope) -> list:
    view = subgroup_view(demo, filters, scope, SETTINGS)
    parts: list = [view]
    for subject in view.subjects:
        report = view.report(subject)
        groups = view.default_groups(subject)
        parts += [report, view.chart_groups(subject, groups), view.hidden_note(subject)]
        parts += [view.summaries(subject), view.privacy_notes(subject)]
        parts += [view.gap_table(subject), view.growth_table(subject)]
    return parts


def observation_parts(demo, filters: Filters, scope: Scope, choice: ObservationChoice) -> list:
    view = observation_view(demo, filters, scope, SETTINGS, choice)
    charts = [visits_heat_map(view.heat_map), turnaround_bars(view.turnaround, 28)]
    if not view.rubric_monthly.empty:
        charts.append(rubric_trend(view.rubric_monthly))
    return [view, visit_next_csv(view.visit_next), *charts]


@pytest.mark.parametrize("school", [None, *DISTRICT], ids=["district", *DISTRICT])
@pytest.mark.parametrize("who", WHO)
def test_the_goal_board_returns_nothing_the_scope_forbids(demo, people, scopes, who, school):
    parts = board_parts(demo, FILTERS[school], scopes[who])
    assert_no_leak(parts, forbidden_for(people, who, names_of_teachers=False))


@pytest.mark.parametrize("school", [None, *DISTRICT], ids=["district", *DISTRICT])
@pytest.mark.parametrize("who", WHO)
def test_the_reading_page_returns_nothing_the_scope_forbids(demo, people, scopes, who, school):
    parts = reading_parts(demo, FILTERS[school], scopes[who], people)
    assert_no_leak(parts, forbidden_for(people, who, names_of_teachers=True))


@pytest.mark.parametrize("school", [None, *DISTRICT], ids=["district", *DISTRICT])
@pytest.mark.parametrize("who", WHO)
def test_the_subgroup_page_returns_nothing_the_scope_forbids(demo, people, scopes, who, school):
    parts = subgroup_parts(demo, FILTERS[school], scopes[who])
    assert_no_leak(parts, forbidden_for(people, who, names_of_teachers=True))


@pytest.mark.parametrize("school", [None, *DISTRICT], ids=["district", *DISTRICT])
@pytest.mark.parametrize("who", WHO)
def test_the_observation_page_returns_nothing_the_scope_forbids(demo, people, scopes, who, school):
    forbidden = forbidden_for(people, who, names_of_teachers=False)
    for choice in CHOICES:
        assert_no_leak(observation_parts(demo, FILTERS[school], scopes[who], choice), forbidden)


def learning_parts(demo, filters: Filters, scope: Scope) -> list:
    view = learning_view(demo, filters, scope)
    return [view, hours_bars(view.hours_bands), *(before_after(c.rows) for c in view.comparisons)]


@pytest.mark.parametrize("school", [None, *DISTRICT], ids=["district", *DISTRICT])
@pytest.mark.parametrize("who", WHO)
def test_the_learning_page_returns_nothing_the_scope_forbids(demo, people, scopes, who, school):
    parts = learning_parts(demo, FILTERS[school], scopes[who])
    assert_no_leak(parts, forbidden_for(people, who, names_of_teachers=False))


def test_a_teacher_sees_only_her_own_hours_and_no_pair_on_the_learning_view(demo, scopes):
    # The menu offers the page to school leaders only; the view itself keeps a teacher to her
    # own rows all the same, and its counts stay the school's.
    view = learning_view(demo, FILTERS[MAPLE], scopes["teacher"])
    assert view.hours["staff_id"].tolist() == [OWN_ID]
    assert (view.hours_summary.teachers, view.pairs_total, len(view.pairs), len(view.new_teachers)) == (
        29,
        3,
        0,
        0,
    )
    assert view.own_rows_only


# --- the numbers a person would check -----------------------------------------------------------


def test_a_teacher_sees_their_own_row_in_every_observation_list(demo, scopes):
    view = observation_view(demo, FILTERS[MAPLE], scopes["teacher"], SETTINGS, ObservationChoice())
    assert view.visit_next[["teacher", "last_observer", "staff_id"]].values.tolist() == [
        ["Olivia James", "Sofia Brown", OWN_ID]  # the coach's walkthrough on Oct 27: 25 days, cycle 14
    ]
    assert (list(view.heat_map.counts.index), view.heat_map.teachers_total) == (
        ["⚠ Olivia James · 25/14 d"],
        29,
    )
    # Her two peer visits (two colleagues) are her row; of the 15 teachers who observed a peer, only hers.
    assert view.peer.table[["observer", "peer_visits", "colleagues_observed"]].values.tolist() == [
        ["Olivia James", 2, 2]
    ]
    # No leadership visit of hers and no visit of hers waiting for feedback (the 1 waiting is Grace Perez's).
    assert (len(view.observer_load), len(view.waiting), view.waiting_total, view.own_rows_only) == (
        0,
        0,
        1,
        True,
    )


def test_a_teacher_sees_the_same_school_figures_as_the_coach(demo, scopes):
    teacher, coach = (
        observation_view(demo, FILTERS[MAPLE], scopes[who], SETTINGS, ObservationChoice())
        for who in ("teacher", "coach")
    )
    assert (teacher.teachers, teacher.tiles, teacher.turnaround.equals(coach.turnaround)) == (
        29,
        coach.tiles,
        True,
    )
    assert (teacher.waiting_total, teacher.peer.visits, teacher.peer.observers) == (
        coach.waiting_total,
        coach.peer.visits,
        coach.peer.observers,
    )
    assert teacher.rubric_components.equals(coach.rubric_components)


def test_the_coach_sees_every_teacher_of_the_school_by_name(demo, scopes):
    view = observation_view(demo, FILTERS[MAPLE], scopes["coach"], SETTINGS, ObservationChoice())
    assert (len(view.visit_next), len(view.heat_map.counts), view.own_rows_only) == (29, 29, False)
    assert view.observer_load["observer"].tolist() == ["Santiago Scott", "Sofia Brown", "Kiara Jones"]


def test_the_goal_board_counts_other_teachers_and_classes_without_names_for_a_teacher(demo, scopes):
    board = goal_board_view(demo, FILTERS[MAPLE], scopes["teacher"], SETTINGS)
    texts = {
        item.area: (item.text, item.number)
        for item in board.attention
        if item.area in ("observations", "reading")
    }
    assert texts == {
        # She is one of the 6 (25 days): her own name, the other 5 counted.
        "observations": (
            "Teachers not observed in 21+ days (2 never observed): Olivia James and 5 more",
            "6 teachers",
        ),
        # Ms. Carter's and Mr. Cox's classes; hers logged more than half.
        "reading": (
            "2 classes where fewer than half the students logged reading in the last 7 days",
            "2 classes",
        ),
    }


def test_the_goal_board_names_teachers_and_classes_for_the_principal(demo, scopes):
    board = goal_board_view(demo, FILTERS[MAPLE], scopes["principal"], SETTINGS)
    texts = {item.area: item.text for item in board.attention if item.area in ("observations", "reading")}
    assert texts == {
        "observations": "Teachers not observed in 21+ days (2 never observed): Maya Gutierrez, "
        "Valentina Kowalski, Amelia Ford and 3 more",
        "reading": "Classes where fewer than half the students logged reading in the last 7 days: "
        "Kindergarten – Ms. Carter (12%), Grade 5 – Mr. Cox (33%)",
    }


def test_a_teacher_is_offered_only_their_homeroom_and_gets_its_names(demo, scopes, people):
    scope = scopes["teacher"]
    page = reading_page_view(demo, FILTERS[MAPLE], scope, SETTINGS, ReadingChoice())
    assert (page.names_allowed, page.name_classes) == (True, (HOMEROOM,))
    maple = people.sections[people.sections["school_id"] == MAPLE]["section_id"]
    counts = {s: len(reading_names(demo, FILTERS[MAPLE], scope, SETTINGS, ReadingChoice(), s)) for s in maple}
    assert {s: n for s, n in counts.items() if n} == {HOMEROOM: 5}  # 5 of Grade 5 – Ms. James's not logging


def test_the_coach_is_offered_no_student_name(demo, scopes, people):
    scope = scopes["coach"]
    page = reading_page_view(demo, FILTERS[MAPLE], scope, SETTINGS, ReadingChoice())
    assert (page.names_allowed, page.name_classes) == (False, ())
    maple = people.sections[people.sections["school_id"] == MAPLE]["section_id"]
    assert (
        sum(len(reading_names(demo, FILTERS[MAPLE], scope, SETTINGS, ReadingChoice(), s)) for s in maple) == 0
    )


def test_the_principal_is_offered_every_class_of_the_school(demo, scopes):
    page = reading_page_view(demo, FILTERS[MAPLE], scopes["principal"], SETTINGS, ReadingChoice())
    names = reading_names(demo, FILTERS[MAPLE], scopes["principal"], SETTINGS, ReadingChoice(), "HR-101-KB")
    assert (page.names_allowed, page.name_classes, len(names)) == (True, None, 18)


def test_no_name_is_offered_in_the_district_view(demo, scopes):
    pages = [reading_page_view(demo, FILTERS[None], scopes[who], SETTINGS, ReadingChoice()) for who in WHO]
    assert [(p.names_allowed, p.name_classes) for p in pages] == [(False, ())] * 3


def test_a_school_outside_the_scope_is_never_named_even_in_a_caption(demo, scopes):
    page = reading_page_view(demo, FILTERS["201"], scopes["principal"], SETTINGS, ReadingChoice())
    groups = subgroup_view(demo, FILTERS["201"], scopes["principal"], SETTINGS)
    assert page.caption == "As of Saturday, November 21, 2026. This school · all grades · all students."
    assert groups.caption.startswith("This school")


# --- the pages, signed in as the teacher --------------------------------------------------------

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-only",
    "client_id": "test-only",
    "client_secret": "test-only",
    "server_metadata_url": "http://localhost:9/.well-known/openid-configuration",
}


@pytest.fixture
def teacher_app(demo_app, monkeypatch, tmp_path):
    """The app with sign-in configured and the demo's teacher signed in (audit rows go to tmp_path)."""
    monkeypatch.setenv("SCHOOL_GOALS_APP_DB", str(tmp_path / "app.sqlite"))
    demo_app.secrets["auth"] = AUTH
    demo_app.user = {"is_logged_in": True, "email": EMAILS["teacher"]}
    return demo_app


def test_the_observation_page_shows_a_teacher_her_own_rows_and_says_why(teacher_app):
    at = open_page(teacher_app, "pages/observations.py")
    tables = {tuple(frame.value.columns)[:2]: frame.value for frame in at.dataframe}
    visit_next = next(frame for frame in tables.values() if "cycle_ratio" in frame.columns)
    assert visit_next[["teacher", "staff_id"]].values.tolist() == [["Olivia James", OWN_ID]]
    assert [info.value for info in at.info] == [words.own_rows_note()]
    assert words.no_own_rows() in shown_text(at)  # the observer load: she observed no one
    assert "Waiting for feedback as of Nov 21: 1 visit, 0 of them yours." in shown_text(at)


def test_the_goal_board_shows_a_teacher_counts_not_colleagues_names(teacher_app):
    at = open_page(teacher_app, "pages/overview.py")
    text = shown_text(at).replace("\\", "")  # the items are drawn Markdown-escaped ("21\\+")
    assert "Teachers not observed in 21+ days (2 never observed): Olivia James and 5 more" in text
    assert "2 classes where fewer than half the students logged reading in the last 7 days" in text
    assert "Maya Gutierrez" not in text and "Ms. Carter" not in text
