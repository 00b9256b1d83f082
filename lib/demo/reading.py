"""The demo district's reading logs, drawn for every student and day at once with numpy.

A student's chance of logging on a day is their own habit times their class's
enthusiasm times the day's rhythm (Monday high, Friday low, weekends lower, days off
never); a day with a log often has several reading sessions. About 8% of students never
log, and two or three classes per school fade in the last three weeks (well under half
of them log in the latest week). Logs run from the first day of the semester to the day
before `today` and only while the student is enrolled (entry_date <= day < exit_date).

Elementary schools run a books challenge (`challenge_target`): books are sized so the
school is slightly ahead of pace for the first 60% of the school days so far, then
logging slips so that the total projected at the recent rate ends near 88% of target.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.demo.calendar import SchoolDays, weekdays
from lib.demo.names import CHAPTER_BOOKS, PICTURE_BOOKS, YOUNG_ADULT_BOOKS
from lib.demo.people import DEFAULT_ENROLLMENT, SchoolPlan, rng_for

NEVER_LOG_SHARE = 0.08
# Monday .. Sunday: people log most on Monday, least on Friday; weekends are lighter.
DAY_RHYTHM = np.array([1.0, 0.93, 0.88, 0.82, 0.64, 0.5, 0.56])
HABIT = {"elementary": (8.0, 2.0), "middle": (5.0, 2.0), "high": (3.0, 2.0)}  # beta(a, b) per student
EXTRA_SESSIONS = 1.55  # mean extra logs (Poisson) on a day a student reads
FADING_DAYS = 21  # fading classes log at FADING_FACTOR over the last three weeks
FADING_FACTOR = 0.1
# Indexed by grade number (K = 0): mean minutes per log, and books weight (picture books go fast).
MINUTES_MEAN = np.array([14, 15, 16, 18, 19, 20, 21, 21, 21, 23, 23, 23, 23])
BOOK_WEIGHT = np.array([4.0, 4.0, 3.5, 1.6, 1.2, 1.0])
BOOK_CHANCE = {"middle": 0.08, "high": 0.06}  # a book finishes every week or two
CHALLENGE_BOOKS_PER_STUDENT = 50_000 / DEFAULT_ENROLLMENT["elementary"]
ON_PACE_SHARE, ON_PACE_FACTOR = 0.6, 1.03
PROJECTED_SHARE = 0.88
SLIP_PARTICIPATION = 0.85
TITLES = PICTURE_BOOKS + CHAPTER_BOOKS + YOUNG_ADULT_BOOKS


def challenge_target(plan: SchoolPlan) -> int:
    """Return an elementary school's semester books goal: 50,000 at the default size, else scaled.

    Rounded to the nearest 1,000 (at least 1,000).
    """
    return max(1000, int(round(plan.enrollment * CHALLENGE_BOOKS_PER_STUDENT, -3)))


def _class_enthusiasm(rng: np.random.Generator, sections: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Return (class, day) multipliers: steady classes vary a little, 2-3 fade in the last three weeks."""
    enthusiasm = np.repeat(np.exp(rng.normal(0, 0.2, len(sections)))[:, None], len(days), axis=1)
    fading = rng.choice(len(sections), size=min(int(rng.integers(2, 4)), len(sections)), replace=False)
    enthusiasm[np.ix_(fading, np.flatnonzero(days > days[-1] - FADING_DAYS))] = FADING_FACTOR
    return enthusiasm


def _enrolled(students: pd.DataFrame, days: np.ndarray) -> np.ndarray:
    """Return a (student, day) mask: on or after entry_date and before exit_date."""
    entry = students["entry_date"].to_numpy().astype("datetime64[D]")
    leave = students["exit_date"].to_numpy().astype("datetime64[D]")
    leave = np.where(np.isnat(leave), days[-1] + 1, leave)
    return (days[None, :] >= entry[:, None]) & (days[None, :] < leave[:, None])


def challenge_phases(target: int, semester_days: int, days_so_far: int) -> tuple[int, float, float]:
    """Return (on-pace school days, books expected in them, books expected in the school days since).

    The first 60% of the school days so far run 3% ahead of the even pace (target spread
    over the semester's school days); the rest run at the slower rate that, kept up to the
    end, leaves the school at 88% of target (at least 40% of the even pace).
    """
    on_pace_days = max(round(ON_PACE_SHARE * days_so_far), 1)
    even_pace = target / semester_days
    slip = (PROJECTED_SHARE * semester_days - ON_PACE_FACTOR * on_pace_days) / max(
        semester_days - on_pace_days, 1
    )
    slipped_pace = even_pace * min(max(slip, 0.4), 1.0)
    return (
        on_pace_days,
        ON_PACE_FACTOR * even_pace * on_pace_days,
        slipped_pace * (days_so_far - on_pace_days),
    )


def _split_day(calendar: SchoolDays) -> np.datetime64:
    """Return the last day of the challenge's on-pace phase."""
    on_pace_days, _, _ = challenge_phases(1, calendar.semester_school_days, calendar.school_days_so_far)
    return calendar.days[calendar.is_school_day][on_pace_days - 1]


def _log_chances(plan: SchoolPlan, students: pd.DataFrame, calendar: SchoolDays, seed: int) -> np.ndarray:
    """Return each (student, day) chance of logging at least once."""
    rng = rng_for(seed, "logging", plan.school_id)
    habit = rng.beta(*HABIT[plan.kind], size=len(students)) * (rng.random(len(students)) >= NEVER_LOG_SHARE)
    codes, sections = pd.factorize(students["homeroom_section_id"])
    rhythm = np.where(calendar.is_day_off, 0.0, DAY_RHYTHM[weekdays(calendar.days)])
    if plan.kind == "elementary":
        rhythm = np.where(calendar.days > _split_day(calendar), rhythm * SLIP_PARTICIPATION, rhythm)
    chances = habit[:, None] * _class_enthusiasm(rng, np.asarray(sections), calendar.days)[codes] * rhythm
    return np.clip(chances, 0, 0.98) * _enrolled(students, calendar.days)


def _draw_logs(rng: np.random.Generator, chances: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (student position, day position) of every log: a reading day, plus extra sessions."""
    student, day = np.nonzero(rng.random(chances.shape, dtype=np.float32) < chances)
    sessions = 1 + rng.poisson(EXTRA_SESSIONS, len(student))
    return np.repeat(student, sessions), np.repeat(day, sessions)


def grade_numbers(grade_levels: pd.Series) -> np.ndarray:
    """Return grades as numbers, K = 0 (the demo has no PK)."""
    return grade_levels.replace("K", "0").astype(int).to_numpy()


def _minutes(rng: np.random.Generator, grades: np.ndarray) -> np.ndarray:
    """Return minutes per log: 10 to 60 in steps of 5, longer for older readers."""
    raw = rng.normal(MINUTES_MEAN[grades], 8)
    return np.clip(np.round(raw / 5) * 5, 10, 60).astype(np.int16)


def _challenge_books(
    rng: np.random.Generator, plan: SchoolPlan, calendar: SchoolDays, grades: np.ndarray, days: np.ndarray
) -> np.ndarray:
    """Return books per log at an elementary school, following `challenge_phases`.

    Each phase's expected books are shared among that phase's logs by grade weight, so
    the totals land within a few dozen books of the plan.
    """
    _, on_pace_books, slipped_books = challenge_phases(
        challenge_target(plan), calendar.semester_school_days, calendar.school_days_so_far
    )
    on_pace, weights = days <= _split_day(calendar), BOOK_WEIGHT[grades]
    per_weight = (
        on_pace_books / max(weights[on_pace].sum(), 1e-9),
        slipped_books / max(weights[~on_pace].sum(), 1e-9),
    )
    expected = weights * np.where(on_pace, per_weight[0], per_weight[1])
    return np.minimum(rng.poisson(expected), 50).astype(np.int16)


def _books(
    rng: np.random.Generator, plan: SchoolPlan, calendar: SchoolDays, grades: np.ndarray, days: np.ndarray
) -> np.ndarray:
    """Return books per log: the challenge's at elementary schools, else now and then one."""
    if plan.kind == "elementary":
        return _challenge_books(rng, plan, calendar, grades, days)
    return (rng.random(len(grades)) < BOOK_CHANCE[plan.kind]).astype(np.int16)


def _titles(rng: np.random.Generator, grades: np.ndarray, books: np.ndarray) -> np.ndarray:
    """Return a title code (position in TITLES) for logs that finished a book, else -1 (blank).

    Picture books for K-2, chapter books for 3-8, young-adult books for 9-12.
    """
    shelf = np.select([grades <= 2, grades <= 8], [0, 1], 2)
    starts = np.cumsum([0, len(PICTURE_BOOKS), len(CHAPTER_BOOKS)])
    sizes = np.array([len(PICTURE_BOOKS), len(CHAPTER_BOOKS), len(YOUNG_ADULT_BOOKS)])
    codes = starts[shelf] + (rng.random(len(grades)) * sizes[shelf]).astype(np.int64)
    return np.where(books > 0, codes, -1)


def school_logs(
    plan: SchoolPlan, students: pd.DataFrame, calendar: SchoolDays, seed: int
) -> dict[str, np.ndarray]:
    """Return one school's logs as arrays: student (position in `students`), log_date, minutes, books, title."""
    rng = rng_for(seed, "logs", plan.school_id)
    student, day = _draw_logs(rng, _log_chances(plan, students, calendar, seed))
    grades = grade_numbers(students["grade_level"])[student]
    dates = calendar.days[day]
    books = _books(rng, plan, calendar, grades, dates)
    return {
        "student": student,
        "log_date": dates,
        "minutes": _minutes(rng, grades),
        "books": books,
        "title": _titles(rng, grades, books),
    }


def _log_ids(count: int) -> pd.Series:
    return pd.Series(np.arange(1, count + 1)).astype(str).str.zfill(9).radd("L")


def reading_logs(
    plans: list[SchoolPlan], students: pd.DataFrame, calendars: dict[str, SchoolDays], seed: int
) -> pd.DataFrame:
    """Return reading_logs.csv rows, oldest first; log ids run L000000001, L000000002, ...

    student_id and title are categoricals (a blank title is a missing value).
    """
    parts = []
    for plan in plans:
        rows = np.flatnonzero(students["school_id"].to_numpy() == plan.school_id)
        logs = school_logs(plan, students.iloc[rows], calendars[plan.school_id], seed)
        parts.append(logs | {"student": rows[logs["student"]]})
    merged = {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}
    order = np.lexsort((merged["student"], merged["log_date"]))
    return pd.DataFrame(
        {
            "log_id": _log_ids(len(order)),
            "student_id": pd.Categorical.from_codes(
                merged["student"][order], categories=students["student_id"]
            ),
            "log_date": merged["log_date"][order],
            "minutes": merged["minutes"][order],
            "books": merged["books"][order],
            "title": pd.Categorical.from_codes(merged["title"][order], categories=TITLES),
        }
    )
