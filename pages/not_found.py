"""Shown for an address that names no page: the menu stays, and a way back to the goal board."""

import streamlit as st

from lib.core import web

web.frame_first()  # a bookmark opened on a fresh server: run the frame, which runs this page

st.title("Page not found")
st.info(
    "This address names no page of the dashboard (a link cut short, or an old bookmark). "
    "Choose a page in the menu, or open the goal board.",
    icon=":material/search_off:",
)
st.page_link("pages/overview.py", label="Open the goal board", icon=":material/arrow_forward:")
