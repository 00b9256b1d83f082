"""The subgroup page in headless Chromium: changing the subject redraws the trend chart."""

from __future__ import annotations

import json

import pytest

from tests.browser.helpers import wait_for_app

CHART = "[data-testid='stPlotlyChart'] .js-plotly-plot"


def drawn_lines(page) -> list:
    """[name, y values] of each line Plotly drew, read from the chart in the page."""
    page.wait_for_selector(CHART, timeout=30000)
    return json.loads(
        page.locator(CHART).first.evaluate(
            "el => JSON.stringify(el.data.map(t => [t.name, Array.from(t.y)]))"
        )
    )


def test_changing_the_subject_changes_the_chart(page, app_url):
    page.goto(f"{app_url}/subgroups")
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    # All students' percent proficient by window (tests/test_subgroups_page.py has the counts).
    math = [1260 / 2278, 1312 / 2278, 1386 / 2278, 1231 / 2373]
    reading = [1129 / 2278, 1245 / 2278, 1324 / 2278, 1211 / 2373]
    assert drawn_lines(page)[0] == ["All students", pytest.approx([100 * p for p in math])]
    assert page.get_by_role(
        "heading", name="Percent proficient (level 3 or 4) in math, by window"
    ).is_visible()
    page.get_by_role("radiogroup", name="Subject").get_by_role("radio", name="Reading").click()
    wait_for_app(page)
    page.get_by_role("heading", name="Percent proficient (level 3 or 4) in reading, by window").wait_for()
    assert drawn_lines(page)[0] == ["All students", pytest.approx([100 * p for p in reading])]
    page.screenshot(path="/tmp/subgroups.png", full_page=True)
