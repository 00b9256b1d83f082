"""The audit trail: who signed in, and whose names were viewed or downloaded, in the app database.

District access reads it (the Audit page). The app only ever adds rows.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from lib.core.appdb import AppDatabase

SIGNED_IN, NAMES_VIEWED, NAMES_DOWNLOADED, REFUSED = (
    "signed in",
    "viewed student names",
    "downloaded student names",
    "refused",
)
DISPLAY_LINK_CREATED, DISPLAY_LINK_REVOKED = "created a display link", "revoked a display link"
COLUMNS = ["at", "who", "event", "school_id", "detail"]


def record(
    app: AppDatabase, who: str, event: str, school_id: str | None = None, detail: str | None = None
) -> None:
    """Add one event (now, local time). `detail` says what exactly (a class, a file name)."""
    app.execute(
        "INSERT INTO audit_events (at, who, event, school_id, detail) VALUES (?, ?, ?, ?, ?)",
        (datetime.now().isoformat(timespec="seconds"), who, event, school_id, detail),
    )


def events(app: AppDatabase, limit: int = 1000) -> pd.DataFrame:
    """The latest `limit` events, newest first (at as a timestamp)."""
    rows = app.rows(
        f"SELECT {', '.join(COLUMNS)} FROM audit_events ORDER BY event_id DESC LIMIT ?",
        (limit,),
    )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["at"] = pd.to_datetime(frame["at"])
    return frame
