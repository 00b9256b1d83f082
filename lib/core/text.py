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


def short_date(day: date) -> str:
    """'Nov 20'."""
    return f"{day:%b} {day.day}"
