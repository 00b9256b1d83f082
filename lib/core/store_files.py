"""The store's files: the published file, its dated snapshots, the work copy, the writer lock.

SCHOOL_GOALS_DB (data/school_goals.duckdb) is always one complete DuckDB file that any process
may open read-only. A change (import, undo, restore) never writes it in place:

    lock -> copy the store to snapshots/.work-N.duckdb -> change the copy -> check it
         -> rename it to snapshots/000N-YYYYmmddTHHMMSS.duckdb -> hard-link that onto the store
            path by an atomic rename

so a crash at any moment leaves the published file as it was (a leftover work file is removed
by the next change). The published file and its snapshot share one inode: a kept snapshot
costs no extra disk until the next import replaces the store. Only one change runs at a time:
an flock on <store>.lock, which the system drops when the process ends, however it ends.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from lib.core import store_problems
from lib.core.config import memory_limit

SNAPSHOT_NAME = re.compile(r"^(\d{6,})-(\d{8}T\d{6})\.duckdb$")
STAMP = "%Y%m%dT%H%M%S"


class StoreChangeError(RuntimeError):
    """The store's files could not be copied, checked or published; the published file is unchanged."""


class StoreLockError(StoreChangeError):
    """The writer lock could not even be taken (a read-only folder...): nothing was recorded."""


class StoreBusyError(StoreChangeError):
    """Another import (or undo, restore) held the store for longer than we may wait."""


@dataclass(frozen=True)
class Snapshot:
    """One kept version of the store: the change that made it, when, and its size in bytes."""

    path: Path
    import_id: int
    made_at: datetime
    size_bytes: int

    @property
    def name(self) -> str:
        return self.path.name


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fsync_file(path: Path) -> None:
    with path.open("rb") as stream:
        os.fsync(stream.fileno())


def sentence(error: OSError, path: Path) -> str:
    """A person's sentence for a file-system error met while changing the store at `path`; the
    folder it names is the one of the file that failed (the snapshots folder may be read-only
    or full while the store's own folder is not)."""
    text = store_problems.explain(f"{error.strerror or error}", path, memory_limit())
    failed_on = Path(error.filename) if isinstance(error.filename, str) else None
    if failed_on is not None and failed_on.parent != path.parent:
        text = text.replace(str(path.parent), str(failed_on.parent), 1)
    return text


class StoreFiles:
    """The files around one store path."""

    def __init__(self, store: Path | str) -> None:
        self.store = Path(store)
        stem = self.store.name.removesuffix(".duckdb")
        self.snapshots_dir = self.store.with_name(f"{stem}.snapshots")
        self.lock_path = self.store.with_name(f"{self.store.name}.lock")
        self.target = self.store  # what lib.core.db.connect opens (LakeFiles: the lake)
        self.lake = None  # LakeFiles: the Lake

    def has_store(self) -> bool:
        """True when there is a file (or anything) at the store path."""
        return self.store.exists()

    def snapshot_target(self, name: str) -> Path | None:
        """The kept snapshot file `name` (None: it is gone)."""
        path = self.snapshots_dir / name
        return path if path.exists() else None

    # -- the lock ---------------------------------------------------------------------------

    @contextmanager
    def writer_lock(
        self, wait_seconds: float, on_wait: Callable[[str], None] | None = None
    ) -> Iterator[None]:
        """Hold the one-writer lock; wait up to `wait_seconds` for another change to finish.

        Raises StoreBusyError when it does not finish in time, StoreChangeError when the lock
        file can't be made (a read-only folder...).
        """
        try:
            self.store.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o664)
        except OSError as error:
            raise StoreLockError(sentence(error, self.store)) from error
        try:
            self._acquire(descriptor, wait_seconds, on_wait)
            os.ftruncate(descriptor, 0)
            os.write(descriptor, str(os.getpid()).encode())
            yield
        finally:
            os.close(descriptor)  # closing drops the lock

    def _acquire(self, descriptor: int, wait_seconds: float, on_wait: Callable[[str], None] | None) -> None:
        deadline, told = time.monotonic() + wait_seconds, False
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                holder = self.lock_holder()
                if time.monotonic() >= deadline:
                    raise StoreBusyError(
                        f"Another import, undo or restore{holder} is still changing the data after "
                        f"{wait_seconds:.0f} seconds. Try again when it has finished."
                    ) from None
                if on_wait and not told:
                    on_wait(f"Waiting for another import, undo or restore{holder} to finish...")
                    told = True
                time.sleep(0.2)

    def lock_holder(self) -> str:
        """' (process 1234)' for the process holding the lock, as far as its file says; else ''."""
        try:
            text = self.lock_path.read_text().strip()
        except OSError:
            return ""
        return f" (process {text})" if text.isdecimal() else ""

    def is_changing(self) -> bool:
        """True while some process holds the writer lock (an import, undo or restore runs)."""
        try:
            descriptor = os.open(self.lock_path, os.O_RDONLY)
        except OSError:
            return False
        try:
            fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
            return False
        except BlockingIOError:
            return True
        finally:
            os.close(descriptor)

    # -- snapshots ----------------------------------------------------------------------------

    def snapshots(self) -> list[Snapshot]:
        """The kept snapshots, newest first (work files and other names are not snapshots)."""
        found = []
        if not self.snapshots_dir.is_dir():
            return []
        for path in self.snapshots_dir.iterdir():
            match = SNAPSHOT_NAME.match(path.name)
            if match:
                made_at = datetime.strptime(match.group(2), STAMP)
                found.append(Snapshot(path, int(match.group(1)), made_at, path.stat().st_size))
        return sorted(found, key=lambda s: s.import_id, reverse=True)

    def published(self) -> Snapshot | None:
        """The snapshot the store path is (the same file), or None (a store from before snapshots)."""
        try:
            store = self.store.stat()
        except OSError:
            return None
        for snapshot in self.snapshots():
            try:
                if os.path.samestat(store, snapshot.path.stat()):
                    return snapshot
            except OSError:
                continue
        return None

    def clear_leftovers(self, published_import_id: int) -> list[Path]:
        """Remove what a change killed midway left: work files, a half-made link, and snapshots
        newer than the published data (renamed but never published). Call with the lock held."""
        removed = []
        candidates = [self.store.with_name(f".{self.store.name}.publishing")]
        if self.snapshots_dir.is_dir():
            candidates += list(self.snapshots_dir.glob(".work-*"))
            if self.store.exists():  # a store moved away is no reason to delete its snapshots
                candidates += [s.path for s in self.snapshots() if s.import_id > published_import_id]
        for path in candidates:
            if path.exists():
                path.unlink()
                removed.append(path)
        return removed

    def work_copy(self, import_id: int) -> Path:
        """Copy the published store (and a write-ahead log beside it, if any) to a work file.

        No store yet: the work file is simply absent (connecting creates it). Raises
        StoreChangeError with a sentence (disk full, read-only folder...); nothing is left behind.
        """
        work = self.snapshots_dir / f".work-{import_id}.duckdb"
        try:
            self.snapshots_dir.mkdir(parents=True, exist_ok=True)
            if self.store.exists():
                # An open file: a rename onto the store path while copying can't mix two versions.
                with self.store.open("rb") as source, work.open("wb") as target:
                    shutil.copyfileobj(source, target, 1 << 22)
                wal = self.store.with_name(self.store.name + ".wal")
                if wal.exists():  # a store last written in place (before snapshots) and not checkpointed
                    shutil.copyfile(wal, work.with_name(work.name + ".wal"))
        except OSError as error:
            self.discard(work)
            raise StoreChangeError(sentence(error, self.store)) from error
        return work

    def discard(self, work: Path) -> None:
        """Remove a work file and its write-ahead log (quietly: it may not exist)."""
        for path in (work, work.with_name(work.name + ".wal")):
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass

    def publish(self, work: Path, import_id: int, made_at: datetime) -> Snapshot:
        """Make the checked work file the snapshot of `import_id` and the published store.

        Both steps are renames, so a reader sees the old file or the new one, never a mix.
        Raises StoreChangeError when a step fails (the published store is then unchanged).
        """
        if work.with_name(work.name + ".wal").exists():
            raise StoreChangeError(
                "The new data was not fully written to its file (a write-ahead log remains)."
            )
        snapshot = self.snapshots_dir / f"{import_id:06d}-{made_at.strftime(STAMP)}.duckdb"
        publishing = self.store.with_name(f".{self.store.name}.publishing")
        try:
            _fsync_file(work)
            os.replace(work, snapshot)
            publishing.unlink(missing_ok=True)
            try:
                os.link(snapshot, publishing)
            except OSError:  # a file system without hard links: a copy costs disk, not safety
                shutil.copyfile(snapshot, publishing)
                _fsync_file(publishing)
            os.replace(publishing, self.store)
            _fsync_folder(self.store.parent)
        except OSError as error:
            publishing.unlink(missing_ok=True)
            snapshot.unlink(missing_ok=True)
            raise StoreChangeError(sentence(error, self.store)) from error
        return Snapshot(snapshot, import_id, made_at.replace(microsecond=0), snapshot.stat().st_size)

    def prune(self, keep: int, pinned: set[str]) -> list[Path]:
        """Delete snapshots past the newest `keep`, except pinned ones and the published one."""
        published = self.published()
        removed = []
        for snapshot in self.snapshots()[keep:]:
            if snapshot.name in pinned or (published and snapshot.name == published.name):
                continue
            try:
                snapshot.path.unlink()
                removed.append(snapshot.path)
            except OSError:
                continue  # kept one more time; the next import tries again
        return removed
