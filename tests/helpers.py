"""Helpers shared by the test modules: small CSV texts, and opening the app's pages in AppTest.

Fixtures live in tests/conftest.py; plain functions and constants live here, because a
conftest is pytest's to load and is never imported as a module.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The demo district every page test runs on is built as if today were Sun 2026-11-22, so its
# data run through Sat 2026-11-21 and every figure is fixed.
DEMO_TODAY = date(2026, 11, 22)

SCHOOLS = "school_id,school_name,district_name\n0101,Maple Elementary,Riverbend\n"
STUDENTS = (
    "student_id,school_id,grade_level,first_name,last_name,english_learner,entry_date\n"
    "000123,0101,KG,Ana,Lopez,Y,2026-08-17\n"
    "000124,0101,03,Bo,Chen,no,8/17/2026\n"
)
LOGS = (
    "log_id,student_id,log_date,minutes,books,title\n"
    "L1,000123,2026-09-01,20,1,Frog and Toad\n"
    "L2,000124,2026-09-02,35,,\n"
)


def app_test(monkeypatch, database_path: Path):
    """An AppTest of app.py over the store at `database_path` (not yet run)."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("SCHOOL_GOALS_DB", str(database_path))
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def open_page(at, page: str, **url: str):
    """Seed the URL's filters (as a bookmark would), run the frame, switch to `page`; no exception.

    The shared filters go through at.query_params before the first run: after switch_page the
    frame's sidebar widgets are missing from AppTest's element tree.
    """
    for key, value in url.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def shown_text(at, kinds: tuple[str, ...] = ("title", "subheader", "markdown", "caption")) -> str:
    """The text elements of `kinds` the page drew, and its tiles as 'label value', one a line."""
    parts = [str(e.value) for kind in kinds for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(parts)


def metrics(at) -> dict[str, str]:
    """The page's tiles, {label: value}."""
    return {m.label: m.value for m in at.metric}


def charts(at) -> list[dict]:
    """Every Plotly figure on the page, as the JSON spec AppTest holds."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
