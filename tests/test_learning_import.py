"""Professional learning files (issue 17): PD sessions, attendance, mentoring pairs and their
meetings import all or nothing, and each rule refuses its row by file, line and column."""

from __future__ import annotations

from lib.importing.history import undo_import
from lib.importing.importer import import_files

SCHOOLS = "school_id,school_name\n0101,Maple Grove Elementary\n"
STAFF = (
    "staff_id,school_id,first_name,last_name,role,start_date\n"
    "T1,0101,Maria,Rivera,teacher,2026-08-10\n"
    "T2,0101,Liam,Chen,teacher,2012-08-15\n"
    "P1,0101,Ada,Okafor,principal,2015-07-01\n"
)
SESSIONS = (
    "session_id,school_id,title,date,hours,focus\n"
    "PD1,0101,Questioning that deepens discussion,2026-10-09,3,3b\n"
    'PD2,,District literacy day,2026-09-25,6,"Read 50,000 books"\n'
)
ATTENDANCE = "session_id,staff_id,attended\nPD1,T1,Y\nPD1,T2,N\nPD2,T1,Y\n"
MENTORING = "mentor_id,mentee_id,start_date,end_date\nT2,T1,2026-08-17,2027-06-04\n"
MEETINGS = "mentor_id,mentee_id,date,minutes,topic\nT2,T1,2026-08-20,30,Routines\nT2,T1,2026-09-03,25,\n"


def batch(write_csv, **files: str):
    base = {
        "schools.csv": SCHOOLS,
        "staff.csv": STAFF,
        "pd_sessions.csv": SESSIONS,
        "pd_attendance.csv": ATTENDANCE,
        "mentoring.csv": MENTORING,
        "mentoring_meetings.csv": MEETINGS,
    }
    named = {**base, **{name.replace("_csv", ".csv"): text for name, text in files.items()}}
    return [write_csv(name, text) for name, text in named.items() if text is not None]


def problems(report) -> list[str]:
    return [p.text() for p in report.problems]


def test_the_four_files_import_and_a_blank_school_means_district_wide(database, write_csv):
    report = import_files(database, batch(write_csv))
    assert report.ok, report.text()
    sessions = database.sql(
        "SELECT session_id, school_id, hours FROM pd_sessions ORDER BY session_id"
    ).values.tolist()
    assert sessions == [["PD1", "0101", 3.0], ["PD2", "", 6.0]]
    assert database.scalar("SELECT count(*) FILTER (attended) FROM pd_attendance") == 2
    assert database.scalar("SELECT count(*) FROM mentoring_meetings") == 2


def test_attendance_of_an_unknown_staff_member_or_session_is_refused(database, write_csv):
    attendance = ATTENDANCE + "PD1,T9,Y\nPD7,T1,N\n"
    report = import_files(database, batch(write_csv, pd_attendance_csv=attendance))
    assert sorted(problems(report)) == [
        'pd_attendance.csv, line 5, column staff_id: "T9" is not a known staff member: no staff_id T9 in this batch or the database',
        'pd_attendance.csv, line 6, column session_id: "PD7" is not a known PD session: no session_id PD7 in this batch or the database',
    ]
    assert database.scalar("SELECT count(*) FROM staff") == 0


def test_a_mentee_mentoring_themself_is_refused(database, write_csv):
    report = import_files(
        database,
        batch(write_csv, mentoring_csv=MENTORING + "T1,T1,2026-08-17,\n", mentoring_meetings_csv=None),
    )
    assert problems(report) == [
        'mentoring.csv, line 3, column mentee_id: "T1" is the mentor too: a teacher can\'t mentor themself'
    ]


def test_a_meeting_outside_the_pairs_dates_or_of_no_pair_is_refused(database, write_csv):
    meetings = MEETINGS + "T2,T1,2026-08-14,30,\nT2,T1,2027-06-07,30,\nP1,T1,2026-09-10,20,\n"
    report = import_files(database, batch(write_csv, mentoring_meetings_csv=meetings))
    assert problems(report) == [
        'mentoring_meetings.csv, line 4, column date: "2026-08-14" is outside the pair\'s mentoring dates (2026-08-17 to 2027-06-04)',
        'mentoring_meetings.csv, line 5, column date: "2027-06-07" is outside the pair\'s mentoring dates (2026-08-17 to 2027-06-04)',
        "mentoring_meetings.csv, line 6, column mentee_id: is not a mentoring pair (mentor_id + mentee_id) in mentoring.csv or the database",
    ]


def test_a_meeting_is_checked_against_the_stored_pair(database, write_csv):
    assert import_files(database, batch(write_csv, mentoring_meetings_csv=None)).ok
    later = write_csv(
        "mentoring_meetings.csv",
        "mentor_id,mentee_id,date,minutes,topic\nT2,T1,2026-08-01,30,\nT2,T1,2026-11-02,30,\n",
    )
    report = import_files(database, [later])
    assert problems(report) == [
        'mentoring_meetings.csv, line 2, column date: "2026-08-01" is outside the pair\'s mentoring dates (2026-08-17 to 2027-06-04)'
    ]


def test_hours_beyond_a_working_week_are_refused(database, write_csv):
    report = import_files(database, batch(write_csv, pd_sessions_csv=SESSIONS.replace(",3,3b", ",45,3b")))
    assert problems(report) == ['pd_sessions.csv, line 2, column hours: "45" must be a number from 0 to 40']


def test_an_import_of_learning_files_can_be_undone(database, write_csv):
    first = import_files(database, batch(write_csv, pd_sessions_csv=None, pd_attendance_csv=None))
    assert first.ok, first.text()
    second = import_files(
        database, [write_csv("pd_sessions.csv", SESSIONS), write_csv("pd_attendance.csv", ATTENDANCE)]
    )
    assert second.ok, second.text()
    undo_import(database, second.import_id)
    assert database.scalar("SELECT count(*) FROM pd_sessions") == 0
    assert database.scalar("SELECT count(*) FROM mentoring") == 1
