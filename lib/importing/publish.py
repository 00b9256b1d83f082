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
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from lib.core import db as store
from lib.core.appdb import AppDatabase
from lib.core.config import import_wait_seconds, snapshots_kept
from lib.core.contract import TABLES
from lib.core.lake_files import LakeFiles, store_files
from lib.core.store_files import Snapshot, StoreBusyError, StoreChangeError, StoreFiles
from lib.core.store_files import sentence as store_files_sentence
from lib.core.store_problems import INTERRUPTED
from lib.importing import history
from lib.importing.importer import import_files
from lib.importing.oneroster.settings import RosterOptions
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

    files: StoreFiles | LakeFiles
    app: AppDatabase

    @classmethod
    def default(cls) -> Place:
        return cls(store_files(), AppDatabase())


LAKE_RESTORE = (
    "A DuckLake store is not restored from a backup file here: its backup is a dump of its "
    "PostgreSQL catalog and a copy of its data folder (docs/scaling.md, Backups). Nothing was changed."
)
LAKE_BACKUP = (
    "A DuckLake store is not backed up by this command: back up the app database, then dump its "
    "PostgreSQL catalog (pg_dump), then copy its data folder, in that order (docs/scaling.md, Backups)."
)


def file_store(
    place: Place, refusal: type[Exception] = StoreChangeError, sentence: str = LAKE_RESTORE
) -> StoreFiles:
    """The place's store files; a DuckLake store is refused (`refusal` with `sentence`): a backup
    and a restore of a lake are its catalog's dump and a copy of its data folder."""
    if isinstance(place.files, LakeFiles):
        raise refusal(sentence)
    return place.files


def _missing(place: Place) -> store.DatabaseMissingError:
    """The sentence for a store that has no data yet (creating nothing)."""
    if isinstance(place.files, LakeFiles):
        try:
            store.connect(place.files.lake, read_only=True).close()
        except store.DatabaseMissingError as error:
            return error
        return store.DatabaseMissingError(f"The DuckLake store {place.files.lake.label} has no data yet.")
    return store.DatabaseMissingError(store.store_problems.missing(place.files.store))


@dataclass(frozen=True)
class UndoResult:
    """An undo that was published: its own id and the rows it removed or put back per table."""

    undo_id: int
    removed: dict[str, int]


def _published_id(place: Place) -> int:
    """The id of the latest change the published store contains (0: none, or no store)."""
    if not place.files.has_store():
        return 0
    snapshot = place.files.published()
    if snapshot is not None:
        return snapshot.import_id
    with _reader(place) as reader:  # a store from before snapshots
        found = reader.scalar(
            "SELECT max(import_id) FROM import_log WHERE outcome NOT IN ('rejected', 'failed', 'interrupted')"
        )
    return int(found or 0)


@contextmanager
def _reader(place: Place) -> Iterator[store.Database]:
    reader = store.connect(place.files.target, read_only=True)
    try:
        yield reader
    finally:
        reader.close()


def _catch_up(place: Place) -> int:
    """With the writer lock held: settle what a killed change left and return the published id.

    A history that is still empty takes the store's own log (a store from before the app
    database, or an app database started afresh); a change killed after publishing gets its
    files and counts from the store's log.
    """
    published = _published_id(place)
    place.files.clear_leftovers(published)
    if place.files.has_store():
        with _reader(place) as reader:
            history.adopt_store_log(place.app, reader)
            history.settle_unfinished(place.app, published, reader, place.files.published())
    else:
        history.settle_unfinished(place.app, published)
    return published


def _check(work: Path, change_id: int) -> None:
    """Open the new file read-only as the app will: the change is in its log, every table reads."""
    try:
        reader = store.connect(work, read_only=True)
    except store.DatabaseUnavailableError as error:
        raise StoreChangeError(f"The new data failed its check, so it was not published: {error}") from error
    try:
        _check_data(reader, change_id)
    finally:
        reader.close()


def _check_data(reader: store.Database, change_id: int) -> None:
    """The change is in the data's log once, and every table reads."""
    logged = reader.scalar("SELECT count(*) FROM import_log WHERE import_id = ?", [change_id])
    for name in TABLES:
        reader.scalar(f'SELECT count(*) FROM "{name}"')
    if logged != 1:
        raise StoreChangeError(
            "The new data failed its check (its change is not in its log), so it was not published."
        )


@dataclass(frozen=True)
class _Steps:
    """What one kind of change does inside the lock.

    `apply(copy, id)` changes the work copy and returns (publish?, result); `record(id, result,
    snapshot)` finishes the history row (before the lock is released, so no reader sees a
    published change still "running"); `before()` runs first (a refusal costs no id);
    `start_from` replaces the copy of the store as the work file's start (a backup's store).
    """

    apply: Callable[[store.Database, int], tuple[bool, Any]]
    record: Callable[[int, Any, Snapshot | None], None]
    before: Callable[[], None] | None = None
    start_from: Path | None = None


def _change(
    kind: str, who: str, via: str, steps: _Steps, progress: Progress, place: Place
) -> tuple[int, Any]:
    """Run the steps and publish them when `apply` says so: on a copy of a DuckDB file, or in
    one transaction on a DuckLake.

    Returns (id, result). Every way out is written to the history; an exception is written as
    failed, refused or interrupted and raised again.
    """
    files, app = place.files, place.app
    if isinstance(files, LakeFiles) and steps.start_from is not None:
        raise StoreChangeError(LAKE_RESTORE)
    with files.writer_lock(import_wait_seconds(), progress):
        published = _catch_up(place)
        if steps.before is not None:
            steps.before()
        change_id = max(history.next_id(app), published + 1)
        history.start(app, change_id, kind, who, via)
        try:
            if isinstance(files, LakeFiles):
                publish, result, snapshot = _apply_on_lake(files, change_id, kind, who, steps, progress)
            else:
                publish, result, snapshot = _apply_on_copy(files, change_id, kind, steps, progress)
            steps.record(change_id, result, snapshot)
            if publish:
                files.prune(snapshots_kept(), history.pinned(app))
            return change_id, result
        except KeyboardInterrupt:
            history.finish(app, change_id, "interrupted", summary=INTERRUPTED)
            raise
        except history.UndoRefused as refusal:
            history.finish(app, change_id, "rejected", summary=str(refusal))
            raise
        except BaseException as error:
            history.finish(app, change_id, "failed", summary=str(error))
            raise


def _apply_on_copy(
    files: StoreFiles, change_id: int, kind: str, steps: _Steps, progress: Progress
) -> tuple[bool, Any, Snapshot | None]:
    """The steps on a copy of the store file, checked and published by a rename when `apply`
    says so; (publish?, result, the new snapshot)."""
    work = files.snapshots_dir / f".work-{change_id}.duckdb"
    try:
        work = _work_file(files, change_id, steps.start_from, progress)
        copy = store.connect(work)
        try:
            publish, result = steps.apply(copy, change_id)
        finally:
            copy.close()
        if not publish:
            return False, result, None
        progress("Checking the new data...")
        _check(work, change_id)
        progress(f"Publishing {kind} {change_id}...")
        return True, result, files.publish(work, change_id, datetime.now())
    finally:
        files.discard(work)


def _apply_on_lake(
    files: LakeFiles, change_id: int, kind: str, who: str, steps: _Steps, progress: Progress
) -> tuple[bool, Any, Snapshot | None]:
    """The steps in one transaction on the lake, checked and committed as the snapshot
    "<kind> <id>" when `apply` says so (else rolled back); (publish?, result, the snapshot)."""
    lake = store.connect(files.lake)  # makes or migrates the tables (their own commit)
    try:
        with lake.held() as held:  # the store_writer row: see lib.core.db.LAKE_ONLY
            held.cursor.execute(
                "UPDATE store_writer SET change_id = ?, who = ?, started_at = now()", [change_id, who]
            )
            publish, result = steps.apply(lake, change_id)
            if not publish:
                return False, result, None
            progress("Checking the new data...")
            _check_data(lake, change_id)
            progress(f"Publishing {kind} {change_id}...")
            held.commit(who, f"{kind} {change_id}")
    finally:
        lake.close()
    return True, result, files.published()


def _work_file(files: StoreFiles, change_id: int, start_from: Path | None, progress: Progress) -> Path:
    """The work file: a copy of the published store (or of `start_from`)."""
    if start_from is None:
        if files.store.exists():
            size = files.store.stat().st_size / 1e6
            progress(f"Copying the current data ({size:,.0f} MB) to work on...")
        return files.work_copy(change_id)
    work = files.snapshots_dir / f".work-{change_id}.duckdb"
    try:
        files.snapshots_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(start_from, work)
    except OSError as error:
        files.discard(work)
        raise StoreChangeError(store_files_sentence(error, files.store)) from error
    return work


def history_of(place: Place | None = None) -> Any:
    """The import history, newest first. When no change runs, what a killed one left is settled
    first (it reads as interrupted, not running). Raises DatabaseMissingError (creating nothing)
    when there is neither a store nor a history, and a sentence for a path that is no store."""
    place = place or Place.default()
    if place.files.has_store():
        store.connect(place.files.target, read_only=True).close()  # a CSV at the path: its sentence
        try:
            with place.files.writer_lock(0):
                _catch_up(place)
        except StoreBusyError:
            pass  # a change is running: its row says so
    elif not place.app.path.exists():
        raise _missing(place)
    return history.import_history(place.app)


def import_batch(
    paths: Sequence[Path | str],
    who: str | None = None,
    via: str = COMMAND_LINE,
    progress: Progress = quiet,
    place: Place | None = None,
    roster: RosterOptions | None = None,
) -> ImportReport:
    """Import the files as one all-or-nothing batch into a copy of the store and publish it.

    Returns the importer's report; a rejected or failed batch publishes nothing. A change that
    leaves every row as it was publishes nothing either ("unchanged"). Raises StoreChangeError
    (a sentence) when the store's files can't be copied or published, StoreBusyError when
    another change runs too long.
    """
    place = place or Place.default()

    def apply(copy: store.Database, change_id: int) -> tuple[bool, ImportReport]:
        report = import_files(copy, paths, import_id=change_id, progress=progress, roster=roster)
        return report.ok and report.changed_rows() > 0, report

    def record(change_id: int, report: ImportReport, snapshot: Snapshot | None) -> None:
        outcome = "imported" if snapshot else "unchanged" if report.ok else _failed_outcome(report)
        history.finish(place.app, change_id, outcome, report, snapshot=snapshot.name if snapshot else None)

    _, report = _change("import", who or default_who(), via, _Steps(apply, record), progress, place)
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

    if not place.files.has_store():  # before the lock: nothing is created for a missing store
        raise _missing(place)

    def refuse_early() -> None:
        reader = store.connect(place.files.target, read_only=True)
        try:
            history.check_undoable(reader, import_id)
        finally:
            reader.close()

    def apply(copy: store.Database, change_id: int) -> tuple[bool, dict[str, int]]:
        return True, history.undo_import(copy, import_id, undo_id=change_id)

    def record(change_id: int, _: Any, snapshot: Snapshot | None) -> None:
        name = snapshot.name if snapshot else None
        summary = f"undid import {import_id}"
        history.finish(place.app, change_id, "done", summary=summary, snapshot=name, undoes=import_id)

    steps = _Steps(apply, record, before=refuse_early)
    change_id, removed = _change("undo", who or default_who(), via, steps, progress, place)
    return UndoResult(change_id, removed)


def publish_file(
    source: Path,
    kind: str,
    summary: str,
    who: str | None = None,
    via: str = COMMAND_LINE,
    progress: Progress = quiet,
    place: Place | None = None,
    before: Callable[[], None] | None = None,
) -> int:
    """Publish a copy of another store file (a backup's) as the next change; return its id.

    The current data stays as a snapshot; the file must be a store this app can read. `before`
    runs with the writer lock held, before anything is copied (restore swaps the app database
    there, so no import can slip in between).
    """
    place = place or Place.default()

    def apply(copy: store.Database, change_id: int) -> tuple[bool, None]:
        with copy.transaction() as cur:
            cur.execute(
                "INSERT INTO import_log VALUES ($id, now(), now(), 'restored', '[]', '{}', 0, $summary)",
                {"id": change_id, "summary": summary},
            )
        return True, None

    def record(change_id: int, _: Any, snapshot: Snapshot | None) -> None:
        name = snapshot.name if snapshot else None
        history.finish(place.app, change_id, "done", summary=summary, snapshot=name)

    steps = _Steps(apply, record, before=before, start_from=Path(source))
    change_id, _ = _change(kind, who or default_who(), via, steps, progress, place)
    return change_id
