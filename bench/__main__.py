"""District-scale benchmark: generate, import, then time every page.

    python -m bench [--schools 50] [--students 30000] [--today 2027-01-23] [--skip-pages]

Steps run in child processes so each peak memory figure is its own. Targets (2 cores):
the 5-million-row reading-log import under 30 s and 2 GB; the district's roster as a
OneRoster 1.2 zip (30,000 students) under 20 s (bench/oneroster.py); each page under 1 s cold
and 0.2 s warm. Figures go to stdout and bench/out/results.json.

`python -m bench.serving` (after this one has made the district files) times pages in the real
server, in headless Chromium sessions, while the CLI imports a changed reading_logs.csv
(bench/serving.py; figures in bench/out/serving.json).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def _run_child(module: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"{module} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _generate(args: argparse.Namespace, folder: Path) -> float:
    from lib.demo.build import write_demo_files

    stamp = folder / "params.json"
    wanted = json.dumps({"schools": args.schools, "students": args.students, "today": args.today})
    if stamp.exists() and stamp.read_text() == wanted:
        return 0.0
    started = time.perf_counter()
    from datetime import date

    write_demo_files(
        folder, schools=args.schools, students=args.students, today=date.fromisoformat(args.today)
    )
    stamp.write_text(wanted)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--schools", type=int, default=50)
    parser.add_argument("--students", type=int, default=30000)
    parser.add_argument(
        "--today", default="2027-01-23", help="demo anchor; the default gives a whole fall semester"
    )
    parser.add_argument("--skip-pages", action="store_true")
    args = parser.parse_args()
    folder = OUT / f"district_{args.schools}_{args.students}"
    folder.mkdir(parents=True, exist_ok=True)
    results: dict = {"generate_seconds": round(_generate(args, folder), 1)}
    database = folder / "bench.duckdb"
    for leftover in folder.glob("bench.duckdb*"):
        leftover.unlink()
    files = sorted(str(p) for p in folder.glob("*.csv"))
    results["import"] = _run_child("bench.import_run", str(database), *files)
    results["reimport"] = _run_child("bench.import_run", str(database), *files)
    results["oneroster_import"] = _run_child("bench.oneroster", str(folder))
    if not args.skip_pages:
        results["pages"] = _run_child("bench.pages", str(database))
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
