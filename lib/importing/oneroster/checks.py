"""The checks every row of a OneRoster file gets as it is read: unique sourcedIds, booleans,
dates, and the bulk-file rules for status and dateLastModified (a tolerance is noted, a value
that can't be read is a problem with its line and column)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lib.importing.oneroster import spec, values
from lib.importing.oneroster.notes import Notes

if TYPE_CHECKING:
    from lib.importing.oneroster.files import Problems, RosterFile


def check_rows(roster_file: RosterFile, kind: str, notes: Notes, problems: Problems) -> None:
    if roster_file.has("sourcedId"):
        _check_unique(roster_file, problems)
    for column in spec.BOOLEAN_COLUMNS.get(kind, ()):
        _check_values(roster_file, column, values.boolean, notes, problems)
    for column in spec.DATE_COLUMNS.get(kind, ()):
        _check_dates(roster_file, column, notes, problems)
    if roster_file.has("dateLastModified") or roster_file.has("status"):
        _check_bulk(roster_file, notes, problems)


def _check_unique(roster_file: RosterFile, problems: Problems) -> None:
    first: dict[str, int] = {}
    for sourced_id, line in zip(roster_file.columns["sourcedId"], roster_file.lines, strict=True):
        if sourced_id == "":
            problems.add(
                roster_file.name, line, "sourcedId", None, "is blank: every row needs its sourcedId."
            )
        elif sourced_id in first:
            problems.add(roster_file.name, line, "sourcedId", sourced_id,
                         f"repeats the sourcedId already on line {first[sourced_id]}: sourcedIds must be unique.")  # fmt: skip
        else:
            first[sourced_id] = line


def _check_values(roster_file: RosterFile, column: str, reader, notes: Notes, problems: Problems) -> None:
    if not roster_file.has(column):
        return
    for text, line in zip(roster_file.columns[column], roster_file.lines, strict=True):
        try:
            _, tolerance = reader(text)
        except ValueError as error:
            problems.add(roster_file.name, line, column, text, f"{error}.")
            continue
        if tolerance:
            notes.add(tolerance, f"{roster_file.name}, column {column}", text)


def _check_dates(roster_file: RosterFile, column: str, notes: Notes, problems: Problems) -> None:
    """Check the dates and write US dates as YYYY-MM-DD in place, for the contract's files."""
    if not roster_file.has(column):
        return
    texts = roster_file.columns[column]
    for row, (text, line) in enumerate(zip(texts, roster_file.lines, strict=True)):
        try:
            day, tolerance = values.a_date(text)
        except ValueError as error:
            problems.add(roster_file.name, line, column, text, f"{error}.")
            continue
        if tolerance and day is not None:
            notes.add(tolerance, f"{roster_file.name}, column {column}", text)
            texts[row] = day.isoformat()


def _check_bulk(roster_file: RosterFile, notes: Notes, problems: Problems) -> None:
    where = roster_file.name
    for row, line in enumerate(roster_file.lines):
        status, modified = roster_file.get("status", row), roster_file.get("dateLastModified", row)
        if status or modified:
            notes.add("bulk_filled", where)
        try:
            tolerance = values.last_modified(modified)
        except ValueError as error:
            problems.add(where, line, "dateLastModified", modified, f"{error}.")
            tolerance = None
        if tolerance:
            notes.add(tolerance, f"{where}, column dateLastModified", modified)
        if status.lower() == "tobedeleted":
            roster_file.deleted.add(roster_file.get("sourcedId", row))
            notes.add("deleted", where, roster_file.get("sourcedId", row))
        elif status and status.lower() != "active":
            problems.add(
                where, line, "status", status, "must be active or tobedeleted (or blank in a bulk file)."
            )
        elif status and status != status.lower():
            notes.add("case", f"{where}, column status", status)
