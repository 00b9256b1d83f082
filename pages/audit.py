"""Audit trail: who signed in, and whose student names were viewed or downloaded (district access)."""

from __future__ import annotations

import streamlit as st

from lib.core import web
from lib.core.appdb import AppDatabase, AppDatabaseError
from lib.core.audit import events

web.frame_first()  # a bookmark opened on a fresh server: run the frame, which runs this page

context = web.context()
st.title("Audit trail")
if not context.scope.audit:
    st.info("The audit trail is for district access. Ask your data administrator.", icon=":material/lock:")
    st.stop()
st.caption(
    "Newest first, times in the server's local time: each sign-in (with what the person's access "
    "allowed then) and each time a class's student names were shown or downloaded. The latest "
    "1,000 events; the app never changes or deletes them."
)
try:
    log = events(AppDatabase())
except AppDatabaseError as error:
    st.error(str(error), icon=":material/error:")
    st.stop()
if log.empty:
    st.info("Nothing yet: no one has signed in or viewed student names.", icon=":material/policy:")
    st.stop()
shown = log.assign(
    school=log["school_id"].map(lambda s: context.options.schools.get(s, s) if s else "")
).rename(columns={"at": "When", "who": "Who", "event": "What", "school": "School", "detail": "Detail"})[
    ["When", "Who", "What", "School", "Detail"]
]
st.dataframe(
    shown,
    hide_index=True,
    column_config={"When": st.column_config.DatetimeColumn(format="ddd MMM D, YYYY, h:mm a")},
)
web.csv_download(shown, "audit_trail")
