"""The drop folder: import each complete batch that lands in it, then file it away with its report.

    python -m lib.cli watch DIR [--once] [--poll SECONDS]     (or SCHOOL_GOALS_WATCH_DIR in the app)

Each look: take or renew the 'drop-folder' lease (only its holder imports, however many
processes watch), find the complete batches (lib/importing/batches.py), import each one as an
all-or-nothing batch (lib/importing/publish.py: the app keeps serving), then move it to
DIR/imported/ or DIR/rejected/ in a new dated folder with report.txt (and problems.csv for
a rejected one). A batch that could not be imported (the store busy or unwritable, the app
database unusable, a file that can't be moved) stays where it is and is tried again later,
after a pause that doubles with each failure (up to 15 minutes), so a full disk does not
fill the history with an attempt every few seconds. Nothing here ever stops the loop.
"""

from __future__ import annotations

import atexit
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TextIO

from lib.core.appdb import AppDatabaseError
from lib.core.config import watch_quiet_seconds
from lib.core.db import DatabaseUnavailableError
from lib.core.store_files import StoreChangeError
from lib.importing import batches, filing, publish
from lib.importing.batches import Batch, Signature
from lib.importing.filing import Outcome, label
from lib.importing.lease import Clock, Lease, OtherHolder, keep_renewed
from lib.importing.report import ImportReport

LEASE_NAME = "drop-folder"
DEFAULT_POLL_SECONDS = 10.0
LONGEST_PAUSE_SECONDS = 900.0  # between tries of a batch that keeps failing
Log = Callable[[str], None]
_started: dict[Path, WatcherThread] = {}  # the app's watcher thread per folder (one per process)
_starting = threading.Lock()


def stamped(sentence: str, stream: TextIO | None = None) -> None:
    """Write '2026-12-02 05:01:07 drop folder: <sentence>' on `stream` (default stderr: the server's log)."""
    print(
        f"{datetime.now():%Y-%m-%d %H:%M:%S} drop folder: {sentence}", file=stream or sys.stderr, flush=True
    )


class DropFolderMissing(RuntimeError):
    """The drop folder is not there (or is not a folder); the message says what to do."""


class Watcher:
    """Watches `folder` for batches and imports them into `place` (default: the configured store)."""

    def __init__(
        self,
        folder: Path,
        place: publish.Place | None = None,
        poll_seconds: float = DEFAULT_POLL_SECONDS,
        quiet_seconds: float | None = None,
        clock: Clock = time.time,
        log: Log = stamped,
        stop: threading.Event | None = None,
    ) -> None:
        self.folder, self.place = Path(folder), place or publish.Place.default()
        self.poll_seconds, self.clock, self.log = poll_seconds, clock, log
        self.quiet_seconds = watch_quiet_seconds() if quiet_seconds is None else quiet_seconds
        self.lease = Lease(self.place.app, LEASE_NAME, clock=clock)
        self.stop = stop or threading.Event()  # set: run() ends after the current look
        self._seen: dict[Path, Signature] = {}  # each batch's files at the previous look
        self._unfiled: dict[Path, tuple[Signature, ImportReport]] = {}  # imported, not yet moved
        self._paused: dict[Path, tuple[Signature, float, int]] = {}  # failed: files, until, failures
        self._busy = False

    @property
    def lease_seconds(self) -> float:
        return 3 * self.poll_seconds

    def look_once(self) -> list[Outcome] | OtherHolder:
        """Take or renew the lease, then handle every complete batch; who holds the lease instead.

        Raises DropFolderMissing, or AppDatabaseError when the lease can't be written.
        """
        other = self.lease.take(self.lease_seconds)
        if other is not None:
            return other
        if not self.folder.is_dir():
            raise DropFolderMissing(
                f"The drop folder {self.folder} does not exist or is not a folder. Create it, or point "
                "SCHOOL_GOALS_WATCH_DIR (or `python -m lib.cli watch DIR`) at an existing folder."
            )
        found = batches.find_batches(self.folder)
        previous, self._seen = self._seen, {b.folder: b.signature for b in found}
        outcomes = []
        for batch in found:
            if batches.is_complete(batch, previous.get(batch.folder), self.clock(), self.quiet_seconds):
                if not self._pausing(batch):
                    outcomes.append(self._handle(batch))
        return outcomes

    def _pausing(self, batch: Batch) -> bool:
        paused = self._paused.get(batch.folder)
        if paused is None or paused[0] != batch.signature:
            self._paused.pop(batch.folder, None)  # changed files get a fresh try
            return False
        return self.clock() < paused[1]

    def _handle(self, batch: Batch) -> Outcome:
        unfiled = self._unfiled.get(batch.folder)
        if unfiled is not None and unfiled[0] == batch.signature:
            report = unfiled[1]  # imported at an earlier look; only the move failed
        else:
            imported = self._import(batch)
            if isinstance(imported, Outcome):
                return imported
            report = imported
        self._unfiled[batch.folder] = (batch.signature, report)
        when = datetime.fromtimestamp(self.clock())
        try:
            destination = filing.file_away(self.folder, batch, report, when)
        except OSError as error:
            why = f"its files could not be moved out of the drop folder ({error.strerror or error})."
            return self._failed(batch, f"{label(batch, capital=True)} was handled, but {why}")
        del self._unfiled[batch.folder]
        self._paused.pop(batch.folder, None)
        return filing.filed_outcome(batch, report, destination)

    def _import(self, batch: Batch) -> ImportReport | Outcome:
        if not batch.files:
            return filing.no_files_report(batch)
        self._busy = True
        try:
            with keep_renewed(self.lease, self.poll_seconds, self.lease_seconds):
                report = publish.import_batch(batch.files, via=publish.DROP_FOLDER, place=self.place)
        except (StoreChangeError, AppDatabaseError, DatabaseUnavailableError) as error:
            return self._failed(batch, f"Could not import {label(batch)}: {error}")
        except Exception as error:  # a bug must not stop the watcher: report it and go on
            unexpected = f"something unexpected went wrong ({type(error).__name__}: {error})."
            return self._failed(batch, f"Could not import {label(batch)}: {unexpected}")
        finally:
            self._busy = False
        if report.failure is not None:  # the machine failed (disk full...), not the files
            return self._failed(batch, f"Could not import {label(batch)}: {report.failure}")
        return report

    def _failed(self, batch: Batch, sentence: str) -> Outcome:
        failures = self._paused.get(batch.folder, ((), 0.0, 0))[2] + 1
        pause = min(LONGEST_PAUSE_SECONDS, max(self.poll_seconds, self.quiet_seconds) * 2 ** (failures - 1))
        self._paused[batch.folder] = (batch.signature, self.clock() + pause, failures)
        later = f" It stays in the drop folder and is tried again in {pause:,.0f} seconds."
        return Outcome(batch.name, "failed", sentence.rstrip() + later)

    def run(self) -> None:
        """Look every `poll_seconds` until `self.stop` is set (or Ctrl-C); release the lease after.

        Each outcome and problem is a sentence to `log`; the same problem is said once, not
        at every look.
        """
        said = ""
        try:
            while not self.stop.is_set():
                said = self._run_one_look(said)
                self.stop.wait(self.poll_seconds)
        finally:
            self.close()

    def _run_one_look(self, said: str) -> str:
        try:
            result = self.look_once()
        except (DropFolderMissing, AppDatabaseError) as error:
            problem = str(error)
        except Exception as error:  # never let the thread die: say it and look again later
            problem = (
                f"Something unexpected went wrong ({type(error).__name__}: {error}); looking again later."
            )
        else:
            if isinstance(result, OtherHolder):
                problem = (
                    f"Another watcher ({result.describe()}) is importing from the drop folder; this one "
                    "waits and takes over if it stops."
                )
            else:
                for outcome in result:
                    self.log(outcome.sentence)
                problem = ""
        if problem and problem != said:
            self.log(problem)
        return problem

    def close(self) -> None:
        """Stop looking and release the lease (kept while an import runs: it may not be taken over)."""
        self.stop.set()
        if not self._busy:
            try:
                self.lease.release()
            except AppDatabaseError:
                pass  # it runs out by itself in 3 polls


class WatcherThread(threading.Thread):
    """The app's watcher: a daemon thread that never raises; `stop()` ends it after the current look."""

    def __init__(self, folder: Path, poll_seconds: float) -> None:
        super().__init__(name="drop-folder-watcher", daemon=True)
        self.folder, self.poll_seconds = folder, poll_seconds
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            watcher = Watcher(self.folder, poll_seconds=self.poll_seconds, stop=self.stopping)
        except ValueError as error:  # SCHOOL_GOALS_WATCH_QUIET_SECONDS is not a number...
            stamped(f"The drop folder {self.folder} is not watched: {error}")
            return
        atexit.register(watcher.close)
        try:
            watcher.run()
        finally:
            atexit.unregister(watcher.close)

    def stop(self, timeout: float | None = None) -> None:
        """Stop after the current look (an import runs to its end) and wait up to `timeout` seconds."""
        self.stopping.set()
        self.join(timeout)


def start_in_background(folder: Path, poll_seconds: float = DEFAULT_POLL_SECONDS) -> WatcherThread:
    """Start watching `folder` in a daemon thread of this process (the app) and return the thread.

    The thread never raises: a bad setting or any failure is a sentence on stderr. Called
    again for the same folder (Streamlit's cache cleared), it returns the running thread. With
    several app processes, only the one holding the lease imports. At exit the lease is
    released (unless an import runs; then it runs out after 3 polls).
    """
    folder = Path(folder)
    with _starting:
        running = _started.get(folder)
        if running is not None and running.is_alive():
            return running
        thread = WatcherThread(folder, poll_seconds)
        thread.start()
        _started[folder] = thread
        return thread
