"""The shared filters: labels, URL notices, URL parameters."""

from __future__ import annotations

from datetime import date

import pytest

from lib.core.filters import (
    ALL_SCHOOLS,
    FilterOptions,
    Filters,
    school_labels,
    sort_grades,
    subgroup_label,
    url_notices,
    url_params,
)

OPTIONS = FilterOptions({"101": "Maple", "201": "Cedar"}, ("K", "1"), date(2026, 8, 17), date(2026, 11, 21))


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("all", "All students"),
        ("english_learner", "English learners"),
        ("not:english_learner", "Not English learners"),
        ("sex:X", "Nonbinary (X)"),
        ("race:Two or More Races", "Two or More Races"),
    ],
)
def test_subgroup_labels_use_the_schools_words(code, label):
    assert subgroup_label(code) == label


def test_grades_sort_in_school_order():
    assert sort_grades(["10", "K", "2", "PK", "1"]) == ["PK", "K", "1", "2", "10"]


def test_two_schools_with_one_name_get_their_ids():
    assert school_labels({"1": "Lincoln", "2": "Lincoln", "3": "Adams"}) == {
        "1": "Lincoln (1)",
        "2": "Lincoln (2)",
        "3": "Adams",
    }


def test_district_view_has_every_school_and_is_offered_first():
    assert OPTIONS.school_choices == [ALL_SCHOOLS, "101", "201"]
    assert Filters(None, date(2026, 11, 21)).school_ids(list(OPTIONS.schools)) == ["101", "201"]


@pytest.mark.parametrize(
    ("raw", "notice"),
    [
        ({"school": "Nowhere"}, "The link names a school this data doesn't have (“Nowhere”)"),
        ({"as_of": "2026-13-01"}, "The link's as-of date “2026-13-01” isn't a date within the data"),
        ({"as_of": "2020-01-01"}, "The link's as-of date “2020-01-01” isn't a date within the data"),
        ({"grade": ["Grade 9"]}, "The link asks for a grade this data doesn't have (“Grade 9”)"),
        ({"subgroup": "Martians"}, "The link names an unknown student group (“Martians”)"),
    ],
)
def test_strange_url_values_get_a_short_notice(raw, notice):
    notices = url_notices(
        raw, ["Maple", "Cedar", "All schools"], OPTIONS.grades, OPTIONS.first_day, OPTIONS.last_day
    )
    assert len(notices) == 1 and notices[0].startswith(notice)


def test_good_url_values_get_no_notice():
    raw = {
        "school": "Maple",
        "as_of": "2026-10-01",
        "grade": ["Kindergarten"],
        "subgroup": "English learners",
    }
    assert url_notices(raw, ["Maple", "Cedar"], OPTIONS.grades, OPTIONS.first_day, OPTIONS.last_day) == []


def test_url_params_leave_defaults_out():
    filters = Filters("101", date(2026, 11, 21), ("K",), "english_learner")
    assert url_params(filters, OPTIONS) == {
        "school": "Maple",
        "grade": ["Kindergarten"],
        "subgroup": "English learners",
    }
