"""School days: weekdays that are not days off. Dates are checked against a 2026-27 calendar."""

from __future__ import annotations

from datetime import date

import pytest

from lib.core.school_days import (
    add_school_days,
    count_school_days,
    is_school_day,
    last_school_day_of_week,
    school_days_after,
    school_days_between,
    school_week_start,
    school_year_start,
)

# Thanksgiving Thu 26 and Fri 27 Nov 2026; MLK day Mon 18 Jan 2027.
THANKSGIVING = {date(2026, 11, 26), date(2026, 11, 27)}
MLK_DAY = date(2027, 1, 18)
WINTER_BREAK = {date(2026, 12, d) for d in (21, 22, 23, 24, 25, 28, 29, 30, 31)} | {date(2027, 1, 1)}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 23), True),  # Monday
        (date(2026, 11, 21), False),  # Saturday
        (date(2026, 11, 26), False),  # Thanksgiving, a Thursday
    ],
)
def test_is_school_day_needs_a_weekday_that_is_not_a_day_off(day, expected):
    assert is_school_day(day, THANKSGIVING) is expected


def test_school_days_between_includes_both_ends_and_skips_days_off():
    # Mon 23 Nov through Mon 30 Nov: Mon, Tue, Wed, then Thanksgiving and the weekend, then Mon.
    assert school_days_between(date(2026, 11, 23), date(2026, 11, 30), THANKSGIVING) == [
        date(2026, 11, 23),
        date(2026, 11, 24),
        date(2026, 11, 25),
        date(2026, 11, 30),
    ]


def test_school_days_between_an_inverted_range_is_empty():
    assert school_days_between(date(2026, 11, 30), date(2026, 11, 23), set()) == []


def test_count_school_days_counts_a_full_week_as_five():
    assert count_school_days(date(2026, 11, 16), date(2026, 11, 20), set()) == 5


def test_count_school_days_of_a_single_school_day_is_one():
    assert count_school_days(date(2026, 11, 16), date(2026, 11, 16), set()) == 1


def test_count_school_days_of_an_inverted_range_is_zero():
    assert count_school_days(date(2026, 11, 20), date(2026, 11, 16), set()) == 0


def test_count_school_days_skips_winter_break():
    # Mon 14 Dec 2026 to Fri 8 Jan 2027 is 20 weekdays; the break takes 10 of them.
    assert count_school_days(date(2026, 12, 14), date(2027, 1, 8), WINTER_BREAK) == 10


def test_count_school_days_agrees_with_the_listed_days_over_a_year():
    days_off = THANKSGIVING | WINTER_BREAK | {MLK_DAY}
    start, end = date(2026, 8, 17), date(2027, 8, 16)
    # 365 days = 52 weeks + 1 day (a Monday): 261 weekdays, minus 13 weekday days off.
    assert count_school_days(start, end, days_off) == len(school_days_between(start, end, days_off)) == 248


@pytest.mark.parametrize(
    ("observed", "days_off", "deadline"),
    [
        (date(2026, 11, 16), set(), date(2026, 11, 18)),  # Monday -> Wednesday
        (date(2026, 11, 20), set(), date(2026, 11, 24)),  # Friday -> Tuesday, over the weekend
        (date(2027, 1, 15), {MLK_DAY}, date(2027, 1, 20)),  # Friday -> Wednesday, MLK Monday off
        (date(2026, 11, 21), set(), date(2026, 11, 24)),  # a Saturday visit: Mon, Tue
    ],
)
def test_add_school_days_finds_the_feedback_deadline(observed, days_off, deadline):
    assert add_school_days(observed, 2, days_off) == deadline


def test_add_zero_school_days_is_the_same_day():
    assert add_school_days(date(2026, 11, 21), 0, set()) == date(2026, 11, 21)


def test_add_school_days_refuses_a_negative_count():
    with pytest.raises(ValueError):
        add_school_days(date(2026, 11, 20), -1, set())


@pytest.mark.parametrize(
    ("observed", "feedback", "days_off", "turnaround"),
    [
        (date(2026, 11, 20), date(2026, 11, 20), set(), 0),  # same day
        (date(2026, 11, 20), date(2026, 11, 23), set(), 1),  # Friday -> Monday
        (date(2027, 1, 15), date(2027, 1, 19), {MLK_DAY}, 1),  # Friday -> Tuesday after MLK Monday
        (date(2026, 11, 25), date(2026, 11, 30), THANKSGIVING, 1),  # Wednesday -> Monday over Thanksgiving
        (date(2026, 11, 23), date(2026, 11, 20), set(), 0),  # feedback dated before the visit
    ],
)
def test_school_days_after_measures_turnaround(observed, feedback, days_off, turnaround):
    assert school_days_after(observed, feedback, days_off) == turnaround


def test_feedback_on_the_deadline_is_two_school_days_after():
    observed = date(2026, 11, 25)  # the Wednesday before Thanksgiving
    deadline = add_school_days(observed, 2, THANKSGIVING)
    assert (deadline, school_days_after(observed, deadline, THANKSGIVING)) == (date(2026, 12, 1), 2)


@pytest.mark.parametrize(
    ("day", "monday"),
    [
        (date(2026, 11, 23), date(2026, 11, 23)),  # a Monday is its own week start
        (date(2026, 11, 29), date(2026, 11, 23)),  # Sunday belongs to the week before
    ],
)
def test_school_week_start_is_the_monday(day, monday):
    assert school_week_start(day) == monday


def test_last_school_day_of_thanksgiving_week_is_wednesday():
    assert last_school_day_of_week(date(2026, 11, 23), THANKSGIVING) == date(2026, 11, 25)


def test_a_week_inside_winter_break_has_no_last_school_day():
    assert last_school_day_of_week(date(2026, 12, 23), WINTER_BREAK) is None


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (date(2027, 1, 22), date(2026, 7, 1)),  # spring belongs to the year that began last July
        (date(2026, 7, 1), date(2026, 7, 1)),
        (date(2026, 6, 30), date(2025, 7, 1)),
    ],
)
def test_school_year_starts_on_july_first(day, start):
    assert school_year_start(day) == start
