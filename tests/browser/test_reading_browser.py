"""The reading challenge page in headless Chromium: a new as-of date changes the books total."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.browser.helpers import wait_for_app

BOOKS_READ = "Books read since Aug 17"


def books_read(page):
    """The value of the 'Books read since Aug 17' tile."""
    tile = page.locator("[data-testid='stMetric']").filter(has_text=BOOKS_READ)
    return tile.locator("[data-testid='stMetricValue']")


def test_changing_the_as_of_date_changes_the_total(page, app_url):
    page.goto(f"{app_url}/reading?school=Maple+Grove+Elementary")
    wait_for_app(page)
    assert page.get_by_role("heading", name="Maple Grove Elementary: reading challenge").is_visible()
    # The AppTest figure for Nov 21: 32,074 books logged while enrolled since Aug 17.
    expect(books_read(page)).to_have_text("32,074", timeout=30000)

    # The as-of field is three spin buttons (month / day / year); typing fills them in turn, and
    # the new date is sent when the field loses focus (Enter alone does not send it).
    page.get_by_role("spinbutton", name="month, As of").click()
    page.keyboard.type("10312026", delay=50)
    page.locator("h1").first.click()
    wait_for_app(page)
    # Through Oct 31: 26,341 books (the AppTest checks it against the logs with SQL).
    expect(books_read(page)).to_have_text("26,341", timeout=30000)
    page.wait_for_function("() => window.location.search.includes('as_of=2026-10-31')")
    assert parse_qs(urlparse(page.url).query)["as_of"] == ["2026-10-31"]
    assert page.locator("[data-testid='stException']").count() == 0
