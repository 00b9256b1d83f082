"""The demo district's professional learning (issue 17): the sessions held by Nov 21, who came, and
the mentoring pair whose meetings lapse after October."""

from __future__ import annotations

import pytest

from lib.core import db as store


@pytest.fixture(scope="module")
def demo(demo_path):
    database = store.connect(demo_path, read_only=True)
    yield database
    database.close()


def test_the_sessions_held_by_the_last_day_with_data(demo):
    rows = demo.sql(
        "SELECT session_id, school_id, strftime(date, '%Y-%m-%d'), hours, focus FROM pd_sessions ORDER BY date, session_id"
    ).values.tolist()
    assert rows == [
        ["PD-101-R", "101", "2026-09-02", 1.5, "2d"],
        ["PD-201-R", "201", "2026-09-02", 1.5, "2d"],
        ["PD-301-R", "301", "2026-09-02", 1.5, "2d"],
        ["PD-DISTRICT-C", "", "2026-09-10", 2.0, "Read 50,000 books this semester"],
        ["PD-301-Q", "301", "2026-10-02", 3.0, "3b"],
        ["PD-101-Q", "101", "2026-10-09", 3.0, "3b"],
        ["PD-201-Q", "201", "2026-10-19", 3.0, "3b"],
    ]


def test_every_teacher_is_expected_at_their_schools_sessions_and_most_came(demo):
    rows = demo.sql(
        "SELECT session_id, count(*) FILTER (attended), count(*) FROM pd_attendance GROUP BY 1 ORDER BY 1"
    ).values.tolist()
    # Maple Grove has 29 teachers, Riverbend Middle 31, Riverbend High 48: 108 at the district's session.
    assert rows == [
        ["PD-101-Q", 16, 29], ["PD-101-R", 20, 29], ["PD-201-Q", 20, 31], ["PD-201-R", 24, 31],
        ["PD-301-Q", 38, 48], ["PD-301-R", 37, 48], ["PD-DISTRICT-C", 75, 108],
    ]  # fmt: skip


def test_each_first_year_teacher_has_a_mentor_and_one_pair_lapses_after_october(demo):
    pairs = demo.sql(
        "SELECT p.mentee_id, strftime(max(m.date), '%Y-%m-%d') AS latest FROM mentoring p "
        "JOIN mentoring_meetings m USING (mentor_id, mentee_id) GROUP BY 1 ORDER BY 1"
    )
    first_year = demo.sql(
        "SELECT staff_id FROM staff WHERE role = 'teacher' AND start_date >= DATE '2026-07-01'"
    )
    assert sorted(pairs["mentee_id"]) == sorted(first_year["staff_id"])
    latest = dict(zip(pairs["mentee_id"], pairs["latest"], strict=True))
    assert latest.pop("T0014") == "2026-10-30"  # 22 days before Nov 21: the lapsed pair
    assert min(latest.values()) >= "2026-11-12"
