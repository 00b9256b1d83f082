"""Change the published store without stopping the app: import, undo, restore.

Every change runs the same way (lib/core/store_files.py has the file steps):

    writer lock -> settle what a killed change left -> history row "running"
    -> copy the store -> change the copy -> check it -> publish it (atomic rename)
    -> history row finished -> prune old snapshots

The app's sessions keep reading the old file until the rename, then the new one (lib/core/db.py
re-attaches). A failure or a kill at any step leaves the published file as it was.
"""

from __future__ import annotations

import getpass
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from lib.core import db as store
from lib.core.appdb import AppDatabase
from lib.core.config import database_path, import_wait_seconds, snapshots_kept
from lib.core.contract import TABLES
from lib.core.store_files import Snapshot, StoreChangeError, StoreFiles
from lib.core.store_files import sentence as store_files_sentence
from lib.core.store_problems import INTERRUPTED
from lib.importing import history
from lib.importing.importer import import_files
from lib.importing.report import ImportReport

Progress = Callable[[str], None]
COMMAND_LINE, DATA_PAGE, DROP_FOLDER, DEMO = "command line", "Data page", "drop folder", "demo"


def quiet(_: str) -> None:
    """A progress callback that shows nothing."""


def default_who() -> str:
    """The person at the command line (the system's name for them)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass(frozen=True)
class Place:
    """Where a change happens: the store's files and the app database."""

    files: StoreFiles
    app: AppDatabase

    @classmethod
    def default(cls) -> Place:
        return cls(StoreFiles(database_path()), AppDatabase())


@dataclass(frozen=True)
class UndoResult:
    """An undo that was published: its own id and the rows it removed or put back per table."""

    undo_id: int
    removed: dict[str, int]


def _published_id(place: Place) -> int:
    """The id of the latest change the published store contains (0: none, or no store)."""
    if not place.files.store.exists():
        return 0
    snapshot = place.files.published()
    if snapshot is not None:
        return snapshot.import_id
    reader = store.connect(place.files.store, read_only=True)  # a store from before snapshots
    try:
        found = reader.scalar(
            "SELECT max(import_id) FROM import_log WHERE outcome NOT IN ('rejected', 'failed', 'interrupted')"
        )
        history.adopt_store_log(place.app, reader)
    finally:
        reader.close()
    return int(found or 0)


def _check(work: Path, change_id: int) -> None:
    """Open the new file read-only as the app will: the change is in its log, every table reads."""
    try:
        reader = store.connect(work, read_only=True)
    except store.DatabaseUnavailableError as error:
        raise StoreChangeError(f"The new data failed its check, so it was not published: {error}") from error
    try:
        logged = reader.scalar("SELECT count(*) FROM import_log WHERE import_id = ?", [change_id])
        for name in TABLES:
            reader.scalar(f'SELECT count(*) FROM "{name}"')
    finally:
        reader.close()
    if logged != 1:
        raise StoreChangeError(
            "The new data failed its check (its change is not in its log), so it was not published."
        )


def _change(
    kind: str,
    who: str,
    via: str,
    apply: Callable[[store.Database, int], tuple[bool, Any]],
    progress: Progress,
    place: Place,
    before: Callable[[], None] | None = None,
) -> tuple[int, Any, Snapshot | None]:
    """Run `apply(copy, id)` on a copy of the store and publish the copy when it says so.

    `apply` returns (publish?, result). Returns (id, result, snapshot or None). Every way out is
    written to the history; an exception is written as failed or interrupted and raised again.
    """
    files, app = place.files, place.app
    with files.writer_lock(import_wait_seconds(), progress):
        published = _published_id(place)
        files.clear_leftovers(published)
        history.settle_unfinished(app, published)
        if before is not None:
            before()
        change_id = max(history.next_id(app), published + 1)
        history.start(app, change_id, kind, who, via)
        work = files.snapshots_dir / f".work-{change_id}.duckdb"
        try:
            if files.store.exists():
                size = files.store.stat().st_size / 1e6
                progress(f"Copying the current data ({size:,.0f} MB) to work on...")
            work = files.work_copy(change_id)
            copy = store.connect(work)
            try:
                publish, result = apply(copy, change_id)
            finally:
                copy.close()
            snapshot = None
            if publish:
                progress("Checking the new data...")
                _check(work, change_id)
                progress(f"Publishing {kind} {change_id}...")
                snapshot = files.publish(work, change_id, datetime.now())
                files.prune(snapshots_kept(), history.pinned(app))
            return change_id, result, snapshot
        except KeyboardInterrupt:
            history.finish(app, change_id, "interrupted", summary=INTERRUPTED)
            raise
        except history.UndoRefused as refusal:
            history.finish(app, change_id, "rejected", summary=str(refusal))
            raise
        except BaseException as error:
            history.finish(app, change_id, "failed", summary=str(error))
            raise
        finally:
            files.discard(work)


def history_of(place: Place | None = None) -> Any:
    """The import history, newest first; a store from before the app database lends its log."""
    place = place or Place.default()
    if place.files.store.exists() and not place.app.scalar("SELECT count(*) FROM imports"):
        reader = store.connect(place.files.store, read_only=True)
        try:
            history.adopt_store_log(place.app, reader)
        finally:
            reader.close()
    return history.import_history(place.app)


def import_batch(
    paths: Sequence[Path | str],
    who: str | None = None,
    via: str = COMMAND_LINE,
    progress: Progress = quiet,
    place: Place | None = None,
) -> ImportReport:
    """Import the files as one all-or-nothing batch into a copy of the store and publish it.

    Returns the importer's report; a rejected or failed batch publishes nothing. A change that
    leaves every row as it was publishes nothing either ("unchanged"). Raises StoreChangeError
    (a sentence) when the store's files can't be copied or published, StoreBusyError when
    another change runs too long.
    """
    place = place or Place.default()

    def apply(copy: store.Database, change_id: int) -> tuple[bool, ImportReport]:
        report = import_files(copy, paths, import_id=change_id, progress=progress)
        return report.ok and report.changed_rows() > 0, report

    change_id, report, snapshot = _change("import", who or default_who(), via, apply, progress, place)
    outcome = "imported" if snapshot else "unchanged" if report.ok else _failed_outcome(report)
    history.finish(place.app, change_id, outcome, report, snapshot=snapshot.name if snapshot else None)
    return report


def _failed_outcome(report: ImportReport) -> str:
    if report.failure is None:
        return "rejected"
    return "interrupted" if report.failure == INTERRUPTED or "interrupted" in report.failure else "failed"


def undo_batch(
    import_id: int,
    who: str | None = None,
    via: str = COMMAND_LINE,
    progress: Progress = quiet,
    place: Place | None = None,
) -> UndoResult:
    """Undo import `import_id` in a copy of the store and publish it.

    Raises history.UndoRefused (nothing changed) when the import can't be undone; the refusal
    is checked on the published data before a change id is taken.
    """
    place = place or Place.default()

    def refuse_early() -> None:
        if not place.files.store.exists():
            raise store.DatabaseMissingError(store.store_problems.missing(place.files.store))
        reader = store.connect(place.files.store, read_only=True)
        try:
            history.check_undoable(reader, import_id)
        finally:
            reader.close()

    def apply(copy: store.Database, change_id: int) -> tuple[bool, dict[str, int]]:
        return True, history.undo_import(copy, import_id, undo_id=change_id)

    change_id, removed, snapshot = _change(
        "undo", who or default_who(), via, apply, progress, place, before=refuse_early
    )
    summary = f"undid import {import_id}"
    name = snapshot.name if snapshot else None
    history.finish(place.app, change_id, "done", summary=summary, snapshot=name, undoes=import_id)
    return UndoResult(change_id, removed)


def publish_file(
    source: Path,
    kind: str,
    summary: str,
    who: str | None = None,
    via: str = COMMAND_LINE,
    progress: Progress = quiet,
    place: Place | None = None,
) -> int:
    """Publish a copy of another store file (a backup's) as the next change; return its id.

    The current data stays as a snapshot; the file must be a store this app can read.
    """
    place = place or Place.default()

    def apply(copy: store.Database, change_id: int) -> tuple[bool, None]:
        copy.close()  # the copy of the current data is replaced by the file
        try:
            shutil.copyfile(source, copy.path)
        except OSError as error:
            raise StoreChangeError(store_files_sentence(error, place.files.store)) from error
        restored = store.connect(copy.path)
        try:
            with restored.transaction() as cur:
                cur.execute(
                    "INSERT INTO import_log VALUES ($id, now(), now(), 'restored', '[]', '{}', 0, $summary)",
                    {"id": change_id, "summary": summary},
                )
        finally:
            restored.close()
        return True, None

    change_id, _, snapshot = _change(kind, who or default_who(), via, apply, progress, place)
    history.finish(
        place.app, change_id, "done", summary=summary, snapshot=snapshot.name if snapshot else None
    )
    return change_id
