"""Hand-built schools that try to make a small group visible: for the privacy rule's tests.

`write_school(folder, spec)` writes one school's CSV files (contract layout) and returns their
paths, ready for `import_files`. Students are numbered in order through the grades and classes
of the spec, then the students with no homeroom; flags go to the first students in that order.
Everyone logs books in the weeks of Sep 14 and Nov 16, 2026 (every fourth student not in
November), and is tested in BOY (Sep 16) and MOY (Nov 18) reading: level 3 for every other
student. The school has a books goal "Read 2,000 books" from Sep 14 to Dec 18, 2026.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

START = date(2026, 9, 14)
NOVEMBER = date(2026, 11, 16)
AS_OF = date(2026, 11, 20)  # Friday: both logging weeks and both test windows are in


@dataclass(frozen=True)
class SchoolSpec:
    """One school. `classes`: grade -> sizes of its homeroom classes."""

    school_id: str = "0901"
    name: str = "Adversary Elementary"
    classes: dict[str, tuple[int, ...]] = field(default_factory=lambda: {"3": (12, 12), "4": (12, 12)})
    no_homeroom: dict[str, int] = field(default_factory=dict)  # grade -> students in no class
    english_learners: int = 0  # the first students: flag Y
    blank_english_learner: int = 0  # the next students: flag left blank
    everyone_disadvantaged: bool = False  # else every other student


# The schools of issue 10 (a group of fewer than k = 10 that a reader could work out).
BLANK_FLAG = SchoolSpec(  # 52 tested: 8 English learners, 43 not, 1 blank
    "0901",
    "Blank Flag Elementary",
    {"3": (13, 13), "4": (13, 13)},
    english_learners=8,
    blank_english_learner=1,
)
GRADE_OF_SEVEN = SchoolSpec(  # four classes of 12 and a grade 5 of 7
    "0902", "Seven Fifth Graders Elementary", {"3": (12, 12), "4": (12, 12), "5": (7,)}
)
ELEVEN_AND_TEN = SchoolSpec(  # grade 4: one class of 10 and 1 student in no class
    "0903", "Eleven Elementary", {"3": (12, 12), "4": (10,)}, no_homeroom={"4": 1}
)
EXACTLY_K = SchoolSpec(  # 10 English learners: exactly k, shown
    "0904", "Exactly Ten Elementary", {"3": (12, 12), "4": (12, 12)}, english_learners=10
)
ALL_FLAGGED = SchoolSpec(  # every student economically disadvantaged: the complement is 0
    "0905", "All Flagged Elementary", {"3": (12, 12), "4": (12, 12)}, everyone_disadvantaged=True
)
BLANKS_PROTECT = SchoolSpec(  # 48 tested: 4 English learners, 32 not, 12 blank (4 + 12 can't be split)
    "0906",
    "Twelve Blanks Elementary",
    english_learners=4,
    blank_english_learner=12,
)
BLANKS_PRINTED = SchoolSpec(  # 48 tested: 20 English learners, 16 not, 12 blank: every part k or more
    "0907",
    "Printed Blanks Elementary",
    english_learners=20,
    blank_english_learner=12,
)
ADVERSARIAL = (
    BLANK_FLAG,
    GRADE_OF_SEVEN,
    ELEVEN_AND_TEN,
    EXACTLY_K,
    ALL_FLAGGED,
    BLANKS_PROTECT,
    BLANKS_PRINTED,
)


def students(spec: SchoolSpec) -> list[dict[str, str]]:
    """The spec's students in order, with their homeroom ("" for none) and flags."""
    rows = []
    for grade, sizes in spec.classes.items():
        for letter, size in zip("ABCDEFGH", sizes, strict=False):
            rows += [{"grade": grade, "section": f"HR-{spec.school_id}-{grade}{letter}"} for _ in range(size)]
    for grade, count in spec.no_homeroom.items():
        rows += [{"grade": grade, "section": ""} for _ in range(count)]
    for i, row in enumerate(rows):
        row["student_id"] = f"S{spec.school_id}{i:04d}"
        blank_from = spec.english_learners
        row["el"] = "Y" if i < blank_from else "" if i < blank_from + spec.blank_english_learner else "N"
        row["ed"] = "Y" if spec.everyone_disadvantaged or i % 2 == 0 else "N"
        row["sex"] = "FM"[i % 2]
        row["race"] = ("White", "Hispanic or Latino")[(i // 2) % 2]
    return rows


def _weekdays(monday: date) -> list[date]:
    return [monday + timedelta(days=offset) for offset in range(5)]


def write_school(folder: Path, spec: SchoolSpec) -> list[Path]:
    """Write the spec's CSV files into `folder` and return their paths (schools.csv first)."""
    folder.mkdir(parents=True, exist_ok=True)
    people = students(spec)
    sections = sorted({(p["section"], p["grade"]) for p in people if p["section"]})
    files = {
        "schools.csv": f"school_id,school_name,district_name\n{spec.school_id},{spec.name},Adversary District\n",
        "staff.csv": "staff_id,school_id,first_name,last_name,role\n"
        + "".join(f"T{s},{spec.school_id},Teacher,{s[-2:]},teacher\n" for s, _ in sections),
        "sections.csv": "section_id,school_id,teacher_id,section_name,grade_level\n"
        + "".join(f"{s},{spec.school_id},T{s},Grade {g} - {s[-2:]},{g}\n" for s, g in sections),
        "students.csv": "student_id,school_id,grade_level,homeroom_section_id,sex,race_ethnicity,"
        "english_learner,economically_disadvantaged,entry_date\n"
        + "".join(
            f"{p['student_id']},{spec.school_id},{p['grade']},{p['section']},{p['sex']},{p['race']},"
            f"{p['el']},{p['ed']},2026-08-17\n"
            for p in people
        ),
        "reading_logs.csv": "log_id,student_id,log_date,minutes,books\n"
        + "".join(
            f"L{p['student_id']}{day:%m%d},{p['student_id']},{day},20,1\n"
            for i, p in enumerate(people)
            for day in _weekdays(START) + (_weekdays(NOVEMBER) if i % 4 else [])
        ),
        "assessments.csv": "student_id,subject,school_year,window,performance_level,scale_score,test_date\n"
        + "".join(
            f"{p['student_id']},reading,2026-2027,{window},{3 if i % 2 == 0 else 2},{500 + i},{day}\n"
            for i, p in enumerate(people)
            for window, day in (("BOY", "2026-09-16"), ("MOY", "2026-11-18"))
        ),
        "goals.csv": "goal_id,school_id,title,metric,target,start_date,end_date\n"
        f'G{spec.school_id}-BOOKS,{spec.school_id},"Read 2,000 books",books_read,2000,2026-09-14,2026-12-18\n',
    }
    paths = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text)
        paths.append(path)
    return paths


def import_schools(database, folder: Path, specs: tuple[SchoolSpec, ...] = ADVERSARIAL) -> None:
    """Import each spec's school into `database` (one batch per school); fail loudly on a problem."""
    from lib.importing.importer import import_files

    for spec in specs:
        report = import_files(database, write_school(folder / spec.school_id, spec))
        assert report.ok, report.text()
