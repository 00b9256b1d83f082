"""Goals set in the app: the form's saves live in the app database and win over goals.csv's row
until an import changes that goal again; an undo gives the save back; the history shows both."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from lib.core import db as store
from lib.core.appdb import AppDatabase
from lib.core.goal_edits import AppGoals, GoalDefinition, app_edits_of
from lib.core.store_files import StoreFiles
from lib.goals.drafts import DraftFacts
from lib.goals.edits import GoalSaveError, current_goal, fresh_goal_id, goal_history, save_goal
from lib.importing import publish
from tests.helpers import SCHOOLS

HEADER = "goal_id,school_id,title,metric,target,start_date,end_date,subject,grade_level,subgroup,owner\n"
BOOKS = "G1,0101,Read 500 books,books_read,500,2026-08-17,2027-01-22,,,,Principal Okafor\n"
FACTS = DraftFacts(date(2026, 11, 21), 120.0, 40, None)
YEAR = {"year_start": date(2026, 7, 1), "year_end": date(2027, 6, 30)}


@pytest.fixture
def place(tmp_path: Path) -> publish.Place:
    return publish.Place(StoreFiles(tmp_path / "s.duckdb"), AppDatabase(tmp_path / "s_app.sqlite"))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def import_goals(place: publish.Place, tmp_path: Path, rows: str, name: str = "a") -> None:
    files = [
        write(tmp_path / name / "schools.csv", SCHOOLS),
        write(tmp_path / name / "goals.csv", HEADER + rows),
    ]
    report = publish.import_batch(files, place=place)
    assert report.ok, report.text()


def reader(place: publish.Place) -> store.Database:
    return store.connect(place.files.store, read_only=True, goals=AppGoals(place.app))


def targets(place: publish.Place) -> dict[str, float]:
    database = reader(place)
    try:
        goals = database.query("goals.goals_in_scope", {"schools": ["0101"], **YEAR})
        return dict(zip(goals["goal_id"], goals["target"], strict=True))
    finally:
        database.close()


def save(place: publish.Place, goal: GoalDefinition, who: str = "principal@school.org") -> list[str]:
    database = reader(place)
    try:
        return save_goal(database, place.app, goal, FACTS, who)
    finally:
        database.close()


def books_goal(target: float) -> GoalDefinition:
    return GoalDefinition(
        "G1", "0101", "Read 500 books", "books_read", target, date(2026, 8, 17), date(2027, 1, 22),
        owner="Principal Okafor",
    )  # fmt: skip


def test_a_save_wins_over_the_imported_row(place, tmp_path):
    import_goals(place, tmp_path, BOOKS)
    changes = save(place, books_goal(600))
    assert changes == ["Target: 500 books → 600 books"]
    assert targets(place) == {"G1": 600.0}


def test_an_import_that_changes_the_goal_later_wins_and_its_undo_gives_the_save_back(place, tmp_path):
    import_goals(place, tmp_path, BOOKS)  # import 1
    save(place, books_goal(600))
    import_goals(place, tmp_path, BOOKS.replace(",500,", ",700,"), "b")  # import 2: newer
    assert targets(place) == {"G1": 700.0}
    publish.undo_batch(2, place=place)
    assert targets(place) == {"G1": 600.0}
    assert [edit["changes"] for edit in app_edits_of(place.app, "G1")] == [["Target: 500 books → 600 books"]]


def test_importing_the_same_goals_csv_again_keeps_the_save(place, tmp_path):
    import_goals(place, tmp_path, BOOKS)
    save(place, books_goal(600))
    import_goals(place, tmp_path, BOOKS + "G2,0101,Read more,books_read,50,2026-08-17,2027-01-22,,,,\n", "b")
    assert targets(place) == {"G1": 600.0, "G2": 50.0}


def test_a_goal_made_in_the_app_is_a_goal_of_its_school(place, tmp_path):
    import_goals(place, tmp_path, BOOKS)
    database = reader(place)
    goal_id = fresh_goal_id(database, place.app, "0101", "minutes_read")
    database.close()
    assert goal_id == "G0101-MINUTES-APP1"
    new = replace(books_goal(9000), goal_id=goal_id, metric="minutes_read", title="Read 9,000 minutes")
    assert save(place, new) == ["Set: Read 9,000 minutes (9,000 minutes by 2027-01-22)"]
    assert targets(place) == {"G1": 500.0, goal_id: 9000.0}
    database = reader(place)
    assert current_goal(database, goal_id) == new
    database.close()


def test_a_save_that_changes_nothing_is_refused(place, tmp_path):
    import_goals(place, tmp_path, BOOKS)
    with pytest.raises(GoalSaveError, match="Nothing changed"):
        save(place, books_goal(500))


def test_the_history_lists_the_import_and_the_form_with_who_and_what(place, tmp_path):
    import_goals(place, tmp_path, BOOKS)
    save(place, replace(books_goal(600), owner="Ms. Chavez"), who="ap@school.org")
    database = reader(place)
    history = goal_history(database, place.app, "G1")
    database.close()
    assert history[["source", "what changed"]].values.tolist() == [
        ["goals.csv (import 1)", "Set: Read 500 books (500 books by 2027-01-22)"],
        ["goal form", "Target: 500 books → 600 books; Owner: Principal Okafor → Ms. Chavez"],
    ]
    assert history["who"].iloc[1] == "ap@school.org"
    when = r"^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{2}:\d{2}$"  # "Dec 2, 2026 11:15"
    assert history["when"].str.match(when).all()


def test_a_review_counts_only_the_saves_made_before_it(place, tmp_path):
    import_goals(place, tmp_path, BOOKS)
    save(place, books_goal(600))
    save(place, books_goal(800))
    first = store.connect(place.files.store, read_only=True, goals=AppGoals(place.app, up_to=1))
    goals = first.query("goals.goals_in_scope", {"schools": ["0101"], **YEAR})
    first.close()
    assert goals["target"].tolist() == [600.0]
