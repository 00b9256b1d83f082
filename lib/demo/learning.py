"""The demo district's professional learning: PD sessions, who attended, mentoring pairs and meetings.

Sessions (only those held by the last day with data): each school's PD on questioning and
discussion (rubric component 3b, 3 hours) on its professional day of the semester (October in
the fall); each school's after-school session on classroom routines (2d, 1.5 hours) on the
Wednesday of the semester's third week; one district-wide session on reading conferences
(2 hours, focus the books goal) on the Thursday of the fourth week. About 70% of the teachers
expected at a session attend it.

The questioning PD shows in classrooms: after it, each of an attendee's ratings on 3b is one
point higher (4 at most) with probability PD_EFFECT (`ratings_after_pd`); the others' ratings
stay as they were drawn.

Mentoring: every first-year teacher is paired from the semester's first day (no end date) with
a veteran teacher of the same school. Pairs meet every 6 to 9 school days for 20 to 40 minutes,
except that in the first school one pair's meetings lapse after the last school day of October.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from lib.demo.names import RUBRIC_COMPONENTS
from lib.demo.observations import first_year_teachers
from lib.demo.people import rng_for
from lib.demo.plan import PROFESSIONAL_DAY, DistrictPlan

ATTENDANCE_RATE = 0.7
PD_EFFECT = 0.6  # chance that an attendee's rating on the session's focus rises by a point after it
MEETING_GAPS = (6, 10)  # school days between a pair's meetings (the upper bound excluded)
TOPICS = ("Classroom routines", "Planning a unit", "Questioning", "Student work", "Parent conferences")
QUESTIONING = ("Questioning that deepens discussion", 3.0, "3b")
ROUTINES = ("Classroom routines that give back time", 1.5, "2d")
CONFERENCES = ("Reading conferences", 2.0, "Read 50,000 books this semester")


def pd_sessions(plan: DistrictPlan) -> pd.DataFrame:
    """pd_sessions.csv rows: the sessions held from the semester's first day through data_end."""
    first = plan.semester.first_day
    rows: list[tuple[str, str | None, str, date, float, str]] = []
    for school in plan.schools:
        professional = _professional_day(plan, school.school_id)
        if professional is not None:
            rows.append((f"PD-{school.school_id}-Q", school.school_id, *_named(QUESTIONING, professional)))
        rows.append(
            (f"PD-{school.school_id}-R", school.school_id, *_named(ROUTINES, first + timedelta(days=16)))
        )
    rows.append(("PD-DISTRICT-C", None, *_named(CONFERENCES, first + timedelta(days=24))))
    frame = pd.DataFrame(rows, columns=["session_id", "school_id", "title", "date", "hours", "focus"])
    frame = frame[frame["date"] <= plan.data_end].sort_values(["date", "session_id"], ignore_index=True)
    return frame.assign(date=pd.to_datetime(frame["date"]))


def _named(session: tuple[str, float, str], day: date) -> tuple[str, date, float, str]:
    title, hours, focus = session
    return title, day, hours, focus


def _professional_day(plan: DistrictPlan, school_id: str) -> date | None:
    days = [d for d, what in plan.days_off[school_id].items() if what == PROFESSIONAL_DAY]
    within = [d for d in days if plan.semester.first_day <= d <= plan.semester.last_day]
    return min(within) if within else None


def pd_attendance(plan: DistrictPlan, sessions: pd.DataFrame, staff: pd.DataFrame) -> pd.DataFrame:
    """pd_attendance.csv rows: every teacher expected at a session (its school's, or all for a
    district-wide one), attended Y for about 70%."""
    teachers = staff[staff["role"] == "teacher"]
    parts = []
    for session in sessions.itertuples(index=False):
        expected = (
            teachers if pd.isna(session.school_id) else teachers[teachers["school_id"] == session.school_id]
        )
        came = rng_for(plan.seed, "pd attendance", session.session_id).random(len(expected)) < ATTENDANCE_RATE
        parts.append(
            pd.DataFrame(
                {
                    "session_id": session.session_id,
                    "staff_id": expected["staff_id"].to_numpy(),
                    "attended": np.where(came, "Y", "N"),
                }
            )  # fmt: skip
        )
    return (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=["session_id", "staff_id", "attended"])
    )


def ratings_after_pd(
    plan: DistrictPlan,
    ratings: pd.DataFrame,
    visits: pd.DataFrame,
    sessions: pd.DataFrame,
    attendance: pd.DataFrame,
) -> pd.DataFrame:
    """observation_ratings rows where attendees' ratings on a session's rubric component rise
    after it (visits after the session day); every other rating is unchanged."""
    rated = ratings.merge(visits[["observation_id", "teacher_id", "observed_on"]], on="observation_id")
    raised = rated["rating"].to_numpy().copy()
    for session in sessions[sessions["focus"].isin(RUBRIC_COMPONENTS)].itertuples(index=False):
        came = attendance[(attendance["session_id"] == session.session_id) & (attendance["attended"] == "Y")]
        after = (
            (rated["component"] == session.focus)
            & rated["teacher_id"].isin(came["staff_id"])
            & (rated["observed_on"] > session.date)
        ).to_numpy()
        rises = rng_for(plan.seed, "pd effect", session.session_id).random(len(rated)) < PD_EFFECT
        raised = np.where(after & rises, np.minimum(raised + 1, 4), raised)
    return ratings.assign(rating=raised)


def mentoring(plan: DistrictPlan, staff: pd.DataFrame) -> pd.DataFrame:
    """mentoring.csv rows: each first-year teacher with a veteran teacher of the same school."""
    teachers = staff[staff["role"] == "teacher"].reset_index(drop=True)
    new = first_year_teachers(plan, teachers)
    rows = []
    for school_id, mentees in teachers[new].groupby("school_id", sort=False):
        veterans = teachers[~new & (teachers["school_id"] == school_id)]["staff_id"].to_numpy()
        chosen = rng_for(plan.seed, "mentors", school_id).choice(veterans, size=len(mentees), replace=False)
        rows += [
            (mentor, mentee, plan.semester.first_day, None)
            for mentor, mentee in zip(chosen, mentees["staff_id"], strict=True)
        ]
    frame = pd.DataFrame(rows, columns=["mentor_id", "mentee_id", "start_date", "end_date"])
    return frame.assign(
        start_date=pd.to_datetime(frame["start_date"]), end_date=pd.to_datetime(frame["end_date"])
    )


def mentoring_meetings(plan: DistrictPlan, pairs: pd.DataFrame, staff: pd.DataFrame) -> pd.DataFrame:
    """mentoring_meetings.csv rows: each pair's meetings on school days through data_end."""
    school_of = dict(zip(staff["staff_id"], staff["school_id"], strict=True))
    lapsed = _lapsed_pair(plan, pairs, school_of)
    rows: list[tuple[str, str, date, int, str]] = []
    for pair in pairs.itertuples(index=False):
        days = plan.school_days_so_far(school_of[pair.mentee_id])
        rng = rng_for(plan.seed, "meetings", pair.mentor_id, pair.mentee_id)
        position = int(rng.integers(1, 4))
        while position < len(days):
            day = pd.Timestamp(days[position]).date()
            if (
                (pair.mentor_id, pair.mentee_id) == lapsed
                and day.month > 10
                and day.year == plan.semester.year_start
            ):
                break
            rows.append(
                (
                    pair.mentor_id,
                    pair.mentee_id,
                    day,
                    int(rng.integers(4, 9)) * 5,
                    TOPICS[len(rows) % len(TOPICS)],
                )
            )
            position += int(rng.integers(*MEETING_GAPS))
    frame = pd.DataFrame(rows, columns=["mentor_id", "mentee_id", "date", "minutes", "topic"])
    return frame.assign(date=pd.to_datetime(frame["date"]))


def _lapsed_pair(
    plan: DistrictPlan, pairs: pd.DataFrame, school_of: dict[str, str]
) -> tuple[str, str] | None:
    """The first school's first pair: its meetings stop after October."""
    first_school = plan.schools[0].school_id
    mine = pairs[[school_of[m] == first_school for m in pairs["mentee_id"]]]
    return (mine.iloc[0]["mentor_id"], mine.iloc[0]["mentee_id"]) if len(mine) else None
