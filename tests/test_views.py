"""The four pages' entry points on the demo district: a view reads only the schools in scope.

The demo has Maple Grove Elementary (101), Riverbend Middle (201) and Riverbend High (301).
A person whose scope is school 101 sees only 101 in the district view, and nothing at all
when the filters name another school. Names of students come back only when the scope allows.
"""

from __future__ import annotations

from datetime import date

import pytest

from lib.core import db as store
from lib.core.config import Settings
from lib.core.filters import Filters
from lib.core.scope import Scope
from lib.goals.view import goal_board_view
from lib.observations.view import ObservationChoice, observation_view
from lib.reading.view import ReadingChoice, reading_names, reading_page_view, reading_pickers
from lib.subgroups.view import subgroup_view

AS_OF = date(2026, 11, 21)
DISTRICT = Filters(school_id=None, as_of=AS_OF)
MAPLE = Filters(school_id="101", as_of=AS_OF)
MIDDLE = Filters(school_id="201", as_of=AS_OF)  # a school outside the scope below
MAPLE_ONLY = Scope(("101",))
MAPLE_WITH_NAMES = Scope(("101",), name_schools=frozenset({"101"}))
MAPLE_WITH_TEACHER_NAMES = Scope(("101",), teacher_name_schools=frozenset({"101"}))  # a coach
SETTINGS = Settings()
KINDERGARTEN_B = "HR-101-KB"  # the Maple class with the most students not logging


@pytest.fixture(scope="module")
def demo(demo_path):
    database = store.connect(demo_path, read_only=True)  # as the app opens it: one process may not mix modes
    yield database
    database.close()


def test_goal_board_district_view_lists_only_the_schools_in_scope(demo):
    board = goal_board_view(demo, DISTRICT, MAPLE_ONLY, SETTINGS)
    assert board.schools[["school_id", "school", "goals"]].values.tolist() == [
        ["101", "Maple Grove Elementary", 7]
    ]
    assert {card.school_id for card in board.cards} == {"101"}


def test_goal_board_of_a_school_outside_the_scope_is_empty(demo):
    board = goal_board_view(demo, MIDDLE, MAPLE_ONLY, SETTINGS)
    assert (board.cards, board.attention) == ((), ())


def test_reading_district_view_counts_only_the_schools_in_scope(demo):
    page = reading_page_view(demo, DISTRICT, MAPLE_ONLY, SETTINGS, ReadingChoice())
    assert page.view.places.values["school"].tolist() == ["Maple Grove Elementary"]
    assert page.view.goals["goal_id"].tolist() == ["G101-BOOKS"]


def test_reading_of_a_school_outside_the_scope_shows_no_one(demo):
    assert reading_pickers(demo, MIDDLE, MAPLE_ONLY, SETTINGS).goals == {}
    page = reading_page_view(demo, MIDDLE, MAPLE_ONLY, SETTINGS, ReadingChoice())
    assert (page.view.students_in_view, len(page.view.places.values), page.view.goal) == (0, 0, None)
    assert page.weekly_notice.text == "No students are on the roster for these filters on Nov 21."


def test_reading_offers_the_school_goal_and_its_students(demo):
    assert reading_pickers(demo, MAPLE, MAPLE_ONLY, SETTINGS).goals == {
        "G101-BOOKS": "Read 50,000 books this semester"
    }
    assert reading_page_view(demo, MAPLE, MAPLE_ONLY, SETTINGS, ReadingChoice()).view.students_in_view == 588


def test_reading_names_are_refused_when_the_scope_allows_no_names(demo):
    page = reading_page_view(demo, MAPLE, MAPLE_ONLY, SETTINGS, ReadingChoice())
    names = reading_names(demo, MAPLE, MAPLE_ONLY, SETTINGS, ReadingChoice(), KINDERGARTEN_B)
    assert (page.names_allowed, len(names)) == (False, 0)


def test_reading_names_list_one_class_when_names_are_allowed(demo):
    names = reading_names(demo, MAPLE, MAPLE_WITH_NAMES, SETTINGS, ReadingChoice(), KINDERGARTEN_B)
    assert len(names) == 18


def test_reading_names_of_a_class_outside_the_schools_in_view_are_empty(demo):
    names = reading_names(demo, MIDDLE, MAPLE_WITH_NAMES, SETTINGS, ReadingChoice(), KINDERGARTEN_B)
    assert len(names) == 0


def test_subgroup_district_view_counts_only_the_schools_in_scope(demo):
    report = subgroup_view(demo, DISTRICT, MAPLE_ONLY, SETTINGS).report("reading")
    everyone = report.trend.values[report.trend.values["subgroup"] == "all"]
    # Maple alone; the whole district tested 2,278 and 2,373.
    assert everyone["tested"].tolist() == [489, 489, 489, 585]


def test_subgroups_of_a_school_outside_the_scope_are_empty(demo):
    assert subgroup_view(demo, MIDDLE, MAPLE_ONLY, SETTINGS).reports == {}


def test_observation_district_view_lists_only_the_schools_in_scope(demo):
    view = observation_view(demo, DISTRICT, MAPLE_WITH_TEACHER_NAMES, SETTINGS, ObservationChoice())
    assert view.teachers == 29
    assert view.schools["school_id"].tolist() == ["101"]
    assert set(view.visit_next["school"]) == {"Maple Grove Elementary"}
    assert len(view.visit_next) == 29


def test_observations_list_no_teacher_when_the_scope_allows_no_teacher_names(demo):
    view = observation_view(demo, MAPLE, MAPLE_ONLY, SETTINGS, ObservationChoice())
    assert (view.teachers, len(view.visit_next), len(view.heat_map.counts), view.own_rows_only) == (
        29,
        0,
        0,
        True,
    )


def test_observations_of_a_school_outside_the_scope_are_empty(demo):
    view = observation_view(demo, MIDDLE, MAPLE_ONLY, SETTINGS, ObservationChoice())
    assert (view.teachers, len(view.visit_next), len(view.observer_load)) == (0, 0, 0)
