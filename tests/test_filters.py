"""The shared filters: labels, URL notices, URL parameters."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from lib.core.choices import GradeBands
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
from lib.privacy.bands import common_bands, fold_grades

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
        ({"school": "Nowhere"}, "The link names a school this data doesn't have (` Nowhere `)"),
        ({"as_of": "2026-13-01"}, "The link's as-of date ` 2026-13-01 ` isn't a date within the data"),
        ({"as_of": "2020-01-01"}, "The link's as-of date ` 2020-01-01 ` isn't a date within the data"),
        ({"grade": ["Grade 9"]}, "The link asks for a grade this data doesn't have (` Grade 9 `)"),
        ({"subgroup": "Martians"}, "The link names an unknown student group (` Martians `)"),
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


def test_a_link_value_is_shown_as_code_not_as_a_link():
    raw = {"school": "Session expired: [sign in again](https://evil.example/login)"}
    notices = url_notices(raw, ["Maple"], OPTIONS.grades, OPTIONS.first_day, OPTIONS.last_day)
    assert notices == [
        "The link names a school this data doesn't have "
        "(` Session expired: [sign in again](https://evil.example/login) `), so the default is shown."
    ]


def test_a_backtick_in_a_link_value_cannot_end_the_code():
    notices = url_notices({"subgroup": "a`b"}, [], OPTIONS.grades, OPTIONS.first_day, OPTIONS.last_day)
    assert notices == ["The link names an unknown student group (`` a`b ``), so all students are shown."]


def test_a_long_link_value_is_cut_short():
    raw = {"school": "x" * 100}
    notices = url_notices(raw, ["Maple"], OPTIONS.grades, OPTIONS.first_day, OPTIONS.last_day)
    assert f"(` {'x' * 59}… `)" in notices[0]


def test_fifty_bad_grades_give_one_notice_naming_three():
    raw = {"grade": [f"[g{n}](https://evil.example)" for n in range(50)]}
    notices = url_notices(raw, ["Maple"], OPTIONS.grades, OPTIONS.first_day, OPTIONS.last_day)
    assert notices == [
        "The link asks for 50 grades this data doesn't have (` [g0](https://evil.example) `, "
        "` [g1](https://evil.example) `, ` [g2](https://evil.example) ` and 47 more); they were left out."
    ]


@pytest.mark.parametrize("grade", ["3", "Grade 3", "K", "Kindergarten"])
def test_a_grade_by_its_code_or_its_label_needs_no_notice(grade):
    assert url_notices({"grade": [grade]}, [], ("K", "3"), OPTIONS.first_day, OPTIONS.last_day) == []


def test_url_params_leave_defaults_out():
    filters = Filters("101", date(2026, 11, 21), ("K",), "english_learner")
    assert url_params(filters, OPTIONS) == {
        "school": "Maple",
        "grade": ["Kindergarten"],
        "subgroup": "English learners",
    }


# Grade bands (lib.privacy.bands, lib.core.choices): counts worked out by hand, k = 10.


@pytest.mark.parametrize(
    ("counts", "bands"),
    [
        ({"3": 24, "4": 24, "5": 7}, [("3",), ("4", "5")]),  # 7 has one neighbour: 4 (31)
        # K (5) joins 1 (35); then 2 (8) joins the smaller neighbour, K-1 (35) not 3 (40): 43.
        ({"K": 5, "1": 30, "2": 8, "3": 40}, [("K", "1", "2"), ("3",)]),
        # 4 (3) joins 5 (4): 7, still small, joins 6 (20) not 3 (24): 27.
        ({"3": 24, "4": 3, "5": 4, "6": 20}, [("3",), ("4", "5", "6")]),
        ({"3": 12, "4": 5, "5": 12}, [("3", "4"), ("5",)]),  # a tie: the earlier neighbour
        ({"3": 24, "4": 0, "5": 10}, [("3",), ("5",)]),  # no students: not a band here; 10 is k
        ({"3": 4, "4": 3}, [("3", "4")]),  # a school of 7: one band
    ],
)
def test_small_grades_fold_into_the_smaller_neighbour(counts, bands):
    assert fold_grades(counts, 10) == bands


def test_district_bands_fit_every_schools_own_bands():
    # School A folds 4 into 3 (3-4: 25), school B folds 5 into 4 (4-5: 25): the district
    # offers one band 3-5; grades no school folds (K, 6) stay on their own.
    per_school = {"A": {"3": 20, "4": 5, "5": 20}, "B": {"3": 20, "4": 20, "5": 5, "6": 30}}
    grades = ["K", "3", "4", "5", "6"]
    assert common_bands(per_school, grades, 10) == [("K",), ("3", "4", "5"), ("6",)]


def test_a_band_spans_a_grade_with_no_students():
    # Grade 4 has no students here: 5 (7) folds into 3 (24), and the band holds 4 too.
    assert common_bands({"A": {"3": 24, "5": 7}}, ["3", "4", "5"], 10) == [("3", "4", "5")]


def test_any_union_of_bands_minus_another_is_0_or_at_least_k_in_every_school():
    per_school = {"A": {"3": 20, "4": 5, "5": 20, "6": 9, "7": 30}, "B": {"3": 11, "4": 40, "5": 3, "7": 12}}
    grades = ["3", "4", "5", "6", "7"]
    bands = common_bands(per_school, grades, 10)
    choices = [c for size in range(len(bands) + 1) for c in itertools.combinations(bands, size)]
    for school in per_school.values():
        for wider, narrower in itertools.product(choices, choices):
            if set(narrower) <= set(wider):
                left = {grade for band in wider for grade in band} - {g for band in narrower for g in band}
                students = sum(school.get(grade, 0) for grade in left)
                assert students == 0 or students >= 10, (wider, narrower)


SEVEN = GradeBands((("K",), ("3",), ("4", "5")))


def test_bands_are_offered_by_key_with_their_labels():
    assert SEVEN.keys == ["K", "3", "4-5"]
    assert SEVEN.labels == ["Kindergarten", "Grade 3", "Grades 4–5"]
    assert SEVEN.grades_of(["K", "4-5"]) == ("K", "4", "5")


@pytest.mark.parametrize(
    ("asked", "keys", "folded"),
    [
        (["Grade 5"], ["4-5"], ["Grade 5"]),  # an old link: the grade goes into its band
        (["5"], ["4-5"], ["5"]),
        (["Grade 4", "Grade 5"], ["4-5"], []),  # the whole band: nothing to tell
        (["Grades 4–5", "Kindergarten"], ["K", "4-5"], []),
        (["3-5"], ["3", "4-5"], []),  # another view's band
        (["Grade 9"], [], []),  # not here: url_notices says so
    ],
)
def test_grades_asked_for_map_to_their_bands(asked, keys, folded):
    assert SEVEN.choose(asked) == (keys, folded)


def test_a_folded_grade_gets_one_plain_notice():
    assert SEVEN.notice(["Grade 5"], ["4-5"], 10) == (
        "Grade 5 is shown within Grades 4–5: to protect student privacy, a grade of fewer than "
        "10 students is never shown on its own."
    )
    assert SEVEN.notice([], ["4-5"], 10) is None


def test_a_band_label_in_the_link_gets_no_notice():
    raw = {"grade": ["Grades 4–5"]}
    assert url_notices(raw, ["Maple"], ("3", "4", "5"), None, None, SEVEN.labels) == []
