"""Plain-text helpers for what pages print."""

from __future__ import annotations

import re
from datetime import date

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:=])")


def markdown_escape(text: str) -> str:
    """Text that st.markdown shows exactly as written: a name like 'O*Brien [x]' stays literal.

    Names and titles come from people's CSV files; unescaped, `**`, links, `:red[...]`
    or `$...$` in them would be interpreted.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def long_date(day: date) -> str:
    """'Friday, November 20, 2026'."""
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def short_date(day: date, with_year: bool = False) -> str:
    """'Nov 20', or 'Nov 20, 2026' with the year; never a leading zero ('Nov 5').

    The day is written from `day.day`, not strftime's `%-d`, which only glibc knows.
    """
    text = f"{day:%b} {day.day}"
    return f"{text}, {day.year}" if with_year else text
