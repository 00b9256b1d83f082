"""How a OneRoster set differs from the spec, in sentences: each tolerance is said, never silent.

A tolerance is counted per (kind, where) while the files are read; `sentences()` gives one
sentence for each, with how many values it covered and an example or two.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TEMPLATES = {
    "bom": "{where}: saved with a byte-order mark (BOM), which OneRoster files leave out; read as UTF-8.",
    "crlf": "{where}: lines end in CRLF (Windows line ends); read as usual.",
    "cp1252": "{where}: Windows-1252 text, not the UTF-8 that OneRoster asks for; read as Windows-1252.",
    "case": "{where}: capitals where the spec writes lower case ({n} value{s}: {examples}); read as lower case.",
    "date": "{where}: dates without a time where the spec asks for a date and time ({n} value{s}: {examples}); "
    "accepted.",
    "us_date": "{where}: US dates M/D/YYYY where the spec asks for YYYY-MM-DD ({n} value{s}: {examples}); "
    "read as US dates.",
    "space": "{where}: date-times with a space instead of T ({n} value{s}: {examples}); accepted.",
    "bulk_filled": "{where}: status or dateLastModified filled in, which a bulk file leaves blank ({n} row{s}); "
    "read anyway.",
    "deleted": "{where}: status tobedeleted in a bulk file ({n} row{s}: {examples}); left out.",
    "extension": "{where}: extension columns {examples} are not used by the dashboard; ignored.",
    "unknown_column": "{where}: {examples} not part of this OneRoster file; ignored.",
    "user_sourced_id": "{where}: the header names the id userSourcedId (OneRoster 1.0); read as sourcedId.",
    "vendor_grade": "{where}: grades that are not CEDS codes ({n} value{s}: {examples}); read as the grades "
    "they spell.",
    "other_grade": "{where}: grades the dashboard has no grade of its own for ({n} student{s}: {examples}); "
    "imported as given and shown under that name in the grade filter.",
    "many_grades": "{where}: more than one grade ({n} student{s}: {examples}); the first is used.",
    "many_homerooms": "{where}: enrolled in more than one homeroom of their school ({n} student{s}: {examples}); "
    "the one that began last is used.",
    "class_grade": "{where}: no grades ({n} student{s}); their homeroom's grade is used.",
    "no_manifest": "The set has no manifest.csv; its version was read from the headers (OneRoster {examples}).",
}


@dataclass
class Notes:
    """Tolerances seen so far: (kind, where) -> how many, and the first few examples."""

    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    examples: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    extra: list[str] = field(default_factory=list)

    def add(self, kind: str, where: str, example: str = "", count: int = 1) -> None:
        key = (kind, where)
        self.counts[key] = self.counts.get(key, 0) + count
        shown = self.examples.setdefault(key, [])
        if example and example not in shown and len(shown) < 3:
            shown.append(example)

    def say(self, sentence: str) -> None:
        """A note that is not a tolerance (no flag source, people left out...)."""
        self.extra.append(sentence)

    def sentences(self) -> list[str]:
        said = [
            TEMPLATES[kind].format(
                where=where,
                n=f"{n:,}",
                s="" if n == 1 else "s",
                examples=", ".join(self.examples[(kind, where)]),
            )
            for (kind, where), n in self.counts.items()
        ]
        return said + self.extra
