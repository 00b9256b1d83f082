"""Rubric ratings as aggregates only: ratings are personnel records.

Rules: an average is shown only when it stands on ratings of at least MIN_TEACHERS different
teachers (5). The page never shows a rating per teacher. Because a component's average over
the whole span is shown next to its monthly averages, a single hidden month could be worked
out from the others; so when exactly one month of a component is hidden, its smallest shown
month is hidden too (complementary suppression), and the two hidden months together stand on
at least MIN_TEACHERS teachers.

Input rows come from `observations.rubric_ratings`: component, month (NaT on the row for the
whole span), teachers, ratings, average_rating.
"""

from __future__ import annotations

import pandas as pd

from lib.privacy.suppression import MIN_TEACHERS


def component_averages(rows: pd.DataFrame, min_teachers: int = MIN_TEACHERS) -> pd.DataFrame:
    """Average rating (1-4) per component over the span, for components rated for >= min_teachers.

    Columns: component, average_rating, teachers, ratings; lowest average first.
    """
    overall = rows[rows["month"].isna() & (rows["teachers"] >= min_teachers)]
    columns = ["component", "average_rating", "teachers", "ratings"]
    return overall[columns].sort_values(["average_rating", "component"], kind="stable").reset_index(drop=True)


def hidden_components(rows: pd.DataFrame, min_teachers: int = MIN_TEACHERS) -> list[str]:
    """Components whose span average stands on fewer than min_teachers teachers (not shown)."""
    overall = rows[rows["month"].isna()]
    return sorted(overall.loc[overall["teachers"] < min_teachers, "component"].tolist())


def _hide_one_more(months: pd.DataFrame) -> pd.Series:
    """Hidden flags for one component's months, adding the smallest shown month if only one is hidden."""
    hidden = months["hidden"].copy()
    if hidden.sum() == 1 and (~hidden).any():
        smallest = months[~hidden].sort_values(["teachers", "month"], kind="stable").index[0]
        hidden[smallest] = True
    return hidden


def monthly_averages(rows: pd.DataFrame, min_teachers: int = MIN_TEACHERS) -> pd.DataFrame:
    """Per component and month: the average rating, blank (NaN) where it must stay hidden.

    Columns: component, month (date, the 1st), teachers, ratings, average_rating, hidden.
    Months of components that are hidden altogether are left out.
    """
    shown_components = set(component_averages(rows, min_teachers)["component"])
    months = rows[rows["month"].notna() & rows["component"].isin(shown_components)].copy()
    months["hidden"] = months["teachers"] < min_teachers
    flags = [_hide_one_more(group) for _, group in months.groupby("component")]
    if flags:
        months["hidden"] = pd.concat(flags)
    months["average_rating"] = months["average_rating"].where(~months["hidden"])
    months["month"] = pd.to_datetime(months["month"]).dt.date
    columns = ["component", "month", "teachers", "ratings", "average_rating", "hidden"]
    return months[columns].sort_values(["component", "month"]).reset_index(drop=True)
