"""The shape of one demo district: its schools, its semester, and each school's days off.

Every other demo module takes a DistrictPlan, so the dates they use agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from lib.demo.calendar import (
    SchoolDays,
    Semester,
    current_semester,
    district_days_off,
    professional_days,
    school_calendar,
)
from lib.demo.people import SchoolPlan, plan_schools

PROFESSIONAL_DAY = "Professional development day (no students)"


@dataclass(frozen=True)
class DistrictPlan:
    """Everything the demo tables share: seed, dates and schools."""

    seed: int
    today: date
    semester: Semester  # the latest semester that began before today
    data_end: date  # last day with data: the day before today, or the semester's last day
    schools: tuple[SchoolPlan, ...]
    days_off: dict[str, dict[date, str]]  # school_id -> that school's weekday days off this school year
    calendars: dict[str, SchoolDays]  # school_id -> semester start through data_end

    def school_days_so_far(self, school_id: str) -> np.ndarray:
        """Return the school's school days from the semester's first day through data_end."""
        calendar = self.calendars[school_id]
        return calendar.days[calendar.is_school_day]


def _school_days_off(year_start: int, school_number: int) -> dict[date, str]:
    own = dict.fromkeys(professional_days(year_start, school_number), PROFESSIONAL_DAY)
    return district_days_off(year_start) | own


def plan_district(schools: int, students: int | None, seed: int, today: date) -> DistrictPlan:
    """Return the plan of a district with `schools` schools and about `students` students."""
    semester = current_semester(today)
    data_end = min(today - timedelta(days=1), semester.last_day)
    plans = tuple(plan_schools(schools, students))
    days_off = {p.school_id: _school_days_off(semester.year_start, p.number) for p in plans}
    calendars = {
        school_id: school_calendar(semester.first_day, data_end, semester.last_day, set(off))
        for school_id, off in days_off.items()
    }
    return DistrictPlan(seed, today, semester, data_end, plans, days_off, calendars)


def calendar_table(plan: DistrictPlan) -> pd.DataFrame:
    """Return calendar.csv rows: district days off (blank school_id), then each school's own days."""
    district = district_days_off(plan.semester.year_start)
    rows = [("", day, name) for day, name in sorted(district.items())]
    for school in plan.schools:
        own = sorted(set(plan.days_off[school.school_id]) - set(district))
        rows += [(school.school_id, day, PROFESSIONAL_DAY) for day in own]
    frame = pd.DataFrame(rows, columns=["school_id", "date", "description"])
    return frame.assign(date=pd.to_datetime(frame["date"]))
