"""Back up the store, its kept snapshots and the app database together; check a backup.

    python -m lib.cli backup DIR        (DIR new or empty)

A backup folder holds:

    <store>.duckdb          the published data (the change `import_id` of the manifest)
    snapshots/*.duckdb      the other kept snapshots (the published one is the store file)
    <app database>.sqlite   the import history, snapshot pins, what people wrote in the app
    manifest.json           when, by which version, and each file's size and sha256 (written last)

It is consistent while the app serves and while someone imports: the store's writer lock is
held while the files are copied, so no change publishes or prunes meanwhile (the store and
the snapshots are never written in place, so copying them needs nothing more), and the app
database is copied through SQLite's online backup inside the same lock, so its history
matches the data. A backup without manifest.json is incomplete, and restore refuses it.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import tomllib
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from lib.core import appdb
from lib.core import db as store
from lib.core.appdb import AppDatabase
from lib.core.config import ROOT, import_wait_seconds
from lib.core.store_files import SNAPSHOT_NAME, Snapshot
from lib.importing import history
from lib.importing.publish import LAKE_BACKUP, Place, Progress, file_store, quiet

MANIFEST, SNAPSHOTS, FORMAT = "manifest.json", "snapshots", 1
CHUNK = 1 << 22


class BackupError(RuntimeError):
    """A backup could not be made, or a backup folder is not a complete, intact backup (a sentence)."""


@dataclass(frozen=True)
class Entry:
    """One file of a backup: its path inside the backup folder, size in bytes and sha256."""

    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """What manifest.json says: the change the data contains and every file with its checksum."""

    made_at: datetime
    import_id: int
    store: Entry
    app_database: Entry
    snapshots: list[Entry]
    published_snapshot: str | None  # the snapshot file the store was when backed up
    made_by: dict[str, Any]

    def entries(self) -> list[Entry]:
        return [self.store, self.app_database, *self.snapshots]


def copy_with_checksum(source: Path, target: Path) -> Entry:
    """Copy `source` to the new file `target` and return its entry (name = target's file name)."""
    digest = hashlib.sha256()
    with source.open("rb") as reading, target.open("xb") as writing:
        while chunk := reading.read(CHUNK):
            digest.update(chunk)
            writing.write(chunk)
        writing.flush()
        os.fsync(writing.fileno())
    return Entry(target.name, target.stat().st_size, digest.hexdigest())


def checksum(path: Path) -> str:
    """The sha256 of the file at `path`, in hex."""
    digest = hashlib.sha256()
    with path.open("rb") as reading:
        while chunk := reading.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _app_version() -> str:
    try:
        return str(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def made_by() -> dict[str, Any]:
    """The versions a backup was made with (the app, DuckDB, the two schemas, Python, the host)."""
    return {
        "app": _app_version(),
        "duckdb": getattr(store.duckdb, "__version__", "unknown"),
        "store_schema": store.SCHEMA_VERSION,
        "app_schema": appdb.SCHEMA_VERSION,
        "python": platform.python_version(),
        "host": platform.node(),
    }


def _refuse_unless_empty(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise BackupError(f"{target} is a file, not a folder: give a new or empty folder for the backup.")
    if target.is_dir() and any(target.iterdir()):
        raise BackupError(
            f"The folder {target} is not empty. A backup goes into a new or empty folder, so that it "
            "never overwrites another backup: give a new folder name."
        )


def backup(
    target: Path, place: Place | None = None, wait_seconds: float | None = None, progress: Progress = quiet
) -> Manifest:
    """Back up the store, its snapshots and the app database into `target` (new or empty).

    Waits up to `wait_seconds` (default SCHOOL_GOALS_IMPORT_WAIT_SECONDS) for an import to
    finish, then raises StoreBusyError. Raises BackupError (a sentence) when `target` is not
    empty, there is no store, or a file can't be written; nothing is left in `target` then.
    """
    place, target = place or Place.default(), Path(target)
    files = file_store(place, BackupError, LAKE_BACKUP)
    _refuse_unless_empty(target)
    if not files.store.exists():
        raise BackupError(f"There is no store at {files.store} to back up.")
    wait = import_wait_seconds() if wait_seconds is None else wait_seconds
    made: list[Path] = [] if target.exists() else [target]  # what to remove if it fails
    try:
        with files.writer_lock(wait, progress):
            made_at = datetime.now().replace(microsecond=0)
            manifest = _copy_everything(place, target, made, made_at, progress)
        _write_manifest(target, manifest)
    except OSError as error:
        _remove(made, target)
        raise BackupError(
            f"The backup could not be written to {target}: {error.strerror or error}. Nothing was kept "
            "there; free some space or choose another folder."
        ) from error
    except BaseException:
        _remove(made, target)
        raise
    return manifest


def _copy_everything(
    place: Place, target: Path, made: list[Path], made_at: datetime, progress: Progress
) -> Manifest:
    files = file_store(place, BackupError, LAKE_BACKUP)
    if files.store.with_name(files.store.name + ".wal").exists():
        raise BackupError(
            f"The store {files.store} has changes not yet written into its file (a .wal file beside it). "
            "Import or undo once (the data is then republished whole), then back up."
        )
    (target / SNAPSHOTS).mkdir(parents=True, exist_ok=True)
    made.append(target / SNAPSHOTS)
    published = files.published()
    progress(f"Copying the data ({files.store.stat().st_size / 1e6:,.0f} MB)...")
    made.append(target / files.store.name)
    store_entry = copy_with_checksum(files.store, target / files.store.name)
    snapshots = _copy_snapshots(files.snapshots(), published, target, made, progress)
    import_id = contained_id(target / files.store.name)
    progress("Copying the app database...")
    app_copy = target / place.app.path.name
    made.append(app_copy)
    place.app.backup_to(app_copy)
    # A change that published just before we took the lock may not have written "finished" yet.
    history.settle_unfinished(AppDatabase(app_copy), import_id)
    app_entry = Entry(app_copy.name, app_copy.stat().st_size, checksum(app_copy))
    name = published.name if published else None
    return Manifest(made_at, import_id, store_entry, app_entry, snapshots, name, made_by())


def _copy_snapshots(
    snapshots: list[Snapshot], published: Snapshot | None, target: Path, made: list[Path], progress: Progress
) -> list[Entry]:
    """Copy every kept snapshot but the published one (the store file is that one) to snapshots/."""
    entries = []
    for snapshot in snapshots:
        if published is None or snapshot.name != published.name:
            progress(f"Copying snapshot {snapshot.name}...")
            made.append(target / SNAPSHOTS / snapshot.name)
            entry = copy_with_checksum(snapshot.path, target / SNAPSHOTS / snapshot.name)
            entries.append(Entry(f"{SNAPSHOTS}/{entry.name}", entry.size, entry.sha256))
    return entries


def contained_id(store_copy: Path) -> int:
    """The latest change the copied data contains (opening it also proves it reads)."""
    reader = store.connect(store_copy, read_only=True)
    try:
        found = reader.scalar(
            "SELECT max(import_id) FROM import_log WHERE NOT list_contains($skipped, outcome)",
            {"skipped": list(history.NOT_APPLIED)},
        )
    finally:
        reader.close()
    return int(found or 0)


def _write_manifest(target: Path, manifest: Manifest) -> None:
    """manifest.json, written last and by rename: a backup with one is complete."""
    text = json.dumps(
        {"format": FORMAT, **asdict(manifest), "made_at": manifest.made_at.isoformat()}, indent=2
    )
    partial = target / f".{MANIFEST}.part"
    partial.write_text(text + "\n", encoding="utf-8")
    os.replace(partial, target / MANIFEST)


def _remove(made: list[Path], target: Path) -> None:
    """Remove what a failed backup wrote (only that: the folder was empty or new)."""
    (target / f".{MANIFEST}.part").unlink(missing_ok=True)
    for path in reversed(made):
        if path == target:
            try:
                target.rmdir()  # made by this backup: gone again if nothing else is in it
            except OSError:
                pass
        elif path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                leftover.unlink(missing_ok=True)


def read_manifest(folder: Path) -> Manifest:
    """Read and check a backup folder: every file listed, present, of its size and checksum.

    Raises BackupError naming the folder or the first file that is missing, damaged or
    changed since the backup was made.
    """
    folder = Path(folder)
    if not (folder / MANIFEST).is_file():
        raise BackupError(
            f"{folder} has no {MANIFEST}, so it is not a complete backup (a backup writes it last). "
            "Nothing was changed."
        )
    manifest = _parse(folder)
    for entry in manifest.entries():
        _check_entry(folder, entry)
    return manifest


def _parse(folder: Path) -> Manifest:
    try:
        raw = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if raw["format"] != FORMAT:
            raise ValueError(f"format {raw['format']}")

        def entry(item: dict[str, Any]) -> Entry:
            return Entry(str(item["name"]), int(item["size"]), str(item["sha256"]))

        return Manifest(
            made_at=datetime.fromisoformat(raw["made_at"]),
            import_id=int(raw["import_id"]),
            store=entry(raw["store"]),
            app_database=entry(raw["app_database"]),
            snapshots=[entry(item) for item in raw["snapshots"]],
            published_snapshot=raw.get("published_snapshot"),
            made_by=dict(raw.get("made_by") or {}),
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(
            f"The manifest {folder / MANIFEST} is damaged or from another program ({error}). Nothing was changed."
        ) from error


def _check_entry(folder: Path, entry: Entry) -> None:
    parts = Path(entry.name).parts
    plain = len(parts) == 1 or (len(parts) == 2 and parts[0] == SNAPSHOTS and SNAPSHOT_NAME.match(parts[1]))
    if not plain or ".." in parts or Path(entry.name).is_absolute():
        raise BackupError(f"The manifest {folder / MANIFEST} names a file outside the backup ({entry.name}).")
    path = folder / entry.name
    if not path.is_file():
        raise BackupError(
            f"The backup file {path} is missing: this backup is incomplete. Nothing was changed."
        )
    if path.stat().st_size != entry.size or checksum(path) != entry.sha256:
        raise BackupError(
            f"The backup file {path} is damaged or was changed after the backup was made (its size or "
            "checksum does not match the manifest). Nothing was changed."
        )
