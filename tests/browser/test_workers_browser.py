"""Several app processes behind Caddy (issue 18, first step; `make serve WORKERS=n`): browsers
are spread over the workers and kept on theirs by a cookie, the app works through the proxy
(websockets included), and an import from a fourth process reaches the sessions of both workers.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import ROOT, _free_port, store_env, wait_for_app

COOKIE = "school_goals_worker"
pytestmark = pytest.mark.skipif(shutil.which("caddy") is None, reason="needs Debian's caddy (make caddy)")


@pytest.fixture(scope="module")
def workers_url(tmp_path_factory) -> Iterator[tuple[str, Path, Path]]:
    """The demo made by the CLI, served by `lib.cli serve --workers 2`; (url, store, folder)."""
    folder = tmp_path_factory.mktemp("workers")
    store = folder / "s.duckdb"
    env = store_env(store, HOME=str(folder), SCHOOL_GOALS_APP_DB=str(folder / "app.sqlite"))
    demo = [sys.executable, "-m", "lib.cli", "demo", "--today", "2026-11-22", "--out", str(folder / "csv")]
    made = subprocess.run(demo, cwd=ROOT, env=env, capture_output=True, text=True)
    assert made.returncode == 0, made.stdout + made.stderr
    port, first = _free_port(), _free_port()
    serve = [sys.executable, "-m", "lib.cli", "serve", "--workers", "2", "--port", str(port)]
    log = (folder / "serve.log").open("w")
    process = subprocess.Popen(
        [*serve, "--first-worker-port", str(first)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://localhost:{port}"
    try:
        _wait(url, process, folder / "serve.log")
        yield url, store, folder
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0, (folder / "serve.log").read_text()
        log.close()


def _wait(url: str, process: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"the workers did not answer in time:\n{log.read_text()}")


def _cookie_of_a_new_browser(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as answer:
        cookie = answer.headers.get("Set-Cookie", "")
    assert cookie.startswith(f"{COOKIE}="), cookie
    return cookie.split(";")[0].split("=", 1)[1]


def test_new_browsers_are_spread_over_both_workers(workers_url):
    url, _, _ = workers_url
    # Caddy picks a worker at random for a browser without the cookie: 16 all alike has odds 2^-15.
    assert len({_cookie_of_a_new_browser(url) for _ in range(16)}) == 2


def test_an_import_reaches_the_sessions_of_both_workers(workers_url, browser):
    url, store, folder = workers_url
    workers = sorted({_cookie_of_a_new_browser(url) for _ in range(16)})
    pages = []
    for worker in workers:  # one session pinned to each worker by its cookie
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.add_cookies([{"name": COOKIE, "value": worker, "url": url}])
        page = context.new_page()
        page.goto(f"{url}/learning?school=Maple+Grove+Elementary")
        wait_for_app(page)
        expect(page.get_by_text("29 teachers averaged 4.3 hours", exact=False)).to_be_visible(timeout=30000)
        pages.append(page)
    # A 10-hour session on Nov 20 that all 29 Maple Grove teachers attended: 124 + 290 = 414
    # hours over 29 teachers = 14.3 hours.
    teachers = [f"T{k:04d}" for k in range(1, 30)]
    (folder / "batch").mkdir()
    (folder / "batch" / "pd_sessions.csv").write_text(
        "session_id,school_id,title,date,hours,focus\nPD-101-DATA,101,Data day,2026-11-20,10,\n"
    )
    (folder / "batch" / "pd_attendance.csv").write_text(
        "session_id,staff_id,attended\n" + "".join(f"PD-101-DATA,{t},Y\n" for t in teachers)
    )
    env = store_env(store, HOME=str(folder), SCHOOL_GOALS_APP_DB=str(folder / "app.sqlite"))
    files = [str(folder / "batch" / name) for name in ("pd_sessions.csv", "pd_attendance.csv")]
    done = subprocess.run(
        [sys.executable, "-m", "lib.cli", "import", *files], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for page in pages:
        page.reload()
        wait_for_app(page)
        expect(page.get_by_text("29 teachers averaged 14.3 hours", exact=False)).to_be_visible(timeout=30000)
        assert page.locator("[data-testid='stException']").count() == 0
