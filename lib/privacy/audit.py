"""The disclosure rule, stated once, and the auditor that checks everything a page publishes.

THE RULE. Nothing the app publishes for a scope lets a reader read or work out a count of 1 to
k-1 students: not a cell, not a shown total minus its shown parts (students with a blank flag,
or in no class, included), not a difference between nested groups (school and grade, grade
and class), not a difference between two filter choices. Rates, means and totals (books) of a
group fall with its count: they are shown only where its count may be.

WHAT A READER KNOWS. Every shown count; that a cell labelled "fewer than k" holds 1 to k-1
students and one labelled "hidden" at least k; that an unpublished cell (students with a blank
flag, students in no homeroom) holds 0 or more; and every line: a total equals the sum of its
parts. From these a reader can work out any sum of non-shown cells that the lines fix (linear
algebra), and narrow each cell to an interval (bounds).

A `Publication` describes what one page (or download) shows: its cells with their true counts
and how they are shown, and the lines that tie them. `audit` returns every count of 1 to k-1
students a reader could read or work out, with the arithmetic; `protect` chooses what to hide
so that `audit` finds nothing, hiding the smallest counts it can (the ones that lose least).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

SHOWN = "shown"
SMALL = "small"  # labelled "fewer than k": a reader knows 1..k-1
HIDDEN = "hidden"  # labelled "hidden": a reader knows at least k (or that it is 0 or more, see below)
UNPUBLISHED = "unpublished"  # never shown (blank flags, no homeroom): a reader knows 0 or more
NOT_SHOWN = (SMALL, HIDDEN, UNPUBLISHED)
MAX_COMBINED = 3  # sums of up to this many non-shown cells are checked, besides each line's own
# Past this many groups for one audit, protect shows no count (`withheld`): the check grows with
# the cube of the small cells, and a region's 250 schools with a student group chosen would take
# hours (measured: 243,604 groups 0.5 s, a 50-school district's 1.6 million 0.8 s, 25 region
# schools' 8 million 13.5 s, 250 schools' billion never finished).
MAX_WORKLOAD = 4_000_000


@dataclass(frozen=True)
class Line:
    """`total` = the sum of `parts` (cell keys); `name` says which, for the arithmetic."""

    total: Hashable
    parts: tuple[Hashable, ...]
    name: str = ""


@dataclass(frozen=True)
class Disclosure:
    """A count of 1 to k-1 students a reader can work out, and how."""

    cells: tuple[Hashable, ...]
    students: int
    arithmetic: str


@dataclass(frozen=True)
class Publication:
    """What a page shows: `counts` (true students per cell), `states` (how each is shown;
    default SHOWN), and the `lines` a reader knows. `where` names the page or table."""

    counts: Mapping[Any, int]
    lines: tuple[Line, ...] = ()
    states: Mapping[Any, str] = field(default_factory=dict)
    where: str = ""

    def state(self, key: Hashable) -> str:
        return self.states.get(key, SHOWN)

    def unknown(self) -> list[Hashable]:
        return [key for key in self.counts if self.state(key) in NOT_SHOWN]


def audit(publication: Publication, k: int) -> list[Disclosure]:
    """Every count of 1 to k-1 students a reader can read or work out from `publication`."""
    found: dict[tuple[Hashable, ...], Disclosure] = {}
    for key, count in publication.counts.items():
        if publication.state(key) == SHOWN and 0 < count < k:
            found[(key,)] = Disclosure((key,), int(count), f"{_name(key)} is shown: {count} students")
    for disclosure in [*_derived(publication, k), *_pinned(publication, k)]:
        found.setdefault(tuple(sorted(disclosure.cells, key=repr)), disclosure)
    return list(found.values())


def protect(
    counts: Mapping[Any, int],
    lines: Iterable[Line],
    k: int,
    unpublished: Iterable[Hashable] = (),
) -> dict[Hashable, str]:
    """How to show each cell so that `audit` finds nothing: SHOWN, SMALL, HIDDEN or UNPUBLISHED.

    Counts of 1 to k-1 are SMALL. While a reader could still work one out, the smallest
    nonzero shown count in a line of the disclosure is hidden too (parts before totals), then
    the smallest anywhere; a cell the other lines would still fix is passed over. Last, each
    hidden cell is shown again (largest first) where the audit stays clean. An unpublished cell of 0 or at least k students may be shown (it
    stays UNPUBLISHED here; the caller decides whether to print it).
    """
    lines = tuple(lines)
    unpublished = tuple(unpublished)
    if not checkable(counts, lines, k, unpublished):
        return withheld(counts, k, unpublished)
    states = {key: UNPUBLISHED for key in unpublished}
    states |= {key: SMALL for key, count in counts.items() if key not in states and 0 < count < k}
    for _ in range(len(counts) + 1):
        disclosures = audit(Publication(counts, lines, states), k)
        if not disclosures:
            return _show_again(counts, lines, states, k)
        extra = _next_to_hide(counts, lines, states, disclosures[0])
        if extra is None:
            return states  # everything left is shown at 0: nothing more can be hidden
        states[extra] = HIDDEN
    return states


def _next_to_hide(
    counts: Mapping[Any, int], lines: tuple[Line, ...], states: dict, disclosure: Disclosure
) -> Hashable | None:
    """The smallest nonzero shown cell of the disclosure's lines (parts, then totals, then any),
    passing over cells the other lines would still fix: hiding those would protect nothing."""
    involved = [line for line in lines if any(c in disclosure.cells for c in (line.total, *line.parts))]
    pools = [
        [part for line in involved for part in line.parts],
        [line.total for line in involved],
        list(counts),
    ]
    fallback = None
    for pool in pools:
        shown = sorted(
            {key for key in pool if key not in states and counts[key] > 0},
            key=lambda key: (counts[key], repr(key)),
        )
        useful = [key for key in shown if not _fixed_if_hidden(counts, lines, states, key)]
        if useful:
            return useful[0]
        fallback = fallback if fallback is not None or not shown else shown[0]
    return fallback


def _fixed_if_hidden(counts: Mapping[Any, int], lines: tuple[Line, ...], states: dict, key: Hashable) -> bool:
    """True when hiding `key` leaves its count fixed by lines whose other cells are known."""
    publication = Publication(counts, lines, {**states, key: HIDDEN})
    unknown = publication.unknown()
    matrix, _ = _matrix(publication, unknown)
    null = _null_space(matrix, len(unknown))
    return not null.shape[0] or bool(np.abs(null[:, unknown.index(key)]).max() < 1e-9)


def _show_again(counts: Mapping[Any, int], lines: tuple[Line, ...], states: dict, k: int) -> dict:
    """`states` with each HIDDEN cell shown again, largest first, where the audit stays clean:
    hiding one cell can make an earlier choice unnecessary (a grade whose classes add up)."""
    for key in sorted(
        (key for key, state in states.items() if state == HIDDEN), key=lambda key: -counts[key]
    ):
        trial = {other: state for other, state in states.items() if other != key}
        if not audit(Publication(counts, lines, trial), k):
            states = trial
    return states


def _name(key: Hashable) -> str:
    return " / ".join(str(part) for part in key) if isinstance(key, tuple) else str(key)


def _matrix(publication: Publication, unknown: list[Hashable]) -> tuple[np.ndarray, list[Line]]:
    """The lines' coefficients on the unknown cells (lines with no unknown cell left out)."""
    column = {key: i for i, key in enumerate(unknown)}
    rows, used = [], []
    for line in publication.lines:
        row = np.zeros(len(unknown))
        for key, sign in [(line.total, -1.0), *((part, 1.0) for part in line.parts)]:
            if key in column:
                row[column[key]] += sign
        if row.any():
            rows.append(row)
            used.append(line)
    return (np.array(rows) if rows else np.zeros((0, len(unknown)))), used


def _null_space(matrix: np.ndarray, width: int) -> np.ndarray:
    if matrix.shape[0] == 0:
        return np.eye(width)
    _, singular, vt = np.linalg.svd(matrix)
    return vt[int((singular > 1e-9).sum()) :]


def _near_small(publication: Publication, unknown: list[Hashable], k: int) -> list[list[Hashable]]:
    """Per line, the non-shown cells under k of the lines that share a cell with it (sorted)."""
    counts = publication.counts
    known = set(unknown)
    small = {key for key in unknown if counts[key] < k}
    own = [{key for key in (line.total, *line.parts) if key in known} for line in publication.lines]
    lines_of: dict[Hashable, list[int]] = {}
    for i, line_cells in enumerate(own):
        for key in line_cells:
            lines_of.setdefault(key, []).append(i)
    near_lines = [{j for key in own[i] for j in lines_of[key]} for i in range(len(own))]
    return [sorted({key for j in lines for key in own[j] if key in small}, key=repr) for lines in near_lines]


def workload(
    counts: Mapping[Any, int], lines: Iterable[Line], k: int, unpublished: Iterable[Hashable] = ()
) -> int:
    """About how many groups one audit of these cells checks (sums of up to MAX_COMBINED cells
    under k that lines share): it grows with the cube of the small cells. protect gives up past
    MAX_WORKLOAD (see there)."""
    lines = tuple(lines)
    states = {key: UNPUBLISHED for key in unpublished}
    states |= {key: SMALL for key, count in counts.items() if key not in states and 0 < count < k}
    publication = Publication(counts, lines, states)
    near = _near_small(publication, publication.unknown(), k)
    return sum(math.comb(len(cells), size) for cells in near for size in range(1, MAX_COMBINED + 1))


def checkable(
    counts: Mapping[Any, int], lines: Iterable[Line], k: int, unpublished: Iterable[Hashable] = ()
) -> bool:
    """True when protect can check these cells in time (workload up to MAX_WORKLOAD)."""
    return workload(counts, lines, k, unpublished) <= MAX_WORKLOAD


def withheld(counts: Mapping[Any, int], k: int, unpublished: Iterable[Hashable] = ()) -> dict[Hashable, str]:
    """States that show no count but zeros: nothing can be worked out from zeros alone, so this
    is safe without an audit. Cells under k are still labelled SMALL, as everywhere."""
    states = {key: UNPUBLISHED for key in unpublished}
    for key, count in counts.items():
        if key not in states and count > 0:
            states[key] = SMALL if count < k else HIDDEN
    return states


def _candidates(publication: Publication, unknown: list[Hashable], k: int) -> Iterable[tuple[Hashable, ...]]:
    """Groups a reader may try to work out: each non-shown cell, each line's non-shown parts, and
    sums of up to MAX_COMBINED non-shown cells of lines that share a cell (nested groups).

    Only groups that could hold 1 to k-1 students are offered: counts are never negative, so a
    sum under k has only cells under k in it. That keeps a district of 50 schools fast.
    """
    counts = publication.counts
    known = set(unknown)
    small = {key for key in unknown if counts[key] < k}
    seen: set[frozenset] = set()
    for line, near in zip(publication.lines, _near_small(publication, unknown, k), strict=True):
        parts = tuple(part for part in line.parts if part in known)
        groups: list[tuple[Hashable, ...]] = [parts] if 0 < sum(counts[p] for p in parts) < k else []
        groups += [c for size in range(1, MAX_COMBINED + 1) for c in itertools.combinations(near, size)]
        for cells in groups:
            if cells and frozenset(cells) not in seen:
                seen.add(frozenset(cells))
                yield tuple(cells)
    for key in small:  # a cell in no line
        if frozenset((key,)) not in seen:
            yield (key,)


def _derived(publication: Publication, k: int) -> list[Disclosure]:
    """Sums of non-shown cells that the lines fix, of 1 to k-1 students."""
    unknown = publication.unknown()
    if not unknown:
        return []
    matrix, used = _matrix(publication, unknown)
    null = _null_space(matrix, len(unknown))
    column = {key: i for i, key in enumerate(unknown)}
    found = []
    for cells in _candidates(publication, unknown, k):
        students = int(sum(publication.counts[key] for key in cells))
        if not 0 < students < k:
            continue
        indicator = np.zeros(len(unknown))
        indicator[[column[key] for key in cells]] = 1.0
        if null.shape[0] and np.abs(null @ indicator).max() > 1e-9:
            continue  # the lines leave this sum free: it can't be worked out
        found.append(Disclosure(cells, students, _arithmetic(publication, cells, students, used)))
    return found


def _arithmetic(publication: Publication, cells: tuple, students: int, used: list[Line]) -> str:
    """'A + B = All 52 - shown parts 43 = 9 (line)' when one line with a shown total gives it,
    else the names of the lines that together fix it."""
    names = " + ".join(_name(key) for key in cells)
    for line in used:
        hidden_parts = {p for p in line.parts if publication.state(p) != SHOWN}
        if publication.state(line.total) == SHOWN and set(cells) == hidden_parts:
            shown = [p for p in line.parts if publication.state(p) == SHOWN]
            total = publication.counts[line.total]
            minus = " - ".join(str(publication.counts[p]) for p in shown) or "0"
            where = f" ({line.name})" if line.name else ""
            return f"{names} = {_name(line.total)} {total} - shown parts {minus} = {students}{where}"
    through = [line.name or _name(line.total) for line in used if set(cells) & {line.total, *line.parts}]
    return f"{names} = {students}, worked out from the lines that add up: {', '.join(through)}"


def reader_bounds(publication: Publication, k: int) -> dict[Hashable, list[float]]:
    """[low, high] a reader can tell for each non-shown cell from its label and the lines,
    tightened line by line until stable (lib.privacy.suppression uses it too)."""
    bounds = {key: _start(publication.state(key), k) for key in publication.unknown()}
    for _ in range(100):  # whole-number intervals only shrink: this settles in a few rounds
        if not any([_tighten(publication, line, bounds) for line in publication.lines]):
            break
    return bounds


def _pinned(publication: Publication, k: int) -> list[Disclosure]:
    """Non-shown cells a reader can narrow to one value of 1 to k-1 from the labels and lines."""
    return [
        Disclosure((key,), int(low), f"{_name(key)} can only be {int(low)} given the labels and totals")
        for key, (low, high) in reader_bounds(publication, k).items()
        if low == high and 0 < low < k
    ]


def _start(state: str, k: int) -> list[float]:
    return {SMALL: [1.0, k - 1.0], HIDDEN: [float(k), math.inf], UNPUBLISHED: [0.0, math.inf]}[state]


def _tighten(publication: Publication, line: Line, bounds: dict[Hashable, list[float]]) -> bool:
    """Narrow the line's non-shown cells from: sum of parts - total = 0."""
    signed = [(line.total, -1), *((part, 1) for part in line.parts)]
    rest = -sum(sign * publication.counts[key] for key, sign in signed if key not in bounds)
    spans = {
        key: bounds[key] if sign > 0 else [-bounds[key][1], -bounds[key][0]]
        for key, sign in signed
        if key in bounds
    }
    changed = False
    for key, sign in signed:
        if key not in bounds:
            continue
        others = [span for other, span in spans.items() if other != key]
        low, high = rest - sum(s[1] for s in others), rest - sum(s[0] for s in others)
        low, high = (low, high) if sign > 0 else (-high, -low)
        new = [max(bounds[key][0], low), min(bounds[key][1], high)]
        changed |= new != bounds[key]
        bounds[key] = new
    return changed
