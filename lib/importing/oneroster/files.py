"""Find a OneRoster set in a batch (a zip, a folder or its files) and read it, checked as a set.

Each file is read whole into columns of text with the line each row starts on. A file the
spec would not allow is refused with its file, line and column (a header only, a repeated
sourcedId, a delta manifest, a manifest that disagrees with the files); one that breaks the
spec in a clear way is read, and the tolerance is noted (lib.importing.oneroster.notes).
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lib.importing.csv_source import PY_CODECS, CsvProblem, fingerprint, is_blank
from lib.importing.oneroster import spec
from lib.importing.oneroster.checks import check_rows
from lib.importing.oneroster.notes import Notes
from lib.importing.report import Problem

PROBLEM_CAP = 200
ZIP_LIMIT_BYTES = 4 << 30  # what a district's roster could unpack to; more is not a roster


@dataclass
class Problems:
    listed: list[Problem] = field(default_factory=list)
    count: int = 0

    def add(self, file: str, line: int | None, column: str | None, value: str | None, message: str) -> None:
        self.count += 1
        if len(self.listed) < PROBLEM_CAP:
            self.listed.append(Problem(file, line, column, value, message))


@dataclass
class RosterFile:
    """One file of the set: its kind ('users'), the name problems use, columns of text."""

    kind: str
    name: str
    path: Path
    columns: dict[str, list[str]] = field(default_factory=dict)
    lines: list[int] = field(default_factory=list)
    deleted: set[str] = field(default_factory=set)  # sourcedIds a bulk file marks tobedeleted

    def __len__(self) -> int:
        return len(self.lines)

    def get(self, column: str, row: int) -> str:
        values_of = self.columns.get(column)
        return values_of[row] if values_of is not None else ""

    def has(self, column: str) -> bool:
        return column in self.columns


@dataclass
class RosterSet:
    version: str
    files: dict[str, RosterFile]
    manifest: dict[str, tuple[str, int]] = field(default_factory=dict)  # property -> (value, line)

    def file(self, kind: str) -> RosterFile | None:
        return self.files.get(kind)


def kind_of(path_name: str) -> str | None:
    """'users' for users.csv (any case); None for a file that is not part of a OneRoster set."""
    path = Path(path_name)
    return spec.KNOWN.get(path.stem.lower()) if path.suffix.lower() == ".csv" else None


def split_batch(
    paths: list[Path], work: Path, problems: Problems
) -> tuple[list[tuple[Path, str]], list[Path]]:
    """(the OneRoster set's files with the names problems use, the batch's other files).

    A zip is unpacked into `work`; a folder with a OneRoster file in it counts as its CSV files.
    """
    roster: list[tuple[Path, str]] = []
    others: list[tuple[Path, str]] = []
    for number, path in enumerate(paths):
        if path.suffix.lower() == ".zip" and path.is_file():
            members = _unzip(path, work / f"zip{number}", problems)
        elif path.is_dir() and any(kind_of(p.name) for p in path.glob("*.csv")):
            members = [
                (p, f"{path.name}/{p.name}") for p in sorted(path.iterdir()) if p.suffix.lower() == ".csv"
            ]
        else:
            members = [(path, path.name)]
        for member, name in members:
            (roster if kind_of(member.name) else others).append((member, name))
    kinds = {kind_of(p.name) for p, _ in roster}
    if kinds and kinds <= set(spec.FLAG_FILES):
        for _, name in roster:
            problems.add(name, None, None, None,
                         "goes with a OneRoster set (orgs.csv, users.csv...), and there is none in this batch. "
                         "Without one, put the flags in students.csv.")  # fmt: skip
    return roster, [path for path, _ in others]


def _unzip(path: Path, folder: Path, problems: Problems) -> list[tuple[Path, str]]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if _is_csv_member(m)]
            if sum(m.file_size for m in members) > ZIP_LIMIT_BYTES:
                problems.add(
                    path.name, None, None, None, "unpacks to more than 4 GB: this is not a roster export."
                )
                return []
            folder.mkdir(parents=True)
            unpacked = []
            for member in members:
                target = folder / Path(member.filename).name
                if target.exists():
                    problems.add(
                        path.name,
                        None,
                        None,
                        member.filename,
                        "has two files of this name in different folders.",
                    )
                    continue
                with archive.open(member) as source, target.open("wb") as sink:
                    while chunk := source.read(1 << 20):
                        sink.write(chunk)
                unpacked.append((target, f"{path.name}/{Path(member.filename).name}"))
            return unpacked
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        problems.add(path.name, None, None, None, f"can't be unpacked as a zip file ({error}).")
        return []


def _is_csv_member(member: zipfile.ZipInfo) -> bool:
    name = Path(member.filename)
    return not member.is_dir() and name.suffix.lower() == ".csv" and not name.name.startswith(("._", "."))


def read_set(members: list[tuple[Path, str]], notes: Notes, problems: Problems) -> RosterSet | None:
    """Read and check the set; None when a problem makes its contents unusable."""
    by_kind: dict[str, tuple[Path, str]] = {}
    for path, name in members:
        kind = kind_of(path.name) or ""
        if kind in by_kind:
            problems.add(name, None, None, None, f"is the second {kind}.csv of the set: give each file once.")
        by_kind[kind] = (path, name)
    manifest = (
        _read(by_kind["manifest"], "manifest", "1.2", notes, problems) if "manifest" in by_kind else None
    )
    properties = _properties(manifest, problems) if manifest else {}
    version = _version(properties, by_kind, manifest, notes, problems)
    if version is None:
        return None
    files = {k: _read(v, k, version, notes, problems) for k, v in by_kind.items() if k != "manifest"}
    roster = RosterSet(version, {k: f for k, f in files.items() if f is not None}, properties)
    if manifest is not None:
        _check_manifest(roster, manifest, by_kind, problems)
    for needed in ("orgs", "users") + (("roles",) if version == "1.2" else ()):
        if needed not in by_kind:
            problems.add(f"{needed}.csv", None, None, None, _missing_file(needed, version))
    return roster


def _missing_file(kind: str, version: str) -> str:
    why = {
        "orgs": "the schools come from it",
        "users": "the students and staff come from it",
        "roles": "in OneRoster 1.2 it says who is a student and who teaches where",
    }[kind]
    return f"is missing from the OneRoster {version} set: {why}."


def _properties(manifest: RosterFile, problems: Problems) -> dict[str, tuple[str, int]]:
    found: dict[str, tuple[str, int]] = {}
    for row, line in enumerate(manifest.lines):
        name, value = manifest.get("propertyName", row).strip(), manifest.get("value", row).strip()
        if name in found:
            problems.add(
                manifest.name,
                line,
                "propertyName",
                name,
                f"repeats the property already on line {found[name][1]}.",
            )
        found[name] = (value, line)
    return found


def _version(properties, by_kind, manifest, notes: Notes, problems: Problems) -> str | None:
    if manifest is not None:
        value, line = properties.get("oneroster.version", ("", 1))
        if value in spec.VERSIONS:
            return value
        problems.add(manifest.name, line, "value", value or None,
                     "must say which OneRoster version the set is (oneroster.version 1.1 or 1.2); "
                     "only 1.1 and 1.2 can be imported.")  # fmt: skip
        return None
    version = "1.2" if "roles" in by_kind else "1.1"
    notes.add("no_manifest", "", version)
    return version


def _check_manifest(roster: RosterSet, manifest: RosterFile, by_kind, problems: Problems) -> None:
    for prop, (value, line) in roster.manifest.items():
        if not prop.startswith("file."):
            continue
        kind, mode = prop[5:], value.lower()
        if mode == "delta":
            problems.add(manifest.name, line, "value", value,
                         f"says {kind}.csv is a delta file (changes only). Delta files are not supported yet: "
                         "export a bulk (full) OneRoster set instead, every file marked bulk or absent.")  # fmt: skip
        elif mode == "bulk" and kind not in by_kind:
            problems.add(
                manifest.name,
                line,
                "value",
                value,
                f"lists {kind}.csv as bulk, but the set has no {kind}.csv.",
            )
        elif mode == "absent" and kind in by_kind:
            problems.add(manifest.name, line, "value", value,
                         f"says {kind}.csv is absent, but the set has it: mark it bulk or leave the file out.")  # fmt: skip
        elif mode not in ("bulk", "absent", "delta"):
            problems.add(manifest.name, line, "value", value, "must be bulk, delta or absent.")
    listed = {p[5:] for p in roster.manifest if p.startswith("file.")}
    for kind, (_, name) in by_kind.items():
        if kind not in ("manifest", *spec.FLAG_FILES) and kind not in listed:
            problems.add(manifest.name, None, None, None,
                         f"has no file.{kind} line, but the set has {name}: the manifest must list every file.")  # fmt: skip


def _read(
    member: tuple[Path, str], kind: str, version: str, notes: Notes, problems: Problems
) -> RosterFile | None:
    path, name = member
    try:
        _, encoding, _ = fingerprint(path)
    except CsvProblem as problem:
        problems.add(name, problem.line, None, None, problem.message)
        return None
    _note_bytes(path, name, encoding, notes)
    with path.open(encoding=PY_CODECS[encoding], newline="") as stream:
        reader = csv.reader(stream, strict=True)
        header = next(reader, None)
        if not header or is_blank(header):
            problems.add(name, 1, None, None, "is empty: the first line must name the columns.")
            return None
        kept = _header(header, kind, version, name, notes, problems)
        if kept is None:
            return None
        roster_file = RosterFile(kind, name, path, {column: [] for _, column in kept})
        try:
            _rows(reader, roster_file, kept, len(header), problems)
        except csv.Error as error:
            problems.add(name, reader.line_num, None, None, f"has broken quoting: {error}.")
            return None
    if not roster_file.lines:
        problems.add(name, 1, None, None,
                     "has a header and no rows. The OneRoster spec says to leave such a file out of the set "
                     "and mark it absent in manifest.csv.")  # fmt: skip
        return None
    check_rows(roster_file, kind, notes, problems)
    return roster_file


def _note_bytes(path: Path, name: str, encoding: str, notes: Notes) -> None:
    if encoding == "UTF-8 with BOM":
        notes.add("bom", name)
    elif encoding == "Windows-1252":
        notes.add("cp1252", name)
    with path.open("rb") as stream:
        if b"\r\n" in stream.read(1 << 16):
            notes.add("crlf", name)


def _header(header: list[str], kind: str, version: str, name: str, notes: Notes, problems: Problems):
    """[(position, spec column)] of the columns kept; None (a problem) when one is missing or doubled."""
    known = spec.columns_of(kind, version) or spec.COMMON
    by_lower = {c.lower(): c for c in known}
    kept: list[tuple[int, str]] = []
    for position, raw in enumerate(header):
        text = raw.strip().lstrip("\ufeff")
        column = by_lower.get(text.lower())
        if kind == "demographics" and text.lower() == "usersourcedid":
            column = "sourcedId"
            notes.add("user_sourced_id", name)
        if column is None:
            if text.lower().startswith(("metadata.", "ext_")):
                notes.add("extension", name, text)
            elif text and spec.columns_of(kind, version):
                notes.add("unknown_column", name, text)
            continue
        if any(c == column for _, c in kept):
            problems.add(name, 1, text, None, "appears twice in the header.")
            return None
        kept.append((position, column))
    missing = [c for c in spec.required_of(kind, version) if all(c != k for _, k in kept)]
    if missing:
        problems.add(name, 1, missing[0], None,
                     f"is missing from the header: a OneRoster {version} {kind}.csv needs "
                     f"{', '.join(spec.required_of(kind, version))}.")  # fmt: skip
        return None
    return kept


def _rows(
    reader, roster_file: RosterFile, kept: list[tuple[int, str]], width: int, problems: Problems
) -> None:
    previous_end = reader.line_num
    for row in reader:
        start, previous_end = previous_end + 1, reader.line_num
        if is_blank(row):
            continue
        if len(row) != width and (len(row) < width or any(v.strip() for v in row[width:])):
            problems.add(roster_file.name, start, None, None,
                         f"does not have {width} values like the header (a stray comma, or a value with a "
                         "comma that is not in quotes?).")  # fmt: skip
            continue
        roster_file.lines.append(start)
        for position, column in kept:
            roster_file.columns[column].append(row[position].strip())


def rows_of(roster_file: RosterFile | None) -> Iterator[int]:
    """The row numbers of a file's rows still in the roster (not marked tobedeleted)."""
    if roster_file is None:
        return iter(())
    if not roster_file.deleted or not roster_file.has("sourcedId"):
        return iter(range(len(roster_file)))
    ids = roster_file.columns["sourcedId"]
    return (row for row in range(len(roster_file)) if ids[row] not in roster_file.deleted)
