"""The reading page's groups as nested cells, and which of them may be shown (lib.privacy.audit).

A principal reads the page's figures together: the school's total (the goal's tiles, the weekly
bars, "All students") is its grades added up, a grade is its homeroom classes added up (plus
students of that grade in no class), and each student-group partition (a flag, its complement
and the students whose flag is blank; the sexes; the races) adds up to the total too. In the
district view the district is its schools added up and its grades added up, and each school is
its grades (cells never shown). `protect` hides the smallest counts until no group of 1 to k-1
students can be worked out from what is left; a group's totals and rates go with its count.

Cell keys: ALL (the students in view), GOAL (the goal's students, when more than ALL: a grade
or group filter), ("grade", g), ("class", section_id), ("school", school_id), ("group", code).
Cells never shown (UNPUBLISHED): ("no_homeroom", g), ("part", section_id, g) (a class's
students of one grade, for a class spanning grades), ("school_grade", school_id, g),
("unrecorded", i) (students in no part of partition i), OUTSIDE (goal students the filters
leave out). An unpublished cell of 0 students is left out: the reader is taken to know it is
empty, which can only make the rule stricter.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from lib.core.filters import grade_label
from lib.core.groups import ALL as ALL_CODE
from lib.core.groups import subgroup_label
from lib.privacy.audit import (
    HIDDEN,
    SHOWN,
    SMALL,
    UNPUBLISHED,
    Line,
    Publication,
    checkable,
    protect,
    withheld,
)
from lib.privacy.partitions import partitions

Key = tuple  # ("grade", "3"), ("class", "HR-101-KB") ...
Cells = tuple[dict[Key, int], list[Line], set[Key]]  # counts, lines, cells never shown
ALL: Key = ("all",)
GOAL: Key = ("goal",)
OUTSIDE: Key = ("outside",)


@dataclass(frozen=True)
class Nesting:
    """Every cell the page could show with its true count, the lines a reader knows, and how
    each cell is shown (`states`, from lib.privacy.audit.protect; missing: shown)."""

    counts: dict[Key, int] = field(default_factory=dict)
    lines: tuple[Line, ...] = ()
    unpublished: frozenset[Key] = frozenset()
    states: dict[Key, str] = field(default_factory=dict)
    # Too many small groups to check in time (lib.privacy.audit.MAX_WORKLOAD): no count is shown.
    withheld: bool = False

    def state(self, key: Key) -> str:
        return self.states.get(key, SHOWN)

    def shown(self, key: Key) -> bool:
        return self.state(key) == SHOWN

    def hidden_too(self) -> list[Key]:
        """Cells of k or more students hidden only so that a smaller group can't be worked out."""
        return [key for key, state in self.states.items() if state == HIDDEN]

    def small(self) -> list[Key]:
        """Published cells of 1 to k-1 students."""
        return [key for key, state in self.states.items() if state == SMALL]

    def publication(self, states: Mapping[Key, str], where: str) -> Publication:
        """What a page shows of these cells (`states`: cells drawn; others are unpublished)."""
        shown: dict[Hashable, str] = {key: states.get(key, UNPUBLISHED) for key in self.counts}
        return Publication(dict[Hashable, int](self.counts), self.lines, shown, where)


def _positive(counts: pd.Series, key) -> dict[Key, int]:
    return {key(index): int(n) for index, n in counts.items() if n > 0}


def _homed(students: pd.DataFrame) -> pd.Series:
    return students["homeroom_section_id"].notna() & students["homeroom_section_id"].astype(str).ne("")


def school_cells(students: pd.DataFrame) -> Cells:
    """Cells and lines of one school's roster: all = its grades = its classes (+ no homeroom)."""
    if "homeroom_section_id" not in students:
        students = students.assign(homeroom_section_id=None)
    grades = students.groupby("grade_level").size()
    counts: dict[Key, int] = {ALL: len(students)} | _positive(grades, lambda g: ("grade", g))
    homed = students[_homed(students)]
    by_class = homed.groupby("homeroom_section_id").size()
    counts |= _positive(by_class, lambda s: ("class", s))
    per_grade = homed.groupby(["homeroom_section_id", "grade_level"]).size()
    spanning = {s for s, n in per_grade.groupby(level=0).size().items() if n > 1}
    members: dict[str, list[Key]] = {g: [] for g in grades.index}
    unpublished: dict[Key, int] = {}
    for (section, grade), n in per_grade.items():
        key = ("part", section, grade) if section in spanning else ("class", section)
        if section in spanning:
            unpublished[key] = int(n)
        members[grade].append(key)
    lines: list[Line] = []
    for section in sorted(spanning):
        parts = tuple(key for key in unpublished if key[0] == "part" and key[1] == section)
        lines.append(Line(("class", section), parts, f"class {section} = its students of each grade"))
    # A grade with no class is its own part of the classes' line (no unpublished alias of it).
    unhomed = students[~_homed(students)].groupby("grade_level").size()
    outside: list[Key] = [("grade", g) for g, keys in members.items() if not keys]
    for grade, keys in members.items():
        if keys and unhomed.get(grade, 0) > 0:
            unpublished[("no_homeroom", grade)] = int(unhomed[grade])
            keys = [*keys, ("no_homeroom", grade)]
            outside.append(("no_homeroom", grade))
        if keys:
            lines.append(Line(("grade", grade), tuple(keys), f"{grade_label(grade)} = its classes"))
    lines.append(Line(ALL, tuple(("grade", g) for g in grades.index), "all students = the grades"))
    if len(by_class):
        classes = tuple(("class", s) for s in by_class.index)
        lines.append(Line(ALL, (*classes, *outside), "all students = the classes (and students in none)"))
    return counts | unpublished, lines, set(unpublished)


def district_cells(students: pd.DataFrame) -> Cells:
    """Cells and lines of the district's roster: all = its schools = its grades; each school
    and each grade = its (school, grade) cells, which are never shown."""
    schools, grades = students.groupby("school_id").size(), students.groupby("grade_level").size()
    both = students.groupby(["school_id", "grade_level"]).size()
    counts: dict[Key, int] = {ALL: len(students)}
    counts |= _positive(schools, lambda s: ("school", s)) | _positive(grades, lambda g: ("grade", g))
    inner = _positive(both, lambda sg: ("school_grade", *sg))
    lines = [
        Line(ALL, tuple(("school", s) for s in schools.index), "the district = its schools"),
        Line(ALL, tuple(("grade", g) for g in grades.index), "the district = its grades"),
    ]
    for school in schools.index:
        parts = tuple(key for key in inner if key[1] == school)
        lines.append(Line(("school", school), parts, f"school {school} = its grades"))
    for grade in grades.index:
        parts = tuple(key for key in inner if key[2] == grade)
        lines.append(Line(("grade", grade), parts, f"{grade_label(grade)} = its schools' students"))
    return counts | inner, lines, set(inner)


def group_cells(group_students: Mapping[str, int], everyone: int) -> Cells:
    """Student groups (code -> students) and their partitions of all students
    (lib.privacy.partitions.partitions); students in no part of one count as a cell never shown."""
    codes = [code for code in group_students if code != ALL_CODE]
    counts: dict[Key, int] = {("group", code): int(group_students[code]) for code in codes}
    lines: list[Line] = []
    unpublished: set[Key] = set()
    for i, parts in enumerate(partitions(codes)):
        keys: list[Key] = [("group", code) for code in parts]
        rest = everyone - sum(counts[key] for key in keys)
        if rest > 0:
            counts[("unrecorded", i)] = rest
            unpublished.add(("unrecorded", i))
            keys.append(("unrecorded", i))
        names = ", ".join(subgroup_label(code) for code in parts)
        lines.append(Line(ALL, tuple(keys), f"all students = {names} (and any not recorded)"))
    return counts, lines, unpublished


def goal_cells(population: int | None, everyone: int) -> Cells:
    """The goal's students: the same cell as ALL when the filters keep all of them, else GOAL =
    ALL + the goal's students the filters leave out (never shown)."""
    if population is None or population == everyone:
        return {}, [], set()
    return _containing(GOAL, population, ALL, everyone, OUTSIDE)


def _containing(key, population: int, inner, inner_count: int | None, rest) -> Cells:
    """Cell `key` of `population` students that holds cell `inner` and `rest` (never shown); no
    line when `inner` is not a cell or holds more (another day's roster)."""
    if inner_count is None or population < inner_count:
        return {key: population}, [], set()
    counts = {key: population, rest: population - inner_count}
    return counts, [Line(key, (inner, rest), f"{key} = {inner} + the rest")], {rest}


def goal_table_cells(
    goals: pd.DataFrame, populations: Mapping[str, int], counts: Mapping[Key, int]
) -> tuple[dict[Key, int], list[Line], set[Key], dict[str, Key]]:
    """The district goal table's goals as cells: a school-wide goal is its school's cell and a
    one-grade goal its (school, grade) cell when they count the same students; otherwise a cell
    of its own, holding that cell and the rest (a grade filter narrows the district's roster).
    Also returns goal_id -> its cell."""
    found: Cells = ({}, [], set())
    keys: dict[str, Key] = {}
    for row in goals.itertuples():
        population = int(populations.get(row.goal_id, 0))
        grade = row.grade_level if isinstance(row.grade_level, str) and row.grade_level else None
        if isinstance(row.subgroup, str) and row.subgroup:
            inner = None
        else:
            inner = ("school", row.school_id) if grade is None else ("school_grade", row.school_id, grade)
        if inner is not None and counts.get(inner) == population:
            keys[row.goal_id] = inner
            continue
        keys[row.goal_id] = ("goal", row.goal_id)
        inner_count = counts.get(inner) if inner is not None else None
        cells = _containing(("goal", row.goal_id), population, inner, inner_count, ("outside", row.goal_id))
        found = (found[0] | cells[0], found[1] + cells[1], found[2] | cells[2])
    return (*found, keys)


def nest(*parts: Cells, k: int, published: Collection[Key] = ()) -> Nesting:
    """One Nesting of the cells and lines of `parts`, protected for k; `published` cells are
    shown (or hidden) even where a part never shows them."""
    counts: dict[Key, int] = {}
    lines: list[Line] = []
    unpublished: set = set()
    for cells, own_lines, own_unpublished in parts:
        counts |= cells
        lines += own_lines
        unpublished |= own_unpublished
    unpublished -= set(published)
    too_many = not checkable(counts, lines, k, unpublished)
    cells = dict[Hashable, int](counts)
    states = (
        withheld(cells, k, unpublished) if too_many else protect(cells, lines, k, unpublished=unpublished)
    )
    return Nesting(
        counts,
        tuple(lines),
        frozenset(unpublished),
        {key: states[key] for key in states if isinstance(key, tuple)},
        too_many,
    )


def goal_key(nesting: Nesting) -> Key:
    """The cell the goal's tiles show."""
    return GOAL if GOAL in nesting.counts else ALL
