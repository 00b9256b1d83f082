"""Command line: the demo, imports, undo, the drop folder, backups, the staff-meeting screen's links, packets.

    python -m lib.cli demo [--schools N] [--students N] [--out DIR] [--today YYYY-MM-DD] [--if-missing]
    python -m lib.cli import FILE [FILE ...]   (CSV files, or a OneRoster set: zip, folder or files)
    python -m lib.cli history
    python -m lib.cli undo IMPORT_ID
    python -m lib.cli watch DIR [--once] [--poll SECONDS]
    python -m lib.cli backup DIR
    python -m lib.cli restore DIR
    python -m lib.cli preflight [--address ADDR]
    python -m lib.cli display-token --school ID_OR_NAME [--label TEXT] | --list | --revoke LINK_ID
    python -m lib.cli report --school ID_OR_NAME --out PACKET.pdf [--as-of YYYY-MM-DD]
    python -m lib.cli serve --workers N [--port 8501] [--address ADDR]   (needs Debian's caddy)

Every command uses the store named by SCHOOL_GOALS_DB (default data/school_goals.duckdb) and
the app database SCHOOL_GOALS_APP_DB (default beside it). They work while the app serves:
`import`, `undo` and `demo` change a copy of the store and publish it by an atomic rename
(lib/importing/publish.py). `import` and `demo` create the store when there is none.
Exit codes: 0 done, 1 rejected, refused or failed (a sentence says why), 2 usage error.
`--debug` shows the traceback of a failure instead of the sentence.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

from lib.access import commands as link_commands
from lib.access import preflight
from lib.core import db as store
from lib.core.appdb import AppDatabaseError
from lib.core.config import ROOT, database_path, store_lake
from lib.core.db import DatabaseUnavailableError, DatabaseVersionError
from lib.core.store_files import StoreChangeError, StoreLockError
from lib.importing import commands as store_commands
from lib.importing import publish
from lib.importing.oneroster import settings as roster_settings
from lib.importing.oneroster.settings import RosterOptions
from lib.reviews import commands as report_commands
from lib.serving import commands as serve_commands

INTERRUPTED = "Stopped (Ctrl-C) before the command finished. Nothing was changed."


def _parser() -> argparse.ArgumentParser:
    debug = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a subcommand's default must not undo `--debug` given before the subcommand.
    debug.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
    parser = argparse.ArgumentParser(prog="python -m lib.cli", description=__doc__.splitlines()[0])
    parser.add_argument("--debug", action="store_true", help="show the traceback of a failure")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser

    def add_command(name: str, help: str) -> argparse.ArgumentParser:  # noqa: A002 (argparse's name)
        return add(name, parents=[debug], help=help)

    demo = add_command("demo", help="write the demo district's CSV files and import them")
    demo.add_argument("--schools", type=int, default=3)
    demo.add_argument("--students", type=int, default=None, help="total students (default: about 2,400)")
    demo.add_argument("--out", type=Path, default=ROOT / "data" / "demo", help="folder for the CSV files")
    demo.add_argument("--today", type=date.fromisoformat, default=None, help="anchor date (default: today)")
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument(
        "--if-missing",
        action="store_true",
        help="only when there is no database file yet, or one this DuckDB can't read (`make run`)",
    )
    imp = add_command(
        "import", help="import CSV files (or a OneRoster set: zip, folder or files) as one batch"
    )
    imp.add_argument("files", nargs="+", type=Path)
    roster_settings.add_arguments(imp)
    add_command("history", help="list past imports, undos and restores, newest first")
    undo = add_command("undo", help="undo a successful import by its id")
    undo.add_argument("import_id", type=int)
    for command in (demo, imp, undo):
        command.add_argument("--progress", action="store_true", help="print each step on stderr")
    store_commands.add_parsers(add_command)  # watch, backup, restore
    check = add_command(
        "preflight", help="refuse to serve on the network without sign-in (make run, make serve)"
    )
    check.add_argument("--address", default=None, help="the address the server is given (--server.address)")
    link_commands.add_parser(add_command)  # display-token
    report_commands.add_parser(add_command)  # report
    serve_commands.add_parser(add_command)  # serve --workers N
    return parser


def _progress(args: argparse.Namespace):
    """Steps on stderr for a person watching (a terminal, or --progress); nothing otherwise."""
    if getattr(args, "progress", False) or sys.stderr.isatty():
        return lambda step: print(step, file=sys.stderr, flush=True)
    return publish.quiet


def _set_aside_unreadable() -> None:
    """A store from DuckDB 2.0 (a fresh clone's old data/ file): keep it, build the demo anew."""
    path = database_path()
    try:
        store.connect(path, read_only=True).close()
    except DatabaseVersionError as error:
        kept = path.with_name(path.name + ".unreadable")
        path.replace(kept)
        print(f"{error}\nKept it as {kept}; building the demo in a new file.")


def _has_store() -> bool:
    """The store has data (a DuckDB file at its path, or a DuckLake with the store's tables)."""
    return publish.Place.default().files.has_store()


def _demo(args: argparse.Namespace) -> int:
    from lib.demo.build import write_demo_files

    if store_lake() is None and database_path().exists():
        _set_aside_unreadable()
    if args.if_missing and _has_store():
        return 0
    files = write_demo_files(
        args.out, schools=args.schools, students=args.students, seed=args.seed, today=args.today
    )
    return _import_files(files, args, via=publish.DEMO)


def _import_files(
    files: list[Path],
    args: argparse.Namespace,
    via: str = publish.COMMAND_LINE,
    roster: RosterOptions | None = None,
) -> int:
    existed = _has_store()
    report = publish.import_batch(files, via=via, progress=_progress(args), roster=roster)
    if not existed and report.ok:
        lake = store_lake()
        print(f"Created a new store at {lake.label if lake else database_path()}.")
    print(report.text())
    return 0 if report.ok else 1


def _import(args: argparse.Namespace) -> int:
    try:
        roster = roster_settings.from_arguments(args)
    except ValueError as error:
        print(f"Nothing was imported: {error}", file=sys.stderr)
        return 1
    return _import_files(args.files, args, roster=roster)


def _history(_: argparse.Namespace) -> int:
    log = publish.history_of()
    if log.empty:
        print("No imports yet.")
    for row in log.itertuples():
        files = ", ".join(f["name"] for f in json.loads(row.files)) or row.summary or "(no readable file)"
        when = row.started_at.strftime("%Y-%m-%d %H:%M")
        print(f"{row.import_id:>4}  {when}  {row.outcome:<11} {row.kind:<7} {row.via:<12} {files}")
    return 0


def _undo(args: argparse.Namespace) -> int:
    from lib.importing.history import UndoRefused

    try:
        result = publish.undo_batch(args.import_id, progress=_progress(args))
    except UndoRefused as refusal:
        print(f"Not undone: {refusal}")
        return 1
    detail = ", ".join(f"{n:,} {t}" for t, n in result.removed.items()) or "no rows"
    print(f"Import {args.import_id} undone as change {result.undo_id} (removed or restored {detail}).")
    return 0


COMMANDS = {
    "demo": _demo,
    "import": _import,
    "history": _history,
    "undo": _undo,
    "watch": store_commands.run_watch,
    "backup": lambda args: store_commands.run_backup(args, _progress(args)),
    "restore": lambda args: store_commands.run_restore(args, _progress(args)),
    "preflight": lambda args: preflight.run(args.address),
    # The audit trail names the account at the terminal, as the import history does.
    "display-token": lambda args: link_commands.run(args, f"command line ({publish.default_who()})"),
    "report": lambda args: report_commands.run(args, f"command line ({publish.default_who()})"),
    "serve": serve_commands.run,
}


def main(argv: list[str] | None = None) -> int:
    """Run the command; a failure is one sentence on stderr and exit 1 (traceback with --debug)."""
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:
        # `history | head`: the reader left. Python's documented way out: no second error at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (KeyboardInterrupt, Exception) as error:
        if args.debug:
            raise
        print(_failure_sentence(error, args.command), file=sys.stderr)
        return 1


def _failure_sentence(error: BaseException, command: str) -> str:
    if isinstance(error, StoreLockError) and command in ("import", "undo", "demo"):
        return f"{error} This attempt could not be recorded in the import history."
    if isinstance(error, (StoreChangeError, AppDatabaseError)):
        return str(error)
    if isinstance(error, DatabaseUnavailableError):
        # An import that could not even open the store has no history to be written to.
        unrecorded = (
            " This attempt could not be recorded in the import history." if command == "import" else ""
        )
        return f"{error}{unrecorded}"
    if isinstance(error, KeyboardInterrupt):
        return INTERRUPTED
    if isinstance(error, ValueError) and "SCHOOL_GOALS_" in str(error):
        return str(error)  # a bad setting: lib.core.config's sentence names the variable
    return (
        f"Something unexpected went wrong ({type(error).__name__}: {error}). Run the command again "
        "with --debug to see where, and report it."
    )


# Commands run below the app's priority: an import's 30 CPU-seconds then wait for the pages people
# are looking at (measured in bench/serving.py). The app's own imports (the Data page) are not lowered.
COMMAND_NICENESS = 10

if __name__ == "__main__":
    os.nice(COMMAND_NICENESS)
    sys.exit(main())
