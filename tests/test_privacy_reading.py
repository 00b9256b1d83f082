"""The reading page and the goal board under the disclosure rule (issue 10): nested groups.

The auditor (lib.privacy.audit) reads back what each page draws (lib.reading.audit,
lib.goals.audit) and must find no count of 1 to k-1 students, for the demo district and for
the hand-built adversarial schools (tests/adversarial.py).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lib.core import db as store
from lib.core.config import PrivacyPolicy, Settings
from lib.core.filters import Filters
from lib.core.scope import Scope
from lib.goals import audit as goals_audit
from lib.goals.nesting import board_publication
from lib.goals.view import goal_board_view
from lib.importing.importer import import_files
from lib.privacy.audit import SHOWN, SMALL, audit
from lib.reading import audit as reading_audit
from lib.reading.load import week_view
from lib.reading.nesting import school_cells
from lib.reading.slides import bars_of
from lib.reading.view import ReadingChoice, reading_page_view
from tests.adversarial import AS_OF, GRADE_OF_SEVEN, import_schools, write_school

SETTINGS = Settings(PrivacyPolicy())
PAGES = [
    ("reading page", reading_audit.publications),
    ("goal board", goals_audit.publications),
    ("staff-meeting screen", reading_audit.screen_publications),
]
DEMO_AS_OF = date(2026, 11, 21)


def findings(database, as_of: date, grades: tuple[str, ...] = ()) -> list[str]:
    """Every disclosure the auditor finds on either page, district and each school."""
    schools = database.query("core.schools")["school_id"].tolist()
    scope = Scope.whole_district(schools)
    found = []
    for school in [None, *schools]:
        filters = Filters(school_id=school, as_of=as_of, grades=grades, subgroup=None)
        for name, publications in PAGES:
            for publication in publications(database, filters, scope, SETTINGS):
                found += [f"{name} {school}: {d.arithmetic}" for d in audit(publication, 10)]
    return found


@pytest.fixture(scope="module")
def adversarial(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("adversarial")
    database = store.connect(folder / "adversarial.duckdb")
    import_schools(database, folder / "csv")
    database.close()
    return folder / "adversarial.duckdb"


def test_the_auditor_finds_nothing_on_the_demo(demo_path):
    database = store.connect(demo_path, read_only=True)
    try:
        assert findings(database, DEMO_AS_OF) == []
    finally:
        database.close()


@pytest.mark.parametrize("grades", [(), ("3", "4"), ("5",)])
def test_the_auditor_finds_nothing_on_the_adversarial_schools(adversarial, grades):
    database = store.connect(adversarial)
    try:
        assert findings(database, AS_OF, grades) == []
    finally:
        database.close()


def seven_fifth_graders(adversarial):
    database = store.connect(adversarial)
    filters = Filters(school_id=GRADE_OF_SEVEN.school_id, as_of=AS_OF, grades=(), subgroup=None)
    scope = Scope.whole_district([GRADE_OF_SEVEN.school_id])
    try:
        return reading_page_view(database, filters, scope, SETTINGS, ReadingChoice())
    finally:
        database.close()


def test_yesterdays_page_gave_the_seven_fifth_graders_away(adversarial):
    # Before issue 10 only the small cells were hidden: the school's 55 minus grades 3 and 4
    # (24 each) left grade 5's 7 students (and their 84 books) to subtraction.
    nesting = seven_fifth_graders(adversarial).view.nesting
    shown = {key: SHOWN for key in nesting.counts if key not in nesting.unpublished}
    states = shown | {key: SMALL for key in nesting.small()}
    found = audit(nesting.publication(states, "yesterday"), 10)
    assert ("grade", "5") in {cell for d in found for cell in d.cells}


def test_a_grade_of_seven_hides_a_grade_and_a_class_and_keeps_the_goal(adversarial):
    page = seven_fifth_graders(adversarial)
    # Grade 5 (7) and its class are fewer than 10; grade 3 and its class B (12 each) are the
    # smallest cells that keep grade 5 from being 55 - 24 - 24. The goal's total stays.
    assert page.view.nesting.small() == [("grade", "5"), ("class", "HR-0902-5A")]
    assert sorted(page.view.nesting.hidden_too()) == [("class", "HR-0902-3B"), ("grade", "3")]
    # 480 books by Nov 20 (the week of Sep 14 for all 55, the week of Nov 16 for 41 of them).
    assert page.goal_words is not None and page.goal_words.tiles[0].value == "480"
    assert page.view.grades.labels["students"].tolist() == ["hidden", "24", "fewer than 10"]
    assert page.notes[0].startswith("To protect student privacy: Grade 5 and Grade 5 - 5A have fewer than 10")


def test_a_grade_filter_hides_the_goal_that_would_give_the_rest_away(adversarial):
    database = store.connect(adversarial)
    filters = Filters(school_id=GRADE_OF_SEVEN.school_id, as_of=AS_OF, grades=("3", "4"), subgroup=None)
    scope = Scope.whole_district([GRADE_OF_SEVEN.school_id])
    try:
        page = reading_page_view(database, filters, scope, SETTINGS, ReadingChoice())
    finally:
        database.close()
    # The goal counts all 55; grades 3 and 4 show 48: the goal's total would give grade 5 away.
    assert page.view.goal_hidden and page.goal_words is None
    assert "its total, pace and milestones are hidden" in page.goal_notice.text


def test_a_school_of_one_grade_per_line_hides_the_next_smallest_grade():
    import pandas as pd

    from lib.reading.nesting import nest

    students = pd.DataFrame({"grade_level": ["3"] * 12 + ["4"] * 11 + ["5"] * 3})
    assert nest(school_cells(students), k=10).states == {("grade", "5"): SMALL, ("grade", "4"): "hidden"}


GRADE_GOALS = (
    "goal_id,school_id,title,metric,target,start_date,end_date,grade_level\n"
    "G-ALL,0902,Read 2000 books,books_read,2000,2026-09-14,2026-12-18,\n"
    "G-3,0902,Grade 3 reads 800,books_read,800,2026-09-14,2026-12-18,3\n"
    "G-4,0902,Grade 4 reads 800,books_read,800,2026-09-14,2026-12-18,4\n"
)


def test_goal_cards_of_the_school_and_two_grades_hide_one_grade(database, tmp_path):
    paths = write_school(tmp_path / "school", GRADE_OF_SEVEN)
    (tmp_path / "school" / "goals.csv").write_text(GRADE_GOALS)
    assert import_files(database, paths).ok
    filters = Filters(school_id="0902", as_of=AS_OF, grades=(), subgroup=None)
    board = goal_board_view(database, filters, Scope(("0902",)), SETTINGS)
    hidden = {card.goal_id: card.hidden_reason for card in board.cards if card.hidden_reason}
    # 55 students, 24 in grade 3, 24 in grade 4: showing all three gives the other 7 away.
    assert list(hidden) == ["G-3"]
    assert hidden["G-3"].startswith("Hidden to protect student privacy: with this figure shown")
    shown = {card.goal_id: card.hidden_reason is None for card in board.cards}
    assert audit(board_publication(board.cells, shown, 10), 10) == []


def test_the_screen_hides_the_grade_of_seven_and_the_grade_that_would_give_it_away(adversarial):
    database = store.connect(adversarial)
    try:
        week = week_view(database, GRADE_OF_SEVEN.school_id, AS_OF, "books_read", PrivacyPolicy())
    finally:
        database.close()
    bars = bars_of(week.grades, "grade", "books")
    # Grade 5 (7 students) and one more grade: the school's roster less the other two would be 7.
    assert [(bar.label, bar.share is None) for bar in bars] == [
        ("Grade 3", True),
        ("Grade 4", False),
        ("Grade 5", True),
    ]
    assert {bar.value for bar in bars if bar.share is None} == {"Hidden to protect privacy"}


def test_too_many_small_groups_to_check_show_no_count_and_say_why(demo_app, monkeypatch):
    """A region's schools with a student group chosen: past the audit's workload limit the page
    shows no student count (no table row, no bar) and says why and what to pick."""
    import base64
    import json

    import numpy as np

    import lib.privacy.audit as auditing
    from lib.reading.notices import WITHHELD
    from tests.helpers import open_page

    monkeypatch.setattr(auditing, "MAX_WORKLOAD", 0)  # the demo's 3 schools stand for 250
    at = open_page(demo_app, "pages/reading.py", subgroup="English learners")
    assert WITHHELD in [info.value for info in at.info]
    tables = [table.value for table in at.dataframe if "students" in table.value]
    assert len(tables) == 3  # schools, grades, student groups
    for frame in tables:
        assert set(frame["students"]) <= {"hidden", "fewer than 10"}, frame
    for chart in at.get("plotly_chart"):
        for trace in json.loads(chart.proto.spec)["data"]:
            values = np.frombuffer(base64.b64decode(trace["x"]["bdata"]), dtype=trace["x"]["dtype"])
            assert np.isnan(values).all()  # the groups' bars are drawn empty
