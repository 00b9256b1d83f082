"""Region-scale benchmark on a DuckLake (issue 18): a 250-school region in a lake whose catalog
is a throwaway PostgreSQL server (Debian's, `make postgres`) and whose Parquet files are in
bench/out/.

    python -m bench.region [--schools 250] [--students 150000] [--servers 3] [--sessions 30]

Steps, each figure its own child process: generate the demo region's CSV files (kept between
runs, as `python -m bench` keeps its district); import them into the lake (seconds, peak
memory, rows); time each page cold and warm for the region and for one school with AppTest
(bench/pages.py); then `python -m lib.cli serve --workers N` (N app servers behind Caddy on one
lake) under bench/load.py's sessions, for the region and for one school (p50/p95 seconds,
page views a second). Targets: one school's pages under 1 s cold, region pages under 2 s cold.
Prints JSON and writes bench/out/region.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bench.__main__ import OUT, _generate
from bench.browsers import free_port, wait_up
from tests.postgres_server import running_postgres

ROOT = Path(__file__).resolve().parent.parent
SCHOOL = "Maple Grove Elementary"


def _environment(**settings: str) -> dict[str, str]:
    kept = {k: v for k, v in os.environ.items() if not k.startswith("SCHOOL_GOALS_")}
    return {**kept, "PYTHONPATH": str(ROOT), **settings}


def _child(module: str, env: dict[str, str], *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", module, *args], capture_output=True, text=True, env=env, cwd=ROOT
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"{module} failed")
    return json.loads(done.stdout[done.stdout.index("{") :])


def _served(env: dict[str, str], servers: int, sessions: int) -> dict:
    """bench.load against `servers` workers behind Caddy: the region, then one school (each on
    freshly started servers, so round 1 is cold)."""
    results = {}
    for view, school in (("region", ""), ("school", SCHOOL)):
        port = free_port()
        command = [sys.executable, "-m", "lib.cli", "serve", "--workers", str(servers), "--port", str(port)]
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            wait_up(f"http://127.0.0.1:{port}", server)
            args = [f"http://127.0.0.1:{port}", "--sessions", str(sessions), "--rounds", "2"]
            results[view] = _child("bench.load", env, *args, *(["--school", school] if school else []))
        finally:
            server.terminate()
            server.wait(timeout=60)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.region")
    parser.add_argument("--schools", type=int, default=250)
    parser.add_argument("--students", type=int, default=150000)
    parser.add_argument("--today", default="2027-01-23")
    parser.add_argument("--servers", type=int, default=3)
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--skip-pages", action="store_true")
    parser.add_argument("--skip-load", action="store_true")
    args = parser.parse_args()
    folder = OUT / f"district_{args.schools}_{args.students}"
    folder.mkdir(parents=True, exist_ok=True)
    results: dict = {"generate_seconds": round(_generate(args, folder), 1)}
    lake_folder = OUT / "region_lake"
    shutil.rmtree(lake_folder, ignore_errors=True)
    lake_folder.mkdir(parents=True)
    files = sorted(str(p) for p in folder.glob("*.csv"))
    with running_postgres(lake_folder / "postgres") as dsn:
        env = _environment(
            SCHOOL_GOALS_DB=f"ducklake:postgres:{dsn}",
            SCHOOL_GOALS_DATA_PATH=f"{lake_folder / 'data'}/",
            SCHOOL_GOALS_APP_DB=str(lake_folder / "app.sqlite"),
        )
        results["import"] = _child("bench.import_run", env, env["SCHOOL_GOALS_DB"], *files)
        sizes = [p.stat().st_size for p in (lake_folder / "data").rglob("*") if p.is_file()]
        results["lake_data_mb"] = round(sum(sizes) / 1e6, 1)
        results["lake_data_files"] = len(sizes)
        if not args.skip_pages:
            results["pages"] = _child("bench.pages", env, env["SCHOOL_GOALS_DB"])
        if not args.skip_load:
            results["served"] = _served(env, args.servers, args.sessions)
    (OUT / "region.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
