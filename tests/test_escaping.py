"""Names stay text (issue 11): a school, class, teacher, goal and rubric component named with
Markdown, Plotly markup, math, a colour directive and a link are drawn as written on every page.

The demo district is copied and one batch renames school 101, its first class and teacher, its
books goal and one rubric component. Each page is opened in AppTest on that school; every
string handed to Streamlit's Markdown elements, and every figure's JSON, is checked.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from lib.core import db as store
from lib.core.text import markdown_escape
from tests.helpers import app_test, charts, open_page

HOSTILE = "**bold** [click](https://x.example) :red[x] $x^2$ <b>B</b>"
SCHOOL = f"School {HOSTILE}"
TEACHER = ("=HYPERLINK(1)", f"Teacher {HOSTILE}")
GOAL = f"Goal {HOSTILE}"
COMPONENT = f"Component {HOSTILE}"
CLASS = f"Class {HOSTILE}"
# What Markdown would read if any of them reached it unescaped (after escaped pairs are removed).
RAW = ("**bold", "[click]", "https://", ":red[", "$x^2$", "<b>")
MARKDOWN_KINDS = (
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "info",
    "warning",
    "error",
    "success",
)
PAGES = [
    "pages/overview.py", "pages/reading.py", "pages/subgroups.py", "pages/observations.py",
    "pages/set_goals.py", "pages/review.py", "pages/learning.py",
]  # fmt: skip


def _rewrite(source: Path, target: Path, change) -> Path:
    with source.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    rows = [row for row in (change(dict(row)) for row in rows) if row is not None]
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return target


def _school(row):
    return {**row, "school_name": SCHOOL} if row["school_id"] == "101" else row


def _staff(row):
    if row["staff_id"] == "T0001":
        row["first_name"], row["last_name"] = TEACHER
    return row


def _section(row):
    return {**row, "section_name": CLASS} if row["section_id"] == "HR-101-KA" else row


def _goal(row):
    return {**row, "title": GOAL, "owner": HOSTILE} if row["goal_id"] == "G101-BOOKS" else row


def _rating(row):
    return {**row, "component": COMPONENT} if row["component"] == "3b" else None


def _session(row):
    """School 101's questioning PD: a hostile title, on the hostile component (compared on the
    learning page: its ratings are 3b's, added again under the new name)."""
    return (
        {**row, "title": f"Session {HOSTILE}", "focus": COMPONENT} if row["session_id"] == "PD-101-Q" else row
    )


def write_hostile_store(demo_path: Path, folder: Path) -> Path:
    """A copy of the demo district in `folder` with school 101's names made hostile (one batch)."""
    from lib.importing.importer import import_files

    path = folder / "hostile.duckdb"
    shutil.copyfile(demo_path, path)
    source = demo_path.parent / "csv"
    files = [
        _rewrite(source / "schools.csv", folder / "schools.csv", _school),
        _rewrite(source / "staff.csv", folder / "staff.csv", _staff),
        _rewrite(source / "sections.csv", folder / "sections.csv", _section),
        _rewrite(source / "goals.csv", folder / "goals.csv", _goal),
        _rewrite(source / "observation_ratings.csv", folder / "observation_ratings.csv", _rating),
        _rewrite(source / "pd_sessions.csv", folder / "pd_sessions.csv", _session),
    ]
    database = store.connect(path)
    report = import_files(database, files)
    database.close()
    assert report.ok, report.text()
    return path


@pytest.fixture(scope="module")
def hostile_path(demo_path, tmp_path_factory) -> Path:
    return write_hostile_store(demo_path, tmp_path_factory.mktemp("hostile"))


def unescaped(value: str) -> str:
    """`value` with every backslash-escaped character (and word joiner) replaced by '§'."""
    return re.sub(r"\\.", "§", value).replace("\u2060", "§")


def markdown_values(at) -> list[str]:
    """Every string the page handed to an element that reads Markdown (tile labels too)."""
    values = [str(element.value) for kind in MARKDOWN_KINDS for element in getattr(at, kind)]
    return values + [str(tile.label) for tile in at.metric]


def hold_hostile_review(hostile_path: Path, app_path: Path) -> None:
    """A review of school 101 with a hostile note, decision and action item (the review page
    draws the goals' titles, owners and what people wrote)."""
    from lib.core.appdb import AppDatabase
    from lib.reviews import records
    from lib.reviews.view import start

    app, database = AppDatabase(app_path), store.connect(hostile_path, read_only=True)
    review_id = start(database, app, "101", date(2026, 11, 23), HOSTILE, "principal@example.org")
    database.close()
    records.save_notes(app, review_id, "G101-BOOKS", HOSTILE, HOSTILE, "principal@example.org")
    records.add_item(
        app, review_id, "G101-BOOKS", HOSTILE, HOSTILE, date(2026, 12, 4), "principal@example.org"
    )


@pytest.fixture(scope="module", params=PAGES)
def hostile_page(request, hostile_path, tmp_path_factory):
    with pytest.MonkeyPatch.context() as monkeypatch:
        app_path = tmp_path_factory.mktemp("hostile_app") / "app.sqlite"
        monkeypatch.setenv("SCHOOL_GOALS_APP_DB", str(app_path))
        if request.param == "pages/review.py":
            hold_hostile_review(hostile_path, app_path)
        at = app_test(monkeypatch, hostile_path)
        yield request.param, open_page(at, request.param, school=SCHOOL)


def test_no_markdown_from_data_reaches_a_page(hostile_page):
    _, at = hostile_page
    leaks = [value for value in markdown_values(at) if any(raw in unescaped(value) for raw in RAW)]
    assert leaks == []


def test_no_plotly_markup_from_data_reaches_a_figure(hostile_page):
    _, at = hostile_page
    assert [figure for figure in charts(at) if "<b>B</b>" in json.dumps(figure)] == []


def test_the_school_name_in_the_title_is_escaped(hostile_page):
    page, at = hostile_page
    if page in ("pages/overview.py", "pages/reading.py"):
        assert at.title[0].value.startswith(markdown_escape(SCHOOL) + ":")
    else:  # the school is named in the caption under the title
        assert any(markdown_escape(SCHOOL) in caption.value for caption in at.caption)


def test_the_goal_title_and_owner_are_escaped_on_the_goal_board(hostile_page):
    page, at = hostile_page
    if page != "pages/overview.py":
        pytest.skip("the goal cards are on the goal board")
    assert f"**{markdown_escape(GOAL)}**" in markdown_values(at)
    assert any(f" · {markdown_escape(HOSTILE)} · " in value for value in markdown_values(at))


def test_the_learning_pages_hostile_session_is_compared_as_text(hostile_page):
    page, at = hostile_page
    if page != "pages/learning.py":
        pytest.skip("the before/after comparison is on the learning page")
    heading = f"**{markdown_escape(COMPONENT)}** · {markdown_escape(f'Session {HOSTILE}')}"
    assert heading in markdown_values(at)
    assert any(
        value.startswith(f"Attendees' {markdown_escape(COMPONENT)} ratings rose")
        for value in markdown_values(at)
    )


def test_the_rubric_legend_and_hover_carry_entities(hostile_page):
    page, at = hostile_page
    if page != "pages/observations.py":
        pytest.skip("the rubric chart is on the observation page")
    rubric = next(figure for figure in charts(at) if figure["layout"].get("legend", {}).get("title"))
    names = [trace["name"] for trace in rubric["data"]]
    assert "Component **bold** [click](https://x.example) :red[x] $x^2$ &lt;b&gt;B&lt;/b&gt;" in names
    heat_map = next(figure for figure in charts(at) if figure["data"][0]["type"] == "heatmap")
    assert not [tick for tick in heat_map["layout"]["yaxis"]["ticktext"] if "<b>" in tick]
