"""Issue 11 in a real browser: link values shown as text, names drawn as written, addresses that
name no page, and no table toolbar download."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

from tests.browser.helpers import running_app, wait_for_app

PHISHING = "Session expired: [sign in again](https://evil.example/login)"


def main_links(page) -> list[str]:
    return [link.get_attribute("href") or "" for link in page.locator("[data-testid='stMain'] a").all()]


def sidebar_menu(page) -> str:
    return page.locator("[data-testid='stSidebarNav']").inner_text()


def test_a_link_value_is_shown_as_text_never_as_a_link(page, app_url):
    grades = "&".join(f"grade={quote(f'[g{n}](https://evil.example)')}" for n in range(50))
    page.goto(f"{app_url}/?school={quote(PHISHING)}&{grades}")
    wait_for_app(page)
    notices = page.locator("[data-testid='stAlert']")
    assert notices.count() == 2  # one for the school, one for the 50 grades
    assert f"({PHISHING})" in notices.nth(0).inner_text()
    assert "and 47 more" in notices.nth(1).inner_text()
    assert not [href for href in main_links(page) if "evil.example" in href]


def test_a_grade_code_in_the_link_opens_that_grade_on_its_page(page, app_url):
    page.goto(f"{app_url}/reading?grade=3")
    wait_for_app(page)
    assert "/reading" in page.url
    grades = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first
    assert "Grade 3" in grades.inner_text()
    assert page.get_by_role("heading", name="Books per school week: Grade 3").is_visible()


@pytest.mark.parametrize("path", ["reading/extra/parts", "pages/reading.py"])
def test_an_address_of_several_parts_shows_page_not_found_with_the_menu(page, app_url, path):
    page.goto(f"{app_url}/{path}")
    wait_for_app(page)
    assert page.url.endswith("/not-found")
    assert page.get_by_role("heading", name="Page not found").is_visible()
    assert "Reading challenge" in sidebar_menu(page)
    assert "Page not found" not in sidebar_menu(page)  # hidden from the menu


def test_an_unknown_one_part_address_shows_streamlits_not_found_over_the_goal_board(page, app_url):
    page.goto(f"{app_url}/nowhere")
    wait_for_app(page)
    assert page.get_by_text("Page not found").first.is_visible()
    assert page.get_by_role("heading", name="All schools: goals").is_visible()
    assert "Observation coverage" in sidebar_menu(page)


def test_tables_offer_no_toolbar_download(page, app_url):
    page.goto(f"{app_url}/observations?school=Maple+Grove+Elementary")
    wait_for_app(page)
    table = page.locator("[data-testid='stDataFrame']").first
    table.hover()
    page.wait_for_timeout(300)
    assert page.locator("[data-testid='stElementToolbar'] button[aria-label*='Download']").count() == 0
    assert page.get_by_role("button", name="Download the list (CSV)").is_visible()


def test_a_hostile_school_name_is_drawn_as_written(page, demo_path, tmp_path):
    """No bold, no link, no colour, no math: the characters themselves."""
    from tests.test_escaping import SCHOOL, write_hostile_store

    store = write_hostile_store(demo_path, tmp_path)
    with running_app(store, tmp_path) as url:
        for path in ("", "reading"):
            page.goto(f"{url}/{path}?school={quote(SCHOOL)}")
            wait_for_app(page)
            title = page.locator("h1").first
            assert title.inner_text().replace("\u2060", "").startswith(SCHOOL)
            # The title's own anchor (a link to '#...') is Streamlit's; nothing else is markup.
            drawn = "strong, em, b, a:not([href^='#']), .katex, [data-testid='stMarkdownColoredText']"
            assert title.locator(drawn).count() == 0
            # No link goes to the name's address; the Present button's link carries the name,
            # URL-encoded, as its school parameter.
            assert not [href for href in main_links(page) if urlsplit(href).hostname == "x.example"]
