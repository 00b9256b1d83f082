"""Child process: import files into a database; print seconds, peak memory and rows as JSON."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from lib.core import db
from lib.importing.importer import import_files


def timed_import(database_path: str | Path, files: list[Path]) -> dict:
    """Import the files as one batch; seconds, this process's peak memory and rows per table.
    A rejected batch prints its report and exits 1."""
    database = db.connect(database_path)
    started = time.perf_counter()
    report = import_files(database, files)
    seconds = time.perf_counter() - started
    if not report.ok:
        sys.stderr.write(report.text())
        raise SystemExit(1)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = {t: c.new + c.changed + c.unchanged for t, c in report.rows.items()}
    return {"seconds": round(seconds, 2), "peak_memory_mb": round(peak_mb), "rows": rows}


def main(database_path: str, *files: str) -> None:
    print(json.dumps(timed_import(database_path, [Path(f) for f in files])))


if __name__ == "__main__":
    main(*sys.argv[1:])
