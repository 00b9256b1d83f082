"""The demo district's classroom observations and their rubric ratings.

Coverage is uneven on purpose: in every school two veteran teachers are never observed,
first-year teachers are seen about weekly and everyone else every one to four weeks.
The principal, assistant principal and coach observe; a peer observation's observer is
another teacher. Feedback usually follows in 0-2 school days, sometimes 3-8; it is blank
when it would fall on or after `today` (so recent visits are waiting for feedback), and
never before the visit. Formal and informal observations carry 3-5 ratings (1-4, mostly
2-3) on Danielson-like components; a walkthrough rates one, the district's focus this year
(WALKTHROUGH_COMPONENT, 3b: questioning and discussion), so that a school's PD on it can be
seen in classrooms (lib/demo/learning.py raises attendees' ratings after the session).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from lib.core.contract import TABLES
from lib.core.school_days import as_date
from lib.demo.names import OBSERVATION_FOCUSES, RUBRIC_COMPONENTS
from lib.demo.people import rng_for
from lib.demo.plan import DistrictPlan

NEVER_OBSERVED_PER_SCHOOL = 2
FIRST_YEAR_INTERVAL = 5  # school days between visits: about weekly
OTHER_INTERVALS = (5, 20)  # one to four weeks
TYPE_SHARES = {"walkthrough": 0.65, "informal": 0.2, "formal": 0.05, "peer": 0.1}
DURATIONS = {"walkthrough": (10, 20), "informal": (15, 30), "formal": (30, 45), "peer": (20, 45)}
LEADER_SHARES = {"principal": 0.35, "assistant_principal": 0.35, "coach": 0.3}
FEEDBACK_DELAYS = np.array([0, 1, 2, 3, 4, 5, 6, 7, 8])  # school days after the visit
FEEDBACK_SHARES = np.array([0.50, 0.28, 0.10, 0.04, 0.03, 0.02, 0.015, 0.01, 0.005])
WALKTHROUGH_COMPONENT = "3b"
RATING_SHARES = {False: [0.04, 0.40, 0.45, 0.11], True: [0.08, 0.52, 0.36, 0.04]}  # by first-year


def never_observed(plan: DistrictPlan, teachers: pd.DataFrame, first_year: np.ndarray) -> set[str]:
    """Return the ids of one school's teachers who are never observed: two veterans."""
    veterans = teachers["staff_id"].to_numpy()[~first_year]
    rng = rng_for(plan.seed, "never observed", teachers["school_id"].iloc[0])
    return set(rng.choice(veterans, size=min(NEVER_OBSERVED_PER_SCHOOL, len(veterans)), replace=False))


def _visit_days(rng: np.random.Generator, interval: float, school_days: int) -> list[int]:
    """Return positions of visits among the school days so far, about `interval` days apart."""
    visits, position = [], int(rng.integers(3, int(3 + interval)))  # numpy truncates a float bound
    while position < school_days:
        visits.append(position)
        position += max(2, round(interval * rng.uniform(0.6, 1.4)))
    return visits


def _observer(rng: np.random.Generator, kind: str, teacher_id: str, school: dict[str, list[str]]) -> str:
    """Return who observed: another teacher for a peer visit, else a leader."""
    if kind == "peer":
        return str(rng.choice([t for t in school["teacher"] if t != teacher_id]))
    role = rng.choice(list(LEADER_SHARES), p=list(LEADER_SHARES.values()))
    return school[str(role)][0]


def _feedback_day(
    rng: np.random.Generator, visit: np.datetime64, plan: DistrictPlan, calendar: np.busdaycalendar
) -> date | None:
    """Return when feedback came (0-8 school days after the visit), or None if not given by today."""
    delay = int(rng.choice(FEEDBACK_DELAYS, p=FEEDBACK_SHARES))
    feedback = as_date(np.busday_offset(visit, delay, roll="forward", busdaycal=calendar))
    return feedback if feedback <= plan.data_end else None


def _duration(rng: np.random.Generator, kind: str) -> int:
    """Return minutes in the room, in steps of 5: short walkthroughs, long formal visits."""
    shortest, longest = DURATIONS[kind]
    return 5 * int(rng.integers(shortest // 5, longest // 5 + 1))


def _visit(
    rng: np.random.Generator,
    plan: DistrictPlan,
    school: dict[str, list[str]],
    teacher_id: str,
    day: np.datetime64,
    calendar: np.busdaycalendar,
) -> dict:
    """Return one observation of `teacher_id` on `day` (without its id)."""
    kind = str(rng.choice(list(TYPE_SHARES), p=list(TYPE_SHARES.values())))
    return {
        "teacher_id": teacher_id,
        "observer_id": _observer(rng, kind, teacher_id, school),
        "observed_on": day.item(),
        "observation_type": kind,
        "duration_minutes": _duration(rng, kind),
        "feedback_on": _feedback_day(rng, day, plan, calendar),
        "focus": str(rng.choice(OBSERVATION_FOCUSES)),
    }


def _teacher_visits(
    plan: DistrictPlan, school: dict[str, list[str]], teacher: pd.Series, first_year: bool
) -> list[dict]:
    """Return one teacher's observations this semester; `school` maps each role to its staff ids."""
    rng = rng_for(plan.seed, "observations", teacher["staff_id"])
    interval = FIRST_YEAR_INTERVAL if first_year else rng.uniform(*OTHER_INTERVALS)
    days = plan.school_days_so_far(teacher["school_id"])
    calendar = np.busdaycalendar(holidays=sorted(plan.days_off[teacher["school_id"]]))
    return [
        _visit(rng, plan, school, teacher["staff_id"], days[position], calendar) | {"first_year": first_year}
        for position in _visit_days(rng, interval, len(days))
    ]


def first_year_teachers(plan: DistrictPlan, staff: pd.DataFrame) -> np.ndarray:
    """Return a mask of staff who started this school year (start_date on or after July 1)."""
    return (staff["start_date"] >= pd.Timestamp(plan.semester.year_start, 7, 1)).to_numpy()


def _school_visits(plan: DistrictPlan, school_staff: pd.DataFrame) -> list[dict]:
    """Return one school's observations: every teacher's but the two never observed."""
    teachers = school_staff[school_staff["role"] == "teacher"]
    new = first_year_teachers(plan, teachers)
    skipped = never_observed(plan, teachers, new)
    by_role = school_staff.groupby("role")["staff_id"].agg(list).to_dict()
    visits = []
    for (_, teacher), first_year in zip(teachers.iterrows(), new, strict=True):
        if teacher["staff_id"] not in skipped:
            visits += _teacher_visits(plan, by_role, teacher, bool(first_year))
    return visits


def observations(plan: DistrictPlan, staff: pd.DataFrame) -> pd.DataFrame:
    """Return observations.csv rows, oldest first, with ids OB00001, OB00002, ...

    The extra column first_year (the observed teacher's) feeds the ratings.
    """
    visits = []
    for _, school_staff in staff.groupby("school_id", sort=False):
        visits += _school_visits(plan, school_staff)
    columns = [c for c in TABLES["observations"].column_names if c != "observation_id"] + ["first_year"]
    frame = pd.DataFrame(visits, columns=columns).sort_values(
        ["observed_on", "teacher_id"], ignore_index=True
    )
    frame.insert(0, "observation_id", [f"OB{k:05d}" for k in range(1, len(frame) + 1)])
    return frame.assign(
        observed_on=pd.to_datetime(frame["observed_on"]), feedback_on=pd.to_datetime(frame["feedback_on"])
    )


def observation_ratings(plan: DistrictPlan, visits: pd.DataFrame) -> pd.DataFrame:
    """Return observation_ratings.csv rows: 3-5 rubric components per formal or informal visit,
    and the focus component (3b) per walkthrough, ordered as the visits."""
    rng = rng_for(plan.seed, "ratings")
    rows = []
    rated = visits[visits["observation_type"].isin(["formal", "informal"])]
    for observation_id, first_year in zip(rated["observation_id"], rated["first_year"], strict=True):
        count = int(rng.integers(3, 6))
        components = sorted(rng.choice(RUBRIC_COMPONENTS, size=count, replace=False))
        ratings = rng.choice([1, 2, 3, 4], size=count, p=RATING_SHARES[bool(first_year)])
        rows += [(observation_id, str(c), int(r)) for c, r in zip(components, ratings, strict=True)]
    frame = pd.DataFrame(rows, columns=["observation_id", "component", "rating"])
    walks = visits[visits["observation_type"] == "walkthrough"]
    walk_rng = rng_for(plan.seed, "walkthrough ratings")  # its own stream: the rows above stay as they were
    focus = pd.DataFrame(
        {
            "observation_id": walks["observation_id"].to_numpy(),
            "component": WALKTHROUGH_COMPONENT,
            "rating": [
                int(walk_rng.choice([1, 2, 3, 4], p=RATING_SHARES[bool(f)])) for f in walks["first_year"]
            ],
        }
    )
    both = pd.concat([frame, focus], ignore_index=True)
    return both.sort_values(["observation_id", "component"], ignore_index=True)
