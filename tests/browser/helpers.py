"""Browser-test helpers: start the real app on a free port, and wait for a page to settle."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, output: Callable[[], str], seconds: float = 60) -> None:
    """Poll the server's health until it says ok; `output` reads what it printed (for the error)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{output()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.read().decode().strip() == "ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("streamlit did not become healthy in time")


def no_secrets(home: Path) -> Path:
    """An empty secrets file (no [auth]: local mode)."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / "no-secrets.toml"
    path.write_text("")
    return path


def store_env(database: Path | str, **more: str) -> dict[str, str]:
    """This process's environment with `database` as the store and no other SCHOOL_GOALS_*
    setting (an app database or drop folder of the person running the tests)."""
    kept = {name: value for name, value in os.environ.items() if not name.startswith("SCHOOL_GOALS_")}
    return {**kept, "SCHOOL_GOALS_DB": str(database), **more}


@contextmanager
def streamlit_server(
    database: Path | str,
    home: Path,
    port: int,
    secrets: Path,
    host: str = "127.0.0.1",
    settings: dict[str, str] | None = None,
) -> Iterator[str]:
    """`streamlit run serve.py` (app.py behind the not-found rule, as `make run` starts it) on
    `port` over `database`, with `secrets` as its only secrets file and `settings` (more
    SCHOOL_GOALS_* variables) in its environment; yields its URL at `host`.

    The server's output goes to `home`/streamlit.log, not a pipe: nobody reads a pipe while the
    tests run, and a server whose pipe fills up stops answering.
    """
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "serve.py",
        "--server.headless=true",
        f"--server.port={port}",
        "--server.fileWatcherType=none",
        "--browser.gatherUsageStats=false",
        f"--secrets.files={secrets}",
    ]
    log = home / "streamlit.log"
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=store_env(database, HOME=str(home), **(settings or {})),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://{host}:{port}"
    try:
        wait_healthy(url, process, lambda: log.read_text(encoding="utf-8"))
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def running_app(database: Path | str, home: Path, settings: dict[str, str] | None = None) -> Iterator[str]:
    """The app over `database` in local mode (an empty secrets file: whatever secrets a developer
    keeps in .streamlit/secrets.toml are not read) on a free port; yields its URL, stops it after."""
    with streamlit_server(database, home, _free_port(), no_secrets(home), settings=settings) as url:
        yield url


def wait_for_app(page) -> None:
    """Wait until the app is connected and the script has finished running."""
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=30000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=30000)
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=30000)


# A batch of logs for the tests of an import while the app serves: 1,000 logs of one book each
# for student 0001002 (Maple Grove, kindergarten, enrolled since Aug 17), on the school days
# from Nov 2 to Nov 20, 2026.
ADDED_LOGS = 1_000


def one_book_logs(folder: Path) -> Path:
    """Write the batch to folder/reading_logs.csv and return its path."""
    weekdays = [f"2026-11-{day:02d}" for day in range(2, 21) if day not in (7, 8, 14, 15)]
    rows = "".join(
        f"SERVE{i:05d},0001002,{weekdays[i % len(weekdays)]},15,1,Book {i}\n" for i in range(ADDED_LOGS)
    )
    path = folder / "reading_logs.csv"
    path.write_text("log_id,student_id,log_date,minutes,books,title\n" + rows)
    return path
