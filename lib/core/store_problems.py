"""Sentences for what can go wrong with the store's file: a person reads these, not a traceback.

lib/core/db.py catches DuckDB's exceptions and asks here for the sentence; this module only
reads the error's text and looks at the file system, so it is tested without DuckDB.
"""

from __future__ import annotations

import os
import pwd
import shutil
from pathlib import Path

from lib.core.config import Lake

DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB file
IMPORT_HINT = "`python -m lib.cli import FILE ...`"


def _owner(path: Path) -> str | None:
    try:
        uid = path.stat().st_uid
    except OSError:
        return None
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"user id {uid}"


def _me() -> str:
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return f"user id {os.geteuid()}"


def _free_mb(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free // (1 << 20)
    except OSError:
        return None


def _existing_folder(path: Path) -> Path:
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def not_a_store(path: Path) -> str | None:
    """The sentence when `path` is a folder or a file that is not a DuckDB store; None otherwise.

    DuckDB 1.5.5 opens a CSV file given as a database (as a read-only view of its rows), so a
    CSV at SCHOOL_GOALS_DB would silently take every import into memory: checked before opening.
    """
    if path.is_dir():
        return (
            f"The store path {path} is a folder, not a database file: set SCHOOL_GOALS_DB to a "
            f"file in it, such as {path / 'school_goals.duckdb'}."
        )
    try:
        with path.open("rb") as stream:
            head = stream.read(4096)
    except FileNotFoundError:
        return None
    except OSError as error:
        return permission_denied(path) if isinstance(error, PermissionError) else None
    if head[8:12] == DUCKDB_MAGIC:
        return None
    if path.suffix.lower() in (".csv", ".txt") or (head and b"\0" not in head):
        return (
            f"{path} is a CSV (text) file, not a database store: set SCHOOL_GOALS_DB to the store "
            f"(a .duckdb file), and bring the CSV file in with `python -m lib.cli import {path}`."
        )
    return damaged(path)


def damaged(path: Path) -> str:
    return (
        f"The store {path} is damaged (it is shorter than a DuckDB store should be, or a part of it "
        "is corrupt). Keep it for now, move it away, and import your CSV files again into a new "
        f"store with {IMPORT_HINT}, or put back a copy from a backup."
    )


def missing(path: Path) -> str:
    return (
        f"There is no store at {path}: nothing has been imported there. Check SCHOOL_GOALS_DB "
        f"(a mistyped path?), or import your files with {IMPORT_HINT}, which creates the store."
    )


def permission_denied(path: Path) -> str:
    owner = _owner(path) if path.exists() else _owner(_existing_folder(path))
    what = f"the store {path}" if path.exists() else f"the folder {_existing_folder(path)}"
    belongs = f" (it belongs to {owner})" if owner else ""
    return (
        f"You ({_me()}) may not write {what}{belongs}. Run the command as the store's owner, or "
        "ask whoever looks after this computer to give you write access."
    )


def read_only(path: Path) -> str:
    return (
        f"The folder {_existing_folder(path)} is on a read-only disk, so the store {path} can't be "
        "written. Copy the store to a folder you can write and set SCHOOL_GOALS_DB to the copy."
    )


def disk_full(path: Path) -> str:
    folder = _existing_folder(path)
    free = _free_mb(folder)
    left = f" ({free:,} MB free)" if free is not None else ""
    return (
        f"The disk holding {folder} is full{left}: DuckDB could not write the store or its "
        "temporary files. Free some space (an import needs about twice the size of its files) "
        "and try again."
    )


def out_of_memory(limit: str) -> str:
    return (
        f"DuckDB ran out of memory (the limit is {limit}): raise SCHOOL_GOALS_MEMORY_LIMIT, or "
        "import the files in smaller batches, and try again."
    )


INTERRUPTED = "The work was interrupted (Ctrl-C) before it finished."


def explain(message: str, path: Path, memory_limit: str) -> str:
    """A sentence for a DuckDB or file-system error message about the store at `path`."""
    text = message.lower()
    if "no space left" in text or "failed to offload" in text or "max_temp_directory_size" in text:
        return disk_full(path)
    if "read-only file system" in text:
        return read_only(path)
    if "permission denied" in text:
        return permission_denied(path)
    if "interrupt" in text:
        return INTERRUPTED
    if "corrupt" in text or "could not read enough bytes" in text or "not a valid duckdb" in text:
        return damaged(path)
    if "out of memory" in text:
        return out_of_memory(memory_limit)
    if "invalidated" in text:
        return (
            f"The store {path} stopped taking changes after an earlier error in this run. "
            "Start the command (or the app) again."
        )
    first_line = message.strip().splitlines()[0] if message.strip() else type(message).__name__
    return f"DuckDB could not finish the work on the store {path} ({first_line})."


# -- a DuckLake store (issue 18) ------------------------------------------------------------


def lake_missing(lake: Lake) -> str:
    return (
        f"The DuckLake store {lake.label} has no data yet: nothing has been imported into it. "
        "Import your CSV files (`python -m lib.cli import FILE ...`)."
    )


def no_lake_yet(text: str) -> bool:
    """True when a read-only ATTACH failed because the catalog has no lake in it yet (as opposed
    to a catalog server that can't be reached)."""
    lowered = text.lower()
    if "unable to connect" in lowered or "connection refused" in lowered or "could not connect" in lowered:
        return False
    return (
        "unable to open database file" in lowered
        or "does not exist" in lowered
        or "not initialized" in lowered
    )


def lake_sentence(error: BaseException, lake: Lake) -> str:
    first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    first = first.replace(lake.catalog.split(":", 1)[1], "...")  # the connection string may hold a password
    if "conflict" in str(error).lower():
        return (
            f"Another change to the DuckLake store {lake.label} was published while this one ran "
            "(an import from another computer?), so this one could not be: run it again."
        )
    return (
        f"The DuckLake store {lake.label} could not be read ({first}). Check that its catalog "
        "database is running and reachable from this computer and that the folder of its data "
        "files is mounted."
    )
