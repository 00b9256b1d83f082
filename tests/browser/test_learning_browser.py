"""The Professional learning page in Chromium: the before/after comparison a leadership team
reads, the district view that adds up the schools, and the lapsed mentoring pair."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.helpers import wait_for_app

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "learning.png"
MAPLE_SENTENCE = (
    "Attendees' 3b ratings rose from 2.55 to 3.03 in the 6 weeks after; others' rose from 2.45 to 2.53."
)
# Maple Grove and Riverbend High added up (tests/test_learning_page.py); Riverbend Middle's
# six weeks after its Oct 19 session end Nov 30.
DISTRICT_SENTENCE = (
    "Attendees' 3b ratings rose from 2.51 to 3.13 in the 6 weeks after; others' rose from 2.59 to 2.70."
)


def choose_school(page, name: str) -> None:
    page.get_by_label("School").first.click()
    page.get_by_role("option", name=name, exact=True).click()
    wait_for_app(page)


def test_the_learning_page_compares_attendees_and_others(page, app_url):
    page.goto(f"{app_url}/learning?school=Maple+Grove+Elementary")
    wait_for_app(page)
    expect(page.get_by_text(MAPLE_SENTENCE)).to_be_visible(timeout=30000)
    # The tables are drawn on a canvas: their captions carry the counts a person reads first.
    expect(
        page.get_by_text("2 of 3 pairs met 2 or more times in the 30 days to Nov 21; 1 had no meeting")
    ).to_be_visible()
    chart = page.locator("[data-testid='stPlotlyChart']").nth(1)  # the hours bars, then before/after
    expect(chart.locator(".main-svg").first).to_be_visible(timeout=30000)
    expect(chart.get_by_text("3.03")).to_be_visible()
    assert page.locator("[data-testid='stException']").count() == 0
    page.set_viewport_size({"width": 1400, "height": 2700})
    page.wait_for_timeout(1500)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    choose_school(page, "All schools")
    expect(page.get_by_text(DISTRICT_SENTENCE)).to_be_visible(timeout=30000)
    expect(page.get_by_text("the 6 weeks after the session end Nov 30.")).to_be_visible()
    assert page.locator("[data-testid='stException']").count() == 0
