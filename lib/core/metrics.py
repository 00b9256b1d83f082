"""Goal metrics: their units, how a value is written, which page explains them, and the
thresholds more than one page quotes (feedback deadline, notable gap change)."""

from __future__ import annotations

import pandas as pd

from lib.core.contract import CUMULATIVE_METRICS
from lib.core.numbers import percent_text

# Books and minutes goals add up a column of reading_logs; its name is also the unit.
CUMULATIVE_UNITS = {"books_read": "books", "minutes_read": "minutes"}
LOWER_IS_BETTER_METRICS = ("proficiency_gap",)
METRIC_PAGES = {
    "books_read": "reading",
    "minutes_read": "reading",
    "reading_participation": "reading",
    "percent_proficient": "subgroups",
    "proficiency_gap": "subgroups",
    "observation_coverage": "observations",
    "feedback_within_2_days": "observations",
}

FEEDBACK_DAYS = 2  # feedback counts as on time within this many school days
FEEDBACK_WINDOW_DAYS = 28  # a feedback figure covers visits in the 4 weeks before it
# A gap to all students that moved this many points (whole points) is worth a sentence on the
# subgroup page and, when it widened, an item in "Needs attention this week".
NOTABLE_GAP_CHANGE = 3.0


def metric_unit(metric: str) -> str:
    """'books', 'minutes', '%' or 'points'."""
    return CUMULATIVE_UNITS.get(metric) or ("points" if metric in LOWER_IS_BETTER_METRICS else "%")


def format_value(metric: str, value: float | None) -> str:
    """A goal value with its unit: '31,909 books', '84%', '12.9 points'; '—' when missing."""
    if value is None or pd.isna(value):
        return "—"
    if metric in CUMULATIVE_METRICS:
        return f"{value:,.0f} {CUMULATIVE_UNITS[metric]}"
    if metric in LOWER_IS_BETTER_METRICS:
        return f"{value:.1f} points"
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
}
