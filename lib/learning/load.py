"""Professional-learning rows to frames: the named queries of lib/learning/queries.sql."""

from __future__ import annotations

from datetime import date

import pandas as pd

from lib.core.db import Database
from lib.core.metrics import MENTORING_MONTH_DAYS
from lib.core.school_days import school_year_start
from lib.learning.comparison import WINDOW_DAYS


def load_rows(database: Database, school_ids: list[str], as_of: date) -> dict[str, pd.DataFrame]:
    """Every frame the page needs for the schools on the as-of date (seven small queries)."""
    base = {"schools": school_ids, "as_of": as_of}
    year = base | {"year_start": school_year_start(as_of)}
    return {
        "sessions": database.query("learning.sessions", year),
        "hours": database.query("learning.hours", year),
        "focus_ratings": database.query("learning.focus_ratings", year | {"window": WINDOW_DAYS}),
        "components": database.query("learning.components"),
        "pairs": database.query("learning.pairs", base | {"month_days": MENTORING_MONTH_DAYS}),
        "new_teachers": database.query("learning.new_teachers", year),
        "hours_goals": database.query("learning.hours_goals", base),
    }
