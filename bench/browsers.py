"""Page loads in real browsers against several workers (issue 18): headless Chromium sessions.

    python -m bench.browsers [--workers 2] [--sessions 3] [--seconds 90] [--schools 3]

Serves bench/out/serving/store.duckdb (the 50-school district, built by bench.serving's
build_store when missing) with `python -m lib.cli serve --workers N` (Caddy in front), then runs
`--sessions` headless Chromium sessions that load the goal board, reading, subgroups and
observations pages school after school over the first `--schools` (3) schools (bench/serving.py's `session`: each
load timed from the request until the script has finished and no spinner runs). A page of a
school is cold the first time a session asks for it (on its worker), warm after: the figures
are split into first loads and repeat loads. The browsers run on the server's 2 cores, so their rendering competes with
the workers: these are the figures a person would see on this machine, not the server's alone
(bench/load.py has those). Prints JSON and writes bench/out/browsers.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import subprocess
import sys
import time
import urllib.request

from playwright.async_api import async_playwright

from bench import serving
from bench.serving import (
    CHROMIUM_ARGS,
    FOLDER,
    OUT,
    ROOT,
    STORE,
    _environment,
    build_store,
    phase_figures,
    session,
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_up(url: str, server: subprocess.Popen, seconds: float = 180) -> None:
    """Wait until `url` answers its health check; SystemExit when `server` stops first or never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server at {url} stopped")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the workers did not start")


async def _browse(url: str, args: argparse.Namespace) -> list[dict]:
    loads: list[dict] = []
    stop = asyncio.Event()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        tasks = [
            asyncio.create_task(session(browser, url, args, n, stop, loads)) for n in range(args.sessions)
        ]
        await asyncio.sleep(args.seconds)
        stop.set()
        await asyncio.gather(*tasks)
        await browser.close()
    return loads


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.browsers")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sessions", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=90)
    parser.add_argument("--pause", type=float, default=0)
    parser.add_argument("--schools", type=int, default=3, help="cycle over the first N schools' pages")
    args = parser.parse_args()
    every = serving.visits()
    serving.visits = lambda: every[: 4 * args.schools]  # session() plans its loads from visits()
    results: dict = {"workers": args.workers, "sessions": args.sessions}
    if not STORE.exists():
        results["store"] = build_store()
    port = free_port()
    command = [sys.executable, "-m", "lib.cli", "serve", "--workers", str(args.workers), "--port", str(port)]
    with (FOLDER / "workers.log").open("w") as log:
        server = subprocess.Popen(
            command, cwd=ROOT, env=_environment(HOME=str(FOLDER)), stdout=log, stderr=log
        )
        try:
            url = f"http://127.0.0.1:{port}"
            wait_up(url, server)
            loads = asyncio.run(_browse(url, args))
        finally:
            server.terminate()
            server.wait(timeout=60)
    seen: set[tuple[str, str]] = set()
    first, again = [], []
    for record in sorted(loads, key=lambda r: r["start"]):
        key = (record["page"], record["school"])
        (again if key in seen else first).append(record)
        seen.add(key)
    results["first_loads"] = phase_figures(first)
    results["repeat_loads"] = phase_figures(again)
    results["all"] = phase_figures(loads)
    (OUT / "browsers.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
