"""Grade bands: grades folded together so that no choice of grades isolates a small grade.

The grade filter offers bands, not single grades, wherever a grade has 1 to k-1 students: a
grade of 7 next to a grade of 24 becomes one band "Grades 4–5" of 31, so "grades 3 and 4"
against "all grades" can't show the 7 (issue 10). Pure functions over student counts; the
frame (lib/core/filters.py) reads the counts and labels the bands.

THE GUARANTEE. The bands partition the grades, so a union of bands minus another union of
bands (all grades minus grades 3–4, say) is itself a union of bands; and each band holds 0 or
at least k students in every school in view. So any difference between two grade choices in
one view counts 0 or at least k students of each school. The one exception is a school with
1 to k-1 students in all: its grades form one band, every choice shows all of it or none.

ONE SET OF BANDS FOR THE DISTRICT. A school's own bands fold only its own small grades. The
district view uses the coarsest bands every school's bands fit in: where one school folds
grades 4 and 5, the district view offers "Grades 4–5" for all schools. A district band is then
a union of each school's own bands, so a district figure minus the other schools' figures
(each from its own school view) is again a union of that school's own bands: safe.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

Band = tuple[str, ...]  # grades in school order; grades with no students may sit inside one


def fold_grades(counts: Mapping[str, int], k: int) -> list[Band]:
    """One school's bands: its grades with students (in the order given), folded until every
    band holds 0 or at least k students.

    The smallest band of 1 to k-1 students joins its smaller neighbour (the earlier one on a
    tie), repeatedly. A school of 1 to k-1 students in all ends as one band.
    """
    bands = [[grade] for grade, count in counts.items() if count > 0]
    size = [counts[grade] for grade, *_ in bands]
    while len(bands) > 1:
        small = [i for i, total in enumerate(size) if total < k]
        if not small:
            break
        i = min(small, key=lambda j: (size[j], j))
        neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(bands)]
        j = min(neighbours, key=lambda n: (size[n], n))
        first, second = min(i, j), max(i, j)
        bands[first : second + 1] = [bands[first] + bands[second]]
        size[first : second + 1] = [size[first] + size[second]]
    return [tuple(band) for band in bands]


def common_bands(per_school: Mapping[str, Mapping[str, int]], grades: Sequence[str], k: int) -> list[Band]:
    """Bands of `grades` (school order) that fit every school's own bands: each band holds 0 or
    at least k students in every school of `per_school` (school -> grade -> students).

    Each school's bands span from their first grade to their last; overlapping spans merge.
    Grades in no span (no school folds them) stay bands of their own, grades with no students
    included, so a school's sidebar offers the same grades as before where nothing is small.
    """
    position = {grade: i for i, grade in enumerate(grades)}
    joined = list(range(len(grades)))  # joined[i] == i - 1: grade i is in the band of grade i - 1
    for counts in per_school.values():
        ordered = {grade: counts[grade] for grade in grades if counts.get(grade, 0) > 0}
        for band in fold_grades(ordered, k):
            for i in range(position[band[0]] + 1, position[band[-1]] + 1):
                joined[i] = i - 1
    bands: list[list[str]] = []
    for i, grade in enumerate(grades):
        if bands and joined[i] == i - 1:
            bands[-1].append(grade)
        else:
            bands.append([grade])
    return [tuple(band) for band in bands]


def band_of(bands: Sequence[Band], grade: str) -> Band | None:
    """The band that holds `grade`, or None."""
    return next((band for band in bands if grade in band), None)
