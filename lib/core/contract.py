"""The CSV import contract: which files, which columns, which rules.

This module is the single source of truth for the contract written up in
`data/README.md`; the importer, the templates and the demo generator all read it.
"""

from __future__ import annotations

from dataclasses import dataclass

RACE_ETHNICITY = (
    "American Indian or Alaska Native",
    "Asian",
    "Black or African American",
    "Hispanic or Latino",
    "Native Hawaiian or Pacific Islander",
    "White",
    "Two or More Races",
)
SEXES = ("F", "M", "X")
GRADES = ("PK", "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12")
# CEDS grade codes the dashboard has no grade of its own for: kept as given (a OneRoster roster's
# transitional kindergarten, ungraded students...), shown under their own names.
OTHER_GRADES = ("IT", "PR", "TK", "13", "PS", "UG", "Other")
GRADE_ORDER = ("IT", "PR", "PK", "TK", "K", *GRADES[2:], "13", "PS", "UG", "Other")
STAFF_ROLES = ("teacher", "coach", "assistant_principal", "principal", "other")
# access.csv grants (lib/access/rules.py says what each allows).
ACCESS_KINDS = ("district", "school", "data", "display")
OBSERVATION_TYPES = ("walkthrough", "informal", "formal", "peer")
WINDOWS = ("BOY", "MOY", "EOY")
FLAG_SUBGROUPS = (
    "english_learner",
    "special_education",
    "section_504",
    "economically_disadvantaged",
)
CUMULATIVE_METRICS = ("books_read", "minutes_read")
LEVEL_METRICS = (
    "reading_participation",
    "percent_proficient",
    "proficiency_gap",
    "observation_coverage",
    "feedback_within_2_days",
    "pd_hours",
    "mentoring_meetings",
)
GOAL_METRICS = CUMULATIVE_METRICS + LEVEL_METRICS
SUBGROUPS = FLAG_SUBGROUPS + tuple(f"sex:{s}" for s in SEXES) + tuple(f"race:{r}" for r in RACE_ETHNICITY)


@dataclass(frozen=True)
class Column:
    """One column of a CSV file and the rule its values follow.

    `kind` is one of: id, text, date, int, number, yn, grade, choice, school_year,
    window, subgroup. `low`/`high` bound int and number kinds (inclusive);
    `choices` lists the allowed values of a choice kind.
    """

    name: str
    kind: str
    required: bool = False
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    default: str | None = None


@dataclass(frozen=True)
class Reference:
    """A column whose value must exist as a key of another table (in the batch or the database)."""

    column: str
    table: str
    target_column: str
    optional: bool = False  # blank is allowed


@dataclass(frozen=True)
class Table:
    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    references: tuple[Reference, ...] = ()
    description: str = ""
    # The file is the whole list (access.csv): an import of it also removes the stored rows it
    # no longer has (kept in the history, so an undo puts them back). Other files only add and update.
    whole_list: bool = False

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _c(name: str, kind: str, required: bool = False, **kw) -> Column:
    return Column(name, kind, required, **kw)


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "schools",
            ("school_id",),
            (
                _c("school_id", "id", True),
                _c("school_name", "text", True),
                _c("district_name", "text"),
            ),
            description="One row per school.",
        ),
        Table(
            "staff",
            ("staff_id",),
            (
                _c("staff_id", "id", True),
                _c("school_id", "id", True),
                _c("first_name", "text", True),
                _c("last_name", "text", True),
                _c("role", "choice", True, choices=STAFF_ROLES),
                _c("start_date", "date"),
                _c("email", "text"),
            ),
            (Reference("school_id", "schools", "school_id"),),
            "Teachers, coaches and leaders. start_date marks first-year teachers.",
        ),
        Table(
            "sections",
            ("section_id",),
            (
                _c("section_id", "id", True),
                _c("school_id", "id", True),
                _c("teacher_id", "id", True),
                _c("section_name", "text", True),
                _c("grade_level", "grade"),
            ),
            (
                Reference("school_id", "schools", "school_id"),
                Reference("teacher_id", "staff", "staff_id"),
            ),
            "Classes and homerooms, each with its teacher.",
        ),
        Table(
            "students",
            ("student_id",),
            (
                _c("student_id", "id", True),
                _c("school_id", "id", True),
                _c("grade_level", "grade", True),
                _c("homeroom_section_id", "id"),
                _c("first_name", "text"),
                _c("last_name", "text"),
                _c("sex", "choice", choices=SEXES),
                _c("race_ethnicity", "choice", choices=RACE_ETHNICITY),
                _c("english_learner", "yn"),
                _c("special_education", "yn"),
                _c("section_504", "yn"),
                _c("economically_disadvantaged", "yn"),
                _c("entry_date", "date"),
                _c("exit_date", "date"),
            ),
            (
                Reference("school_id", "schools", "school_id"),
                Reference("homeroom_section_id", "sections", "section_id", optional=True),
            ),
            "Enrolled students. A student counts only between entry_date and exit_date.",
        ),
        Table(
            "reading_logs",
            ("log_id",),
            (
                _c("log_id", "id"),
                _c("student_id", "id", True),
                _c("log_date", "date", True),
                _c("minutes", "int", True, low=0, high=600),
                _c("books", "int", low=0, high=50, default="0"),
                _c("title", "text"),
            ),
            (Reference("student_id", "students", "student_id"),),
            "Reading logs. Without log_id, a row is identified by its content.",
        ),
        Table(
            "assessments",
            ("student_id", "subject", "school_year", "window"),
            (
                _c("student_id", "id", True),
                _c("subject", "text", True),
                _c("school_year", "school_year", True),
                _c("window", "choice", True, choices=WINDOWS),
                _c("performance_level", "int", True, low=1, high=4),
                _c("scale_score", "number"),
                _c("test_date", "date"),
            ),
            (Reference("student_id", "students", "student_id"),),
            "Benchmark results; performance level 3 and 4 count as proficient.",
        ),
        Table(
            "observations",
            ("observation_id",),
            (
                _c("observation_id", "id", True),
                _c("teacher_id", "id", True),
                _c("observer_id", "id", True),
                _c("observed_on", "date", True),
                _c("observation_type", "choice", True, choices=OBSERVATION_TYPES),
                _c("duration_minutes", "int", low=0, high=600),
                _c("feedback_on", "date"),
                _c("focus", "text"),
            ),
            (
                Reference("teacher_id", "staff", "staff_id"),
                Reference("observer_id", "staff", "staff_id"),
            ),
            "Classroom visits and when feedback was given.",
        ),
        Table(
            "observation_ratings",
            ("observation_id", "component"),
            (
                _c("observation_id", "id", True),
                _c("component", "text", True),
                _c("rating", "int", True, low=1, high=4),
            ),
            (Reference("observation_id", "observations", "observation_id"),),
            "Rubric ratings per observation and component.",
        ),
        Table(
            "pd_sessions",
            ("session_id",),
            (
                _c("session_id", "id", True),
                _c("school_id", "id"),
                _c("title", "text", True),
                _c("date", "date", True),
                _c("hours", "number", True, low=0, high=40),
                _c("focus", "text"),
            ),
            (Reference("school_id", "schools", "school_id", optional=True),),
            "Professional development sessions (blank school_id: district-wide); focus is the rubric "
            "component or goal the session serves.",
        ),
        Table(
            "pd_attendance",
            ("session_id", "staff_id"),
            (
                _c("session_id", "id", True),
                _c("staff_id", "id", True),
                _c("attended", "yn", True),
            ),
            (
                Reference("session_id", "pd_sessions", "session_id"),
                Reference("staff_id", "staff", "staff_id"),
            ),
            "Who was expected at a PD session, and whether they came.",
        ),
        Table(
            "mentoring",
            ("mentor_id", "mentee_id"),
            (
                _c("mentor_id", "id", True),
                _c("mentee_id", "id", True),
                _c("start_date", "date", True),
                _c("end_date", "date"),
            ),
            (
                Reference("mentor_id", "staff", "staff_id"),
                Reference("mentee_id", "staff", "staff_id"),
            ),
            "Mentor and mentee pairs (blank end_date: still paired).",
        ),
        Table(
            "mentoring_meetings",
            ("mentor_id", "mentee_id", "date"),
            (
                _c("mentor_id", "id", True),
                _c("mentee_id", "id", True),
                _c("date", "date", True),
                _c("minutes", "int", low=0, high=600),
                _c("topic", "text"),
            ),
            (
                Reference("mentor_id", "staff", "staff_id"),
                Reference("mentee_id", "staff", "staff_id"),
            ),
            "Meetings of a mentoring pair, within the pair's dates.",
        ),
        Table(
            "calendar",
            ("school_id", "date"),
            (
                _c("school_id", "id"),
                _c("date", "date", True),
                _c("description", "text"),
            ),
            (Reference("school_id", "schools", "school_id", optional=True),),
            "Days with no school. Blank school_id means every school.",
        ),
        Table(
            "goals",
            ("goal_id",),
            (
                _c("goal_id", "id", True),
                _c("school_id", "id", True),
                _c("title", "text", True),
                _c("metric", "choice", True, choices=GOAL_METRICS),
                _c("target", "number", True, low=0),
                _c("start_date", "date", True),
                _c("end_date", "date", True),
                _c("subject", "text"),
                _c("grade_level", "grade"),
                _c("subgroup", "subgroup"),
                _c("owner", "text"),
            ),
            (Reference("school_id", "schools", "school_id"),),
            "Goals and their targets.",
        ),
        Table(
            "access",
            ("email", "access", "school_id"),
            (
                _c("email", "text", True),
                _c("access", "choice", True, choices=ACCESS_KINDS),
                _c("school_id", "id"),
            ),
            (Reference("school_id", "schools", "school_id", optional=True),),
            "Optional: who may sign in with which access, one row per grant (blank school_id: every "
            "school). An email listed here gets exactly these rows; staff.csv roles are not used for it. "
            "The file is the whole list: a grant left out of a new access.csv is taken away.",
            whole_list=True,
        ),
    )
}

# Files load in this order so that references resolve within one batch.
LOAD_ORDER: tuple[str, ...] = tuple(TABLES)
