"""Shown instead of the dashboard when the store holds no data yet."""

import streamlit as st

from lib.db import database_path

st.title("School Goals Dashboard")
st.info(
    f"There is no data yet in `{database_path()}`. Load the demo district or your own CSV files, "
    "then reload this page.",
    icon=":material/database:",
)
st.subheader("Try it with the demo district")
st.code("python -m lib.cli demo", language="bash")
st.subheader("Load your school's files")
st.markdown(
    "Export CSV files from your student information system, reading platform and observation "
    "tool in the layout described in `data/README.md` (templates are in `data/templates/`), then:"
)
st.code(
    "python -m lib.cli import schools.csv staff.csv sections.csv students.csv reading_logs.csv",
    language="bash",
)
st.caption(
    "A batch is imported only when every file is valid; the report lists each problem by file, line and column."
)
