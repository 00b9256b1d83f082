"""The demo district's benchmark results (assessments.csv) for reading and math.

Each student has a lasting ability per subject; a result is that ability, plus the
effect of the student's groups, plus growth through the year, plus a little noise,
turned into a scale score (150-250, proficient from 200) and a level 1-4. The group
effects make gaps a principal would recognise: English learners start about 25-30
points below all students in percent proficient and narrow the gap window by window,
special education students sit about 30 below, economically disadvantaged students
about 15 below in reading, while their math gap WIDENS over time.

Windows: BOY, MOY and EOY of the previous school year, plus every window of the
current year whose testing week ended before `today`. Kindergartners and students who
entered this semester have no previous-year results; nobody is tested outside their
enrollment.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.demo.calendar import district_days_off, fall_semester, school_year_label, testing_week_days
from lib.demo.people import rng_for
from lib.demo.plan import DistrictPlan
from lib.demo.reading import grade_numbers

SUBJECTS = ("reading", "math")
WINDOWS = ("BOY", "MOY", "EOY")
# (effect at the previous year's BOY, change per window), in standard deviations of ability.
GROUP_EFFECTS = {
    "english_learner": {"reading": (-0.80, 0.05), "math": (-0.70, 0.04)},
    "special_education": {"reading": (-1.20, 0.01), "math": (-1.20, 0.01)},
    "section_504": {"reading": (-0.20, 0.0), "math": (-0.20, 0.0)},
    "economically_disadvantaged": {"reading": (-0.75, 0.01), "math": (-0.50, -0.08)},
}
GROWTH_THROUGH_YEAR = {"BOY": 0.0, "MOY": 0.12, "EOY": 0.25}  # against grade-level expectations
PROFICIENT_OFFSET = 0.6  # about half of all students are proficient at BOY
POINTS_PER_SD = 15
LEVEL_CUTS = (187, 200, 215)  # scale scores that start levels 2, 3 and 4


def _abilities(seed: int, count: int) -> dict[str, np.ndarray]:
    """Return each student's lasting ability per subject (correlated, mean 0, sd 1) and growth."""
    rng = rng_for(seed, "ability")
    general = rng.normal(size=count)
    abilities = {s: 0.8 * general + 0.6 * rng.normal(size=count) for s in SUBJECTS}
    return abilities | {"growth": rng.normal(0, 0.12, size=count)}


def _group_effect(students: pd.DataFrame, who: np.ndarray, step: np.ndarray, subject: str) -> np.ndarray:
    """Return the summed effect of each result's student groups at that result's window step."""
    effect = np.zeros(len(who))
    for group, by_subject in GROUP_EFFECTS.items():
        start, change = by_subject[subject]
        effect += (students[group].to_numpy()[who] == "Y") * (start + change * step)
    return effect


def scale_scores(z: np.ndarray) -> np.ndarray:
    """Return scale scores 150-250 for standardised results; 200 is the proficient cut."""
    return np.clip(np.round(200 + POINTS_PER_SD * (z + PROFICIENT_OFFSET)), 150, 250).astype(int)


def performance_levels(scores: np.ndarray) -> np.ndarray:
    """Return levels 1-4 for scale scores; 3 and 4 are proficient."""
    return 1 + np.searchsorted(np.array(LEVEL_CUTS), scores, side="right")


def _tested(plan: DistrictPlan, students: pd.DataFrame, previous_year: bool, days: np.ndarray) -> np.ndarray:
    """Return a mask of the students with a result in a window whose testing days are `days`.

    Last year: students now past kindergarten who were here on this year's first day
    (late entrants are new to the district). This year: students enrolled through the window.
    """
    entry, leave = students["entry_date"].to_numpy(), students["exit_date"].to_numpy()
    if previous_year:
        first_day = np.datetime64(fall_semester(plan.semester.year_start).first_day)
        return (grade_numbers(students["grade_level"]) >= 1) & (entry <= first_day)
    return (entry <= days[0]) & (np.isnat(leave) | (leave > days[-1]))


def _window_rows(plan: DistrictPlan, students: pd.DataFrame, year_start: int, window: str) -> pd.DataFrame:
    """Return the students tested in one window of a school year, with their test dates (no scores yet).

    `step` counts windows from last year's BOY (0) to this year's EOY (5).
    """
    days = testing_week_days(year_start, window, set(district_days_off(year_start)))
    previous_year = year_start < plan.semester.year_start
    tested = _tested(plan, students, previous_year, days)
    rng = rng_for(plan.seed, "test dates", year_start, window)
    return pd.DataFrame(
        {
            "position": np.flatnonzero(tested),
            "school_year": school_year_label(year_start),
            "window": window,
            "test_date": rng.choice(days, size=int(tested.sum())),
            "step": 3 * (not previous_year) + WINDOWS.index(window),
        }
    )


def windows_so_far(plan: DistrictPlan) -> list[tuple[int, str]]:
    """Return (school year start, window) pairs with results: all of last year, this year's that ended."""
    this_year = plan.semester.year_start
    ended = [
        w
        for w in WINDOWS
        if testing_week_days(this_year, w, set(district_days_off(this_year)))[-1] < plan.today
    ]
    return [(this_year - 1, w) for w in WINDOWS] + [(this_year, w) for w in ended]


def _results(plan: DistrictPlan, students: pd.DataFrame, tested: pd.DataFrame, subject: str) -> pd.DataFrame:
    """Return `tested` with one subject's scale score and performance level."""
    ability = _abilities(plan.seed, len(students))
    who, step = tested["position"].to_numpy(), tested["step"].to_numpy()
    z = ability[subject][who] + ability["growth"][who] * step + _group_effect(students, who, step, subject)
    noise = rng_for(plan.seed, "results", subject).normal(0, 0.3, len(who))
    z += tested["window"].map(GROWTH_THROUGH_YEAR).to_numpy() + noise
    scores = scale_scores(z)
    return tested.assign(subject=subject, scale_score=scores, performance_level=performance_levels(scores))


def assessments(plan: DistrictPlan, students: pd.DataFrame) -> pd.DataFrame:
    """Return assessments.csv rows: every tested student, subject and window."""
    tested = pd.concat(
        [_window_rows(plan, students, y, w) for y, w in windows_so_far(plan)], ignore_index=True
    )
    rows = pd.concat([_results(plan, students, tested, subject) for subject in SUBJECTS], ignore_index=True)
    return rows.assign(student_id=students["student_id"].to_numpy()[rows["position"]])
