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


@contextmanager
def running_app(database: Path, home: Path) -> Iterator[str]:
    """`streamlit run serve.py` (app.py behind the not-found rule, as `make run` starts it) on a
    free port over `database`; yields its URL, stops it after."""
    port = _free_port()
    env = {**os.environ, "SCHOOL_GOALS_DB": str(database), "HOME": str(home)}
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
        # Local mode whatever secrets a developer keeps in .streamlit/secrets.toml.
        f"--secrets.files={no_secrets(home)}",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, lambda: process.stdout.read())
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def wait_for_app(page) -> None:
    """Wait until the app is connected and the script has finished running."""
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=30000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=30000)
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=30000)
