"""The goal form's arithmetic: baselines from the data, the pace a target implies, and each
refusal with its sentence."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from lib.core import db as store
from lib.core.config import PrivacyPolicy
from lib.core.goal_edits import GoalDefinition
from lib.goals.drafts import (
    DraftFacts,
    changes_between,
    draft_facts,
    is_withheld,
    level_pace,
    new_goal_id,
    refusals,
    usual_window_dates,
)
from lib.goals.form_words import baseline_text, pace_text

DATA_DAY = date(2026, 11, 21)
POLICY = PrivacyPolicy()  # k = 10
K = POLICY.min_group_size
BOOKS = GoalDefinition(
    "", "101", "Read 20,000 books by winter break", "books_read", 20000.0, date(2026, 12, 1), date(2027, 1, 22),
    owner="Principal Okafor",
)  # fmt: skip
PROFICIENT = GoalDefinition(
    "", "101", "65% proficient in reading", "percent_proficient", 65.0, date(2026, 12, 1), date(2027, 5, 31),
    subject="reading", owner="Coach Brown",
)  # fmt: skip


@pytest.fixture(scope="module")
def demo(demo_path):
    database = store.connect(demo_path, read_only=True)
    yield database
    database.close()


def facts(
    baseline: float | None = 50.0, students: int | None = 200, group_hidden: bool = False
) -> DraftFacts:
    return DraftFacts(DATA_DAY, baseline, students, None, group_hidden=group_hidden)


def test_a_books_goal_shows_the_pace_its_target_implies_against_the_last_4_weeks(demo):
    found = draft_facts(demo, BOOKS, DATA_DAY, K)
    # 7,559 books in the 4 weeks Oct 25 - Nov 21 (1,889.75 a week); 20,000 books over the school
    # days Dec 1 - Jan 22 (the demo's winter break Dec 21 - Jan 1 is off): 28 days, 5.6 weeks.
    assert found.recent_per_week == pytest.approx(1889.75)
    assert found.baseline == 0.0
    assert found.pace == "Needs 3,572 books a week; the last 4 weeks averaged 1,890."


def test_a_books_goal_already_running_counts_what_was_read_since_its_start(demo):
    running = replace(BOOKS, start_date=date(2026, 8, 17), target=60000.0)
    assert draft_facts(demo, running, DATA_DAY, K).baseline == 32074.0  # the goal board's figure


def test_a_proficiency_baseline_is_the_latest_window_whatever_the_start(demo):
    found = draft_facts(demo, PROFICIENT, DATA_DAY, K)
    assert round(found.baseline, 1) == 48.5  # the goal board's 60% goal: 48.5% in the BOY window
    # From the goal's start (Dec 1): 181 days = 5.95 months of 30.44 days; 16.5 / 5.95 = 2.77.
    assert found.pace == "16.5 points to gain by May 31, 2027: 2.8 points a month."


def test_level_pace_is_points_per_month_to_the_end():
    # 191 days from Nov 21 to May 31 = 6.27 months of 30.44 days; 11.5 / 6.27 = 1.83.
    goal = replace(PROFICIENT, target=60.0, start_date=date(2026, 8, 17))
    assert level_pace(goal, 48.5, DATA_DAY) == "11.5 points to gain by May 31, 2027: 1.8 points a month."


def test_a_group_the_sidebar_hides_is_hidden_for_a_goal_too(demo):
    # At Maple Grove, sex X has fewer than 10 students: Female beside all students and Male
    # would reveal them (lib.core.choices). English learners are shown school-wide, but not by
    # grade: some grade band has fewer than 10 of them or of the others.
    def hidden(**group) -> bool:
        return draft_facts(demo, replace(PROFICIENT, **group), DATA_DAY, K).group_hidden

    assert hidden(subgroup="sex:F") and not hidden(subgroup="english_learner")
    assert hidden(subgroup="english_learner", grade_level="3")


def test_a_goal_that_can_be_measured_and_met_has_no_refusal():
    assert refusals(BOOKS, facts(0.0), POLICY) == []


def test_an_end_before_the_start_is_refused():
    backwards = replace(BOOKS, end_date=date(2026, 11, 30))
    assert refusals(backwards, facts(0.0), POLICY) == [
        "The end date (Nov 30, 2026) is not after the start date (Dec 1, 2026)."
    ]


def test_an_end_already_passed_is_refused():
    over = replace(BOOKS, start_date=date(2026, 9, 1), end_date=date(2026, 11, 1))
    assert refusals(over, facts(0.0), POLICY)[0].startswith("The end date (Nov 1, 2026) has passed")


def test_a_target_already_reached_at_the_baseline_is_refused():
    assert refusals(PROFICIENT, facts(70.0), POLICY) == [
        "The target (65%) is already reached: the baseline is 70% as of Nov 21, 2026. Set a target "
        "the school still has to work for."
    ]


def test_a_gap_target_is_reached_when_the_gap_is_already_that_small():
    gap = replace(PROFICIENT, metric="proficiency_gap", target=10.0, subgroup="english_learner")
    assert "already reached" in refusals(gap, facts(8.0), POLICY)[0]
    assert refusals(gap, facts(14.0), POLICY) == []


def test_a_group_under_the_privacy_minimum_is_refused():
    assert refusals(PROFICIENT, facts(40.0, students=9), POLICY) == [
        "Fewer than 10 students are in this group, so its figures could never be shown: choose a "
        "larger group (a whole grade, or no group)."
    ]


def test_a_group_the_sidebar_hides_is_refused():
    found = refusals(
        replace(PROFICIENT, subgroup="sex:F"), facts(40.0, students=50, group_hidden=True), POLICY
    )
    assert found == [
        "This group's figures can't be shown at this school: beside all students they would reveal a "
        "group of fewer than 10 (the students outside it, or those with nothing recorded). The "
        "sidebar hides it too. Choose another group, or set the goal for everyone."
    ]


def test_a_proficiency_goal_with_no_assessment_window_before_its_end_is_refused():
    december = replace(PROFICIENT, end_date=date(2026, 12, 20))
    assert refusals(december, facts(40.0), POLICY) == [
        "No assessment window (BOY Sep 30, MOY Jan 31, EOY May 31) falls between the start and the "
        "end date, so nothing would measure the goal: end it after the next window."
    ]


def test_a_goal_without_owner_or_title_is_refused():
    assert refusals(replace(BOOKS, title=" ", owner=None), facts(0.0), POLICY) == [
        "Give the goal a title: it is what the board, the screen and the packet show.",
        "Name an owner: the person who answers for the goal at each review.",
    ]


def test_usual_windows_fall_after_the_start_and_by_the_end():
    assert usual_window_dates(date(2026, 12, 1), date(2027, 5, 31)) == [
        ("MOY 2026-27", date(2027, 1, 31)),
        ("EOY 2026-27", date(2027, 5, 31)),
    ]


def test_the_baseline_of_a_small_group_shows_its_band_only():
    small = PrivacyPolicy(coding_group_size=20)
    assert baseline_text(PROFICIENT, facts(97.0, students=15), small)[1] == f">{small.top_code:.0f}%"
    assert baseline_text(PROFICIENT, facts(48.5, students=15), small)[1] == "48%"
    assert (
        baseline_text(PROFICIENT, facts(48.5, students=40, group_hidden=True), small)[1]
        == "Hidden to protect privacy"
    )


def test_changes_name_each_field_that_moved():
    after = replace(PROFICIENT, target=70.0, grade_level="3")
    assert changes_between(PROFICIENT, after) == ["Target: 65% → 70%", "Grade level: — → 3"]


def test_a_new_goal_id_skips_the_ones_taken():
    assert new_goal_id("101", "books_read", {"G101-BOOKS-APP1"}) == "G101-BOOKS-APP2"


def test_a_small_groups_pace_and_reached_target_give_nothing_away():
    small = facts(57.1, students=7)
    assert pace_text(PROFICIENT, replace(small, pace="2.9 points to gain"), POLICY) is None
    reached = replace(PROFICIENT, target=50.0)
    assert refusals(reached, small, POLICY)[0] == (
        "The target is already reached at the baseline: set a target the school still has to work for."
    )


def test_a_coded_level_is_withheld_but_a_books_total_of_a_large_group_is_not():
    assert is_withheld(PROFICIENT, facts(97.0, students=30), POLICY)  # under 40 students, over 95%
    assert not is_withheld(PROFICIENT, facts(60.0, students=30), POLICY)
    assert not is_withheld(BOOKS, facts(3.0, students=30), POLICY)


def test_a_teachers_goal_takes_no_grade_or_group():
    coverage = replace(BOOKS, metric="observation_coverage", target=90.0, subgroup="english_learner")
    assert refusals(coverage, facts(52.0, students=None), POLICY) == [
        "A goal about teachers counts every teacher of the school: leave the grade and the student group empty."
    ]
