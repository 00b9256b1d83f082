"""The headline tiles of the observation page: each number with its unit, time frame and change.

The change is against the same figure one cycle earlier (as of `cycle_days` days before).
Deltas are strings ("+5 pts", "-2 teachers") so the page draws them as they are.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from lib.core.config import Cadence
from lib.core.metrics import FEEDBACK_DAYS, FEEDBACK_WINDOW_DAYS
from lib.core.numbers import percent, percent_text
from lib.core.school_days import school_week_start
from lib.core.text import short_date
from lib.observations.cadence import CoverageSummary
from lib.observations.feedback import FeedbackSummary


@dataclass(frozen=True)
class Figures:
    """The headline figures for one as-of date."""

    as_of: date
    coverage: CoverageSummary
    feedback: FeedbackSummary
    visits_this_week: int


@dataclass(frozen=True)
class Tile:
    """One st.metric: label, value and change, plus a line saying what the number counts."""

    label: str
    value: str
    delta: str | None
    delta_color: str  # normal (up is good) | inverse (down is good)
    delta_description: str
    detail: str
    help: str


def day_range(first: date, last: date) -> str:
    """'Nov 2-7', 'Oct 26-Nov 1', or 'Nov 2' for a single day."""
    if first == last:
        return short_date(first)
    end = str(last.day) if (first.year, first.month) == (last.year, last.month) else short_date(last)
    return f"{short_date(first)}-{end}"


def days_text(value: float) -> str:
    """'9 days', '1 day', 'never' (infinite: half or more never observed), '—' (no teachers)."""
    if math.isnan(value):
        return "—"
    if math.isinf(value):
        return "never"
    return f"{value:g} day" + ("" if value == 1 else "s")


def signed(value: float, unit: str) -> str | None:
    """'+5 pts', '-2 teachers', '0 days'; None when either side was missing or infinite."""
    if math.isnan(value) or math.isinf(value):
        return None
    number = f"{value:+.0f}" if value else "0"
    return f"{number} {unit}".rstrip()


def _coverage_tile(now: Figures, before: Figures, cadence: Cadence) -> Tile:
    cover = now.coverage
    goal_board = percent(cover.observed_in_cycle_days, cover.teachers)
    return Tile(
        "Observed in cycle",
        percent_text(cover.percent_observed),
        signed(cover.percent_observed - before.coverage.percent_observed, "pts"),
        "normal",
        f"vs {short_date(before.as_of)}",
        f"{cover.observed} of {cover.teachers} teachers had a counted visit in their cycle: the last "
        f"{cadence.cycle_days} days (first-year teachers: {cadence.first_year_days})",
        f"The goal board's coverage card holds every teacher, first-year teachers included, to "
        f"{cadence.cycle_days} days: {percent_text(goal_board)} by that count.",
    )


def _overdue_tile(now: Figures, before: Figures) -> Tile:
    cover = now.coverage
    return Tile(
        "Overdue",
        f"{cover.overdue}",
        signed(cover.overdue - before.coverage.overdue, ""),
        "inverse",
        f"vs {short_date(before.as_of)}",
        f"teachers not observed in their cycle, {cover.never_observed} of them never observed",
        "Overdue: no counted visit in the teacher's current cycle, never-observed teachers included.",
    )


def _median_tile(now: Figures, before: Figures) -> Tile:
    median = now.coverage.median_days
    return Tile(
        "Median wait",
        days_text(median),
        signed(median - before.coverage.median_days, "days"),
        "inverse",
        f"vs {short_date(before.as_of)}",
        f"days since each teacher's last counted visit, over {now.coverage.teachers} teachers",
        "Calendar days since each teacher's latest counted visit. Never-observed teachers count as "
        "the longest waits, so the median reads 'never' when half or more were never observed.",
    )


def _feedback_tile(now: Figures, before: Figures) -> Tile:
    feedback = now.feedback
    return Tile(
        "Feedback on time",
        percent_text(feedback.percent_on_time),
        signed(feedback.percent_on_time - before.feedback.percent_on_time, "pts"),
        "normal",
        f"vs {short_date(before.as_of)}",
        f"within {FEEDBACK_DAYS} school days: {feedback.on_time} of {feedback.judged} visits in the "
        f"{FEEDBACK_WINDOW_DAYS} days to {short_date(now.as_of)}",
        f"Visits in the {FEEDBACK_WINDOW_DAYS} days ending on the as-of date whose deadline "
        f"({FEEDBACK_DAYS} school days after the visit) has passed; the goal board's rule.",
    )


def _week_tile(now: Figures, before: Figures) -> Tile:
    monday = school_week_start(now.as_of)
    return Tile(
        "Visits this week",
        f"{now.visits_this_week}",
        signed(now.visits_this_week - before.visits_this_week, ""),
        "normal",
        f"vs {day_range(school_week_start(before.as_of), before.as_of)}",
        f"counted visits {day_range(monday, now.as_of)} (Monday to the as-of date)",
        "Weeks run Monday to Sunday; the earlier week is counted through the same weekday.",
    )


def headline_tiles(now: Figures, before: Figures, cadence: Cadence) -> list[Tile]:
    """The five tiles: coverage, overdue, median days, feedback on time, visits this week."""
    return [
        _coverage_tile(now, before, cadence),
        _overdue_tile(now, before),
        _median_tile(now, before),
        _feedback_tile(now, before),
        _week_tile(now, before),
    ]
