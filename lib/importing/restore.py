"""Restore a backup (lib/importing/backup.py) while the app serves, losing nothing on the way.

    python -m lib.cli restore DIR

The order, and what a crash at each point leaves:

1. Check the whole backup: the manifest, every file's size and sha256, and that its data
   opens with this DuckDB. A damaged, partial or unreadable backup is refused here, before
   anything changes.
2. Copy the app database as it is now to `<name>.before-restore-<stamp>` beside it. From here
   on the current history, pins and whatever people wrote can always be put back.
3. Prepare the new app database in a work file: the backup's, plus every pin the current one
   has, plus a pin on the data now ("the data before the restore"), so no later import prunes
   a snapshot either history refers to. Then, under the writer lock (no import runs), make
   sure the data now is a snapshot file (it is, unless the store predates snapshots) and put
   the prepared file in with one `restore_from` (SQLite's backup: readers see the old
   content or the new, never a mix). A crash before this leaves everything as it was.
4. Publish the backup's data as a new change (publish.publish_file: copy, check, atomic
   rename). The app re-attaches on the rename; the data that was there stays as its pinned
   snapshot. Its id is past both histories (the restored one and the published data), so no
   snapshot name is reused. If publishing fails, the app database from step 2 is put back:
   nothing changed. A crash between 3 and 4 leaves the backup's history beside the current
   data; nothing is lost (both files exist) and running the restore again finishes it.
5. Under the lock, copy in the backup's snapshots that the snapshots folder lacks (never over
   an existing file; through a `.work-` name, which the next change clears if we crash
   midway). After step 4, not before: a change removes snapshots newer than the published
   data as a killed change's leftovers, and on a fresh machine the backup's would be.
   A crash here leaves older snapshots missing; running the restore again copies them.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from lib.core import db as store
from lib.core.appdb import AppDatabase
from lib.core.config import import_wait_seconds
from lib.core.store_files import STAMP, Snapshot
from lib.importing import history, publish
from lib.importing.backup import BackupError, Manifest, contained_id, copy_with_checksum, read_manifest
from lib.importing.publish import Place, Progress, quiet


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: its change id, where the earlier state is kept, snapshots copied."""

    change_id: int
    made_at: datetime  # when the restored backup was made
    kept_app_database: Path  # the app database as it was before the restore
    before_snapshot: str | None  # the snapshot holding the data as it was (pinned)
    snapshots_copied: int
    snapshots_present: int  # already in the snapshots folder under the same name
    warnings: list[str] = field(default_factory=list)


def restore(source: Path, place: Place | None = None, progress: Progress = quiet) -> RestoreResult:
    """Restore the backup in `source`: its data as a new published change, its app database.

    Raises BackupError (nothing changed) for a damaged, partial or unreadable backup;
    StoreChangeError, StoreBusyError or AppDatabaseError (each a sentence) when a step fails,
    with the app database put back as it was.
    """
    place, source = place or Place.default(), Path(source)
    publish.file_store(place, BackupError)  # a DuckLake store is restored from its catalog's dump
    progress("Checking the backup...")
    manifest = read_manifest(source)
    _check_readable(source / manifest.store.name)
    stamp = datetime.now().strftime(STAMP)
    kept = _free_name(place.app.path.with_name(f"{place.app.path.name}.before-restore-{stamp}"))
    progress(f"Keeping the app database as it is in {kept}...")
    place.app.backup_to(kept)
    before = _swap_app_database(place, source, manifest, kept, stamp, progress)
    restored_up_to = history.next_id(place.app) - 1
    change_id = _publish_or_put_back(place, source / manifest.store.name, manifest, kept, progress)
    with place.files.writer_lock(import_wait_seconds(), progress):
        copied, present = _copy_snapshots(place, source, manifest, progress)
    warnings = _changes_lost_meanwhile(place.app, restored_up_to, change_id)
    return RestoreResult(change_id, manifest.made_at, kept, before, copied, present, warnings)


def _check_readable(backup_store: Path) -> None:
    """Refuse (BackupError) a backup whose data this DuckDB can't open: a newer DuckDB's file..."""
    try:
        store.connect(backup_store, read_only=True).close()
    except store.DatabaseUnavailableError as error:
        raise BackupError(
            f"The backup's data {backup_store} can't be read here: {error} Nothing was changed."
        ) from error


def _publish_or_put_back(
    place: Place, backup_store: Path, manifest: Manifest, kept: Path, progress: Progress
) -> int:
    """Step 4: publish the backup's data; when that fails before publishing, put the app
    database back as it was (kept) and raise again."""
    published = place.files.published()
    summary = f"restored the backup made {manifest.made_at:%Y-%m-%d %H:%M}"
    try:
        return publish.publish_file(backup_store, "restore", summary, progress=progress, place=place)
    except BaseException:
        if place.files.published() == published:  # else the data went in; only its history row failed
            with place.files.writer_lock(import_wait_seconds()):
                place.app.restore_from(kept)
        raise


def _free_name(path: Path) -> Path:
    found, number = path, 1
    while found.exists():
        number += 1
        found = path.with_name(f"{path.name}-{number}")
    return found


def _swap_app_database(
    place: Place, source: Path, manifest: Manifest, kept: Path, stamp: str, progress: Progress
) -> str | None:
    """Step 3: the backup's app database with every current pin, put in under the lock.
    Returns the name of the snapshot holding the data as it was (None: there was no store)."""
    work = _free_name(place.app.path.with_name(f"{place.app.path.name}.restoring-{stamp}"))
    try:
        shutil.copyfile(source / manifest.app_database.name, work)
        prepared = _with_current_pins_and_leases(AppDatabase(work), AppDatabase(kept))
        with place.files.writer_lock(import_wait_seconds(), progress):
            before = _data_now_as_snapshot(place, stamp)
            if before is not None:
                history.pin(prepared, before.name, f"the data before the restore of {stamp}")
            progress("Putting the backup's app database in...")
            place.app.restore_from(work)
    finally:
        for leftover in (work, work.with_name(work.name + "-wal"), work.with_name(work.name + "-shm")):
            leftover.unlink(missing_ok=True)
    return before.name if before else None


def _with_current_pins_and_leases(prepared: AppDatabase, current: AppDatabase) -> AppDatabase:
    """The backup's app database plus every pin of the current one (a pinned snapshot is never
    pruned) and the current leases instead of the backup's (a watcher keeps its own)."""
    with prepared.transaction() as con:
        for pin in current.rows("SELECT snapshot, reason, pinned_at FROM snapshot_pins"):
            con.execute("INSERT OR IGNORE INTO snapshot_pins VALUES (:snapshot, :reason, :pinned_at)", pin)
        con.execute("DELETE FROM leases")
        for lease in current.rows("SELECT name, holder, expires_at FROM leases"):
            con.execute("INSERT INTO leases VALUES (:name, :holder, :expires_at)", lease)
    return prepared


def _data_now_as_snapshot(place: Place, stamp: str) -> Snapshot | None:
    """The snapshot file the published data is; a store from before snapshots becomes one (a
    hard link, so the restore's rename can't take its data away). None when there is no store."""
    files = publish.file_store(place)
    if not files.store.exists():
        return None
    published = files.published()
    if published is not None:
        return published
    files.snapshots_dir.mkdir(parents=True, exist_ok=True)
    made_at = datetime.strptime(stamp, STAMP)
    import_id = contained_id(files.store)
    path = files.snapshots_dir / f"{import_id:06d}-{stamp}.duckdb"
    try:
        os.link(files.store, path)
    except OSError:  # no hard links on this file system: a copy
        shutil.copyfile(files.store, path)
    return Snapshot(path, import_id, made_at, path.stat().st_size)


def _copy_snapshots(place: Place, source: Path, manifest: Manifest, progress: Progress) -> tuple[int, int]:
    """Step 5: copy the backup's snapshots the folder lacks; returns (copied, already there)."""
    wanted = [(source / e.name, Path(e.name).name) for e in manifest.snapshots]
    if manifest.published_snapshot:  # the store file is that snapshot
        wanted.append((source / manifest.store.name, manifest.published_snapshot))
    copied = present = 0
    files = publish.file_store(place)
    files.snapshots_dir.mkdir(parents=True, exist_ok=True)
    for origin, name in wanted:
        target = files.snapshots_dir / name
        if target.exists():
            present += 1
            continue
        progress(f"Copying snapshot {name}...")
        work = files.snapshots_dir / f".work-restore-{name}"
        work.unlink(missing_ok=True)  # a crashed restore's
        try:
            copy_with_checksum(origin, work)
            if _take_name(work, target):
                copied += 1
            else:
                present += 1
        finally:
            work.unlink(missing_ok=True)
    return copied, present


def _take_name(work: Path, target: Path) -> bool:
    """Give the finished file `work` the name `target` unless a file has that name; True when it did."""
    try:
        os.link(work, target)  # fails rather than replace
    except FileExistsError:
        return False
    except OSError:  # no hard links on this file system; the lock keeps other changes out
        if target.exists():
            return False
        os.replace(work, target)
    return True


def _changes_lost_meanwhile(app: AppDatabase, restored_up_to: int, change_id: int) -> list[str]:
    """Changes another process published between step 3 and 4: on the data now replaced."""
    rows = app.rows(
        "SELECT import_id, snapshot FROM imports WHERE import_id > ? AND import_id < ? "
        "AND outcome IN ('imported', 'done')",
        (restored_up_to, change_id),
    )
    return [
        f"Change {row['import_id']} was published while the restore ran, on the data it replaced: it is "
        f"not in the restored data (it stays in snapshot {row['snapshot']}). Import its files again if they "
        "are still wanted."
        for row in rows
    ]
