"""The professional-learning goal metrics (issue 17): pd_hours (average PD hours per teacher, held
to even pace) and mentoring_meetings (% of mentoring pairs meeting twice a month), and the
"Needs attention" item for mentoring pairs that stopped meeting. Every number is worked out by
hand in a comment beside it."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from lib.core import db as store
from lib.core.config import PrivacyPolicy
from lib.core.filters import Filters
from lib.core.goal import Goal
from lib.core.goal_edits import GoalDefinition
from lib.core.progress import even_pace_level, goal_progress
from lib.core.scope import Scope
from lib.core.status import AT_RISK, ENDED_MISSED, MET, OFF_TRACK, ON_TRACK
from lib.goals.board import attention_items, card_delta, goal_cards, metric_label
from lib.goals.drafts import DraftFacts, level_pace, refusals
from lib.goals.form_words import target_format
from lib.goals.load import load_goal_data
from lib.goals.series import mentoring_points, pd_hours_points
from lib.importing.importer import import_files
from tests.helpers import open_page, shown_text

NaT = pd.NaT


def day(text: str) -> date:
    return date.fromisoformat(text)


def points(frame: pd.DataFrame) -> list[tuple[date, float, int]]:
    return [(end, round(value, 2), n) for end, value, n in frame.itertuples(index=False)]


# --- pd_hours: the series -------------------------------------------------------------


def test_pd_hours_average_counts_teachers_on_staff_by_each_week_and_sessions_since_the_start():
    attended = pd.DataFrame(
        [
            ("T1", NaT, "2026-08-30", 6.0),  # before the goal's start: never counted
            ("T1", NaT, "2026-09-01", 2.0),
            ("T1", NaT, "2026-09-10", 1.5),
            ("T2", "2026-09-05", "2026-09-10", 3.0),  # on staff from Sep 5
            ("T3", NaT, NaT, float("nan")),  # attended nothing: counts as a teacher with 0 hours
        ],
        columns=["staff_id", "on_staff_from", "session_date", "hours"],
    )
    # Sep 1: T1 and T3 on staff, T1's 2.0 hours: 2.0 / 2 = 1.0.
    # Sep 8: T1, T2, T3; still 2.0 hours: 2.0 / 3 = 0.67.
    # Sep 15: 2.0 + 1.5 + 3.0 = 6.5 hours over 3 teachers = 2.17.
    result = pd_hours_points(attended, day("2026-09-01"), day("2026-09-15"))
    assert points(result) == [
        (day("2026-09-01"), 1.0, 2),
        (day("2026-09-08"), 0.67, 3),
        (day("2026-09-15"), 2.17, 3),
    ]


def test_pd_hours_without_a_teacher_is_no_value():
    empty = pd.DataFrame(columns=["staff_id", "on_staff_from", "session_date", "hours"])
    result = pd_hours_points(empty, day("2026-09-01"), day("2026-09-01"))
    assert result["n"].tolist() == [0] and result["value"].isna().all()


# --- mentoring_meetings: the series -----------------------------------------------------


def meetings(*rows) -> pd.DataFrame:
    columns = ["mentor_id", "mentee_id", "pair_start", "pair_end", "met_on"]
    return pd.DataFrame(list(rows), columns=columns)


def test_mentoring_percent_counts_active_pairs_with_two_meetings_in_30_days():
    frame = meetings(
        ("M1", "E1", "2026-09-01", NaT, "2026-09-05"),
        ("M1", "E1", "2026-09-01", NaT, "2026-09-20"),
        ("M1", "E1", "2026-09-01", NaT, "2026-10-10"),
        ("M2", "E2", "2026-10-05", NaT, "2026-10-06"),  # starts Oct 5
        ("M2", "E2", "2026-10-05", NaT, "2026-10-14"),
        ("M3", "E3", "2026-09-01", "2026-10-07", "2026-09-10"),  # ends Oct 7
        ("M3", "E3", "2026-09-01", "2026-10-07", "2026-09-25"),
        ("M4", "E4", "2026-09-01", NaT, NaT),  # never met
    )
    # Oct 1 (Sep 2 - Oct 1): active M1, M3, M4; M1 (Sep 5, 20) and M3 (Sep 10, 25) met twice: 2/3.
    # Oct 8 (Sep 9 - Oct 8): active M1, M2, M4 (M3 ended Oct 7); M1 once (Sep 20), M2 once: 0/3.
    # Oct 15 (Sep 16 - Oct 15): M1 (Sep 20, Oct 10) and M2 (Oct 6, 14) twice, M4 never: 2/3.
    result = mentoring_points(frame, day("2026-10-01"), day("2026-10-15"))
    assert points(result) == [
        (day("2026-10-01"), 66.67, 3),
        (day("2026-10-08"), 0.0, 3),
        (day("2026-10-15"), 66.67, 3),
    ]


@pytest.mark.parametrize(("first", "share"), [("2026-09-02", 100.0), ("2026-09-01", 0.0)])
def test_a_meeting_29_days_before_counts_and_30_days_before_does_not(first, share):
    # The 30 days ending on Oct 1 are Sep 2 through Oct 1.
    frame = meetings(("M1", "E1", "2026-08-01", NaT, first), ("M1", "E1", "2026-08-01", NaT, "2026-10-01"))
    result = mentoring_points(frame, day("2026-10-01"), day("2026-10-01"))
    assert points(result) == [(day("2026-10-01"), share, 1)]


# --- pd_hours: the status against even pace --------------------------------------------

# Sep 1 to Dec 9, 2026 is 100 days counting both (30 + 31 + 30 + 9); Oct 20 is its 50th day.
HOURS_GOAL = Goal("pd_hours", 12.0, day("2026-09-01"), day("2026-12-09"))
OCT_20 = day("2026-10-20")


def test_even_pace_counts_calendar_days_with_both_ends():
    # 12 x 1/100 on the first day, 12 x 50/100 on Oct 20, all 12 on the last day.
    assert even_pace_level(HOURS_GOAL, HOURS_GOAL.start_date) == pytest.approx(0.12)
    assert even_pace_level(HOURS_GOAL, OCT_20) == pytest.approx(6.0)
    assert even_pace_level(HOURS_GOAL, HOURS_GOAL.end_date) == 12.0


@pytest.mark.parametrize(
    ("hours", "status"),
    [
        # Expected on Oct 20: 6.0 hours. 10% of the target is 1.2 hours, 20% is 2.4.
        (6.5, ON_TRACK),  # ahead of even pace
        (4.8, ON_TRACK),  # 6.0 - 1.2: the lowest on track
        (4.7, AT_RISK),
        (3.6, AT_RISK),  # 6.0 - 2.4: the lowest at risk
        (3.5, OFF_TRACK),
        (12.0, MET),  # the target, however early
    ],
)
def test_pd_hours_status_follows_even_pace(hours, status):
    series = pd.DataFrame({"period_end": [OCT_20], "value": [hours], "n": [20]})
    progress = goal_progress(HOURS_GOAL, series, OCT_20, frozenset())
    assert (progress.status, progress.expected) == (status, pytest.approx(6.0))


def test_pd_hours_reason_quotes_hours_and_even_pace():
    series = pd.DataFrame({"period_end": [OCT_20], "value": [4.2], "n": [20]})
    progress = goal_progress(HOURS_GOAL, series, OCT_20, frozenset())
    assert progress.status_reason == "At 4.2 hours; even pace to 12.0 hours by Dec 9 is 6.0 hours on Oct 20"


def test_pd_hours_goal_that_ended_short_is_missed():
    series = pd.DataFrame({"period_end": [HOURS_GOAL.end_date], "value": [10.0], "n": [20]})
    progress = goal_progress(HOURS_GOAL, series, day("2026-12-15"), frozenset())
    assert (progress.status, progress.status_reason) == (
        ENDED_MISSED,
        "Ended at 10.0 hours against a target of 12.0 hours",
    )


# --- The goal form ------------------------------------------------------------------------


def form_goal(metric: str, target: float) -> GoalDefinition:
    return GoalDefinition(
        "", "0101", "A goal", metric, target, day("2026-09-01"), day("2027-05-31"), owner="Ada"
    )


@pytest.mark.parametrize(
    ("metric", "refused"), [("pd_hours", []), ("mentoring_meetings", ["A percent target"])]
)
def test_a_target_over_100_is_refused_for_percents_not_for_hours(metric, refused):
    facts = DraftFacts(day("2026-10-01"), None, None, None)
    found = refusals(form_goal(metric, 120.0), facts, PrivacyPolicy())
    assert [problem[:16] for problem in found] == refused


def test_pd_hours_pace_is_hours_per_teacher_a_month():
    # 12 - 2.5 = 9.5 hours over Oct 1 - May 31 (242 days = 7.95 months): 1.2 hours a month.
    pace = level_pace(form_goal("pd_hours", 12.0), 2.5, day("2026-10-01"))
    assert pace == "9.5 hours per teacher to add by May 31, 2027: 1.2 hours a month."
    assert target_format("pd_hours") == "%.1f"


# --- A tiny store: the queries and "Needs attention" ----------------------------------

FILES = {
    "schools.csv": "school_id,school_name\n0101,Maple Grove Elementary\n0102,Oak Elementary\n",
    "staff.csv": (
        "staff_id,school_id,first_name,last_name,role,start_date\n"
        "T1,0101,Maria,Rivera,teacher,2026-08-10\n"
        "T2,0101,Liam,Chen,teacher,2012-08-15\n"
        "T3,0101,Ana,Lopez,teacher,2018-08-15\n"
        "T4,0101,Noor,Patel,teacher,2015-08-15\n"
        "T5,0101,Eli,Park,teacher,2026-08-10\n"
        "T6,0101,Zoe,Diaz,teacher,2010-08-15\n"
        "T7,0101,Sam,Young,teacher,2026-10-05\n"
        "P1,0101,Ada,Okafor,principal,2015-07-01\n"
        "T9,0102,Ivy,Stone,teacher,2014-08-15\n"
    ),
    "pd_sessions.csv": (
        "session_id,school_id,title,date,hours,focus\n"
        "PD1,0101,Questioning,2026-10-09,3,3b\n"
        "PD2,,District literacy day,2026-09-25,6,\n"
        "PD3,0102,Oak's routines,2026-09-30,4,2d\n"
    ),
    "pd_attendance.csv": (
        "session_id,staff_id,attended\n"
        "PD1,T1,Y\nPD1,T2,N\nPD1,T7,Y\nPD2,T1,Y\nPD2,T2,Y\nPD2,P1,Y\nPD3,T9,Y\nPD3,T1,Y\n"
    ),
    "mentoring.csv": (
        "mentor_id,mentee_id,start_date,end_date\n"
        "T2,T1,2026-08-17,\n"  # last met Sep 3 (Oct 2 is after the as-of date)
        "T4,T3,2026-08-17,\n"  # met Sep 11 and Sep 25
        "T6,T5,2026-09-15,\n"  # started 16 days before Oct 1: not lapsed yet
        "T4,T5,2026-08-20,\n"  # never met
        "T2,T3,2026-08-17,2026-09-10\n"  # ended before Oct 1
        "T6,T1,2026-08-17,\n"  # last met Sep 10: 21 days before Oct 1
        "T2,T5,2026-08-17,\n"  # met Sep 2 and Sep 11: 20 days before Oct 1
    ),
    "mentoring_meetings.csv": (
        "mentor_id,mentee_id,date,minutes,topic\n"
        "T2,T1,2026-08-20,30,\nT2,T1,2026-09-03,30,\nT2,T1,2026-10-02,30,\n"
        "T4,T3,2026-09-11,30,\nT4,T3,2026-09-25,30,\n"
        "T2,T3,2026-08-25,30,\n"
        "T6,T1,2026-09-10,30,\n"
        "T2,T5,2026-09-02,30,\nT2,T5,2026-09-11,30,\n"
    ),
    "goals.csv": (
        "goal_id,school_id,title,metric,target,start_date,end_date,subject,grade_level,subgroup,owner\n"
        "G-PD,0101,Every teacher 12 hours,pd_hours,12,2026-09-01,2027-05-31,,,,\n"
        "G-MENTOR,0101,Pairs meet twice a month,mentoring_meetings,100,2026-09-01,2027-01-22,,,,\n"
    ),
}


@pytest.fixture
def learning_store(database, write_csv):
    report = import_files(database, [write_csv(name, text) for name, text in FILES.items()])
    assert report.ok, report.text()
    return database


def test_pd_hours_query_counts_every_session_teachers_attended(learning_store):
    series = load_goal_data(learning_store, ["0101"], day("2026-10-10")).series["G-PD"]
    # Sep 26: the district day (6 h) for T1 and T2, over T1-T6: 12 / 6 = 2.0. Oct 3: T1 also went
    # to Oak's session on Sep 30 (4 h; another school's PD counts, as on the learning page):
    # 16 / 6 = 2.67. T2's "N" and the principal's hours never count. Oct 10: T7 is on staff
    # (Oct 5); PD1's 3 h for T1 and T7: 16 + 6 = 22 hours over 7 teachers = 3.14.
    assert points(series)[-3:] == [
        (day("2026-09-26"), 2.0, 6),
        (day("2026-10-03"), 2.67, 6),
        (day("2026-10-10"), 3.14, 7),
    ]


def test_mentoring_query_counts_the_pairs_active_on_the_day(learning_store):
    series = load_goal_data(learning_store, ["0101"], day("2026-10-01")).series["G-MENTOR"]
    # Oct 1 (Sep 2 - Oct 1): 6 active pairs (T2-T3 ended Sep 10); T4-T3 (Sep 11, 25) and T2-T5
    # (Sep 2, 11) met twice; T2-T1 and T6-T1 once, T6-T5 and T4-T5 never: 2 / 6 = 33.33%.
    assert points(series)[-1] == (day("2026-10-01"), 33.33, 6)


def learning_items(database, scope: Scope) -> list:
    filters = Filters(school_id="0101", as_of=day("2026-10-01"))
    items = attention_items(database, ["0101"], filters, PrivacyPolicy(), [], scope)
    return [item for item in items if item.area == "learning"]


def test_lapsed_pairs_are_named_where_teachers_names_are_allowed(learning_store):
    (item,) = learning_items(learning_store, Scope.whole_district(["0101", "0102"]))
    # Never met first, then 28 days (Sep 3 to Oct 1), then exactly 21 (Sep 10); 20 days is not lapsed.
    assert item.text == (
        "Mentoring pairs with no meeting in 21+ days: Noor Patel with Eli Park (no meeting yet), "
        "Liam Chen with Maria Rivera (28 days since the last meeting), "
        "Zoe Diaz with Maria Rivera (21 days since the last meeting)"
    )
    assert (item.number, item.page) == ("3 pairs", "learning")


def test_lapsed_pairs_are_counted_where_teachers_names_are_not_allowed(learning_store):
    (item,) = learning_items(learning_store, Scope(("0101",), name_schools=frozenset({"0101"})))
    assert item.text == (
        "3 mentoring pairs have not met in 21+ days "
        "(no meeting yet; 28 days since the last meeting; 21 days since the last meeting)"
    )


# --- The demo district, as of Sat Nov 21, 2026 (its last day with data) ------------------

DEMO_DAY = day("2026-11-21")


@pytest.fixture(scope="module")
def demo(demo_path):
    database = store.connect(demo_path, read_only=True)
    yield database
    database.close()


def demo_card(demo, goal_id: str):
    cards, _ = goal_cards(demo, ["101"], Filters(school_id="101", as_of=DEMO_DAY), PrivacyPolicy())
    return next(card for card in cards if card.goal_id == goal_id)


def test_demo_pd_hours_goal_matches_an_independent_count(demo):
    hours = demo.scalar(
        "SELECT sum(p.hours) FROM pd_attendance a JOIN pd_sessions p USING (session_id) "
        "JOIN staff t USING (staff_id) WHERE a.attended AND t.school_id = '101' AND t.role = 'teacher' "
        "AND p.school_id IN ('101', '') AND p.date BETWEEN DATE '2026-08-17' AND DATE '2026-11-21'"
    )
    teachers = demo.scalar(
        "SELECT count(*) FROM staff WHERE school_id = '101' AND role = 'teacher' "
        "AND (start_date IS NULL OR start_date <= DATE '2026-11-21')"
    )
    # By hand from the demo's files: 20 of Maple Grove's 29 teachers came to its routines session
    # (1.5 h), 23 to the district's reading conferences (2 h), 16 to its questioning PD (3 h):
    # 30 + 46 + 48 = 124 hours / 29 teachers = 4.28 hours.
    assert (hours, teachers) == (124.0, 29)
    card = demo_card(demo, "G101-PD-HOURS")
    assert card.progress.current == pytest.approx(hours / teachers)
    # Even pace: Aug 17 to Nov 21 is 97 days, Aug 17 to May 21 278 (both ends counted):
    # 12 x 97 / 278 = 4.19 hours; 4.28 is above it, so on track.
    assert card.progress.expected == pytest.approx(12 * 97 / 278)
    assert (card.current_label, card.target_label, card.status) == ("4.3 hours", "12.0 hours", ON_TRACK)
    assert metric_label(card) == "Average PD hours per teacher since Aug 17"
    assert card_delta(card) == ("+0.1 hours", "normal", "compared with even pace")


def test_demo_mentoring_goal_matches_an_independent_count(demo):
    pairs = demo.sql(
        "SELECT m.mentor_id, m.mentee_id FROM mentoring m JOIN staff s ON s.staff_id = m.mentee_id "
        "WHERE s.school_id = '101' AND m.start_date <= DATE '2026-11-21' "
        "AND (m.end_date IS NULL OR m.end_date >= DATE '2026-11-21')"
    )
    met = demo.sql(
        "SELECT mentor_id, mentee_id, count(*) AS meetings FROM mentoring_meetings "
        "WHERE date BETWEEN DATE '2026-10-23' AND DATE '2026-11-21' GROUP BY ALL"
    )
    counted = pairs.merge(met, how="left").fillna({"meetings": 0})
    twice = int((counted["meetings"] >= 2).sum())
    # By hand: Maple Grove's 3 pairs; in Oct 23 - Nov 21 T0022-T0017 met Oct 29, Nov 9 and 17,
    # T0025-T0023 Oct 30, Nov 10 and 19, T0011-T0014 only Oct 30: 2 of 3 = 66.7%.
    assert (len(pairs), twice) == (3, 2)
    card = demo_card(demo, "G101-MENTORING")
    assert card.progress.current == pytest.approx(100 * twice / len(pairs))
    # A week earlier (Oct 16 - Nov 14) T0011-T0014 still had Oct 21 and 30: 3 of 3, met.
    assert (card.current_label, card.status, card.previous_status) == ("67%", OFF_TRACK, MET)
    assert metric_label(card) == "Pairs with 2+ meetings, last 30 days"


def test_demo_lapsed_pair_needs_attention_with_its_days_since_the_last_meeting(demo):
    filters = Filters(school_id="101", as_of=DEMO_DAY)
    scope = Scope.whole_district(["101", "201", "301"])
    items = attention_items(demo, ["101"], filters, PrivacyPolicy(), [], scope)
    # T0011 (Amelia Ford) and T0014 (Mei Reed) last met Oct 30: 22 days before Nov 21.
    assert [item.text for item in items if item.area == "learning"] == [
        "Mentoring pairs with no meeting in 21+ days: Amelia Ford with Mei Reed (22 days since the last meeting)"
    ]


def test_the_goal_form_takes_a_pd_hours_goal_in_hours(demo_app, tmp_path, monkeypatch):
    monkeypatch.setenv("SCHOOL_GOALS_APP_DB", str(tmp_path / "app.sqlite"))
    at = open_page(demo_app, "pages/set_goals.py", school="Maple Grove Elementary")
    key = "goal_form___new__"
    at.selectbox(key=f"{key}_metric").set_value("pd_hours").run()
    at.text_input(key=f"{key}_title").set_value("Every teacher 12 hours")
    at.number_input(key=f"{key}_target").set_value(12.0)
    at.date_input(key=f"{key}_start").set_value(date(2026, 8, 17))
    at.date_input(key=f"{key}_end").set_value(date(2027, 5, 21))
    at.selectbox(key=f"{key}_owner").set_value("Santiago Scott").run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    assert at.number_input(key=f"{key}_target").label == "Target (hours)"
    page = shown_text(at)
    # The demo goal's 4.28 hours; 12 - 4.28 = 7.7 hours over Nov 21 - May 21 (181 days = 5.95 months).
    assert "Hours per teacher so far (since Aug 17, as of Nov 21, 2026) 4.3 hours" in page
    assert "7.7 hours per teacher to add by May 21, 2027: 1.3 hours a month." in page


def test_goals_csv_takes_over_100_hours_but_not_over_100_percent(database, write_csv):
    goals = (
        FILES["goals.csv"].splitlines()[0] + "\n"
        "G-PD,0101,150 hours,pd_hours,150,2026-09-01,2027-05-31,,,,\n"
        "G-MENTOR,0101,Pairs,mentoring_meetings,150,2026-09-01,2027-01-22,,,,\n"
    )
    files = {"schools.csv": FILES["schools.csv"], "goals.csv": goals}
    report = import_files(database, [write_csv(name, text) for name, text in files.items()])
    assert [p.text() for p in report.problems] == [
        'goals.csv, line 3, column target: "150" is a percent for this metric and must be from 0 to 100'
    ]
