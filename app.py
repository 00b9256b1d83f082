"""The frame: page config, the shared filters in the sidebar, navigation."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import streamlit as st

from lib.access import view as access
from lib.access.tokens import school_of_display_token
from lib.core import web
from lib.core.appdb import AppDatabase
from lib.core.choices import GradeBands, grade_bands, hidden_group_notice, hidden_groups_in_view
from lib.core.config import Settings, settings_from_env
from lib.core.db import DatabaseMissingError, DatabaseUnavailableError
from lib.core.filters import (
    ALL_SCHOOLS,
    ALL_STUDENTS,
    FilterOptions,
    Filters,
    filter_options,
    subgroup_label,
    subgroup_options,
    url_notices,
)
from lib.core.scope import Scope
from lib.core.text import markdown_escape
from lib.display.html import Frame, message_html, stylesheet
from lib.display.options import ScreenRequest, screen_options, screen_school
from lib.display.themes import PALETTES
from lib.display.words import BAD_LINK, NO_DATA, choose_school

st.set_page_config(page_title="School Goals", page_icon=":material/flag:", layout="wide")
web.watch_drop_folder()  # SCHOOL_GOALS_WATCH_DIR: import the nightly exports dropped there

settings = Settings()
try:
    options = web.cached(filter_options)()
    settings = settings_from_env()
except DatabaseMissingError:
    options = None  # no store at the path: Get started names it (never an empty one made here)
except (DatabaseUnavailableError, ValueError) as error:
    # Through st.navigation, so the sidebar never falls back to Streamlit's list of page files.
    problem = str(error)
    page = st.Page(
        lambda: st.error(problem, icon=":material/error:"), title="School Goals", url_path="problem"
    )
    web.run_page(st.navigation([page], position="hidden"))
    st.stop()

# Every address a bookmark may name: the page drawn instead answers them all, so a bookmark opened
# before signing in shows it, not Streamlit's "Page not found" dialog over it.
ADDRESSES = (
    "sign-in", "reading", "subgroups", "observations", "data", "audit", "not-found", "display",
    "set_goals", "review", "learning",
)  # fmt: skip


def only_page(title: str, draw, icon: str = ":material/lock:") -> None:
    """Show one page instead of the dashboard (sign in, no access, refused) and stop."""
    pages = [st.Page(draw, title=title, url_path=a, icon=icon, default=a == "sign-in") for a in ADDRESSES]
    web.run_page(st.navigation(pages, position="hidden"))
    st.stop()


def show_screen(title: str, draw) -> NoReturn:
    """Run the staff-meeting screen (or the message it shows instead) alone: no sidebar, no
    menu, nothing to click; then stop. Reached at /display; display-only access gets it at the
    front page, and any other page's address (a bookmark) moves to /display."""
    at_display = web.requested_page() == "display"
    screen = st.Page(draw, title=title, url_path="display", default=not at_display)
    pages = [screen]
    if at_display:  # st.navigation wants a default page: one never reached from here
        pages.append(st.Page(lambda: None, title=title, url_path="screen-home", default=True))
    pages += [
        st.Page(
            lambda: st.switch_page(screen, query_params=st.query_params.to_dict()), title=title, url_path=a
        )
        for a in ADDRESSES
        if a != "display"
    ]
    web.run_page(st.navigation(pages, position="hidden"))
    st.stop()


def screen_message(title: str, sentence: str, school: str = "", wait_for_data: bool = False) -> NoReturn:
    """The screen's message instead of slides, in the address's theme. `wait_for_data`: check
    every 30 s and start the screen when the store has data (a TV set up before the first import)."""
    palette = PALETTES[screen_options({k: st.query_params.get_all(k) for k in st.query_params}).theme]
    frame = Frame(school, "", 0, 0)

    @st.fragment(run_every=30 if wait_for_data else None)
    def data_arrived() -> None:
        try:
            ready = wait_for_data and not web.cached(filter_options)().is_empty
        except (DatabaseMissingError, DatabaseUnavailableError):
            ready = False
        if ready:
            st.rerun()

    def draw() -> None:
        st.html(stylesheet(palette))
        st.html(message_html(title, sentence, frame))
        data_arrived()

    show_screen(title, draw)


def screen_frame(options: FilterOptions | None, settings: Settings, scope: Scope | None = None) -> None:
    """The staff-meeting screen for the address's school: through a display link's token, the
    signed-in person's access (display, or any access to the school), or local mode."""
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    token = (params.get("token") or [None])[-1]
    schools = dict(options.schools) if options else {}
    who = "display link"
    if token:
        school_id = school_of_display_token(AppDatabase(), token)
        if school_id is None:
            screen_message(*BAD_LINK)
        allowed: dict[str, str] = {school_id: schools.get(school_id, school_id)}
    else:
        if scope is None and not web.sign_in_configured():
            if not web.listening_locally() or not web.request_is_local():
                screen_message("Sign-in is off", access.NOT_LOCAL_WITHOUT_SIGN_IN)
            who, scope = "local", Scope.whole_district(schools)
        elif scope is None:
            email = web.signed_in_email()
            if email is None:
                only_page("Sign in", lambda: access.draw_sign_in(st))
            who = email or "(no email from the identity provider)"
            scope = web.cached(access.scope_of_email)(email or "", tuple(schools))
            web.record_sign_in(who, access.scope_words(scope, schools))
        allowed = {s: schools[s] for s in (*scope.display_schools, *scope.school_ids) if s in schools}
    if options is None or options.is_empty or options.last_day is None:
        screen_message(*NO_DATA, wait_for_data=True)
    # The address's school; else the school chosen in this session's sidebar (a switch from a page).
    # A display link opens its own school, whatever else the address names.
    asked = None if token else (params.get("school") or [None])[-1] or st.session_state.get("school")
    school_id = screen_school(asked if isinstance(asked, str) else None, allowed)
    if school_id is None:
        screen_message(*choose_school(list(allowed.values())))
    label = options.school_label(school_id)
    web.set_context(web.Context(options, settings, scope or Scope(()), frozenset(), who))
    web.set_screen(ScreenRequest(school_id, label, screen_options(params), token))
    show_screen(f"{label}: staff-meeting screen", "pages/display.py")


DATA_PAGE = ("pages/data.py", "Data", ":material/database:")
if web.requested_page() == "display":  # the staff-meeting screen decides its own access
    screen_frame(options, settings)
if options is None or options.is_empty or options.last_day is None:
    # No data yet: Get started, and (local mode) the Data page to import the school's files from
    # the browser. With sign-in on, no one has access before staff.csv or access.csv is imported:
    # the first import is made at the command line.
    start = st.Page("pages/get_started.py", title="Get started", icon=":material/upload_file:")
    local = not web.sign_in_configured() and web.listening_locally()
    nothing = FilterOptions({}, (), None, None)
    web.set_context(
        web.Context(nothing, Settings(), Scope.whole_district(()) if local else Scope(()), frozenset())
    )
    data = [st.Page(DATA_PAGE[0], title=DATA_PAGE[1], icon=DATA_PAGE[2])] if local else []
    web.run_page(st.navigation([start, *data]))
    st.stop()

url_before_widgets = {key: st.query_params.get_all(key) for key in st.query_params}


# Who is looking. Without [auth] in the secrets: one trusted user on this computer (local mode),
# and only while the server listens on this computer alone.
if not web.sign_in_configured():
    if not web.listening_locally() or not web.request_is_local():
        only_page("School Goals", lambda: st.error(access.NOT_LOCAL_WITHOUT_SIGN_IN, icon=":material/lock:"))
    who, scope = "local", Scope.whole_district(options.schools)
else:
    email = web.signed_in_email()
    if email is None:
        only_page("Sign in", lambda: access.draw_sign_in(st))
    who = email or "(no email from the identity provider)"
    scope = web.cached(access.scope_of_email)(email or "", tuple(options.schools))
    web.record_sign_in(who, access.scope_words(scope, options.schools))
    if not scope.school_ids and scope.display_schools:  # display access: the screen is all they see
        screen_frame(options, settings, scope)
    if not scope.school_ids:
        only_page("School Goals", lambda: access.draw_no_access(st, who))
with st.sidebar:
    if who == "local":
        st.caption(":material/lock_open: Sign-in is off: local mode (this computer only).")
    else:
        st.text(f"Signed in as {who}")  # text, not Markdown: the email as it is
        st.button("Sign out", icon=":material/logout:", on_click=st.logout, key="sign_out")
full_options, options = options, options.within(scope.school_ids)
k = settings.policy.min_group_size


def choose_bands(bands: GradeBands) -> tuple[list[str], str | None]:
    """Put the grades asked for (the link's on the first run, else the widget's) into the
    bands of this view, before the grade widget is drawn; a sentence if a grade was folded."""
    if "_grade_pending" in st.session_state:  # see keep_link_bands
        st.session_state["grade"] = st.session_state.pop("_grade_pending")
        return st.session_state["grade"], st.session_state.pop("_grade_notice")
    first_run = not st.session_state.get("_url_checked") and "grade" not in st.session_state
    asked = url_before_widgets.get("grade", []) if first_run else st.session_state.get("grade", [])
    keys, folded = bands.choose(asked)
    # On a link's first run too: the widget reads a link's labels ('Grade 3') but not a grade's
    # code ('3'), which it would drop without a word.
    if keys != asked or (first_run and asked):
        st.session_state["grade"] = keys
    return keys, bands.notice(folded, keys, k)


def keep_link_bands(wanted: list[str], drawn: list[str], notice: str | None) -> None:
    """On a link's first run the widget takes the link's valid grades over the bands set for it
    ('Grade 3' of 'Grade 3, Grade 5' where grade 5 is folded): run once more with the bands."""
    if sorted(drawn) != sorted(wanted) and not st.session_state.pop("_grade_rerun", False):
        st.session_state["_grade_pending"], st.session_state["_grade_notice"] = wanted, notice
        st.session_state["_grade_rerun"] = True  # once: the next run sets the widget's value itself
        st.rerun()
    st.session_state.pop("_grade_rerun", None)


web.keep_widget_values("school", "as_of", "grade", "subgroup")
# An as-of date left on the latest day follows the data: after an import adds days (the app reads
# the new file on the next click), it moves to the new latest day; a date someone chose stays.
if st.session_state.get("as_of") == st.session_state.get("_latest_day") != options.last_day:
    st.session_state["as_of"] = options.last_day
st.session_state["_latest_day"] = options.last_day
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
    # Bands, not single grades, where a grade is small: no two choices differ by a small grade.
    school_ids = tuple(scope.schools_in_view(None if school == ALL_SCHOOLS else school))
    bands = web.cached(grade_bands)(school_ids, as_of or options.last_day, k)
    wanted_bands, band_notice = choose_bands(bands)
    chosen_bands = st.multiselect(
        "Grades",
        bands.keys,
        format_func=bands.label,
        key="grade",
        bind="query-params",
        placeholder="All grades",
    )
    keep_link_bands(wanted_bands, chosen_bands, band_notice)
    subgroup = st.selectbox(
        "Student group", subgroup_options(), format_func=subgroup_label, key="subgroup", bind="query-params"
    )

if not st.session_state.get("_url_checked"):
    st.session_state["_url_checked"] = True
    notices = url_notices(
        url_before_widgets,
        [full_options.school_label(s) for s in full_options.school_choices],
        options.grades,
        options.first_day,
        options.last_day,
        bands.labels,
    )
    for notice in notices:  # one per kind of value
        st.warning(notice, icon=":material/link_off:")
    outside = access.outside_scope_notice(url_before_widgets.get("school", []), full_options, options)
    if outside:
        st.warning(markdown_escape(outside), icon=":material/lock:")  # school names are data: text

filters = Filters(
    school_id=None if school == ALL_SCHOOLS else school,
    as_of=as_of or options.last_day,
    grades=bands.grades_of(chosen_bands),
    subgroup=None if subgroup == ALL_STUDENTS else subgroup,
)
if band_notice:
    st.info(band_notice, icon=":material/lock:")
# A group that a comparison with All students would reveal as small (lib.privacy.choices) shows
# no figures: the pages that count the chosen group's students show a notice instead. The goal
# board (the group picks goals), subgroup trends (it highlights a line, every group is drawn
# under its own protection) and observations show the same figures whatever the group.
COUNTS_THE_GROUP = {"reading"}
# Worked out only when a group is chosen: it reads every student in view (about 0.5 s cold for 50 schools).
hidden = filters.subgroup is not None and filters.subgroup in web.cached(hidden_groups_in_view)(
    school_ids, filters.as_of, k, bool(filters.grades)
)
withheld = (
    hidden_group_notice(filters.subgroup, k, bool(filters.grades)) if hidden and filters.subgroup else None
)
PAGES = {
    "Goals": [("pages/overview.py", "Goal board", ":material/flag:")],
    "Students": [
        ("pages/reading.py", "Reading challenge", ":material/menu_book:"),
        ("pages/subgroups.py", "Subgroup trends", ":material/groups:"),
    ],
    "Teaching": [("pages/observations.py", "Observation coverage", ":material/visibility:")],
}
if (
    scope.teacher_name_schools
):  # school leaders and district access: hours and mentoring are personnel matters
    PAGES["Teaching"] += [("pages/learning.py", "Professional learning", ":material/school:")]
if scope.name_schools:  # principals, assistant principals, school and district access
    PAGES["Goals"] += [
        ("pages/set_goals.py", "Set goals", ":material/edit_note:"),
        ("pages/review.py", "Goal reviews", ":material/rate_review:"),
    ]
DATA_PAGES = [DATA_PAGE] if scope.data_page or scope.name_schools else []  # principals: screen links
DATA_PAGES += [("pages/audit.py", "Audit trail", ":material/policy:")] if scope.audit else []
if DATA_PAGES:
    PAGES["Data"] = DATA_PAGES
web.set_frame(
    filters,
    web.Context(
        options=options,
        settings=settings,
        scope=scope,
        pages=frozenset(Path(path).stem for entries in PAGES.values() for path, _, _ in entries),
        who=who,
    ),
)
# Out of the menu, reached by address: serve.py sends a page address of several parts here
# (Streamlit's own blank page); a one-part unknown address gets Streamlit's "Page not found"
# dialog over the goal board.
NOT_FOUND = st.Page("pages/not_found.py", title="Page not found", url_path="not-found", visibility="hidden")
# The staff-meeting screen: screen_frame runs it at /display, alone; registered here too so a
# switch to it (AppTest, st.switch_page) finds it.
SCREEN = st.Page("pages/display.py", title="Staff-meeting screen", url_path="display", visibility="hidden")
sections = {
    group: [
        st.Page(path, title=title, icon=icon, default=path == "pages/overview.py")
        for path, title, icon in entries
    ]
    for group, entries in PAGES.items()
}
navigation = st.navigation({**sections, "Goals": [*sections["Goals"], NOT_FOUND, SCREEN]})
web.run_page(navigation, withheld=withheld if navigation.url_path in COUNTS_THE_GROUP else None)
