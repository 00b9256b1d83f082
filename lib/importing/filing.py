"""Filing a handled drop-folder batch away: a new dated folder, its report, the move, the sentence.

    DIR/imported/2026-12-02T0501-nightly/   the CSV files, `ready`, report.txt
    DIR/rejected/2026-12-02T0501-nightly/   the same, plus problems.csv (one row per problem)

A folder name is never reused (a second batch of the same minute gets '-2'), so no earlier
batch or report is ever overwritten.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from lib.core.text import safe_csv
from lib.importing.batches import IMPORTED, REJECTED, Batch
from lib.importing.report import ImportReport, Problem


@dataclass(frozen=True)
class Outcome:
    """What happened to one batch at one look."""

    batch: str
    result: str  # imported | unchanged | rejected | failed
    sentence: str
    destination: Path | None = None
    import_id: int | None = None


def label(batch: Batch, capital: bool = False) -> str:
    """'batch "nightly"' or 'the loose files' ('The loose files' to start a sentence)."""
    text = "the loose files" if batch.is_loose else f'batch "{batch.name}"'
    return text[0].upper() + text[1:] if capital else text


def report_text(batch: Batch, report: ImportReport, when: datetime) -> str:
    """report.txt: which batch, when, which files, then the import's own report."""
    names = ", ".join(p.name for p in batch.files) or "none"
    return f"Drop folder, {label(batch)}, {when:%Y-%m-%d %H:%M}. Files: {names}.\n\n{report.text()}\n"


def problems_csv(report: ImportReport) -> bytes:
    """problems.csv: one row per listed problem (file, line, column, value, message)."""
    rows = [(p.file, p.line, p.column, p.value, p.message) for p in report.problems]
    frame = pd.DataFrame(rows, columns=["file", "line", "column", "value", "message"])
    return safe_csv(frame.astype({"line": "Int64"}))


def no_files_report(batch: Batch) -> ImportReport:
    """The rejection of a batch that has a `ready` file and nothing to import."""
    message = "has a `ready` file but no CSV file: put the CSV files beside it, or remove it."
    return ImportReport(None, False, [], [Problem(batch.name, None, None, None, message)], 1)


def problems_name(batch: Batch) -> str:
    """'problems.csv', or 'import-problems.csv' when the batch has a file of that name itself."""
    return (
        "import-problems.csv"
        if any(p.name.lower() == "problems.csv" for p in batch.files)
        else "problems.csv"
    )


def file_away(drop_folder: Path, batch: Batch, report: ImportReport, when: datetime) -> Path:
    """Move the batch into a new dated folder of imported/ (report.ok) or rejected/ with its report.

    Returns the folder. Raises OSError when a step fails; the batch is then where it was and
    the new folder is gone (unless a file could not even be put back).
    """
    parent = drop_folder / (IMPORTED if report.ok else REJECTED)
    destination = claim_destination(parent, when, batch.name)
    try:
        (destination / "report.txt").write_text(report_text(batch, report, when), encoding="utf-8")
        if not report.ok:
            (destination / problems_name(batch)).write_bytes(problems_csv(report))
        move_batch(batch, destination)
    except OSError:
        for written in ("report.txt", problems_name(batch)):  # only what we wrote: never a data file
            (destination / written).unlink(missing_ok=True)
        try:
            destination.rmdir()
        except OSError:
            pass
        raise
    return destination


def filed_outcome(batch: Batch, report: ImportReport, destination: Path) -> Outcome:
    """The sentence for a batch filed away (imported, changed nothing, or rejected)."""
    if not report.ok:
        noun = "problem" if report.problem_count == 1 else "problems"
        sentence = (
            f"Rejected {label(batch)}: {report.problem_count:,} {noun}, nothing was imported. Moved to "
            f"{destination} with report.txt and {problems_name(batch)}."
        )
        return Outcome(batch.name, "rejected", sentence, destination, report.import_id)
    if report.changed_rows() == 0:
        sentence = f"{label(batch, capital=True)} changed nothing (every row was already stored). Moved to {destination}."
        return Outcome(batch.name, "unchanged", sentence, destination, report.import_id)
    sentence = (
        f"Imported {label(batch)} as import {report.import_id}. Moved to {destination} with report.txt."
    )
    return Outcome(batch.name, "imported", sentence, destination, report.import_id)


def claim_destination(parent: Path, when: datetime, name: str) -> Path:
    """Make and return a new folder `parent/<YYYY-mm-ddTHHMM>-<name>` ('-2', '-3'... when taken).

    The folder is made exclusively, so two batches (or two processes) never share one and no
    earlier batch is ever overwritten. Raises OSError when it can't be made.
    """
    parent.mkdir(parents=True, exist_ok=True)
    base = f"{when:%Y-%m-%dT%H%M}-{name}"
    for attempt in range(1, 1000):
        folder = parent / (base if attempt == 1 else f"{base}-{attempt}")
        try:
            folder.mkdir()
            return folder
        except FileExistsError:
            continue
    raise FileExistsError(f"too many batches named {base} in {parent}")


def move_batch(batch: Batch, destination: Path) -> None:
    """Move the batch's CSV files and its marker into `destination` (a new, empty folder).

    All or nothing: when a move fails, the files already moved are put back and OSError is
    raised. A subfolder left empty is removed; files skipped as being written stay where they are.
    """
    moved: list[tuple[Path, Path]] = []
    try:
        for source in _to_move(batch):
            target = destination / source.name
            if target.exists():  # never over a report (or anything else)
                raise FileExistsError(errno.EEXIST, "a file of that name is already there", str(target))
            os.rename(source, target)
            moved.append((source, target))
    except OSError:
        for source, target in reversed(moved):
            try:
                os.rename(target, source)
            except OSError:
                pass  # left in `destination`; the error below is the one a person acts on
        raise
    if not batch.is_loose:
        try:
            batch.folder.rmdir()
        except OSError:
            pass  # something else is still in it (a partial file): it stays


def _to_move(batch: Batch) -> Iterable[Path]:
    yield from batch.files
    if batch.marker is not None:
        yield batch.marker
