"""The goal form's words: its defaults, who may use it, and the baseline as a metric."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from lib.core.config import PrivacyPolicy
from lib.core.contract import CUMULATIVE_METRICS
from lib.core.goal_edits import GoalDefinition
from lib.core.metrics import HOURS_METRICS, format_value
from lib.core.scope import Scope
from lib.core.text import short_date
from lib.goals.drafts import DraftFacts, is_coded, is_withheld, too_small

NEW_GOAL = "__new__"
WHO_MAY = (
    "Setting goals and goal reviews are for principals, assistant principals and people with "
    "school or district access to this school."
)


def may_set_goals_notice(school_id: str | None, scope: Scope) -> str | None:
    """Why the form is not shown (no school chosen, or no right to set its goals), or None."""
    if school_id is None:
        return "Choose a school in the sidebar: goals are set and reviewed one school at a time."
    if school_id not in scope.name_schools:
        return WHO_MAY
    return None


def form_defaults(existing: GoalDefinition | None, data_day: date) -> GoalDefinition:
    """The goal the form starts from: the chosen one, or a books goal from the next day to
    eight weeks later."""
    if existing is not None:
        return existing
    begin = data_day + timedelta(days=1)
    return GoalDefinition("", "", "", "books_read", 10000.0, begin, begin + timedelta(weeks=8))


def owner_choices(staff: pd.DataFrame, current: str | None) -> list[str]:
    """Staff names, leaders first, with the goal's current owner kept even if not on staff."""
    names = list(dict.fromkeys(staff["name"]))
    return names if current is None or current in names else [current, *names]


def baseline_text(goal: GoalDefinition, facts: DraftFacts, policy: PrivacyPolicy) -> tuple[str, str]:
    """(label, value) of the baseline: the group's level now, or what a books goal (or a PD-hours
    goal, per teacher) has so far.

    A level of a group under the coding size shows only its band (as the board would)."""
    day = short_date(facts.data_day, with_year=True)
    if goal.metric in CUMULATIVE_METRICS:
        label = f"Counted so far (since {short_date(goal.start_date)}, as of {day})"
    elif goal.metric in HOURS_METRICS:
        label = f"Hours per teacher so far (since {short_date(goal.start_date)}, as of {day})"
    else:
        label = f"Baseline: where the group stands as of {day}"
    if facts.baseline is None:
        return label, "No data yet"
    if too_small(facts, policy):
        return label, "Hidden to protect privacy"
    if is_coded(goal, facts, policy):
        return label, policy.band(facts.baseline)
    return label, format_value(goal.metric, facts.baseline)


def target_format(metric: str) -> str:
    """The number format of a target: whole books or minutes, tenths of a percent, point or hour."""
    return "%.0f" if metric in CUMULATIVE_METRICS else "%.1f"


def pace_text(goal: GoalDefinition, facts: DraftFacts, policy: PrivacyPolicy) -> str | None:
    """The pace the target implies, unless it would give away a figure the baseline withholds."""
    return None if is_withheld(goal, facts, policy) else facts.pace
