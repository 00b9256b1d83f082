"""The goal board: one card per goal, the headline, and what needs attention this week.

`build_board` is what lib.goals.view.goal_board_view (the page's entry point) builds. Level values of
student groups pass the privacy policy here, before any card is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from lib.core.config import PrivacyPolicy
from lib.core.contract import CUMULATIVE_METRICS
from lib.core.db import Database
from lib.core.filters import Filters
from lib.core.goal import goal_from_row, goal_scope
from lib.core.metrics import (
    CUMULATIVE_UNITS,
    HOURS_METRICS,
    MENTORING_MEETINGS_PER_MONTH,
    MENTORING_MONTH_DAYS,
    METRIC_PAGES,
    format_value,
    metric_unit,
)
from lib.core.pace import weekly_totals
from lib.core.progress import GoalProgress, as_date, goal_progress, shown_total
from lib.core.scope import Scope
from lib.core.status import (
    AT_RISK,
    ENDED_MET,
    ENDED_MISSED,
    GOOD_STATUSES,
    HIDDEN,
    MET,
    NOT_STARTED,
    OFF_TRACK,
    SLIPPED_TO,
    slipped,
)
from lib.core.text import short_date
from lib.goals import attention
from lib.goals.load import ALL_PERIODS, STATUS_PERIODS, STUDENT_METRICS, load_goal_data
from lib.goals.nesting import card_cells, hidden_cards

MAX_ATTENTION_ITEMS = 6
GIVES_AWAY = (
    "Hidden to protect student privacy: with this figure shown, the figure of a group of fewer than {k} "
    "students could be worked out by subtracting this school's other goals from it."
)


@dataclass(frozen=True)
class GoalCard:
    """Everything one goal's card shows. `hidden_reason` set: the value is withheld (privacy)."""

    goal_id: str
    school_id: str
    school_name: str
    title: str
    metric: str
    owner: str | None
    scope: str  # "All students", "Grade 3", "English learners, reading" ...
    start_date: date
    end_date: date
    progress: GoalProgress
    status: str
    # The status a week earlier: worked out only when it matters (the goal is now at risk or
    # off track and could have slipped); None otherwise.
    previous_status: str | None
    trend: tuple[float, ...]
    trend_label: str
    current_label: str
    target_label: str
    unit: str
    hidden_reason: str | None = None

    @property
    def has_slipped(self) -> bool:
        return self.previous_status is not None and slipped(self.previous_status, self.status)


@dataclass(frozen=True)
class Board:
    as_of: date
    cards: tuple[GoalCard, ...]
    attention: tuple[attention.AttentionItem, ...] = ()
    schools: pd.DataFrame = field(default_factory=pd.DataFrame)
    # The cards' students, lines and never-shown rests (lib.goals.nesting.card_cells): for the auditor.
    cells: tuple = ({}, [], set())

    @property
    def headline(self) -> str:
        good = sum(c.status in GOOD_STATUSES for c in self.cards)
        return f"{good:,} of {len(self.cards):,} goals met or on track as of {short_date(self.as_of, with_year=True)}"


def projection_sentence(card: GoalCard) -> str | None:
    """'At the recent pace: 43,575 books by Jan 22 (41,200 to 45,900 at the slowest and fastest recent week).'"""
    progress = card.progress
    if progress.projected is None or card.status in (MET, ENDED_MET, ENDED_MISSED):
        return None
    band = ""
    if progress.projected_low is not None and progress.projected_high is not None:
        band = f" ({progress.projected_low:,.0f} to {progress.projected_high:,.0f} at the slowest and fastest recent week)"
    projected = shown_total(progress.projected, progress.target)
    return f"At the recent pace: {projected:,} {card.unit} by {short_date(card.end_date)}{band}."


def _points_through(data: pd.DataFrame, as_of: date) -> list[tuple[float, int]]:
    """(value, n) of a level series' points on or before as_of, oldest first."""
    rows = zip(data["period_end"], data["value"], data["n"], strict=True)
    return [(float(v), int(n)) for end, v, n in rows if as_date(end) <= as_of]


def _trend(row, data: pd.DataFrame, as_of: date, days_off) -> tuple[tuple[float, ...], str]:
    if row.metric in CUMULATIVE_METRICS:
        weeks = weekly_totals(data, row.start_date, min(as_of, row.end_date), days_off)
        return tuple(float(v) for v in weeks["total"].cumsum()), "running total by school week"
    values = [v for v, _ in _points_through(data, as_of) if v == v]
    label = "by assessment window" if "label" in data else "weekly"
    return tuple(values[-12:]), label


def figure_students(row, data: pd.DataFrame, as_of: date, population: int | None) -> int | None:
    """The students a student goal's figure stands on: a total's population, else its latest point's n."""
    if population is not None:
        return population
    if row.metric not in STUDENT_METRICS or data.empty:
        return None
    kept = _points_through(data, as_of)
    return kept[-1][1] if kept else None


def _privacy_block(
    row,
    data: pd.DataFrame,
    as_of: date,
    policy: PrivacyPolicy,
    population: int | None = None,
    gives_away: bool = False,
) -> str | None:
    """Why a student-group value can't be shown (its latest point covers fewer than k, or a
    books or minutes total counts fewer than k students: `population`; or, `gives_away`, it
    would let a smaller group be worked out from the school's other cards), or None."""
    if population is not None and population < policy.min_group_size:
        return f"Fewer than {policy.min_group_size} students in this group: hidden to protect privacy."
    if gives_away and (population is not None or row.metric in STUDENT_METRICS):
        return GIVES_AWAY.format(k=policy.min_group_size)
    if row.metric not in STUDENT_METRICS or data.empty:
        return None
    kept = _points_through(data, as_of)
    if not kept:
        return None
    value, n = kept[-1]
    if n < policy.min_group_size:
        return f"Fewer than {policy.min_group_size} students in this group: hidden to protect privacy."
    if policy.is_coded(value, n):
        return f"{policy.band(value)} in a group of fewer than {policy.coding_group_size} students (exact value withheld)."
    return None


def _card(
    row,
    data: pd.DataFrame,
    as_of: date,
    days_off,
    policy: PrivacyPolicy,
    with_trend: bool,
    population: int | None = None,
    gives_away: bool = False,
) -> GoalCard:
    goal = goal_from_row(row)
    progress = goal_progress(goal, data, as_of, days_off)
    hidden = _privacy_block(row, data, as_of, policy, population, gives_away)
    could_slip = not hidden and progress.status in SLIPPED_TO
    before = goal_progress(goal, data, as_of - timedelta(weeks=1), days_off) if could_slip else None
    trend, trend_label = _trend(row, data, as_of, days_off) if with_trend and not hidden else ((), "")
    return GoalCard(
        goal_id=row.goal_id,
        school_id=row.school_id,
        school_name=row.school_name,
        title=row.title,
        metric=row.metric,
        owner=row.owner if isinstance(row.owner, str) else None,
        scope=goal_scope(row),
        start_date=row.start_date,
        end_date=row.end_date,
        progress=progress,
        status=HIDDEN if hidden else progress.status,
        previous_status=before.status if before else None,
        trend=trend,
        trend_label=trend_label,
        current_label="—" if hidden else format_value(row.metric, progress.current),
        target_label=format_value(row.metric, goal.target),
        unit=metric_unit(row.metric),
        hidden_reason=hidden,
    )


def goal_cards(
    database: Database, school_ids: list[str], filters: Filters, policy: PrivacyPolicy
) -> tuple[list[GoalCard], tuple]:
    """One card per goal of the schools that the grade and subgroup filters keep.

    A goal is kept when it has no grade (school-wide) or its grade is among the chosen
    grades, and likewise for the subgroup. Values always count the goal's own population.
    """
    # The district view draws no trend lines: the latest few weekly points are enough.
    periods = STATUS_PERIODS if filters.is_district else ALL_PERIODS
    data = load_goal_data(database, school_ids, filters.as_of, periods)
    goals = data.goals
    if filters.grades:
        goals = goals[goals["grade_level"].isna() | goals["grade_level"].isin(filters.grades)]
    if filters.subgroup:
        goals = goals[goals["subgroup"].isna() | (goals["subgroup"] == filters.subgroup)]
    students = {
        row.goal_id: n
        for row in goals.itertuples()
        if (
            n := figure_students(
                row, data.series[row.goal_id], filters.as_of, data.populations.get(row.goal_id)
            )
        )
        is not None
    }
    cells = card_cells(goals, students, filters.as_of)
    hidden = hidden_cards(cells, policy.min_group_size)
    cards = [
        # The district view shows no cards, so it skips the trend lines.
        _card(
            row,
            data.series[row.goal_id],
            filters.as_of,
            data.days_off[row.goal_id],
            policy,
            not filters.is_district,
            data.populations.get(row.goal_id),
            row.goal_id in hidden,
        )
        for row in goals.itertuples()
    ]
    return cards, cells


def _slipped_items(cards: list[GoalCard]) -> list[attention.AttentionItem]:
    return [
        attention.AttentionItem(
            "goals",
            f"{c.title} ({c.school_name}) slipped from {c.previous_status} to {c.status}: {c.progress.status_reason}",
            c.current_label,
            METRIC_PAGES.get(c.metric),
            urgency=0,
        )
        for c in cards
        if c.has_slipped
    ]


def attention_items(
    database: Database,
    school_ids: list[str],
    filters: Filters,
    policy: PrivacyPolicy,
    cards: list[GoalCard],
    scope: Scope,
) -> list[attention.AttentionItem]:
    """The most urgent items of `school_ids` (the schools in view) across areas, most urgent
    first, at most MAX_ATTENTION_ITEMS. Teachers (and their classes' names) are named only where
    `scope` allows (attention.may_name), mentoring pairs only where it allows teachers' names at
    their school (attention.names_allowed_at); the others are counted."""
    others = other_attention_items(database, school_ids, filters, policy, scope)
    return _most_urgent(_slipped_items(cards) + others)


def _most_urgent(items: list[attention.AttentionItem]) -> list[attention.AttentionItem]:
    return sorted(items, key=lambda item: item.urgency)[:MAX_ATTENTION_ITEMS]


def other_attention_items(
    database: Database, school_ids: list[str], filters: Filters, policy: PrivacyPolicy, scope: Scope
) -> list[attention.AttentionItem]:
    """attention_items' items other than the goals that slipped: they need no goal card, so
    build_board reads them while the cards are worked out."""
    # Not filters.sql_params: it would put the chosen school back even when it is out of scope.
    query = {"schools": list(school_ids), "as_of": filters.as_of, "grades": list(filters.grades) or None}
    unseen = attention.unseen_teachers(database.query("goals.teachers_last_seen", query), filters.as_of)
    classes = database.query("goals.class_participation", query)
    gaps = attention.gap_changes(
        database.query("subgroups.proficiency_by_group", query), attention.gap_alert_group_size(policy)
    )
    items = []
    unseen_item = attention.unseen_teacher_item(unseen, named=attention.may_name(unseen, "staff_id", scope))
    low = attention.low_participation_classes(classes, policy.min_group_size)
    low_item = attention.low_participation_item(low, attention.may_name(low, "teacher_id", scope))
    items += [unseen_item] if unseen_item else []
    items += _lapsed_pair_items(database, query, scope)
    items += attention.widened_gap_items(gaps)[:2]
    items += [low_item] if low_item else []
    return items


def _lapsed_pair_items(database: Database, query: dict, scope: Scope) -> list[attention.AttentionItem]:
    """The mentoring pairs that have not met lately, as one item (or none); names as `scope` allows."""
    pairs = attention.lapsed_pairs(database.query("goals.mentoring_last_met", query), query["as_of"])
    item = attention.lapsed_pair_item(pairs, named=attention.names_allowed_at(pairs, scope))
    return [item] if item else []


def school_table(cards: list[GoalCard], school_names: dict[str, str]) -> pd.DataFrame:
    """One row per school: goals, and how many are met or on track, at risk, off track, other."""
    rows = []
    for school_id, name in school_names.items():
        statuses = [c.status for c in cards if c.school_id == school_id]
        rows.append(
            {
                "school_id": school_id,
                "school": name,
                "goals": len(statuses),
                "met or on track": sum(s in GOOD_STATUSES for s in statuses),
                "at risk": statuses.count(AT_RISK),
                "off track": statuses.count(OFF_TRACK) + statuses.count(ENDED_MISSED),
                "not started or hidden": statuses.count(NOT_STARTED) + statuses.count(HIDDEN),
            }
        )
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    return table.sort_values(["off track", "at risk", "school"], ascending=[False, False, True]).reset_index(
        drop=True
    )


def build_board(
    database: Database, filters: Filters, school_ids: list[str], policy: PrivacyPolicy, scope: Scope
) -> Board:
    """The whole goal board of `school_ids` (the schools in view): cards, attention items, and
    (district view) one row per school. lib.goals.view.goal_board_view works out the schools;
    `scope` decides whose names the attention items may give."""
    (cards, cells), others, schools = database.together(
        lambda: goal_cards(database, school_ids, filters, policy),
        lambda: other_attention_items(database, school_ids, filters, policy, scope),
        lambda: database.query("core.schools"),
    )
    items = _most_urgent(_slipped_items(cards) + others)
    names = dict(schools[["school_id", "school_name"]].itertuples(index=False))
    schools = (
        school_table(cards, {s: names[s] for s in school_ids}) if filters.is_district else pd.DataFrame()
    )
    return Board(filters.as_of, tuple(cards), tuple(items), schools, cells)


def metric_label(card: GoalCard) -> str:
    """What the card's big number is, with its time frame."""
    since = short_date(card.start_date)
    return {
        "books_read": f"Books read since {since}",
        "minutes_read": f"Minutes read since {since}",
        "reading_participation": "Students who logged reading, last 7 days",
        "percent_proficient": "Proficient (level 3–4), latest assessment window",
        "proficiency_gap": "Gap to all students, latest assessment window",
        "observation_coverage": "Teachers observed, last 14 days",
        "feedback_within_2_days": "Feedback within 2 school days, last 28 days",
        "pd_hours": f"Average PD hours per teacher since {since}",
        "mentoring_meetings": (
            f"Pairs with {MENTORING_MEETINGS_PER_MONTH}+ meetings, last {MENTORING_MONTH_DAYS} days"
        ),
    }[card.metric]


def card_delta(card: GoalCard) -> tuple[str | None, str, str | None]:
    """(delta text, delta colour mode, description) for the card's metric tile."""
    progress = card.progress
    if card.hidden_reason or progress.current is None:
        return None, "normal", None
    if card.metric in CUMULATIVE_METRICS and progress.expected is not None:
        unit = CUMULATIVE_UNITS[card.metric]
        return f"{progress.current - progress.expected:+,.0f} {unit}", "normal", "compared with even pace"
    if card.metric in HOURS_METRICS and progress.expected is not None:
        return f"{progress.current - progress.expected:+.1f} hours", "normal", "compared with even pace"
    if progress.change is None:
        return None, "normal", None
    mode = "inverse" if progress.is_lower_better else "normal"
    return (
        f"{progress.change:+.1f} points",
        mode,
        "since the previous "
        + ("window" if card.metric in ("percent_proficient", "proficiency_gap") else "week"),
    )
