"""The contract rows a OneRoster set becomes, each value with the file, line and column it came from.

`Mapping` holds what the translation has learned so far (orgs, people, homerooms) while
people.py, classes.py and traits.py fill in schools, staff, sections and students.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping as Values
from dataclasses import dataclass, field
from typing import Any

from lib.core.contract import TABLES
from lib.importing.oneroster.files import Problems, RosterFile, RosterSet
from lib.importing.oneroster.notes import Notes
from lib.importing.oneroster.settings import RosterOptions

Where = tuple[str, int, "str | None"]  # file, line, column
Lookup = Callable[[str, dict[str, Any]], Any]  # the store's sql(query, params) -> DataFrame


@dataclass
class OutTable:
    """One contract file to write: rows of text and where each value came from ('' = the row)."""

    name: str
    rows: list[dict[str, str]] = field(default_factory=list)
    where: list[dict[str, Where]] = field(default_factory=list)

    @property
    def columns(self) -> tuple[str, ...]:
        return TABLES[self.name].column_names

    def add(self, values: Values[str, str | None], row_where: Where, **column_where: Where) -> None:
        self.rows.append({k: v or "" for k, v in values.items()})
        self.where.append({"": row_where, **column_where})

    def origin(self, line: int, column: str | None) -> Where | None:
        """Where the value on `line` (2 = the first row) of column `column` came from."""
        if not 2 <= line < len(self.where) + 2:
            return None
        places = self.where[line - 2]
        return places.get(column or "") or places[""]


@dataclass
class Person:
    """A user of the set who becomes a student or a staff member."""

    row: int  # in users.csv
    person_id: str
    school_id: str
    role: str  # the contract's role, or "student"
    role_where: Where
    begin: str = ""  # 1.2 roles.csv beginDate: a staff member's start
    begin_where: Where | None = None
    administrator: bool = False  # OneRoster said administrator or siteAdministrator


@dataclass
class Mapping:
    roster: RosterSet
    options: RosterOptions
    notes: Notes
    problems: Problems
    stored: Lookup | None = None
    schools: dict[str, str] = field(default_factory=dict)  # school org sourcedId -> name
    orgs: dict[str, int] = field(default_factory=dict)  # org sourcedId -> row
    users: dict[str, int] = field(default_factory=dict)  # user sourcedId -> row (tobedeleted too)
    people: dict[str, Person] = field(default_factory=dict)  # user sourcedId -> person
    classes: dict[str, int] = field(default_factory=dict)  # class sourcedId -> row
    homerooms: dict[str, tuple[str, int]] = field(default_factory=dict)  # class -> (teacher sourcedId, row)
    homeroom_grades: dict[str, str] = field(
        default_factory=dict
    )  # class -> its grade, as sections.csv has it
    tables: dict[str, OutTable] = field(default_factory=dict)

    def file(self, kind: str) -> RosterFile | None:
        return self.roster.file(kind)

    def at(self, kind: str, row: int, column: str | None = None) -> Where:
        roster_file = self.roster.files[kind]
        return (roster_file.name, roster_file.lines[row], column)

    def problem(self, kind: str, row: int, column: str | None, value: str | None, message: str) -> None:
        roster_file = self.roster.files[kind]
        self.problems.add(roster_file.name, roster_file.lines[row], column, value, message)

    def table(self, name: str) -> OutTable:
        return self.tables.setdefault(name, OutTable(name))


def index_of(roster_file: RosterFile | None) -> dict[str, int]:
    """sourcedId -> row, for every row (tobedeleted ones too: a reference to them is not dangling)."""
    if roster_file is None:
        return {}
    return {sid: row for row, sid in enumerate(roster_file.columns["sourcedId"]) if sid}
