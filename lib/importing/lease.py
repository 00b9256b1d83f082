"""A lease in the app database: one holder at a time for a named job, however many processes ask.

The drop-folder watcher runs in the app and may also be started from the command line (or in
a second app process): only the holder of the 'drop-folder' lease imports. A holder renews
its lease at each look; one that dies stops renewing and anyone may take the lease once it
has expired. Taking, renewing and releasing each run in one BEGIN IMMEDIATE transaction, so
two processes never both believe they hold it.
"""

from __future__ import annotations

import os
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from lib.core.appdb import AppDatabase, AppDatabaseError

Clock = Callable[[], float]  # seconds since the epoch


def new_holder() -> str:
    """'host:pid:random' for this process: unique even when a pid is reused on another host."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


@dataclass(frozen=True)
class OtherHolder:
    """Who holds a lease we asked for, and until when (seconds since the epoch)."""

    holder: str
    expires_at: float

    def describe(self) -> str:
        """'process 1234 on school-server, until 05:02:31' (the holder as a person reads it)."""
        host, _, rest = self.holder.partition(":")
        pid = rest.partition(":")[0]
        until = datetime.fromtimestamp(self.expires_at).strftime("%H:%M:%S")
        who = f"process {pid} on {host}" if pid.isdecimal() else self.holder
        return f"{who}, until {until} unless it renews"


class Lease:
    """The lease `name` for `holder` (default: this process), timed by `clock`."""

    def __init__(
        self, app: AppDatabase, name: str, holder: str | None = None, clock: Clock = time.time
    ) -> None:
        self.app, self.name = app, name
        self.holder = holder or new_holder()
        self.clock = clock

    def take(self, seconds: float) -> OtherHolder | None:
        """Take or renew the lease for `seconds` from now; None when it is ours now.

        Returns who holds it instead when another holder's lease has not expired (we get
        nothing). Raises AppDatabaseError (a sentence) when the app database can't be written.
        """
        now = self.clock()
        with self.app.transaction() as con:
            row = con.execute("SELECT holder, expires_at FROM leases WHERE name = ?", (self.name,)).fetchone()
            if row is not None and row["holder"] != self.holder and row["expires_at"] > now:
                return OtherHolder(row["holder"], float(row["expires_at"]))
            con.execute(
                "INSERT OR REPLACE INTO leases (name, holder, expires_at) VALUES (?, ?, ?)",
                (self.name, self.holder, now + seconds),
            )
        return None

    def release(self) -> None:
        """Give the lease up if we hold it (another holder's lease is left alone)."""
        self.app.execute("DELETE FROM leases WHERE name = ? AND holder = ?", (self.name, self.holder))


@contextmanager
def keep_renewed(lease: Lease, every: float, seconds: float) -> Iterator[None]:
    """Renew `lease` for `seconds` every `every` seconds while the block runs (an import may
    take minutes, longer than the lease); a renewal that fails is tried again at the next one."""
    done = threading.Event()

    def renew() -> None:
        while not done.wait(every):
            try:
                lease.take(seconds)
            except AppDatabaseError:
                pass

    thread = threading.Thread(target=renew, name=f"{lease.name}-lease", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
