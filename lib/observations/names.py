"""Whose names an observation view may show: observation records are personnel records.

Where the scope allows other teachers' names at a school (principals, assistant principals,
coaches, district access: `Scope.teacher_names_allowed`) every row is shown. Where it does not
(a teacher signed in), the rows about people keep only the person's own (`Scope.own_staff_ids`),
and a teacher who observed them is shown as "Teacher", not by name. Figures that count
teachers (the tiles, coverage by school, rubric averages) are worked out over every teacher
before any row is dropped, so they stay the school's figures.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from lib.core.scope import Scope
from lib.observations.cadence import ROLE_LABELS

TEACHER = "teacher"


def names_allowed_at(school_ids: pd.Series, scope: Scope) -> pd.Series:
    """True where the row's school allows other teachers' names (same index)."""
    return pd.Series([scope.teacher_names_allowed(s) for s in school_ids], index=school_ids.index, dtype=bool)


def named_rows(school_ids: pd.Series, staff_ids: pd.Series, scope: Scope) -> pd.Series:
    """True where the row's person may be named: their school allows teachers' names, or it is
    the person's own row. Both series share one index."""
    named = [scope.may_name_teacher(s, t) for s, t in zip(school_ids, staff_ids, strict=True)]
    return pd.Series(named, index=school_ids.index, dtype=bool)


def own_rows_only(school_ids: Iterable[str], scope: Scope) -> bool:
    """True when some school in view shows the person only their own rows."""
    return any(not scope.teacher_names_allowed(s) for s in school_ids)


def observer_names(
    names: pd.Series, roles: pd.Series, school_ids: pd.Series, observer_ids: pd.Series | None, scope: Scope
) -> pd.Series:
    """`names` with each teacher who observed at a school without teachers' names written
    "Teacher" (leaders and coaches keep their names; so does the person themselves).

    `observer_ids` None: the observer is never the person (their own visit by someone else).
    """
    hidden = (roles == TEACHER) & ~names_allowed_at(school_ids, scope)
    if observer_ids is not None:
        hidden &= ~observer_ids.isin(scope.own_staff_ids)
    return names.mask(hidden, ROLE_LABELS[TEACHER])


def named_status(status: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """The teachers (lib.observations.cadence.teacher_status rows) that may be listed by name,
    each with a teacher who last observed them written "Teacher" where names are not allowed."""
    shown = status[named_rows(status["school_id"], status["staff_id"], scope)]
    last = observer_names(
        shown["last_observer"], shown["last_observer_role"], shown["school_id"], None, scope
    )
    return shown.assign(last_observer=last)


def named_waiting(waiting: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """The visits waiting for feedback (feedback.waiting_for_feedback rows) of teachers that may
    be named, with observers named as `observer_names` allows."""
    shown = waiting[named_rows(waiting["school_id"], waiting["teacher_id"], scope)]
    observer = observer_names(
        shown["observer_name"], shown["observer_role"], shown["school_id"], shown["observer_id"], scope
    )
    return shown.assign(observer_name=observer).reset_index(drop=True)


def named_observers(table: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """Rows per observer (observer load, peer visits) of observers that may be named; the
    shares and counts on the kept rows stay those of every observer."""
    return table[named_rows(table["school_id"], table["observer_id"], scope)].reset_index(drop=True)
