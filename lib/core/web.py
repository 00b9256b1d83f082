"""The one lib module that imports streamlit: the shared connection, caching, the frame's facts.

Everything else in lib is plain Python so it can be tested without a browser.
"""

from __future__ import annotations

import runpy
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from lib.core import audit, config, db
from lib.core.appdb import AppDatabase
from lib.core.config import ROOT, Settings
from lib.core.filters import FilterOptions, Filters
from lib.core.goal_edits import AppGoals
from lib.core.heap import HeapSettler
from lib.core.scope import Scope
from lib.core.text import safe_csv

T = TypeVar("T")
_frame = threading.local()  # .running: True while app.py runs the chosen page in this thread
_AREA_FUNCTIONS: dict[str, Callable[..., Any]] = {}


@st.cache_resource(show_spinner=False)
def _open(path: str) -> db.Database:
    # One read-only connection per process, every query on its own cursor, so all browser
    # sessions share it; it follows the file when an import publishes a new one.
    # The goal form's saves (app database) are laid over the store's goals (lib.core.goal_edits).
    return db.connect(path, read_only=True, goals=AppGoals())


def database() -> db.Database:
    """The shared store, read-only. Raises db.DatabaseUnavailableError with a sentence: the
    file is from a newer DuckDB, damaged...; db.DatabaseMissingError when there is none."""
    return _open(str(db.store_target()))


@st.cache_resource(show_spinner=False)
def _drop_folder_watcher(folder: str) -> threading.Thread:
    # Once per process and folder; the lease in the app database lets one process of many import.
    from lib.importing.watch import start_in_background

    return start_in_background(Path(folder))


def sign_in_configured() -> bool:
    """True when .streamlit/secrets.toml (or --secrets.files) has an [auth] section."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return False


def request_is_local() -> bool:
    """True when this page was asked for on this computer: a local mode behind a proxy (which
    listens on 127.0.0.1 too) must not show the district to the network. AppTest has no request."""
    headers = st.context.headers
    if not headers:
        return True
    return config.is_local_request(headers.get("Host") or "", headers.get("X-Forwarded-For") or "")


@st.cache_resource(show_spinner=False)
def _sign_ins_recorded() -> set[tuple[str, str]]:
    return set()


def record_sign_in(who: str, detail: str) -> None:
    """Write a sign-in to the audit trail once (the ID token's issue time marks one sign-in;
    a reload or a new tab of the same sign-in is not another)."""
    key = (who, str(st.user.get("iat") or st.user.get("auth_time") or ""))
    seen = _sign_ins_recorded()
    if key not in seen:
        seen.add(key)
        audit.record(AppDatabase(), who, audit.SIGNED_IN, None, detail)


def listening_locally() -> bool:
    """True when the server listens on this computer only (server.address is a loopback one)."""
    return str(st.get_option("server.address") or "").strip() in config.LOOPBACK


def signed_in_email() -> str | None:
    """The signed-in person's email from the identity provider; None when nobody is signed in."""
    if not st.user.get("is_logged_in"):
        return None
    email = st.user.get("email")
    return str(email) if email else ""


def watch_drop_folder() -> None:
    """Start the drop-folder watcher in this process when SCHOOL_GOALS_WATCH_DIR is set."""
    folder = config.watch_dir()
    if folder is not None:
        _drop_folder_watcher(str(folder))


def data_version() -> str:
    """Changes whenever an import, undo or restore publishes a new file, so cached results
    never go stale: the path and the identity of the file the connection reads now."""
    return database().version()


# A resource cache, not st.cache_data: a hit hands back the very object the area function made,
# where cache_data unpickled a copy on every hit (a reading page with its three figures took
# about 24 ms of one core to unpickle, every rerun of every session). Shared by every session, so
# a result is never changed once made: frozen dataclasses, frames and figures that pages only
# read (tests/test_rerun_cache.py runs each page twice and checks the results are unchanged).
@st.cache_resource(ttl=3600, max_entries=512, show_spinner=False)
def _call(name: str, version: str, *args: Any) -> Any:
    return _AREA_FUNCTIONS[name](database(), *args)


def cached(func: Callable[..., T]) -> Callable[..., T]:
    """Wrap an area function `f(db, *args)` so pages call `f(*args)`, cached per data version.

    Arguments must be hashable values (Filters, tuples, dates); the key is the function, the
    data version and every argument (the scope and the filters among them). The result is
    shared with every session that asks the same: read it, never change it.
    """
    name = f"{func.__module__}.{func.__qualname__}"
    _AREA_FUNCTIONS[name] = func

    def call(*args: Any) -> T:
        return _call(name, data_version(), *args)

    return call


def on_click(func: Callable[..., T], *args: Any) -> Callable[[], T]:
    """`func(database, *args)` as a download button's `data`: built only when clicked, on the
    store as it is then, not cached (a packet carries the moment it was generated)."""
    store = database()

    def build() -> T:
        return func(store, *args)

    return build


@dataclass(frozen=True)
class Context:
    """Facts the frame works out once per run that every page needs."""

    options: FilterOptions  # schools, grades, the span of dates in the data
    settings: Settings  # k and the observation cadence
    scope: Scope  # who is looking: the schools they may see, whether names may be shown
    pages: frozenset[str]  # stems of the registered pages (for links)
    who: str = "local"  # the signed-in email, or "local" (sign-in off: one user on this computer)


def audit_names(event: str, school_id: str, detail: str) -> None:
    """Write to the audit trail that the person saw student names (once per session and class)."""
    seen = st.session_state.setdefault("_audited", set())
    if (event, school_id, detail) in seen:
        return
    audit.record(AppDatabase(), context().who, event, school_id, detail)
    seen.add((event, school_id, detail))


def audited_download(data: Callable[[], str], school_id: str, detail: str) -> Callable[[], str]:
    """`data` for st.download_button that also writes the download to the audit trail (it runs
    when the button is clicked, outside the page's run: the person is taken now)."""
    who = context().who

    def build() -> str:
        audit.record(AppDatabase(), who, audit.NAMES_DOWNLOADED, school_id, detail)
        return data()

    return build


def set_context(context: Context) -> None:
    """The run's context alone (no filters: a store without data yet)."""
    st.session_state["_context"] = context


def set_frame(filters: Filters, context: Context) -> None:
    """Called by app.py before it runs the page: the filters it drew and the run's context."""
    st.session_state["_filters"] = filters
    st.session_state["_context"] = context


_heap = HeapSettler()  # lib/core/heap.py: after each page run, freezes what lives long


def run_page(page: Any, withheld: str | None = None) -> None:
    """Run the page st.navigation chose, marked as running inside the frame.

    With `withheld` (a sentence: the filters' group may not be shown in this view), the page
    shows its title and that sentence instead of its figures.
    """
    if withheld is not None:
        st.title(page.title)
        st.info(withheld, icon=":material/lock:")
        return
    # A thread-local, not session state: a page that ends in st.stop() must still clear it,
    # and a session-state write made while a run is stopping is not kept.
    _frame.running = True
    try:
        page.run()
    except db.DatabaseUnavailableError as error:  # a query that failed partway: a sentence, not a traceback
        st.error(str(error), icon=":material/error:")
    finally:
        _frame.running = False
        _heap.after_run()


def frame_first(page: str | None = None) -> None:
    """First line of every page: when Streamlit ran this page on its own, run the frame instead.

    With a folder named pages/, a fresh server's first request for a page URL (a bookmark)
    runs that page script without app.py (Streamlit's legacy pages-folder mode), and AppTest
    does so on every run. The frame then draws the sidebar and its st.navigation runs this
    same page inside it; this outer run stops. Supported API only (no PagesManager patch).
    """
    if getattr(_frame, "running", False):
        return
    _frame.asked = page  # the frame's requested_page() where there is no address (AppTest)
    try:
        runpy.run_path(str(ROOT / "app.py"), run_name="__main__")
    finally:
        _frame.asked = None
    st.stop()


def requested_page() -> str:
    """The page address the browser asked for ('display', 'reading'; '' for the front page),
    without the server's base path; in AppTest, the page that ran the frame (frame_first)."""
    asked = getattr(_frame, "asked", None)
    if asked:
        return asked
    path = urlparse(st.context.url or "").path
    parts = [part for part in path.split("/") if part]
    base = [part for part in str(st.get_option("server.baseUrlPath") or "").split("/") if part]
    if parts[: len(base)] == base:
        parts = parts[len(base) :]
    return parts[0] if parts else ""


def _browser_zone() -> ZoneInfo | None:
    try:
        return ZoneInfo(st.context.timezone) if st.context.timezone else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def store_updated_at() -> datetime | None:
    """When the data the app reads was last published (an import, undo or restore), in the
    browser's time zone (the server's when the browser gives none); None without a store."""
    try:
        stamp = database().published_at()
    except db.DatabaseUnavailableError:
        return None
    return None if stamp is None else datetime.fromtimestamp(stamp, _browser_zone())


def browser_today() -> date:
    """Today in the browser's time zone (the server's when the browser gives none)."""
    return datetime.now(_browser_zone()).date()


def set_screen(request: Any) -> None:
    """Called by app.py before it runs the staff-meeting screen: what the screen shows
    (a lib.display.options.ScreenRequest)."""
    st.session_state["_screen"] = request


def screen() -> Any:
    """The staff-meeting screen's request for this run (set_screen)."""
    return st.session_state["_screen"]


def csv_download(frame: Any, name: str, label: str = "Download this table (CSV)") -> None:
    """The app's own CSV download of a table. Streamlit's table toolbar download is off for the
    whole app (client.disableDataExport): it can't neutralise cells a spreadsheet would run, so
    every cell goes through text.safe_csv, built only when the button is clicked. The file is
    `<name>.csv` and the button's key `<name>_csv`. `frame` is the table, or a function that
    makes it (called on the click too: a page view doesn't pay for a frame made for the file)."""
    make = frame if callable(frame) else lambda: frame
    st.download_button(
        label,
        data=lambda: safe_csv(make()),
        file_name=f"{name}.csv",
        mime="text/csv",
        icon=":material/download:",
        key=f"{name}_csv",
    )


def keep_widget_values(*keys: str) -> None:
    """Carry the frame's widget values into this run, whichever script Streamlit started.

    A widget's identity includes the script that is running. After a fresh server's first
    request (and in AppTest on every run) Streamlit starts the page script, not app.py, so
    the sidebar's widgets would be new each time and fall back to their defaults. Writing
    each value back through session state (Streamlit's documented way to keep a widget's
    value across pages) keeps them; in the ordinary case it changes nothing.
    """
    for key in keys:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def filters() -> Filters:
    """The filters app.py drew for this run."""
    return st.session_state["_filters"]


def context() -> Context:
    """The frame's facts for this run: options, settings, scope, pages."""
    return st.session_state["_context"]
