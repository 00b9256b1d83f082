"""Pages while an import runs: the real server, sessions loading pages, a district-scale import.

    python -m bench.serving [--clients protocol|browser] [--sessions 5] [--pause 0]
                             [--before 45] [--after 60] [--import-nice 0] [--out serving.json]

Builds bench/out/serving/store.duckdb from the district files (bench/out/district_50_30000,
made by `python -m bench`) with the CLI, starts `streamlit run serve.py` over it, and runs
sessions that keep loading the goal board, reading, subgroups and observations pages school
after school (`?school=<name>`, `--pause` seconds apart). `--clients protocol` (the default):
each load is what a browser's page load asks of the server, sent over the app's own websocket
(bench/clients.py: a new session, one rerun_script message), timed from opening the websocket
until script_finished (and its script from new_session until then); the sessions cost almost
no CPU, as visitors' browsers run on their own machines. `--clients browser`: headless
Chromium sessions, each load timed from the request until the script has finished and no
spinner runs (and its script run alone, from "running" to "notRunning"); the browsers run on
the server's cores, so on a 2-core machine their rendering competes with the server and the
import. After `--before` seconds it imports a changed copy of
reading_logs.csv with the CLI: all 5,034,659 logs again, the minutes of every 10th log one
higher (503,465 rows replaced, the old ones kept in the history; the rest compared and left),
timing it and its peak memory (/usr/bin/time -v). The sessions go on during the import and
for `--after` seconds after it; `--sessions 0` times the import alone. Targets: the import
under 45 s; page p95 under 2 s during it and under 1 s after it. Prints JSON and writes
bench/out/serving.json (or `--out`), with the import's effective niceness (lib/cli.py may
lower its own priority on top of `--import-nice`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from urllib.parse import quote_plus

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import async_playwright

from bench import clients
from bench.machine import CpuWatch, busy_processes

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DISTRICT = OUT / "district_50_30000"
FOLDER = OUT / "serving"
STORE = FOLDER / "store.duckdb"
PAGES = {"": "goal board", "reading": "reading", "subgroups": "subgroups", "observations": "observations"}
CHANGE_EVERY = 10  # every 10th log of the batch gets one more minute
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
# Records each change of the app's script state (running, notRunning...) with its time.
WATCH_STATE = """
window.__states = [];
new MutationObserver(() => {
  const app = document.querySelector("[data-testid='stApp']");
  const state = app && app.getAttribute("data-test-script-state");
  const last = window.__states[window.__states.length - 1];
  if (state && (!last || last[1] !== state)) window.__states.push([performance.now(), state]);
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-test-script-state"]});
"""
SETTLED = """() => {
  const states = window.__states || [];
  return states.length > 0 && states[states.length - 1][1] === "notRunning"
    && !document.querySelector("[data-testid='stSpinner']");
}"""
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"


def _environment(**extra: str) -> dict[str, str]:
    return {**os.environ, "SCHOOL_GOALS_DB": str(STORE), **extra}


def build_store() -> dict:
    """A fresh store from every district file, imported by the CLI (as a district would)."""
    for path in FOLDER.glob("store*"):  # the store, its snapshots, lock and app database
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    files = sorted(str(p) for p in DISTRICT.glob("*.csv"))
    started = time.perf_counter()
    command = [sys.executable, "-m", "lib.cli", "import", *files]
    subprocess.run(command, cwd=ROOT, env=_environment(), check=True, capture_output=True)
    return {"import_seconds": round(time.perf_counter() - started, 1), "size_mb": _mb(STORE.stat().st_size)}


def changed_logs() -> tuple[Path, int, int]:
    """reading_logs.csv again with every 10th log's minutes one higher (written each run, about
    10 s); the path, its rows and the rows changed. The first four fields never hold a comma."""
    target = FOLDER / "batch" / "reading_logs.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    rows = changed = 0
    with (DISTRICT / "reading_logs.csv").open() as source, target.open("w") as out:
        out.write(next(source))
        for rows, line in enumerate(source, start=1):
            if rows % CHANGE_EVERY == 0:
                log_id, student, day, minutes, rest = line.split(",", 4)
                line = f"{log_id},{student},{day},{int(minutes) + 1},{rest}"
                changed += 1
            out.write(line)
    return target, rows, changed


@contextmanager
def serving(home: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """`streamlit run serve.py` over the store on a free port (log in bench/out/serving/server.log)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.headless=true"]
    command += [f"--server.port={port}", "--server.fileWatcherType=none", "--browser.gatherUsageStats=false"]
    with (FOLDER / "server.log").open("w") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=_environment(HOME=str(home)), stdout=log, stderr=log)
        try:
            _wait_healthy(f"http://127.0.0.1:{port}", server)
            yield f"http://127.0.0.1:{port}", server
        finally:
            server.terminate()
            server.wait(timeout=30)


def _wait_healthy(url: str, server: subprocess.Popen) -> None:
    for _ in range(200):
        if server.poll() is not None:
            raise SystemExit(f"the server stopped: see {FOLDER / 'server.log'}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.read().decode().strip() == "ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the server did not become healthy")


def visits() -> list[tuple[str, str, str]]:
    """(url path, page name, school): each page of the first school, then of the next..."""
    schools = [line.split(",")[1] for line in (DISTRICT / "schools.csv").read_text().splitlines()[1:]]
    return [(path, name, school) for school in schools for path, name in PAGES.items()]


def first_visit(number: int, sessions: int, count: int) -> int:
    """Where session `number` starts, so that sessions start at different schools."""
    return number * count // sessions


async def session(browser, url: str, args: argparse.Namespace, number: int, stop: asyncio.Event, loads: list):
    """Load page after page, school after school, in one browser session until `stop`,
    `args.pause` seconds apart; append a record per load. Sessions start at different schools."""
    planned = visits()
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    await context.add_init_script(WATCH_STATE)
    page = await context.new_page()
    turn = first_visit(number, args.sessions, len(planned))
    while not stop.is_set():
        path, name, school = planned[turn % len(planned)]
        turn += 1
        loads.append(await _load(page, f"{url}/{path}?school={quote_plus(school)}", name, school))
        await asyncio.sleep(args.pause)
    await context.close()


async def _load(page, address: str, name: str, school: str) -> dict:
    started = time.monotonic()
    record = {"page": name, "school": school, "start": started, "failed": None}
    try:
        await page.goto(address, wait_until="commit", timeout=60000)
        await page.wait_for_function(SETTLED, timeout=60000, polling=25)
        states = await page.evaluate("window.__states")
        running = [t for t, s in states if s == "running"]
        record["script_s"] = (states[-1][0] - running[0]) / 1000 if running else None
        record["errors"] = await page.locator(ERRORS).count()
    except PlaywrightError as error:
        record["failed"] = str(error).splitlines()[0]
    record["end"] = time.monotonic()
    record["seconds"] = record["end"] - started
    return record


async def run_import(batch: Path, niceness: int) -> dict:
    """The CLI import of `batch` under /usr/bin/time -v (and `nice -n niceness`): exit code,
    seconds, CPU seconds, peak memory, each step's second, the niceness it ran at."""
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        "nice", "-n", str(niceness), "/usr/bin/time", "-v",
        sys.executable, "-m", "lib.cli", "import", "--progress", str(batch),
        cwd=ROOT, env=_environment(), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    effective_nice = asyncio.create_task(_import_niceness(process.pid))
    steps, timing = [], ""
    async for raw in process.stderr:
        line = raw.decode().rstrip()
        if line.startswith("\t"):
            timing += line + "\n"
        else:
            steps.append([round(time.monotonic() - started, 1), line])
    report = (await process.stdout.read()).decode().splitlines()
    code = await process.wait()
    niceness_seen = effective_nice.result() if effective_nice.done() else None
    effective_nice.cancel()
    peak_kb = re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing)
    cpu = sum(float(t) for t in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", timing))
    return {
        "exit_code": code,
        "seconds": round(time.monotonic() - started, 1),
        "cpu_seconds": round(cpu, 1),
        "peak_memory_mb": round(int(peak_kb.group(1)) / 1024) if peak_kb else None,
        "niceness": {"asked": niceness, "seen": niceness_seen},
        "steps": steps,
        "report": report,
        "start": started,
        "end": time.monotonic(),
    }


async def _import_niceness(parent: int) -> int | None:
    """The niceness of the import's Python process (the child of /usr/bin/time under `parent`),
    read from /proc a few seconds in, once lib/cli.py has had time to lower its own priority."""
    await asyncio.sleep(3)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        time_pid = int(fields[1])  # the parent: /usr/bin/time, itself exec'd by nice as `parent`
        if "lib.cli import" in command and time_pid == parent and "/usr/bin/time" not in command:
            return int(fields[16])
    return None


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def phase_figures(loads: list[dict]) -> dict:
    """Count, failures, loads showing an error, p50/p95/max of load and script seconds, and
    each page's load p50 and p95."""
    done = [r for r in loads if not r["failed"]]
    figures = {"loads": len(loads), "failed": len(loads) - len(done), "showing_errors": 0}
    figures["showing_errors"] = sum(1 for r in done if r["errors"])
    reasons: dict[str, int] = {}
    for record in loads:
        if record["failed"]:
            reasons[record["failed"]] = reasons.get(record["failed"], 0) + 1
    if reasons:
        figures["failures"] = reasons
    exceptions = sorted({e for r in done for e in r.get("exceptions", [])})
    if exceptions:
        figures["exceptions"] = exceptions[:5]
    for key, label in (("seconds", "load"), ("script_s", "script")):
        values = [r[key] for r in done if r.get(key) is not None]
        if values:
            figures[label] = {
                "p50_s": round(percentile(values, 0.5), 2),
                "p95_s": round(percentile(values, 0.95), 2),
                "max_s": round(max(values), 2),
            }
    pages: dict[str, list[float]] = {}
    for record in done:
        pages.setdefault(record["page"], []).append(record["seconds"])
    figures["load_by_page_p50_p95_s"] = {
        page: [round(percentile(values, 0.5), 2), round(percentile(values, 0.95), 2)]
        for page, values in pages.items()
    }
    return figures


def by_phase(loads: list[dict], start: float, end: float) -> dict:
    """Loads that ended before the import started, that overlapped it, and that began after it."""
    return {
        "before": phase_figures([r for r in loads if r["end"] <= start]),
        "during": phase_figures([r for r in loads if r["start"] < end and r["end"] > start]),
        "after": phase_figures([r for r in loads if r["start"] >= end]),
    }


def snapshot_disk() -> dict:
    """What the kept snapshots take: each file, whether the store is one of them (same inode)."""
    snapshots = sorted((FOLDER / "store.snapshots").glob("0*.duckdb"))
    store = STORE.stat()
    inodes = {p.stat().st_ino: p.stat().st_size for p in snapshots}
    return {
        "files": {p.name: _mb(p.stat().st_size) for p in snapshots},
        "store_is_newest_snapshot": os.path.samestat(store, snapshots[-1].stat()),
        "store_links": store.st_nlink,
        "total_mb": _mb(sum(inodes.values())),
    }


def _mb(size: int) -> float:
    return round(size / 1e6, 1)


def _server_peak_mb(server: subprocess.Popen) -> int | None:
    found = re.search(r"VmHWM:\s+(\d+) kB", Path(f"/proc/{server.pid}/status").read_text())
    return round(int(found.group(1)) / 1024) if found else None


class ProtocolCpuWatch(CpuWatch):
    """With protocol clients this harness is the sessions, and any Chromium is someone else's."""

    def kind(self, pid: int, command: str) -> str:
        if pid == os.getpid():
            return "session clients (this harness)"
        found = super().kind(pid, command)
        return "other work on the machine" if found == "browsers" else found


async def measure(url: str, batch: Path, args: argparse.Namespace, watch: CpuWatch) -> tuple[list, dict]:
    """Page loads in `args.sessions` sessions before, during and after the import; the import."""
    stop, loads = asyncio.Event(), []
    watching = asyncio.create_task(watch.run(stop))
    if not args.sessions:  # the import alone, the server idle: the reference figure
        imported = await run_import(batch, args.import_nice)
    elif args.clients == "protocol":
        planned = visits()
        tasks = [
            asyncio.create_task(
                clients.session(
                    url, planned, first_visit(i, args.sessions, len(planned)), args.pause, stop, loads
                )
            )
            for i in range(args.sessions)
        ]
        await asyncio.sleep(args.before)
        busy = await asyncio.to_thread(busy_processes)
        imported = await run_import(batch, args.import_nice) | {"busy_processes_just_before": busy}
        await asyncio.sleep(args.after)
        stop.set()
        await asyncio.gather(*tasks)
    else:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=CHROMIUM_ARGS,
                env={**os.environ, "HOME": str(FOLDER)},
            )
            tasks = [
                asyncio.create_task(session(browser, url, args, i, stop, loads)) for i in range(args.sessions)
            ]
            await asyncio.sleep(args.before)
            busy = await asyncio.to_thread(busy_processes)  # the sessions' own processes among them
            imported = await run_import(batch, args.import_nice) | {"busy_processes_just_before": busy}
            await asyncio.sleep(args.after)
            stop.set()
            await asyncio.gather(*tasks)
            await browser.close()
    stop.set()
    await watching
    return loads, imported


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.serving")
    parser.add_argument(
        "--clients",
        choices=("protocol", "browser"),
        default="protocol",
        help="protocol: websocket sessions that cost almost no CPU (bench/clients.py); browser: headless Chromium",
    )
    parser.add_argument("--sessions", type=int, default=5, help="0: the import alone, nothing loads pages")
    parser.add_argument("--pause", type=float, default=0, help="seconds each session waits between loads")
    parser.add_argument("--before", type=float, default=45, help="seconds of page loads before the import")
    parser.add_argument("--after", type=float, default=60, help="seconds of page loads after the import")
    parser.add_argument("--import-nice", type=int, default=0, help="run the import under `nice -n N`")
    parser.add_argument("--out", default="serving.json", help="file name in bench/out for the JSON")
    args = parser.parse_args()
    if not (DISTRICT / "reading_logs.csv").exists():
        raise SystemExit(f"No district files in {DISTRICT}: run `python -m bench --skip-pages` first.")
    FOLDER.mkdir(parents=True, exist_ok=True)
    results: dict = {"when": datetime.now().isoformat(timespec="seconds"), "cores": os.cpu_count()}
    results |= {"clients": args.clients, "sessions": args.sessions, "pause_s": args.pause}
    results["import_nice"] = args.import_nice
    results["busy_processes_at_start"], results["load_average_at_start"] = busy_processes(), os.getloadavg()
    results["store"] = build_store()
    batch, rows, changed = changed_logs()
    results["batch"] = {"file": "reading_logs.csv", "rows": rows, "changed_rows": changed}
    with serving(FOLDER) as (url, server):
        watch = (ProtocolCpuWatch if args.clients == "protocol" else CpuWatch)(server.pid)
        watch.start()
        loads, imported = asyncio.run(measure(url, batch, args, watch))
        results["server_peak_memory_mb"] = _server_peak_mb(server)
        results["cpu_seconds"] = watch.seconds()
        results["other_work_busiest"] = watch.busiest_others()
    results["load_average_at_end"] = os.getloadavg()
    start, end = imported.pop("start"), imported.pop("end")
    results["import"] = imported
    results["pages"] = by_phase(loads, start, end)
    results["targets_met"] = _targets(imported, results["pages"])
    results["snapshots"] = snapshot_disk()
    (OUT / args.out).write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


def _targets(imported: dict, pages: dict) -> dict:
    def p95(phase: str) -> float:
        return pages[phase].get("load", {}).get("p95_s", math.inf)

    return {
        "import_ok_under_45_s": imported["exit_code"] == 0 and imported["seconds"] < 45,
        "page_p95_under_2_s_during": p95("during") < 2,
        "page_p95_under_1_s_after": p95("after") < 1,
    }


if __name__ == "__main__":
    main()
