"""The batches waiting in a drop folder, whether each is complete, and filing one away.

A batch is a subfolder of the drop folder (other than imported/ and rejected/) holding CSV
files (or a OneRoster set's zip), or the CSV files lying directly in the drop folder. It is complete when a file named
`ready` is in its folder (DIR/ready for loose files), or when none of its files has changed
for the quiet time. A file being written is never imported: names that start with `.` or
`~$` or end with `.part`, `.tmp`, `.crdownload` are skipped, but they still count as changes,
so a batch waits while a copy is still arriving beside it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

MARKER = "ready"
IMPORTED, REJECTED = "imported", "rejected"  # where handled batches go
LOOSE = "loose"  # the name a batch of loose files gets in imported/ and rejected/
IN_PROGRESS_PREFIXES = (".", "~$")
IN_PROGRESS_SUFFIXES = (".part", ".tmp", ".crdownload")

# (file name, size in bytes, modification time in nanoseconds) of each file that counts
Signature = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Batch:
    """One batch as found at one look."""

    name: str  # the subfolder's name, or LOOSE
    folder: Path
    files: tuple[Path, ...]  # the CSV (and zip) files to import, by name
    marker: Path | None  # the `ready` file, when there is one
    signature: Signature  # every file in the folder but the marker, partial ones included
    last_change: float  # seconds since the epoch: the newest change to any of those files

    @property
    def is_loose(self) -> bool:
        return self.name == LOOSE


def being_written(name: str) -> bool:
    """True for a name a copy or a download uses while it writes ('x.csv.part', '.x.csv.tmp1')."""
    lowered = name.lower()
    return lowered.startswith(IN_PROGRESS_PREFIXES) or lowered.endswith(IN_PROGRESS_SUFFIXES)


def find_batches(drop_folder: Path) -> list[Batch]:
    """Every batch in `drop_folder`, loose files first, even one with nothing to import yet
    (its partial files are remembered, so their renaming counts as a change).

    A subfolder whose own name is being written ('nightly.part') is not a batch yet; files
    in deeper folders are not looked at. A file that vanishes while we look is skipped.
    """
    found = [_batch(LOOSE, drop_folder, _files(drop_folder))]
    for entry in sorted(_entries(drop_folder), key=lambda e: e.name):
        if entry.is_dir(follow_symlinks=False) and entry.name not in (IMPORTED, REJECTED):
            if not being_written(entry.name):
                found.append(_batch(entry.name, Path(entry.path), _files(Path(entry.path))))
    return found


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except FileNotFoundError:
        return []


def _files(folder: Path) -> list[tuple[str, os.stat_result]]:
    files = []
    for entry in _entries(folder):
        try:
            if entry.is_file(follow_symlinks=False):
                files.append((entry.name, entry.stat(follow_symlinks=False)))
        except FileNotFoundError:
            continue  # renamed or removed while we looked: the next look sees where it went
    return sorted(files)


def _batch(name: str, folder: Path, files: list[tuple[str, os.stat_result]]) -> Batch:
    counted = [(n, s) for n, s in files if n != MARKER]
    return Batch(
        name=name,
        folder=folder,
        files=tuple(
            folder / n for n, _ in counted if n.lower().endswith((".csv", ".zip")) and not being_written(n)
        ),
        marker=folder / MARKER if any(n == MARKER for n, _ in files) else None,
        signature=tuple((n, s.st_size, s.st_mtime_ns) for n, s in counted),
        # ctime too: a copy that keeps the original modification time still changes it.
        last_change=max((max(s.st_mtime, s.st_ctime) for _, s in counted), default=0.0),
    )


def is_complete(batch: Batch, previous: Signature | None, now: float, quiet_seconds: float) -> bool:
    """True when the batch may be imported now.

    A `ready` marker says so at once. Otherwise a batch whose files changed since the
    previous look (`previous`; None when there was none) waits, and one whose newest change
    is less than `quiet_seconds` before `now` (seconds since the epoch) waits too.
    """
    if batch.marker is not None:
        return True
    if previous is not None and previous != batch.signature:
        return False
    return bool(batch.files) and now - batch.last_change >= quiet_seconds
