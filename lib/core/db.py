"""The one door to DuckDB: open the store, run named queries, write in transactions.

This is the only module that imports duckdb. Streamlit runs every browser session in
its own thread and a DuckDB connection refuses concurrent calls, so the app keeps one
connection per process and every query runs on a cursor of its own.
"""

from __future__ import annotations

import importlib
import os
import re
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, Protocol, TypeVar

import duckdb
import pandas as pd
import pyarrow as pa

from lib.core import store_problems
from lib.core.config import Lake, lake_of, memory_limit, store_target

LIB = Path(__file__).resolve().parent.parent
# 2: access (issue 13), 3: professional learning (issue 17), 4: reading_days, 5: reading_students (18)
SCHEMA_VERSION = 5
Params = Sequence[Any] | Mapping[str, Any] | None
Result = TypeVar("Result")
TOGETHER = 4  # at most this many of together()'s calls run at once


class GoalOverlay(Protocol):
    """The goal form's saved goals (lib.core.goal_edits.AppGoals): laid over the store's goals
    by the goals_now() macro (lib/core/macros.sql)."""

    def version(self) -> str: ...

    def frame(self) -> pd.DataFrame: ...


# The overlay's columns and their dtypes (DuckDB takes a registered frame's types from them, an
# empty frame included): a goal's fields as goals.csv has them, then after_import.
OVERLAY_COLUMNS = {
    **dict.fromkeys(("goal_id", "school_id", "title", "metric"), "object"),
    "target": "float64",
    **dict.fromkeys(("start_date", "end_date", "subject", "grade_level", "subgroup", "owner"), "object"),
    "after_import": "int64",
}


def _arrow_goals(frame: pd.DataFrame) -> pa.Table:
    """The overlay's rows as an Arrow table of OVERLAY_COLUMNS' types (text, float, integer):
    DuckDB registers it in well under a millisecond, a pandas frame of text columns in about 2."""
    columns = {}
    for name, kind in OVERLAY_COLUMNS.items():
        values = frame[name].tolist()
        if kind == "object":
            columns[name] = pa.array([None if pd.isna(v) else str(v) for v in values], type=pa.string())
        else:
            columns[name] = pa.array(values, type=pa.float64() if kind == "float64" else pa.int64())
    return pa.table(columns)


class _NoOverlay:
    def version(self) -> str:
        return ""

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame({name: pd.Series(dtype=kind) for name, kind in OVERLAY_COLUMNS.items()})


class DatabaseUnavailableError(RuntimeError):
    """The database file can't be opened; the message says what a person can do about it."""


class DatabaseLockedError(DatabaseUnavailableError):
    """Another program holds the database file open for writing."""


class DatabaseVersionError(DatabaseUnavailableError):
    """The file was written by a newer DuckDB (2.0 storage) than this app's pinned 1.5.5."""


class DatabaseMissingError(DatabaseUnavailableError):
    """There is no store at the path (history, undo and the app never create one)."""


class DatabaseWriteError(DatabaseUnavailableError):
    """A write failed and was rolled back: disk full, read-only, interrupted...

    `reason` is the sentence without the closing "Nothing was changed."; `interrupted` is
    True for Ctrl-C inside DuckDB.
    """

    def __init__(self, reason: str, rollback_failure: str | None = None, interrupted: bool = False):
        text = f"{reason} Nothing was changed."
        if rollback_failure:
            # The first error is the one a person acts on; the failed ROLLBACK is added to it.
            text += (
                f" (Undoing the unfinished work also failed: {rollback_failure}. Nothing had been "
                "committed, so the store keeps its last saved state.)"
            )
        super().__init__(text)
        self.reason, self.interrupted = reason, interrupted


# Errors about the file, the disk or the machine, as opposed to a mistake in the SQL (a bug,
# which keeps its traceback).
_STORE_ERRORS = (
    duckdb.IOException,
    duckdb.OutOfMemoryException,
    duckdb.InterruptException,
    duckdb.FatalException,
    duckdb.SerializationException,
    duckdb.TransactionException,
    duckdb.PermissionException,
)


def _quoted(text: str) -> str:
    """A setting (a path, a catalog) as an SQL string literal: ATTACH and LOAD take no parameters."""
    return "'" + text.replace("'", "''") + "'"


def _sentence(error: BaseException, path: Path | str) -> str:
    lake = lake_of(path)
    if lake is not None:
        return store_problems.lake_sentence(error, lake)
    return store_problems.explain(str(error), Path(path), memory_limit())


def _write_error(error: BaseException, path: Path | str, rollback_failure: str | None) -> DatabaseWriteError:
    interrupted = isinstance(error, duckdb.InterruptException)
    return DatabaseWriteError(_sentence(error, path), rollback_failure, interrupted)


def _roll_back(cur: Any) -> str | None:
    """ROLLBACK; None when it worked (or there was nothing to roll back), else what went wrong."""
    try:
        cur.execute("ROLLBACK")
    except duckdb.Error as error:
        if "no transaction is active" in str(error):
            return None
        return str(error).strip().splitlines()[0]
    return None


@contextmanager
def _reading(path: Path | str) -> Iterator[None]:
    """Turn a store error met while reading into DatabaseUnavailableError with its sentence."""
    try:
        yield
    except _STORE_ERRORS as error:
        raise DatabaseUnavailableError(_sentence(error, path)) from error


def _settings() -> dict[str, Any]:
    # A cap keeps a 5-million-row import under 2 GB (DuckDB spills to disk past it);
    # no query here relies on insertion order, and dropping it saves memory on bulk inserts.
    return {
        "memory_limit": memory_limit(),
        "preserve_insertion_order": False,
    }


@cache
def _macros() -> tuple[str, re.Pattern[str]]:
    """lib/core/macros.sql as one transaction, and a pattern that finds a call to any of its
    macros. One transaction, run before the cursor's USE: one statement at a time after `USE`
    a lake, each CREATE committed on its own, cost a lake cursor about 9 ms instead of 2."""
    text = (Path(__file__).resolve().parent / "macros.sql").read_text()
    names = re.findall(r"CREATE OR REPLACE TEMP MACRO (\w+)", text)
    return f"BEGIN TRANSACTION;\n{text}\nCOMMIT;", re.compile(rf"\b({'|'.join(names)})\s*\(")


@cache
def _goals_now() -> str:
    """The goals_now() macro (lib/core/goals_now.sql)."""
    return (Path(__file__).resolve().parent / "goals_now.sql").read_text()


MIGRATIONS = {1: "schema.sql", 2: "schema_2.sql", 3: "schema_3.sql", 4: "schema_4.sql", 5: "schema_5.sql"}
AGGREGATE_VERSION = 4  # the store version that keeps reading_days
SUMMARY_VERSION = 5  # the store version that keeps reading_students
# A lake writes reading_logs sorted by student and day (DuckLake sorts each insert): one
# school's students are a narrow range of ids, so the Parquet statistics let a query on one
# school skip most of the file (measured on a 250-school region: the reading page's scan for one
# school 0.25 s -> 0.04 s, for the region 2.1 s -> 1.1 s; docs/scaling.md).
# And a lake keeps one row that every change rewrites (lib/importing/publish.py): two changes at
# once, from two computers, both write it, so DuckLake refuses the second COMMIT as a conflict.
LAKE_ONLY = (
    "ALTER TABLE reading_logs SET SORTED BY (student_id, log_date)",
    "CREATE TABLE store_writer (change_id BIGINT, who VARCHAR, started_at TIMESTAMP)",
    "INSERT INTO store_writer VALUES (0, '', now())",
)
# From schema 5 a lake also writes reading_logs in a folder of files per month (sorted within
# each): a query of recent days (participation in the last weeks, on every board) reads the
# files of those months only, not every log. Files written before stay as they are.
LAKE_AT_SUMMARY = ("ALTER TABLE reading_logs SET PARTITIONED BY (year(log_date), month(log_date))",)
# The tables the reading totals are made from: a change to either makes them again.
AGGREGATED_FROM = ("reading_logs", "students")


def refresh_aggregates(cur: Any) -> None:
    """Make the per-school daily and per-student totals (reading_days, reading_students) again
    from the rows in `cur`'s transaction (lib/core/aggregates.sql; the macros of macros.sql
    must be defined on `cur`)."""
    cur.execute((Path(__file__).resolve().parent / "aggregates.sql").read_text())


LAKE_ALIAS = "lake"
# The extension each kind of DuckLake catalog needs besides ducklake itself.
CATALOG_EXTENSIONS = {"postgres": "postgres_scanner", "sqlite": "sqlite_scanner"}


def _extension_file(name: str) -> Path:
    """The extension's binary in its PyPI package (duckdb-extension-<name>) for this DuckDB: loaded
    from there, so nothing is downloaded at run time (these machines and many school networks
    can't) and nothing is installed into a home folder a service account may not have."""
    try:
        module = importlib.import_module(f"duckdb_extension_{name}")
    except ImportError as error:
        raise DatabaseUnavailableError(
            f"The DuckDB extension {name} is not installed, so a DuckLake store can't be opened: "
            "`make setup` installs it (requirements.txt lists duckdb-extension-"
            + name.replace("_", "-")
            + ")."
        ) from error
    folder = Path(str(module.__file__)).parent / "extensions" / f"v{duckdb.__version__}"
    return folder / f"{name}.duckdb_extension"


def _migrations() -> dict[int, str]:
    # Version 1 is the whole first schema; each later version is a script of its own. A store is
    # migrated when an import opens its work copy (the app reads the published file read-only).
    here = Path(__file__).resolve().parent
    return {version: (here / name).read_text() for version, name in MIGRATIONS.items()}


@cache
def _named_queries(area: str) -> dict[str, str]:
    """Parse lib/<area>/queries.sql into {name: sql}; blocks start with `-- name: <name>`."""
    text = (LIB / area / "queries.sql").read_text()
    parts = re.split(r"^--\s*name:\s*(\w+)\s*$", text, flags=re.M)
    return {name: body.strip() for name, body in zip(parts[1::2], parts[2::2], strict=True)}


def named_sql(name: str) -> str:
    """Return the SQL text of `area.query_name` from lib/<area>/queries.sql."""
    area, _, query_name = name.partition(".")
    try:
        return _named_queries(area)[query_name]
    except (KeyError, FileNotFoundError):
        raise KeyError(f"No query named {name!r} in lib/{area}/queries.sql") from None


def _lock_message(path: Path, error: Exception) -> str:
    holder = re.search(r"PID (\d+)", str(error))
    who = f" (process {holder.group(1)})" if holder else ""
    return (
        f"The database file {path} is open in another program{who}. "
        "Only one program can write to it at a time: stop the other dashboard or import "
        "command that is using it, then try again."
    )


def _version_message(path: Path) -> str:
    return (
        f"The database file {path} was written by a newer DuckDB than this app uses "
        f"({duckdb.__version__}), which can't read it. `make run` or `make demo` keep it as "
        f"{path.name}.unreadable and build the demo in a new file; or move it away and import "
        "your CSV files again (`python -m lib.cli import ...`)."
    )


def _open_error(error: Exception, path: Path) -> DatabaseUnavailableError:
    """The sentence for a store that could not be opened or attached."""
    text = str(error).lower()
    # Not just "lock": a corrupt file's message says "in block at location ...".
    if "conflicting lock" in text or "could not set lock" in text:
        return DatabaseLockedError(_lock_message(path, error))
    if "newer version of duckdb" in text:
        return DatabaseVersionError(_version_message(path))
    return DatabaseUnavailableError(_sentence(error, path))


def _identity(path: Path) -> tuple[int, int, int, int] | None:
    """Which file is at `path` now (device, inode, change time, size); None when there is none."""
    try:
        facts = os.stat(path)
    except OSError:
        return None
    return (facts.st_dev, facts.st_ino, facts.st_mtime_ns, facts.st_size)


class Database:
    """One DuckDB connection with a cursor per call. Use `connect()` to make one.

    Read-write: the file itself (an import's work copy, a test's store). Read-only (the app,
    history): an in-memory connection that ATTACHes the file READ_ONLY and, when an import
    publishes a new file at the path, attaches the new one and detaches the old once no query
    uses it (about 1 ms; a query already running finishes on the file it started on).
    """

    def __init__(
        self, path: Path | str | Lake, read_only: bool = False, goals: GoalOverlay | None = None
    ) -> None:
        self.lake = lake_of(path)
        self.path: Path | str = str(path)  # ":memory:", or the lake's `ducklake:...` text
        if self.lake is not None:
            self.path = self.lake.target
        elif str(path) != ":memory:":
            self.path = Path(str(path))
        self.read_only = read_only
        self._overlay: GoalOverlay = goals or _NoOverlay()
        self._overlay_frame: tuple[str, pa.Table] | None = None
        self._drafts = threading.local()  # goals_added(): this thread's goals not yet saved
        self._held: Any = None  # held(): the cursor of the one transaction every call runs in
        self._users: dict[str, int] = {}  # attached alias -> queries running on it
        self._switch = threading.Lock()
        if self.lake is not None:
            self._open_lake(self.lake)
            return
        assert not isinstance(path, Lake)
        problem = store_problems.not_a_store(Path(path)) if str(path) != ":memory:" else None
        if problem:
            raise DatabaseUnavailableError(problem)
        attach = read_only and str(path) != ":memory:"
        try:
            self._con = duckdb.connect(":memory:" if attach else str(path), config=_settings())
        except (duckdb.IOException, *_STORE_ERRORS) as error:
            raise _open_error(error, Path(path)) from error
        self._alias: str | None = None  # the attached file queries use now
        self._file: tuple[int, int, int, int] | None = None
        self._attached = 0
        if attach:
            self._attach_current()
        elif not read_only:
            self._migrate()

    def _open_lake(self, lake: Lake) -> None:
        """Attach the DuckLake as `lake` on an in-memory connection (READ_ONLY for the app). Each
        query runs in a transaction of its own, so it reads the newest committed snapshot: an
        import committed by another process or machine shows on the next query."""
        self.read_only = self.read_only or lake.snapshot is not None
        self._alias, self._file, self._attached = LAKE_ALIAS, None, 0
        self._users[LAKE_ALIAS] = 0
        kind = lake.catalog.split(":", 1)[0]
        try:
            settings = {
                **_settings(),
                "autoinstall_known_extensions": False,
                "autoload_known_extensions": False,
            }
            self._con = duckdb.connect(":memory:", config=settings)
            for name in ("ducklake", CATALOG_EXTENSIONS[kind]):
                self._con.execute(f"LOAD '{_extension_file(name)}'")
            options = ["READ_ONLY"] if self.read_only or lake.snapshot is not None else []
            if lake.snapshot is not None:
                options.append(f"SNAPSHOT_VERSION {int(lake.snapshot)}")
            if lake.data_path and not self.read_only:
                options.append("DATA_PATH " + _quoted(lake.data_path))
            suffix = f" ({', '.join(options)})" if options else ""
            self._con.execute(f"ATTACH {_quoted(lake.target)} AS {LAKE_ALIAS}{suffix}")
            if not self.read_only:  # the district's name is checked: a-z, 0-9 and _ (config)
                self._con.execute(f"CREATE SCHEMA IF NOT EXISTS {LAKE_ALIAS}.{lake.district}")
        except duckdb.Error as error:
            if lake.snapshot is not None and "no snapshot found" in str(error).lower():
                raise DatabaseMissingError(
                    f"The DuckLake store {lake.label} no longer keeps snapshot {lake.snapshot} (expired)."
                ) from error
            if self.read_only and store_problems.no_lake_yet(str(error)):
                raise DatabaseMissingError(store_problems.lake_missing(lake)) from error
            raise DatabaseUnavailableError(store_problems.lake_sentence(error, lake)) from error
        if self.read_only:
            found = "SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? AND table_name = ?"
            with self._con.cursor() as cur:  # closed at once: no transaction stays open
                tables = cur.execute(found, [LAKE_ALIAS, lake.district, "schema_info"]).fetchone()
            if not tables or not tables[0]:
                raise DatabaseMissingError(store_problems.lake_missing(lake))
        else:
            self._migrate()

    def published_at(self) -> float | None:
        """When the data read now was published (seconds since the epoch): the file's change
        time, or the lake's newest change's snapshot; None when it is not known."""
        if self.lake is None:
            try:
                return os.stat(self.path).st_mtime
            except OSError:
                return None
        found = self.scalar(
            f"SELECT epoch(max(snapshot_time)) FROM ducklake_snapshots('{LAKE_ALIAS}') WHERE commit_message IS NOT NULL"
        )
        return None if found is None else float(found)

    def snapshot_id(self) -> int | None:
        """The DuckLake snapshot queries read now (None for a DuckDB file)."""
        if self.lake is None:
            return None
        return int(self.scalar(f"SELECT id FROM {LAKE_ALIAS}.current_snapshot()"))

    def _attach_current(self) -> None:
        """Attach the file now at the path if it is not the one attached (call with _switch held
        or from __init__). A file that can't be attached leaves the old one in use."""
        if self.lake is not None:
            return  # one lake: every transaction reads its newest snapshot
        found = _identity(Path(self.path))
        if found is None or found == self._file:
            if found is None and self._alias is None:
                raise DatabaseMissingError(store_problems.missing(Path(self.path)))
            return
        self._attached += 1
        alias = f"store_{self._attached}"
        try:
            # ATTACH takes no parameters: the path (a setting, never a visitor's input) is quoted.
            self._con.execute(f"ATTACH {_quoted(str(self.path))} AS {alias} (READ_ONLY)")
        except (duckdb.Error, *_STORE_ERRORS) as error:
            if self._alias is None:
                raise _open_error(error, Path(self.path)) from error
            return
        old, self._alias, self._file = self._alias, alias, found
        self._users[alias] = 0
        if old is not None:
            self._detach_if_idle(old)

    def _detach_if_idle(self, alias: str) -> None:
        if alias != self._alias and self._users.get(alias) == 0:
            del self._users[alias]
            self._con.execute(f"DETACH {alias}")

    def _enter(self) -> str | None:
        """The alias a new query runs on (the newest file), counted as in use."""
        if self._alias is None:
            return None
        with self._switch:
            self._attach_current()
            self._users[self._alias] += 1
            return self._alias

    def _leave(self, alias: str | None) -> None:
        if alias is None:
            return
        with self._switch:
            self._users[alias] -= 1
            self._detach_if_idle(alias)

    def version(self) -> str:
        """Which data queries see now: the path and the identity of the file attached (read-only
        mode), and the goal form's newest save, so a cache keyed on it never serves results of
        an earlier file or an earlier goal."""
        goals = self._overlay.version()
        if self.lake is not None:
            return f"{self.lake.label}|{self.lake.snapshot or self.snapshot_id()}|{goals}"
        if self._alias is None:
            return f"{self.path}|{_identity(Path(self.path)) if str(self.path) != ':memory:' else ''}|{goals}"
        with self._switch:
            self._attach_current()
            return f"{self.path}|{self._file}|{goals}"

    def _app_goals(self) -> pa.Table:
        """The overlay's frame (read again only when its version changed), with this thread's
        drafts (goals_added) over it."""
        version = self._overlay.version()
        cached = self._overlay_frame
        if cached is None or cached[0] != version:
            cached = self._overlay_frame = (version, _arrow_goals(self._overlay.frame()))
        drafts = getattr(self._drafts, "frame", None)
        if drafts is None:
            return cached[1]
        both = pd.concat([cached[1].to_pandas(), drafts], ignore_index=True)
        return _arrow_goals(both.drop_duplicates("goal_id", keep="last").reset_index(drop=True))

    @contextmanager
    def goals_added(self, drafts: pd.DataFrame) -> Iterator[Database]:
        """Within the block, this thread's goal queries also see `drafts` (goal rows as
        lib.core.goal_edits.AppGoals.frame gives them; a draft replaces a goal of its goal_id
        whatever its source): the goal form works out a goal's baseline before it is saved.
        Nothing is written; other threads (other browser sessions) never see a draft."""
        drafts = drafts.assign(after_import=2**62)  # newer than any import
        self._drafts.frame = drafts
        try:
            yield self
        finally:
            self._drafts.frame = None

    def together(self, *calls: Callable[[], Result]) -> list[Result]:
        """Run independent loads at once and return their results in order (the first error
        raised is raised here). DuckDB lets go of the GIL while a query runs, so one load's
        query overlaps another's query or Python: a region's board runs its dozen queries this
        way. Each call sees this thread's drafts (goals_added); inside held() they run one
        after another on its one cursor."""
        if self._held is not None or len(calls) < 2:
            return [call() for call in calls]
        drafts = getattr(self._drafts, "frame", None)

        def run(call: Callable[[], Result]) -> Result:
            self._drafts.frame = drafts
            try:
                return call()
            finally:
                self._drafts.frame = None

        with ThreadPoolExecutor(max_workers=min(len(calls), TOGETHER)) as pool:
            futures = [pool.submit(run, call) for call in calls]
            return [future.result() for future in futures]

    @contextmanager
    def _cursor(self, sql: str | None = None) -> Iterator[Any]:
        """A cursor of its own, with the shared macros (lib/core/macros.sql) defined on it.

        A DuckDB cursor is a connection of its own: TEMP macros made on another one are not
        visible to it. Defining them costs about 2 ms, so a cursor for `sql` that calls none
        of them skips it; a cursor without `sql` (a transaction) always defines them.
        """
        macros, calls = _macros()
        if self._held is not None:  # held(): everything runs in its one transaction
            self._define_goals_now(self._held, sql)
            yield self._held
            return
        alias = self._enter()
        try:
            with self._con.cursor() as cur:
                if sql is None or calls.search(sql):
                    cur.execute(macros)
                if alias is not None:
                    # A lake: its district's schema (lib.core.config.Lake.district), so every
                    # query reads and writes that district's tables only.
                    cur.execute(f"USE {alias}.{self.lake.district}" if self.lake else f"USE {alias}")
                self._define_goals_now(cur, sql)
                yield cur
        finally:
            self._leave(alias)

    def _define_goals_now(self, cur: Any, sql: str | None) -> None:
        """The goals_now() macro on `cur` when `sql` calls it. Made here, not in macros.sql:
        DuckDB checks a table macro's tables when it is defined, and a store being created has
        none yet."""
        if sql is None or "goals_now" not in sql:
            return
        own = cur is not self._held  # held(): already inside its transaction
        if own:
            cur.execute("BEGIN TRANSACTION")  # about 5 ms on a lake instead of 13
        cur.register("app_goals", self._app_goals())
        cur.execute(_goals_now())
        if own:
            cur.execute("COMMIT")

    def _migrate(self) -> None:
        with self.transaction() as cur:
            cur.execute("CREATE TABLE IF NOT EXISTS schema_info (version INTEGER NOT NULL)")
            row = cur.execute("SELECT max(version) FROM schema_info").fetchone()
            current = row[0] or 0
            for version, script in sorted(_migrations().items()):
                if version > current:
                    cur.execute(script)
                    if self.lake is not None:
                        lake_steps = {AGGREGATE_VERSION: LAKE_ONLY, SUMMARY_VERSION: LAKE_AT_SUMMARY}
                        for statement in lake_steps.get(version, ()):
                            cur.execute(statement)
                    cur.execute("INSERT INTO schema_info VALUES (?)", [version])
            if 0 < current < SUMMARY_VERSION:
                refresh_aggregates(cur)  # a store with data: its new totals from the start

    def schema_version(self) -> int:
        return int(self.sql("SELECT max(version) AS v FROM schema_info")["v"].iloc[0])

    def sql(self, sql: str, params: Params = None) -> pd.DataFrame:
        """Run SQL with bound parameters on its own cursor and return every row."""
        with self._cursor(sql) as cur, _reading(self.path):
            return cur.execute(sql, params).df()

    def query(self, name: str, params: Params = None) -> pd.DataFrame:
        """Run the named query `area.name` (lib/<area>/queries.sql) with bound parameters."""
        return self.sql(named_sql(name), params)

    def scalar(self, sql: str, params: Params = None) -> Any:
        with self._cursor(sql) as cur, _reading(self.path):
            row = cur.execute(sql, params).fetchone()
        return None if row is None else row[0]

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """Yield a cursor inside BEGIN ... COMMIT; any exception rolls everything back.

        A DuckDB error about the file, the disk or memory (also at COMMIT) comes out as
        DatabaseWriteError with a sentence; other exceptions come out as they went in. A ROLLBACK
        that fails never hides the first error: it is added to it.
        """
        if self._held is not None:  # a part of held()'s transaction: it commits or rolls back
            try:
                yield self._held
            except _STORE_ERRORS as error:
                raise _write_error(error, self.path, None) from error
            return
        with self._cursor() as cur:
            with _reading(self.path):
                cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
            except BaseException as error:
                rollback_failure = _roll_back(cur)
                if isinstance(error, _STORE_ERRORS):
                    raise _write_error(error, self.path, rollback_failure) from error
                if rollback_failure:
                    error.add_note(f"ROLLBACK also failed: {rollback_failure}")
                raise
            try:
                cur.execute("COMMIT")
            except _STORE_ERRORS as error:
                raise _write_error(error, self.path, _roll_back(cur)) from error

    @contextmanager
    def held(self) -> Iterator[HeldTransaction]:
        """One transaction for everything this Database runs (from this thread) until the block
        ends: transaction() blocks inside are parts of it and queries see its rows. Only
        `commit()` keeps them; the block's end rolls back whatever was not committed. On a
        DuckLake an import is published by that one commit, as one snapshot."""
        with self._cursor() as cur:
            with _reading(self.path):
                cur.execute("BEGIN TRANSACTION")
            held = HeldTransaction(cur, self.path)
            self._held = cur
            try:
                yield held
            finally:
                self._held = None
                if not held.committed:
                    _roll_back(cur)

    def close(self) -> None:
        self._con.close()


class HeldTransaction:
    """The transaction Database.held() opened: `commit()` keeps what was done in it."""

    def __init__(self, cursor: Any, path: Path | str) -> None:
        self.cursor, self._path, self.committed = cursor, path, False

    def commit(self, author: str | None = None, message: str | None = None) -> None:
        """COMMIT (on a DuckLake, with the snapshot's author and commit message); a store error
        rolls back and comes out as DatabaseWriteError."""
        try:
            if message is not None and lake_of(self._path) is not None:
                self.cursor.execute(f"CALL {LAKE_ALIAS}.set_commit_message(?, ?)", [author or "", message])
            self.cursor.execute("COMMIT")
        except _STORE_ERRORS as error:
            raise _write_error(error, self._path, _roll_back(self.cursor)) from error
        self.committed = True


def store_label() -> str:
    """The store SCHOOL_GOALS_DB names, as a person may see it (a lake's password hidden)."""
    lake = lake_of(store_target())
    return lake.label if lake is not None else str(store_target())


def store_exists(path: Path | str | None = None) -> bool:
    """True when there is a file (or anything) at `path`, default the store's (a DuckLake store
    always exists: whether it has data yet is what connect() says)."""
    target = store_target() if path is None else path
    return lake_of(target) is not None or Path(target).exists()


def connect(
    path: Path | str | Lake | None = None,
    read_only: bool = False,
    create: bool = True,
    goals: GoalOverlay | None = None,
) -> Database:
    """Open (and create or migrate) the store at `path`, default the one SCHOOL_GOALS_DB names
    (a DuckDB file, or a DuckLake: `ducklake:postgres:...`).

    With create=False (history, undo, the app) a missing store raises DatabaseMissingError
    instead of being made empty. `goals`: the goal form's saves to lay over the store's goals
    (the app and the report command pass the app database's; none by default). Every other failure to open raises DatabaseUnavailableError
    (DatabaseLockedError when another process holds the file) with a sentence a person can
    act on.
    """
    try:
        target = store_target() if path is None else path
        lake = lake_of(target)
    except ValueError as error:
        raise DatabaseUnavailableError(str(error)) from error
    if str(target) == ":memory:" or lake is not None:
        return Database(target, read_only=read_only, goals=goals)
    assert not isinstance(target, Lake)
    if not Path(target).exists() and (read_only or not create):
        raise DatabaseMissingError(store_problems.missing(Path(target)))
    try:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseUnavailableError(
            store_problems.explain(str(error), Path(target), memory_limit())
        ) from error
    return Database(target, read_only=read_only, goals=goals)
