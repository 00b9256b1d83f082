"""Observation coverage: who was seen within their cadence, who to visit next, feedback, load."""

from __future__ import annotations

import streamlit as st

from lib import web
from lib.charts.observations import rubric_trend, turnaround_bars, visits_heat_map
from lib.goal_series import FEEDBACK_DAYS, FEEDBACK_WINDOW_DAYS
from lib.observations import (
    LEADERSHIP_TYPES,
    OBSERVER_ROLES,
    ROLE_LABELS,
    TYPE_LABELS,
    Cadence,
    visit_next_csv,
)
from lib.observations_report import ObservationView, coverage_report
from lib.observations_rubric import MIN_TEACHERS
from lib.observations_tiles import short_date

filters = web.filters()
options = web.context()["options"]
district = filters.is_district
config = st.column_config

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
    roles = st.multiselect(
        "Observer roles",
        OBSERVER_ROLES,
        default=list(OBSERVER_ROLES),
        format_func=ROLE_LABELS.get,
        key="obs_roles",
        persist_state="session",
        width=420,
    )
    with st.popover("Cadence settings", icon=":material/tune:"):
        cycle_days = st.number_input(
            "Cycle (days)", 1, 90, Cadence().cycle_days, key="obs_cycle_days", persist_state="session"
        )
        first_year_days = st.number_input(
            "First-year teachers' cycle (days)",
            1,
            90,
            Cadence().first_year_days,
            key="obs_first_year_days",
            persist_state="session",
            help="First-year: start date within the 365 days before the as-of date.",
        )

cadence = Cadence(int(cycle_days), int(first_year_days))
st.caption(
    f"{options.school_label(filters.school_id)} · as of {filters.as_of:%a} {short_date(filters.as_of)}, "
    f"{filters.as_of.year} · cadence: {cadence.describe()} · changes are against "
    f"{cadence.cycle_days} days earlier"
)
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
    st.markdown(
        f"""
- **Teachers**: staff with the role *teacher* on staff by the as-of date; a grade filter keeps
  teachers of that grade's sections.
- **First-year teacher**: start date within the 365 days before the as-of date.
- **Cycle**: the last {cadence.cycle_days} days ending on the as-of date, both ends included
  ({cadence.first_year_days} days for first-year teachers). A teacher is **observed in their
  cycle** with a counted visit in it, and **overdue** without one (never-observed included).
  With the same cadence for everyone this is the goal board's coverage card.
- **Counted visit**: the chosen types by observers in the chosen roles. Peer observations never count.
- **Days since ÷ cadence**: days since the latest counted visit divided by the teacher's cycle;
  1.0 or more is overdue. "Visit next" sorts by it, never-observed teachers first.
- **Feedback within {FEEDBACK_DAYS} school days**: visits in the last {FEEDBACK_WINDOW_DAYS} days
  whose deadline has passed; school days skip weekends and the school's days off.
- **Weeks** run Monday to Sunday. **This school year** starts July 1 (or the first day of data).
"""
    )

if district:
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
            "teachers": config.NumberColumn("Teachers"),
            "observed": config.NumberColumn("Observed in cycle"),
            "percent_observed": config.ProgressColumn(
                "Coverage", min_value=0, max_value=100, format="%.0f%%"
            ),
            "overdue": config.NumberColumn("Overdue"),
            "never_observed": config.NumberColumn("Never observed"),
            "median_days": config.NumberColumn("Median days since last visit", format="%.0f"),
        },
    )

st.subheader("Visit next")
st.caption(
    "Teachers by days since their last counted visit relative to their cadence: never observed "
    "first, then the most overdue. **Next due** is the first day a teacher counts as overdue."
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
    column_order=[
        "status",
        "teacher",
        *(["school"] if district else []),
        "first_year",
        "cadence_days",
        "days_since_last_observation",
        "cycle_ratio",
        "last_observed_on",
        "next_due_on",
        "last_observer",
        "last_observation_type",
    ],
    column_config={
        "status": config.TextColumn("Status", help="⚠ marks teachers not observed in their cycle"),
        "teacher": config.TextColumn("Teacher", pinned=True),
        "school": "School",
        "first_year": "First year",
        "cadence_days": config.NumberColumn("Cycle (days)"),
        "days_since_last_observation": config.NumberColumn("Days since last visit", format="%d"),
        "cycle_ratio": config.ProgressColumn(
            "Days since ÷ cycle", min_value=0, max_value=2, format="%.1f×", help="1.0× or more is overdue"
        ),
        "last_observed_on": config.DateColumn("Last visit", format="ddd MMM D"),
        "next_due_on": config.DateColumn("Next due", format="ddd MMM D"),
        "last_observer": "Last observer",
        "last_observation_type": "Last type",
    },
)

st.subheader("Visits per teacher per week")
shown = len(report.heat_map.counts)
more = (
    f" Showing the {shown} most overdue of {report.heat_map.teachers_total} teachers."
    if shown < report.teachers
    else ""
)
st.caption(
    "Counted visits per week (Monday to Sunday), most overdue teachers at the top. "
    f"⚠ and red names mark teachers overdue on the as-of date; the label gives days since the last visit.{more}"
)
st.plotly_chart(visits_heat_map(report.heat_map), key="obs_heat_map")

load_column, feedback_column = st.columns(2, gap="large")
with load_column:
    st.subheader("Observer load")
    weeks = report.weeks
    st.caption(
        f"Counted visits per observer per week, weeks of {short_date(weeks[0])} to {short_date(weeks[-1])} "
        f"({len(weeks)} weeks)."
    )
    st.dataframe(
        report.observer_load,
        hide_index=True,
        column_order=[
            "observer",
            "role",
            *(["school"] if district else []),
            "per_week",
            "visits",
            "per_week_average",
            "share",
        ],
        column_config={
            "observer": "Observer",
            "role": "Role",
            "school": "School",
            "per_week": config.BarChartColumn("Visits per week", y_min=0),
            "visits": config.NumberColumn("Visits"),
            "per_week_average": config.NumberColumn("Per week", format="%.1f"),
            "share": config.ProgressColumn("Share of visits", min_value=0, max_value=100, format="%.0f%%"),
        },
    )
with feedback_column:
    st.subheader("Feedback")
    st.caption(
        f"Counted visits in the {FEEDBACK_WINDOW_DAYS} days to {short_date(filters.as_of)} by school days "
        "from the visit to its feedback (weekends and days off skipped)."
    )
    st.plotly_chart(turnaround_bars(report.turnaround, FEEDBACK_WINDOW_DAYS), key="obs_turnaround")

st.markdown(f"**Waiting for feedback** ({len(report.waiting)} visits, as of {short_date(filters.as_of)})")
if report.waiting.empty:
    st.caption("Every counted visit has its feedback.")
else:
    st.dataframe(
        report.waiting,
        hide_index=True,
        column_order=[
            "status",
            "teacher_name",
            "observer_name",
            "observation_type",
            "observed_on",
            "deadline",
            "school_days_waiting",
        ],
        column_config={
            "status": config.TextColumn("Status", help="⚠ Late: the 2-school-day deadline has passed"),
            "teacher_name": "Teacher",
            "observer_name": "Observer",
            "observation_type": "Type",
            "observed_on": config.DateColumn("Visit", format="ddd MMM D"),
            "deadline": config.DateColumn("Feedback due", format="ddd MMM D"),
            "school_days_waiting": config.NumberColumn("School days waiting"),
        },
    )

peer = report.peer
st.subheader("Peer observations")
st.caption(
    f"{peer.visits} peer observations this school year (since {short_date(report.span.year_start)}) by "
    f"{peer.observers} teachers; {report.teachers} teachers in view. Peer visits don't count toward coverage."
)
if not peer.table.empty:
    st.dataframe(
        peer.table,
        hide_index=True,
        column_order=[
            "observer",
            *(["school"] if district else []),
            "peer_visits",
            "colleagues_observed",
            "last_peer_visit",
        ],
        column_config={
            "observer": "Teacher who observed",
            "school": "School",
            "peer_visits": config.NumberColumn("Peer visits"),
            "colleagues_observed": config.NumberColumn("Colleagues observed"),
            "last_peer_visit": config.DateColumn("Latest", format="ddd MMM D"),
        },
    )

st.subheader("Rubric components")
st.caption(
    f"Average rating (1-4) of counted visits this school year, only where the ratings cover at least "
    f"{MIN_TEACHERS} teachers. Ratings are personnel records: no rating per teacher is shown here."
)
if report.rubric_components.empty:
    st.info(f"No rubric component has ratings of {MIN_TEACHERS} or more teachers for these filters.")
else:
    averages, trend = st.columns([2, 3], gap="large")
    averages.dataframe(
        report.rubric_components,
        hide_index=True,
        column_config={
            "component": "Component",
            "average_rating": config.ProgressColumn(
                "Average rating", min_value=1, max_value=4, format="%.2f"
            ),
            "teachers": config.NumberColumn("Teachers"),
            "ratings": config.NumberColumn("Ratings"),
        },
    )
    with trend:
        st.plotly_chart(rubric_trend(report.rubric_monthly), key="obs_rubric_trend")
        st.caption(
            "Gaps are months hidden because they cover too few teachers (or would reveal one that does)."
        )
if report.rubric_hidden:
    st.caption(f"Not shown (fewer than {MIN_TEACHERS} teachers rated): {', '.join(report.rubric_hidden)}.")
