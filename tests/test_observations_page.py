"""The observation page on the demo district (today 2026-11-22, data through Sat 2026-11-21).

The shared filters are seeded through the URL (at.query_params, as a bookmark would): after
at.switch_page the entry script's sidebar widgets are missing from AppTest's element tree, so
at.selectbox(key="school") can't reach them on this page.
"""

from __future__ import annotations

import json

NEVER_OBSERVED = {"T0006", "T0018", "T0036", "T0041", "T0068", "T0107"}


def open_page(demo_app, **url):
    """Run the app with the URL's filters and switch to the observation page."""
    for key, value in url.items():
        demo_app.query_params[key] = value
    demo_app.run()
    demo_app.switch_page("pages/observations.py").run()
    assert not demo_app.exception, demo_app.exception
    return demo_app


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def visit_next_table(at):
    return next(frame.value for frame in at.dataframe if "cycle_ratio" in frame.value.columns)


def test_never_observed_teachers_come_first_in_visit_next(demo_app):
    at = open_page(demo_app)
    table = visit_next_table(at)
    assert set(table["staff_id"].head(6)) == NEVER_OBSERVED
    assert set(table["status"].head(6)) == {"⚠ Never observed"}
    assert table["status"].iloc[6] != "⚠ Never observed"


def test_coverage_matches_a_hand_count_for_maple_grove_on_nov_13(demo_app):
    # Hand count from the latest leadership visit on or before Fri Nov 13 of each of the 29
    # teachers on staff (the 14-day cycle is Oct 31 to Nov 13; 7 days, Nov 7 to 13, for
    # first-year T0014, T0017, T0023). Overdue: T0006 and T0018 never observed; T0011 (Oct 26),
    # T0026 (Oct 27), T0015 (Oct 28), T0009 (Oct 30); first-year T0017 (Nov 3) and T0023
    # (Nov 6, exactly 7 days). In cycle: T0014 (Nov 10) and 20 veterans seen Nov 2-13:
    # 21 of 29 = 72%.
    at = open_page(demo_app, school="Maple Grove Elementary", as_of="2026-11-13")
    shown = metrics(at)
    assert (shown["Observed in cycle"], shown["Overdue"]) == ("72%", "8")
    table = visit_next_table(at)
    overdue = set(table.loc[table["status"] != "✓ In cycle", "staff_id"])
    assert overdue == {"T0006", "T0018", "T0011", "T0026", "T0015", "T0009", "T0017", "T0023"}
    assert any("21 of 29 teachers" in caption.value for caption in at.caption)


def test_walkthroughs_only_changes_the_figures(demo_app):
    at = open_page(demo_app, school="Maple Grove Elementary", as_of="2026-11-13")
    before = metrics(at)
    at.button_group(key="obs_types").set_value(["walkthrough"]).run()
    assert not at.exception
    after = metrics(at)
    assert after["Observed in cycle"] != before["Observed in cycle"]
    assert after["Visits this week"] != before["Visits this week"]


def test_no_type_chosen_asks_for_one(demo_app):
    at = open_page(demo_app)
    at.button_group(key="obs_types").set_value([]).run()
    assert [info.value for info in at.info] == ["Choose at least one observation type and one observer role."]
    assert not at.metric


def test_district_view_lists_every_school(demo_app):
    at = open_page(demo_app)
    schools = at.dataframe[0].value
    assert sorted(schools["school"]) == [
        "Maple Grove Elementary",
        "Riverbend High School",
        "Riverbend Middle School",
    ]
    assert schools["teachers"].sum() == 108


def test_every_chart_names_its_units(demo_app):
    at = open_page(demo_app, school="Maple Grove Elementary")
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert len(specs) == 3  # visits per week, feedback turnaround, rubric trend
    for spec in specs:
        titles = [
            axis.get("title", {}).get("text") for name, axis in spec["layout"].items() if "axis" in name
        ]
        assert any(titles), spec["layout"]


def test_no_rating_shown_for_fewer_than_5_teachers(demo_app):
    at = open_page(demo_app, school="Maple Grove Elementary")
    averages = next(frame.value for frame in at.dataframe if "average_rating" in frame.value.columns)
    assert averages["teachers"].min() >= 5


def test_a_shorter_cycle_setting_is_shown_and_used(demo_app):
    # With a 10-day cycle as of Nov 13 (Nov 4 to Nov 13), the veterans last seen Nov 2-3
    # (T0002, T0022, T0019, T0005) fall out of the 21 above: 17 of 29 = 59%.
    at = open_page(demo_app, school="Maple Grove Elementary", as_of="2026-11-13")
    at.number_input(key="obs_cycle_days").set_value(10).run()
    assert metrics(at)["Observed in cycle"] == "59%"
    assert "cadence: every 10 days; first-year teachers every 7 days" in at.caption[0].value
