"""The goal board through AppTest on the demo district (anchored 2026-11-22, data through 11-21)."""

from __future__ import annotations

from tests.helpers import app_test, charts, shown_text


def test_app_runs_on_the_demo_without_an_exception(demo_app):
    demo_app.run()
    assert not demo_app.exception
    assert demo_app.title[0].value == "All schools: goals"


def test_empty_database_shows_how_to_load_data(tmp_path, monkeypatch):
    from lib.core import db

    db.connect(tmp_path / "empty.duckdb").close()  # a store with no data (none at all: Get started too)
    at = app_test(monkeypatch, tmp_path / "empty.duckdb").run()
    assert not at.exception
    assert "There is no data yet" in at.info[0].value
    assert [c.value for c in at.code] == [
        "python -m lib.cli import schools.csv staff.csv sections.csv students.csv reading_logs.csv"
    ]


def test_demo_button_on_an_empty_database_loads_the_district(tmp_path, monkeypatch):
    import lib.core.config

    monkeypatch.setattr(lib.core.config, "ROOT", tmp_path)  # the demo CSV files go under tmp_path/data/demo
    at = app_test(monkeypatch, tmp_path / "empty.duckdb").run()
    at.button(key="load_demo").click().run()
    assert not at.exception
    assert at.title[0].value == "All schools: goals"


def test_elementary_board_shows_one_card_per_goal_with_its_status(demo_app):
    demo_app.run()
    demo_app.selectbox(key="school").set_value("101").run()
    page = shown_text(demo_app)
    assert demo_app.title[0].value == "Maple Grove Elementary: goals"
    assert "2 of 7 goals met or on track as of Nov 21, 2026" in page
    badges = [m.value.split(": ", 1)[1].rstrip("]") for m in demo_app.markdown if "-badge[" in m.value]
    assert sorted(badges) == ["Met", *["Off track"] * 5, "On track"]
    assert "Books read since Aug 17 32,074 books" in page
    assert "Projected 43,790 of 50,000 books (88%) by Jan 22" in page


def test_changing_the_school_changes_the_cards(demo_app):
    demo_app.run()
    demo_app.selectbox(key="school").set_value("201").run()
    page = shown_text(demo_app)
    assert demo_app.title[0].value == "Riverbend Middle School: goals"
    assert "Minutes read since Aug 17" in page and "Books read" not in page


def test_district_view_lists_schools_by_status(demo_app):
    demo_app.run()
    table = demo_app.dataframe[0].value
    assert table["school"].tolist() == [
        "Maple Grove Elementary",
        "Riverbend High School",
        "Riverbend Middle School",
    ]
    assert table["goals"].tolist() == [7, 5, 4]


def test_filters_survive_a_page_switch(demo_app):
    demo_app.run()
    demo_app.selectbox(key="school").set_value("301").run()
    demo_app.switch_page("pages/observations.py").run()
    demo_app.switch_page("pages/overview.py").run()
    assert demo_app.selectbox(key="school").value == "301"
    assert demo_app.title[0].value == "Riverbend High School: goals"


def test_grade_filter_keeps_school_wide_goals_and_that_grades_goal(demo_app):
    demo_app.run()
    demo_app.selectbox(key="school").set_value("101").run()
    demo_app.multiselect(key="grade").set_value(["3"]).run()
    titles = [m.value for m in demo_app.markdown if m.value.startswith("**")]
    assert len(titles) == 7
    demo_app.multiselect(key="grade").set_value(["4"]).run()
    titles = [m.value for m in demo_app.markdown if m.value.startswith("**")]
    assert len(titles) == 6


def test_books_card_trend_and_bar_carry_units(demo_app):
    demo_app.run()
    demo_app.selectbox(key="school").set_value("101").run()
    hovers = [[trace.get("hovertemplate") for trace in figure["data"]] for figure in charts(demo_app)]
    # Five percent goals' bars (now and target), the books goal's, which also marks even pace
    # and the projection, and the PD-hours goal's, which marks even pace in tenths of an hour.
    percent = ["Now: %{x:,.1f} %<extra></extra>", "Target: %{x:,.1f} %<extra></extra>"]
    books = [
        "Now: %{x:,.1f} books<extra></extra>",
        "Target: %{x:,.1f} books<extra></extra>",
        "Even pace today: %{x:,.0f} books<extra></extra>",
        "Projected by the end: %{x:,.0f} books<extra></extra>",
    ]
    hours = [
        "Now: %{x:,.1f} hours<extra></extra>",
        "Target: %{x:,.1f} hours<extra></extra>",
        "Even pace today: %{x:,.1f} hours<extra></extra>",
    ]
    assert sorted(hovers) == sorted([percent, percent, books, percent, percent, percent, hours])


def test_a_bad_setting_shows_which_variable_is_wrong_instead_of_a_traceback(demo_path, monkeypatch):
    monkeypatch.setenv("SCHOOL_GOALS_MIN_GROUP_SIZE", "ten")
    at = app_test(monkeypatch, demo_path).run()
    assert not at.exception
    assert "SCHOOL_GOALS_MIN_GROUP_SIZE must be a whole number" in at.error[0].value
    monkeypatch.setenv("SCHOOL_GOALS_MIN_GROUP_SIZE", "10")
    monkeypatch.setenv("SCHOOL_GOALS_CYCLE_DAYS", "0")
    at = app_test(monkeypatch, demo_path).run()
    assert not at.exception
    assert (
        "SCHOOL_GOALS_CYCLE_DAYS must be a whole number of days from 1 to 90; it is set to '0'."
        in at.error[0].value
    )
