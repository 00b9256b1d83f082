"""Goal math with hand-computed numbers, on the 2026-27 calendar.

The reading scenario used by several tests: students log books every school day,
10 a day in the week of Mon 30 Nov, 20 a day the weeks of 7 and 14 Dec, 30 a day the
weeks of 4 and 11 Jan. Winter break (21 Dec - 1 Jan) and MLK day (Mon 18 Jan) are off.
Weekly totals: 50, 100, 100, (break), (break), 150, 150 -> 550 books by Fri 15 Jan.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from lib.core.goal import Goal
from lib.core.pace import (
    RecentRate,
    cumulative_total,
    expected_total,
    needed_per_week,
    pace_sentence,
    recent_rate,
    weekly_totals,
)
from lib.core.progress import (
    cumulative_status,
    goal_progress,
    level_change,
    progress_week_earlier,
    shown_total,
)
from lib.core.status import (
    AT_RISK,
    ENDED_MET,
    ENDED_MISSED,
    MET,
    NOT_STARTED,
    OFF_TRACK,
    ON_TRACK,
    slipped,
)

WINTER_BREAK = {date(2026, 12, d) for d in (21, 22, 23, 24, 25, 28, 29, 30, 31)} | {date(2027, 1, 1)}
MLK_DAY = date(2027, 1, 18)
DAYS_OFF = WINTER_BREAK | {MLK_DAY}
THANKSGIVING = {date(2026, 11, 26), date(2026, 11, 27)}
BOOKS_A_DAY_BY_WEEK = {
    date(2026, 11, 30): 10,
    date(2026, 12, 7): 20,
    date(2026, 12, 14): 20,
    date(2027, 1, 4): 30,
    date(2027, 1, 11): 30,
}


def school_week_logs(books_a_day_by_week: dict[date, float]) -> pd.DataFrame:
    """Daily rows Monday to Friday of each week, the same value every day."""
    rows = [
        (monday + timedelta(days=offset), books)
        for monday, books in books_a_day_by_week.items()
        for offset in range(5)
    ]
    return pd.DataFrame(rows, columns=["date", "value"])


def level_points(*dated_values: tuple[date, float]) -> pd.DataFrame:
    return pd.DataFrame(dated_values, columns=["period_end", "value"])


READING = school_week_logs(BOOKS_A_DAY_BY_WEEK)
BOOK_GOAL = Goal("books_read", 1000, date(2026, 11, 30), date(2027, 1, 29))
WINTER_GOAL = Goal("books_read", 1000, date(2026, 12, 14), date(2027, 1, 8))


# --- Cumulative: pace, weeks, rate, projection ------------------------------------


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2026, 12, 13), 0.0),  # the day before the start
        (date(2026, 12, 16), 300.0),  # Wednesday: 3 of 10 school days
        (date(2026, 12, 18), 500.0),  # the last school day before the break: 5 of 10
        (date(2026, 12, 31), 500.0),  # inside the break: still 5 of 10
        (date(2027, 1, 8), 1000.0),  # the end date
        (date(2027, 1, 20), 1000.0),  # after the end
    ],
)
def test_expected_total_pauses_during_winter_break(as_of, expected):
    # 14 Dec - 8 Jan holds 20 weekdays; the break takes 10, so each school day is 100 books.
    assert expected_total(WINTER_GOAL, as_of, WINTER_BREAK) == expected


def test_cumulative_total_counts_start_through_as_of_inclusive():
    daily = pd.DataFrame(
        {
            "date": [date(2026, 12, 13), date(2026, 12, 14), date(2026, 12, 18), date(2026, 12, 19)],
            "value": [100, 1, 2, 1000],
        }
    )
    # Only 14 Dec (1) and 18 Dec (2) fall in 14-18 Dec.
    assert cumulative_total(daily, date(2026, 12, 14), date(2026, 12, 18)) == 3.0


def test_cumulative_total_with_no_rows_is_zero():
    empty = pd.DataFrame({"date": pd.Series([], dtype="datetime64[s]"), "value": []})
    assert cumulative_total(empty, date(2026, 12, 14), date(2026, 12, 18)) == 0.0


def test_weekly_totals_skip_the_winter_break_weeks():
    daily = pd.concat([READING, pd.DataFrame({"date": [date(2026, 12, 23)], "value": [7]})])
    weeks = weekly_totals(daily, date(2026, 12, 14), date(2027, 1, 8), WINTER_BREAK)
    assert weeks.to_dict("records") == [
        {"week_start": date(2026, 12, 14), "total": 100.0, "school_days": 5, "complete": True},
        {"week_start": date(2027, 1, 4), "total": 150.0, "school_days": 5, "complete": True},
    ]


def test_reading_during_the_break_still_counts_in_the_total():
    daily = pd.concat([READING, pd.DataFrame({"date": [date(2026, 12, 23)], "value": [7]})])
    # 100 (week of 14 Dec) + 7 (23 Dec) + 150 (week of 4 Jan)
    assert cumulative_total(daily, date(2026, 12, 14), date(2027, 1, 8)) == 257.0


def test_recent_rate_averages_the_last_four_school_weeks_across_the_break():
    rate = recent_rate(READING, BOOK_GOAL.start_date, date(2027, 1, 15), DAYS_OFF)
    # Last 4 complete weeks: 100, 100, 150, 150 -> 125 a week; 500 books / 20 school days = 25.
    # Slowest week 20 a day, fastest 30 a day.
    assert rate == RecentRate(125.0, 25.0, 20.0, 30.0, weeks=4)


def test_week_of_as_of_does_not_count_before_its_last_school_day():
    rate = recent_rate(READING, BOOK_GOAL.start_date, date(2027, 1, 14), DAYS_OFF)
    # Thursday 14 Jan: that week is unfinished, so 50, 100, 100, 150 -> 100 a week.
    assert rate.per_week == 100.0


def test_week_ending_before_a_holiday_is_complete_on_its_last_school_day():
    daily = school_week_logs({date(2026, 11, 23): 10})  # Thanksgiving week; Thu and Fri off
    rate = recent_rate(daily, date(2026, 11, 23), date(2026, 11, 25), THANKSGIVING)
    # Mon-Wed 10 a day is a complete 3-day week: 30 a week, 10 a school day.
    assert (rate.weeks, rate.per_week, rate.per_school_day) == (1, 30.0, 10.0)


def test_recent_rate_before_any_complete_week_is_the_pace_so_far():
    rate = recent_rate(READING, date(2026, 11, 30), date(2026, 12, 2), DAYS_OFF)
    # Mon-Wed at 10 a day: 10 a school day, shown as 5 x 10 = 50 a week.
    assert rate == RecentRate(50.0, 10.0, 10.0, 10.0, weeks=0)


def test_recent_rate_before_the_first_school_day_is_none():
    assert recent_rate(READING, date(2026, 11, 28), date(2026, 11, 29), DAYS_OFF) is None


def test_projection_uses_school_days_left_and_weekly_spread():
    progress = goal_progress(BOOK_GOAL, READING, date(2027, 1, 15), DAYS_OFF)
    # School days after Fri 15 Jan through Fri 29 Jan: 19-22 Jan (MLK Monday off) + 25-29 Jan = 9.
    # projected = 550 + 25 x 9 = 775; low = 550 + 20 x 9 = 730; high = 550 + 30 x 9 = 820.
    assert (progress.current, progress.projected, progress.projected_low, progress.projected_high) == (
        550.0,
        775.0,
        730.0,
        820.0,
    )


def test_needed_per_week_spreads_the_rest_over_school_weeks_left():
    # 1000 - 550 = 450 books over 9 school days = 1.8 school weeks -> 250 a week.
    assert needed_per_week(BOOK_GOAL, 550.0, date(2027, 1, 15), DAYS_OFF) == 250.0


def test_needed_per_week_is_none_with_no_school_days_left():
    assert needed_per_week(BOOK_GOAL, 550.0, date(2027, 1, 29), DAYS_OFF) is None


@pytest.mark.parametrize(
    ("still_needed", "needed", "recent", "units", "sentence"),
    [
        (6200, 1240.0, RecentRate(1050.0, 210.0, 200.0, 220.0, 4), "books", "Needs 1,240 books a week; the last 4 weeks averaged 1,050."),
        (11, 2.2, RecentRate(2.0, 0.4, 0.4, 0.4, 1), "books", "Needs 3 books a week; last week had 2."),
        (900, 300.0, RecentRate(250.0, 50.0, 50.0, 50.0, 0), "minutes", "Needs 300 minutes a week; the pace so far is 250 a week."),
        (900, 300.0, None, "minutes", "Needs 300 minutes a week; no school week to compare with yet."),
        (0, 0.0, None, "books", "Target reached; no more books needed."),
        (1200, None, None, "minutes", "No school days left; 1,200 minutes short of the target."),
    ],
)  # fmt: skip
def test_pace_sentence(still_needed, needed, recent, units, sentence):
    assert pace_sentence(still_needed, needed, recent, units) == sentence


# --- Cumulative: status -----------------------------------------------------------


@pytest.mark.parametrize(
    ("projected", "status"),
    [(1000.0, ON_TRACK), (999.0, AT_RISK), (900.0, AT_RISK), (899.0, OFF_TRACK)],
)
def test_cumulative_status_boundaries(projected, status):
    # Target 1000: on track at 100% of target, at risk down to 90%, off track below.
    assert cumulative_status(BOOK_GOAL, date(2027, 1, 15), 500.0, projected, True)[0] == status


def test_cumulative_status_reason_quotes_the_projection():
    goal = Goal("books_read", 50_000, date(2026, 9, 1), date(2027, 1, 22))
    # 46,200 / 50,000 = 92.4%
    assert cumulative_status(goal, date(2026, 12, 1), 30_000.0, 46_200.0, True) == (
        AT_RISK,
        "Projected 46,200 of 50,000 books (92%) by Jan 22",
    )


def test_cumulative_goal_reaching_target_early_is_met():
    assert cumulative_status(BOOK_GOAL, date(2027, 1, 15), 1000.0, 1200.0, True)[0] == MET


def test_cumulative_goal_before_its_start_is_not_started():
    assert goal_progress(BOOK_GOAL, READING, date(2026, 11, 29), DAYS_OFF).status == NOT_STARTED


def test_cumulative_goal_with_no_logs_yet_is_not_started():
    progress = goal_progress(BOOK_GOAL, READING.iloc[:0], date(2026, 12, 4), DAYS_OFF)
    assert (progress.status, progress.status_reason) == (NOT_STARTED, "No books logged yet")


@pytest.mark.parametrize(("target", "status"), [(250, ENDED_MET), (251, ENDED_MISSED)])
def test_cumulative_goal_after_its_end_date_is_judged_on_the_final_total(target, status):
    goal = Goal("books_read", target, date(2026, 11, 30), date(2026, 12, 18))
    # Through 18 Dec: 50 + 100 + 100 = 250; January's logs fall after the end and don't count.
    progress = goal_progress(goal, READING, date(2027, 1, 15), DAYS_OFF)
    assert (progress.status, progress.current) == (status, 250.0)


# --- Level goals ------------------------------------------------------------------


def test_level_change_of_a_falling_gap_is_an_improvement():
    points = level_points((date(2026, 10, 1), 12.0), (date(2027, 1, 31), 9.0))
    change = level_change(points, date(2027, 2, 1), lower_is_better=True)
    assert (change.previous, change.current, change.change, change.direction, change.is_improvement) == (
        12.0,
        9.0,
        -3.0,
        "down",
        True,
    )


def test_level_change_sorts_by_period_end_and_skips_missing_values():
    points = level_points(
        (date(2027, 1, 31), 70.0), (date(2026, 10, 1), 60.0), (date(2026, 12, 1), float("nan"))
    )
    change = level_change(points, date(2027, 2, 1), lower_is_better=False)
    assert (change.previous, change.current, change.direction) == (60.0, 70.0, "up")


def test_level_change_ignores_points_after_as_of():
    points = level_points((date(2026, 10, 1), 60.0), (date(2027, 1, 31), 70.0))
    assert level_change(points, date(2027, 1, 30), lower_is_better=False).current == 60.0


@pytest.mark.parametrize(
    ("latest", "status"),
    [(60.0, MET), (55.0, ON_TRACK), (54.5, AT_RISK), (50.0, AT_RISK), (49.5, OFF_TRACK)],
)
def test_level_status_boundaries_by_distance_from_target(latest, status):
    # Target 60%: within 5 points on track, within 10 at risk, further off track.
    goal = Goal("percent_proficient", 60, date(2026, 9, 1), date(2027, 6, 1))
    points = level_points((date(2027, 1, 31), latest))
    assert goal_progress(goal, points, date(2027, 2, 1), set()).status == status


@pytest.mark.parametrize(
    ("previous", "latest", "status"),
    [
        (55.25, 55.0, ON_TRACK),  # down 0.25: flat, so 5 points short stays on track
        (55.5, 55.0, AT_RISK),  # down 0.5: the wrong way, one step worse
        (51.0, 50.0, OFF_TRACK),  # 10 short and falling
        (49.0, 50.0, AT_RISK),  # 10 short and rising: no extra step
    ],
)
def test_level_moving_the_wrong_way_is_one_step_worse(previous, latest, status):
    goal = Goal("observation_coverage", 60, date(2026, 9, 1), date(2027, 6, 1))
    points = level_points((date(2026, 12, 31), previous), (date(2027, 1, 31), latest))
    assert goal_progress(goal, points, date(2027, 2, 1), set()).status == status


@pytest.mark.parametrize(
    ("previous", "latest", "status"),
    [
        (12.0, 9.0, ON_TRACK),  # 1 point above target 8 and falling
        (8.5, 9.0, AT_RISK),  # 1 point above and rising by 0.5: wrong way
        (9.0, 8.0, MET),  # at the target
        (9.0, 7.5, MET),  # below the target
        (12.0, 14.0, OFF_TRACK),  # 6 points above and rising
    ],
)
def test_proficiency_gap_is_better_when_lower(previous, latest, status):
    goal = Goal("proficiency_gap", 8, date(2026, 9, 1), date(2027, 6, 1))
    points = level_points((date(2026, 10, 1), previous), (date(2027, 1, 31), latest))
    assert goal_progress(goal, points, date(2027, 2, 1), set()).status == status


def test_gap_goal_reason_and_flags():
    goal = Goal("proficiency_gap", 8, date(2026, 9, 1), date(2027, 6, 1))
    points = level_points((date(2026, 10, 1), 12.0), (date(2027, 1, 31), 9.0))
    progress = goal_progress(goal, points, date(2027, 2, 1), set())
    assert (progress.status_reason, progress.is_lower_better, progress.percent_of_target) == (
        "At 9.0 points, 1.0 points from the target of 8.0 points",
        True,
        None,
    )


def test_level_goal_with_no_points_yet_is_not_started():
    goal = Goal("reading_participation", 80, date(2026, 9, 1), date(2027, 6, 1))
    points = level_points((date(2026, 9, 30), 70.0))
    assert goal_progress(goal, points, date(2026, 9, 15), set()).status == NOT_STARTED


@pytest.mark.parametrize(("final", "status"), [(60.0, ENDED_MET), (58.0, ENDED_MISSED)])
def test_level_goal_after_its_end_date_is_judged_on_the_last_value_by_the_end(final, status):
    goal = Goal("percent_proficient", 60, date(2026, 9, 1), date(2027, 6, 5))
    # The 30 June point comes after the end date and is ignored.
    points = level_points((date(2026, 9, 30), 50.0), (date(2027, 6, 1), final), (date(2027, 6, 30), 70.0))
    assert goal_progress(goal, points, date(2027, 7, 1), set()).status == status


# --- Slipping from one week to the next ---------------------------------------------


@pytest.mark.parametrize(
    ("before", "now", "expected"),
    [
        (ON_TRACK, AT_RISK, True),
        (ON_TRACK, OFF_TRACK, True),
        (MET, AT_RISK, True),
        (AT_RISK, OFF_TRACK, False),  # already not on track last week
        (ON_TRACK, ON_TRACK, False),
        (ON_TRACK, ENDED_MISSED, False),  # ended goals are judged, not slipping
    ],
)
def test_slipped_means_on_track_then_at_risk_or_off_track(before, now, expected):
    assert slipped(before, now) is expected


def test_participation_goal_slipped_since_last_week():
    goal = Goal("reading_participation", 60, date(2026, 9, 1), date(2027, 6, 1))
    points = level_points((date(2027, 1, 8), 56.0), (date(2027, 1, 15), 53.0))
    # Fri 8 Jan: 56, 4 points short -> on track. Fri 15 Jan: 53, 7 short and falling -> off track.
    last_week = progress_week_earlier(goal, points, date(2027, 1, 15), set())
    this_week = goal_progress(goal, points, date(2027, 1, 15), set())
    assert (last_week.status, this_week.status, slipped(last_week.status, this_week.status)) == (
        ON_TRACK,
        OFF_TRACK,
        True,
    )


def test_unknown_metric_is_refused():
    with pytest.raises(ValueError):
        goal_progress(
            Goal("smiles", 1, date(2026, 9, 1), date(2027, 6, 1)), READING, date(2026, 10, 1), set()
        )


@pytest.mark.parametrize(
    ("value", "target", "shown"),
    [(199.6, 200, 199), (199.4, 200, 199), (200.0, 200, 200), (200.4, 200, 200), (43_790.4, 50_000, 43_790)],
)
def test_shown_total_never_rounds_up_to_a_missed_target(value, target, shown):
    assert shown_total(value, target) == shown


def test_projection_just_short_of_the_target_does_not_read_as_reaching_it():
    # 199.6 of 200 would round to "200 of 200 (100%)" beside an "at risk" status.
    status, reason = cumulative_status(
        Goal("books_read", 200, date(2026, 9, 1), date(2026, 9, 30)), date(2026, 9, 15), 100, 199.6, True
    )
    assert status == AT_RISK
    assert reason == "Projected 199 of 200 books (99%) by Sep 30"


def test_a_regions_headline_writes_its_counts_with_thousands_separators():
    from types import SimpleNamespace

    from lib.goals.board import Board

    cards = tuple(SimpleNamespace(status=ON_TRACK if i < 1000 else AT_RISK) for i in range(1169))
    board = Board(date(2027, 1, 22), cards)  # type: ignore[arg-type]
    assert board.headline == "1,000 of 1,169 goals met or on track as of Jan 22, 2027"
