"""A OneRoster set in a batch -> the contract's schools, staff, sections and students files.

`prepared(paths, options, stored)` finds the set among the batch's paths (a zip, a folder, or
its files), reads it, maps it and writes the four contract files into a temporary folder.
The importer then imports them with the batch's other files as one all-or-nothing batch;
`Translation.locate` turns a problem the import finds in a written file back into the
OneRoster file, line and column the value came from.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from lib.importing.oneroster import classes, people, students
from lib.importing.oneroster.files import Problems, read_set, split_batch
from lib.importing.oneroster.mapping import Lookup, Mapping, OutTable
from lib.importing.oneroster.notes import Notes
from lib.importing.oneroster.settings import RosterOptions, from_environment
from lib.importing.report import Problem

OUTPUT = ("schools", "staff", "sections", "students")


@dataclass
class Translation:
    """The batch as the importer sees it: contract files with the names reports use."""

    files: list[tuple[Path, str | None]]  # (path, label); None: name it as the importer does
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    warnings: list[str] = field(default_factory=list)
    tables: dict[str, OutTable] = field(default_factory=dict)  # label -> the table written

    def locate(self, problem: Problem) -> Problem:
        """The problem placed in the OneRoster file it came from (unchanged for other files)."""
        table = self.tables.get(problem.file)
        where = table.origin(problem.line, problem.column) if table and problem.line else None
        if where is None:
            return problem
        file_name, line, column = where
        return replace(problem, file=file_name, line=line, column=column or problem.column)


def label_of(table: str) -> str:
    return f"{table}.csv (from OneRoster)"


@contextmanager
def prepared(
    paths: Sequence[Path | str], options: RosterOptions | None = None, stored: Lookup | None = None
) -> Iterator[Translation]:
    """Translate the batch's OneRoster set, if it has one, with `options` (None: the environment's);
    the written files go when the block ends."""
    work = Path(tempfile.mkdtemp(prefix="school-goals-oneroster-"))
    try:
        yield translate([Path(p) for p in paths], options, work, stored)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def translate(
    paths: list[Path], options: RosterOptions | None, work: Path, stored: Lookup | None
) -> Translation:
    problems, notes = Problems(), Notes()
    members, others = split_batch(paths, work, problems)
    if not members or problems.count:  # no roster, or one that can't be unpacked or is only flags
        return Translation([(p, None) for p in others], problems.listed, problems.count)
    try:  # a bad SCHOOL_GOALS_ONEROSTER_* setting stops a roster import only, never a plain one
        options = options or from_environment()
    except ValueError as error:
        problems.add("OneRoster settings", None, None, None, str(error))
        return Translation([], problems.listed, problems.count)
    roster = read_set(members, notes, problems)
    if roster is None or problems.count:
        return Translation([], problems.listed, problems.count, notes.sentences())
    mapping = Mapping(roster, options, notes, problems, stored)
    tables = _mapped(mapping)
    if problems.count:
        return Translation([], problems.listed, problems.count, notes.sentences())
    written = {label_of(t.name): t for t in tables}
    files = [(_write(t, work), label) for label, t in written.items()]
    warnings = [_summary(roster.version, tables, members), *notes.sentences(), *_orphans(mapping, stored)]
    return Translation(files + [(p, None) for p in others], [], 0, warnings, written)


def _mapped(m: Mapping) -> list[OutTable]:
    people.map_schools(m)
    people.map_people(m)
    enrolled = classes.check_enrollments(m)
    people.staff_rows(m)
    classes.section_rows(m)
    students.student_rows(m, enrolled)
    return [m.table(name) for name in OUTPUT if m.table(name).rows]


def _write(table: OutTable, work: Path) -> Path:
    path = work / f"{table.name}.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=table.columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(table.rows)
    return path


def _summary(version: str, tables: list[OutTable], members: list[tuple[Path, str]]) -> str:
    counts = {t.name: len(t.rows) for t in tables}
    source = sorted({name.split("/")[0] for _, name in members if "/" in name}) or ["its files"]
    said = [_count(counts.get(name, 0), noun) for name, noun in SUMMARY_NOUNS]
    return f"Read a OneRoster {version} set ({', '.join(source)}): {', '.join(said)}."


SUMMARY_NOUNS = (
    ("schools", "school"),
    ("staff", "staff member"),
    ("sections", "homeroom"),
    ("students", "student"),
)


def _count(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _orphans(m: Mapping, stored: Lookup | None) -> list[str]:
    """A warning when the stored logs, assessments or observations use the other id field:
    after this import they would name students or staff the roster no longer has under that id."""
    if stored is None:
        return []
    other = "identifier" if m.options.id_field == "sourcedId" else "sourcedId"
    users = m.roster.files["users"]
    switched = [
        users.get(other, p.row)
        for p in m.people.values()
        if users.get(other, p.row) and users.get(other, p.row) != p.person_id
    ]
    if not switched:
        return []
    frame = stored(_ORPHANS_SQL, {"ids": switched})
    logs, scores, seen = (int(frame.iloc[0][c]) for c in ("logs", "assessments", "observations"))
    if not logs + scores + seen:
        return []
    return [
        f"The stored data names people by their {other}, and this import takes ids from {m.options.id_field}: "
        f"{logs:,} reading logs, {scores:,} assessments and {seen:,} observations already stored would "
        f"belong to no student or teacher of this roster. If your reading and assessment platforms use "
        f"{other}, set the OneRoster id field to {other} (SCHOOL_GOALS_ONEROSTER_ID_FIELD or the Data page) "
        "and import again; undo this import if it went in by mistake."
    ]


_ORPHANS_SQL = """
WITH ids AS (SELECT DISTINCT unnest($ids) AS person_id)
SELECT (SELECT count(*) FROM reading_logs SEMI JOIN ids ON student_id = person_id) AS logs,
       (SELECT count(*) FROM assessments SEMI JOIN ids ON student_id = person_id) AS assessments,
       (SELECT count(*) FROM observations SEMI JOIN ids ON teacher_id = person_id) AS observations
"""
