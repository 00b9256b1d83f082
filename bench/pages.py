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

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("pages/overview.py", "pages/subgroups.py", "pages/observations.py", "pages/reading.py")
SCHOOL_ONLY = ("pages/display.py",)  # the staff-meeting screen: one school; cold = every slide's data


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
    print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1])
