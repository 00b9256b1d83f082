"""Shown instead of the dashboard when there is no store at the path yet, or it holds no data."""

import streamlit as st

from lib.core import web
from lib.core.appdb import AppDatabaseError
from lib.core.config import ROOT, database_path
from lib.core.db import DatabaseUnavailableError, store_exists, store_label
from lib.core.store_files import StoreChangeError

web.frame_first()  # a bookmark opened on a fresh server: run the frame, which runs this page

st.title("School Goals Dashboard")
if store_exists():
    st.info(f"There is no data yet in `{store_label()}`.", icon=":material/database:")
else:
    st.info(
        f"There is no store at `{database_path()}`: nothing has been imported there. If you "
        "expected data, check SCHOOL_GOALS_DB (a mistyped path?). Loading the demo or importing "
        "files creates the store.",
        icon=":material/database:",
    )

st.subheader("Try it with the demo district")
st.markdown(
    "Riverbend Unified: three schools, about 2,400 students, a fall semester of reading logs, "
    "benchmark assessments and classroom observations up to yesterday."
)
if st.button("Load the demo district", type="primary", icon=":material/download:", key="load_demo"):
    from lib.demo.build import load_demo

    try:
        with st.spinner("Writing and importing the demo files (a few seconds)..."):
            report = load_demo(ROOT / "data" / "demo")
    except (
        DatabaseUnavailableError,
        StoreChangeError,
        AppDatabaseError,
    ) as error:  # a read-only folder, full disk...
        st.error(str(error), icon=":material/error:")
        st.stop()
    except OSError as error:  # the demo's CSV folder can't be written
        st.error(f"The demo files could not be written ({error.strerror}): {error.filename}.")
        st.stop()
    if report.ok:
        st.cache_data.clear()
        st.rerun()
    st.error(report.text())

st.subheader("Load your school's files")
st.markdown(
    "Export CSV files from your student information system, reading platform and observation "
    "tool in the layout of the templates, then upload them on the Data page: it checks every row "
    "and imports the batch only when all of it is valid. The templates and the full layout are there too."
)
st.page_link("pages/data.py", label="Go to the Data page", icon=":material/database:")
st.markdown("The command line import works as well, while the app runs:")
st.code(
    "python -m lib.cli import schools.csv staff.csv sections.csv students.csv reading_logs.csv",
    language="bash",
)
st.caption(
    "A batch is imported only when every file is valid; the report lists each problem by file, "
    "line and column. The dashboard keeps serving during an import and shows the new data when it is done."
)
