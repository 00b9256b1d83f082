"""The staff-meeting screen's reading slides: the challenge against even pace, a milestone to
celebrate, and this week's reading by grade and by class.

Everything comes from the reading page's own figures after its privacy pass (lib.reading.load):
a challenge hidden there gives no slide here, and a hidden grade or class shows its privacy
label instead of a bar. Names are never read: a class is its section name.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from lib.core.config import PrivacyPolicy
from lib.core.db import Database
from lib.core.pace import SCHOOL_DAYS_PER_WEEK
from lib.core.slides import (
    CLASSES,
    MILESTONE,
    MILESTONE_DAYS,
    READING,
    WEEKLY,
    Bar,
    Line,
    Meter,
    Slide,
    share_of,
)
from lib.core.text import short_date
from lib.privacy.suppression import ProtectedTable
from lib.reading.goals import GoalSection
from lib.reading.load import WeekView, screen_views
from lib.reading.pace import REACHED, Milestone, projected_date
from lib.reading.words import pace_gap

SCREEN_MILESTONE_STEP = 0.1  # a tenth of the target: 5,000 books of 50,000
HIDDEN_BAR = "Hidden to protect privacy"  # a bar of a group too small to show
CLASSES_PER_SLIDE = 6  # rows of two lines that fit 1080 pixels at a size read from the back of a room


def reading_slides(
    database: Database, school_id: str, as_of: date, policy: PrivacyPolicy
) -> tuple[Slide, ...]:
    """The school's challenge slide and milestone slide (its first books or minutes goal, unless
    hidden for privacy), then this week's bars by grade and by class (CLASSES_PER_SLIDE a
    slide), hiding whatever the reading page hides as well (load.screen_views)."""
    view, week = screen_views(database, school_id, as_of, policy)
    slides: list[Slide] = []
    if view.goal is not None and not view.goal_hidden:
        slides.append(challenge_slide(view.goal))
        milestone = recent_milestone(screen_milestones(view.goal.running, view.goal.goal.target), as_of)
        if milestone is not None:
            slides.append(milestone_slide(view.goal, milestone))
    slides += week_slides(week, policy.min_group_size)
    return tuple(slides)


def challenge_slide(section: GoalSection) -> Slide:
    """The running total since the start against the even-pace line and the target."""
    progress, goal, unit = section.progress, section.goal, section.unit
    current, expected = progress.current or 0.0, progress.expected
    running = (
        tuple(zip(section.running["date"], section.running["total"], strict=True))
        if len(section.running)
        else ()
    )
    pace = tuple(zip(section.pace["date"], section.pace["expected"], strict=True))
    return Slide(
        kind=READING,
        key=f"reading:{section.goal_id}",
        kicker=f"Reading challenge · {section.scope} · {short_date(goal.start_date)} – {short_date(goal.end_date, with_year=True)}",
        title=section.title,
        figure=f"{current:,.0f}",
        figure_words=f"{unit} read since {short_date(goal.start_date)} · target {goal.target:,.0f} by {short_date(goal.end_date)}",
        sentence=pace_words(current, expected, unit) or progress.status_reason + ".",
        status=progress.status,
        meter=Meter(
            share=share_of(current, goal.target),
            start_label=f"0 {unit}",
            end_label=f"Target {goal.target:,.0f} {unit}",
            marker_share=share_of(expected, goal.target) if expected is not None else None,
            marker_label=f"Even pace today: {expected:,.0f} {unit}" if expected is not None else None,
        ),
        lines=(
            Line(f"{unit.capitalize()} read", tuple((d, float(v)) for d, v in running)),
            Line("Even pace", tuple((d, float(v)) for d, v in pace), dashed=True),
        ),
        target=goal.target,
    )


def pace_words(current: float, expected: float | None, unit: str) -> str | None:
    """'2,269 books behind even pace, which is 34,343 books by today.' (None without a pace).

    The gap is between the two numbers as shown (each rounded), as on the reading page."""
    if expected is None:
        return None
    gap = pace_gap(current, expected)
    where = (
        "right on even pace"
        if gap == 0
        else f"{abs(gap):,} {unit} {'ahead of' if gap > 0 else 'behind'} even pace"
    )
    return f"{where[0].upper() + where[1:]}, which is {expected:,.0f} {unit} by today."


def screen_milestones(running: pd.DataFrame, target: float) -> list[Milestone]:
    """Every tenth of the target the running total (date, total) has passed, with the first day
    it did: the screen celebrates round numbers (5,000 books of 50,000), more often than the
    reading page's quarters."""
    passed = []
    for step in range(1, round(1 / SCREEN_MILESTONE_STEP) + 1):
        share = step * SCREEN_MILESTONE_STEP
        amount = target * share
        hit = running.loc[running["total"] >= amount - 1e-9, "date"] if len(running) else pd.Series()
        if len(hit):
            passed.append(Milestone(share, amount, REACHED, hit.iloc[0]))
    return passed


def recent_milestone(milestones: list[Milestone], as_of: date) -> Milestone | None:
    """The largest milestone reached in the MILESTONE_DAYS days up to `as_of` (None: none)."""
    since = as_of - timedelta(days=MILESTONE_DAYS - 1)
    recent = [m for m in milestones if m.state == REACHED and m.day is not None and since <= m.day <= as_of]
    return max(recent, key=lambda m: m.share) if recent else None


def milestone_slide(section: GoalSection, milestone: Milestone) -> Slide:
    """'We passed 25,000 books on Oct 26!' with the next round number, celebrated."""
    unit, goal, day = section.unit, section.goal, milestone.day or section.goal.start_date
    following = goal.target * min(milestone.share + SCREEN_MILESTONE_STEP, 1.0)
    if milestone.share >= 1.0 - 1e-9:
        sentence = f"That is the whole target of {goal.target:,.0f} {unit}. Thank you, readers!"
    else:
        when = _projected_day(section, following)
        sentence = f"Next stop: {following:,.0f} {unit}" + (
            f", on pace for {short_date(when)}." if when else "."
        )
    return Slide(
        kind=MILESTONE,
        key=f"milestone:{section.goal_id}:{milestone.amount:.0f}",
        kicker=f"Milestone · {section.title}",
        title=f"We passed {milestone.amount:,.0f} {unit} on {short_date(day)}!",
        figure=f"{milestone.amount:,.0f}",
        figure_words=f"{unit} read since {short_date(goal.start_date)}: {milestone.share:.0%} of the {goal.target:,.0f} target",
        sentence=sentence,
        meter=Meter(
            share=share_of(section.progress.current, goal.target),
            start_label=f"0 {unit}",
            end_label=f"Target {goal.target:,.0f} {unit}",
            marker_share=milestone.share,
            marker_label=f"{milestone.amount:,.0f} passed {short_date(day)}",
        ),
        celebrate=True,
    )


def _projected_day(section: GoalSection, amount: float) -> date | None:
    """The school day the total reaches `amount` at the recent rate (None: not by the end)."""
    per_week, current = section.progress.recent_per_week, section.progress.current or 0.0
    if not per_week or not len(section.running):
        return None
    through = section.running["date"].iloc[-1]
    per_day = per_week / SCHOOL_DAYS_PER_WEEK
    return projected_date(current, amount, per_day, through, section.goal.end_date, section.days_off)


def week_slides(week: WeekView, k: int) -> list[Slide]:
    """This week's bars by grade (one slide) and by class (CLASSES_PER_SLIDE a slide); none
    when every bar is hidden or nobody is on the roster."""
    window = f"{short_date(week.first_day)} – {short_date(week.last_day)}"
    unit = "books" if week.metric == "books_read" else "minutes"
    slides = []
    grade_bars = bars_of(week.grades, "grade", unit)
    if any(bar.share is not None for bar in grade_bars):
        slides.append(_bars_slide(WEEKLY, "weekly", "This week by grade", window, unit, grade_bars, k))
    class_bars = bars_of(week.places, "class", unit)
    if any(bar.share is not None for bar in class_bars):
        pages = [class_bars[i : i + CLASSES_PER_SLIDE] for i in range(0, len(class_bars), CLASSES_PER_SLIDE)]
        for number, page in enumerate(pages, start=1):
            title = "This week by class" + (f" ({number} of {len(pages)})" if len(pages) > 1 else "")
            slides.append(_bars_slide(CLASSES, f"classes:{number}", title, window, unit, page, k))
    return slides


def _bars_slide(kind: str, key: str, title: str, window: str, unit: str, bars: list[Bar], k: int) -> Slide:
    hidden = any(bar.share is None for bar in bars)
    note = (
        f" A group of fewer than {k} students, or one that would give such a group away, shows no bar."
        if hidden
        else ""
    )
    return Slide(
        kind=kind,
        key=key,
        kicker=f"Reading this week · {window}",
        title=title,
        figure="",
        figure_words="",
        sentence=f"{unit.capitalize()} per student and the share of students who logged reading, {window}.{note}",
        bars=tuple(bars),
    )


def bars_of(table: ProtectedTable, label_column: str, unit: str) -> list[Bar]:
    """One bar per row: length = books (or minutes) per student against the row with the most;
    a hidden row keeps its privacy label and no bar."""
    values, labels = table.values, table.labels
    if values.empty:
        return []
    top = pd.to_numeric(values["per_student"], errors="coerce").max()
    bars = []
    for index in values.index:
        per_student = values.at[index, "per_student"]
        shown = per_student is not None and per_student == per_student
        part = values.at[index, "week_percent"]
        took_part = (
            f"{labels.at[index, 'week_percent']} logged reading" if part is not None and part == part else ""
        )
        bars.append(
            Bar(
                label=str(labels.at[index, label_column]),
                share=share_of(float(per_student), float(top)) if shown and top == top else None,
                value=f"{labels.at[index, 'per_student']} {unit} per student" if shown else HIDDEN_BAR,
                note=took_part if shown else "",
            )
        )
    return bars
