"""The app in headless Chromium: filters in the URL, reload, every page, a bookmark on a fresh server."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.helpers import running_app, wait_for_app

PAGES = ["", "reading", "subgroups", "observations", "learning"]


def choose_school(page, name: str) -> None:
    page.get_by_label("School").first.click()
    page.get_by_role("option", name=name, exact=True).click()
    wait_for_app(page)


def test_school_goes_into_the_url_and_a_reload_restores_the_view(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    choose_school(page, "Maple Grove Elementary")
    page.wait_for_function("() => window.location.search.includes('school=')")
    assert parse_qs(urlparse(page.url).query)["school"] == ["Maple Grove Elementary"]
    assert page.get_by_role("heading", name="Maple Grove Elementary: goals").is_visible()
    page.reload()
    wait_for_app(page)
    assert page.get_by_role("heading", name="Maple Grove Elementary: goals").is_visible()
    assert page.get_by_text("2 of 7 goals met or on track").is_visible()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_opens_without_an_exception(page, app_url, path):
    page.goto(f"{app_url}/{path}?school=Riverbend+High+School")
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    school_box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first
    assert "Riverbend High School" in (
        school_box.inner_text() + school_box.locator("input").first.input_value()
    )
    assert page.locator("h1").first.is_visible()


def test_unknown_school_in_the_link_falls_back_with_a_notice(page, app_url):
    page.goto(f"{app_url}/?school=Nowhere+Academy")
    wait_for_app(page)
    assert page.get_by_text("The link names a school this data doesn't have").is_visible()
    assert page.get_by_role("heading", name="All schools: goals").is_visible()


def test_a_bookmarked_page_opens_first_on_a_fresh_server(page, browser_demo_path, tmp_path):
    """The very first request of a new server is a page URL (a bookmark): the frame must still run."""
    fresh = tmp_path / "fresh.duckdb"
    fresh.write_bytes(browser_demo_path.read_bytes())
    with running_app(fresh, tmp_path) as url:
        page.goto(f"{url}/observations?school=Maple+Grove+Elementary")
        wait_for_app(page)
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.get_by_label("School").first.is_visible()
        assert "/observations" in page.url


def test_district_table_links_into_each_school(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=30000)
    page.goto(f"{app_url}/?school=Riverbend+Middle+School")
    wait_for_app(page)
    assert page.get_by_role("heading", name="Riverbend Middle School: goals").is_visible()


def test_detail_link_opens_the_page_with_the_same_filters(page, app_url):
    page.goto(f"{app_url}/?school=Maple+Grove+Elementary")
    wait_for_app(page)
    page.get_by_role("link", name="See the detail").first.click()
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert parse_qs(urlparse(page.url).query).get("school") == ["Maple Grove Elementary"]


def test_a_link_to_a_small_grade_opens_its_band_with_a_notice(page, tmp_path):
    """Issue 10: grade 5 of the seven-fifth-graders school has 7 students; a link to it opens
    the band "Grades 4–5" and says why, in one sentence."""
    from lib.core import db as store
    from tests.adversarial import GRADE_OF_SEVEN, import_schools

    database = store.connect(tmp_path / "seven.duckdb")
    import_schools(database, tmp_path / "csv", (GRADE_OF_SEVEN,))
    database.close()
    with running_app(tmp_path / "seven.duckdb", tmp_path) as url:
        page.goto(f"{url}/reading?grade=Grade+5")
        wait_for_app(page)
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.get_by_text("Grade 5 is shown within Grades 4–5").is_visible()
        grades = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first
        assert "Grades 4–5" in grades.inner_text()
        page.get_by_text("Reading challenge").first.wait_for()  # the page runs with the band
