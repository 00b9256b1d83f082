"""The screen's sentences: when its data was updated, and why it shows a message instead of slides."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from lib.core.text import short_date

NO_DATA = ("No data yet", "Import the school's files on the Data page; the screen starts by itself.")
NO_SLIDES = (
    "Nothing to show yet",
    "The school has no goal or reading this year that can be shown: the screen starts by itself when there is.",
)
BAD_LINK = (
    "This screen link doesn't work",
    "It was revoked or mistyped. The school's principal can make a new one on the Data page "
    "(Staff-meeting screen links).",
)


def clock(moment: datetime) -> str:
    """'7:02 am', '12:30 pm'."""
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'am' if moment.hour < 12 else 'pm'}"


def updated_words(updated: datetime | None, last_day: date | None, today: date) -> str:
    """'Updated 7:02 am, data as of Dec 1' ('Updated Nov 30, 7:02 am, ...' on another day)."""
    parts = []
    if updated is not None:
        day = "" if updated.date() == today else f"{short_date(updated.date())}, "
        parts.append(f"Updated {day}{clock(updated)}")
    if last_day is not None:
        parts.append(f"data as of {short_date(last_day)}")
    text = ", ".join(parts)
    return text[0].upper() + text[1:] if text else ""


def choose_school(schools: Sequence[str]) -> tuple[str, str]:
    """The message of an address that names no school (or one it can't open)."""
    listed = "; ".join(schools[:6]) + ("; ..." if len(schools) > 6 else "")
    return (
        "Which school's screen?",
        f"Add the school to the address, e.g. display?school=<name>. Schools this screen may show: {listed}."
        if schools
        else "This sign-in may open no school's screen.",
    )
