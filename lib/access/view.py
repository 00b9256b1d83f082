"""Sign-in's pages and sentences: the entry point the frame calls for who is looking.

`scope_of_email` is cached by the frame per data version and email; the draw functions take
the streamlit module from the frame (lib/core/web.py stays the one lib module importing it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from lib.access.load import scope_of_email as _scope_of_email
from lib.core.db import Database
from lib.core.filters import FilterOptions
from lib.core.scope import Scope
from lib.core.text import markdown_escape

NOT_LOCAL_WITHOUT_SIGN_IN = (
    "This app is listening on the network, but sign-in is not configured, so it shows no data. "
    'Either listen on this computer only (server.address = "127.0.0.1" in .streamlit/config.toml, '
    "the default) or turn sign-in on: add an [auth] section to .streamlit/secrets.toml "
    "(.streamlit/secrets.example.toml shows it for Google Workspace and Microsoft Entra; the "
    'README\'s "Sign-in" says how), then start the app again.'
)


def scope_of_email(database: Database, email: str, district: tuple[str, ...]) -> Scope:
    """What the school's data lets `email` see (lib/access/rules.py)."""
    return _scope_of_email(database, email, district)


def scope_words(scope: Scope, schools: Mapping[str, str]) -> str:
    """'principal-like access to Maple Grove Elementary; names: Maple Grove Elementary' for the audit."""
    if not scope.school_ids and not scope.display_schools:
        return "no access"
    parts = []
    if scope.school_ids:
        parts.append("figures of " + ", ".join(schools.get(s, s) for s in scope.school_ids))
    if scope.name_schools:
        parts.append("student names of " + ", ".join(schools.get(s, s) for s in sorted(scope.name_schools)))
    if scope.homerooms:
        parts.append("student names of homerooms " + ", ".join(sorted(scope.homerooms)))
    if scope.data_page:
        parts.append("the Data page")
    if scope.display_schools:
        parts.append("the screen of " + ", ".join(schools.get(s, s) for s in scope.display_schools))
    return "; ".join(parts)


def no_access_words(who: str) -> str:
    """What someone signed in with nothing to see reads (display access gets the screen instead:
    app.py's screen_frame)."""
    return (
        f"You are signed in as {who}, but this district's data does not give that email access to "
        "the dashboard. Ask your data administrator to add you (staff.csv, or access.csv)."
    )


def draw_sign_in(st: Any) -> None:
    """The page of someone not signed in: what this is, and the sign-in button."""
    st.title("School Goals")
    st.write("Sign in with your school account to see your school's goals.")
    st.button("Sign in", type="primary", icon=":material/login:", on_click=st.login, key="sign_in")


def draw_no_access(st: Any, who: str) -> None:
    st.title("School Goals")
    st.info(markdown_escape(no_access_words(who)), icon=":material/lock:")
    st.button("Sign out", icon=":material/logout:", on_click=st.logout, key="sign_out_no_access")


def outside_scope_notice(asked: Sequence[str], district: FilterOptions, mine: FilterOptions) -> str | None:
    """The sentence when a link names a real school the person may not see; None otherwise."""
    labels = {district.school_label(s): s for s in district.schools}
    for label in asked:
        school = labels.get(label)
        if school is not None and school not in mine.schools:
            fallback = mine.school_label(mine.school_choices[0]) if mine.school_choices else "nothing"
            return f"The link names {label}, which your access does not include, so {fallback} is shown."
    return None
