"""Feedback after observations: turnaround in school days, the 2-school-day rule, who is waiting.

School days are weekdays that are not a school's days off (lib/core/school_days.py), counted for
every school at once with lib/observations/calendar.py. Turnaround is
the school days strictly after the visit up to and including the feedback day: same day 0,
Friday visit with Monday feedback 1. Feedback is "within 2 school days" when it comes on or
before the deadline, 2 school days after the visit (`goal_series.feedback_deadlines`, the
goal board's rule), so this page and the goal card agree.

Everything is as of the end of the as-of date: feedback dated later counts as not given yet.
Visits carry their teacher's school_id; days off are per school.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from lib.core.metrics import FEEDBACK_DAYS, FEEDBACK_WINDOW_DAYS
from lib.core.numbers import percent
from lib.observations.calendar import DaysOffBySchool, SchoolCalendar

CALENDAR_MARGIN = timedelta(days=60)  # deadlines fall at most this far after the as-of date
LAST_BUCKET = 6  # turnarounds of 6 or more school days share one bar


@dataclass(frozen=True)
class FeedbackSummary:
    """Visits judged (deadline passed by the as-of date) and how many got feedback in time."""

    judged: int
    on_time: int

    @property
    def percent_on_time(self) -> float:
        return percent(self.on_time, self.judged)


def feedback_known(visits: pd.DataFrame, as_of: date) -> pd.Series:
    """feedback_on where it is on or before `as_of`; NaT where not given by then."""
    feedback = pd.to_datetime(visits["feedback_on"])
    return feedback.where(feedback <= pd.Timestamp(as_of))


def visits_calendar(visits: pd.DataFrame, as_of: date, days_off: DaysOffBySchool) -> SchoolCalendar:
    """The school days of the visits' schools from the first visit to well past the as-of date."""
    observed = pd.to_datetime(visits["observed_on"])
    first = min(observed.min().date(), as_of) if len(visits) else as_of
    return SchoolCalendar.build(
        visits["school_id"], days_off, first - timedelta(days=1), as_of + CALENDAR_MARGIN
    )


def deadlines(visits: pd.DataFrame, as_of: date, days_off: DaysOffBySchool) -> pd.Series:
    """Per visit, the last day feedback counts as on time: 2 school days after the visit.

    The same day as goal_series.feedback_deadlines gives (a visit on a weekend or day off
    counts from the school day before it), worked out for every school at once.
    """
    calendar = visits_calendar(visits, as_of, days_off)
    return calendar.add_school_days(visits["school_id"], visits["observed_on"], FEEDBACK_DAYS)


def turnaround_days(visits: pd.DataFrame, as_of: date, days_off: DaysOffBySchool) -> pd.Series:
    """School days from each visit to its feedback (NaN: no feedback by the as-of date)."""
    calendar = visits_calendar(visits, as_of, days_off)
    return calendar.school_days_after(
        visits["school_id"], visits["observed_on"], feedback_known(visits, as_of)
    )


def in_feedback_window(
    visits: pd.DataFrame, as_of: date, window_days: int = FEEDBACK_WINDOW_DAYS
) -> pd.Series:
    """True for visits in the `window_days` days ending on `as_of` (both ends included)."""
    observed = pd.to_datetime(visits["observed_on"])
    first = pd.Timestamp(as_of - timedelta(days=window_days - 1))
    return (observed >= first) & (observed <= pd.Timestamp(as_of))


def feedback_summary(visits: pd.DataFrame, as_of: date, days_off: DaysOffBySchool) -> FeedbackSummary:
    """On-time feedback among visits in the 28 days ending on `as_of` whose deadline has passed.

    The goal board's rule: a visit is judged once its deadline is on or before the as-of
    date; it is on time when feedback came on or before the deadline.
    """
    due = deadlines(visits, as_of, days_off)
    judged = in_feedback_window(visits, as_of) & (due <= pd.Timestamp(as_of))
    on_time = judged & (feedback_known(visits, as_of) <= due)
    return FeedbackSummary(judged=int(judged.sum()), on_time=int(on_time.sum()))


def bucket_label(days: float) -> str:
    """'0', '1', ... '5', '6+' school days, or 'not yet' for a visit still waiting."""
    if pd.isna(days):
        return "not yet"
    return f"{LAST_BUCKET}+" if days >= LAST_BUCKET else str(int(days))


BUCKETS = [str(k) for k in range(LAST_BUCKET)] + [f"{LAST_BUCKET}+", "not yet"]


def turnaround_distribution(visits: pd.DataFrame, as_of: date, days_off: DaysOffBySchool) -> pd.DataFrame:
    """Visits in the 28 days ending on `as_of` by feedback turnaround, in school days.

    Columns: turnaround ('0' ... '6+', 'not yet'), visits, within_rule (True for 0-2 days).
    Every bucket is present (0 visits where none).
    """
    recent = visits[in_feedback_window(visits, as_of)]
    labels = turnaround_days(recent, as_of, days_off).map(bucket_label)
    counts = labels.value_counts().reindex(BUCKETS, fill_value=0)
    within = [label.isdigit() and int(label) <= FEEDBACK_DAYS for label in BUCKETS]
    return pd.DataFrame({"turnaround": BUCKETS, "visits": counts.to_numpy(dtype=int), "within_rule": within})


def waiting_for_feedback(visits: pd.DataFrame, as_of: date, days_off: DaysOffBySchool) -> pd.DataFrame:
    """Visits with no feedback by the as-of date, longest wait first.

    school_days_waiting counts school days after the visit through the as-of date; late is
    True once the deadline is on or before the as-of date (the visit already missed the rule).
    """
    waiting = visits[feedback_known(visits, as_of).isna()]
    as_of_series = pd.Series(pd.Timestamp(as_of), index=waiting.index)
    calendar = visits_calendar(waiting, as_of, days_off)
    days = calendar.school_days_after(waiting["school_id"], waiting["observed_on"], as_of_series)
    due = calendar.add_school_days(waiting["school_id"], waiting["observed_on"], FEEDBACK_DAYS)
    table = waiting.assign(
        school_days_waiting=days.astype(int), deadline=due, late=due <= pd.Timestamp(as_of)
    )
    table = table.sort_values(["observed_on", "teacher_name"], kind="stable").reset_index(drop=True)
    table["status"] = np.where(table["late"], "⚠ Late", "Due soon")
    return table
