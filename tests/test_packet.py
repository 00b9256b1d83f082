"""The goal packet (PDF): the goal board's cards as text, dates and page numbers, no student
names, text from data printed as written, and `python -m lib.cli report`."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from lib import cli
from lib.core import db as store
from lib.core.config import Settings
from lib.core.filters import Filters
from lib.core.scope import Scope
from lib.core.status import HIDDEN
from lib.goals.board import GoalCard, goal_cards
from lib.reviews import packet
from lib.reviews.document import PacketError
from lib.reviews.figures import charts_of, figures_of
from lib.reviews.packet import build_packet, goal_packet
from lib.reviews.words import goal_section

AS_OF = date(2026, 11, 21)
SCHOOL = "101"


def pdf_text(pdf: bytes) -> list[str]:
    """Each page's text, with runs of white space as one space."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def demo(demo_path):
    database = store.connect(demo_path, read_only=True)
    yield database
    database.close()


@pytest.fixture(scope="module")
def cards(demo) -> list[GoalCard]:
    found, _ = goal_cards(demo, [SCHOOL], Filters(school_id=SCHOOL, as_of=AS_OF), Settings().policy)
    return found


@pytest.fixture(scope="module")
def demo_pages(demo) -> list[str]:
    district = Scope.whole_district(demo.query("core.schools")["school_id"])
    return pdf_text(goal_packet(demo, SCHOOL, AS_OF, district, Settings()))


def test_cover_names_the_school_dates_and_headline(demo_pages):
    cover = demo_pages[0]
    assert cover.startswith("Maple Grove Elementary Goal review packet")
    assert "Goals as of Saturday, November 21, 2026" in cover
    assert "Data as of Nov 21, 2026" in cover
    assert "Generated on " in cover
    assert "Prepared for: local mode" in cover
    assert "2 of 7 goals met or on track as of Nov 21, 2026" in cover


def test_one_page_per_goal_with_the_boards_title_and_figure(demo_pages, cards):
    assert len(demo_pages) == 1 + len(cards) == 8
    for page, card in zip(demo_pages[1:], cards, strict=True):
        assert card.title in page
        assert card.current_label in page
    assert "32,074 books" in demo_pages[7]
    assert "49%" in demo_pages[1]


def test_every_footer_has_school_data_date_generated_and_page_of(demo_pages):
    for number, page in enumerate(demo_pages, start=1):
        assert "Maple Grove Elementary · Data as of Nov 21, 2026 · Generated on" in page
        assert page.endswith(f"Page {number} of 8")


def test_no_student_name_is_printed(demo, demo_pages):
    students = demo.sql("SELECT first_name, last_name FROM students")
    text = " ".join(demo_pages)
    names = [f"{first} {last}" for first, last in students.itertuples(index=False)]
    assert len(names) > 500
    assert [name for name in names if name in text] == []


def test_markup_and_accents_in_data_print_as_written(demo, cards, monkeypatch):
    title = "<b>Bold</b> **stars** {nb} [link](http://x)"
    odd = replace(cards[4], title=title, owner="Nguyễn Thị Ánh")
    monkeypatch.setattr(packet, "goal_cards", lambda *args: ([odd], ()))
    made = build_packet(demo, SCHOOL, AS_OF, Scope.whole_district([SCHOOL]), Settings())
    pages = pdf_text(made.pdf)
    assert (made.goals, made.pages) == (1, 2)
    assert title in pages[1]
    assert "Nguyễn Thị Ánh" in pages[1]
    assert pages[1].endswith("Page 2 of 2")


def test_hidden_card_prints_its_reason_and_no_figure_or_chart(cards):
    reason = "Fewer than 10 students in this group: hidden to protect privacy."
    hidden = replace(cards[0], status=HIDDEN, current_label="—", hidden_reason=reason)
    figures = figures_of(hidden)
    section = goal_section(figures, 1, 5)
    assert (section.figure, section.sentences, section.status) == ("", (reason,), "⊘ Hidden (privacy)")
    assert charts_of(figures) == []


def test_a_school_outside_the_scope_gets_no_packet(demo):
    with pytest.raises(PacketError, match="not among the schools you may see"):
        goal_packet(demo, SCHOOL, AS_OF, Scope.whole_district(["201"]), Settings())


def run_report(monkeypatch, demo_path, *argv: str) -> int:
    monkeypatch.setenv("SCHOOL_GOALS_DB", str(demo_path))
    return cli.main(["report", *argv])


def test_cli_report_writes_the_packet(monkeypatch, demo_path, tmp_path, capsys):
    out = tmp_path / "packet.pdf"
    assert run_report(monkeypatch, demo_path, "--school", "maple grove elementary", "--out", str(out)) == 0
    assert capsys.readouterr().out.startswith(f"Wrote {out}: 7 goals, 8 pages, ")
    assert "Maple Grove Elementary" in pdf_text(out.read_bytes())[0]


def test_cli_report_refuses_an_unknown_school(monkeypatch, demo_path, tmp_path, capsys):
    out = tmp_path / "packet.pdf"
    assert run_report(monkeypatch, demo_path, "--school", "Oak Hill", "--out", str(out)) == 1
    assert capsys.readouterr().err.startswith('There is no school "Oak Hill" in the data. Its schools: ')
    assert not out.exists()


def test_cli_report_refuses_a_day_after_the_data(monkeypatch, demo_path, tmp_path, capsys):
    argv = ("--school", SCHOOL, "--out", str(tmp_path / "p.pdf"), "--as-of", "2026-12-01")
    assert run_report(monkeypatch, demo_path, *argv) == 1
    assert "is after the latest data (Nov 21, 2026)" in capsys.readouterr().err
