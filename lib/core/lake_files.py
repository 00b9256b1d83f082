"""A DuckLake store's counterpart of StoreFiles (issue 18): its snapshots are DuckLake's own.

A DuckLake keeps its catalog in PostgreSQL and its rows in Parquet files; every committed
transaction is a snapshot any number of app servers can read while the next one is written.
A change (import, undo) runs in one transaction on the lake itself, so there is no work copy
to make or publish: its COMMIT is the publication, and the snapshot it makes carries the
commit message "import N" (or "undo N"), which is how the history finds it again.

The writer lock is still a file (beside the app database), for the changes started on this
computer; two computers importing at once are kept apart by DuckLake itself: both write the
`store_writer` row, so the second COMMIT conflicts and changes nothing (lib/importing/publish.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from lib.core import db as store
from lib.core.config import Lake, app_database_path, database_path, store_lake
from lib.core.store_files import Snapshot, StoreFiles

COMMIT_MESSAGE = re.compile(r"^(import|undo|restore) (\d+)$")
SNAPSHOT_NAME = re.compile(r"^lake-snapshot-(\d+)$")


def store_files() -> StoreFiles | LakeFiles:
    """The files (or the lake) of the store SCHOOL_GOALS_DB names."""
    lake = store_lake()
    if lake is not None:
        return LakeFiles(lake, app_database_path().parent)
    return StoreFiles(database_path())


def snapshot_name(snapshot_id: int) -> str:
    """How the history names a lake snapshot (its file-store counterpart is a file name)."""
    return f"lake-snapshot-{snapshot_id}"


class LakeFiles:
    """The snapshots and the writer lock of one DuckLake store."""

    def __init__(self, lake: Lake, lock_folder: Path) -> None:
        self.lake = lake
        self.target = lake  # what lib.core.db.connect opens (with its district and data path)
        # One lock file per district (lake-<district>.lock): a district's changes on this
        # computer queue on it; another computer's are kept apart by DuckLake (module docstring).
        self._lock = StoreFiles(lock_folder / f"lake-{lake.district}")

    def has_store(self) -> bool:
        """True once the lake has the store's tables (its first import made them)."""
        try:
            store.connect(self.lake, read_only=True).close()
        except store.DatabaseMissingError:
            return False
        return True

    @contextmanager
    def writer_lock(
        self, wait_seconds: float, on_wait: Callable[[str], None] | None = None
    ) -> Iterator[None]:
        with self._lock.writer_lock(wait_seconds, on_wait):
            yield

    def lock_holder(self) -> str:
        return self._lock.lock_holder()

    def is_changing(self) -> bool:
        return self._lock.is_changing()

    def snapshots(self) -> list[Snapshot]:
        """The snapshots a change made (not the ones of creating tables), newest first."""
        reader = store.connect(self.lake, read_only=True)
        try:
            rows = reader.sql(
                "SELECT snapshot_id, snapshot_time::TIMESTAMP AS made_at, commit_message "
                f"FROM ducklake_snapshots('{store.LAKE_ALIAS}') WHERE commit_message IS NOT NULL "
                "ORDER BY snapshot_id DESC"
            )
        finally:
            reader.close()
        found = []
        for row in rows.itertuples(index=False):
            match = COMMIT_MESSAGE.match(str(row.commit_message))
            if match:
                path = Path(snapshot_name(int(row.snapshot_id)))
                found.append(Snapshot(path, int(match.group(2)), row.made_at.to_pydatetime(), 0))
        return found

    def published(self) -> Snapshot | None:
        """The newest change's snapshot: the lake's data now."""
        found = self.snapshots()
        return found[0] if found else None

    def snapshot_target(self, name: str) -> Lake | None:
        """The lake as it was at the snapshot `name` (None: not a lake snapshot's name)."""
        match = SNAPSHOT_NAME.match(name)
        return replace(self.lake, snapshot=int(match.group(1))) if match else None

    def clear_leftovers(self, published_import_id: int) -> list[Path]:
        """Nothing to clear: a change killed midway never committed, so the lake has none of it."""
        return []

    def prune(self, keep: int, pinned: set[str]) -> list[Path]:
        """Nothing is pruned here: DuckLake keeps every snapshot until its own
        ducklake_expire_snapshots (docs/scaling.md: backups and retention)."""
        return []
