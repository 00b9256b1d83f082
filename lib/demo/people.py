"""The demo district's schools, staff and homeroom sections.

Schools repeat elementary, middle, high: school ids "101", "201", "301", "102", ...
Leaders have ids "P101" (principal), "A101" (assistant principal) and "C101" (coach);
teachers are "T0001", "T0002", ... across the district. Homerooms are "HR-101-3A".
"""

from __future__ import annotations

import math
import unicodedata
import zlib
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from lib.demo.calendar import Semester, fall_semester
from lib.demo.names import (
    DISTRICT_NAME,
    ELEMENTARY_NAMES,
    EMAIL_DOMAIN,
    FEMALE_FIRST_NAMES,
    HIGH_NAMES,
    LAST_NAMES,
    MALE_FIRST_NAMES,
    MIDDLE_NAMES,
    NEUTRAL_FIRST_NAMES,
)

KINDS = ("elementary", "middle", "high")
KIND_GRADES = {
    "elementary": ("K", "1", "2", "3", "4", "5"),
    "middle": ("6", "7", "8"),
    "high": ("9", "10", "11", "12"),
}
DEFAULT_ENROLLMENT = {"elementary": 596, "middle": 702, "high": 1104}
KIND_PLACES = {"elementary": ELEMENTARY_NAMES, "middle": MIDDLE_NAMES, "high": HIGH_NAMES}
KIND_SUFFIX = {"elementary": "Elementary", "middle": "Middle School", "high": "High School"}
HOMEROOM_SIZE = {"elementary": 26, "middle": 24, "high": 24}  # most a homeroom takes
ELEMENTARY_SPECIALISTS = 3  # art, music and PE: teachers with no homeroom
LEADER_ROLES = {"P": "principal", "A": "assistant_principal", "C": "coach"}


@dataclass(frozen=True)
class SchoolPlan:
    """One demo school: where it sits in the district, its kind and its roster size."""

    number: int  # 0-based position in the district
    school_id: str
    kind: str  # elementary, middle or high
    school_name: str
    enrollment: int  # every student on the roster, including late entrants and leavers

    @property
    def grades(self) -> tuple[str, ...]:
        return KIND_GRADES[self.kind]


def rng_for(seed: int, *parts: object) -> np.random.Generator:
    """Return a generator for one part of the demo, independent of every other part."""
    return np.random.default_rng([seed, zlib.crc32("/".join(map(str, parts)).encode())])


def _school_name(kind: str, round_number: int) -> str:
    places = KIND_PLACES[kind]
    name = f"{places[round_number % len(places)]} {KIND_SUFFIX[kind]}"
    return name if round_number < len(places) else f"{name} No. {round_number // len(places) + 1}"


def _enrollments(kinds: list[str], students: int | None) -> list[int]:
    """Default sizes (varied a little after the first three schools), or `students` split by them."""
    sizes = [
        DEFAULT_ENROLLMENT[k] * (1 + 0.04 * ((n * 7) % 5 - 2) if n >= 3 else 1) for n, k in enumerate(kinds)
    ]
    if students is None:
        return [round(s) for s in sizes]
    shares = np.array(sizes) / sum(sizes) * students
    counts = np.floor(shares).astype(int)
    counts[np.argsort(counts - shares)[: students - counts.sum()]] += 1
    return counts.tolist()


def plan_schools(schools: int, students: int | None) -> list[SchoolPlan]:
    """Return the district's schools: elementary, middle, high, elementary, ...

    Raises ValueError for no schools, or fewer than 10 students a school.
    """
    if schools < 1 or (students is not None and students < 10 * schools):
        raise ValueError(
            f"A demo district needs at least one school and 10 students a school, not {students}"
        )
    kinds = [KINDS[n % 3] for n in range(schools)]
    sizes = _enrollments(kinds, students)
    return [
        SchoolPlan(n, f"{n % 3 + 1}{n // 3 + 1:02d}", kind, _school_name(kind, n // 3), sizes[n])
        for n, kind in enumerate(kinds)
    ]


def schools_table(plans: list[SchoolPlan]) -> pd.DataFrame:
    """Return schools.csv rows."""
    return pd.DataFrame(
        {
            "school_id": [p.school_id for p in plans],
            "school_name": [p.school_name for p in plans],
            "district_name": DISTRICT_NAME,
        }
    )


def grade_counts(plan: SchoolPlan, seed: int) -> dict[str, int]:
    """Return how many students each grade of the school has (high school shrinks a little by grade 12)."""
    weights = np.linspace(1.08, 0.92, len(plan.grades)) if plan.kind == "high" else np.ones(len(plan.grades))
    counts = rng_for(seed, "grades", plan.school_id).multinomial(plan.enrollment, weights / weights.sum())
    return dict(zip(plan.grades, counts.tolist(), strict=True))


def homerooms_per_grade(plan: SchoolPlan, counts: dict[str, int]) -> dict[str, int]:
    """Return how many homerooms each grade gets so that none holds more than the homeroom size."""
    return {grade: max(1, math.ceil(n / HOMEROOM_SIZE[plan.kind])) for grade, n in counts.items()}


def email_for(first_name: str, last_name: str) -> str:
    """Return a staff email: first initial and last name, letters only, e.g. mmunoz@..."""
    ascii_name = unicodedata.normalize("NFKD", first_name[0] + last_name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_name.lower() if ch.isalpha()) + "@" + EMAIL_DOMAIN


def _people(rng: np.random.Generator, count: int) -> tuple[list[str], list[str], list[str]]:
    """Return first names, unique-where-possible last names and titles (Ms./Mr./Mx.) of adults."""
    sexes = rng.choice(["F", "M", "X"], size=count, p=[0.74, 0.24, 0.02])
    pools = {"F": FEMALE_FIRST_NAMES, "M": MALE_FIRST_NAMES, "X": NEUTRAL_FIRST_NAMES}
    firsts = [str(rng.choice(pools[s])) for s in sexes]
    lasts = rng.choice(LAST_NAMES, size=count, replace=count > len(LAST_NAMES)).tolist()
    titles = [{"F": "Ms.", "M": "Mr.", "X": "Mx."}[s] for s in sexes]
    return firsts, lasts, titles


def _start_dates(rng: np.random.Generator, year_start: int, first_year: np.ndarray) -> list[date]:
    """First-year teachers start the week before school; the rest in August, 1 to 25 years earlier."""
    orientation = fall_semester(year_start).first_day - timedelta(days=7)
    years_back = rng.integers(1, 26, size=len(first_year))
    august_days = rng.integers(5, 25, size=len(first_year))
    return [
        orientation if new else date(year_start - int(back), 8, int(day))
        for new, back, day in zip(first_year, years_back, august_days, strict=True)
    ]


def _homeroom_labels(plan: SchoolPlan, room_grades: list[str]) -> list[str]:
    """Return "3A", "3B", ... per homeroom; letters restart at each grade (A-Z, then A2, B2, ...)."""
    labels, seen = [], dict.fromkeys(plan.grades, 0)
    for grade in room_grades:
        k = seen[grade]
        seen[grade] += 1
        labels.append(f"{grade}{chr(65 + k % 26)}{k // 26 + 1 if k >= 26 else ''}")
    return labels


def _section_name(plan: SchoolPlan, label: str, grade: str, teacher: str) -> str:
    if plan.kind != "elementary":
        return f"Advisory {label} – {teacher}"
    return f"{'Kindergarten' if grade == 'K' else f'Grade {grade}'} – {teacher}"


def _first_year(rng: np.random.Generator, rooms: int, staff_count: int) -> np.ndarray:
    """Return a mask over a school's staff (leaders first) of 2-3 homeroom teachers in their first year."""
    mask = np.zeros(staff_count, dtype=bool)
    mask[len(LEADER_ROLES) + rng.choice(rooms, min(int(rng.integers(2, 4)), rooms), replace=False)] = True
    return mask


def _staff_ids(school_id: str, first_number: int, teachers: int) -> list[str]:
    """Return "P101", "A101", "C101", then teacher ids numbered from first_number ("T0001")."""
    leaders = [f"{prefix}{school_id}" for prefix in LEADER_ROLES]
    return leaders + [f"T{first_number + k:04d}" for k in range(teachers)]


def school_staff(plan: SchoolPlan, year_start: int, seed: int, first_number: int) -> pd.DataFrame:
    """Return staff.csv rows of one school: principal, assistant principal, coach, then teachers.

    Teachers are numbered from `first_number`; the first ones own the homerooms (in grade
    order) and 2-3 of those are first-year teachers. Elementary specialists have no homeroom.
    """
    rooms = sum(homerooms_per_grade(plan, grade_counts(plan, seed)).values())
    teachers = rooms + (ELEMENTARY_SPECIALISTS if plan.kind == "elementary" else 0)
    rng = rng_for(seed, "staff", plan.school_id)
    firsts, lasts, titles = _people(rng, len(LEADER_ROLES) + teachers)
    first_year = _first_year(rng, rooms, len(firsts))
    ids = _staff_ids(plan.school_id, first_number, teachers)
    staff = {
        "staff_id": ids,
        "school_id": plan.school_id,
        "first_name": firsts,
        "last_name": lasts,
        "role": list(LEADER_ROLES.values()) + ["teacher"] * teachers,
        "start_date": pd.to_datetime(_start_dates(rng, year_start, first_year)),
        "email": [email_for(f, la) for f, la in zip(firsts, lasts, strict=True)],
        "title": titles,  # Ms./Mr./Mx., for section names; not a contract column
    }
    return pd.DataFrame(staff)


def school_sections(plan: SchoolPlan, staff: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Return sections.csv rows of one school: one homeroom (advisory) per homeroom teacher."""
    rooms = homerooms_per_grade(plan, grade_counts(plan, seed))
    room_grades = [grade for grade, k in rooms.items() for _ in range(k)]
    teachers = staff[staff["role"] == "teacher"].head(len(room_grades))
    labels = _homeroom_labels(plan, room_grades)
    names = [f"{t} {last}" for t, last in zip(teachers["title"], teachers["last_name"], strict=True)]
    return pd.DataFrame(
        {
            "section_id": [f"HR-{plan.school_id}-{label}" for label in labels],
            "school_id": plan.school_id,
            "teacher_id": teachers["staff_id"].to_numpy(),
            "section_name": [
                _section_name(plan, *row) for row in zip(labels, room_grades, names, strict=True)
            ],
            "grade_level": room_grades,
        }
    )


def staff_and_sections(
    plans: list[SchoolPlan], semester: Semester, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the district's staff.csv and sections.csv rows."""
    staff, sections, next_number = [], [], 1
    for plan in plans:
        people = school_staff(plan, semester.year_start, seed, next_number)
        next_number += int((people["role"] == "teacher").sum())
        staff.append(people)
        sections.append(school_sections(plan, people, seed))
    return pd.concat(staff, ignore_index=True), pd.concat(sections, ignore_index=True)
