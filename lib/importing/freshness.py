"""Whether the data is late, and whether the drop folder's latest batch was turned away:
sentences for the goal board's "Needs attention".

The two sentence functions are pure (tested with hand-computed dates); `data_attention` reads
the import history in the app database and the settings, and calls them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from lib.core.appdb import AppDatabase
from lib.core.config import expected_data_days, watch_dir
from lib.core.text import long_date
from lib.importing.history import latest_arrival
from lib.importing.publish import DROP_FOLDER


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def data_is_late(last_arrival: datetime | None, now: datetime, expected_days: int) -> str | None:
    """The sentence when no import was attempted for more than `expected_days` days; else None.

    Late means strictly more than expected_days x 24 hours since `last_arrival` (the latest
    attempt, whatever its outcome); the days shown are whole 24-hour periods (Mon 30 Nov 05:00
    to Thu 3 Dec 09:00 is 3 days, late when 3 are expected; Fri to Mon at the same hour is not).
    None when nothing has ever arrived (the board's own empty state speaks then) or when the
    arrival is after `now` (a clock set wrong).
    """
    if last_arrival is None or now - last_arrival <= timedelta(days=expected_days):
        return None
    waited = (now - last_arrival).days
    return (
        f"No new data has arrived since {long_date(last_arrival.date())} ({_days(waited)}; expected at "
        f"least every {_days(expected_days)}). Check the nightly export and the drop folder, or "
        "import on the Data page."
    )


@dataclass(frozen=True)
class DropAttempt:
    """The drop folder's latest import attempt, as the history has it."""

    import_id: int
    started_at: datetime
    outcome: str  # imported | unchanged | rejected | failed | interrupted | undone | running
    problems: int
    summary: str | None


def drop_folder_trouble(latest: DropAttempt | None, folder: Path | None = None) -> str | None:
    """The sentence when the drop folder's latest batch was rejected or could not be imported.

    None when there was none or it was imported (or changed nothing). `folder` names where the
    rejected batch and its report are (DIR/rejected/); without it the sentence says "the drop folder".
    """
    if latest is None:
        return None
    when = f"{long_date(latest.started_at.date())} at {latest.started_at:%H:%M}"
    where = f"{folder / 'rejected'}" if folder is not None else "the drop folder's rejected folder"
    if latest.outcome == "rejected":
        noun = "problem" if latest.problems == 1 else "problems"
        return (
            f"The drop folder's latest batch ({when}, import {latest.import_id}) was rejected with "
            f"{latest.problems:,} {noun}; nothing from it was imported. Its report and problems.csv "
            f"are in {where}: fix the files and drop them in again."
        )
    if latest.outcome in ("failed", "interrupted"):
        reason = (latest.summary or "").strip().rstrip(".")
        because = f": {reason}." if reason else "."
        return (
            f"The drop folder's latest batch ({when}) could not be imported{because} "
            "It stays in the drop folder and is tried again."
        )
    return None


def latest_drop_attempt(app: AppDatabase) -> DropAttempt | None:
    """The drop folder's latest finished import attempt, unless a later import (from anywhere)
    went in since: a rejected batch fixed on the Data page needs no more attention."""
    rows = app.rows(
        "SELECT import_id, started_at, outcome, problems, summary FROM imports "
        "WHERE kind = 'import' AND via = ? AND outcome <> 'running' ORDER BY import_id DESC LIMIT 1",
        (DROP_FOLDER,),
    )
    if not rows:
        return None
    row = rows[0]
    later = app.scalar(
        "SELECT count(*) FROM imports WHERE kind = 'import' AND import_id > ? AND outcome IN ('imported', 'unchanged')",
        (row["import_id"],),
    )
    if later:
        return None
    return DropAttempt(
        row["import_id"],
        datetime.fromisoformat(row["started_at"]),
        row["outcome"],
        row["problems"],
        row["summary"],
    )


def data_attention(app: AppDatabase | None = None, now: datetime | None = None) -> list[str]:
    """The "Needs attention" sentences about the data's arrival (none when all is well).

    Reads the import history (default: the configured app database) and the settings
    SCHOOL_GOALS_DATA_EXPECTED_DAYS and SCHOOL_GOALS_WATCH_DIR. Raises AppDatabaseError, or
    ValueError for a bad setting, each with a sentence.
    """
    app = app or AppDatabase()
    now = now or datetime.now()
    found = [
        data_is_late(latest_arrival(app), now, expected_data_days()),
        drop_folder_trouble(latest_drop_attempt(app), watch_dir()),
    ]
    return [sentence for sentence in found if sentence]
