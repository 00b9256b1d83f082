"""Professional learning: sessions and attendance, hours per teacher, whether a PD shows in
classroom ratings, mentoring pairs and new teachers."""

from __future__ import annotations

from functools import partial

import streamlit as st

from lib.core import web
from lib.learning import words
from lib.learning.charts import before_after, hours_bars
from lib.learning.view import learning_view

web.frame_first()  # a bookmark opened on a fresh server: run the frame, which runs this page

filters, context = web.filters(), web.context()
config = st.column_config
DATE = "ddd MMM D"

st.title("Professional learning")
report = web.cached(learning_view)(filters, context.scope)
st.caption(
    words.page_caption(context.options.school_label(filters.school_id), filters.as_of, report.year_start)
)
if filters.subgroup or filters.grades:
    st.caption("The grade and student group filters do not apply to this page: it is about teachers.")
with st.expander("How these numbers are worked out", icon=":material/info:"):
    st.markdown(words.definitions())
if report.hours_summary.teachers == 0:
    st.info("No teachers on staff for these filters by the as-of date.", icon=":material/person_off:")
    st.stop()
if report.own_rows_only:
    st.info(words.own_rows_note(), icon=":material/lock:")


def draw_table(frame, table: str, types: dict, part: str = "", **options) -> None:
    """One of the view's tables with its headers, and its CSV download (same columns); `part`
    tells apart the downloads of one table drawn several times."""
    headers = report.headers(table)
    column_config = headers | {column: make(headers[column]) for column, make in types.items()}
    columns = report.columns(table)
    st.dataframe(frame, hide_index=True, column_order=columns, column_config=column_config, **options)
    shown = frame[[c for c in columns if c in frame]].rename(columns=headers)
    web.csv_download(shown, f"{table.replace('_', '-')}{part}-{filters.as_of.isoformat()}")


day = partial(config.DateColumn, format=DATE)
number = partial(config.NumberColumn, format="%.1f")

st.subheader("Sessions this school year")
if report.sessions.empty:
    st.info(
        "No professional learning sessions this school year by the as-of date.", icon=":material/event_busy:"
    )
else:
    percent_bar = partial(config.ProgressColumn, min_value=0, max_value=100, format="%.0f%%")
    draw_table(
        report.sessions,
        "sessions",
        {
            "date": day,
            "hours": number,
            "attendance_rate": percent_bar,
            "title": partial(config.TextColumn, width="large"),
        },
    )

st.subheader("Hours per teacher")
st.markdown(words.hours_sentence(report.hours_summary, report.hours_goal))
chart_column, table_column = st.columns(2, gap="large")
with chart_column:
    st.plotly_chart(hours_bars(report.hours_bands), key="learning_hours")
with table_column:
    st.caption("Listed by name, never ranked.")
    draw_table(report.hours, "hours", {"hours": number}, height=300)

st.subheader("Did it show in classrooms?")
st.caption(
    f"Ratings on a session's rubric component in leadership visits, {words.WEEKS} weeks before and after "
    "the school's first session on it, for the teachers who attended and for the others."
)
for position, found in enumerate(report.comparisons, start=1):
    with st.container(border=True):
        st.markdown(found.heading)
        st.markdown(found.sentence)
        st.plotly_chart(before_after(found.rows), key=f"learning_compare_{position}")
        rating = partial(config.NumberColumn, format="%.2f")
        change = partial(config.NumberColumn, format="%+.2f")
        draw_table(
            found.rows, "comparison", {"before": rating, "after": rating, "change": change}, f"-{number}"
        )
if not report.comparisons:
    st.info("No comparison to show yet for these filters.", icon=":material/hourglass_empty:")
for note in report.comparison_notes:
    st.caption(note)

st.subheader("Mentoring pairs")
st.caption(words.pairs_caption(report.pairs_lapsed, report.pairs_total, report.pairs_twice, filters.as_of))
if not report.pairs.empty:
    draw_table(
        report.pairs,
        "pairs",
        {
            "start_date": day,
            "last_meeting": day,
            "meetings_per_month": number,
            "days_since_last_meeting": partial(config.NumberColumn, format="%d"),
        },
    )

st.subheader("New teachers")
st.caption("Teachers in their first year (start date within the 365 days before the as-of date).")
if report.new_teachers.empty:
    st.info("No first-year teachers in view.", icon=":material/person_off:")
else:
    draw_table(report.new_teachers, "new_teachers", {"start_date": day, "last_feedback": day})
