"""The one lib module that imports streamlit: the shared connection, caching, current filters.

Everything else in lib is plain Python so it can be tested without a browser.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from lib.core import db
from lib.core.filters import Filters

T = TypeVar("T")
_AREA_FUNCTIONS: dict[str, Callable[..., Any]] = {}


@st.cache_resource(show_spinner=False)
def _open(path: str) -> db.Database:
    # One connection per process: DuckDB allows one writer, and every query
    # takes its own cursor, so all browser sessions share this safely.
    return db.connect(path)


def database() -> db.Database:
    """The shared store. Raises db.DatabaseLockedError when another program holds the file."""
    return _open(str(db.database_path()))


def data_version() -> str:
    """Changes whenever an import lands or is undone, so cached results never go stale.

    The file's path and the latest import's times are part of it: a database rebuilt at the
    same path (or another file opened in the same process) never reuses old results.
    """
    stamp = database().scalar(
        "SELECT count(*) || ':' || count(*) FILTER (outcome = 'undone') || ':' || "
        "coalesce(max(started_at)::VARCHAR, '') || ':' || coalesce(max(finished_at)::VARCHAR, '') "
        "FROM import_log"
    )
    return f"{db.database_path()}|{stamp}"


@st.cache_data(ttl=3600, max_entries=512, show_spinner=False)
def _call(name: str, version: str, *args: Any) -> Any:
    return _AREA_FUNCTIONS[name](database(), *args)


def cached(func: Callable[..., T]) -> Callable[..., T]:
    """Wrap an area function `f(db, *args)` so pages call `f(*args)`, cached per data version.

    Arguments must be hashable values (Filters, tuples, dates); results must pickle.
    """
    name = f"{func.__module__}.{func.__qualname__}"
    _AREA_FUNCTIONS[name] = func

    def call(*args: Any) -> T:
        return _call(name, data_version(), *args)

    return call


def set_filters(filters: Filters) -> None:
    st.session_state["_filters"] = filters


def _ensure_frame_ran() -> None:
    """Re-run through app.py when Streamlit ran a page script on its own.

    With a folder named pages/, a fresh server's first request for a page URL (a
    bookmark) runs that page without app.py, in Streamlit's legacy pages-folder mode;
    AppTest does the same on every rerun. app.py's st.navigation switches that mode
    off; when it has not run yet, switch it off here and rerun, so the frame draws the
    filters and the same page follows.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def filters() -> Filters:
    """The filters app.py drew for this run."""
    _ensure_frame_ran()
    return st.session_state["_filters"]


def set_context(**values: Any) -> None:
    """Facts app.py works out once per run that pages also need (school names, k ...)."""
    st.session_state["_context"] = values


def context() -> dict[str, Any]:
    return st.session_state["_context"]
