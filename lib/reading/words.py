"""Words for the reading challenge page: every number with its unit and its time frame.

Built from the figures lib.reading computed; nothing here calculates what a principal quotes.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from lib.core.progress import NOT_STARTED
from lib.core.school_days import DaysOff, add_school_days, count_school_days
from lib.core.text import short_date
from lib.reading.groups import NOT_LOGGING_DAYS
from lib.reading.pace import MISSED, NOT_ON_PACE, PROJECTED, REACHED, Milestone

PRIVACY_WORDS = (
    "Groups of fewer than {k} students show “n<{k}” or “fewer than {k}” instead of numbers, and a "
    "group is also hidden (“hidden”) when it could be worked out from the others. Percents of groups "
    "under {coded} students show as “>95%” or “<5%” at the extremes."
)


def amount(value: float | None, unit: str) -> str:
    """'32,074 books'; '—' when missing."""
    return "—" if value is None or pd.isna(value) else f"{value:,.0f} {unit}"


def count_words(value: float | None) -> str:
    """'32,074' for a tile whose label names the unit; '—' when missing."""
    return "—" if value is None or pd.isna(value) else f"{value:,.0f}"


def school_days_words(days: int) -> str:
    """'1 school day', '3 school days'."""
    return f"{days} school day" if days == 1 else f"{days} school days"


def pace_gap(current: float, expected: float) -> int:
    """Books (or minutes) ahead of even pace (negative: behind), between the two numbers as
    they are shown, each rounded: what a reader subtracts."""
    return round(current) - round(expected)


def pace_delta(current: float | None, expected: float | None, unit: str) -> str | None:
    """'-2,269 books behind pace', '+120 books ahead of pace', 'on even pace' (a tile's delta).

    The gap is between the two numbers as the tiles show them (count_words rounds each), so
    the delta always equals what a reader subtracts: 101 against 100.5 (shown "100") is +1.
    """
    if current is None or expected is None:
        return None
    gap = pace_gap(current, expected)
    if gap == 0:
        return "on even pace"
    return f"{gap:+,} {unit} {'ahead of' if gap > 0 else 'behind'} pace"


def next_school_day(day: date, days_off: DaysOff) -> date:
    """The first school day after `day`."""
    return add_school_days(day, 1, days_off)


def window_words(start: date | None, last_day: date) -> str:
    """'Aug 17 – Nov 21' (the days counted); 'no reading logged yet' without a start."""
    return f"{short_date(start)} – {short_date(last_day)}" if start else "no reading logged yet"


def since_words(start: date | None) -> str:
    """'since Aug 17', for column names and tile labels."""
    return f"since {short_date(start)}" if start else "in the window"


def milestone_heading(milestone: Milestone, unit: str) -> str:
    """'50% · 25,000 books'."""
    return f"{milestone.share:.0%} · {milestone.amount:,.0f} {unit}"


def milestone_words(milestone: Milestone, end_date: date, status: str) -> str:
    """When a milestone was or will be reached, in words an assembly can use."""
    if status == NOT_STARTED and milestone.state != REACHED:
        return "Not started yet"
    day = short_date(milestone.day) if milestone.day else ""  # set when reached or projected
    return {
        REACHED: lambda: f"Reached {day}",
        PROJECTED: lambda: f"Projected {day} at the recent rate",
        NOT_ON_PACE: lambda: f"Not on pace to reach by the end date ({short_date(end_date)})",
        MISSED: lambda: f"Not reached: the challenge ended {short_date(end_date)}",
    }[milestone.state]()


def milestone_icon(milestone: Milestone) -> str:
    """A Material icon per state, so the state never rests on colour alone."""
    return {
        REACHED: ":material/check_circle:",
        PROJECTED: ":material/event:",
        NOT_ON_PACE: ":material/warning:",
        MISSED: ":material/cancel:",
    }[milestone.state]


def recent_weeks(weekly: pd.DataFrame) -> tuple[int, date | None]:
    """(how many complete school weeks the recent rate averages, the last school day of the latest)."""
    complete = weekly[weekly["complete"].astype(bool)].tail(4)
    return len(complete), (complete["last_school_day"].iloc[-1] if len(complete) else None)


def recent_rate_words(per_week: float | None, weekly: pd.DataFrame, unit: str) -> str:
    """'1,890 books a week, average of the 4 school weeks to Nov 20'."""
    weeks, last = recent_weeks(weekly)
    if per_week is None:
        return f"No school week of {unit} yet"
    if weeks == 0 or last is None:
        return f"{per_week:,.0f} {unit} a week, the pace so far (no complete school week yet)"
    frame = "the school week" if weeks == 1 else f"the {weeks} school weeks"
    return f"{per_week:,.0f} {unit} a week, average of {frame} to {short_date(last)}"


def needed_words(needed: float | None, through: date, end: date, days_off: DaysOff, unit: str) -> str:
    """'2,892 books a week (5 school days) over the 33 school days from Nov 23 to Jan 22'."""
    if needed is None:
        return "No school days left"
    if needed == 0:
        return "Target reached"
    days_left = count_school_days(through + pd.Timedelta(days=1), end, days_off)
    first = add_school_days(through, 1, days_off)
    return (
        f"{_rounded_up(needed):,} {unit} a week (5 school days) over the {school_days_words(days_left)} "
        f"from {short_date(first)} to {short_date(end)}"
    )


def needed_tile(needed: float | None) -> str:
    """The tile value: '2,892' (rounded up, as the goal board words it), 'none' once reached,
    '—' without school days left. The tile's label carries the unit and the time frame."""
    if needed is None:
        return "—"
    return "none" if needed == 0 else f"{_rounded_up(needed):,}"


def _rounded_up(needed: float) -> int:
    """Whole units, rounded up (a need of 2,891.2 books is 2,892), ignoring float noise."""
    return math.ceil(round(needed, 6))


def scope_words(school: str, grades: tuple[str, ...], subgroup_name: str | None) -> str:
    """'Maple Grove Elementary · all grades · all students' for captions."""
    grade_text = "grades " + ", ".join(grades) if grades else "all grades"
    return f"{school} · {grade_text} · {subgroup_name or 'all students'}"


def as_of_words(as_of: date, end_date: date | None) -> str:
    """'As of Saturday, November 21, 2026' (+ when the goal ended before it)."""
    text = f"As of {as_of:%A}, {as_of:%B} {as_of.day}, {as_of.year}"
    if end_date is not None and as_of > end_date:
        text += f"; the challenge ended {short_date(end_date)}, so figures stop there"
    return text


def participation_note(start: date | None, last_day: date) -> str:
    """The definitions behind every participation figure on the page."""
    return (
        f"Students: enrolled on {short_date(last_day)}. Logged this week: at least one reading log in the "
        f"7 days {short_date(last_day - pd.Timedelta(days=6))} – {short_date(last_day)}. Logged "
        f"{since_words(start)}: at least one log while enrolled {since_words(start)} (for students who "
        "enrolled later, since their first day). Per student: the total over the students. No log in "
        f"{NOT_LOGGING_DAYS} days: no log {short_date(last_day - pd.Timedelta(days=NOT_LOGGING_DAYS - 1))} – "
        f"{short_date(last_day)}."
    )


def privacy_words(min_group_size: int, coding_group_size: int) -> str:
    """How hidden and coded cells read, with the policy's numbers."""
    return PRIVACY_WORDS.format(k=min_group_size, coded=coding_group_size)


def _listed(names: list[str]) -> str:
    """'Grade 5', 'Grade 5 and Grade 3 – A', 'A, B and C'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def hidden_groups_words(small: list[str], hidden_too: list[str], k: int) -> str | None:
    """Why figures are hidden, in a principal's words: the small groups, then the groups hidden
    only so that a small one can't be worked out by subtraction (None: nothing hidden)."""
    said = []
    if small:
        verb = "has" if len(small) == 1 else "have"
        said.append(
            f"{_listed(small)} {verb} fewer than {k} students, so {'its' if len(small) == 1 else 'their'} figures are hidden."
        )
    if hidden_too:
        one = len(hidden_too) == 1
        said.append(
            f"{_listed(hidden_too)} {'is' if one else 'are'} hidden too, though {'it has' if one else 'each has'} "
            f"{k} students or more: with {'it' if one else 'them'} shown, a smaller group's numbers could be "
            "worked out by subtracting the figures shown from a total (the school's, a grade's or the district's)."
        )
    return ("To protect student privacy: " + " ".join(said)) if said else None


def hidden_total_words(small: list[str], k: int) -> str:
    """Why the total for everyone in view (the goal's tiles, the weekly bars) is hidden."""
    which = f" ({_listed(small)})" if small else ""
    return (
        f"Hidden to protect student privacy: this total would let a group of fewer than {k} students{which} "
        "be worked out by subtracting the figures shown below from it."
    )
