"""Import a batch of CSV files into the store: all or nothing, every problem reported.

Flow: inspect each file (encoding, table, header) -> stream rows into raw text tables ->
parse into typed stage tables -> validate values, duplicate keys and references ->
if anything is wrong, roll back and report; else upsert, keeping replaced rows in
<table>_history so the import can be undone by its id. A failure on the way (disk full,
read-only store, Ctrl-C) rolls back too and is reported as a sentence.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from lib.core.contract import LOAD_ORDER, TABLES, Table
from lib.core.db import (
    AGGREGATED_FROM,
    Database,
    DatabaseUnavailableError,
    DatabaseWriteError,
    refresh_aggregates,
)
from lib.core.store_problems import INTERRUPTED
from lib.importing.csv_source import CsvFile, CsvProblem, open_csv, stream_into
from lib.importing.oneroster.settings import RosterOptions
from lib.importing.oneroster.translate import Translation, prepared
from lib.importing.report import ImportReport, Problem, TableCounts, files_json
from lib.importing.validation import (
    Sql,
    duplicates_query,
    foreign_log_query,
    ident,
    key_condition,
    meetings_outside_query,
    problems_query,
    reference_query,
    stage_select,
)

PROBLEM_CAP = 200  # problems listed in full; the rest are counted
REFERENCE_NOUNS = {"staff": "staff member", "pd_sessions": "PD session"}  # "is not a known ..."


@dataclass
class _Batch:
    files: list[CsvFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    warnings: list[str] = field(default_factory=list)

    def add(self, problem: Problem, count: int = 1) -> None:
        self.problem_count += count
        if len(self.problems) < PROBLEM_CAP:
            self.problems.append(problem)

    def tables(self) -> list[Table]:
        names = {f.contract.name for f in self.files}
        return [TABLES[n] for n in LOAD_ORDER if n in names]


class _Rejected(Exception):
    pass


def _no_progress(_: str) -> None:
    pass


def import_files(
    db: Database,
    paths: Sequence[Path | str],
    import_id: int | None = None,
    progress: Callable[[str], None] = _no_progress,
    roster: RosterOptions | None = None,
) -> ImportReport:
    """Import the files as one batch; return the report (ok, counts per table, problems).

    Nothing in the database changes unless every file is valid and every write succeeds.
    Without `import_id`, the next id is taken and every attempt (imported, rejected, failed or
    interrupted) is written to the store's import_log, unless the store can't be written (the
    report then says the attempt was not recorded). With `import_id` (lib/importing/publish.py,
    which works on a copy of the store), a successful import is logged under that id and a
    failed one is left for the caller to record. `progress` gets a sentence per step.
    A OneRoster set among the paths (a zip, a folder or its files) is translated into the
    contract's files first (lib.importing.oneroster), with `roster` as its settings (default:
    from the environment, read only when the batch has a set); its problems name the OneRoster files.
    """
    with prepared(paths, roster, db.sql) as translation:
        return _import(db, translation, import_id, progress, datetime.now())


def _import(
    db: Database,
    translation: Translation,
    import_id: int | None,
    progress: Callable[[str], None],
    started: datetime,
) -> ImportReport:
    batch = _Batch(warnings=list(translation.warnings))
    for problem in translation.problems:
        batch.add(problem)
    batch.problem_count += translation.problem_count - len(translation.problems)
    for occurrence, (path, label) in enumerate(_labels(translation.files)):
        _inspect(batch, path, occurrence, label)
    given_id = import_id
    try:
        with db.transaction() as cur:
            import_id = given_id or _next_import_id(cur)
            for source in batch.files:
                progress(f"Reading {source.name}...")
                _load_raw(cur, source, batch)
            progress("Checking every row...")
            _stage_and_check(cur, batch)
            batch.problems = [translation.locate(p) for p in batch.problems]
            if batch.problem_count:
                raise _Rejected
            progress("Writing the new rows...")
            counts = {t.name: _apply(cur, t, import_id) for t in batch.tables()}
            if any(counts[name].changed_or_removed() for name in AGGREGATED_FROM if name in counts):
                progress("Adding up each school's reading by day...")
                refresh_aggregates(cur)
            _log(cur, import_id, started, "imported", batch, counts)
    except _Rejected:
        return _record_failure(db, batch, started, "rejected", None, given_id)
    except DatabaseWriteError as error:
        outcome = "interrupted" if error.interrupted else "failed"
        return _record_failure(db, batch, started, outcome, error.reason, given_id)
    except KeyboardInterrupt:
        return _record_failure(db, batch, started, "interrupted", INTERRUPTED, given_id)
    return ImportReport(import_id, True, batch.files, [], 0, batch.warnings, counts)


def _labels(files: list[tuple[Path, str | None]]) -> list[tuple[Path, str]]:
    """Each path with the name reports use: its label, else the file name, or the path as given
    when two files of the batch share a name (nov/reading_logs.csv, dec/reading_logs.csv)."""
    names = [p.name for p, label in files if label is None]
    return [(p, label or (p.name if names.count(p.name) == 1 else str(p))) for p, label in files]


def _inspect(batch: _Batch, path: Path, occurrence: int, label: str) -> None:
    try:
        source = open_csv(path, occurrence, label)
    except CsvProblem as problem:
        batch.add(Problem(label, problem.line, problem.column, None, problem.message))
        return
    twin = next((f for f in batch.files if f.sha256 == source.sha256), None)
    if twin is not None:
        message = f"has the same contents as {twin.name}: name each file once in a batch."
        batch.add(Problem(label, None, None, None, message))
        return
    batch.files.append(source)
    batch.warnings.extend(source.warnings)


def _next_import_id(cur: Any) -> int:
    return int(cur.execute("SELECT COALESCE(max(import_id), 0) + 1 FROM import_log").fetchone()[0])


def _create_raw(cur: Any, table: Table) -> None:
    cols = ", ".join(f"{ident(c)} VARCHAR" for c in table.column_names)
    cur.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {ident('raw_' + table.name)} "
        f"(_file VARCHAR, _source INTEGER, _line INTEGER, {cols})"
    )


def _load_raw(cur: Any, source: CsvFile, batch: _Batch) -> None:
    _create_raw(cur, source.contract)
    target = ident("raw_" + source.contract.name)

    def insert(arrow: Any) -> None:
        names = ", ".join(ident(n) for n in arrow.column_names)
        cur.register("incoming_batch", arrow)
        cur.execute(f"INSERT INTO {target} ({names}) SELECT * FROM incoming_batch")
        cur.unregister("incoming_batch")

    def discard() -> None:
        # By occurrence: another file of the batch may have the same name (issue 11).
        cur.execute(f"DELETE FROM {target} WHERE _source = $occurrence", {"occurrence": source.occurrence})

    try:
        stream_into(source, insert, discard)
    except CsvProblem as problem:
        batch.add(Problem(source.name, problem.line, problem.column, None, problem.message))
    for line, message in source.shape_problems:
        batch.add(Problem(source.name, line, None, None, message))
    batch.problem_count += source.shape_problem_count - len(source.shape_problems)


def _stage_and_check(cur: Any, batch: _Batch) -> None:
    tables = batch.tables()
    for table in tables:
        sql = Sql()
        cur.execute(
            f"CREATE TEMP TABLE {ident('stage_' + table.name)} AS {stage_select(table, sql)}", sql.params
        )
        _fill_defaults(cur, table)
    names = {t.name for t in tables}
    for table in tables:
        _check_values(cur, table, batch)
        _check_duplicates(cur, table, batch)
        for ref in table.references:
            _check_reference(cur, table, ref, ref.table in names, batch)
    if "reading_logs" in names:
        _check_foreign_logs(cur, "students" in names, batch)
    if "mentoring_meetings" in names:
        _check_meetings(cur, "mentoring" in names, batch)


def _fill_defaults(cur: Any, table: Table) -> None:
    """Give blank calendar schools and id-less reading logs the keys the store uses."""
    if table.name in ("calendar", "access", "pd_sessions"):  # blank school_id: every school
        cur.execute(f"UPDATE {ident('stage_' + table.name)} SET school_id = '' WHERE school_id IS NULL")
    if table.name == "reading_logs":
        # Same content, same key: re-importing a file without log_ids changes nothing.
        # The occurrence number keeps two identical logs on one day as two logs.
        cur.execute(
            "UPDATE stage_reading_logs AS s SET log_id = 'auto-' || md5(concat_ws('|', "
            "s.student_id, s.log_date, s.minutes, s.books, s.title, o.occurrence)) "
            "FROM (SELECT _file, _line, row_number() OVER (PARTITION BY student_id, log_date, "
            "minutes, books, title ORDER BY _file, _line) AS occurrence "
            "FROM stage_reading_logs WHERE log_id IS NULL) o "
            "WHERE s._file = o._file AND s._line = o._line"
        )


def _check_values(cur: Any, table: Table, batch: _Batch) -> None:
    sql = Sql()
    query = problems_query(table, sql)
    total = cur.execute(f"SELECT count(*) FROM ({query})", sql.params).fetchone()[0]
    if not total:
        return
    room = max(PROBLEM_CAP - len(batch.problems), 0)
    rows = cur.execute(f"{query} ORDER BY _file, _line LIMIT {room}", sql.params).fetchall()
    for file_name, line, column, value, message in rows:
        batch.add(Problem(file_name, line, column, value, message))
    batch.problem_count += total - len(rows)


def _check_duplicates(cur: Any, table: Table, batch: _Batch) -> None:
    rows = cur.execute(duplicates_query(table)).fetchall()
    key_name = " + ".join(table.key)
    for file_name, line, *rest in rows:
        *key_values, first_file, first_line = rest
        where = f"line {first_line}" if first_file == file_name else f"{first_file} line {first_line}"
        value = " + ".join(str(v) for v in key_values)
        batch.add(Problem(file_name, line, key_name, value, f"repeats the {key_name} already on {where}"))


def _check_reference(cur: Any, table: Table, ref: Any, in_batch: bool, batch: _Batch) -> None:
    query = reference_query(table, ref.column, ref.table, ref.target_column, in_batch)
    rows = cur.execute(query).fetchall()
    noun = REFERENCE_NOUNS.get(ref.table) or ref.table.rstrip("s").replace("_", " ")
    for file_name, line, value in rows:
        message = f"is not a known {noun}: no {ref.target_column} {value} in this batch or the database"
        batch.add(Problem(file_name, line, ref.column, value, message))


def _check_foreign_logs(cur: Any, students_in_batch: bool, batch: _Batch) -> None:
    """A log_id is unique across the district: one already stored for another school's student
    is refused, never replaced (two schools' platforms may number their logs alike)."""
    for file_name, line, value, school in cur.execute(foreign_log_query(students_in_batch)).fetchall():
        message = (
            f"is already the log_id of a reading log of another school (school {school}); log_ids "
            "must be unique across the district. Give this school's log_ids a prefix, or leave "
            "log_id blank."
        )
        batch.add(Problem(file_name, line, "log_id", value, message))


def _check_meetings(cur: Any, pairs_in_batch: bool, batch: _Batch) -> None:
    """A mentoring meeting belongs to a pair (in the batch, else stored) and falls within its dates."""
    for file_name, line, day, start, end in cur.execute(meetings_outside_query(pairs_in_batch)).fetchall():
        if start is None:
            message = "is not a mentoring pair (mentor_id + mentee_id) in mentoring.csv or the database"
            batch.add(Problem(file_name, line, "mentee_id", None, message))
            continue
        span = f"{start:%Y-%m-%d} to {end:%Y-%m-%d}" if end else f"from {start:%Y-%m-%d} on"
        message = f"is outside the pair's mentoring dates ({span})"
        batch.add(Problem(file_name, line, "date", f"{day:%Y-%m-%d}", message))


def _apply(cur: Any, table: Table, import_id: int) -> TableCounts:
    """Insert new rows, replace changed ones (keeping the old in history), skip the same."""
    cols = ", ".join(f"s.{ident(c)}" for c in table.column_names)
    plain = ", ".join(ident(c) for c in table.column_names)
    on = key_condition(table, "t", "s")
    first_key = ident(table.key[0])
    stored = ", ".join(f"t.{ident(c)}" for c in table.column_names)
    cur.execute(
        f"CREATE TEMP TABLE {ident('changes_' + table.name)} AS "
        f"SELECT {cols}, t.{first_key} IS NULL AS is_new FROM {ident('stage_' + table.name)} s "
        f"LEFT JOIN {ident(table.name)} t ON {on} "
        f"WHERE t.{first_key} IS NULL OR row({stored}) IS DISTINCT FROM row({cols})"
    )
    changes, hist = ident("changes_" + table.name), ident(table.name + "_history")
    cur.execute(
        f"INSERT INTO {hist} SELECT $id, t.* FROM {ident(table.name)} t "
        f"JOIN {changes} s ON {on} WHERE NOT s.is_new",
        {"id": import_id},
    )
    cur.execute(f"DELETE FROM {ident(table.name)} t USING {changes} s WHERE {on} AND NOT s.is_new")
    cur.execute(
        f"INSERT INTO {ident(table.name)} ({plain}, import_id) SELECT {plain}, $id FROM {changes}",
        {"id": import_id},
    )
    removed = _remove_missing(cur, table, import_id) if table.whole_list else 0
    return replace(_counts(cur, table), removed=removed)


def _remove_missing(cur: Any, table: Table, import_id: int) -> int:
    """A whole-list file: stored rows whose key is not in it move to the history (undo restores them)."""
    stage, hist, stored = ident("stage_" + table.name), ident(table.name + "_history"), ident(table.name)
    missing = f"NOT EXISTS (SELECT 1 FROM {stage} s WHERE {key_condition(table, 't', 's')})"
    cur.execute(f"INSERT INTO {hist} SELECT $id, t.* FROM {stored} t WHERE {missing}", {"id": import_id})
    return int(cur.execute(f"DELETE FROM {stored} t WHERE {missing}").fetchone()[0])


def _counts(cur: Any, table: Table) -> TableCounts:
    changes, stage = ident("changes_" + table.name), ident("stage_" + table.name)
    new, changed = cur.execute(
        f"SELECT count(*) FILTER (is_new), count(*) FILTER (NOT is_new) FROM {changes}"
    ).fetchone()
    total = cur.execute(f"SELECT count(*) FROM {stage}").fetchone()[0]
    return TableCounts(new=new, changed=changed, unchanged=total - new - changed)


def _log(
    cur: Any,
    import_id: int,
    started: datetime,
    outcome: str,
    batch: _Batch,
    counts: dict[str, TableCounts],
    reason: str | None = None,
) -> None:
    cur.execute(
        "INSERT INTO import_log VALUES ($id, $started, $finished, $outcome, $files, $rows, $problems, $summary)",
        {
            "id": import_id,
            "started": started,
            "finished": datetime.now(),
            "outcome": outcome,
            "files": files_json(batch.files),
            "rows": json.dumps({t: c.as_dict() for t, c in counts.items()}),
            "problems": batch.problem_count,
            "summary": reason or "; ".join(p.text() for p in batch.problems[:3]) or None,
        },
    )


def _record_failure(
    db: Database, batch: _Batch, started: datetime, outcome: str, reason: str | None, given_id: int | None
) -> ImportReport:
    """Write the failed attempt to import_log (with `reason` as its summary) and report it;
    with `given_id`, only report it (the caller records it)."""
    import_id: int | None = given_id
    try:
        if given_id is None:
            with db.transaction() as cur:
                import_id = _next_import_id(cur)
                _log(cur, import_id, started, outcome, batch, {}, reason)
    except (DatabaseUnavailableError, KeyboardInterrupt):
        import_id = None
    return ImportReport(
        import_id,
        False,
        batch.files,
        batch.problems,
        batch.problem_count,
        batch.warnings,
        {},
        failure=reason,
        recorded=import_id is not None,
    )
