"""The pages' cached entry points draw their figures and tables once, with the view, so that a
page view served from the cache builds none (demo district, data through 2026-11-21)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from lib.core.config import Settings
from lib.core.filters import Filters
from lib.core.scope import Scope
from lib.goals.charts import card_bar
from lib.goals.view import goal_board_page
from lib.observations.view import ObservationChoice, observation_page
from lib.reading.view import ReadingChoice, reading_page_view, shown_table
from lib.subgroups.view import subgroup_page

AS_OF = date(2026, 11, 21)
DISTRICT = Filters(school_id=None, as_of=AS_OF)
MAPLE = Filters(school_id="101", as_of=AS_OF)
MAPLE_ONLY = Scope(("101",))
MAPLE_WITH_TEACHER_NAMES = Scope(("101",), teacher_name_schools=frozenset({"101"}))  # a coach
SETTINGS = Settings()
FLAG_GROUPS = ("english_learner", "special_education", "section_504", "economically_disadvantaged")


@pytest.fixture(scope="module")
def maple_board(demo_reader):
    return goal_board_page(demo_reader, MAPLE, MAPLE_ONLY, SETTINGS)


def test_a_school_board_draws_a_bar_for_each_of_its_seven_cards(maple_board):
    assert len(maple_board.board.cards) == 7
    assert sorted(maple_board.bars) == sorted(card.goal_id for card in maple_board.board.cards)


def test_the_books_bar_shows_now_target_even_pace_and_projection(maple_board):
    bar = maple_board.bars["G101-BOOKS"]
    assert [(trace.type, tuple(trace.x)) for trace in bar.data] == [
        ("bar", (32074.0,)),
        ("scatter", (50000.0,)),
        ("scatter", (34343.43434343435,)),
        ("scatter", (43790.45,)),
    ]
    assert [trace.text for trace in bar.data[1:]] == [("target",), ("even pace",), ("projected",)]


def test_the_district_board_draws_no_bars(demo_reader):
    assert goal_board_page(demo_reader, DISTRICT, MAPLE_ONLY, SETTINGS).bars == {}


def test_a_card_hidden_for_privacy_draws_no_bar(maple_board):
    (card,) = [card for card in maple_board.board.cards if card.goal_id == "G101-BOOKS"]
    assert card_bar(replace(card, hidden_reason="Hidden to protect student privacy")) is None


def test_a_card_without_a_value_yet_draws_no_bar(maple_board):
    (card,) = [card for card in maple_board.board.cards if card.goal_id == "G101-BOOKS"]
    assert card_bar(replace(card, progress=replace(card.progress, current=None))) is None


@pytest.fixture(scope="module")
def maple_groups(demo_reader):
    return subgroup_page(demo_reader, MAPLE, MAPLE_ONLY, SETTINGS)


def test_the_subgroup_page_draws_each_subject_and_measure_with_the_flag_groups(maple_groups):
    assert sorted(maple_groups.charts) == [
        ("math", "mean_scale_score", FLAG_GROUPS),
        ("math", "percent_proficient", FLAG_GROUPS),
        ("reading", "mean_scale_score", FLAG_GROUPS),
        ("reading", "percent_proficient", FLAG_GROUPS),
    ]


def test_the_groups_a_chart_starts_with_come_from_the_drawn_charts(maple_groups):
    chart = maple_groups.chart("reading", "percent_proficient", list(FLAG_GROUPS))
    assert chart is maple_groups.charts[("reading", "percent_proficient", FLAG_GROUPS)]
    assert [trace.name for trace in chart.data] == [
        "All students",
        "English learners",
        "Special education",
        "Section 504",
        "Economically disadvantaged",
    ]


def test_other_groups_are_drawn_for_the_page_view(maple_groups):
    chart = maple_groups.chart("reading", "percent_proficient", ["english_learner"])
    assert [trace.name for trace in chart.data] == ["All students", "English learners"]
    assert all(chart is not drawn for drawn in maple_groups.charts.values())


def test_a_subject_without_results_shows_the_first_subjects_chart(maple_groups):
    chart = maple_groups.chart("science", "mean_scale_score", list(FLAG_GROUPS))
    assert chart is maple_groups.charts[("math", "mean_scale_score", FLAG_GROUPS)]


def test_the_observation_page_draws_its_three_charts_for_a_coach(demo_reader):
    page = observation_page(demo_reader, MAPLE, MAPLE_WITH_TEACHER_NAMES, SETTINGS, ObservationChoice())
    assert [trace.type for trace in page.heat_map.data] == ["heatmap"]
    assert [trace.name for trace in page.turnaround.data] == [
        "Within 2 school days",
        "Later",
        "No feedback yet",
    ]
    assert [trace.name for trace in page.rubric_trend.data][:3] == ["1a", "2a", "2d"]


def test_no_heat_map_where_no_teacher_may_be_named(demo_reader):
    page = observation_page(demo_reader, MAPLE, MAPLE_ONLY, SETTINGS, ObservationChoice())
    assert page.report.heat_map.counts.empty
    assert page.heat_map is None


@pytest.fixture(scope="module")
def maple_reading(demo_reader):
    return reading_page_view(demo_reader, MAPLE, MAPLE_ONLY, SETTINGS, ReadingChoice())


def test_a_school_reading_page_has_its_four_tables_as_shown(maple_reading):
    assert sorted(maple_reading.tables) == [
        "reading_classes",
        "reading_grades",
        "reading_groups_table",
        "reading_not_logging",
    ]
    grades, as_text = maple_reading.tables["reading_grades"]
    assert grades["grade"].tolist()[:3] == ["Kindergarten", "Grade 1", "Grade 2"]
    assert grades["students"].tolist()[:3] == [100, 91, 106]
    assert as_text == frozenset()


def test_the_not_logging_table_lists_the_most_missing_class_first(maple_reading):
    table, _ = maple_reading.tables["reading_not_logging"]
    assert table.columns.tolist() == [
        "class",
        "teacher",
        "students",
        "not_logging_percent",
        "not_logging_percent_bar",
    ]
    assert table["class"].tolist()[:2] == ["Kindergarten – Ms. Carter", "Grade 5 – Mr. Cox"]
    assert table["not_logging_percent"].tolist()[:2] == ["72%", "56%"]


def test_the_district_reading_page_has_schools_grades_and_groups(demo_reader):
    page = reading_page_view(demo_reader, DISTRICT, MAPLE_ONLY, SETTINGS, ReadingChoice())
    assert sorted(page.tables) == ["reading_grades", "reading_groups_table", "reading_schools"]
    assert page.tables["reading_schools"][0]["school"].tolist() == ["Maple Grove Elementary"]


def test_a_table_of_chosen_classes_is_shown_like_the_whole_one(maple_reading):
    everyone, _ = maple_reading.tables["reading_classes"]
    chosen, _ = shown_table(maple_reading.view.places.rows([0, 2]), "reading_classes")
    assert chosen["class"].tolist() == ["Kindergarten – Mr. Kim", "Kindergarten – Ms. Carter"]
    assert chosen.columns.tolist() == everyone.columns.tolist()
