"""'Needs attention this week': the few most urgent items across goals, teachers, mentoring pairs
and students.

Pure functions over the rows of lib/goals/queries.sql (attention queries) and subgroups; each item carries
the number a principal would quote.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from lib.core.config import PrivacyPolicy
from lib.core.contract import FLAG_SUBGROUPS
from lib.core.groups import ALL, subgroup_label
from lib.core.metrics import MENTORING_LAPSE_DAYS, NOTABLE_GAP_CHANGE
from lib.core.numbers import gap_points, percent, percents
from lib.core.scope import Scope
from lib.privacy.partitions import partition_hidden

UNSEEN_DAYS = 21  # a teacher with no leadership visit for this many days needs one
LOW_PARTICIPATION = 0.5  # a class where fewer than half the students logged this week


@dataclass(frozen=True)
class AttentionItem:
    """One line of the list: what, the number, and which page explains it."""

    area: str  # goals | observations | learning | subgroups | reading
    text: str
    number: str
    page: str | None = None
    urgency: int = 0  # lower comes first


def days_since(last: date | None, as_of: date) -> int | None:
    """Whole days from `last` to `as_of`; None when there was no visit."""
    return None if last is None or pd.isna(last) else (as_of - last).days


def unseen_teachers(teachers: pd.DataFrame, as_of: date, threshold: int = UNSEEN_DAYS) -> pd.DataFrame:
    """Teachers with no leadership visit in `threshold`+ days (or never), longest first.

    Adds `days_since_last_observation` (None when never visited).
    """
    last = pd.to_datetime(teachers["last_observed_on"]).dt.date
    days = [days_since(d, as_of) for d in last]
    out = teachers.assign(days_since_last_observation=pd.array(days, dtype="Int64"))
    unseen = out[pd.Series([d is None or d >= threshold for d in days], index=out.index, dtype=bool)]
    never_first = unseen["days_since_last_observation"].fillna(10**6)
    return unseen.assign(_order=-never_first).sort_values(["_order", "last_name"]).drop(columns="_order")


def low_participation_classes(classes: pd.DataFrame, min_group_size: int) -> pd.DataFrame:
    """Homerooms where fewer than half the enrolled students logged in the last 7 days.

    Classes under the privacy minimum are left out: their share would describe too few students.
    """
    big_enough = classes[classes["enrolled"] >= min_group_size]
    share = big_enough["participants"] / big_enough["enrolled"]
    participation = percents(big_enough["participants"], big_enough["enrolled"])
    return big_enough.assign(participation=participation)[share < LOW_PARTICIPATION]


def gap_alert_group_size(policy: PrivacyPolicy) -> int:
    """The fewest students a group needs for its gap change to be an alert: 30 (`low_n`), never
    under k. In a group of 10 one student moves the gap 10 points, so a 3-point change there is
    noise a principal should not be sent after; the subgroup page still shows such groups."""
    return max(policy.low_n, policy.min_group_size)


def gap_changes(by_group: pd.DataFrame, min_group_size: int) -> pd.DataFrame:
    """Per subject and flag group: the gap to all students in the latest two windows.

    Gap = all students' percent proficient minus the group's, in whole points (as on the
    subgroup page, so a change equals the difference of the gaps it names). Rows where
    either window has fewer than `min_group_size` students in the group are left out.
    Columns: subject, subgroup, previous_window, window, previous_gap, gap, change.
    """
    rows = []
    for subject, frame in by_group.groupby("subject"):
        windows = frame.sort_values("period_end")[["school_year", "window"]].drop_duplicates()
        if len(windows) < 2:
            continue
        (prev_year, prev_window), (year, window) = windows.iloc[-2:].itertuples(index=False)
        for subgroup in FLAG_SUBGROUPS:
            before = _gap(frame, prev_year, prev_window, subgroup, min_group_size)
            now = _gap(frame, year, window, subgroup, min_group_size)
            if before is not None and now is not None:
                rows.append(
                    (
                        subject,
                        subgroup,
                        f"{prev_window} {prev_year}",
                        f"{window} {year}",
                        before,
                        now,
                        now - before,
                    )
                )
    columns = ["subject", "subgroup", "previous_window", "window", "previous_gap", "gap", "change"]
    return pd.DataFrame(rows, columns=columns)


def _gap(frame: pd.DataFrame, year: str, window: str, subgroup: str, k: int) -> float | None:
    rows = frame[(frame["school_year"] == year) & (frame["window"] == window)].set_index("subgroup")
    if ALL not in rows.index or subgroup not in rows.index or rows.loc[subgroup, "tested"] < k:
        return None
    # The subgroup page's partition rule: a group hidden there (say, to keep all students minus
    # it from giving away a small complement plus blank flags) gives no gap here either.
    tested = {str(group): int(n) for group, n in rows["tested"].items()}
    if subgroup in partition_hidden(tested, PrivacyPolicy(min_group_size=k)):
        return None
    everyone = percent(rows.loc[ALL, "proficient"], rows.loc[ALL, "tested"])
    return gap_points(everyone, percent(rows.loc[subgroup, "proficient"], rows.loc[subgroup, "tested"]))


def widened_gap_items(changes: pd.DataFrame) -> list[AttentionItem]:
    """An item for each gap that grew by NOTABLE_GAP_CHANGE points or more, widest growth first.

    Only gaps where the group is behind (gap above 0) count: a group ahead of all
    students whose lead shrinks is not a widening gap.
    """
    grew = (changes["change"] >= NOTABLE_GAP_CHANGE) & (changes["gap"] > 0)
    widened = changes[grew].sort_values("change", ascending=False)
    return [
        AttentionItem(
            "subgroups",
            f"{subgroup_label(r.subgroup)} gap in {r.subject} widened from {r.previous_gap:.0f} to "
            f"{r.gap:.0f} points ({r.previous_window} to {r.window})",
            f"+{r.change:.0f} pts",
            "subgroups",
            urgency=2,
        )
        for r in widened.itertuples()
    ]


def may_name(frame: pd.DataFrame, staff_column: str, scope: Scope) -> pd.Series:
    """True where the row's teacher may be named to this reader: the row's school allows other
    teachers' names (`Scope.teacher_names_allowed`), or the teacher is the reader (a teacher sees
    their own name; the others of their school are counted, never named)."""
    named = [
        scope.may_name_teacher(s, t) for s, t in zip(frame["school_id"], frame[staff_column], strict=True)
    ]
    return pd.Series(named, index=frame.index, dtype=bool)


def _listed(names: list[str], total: int) -> str:
    """': Ana A, Bo B and 4 more' (at most 3 names); '' when there is no name to give."""
    if not names:
        return ""
    more = f" and {total - len(names)} more" if total > len(names) else ""
    return f": {', '.join(names)}{more}"


def unseen_teacher_item(
    unseen: pd.DataFrame, threshold: int = UNSEEN_DAYS, named: pd.Series | None = None
) -> AttentionItem | None:
    """One item counting teachers not observed in `threshold`+ days, naming the first few.

    `named` (True per row that may be named, `may_name`; None: every row) keeps the others out
    of the names: they are counted only. With no name to give the text says the count.
    """
    if unseen.empty:
        return None
    nameable = unseen if named is None else unseen[named]
    names = [f"{r.first_name} {r.last_name}" for r in nameable.head(3).itertuples()]
    never = int(unseen["days_since_last_observation"].isna().sum())
    never_text = f" ({never} never observed)" if never else ""
    what = f"not observed in {threshold}+ days{never_text}"
    text = f"Teachers {what}{_listed(names, len(unseen))}" if names else f"{len(unseen)} teachers {what}"
    return AttentionItem("observations", text, f"{len(unseen)} teachers", "observations", urgency=1)


def low_participation_item(classes: pd.DataFrame, named: pd.Series | None = None) -> AttentionItem | None:
    """One item counting classes where fewer than half the students logged this week.

    A class's name holds its teacher's ("Grade 3 – Ms. Rivera"): `named` (as for
    `unseen_teacher_item`) keeps the others counted, not named.
    """
    if classes.empty:
        return None
    nameable = classes if named is None else classes[named]
    worst = nameable.sort_values("participation").head(3)
    names = [f"{r.section_name} ({r.participation:.0f}%)" for r in worst.itertuples()]
    what = "fewer than half the students logged reading in the last 7 days"
    text = (
        f"Classes where {what}{_listed(names, len(classes))}"
        if names
        else f"{len(classes)} classes where {what}"
    )
    return AttentionItem("reading", text, f"{len(classes)} classes", "reading", urgency=3)


def lapsed_pairs(pairs: pd.DataFrame, as_of: date, threshold: int = MENTORING_LAPSE_DAYS) -> pd.DataFrame:
    """Mentoring pairs with no meeting in the `threshold` days up to and including `as_of`
    (their last meeting `threshold` or more days before it, or none), longest first.

    A pair that started fewer than `threshold` days before `as_of` has not lapsed, whatever its
    meetings. Adds `days_since_last_meeting` (None when the pair has not met yet).
    """
    started = [(as_of - d).days >= threshold for d in pd.to_datetime(pairs["start_date"]).dt.date]
    days = [days_since(d, as_of) for d in pd.to_datetime(pairs["last_met_on"]).dt.date]
    out = pairs.assign(days_since_last_meeting=pd.array(days, dtype="Int64"))
    keep = [s and (d is None or d >= threshold) for s, d in zip(started, days, strict=True)]
    lapsed = out[pd.Series(keep, index=out.index, dtype=bool)]
    longest = -lapsed["days_since_last_meeting"].fillna(10**6)
    return lapsed.assign(_order=longest).sort_values(["_order", "mentee_last_name"]).drop(columns="_order")


def names_allowed_at(frame: pd.DataFrame, scope: Scope) -> pd.Series:
    """True where the row's school allows teachers' names to this reader (`Scope.teacher_names_allowed`)."""
    return pd.Series(
        [scope.teacher_names_allowed(s) for s in frame["school_id"]], index=frame.index, dtype=bool
    )


def since_last_meeting(days: int | None) -> str:
    """'22 days since the last meeting', or 'no meeting yet'."""
    return "no meeting yet" if days is None or pd.isna(days) else f"{days} days since the last meeting"


def _pair_names(pairs: pd.DataFrame) -> list[str]:
    """'Ana Lopez with Bo Chen (22 days since the last meeting)' for the first 3 pairs (mentor first)."""
    return [
        f"{r.mentor_first_name} {r.mentor_last_name} with {r.mentee_first_name} {r.mentee_last_name} "
        f"({since_last_meeting(r.days_since_last_meeting)})"
        for r in pairs.head(3).itertuples()
    ]


def lapsed_pair_item(
    lapsed: pd.DataFrame, threshold: int = MENTORING_LAPSE_DAYS, named: pd.Series | None = None
) -> AttentionItem | None:
    """One item for mentoring pairs that have not met in `threshold`+ days, naming the first few
    pairs where `named` allows (None: every row; `names_allowed_at`), each with the days since
    its last meeting; with no pair to name, a count and the days of the first few."""
    if lapsed.empty:
        return None
    names = _pair_names(lapsed if named is None else lapsed[named])
    total = len(lapsed)
    count = f"{total} mentoring pair{'s' if total > 1 else ''}"
    if names:
        text = f"Mentoring pairs with no meeting in {threshold}+ days{_listed(names, total)}"
    else:
        days = "; ".join(since_last_meeting(d) for d in lapsed["days_since_last_meeting"].head(3))
        more = f"; {total - 3} more" if total > 3 else ""
        text = f"{count} {'have' if total > 1 else 'has'} not met in {threshold}+ days ({days}{more})"
    return AttentionItem("learning", text, f"{total} pair{'s' if total > 1 else ''}", "learning", urgency=1)
