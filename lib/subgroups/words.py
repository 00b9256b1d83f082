"""Words for the subgroup page: groups as sentence subjects, and the one-sentence summaries of
notable changes (group labels are lib.core.groups.subgroup_label).

Every sentence is built from the gap table's shown (privacy-safe) numbers, never written by hand.
"""

from __future__ import annotations

import math

import pandas as pd

from lib.core.groups import NOT, subgroup_label
from lib.core.metrics import NOTABLE_GAP_CHANGE
from lib.core.text import markdown_escape
from lib.subgroups.gaps import comparison_windows

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
    "sex:F": "female students",
    "sex:M": "male students",
    "sex:X": "nonbinary (X) students",
    "race:Two or More Races": "students of two or more races",
}


def group_noun(code: str) -> str:
    """The group as the subject of a sentence, lower case: 'students in special education'."""
    return NOUNS.get(code) or f"{subgroup_label(code)} students"


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
        name = (
            f"The {GAP_ADJECTIVES[code]} gap" if code in GAP_ADJECTIVES else f"The gap for {group_noun(code)}"
        )
        return f"{name} in {subject} {word} {points(abs(now - before))} since {since}, from {before:.0f} to {now:.0f} ({scope})."
    noun = group_noun(code)
    return f"{noun[0].upper()}{noun[1:]} in {subject} went from {standing(before)} to {standing(now)} since {since} ({scope})."


def since_phrase(window: str, latest: str) -> str:
    """'BOY' when `window` is in the same school year as `latest`, else the full 'EOY 2025-2026'."""
    name, _, year = window.partition(" ")
    return name if latest.endswith(year) else window


def summary_sentences(
    gaps: pd.DataFrame, tested_labels: pd.Series, low_n: pd.Series, subject: str, windows: list[str]
) -> list[tuple[str, str]]:
    """(group code, sentence) for each shown gap that moved NOTABLE_GAP_CHANGE+ points, largest first.

    `gaps`: window_label, subgroup, gap_to_all (NaN where hidden); `tested_labels` (the shown
    student counts) and `low_n` align with `gaps`. The latest window is compared with the
    window before it and with the same window a school year earlier; each group gets one
    sentence, for the larger change. Left out: groups under the low-n mark in either window
    (a few students can swing their gap by that much) and complements ("not English
    learners"), whose gap mirrors their flag group's.
    """
    keys = list(zip(gaps["window_label"], gaps["subgroup"], strict=True))
    gap = dict(zip(keys, gaps["gap_to_all"], strict=True))
    tested = dict(zip(keys, tested_labels, strict=True))
    small = {key for key, is_low in zip(keys, low_n, strict=True) if is_low}
    if not windows:
        return []
    latest = windows[-1]
    best: dict[str, tuple[float, str]] = {}
    for since in comparison_windows(windows):
        for window, code in keys:
            before, now = gap.get((since, code), math.nan), gap[(window, code)]
            if (
                window != latest
                or code.startswith(NOT)
                or {(since, code), (latest, code)} & small
                or not abs(now - before) >= NOTABLE_GAP_CHANGE
            ):
                continue
            if abs(now - before) > best.get(code, (0.0, ""))[0]:
                # The subject and the windows come from the data: escaped for Markdown.
                scope = f"{markdown_escape(latest)}, n = {tested[(latest, code)]}"
                since_words = markdown_escape(since_phrase(since, latest))
                best[code] = (
                    abs(now - before),
                    change_sentence(code, markdown_escape(subject), since_words, before, now, scope),
                )
    return [(code, sentence) for code, (_, sentence) in sorted(best.items(), key=lambda item: -item[1][0])]


# --- privacy: why a figure is hidden, and students with nothing recorded ----------------------------

RESIDUAL_PHRASES = {
    "english_learner": "no English-learner flag recorded",
    "special_education": "no special-education flag recorded",
    "section_504": "no Section 504 flag recorded",
    "economically_disadvantaged": "no economically-disadvantaged flag recorded",
    "sex": "no sex recorded",
    "race": "no race or ethnicity recorded",
}


def residual_noun(key: str) -> str:
    """'students with no English-learner flag recorded' for a residual key ('_unrecorded:english_learner')."""
    return f"students with {RESIDUAL_PHRASES[key.partition(':')[2]]}"


def residual_sentence(window: str, key: str, students: int) -> str:
    """'BOY 2026-2027: 14 students tested have no English-learner flag recorded (...).'"""
    phrase = RESIDUAL_PHRASES[key.partition(":")[2]]
    return f"{window}: {students:,} students tested have {phrase}; they count in all students only."


def hidden_reason(code: str, protected: list[str], windows: list[str], k: int) -> str:
    """Why a group of k or more is hidden, in a principal's words.

    `protected`: the group codes or residual keys (fewer than k, or unrecorded) it keeps from
    being worked out. "Not English learners hidden in BOY 2026-2027: all students minus them
    would show how many English learners there are, fewer than 10 students."
    """
    where = " and ".join(windows)
    nouns = [residual_noun(key) if key.startswith("_") else group_noun(key) for key in protected]
    together = " together" if len(nouns) > 1 else ""
    what = f"how many {' and '.join(nouns)} there are{together}, fewer than {k} students"
    if code == "all":
        return f"All students hidden in {where}: with the groups that are shown, it would show {what}."
    if not protected:
        return f"{subgroup_label(code)} hidden in {where}: with the other figures it would give a group of fewer than {k} students away."
    return f"{subgroup_label(code)} hidden in {where}: all students minus them would show {what}."
