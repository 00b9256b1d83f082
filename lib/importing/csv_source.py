"""Read one CSV file as a person saved it: detect the encoding, find its table, stream its rows.

Rows come out as column batches with the line number each record starts on, so every
problem can be reported as "file, line, column" even when quoted fields span lines.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from lib.core.contract import TABLES, Table

CHUNK_BYTES = 1 << 20
BATCH_ROWS = 250_000
ARROW_BLOCK_BYTES = 16 << 20
csv.field_size_limit(1 << 24)


class CsvProblem(Exception):
    """A file-level problem (encoding, header, shape) with the line it was found on."""

    def __init__(self, message: str, line: int | None = None, column: str | None = None):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


@dataclass
class CsvFile:
    """One file of a batch. `occurrence` is its place in the batch: the raw rows are tracked by
    it, never by name, since one platform's monthly exports all share a name."""

    path: Path
    sha256: str
    encoding: str  # "UTF-8", "UTF-8 with BOM" or "Windows-1252"
    header: list[str]
    physical_lines: int = 0
    table: Table | None = None
    warnings: list[str] = field(default_factory=list)
    shape_problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message)
    shape_problem_count: int = 0
    occurrence: int = 0
    label: str = ""  # how reports name the file: its name, or its path when names repeat

    @property
    def name(self) -> str:
        return self.label or self.path.name

    @property
    def contract(self) -> Table:
        """The contract table of a recognised file (read_csv_file refuses a file it can't place)."""
        if self.table is None:
            raise ValueError(f"{self.name}: the file's table is not known yet")
        return self.table


def fingerprint(path: Path) -> tuple[str, str, int]:
    """Return (sha256, encoding name, physical lines), checking the bytes decode as UTF-8 or cp1252."""
    digest = hashlib.sha256()
    utf8 = codecs.getincrementaldecoder("utf-8")("strict")
    is_utf8, has_bom, first = True, False, True
    newlines, last = 0, b"\n"
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK_BYTES):
            digest.update(chunk)
            newlines, last = newlines + chunk.count(b"\n"), chunk[-1:]
            if first:
                has_bom, first = chunk.startswith(codecs.BOM_UTF8), False
            if is_utf8:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError:
                    is_utf8 = False
    if is_utf8:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            is_utf8 = False
    lines = newlines + (last != b"\n")
    if is_utf8:
        return digest.hexdigest(), "UTF-8 with BOM" if has_bom else "UTF-8", lines
    _check_cp1252(path)
    return digest.hexdigest(), "Windows-1252", lines


def _check_cp1252(path: Path) -> None:
    line = 1
    with path.open("rb") as stream:
        for raw in stream:
            try:
                raw.decode("cp1252")
            except UnicodeDecodeError as error:
                raise CsvProblem(
                    f"The file is neither UTF-8 nor Windows-1252 text (byte 0x{raw[error.start]:02X}"
                    " cannot be read). Save it again as 'CSV UTF-8' and re-import.",
                    line=line,
                ) from None
            line += 1


PY_CODECS = {"UTF-8": "utf-8", "UTF-8 with BOM": "utf-8-sig", "Windows-1252": "cp1252"}


def _normal(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def table_for_name(file_name: str) -> Table | None:
    """Return the table a file name points at: `students.csv`, `Reading Logs (Nov).csv`..."""
    stem = _normal(Path(file_name).stem)
    for name in sorted(TABLES, key=len, reverse=True):
        if stem == name or stem.startswith(name + "_"):
            return TABLES[name]
    return None


def table_for_header(header: list[str]) -> Table | None:
    """Return the one table whose required columns the header holds, preferring most overlap."""
    present = set(header)
    fits = [t for t in TABLES.values() if set(t.required_names) <= present]
    fits.sort(key=lambda t: len(present & set(t.column_names)), reverse=True)
    if not fits:
        return None
    best = len(present & set(fits[0].column_names))
    if len(fits) > 1 and len(present & set(fits[1].column_names)) == best:
        return None
    return fits[0]


def open_csv(path: Path, occurrence: int = 0, label: str = "") -> CsvFile:
    """Inspect a file: hash, encoding, header and table. Raises CsvProblem when unusable."""
    if not path.exists():
        raise CsvProblem("The file does not exist.")
    if path.is_dir():
        raise CsvProblem("This is a folder, not a CSV file: name the files inside it.")
    try:
        sha, encoding, lines = fingerprint(path)
        with path.open(encoding=PY_CODECS[encoding], newline="") as stream:
            header_row = next(csv.reader(stream), None)
    except OSError as error:
        raise CsvProblem(f"The file can't be read ({error.strerror or error}).") from None
    if not header_row or not any(h.strip() for h in header_row):
        raise CsvProblem("The file is empty: the first line must name the columns.", line=1)
    header = [_normal(h) for h in header_row]
    source = CsvFile(path, sha, encoding, header, lines, occurrence=occurrence, label=label)
    source.table = table_for_name(path.name) or table_for_header(header)
    if source.table is None:
        raise CsvProblem(
            "Cannot tell which table this file is for: name it after its table "
            f"({', '.join(n + '.csv' for n in TABLES)}) or use the template's header.",
            line=1,
        )
    _check_header(source)
    return source


def _check_header(source: CsvFile) -> None:
    table = source.contract
    seen: set[str] = set()
    for name in source.header:
        if name in seen:
            raise CsvProblem(f"The column '{name}' appears twice in the header.", 1, name)
        seen.add(name)
    missing = [c for c in table.required_names if c not in seen]
    if missing:
        raise CsvProblem(
            f"Required column{'s' if len(missing) > 1 else ''} missing from the header: "
            f"{', '.join(missing)}. The {table.name} file needs {', '.join(table.required_names)}.",
            1,
            missing[0],
        )
    extra = [h for h in source.header if h and h not in table.column_names]
    if extra:
        source.warnings.append(
            f"{source.name}: column{'s' if len(extra) > 1 else ''} {', '.join(extra)} "
            f"{'are' if len(extra) > 1 else 'is'} not part of the {table.name} file and "
            "will be ignored."
        )


def stream_into(source: CsvFile, insert: Callable[[pa.Table], None], discard: Callable[[], None]) -> None:
    """Hand the file's rows to `insert` as Arrow batches of text with `_file` and `_line`.

    Fast path: Arrow parses the file in blocks; when it finds exactly one record per
    physical line (no blank lines, no line breaks inside quotes), record i is on line
    i + 2. Anything else (or a parse error) calls `discard`, which must remove this
    occurrence's rows only, and re-reads the file on the exact path, which counts lines as
    Python's csv module does (several times slower on millions of rows).
    """
    if _stream_arrow(source, insert):
        return
    discard()
    for lines, columns in _exact_batches(source):
        batch = pa.table({name: pa.array(values, pa.string()) for name, values in columns.items()})
        insert(_with_position(source, batch, lines))


def _with_position(source: CsvFile, table: pa.Table, lines) -> pa.Table:
    table = table.add_column(0, "_line", pa.array(lines, pa.int32()))
    table = table.add_column(0, "_source", pa.array([source.occurrence] * table.num_rows, pa.int32()))
    return table.add_column(0, "_file", pa.array([source.name] * table.num_rows, pa.string()))


def is_blank(values: list[str]) -> bool:
    """A blank line: nothing on it but spaces and commas (Excel writes an emptied row as commas).

    Blank lines are skipped on every path; they still count for the line numbers.
    """
    return not any(v.strip() for v in values)


def _has_blank_rows(batch: pa.RecordBatch) -> bool:
    if batch.num_columns == 0 or batch.num_rows == 0:
        return False
    filled = None
    for column in batch.columns:
        has_value = pc.greater(pc.utf8_length(pc.utf8_trim_whitespace(column.fill_null(""))), 0)
        filled = has_value if filled is None else pc.or_(filled, has_value)
    return not pc.all(filled).as_py()


def _stream_arrow(source: CsvFile, insert: Callable[[pa.Table], None]) -> bool:
    """Stream the file through Arrow; False when line numbers would not be exact."""
    keep = [h for h in source.header if h in source.contract.column_names]
    rows = 0
    try:
        reader = pa_csv.open_csv(
            source.path,
            read_options=pa_csv.ReadOptions(
                column_names=source.header,
                skip_rows=1,
                encoding=PY_CODECS[source.encoding].replace("-sig", ""),
                block_size=ARROW_BLOCK_BYTES,
            ),
            # Empty lines are left in so the row count no longer matches the line count and the
            # exact path (which skips blank lines) takes over; so are rows of only commas.
            parse_options=pa_csv.ParseOptions(newlines_in_values=False, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(source.header, pa.string()), include_columns=keep
            ),
        )
        for batch in reader:
            if _has_blank_rows(batch):
                return False
            lines = np.arange(rows + 2, rows + 2 + batch.num_rows, dtype=np.int32)
            insert(_with_position(source, pa.Table.from_batches([batch]), lines))
            rows += batch.num_rows
    except (pa.ArrowInvalid, ValueError):
        return False
    return rows == source.physical_lines - 1


def _exact_batches(source: CsvFile) -> Iterator[tuple[list[int], dict[str, list[str]]]]:
    """Yield (line numbers, {column: values}) batches of the contract's columns.

    Blank lines (`is_blank`) are skipped. A record with more values than the header (other than
    empty trailing ones) or fewer is left out and noted in `source.shape_problems`;
    broken quoting raises CsvProblem with its line.
    """
    width = len(source.header)
    keep = [(i, h) for i, h in enumerate(source.header) if h in source.contract.column_names]
    with source.path.open(encoding=PY_CODECS[source.encoding], newline="") as stream:
        reader = csv.reader(stream, strict=True)
        next(reader)
        lines: list[int] = []
        rows: list[list[str]] = []
        previous_end = reader.line_num
        try:
            for row in reader:
                start, previous_end = previous_end + 1, reader.line_num
                if is_blank(row):
                    continue
                fitted = row if len(row) == width else _fit_width(row, width)
                if fitted is None:
                    _note_shape(source, start, width)
                    continue
                lines.append(start)
                rows.append(fitted)
                if len(rows) >= BATCH_ROWS:
                    yield lines, _columns(rows, keep)
                    lines, rows = [], []
        except csv.Error as error:
            raise CsvProblem(f"The file's quoting is broken: {error}.", reader.line_num) from None
        if rows:
            yield lines, _columns(rows, keep)


def _fit_width(row: list[str], width: int) -> list[str] | None:
    """Drop empty trailing values (Excel writes them); None when the row can't fit."""
    if len(row) > width and not any(v.strip() for v in row[width:]):
        return row[:width]
    return None


def _note_shape(source: CsvFile, line: int, width: int) -> None:
    source.shape_problem_count += 1
    if len(source.shape_problems) < 100:
        source.shape_problems.append(
            (
                line,
                f"This line does not have {width} values like the header (a stray comma, "
                "or a value with a comma that is not in quotes?).",
            )
        )


def _columns(rows: list[list[str]], keep: list[tuple[int, str]]) -> dict[str, list[str]]:
    transposed = list(zip(*rows, strict=True))
    return {name: list(transposed[i]) for i, name in keep}
