"""Observation rows to frames: the dates a view covers and the four named queries it runs.

The district view of 50 schools runs the same queries as one school (lib/observations/queries.sql).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from lib.core.config import Cadence
from lib.core.db import Database
from lib.core.filters import Filters
from lib.core.metrics import FEEDBACK_WINDOW_DAYS
from lib.core.school_days import school_year_start
from lib.observations.activity import recent_weeks


@dataclass(frozen=True)
class Span:
    """The dates a report covers.

    previous: the as-of date one cycle earlier (for the changes). year_start: the first day
    of "this school year" (July 1, or the first day in the data if later): peer visits and
    rubric averages cover year_start to as_of. weeks: Mondays of the heat map's weeks.
    fetch_from: the earliest visit any figure needs.
    """

    as_of: date
    previous: date
    year_start: date
    weeks: tuple[date, ...]
    fetch_from: date


def report_span(as_of: date, first_day: date | None, cadence: Cadence) -> Span:
    """The span for an as-of date; `first_day` is the earliest date in the data (None: unknown)."""
    year_start = max(school_year_start(as_of), first_day or date.min)
    year_start = min(year_start, as_of)
    previous = as_of - timedelta(days=cadence.cycle_days)
    weeks = tuple(recent_weeks(as_of, year_start))
    fetch_from = min(weeks[0], year_start, previous - timedelta(days=FEEDBACK_WINDOW_DAYS - 1))
    return Span(as_of, previous, year_start, weeks, fetch_from)


def query_params(
    filters: Filters, school_ids: list[str], types: tuple[str, ...], roles: tuple[str, ...]
) -> dict:
    """Bound parameters of the observation queries (peer visits are never a leadership type)."""
    return {
        "schools": school_ids,
        "as_of": filters.as_of,
        "grades": list(filters.grades) or None,
        "types": [t for t in types if t != "peer"],
        "roles": list(roles),
    }


def load_rows(database: Database, params: dict, span: Span) -> dict[str, pd.DataFrame]:
    """The teachers, leadership visits, peer visits and rubric ratings the page needs (four queries)."""
    since = {"since": span.fetch_from}
    year = {"since": span.year_start}
    peer_params = {k: params[k] for k in ("schools", "as_of", "grades")} | year
    return {
        "teachers": database.query("observations.teachers", params | {"previous": span.previous}),
        "visits": database.query("observations.visits", params | since),
        "peer": database.query("observations.peer_visits", peer_params),
        "rubric": database.query("observations.rubric_ratings", params | year),
    }
