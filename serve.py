"""The server: Streamlit's, running app.py, plus the one rule it lacks (`streamlit run serve.py`).

Streamlit 1.67 answers every unknown address with its index page, whose scripts are linked
relative to the address ("./static/js/..."). One part ("/nowhere") still works: st.navigation
opens the goal board under Streamlit's own "Page not found" dialog. An address of several
parts ("/reading/extra/parts", "/pages/reading.py") loads those scripts from a folder that
doesn't exist, gets the index page instead, and the browser shows a blank page: no script of
ours ever runs. So a browser's request for such an address is sent to the app's hidden "Page
not found" page (pages/not_found.py), which the frame draws with its menu. Only public API:
st.App with a Starlette middleware; no Streamlit internals are patched.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from starlette.responses import RedirectResponse

NOT_FOUND = "not-found"  # the hidden page's url_path (app.py)
# Streamlit's own addresses of several parts: its API, media, component files, static files,
# app static files and sign-in (starlette_routes.py, starlette_auth_routes.py in 1.67).
STREAMLIT_ROUTES = ("_stcore", "media", "component", "static", "app", "auth")


def not_found_target(path: str, base: str = "", accept: str = "") -> str | None:
    """Where a browser's request for `path` goes instead: the not-found page for a page address
    of several parts that isn't Streamlit's own; None (serve it as usual) otherwise.

    `base` is the server's base URL path ('' or '/school'); `accept` the request's Accept header
    (only a page request, one that accepts text/html, is sent elsewhere).
    """
    if "text/html" not in accept or not path.startswith(base):
        return None
    parts = [part for part in path[len(base) :].split("/") if part]
    if len(parts) < 2 or parts[0] in STREAMLIT_ROUTES:
        return None
    return f"{base}/{NOT_FOUND}"


class NotFoundRedirect:
    """ASGI middleware: send a page address of several parts to the not-found page (302)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            headers = dict(scope.get("headers") or [])
            accept = headers.get(b"accept", b"").decode("latin-1")
            base = "/".join(["", *filter(None, str(st.get_option("server.baseUrlPath")).split("/"))])
            target = not_found_target(scope["path"], base, accept)
            if target is not None:
                await RedirectResponse(target, status_code=302)(scope, receive, send)
                return
        await self.app(scope, receive, send)


app = st.App(Path(__file__).with_name("app.py"), middleware=[Middleware(NotFoundRedirect)])
