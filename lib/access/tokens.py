"""Display links: a revocable token in a URL that opens one school's staff-meeting screen.

A TV can't sign in every 30 days, so a principal (or district access) makes a link on the Data
page or with `python -m lib.cli display-token`. The token is shown once; the app database keeps
only its SHA-256, so a copy of that file (a backup) opens no screen. A link opens its school's
display and nothing else, until it is revoked.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from lib.core import audit
from lib.core.appdb import AppDatabase

TOKEN_BYTES = 32  # 43 characters in the URL
DEFAULT_LABEL = "Staff-meeting screen"
MAX_LABEL_LENGTH = 80
MAX_TOKEN_LENGTH = 200
# A screen refreshes every few seconds: note its use at most this often, not on every refresh.
USE_NOTED_EVERY = timedelta(minutes=10)
_URLSAFE_BASE64 = re.compile(r"[A-Za-z0-9_-]+")  # secrets.token_urlsafe: no '=' padding
_COLUMNS = "link_id, school_id, label, created_by, created_at, revoked_at, last_used_at"


@dataclass(frozen=True)
class DisplayLink:
    """One display link as the Data page and `display-token --list` show it (never its token)."""

    link_id: int
    school_id: str
    label: str
    created_by: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None

    @property
    def active(self) -> bool:
        """True until the link is revoked."""
        return self.revoked_at is None


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _when(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def fingerprint(token: str) -> str:
    """The SHA-256 hex digest of `token`: what the app database keeps instead of the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def clean_label(label: str | None) -> str:
    """Where the screen is, on one line, at most 80 characters; DEFAULT_LABEL when blank."""
    words = " ".join((label or "").split())
    return words[:MAX_LABEL_LENGTH].rstrip() or DEFAULT_LABEL


def well_formed(token: str) -> bool:
    """True for a token that could have come from `create_display_link` (checked before any lookup)."""
    return len(token) <= MAX_TOKEN_LENGTH and _URLSAFE_BASE64.fullmatch(token) is not None


def create_display_link(app: AppDatabase, school_id: str, label: str, who: str) -> tuple[int, str]:
    """A new link to `school_id`'s display: (link id, token). The token exists only in the
    return value; write it into the address now. The audit trail records who made it."""
    token, label = secrets.token_urlsafe(TOKEN_BYTES), clean_label(label)
    link_id = app.execute(
        "INSERT INTO display_links (school_id, label, token_sha256, created_by, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (school_id, label, fingerprint(token), who, _now().isoformat()),
    )
    audit.record(app, who, audit.DISPLAY_LINK_CREATED, school_id, f"link {link_id}: {label}")
    return link_id, token


def school_of_display_token(app: AppDatabase, token: str | None, now: datetime | None = None) -> str | None:
    """The school whose display `token` opens; None for no token, a malformed one (the app
    database is not read), an unknown one or a revoked one.

    Notes the link's use (last_used_at) when the last note is 10 minutes old or more (`now`:
    default the present moment, local time).
    """
    if token is None or not well_formed(token):
        return None
    rows = app.rows(
        "SELECT link_id, school_id, last_used_at FROM display_links "
        "WHERE token_sha256 = ? AND revoked_at IS NULL",
        (fingerprint(token),),
    )
    if not rows:
        return None
    _note_use(app, rows[0], now or _now())
    return str(rows[0]["school_id"])


def _note_use(app: AppDatabase, row: dict[str, Any], now: datetime) -> None:
    last = _when(row["last_used_at"])
    if last is not None and now - last < USE_NOTED_EVERY:
        return
    # The condition again in the UPDATE: of two screens on one link, only one writes.
    app.execute(
        "UPDATE display_links SET last_used_at = ? WHERE link_id = ? "
        "AND (last_used_at IS NULL OR last_used_at <= ?)",
        (now.isoformat(), row["link_id"], (now - USE_NOTED_EVERY).isoformat()),
    )


def revoke_display_link(app: AppDatabase, link_id: int, who: str, school_ids: Collection[str]) -> bool:
    """Revoke link `link_id` when its school is one of `school_ids` (the schools the person may
    make links for): True when revoked now; False for an unknown link, another school's, or one
    already revoked. The screen that used it opens nothing from its next refresh."""
    with app.transaction() as con:
        row = con.execute(
            "SELECT school_id, label FROM display_links WHERE link_id = ? AND revoked_at IS NULL", (link_id,)
        ).fetchone()
        if row is None or row["school_id"] not in set(school_ids):
            return False
        con.execute(
            "UPDATE display_links SET revoked_by = ?, revoked_at = ? WHERE link_id = ?",
            (who, _now().isoformat(), link_id),
        )
    audit.record(app, who, audit.DISPLAY_LINK_REVOKED, row["school_id"], f"link {link_id}: {row['label']}")
    return True


def display_links(app: AppDatabase, school_ids: Collection[str] | None) -> list[DisplayLink]:
    """The links of `school_ids` (None: every school, for the command line), newest first,
    revoked ones included (their revoked_at is set)."""
    if school_ids is None:
        rows = app.rows(f"SELECT {_COLUMNS} FROM display_links ORDER BY link_id DESC")
    else:
        rows = app.rows(
            f"SELECT {_COLUMNS} FROM display_links WHERE school_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY link_id DESC",
            (json.dumps(sorted(school_ids)),),
        )
    return [_link(row) for row in rows]


def _link(row: dict[str, Any]) -> DisplayLink:
    return DisplayLink(
        link_id=int(row["link_id"]),
        school_id=str(row["school_id"]),
        label=str(row["label"]),
        created_by=str(row["created_by"]),
        created_at=datetime.fromisoformat(row["created_at"]),
        revoked_at=_when(row["revoked_at"]),
        last_used_at=_when(row["last_used_at"]),
    )


def display_path(school_label: str, token: str) -> str:
    """'display?school=Maple+Elementary&token=...': the screen's address relative to the app's
    root (no leading slash). The school is the label the app's school filter uses."""
    return "display?" + urlencode({"school": school_label, "token": token})
