"""The goal board's cards as nested groups: no card may let a group of 1 to k-1 students be worked out.

Two cards of one school that count the same thing over the same days nest: a school-wide books
goal holds its grade goals' students (and the rest of the school, never shown), and its student
groups' (a flag, its complement and the students whose flag is blank; the sexes; the races).
A card's figure (a total or a rate) goes with its students: with the school's 808 books and
its grades 3 and 4's 724 shown, the other 7 students' 84 books follow. lib.privacy.audit's
`protect` hides the cards that lose least; a card of fewer than k is already hidden
(lib.goals.board._privacy_block).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from datetime import date

import pandas as pd

from lib.privacy.audit import HIDDEN, SMALL, UNPUBLISHED, Line, Publication, protect
from lib.privacy.partitions import partitions


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None


def card_cells(goals: pd.DataFrame, students: Mapping[str, int], as_of: date) -> tuple[dict, list[Line], set]:
    """Cells (goal_id -> students its figure stands on, plus the never-shown rests) and lines.

    `goals`: goals_in_scope rows; `students`: goal_id -> students (goals without one are left out).
    """
    counts: dict[Hashable, int] = {g: int(n) for g, n in students.items()}
    lines: list[Line] = []
    unpublished: set = set()
    families: dict[tuple, list[tuple[str, str | None, str | None]]] = {}
    columns = ["goal_id", "school_id", "metric", "start_date", "end_date", "grade_level", "subgroup"]
    # Plain tuples, not a pandas groupby: 233 district goals took 0.3 s that way.
    for goal_id, school, metric, start, end, grade, group in goals[columns].itertuples(index=False):
        if goal_id in counts:
            family = (school, metric, start, min(end, as_of))
            families.setdefault(family, []).append((goal_id, _text(grade), _text(group)))
    for family, rows in families.items():
        whole = [goal_id for goal_id, grade, group in rows if grade is None and group is None]
        if len(whole) != 1:
            continue
        total = whole[0]
        grades = [goal_id for goal_id, grade, group in rows if grade is not None and group is None]
        by_code = {group: goal_id for goal_id, _, group in rows if group}
        groups = [[by_code[code] for code in part] for part in partitions(by_code)]
        for i, parts in enumerate([grades, *groups]):
            if not parts:
                continue
            rest = counts[total] - sum(counts[p] for p in parts)
            keys: list[Hashable] = list(parts)
            if rest > 0:
                counts[("rest", total, i)] = rest
                unpublished.add(("rest", total, i))
                keys.append(("rest", total, i))
            if rest >= 0:
                lines.append(Line(total, tuple(keys), f"{family}: the school = its parts {i}"))
    return counts, lines, unpublished


def hidden_cards(cells: tuple[dict, list[Line], set], k: int) -> set[str]:
    """Goal ids of k or more students whose figures must be hidden, or a smaller group's could
    be worked out (cards of fewer than k are hidden by lib.goals.board._privacy_block)."""
    counts, lines, unpublished = cells
    states = protect(counts, lines, k, unpublished=unpublished)
    return {key for key, state in states.items() if isinstance(key, str) and state == HIDDEN}


def board_publication(cells: tuple[dict, list[Line], set], shown: Mapping[str, bool], k: int) -> Publication:
    """The board's cards as a Publication: `shown` maps goal_id -> whether its figure is shown."""
    counts, lines, unpublished = cells
    states: dict[Hashable, str] = {key: UNPUBLISHED for key in unpublished}
    for goal_id, drawn in shown.items():
        if not drawn and goal_id in counts:
            states[goal_id] = SMALL if 0 < counts[goal_id] < k else HIDDEN
    return Publication(counts, tuple(lines), states, "goal board")
