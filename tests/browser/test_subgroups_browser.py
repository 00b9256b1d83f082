"""The subgroup page in headless Chromium: changing the subject redraws the trend chart."""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import wait_for_app

pytestmark = pytest.mark.browser
CHART = "[data-testid='stPlotlyChart'] .js-plotly-plot"


def drawn_lines(page) -> list:
    """[name, y values] of each line Plotly drew, read from the chart in the page."""
    page.wait_for_selector(CHART, timeout=30000)
    return json.loads(
        page.locator(CHART).first.evaluate("el => JSON.stringify(el.data.map(t => [t.name, t.y]))")
    )


def test_changing_the_subject_changes_the_chart(page, app_url):
    page.goto(f"{app_url}/subgroups")
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    math_lines = drawn_lines(page)
    assert page.get_by_role(
        "heading", name="Percent proficient (level 3 or 4) in math, by window"
    ).is_visible()
    page.get_by_role("radiogroup", name="Subject").get_by_role("radio", name="Reading").click()
    wait_for_app(page)
    page.get_by_role("heading", name="Percent proficient (level 3 or 4) in reading, by window").wait_for()
    reading_lines = drawn_lines(page)
    assert [name for name, _ in reading_lines][0] == "All students"
    assert reading_lines != math_lines
    page.screenshot(path="/tmp/subgroups.png", full_page=True)
