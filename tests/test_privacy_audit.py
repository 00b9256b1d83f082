"""Tests of the disclosure rule's auditor and protector (lib.privacy.audit): hand examples with
the expected arithmetic, then properties over random one-school tables with blank flags."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lib.privacy.audit import (
    HIDDEN,
    SHOWN,
    SMALL,
    UNPUBLISHED,
    Disclosure,
    Line,
    Publication,
    audit,
    checkable,
    protect,
    workload,
)

K = 10
EL, NOT_EL, BLANK = "English learners", "Not English learners", "No flag recorded"
FLAG_LINE = (Line("All", (EL, NOT_EL, BLANK), "English-learner flag"),)
BLANK_FLAG = {"All": 52, EL: 8, NOT_EL: 43, BLANK: 1}  # issue 10's window
SCHOOL = {
    "School": 55,
    "Grade 3": 24,
    "Grade 4": 24,
    "Grade 5": 7,
    "3A": 12,
    "3B": 12,
    "4A": 12,
    "4B": 12,
    "5A": 7,
}
SCHOOL_LINES = (
    Line("School", ("Grade 3", "Grade 4", "Grade 5"), "grades"),
    Line("Grade 3", ("3A", "3B"), "grade 3 classes"),
    Line("Grade 4", ("4A", "4B"), "grade 4 classes"),
    Line("Grade 5", ("5A",), "grade 5 classes"),
)


# --- hand examples ----------------------------------------------------------------------------


def test_blank_flag_residual_gives_away_nine_students():
    # The page of issue 10: English learners hidden, all students and the others shown.
    shown = Publication(BLANK_FLAG, FLAG_LINE, {EL: SMALL, BLANK: UNPUBLISHED})
    assert audit(shown, K) == [
        Disclosure(
            (EL, BLANK),
            9,
            "English learners + No flag recorded = All 52 - shown parts 43 = 9 (English-learner flag)",
        )
    ]


def test_protect_hides_the_complement_of_a_small_group_with_a_blank_flag():
    assert protect(BLANK_FLAG, FLAG_LINE, K, unpublished=[BLANK]) == {
        BLANK: UNPUBLISHED,
        EL: SMALL,
        NOT_EL: HIDDEN,
    }


def test_blank_flag_students_left_unpublished_are_no_shown_cell():
    states = protect(BLANK_FLAG, FLAG_LINE, K, unpublished=[BLANK])
    assert audit(Publication(BLANK_FLAG, FLAG_LINE, states), K) == []


def test_a_small_count_shown_as_a_number_is_read_directly():
    assert audit(Publication({"Grade 5": 7}), K) == [
        Disclosure(("Grade 5",), 7, "Grade 5 is shown: 7 students")
    ]


def test_nested_grade_is_worked_out_from_the_school_and_the_other_grades():
    found = audit(Publication(SCHOOL, SCHOOL_LINES, {"Grade 5": SMALL, "5A": SMALL}), K)
    assert [(d.cells, d.students, d.arithmetic) for d in found] == [
        (("Grade 5",), 7, "Grade 5 = School 55 - shown parts 24 - 24 = 7 (grades)"),
        (("5A",), 7, "5A = 7, worked out from the lines that add up: grade 5 classes"),
    ]


def test_protect_hides_the_school_total_rather_than_a_grade_its_classes_would_give_back():
    # Hiding grade 4 alone protects nothing (4A + 4B = 24); the school total is the one cell to hide.
    states = protect(SCHOOL, SCHOOL_LINES, K)
    assert states == {"Grade 5": SMALL, "5A": SMALL, "School": HIDDEN}
    assert audit(Publication(SCHOOL, SCHOOL_LINES, states), K) == []


def test_a_group_of_exactly_k_is_shown():
    counts = {"All": 52, EL: 10, NOT_EL: 42, BLANK: 0}
    assert protect(counts, FLAG_LINE, K) == {}
    assert audit(Publication(counts, FLAG_LINE), K) == []


def test_a_school_where_every_student_is_flagged_shows_a_complement_of_0():
    counts = {"All": 48, EL: 48, NOT_EL: 0, BLANK: 0}
    assert protect(counts, FLAG_LINE, K) == {}
    assert audit(Publication(counts, FLAG_LINE), K) == []


def test_labels_pin_a_small_group_beside_a_hidden_one_of_exactly_k():
    # All 11 = EL (1..9) + others (at least 10): the English learner can only be 1.
    counts = {"All": 11, EL: 1, NOT_EL: 10, BLANK: 0}
    assert audit(Publication(counts, FLAG_LINE, {EL: SMALL, NOT_EL: HIDDEN}), K) == [
        Disclosure((EL,), 1, "English learners can only be 1 given the labels and totals")
    ]


def test_protect_then_hides_the_total_and_shows_the_group_of_k_again():
    counts = {"All": 11, EL: 1, NOT_EL: 10, BLANK: 0}
    assert protect(counts, FLAG_LINE, K) == {EL: SMALL, "All": HIDDEN}


def test_two_small_groups_that_add_up_under_k_are_a_disclosure():
    lines = (Line("All", ("Asian", "White", "Black")),)
    counts = {"All": 20, "Asian": 12, "White": 5, "Black": 3}
    found = audit(Publication(counts, lines, {"White": SMALL, "Black": SMALL}), K)
    assert [(d.cells, d.students) for d in found] == [(("White", "Black"), 8)]


def test_zero_is_never_hidden_and_protects_nothing():
    counts = {"All": 30, EL: 4, NOT_EL: 0, BLANK: 26}
    states = protect(counts, FLAG_LINE, K)
    assert NOT_EL not in states and audit(Publication(counts, FLAG_LINE, states), K) == []


# --- properties over random one-school tables with blank flags ----------------------------------


@st.composite
def schools(draw) -> tuple[dict[str, int], tuple[Line, ...], list[str]]:
    """All students, and for 1 to 3 flags: the flag, its complement and the blanks."""
    total = draw(st.integers(0, 70))
    counts, lines, blanks = {"all": total}, [], []
    for flag in range(draw(st.integers(1, 3))):
        flagged = draw(st.integers(0, min(12, total)) | st.integers(0, total))
        room = total - flagged
        blank = draw(st.just(0) | st.integers(0, min(12, room)) | st.integers(0, room))
        parts = {f"f{flag}": flagged, f"not{flag}": total - flagged - blank, f"blank{flag}": blank}
        counts |= parts
        lines.append(Line("all", tuple(parts), f"flag {flag}"))
        blanks += [f"blank{flag}"] if 0 < blank < K else []
    return counts, tuple(lines), blanks


PROPERTY = settings(max_examples=300, deadline=None)


@PROPERTY
@given(schools())
def test_what_protect_leaves_shown_passes_the_audit(school):
    counts, lines, blanks = school
    states = protect(counts, lines, K, unpublished=blanks)
    assert audit(Publication(counts, lines, states), K) == []


@PROPERTY
@given(schools())
def test_no_count_of_1_to_k_minus_1_is_ever_shown(school):
    counts, lines, blanks = school
    states = protect(counts, lines, K, unpublished=blanks)
    assert [key for key, n in counts.items() if 0 < n < K and states.get(key, SHOWN) == SHOWN] == []


@PROPERTY
@given(schools())
def test_blanks_stay_unpublished_and_hidden_cells_hold_k_or_more(school):
    counts, lines, blanks = school
    states = protect(counts, lines, K, unpublished=blanks)
    assert all(states[key] == UNPUBLISHED for key in blanks)
    assert all(counts[key] >= K for key, state in states.items() if state == HIDDEN)


# --- too many groups to check -------------------------------------------------------------------


def test_workload_counts_the_groups_of_up_to_three_small_cells_that_lines_share():
    # One line, two cells under k (8 English learners, 1 blank): each alone and the pair.
    assert workload(BLANK_FLAG, FLAG_LINE, K, unpublished=[BLANK]) == 2 + 1
    # Grade 5 (7) and its one class 5A (7): 3 groups near the school's line, 3 near grade 5's.
    assert workload(SCHOOL, SCHOOL_LINES, K) == 3 + 0 + 0 + 3


def test_past_the_workload_limit_protect_shows_no_count_but_zeros(monkeypatch):
    import lib.privacy.audit as auditing

    monkeypatch.setattr(auditing, "MAX_WORKLOAD", 5)
    counts = {**SCHOOL, "Grade 6": 0}
    lines = (Line("School", ("Grade 3", "Grade 4", "Grade 5", "Grade 6")), *SCHOOL_LINES[1:])
    assert not checkable(counts, lines, K)
    states = protect(counts, lines, K)
    assert states == {
        "School": HIDDEN, "Grade 3": HIDDEN, "Grade 4": HIDDEN, "Grade 5": SMALL,
        "3A": HIDDEN, "3B": HIDDEN, "4A": HIDDEN, "4B": HIDDEN, "5A": SMALL,
    }  # fmt: skip
    assert states.get("Grade 6", SHOWN) == SHOWN  # 0 students: shown, nothing follows from zeros
    assert audit(Publication(counts, lines, states), K) == []
    monkeypatch.setattr(auditing, "MAX_WORKLOAD", 6)
    assert checkable(SCHOOL, SCHOOL_LINES, K)
    checked = protect(SCHOOL, SCHOOL_LINES, K)
    assert checked.get("Grade 3", SHOWN) == SHOWN and checked["5A"] == SMALL  # the audit's own answer
