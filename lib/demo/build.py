"""The demo district "Riverbend Unified": CSV files that follow the contract, and loading them.

`write_demo_files` writes one CSV per contract table (UTF-8, exactly the contract's
headers, dates YYYY-MM-DD, flags Y/N, blank when missing); `load_demo` writes them and
imports them. The same (seed, schools, students, today) always gives byte-identical files.

Facts that pages and tests rely on (defaults: 3 schools, seed 2026):

Dates. `today` defaults to date.today(). The semester shown is the latest one that began
before `today`: fall runs from the third Monday of August to the Friday of MLK week (the
third full week of January), spring from the next Monday to the first Friday of June; in
the summer it is the spring just ended. Logs, observations and feedback run from the
semester's first day to the day before `today` (or the semester's last day), never later.
calendar.csv lists the school year's weekday days off, blank school_id for the district:
Labor Day, Thanksgiving Wed-Fri, winter break Dec 21 - Jan 1, MLK Day, Presidents' Day,
spring break (week of the second Monday of March), Memorial Day; plus one professional
day per school per semester (a Monday or Friday in October and in April). No reading log
falls on a day off; weekends have fewer logs than school days.

Schools. Kinds repeat elementary (K-5), middle (6-8), high (9-12) with ids "101", "201",
"301", "102", ...; default sizes 596, 702 and 1,104 students: "101" Maple Grove
Elementary, "201" Riverbend Middle School, "301" Riverbend High School. `students`
spreads that many students over the schools in the same proportions (at least 10 each).

People. Leaders "P101" (principal), "A101" (assistant principal), "C101" (coach);
teachers "T0001", ... each with one homeroom ("HR-101-3A": "Grade 3 – Ms. Rivera", at
most 26 students; "HR-201-7B": "Advisory 7B – Mr. Chen", at most 24) except three
elementary specialists; 2-3 first-year teachers per school (start_date a week before the
fall semester). Students "0001001", ... (seven digits, leading zeros) in a homeroom of
their grade; about 10% English learners, 14% special education, 3% section 504, 50%
economically disadvantaged; 5-10 per school enter during the semester, 4-8 leave.

Reading (lib.demo.reading). About 8% of students never log; 2-3 classes per school fade
in the last three weeks. Each elementary school runs a books challenge, "Read 50,000
books this semester" (G101-BOOKS) at the default size: 3% ahead of the even pace for the
first 60% of the school days so far, then slipping so that the recent rate, kept up,
ends near 88% of target. Goal G201-MINUTES is set on track (95% of the pace so far).

Scores (lib.demo.scores): last year's BOY/MOY/EOY and this year's ended windows; English
learner gaps that narrow, a math gap for economically disadvantaged students that widens.
Sign-in (access.csv): district.office@riverbend.example.org has district access and
screen.101@riverbend.example.org the first school's staff-meeting screen; everyone else signs in
by their staff.csv email and role (principal P101's email, for example, sees school 101 with names).

Observations (lib.demo.observations): two never-observed teachers per school, feedback
blank only when it would come on or after `today`. Goals (lib.demo.goals): every metric.

For today = 2026-11-22 (a Sunday): fall semester 2026-08-17 to 2027-01-22, school year
"2026-2027", logs through 2026-11-21; school 101 has 99 school days in the semester, 68
of them through Friday 2026-11-20, so the even pace expects 34,343 books by then and the
school has about 32,000 (93%), about 370 a school day lately against 578 needed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from lib.core.contract import TABLES
from lib.demo.goals import goals_table
from lib.demo.learning import mentoring, mentoring_meetings, pd_attendance, pd_sessions, ratings_after_pd
from lib.demo.observations import observation_ratings, observations
from lib.demo.people import schools_table, staff_and_sections
from lib.demo.plan import DistrictPlan, calendar_table, plan_district
from lib.demo.reading import reading_logs
from lib.demo.scores import assessments
from lib.demo.students import students_table


def demo_tables(plan: DistrictPlan) -> dict[str, pd.DataFrame]:
    """Return every contract table of the demo district, in load order (extra columns allowed)."""
    staff, sections = staff_and_sections(list(plan.schools), plan.semester, plan.seed)
    data_days = {s.school_id: plan.school_days_so_far(s.school_id) for s in plan.schools}
    students = students_table(list(plan.schools), sections, plan.semester, data_days, plan.seed)
    logs = reading_logs(list(plan.schools), students, plan.calendars, plan.seed)
    visits = observations(plan, staff)
    sessions, pairs = pd_sessions(plan), mentoring(plan, staff)
    attendance = pd_attendance(plan, sessions, staff)
    ratings = ratings_after_pd(plan, observation_ratings(plan, visits), visits, sessions, attendance)
    return {
        "schools": schools_table(list(plan.schools)),
        "staff": staff,
        "sections": sections,
        "students": students,
        "reading_logs": logs,
        "assessments": assessments(plan, students),
        "observations": visits,
        "observation_ratings": ratings,
        "pd_sessions": sessions,
        "pd_attendance": attendance,
        "mentoring": pairs,
        "mentoring_meetings": mentoring_meetings(plan, pairs, staff),
        "calendar": calendar_table(plan),
        "goals": goals_table(plan, staff, logs, students),
        "access": access_table(plan),
    }


def access_table(plan: DistrictPlan) -> pd.DataFrame:
    """access.csv: the district office (every school, with names) and the first school's
    staff-meeting screen. Everyone else signs in through their staff.csv role."""
    first = plan.schools[0].school_id
    return pd.DataFrame(
        {
            "email": ["district.office@riverbend.example.org", f"screen.{first}@riverbend.example.org"],
            "access": ["district", "display"],
            "school_id": [None, first],
        }
    )


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the frame with dates as YYYY-MM-DD text (missing dates stay missing)."""
    dates = frame.select_dtypes(include="datetime").columns
    return frame.assign(**{name: frame[name].dt.strftime("%Y-%m-%d") for name in dates})


def _write_small(frame: pd.DataFrame, path: Path) -> None:
    _as_text(frame).to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def _write_large(frame: pd.DataFrame, path: Path) -> None:
    """Write with pyarrow, quoting nothing; pyarrow refuses a value that would need quotes."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    for name in table.column_names:
        kind = table.schema.field(name).type
        if pa.types.is_dictionary(kind) or pa.types.is_timestamp(kind):
            target = pa.date32() if pa.types.is_timestamp(kind) else pa.string()
            table = table.set_column(table.column_names.index(name), name, table.column(name).cast(target))
    with pa.OSFile(str(path), "wb") as sink:
        sink.write((",".join(frame.columns) + "\n").encode("utf-8"))
        pa_csv.write_csv(table, sink, pa_csv.WriteOptions(include_header=False, quoting_style="none"))


def write_table(frame: pd.DataFrame, name: str, out_dir: Path) -> Path:
    """Write one table as out_dir/<name>.csv with exactly the contract's columns; return the path."""
    path = out_dir / f"{name}.csv"
    columns = list(TABLES[name].column_names)
    writer = _write_large if name == "reading_logs" else _write_small
    writer(frame[columns], path)
    return path


def write_demo_files(
    out_dir: Path, schools: int = 3, students: int | None = None, seed: int = 2026, today: date | None = None
) -> list[Path]:
    """Write the demo district's CSV files into out_dir (created if missing); return their paths.

    One file per contract table, in the contract's load order. `students` is the total
    across all schools (default: about 2,400 for 3 schools); `today` anchors every date.
    """
    plan = plan_district(schools, students, seed, today or date.today())
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [write_table(frame, name, out_dir) for name, frame in demo_tables(plan).items()]


def load_demo(out_dir: Path, **options: Any) -> Any:
    """Write the demo files into out_dir and import them the way every import goes (a copy of
    the store at SCHOOL_GOALS_DB, published by an atomic rename); return the ImportReport.

    `options` are write_demo_files' (schools, students, seed, today).
    """
    from lib.importing.publish import DEMO, import_batch

    return import_batch(write_demo_files(out_dir, **options), via=DEMO)
