"""Who is looking: the schools a person may see, and whose names may be shown to them.

Every area's view takes a Scope and reads only its schools; names (students', teachers') pass
only where the scope allows them. The frame builds the scope once per run: in local mode (no
sign-in configured) `Scope.whole_district(...)`; signed in, from the school's own files
(lib/access/rules.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    """What one person may see.

    school_ids: the schools whose figures they may see (district order).
    name_schools: schools where student names may be shown (principals, district access).
    homerooms: sections whose students' names may be shown (a teacher's own homeroom).
    teacher_name_schools: schools where other teachers' names may be shown (observation views).
    own_staff_ids: the person's own staff ids (a teacher sees their own observation row).
    data_page: the Data page (upload, history, undo). audit: the audit trail.
    display_schools: schools whose staff-meeting screen they may open.
    """

    school_ids: tuple[str, ...]
    name_schools: frozenset[str] = frozenset()
    homerooms: frozenset[str] = frozenset()
    teacher_name_schools: frozenset[str] = frozenset()
    own_staff_ids: frozenset[str] = frozenset()
    data_page: bool = False
    audit: bool = False
    display_schools: tuple[str, ...] = ()

    @classmethod
    def whole_district(cls, school_ids: Iterable[str]) -> Scope:
        """Every school with every name, the Data page and the audit trail (local mode, district access)."""
        schools = tuple(school_ids)
        return cls(
            schools,
            name_schools=frozenset(schools),
            teacher_name_schools=frozenset(schools),
            data_page=True,
            audit=True,
            display_schools=schools,
        )

    @classmethod
    def union(cls, parts: Sequence[Scope], district: Sequence[str]) -> Scope:
        """Everything any of `parts` allows, schools in the district's order."""

        def ordered(found: set[str]) -> tuple[str, ...]:
            return tuple(s for s in district if s in found)

        return cls(
            ordered({s for p in parts for s in p.school_ids}),
            frozenset().union(*(p.name_schools for p in parts)),
            frozenset().union(*(p.homerooms for p in parts)),
            frozenset().union(*(p.teacher_name_schools for p in parts)),
            frozenset().union(*(p.own_staff_ids for p in parts)),
            any(p.data_page for p in parts),
            any(p.audit for p in parts),
            ordered({s for p in parts for s in p.display_schools}),
        )

    @property
    def names_allowed(self) -> bool:
        """True when some student names may be shown (at a school in scope or a homeroom)."""
        return bool(self.name_schools or self.homerooms)

    def is_empty(self) -> bool:
        """Nothing at all to show: no school, no Data page, no screen."""
        return not (self.school_ids or self.data_page or self.display_schools)

    def allows(self, school_id: str | None) -> bool:
        """True for a school in scope; None (the district view) only when every school is."""
        return school_id is None or school_id in self.school_ids

    def schools_in_view(self, school_id: str | None) -> list[str]:
        """The schools a view reads: the chosen one if it is in scope, else every school in scope."""
        if school_id is None:
            return list(self.school_ids)
        return [school_id] if school_id in self.school_ids else []

    def student_names_allowed(self, school_id: str, section_id: str | None = None) -> bool:
        """May student names of `school_id` (or of the class `section_id` there) be shown?"""
        if school_id not in self.school_ids:
            return False
        return school_id in self.name_schools or (section_id is not None and section_id in self.homerooms)

    def may_name_teacher(self, school_id: str, staff_id: str) -> bool:
        """May the teacher `staff_id` of `school_id` be named to this person: other teachers'
        names are allowed there, or it is the person themselves."""
        return self.teacher_names_allowed(school_id) or staff_id in self.own_staff_ids

    def teacher_names_allowed(self, school_id: str) -> bool:
        """May other teachers' names at `school_id` be shown (observation views)?"""
        return school_id in self.school_ids and school_id in self.teacher_name_schools
