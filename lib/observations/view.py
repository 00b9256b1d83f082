"""Load everything the observation page shows, in five set-based queries, then compute it.

`observation_view(database, filters, scope, settings, choice)` is the page's one entry point
(cached by lib.core.web). The district view of 50 schools runs the same queries as one
school; the calculations are vectorised pandas over at most a few thousand rows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd

from lib.core.config import Cadence, Settings
from lib.core.db import Database
from lib.core.filters import Filters, filter_options
from lib.core.metrics import FEEDBACK_WINDOW_DAYS
from lib.core.school_days import load_days_off, school_year_start
from lib.core.scope import Scope
from lib.observations.activity import (
    HeatMap,
    PeerSummary,
    from_first_visit,
    heat_map,
    observer_load,
    peer_summary,
    recent_weeks,
    visits_this_week,
)
from lib.observations.cadence import (
    LEADERSHIP_TYPES,
    OBSERVER_ROLES,
    coverage_summary,
    school_coverage,
    teacher_status,
    visit_next,
)
from lib.observations.calendar import DaysOffBySchool
from lib.observations.feedback import (
    feedback_summary,
    turnaround_distribution,
    waiting_for_feedback,
)
from lib.observations.rubric import component_averages, hidden_components, monthly_averages
from lib.observations.tiles import Figures, Tile, headline_tiles


@dataclass(frozen=True)
class ObservationChoice:
    """The page's own choices: which visits count and the cadence (None: the district's default)."""

    types: tuple[str, ...] = LEADERSHIP_TYPES
    roles: tuple[str, ...] = OBSERVER_ROLES
    cadence: Cadence | None = None

    @property
    def counts_something(self) -> bool:
        """False when no observation type or no observer role is chosen: nothing would count."""
        return bool(self.types) and bool(self.roles)


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


# Each table's columns in the order shown, with their headers. In the district view these
# tables of teachers and visits show the school column second.
SCHOOL_SECOND = ("visit_next", "observer_load", "waiting", "peer")
TABLES = {
    "schools": {
        "school": "School",
        "teachers": "Teachers",
        "observed": "Observed in cycle",
        "percent_observed": "Coverage",
        "overdue": "Overdue",
        "never_observed": "Never observed",
        "median_days": "Median wait (days)",
    },
    "visit_next": {
        "teacher": "Teacher",
        "status": "Status",
        "first_year": "First year",
        "cadence_days": "Cycle (days)",
        "days_since_last_observation": "Days since last visit",
        "cycle_ratio": "Days since ÷ cycle",
        "last_observed_on": "Last visit",
        "next_due_on": "Next due",
        "last_observer": "Last observer",
        "last_observation_type": "Last type",
    },
    "observer_load": {
        "observer": "Observer",
        "role": "Role",
        "per_week": "Visits per week",
        "visits": "Visits",
        "per_week_average": "Average per week",
        "share": "Share of visits",
    },
    "waiting": {
        "status": "Status",
        "teacher_name": "Teacher",
        "observer_name": "Observer",
        "observed_on": "Visit",
        "deadline": "Due",
        "school_days_waiting": "Waiting",
    },
    "peer": {
        "observer": "Teacher who observed",
        "peer_visits": "Peer visits",
        "colleagues_observed": "Colleagues observed",
        "last_peer_visit": "Latest",
    },
    "rubric": {"component": "Component", "average_rating": "Average rating", "teachers": "Teachers rated"},
}


@dataclass(frozen=True)
class ObservationView:
    """Everything the page draws, ready to show."""

    span: Span
    cadence: Cadence
    weeks: list[date]  # Mondays of the weeks the heat map and observer load show
    teachers: int
    tiles: list[Tile]
    visit_next: pd.DataFrame
    schools: pd.DataFrame  # per-school coverage (district view); empty for one school
    heat_map: HeatMap
    observer_load: pd.DataFrame
    turnaround: pd.DataFrame
    waiting: pd.DataFrame
    peer: PeerSummary
    rubric_components: pd.DataFrame
    rubric_monthly: pd.DataFrame
    rubric_hidden: list[str]
    district: bool = False  # the district view: tables carry a school column

    def columns(self, table: str) -> list[str]:
        """A table's column order (TABLES), with the school column second in the district view."""
        first, *rest = TABLES[table]
        school = ["school"] if self.district and table in SCHOOL_SECOND else []
        return [first, *school, *rest]

    def headers(self, table: str) -> dict[str, str]:
        """Column -> header of a table's columns (with the school column where it can show)."""
        return ({"school": "School"} if table in SCHOOL_SECOND else {}) | TABLES[table]


def _params(filters: Filters, school_ids: list[str], view: ObservationChoice) -> dict:
    return {
        "schools": school_ids,
        "as_of": filters.as_of,
        "grades": list(filters.grades) or None,
        "types": [t for t in view.types if t != "peer"],
        "roles": list(view.roles),
    }


def _figures(status: pd.DataFrame, visits: pd.DataFrame, as_of: date, cadence: Cadence, days_off) -> Figures:
    return Figures(
        as_of=as_of,
        coverage=coverage_summary(status, cadence),
        feedback=feedback_summary(visits, as_of, days_off),
        visits_this_week=visits_this_week(visits, as_of),
    )


def _load(database: Database, params: dict, span: Span) -> dict[str, pd.DataFrame]:
    since = {"since": span.fetch_from}
    year = {"since": span.year_start}
    peer_params = {k: params[k] for k in ("schools", "as_of", "grades")} | year
    return {
        "teachers": database.query("observations.teachers", params | {"previous": span.previous}),
        "visits": database.query("observations.visits", params | since),
        "peer": database.query("observations.peer_visits", peer_params),
        "rubric": database.query("observations.rubric_ratings", params | year),
    }


def _headline(rows: dict[str, pd.DataFrame], span: Span, cadence: Cadence, days_off: DaysOffBySchool):
    status = teacher_status(rows["teachers"], span.as_of, cadence)
    before = teacher_status(rows["teachers"], span.previous, cadence, "previous_last_observed_on")
    visits = rows["visits"]
    earlier = visits[pd.to_datetime(visits["observed_on"]) <= pd.Timestamp(span.previous)]
    now_figures = _figures(status, visits, span.as_of, cadence, days_off)
    tiles = headline_tiles(now_figures, _figures(before, earlier, span.previous, cadence, days_off), cadence)
    return status, tiles


def _shown_weeks(span: Span, visits: pd.DataFrame) -> list[date]:
    # Leading weeks of the school year before its first visit would be empty columns.
    this_year = visits[pd.to_datetime(visits["observed_on"]) >= pd.Timestamp(span.year_start)]
    return from_first_visit(list(span.weeks), this_year)


def observation_view(
    database: Database, filters: Filters, scope: Scope, settings: Settings, choice: ObservationChoice
) -> ObservationView:
    """The observation page for the filters, over the schools in scope only.

    The cadence is the choice's, else `settings.cadence`. Peer visits never count toward
    coverage. A school outside the scope gives a view of no teachers.
    """
    options = filter_options(database)
    schools = tuple((s, options.schools.get(s, s)) for s in scope.schools_in_view(filters.school_id))
    cadence = choice.cadence or settings.cadence
    return coverage_report(database, filters, schools, options.first_day, replace(choice, cadence=cadence))


def coverage_report(
    database: Database,
    filters: Filters,
    schools: tuple[tuple[str, str], ...],
    first_day: date | None,
    view: ObservationChoice,
) -> ObservationView:
    """The observation figures of `schools`, the (school_id, label) of the schools in view.

    `first_day` is the earliest date in the data (None: unknown); `view.cadence` None means
    Cadence()'s 14 and 7 days.
    """
    cadence = view.cadence or Cadence()
    view = replace(view, cadence=cadence)
    names = dict(schools)
    school_ids = list(names)
    span = report_span(filters.as_of, first_day, cadence)
    rows = _load(database, _params(filters, school_ids, view), span)
    days_off = load_days_off(database, school_ids)
    status, tiles = _headline(rows, span, cadence, days_off)
    visits = rows["visits"]
    weeks = _shown_weeks(span, visits)
    return ObservationView(
        district=filters.is_district,
        span=span,
        weeks=weeks,
        cadence=cadence,
        teachers=len(status),
        tiles=tiles,
        visit_next=visit_next(status, names),
        schools=school_coverage(status, names) if filters.is_district else pd.DataFrame(),
        heat_map=heat_map(status, visits, weeks),
        observer_load=observer_load(visits, weeks, names),
        turnaround=turnaround_distribution(visits, filters.as_of, days_off),
        waiting=waiting_for_feedback(visits, filters.as_of, days_off),
        peer=peer_summary(rows["peer"], len(status), names),
        rubric_components=component_averages(rows["rubric"]),
        rubric_monthly=monthly_averages(rows["rubric"]),
        rubric_hidden=hidden_components(rows["rubric"]),
    )
