"""Subgroup trends: who is being left behind, by assessment window, after the privacy pass."""

import streamlit as st

from lib.core import web
from lib.subgroups import display as subgroups_view
from lib.subgroups import report as subgroups
from lib.subgroups.charts import MEASURES, trend_chart
from lib.subgroups.words import group_name

web.frame_first()  # a bookmark opened on a fresh server: run the frame, which runs this page


def right_aligned(table) -> dict:
    """Numbers (text after the privacy pass) right-aligned, as numbers read."""
    return {
        name: st.column_config.TextColumn(name, alignment="right")
        for name in subgroups_view.number_columns(table)
    }


filters = web.filters()
options = web.context().options
policy = web.context().settings.policy

st.title("Subgroup trends")
st.caption(
    subgroups_view.scope_caption(options.school_label(filters.school_id), filters.grades, filters.as_of)
)

reports = web.cached(subgroups.subgroup_reports)(
    tuple(filters.school_ids(list(options.schools))), filters.as_of, filters.grades, policy
)

if not reports:
    st.info("There are no assessment results for these schools and grades yet.", icon=":material/info:")
    st.stop()

subject_column, measure_column = st.columns(2)
subject = subject_column.segmented_control(
    "Subject",
    list(reports),
    format_func=str.capitalize,
    default=next(iter(reports)),
    required=True,
    key="subgroup_subject",
    persist_state="session",
)
measure = measure_column.segmented_control(
    "Measure",
    list(MEASURES),
    format_func=MEASURES.get,
    default="percent_proficient",
    required=True,
    key="subgroup_measure",
    persist_state="session",
)
report = reports.get(subject) or next(iter(reports.values()))
chosen = st.multiselect(
    "Groups in the chart (always against all students)",
    report.groups,
    default=[g for g in subgroups_view.DEFAULT_CHART_GROUPS if g in report.groups],
    format_func=group_name,
    key="subgroup_groups",
    persist_state="session",
)

st.subheader(f"{MEASURES[measure]} in {report.subject}, by window")
figure = trend_chart(
    report.trend,
    subgroups_view.chart_groups(report, chosen, filters.subgroup),
    measure,
    report.subject,
    filters.subgroup,
)
st.plotly_chart(figure, width="stretch", key="subgroup_chart")
if note := subgroups_view.hidden_group_note(report, filters.subgroup):
    st.info(note, icon=":material/visibility_off:")

st.subheader("What changed")
sentences = subgroups_view.summaries_first(report, filters.subgroup)
if sentences:
    st.markdown("\n".join(f"- {sentence}" for sentence in sentences))
else:
    st.caption(subgroups_view.no_change_caption(report.subject))

st.subheader(f"Gaps to all students in {report.subject}, window by window")
st.dataframe(
    subgroups_view.styled_table(report.table, filters.subgroup),
    hide_index=True,
    key="subgroup_gaps",
    column_config=right_aligned(report.table),
)
st.download_button(
    "Download this table (CSV)",
    data=report.download_csv,
    file_name=f"subgroup_gaps_{report.subject}.csv",
    mime="text/csv",
    icon=":material/download:",
    key="subgroup_download",
)
st.caption(subgroups_view.GAP_NOTE)

if report.growth_span:
    st.subheader(f"Growth in {report.subject}, {report.growth_span}")
    st.dataframe(
        subgroups_view.styled_table(report.growth, filters.subgroup),
        hide_index=True,
        key="subgroup_growth",
        column_config=right_aligned(report.growth),
    )
    st.caption(subgroups_view.GROWTH_NOTE)

st.caption(subgroups_view.privacy_caption(policy))
