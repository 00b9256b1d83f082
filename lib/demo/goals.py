"""The demo district's goals: every goal metric appears at least once.

Per school kind (ids are G<school_id>-<NAME>):
- elementary: BOOKS (books_read, the semester challenge: 50,000 at the default size),
  READING (percent_proficient reading, 60), GRADE3 (percent_proficient reading in grade 3, 65)
- middle: MINUTES (minutes_read, set a little below the pace so far: on track),
  EL-GAP (proficiency_gap reading for english_learner, 15)
- high: PARTICIPATION (reading_participation, 75), READING (percent_proficient reading, 60),
  ED-MATH-GAP (proficiency_gap math for economically_disadvantaged, 10)
- every school: OBSERVED (observation_coverage, 90) and FEEDBACK (feedback_within_2_days, 90)
- the first school only: PD-HOURS (pd_hours, 12 hours per teacher) and MENTORING
  (mentoring_meetings, 100: the pair whose meetings lapse after October keeps it short)

Reading, observation, feedback and mentoring goals span the semester; proficiency and PD-hours
goals run from the first day of the school year to the end of this year's EOY testing week.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from lib.core.contract import TABLES
from lib.demo.calendar import district_days_off, fall_semester, testing_week_days
from lib.demo.people import SchoolPlan
from lib.demo.plan import DistrictPlan
from lib.demo.reading import challenge_target

MINUTES_GOAL_SHARE = 0.95  # of the minutes projected at the pace so far
MINUTES_ROUNDING = 50_000
GOAL_FIELDS = ("name", "title", "metric", "target", "span", "subject", "grade_level", "subgroup")
GoalSpec = tuple[str, str, str, int | None, str, str, str, str]  # one value per GOAL_FIELDS
# Targets of None are the school's own (books challenge, minutes pace); "{target:,}" writes them in the title.
# fmt: off
KIND_GOALS: dict[str, list[GoalSpec]] = {
    "elementary": [
        ("BOOKS", "Read {target:,} books this semester", "books_read", None, "semester", "", "", ""),
        ("READING", "60% proficient in reading by EOY", "percent_proficient", 60, "year", "reading", "", ""),
        ("GRADE3", "Grade 3: 65% proficient in reading", "percent_proficient", 65, "year", "reading", "3", ""),
    ],
    "middle": [
        ("MINUTES", "Read {target:,} minutes this semester", "minutes_read", None, "semester", "", "", ""),
        ("EL-GAP", "English learner reading gap down to 15 points", "proficiency_gap", 15, "year", "reading", "",
         "english_learner"),
    ],
    "high": [
        ("PARTICIPATION", "75% of students log reading each week", "reading_participation", 75, "semester", "", "",
         ""),
        ("READING", "60% proficient in reading by EOY", "percent_proficient", 60, "year", "reading", "", ""),
        ("ED-MATH-GAP", "Math gap for economically disadvantaged students under 10 points", "proficiency_gap", 10,
         "year", "math", "", "economically_disadvantaged"),
    ],
}
COMMON_GOALS: list[GoalSpec] = [
    ("OBSERVED", "Observe 90% of teachers", "observation_coverage", 90, "semester", "", "", ""),
    ("FEEDBACK", "Feedback within 2 school days for 90% of visits", "feedback_within_2_days", 90, "semester", "",
     "", ""),
]
FIRST_SCHOOL_GOALS: list[GoalSpec] = [
    ("PD-HOURS", "Every teacher 12 hours of professional learning", "pd_hours", 12, "year", "", "", ""),
    ("MENTORING", "Mentoring pairs meet twice a month", "mentoring_meetings", 100, "semester", "", "", ""),
]
# fmt: on
OWNER_ROLES = {  # who answers for each metric; reading goals belong to the principal
    "percent_proficient": "coach",
    "proficiency_gap": "coach",
    "feedback_within_2_days": "assistant_principal",
    "pd_hours": "coach",
}


def minutes_by_school(logs: pd.DataFrame, students: pd.DataFrame) -> dict[str, int]:
    """Return total logged minutes per school_id (logs' student_id is a categorical of students)."""
    per_student = np.bincount(logs["student_id"].cat.codes, weights=logs["minutes"], minlength=len(students))
    return pd.Series(per_student).groupby(students["school_id"].to_numpy()).sum().astype(int).to_dict()


def minutes_target(plan: DistrictPlan, school_id: str, minutes_so_far: int) -> int:
    """Return a minutes goal a school is on track to meet: 95% of its pace so far, rounded down."""
    calendar = plan.calendars[school_id]
    projected = minutes_so_far / max(calendar.school_days_so_far, 1) * calendar.semester_school_days
    return max(
        MINUTES_ROUNDING, math.floor(MINUTES_GOAL_SHARE * projected / MINUTES_ROUNDING) * MINUTES_ROUNDING
    )


def _eoy_end(plan: DistrictPlan) -> date:
    year = plan.semester.year_start
    return testing_week_days(year, "EOY", set(district_days_off(year)))[-1].item()


def _school_goals(
    school: SchoolPlan, spans: dict[str, tuple[date, date]], minutes: int, extra: list[GoalSpec]
) -> list[dict]:
    """Return one school's goal rows (without owner): its kind's, the common ones, then `extra`;
    books and minutes targets are the school's own.

    Rows keep the spec's name and span keys, which are not goals.csv columns.
    """
    computed = {"books_read": challenge_target(school), "minutes_read": minutes}
    rows = []
    for spec in KIND_GOALS[school.kind] + COMMON_GOALS + extra:
        goal: dict[str, Any] = dict(zip(GOAL_FIELDS, spec, strict=True))
        target = computed.get(goal["metric"], goal["target"])
        start, end = spans[goal["span"]]
        goal_id, title = f"G{school.school_id}-{goal['name']}", goal["title"].format(target=target)
        rows.append(
            goal | {"goal_id": goal_id, "school_id": school.school_id, "title": title, "target": target}
        )
        rows[-1] |= {"start_date": start, "end_date": end}
    return rows


def _owners(staff: pd.DataFrame, school_id: str) -> dict[str, str]:
    """Return {role: "Principal Okafor"}-style owner names of a school's leaders."""
    leaders = staff[(staff["school_id"] == school_id) & (staff["role"] != "teacher")]
    titles = {"principal": "Principal", "assistant_principal": "Assistant Principal", "coach": "Coach"}
    return {
        role: f"{titles[role]} {last}"
        for role, last in zip(leaders["role"], leaders["last_name"], strict=True)
    }


def goals_table(
    plan: DistrictPlan, staff: pd.DataFrame, logs: pd.DataFrame, students: pd.DataFrame
) -> pd.DataFrame:
    """Return goals.csv rows, owned by the school's principal, assistant principal or coach."""
    spans = {
        "semester": (plan.semester.first_day, plan.semester.last_day),
        "year": (fall_semester(plan.semester.year_start).first_day, _eoy_end(plan)),
    }
    rows, minutes_so_far = [], minutes_by_school(logs, students)
    for index, school in enumerate(plan.schools):
        minutes = minutes_target(plan, school.school_id, minutes_so_far.get(school.school_id, 0))
        owners = _owners(staff, school.school_id)
        extra = FIRST_SCHOOL_GOALS if index == 0 else []
        for goal in _school_goals(school, spans, minutes, extra):
            rows.append(goal | {"owner": owners[OWNER_ROLES.get(goal["metric"], "principal")]})
    frame = pd.DataFrame(rows, columns=TABLES["goals"].column_names)
    return frame.assign(
        start_date=pd.to_datetime(frame["start_date"]), end_date=pd.to_datetime(frame["end_date"])
    )
