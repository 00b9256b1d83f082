"""The Data page's sentences and labels: outcomes in words, the data's date, what an undo removes.

Plain strings, no Streamlit. File names come from the person who made the files: every
sentence that carries one is escaped here (lib.core.text.markdown_escape), since the page shows
sentences through Markdown. Tables carry them as plain cells.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from lib.core.text import long_date, markdown_escape, short_date

# Each outcome with a sign as well as a word: the page never tells status by colour alone.
OUTCOME_WORDS = {
    "imported": "✓ Imported",
    "unchanged": "= Nothing changed",
    "running": "… Running now",
    "failed": "✕ Failed",
    "interrupted": "✕ Stopped before finishing",
    "done": "✓ Done",
}


def plural(count: int, word: str) -> str:
    """'1 row', '1,200 rows', '0 problems'."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def when(moment: datetime) -> str:
    """'Wednesday, December 2, 2026 at 5:14 AM': the day and the time, for a sentence."""
    hour = moment.hour % 12 or 12
    return f"{long_date(moment.date())} at {hour}:{moment:%M} {'AM' if moment.hour < 12 else 'PM'}"


def short_when(moment: datetime) -> str:
    """'Wed Dec 2, 2026, 5:14 AM': for a choice in a list."""
    hour = moment.hour % 12 or 12
    day = f"{moment:%a} {short_date(moment.date(), with_year=True)}"
    return f"{day}, {hour}:{moment:%M} {'AM' if moment.hour < 12 else 'PM'}"


def data_as_of(import_id: int | None, published_at: datetime | None) -> str:
    """'Data as of import 7, Wednesday, December 2, 2026 at 5:14 AM' (when it was published).

    No import yet: 'No data has been imported yet.'
    """
    if import_id is None:
        return "No data has been imported yet."
    if published_at is None:
        return f"Data as of import {import_id}."
    return f"Data as of import {import_id}, {when(published_at)}."


def outcome(
    kind: str,
    result: str,
    problems: int = 0,
    undoes: int | None = None,
    undone_by: int | None = None,
) -> str:
    """One history row's outcome in words with a sign: '✕ Rejected (12 problems)',
    '↶ Undone by 9', '↶ Undo of import 5', '✓ Imported', '= Nothing changed'..."""
    if result == "rejected":
        return f"✕ Rejected ({plural(problems, 'problem')})" if problems else "✕ Refused"
    if result == "undone":
        return f"↶ Undone by {undone_by}" if undone_by else "↶ Undone"
    if kind == "undo" and result == "done":
        return f"↶ Undo of import {undoes}" if undoes else "↶ Undo"
    if kind == "restore" and result == "done":
        return "⟲ Restored an earlier copy"
    return OUTCOME_WORDS.get(result, result)


def table_label(table: str) -> str:
    """'reading_logs' -> 'reading logs' (a table in a sentence)."""
    return table.replace("_", " ")


def rows_by_table(rows_per_table: Mapping[str, Mapping[str, int]], key: str) -> str:
    """'1,200 reading logs rows and 3 students rows' for the `key` (new, changed) counts; '' if none."""
    parts = [
        f"{counts.get(key, 0):,} {table_label(table)} {'row' if counts.get(key, 0) == 1 else 'rows'}"
        for table, counts in rows_per_table.items()
        if counts.get(key, 0)
    ]
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def undo_preview(
    import_id: int, files: list[str], rows_per_table: Mapping[str, Mapping[str, int]]
) -> list[str]:
    """What undoing `import_id` does, one sentence a line (file names escaped for Markdown)."""
    added, changed = rows_by_table(rows_per_table, "new"), rows_by_table(rows_per_table, "changed")
    shown = ", ".join(markdown_escape(name) for name in files) or "no readable file"
    lines = [f"Import {import_id} brought {shown}."]
    lines.append(f"Undoing it removes the {added} it added." if added else "It added no rows.")
    if changed:
        lines.append(f"The {changed} it changed go back to how they were before import {import_id}.")
    lines.append(
        "The data as it is now stays in the kept copies. An undo is refused, with nothing changed, "
        "when a later import changed the same rows or refers to rows it would remove."
    )
    return lines


def undo_done(import_id: int, undo_id: int, added: Mapping[str, int], restored: int) -> str:
    """'Import 7 was undone (undo 9): the 1,202 rows it added are removed (1,200 reading logs,
    2 students); the 3 rows it changed are back as they were.' `added`: rows per table."""
    total = sum(added.values())
    detail = ", ".join(f"{count:,} {table_label(table)}" for table, count in added.items() if count)
    text = f"Import {import_id} was undone (undo {undo_id}): "
    text += (
        f"the {plural(total, 'row')} it added {'is' if total == 1 else 'are'} removed"
        if total
        else "it added no rows"
    )
    text += f" ({detail})" if detail else ""
    if restored == 1:
        text += "; the 1 row it changed is back as it was"
    elif restored:
        text += f"; the {restored:,} rows it changed are back as they were"
    return text + "."


def rejected_heading(problem_count: int) -> str:
    """'Nothing was imported: 3 problems.'"""
    return f"Nothing was imported: {plural(problem_count, 'problem')}."


def rejected_detail(listed: int, problem_count: int) -> str:
    """What to do next, and how many of the problems the table lists."""
    more = f" The table lists the first {listed:,}." if listed < problem_count else ""
    return f"Fix the files and import them again; the data is unchanged.{more}"


def imported_heading(import_id: int | None, changed_rows: int) -> str:
    """'Imported (import 7): 1,202 rows added or updated.' or 'Nothing changed (import 7): ...'."""
    if changed_rows == 0:
        return f"Nothing changed (import {import_id}): every row is already in the data as it is."
    return f"Imported (import {import_id}): {plural(changed_rows, 'row')} added or updated."


def failed_heading(failure: str) -> str:
    """'Nothing was imported: <why>. The data is unchanged.'"""
    return f"Nothing was imported: {markdown_escape(failure)} The data is unchanged."


def step(text: str) -> str:
    """A progress step for Markdown: 'Reading reading\\_logs.csv...' (file names escaped)."""
    return markdown_escape(text)


def megabytes(size_bytes: int) -> float:
    """Bytes -> MB (10^6 bytes, as a disk shows them), one decimal."""
    return round(size_bytes / 1e6, 1)


IMPORT_CAPTION = (
    "Choose all the files of one batch at once (templates below), or a OneRoster export (its zip, or its "
    "manifest.csv, orgs.csv, users.csv ... files) with userFlags.csv or student_flags.csv for the flags. "
    "A batch is all or nothing: when any "
    "row of any file has a problem, nothing is imported and every problem is listed with its file, "
    "line and column. The dashboard keeps working while an import runs and shows the new data when it "
    "is done. The command line import (`python -m lib.cli import ...`) works while the app runs too."
)
LAKE_SNAPSHOTS_CAPTION = (
    "The data is a DuckLake: each import and undo is a snapshot of it, and every snapshot is kept "
    "until its catalog's administrator expires old ones (docs/scaling.md)."
)
SNAPSHOTS_CAPTION = (
    "Each import and undo keeps a copy of the data as it published it. The newest copies are kept "
    "(SCHOOL_GOALS_KEEP_SNAPSHOTS, 5 unless set) and older ones deleted; the copy in use shares its "
    "disk space with the data the app shows."
)


def import_button(files: int) -> str:
    """'Import this file', 'Import these 3 files'."""
    return "Import this file" if files == 1 else f"Import these {files:,} files"


def templates_caption(tables: list[str]) -> str:
    """How to use the templates, and the order files load in (so references resolve in one batch)."""
    order = ", ".join(f"{table}.csv" for table in tables)
    return markdown_escape(
        "Download a template and fill it in, or rename your export's columns to match it. A file's "
        "name says its table (students.csv, reading_logs_november.csv). The files of a batch load in "
        f"this order, so one batch can bring a school with its staff and students: {order}. A value "
        "that refers to another file (a log's student) must be in the same batch or already imported."
    )


ONEROSTER_CAPTION = (
    "These apply when the batch is a OneRoster export. Keep them the same from one import to the next: "
    "the reading platform's and assessment vendor's files must name students by the same id."
)
HOMEROOM_HELP = (
    "'homeroom': classes whose classType is homeroom. Schools without homerooms: a word of the "
    "class's title or classCode that marks the class to use instead (Advisory, Period 1)."
)
ID_FIELD_LABELS = {"sourcedId": "sourcedId (OneRoster's id)", "identifier": "identifier (the SIS number)"}
ROLE_LABELS = {
    "principal": "Principals",
    "assistant_principal": "Assistant principals",
    "other": "Other staff",
}


def id_field_label(field: str) -> str:
    return ID_FIELD_LABELS[field]


def role_label(role: str) -> str:
    return ROLE_LABELS[role]
