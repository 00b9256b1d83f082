"""Child process: a OneRoster 1.2 set (zip, with userFlags.csv) made from the district's contract
files, imported into a fresh store; print seconds, peak memory and rows as JSON.

    python -m bench.oneroster FOLDER     FOLDER: the contract files `python -m bench` generated

The target (issue 16): 30,000 students in under 20 s on 2 cores.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.import_run import timed_import
from lib.demo.oneroster import write_oneroster, zip_set


def main(folder: str) -> None:
    contract, work = Path(folder), Path(folder) / "oneroster"
    roster = zip_set(write_oneroster(contract, work / "set", version="1.2"), work / "roster.zip")
    for leftover in work.glob("roster.duckdb*"):
        leftover.unlink()
    print(json.dumps(timed_import(work / "roster.duckdb", [roster])))


if __name__ == "__main__":
    main(*sys.argv[1:])
