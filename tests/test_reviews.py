"""Goal reviews: pinned to the data they were started on, action items carried while open,
overdue items, closing freezes every figure, and the review packet read back as text."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from lib import cli
from lib.core import db as store
from lib.core.appdb import AppDatabase
from lib.core.config import PrivacyPolicy
from lib.core.goal_edits import AppGoals
from lib.core.scope import Scope
from lib.core.store_files import StoreFiles
from lib.importing import publish
from lib.reviews import packet, records
from lib.reviews.document import png_size
from lib.reviews.figures import charts_of
from lib.reviews.packet import build_review_packet, chart_png
from lib.reviews.tables import stamped
from lib.reviews.view import close as close_review
from lib.reviews.view import figures_on, figures_then, now_words, overdue_notes, review_goals, start

POLICY = PrivacyPolicy()
HEADER = "goal_id,school_id,title,metric,target,start_date,end_date,subject,grade_level,subgroup,owner\n"
GOALS = HEADER + "G1,0101,Read 500 books,books_read,500,2026-09-01,2027-01-22,,,,Principal Okafor\n"
SCHOOLS = "school_id,school_name,district_name\n0101,Maple Elementary,Riverbend\n"
STAFF = "staff_id,school_id,first_name,last_name,role\nT1,0101,Rosa,Chavez,teacher\n"
STUDENTS = "student_id,school_id,grade_level,first_name,last_name\n" + "".join(
    f"S{n:02d},0101,03,Zelda{n},Quill{n}\n" for n in range(12)
)
LOG_HEADER = "log_id,student_id,log_date,minutes,books,title\n"


def logs(prefix: str, day: str, books: int) -> str:
    return LOG_HEADER + "".join(f"{prefix}{n},S{n:02d},{day},20,{books},Book\n" for n in range(12))


@pytest.fixture
def place(tmp_path: Path, monkeypatch) -> publish.Place:
    """A store made by imports (so it has snapshots): 12 students read 2 books each on Nov 2."""
    monkeypatch.setenv("SCHOOL_GOALS_DB", str(tmp_path / "s.duckdb"))
    monkeypatch.setenv("SCHOOL_GOALS_APP_DB", str(tmp_path / "s_app.sqlite"))
    here = publish.Place(StoreFiles(tmp_path / "s.duckdb"), AppDatabase(tmp_path / "s_app.sqlite"))
    files = {"schools.csv": SCHOOLS, "staff.csv": STAFF, "students.csv": STUDENTS, "goals.csv": GOALS}
    files["reading_logs.csv"] = logs("A", "2026-11-02", 2)
    paths = []
    for name, text in files.items():
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / name).write_text(text)
        paths.append(tmp_path / "in" / name)
    assert publish.import_batch(paths, place=here).ok
    return here


def more_logs(place: publish.Place, tmp_path: Path) -> None:
    """12 students read 5 more books each on Nov 4."""
    path = tmp_path / "more" / "reading_logs.csv"
    path.parent.mkdir()
    path.write_text(logs("B", "2026-11-04", 5))
    assert publish.import_batch([path], place=place).ok


def reader(place: publish.Place) -> store.Database:
    return store.connect(place.files.store, read_only=True, goals=AppGoals(place.app))


def started(place: publish.Place, held_on: date = date(2026, 11, 10)) -> records.Review:
    database = reader(place)
    review_id = start(database, place.app, "0101", held_on, "Principal Okafor, Ms. Chavez", "me@school.org")
    database.close()
    return records.review_by_id(place.app, review_id)


def goals_of(place: publish.Place, review: records.Review):
    database = reader(place)
    now = figures_on(database, "0101", date(2026, 11, 4), POLICY)
    database.close()
    then = figures_then(review, place.app, POLICY)
    return review_goals(records.review_by_id(place.app, review.review_id), place.app, then, now)


def test_a_review_pins_the_snapshot_it_was_started_on(place):
    review = started(place)
    assert review.data_day == date(2026, 11, 2)
    pins = place.app.rows("SELECT snapshot, reason FROM snapshot_pins")
    assert pins == [{"snapshot": review.snapshot, "reason": "goal review 1"}]
    assert (place.files.snapshots_dir / review.snapshot).exists()


def test_an_open_review_keeps_its_figures_then_while_now_moves(place, tmp_path):
    review = started(place)
    more_logs(place, tmp_path)
    [goal] = goals_of(place, review)
    assert (goal.then.current_label, goal.now.current_label) == ("24 books", "84 books")


def test_a_closed_review_reads_as_it_was_closed_whatever_comes_later(place, tmp_path):
    review = started(place)
    [goal] = goals_of(place, review)
    records.save_notes(place.app, review.review_id, "G1", "A slow start", "Book fair in December", "me")
    records.add_item(
        place.app, review.review_id, "G1", "Plan the book fair", "Rosa Chavez", date(2026, 12, 1), "me"
    )
    goals = goals_of(place, review)
    close_review(place.app, records.review_by_id(place.app, review.review_id), goals, date(2026, 11, 2), "me")
    more_logs(place, tmp_path)
    place.app.execute("UPDATE action_items SET status = 'done'")
    [kept] = goals_of(place, review)
    assert (kept.then.current_label, kept.now.current_label) == ("24 books", "24 books")
    assert (kept.notes, kept.decisions) == ("A slow start", "Book fair in December")
    assert [(item["what"], item["status"]) for item in kept.items] == [("Plan the book fair", "open")]
    assert kept.then.trend == goal.then.trend and kept.then.bar == goal.then.bar
    assert now_words(records.review_by_id(place.app, review.review_id), date(2026, 11, 4)) == (
        "Nov 2, 2026, when closed"
    )


def test_a_closed_review_refuses_changes(place):
    review = started(place)
    close_review(place.app, review, goals_of(place, review), date(2026, 11, 2), "me")
    with pytest.raises(records.ReviewError, match="was closed on"):
        records.save_notes(place.app, review.review_id, "G1", "late", "", "me")


def test_the_next_review_opens_with_the_open_items_only(place):
    first = started(place)
    kept = records.add_item(
        place.app, first.review_id, "G1", "Plan the book fair", "Rosa Chavez", date(2026, 12, 1), "me"
    )
    done = records.add_item(
        place.app, first.review_id, "G1", "Order books", "Rosa Chavez", date(2026, 11, 20), "me"
    )
    records.set_item_status(place.app, first.review_id, done, "done", "me")
    second = started(place, date(2026, 11, 24))
    items = records.items_of(place.app, second.review_id)
    assert [(item["item_id"], item["carried"]) for item in items] == [(kept, 1)]


def test_an_action_item_needs_what_owner_and_due_date(place):
    review = started(place)
    with pytest.raises(records.ReviewError, match="needs what to do and an owner and a due date"):
        records.add_item(place.app, review.review_id, "G1", " ", "", None, "me")


def test_overdue_items_are_open_items_past_their_due_date(place):
    review = started(place)
    records.add_item(
        place.app, review.review_id, "G1", "Plan the book fair", "Rosa Chavez", date(2026, 12, 1), "me"
    )
    records.add_item(
        place.app, review.review_id, "G1", "Send letters home", "Rosa Chavez", date(2026, 12, 9), "me"
    )
    district = Scope.whole_district(["0101"])
    names = {"0101": "Maple Elementary"}
    assert overdue_notes(["0101"], date(2026, 12, 2), district, names) == [
        "Overdue since Dec 1: Plan the book fair (Rosa Chavez), from goal review 1."
    ]
    teacher_view = Scope(("0101",))  # may not see teachers' names
    assert overdue_notes(["0101"], date(2026, 12, 10), teacher_view, names) == [
        "2 action items from goal reviews are overdue."
    ]


def test_the_review_packet_names_school_goal_notes_and_items_and_no_student(place):
    review = started(place)
    records.save_notes(place.app, review.review_id, "G1", "A slow start", "Book fair in December", "me")
    records.add_item(
        place.app, review.review_id, "G1", "Plan the book fair", "Rosa Chavez", date(2026, 12, 1), "me"
    )
    database = reader(place)
    packet = build_review_packet(database, place.app, review.review_id, POLICY, "me@school.org")
    database.close()
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(packet.pdf)).pages)
    assert text.startswith("Maple Elementary Goal review Review 1, held on Tuesday, November 10, 2026")
    assert "Attendees: Principal Okafor, Ms. Chavez" in text
    assert "Read 500 books" in text and "24 books" in text
    assert "A slow start" in text and "Book fair in December" in text
    assert "Plan the book fair · Rosa Chavez · due Dec 1, 2026 · open" in text
    assert f"Page {packet.pages} of {packet.pages}" in text
    assert "Zelda" not in text and "Quill" not in text


def test_report_writes_a_review_packet_and_refuses_another_schools_review(place, tmp_path, capsys):
    review = started(place)
    out = tmp_path / "review.pdf"
    assert (
        cli.main(
            ["report", "--school", "Maple Elementary", "--review", str(review.review_id), "--out", str(out)]
        )
        == 0
    )
    assert "Wrote" in capsys.readouterr().out and out.read_bytes().startswith(b"%PDF")
    assert cli.main(["report", "--school", "0101", "--review", "7", "--out", str(out)]) == 1
    assert "There is no goal review 7" in capsys.readouterr().err


def test_review_tables_carry_school_review_data_day_and_when_generated():
    table = stamped(
        pd.DataFrame({"goal": ["Read 500 books"]}), "Maple Elementary", 3, "Nov 21, 2026", "2026-12-02 07:30"
    )
    assert table.to_dict("records") == [
        {
            "goal": "Read 500 books",
            "school": "Maple Elementary",
            "review": 3,
            "data as of": "Nov 21, 2026",
            "generated on": "2026-12-02 07:30",
        }
    ]


def test_a_chart_download_is_a_png_of_the_chart_with_its_caption_and_stamp(place):
    database = reader(place)
    figures = figures_on(database, "0101", date(2026, 11, 2), POLICY)["G1"]
    [(bar, caption), *_] = charts_of(figures)
    png = chart_png(database, bar, f"Read 500 books: {caption}", "Maple Elementary · data as of Nov 2, 2026")
    database.close()
    assert png.startswith(b"\x89PNG") and png_size(png)[1] > png_size(packet.png_images([bar])[0])[1]
