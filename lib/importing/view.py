"""The Data page's one entry point: import uploaded files, read the history, undo, templates.

Everything here goes through lib.importing.publish, the same path as the command line: a copy
of the store is changed and published by an atomic rename, so the app keeps serving. Nothing
here imports Streamlit; the page passes its uploads and a progress callback in and draws the
results (plain values and frames) that come back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from lib.core.appdb import AppDatabaseError
from lib.core.config import ROOT
from lib.core.contract import LOAD_ORDER, TABLES
from lib.core.db import DatabaseUnavailableError
from lib.core.store_files import StoreChangeError
from lib.core.text import markdown_escape
from lib.importing import history, publish, words
from lib.importing.freshness import data_attention
from lib.importing.oneroster import settings as roster_settings
from lib.importing.oneroster.settings import ADMINISTRATOR_ROLES, ID_FIELDS, RosterOptions
from lib.importing.publish import DATA_PAGE, Place
from lib.importing.report import ImportReport
from lib.importing.uploads import ProgressRelay, Upload, UploadError, saved_uploads

__all__ = [
    "ADMINISTRATOR_ROLES",
    "ID_FIELDS",
    "ProgressRelay",
    "markdown_escape",
]  # the page's helpers, from their own modules

TEMPLATES = ROOT / "data" / "templates"
CONTRACT = ROOT / "data" / "README.md"
# Failures that carry a person's sentence (the store's folder is read-only, the disk is full,
# another import holds the store too long, the app database is damaged...).
SENTENCE_ERRORS = (StoreChangeError, AppDatabaseError, DatabaseUnavailableError, UploadError)
PROBLEM_COLUMNS = {"file": "File", "line": "Line", "column": "Column", "value": "Value", "message": "Problem"}


@dataclass(frozen=True)
class Result:
    """What an import or undo came to, for the page to draw: a level (success, info, warning,
    error), a heading sentence and, for an import, its tables."""

    level: str
    heading: str
    detail: str | None = None
    rows: pd.DataFrame | None = None
    problems: pd.DataFrame | None = None
    import_id: int | None = None
    notes: list[str] = field(default_factory=list)


def rows_table(report: ImportReport) -> pd.DataFrame:
    """One row per table the import touched: new, changed and unchanged rows."""
    return pd.DataFrame(
        [(table, c.new, c.changed, c.unchanged) for table, c in report.rows.items()],
        columns=["Table", "New rows", "Changed rows", "Unchanged rows"],
    )


def problems_table(problems: Sequence[Any]) -> pd.DataFrame:
    """Problems (report.Problem or the history's dicts) as File, Line, Column, Value, Problem."""
    rows = [p if isinstance(p, dict) else vars(p) for p in problems]
    frame = pd.DataFrame(rows, columns=list(PROBLEM_COLUMNS)).rename(columns=PROBLEM_COLUMNS)
    frame["Line"] = frame["Line"].astype("Int64")
    return frame


def result_of(report: ImportReport) -> Result:
    """The page's result for an import report: imported, nothing changed, rejected or failed."""
    notes = [markdown_escape(w) for w in report.warnings]
    if report.ok:
        changed = report.changed_rows()
        read = "; ".join(
            f"{f.name} as {words.table_label(f.contract.name)} ({f.encoding})" for f in report.files
        )
        return Result(
            "success" if changed else "info",
            words.imported_heading(report.import_id, changed),
            markdown_escape(f"Read {read}.") if read else None,
            rows=rows_table(report),
            import_id=report.import_id,
            notes=notes,
        )
    if report.failure:
        return Result("error", words.failed_heading(report.failure), import_id=report.import_id)
    return Result(
        "error",
        words.rejected_heading(report.problem_count),
        words.rejected_detail(len(report.problems), report.problem_count),
        problems=problems_table(sorted(report.problems, key=lambda p: (p.file, p.line or 0))),
        import_id=report.import_id,
        notes=notes,
    )


def roster_defaults() -> RosterOptions:
    """The OneRoster settings the environment gives (the page's starting choices); the defaults
    when a setting is not valid (the import then says why)."""
    try:
        return roster_settings.from_environment()
    except ValueError:
        return RosterOptions()


def roster_options(id_field: str, homeroom: str, administrators: str) -> RosterOptions | ValueError:
    """The page's OneRoster choices, or the sentence that says which one can't be used."""
    try:
        return RosterOptions(id_field, homeroom.strip() or "homeroom", administrators)
    except ValueError as error:
        return error


def import_uploads(
    uploads: Sequence[Upload],
    who: str | None,
    progress: Callable[[str], None],
    place: Place | None = None,
    roster: RosterOptions | ValueError | None = None,
) -> Result:
    """Import the uploads as one all-or-nothing batch from the Data page; what came of it.

    A zip or the files of a OneRoster set are read with `roster` (lib.importing.oneroster)."""
    if isinstance(roster, ValueError):
        return Result("error", markdown_escape(f"Nothing was imported: {roster}"))
    try:
        with saved_uploads(uploads) as paths:
            report = publish.import_batch(
                paths, who=who, via=DATA_PAGE, progress=progress, place=place, roster=roster
            )
    except SENTENCE_ERRORS as error:
        return Result("error", markdown_escape(str(error)))
    return result_of(report)


def undo(
    import_id: int, who: str | None, progress: Callable[[str], None], place: Place | None = None
) -> Result:
    """Undo an import from the Data page; a refusal (a later import changed its rows...) is a warning."""
    place = place or Place.default()
    try:
        log = history_log(place)
        counts = json.loads(
            next(iter(log.loc[log["import_id"] == import_id, "rows_per_table"]), "{}") or "{}"
        )
        done = publish.undo_batch(import_id, who=who, via=DATA_PAGE, progress=progress, place=place)
    except history.UndoRefused as refusal:
        return Result("warning", markdown_escape(str(refusal)))
    except SENTENCE_ERRORS as error:
        return Result("error", markdown_escape(str(error)))
    # The undo deletes every row the import wrote, the changed ones too, then puts their old
    # versions back: of the rows removed per table, those it had changed came back.
    changed = {table: c.get("changed", 0) for table, c in counts.items()}
    added = {table: n - changed.get(table, 0) for table, n in done.removed.items()}
    message = words.undo_done(import_id, done.undo_id, added, sum(changed.values()))
    return Result("success", message, import_id=done.undo_id)


def _files(text: str) -> list[str]:
    return [f["name"] for f in json.loads(text or "[]")]


def _changed_rows(text: str) -> int | None:
    counts = json.loads(text or "{}")
    return sum(c.get("new", 0) + c.get("changed", 0) for c in counts.values()) if counts else None


def history_log(place: Place | None = None) -> pd.DataFrame:
    """The import history, newest first; empty (and no app database made) before any data."""
    place = place or Place.default()
    if not place.files.has_store() and not place.app.path.exists():
        return pd.DataFrame(columns=history.HISTORY_COLUMNS)
    return publish.history_of(place)


def signed_in_name(user: Mapping[str, Any]) -> str | None:
    """The signed-in person's e-mail (else name) from st.user; None without sign-in, and the
    history then names the account the app runs under, as for the command line."""
    if not user.get("is_logged_in"):
        return None
    return str(user.get("email") or user.get("name") or "") or None


def history_table(log: pd.DataFrame) -> pd.DataFrame:
    """The history as the page shows it, newest first: Import, Started, Who, Via, Files,
    Rows added or updated (blank for an undo), Outcome in words, Summary."""
    undone_by = {int(u): int(i) for i, u in zip(log["import_id"], log["undoes"], strict=True) if pd.notna(u)}
    outcomes = [
        words.outcome(
            r.kind, r.outcome, int(r.problems or 0), _int(r.undoes), undone_by.get(int(r.import_id))
        )
        for r in log.itertuples()
    ]
    return pd.DataFrame(
        {
            "Import": log["import_id"].astype(int),
            "Started": log["started_at"],
            "Who": log["who"],
            "Via": log["via"],
            "Files": [", ".join(_files(text)) or None for text in log["files"]],
            "Rows added or updated": pd.array(
                [_changed_rows(t) for t in log["rows_per_table"]], dtype="Int64"
            ),
            "Outcome": outcomes,
            "Summary": log["summary"],
        }
    )


def _int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _choice_label(row: Any) -> str:
    files = ", ".join(_files(row.files)) or "no readable file"
    return f"Import {row.import_id} · {words.short_when(row.started_at)} · {files}"


def rejected_choices(log: pd.DataFrame) -> dict[int, str]:
    """Rejected imports, newest first: {id: 'Import 8 · Dec 2, 2026, 5:14 AM · files'}."""
    rejected = log[(log["kind"] == "import") & (log["outcome"] == "rejected")]
    return {int(r.import_id): _choice_label(r) for r in rejected.itertuples()}


def undoable_choices(log: pd.DataFrame) -> dict[int, str]:
    """Imports that are in the data now (outcome imported), newest first, labelled as above."""
    imported = log[(log["kind"] == "import") & (log["outcome"] == "imported")]
    return {int(r.import_id): _choice_label(r) for r in imported.itertuples()}


def undo_plan(log: pd.DataFrame, import_id: int) -> list[str]:
    """The sentences the confirmation shows: what undoing `import_id` removes and puts back."""
    row = log[log["import_id"] == import_id].iloc[0]
    return words.undo_preview(import_id, _files(row["files"]), json.loads(row["rows_per_table"] or "{}"))


def history_problems(import_id: int, place: Place | None = None) -> pd.DataFrame:
    """The problems a rejected import reported (as many as it kept), as the problems table."""
    place = place or Place.default()
    return problems_table(history.problem_list(place.app, import_id))


def data_status(log: pd.DataFrame, place: Place | None = None) -> str:
    """'Data as of import 7, <day> at <time>': the published snapshot; for a store from before
    snapshots, the latest change the history says was published."""
    place = place or Place.default()
    published = place.files.published()
    if published is not None:
        return words.data_as_of(published.import_id, published.made_at)
    applied = log[log["outcome"].isin(["imported", "undone", "done"])]
    if applied.empty or not place.files.has_store():
        return words.data_as_of(None, None)
    latest = applied.iloc[0]
    finished = latest["finished_at"]
    return words.data_as_of(int(latest["import_id"]), None if pd.isna(finished) else finished.to_pydatetime())


def snapshots_table(place: Place | None = None) -> pd.DataFrame:
    """The kept copies of the data, newest first: Import, Published at, Size (MB), In use."""
    place = place or Place.default()
    published = place.files.published()
    kept = place.files.snapshots()
    table = pd.DataFrame(
        {
            "Import": [s.import_id for s in kept],
            "Published at": pd.to_datetime([s.made_at for s in kept]),
            "Size (MB)": [words.megabytes(s.size_bytes) for s in kept],
            "In use": [
                "● The app shows this" if published and s.name == published.name else "" for s in kept
            ],
        }
    )
    # A lake's snapshots share its Parquet files: no one of them has a size of its own.
    return table.drop(columns="Size (MB)") if place.files.lake is not None else table


def snapshots_caption(place: Place | None = None) -> str:
    place = place or Place.default()
    return words.LAKE_SNAPSHOTS_CAPTION if place.files.lake is not None else words.SNAPSHOTS_CAPTION


@dataclass(frozen=True)
class Template:
    """One template file: its table, where it is, and what a reader must know about it."""

    table: str
    path: Path
    holds: str
    key: str
    required: str


def templates_table(kept: Sequence[Template]) -> pd.DataFrame:
    """The templates as a table: File, What it holds, Key, Required columns."""
    return pd.DataFrame(
        [(f"{t.table}.csv", t.holds, t.key, t.required) for t in kept],
        columns=["File", "What it holds", "Key", "Required columns"],
    )


def templates() -> list[Template]:
    """The template of every table, in the order the importer loads them."""
    return [
        Template(
            name,
            TEMPLATES / f"{name}.csv",
            TABLES[name].description,
            ", ".join(TABLES[name].key),
            ", ".join(TABLES[name].required_names),
        )
        for name in LOAD_ORDER
        if (TEMPLATES / f"{name}.csv").exists()
    ]


def contract_text() -> str:
    """data/README.md from its rules on, its headings two levels down (under the page's own)."""
    text = CONTRACT.read_text()
    # From its rules on: what comes before is how to import from the command line.
    text = text[text.find("## Rules for every file") :]
    return re.sub(r"(?m)^(#{1,4}) ", lambda m: "#" * (len(m.group(1)) + 2) + " ", text)


def data_attention_notes() -> list[str]:
    """The goal board's "Needs attention" sentences about the data itself: nothing arrived for
    longer than expected, or the drop folder's latest batch was turned away. A problem reading
    the app database or a setting is itself the sentence."""
    try:
        return data_attention()
    except (AppDatabaseError, ValueError) as error:
        return [str(error)]
