"""The frame: page config, the shared filters in the sidebar, navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from lib.core import web
from lib.core.config import settings_from_env
from lib.core.db import DatabaseUnavailableError
from lib.core.filters import (
    ALL_SCHOOLS,
    ALL_STUDENTS,
    Filters,
    filter_options,
    grade_label,
    subgroup_label,
    subgroup_options,
    url_notices,
)
from lib.core.scope import Scope

st.set_page_config(page_title="School Goals", page_icon=":material/flag:", layout="wide")

try:
    options = web.cached(filter_options)()
    settings = settings_from_env()
except (DatabaseUnavailableError, ValueError) as error:
    st.error(str(error), icon=":material/error:")
    st.stop()

if options.is_empty or options.last_day is None:
    web.run_page(
        st.navigation([st.Page("pages/get_started.py", title="Get started", icon=":material/upload_file:")])
    )
    st.stop()

url_before_widgets = {key: st.query_params.get_all(key) for key in st.query_params}

web.keep_widget_values("school", "as_of", "grade", "subgroup")
with st.sidebar:
    st.header("Filters")
    school = st.selectbox(
        "School", options.school_choices, format_func=options.school_label, key="school", bind="query-params"
    )
    as_of = st.date_input(
        "As of",
        value=options.last_day,
        min_value=options.first_day,
        max_value=options.last_day,
        key="as_of",
        bind="query-params",
        format="MM/DD/YYYY",
        help="Every figure is computed as of the end of this day. Default: the latest day in the data.",
    )
    grades = st.multiselect(
        "Grades",
        options.grades,
        format_func=grade_label,
        key="grade",
        bind="query-params",
        placeholder="All grades",
    )
    subgroup = st.selectbox(
        "Student group", subgroup_options(), format_func=subgroup_label, key="subgroup", bind="query-params"
    )

if not st.session_state.get("_url_checked"):
    st.session_state["_url_checked"] = True
    notices = url_notices(
        url_before_widgets,
        [options.school_label(s) for s in options.school_choices],
        options.grades,
        options.first_day,
        options.last_day,
    )
    for notice in notices:
        st.warning(notice, icon=":material/link_off:")

filters = Filters(
    school_id=None if school == ALL_SCHOOLS else school,
    as_of=as_of or options.last_day,
    grades=tuple(grades),
    subgroup=None if subgroup == ALL_STUDENTS else subgroup,
)
PAGES = {
    "Goals": [("pages/overview.py", "Goal board", ":material/flag:")],
    "Students": [
        ("pages/reading.py", "Reading challenge", ":material/menu_book:"),
        ("pages/subgroups.py", "Subgroup trends", ":material/groups:"),
    ],
    "Teaching": [("pages/observations.py", "Observation coverage", ":material/visibility:")],
}
web.set_frame(
    filters,
    web.Context(
        options=options,
        settings=settings,
        scope=Scope.whole_district(options.schools),
        pages=frozenset(Path(path).stem for entries in PAGES.values() for path, _, _ in entries),
    ),
)
navigation = st.navigation(
    {
        group: [
            st.Page(path, title=title, icon=icon, default=path == "pages/overview.py")
            for path, title, icon in entries
        ]
        for group, entries in PAGES.items()
    }
)
web.run_page(navigation)
