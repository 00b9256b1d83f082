"""Who is looking: the schools a person may see and whether student names may be shown.

Every area's view takes a Scope and reads only its schools. Until sign-in exists (issue 13)
the frame builds `Scope.whole_district(...)`: every school, names allowed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    """The schools (ids, in the district's order) a person may see, and whether names may be shown."""

    school_ids: tuple[str, ...]
    names_allowed: bool = False

    @classmethod
    def whole_district(cls, school_ids: Iterable[str]) -> Scope:
        """Local mode: every school, with student names (one trusted user on this machine)."""
        return cls(tuple(school_ids), names_allowed=True)

    def allows(self, school_id: str | None) -> bool:
        """True for a school in scope; None (the district view) only when every school is."""
        return school_id is None or school_id in self.school_ids

    def schools_in_view(self, school_id: str | None) -> list[str]:
        """The schools a view reads: the chosen one if it is in scope, else every school in scope."""
        if school_id is None:
            return list(self.school_ids)
        return [school_id] if school_id in self.school_ids else []
