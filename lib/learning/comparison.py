"""Did a PD show in classrooms? Ratings on the session's rubric component before and after it,
for the teachers who attended and for the others.

The unit is a school and a rubric component: the school's first session on that component
this school year (its own or a district-wide one). Its teachers are those on staff by the
session day; "attended" comes from pd_attendance (no row: did not attend). The figures are
the average rating of leadership visits in the WINDOW_DAYS days before the session day and
the WINDOW_DAYS days after it (the day itself in neither).

Privacy (ratings are personnel records; issue 8's rule with 5 teachers): the attendees and
the others are the two parts of the school's teachers, so a unit shows its four figures only
when each stands on at least MIN_TEACHERS teachers; otherwise none of them (showing one part
next to the school's rubric averages would let the other be worked out). A unit shows only
once its window after the session has closed by the as-of date, so its figures never change
with the as-of date (two dates compared can't isolate one visit). A view of several schools
adds up only the units shown in each school's own view, so it reveals nothing a school view
hides.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from lib.privacy.suppression import MIN_TEACHERS

WINDOW_DAYS = 42  # six weeks each side of the session
SHOWN, WINDOW_OPEN, TOO_FEW, NO_RATINGS = "shown", "window open", "too few teachers", "no ratings"
CELLS = [(True, False), (True, True), (False, False), (False, True)]  # (attended, after)
UNIT = ["school_id", "focus", "session_id", "title", "session_date"]


def cell_name(attended: bool, after: bool) -> str:
    """'attended_before', 'others_after' ..."""
    return f"{'attended' if attended else 'others'}_{'after' if after else 'before'}"


def first_sessions(sessions: pd.DataFrame, components: set[str]) -> pd.DataFrame:
    """Per school and rubric component, the school's first session on it (UNIT columns).

    `sessions` holds one row per session and school it concerns (learning.sessions); foci
    that are not rubric components (a goal, a topic) have no comparison.
    """
    on_component = sessions[sessions["focus"].isin(components)]
    ordered = on_component.sort_values(["school_id", "focus", "date", "session_id"], kind="stable")
    firsts = ordered.drop_duplicates(["school_id", "focus"]).rename(columns={"date": "session_date"})
    firsts = firsts.assign(session_date=pd.to_datetime(firsts["session_date"]).dt.date)
    return firsts[UNIT].reset_index(drop=True)


def _cell_sums(units: pd.DataFrame, rows: pd.DataFrame, attended: bool, after: bool) -> pd.DataFrame:
    """teachers, visits and rating sum of one cell of every unit (units' order; 0 where no rows)."""
    mine = rows[(rows["attended"] == attended) & (rows["after"] == after)]
    sums = mine.groupby(["school_id", "focus"])[["teachers", "visits", "rating_sum"]].sum()
    keys = pd.MultiIndex.from_frame(units[["school_id", "focus"]])
    aligned = sums.reindex(keys, fill_value=0).reset_index(drop=True)
    name = cell_name(attended, after)
    return pd.DataFrame(
        {
            f"{name}_teachers": aligned["teachers"].astype(int),
            f"{name}_visits": aligned["visits"].astype(int),
            f"{name}_sum": aligned["rating_sum"].astype(float),
        }
    )


def unit_figures(
    units: pd.DataFrame,
    rows: pd.DataFrame,
    as_of: date,
    window: int = WINDOW_DAYS,
    min_teachers: int = MIN_TEACHERS,
) -> pd.DataFrame:
    """Each unit with its state, window end and four cells (teachers, visits, rating sum).

    `rows` are learning.focus_ratings rows. state: WINDOW_OPEN (the window after the session
    ends after the as-of date), NO_RATINGS, TOO_FEW (a cell under min_teachers), else SHOWN.
    """
    cells = [_cell_sums(units, rows, *cell) for cell in CELLS]
    figures = pd.concat([units.reset_index(drop=True), *cells], axis=1)
    figures["window_ends"] = [day + timedelta(days=window) for day in figures["session_date"]]
    teachers = figures[[f"{cell_name(*cell)}_teachers" for cell in CELLS]]
    figures["state"] = np.select(
        [figures["window_ends"] > as_of, teachers.max(axis=1) == 0, teachers.min(axis=1) < min_teachers],
        [WINDOW_OPEN, NO_RATINGS, TOO_FEW],
        SHOWN,
    )
    return figures


def averages(figures: pd.DataFrame) -> pd.DataFrame:
    """The figures with each cell's average rating (sum / visits), blank unless SHOWN; the
    rating sums are dropped (only averages leave this module)."""
    shown = figures["state"] == SHOWN
    out = figures.copy()
    for cell in CELLS:
        name = cell_name(*cell)
        average = out[f"{name}_sum"] / out[f"{name}_visits"].where(out[f"{name}_visits"] > 0)
        out[f"{name}_average"] = average.where(shown)
        out = out.drop(columns=f"{name}_sum")
    return out


def combined(figures: pd.DataFrame) -> pd.DataFrame:
    """Per rubric component, the SHOWN units of every school added up: teachers, visits and
    averages of the four cells, and `schools` (how many schools it covers). Components with no
    shown unit are left out."""
    shown = figures[figures["state"] == SHOWN]
    if shown.empty:
        return averages(figures.iloc[0:0].assign(schools=0))
    numbers = [c for c in shown.columns if c.endswith(("_teachers", "_visits", "_sum"))]
    summed = shown.groupby("focus", sort=True)[numbers].sum().reset_index()
    summed["schools"] = shown.groupby("focus", sort=True).size().to_numpy()
    return averages(summed.assign(state=SHOWN))
