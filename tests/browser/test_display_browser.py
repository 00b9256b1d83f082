"""The staff-meeting screen in headless Chromium at 1920x1080 (issue 14).

The screen rotates through every slide of Maple Grove Elementary on the demo district: each
slide is photographed (into $SCREENSHOT_DIR when set, else the test's folder), its headline
figures are at least 96 px and every other word at least 32 px, nothing scrolls, the slide
changes within the configured seconds, it never blinks out between slides, and no student or
staff name from the database appears over the whole rotation. Then an import from the command
line shows on the screen by itself, without a reload.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from lib.core import db as store
from tests.browser.helpers import ROOT, running_app, store_env, wait_for_app

SECONDS = 6
SCREEN = "display?school=Maple+Grove+Elementary&seconds={seconds}&theme={theme}"
# The default rotation of Maple Grove on the demo (tests/test_display_page.py).
ROTATION = 10
# Every element of the slide that holds text of its own, with its computed font size in pixels.
FONT_SIZES = """() => [...document.querySelectorAll('.sg-screen *')]
  .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
  .map(e => [e.className || e.tagName, parseFloat(getComputedStyle(e).fontSize), e.textContent.trim()])"""
FITS = """() => { const s = document.querySelector('.sg-screen');
  return [s.scrollHeight <= s.clientHeight + 1, s.scrollWidth <= s.clientWidth + 1,
          document.documentElement.scrollHeight <= innerHeight + 1] }"""
# Sampled every 100 ms by the page itself: the slide shown, when, and whether one was on screen.
WATCH = """() => { window.__shown = []; window.__blank = 0; window.__marker = 'no reload';
  setInterval(() => { const s = document.querySelector('.sg-screen');
    if (!s || getComputedStyle(s).opacity !== '1') { window.__blank += 1; return; }
    const last = window.__shown[window.__shown.length - 1];
    if (!last || last[0] !== s.dataset.slide) window.__shown.push([s.dataset.slide, performance.now()]);
  }, 100); }"""


@pytest.fixture(scope="module")
def screen_store(demo_path, tmp_path_factory) -> Path:
    """This module's own copy of the demo district (the last test imports into it)."""
    path = tmp_path_factory.mktemp("screen") / "demo.duckdb"
    shutil.copyfile(demo_path, path)
    return path


@pytest.fixture(scope="module")
def screen_url(screen_store, tmp_path_factory) -> Iterator[str]:
    with running_app(screen_store, tmp_path_factory.mktemp("screen_home")) as url:
        yield url


@pytest.fixture
def tv(browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, timezone_id="America/Chicago")
    yield context.new_page()
    context.close()


def names_in(path: Path) -> set[str]:
    database = store.connect(path, read_only=True)
    students = database.sql("select first_name, last_name from students")
    staff = database.sql("select first_name, last_name from staff")
    database.close()
    people = [
        *zip(students["first_name"], students["last_name"], strict=True),
        *zip(staff["first_name"], staff["last_name"], strict=True),
    ]
    titled = {f"{title} {last}" for last in staff["last_name"] for title in ("Ms.", "Mr.")}
    return {f"{first} {last}" for first, last in people} | titled


def shots_folder(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_screen(page, url: str, theme: str = "dark") -> None:
    page.goto(f"{url}/{SCREEN.format(seconds=SECONDS, theme=theme)}")
    page.wait_for_selector(".sg-screen[data-kind]", timeout=60000)
    page.evaluate(WATCH)


def test_the_screen_rotates_through_every_slide_readable_and_without_a_name(
    tv, screen_url, screen_store, tmp_path
):
    open_screen(tv, screen_url)
    folder, seen, texts = shots_folder(tmp_path), [], []
    while len(seen) < ROTATION:
        key = tv.locator(".sg-screen").get_attribute("data-slide")
        if key in seen:
            tv.wait_for_timeout(200)
            continue
        tv.wait_for_timeout(400)  # the balloons of a milestone rise
        seen.append(key)
        tv.screenshot(path=str(folder / f"display-dark-{len(seen)}-{key.split(':')[0]}.png"))
        sizes = tv.evaluate(FONT_SIZES)
        figures = [size for kind, size, _ in sizes if kind == "sg-figure"]
        assert all(size >= 96 for size in figures), (key, figures)
        assert [(kind, size, text) for kind, size, text in sizes if size < 32] == [], key
        assert tv.evaluate(FITS) == [True, True, True], key
        texts.append(tv.locator(".sg-screen").inner_text())
        assert tv.evaluate("document.body.innerText").count("Slide ") == 1
    tv.wait_for_function(f"window.__shown.length > {ROTATION}", timeout=(SECONDS + 6) * 1000)
    shown = tv.evaluate("window.__shown")
    assert [key for key, _ in shown][: ROTATION + 1] == [*seen, seen[0]]  # back to the first
    # From change to change: the first entry is when the watcher started, not when a slide came.
    changes = shown[1:]
    gaps = [(later - earlier) / 1000 for (_, earlier), (_, later) in zip(changes, changes[1:], strict=False)]
    assert all(SECONDS - 1 <= gap <= SECONDS + 3 for gap in gaps), gaps
    assert tv.evaluate("window.__blank") == 0  # never a moment without a slide, never faded
    text = "\n".join(texts)
    assert sorted(name for name in names_in(screen_store) if name in text) == []
    assert "We passed 30,000 books on Nov 14!" in text
    assert tv.evaluate("document.body.innerText").count("Sign out") == 0


def test_the_light_theme_keeps_its_contrast_and_sizes(tv, screen_url, tmp_path):
    open_screen(tv, screen_url, theme="light")
    background = tv.evaluate("getComputedStyle(document.querySelector('.sg-screen')).backgroundColor")
    assert background == "rgb(255, 255, 255)"
    tv.screenshot(path=str(shots_folder(tmp_path) / "display-light-1.png"))
    assert [size for kind, size, _ in tv.evaluate(FONT_SIZES) if kind == "sg-figure"][0] >= 96


def test_a_4k_tv_gets_everything_twice_as_large(browser, screen_url):
    context = browser.new_context(viewport={"width": 3840, "height": 2160})
    page = context.new_page()
    open_screen(page, screen_url)
    figure = [size for kind, size, _ in page.evaluate(FONT_SIZES) if kind == "sg-figure"][0]
    assert figure >= 2 * 96 and page.evaluate(FITS) == [True, True, True]
    context.close()


def test_the_goal_board_present_button_opens_the_screen_in_a_new_tab(page, screen_url):
    page.goto(f"{screen_url}/?school=Maple+Grove+Elementary")
    button = page.get_by_role("link", name="Present")
    with page.context.expect_page() as opened:
        button.click()
    screen = opened.value
    screen.wait_for_selector(".sg-screen[data-kind]", timeout=60000)
    assert screen.url.endswith("/display?school=Maple+Grove+Elementary")
    assert screen.locator(".sg-school").inner_text() == "Maple Grove Elementary"


def test_the_goal_board_packet_downloads_as_a_pdf_naming_the_school_and_its_goals(page, screen_url):
    page.goto(f"{screen_url}/?school=Maple+Grove+Elementary")
    wait_for_app(page)
    with page.expect_download(timeout=60000) as download:
        page.get_by_role("button", name="Packet (PDF)").click()
    pdf = PdfReader(download.value.path())
    text = "\n".join(sheet.extract_text() for sheet in pdf.pages)
    assert download.value.suggested_filename == "goals-101-2026-11-21.pdf"
    assert text.startswith("Maple Grove Elementary")
    assert "Read 50,000 books this semester" in text and "32,074" in text
    assert f"Page 1 of {len(pdf.pages)}" in text


def test_new_data_shows_on_the_screen_by_itself_without_a_reload(tv, screen_url, screen_store, tmp_path):
    tv.goto(f"{screen_url}/display?school=Maple+Grove+Elementary&seconds=5&slides=reading")
    tv.wait_for_selector(".sg-screen[data-kind]", timeout=60000)
    tv.evaluate(WATCH)
    assert tv.locator(".sg-figure").inner_text() == "32,074"
    logs = tmp_path / "reading_logs.csv"
    rows = "".join(f"TV{i:04d},0001002,2026-11-20,15,1,Book {i}\n" for i in range(100))
    logs.write_text("log_id,student_id,log_date,minutes,books,title\n" + rows)
    done = subprocess.run(
        [sys.executable, "-m", "lib.cli", "import", str(logs)],
        cwd=ROOT,
        env=store_env(screen_store),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    tv.wait_for_function(
        "document.querySelector('.sg-figure').textContent === '32,174'", timeout=(5 + 10) * 1000
    )
    assert tv.evaluate("window.__marker") == "no reload"
    assert tv.evaluate("window.__blank") == 0
