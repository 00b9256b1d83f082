"""What an import tells the person who made the files: counts, warnings, every problem."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong, located as precisely as the file allows."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    message: str

    def text(self) -> str:
        where = self.file + (f", line {self.line}" if self.line else "")
        where += f", column {self.column}" if self.column else ""
        shown = f'"{self.value}" ' if self.value not in (None, "") else ""
        return f"{where}: {shown}{self.message}"


@dataclass(frozen=True)
class TableCounts:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0  # rows a whole-list file (access.csv) no longer has

    def changed_or_removed(self) -> bool:
        """True when the table's rows are not what they were (new, changed or removed rows)."""
        return bool(self.new or self.changed or self.removed)

    def as_dict(self) -> dict[str, int]:
        counts = {"new": self.new, "changed": self.changed, "unchanged": self.unchanged}
        return counts | ({"removed": self.removed} if self.removed else {})


@dataclass
class ImportReport:
    """The outcome of one batch. `ok` is True only when every file was imported."""

    import_id: int | None
    ok: bool
    files: list[Any]
    problems: list[Problem]
    problem_count: int
    warnings: list[str] = field(default_factory=list)
    rows: dict[str, TableCounts] = field(default_factory=dict)
    failure: str | None = None  # why the import stopped (disk full, Ctrl-C...); None when it ran
    recorded: bool = True  # False when not even the import log could be written

    def changed_rows(self) -> int:
        """Rows the import added or replaced (0: every row was already stored as it is)."""
        return sum(c.new + c.changed + c.removed for c in self.rows.values())

    def text(self) -> str:
        if self.ok:
            return "\n".join(self._ok_lines())
        lines = self._failed_lines() if self.failure else self._rejected_lines()
        if not self.recorded:
            lines.append(
                "This attempt could not be recorded in the import history: the store can't be written."
            )
        return "\n".join(lines)

    def _failed_lines(self) -> list[str]:
        return [f"Nothing was imported: {self.failure} The database is unchanged."]

    def _ok_lines(self) -> list[str]:
        changed = self.changed_rows()
        lines = [
            f"Imported (import {self.import_id}). To take it back: python -m lib.cli undo {self.import_id}"
            if changed
            else f"Nothing changed (import {self.import_id}): every row is already in the database as it is."
        ]
        for source in self.files:
            lines.append(f"  {source.name} -> {source.table.name} ({source.encoding})")
        for table, counts in self.rows.items():
            lines.append(
                f"  {table}: {counts.new:,} new, {counts.changed:,} changed, {counts.unchanged:,} unchanged rows"
                + (f", {counts.removed:,} removed (no longer in the file)" if counts.removed else "")
            )
        return lines + [f"Note: {w}" for w in self.warnings]

    def _rejected_lines(self) -> list[str]:
        noun = "problem" if self.problem_count == 1 else "problems"
        lines = [
            f"Nothing was imported: {self.problem_count:,} {noun} found. "
            "Fix the files and import them again; the database is unchanged."
        ]
        lines += [f"  {p.text()}" for p in sorted(self.problems, key=_position)]
        hidden = self.problem_count - len(self.problems)
        if hidden > 0:
            lines.append(f"  ... and {hidden:,} more. Most common above:")
            lines += [f"    {n:,} x {what}" for what, n in self.summary().most_common(5)]
        return lines + [f"Note: {w}" for w in self.warnings]

    def summary(self) -> Counter:
        """Listed problems counted by (file, column, message), for a short overview."""
        return Counter(f"{p.file} {p.column or ''}: {p.message}" for p in self.problems)


def _position(problem: Problem) -> tuple[str, int]:
    return (problem.file, problem.line or 0)


def files_json(files: list[Any]) -> str:
    """The batch's files as the history keeps them: JSON list of name, sha256, encoding, table."""
    return json.dumps(
        [
            {"name": f.name, "sha256": f.sha256, "encoding": f.encoding, "table": f.contract.name}
            for f in files
        ]
    )
