"""Goal metrics: their units, how a value is written, which page explains them, and the
thresholds more than one page quotes (feedback deadline, notable gap change, mentoring)."""

from __future__ import annotations

import pandas as pd

from lib.core.contract import CUMULATIVE_METRICS, LEVEL_METRICS
from lib.core.numbers import percent_text

# Books and minutes goals add up a column of reading_logs; its name is also the unit.
CUMULATIVE_UNITS = {"books_read": "books", "minutes_read": "minutes"}
LOWER_IS_BETTER_METRICS = ("proficiency_gap",)
# Levels in hours that accrue through the year: their status compares them with even pace
# (lib.core.progress.paced_standing), not only with the target.
HOURS_METRICS = ("pd_hours",)
PERCENT_METRICS = tuple(m for m in LEVEL_METRICS if m not in LOWER_IS_BETTER_METRICS + HOURS_METRICS)
# Goals about teachers: they count every teacher (or mentoring pair) of the school, never students.
TEACHER_METRICS = ("observation_coverage", "feedback_within_2_days", "pd_hours", "mentoring_meetings")
METRIC_PAGES = {
    "books_read": "reading",
    "minutes_read": "reading",
    "reading_participation": "reading",
    "percent_proficient": "subgroups",
    "proficiency_gap": "subgroups",
    "observation_coverage": "observations",
    "feedback_within_2_days": "observations",
    "pd_hours": "learning",
    "mentoring_meetings": "learning",
}

FEEDBACK_DAYS = 2  # feedback counts as on time within this many school days
FEEDBACK_WINDOW_DAYS = 28  # a feedback figure covers visits in the 4 weeks before it
# A gap to all students that moved this many points (whole points) is worth a sentence on the
# subgroup page and, when it widened, an item in "Needs attention this week".
NOTABLE_GAP_CHANGE = 3.0
# Mentoring (issue 17): a pair "meets twice a month" with MENTORING_MEETINGS_PER_MONTH meetings
# or more in the MENTORING_MONTH_DAYS days ending on a day; it has lapsed with no meeting in
# MENTORING_LAPSE_DAYS days (the learning page lists it first; "Needs attention" names it).
MENTORING_MEETINGS_PER_MONTH = 2
MENTORING_MONTH_DAYS = 30
MENTORING_LAPSE_DAYS = 21


def metric_unit(metric: str) -> str:
    """'books', 'minutes', '%', 'points' (a gap) or 'hours' (PD hours per teacher)."""
    if metric in HOURS_METRICS:
        return "hours"
    return CUMULATIVE_UNITS.get(metric) or ("points" if metric in LOWER_IS_BETTER_METRICS else "%")


def format_value(metric: str, value: float | None) -> str:
    """A goal value with its unit: '31,909 books', '84%', '12.9 points', '6.5 hours'; '—' when missing."""
    if value is None or pd.isna(value):
        return "—"
    if metric in CUMULATIVE_METRICS:
        return f"{value:,.0f} {CUMULATIVE_UNITS[metric]}"
    if metric in LOWER_IS_BETTER_METRICS or metric in HOURS_METRICS:
        return f"{value:.1f} {metric_unit(metric)}"
    return percent_text(value)


# What each metric measures, in the goal form's words (data/README.md has the same list).
METRIC_NAMES = {
    "books_read": "Books read (running total)",
    "minutes_read": "Minutes read (running total)",
    "reading_participation": "Students who logged reading in the last 7 days (%)",
    "percent_proficient": "Proficient on benchmark assessments (%)",
    "proficiency_gap": "Proficiency gap between a group and all students (points)",
    "observation_coverage": "Teachers with a leadership visit in the last 14 days (%)",
    "feedback_within_2_days": "Visits with feedback within 2 school days (%)",
    "pd_hours": "Average hours of professional development attended per teacher (hours)",
    "mentoring_meetings": "Mentoring pairs meeting at least twice a month (%)",
}
