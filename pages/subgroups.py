"""Subgroup trends: who is being left behind, by assessment window, after the privacy pass."""

import streamlit as st

from lib.core import web
from lib.core.groups import subgroup_label
from lib.core.text import markdown_escape
from lib.subgroups.charts import MEASURES
from lib.subgroups.display import GAP_NOTE, GROWTH_NOTE, no_change_caption, number_columns
from lib.subgroups.view import subgroup_page

web.frame_first()  # a bookmark opened on a fresh server: run the frame, which runs this page


def right_aligned(table) -> dict:
    """Numbers (text after the privacy pass) right-aligned, as numbers read."""
    return {name: st.column_config.TextColumn(name, alignment="right") for name in number_columns(table)}


filters, context = web.filters(), web.context()
page = web.cached(subgroup_page)(filters, context.scope, context.settings)
view = page.view

st.title("Subgroup trends")
st.caption(markdown_escape(view.caption))

if not view.reports:
    st.info("There are no assessment results for these schools and grades yet.", icon=":material/info:")
    st.stop()

subject_column, measure_column = st.columns(2)
subject = subject_column.segmented_control(
    "Subject",
    view.subjects,
    format_func=str.capitalize,
    default=view.subjects[0],
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
report = view.report(subject)
chosen = st.multiselect(
    "Groups in the chart (always against all students)",
    report.groups,
    default=view.default_groups(subject),
    format_func=subgroup_label,
    key="subgroup_groups",
    persist_state="session",
)

subject_words = markdown_escape(report.subject)  # the subject and windows come from the data
st.subheader(f"{MEASURES[measure]} in {subject_words}, by window")
st.plotly_chart(page.chart(subject, measure, chosen), width="stretch", key="subgroup_chart")
if note := view.hidden_note(subject):
    st.info(note, icon=":material/visibility_off:")

st.subheader("What changed")
sentences = view.summaries(subject)
if sentences:
    st.markdown("\n".join(f"- {sentence}" for sentence in sentences))
else:
    st.caption(no_change_caption(subject_words))

st.subheader(f"Gaps to all students in {subject_words}, window by window")
st.dataframe(
    view.gap_table(subject),
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
st.caption(GAP_NOTE)

if report.growth_span:
    st.subheader(f"Growth in {subject_words}, {markdown_escape(report.growth_span)}")
    st.dataframe(
        view.growth_table(subject),
        hide_index=True,
        key="subgroup_growth",
        column_config=right_aligned(report.growth),
    )
    # The labels, not the shaded table: a highlighted group's table is a Styler, which has no CSV.
    web.csv_download(report.growth.labels, f"subgroup_growth_{report.subject}")
    st.caption(GROWTH_NOTE)

st.caption(view.privacy_caption)
for note in view.privacy_notes(subject):
    st.caption(markdown_escape(note))
