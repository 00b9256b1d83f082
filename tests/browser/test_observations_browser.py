"""The observation page in Chromium: it opens, and choosing walkthroughs only changes the figures."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.helpers import wait_for_app

SCREENSHOT = "/tmp/obs.png"


def tile_values(page) -> list[str]:
    """The five headline values, once all five are drawn."""
    values = page.locator("[data-testid='stMetricValue']")
    expect(values).to_have_count(5, timeout=30000)
    return values.all_inner_texts()


def test_walkthroughs_only_changes_the_figures(page, app_url):
    page.goto(f"{app_url}/observations?school=Maple+Grove+Elementary&as_of=2026-11-13")
    wait_for_app(page)
    # The AppTest figures (tests/test_observations_page.py): in cycle, overdue, median wait,
    # feedback on time, visits this week.
    assert tile_values(page) == ["72%", "8", "8 days", "94%", "12"]

    pills = page.locator("[data-testid='stButtonGroup']").first
    for label in ("Informal", "Formal"):
        pills.get_by_role("button", name=label, exact=True).click()
        wait_for_app(page)
    # 59%: the AppTest figure for walkthroughs only (17 of 29 teachers).
    expect(page.locator("[data-testid='stMetricValue']").first).to_have_text("59%", timeout=30000)
    assert tile_values(page) == ["59%", "12", "10 days", "95%", "9"]
    assert page.locator("[data-testid='stException']").count() == 0
    page.set_viewport_size({"width": 1400, "height": 4200})
    page.wait_for_timeout(1500)
    page.screenshot(path=SCREENSHOT, full_page=True)
