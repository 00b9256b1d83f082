"""The Data page's "Staff-meeting screen links": choices, the address shown once, the table.

Nothing here imports Streamlit: the page draws the values that come back. Sentences that carry
a school's name or a link's label (people's text) are escaped for Markdown here.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import pandas as pd

from lib.access import tokens
from lib.access.tokens import DisplayLink
from lib.core.appdb import AppDatabase
from lib.core.text import markdown_escape

CAPTION = (
    "A link opens one school's staff-meeting screen on a TV without signing in, and nothing else. "
    "Revoke it when the screen is replaced or the link was shared by mistake."
)
LABEL_PROMPT = "Where the screen is, e.g. Staff room TV"
UNKNOWN_SERVER = "http://<this server>:8501/"
TABLE_COLUMNS = ["Link", "School", "Label", "Created by", "Created", "Last used", "Status"]


@dataclass(frozen=True)
class Created:
    """A link just made: its full address (shown this once) and the sentences around it."""

    link_id: int
    url: str
    heading: str
    advice: str


def app_base_url(page_url: str | None) -> str:
    """The app's root address from the page's: 'http://host:8501/data' -> 'http://host:8501/'.

    Only the last path segment (the page) goes, so a server under a base path keeps it
    ('http://host/goals/data' -> 'http://host/goals/'). None (no browser told us): UNKNOWN_SERVER.
    """
    if not page_url:
        return UNKNOWN_SERVER
    parts = urlsplit(page_url)
    folder = parts.path[: parts.path.rfind("/") + 1] or "/"
    return urlunsplit((parts.scheme, parts.netloc, folder, "", ""))


def school_choices(name_schools: Collection[str], schools: Mapping[str, str]) -> dict[str, str]:
    """{school id: label} of the schools the person may make links for, in the district's order."""
    return {school_id: label for school_id, label in schools.items() if school_id in name_schools}


def create(
    app: AppDatabase, school_id: str, label: str, who: str, schools: Mapping[str, str], page_url: str | None
) -> Created:
    """Make a link to `school_id`'s display and the sentences that show its address once."""
    link_id, token = tokens.create_display_link(app, school_id, label, who)
    url = app_base_url(page_url) + tokens.display_path(schools[school_id], token)
    heading = f"Display link {link_id} made for {markdown_escape(schools[school_id])}."
    # The address is URL-encoded: no quote or backtick from a school's name can end the code span.
    advice = (
        "Copy it now: it is stored only as a fingerprint and can't be shown again. "
        f"Open it on the TV with `chromium --kiosk '{url}'`."
    )
    return Created(link_id, url, heading, advice)


def links_table(links: Sequence[DisplayLink], schools: Mapping[str, str]) -> pd.DataFrame:
    """One row per link, newest first: school, label, who made it and when, last use, status."""
    rows = [
        (
            link.link_id,
            schools.get(link.school_id, link.school_id),
            link.label,
            link.created_by,
            link.created_at,
            link.last_used_at,
            "Active" if link.active else "Revoked",
        )
        for link in links
    ]
    frame = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    for column in ("Created", "Last used"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def revoke_choices(links: Sequence[DisplayLink], schools: Mapping[str, str]) -> dict[int, str]:
    """{link id: 'Link 3: Staff room TV (Maple Elementary)'} of the links still active, newest first."""
    return {
        link.link_id: f"Link {link.link_id}: {link.label} ({schools.get(link.school_id, link.school_id)})"
        for link in links
        if link.active
    }


def revoke(app: AppDatabase, link_id: int, who: str, school_ids: Collection[str]) -> tuple[str, str]:
    """Revoke a link the person may revoke: (level, sentence) for the page (success or warning)."""
    if tokens.revoke_display_link(app, link_id, who, school_ids):
        return "success", (
            f"Link {link_id} is revoked: the screen that used it shows nothing from its next refresh."
        )
    return "warning", f"Link {link_id} was not revoked: it is already revoked, or not a link you may revoke."
