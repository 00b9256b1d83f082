"""Child process: time every page's full script run with AppTest, cold and warm cache.

Cold: Streamlit's data cache cleared (the store stays open, as in a running server).
Warm: the same page run again with the same filters. Views: the district and one school.
Prints JSON: {page: {view: {"cold_s": ..., "warm_s": ...}}}.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from lib.core import web

ROOT = Path(__file__).resolve().parent.parent
PAGES = (
    "pages/overview.py", "pages/subgroups.py", "pages/observations.py", "pages/reading.py", "pages/learning.py",
)  # fmt: skip
# One school each: the staff-meeting screen (cold = every slide's data), the goal form (a new
# goal's baseline), goal reviews (no review yet: the start form).
SCHOOL_ONLY = ("pages/display.py", "pages/set_goals.py", "pages/review.py")


def _timed_run(at: AppTest) -> float:
    started = time.perf_counter()
    at.run()
    if at.exception:
        raise SystemExit(f"page failed: {at.exception[0].message}")
    return time.perf_counter() - started


def _time_page(page: str, school: str | None) -> dict[str, float]:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    if school:
        at.selectbox(key="school").set_value(school).run()
    at.switch_page(page).run()
    st.cache_data.clear()
    web._call.clear()  # the pages' results (a resource cache); the store stays open
    cold = _timed_run(at)
    warm = _timed_run(at)
    title = at.title[0].value if len(at.title) else ("screen" if page in SCHOOL_ONLY else "")
    return {"cold_s": round(cold, 3), "warm_s": round(warm, 3), "title": title}


def main(database_path: str) -> None:
    os.environ["SCHOOL_GOALS_DB"] = database_path
    first_school = "101"
    results = {}
    for page in PAGES:
        if (ROOT / page).exists():
            results[page] = {
                "district": _time_page(page, None),
                f"school {first_school}": _time_page(page, first_school),
            }
    for page in SCHOOL_ONLY:
        results[page] = {f"school {first_school}": _time_page(page, first_school)}
    results["packets"] = _time_packets(first_school)
    print(json.dumps(results))


def _time_packets(school_id: str) -> dict[str, float]:
    """The goal packet and a review's packet of `school_id` with a sixth goal set in the app
    (issue 15: 6 goals under 10 s), in a throwaway app database. The first includes starting
    kaleido's Chromium; a scheduled report pays that once per run."""
    import tempfile
    from dataclasses import replace
    from datetime import timedelta

    from lib.core import db
    from lib.core.appdb import AppDatabase
    from lib.core.config import Settings
    from lib.core.filters import filter_options
    from lib.core.goal_edits import AppGoals, definition_of, save_edit
    from lib.core.scope import Scope
    from lib.reviews.packet import build_packet, build_review_packet
    from lib.reviews.view import start

    app = AppDatabase(Path(tempfile.mkdtemp()) / "bench_app.sqlite")
    database = db.connect(read_only=True, goals=AppGoals(app))
    last_day = filter_options(database).last_day
    goals = database.query("goals.school_goal_list", {"school_id": school_id})
    first = definition_of(
        database.query("goals.goal_by_id", {"goal_id": goals["goal_id"].iloc[0]}).iloc[0].to_dict()
    )
    sixth = replace(
        first, goal_id=f"G{school_id}-BENCH", title="A sixth goal", end_date=last_day + timedelta(days=60)
    )
    save_edit(app, sixth, None, 10**9, "bench", "2026-01-01T00:00:00", ["Set: a sixth goal"])
    scope = Scope.whole_district([school_id])
    started = time.perf_counter()
    packet = build_packet(database, school_id, last_day, scope, Settings())
    goal_s = time.perf_counter() - started
    review_id = start(database, app, school_id, last_day, "bench", "bench")
    started = time.perf_counter()
    review = build_review_packet(database, app, review_id, Settings().policy)
    review_s = time.perf_counter() - started
    return {"goals": packet.goals, "goal_packet_s": round(goal_s, 2), "review_packet_s": round(review_s, 2),
            "pages": review.pages}  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1])
