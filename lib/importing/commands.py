"""The command-line commands around the store's files: watch, backup, restore (lib/cli.py runs them).

    python -m lib.cli watch DIR [--once] [--poll SECONDS]
    python -m lib.cli backup DIR
    python -m lib.cli restore DIR

Each returns the exit code (0 done, 1 rejected, refused or failed) and prints sentences;
errors with a sentence of their own (StoreChangeError, AppDatabaseError...) go up to
lib/cli.py, which prints them.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from lib.importing.backup import BackupError, backup
from lib.importing.lease import OtherHolder
from lib.importing.publish import Progress
from lib.importing.restore import restore
from lib.importing.watch import DEFAULT_POLL_SECONDS, Watcher, stamped

AddCommand = Callable[..., argparse.ArgumentParser]


def _seconds(text: str) -> float:
    value = float(text)
    if not 0.1 <= value <= 3600:
        raise argparse.ArgumentTypeError(f"{text} is not a number of seconds from 0.1 to 3600")
    return value


def add_parsers(add_command: AddCommand) -> None:
    """Add watch, backup and restore to the command line (`add_command(name, help=...)`)."""
    watch = add_command("watch", help="import each complete batch dropped into a folder, then file it away")
    watch.add_argument("folder", type=Path, help="the drop folder")
    watch.add_argument("--once", action="store_true", help="look once and exit (for cron)")
    watch.add_argument(
        "--poll", type=_seconds, default=DEFAULT_POLL_SECONDS, help="seconds between looks (default 10)"
    )
    save = add_command(
        "backup", help="back up the data, its snapshots and the app database into a new folder"
    )
    save.add_argument("folder", type=Path, help="a new or empty folder")
    load = add_command("restore", help="restore a backup folder (the current data stays as a snapshot)")
    load.add_argument("folder", type=Path, help="a folder `backup` wrote")
    for command in (save, load):
        command.add_argument("--progress", action="store_true", help="print each step on stderr")


def run_watch(args: argparse.Namespace) -> int:
    """`watch DIR`: look every --poll seconds until Ctrl-C, or once with --once."""
    if not args.folder.is_dir():
        print(
            f"The drop folder {args.folder} does not exist or is not a folder: create it first.",
            file=sys.stderr,
        )
        return 1
    try:
        watcher = Watcher(
            args.folder, poll_seconds=args.poll, log=lambda sentence: stamped(sentence, sys.stdout)
        )
    except ValueError as error:  # SCHOOL_GOALS_WATCH_QUIET_SECONDS is not a number...
        print(str(error), file=sys.stderr)
        return 1
    if args.once:
        return _look_once(watcher)
    print(f"Watching {args.folder} every {args.poll:g} seconds (Ctrl-C to stop).", flush=True)
    # A service manager stops with SIGTERM: finish the current look, release the lease, exit 0.
    signal.signal(signal.SIGTERM, lambda *_: watcher.stop.set())
    try:
        watcher.run()
    except KeyboardInterrupt:
        pass  # run() released the lease on its way out
    print("Stopped watching the drop folder.")
    return 0


def _look_once(watcher: Watcher) -> int:
    try:
        result = watcher.look_once()
    finally:
        watcher.close()
    if isinstance(result, OtherHolder):
        print(
            f"Another watcher ({result.describe()}) is importing from the drop folder; this one did nothing."
        )
        return 0
    for outcome in result:
        print(outcome.sentence, file=sys.stderr if outcome.result == "failed" else sys.stdout)
    if not result:
        print(f"No complete batch in {watcher.folder}.")
    return 1 if any(o.result in ("rejected", "failed") for o in result) else 0


def _size(size_bytes: int) -> str:
    """'4.5 MB', or '28 KB' under a megabyte."""
    return f"{size_bytes / 1e6:,.1f} MB" if size_bytes >= 1e6 else f"{size_bytes / 1e3:,.0f} KB"


def _snapshots(count: int) -> str:
    return "no other snapshot" if count == 0 else f"{count} other snapshot" + ("s" if count > 1 else "")


def run_backup(args: argparse.Namespace, progress: Progress) -> int:
    """`backup DIR`: write the backup, then list its files and sizes."""
    try:
        manifest = backup(args.folder, progress=progress)
    except BackupError as refusal:
        print(f"No backup made: {refusal}", file=sys.stderr)
        return 1
    for entry in manifest.entries():
        print(f"  {entry.name}  {_size(entry.size)}")
    total = sum(e.size for e in manifest.entries())
    print(
        f"Backed up the data as of change {manifest.import_id}, {_snapshots(len(manifest.snapshots))} and the "
        f"app database into {args.folder} ({_size(total)}; manifest.json lists each file's checksum)."
    )
    return 0


def run_restore(args: argparse.Namespace, progress: Progress) -> int:
    """`restore DIR`: check the backup, restore it, say where the earlier state is kept."""
    try:
        result = restore(args.folder, progress=progress)
    except BackupError as refusal:
        print(f"Not restored: {refusal}", file=sys.stderr)
        return 1
    before = (
        f" The data as it was stays as snapshot {result.before_snapshot} (pinned)."
        if result.before_snapshot
        else ""
    )
    print(
        f"Restored the backup made {result.made_at:%Y-%m-%d %H:%M} as change {result.change_id}; the app "
        f"serves it now.{before} The app database as it was is kept as {result.kept_app_database}. "
        f"Snapshots copied back: {result.snapshots_copied} (already there: {result.snapshots_present})."
    )
    for warning in result.warnings:
        print(f"Note: {warning}")
    return 0
