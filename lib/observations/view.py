"""The observation page's one entry point: load its rows (lib.observations.load), then compute it.

`observation_page(database, filters, scope, settings, choice)` is the page's one entry point
(cached by lib.core.web): `observation_view` and its charts. The district view of 50 schools
runs the same queries as one school; the calculations are vectorised pandas over at most a few
thousand rows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from lib.core.config import Cadence, Settings
from lib.core.db import Database
from lib.core.filters import Filters, filter_options
from lib.core.metrics import FEEDBACK_WINDOW_DAYS
from lib.core.school_days import load_days_off
from lib.core.scope import Scope
from lib.observations.activity import (
    HeatMap,
    PeerSummary,
    from_first_visit,
    heat_map,
    observer_load,
    peer_summary,
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
from lib.observations.charts import rubric_trend, turnaround_bars, visits_heat_map
from lib.observations.feedback import (
    feedback_summary,
    turnaround_distribution,
    waiting_for_feedback,
)
from lib.observations.load import Span, load_rows, query_params, report_span
from lib.observations.names import named_observers, named_status, named_waiting, own_rows_only
from lib.observations.rubric import component_averages, hidden_components, monthly_averages
from lib.observations.tiles import Figures, Tile, headline_tiles
from lib.observations.words import SCHOOL_SECOND, TABLES


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
    # Some school in view lists only the person's own rows (a teacher: lib.observations.names);
    # the tiles and counts still cover every teacher.
    own_rows_only: bool = False
    waiting_total: int = 0  # visits waiting for feedback, every teacher's (`waiting` may list fewer)

    def columns(self, table: str) -> list[str]:
        """A table's column order (TABLES), with the school column second in the district view."""
        first, *rest = TABLES[table]
        school = ["school"] if self.district and table in SCHOOL_SECOND else []
        return [first, *school, *rest]

    def headers(self, table: str) -> dict[str, str]:
        """Column -> header of a table's columns (with the school column where it can show)."""
        return ({"school": "School"} if table in SCHOOL_SECOND else {}) | TABLES[table]


def _figures(status: pd.DataFrame, visits: pd.DataFrame, as_of: date, cadence: Cadence, days_off) -> Figures:
    return Figures(
        as_of=as_of,
        coverage=coverage_summary(status, cadence),
        feedback=feedback_summary(visits, as_of, days_off),
        visits_this_week=visits_this_week(visits, as_of),
    )


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
    coverage. A school outside the scope gives a view of no teachers. Where the scope allows no
    other teachers' names (a teacher), the rows about people are the person's own only.
    """
    options = filter_options(database)
    schools = tuple((s, options.schools.get(s, s)) for s in scope.schools_in_view(filters.school_id))
    cadence = choice.cadence or settings.cadence
    chosen = replace(choice, cadence=cadence)
    return coverage_report(database, filters, schools, options.first_day, chosen, scope)


def coverage_report(
    database: Database,
    filters: Filters,
    schools: tuple[tuple[str, str], ...],
    first_day: date | None,
    view: ObservationChoice,
    scope: Scope,
) -> ObservationView:
    """The observation figures of `schools`, the (school_id, label) of the schools in view.

    `first_day` is the earliest date in the data (None: unknown); `view.cadence` None means
    Cadence()'s 14 and 7 days. `scope` decides whose names the rows carry
    (lib.observations.names): no default, so that no caller gets names by leaving it out.
    """
    cadence = view.cadence or Cadence()
    view = replace(view, cadence=cadence)
    names = dict(schools)
    school_ids = list(names)
    span = report_span(filters.as_of, first_day, cadence)
    rows = load_rows(database, query_params(filters, school_ids, view.types, view.roles), span)
    days_off = load_days_off(database, school_ids)
    status, tiles = _headline(rows, span, cadence, days_off)
    visits = rows["visits"]
    weeks = _shown_weeks(span, visits)
    shown = named_status(status, scope)  # the teachers listed by name; `status` counts them all
    waiting = waiting_for_feedback(visits, filters.as_of, days_off)
    return ObservationView(
        district=filters.is_district,
        span=span,
        weeks=weeks,
        cadence=cadence,
        teachers=len(status),
        tiles=tiles,
        visit_next=visit_next(shown, names),
        schools=school_coverage(status, names) if filters.is_district else pd.DataFrame(),
        heat_map=replace(heat_map(shown, visits, weeks), teachers_total=len(status)),
        observer_load=named_observers(observer_load(visits, weeks, names), scope),
        turnaround=turnaround_distribution(visits, filters.as_of, days_off),
        waiting=named_waiting(waiting, scope),
        peer=_named_peer(peer_summary(rows["peer"], len(status), names), scope),
        rubric_components=component_averages(rows["rubric"]),
        rubric_monthly=monthly_averages(rows["rubric"]),
        rubric_hidden=hidden_components(rows["rubric"]),
        own_rows_only=own_rows_only(school_ids, scope),
        waiting_total=len(waiting),
    )


def _named_peer(peer: PeerSummary, scope: Scope) -> PeerSummary:
    return replace(peer, table=named_observers(peer.table, scope))


@dataclass(frozen=True)
class ObservationPage:
    """What pages/observations.py draws: the view and its charts, drawn once. None where the page
    shows none: no visits for the heat map, no rubric component with enough teachers."""

    report: ObservationView
    heat_map: go.Figure | None
    turnaround: go.Figure
    rubric_trend: go.Figure | None


def observation_page(
    database: Database, filters: Filters, scope: Scope, settings: Settings, choice: ObservationChoice
) -> ObservationPage:
    """The observation view (observation_view) with its charts."""
    report = observation_view(database, filters, scope, settings, choice)
    return ObservationPage(
        report=report,
        heat_map=None if report.heat_map.counts.empty else visits_heat_map(report.heat_map),
        turnaround=turnaround_bars(report.turnaround, FEEDBACK_WINDOW_DAYS),
        rubric_trend=None if report.rubric_components.empty else rubric_trend(report.rubric_monthly),
    )
