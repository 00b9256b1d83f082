"""Needs-attention items with hand-computed numbers."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from lib.goals.attention import (
    gap_alert_group_size,
    gap_changes,
    low_participation_classes,
    unseen_teacher_item,
    unseen_teachers,
)

AS_OF = date(2026, 11, 20)


def teachers(*last_seen):
    return pd.DataFrame(
        {
            "staff_id": [f"T{i}" for i in range(len(last_seen))],
            "first_name": ["Ann", "Ben", "Cy", "Di"][: len(last_seen)],
            "last_name": ["A", "B", "C", "D"][: len(last_seen)],
            "last_observed_on": pd.to_datetime(list(last_seen)),
        }
    )


def test_teacher_seen_21_days_ago_is_unseen_but_20_days_ago_is_not():
    frame = teachers("2026-10-30", "2026-10-31")  # 21 and 20 days before Nov 20
    assert unseen_teachers(frame, AS_OF)["days_since_last_observation"].tolist() == [21]


def test_never_observed_teachers_come_first():
    frame = teachers("2026-10-01", None, "2026-11-19")
    unseen = unseen_teachers(frame, AS_OF)
    assert unseen["staff_id"].tolist() == ["T1", "T0"]
    item = unseen_teacher_item(unseen)
    assert (item.number, item.text) == (
        "2 teachers",
        "Teachers not observed in 21+ days (1 never observed): Ben B, Ann A",
    )


def test_low_participation_leaves_out_classes_under_k():
    classes = pd.DataFrame(
        {"section_name": ["A", "B", "C"], "enrolled": [20, 9, 20], "participants": [9, 1, 10]}
    )
    low = low_participation_classes(classes, min_group_size=10)
    assert low[["section_name", "participation"]].to_dict("records") == [
        {"section_name": "A", "participation": 45.0}
    ]


def window_rows(year, window, day, all_tested, all_prof, el_tested, el_prof):
    return [
        (year, window, pd.Timestamp(day), "all", all_tested, all_prof),
        (year, window, pd.Timestamp(day), "english_learner", el_tested, el_prof),
    ]


def test_gap_change_between_the_latest_two_windows():
    rows = window_rows("2025-2026", "EOY", "2026-05-15", 100, 60, 20, 8) + window_rows(
        "2026-2027", "BOY", "2026-09-18", 100, 55, 20, 5
    )
    frame = pd.DataFrame(
        rows, columns=["school_year", "window", "period_end", "subgroup", "tested", "proficient"]
    )
    frame.insert(0, "subject", "reading")
    changes = gap_changes(frame, min_group_size=10)
    # EOY: 60% - 40% = 20 points; BOY: 55% - 25% = 30 points; change +10.
    assert changes[["previous_gap", "gap", "change"]].iloc[0].tolist() == pytest.approx([20.0, 30.0, 10.0])


def test_gap_of_a_group_under_k_is_not_computed():
    rows = window_rows("2025-2026", "EOY", "2026-05-15", 100, 60, 9, 3) + window_rows(
        "2026-2027", "BOY", "2026-09-18", 100, 55, 20, 5
    )
    frame = pd.DataFrame(
        rows, columns=["school_year", "window", "period_end", "subgroup", "tested", "proficient"]
    )
    frame.insert(0, "subject", "reading")
    assert gap_changes(frame, min_group_size=10).empty


def test_no_teachers_on_staff_gives_no_unseen_teachers():
    # A school whose staff file hasn't been imported yet: an empty list, not an error.
    teachers = pd.DataFrame({"staff_id": [], "first_name": [], "last_name": [], "last_observed_on": []})
    unseen = unseen_teachers(teachers, date(2026, 11, 20))
    assert unseen.empty
    assert "days_since_last_observation" in unseen.columns


def test_gap_of_a_group_the_partition_rule_hides_is_not_computed():
    # 52 tested: 43 English learners, 8 not, 1 with a blank flag. All students minus the English
    # learners is 9 (the 8 plus the blank), fewer than 10, so the subgroup page hides the
    # English learners and the board must not give their gap (all students' percent minus it).
    columns = ["school_year", "window", "period_end", "subgroup", "tested", "proficient"]
    rows = [
        (year, window, day, group, tested, proficient)
        for year, window, day in (("2025-2026", "EOY", "2026-05-15"), ("2026-2027", "BOY", "2026-09-18"))
        for group, tested, proficient in (
            ("all", 52, 26),
            ("english_learner", 43, 18),
            ("not:english_learner", 8, 7),
        )
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame.insert(0, "subject", "reading")
    assert gap_changes(frame, min_group_size=10).empty


@pytest.mark.parametrize(("k", "expected"), [(10, 30), (40, 40)])
def test_gap_alerts_are_for_groups_of_30_or_more_and_never_under_k(k, expected):
    from lib.core.config import PrivacyPolicy

    assert gap_alert_group_size(PrivacyPolicy(min_group_size=k)) == expected


def test_a_widened_gap_of_a_group_of_20_is_no_alert():
    # The gap grew 10 points (see the test above), but 20 English learners are under 30.
    rows = window_rows("2025-2026", "EOY", "2026-05-15", 100, 60, 20, 8) + window_rows(
        "2026-2027", "BOY", "2026-09-18", 100, 55, 20, 5
    )
    frame = pd.DataFrame(
        rows, columns=["school_year", "window", "period_end", "subgroup", "tested", "proficient"]
    )
    frame.insert(0, "subject", "reading")
    from lib.core.config import PrivacyPolicy

    assert gap_changes(frame, gap_alert_group_size(PrivacyPolicy())).empty
