"""Observation coverage: who was seen within their cadence, who to visit next, feedback, load."""

from __future__ import annotations

import streamlit as st

from lib.core import web
from lib.core.config import Cadence
from lib.goals.series import FEEDBACK_WINDOW_DAYS
from lib.observations.cadence import (
    LEADERSHIP_TYPES,
    OBSERVER_ROLES,
    ROLE_LABELS,
    TYPE_LABELS,
    visit_next_csv,
)
from lib.observations.charts import rubric_trend, turnaround_bars, visits_heat_map
from lib.observations.rubric import MIN_TEACHERS
from lib.observations.view import ObservationView, coverage_report
from lib.observations.words import (
    definitions,
    heat_map_caption,
    observer_load_caption,
    page_caption,
    peer_caption,
    rubric_caption,
    rubric_hidden_caption,
    turnaround_caption,
    waiting_caption,
)

web.frame_first()  # a bookmark opened on a fresh server: run the frame, which runs this page

filters = web.filters()
options = web.context().options
default = web.context().settings.cadence  # the district's default, from the environment (app.py)
config = st.column_config
DATE = "ddd MMM D"


def with_school(*columns: str) -> list[str]:
    """Column order with the school column second in the district view."""
    return [columns[0], *(["school"] if filters.is_district else []), *columns[1:]]


st.title("Observation coverage")
with st.container(horizontal=True, vertical_alignment="bottom"):
    types = st.pills(
        "Observation types that count",
        LEADERSHIP_TYPES,
        selection_mode="multi",
        default=list(LEADERSHIP_TYPES),
        format_func=TYPE_LABELS.get,
        key="obs_types",
        persist_state="session",
        help="Peer observations never count toward coverage; they have their own section below.",
    )
    roles = st.pills(
        "Observer roles that count",
        OBSERVER_ROLES,
        selection_mode="multi",
        default=list(OBSERVER_ROLES),
        format_func=ROLE_LABELS.get,
        key="obs_roles",
        persist_state="session",
    )
    with st.popover("Cadence settings", icon=":material/tune:"):
        cycle_days = st.number_input(
            "Cycle (days)", 1, 90, default.cycle_days, key="obs_cycle_days", persist_state="session"
        )
        first_year_days = st.number_input(
            "First-year teachers' cycle (days)",
            1,
            90,
            default.first_year_days,
            key="obs_first_year_days",
            persist_state="session",
            help="First-year: start date within the 365 days before the as-of date.",
        )

cadence = Cadence(int(cycle_days), int(first_year_days))
st.caption(page_caption(options.school_label(filters.school_id), filters.as_of, cadence))
if filters.subgroup:
    st.caption("The student group filter does not apply to this page: it is about teachers.")
if not types or not roles:
    st.info("Choose at least one observation type and one observer role.", icon=":material/filter_alt:")
    st.stop()

view = ObservationView(tuple(types), tuple(roles), cadence)
report = web.cached(coverage_report)(filters, tuple(options.schools.items()), options.first_day, view)
if report.teachers == 0:
    st.info("No teachers on staff for these filters by the as-of date.", icon=":material/person_off:")
    st.stop()

for column, tile in zip(st.columns(len(report.tiles)), report.tiles, strict=True):
    with column.container(border=True):
        st.metric(
            tile.label,
            tile.value,
            tile.delta,
            delta_color=tile.delta_color,
            delta_description=tile.delta_description,
            help=tile.help,
        )
        st.caption(tile.detail)
with st.expander("How these numbers are worked out", icon=":material/info:"):
    st.markdown(definitions(cadence))

if filters.is_district:
    st.subheader("Coverage by school")
    st.dataframe(
        report.schools,
        hide_index=True,
        column_order=[
            "school",
            "teachers",
            "observed",
            "percent_observed",
            "overdue",
            "never_observed",
            "median_days",
        ],
        column_config={
            "school": "School",
            "teachers": "Teachers",
            "observed": "Observed in cycle",
            "percent_observed": config.ProgressColumn(
                "Coverage", min_value=0, max_value=100, format="%.0f%%"
            ),
            "overdue": "Overdue",
            "never_observed": "Never observed",
            "median_days": config.NumberColumn("Median wait (days)", format="%.0f"),
        },
    )

st.subheader("Visit next")
st.caption(
    "Teachers by days since their last counted visit relative to their cycle: never observed first, "
    "then the most overdue. **Next due** is the first day a teacher counts as overdue."
)
st.download_button(
    "Download the list (CSV)",
    data=lambda: visit_next_csv(report.visit_next),
    file_name=f"visit-next-{filters.as_of.isoformat()}.csv",
    mime="text/csv",
    icon=":material/download:",
    key="obs_visit_next_csv",
)
st.dataframe(
    report.visit_next,
    hide_index=True,
    height=420,
    placeholder="—",
    column_order=with_school(
        "teacher",
        "status",
        "first_year",
        "cadence_days",
        "days_since_last_observation",
        "cycle_ratio",
        "last_observed_on",
        "next_due_on",
        "last_observer",
        "last_observation_type",
    ),  # fmt: skip
    column_config={
        "status": config.TextColumn("Status", help="⚠ marks teachers not observed in their cycle"),
        "teacher": config.TextColumn("Teacher", pinned=True),
        "school": "School",
        "first_year": "First year",
        "cadence_days": "Cycle (days)",
        "days_since_last_observation": config.NumberColumn("Days since last visit", format="%d"),
        "cycle_ratio": config.ProgressColumn(
            "Days since ÷ cycle", min_value=0, max_value=2, format="%.1f×", help="1.0× or more is overdue"
        ),
        "last_observed_on": config.DateColumn("Last visit", format=DATE),
        "next_due_on": config.DateColumn("Next due", format=DATE),
        "last_observer": "Last observer",
        "last_observation_type": "Last type",
    },
)

st.subheader("Visits per teacher per week")
st.caption(heat_map_caption(report.heat_map))
st.plotly_chart(visits_heat_map(report.heat_map), key="obs_heat_map")

st.subheader("Observer load")
st.caption(observer_load_caption(report.weeks))
st.dataframe(
    report.observer_load,
    hide_index=True,
    column_order=with_school("observer", "role", "per_week", "visits", "per_week_average", "share"),
    column_config={
        "observer": "Observer",
        "role": "Role",
        "school": "School",
        "per_week": config.BarChartColumn("Visits per week", y_min=0, width="large"),
        "visits": "Visits",
        "per_week_average": config.NumberColumn("Average per week", format="%.1f"),
        "share": config.ProgressColumn("Share of visits", min_value=0, max_value=100, format="%.0f%%"),
    },
)

st.subheader("Feedback")
chart_column, waiting_column = st.columns([3, 4], gap="large")
with chart_column:
    st.caption(turnaround_caption(filters.as_of))
    st.plotly_chart(turnaround_bars(report.turnaround, FEEDBACK_WINDOW_DAYS), key="obs_turnaround")
with waiting_column:
    st.caption(waiting_caption(len(report.waiting), filters.as_of))
    if not report.waiting.empty:
        st.dataframe(
            report.waiting,
            hide_index=True,
            column_order=with_school(
                "status",
                "teacher_name",
                "observer_name",
                "observed_on",
                "deadline",
                "school_days_waiting",
            ),
            column_config={
                "status": "Status",
                "teacher_name": "Teacher",
                "school": "School",
                "observer_name": "Observer",
                "observed_on": config.DateColumn("Visit", format=DATE),
                "deadline": config.DateColumn("Due", format=DATE),
                "school_days_waiting": config.NumberColumn("Waiting", help="School days since the visit"),
            },
        )

st.subheader("Peer observations")
st.caption(peer_caption(report.peer, report.span.year_start))
if not report.peer.table.empty:
    st.dataframe(
        report.peer.table,
        hide_index=True,
        height=280,
        column_order=with_school("observer", "peer_visits", "colleagues_observed", "last_peer_visit"),
        column_config={
            "observer": "Teacher who observed",
            "school": "School",
            "peer_visits": "Peer visits",
            "colleagues_observed": "Colleagues observed",
            "last_peer_visit": config.DateColumn("Latest", format=DATE),
        },
    )

st.subheader("Rubric components")
st.caption(rubric_caption())
if report.rubric_components.empty:
    st.info(f"No rubric component has ratings of {MIN_TEACHERS} or more teachers for these filters.")
else:
    averages, trend = st.columns([2, 3], gap="large")
    averages.dataframe(
        report.rubric_components,
        hide_index=True,
        column_order=["component", "average_rating", "teachers"],
        column_config={
            "component": "Component",
            "average_rating": config.ProgressColumn(
                "Average rating", min_value=1, max_value=4, format="%.2f"
            ),
            "teachers": "Teachers rated",
        },
    )
    with trend:
        st.plotly_chart(rubric_trend(report.rubric_monthly), key="obs_rubric_trend")
        st.caption(
            "Gaps are months hidden because they cover too few teachers (or would reveal one that does)."
        )
if report.rubric_hidden:
    st.caption(rubric_hidden_caption(report.rubric_hidden))
