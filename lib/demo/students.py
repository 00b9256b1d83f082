"""The demo district's students: grades, homerooms, program flags and enrollment dates.

Student ids are seven digits with leading zeros ("0001001", ...), so a reader that turns
them into numbers breaks them. Shares (each school, before rounding): English learners
about 10% (mostly Hispanic or Asian students), special education 14%, section 504 3%,
economically disadvantaged 50%. Every student has a homeroom of their grade.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.core.contract import RACE_ETHNICITY, SEXES
from lib.demo.calendar import Semester, fall_semester
from lib.demo.names import FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES, NEUTRAL_FIRST_NAMES
from lib.demo.people import SchoolPlan, grade_counts, rng_for

RACE_SHARES = {
    "American Indian or Alaska Native": 0.015,
    "Asian": 0.08,
    "Black or African American": 0.18,
    "Hispanic or Latino": 0.30,
    "Native Hawaiian or Pacific Islander": 0.015,
    "White": 0.35,
    "Two or More Races": 0.06,
}
SEX_SHARES = {"F": 0.495, "M": 0.495, "X": 0.01}
# English learners come mostly from Hispanic and Asian families; 0.3*.22 + .08*.18 + .62*.03 = 10%.
ENGLISH_LEARNER_BY_RACE = {"Hispanic or Latino": 0.22, "Asian": 0.18}
OTHER_ENGLISH_LEARNER_SHARE = 0.03
SPECIAL_EDUCATION_SHARE = 0.14
SECTION_504_SHARE_OF_OTHERS = 0.035  # 504 plans go to students without an IEP: 3% of all
# Half of all students: English learners 75%, everyone else 47%.
DISADVANTAGED_SHARE = {True: 0.75, False: 0.472}
FIRST_SCHOOL_DAYS = 5  # late entrants and leavers move after the first week


def yes_no(flags: np.ndarray) -> np.ndarray:
    """Return "Y"/"N" for an array of booleans."""
    return np.where(flags, "Y", "N")


def _homerooms(rng: np.random.Generator, grades: np.ndarray, sections: pd.DataFrame) -> np.ndarray:
    """Deal each grade's students round-robin into that grade's homerooms, in random order."""
    homerooms = np.empty(len(grades), dtype=object)
    for grade, rooms in sections.groupby("grade_level", sort=False)["section_id"]:
        members = rng.permutation(np.flatnonzero(grades == grade))
        homerooms[members] = rooms.to_numpy()[np.arange(len(members)) % len(rooms)]
    return homerooms


def _names(rng: np.random.Generator, sexes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    pools = {"F": FEMALE_FIRST_NAMES, "M": MALE_FIRST_NAMES, "X": NEUTRAL_FIRST_NAMES}
    firsts = np.empty(len(sexes), dtype=object)
    for sex, pool in pools.items():
        firsts[sexes == sex] = rng.choice(pool, size=int((sexes == sex).sum()))
    return firsts, rng.choice(LAST_NAMES, size=len(sexes))


def _programs(rng: np.random.Generator, races: np.ndarray) -> dict[str, np.ndarray]:
    """Return the four program flags as booleans."""
    learner_share = np.array([ENGLISH_LEARNER_BY_RACE.get(r, OTHER_ENGLISH_LEARNER_SHARE) for r in races])
    learner = rng.random(len(races)) < learner_share
    special = rng.random(len(races)) < SPECIAL_EDUCATION_SHARE
    plan_504 = ~special & (rng.random(len(races)) < SECTION_504_SHARE_OF_OTHERS)
    disadvantaged = rng.random(len(races)) < np.where(
        learner, DISADVANTAGED_SHARE[True], DISADVANTAGED_SHARE[False]
    )
    return {
        "english_learner": learner,
        "special_education": special,
        "section_504": plan_504,
        "economically_disadvantaged": disadvantaged,
    }


def _enrollment_dates(
    rng: np.random.Generator, count: int, semester: Semester, data_days: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Entry on the first day of the school year; 5-10 students enter and 4-8 leave this semester.

    Both moves happen on school days after the first week and before `today`, so in the
    first week of a semester nobody has moved yet.
    """
    entry = np.full(count, np.datetime64(fall_semester(semester.year_start).first_day))
    leave = np.full(count, np.datetime64("NaT"), dtype="datetime64[D]")
    late_count, leaving_count = (min(int(rng.integers(*span)), count // 10) for span in ((5, 11), (4, 9)))
    moves = data_days[FIRST_SCHOOL_DAYS:]
    if len(moves) == 0:
        return entry, leave
    movers = rng.permutation(count)[: late_count + leaving_count]
    entry[movers[:late_count]] = rng.choice(moves, size=len(movers[:late_count]))
    leave[movers[late_count:]] = rng.choice(moves, size=len(movers[late_count:]))
    return entry, leave


def school_students(
    plan: SchoolPlan,
    sections: pd.DataFrame,
    semester: Semester,
    data_days: np.ndarray,
    seed: int,
    first_number: int,
) -> pd.DataFrame:
    """Return students.csv rows of one school, numbered from `first_number`, in grade order.

    `data_days` are the school days of the semester before `today`; entry and exit dates
    come from them.
    """
    rng = rng_for(seed, "students", plan.school_id)
    grades = np.repeat(plan.grades, list(grade_counts(plan, seed).values()))
    sexes = rng.choice(SEXES, size=len(grades), p=[SEX_SHARES[s] for s in SEXES])
    races = rng.choice(RACE_ETHNICITY, size=len(grades), p=[RACE_SHARES[r] for r in RACE_ETHNICITY])
    firsts, lasts = _names(rng, sexes)
    entry, leave = _enrollment_dates(rng, len(grades), semester, data_days)
    frame = {
        "student_id": [f"{first_number + k:07d}" for k in range(len(grades))],
        "school_id": plan.school_id,
        "grade_level": grades,
        "homeroom_section_id": _homerooms(rng, grades, sections),
        "first_name": firsts,
        "last_name": lasts,
        "sex": sexes,
        "race_ethnicity": races,
        **{name: yes_no(flags) for name, flags in _programs(rng, races).items()},
        "entry_date": entry,
        "exit_date": leave,
    }
    return pd.DataFrame(frame)


def students_table(
    plans: list[SchoolPlan],
    sections: pd.DataFrame,
    semester: Semester,
    data_days: dict[str, np.ndarray],
    seed: int,
) -> pd.DataFrame:
    """Return the district's students.csv rows; ids run from 0001001 in school order."""
    frames, next_number = [], 1001
    for plan in plans:
        rooms = sections[sections["school_id"] == plan.school_id]
        frames.append(school_students(plan, rooms, semester, data_days[plan.school_id], seed, next_number))
        next_number += plan.enrollment
    return pd.concat(frames, ignore_index=True)
