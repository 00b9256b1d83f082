"""Observation coverage: who was seen within their cadence, who to visit next, feedback, load."""

from __future__ import annotations

from functools import partial

import streamlit as st

from lib.core import web
from lib.core.config import Cadence
from lib.observations import words
from lib.observations.cadence import (
    LEADERSHIP_TYPES,
    OBSERVER_ROLES,
    ROLE_LABELS,
    TYPE_LABELS,
    visit_next_csv,
)
from lib.observations.rubric import MIN_TEACHERS
from lib.observations.view import ObservationChoice, observation_page

web.frame_first()  # a bookmark opened on a fresh server: run the frame, which runs this page

filters, context = web.filters(), web.context()
default = context.settings.cadence  # the district's default, from the environment (app.py)
config = st.column_config
DATE = "ddd MMM D"

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

choice = ObservationChoice(tuple(types), tuple(roles), Cadence(int(cycle_days), int(first_year_days)))
st.caption(words.page_caption(context.options.school_label(filters.school_id), filters.as_of, choice.cadence))
if filters.subgroup:
    st.caption("The student group filter does not apply to this page: it is about teachers.")
if not choice.counts_something:
    st.info("Choose at least one observation type and one observer role.", icon=":material/filter_alt:")
    st.stop()

page = web.cached(observation_page)(filters, context.scope, context.settings, choice)
report = page.report
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
    st.markdown(words.definitions(report.cadence))
if report.own_rows_only:
    st.info(words.own_rows_note(), icon=":material/lock:")


def draw_table(frame, table: str, types: dict, **options) -> None:
    """One of the view's tables: its columns in order with their headers; `types` makes a
    column a bar, date or number (called with the header)."""
    headers = report.headers(table)
    column_config = headers | {column: make(headers[column]) for column, make in types.items()}
    st.dataframe(
        frame, hide_index=True, column_order=report.columns(table), column_config=column_config, **options
    )
    if table != "visit_next":  # Visit next has its own download, above the table
        web.csv_download(
            lambda: frame[[c for c in report.columns(table) if c in frame]].rename(columns=headers),
            f"{table.replace('_', '-')}-{filters.as_of.isoformat()}",
        )


percent_bar = partial(config.ProgressColumn, min_value=0, max_value=100, format="%.0f%%")
day = partial(config.DateColumn, format=DATE)
if filters.is_district:
    st.subheader("Coverage by school")
    draw_table(
        report.schools,
        "schools",
        {"percent_observed": percent_bar, "median_days": partial(config.NumberColumn, format="%.0f")},
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
draw_table(
    report.visit_next,
    "visit_next",
    {
        "status": partial(config.TextColumn, help="⚠ marks teachers not observed in their cycle"),
        "teacher": partial(config.TextColumn, pinned=True),
        "days_since_last_observation": partial(config.NumberColumn, format="%d"),
        "cycle_ratio": partial(
            config.ProgressColumn, min_value=0, max_value=2, format="%.1f×", help="1.0× or more is overdue"
        ),
        "last_observed_on": day,
        "next_due_on": day,
    },
    height=420,
    placeholder="—",
)

st.subheader("Visits per teacher per week")
st.caption(words.heat_map_caption(report.heat_map, report.own_rows_only))
if page.heat_map is not None:
    st.plotly_chart(page.heat_map, key="obs_heat_map")

st.subheader("Observer load")
st.caption(words.observer_load_caption(report.weeks))
if report.own_rows_only and report.observer_load.empty:  # a teacher who observed no one
    st.caption(words.no_own_rows())
else:
    draw_table(
        report.observer_load,
        "observer_load",
        {
            "per_week": partial(config.BarChartColumn, y_min=0, width="large"),
            "per_week_average": partial(config.NumberColumn, format="%.1f"),
            "share": percent_bar,
        },
    )

st.subheader("Feedback")
chart_column, waiting_column = st.columns([3, 4], gap="large")
with chart_column:
    st.caption(words.turnaround_caption(filters.as_of))
    st.plotly_chart(page.turnaround, key="obs_turnaround")
with waiting_column:
    own = len(report.waiting) if report.own_rows_only else None
    st.caption(words.waiting_caption(report.waiting_total, filters.as_of, own))
    if not report.waiting.empty:
        waiting = partial(config.NumberColumn, help="School days since the visit")
        draw_table(
            report.waiting, "waiting", {"observed_on": day, "deadline": day, "school_days_waiting": waiting}
        )

st.subheader("Peer observations")
st.caption(words.peer_caption(report.peer, report.span.year_start))
if not report.peer.table.empty:
    draw_table(report.peer.table, "peer", {"last_peer_visit": day}, height=280)
elif report.own_rows_only and report.peer.visits:
    st.caption(words.no_own_rows())

st.subheader("Rubric components")
st.caption(words.rubric_caption())
if report.rubric_components.empty:
    st.info(f"No rubric component has ratings of {MIN_TEACHERS} or more teachers for these filters.")
else:
    averages, trend = st.columns([2, 3], gap="large")
    with averages:
        rating = partial(config.ProgressColumn, min_value=1, max_value=4, format="%.2f")
        draw_table(report.rubric_components, "rubric", {"average_rating": rating})
    with trend:
        st.plotly_chart(page.rubric_trend, key="obs_rubric_trend")
        st.caption(
            "Gaps are months hidden because they cover too few teachers (or would reveal one that does)."
        )
if report.rubric_hidden:
    st.caption(words.rubric_hidden_caption(report.rubric_hidden))
