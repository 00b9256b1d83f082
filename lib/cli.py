"""Command line: build the demo, import files, list imports, undo one.

    python -m lib.cli demo [--schools N] [--students N] [--out DIR] [--today YYYY-MM-DD] [--if-missing]
    python -m lib.cli import FILE [FILE ...]
    python -m lib.cli history
    python -m lib.cli undo IMPORT_ID

Every command uses the database named by SCHOOL_GOALS_DB (default data/school_goals.duckdb);
`import` and `demo` create it when there is none, `history` and `undo` say there is none.
Exit codes: 0 done, 1 rejected, refused or failed (a sentence says why), 2 usage error.
`--debug` shows the traceback of a failure instead of the sentence.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from lib.core import db as store
from lib.core.config import ROOT, database_path
from lib.core.db import DatabaseUnavailableError, DatabaseVersionError

INTERRUPTED = "Stopped (Ctrl-C) before the command finished. Nothing was changed."
CREATES_A_STORE = {"demo", "import"}


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
    imp = add_command("import", help="import CSV files as one all-or-nothing batch")
    imp.add_argument("files", nargs="+", type=Path)
    add_command("history", help="list past imports, newest first")
    undo = add_command("undo", help="undo a successful import by its id")
    undo.add_argument("import_id", type=int)
    return parser


def _demo(args: argparse.Namespace, database: store.Database) -> int:
    from lib.demo.build import load_demo

    report = load_demo(
        database, args.out, schools=args.schools, students=args.students, seed=args.seed, today=args.today
    )
    print(report.text())
    return 0 if report.ok else 1


def _import(args: argparse.Namespace, database: store.Database) -> int:
    from lib.importing.importer import import_files

    report = import_files(database, args.files)
    print(report.text())
    return 0 if report.ok else 1


def _history(_: argparse.Namespace, database: store.Database) -> int:
    from lib.importing.history import import_history

    log = import_history(database)
    if log.empty:
        print("No imports yet.")
    for row in log.itertuples():
        files = ", ".join(f["name"] for f in json.loads(row.files)) or "(no readable file)"
        when = row.started_at.strftime("%Y-%m-%d %H:%M")
        print(f"{row.import_id:>4}  {when}  {row.outcome:<9} {files}")
    return 0


def _undo(args: argparse.Namespace, database: store.Database) -> int:
    from lib.importing.history import UndoRefused, undo_import

    try:
        removed = undo_import(database, args.import_id)
    except UndoRefused as refusal:
        print(f"Not undone: {refusal}")
        return 1
    detail = ", ".join(f"{n:,} {t}" for t, n in removed.items()) or "no rows"
    print(f"Import {args.import_id} undone (removed or restored {detail}).")
    return 0


COMMANDS = {"demo": _demo, "import": _import, "history": _history, "undo": _undo}


def _set_aside(path: Path) -> Path:
    """Rename an unreadable store to <name>.unreadable (kept, never deleted); return the new path."""
    kept = path.with_name(path.name + ".unreadable")
    path.replace(kept)
    return kept


def _open(args: argparse.Namespace) -> tuple[store.Database, bool]:
    """The store for the command, and whether it was there before (import and demo create it)."""
    existed = database_path().exists()
    create = args.command in CREATES_A_STORE
    try:
        return store.connect(create=create, read_only=args.command == "history"), existed
    except DatabaseVersionError as error:
        if args.command != "demo":
            raise
        # A store from DuckDB 2.0 (a fresh clone's old data/ file): keep it, build the demo anew.
        print(f"{error}\nKept it as {_set_aside(database_path())}; building the demo in a new file.")
        return store.connect(), False


def _run(args: argparse.Namespace) -> int:
    database, existed = _open(args)
    try:
        if args.command == "demo" and args.if_missing and existed:
            return 0
        if not existed:
            print(f"Created a new store at {database_path()}.")
        return COMMANDS[args.command](args, database)
    finally:
        database.close()


def main(argv: list[str] | None = None) -> int:
    """Run the command; a failure is one sentence on stderr and exit 1 (traceback with --debug)."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except (KeyboardInterrupt, Exception) as error:
        if args.debug:
            raise
        print(_failure_sentence(error, args.command), file=sys.stderr)
        return 1


def _failure_sentence(error: BaseException, command: str) -> str:
    if isinstance(error, DatabaseUnavailableError):
        # An import that could not even open the store has no history to be written to.
        unrecorded = (
            " This attempt could not be recorded in the import history." if command == "import" else ""
        )
        return f"{error}{unrecorded}"
    if isinstance(error, KeyboardInterrupt):
        return INTERRUPTED
    return (
        f"Something unexpected went wrong ({type(error).__name__}: {error}). Run the command again "
        "with --debug to see where, and report it."
    )


if __name__ == "__main__":
    sys.exit(main())
