"""Series behind level goals, with hand-computed values."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from lib.goals.series import (
    coverage_points,
    day_array,
    feedback_deadlines,
    feedback_points,
    participation_points,
    proficiency_points,
)

THANKSGIVING = {date(2026, 11, 26), date(2026, 11, 27)}


def test_participation_is_loggers_over_enrolled():
    weekly = pd.DataFrame({"period_end": [date(2026, 11, 20)], "enrolled": [40], "participants": [30]})
    assert participation_points(weekly).to_dict("records") == [
        {"period_end": date(2026, 11, 20), "value": 75.0, "n": 40}
    ]


def test_coverage_is_observed_teachers_over_teachers():
    weekly = pd.DataFrame({"period_end": [date(2026, 11, 20)], "teachers": [29], "observed": [15]})
    assert coverage_points(weekly)["value"].round(1).tolist() == [51.7]


def test_gap_is_all_students_minus_the_group_in_points():
    windows = pd.DataFrame(
        {
            "period_end": [date(2026, 9, 18)],
            "school_year": ["2026-2027"],
            "window": ["BOY"],
            "n_all": [200],
            "proficient_all": [110],  # 55%
            "n_group": [20],
            "proficient_group": [6],  # 30%
        }
    )
    point = proficiency_points(windows, "proficiency_gap").iloc[0]
    assert (point["value"], point["n"], point["label"]) == (pytest.approx(25.0), 20, "BOY 2026-2027")
    assert proficiency_points(windows, "percent_proficient").iloc[0]["value"] == pytest.approx(30.0)


@pytest.mark.parametrize(
    ("observed", "deadline"),
    [
        (date(2026, 11, 20), date(2026, 11, 24)),  # Friday -> Tuesday across the weekend
        (date(2026, 11, 25), date(2026, 12, 1)),  # Wednesday before Thanksgiving Thu/Fri -> next Tuesday
        (date(2026, 11, 16), date(2026, 11, 18)),  # Monday -> Wednesday
    ],
)
def test_feedback_deadline_is_two_school_days_later(observed, deadline):
    assert feedback_deadlines(pd.Series(pd.to_datetime([observed])), THANKSGIVING).tolist() == [deadline]


def test_feedback_points_judge_only_visits_whose_deadline_has_passed():
    visits = pd.DataFrame(
        {
            "observed_on": pd.to_datetime(["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-20"]),
            # on time (Wed deadline), late (Thu deadline, Fri feedback), never, not judged yet
            "feedback_on": pd.to_datetime(["2026-11-18", "2026-11-20", None, None]),
        }
    )
    observed, feedback = day_array(visits["observed_on"]), day_array(visits["feedback_on"])
    points = feedback_points(observed, feedback, date(2026, 11, 16), date(2026, 11, 20), THANKSGIVING)
    # Deadlines: 11-18, 11-19, 11-20 judged by 11-20; 11-20's deadline is 11-24: not judged.
    assert points.to_dict("records") == [
        {"period_end": date(2026, 11, 20), "value": pytest.approx(100 / 3), "n": 3}
    ]
