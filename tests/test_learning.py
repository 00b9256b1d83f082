"""The learning page's calculations, with hand-computed values: the before/after comparison and
its privacy rule, hours per teacher, mentoring pairs and sessions."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from lib.learning import comparison as compare
from lib.learning.staff import (
    ENDED,
    LAPSED,
    MEETING,
    NEW,
    hours_bands,
    hours_summary,
    pair_table,
    session_table,
)
from lib.learning.words import comparison_sentence, hours_sentence

SESSION_DAY = date(2026, 10, 1)  # its 6 weeks after end on Nov 12
UNIT = pd.DataFrame(
    [("A", "3b", "S1", "Questioning", SESSION_DAY)],
    columns=["school_id", "focus", "session_id", "title", "session_date"],
)


def focus_rows(*cells, school="A"):
    """focus_ratings rows: (attended, after, teachers, visits, rating_sum) per cell."""
    frame = pd.DataFrame(cells, columns=["attended", "after", "teachers", "visits", "rating_sum"])
    return frame.assign(school_id=school, focus="3b", session_id="S1", session_date=SESSION_DAY)


# Attended: 15/6 = 2.50 before, 15/5 = 3.00 after; others: 12/5 = 2.40 before, 15/6 = 2.50 after.
FIVE_EACH = focus_rows(
    (True, False, 5, 6, 15), (True, True, 5, 5, 15), (False, False, 5, 5, 12), (False, True, 5, 6, 15)
)


def test_a_comparison_of_five_teachers_a_cell_shows_its_four_averages():
    figures = compare.averages(compare.unit_figures(UNIT, FIVE_EACH, date(2026, 11, 12)))
    row = figures.iloc[0]
    assert row["state"] == compare.SHOWN
    averages = [row[f"{compare.cell_name(*c)}_average"] for c in compare.CELLS]
    assert averages == pytest.approx([2.5, 3.0, 2.4, 2.5])
    assert not any(c.endswith("_sum") for c in figures.columns)


def test_the_sentence_says_both_groups_moves():
    row = compare.averages(compare.unit_figures(UNIT, FIVE_EACH, date(2026, 11, 12))).iloc[0]
    assert comparison_sentence("3b", row) == (
        "Attendees' 3b ratings rose from 2.50 to 3.00 in the 6 weeks after; others' rose from 2.40 to 2.50."
    )


def test_the_comparison_waits_until_its_six_weeks_after_have_passed():
    # Oct 1 + 42 days = Nov 12: a day earlier the figures would still change with the as-of date.
    figures = compare.averages(compare.unit_figures(UNIT, FIVE_EACH, date(2026, 11, 11)))
    assert figures.iloc[0]["state"] == compare.WINDOW_OPEN
    assert figures.iloc[0]["window_ends"] == date(2026, 11, 12)
    assert figures.filter(like="_average").isna().all(axis=None)


def test_four_teachers_in_one_group_hide_all_four_figures():
    # The others after stand on 4 teachers: showing the attendees beside the school's rubric
    # averages would let the others be worked out, so neither group is shown.
    rows = FIVE_EACH.copy()
    rows.loc[3, "teachers"] = 4
    figures = compare.averages(compare.unit_figures(UNIT, rows, date(2026, 11, 30)))
    assert figures.iloc[0]["state"] == compare.TOO_FEW
    assert figures.filter(like="_average").isna().all(axis=None)


def test_no_ratings_around_the_session_is_said_so():
    figures = compare.unit_figures(UNIT, FIVE_EACH.iloc[0:0], date(2026, 11, 30))
    assert figures.iloc[0]["state"] == compare.NO_RATINGS


def test_several_schools_add_up_only_the_comparisons_each_school_shows():
    units = pd.concat([UNIT, UNIT.assign(school_id="B"), UNIT.assign(school_id="C")], ignore_index=True)
    # B: attended 6 teachers 10 visits sum 30 (3.0) before, 6/10/35 (3.5) after; others 5/5/10 (2.0),
    # 5/5/10 (2.0). C has an others-after cell of 2 teachers: left out of the sum.
    b = focus_rows(
        (True, False, 6, 10, 30),
        (True, True, 6, 10, 35),
        (False, False, 5, 5, 10),
        (False, True, 5, 5, 10),
        school="B",
    )
    c = focus_rows(
        (True, False, 9, 9, 9),
        (True, True, 9, 9, 36),
        (False, False, 5, 5, 20),
        (False, True, 2, 2, 8),
        school="C",
    )
    figures = compare.unit_figures(units, pd.concat([FIVE_EACH, b, c]), date(2026, 11, 30))
    row = compare.combined(figures).iloc[0]
    # Attended before: (15 + 30) / (6 + 10) = 2.8125; after (15 + 35) / (5 + 10) = 3.3333.
    # Others before: (12 + 10) / (5 + 5) = 2.2; after (15 + 10) / (6 + 5) = 2.2727.
    assert row["schools"] == 2
    assert row["attended_before_teachers"] == 11 and row["others_after_visits"] == 11
    averages = [row[f"{compare.cell_name(*c)}_average"] for c in compare.CELLS]
    assert averages == pytest.approx([2.8125, 50 / 15, 2.2, 25 / 11])


def test_first_sessions_take_each_schools_earliest_on_a_rubric_component():
    sessions = pd.DataFrame(
        [
            ("S2", "A", "Questioning II", date(2026, 11, 2), "3b"),
            ("D1", "A", "District questioning", date(2026, 10, 5), "3b"),  # district-wide, seen at A
            ("G1", "A", "Reading conferences", date(2026, 9, 10), "Read 50,000 books"),
            ("S3", "B", "Questioning", date(2026, 10, 20), "3b"),
        ],
        columns=["session_id", "school_id", "title", "date", "focus"],
    )
    firsts = compare.first_sessions(sessions, {"3b", "2d"})
    assert firsts[["school_id", "session_id", "session_date"]].values.tolist() == [
        ["A", "D1", date(2026, 10, 5)],
        ["B", "S3", date(2026, 10, 20)],
    ]


AS_OF = date(2026, 11, 21)


def pairs_frame(*rows):
    columns = [
        "mentor_id",
        "mentee_id",
        "mentee_name",
        "start_date",
        "end_date",
        "meetings",
        "recent_meetings",
        "last_meeting",
    ]
    return pd.DataFrame(rows, columns=columns)


def test_pairs_lapse_after_21_days_without_a_meeting_and_come_first():
    table = pair_table(
        pairs_frame(
            ("M1", "N1", "Ada", date(2026, 8, 17), None, 8, 1, date(2026, 10, 30)),  # 22 days: lapsed
            ("M2", "N2", "Bea", date(2026, 8, 17), None, 9, 2, date(2026, 11, 1)),  # 20 days: meeting
            ("M3", "N3", "Cy", date(2026, 11, 10), None, 0, 0, None),  # 11 days old, no meeting: new
            ("M4", "N4", "Di", date(2026, 10, 1), None, 0, 0, None),  # 51 days, never met: lapsed
            ("M5", "N5", "Ed", date(2026, 8, 17), date(2026, 11, 1), 6, 0, date(2026, 10, 20)),  # ended
        ),
        AS_OF,
    )
    assert table[["mentee_id", "status"]].values.tolist() == [
        ["N4", LAPSED],
        ["N1", LAPSED],
        ["N2", MEETING],
        ["N3", NEW],
        ["N5", ENDED],
    ]
    first = table.set_index("mentee_id").loc["N1"]
    # Aug 17 to Nov 21 is 97 days = 3.187 months: 8 meetings / 3.187 = 2.51 a month.
    assert (first["days_since_last_meeting"], round(first["meetings_per_month"], 2)) == (22, 2.51)
    assert table.set_index("mentee_id")["twice_a_month"].to_dict() == {
        "N4": False, "N1": False, "N2": True, "N3": False, "N5": False,
    }  # fmt: skip


def test_a_young_pair_counts_at_least_a_month_for_its_rate():
    table = pair_table(
        pairs_frame(("M1", "N1", "Ada", date(2026, 11, 10), None, 1, 1, date(2026, 11, 12))), AS_OF
    )
    assert table.iloc[0]["meetings_per_month"] == 1.0


def test_hours_summary_and_bands():
    hours = pd.DataFrame({"hours": [0, 1.5, 3, 3.5, 6.5, 12, 13]})
    summary = hours_summary(hours, target=12)
    # 39.5 hours over 7 teachers = 5.64; median 3.5; one attended none; 12 and 13 reach 12.
    assert (round(summary.average, 2), summary.median, summary.none, summary.reached) == (5.64, 3.5, 1, 2)
    assert hours_bands(hours).values.tolist() == [
        ["0", 1],
        ["≤3", 2],
        ["3–6", 1],
        ["6–9", 1],
        ["9–12", 1],
        [">12", 1],
    ]


def test_hours_sentence_names_the_goal_and_who_reached_it():
    goal = pd.Series({"title": "12 *hours* each", "target": 12.0, "end_date": date(2027, 6, 4)})
    text = hours_sentence(hours_summary(pd.DataFrame({"hours": [0, 6, 12]}), 12), goal)
    assert text == (
        "3 teachers averaged **6.0 hours** of professional learning this school year so far (median 6.0 hours); "
        "1 attended none. Goal *12 \\*hours\\* each*: 12 hours per teacher by Jun 4, 2027; 1 of 3 teachers have reached it."
    )


def test_sessions_add_up_the_schools_in_view():
    rows = pd.DataFrame(
        [
            ("D1", "", "A", "Conferences", date(2026, 9, 10), 2.0, "books", 20, 15),
            ("D1", "", "B", "Conferences", date(2026, 9, 10), 2.0, "books", 10, 6),
            ("S1", "A", "A", "Questioning", date(2026, 10, 9), 3.0, "3b", 20, 11),
        ],
        columns=[
            "session_id",
            "session_school",
            "school_id",
            "title",
            "date",
            "hours",
            "focus",
            "expected",
            "attended",
        ],
    )
    table = session_table(rows, {"A": "Maple", "B": "Oak"})
    # District-wide: 21 of 30 = 70%; Maple's own: 11 of 20 = 55%.
    assert table[["where", "attended", "expected", "attendance_rate"]].values.tolist() == [
        ["District-wide", 21, 30, 70.0],
        ["Maple", 11, 20, 55.0],
    ]
