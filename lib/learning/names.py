"""Whose names the learning page may show: hours, mentoring and new teachers are personnel
matters. A row is listed where the scope allows other teachers' names at its school, or where
it is the person's own (a mentor sees their own pair); figures that count teachers are worked
out over every teacher before any row is dropped."""

from __future__ import annotations

import pandas as pd

from lib.core.scope import Scope


def nameable(frame: pd.DataFrame, scope: Scope, *id_columns: str) -> pd.DataFrame:
    """The rows whose school allows teachers' names, or naming the person in any `id_columns`."""
    if frame.empty:
        return frame
    keep = [
        scope.teacher_names_allowed(row["school_id"])
        or any(row[c] in scope.own_staff_ids for c in id_columns)
        for _, row in frame.iterrows()
    ]
    return frame[keep].reset_index(drop=True)
