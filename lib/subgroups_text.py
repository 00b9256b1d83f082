"""Words for the subgroup page: group names and the one-sentence summaries of notable changes.

Every sentence is built from the gap table's shown (privacy-safe) numbers, never written by hand.
"""

from __future__ import annotations

import math

import pandas as pd

from lib.filters import subgroup_label
from lib.subgroups_gaps import ALL, NOT, NOTABLE_CHANGE, comparison_windows

# "The English-learner gap": groups whose gap reads naturally with an adjective.
GAP_ADJECTIVES = {
    "english_learner": "English-learner",
    "special_education": "special-education",
    "section_504": "Section 504",
    "economically_disadvantaged": "economically disadvantaged",
}
NOUNS = {
    "english_learner": "English learners",
    "special_education": "students in special education",
    "section_504": "students with a Section 504 plan",
    "economically_disadvantaged": "economically disadvantaged students",
    NOT + "english_learner": "students who are not English learners",
    NOT + "special_education": "students not in special education",
    NOT + "section_504": "students without a Section 504 plan",
    NOT + "economically_disadvantaged": "students not economically disadvantaged",
    "race:Two or More Races": "students of two or more races",
}


def group_name(code: str) -> str:
    """The table label of a group code: 'all' -> 'All students', 'english_learner' -> 'English learners'."""
    return subgroup_label(None if code == ALL else code)


def group_noun(code: str) -> str:
    """The group as the subject of a sentence, lower case: 'students in special education'."""
    if code in NOUNS:
        return NOUNS[code]
    if code.startswith("sex:"):
        return f"{subgroup_label(code).lower()} students"
    return f"{subgroup_label(code)} students"


def points(value: float) -> str:
    """'1 point', '4 points'."""
    return f"{value:.0f} point" + ("" if abs(value) == 1 else "s")


def standing(gap: float) -> str:
    """Where a gap puts the group: '4 points behind all students', 'level with all students'."""
    if gap == 0:
        return "level with all students"
    return f"{points(abs(gap))} {'behind' if gap > 0 else 'ahead of'} all students"


def change_sentence(code: str, subject: str, since: str, before: float, now: float, scope: str) -> str:
    """One sentence for a gap that moved from `before` to `now` points since the window `since`.

    `scope` ends the sentence with the window and the group's count ('BOY 2026-2027, n = 255').
    Both gaps positive: "The English-learner gap in reading narrowed 4 points since BOY, from
    28 to 24 (...)". Otherwise the group's standing against all students before and now.
    """
    if before > 0 and now > 0:
        word = "narrowed" if now < before else "widened"
        name = f"The {GAP_ADJECTIVES[code]} gap" if code in GAP_ADJECTIVES else f"The gap for {group_noun(code)}"
        return f"{name} in {subject} {word} {points(abs(now - before))} since {since}, from {before:.0f} to {now:.0f} ({scope})."
    noun = group_noun(code)
    return f"{noun[0].upper()}{noun[1:]} in {subject} went from {standing(before)} to {standing(now)} since {since} ({scope})."


def since_phrase(window: str, latest: str) -> str:
    """'BOY' when `window` is in the same school year as `latest`, else the full 'EOY 2025-2026'."""
    name, _, year = window.partition(" ")
    return name if latest.endswith(year) else window


def summary_sentences(gaps: pd.DataFrame, tested_labels: pd.Series, subject: str, windows: list[str]) -> list[tuple[str, str]]:
    """(group code, sentence) for each shown gap that moved NOTABLE_CHANGE+ points, largest first.

    `gaps`: window_label, subgroup, gap_to_all (NaN where hidden); `tested_labels`: the shown
    student counts, aligned with `gaps`. The latest window is compared with the window before
    it and with the same window a year earlier.
    """
    if not windows:
        return []
    latest = windows[-1]
    by_key = gaps.assign(n=tested_labels.to_numpy()).set_index(["window_label", "subgroup"])
    found = []
    for since in comparison_windows(windows):
        for code in gaps.loc[gaps["window_label"] == latest, "subgroup"]:
            if code == ALL or (since, code) not in by_key.index:
                continue
            before, now = by_key.at[(since, code), "gap_to_all"], by_key.at[(latest, code), "gap_to_all"]
            if math.isnan(before) or math.isnan(now) or abs(now - before) < NOTABLE_CHANGE:
                continue
            scope = f"{latest}, n = {by_key.at[(latest, code), 'n']}"
            sentence = change_sentence(code, subject, since_phrase(since, latest), before, now, scope)
            found.append((abs(now - before), code, sentence))
    return [(code, sentence) for _, code, sentence in sorted(found, key=lambda item: -item[0])]
