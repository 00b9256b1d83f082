"""What one slide of the staff-meeting screen says: the shape every area fills in.

The goals area (lib/goals/slides.py) and the reading area (lib/reading/slides.py) each turn
their figures, after the privacy pass, into `Slide`s; lib/display draws them. A slide holds
finished words and shares of a bar, never rows of students: the screen has nothing else to
hide. Text from the school's files (goal titles, class names) is kept as it is and escaped where
it is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Slide kinds: the `slides` URL option names them; the screen shows them in this order.
READING = "reading"  # the reading challenge's running total against even pace
MILESTONE = "milestone"  # a milestone reached in the last MILESTONE_DAYS days, celebrated
GOALS = "goals"  # one per student goal (books, minutes, participation, proficiency, gaps)
WEEKLY = "weekly"  # this week's reading by grade
CLASSES = "classes"  # this week's reading by homeroom class
OBSERVATIONS = "observations"  # goals about teachers (metrics.TEACHER_METRICS), school-wide figures
SLIDE_KINDS = (READING, MILESTONE, GOALS, WEEKLY, CLASSES, OBSERVATIONS)
MILESTONE_DAYS = 14  # a milestone is celebrated for two weeks after it was reached


@dataclass(frozen=True)
class Meter:
    """A big progress bar: `share` of its scale filled (0-1), a marker at `marker_share`.

    Labels carry units and time frames: start_label '0', end_label 'Target 50,000 books',
    marker_label 'Even pace today: 29,120 books'.
    """

    share: float
    start_label: str
    end_label: str
    marker_share: float | None = None
    marker_label: str | None = None


@dataclass(frozen=True)
class Bar:
    """One bar of a bar slide: `label` ('Grade 3' or a class's name), `share` of the longest
    bar (None: hidden for privacy, `value` says why), `value` '2.4 books per student', `note`
    '78% logged reading'."""

    label: str
    share: float | None
    value: str
    note: str = ""


@dataclass(frozen=True)
class Line:
    """One line of a slide's chart: (day, value) points; `dashed` for a pace line."""

    name: str
    points: tuple[tuple[date, float], ...]
    dashed: bool = False


@dataclass(frozen=True)
class Slide:
    """One screen. `key` is unique and stable across data refreshes (the rotation follows it).

    kicker: the small line on top ('Goal · All students · Aug 17 – Jan 22');
    title: the goal's title or the slide's subject; figure + figure_words: the headline number
    and what it counts with its time frame ('31,245' + 'books read since Aug 17');
    status: a lib.core.status value or None; sentence: one sentence under it.
    """

    kind: str
    key: str
    kicker: str
    title: str
    figure: str
    figure_words: str
    sentence: str
    status: str | None = None
    meter: Meter | None = None
    bars: tuple[Bar, ...] = ()
    lines: tuple[Line, ...] = ()
    target: float | None = None  # the chart's target line (same units as the lines)
    celebrate: bool = False


def share_of(value: float | None, scale: float) -> float:
    """value / scale kept within 0-1 (0 for no value or no scale)."""
    if value is None or value != value or scale <= 0:
        return 0.0
    return min(max(value / scale, 0.0), 1.0)
