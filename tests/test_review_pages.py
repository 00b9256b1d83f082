"""Set goals and Goal reviews through AppTest on the demo district (data through 2026-11-21),
each test with an app database of its own."""

from __future__ import annotations

from datetime import date

import pytest

from lib.core.appdb import AppDatabase
from lib.core.scope import Scope
from lib.core.text import markdown_escape
from lib.goals.form_words import WHO_MAY, may_set_goals_notice
from tests.helpers import app_test, open_page, shown_text

SCHOOL = {"school": "Maple Grove Elementary"}


@pytest.fixture
def app_db(tmp_path, monkeypatch) -> AppDatabase:
    path = tmp_path / "app.sqlite"
    monkeypatch.setenv("SCHOOL_GOALS_APP_DB", str(path))
    return AppDatabase(path)


def test_the_form_shows_the_baseline_and_pace_and_saves_a_goal(demo_app, app_db):
    at = open_page(demo_app, "pages/set_goals.py", **SCHOOL)
    key = "goal_form___new__"
    at.text_input(key=f"{key}_title").set_value("Read 20,000 books by winter break")
    at.number_input(key=f"{key}_target").set_value(20000.0)
    at.date_input(key=f"{key}_start").set_value(date(2026, 12, 1))
    at.date_input(key=f"{key}_end").set_value(date(2027, 1, 22))
    at.selectbox(key=f"{key}_owner").set_value("Santiago Scott").run()
    page = shown_text(at)
    assert "Pace the target implies:** Needs 3,572 books a week; the last 4 weeks averaged 1,890." in page
    assert not at.error
    at.button(key=f"{key}_save").click().run()
    assert not at.exception, at.exception
    saved = "Saved: Set: Read 20,000 books by winter break (20,000 books by 2027-01-22)"
    assert at.success[0].value == markdown_escape(saved)  # what the person typed, shown as text
    assert at.selectbox(key="goal_pick").value == "G101-BOOKS-APP1"
    history = at.dataframe[0].value
    assert history[["source", "who"]].values.tolist() == [["goal form", "local"]]
    at.switch_page("pages/overview.py").run()
    assert "Read 20,000 books by winter break" in shown_text(at)


def test_the_form_refuses_an_end_before_the_start_and_keeps_save_off(demo_app, app_db):
    at = open_page(demo_app, "pages/set_goals.py", **SCHOOL)
    key = "goal_form___new__"
    at.text_input(key=f"{key}_title").set_value("Backwards")
    at.selectbox(key=f"{key}_owner").set_value("Santiago Scott")
    at.date_input(key=f"{key}_end").set_value(date(2026, 11, 20)).run()
    assert [e.value for e in at.error] == [
        "The end date (Nov 20, 2026) is not after the start date (Nov 22, 2026)."
    ]
    assert at.button(key=f"{key}_save").disabled


def test_a_review_is_started_written_closed_and_listed(demo_app, app_db):
    at = open_page(demo_app, "pages/review.py", **SCHOOL)
    assert "No review of this school yet" in at.info[0].value
    at.text_input(key="review_attendees").set_value("Principal Okafor, Ms. Chavez")
    at.date_input(key="review_held_on").set_value(date(2026, 11, 23))
    at.button[0].click().run()  # the form's "Start the review"
    assert not at.exception, at.exception
    assert at.selectbox(key="review_0").value == 1
    goal = "G101-BOOKS"
    at.text_area(key=f"notes_1_{goal}").set_value("Grade 2 logs dropped in November")
    at.text_area(key=f"decisions_1_{goal}").set_value("Family reading night")
    next(b for b in at.button if b.label == "Save notes and decisions" and goal in str(b.id)).click().run()
    at.text_input(key=f"what_1_{goal}").set_value("Plan family reading night")
    at.selectbox(key=f"owner_1_{goal}").set_value("Santiago Scott")
    at.date_input(key=f"due_1_{goal}").set_value(date(2026, 12, 4))
    next(b for b in at.button if b.label == "Add action item" and goal in str(b.id)).click().run()
    assert not at.exception, at.exception
    lines = [t.value for t in at.text]
    assert "Plan family reading night · Santiago Scott · due Dec 4, 2026 · open" in lines
    assert "✕ Off track · 32,074 books (Books read since Aug 17)" in lines
    at.checkbox(key="close_sure").check().run()
    next(b for b in at.button if b.label == "Close the review").click().run()
    assert not at.exception, at.exception
    lines = [t.value for t in at.text]
    assert "Notes: Grade 2 logs dropped in November" in lines
    assert "Decisions: Family reading night" in lines
    picker = at.selectbox(key="review_1")  # a closed review: the box is made anew with its new label
    assert (picker.value, picker.options) == (1, ["Nov 23, 2026 · review 1 · closed"])


def test_goal_forms_and_reviews_are_for_school_leaders():
    assert may_set_goals_notice("101", Scope(("101",))) == WHO_MAY
    assert may_set_goals_notice("101", Scope(("101",), name_schools=frozenset({"101"}))) is None
    assert may_set_goals_notice(None, Scope.whole_district(["101"])).startswith("Choose a school")


def test_a_review_of_a_school_without_goals_says_so(loaded, tmp_path, monkeypatch):
    # `loaded`: one school, two students, two reading logs, no goals.
    monkeypatch.setenv("SCHOOL_GOALS_APP_DB", str(tmp_path / "app.sqlite"))
    path = loaded.path
    loaded.close()
    at = open_page(app_test(monkeypatch, path), "pages/review.py", school="Maple Elementary")
    at.button[0].click().run()  # "Start the review"
    assert not at.exception, at.exception
    assert [i.value for i in at.info][-1].startswith("This school had no goals on the review's data")
    assert not [b for b in at.get("download_button")]
