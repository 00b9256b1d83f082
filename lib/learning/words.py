"""The learning page's sentences and column headers: each number with its unit and time frame.

Plain strings rendered as Markdown: values from the school's files (school names, session
titles, rubric components) go through lib.core.text.markdown_escape here. Teacher names never
pass through here (they only appear in tables, and only as lib.learning.names allows).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from lib.core.metrics import MENTORING_LAPSE_DAYS, MENTORING_MEETINGS_PER_MONTH, MENTORING_MONTH_DAYS
from lib.core.text import markdown_escape, short_date
from lib.learning.comparison import NO_RATINGS, TOO_FEW, WINDOW_DAYS, WINDOW_OPEN
from lib.learning.staff import HoursSummary
from lib.privacy.suppression import MIN_TEACHERS

WEEKS = WINDOW_DAYS // 7

TABLES = {
    "sessions": {
        "date": "Date",
        "title": "Session",
        "where": "For",
        "hours": "Hours",
        "attended": "Teachers attended",
        "expected": "Teachers expected",
        "attendance_rate": "Attendance (%)",
        "focus": "Focus",
    },
    "comparison": {
        "group": "Teachers",
        "before": f"Avg. rating (1-4), {WEEKS} wk before",
        "after": f"Avg. rating (1-4), {WEEKS} wk after",
        "change": "Change (points)",
        "teachers_before": "Teachers rated before",
        "teachers_after": "Teachers rated after",
        "visits_before": "Visits before",
        "visits_after": "Visits after",
    },
    "hours": {
        "teacher": "Teacher",
        "school": "School",
        "sessions": "Sessions attended",
        "hours": "Hours this school year",
    },
    "pairs": {
        "status": "Status",
        "mentee_name": "New teacher",
        "mentor_name": "Mentor",
        "school": "School",
        "days_since_last_meeting": "Days since last meeting",
        "last_meeting": "Last meeting",
        "recent_meetings": f"Meetings, last {MENTORING_MONTH_DAYS} days",
        "meetings_per_month": "Meetings per month",
        "meetings": "Meetings so far",
        "start_date": "Paired since",
    },
    "new_teachers": {
        "teacher_name": "Teacher",
        "school": "School",
        "start_date": "Started",
        "mentor": "Mentor",
        "observations": "Leadership visits this school year",
        "last_feedback": "Last feedback",
    },
}
STATUS_LABELS = {
    "lapsed": f"⚠ No meeting in {MENTORING_LAPSE_DAYS}+ days",
    "meeting": "✓ Meeting",
    "new": "New pair",
    "ended": "Ended",
}
NO_MENTOR = "⚠ No mentor"


def page_caption(school_label: str, as_of: date, year_start: date) -> str:
    """'Maple Grove Elementary · as of Sat Nov 21, 2026 · this school year from Jul 1, 2026'."""
    return (
        f"{markdown_escape(school_label)} · as of {as_of:%a} {short_date(as_of, with_year=True)} · "
        f"this school year from {short_date(year_start, with_year=True)}"
    )


def definitions() -> str:
    """The page's definitions as a Markdown list."""
    return f"""
- **Teachers**: staff with the role *teacher*. The grade and student-group filters don't apply
  here: sessions, hours and mentoring are about a school's teachers.
- **Expected at a session**: the teachers of the school it is for (every school in view for a
  district-wide session) on staff by its day, and anyone listed in its attendance file.
  **Attendance** is attended ÷ expected.
- **Hours**: the hours of the sessions a teacher attended this school year (from July 1)
  through the as-of date. Teachers are listed by name, never ranked.
- **Before and after**: for each rubric component a session was on, the school's first such
  session this school year. Ratings on that component in leadership visits (never peer) in the
  {WEEKS} weeks before the session day and the {WEEKS} weeks after it, for the teachers who attended
  and for the others. A comparison shows once its {WEEKS} weeks after have passed, and only when
  each of its four figures stands on at least {MIN_TEACHERS} teachers: ratings are personnel
  records. Several schools add up the comparisons each school shows.
- **Mentoring**: a pair **meets twice a month** with {MENTORING_MEETINGS_PER_MONTH} or more meetings
  in the last {MENTORING_MONTH_DAYS} days; it is **lapsed** with no meeting in the last
  {MENTORING_LAPSE_DAYS} days. Meetings per month divide a pair's meetings by the months it has run.
- **New teacher**: start date within the 365 days before the as-of date.
"""


def hours_sentence(summary: HoursSummary, goal: pd.Series | None) -> str:
    """'29 teachers averaged 4.3 hours of PD this school year (median 5.0); 3 attended none.'
    plus the goal's target and how many reached it, when the school has a pd_hours goal."""
    if not summary.teachers or summary.average is None or summary.median is None:
        return "No teachers on staff by the as-of date."
    text = (
        f"{summary.teachers} teachers averaged **{summary.average:.1f} hours** of professional "
        f"learning this school year so far (median {summary.median:.1f} hours); "
        + (
            f"{summary.none} attended none."
            if summary.none
            else "every teacher attended at least one session."
        )
    )
    if goal is not None:
        text += (
            f" Goal *{markdown_escape(str(goal['title']))}*: {goal['target']:g} hours per teacher by "
            f"{short_date(goal['end_date'], with_year=True)}; {summary.reached} of {summary.teachers} teachers "
            "have reached it."
        )
    return text


def _moved(before: float, after: float) -> str:
    if round(after, 2) > round(before, 2):
        return f"rose from {before:.2f} to {after:.2f}"
    if round(after, 2) < round(before, 2):
        return f"fell from {before:.2f} to {after:.2f}"
    return f"stayed at {before:.2f}"


def comparison_sentence(focus: str, row: pd.Series) -> str:
    """ "Attendees' 3b ratings rose from 2.55 to 3.03 in the 6 weeks after; others' rose from
    2.45 to 2.53." (averages of 1-4 ratings)."""
    attended = _moved(row["attended_before_average"], row["attended_after_average"])
    others = _moved(row["others_before_average"], row["others_after_average"])
    return (
        f"Attendees' {markdown_escape(focus)} ratings {attended} in the {WEEKS} weeks after; "
        f"others' {others}."
    )


def comparison_heading(focus: str, title: str, schools: int) -> str:
    """'**3b** · Questioning that deepens discussion' (· '3 schools' in a view of several)."""
    heading = f"**{markdown_escape(focus)}** · {markdown_escape(title)}"
    return heading + (f" · {schools} schools" if schools > 1 else "")


def unit_note(row: pd.Series, school_label: str) -> str:
    """Why a school's comparison on a component is not shown (yet)."""
    where = f"{markdown_escape(school_label)}, {markdown_escape(str(row['focus']))} "
    session = f"(*{markdown_escape(str(row['title']))}*, {short_date(row['session_date'])})"
    if row["state"] == WINDOW_OPEN:
        return f"{where}{session}: the {WEEKS} weeks after end {short_date(row['window_ends'])}; the comparison shows from then."
    if row["state"] == NO_RATINGS:
        return f"{where}{session}: no ratings on it in the {WEEKS} weeks before or after."
    if row["state"] == TOO_FEW:
        return f"{where}{session}: not shown, fewer than {MIN_TEACHERS} teachers rated in a group."
    return ""


REASONS = {
    NO_RATINGS: f"no ratings on it in the {WEEKS} weeks before or after",
    TOO_FEW: f"fewer than {MIN_TEACHERS} teachers rated in a group",
}


def schools_note(focus: str, state: str, school_labels: list[str], first_end: date) -> str:
    """A view of several schools: one line per component and reason, naming up to 3 schools:
    '2d, not counted at 50 schools (Maple Grove Elementary, ... and 47 more): fewer than 5
    teachers rated in a group.' `first_end`: the earliest end of their 6 weeks after (said when
    that is the reason: '3b, not counted yet at 1 school (...): the 6 weeks after the session
    end Nov 30.')."""
    named = ", ".join(markdown_escape(label) for label in school_labels[:3])
    more = f" and {len(school_labels) - 3} more" if len(school_labels) > 3 else ""
    count = f"{len(school_labels)} school{'' if len(school_labels) == 1 else 's'}"
    if state != WINDOW_OPEN:
        return f"{markdown_escape(focus)}, not counted at {count} ({named}{more}): {REASONS[state]}."
    earliest = " at the earliest" if len(school_labels) > 1 else ""
    return (
        f"{markdown_escape(focus)}, not counted yet at {count} ({named}{more}): the {WEEKS} weeks after "
        f"the session end {short_date(first_end)}{earliest}."
    )


def pairs_caption(lapsed: int, pairs: int, twice: int, as_of: date) -> str:
    """How many pairs meet twice a month and how many have lapsed, as of the date."""
    if not pairs:
        return "No mentoring pairs in view by the as-of date."
    return (
        f"{twice} of {pairs} pairs met {MENTORING_MEETINGS_PER_MONTH} or more times in the "
        f"{MENTORING_MONTH_DAYS} days to {short_date(as_of)}; {lapsed} had no meeting in the last "
        f"{MENTORING_LAPSE_DAYS} days (listed first)."
    )


def own_rows_note() -> str:
    """Said where the person sees only their own rows of people."""
    return "You see your own rows only: the other teachers' rows are for school leaders. Counts cover every teacher."
