"""Plain-text helpers for what pages print: the escaping rules for data, and dates.

Every string that comes from data (school, class, goal, staff and student names, titles,
rubric components, subjects, URL values) is escaped where it is drawn: `markdown_escape` for
Streamlit's Markdown (titles, captions, notices, labels), `plotly_text` for Plotly figures
(trace names, text, hovers, tick labels, annotations) and `safe_csv` for every download.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import date

import pandas as pd

# Characters Markdown reads anywhere in a line: emphasis, code, links, HTML, math ($), Streamlit's
# :red[...] and :material/icon: (and the colon of a bare https:// address), strikethrough,
# tables, entities (&amp;) and e-mail addresses (@).
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>$:~|&@])")
# What starts a block only at the start of a line (a heading, a list, a quote, a rule); a value
# may be the first thing in a title, so its first character is escaped too.
_MARKDOWN_LINE_START = re.compile(r"^(\s*)([#+=-]|\d+(?=[.)]))")
# GitHub Markdown makes a link of a bare address (https://..., www...., name@host.org) after
# escapes are read, so a backslash can't stop it: an invisible word joiner inside the address can.
WORD_JOINER = "\u2060"
_BARE_ADDRESS = re.compile(r"(?i)(?<=[a-z])(\\:)(?=//)|(?<=www)(?=\.)|(?=\\@)")
# A spreadsheet runs a cell that starts with one of these (OWASP, "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d[\d,]*(\.\d+)?|\.\d+)%?")  # '-4', '-1,234.5', '+3%': data, not a formula


def markdown_escape(text: str) -> str:
    """Text that st.markdown shows exactly as written: a name like 'O*Brien [x]' stays literal.

    Names and titles come from people's CSV files; unescaped, `**`, links, `:red[...]`,
    `$...$`, a bare `https://` or `www.` address, an e-mail address or `&amp;` in them would
    be interpreted. A line break becomes a space (it could start a heading or a list); a bare
    address gets an invisible WORD_JOINER after its colon (before `www`'s dot, before `@`).
    """
    text = _MARKDOWN_INLINE.sub(r"\\\1", " ".join(str(text).splitlines()))
    text = _BARE_ADDRESS.sub(lambda match: (match.group(1) or "") + WORD_JOINER, text)
    return _MARKDOWN_LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match) -> str:
    spaces, start = match.group(1), match.group(2)
    # '1. Name' would be an ordered list: escape the dot or bracket after the number.
    return f"{spaces}{start}\\" if start[0].isdigit() else f"{spaces}\\{start}"


def plotly_text(text: object) -> str:
    """Text that a Plotly figure shows exactly as written (names, labels, hovers, ticks).

    Plotly reads a small HTML (`<b>`, `<a href>`, `<br>`, `&amp;`) in every string it draws:
    `<`, `>` and `&` become entities, so 'A <b>B</b>' shows its brackets.
    """
    return html.escape(str(text), quote=False)


def quoted_value(text: str, limit: int = 60) -> str:
    """A value from a link (a URL parameter) as Markdown code, cut at `limit` characters:
    `` `Session expired: [sign in again](https://evil.example/login)` `` shows exactly that
    text, no link. Code is never read as Markdown (nor as a bare address); the fence is longer
    than any run of backticks in the value."""
    shown = " ".join(text.splitlines())
    shown = shown if len(shown) <= limit else shown[: limit - 1] + "…"
    fence = "`" * (max((len(run) for run in re.findall("`+", shown)), default=0) + 1)
    return f"{fence} {shown} {fence}" if shown.strip() else "(empty)"


def listed_values(values: Sequence[str], shown: int = 3) -> str:
    """'“a”', '“a” and “b”', '“a”, “b”, “c” and 47 more' (each through quoted_value)."""
    quoted = [quoted_value(value) for value in values[:shown]]
    more = len(values) - len(quoted)
    if more:
        return f"{', '.join(quoted)} and {more} more"
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


def safe_cell(value: object) -> object:
    """A CSV cell a spreadsheet won't run: text starting with =, +, -, @, tab or CR gets a
    leading "'" (OWASP); numbers, negative ones included (also written as text: '-4'), stay."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_csv(frame: pd.DataFrame, float_format: str | None = None, encoding: str = "utf-8-sig") -> bytes:
    """The CSV bytes of `frame` for a download, every text cell through `safe_cell` (headers too).

    `utf-8-sig` by default so that Excel reads accented names.
    """
    out = frame.copy()
    out.columns = [safe_cell(str(column)) for column in out.columns]
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(safe_cell)
    return out.to_csv(index=False, float_format=float_format).encode(encoding)


def long_date(day: date) -> str:
    """'Friday, November 20, 2026'."""
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def short_date(day: date, with_year: bool = False) -> str:
    """'Nov 20', or 'Nov 20, 2026' with the year; never a leading zero ('Nov 5').

    The day is written from `day.day`, not strftime's `%-d`, which only glibc knows.
    """
    text = f"{day:%b} {day.day}"
    return f"{text}, {day.year}" if with_year else text
