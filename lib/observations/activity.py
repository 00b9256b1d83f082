"""Who was observed when, and by whom: visits per teacher and per observer by week, peer visits.

Weeks run Monday to Sunday and are named by their Monday. "This week" is the week the as-of
date falls in, from its Monday through the as-of date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from lib.core.school_days import school_week_start
from lib.observations.cadence import ROLE_LABELS, most_overdue_first

HEAT_MAP_WEEKS = 16  # the heat map and observer load show at most this many recent weeks
HEAT_MAP_TEACHERS = 60  # and at most this many teachers, the most overdue first


def recent_weeks(as_of: date, first_day: date, max_weeks: int = HEAT_MAP_WEEKS) -> list[date]:
    """Mondays of the weeks from `first_day`'s week to `as_of`'s, at most the last `max_weeks`."""
    last = school_week_start(as_of)
    first = max(school_week_start(first_day), last - timedelta(weeks=max_weeks - 1))
    count = max((last - first).days // 7 + 1, 1)
    return [first + timedelta(weeks=k) for k in range(count)]


def from_first_visit(weeks: list[date], visits: pd.DataFrame) -> list[date]:
    """`weeks` without the leading weeks before the first visit's week (all of them if none)."""
    if visits.empty:
        return weeks
    first = week_of(visits["observed_on"]).min()
    return [week for week in weeks if week >= first] or weeks[-1:]


def week_of(days: pd.Series) -> pd.Series:
    """The Monday (as a date) of each day's week."""
    stamps = pd.to_datetime(days)
    return (stamps - pd.to_timedelta(stamps.dt.day_of_week, unit="D")).dt.date


def visits_this_week(visits: pd.DataFrame, as_of: date) -> int:
    """Counted visits from the Monday of the as-of date's week through the as-of date."""
    observed = pd.to_datetime(visits["observed_on"])
    return int(observed.between(pd.Timestamp(school_week_start(as_of)), pd.Timestamp(as_of)).sum())


def weekly_counts(visits: pd.DataFrame, key: str, weeks: list[date]) -> pd.DataFrame:
    """Visits per `key` value (rows) and week (columns, one per Monday in `weeks`), 0 where none."""
    in_span = visits.assign(week=week_of(visits["observed_on"]))
    in_span = in_span[in_span["week"].isin(weeks)]
    counts = in_span.groupby([key, "week"]).size().unstack("week", fill_value=0)
    return counts.reindex(columns=weeks, fill_value=0)


def teacher_label(status: pd.DataFrame) -> pd.Series:
    """'⚠ Ana Rivera · never', '⚠ Bo Chen · 23/14 d' (overdue) or 'Cy Diaz · 4/7 d'.

    The fraction is days since the last counted visit over the teacher's cycle. Names are as
    written: lib.observations.charts escapes them for Plotly (lib.core.text.plotly_text).
    """
    names = status["first_name"] + " " + status["last_name"]
    days = status["days_since_last_observation"]
    waits = days.astype("Int64").astype("string") + "/" + status["cadence_days"].astype("string") + " d"
    marks = pd.Series(
        ["⚠ " if late else "" for late in status["overdue"]], index=status.index, dtype="string"
    )
    return marks + names + " · " + waits.fillna("never")


@dataclass(frozen=True)
class HeatMap:
    """Visits per teacher and week, rows most overdue first; `overdue` marks rows per label."""

    counts: pd.DataFrame  # index: row label, columns: week Mondays
    overdue: list[bool]
    teachers_total: int


def heat_map(
    status: pd.DataFrame, visits: pd.DataFrame, weeks: list[date], limit: int = HEAT_MAP_TEACHERS
) -> HeatMap:
    """Counted visits per teacher per week for the `limit` most overdue teachers."""
    ordered = most_overdue_first(status).head(limit)
    counts = weekly_counts(visits, "teacher_id", weeks).reindex(ordered["staff_id"], fill_value=0)
    counts.index = teacher_label(ordered).to_list()
    return HeatMap(counts=counts, overdue=ordered["overdue"].to_list(), teachers_total=len(status))


def observer_load(visits: pd.DataFrame, weeks: list[date], school_names: dict[str, str]) -> pd.DataFrame:
    """Per observer and school: counted visits per week over `weeks`, total, weekly mean, share.

    Columns: observer, role, school, per_week (list of counts, oldest first), visits,
    per_week_average, share (percent of all visits in the span). Busiest first.
    """
    in_span = visits.assign(week=week_of(visits["observed_on"]))
    in_span = in_span[in_span["week"].isin(weeks)]
    keys = ["school_id", "observer_id", "observer_name", "observer_role"]
    counts = in_span.groupby([*keys, "week"]).size().unstack("week", fill_value=0)
    counts = counts.reindex(columns=weeks, fill_value=0)
    table = counts.index.to_frame(index=False)
    table["per_week"] = counts.to_numpy().tolist()
    table["visits"] = counts.sum(axis=1).to_numpy()
    table["per_week_average"] = table["visits"] / max(len(weeks), 1)
    table["share"] = 100.0 * table["visits"] / max(int(table["visits"].sum()), 1)
    table["role"] = table["observer_role"].map(ROLE_LABELS)
    table["school"] = table["school_id"].map(school_names)
    table = table.rename(columns={"observer_name": "observer"})
    return table.sort_values(["visits", "observer"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )


@dataclass(frozen=True)
class PeerSummary:
    """Peer observations in the span: how many, by how many teachers, and who."""

    visits: int
    observers: int
    teachers_in_scope: int
    table: pd.DataFrame  # observer, school, peer_visits, colleagues_observed, last_peer_visit


def peer_summary(
    peer_visits: pd.DataFrame, teachers_in_scope: int, school_names: dict[str, str]
) -> PeerSummary:
    """Who observed a colleague: per observer, visits, distinct colleagues, latest date."""
    grouped = peer_visits.groupby(["observer_id", "observer_name", "school_id"])
    table = grouped.agg(
        peer_visits=("observation_id", "size"),
        colleagues_observed=("teacher_id", "nunique"),
        last_peer_visit=("observed_on", "max"),
    ).reset_index()
    table["school"] = table["school_id"].map(school_names)
    table["last_peer_visit"] = pd.to_datetime(table["last_peer_visit"]).dt.date
    table = table.rename(columns={"observer_name": "observer"})
    table = table.sort_values(["peer_visits", "observer"], ascending=[False, True], kind="stable")
    return PeerSummary(
        visits=len(peer_visits),
        observers=int(peer_visits["observer_id"].nunique()),
        teachers_in_scope=teachers_in_scope,
        table=table.reset_index(drop=True),
    )
