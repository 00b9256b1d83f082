"""Which student-group choices of the sidebar may show figures in a view (issue 10).

Choosing a group G against "All students" reveals everyone outside G: its complement plus
the students whose flag is blank. Choosing two groups of one kind (English learners, then
Not English learners; Female, then Male) reveals, against all students, those in neither.
So the groups of one kind (a flag's yes / no / blank; the sexes and a blank sex; the races and
a blank race) are one partition of each unit's students, and `protect` of lib.privacy.audit
decides which of its parts may be shown: none of 1 to k-1 students, and no residual (all
students minus the shown parts) of 1 to k-1.

THE DECISION. Every group stays in the sidebar (a link keeps working); a group that may not
be shown in the view is chosen but shows no figures: every page shows a plain notice instead.
A group may be shown when `protect` shows it in every unit of the view (`hidden_groups`):
- with all grades, the units are the schools in view;
- with some grades chosen, also each grade band of each school in view (every band, not only
  the chosen ones: "Grades 3–4, English learners" against "all grades, English learners" must
  not reveal the English learners of grade 5).
Within a unit, the residual of the groups shown everywhere is the unit's own residual plus
parts shown in it, each 0 or at least k: so it is 0 or at least k too.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from lib.core.contract import FLAG_SUBGROUPS, RACE_ETHNICITY, SEXES
from lib.core.groups import NOT
from lib.privacy.audit import SHOWN, Line, protect

BLANK = "blank"  # a unit's students whose value is not recorded (or not one the filter offers)
ALL_IN_UNIT = "all"


@dataclass(frozen=True)
class StudentCell:
    """Students of one unit (a school, or a school's grade band) who share every value."""

    unit: Hashable
    students: int
    flags: Mapping[str, bool | None]  # flag -> True, False or None (blank)
    sex: str | None
    race: str | None


def group_codes(cell: StudentCell) -> dict[str, str]:
    """Kind -> the cell's group of that kind ('english_learner', 'not:english_learner',
    'sex:F', 'race:Asian') or BLANK."""
    codes = {}
    for flag in FLAG_SUBGROUPS:
        value = cell.flags.get(flag)
        codes[flag] = BLANK if value is None else flag if value else NOT + flag
    codes["sex"] = f"sex:{cell.sex}" if cell.sex in SEXES else BLANK
    codes["race"] = f"race:{cell.race}" if cell.race in RACE_ETHNICITY else BLANK
    return codes


def shown_groups(counts: Mapping[str, int], k: int) -> set[str]:
    """The groups of one kind in one unit (group -> students, BLANK included) that may be shown
    against the unit's all students; none when even the unit's total can't be."""
    total = sum(counts.values())
    parts = tuple(group for group in counts if group != BLANK)
    blank = (BLANK,) if BLANK in counts else ()
    cells: dict[Hashable, int] = dict(counts.items())
    cells[ALL_IN_UNIT] = total
    states = protect(cells, [Line(ALL_IN_UNIT, parts + blank)], k, unpublished=blank)
    if states.get(ALL_IN_UNIT, SHOWN) != SHOWN:
        return set()
    return {group for group in parts if states.get(group, SHOWN) == SHOWN}


def hidden_groups(cells: Iterable[StudentCell], k: int) -> frozenset[str]:
    """The group codes that may not show figures: not shown by `shown_groups` in some unit of
    `cells`. A group with no students in a unit counts 0 there, which is safe."""
    per_unit: dict[tuple[Hashable, str], dict[str, int]] = {}
    for cell in cells:
        for kind, code in group_codes(cell).items():
            counts = per_unit.setdefault((cell.unit, kind), {})
            counts[code] = counts.get(code, 0) + cell.students
    hidden: set[str] = set()
    for counts in per_unit.values():
        hidden |= set(counts) - shown_groups(counts, k) - {BLANK}
    return frozenset(hidden)
