"""Books and minutes goals over a small group: the total is a student aggregate, so it hides."""

from __future__ import annotations

from datetime import date

import pytest

from lib.core.config import PrivacyPolicy, Settings
from lib.core.filters import Filters
from lib.core.scope import Scope
from lib.core.status import HIDDEN, ON_TRACK
from lib.goals.view import goal_board_view
from lib.importing.importer import import_files
from tests.helpers import app_test, open_page

# One school of 12 third graders: 3 English learners (E1-E3) and 9 others. Every student logs one
# book on Mon Sep 14 and E1 one more on Tue Sep 15: 13 books school-wide, 4 by English learners.
SCHOOLS = "school_id,school_name\n0101,Maple Elementary\n"
STUDENTS = "student_id,school_id,grade_level,english_learner,entry_date\n" + "".join(
    f"{sid},0101,3,{flag},2026-08-17\n"
    for sid, flag in [*((f"E{i}", "Y") for i in range(1, 4)), *((f"S{i}", "N") for i in range(1, 10))]
)
LOGS = (
    "student_id,log_date,minutes,books\n"
    + "".join(
        f"{sid},2026-09-14,20,1\n"
        for sid in [*(f"E{i}" for i in range(1, 4)), *(f"S{i}" for i in range(1, 10))]
    )
    + "E1,2026-09-15,20,1\n"
)
GOALS = (
    "goal_id,school_id,title,metric,target,start_date,end_date,subgroup\n"
    "G-ALL,0101,Read 40 books,books_read,40,2026-09-14,2026-10-30,\n"
    "G-EL,0101,English learners read 10 books,books_read,10,2026-09-14,2026-10-30,english_learner\n"
)


@pytest.fixture
def small_group_goal(database, write_csv):
    """The school above, imported into `database`."""
    files = [
        ("schools.csv", SCHOOLS),
        ("students.csv", STUDENTS),
        ("reading_logs.csv", LOGS),
        ("goals.csv", GOALS),
    ]
    report = import_files(database, [write_csv(name, text) for name, text in files])
    assert report.ok, report.text()


def test_a_books_goal_over_fewer_than_k_students_is_hidden(database, small_group_goal):
    filters = Filters(school_id="0101", as_of=date(2026, 9, 15), grades=(), subgroup=None)
    board = goal_board_view(database, filters, Scope(("0101",)), Settings(PrivacyPolicy(min_group_size=10)))
    cards = {card.goal_id: card for card in board.cards}
    # 12 students: shown, 13 books in the first 2 of the goal's 35 school days (Sep 14 - Oct 30),
    # projected 13 + 6.5 x 33 = 227.5 of 40: on track.
    assert cards["G-ALL"].status == ON_TRACK
    assert cards["G-ALL"].current_label == "13 books"
    # 3 English learners (< 10): their 4 books never reach the card.
    assert cards["G-EL"].status == HIDDEN
    assert cards["G-EL"].current_label == "—"
    assert cards["G-EL"].hidden_reason == "Fewer than 10 students in this group: hidden to protect privacy."


def test_reading_page_hides_a_small_groups_goal_and_its_numbers(
    database, small_group_goal, tmp_path, monkeypatch
):
    database.close()
    at = app_test(monkeypatch, tmp_path / "test.duckdb")
    open_page(at, "pages/reading.py", school="Maple Elementary", subgroup="English learners")
    text = " ".join(
        str(e.value) for kind in ("info", "markdown", "caption", "subheader") for e in getattr(at, kind)
    )
    # Since issue 10 the group filter itself is refused for 3 English learners (lib/core/filters),
    # so the goal picker never appears; either way no tile shows their 4 books.
    assert "Hidden to protect student privacy" in text
    assert not at.metric


def test_district_reading_goals_table_hides_a_small_groups_total(database, small_group_goal):
    from lib.reading.load import reading_view

    filters = Filters(school_id=None, as_of=date(2026, 9, 15), grades=(), subgroup=None)
    view = reading_view(database, filters, ["0101"], None, "books_read", PrivacyPolicy(min_group_size=10))
    goals = view.goals.set_index("goal_id")
    assert goals.loc["G-ALL", "read"] == "13 books"
    assert goals.loc["G-EL", ["read", "projected", "status"]].tolist() == [
        "hidden",
        "hidden",
        "Hidden (privacy)",
    ]
    assert goals["percent_of_target"].isna()["G-EL"]
