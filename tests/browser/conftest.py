"""Browser tests: the real app on a free port, driven by Playwright in Debian's Chromium.

The app runs on the demo district built once per test session (tests/conftest.py's
demo_path, fixed anchor date), so figures are stable. Chromium can't be downloaded on these
machines: the tests use /usr/bin/chromium (or $CHROMIUM), which `make test` installs with
apt-get. Every test collected here is marked `browser` (`make test-fast` leaves them out).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.helpers import one_book_logs, running_app

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Mark here rather than trusting each module's pytestmark: a new browser test can't be
    # left out of the marker by forgetting a line.
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


def _chromium() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("Chromium is missing: run `make test` (it installs Debian's chromium) or set CHROMIUM.")
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": _chromium(),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}}


@pytest.fixture(scope="session")
def browser_demo_path(demo_path, tmp_path_factory) -> Path:
    """A copy of the shared demo district (tests/conftest.py's demo_path) for the browser's app.

    The app's server holds its file for the whole session, and DuckDB lets no other process
    open a file one holds for writing: the AppTest tests keep the original.
    """
    copy = tmp_path_factory.mktemp("browser_demo") / "demo.duckdb"
    shutil.copyfile(demo_path, copy)
    return copy


@pytest.fixture(scope="session")
def app_url(browser_demo_path, tmp_path_factory) -> Iterator[str]:
    """The app over its copy of the demo district, for the session."""
    with running_app(browser_demo_path, tmp_path_factory.mktemp("home")) as url:
        yield url


@pytest.fixture(scope="module")
def new_logs(tmp_path_factory) -> Path:
    """The batch of 1,000 one-book logs (tests/browser/helpers.py, one_book_logs)."""
    return one_book_logs(tmp_path_factory.mktemp("batch"))


@pytest.fixture
def sessions(browser):
    """Three browser sessions (a context each: no shared cookies or storage), closed after."""
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(3)]
    yield [context.new_page() for context in contexts]
    for context in contexts:
        context.close()
