"""The filters' choices that the privacy rule allows in a view: grade bands and hidden groups.

No two grade or group choices in one view (school, as-of date) may differ by 1 to k-1
students (issue 10). The grade filter offers bands (lib.privacy.bands) instead of single
grades where a grade is small; a group that would reveal a small group against All students
(lib.privacy.choices) stays in the sidebar but shows a notice instead of figures on every page.
Both read the students enrolled on the as-of date in the schools in view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from lib.core.contract import FLAG_SUBGROUPS, GRADE_ORDER
from lib.core.filters import grade_label, sort_grades, subgroup_label
from lib.core.text import markdown_escape
from lib.privacy.bands import Band, common_bands
from lib.privacy.choices import StudentCell, hidden_groups


def band_label(band: Band) -> str:
    """'Grade 3' for a band of one grade (as grade_label), 'Grades 4–5' or 'Grades K–1' for more."""
    return grade_label(band[0]) if len(band) == 1 else f"Grades {band[0]}–{band[-1]}"


@dataclass(frozen=True)
class GradeBands:
    """The grade filter's choices for one view: bands of the data's grades (lib.privacy.bands).

    A band's key is its grade ('5') or its first and last grades ('4-5'); the widget offers the
    keys and shows `label`. `Filters.grades` holds every grade of the chosen bands, so queries
    are unchanged. Any union of bands minus another is a union of bands, each of 0 or at least
    k students in every school in view: no two grade choices differ by a small group.
    """

    bands: tuple[Band, ...]

    @property
    def keys(self) -> list[str]:
        return [band_key(band) for band in self.bands]

    def label(self, key: str) -> str:
        return band_label(self._by_key()[key])

    @property
    def labels(self) -> list[str]:
        return [band_label(band) for band in self.bands]

    def grades_of(self, keys: Sequence[str]) -> tuple[str, ...]:
        """Every grade of the chosen bands, in school order."""
        return tuple(grade for band in self.bands if band_key(band) in keys for grade in band)

    def choose(self, values: Sequence[str]) -> tuple[list[str], list[str]]:
        """The band keys that hold the grades `values` name, and those values that name only part
        of their band (a notice). A value is a grade ('5'), a band key ('4-5'), or either's
        label ('Grade 5', 'Grades 4–5'), so an old link or another view's choice still works;
        values naming nothing here are left out."""
        asked = {grade: value for value in values for grade in self._grades_named(value)}
        keys = [band_key(band) for band in self.bands if set(band) & set(asked)]
        folded = [
            asked[grade]
            for band in self.bands
            if set(band) & set(asked) and not set(band) <= set(asked)
            for grade in band
            if grade in asked
        ]
        return keys, list(dict.fromkeys(folded))

    def _by_key(self) -> dict[str, Band]:
        return {band_key(band): band for band in self.bands}

    def _grades_named(self, value: str) -> Band:
        every = [grade for band in self.bands for grade in band]
        for band in self.bands:
            if value in (band_key(band), band_label(band)):
                return band
        first, _, last = value.removeprefix("Grades ").replace("–", "-").partition("-")
        if first in every and last in every:  # another view's band key
            return tuple(every[every.index(first) : every.index(last) + 1])
        return tuple(grade for grade in every if value in (grade, grade_label(grade)))

    def notice(self, folded: Sequence[str], keys: Sequence[str], k: int) -> str | None:
        """One plain sentence for grades that are shown only within a band, or None."""
        if not folded:
            return None
        # A folded value may be the link's own text ('Grades 4-5'): shown escaped, never as Markdown.
        names = " and ".join(
            dict.fromkeys(grade_label(g) if g in GRADE_ORDER else markdown_escape(g) for g in folded)
        )
        within = " and ".join(self.label(key) for key in keys if len(self._by_key()[key]) > 1)
        return (
            f"{names} is shown within {within}: to protect student privacy, a grade of fewer than "
            f"{k} students is never shown on its own."
        )


def band_key(band: Band) -> str:
    return band[0] if len(band) == 1 else f"{band[0]}-{band[-1]}"


def grade_bands(database, school_ids: tuple[str, ...], as_of: date, k: int) -> GradeBands:
    """The grade bands of the schools in view on `as_of` (one set of bands for them all)."""
    # Per school and grade only (about 650 rows for 50 schools): the frame runs this on every
    # cold page, so it doesn't read the per-group cells hidden_groups_in_view needs.
    cells = database.query("core.enrolled_grades", {"schools": list(school_ids), "as_of": as_of})
    per_school: dict[str, dict[str, int]] = {}
    for school_id, grade, students in cells.itertuples(index=False):
        counts = per_school.setdefault(school_id, {})
        counts[grade] = counts.get(grade, 0) + int(students)
    grades = sort_grades(database.query("core.grades")["grade_level"].dropna().tolist())
    return GradeBands(tuple(common_bands(per_school, grades, k)))


def hidden_groups_in_view(
    database, school_ids: tuple[str, ...], as_of: date, k: int, with_grades: bool
) -> frozenset[str]:
    """The group codes that may show no figures in this view (lib.privacy.choices): checked in
    each school in view, and with grades chosen (`with_grades`) in each band of each school too."""
    cells = _enrolled(database, school_ids, as_of)
    bands = grade_bands(database, school_ids, as_of, k)
    band_of = {grade: band_key(band) for band in bands.bands for grade in band}
    units = [lambda row: row.school_id]
    if with_grades:
        units.append(lambda row: (row.school_id, band_of.get(row.grade_level, row.grade_level)))
    return hidden_groups([_cell(row, unit(row)) for row in cells.itertuples() for unit in units], k)


def _enrolled(database, school_ids: tuple[str, ...], as_of: date):
    return database.query("core.enrolled_cells", {"schools": list(school_ids), "as_of": as_of})


def _cell(row, unit) -> StudentCell:
    flags = {flag: _flag(getattr(row, flag)) for flag in FLAG_SUBGROUPS}
    return StudentCell(unit, int(row.students), flags, _text(row.sex), _text(row.race_ethnicity))


def _flag(value) -> bool | None:
    return None if pd.isna(value) else bool(value)


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def hidden_group_notice(subgroup: str, k: int, with_grades: bool) -> str:
    """The sentence every page shows instead of figures for a group that may not be shown."""
    where = "in a school or grade band in view" if with_grades else "in a school in view"
    return (
        f"Hidden to protect student privacy: {where}, {subgroup_label(subgroup)} or the other "
        f"students (counting those with no value recorded) number fewer than {k}, so comparing "
        f"this choice with All students would reveal a group that small. Choose All students, "
        f"all grades or another group."
    )
