"""The observation page on the demo district (today 2026-11-22, data through Sat 2026-11-21).

The shared filters are seeded through the URL (at.query_params, as a bookmark would): after
at.switch_page the entry script's sidebar widgets are missing from AppTest's element tree, so
at.selectbox(key="school") can't reach them on this page.
"""

from __future__ import annotations

from tests.helpers import charts, metrics, open_page

PAGE = "pages/observations.py"
NEVER_OBSERVED = {"T0006", "T0018", "T0036", "T0041", "T0068", "T0107"}


def visit_next_table(at):
    return next(frame.value for frame in at.dataframe if "cycle_ratio" in frame.value.columns)


def test_never_observed_teachers_come_first_in_visit_next(demo_app):
    at = open_page(demo_app, PAGE)
    table = visit_next_table(at)
    assert set(table["staff_id"].head(6)) == NEVER_OBSERVED
    assert set(table["status"].head(6)) == {"⚠ Never observed"}
    # Then the most overdue, T0058 first (the page's own order, days since / cycle descending).
    assert table[["staff_id", "status"]].iloc[6].tolist() == ["T0058", "⚠ Overdue"]


def test_coverage_matches_a_hand_count_for_maple_grove_on_nov_13(demo_app):
    # Hand count from the latest leadership visit on or before Fri Nov 13 of each of the 29
    # teachers on staff (the 14-day cycle is Oct 31 to Nov 13; 7 days, Nov 7 to 13, for
    # first-year T0014, T0017, T0023). Overdue: T0006 and T0018 never observed; T0011 (Oct 26),
    # T0026 (Oct 27), T0015 (Oct 28), T0009 (Oct 30); first-year T0017 (Nov 3) and T0023
    # (Nov 6, exactly 7 days). In cycle: T0014 (Nov 10) and 20 veterans seen Nov 2-13:
    # 21 of 29 = 72%.
    at = open_page(demo_app, PAGE, school="Maple Grove Elementary", as_of="2026-11-13")
    shown = metrics(at)
    assert (shown["Observed in cycle"], shown["Overdue"]) == ("72%", "8")
    table = visit_next_table(at)
    overdue = set(table.loc[table["status"] != "✓ In cycle", "staff_id"])
    assert overdue == {"T0006", "T0018", "T0011", "T0026", "T0015", "T0009", "T0017", "T0023"}
    assert at.caption[1].value == (
        "21 of 29 teachers had a counted visit in their cycle: the last 14 days (first-year teachers: 7)"
    )


def test_walkthroughs_only_changes_the_figures(demo_app):
    at = open_page(demo_app, PAGE, school="Maple Grove Elementary", as_of="2026-11-13")
    before = metrics(at)
    at.button_group(key="obs_types").set_value(["walkthrough"]).run()
    assert not at.exception
    # Walkthroughs only, as of Nov 13: 17 of 29 in cycle (59%, see the 10-day test below for the
    # same 17), 12 overdue instead of 8, and 9 of the week's 12 visits (Nov 9-13) were walkthroughs.
    assert (before["Observed in cycle"], before["Overdue"], before["Visits this week"]) == ("72%", "8", "12")
    assert metrics(at) == {
        "Observed in cycle": "59%",
        "Overdue": "12",
        "Median wait": "10 days",
        "Feedback on time": "95%",
        "Visits this week": "9",
    }


def test_no_type_chosen_asks_for_one(demo_app):
    at = open_page(demo_app, PAGE)
    at.button_group(key="obs_types").set_value([]).run()
    assert [info.value for info in at.info] == ["Choose at least one observation type and one observer role."]
    assert not at.metric


def test_district_view_lists_every_school(demo_app):
    at = open_page(demo_app, PAGE)
    schools = at.dataframe[0].value
    assert sorted(schools["school"]) == [
        "Maple Grove Elementary",
        "Riverbend High School",
        "Riverbend Middle School",
    ]
    assert schools["teachers"].sum() == 108


def test_every_chart_names_its_units(demo_app):
    at = open_page(demo_app, PAGE, school="Maple Grove Elementary")
    # Visits per week (a heat map whose rows are teachers' names), feedback turnaround, rubric
    # trend (months along x): each axis that carries a number says what it counts.
    titles = [
        {name: axis.get("title", {}).get("text") for name, axis in spec["layout"].items() if "axis" in name}
        for spec in charts(at)
    ]
    assert titles == [
        {"xaxis": "Week starting (Monday)", "yaxis": None},
        {"xaxis": "School days from visit to feedback", "yaxis": "Visits, last 28 days"},
        {"xaxis": None, "yaxis": "Average rating (1-4)"},
    ]


def test_no_rating_shown_for_fewer_than_5_teachers(demo_app):
    at = open_page(demo_app, PAGE, school="Maple Grove Elementary")
    averages = next(frame.value for frame in at.dataframe if "average_rating" in frame.value.columns)
    # Maple Grove's six rubric components with ratings this year each cover 15 to 27 teachers
    # (3b, the walkthroughs' focus, the most); none is under 5, so all six are listed, lowest
    # average first.
    assert averages[["component", "teachers"]].values.tolist() == [
        ["3c", 18],
        ["1a", 18],
        ["3d", 15],
        ["3b", 27],
        ["2d", 18],
        ["2a", 17],
    ]


def test_a_shorter_cycle_setting_is_shown_and_used(demo_app):
    # With a 10-day cycle as of Nov 13 (Nov 4 to Nov 13), the veterans last seen Nov 2-3
    # (T0002, T0022, T0019, T0005) fall out of the 21 above: 17 of 29 = 59%.
    at = open_page(demo_app, PAGE, school="Maple Grove Elementary", as_of="2026-11-13")
    at.number_input(key="obs_cycle_days").set_value(10).run()
    assert metrics(at)["Observed in cycle"] == "59%"
    assert "cadence: every 10 days; first-year teachers every 7 days" in at.caption[0].value


def test_every_table_with_teacher_names_has_the_apps_own_safe_download(demo_app):
    # Streamlit's toolbar download is off for the whole app (it can't neutralise formulas), so
    # each table offers the app's own: Visit next above its table, the others below theirs.
    at = open_page(demo_app, "pages/observations.py", school="Maple Grove Elementary", as_of="2026-11-13")
    buttons = at.get("download_button")
    ids = [button.proto.id for button in buttons]
    expected = ["obs_visit_next_csv", "observer-load-2026-11-13_csv", "waiting-2026-11-13_csv"]
    expected += ["peer-2026-11-13_csv", "rubric-2026-11-13_csv"]
    assert [next((key for key in expected if i.endswith(key)), i) for i in ids] == expected
    assert [b.proto.label for b in buttons] == ["Download the list (CSV)"] + ["Download this table (CSV)"] * 4
