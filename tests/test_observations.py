"""Observation coverage, feedback turnaround and rubric rules with hand-computed values."""

from __future__ import annotations

import math
import re
from datetime import date

import pandas as pd
import pytest

from lib.core.config import Cadence, cadence_from_env
from lib.observations.activity import (
    from_first_visit,
    heat_map,
    observer_load,
    peer_summary,
    recent_weeks,
    visits_this_week,
)
from lib.observations.cadence import (
    coverage_summary,
    is_first_year,
    school_coverage,
    teacher_status,
    visit_next,
    visit_next_csv,
)
from lib.observations.feedback import (
    feedback_summary,
    turnaround_days,
    turnaround_distribution,
    waiting_for_feedback,
)
from lib.observations.rubric import component_averages, hidden_components, monthly_averages
from lib.observations.tiles import Figures, day_range, days_text, headline_tiles, signed

AS_OF = date(2026, 11, 13)  # a Friday
CADENCE = Cadence()  # 14 days, first-year teachers 7
THANKSGIVING = {"101": frozenset({date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27)})}


def teachers(*rows):
    """Rows of (staff_id, start_date, last_observed_on); names follow the id."""
    frame = pd.DataFrame(rows, columns=["staff_id", "start_date", "last_observed_on"])
    return frame.assign(
        school_id="101",
        first_name="Ann",
        last_name=frame["staff_id"],
        start_date=pd.to_datetime(frame["start_date"]),
        last_observed_on=pd.to_datetime(frame["last_observed_on"]),
        last_observer="Pat Lee",
        last_observation_type="walkthrough",
    )


def visits(*rows):
    """Rows of (observed_on, feedback_on) for school 101."""
    frame = pd.DataFrame(rows, columns=["observed_on", "feedback_on"])
    return frame.assign(
        observed_on=pd.to_datetime(frame["observed_on"]),
        feedback_on=pd.to_datetime(frame["feedback_on"]),
        school_id="101",
        observation_id=[f"O{k}" for k in range(len(frame))],
        teacher_id="T1",
        teacher_name="Ann T1",
        observation_type="walkthrough",
    )


def status_of(*rows, as_of=AS_OF, cadence=CADENCE):
    return teacher_status(teachers(*rows), as_of, cadence).set_index("staff_id")


# Cycles and cadence


def test_cycle_includes_the_day_13_days_back_but_not_14():
    # 14 days ending Fri Nov 13: Oct 31 to Nov 13.
    status = status_of(("T1", "2010-08-01", "2026-10-31"), ("T2", "2010-08-01", "2026-10-30"))
    assert status["observed_in_cycle"].to_dict() == {"T1": True, "T2": False}
    assert status["days_since_last_observation"].to_dict() == {"T1": 13.0, "T2": 14.0}


def test_visit_on_the_as_of_date_counts():
    status = status_of(("T1", None, "2026-11-13"))
    assert status.loc["T1", "days_since_last_observation"] == 0
    assert bool(status.loc["T1", "observed_in_cycle"])


def test_first_year_teacher_is_due_every_7_days():
    # Both last seen Fri Nov 6 (7 days ago): in the veteran's 14-day cycle, not in the new teacher's 7.
    status = status_of(("NEW", "2026-08-10", "2026-11-06"), ("VET", "2012-08-10", "2026-11-06"))
    assert status["cadence_days"].to_dict() == {"NEW": 7, "VET": 14}
    assert status["overdue"].to_dict() == {"NEW": True, "VET": False}
    assert status["cycle_ratio"].to_dict() == {"NEW": 1.0, "VET": 0.5}


def test_first_year_teacher_seen_6_days_ago_is_in_cycle():
    status = status_of(("NEW", "2026-08-10", "2026-11-07"))
    assert not status.loc["NEW", "overdue"]


def test_first_year_means_started_within_the_365_days_before_as_of():
    starts = pd.Series(pd.to_datetime(["2025-11-14", "2025-11-13", None, "2026-11-13"]))
    # 364 days before: first year; 365 days before: not; blank: veteran; the same day: first year.
    assert is_first_year(starts, AS_OF).tolist() == [True, False, False, True]


def test_teacher_starting_after_as_of_is_not_counted():
    status = status_of(("T1", "2026-11-16", None), ("T2", None, "2026-11-12"))
    assert status.index.tolist() == ["T2"]


def test_cadence_settings_change_the_cycle():
    status = status_of(("T1", None, "2026-11-03"), cadence=Cadence(cycle_days=10, first_year_days=5))
    assert status.loc["T1", "overdue"]  # 10 days ago, cycle of 10 days


# A teacher never observed


def test_never_observed_teacher_is_overdue_with_infinite_ratio():
    status = status_of(("T1", None, None))
    assert math.isnan(status.loc["T1", "days_since_last_observation"])
    assert status.loc["T1", "cycle_ratio"] == math.inf
    assert status.loc["T1", "overdue"]


def test_never_observed_teachers_come_first_in_visit_next():
    status = teacher_status(
        teachers(("SEEN", None, "2026-10-01"), ("NEVER", None, None), ("NEW", "2026-08-10", "2026-11-01")),
        AS_OF,
        CADENCE,
    )
    table = visit_next(status, {"101": "Maple"})
    # NEVER first; then NEW: 12 days / 7 = 1.71; then SEEN: 43 days / 14 = 3.07 -> SEEN before NEW.
    assert table["staff_id"].tolist() == ["NEVER", "SEEN", "NEW"]
    assert table["status"].tolist() == ["⚠ Never observed", "⚠ Overdue", "⚠ Overdue"]
    assert table["next_due_on"].tolist()[1:] == [date(2026, 10, 15), date(2026, 11, 8)]


def test_coverage_summary_counts_and_median_with_a_never_observed_teacher():
    status = teacher_status(
        teachers(
            ("A", None, "2026-11-12"), ("B", None, "2026-11-03"), ("C", None, "2026-10-20"), ("D", None, None)
        ),
        AS_OF,
        CADENCE,
    )
    summary = coverage_summary(status, CADENCE)
    # Days since: 1, 10, 24, never -> in cycle A and B; median of (1, 10, 24, inf) = (10 + 24) / 2.
    assert (summary.teachers, summary.observed, summary.overdue, summary.never_observed) == (4, 2, 2, 1)
    assert summary.percent_observed == 50.0
    assert summary.median_days == 17.0


def test_median_is_never_when_half_or_more_were_never_observed():
    status = status_of(("A", None, "2026-11-12"), ("B", None, None))
    assert coverage_summary(status, CADENCE).median_days == math.inf
    assert days_text(math.inf) == "never"


def test_goal_board_count_holds_first_year_teachers_to_14_days():
    status = status_of(("NEW", "2026-08-10", "2026-11-04"))  # 9 days: overdue here, covered on the goal card
    summary = coverage_summary(status, CADENCE)
    assert (summary.observed, summary.observed_in_cycle_days) == (0, 1)


def test_school_coverage_lowest_first():
    rows = teachers(("A", None, "2026-11-12"), ("B", None, None), ("C", None, "2026-11-10"))
    rows.loc[2, "school_id"] = "201"
    table = school_coverage(teacher_status(rows, AS_OF, CADENCE), {"101": "Maple", "201": "River"})
    assert table[
        ["school", "teachers", "observed", "never_observed", "percent_observed"]
    ].values.tolist() == [
        ["Maple", 2, 1, 1, 50.0],
        ["River", 1, 1, 0, 100.0],
    ]


def test_visit_next_csv_has_plain_headers_and_words():
    status = status_of(("T1", None, None))
    text = visit_next_csv(visit_next(status.reset_index(), {"101": "Maple"})).decode()
    assert text.splitlines()[0].startswith("Status,Teacher,Staff ID,School,First year,Cadence (days)")
    assert text.splitlines()[1].startswith("Never observed,Ann T1,T1,Maple,,14,")


# Feedback in school days


def test_turnaround_across_a_weekend():
    # Visits on Fri Nov 13: feedback Mon is 1 school day, Tue 2, Wed 3; the same day 0.
    rows = visits(*[("2026-11-13", day) for day in ("2026-11-13", "2026-11-16", "2026-11-17", "2026-11-18")])
    assert turnaround_days(rows, date(2026, 11, 30), THANKSGIVING).tolist() == [0, 1, 2, 3]


def test_turnaround_across_thanksgiving():
    # Visit Tue Nov 24; Wed-Fri are days off: Mon Nov 30 is 1 school day later, Tue Dec 1 is 2.
    rows = visits(("2026-11-24", "2026-11-30"), ("2026-11-24", "2026-12-01"), ("2026-11-24", "2026-12-02"))
    assert turnaround_days(rows, date(2026, 12, 4), THANKSGIVING).tolist() == [1, 2, 3]
    summary = feedback_summary(rows, date(2026, 12, 4), THANKSGIVING)
    assert (summary.judged, summary.on_time) == (3, 2)


def test_feedback_after_the_as_of_date_is_not_given_yet():
    rows = visits(("2026-11-12", "2026-11-16"))
    assert math.isnan(turnaround_days(rows, AS_OF, THANKSGIVING).iloc[0])


def test_visit_is_judged_only_once_its_deadline_has_passed():
    # As of Mon Nov 16: Thu Nov 12's deadline is Mon Nov 16 (judged, late: no feedback);
    # Fri Nov 13's deadline is Tue Nov 17 (not judged yet).
    rows = visits(("2026-11-12", None), ("2026-11-13", None))
    summary = feedback_summary(rows, date(2026, 11, 16), THANKSGIVING)
    assert (summary.judged, summary.on_time) == (1, 0)


def test_waiting_list_marks_late_visits():
    rows = visits(("2026-11-12", None), ("2026-11-13", None), ("2026-11-10", "2026-11-10"))
    waiting = waiting_for_feedback(rows, date(2026, 11, 16), THANKSGIVING)
    assert waiting[["status", "school_days_waiting"]].values.tolist() == [["⚠ Late", 2], ["Due soon", 1]]


def test_turnaround_distribution_buckets():
    rows = visits(
        ("2026-11-02", "2026-11-02"),
        ("2026-11-02", "2026-11-04"),
        ("2026-11-02", "2026-11-13"),  # 9 school days -> 6+
        ("2026-11-12", None),
    )
    dist = turnaround_distribution(rows, AS_OF, THANKSGIVING).set_index("turnaround")
    assert dist["visits"].to_dict() == {"0": 1, "1": 0, "2": 1, "3": 0, "4": 0, "5": 0, "6+": 1, "not yet": 1}
    assert dist["within_rule"].tolist() == [True, True, True, False, False, False, False, False]


# Weeks, load, peers


def test_recent_weeks():
    assert recent_weeks(date(2026, 11, 13), date(2026, 10, 28)) == [
        date(2026, 10, 26),
        date(2026, 11, 2),
        date(2026, 11, 9),
    ]
    assert len(recent_weeks(date(2026, 11, 13), date(2026, 1, 1), max_weeks=16)) == 16


def test_visits_this_week_run_from_monday_to_the_as_of_date():
    rows = visits(("2026-11-08", None), ("2026-11-09", None), ("2026-11-13", None), ("2026-11-14", None))
    assert visits_this_week(rows, AS_OF) == 2


def test_heat_map_rows_most_overdue_first_with_marks():
    status = teacher_status(teachers(("A", None, "2026-11-12"), ("B", None, None)), AS_OF, CADENCE)
    rows = visits(("2026-11-12", None)).assign(teacher_id="A")
    heat = heat_map(status, rows, [date(2026, 11, 2), date(2026, 11, 9)])
    assert heat.counts.index.tolist() == ["⚠ Ann B · never", "Ann A · 1/14 d"]
    assert heat.counts.values.tolist() == [[0, 0], [0, 1]]
    assert from_first_visit([date(2026, 11, 2), date(2026, 11, 9)], rows) == [date(2026, 11, 9)]


def test_observer_load_per_week_and_share():
    rows = visits(("2026-11-03", None), ("2026-11-10", None), ("2026-11-11", None), ("2026-11-12", None))
    rows = rows.assign(observer_id=["P", "P", "P", "C"], observer_name=["Pat", "Pat", "Pat", "Cy"])
    rows = rows.assign(observer_role=["principal", "principal", "principal", "coach"])
    load = observer_load(rows, [date(2026, 11, 2), date(2026, 11, 9)], {"101": "Maple"})
    assert load[["observer", "role", "per_week", "visits", "share"]].values.tolist() == [
        ["Pat", "Principal", [1, 2], 3, 75.0],
        ["Cy", "Coach", [0, 1], 1, 25.0],
    ]


def test_peer_summary_counts_observers_and_colleagues():
    rows = visits(("2026-10-01", None), ("2026-10-08", None), ("2026-10-09", None))
    rows = rows.assign(
        teacher_id=["T2", "T3", "T1"], observer_id=["T1", "T1", "T2"], observer_name=["A", "A", "B"]
    )
    peer = peer_summary(rows, 10, {"101": "Maple"})
    assert (peer.visits, peer.observers) == (3, 2)
    assert peer.table[["observer", "peer_visits", "colleagues_observed"]].values.tolist() == [
        ["A", 2, 2],
        ["B", 1, 1],
    ]


# Rubric: aggregates over at least 5 teachers only


def rubric_rows(*rows):
    frame = pd.DataFrame(rows, columns=["component", "month", "teachers", "ratings", "average_rating"])
    return frame.assign(month=pd.to_datetime(frame["month"]))


def test_component_over_fewer_than_5_teachers_is_hidden():
    rows = rubric_rows(("1a", None, 5, 6, 2.5), ("2b", None, 4, 9, 3.0), ("1a", "2026-09-01", 5, 6, 2.5))
    assert component_averages(rows)["component"].tolist() == ["1a"]
    assert hidden_components(rows) == ["2b"]
    assert monthly_averages(rows)["component"].tolist() == ["1a"]


def test_single_hidden_month_hides_the_smallest_other_month_too():
    rows = rubric_rows(
        ("1a", None, 14, 20, 2.5),
        ("1a", "2026-09-01", 3, 3, 1.0),  # under 5: hidden
        ("1a", "2026-10-01", 6, 7, 2.6),  # smallest shown month: hidden too, or Sep could be worked out
        ("1a", "2026-11-01", 8, 10, 2.9),
    )
    months = monthly_averages(rows)
    assert months["hidden"].tolist() == [True, True, False]
    assert months["average_rating"].isna().tolist() == [True, True, False]


def test_months_all_at_or_over_5_teachers_are_all_shown():
    rows = rubric_rows(
        ("1a", None, 9, 9, 2.5), ("1a", "2026-09-01", 5, 5, 2.0), ("1a", "2026-10-01", 5, 5, 3.0)
    )
    assert monthly_averages(rows)["average_rating"].tolist() == [2.0, 3.0]


# Tiles


def test_tiles_carry_units_time_frame_and_change():
    now = status_of(("A", None, "2026-11-12"), ("B", None, None))
    before = status_of(("A", None, "2026-10-01"), ("B", None, None), as_of=date(2026, 10, 30))
    no_feedback = visits()
    figures = [
        Figures(
            day, coverage_summary(frame, CADENCE), feedback_summary(no_feedback, day, THANKSGIVING), count
        )
        for day, frame, count in ((AS_OF, now, 3), (date(2026, 10, 30), before, 5))
    ]
    coverage, overdue, _, feedback, week = headline_tiles(*figures, CADENCE)
    assert (coverage.value, coverage.delta, coverage.delta_description) == ("50%", "+50 pts", "vs Oct 30")
    assert coverage.detail.startswith("1 of 2 teachers had a counted visit in their cycle: the last 14 days")
    assert (overdue.value, overdue.delta, overdue.delta_color) == ("1", "-1", "inverse")
    assert (feedback.value, feedback.delta) == ("—", None)
    assert (week.value, week.delta, week.delta_description) == ("3", "-2", "vs Oct 26-30")


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (5.4, "pts", "+5 pts"),
        (-2, "", "-2"),
        (0, "days", "0 days"),
        (math.nan, "pts", None),
        (math.inf, "", None),
    ],
)
def test_signed_changes(value, unit, text):
    assert signed(value, unit) == text


def test_day_range_across_a_month():
    assert day_range(date(2026, 10, 26), date(2026, 11, 1)) == "Oct 26-Nov 1"
    assert day_range(date(2026, 11, 2), date(2026, 11, 2)) == "Nov 2"


# The queries over a small store


STORE = {
    "schools.csv": "school_id,school_name\n101,Maple\n201,River\n",
    "staff.csv": (
        "staff_id,school_id,first_name,last_name,role,start_date\n"
        "P1,101,Pat,Lee,principal,2005-08-01\nC1,101,Cy,Ray,coach,2005-08-01\n"
        "T1,101,Ann,Ames,teacher,2010-08-01\nT2,101,Bo,Bell,teacher,2026-08-10\n"
        "T3,101,Cal,Cruz,teacher,\nT4,201,Di,Dunn,teacher,2010-08-01\n"
        "T5,101,Eve,Eng,teacher,2026-12-01\n"
    ),
    "sections.csv": (
        "section_id,school_id,teacher_id,section_name,grade_level\n"
        "S1,101,T1,3A,3\nS2,101,T2,4A,4\nS3,101,T3,3B,3\nS4,201,T4,7A,7\nS5,101,T5,3C,3\n"
    ),
    "observations.csv": (
        "observation_id,teacher_id,observer_id,observed_on,observation_type,feedback_on\n"
        "O1,T1,P1,2026-11-10,walkthrough,2026-11-10\nO2,T1,C1,2026-10-20,formal,2026-10-23\n"
        "O3,T2,C1,2026-11-04,informal,\nO4,T3,T1,2026-11-12,peer,\n"
        "O5,T4,P1,2026-11-12,walkthrough,\nO6,T2,P1,2026-10-28,walkthrough,2026-10-28\n"
    ),
    "observation_ratings.csv": "observation_id,component,rating\nO2,1a,3\nO3,1a,2\n",
}
SCHOOLS = (("101", "Maple"), ("201", "River"))


@pytest.fixture
def small_store(database, write_csv):
    from lib.importing.importer import import_files

    report = import_files(database, [write_csv(name, text) for name, text in STORE.items()])
    assert report.ok, report.text()
    return database


def report_for(database, view=None, **filters):
    from lib.core.filters import Filters
    from lib.core.scope import Scope
    from lib.observations.view import ObservationChoice, coverage_report

    chosen = Filters(**({"school_id": "101", "as_of": AS_OF} | filters))
    in_view = tuple((school_id, name) for school_id, name in SCHOOLS if chosen.school_id in (None, school_id))
    leader = Scope.whole_district(school_id for school_id, _ in in_view)  # every teacher by name
    return coverage_report(database, chosen, in_view, None, view or ObservationChoice(), leader)


def test_report_counts_teachers_on_staff_and_ignores_peer_visits(small_store):
    report = report_for(small_store)
    # T1 seen Nov 10 (in cycle); T2, first year, seen Nov 4 (9 > 7 days); T3 only had a peer
    # visit: never observed. T5 starts in December. As of Oct 30: T1 (10 days) and T2 (2 days).
    assert report.visit_next["staff_id"].tolist() == ["T3", "T2", "T1"]
    coverage, overdue = report.tiles[:2]
    assert (coverage.value, coverage.delta, overdue.value) == ("33%", "-33 pts", "2")
    assert (report.peer.visits, report.peer.observers) == (1, 1)


def test_report_type_role_and_grade_filters(small_store):
    from lib.observations.view import ObservationChoice

    def covered(**choices):
        return report_for(small_store, ObservationChoice(**choices)).tiles[0].value

    assert covered(types=("formal",)) == "0%"  # T1's formal visit was Oct 20
    assert covered(roles=("coach",)) == "0%"
    assert covered(types=("walkthrough",)) == "33%"
    assert report_for(small_store, grades=("4",)).visit_next["staff_id"].tolist() == ["T2"]


def test_report_last_visit_details_and_waiting_feedback(small_store):
    report = report_for(small_store)
    first_year = report.visit_next.set_index("staff_id").loc["T2"]
    assert (first_year["last_observer"], first_year["last_observation_type"]) == ("Cy Ray", "Informal")
    assert report.waiting[["teacher_name", "status"]].values.tolist() == [["Bo Bell", "⚠ Late"]]


def test_report_hides_rubric_ratings_of_two_teachers(small_store):
    report = report_for(small_store)
    assert report.rubric_components.empty and report.rubric_monthly.empty
    assert report.rubric_hidden == ["1a"]


def test_district_report_has_a_row_per_school(small_store):
    report = report_for(small_store, school_id=None)
    assert report.schools[["school", "teachers", "observed"]].values.tolist() == [
        ["Maple", 3, 1],
        ["River", 1, 1],
    ]


# Many schools at once: the same days as lib/core/school_days.py and the goal board's deadlines


def test_school_calendar_agrees_with_the_goal_board_deadline_and_school_days():
    from lib.core.school_days import school_days_after
    from lib.goals.series import feedback_deadlines
    from lib.observations.calendar import SchoolCalendar

    days_off = THANKSGIVING | {"201": frozenset({date(2026, 11, 16)})}
    starts = pd.Series(pd.date_range("2026-11-06", "2026-11-30"))
    for school in ("101", "201"):
        schools = pd.Series(school, index=starts.index)
        calendar = SchoolCalendar.build(["101", "201"], days_off, date(2026, 11, 1), date(2026, 12, 31))
        expected = feedback_deadlines(starts, days_off[school])
        assert calendar.add_school_days(schools, starts, 2).dt.date.tolist() == expected.tolist()
        ends = starts + pd.Timedelta(days=5)
        counted = calendar.school_days_after(schools, starts, ends).tolist()
        assert counted == [
            school_days_after(s.date(), e.date(), days_off[school]) for s, e in zip(starts, ends, strict=True)
        ]


def test_cadence_defaults_to_14_and_7_days_when_unset():
    assert cadence_from_env({}) == Cadence(14, 7)
    assert cadence_from_env(
        {"SCHOOL_GOALS_CYCLE_DAYS": " ", "SCHOOL_GOALS_FIRST_YEAR_CYCLE_DAYS": ""}
    ) == Cadence(14, 7)


def test_cadence_reads_the_district_defaults_from_the_environment():
    environ = {"SCHOOL_GOALS_CYCLE_DAYS": "10", "SCHOOL_GOALS_FIRST_YEAR_CYCLE_DAYS": "5"}
    assert cadence_from_env(environ) == Cadence(10, 5)


@pytest.mark.parametrize("raw", ["0", "91", "two weeks", "-3", "7.5"])
def test_a_bad_cadence_setting_names_the_variable_and_its_value(raw):
    with pytest.raises(ValueError, match=rf"SCHOOL_GOALS_CYCLE_DAYS must be .* set to '{re.escape(raw)}'"):
        cadence_from_env({"SCHOOL_GOALS_CYCLE_DAYS": raw})
