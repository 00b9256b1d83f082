"""The reading page's tables: by grade, by homeroom class, by school, and the district's goals.

Student tables come out protected (lib.reading.groups.protect_nested, with the page's
lib.reading.nesting.Nesting: a small group hidden, and whatever would let one be worked out) and are shown through
`display_table`: numbers where shown (so columns sort as numbers), the privacy label in
the cells the pass hid or coded, and a copy of each percent for a progress bar.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import pandas as pd

from lib.core.config import PrivacyPolicy
from lib.core.filters import grade_label, sort_grades
from lib.core.metrics import format_value
from lib.core.progress import GoalProgress
from lib.core.status import HIDDEN, STATUS_BADGES, status_rank
from lib.core.text import safe_csv
from lib.privacy.suppression import ProtectedTable
from lib.reading.groups import participation_summary, protect_nested
from lib.reading.nesting import Nesting, nest, school_cells

PERCENT_COLUMNS = ("week_percent", "window_percent", "not_logging_percent")
BAR_SUFFIX = "_bar"
FORMATS = {
    "students": "{:,.0f}",
    "total": "{:,.0f}",
    "per_student": "{:,.1f}",
    "week_percent": "{:.0f}%",
    "window_percent": "{:.0f}%",
    "not_logging_percent": "{:.0f}%",
    "percent_of_target": "{:.0f}%",
}
# The same, as st.column_config.NumberColumn formats, for columns that stay numbers.
NUMBER_FORMATS = {
    "students": "localized",
    "total": "localized",
    "per_student": "%.1f",
    "week_percent": "%.0f%%",
    "window_percent": "%.0f%%",
    "not_logging_percent": "%.0f%%",
}


def _in_grade_order(table: pd.DataFrame, grade_column: str, *then: str) -> pd.DataFrame:
    ranks = {grade: i for i, grade in enumerate(sort_grades(table[grade_column].dropna().unique()))}
    order = table.assign(_rank=table[grade_column].map(ranks)).sort_values(["_rank", *then], kind="stable")
    return order.drop(columns="_rank").reset_index(drop=True)


def grade_table(
    students: pd.DataFrame, unit: str, policy: PrivacyPolicy, nesting: Nesting | None = None
) -> ProtectedTable:
    """One row per grade (`grade`: 'Grade 3'), grades in school order, protected by `nesting`
    (default: one school's, lib.reading.nesting.school_cells)."""
    nesting = nesting or nest(school_cells(students), k=policy.min_group_size)
    table = _in_grade_order(participation_summary(students, ["grade_level"], unit), "grade_level")
    table.insert(1, "grade", [grade_label(g) for g in table["grade_level"]])
    return protect_nested(table, "grade_level", "grade", nesting, policy)


def class_table(
    students: pd.DataFrame, classes: pd.DataFrame, unit: str, policy: PrivacyPolicy, nesting: Nesting
) -> ProtectedTable:
    """One row per homeroom class with students on the roster, protected by `nesting`.

    Columns: section_id, class (section name), teacher, grade, then the summary.
    """
    summary = participation_summary(students, ["homeroom_section_id"], unit)
    named = classes.merge(summary, left_on="section_id", right_on="homeroom_section_id", how="inner")
    table = _in_grade_order(named, "grade_level", "section_name")
    teacher = table["teacher_first_name"].fillna("") + " " + table["teacher_last_name"].fillna("")
    table = pd.DataFrame(
        {
            "section_id": table["section_id"],
            "class": table["section_name"],
            "teacher": teacher.str.strip(),
            "grade": [grade_label(g) if isinstance(g, str) else "—" for g in table["grade_level"]],
            **{column: table[column] for column in summary.columns if column != "homeroom_section_id"},
        }
    )
    return protect_nested(table, "section_id", "class", nesting, policy)


def school_table(
    students: pd.DataFrame,
    school_names: Mapping[str, str],
    unit: str,
    policy: PrivacyPolicy,
    nesting: Nesting,
) -> ProtectedTable:
    """One row per school with students on the roster (`school`: its name), by name, protected by `nesting`."""
    table = participation_summary(students, ["school_id"], unit)
    table.insert(1, "school", [school_names.get(s, s) for s in table["school_id"]])
    table = table.sort_values("school", kind="stable").reset_index(drop=True)
    return protect_nested(table, "school_id", "school", nesting, policy)


def goal_table(
    goals: pd.DataFrame, progress: Mapping[str, GoalProgress], hidden: Collection[str] = ()
) -> pd.DataFrame:
    """The district's books and minutes goals: school, goal, read (with units), percent_of_target,
    status (a word), projected (with units); most worrying status first, then by school.
    `progress` is each goal's (lib.core.progress.goal_progress).

    A goal in `hidden` (it counts fewer than k students, or its total would let a smaller
    group be worked out: lib.reading.load) shows "hidden" and no numbers.
    """
    rows = []
    for row in goals.itertuples():
        shown = progress[row.goal_id]
        small = row.goal_id in hidden
        status = HIDDEN if small else shown.status
        rows.append(
            {
                "goal_id": row.goal_id,
                "school": row.school_name,
                "goal": row.title,
                "read": "hidden" if small else format_value(row.metric, shown.current),
                "percent_of_target": None if small else shown.percent_of_target,
                "status": STATUS_BADGES[status][0],
                "rank": status_rank(status),
                "projected": "hidden" if small else format_value(row.metric, shown.projected),
            }
        )
    table = pd.DataFrame(
        rows,
        columns=["goal_id", "school", "goal", "read", "percent_of_target", "status", "rank", "projected"],
    )
    return table.sort_values(["rank", "school"], kind="stable").drop(columns="rank").reset_index(drop=True)


def display_table(table: ProtectedTable, columns: Sequence[str]) -> tuple[pd.DataFrame, frozenset[str]]:
    """`columns` of the table for st.dataframe, each percent followed by a `<percent>_bar` copy
    for a progress bar; and the names of the columns shown as text.

    A column with nothing hidden or coded keeps its numbers (a click on the header sorts them
    as numbers; the page formats them with NUMBER_FORMATS). A column with any hidden or coded
    cell is shown as the privacy pass's labels ('n<10', 'fewer than 10', 'hidden', '>95%'),
    shown cells formatted with FORMATS: the real number never reaches the browser, and the
    cell says why it is missing (an empty number cell would only say "None"). A bar carries
    no more than its label does: none for a hidden rate, the bound for a coded one (">95%": 95).
    """
    shown = pd.DataFrame(index=table.values.index)
    text: set[str] = set()
    for column in columns:
        private = (table.suppressed[column] | table.coded[column]).to_numpy(dtype=bool)
        numeric = pd.api.types.is_numeric_dtype(table.values[column])
        if numeric and private.any():
            shape = FORMATS.get(column, "{}")
            shown[column] = [
                label if hidden else shape.format(value)
                for label, hidden, value in zip(
                    table.labels[column].astype(str), private, table.values[column], strict=True
                )
            ]
            text.add(column)
        else:
            shown[column] = table.values[column]
        if column in PERCENT_COLUMNS:
            # A coded rate's value is its bound (95 for ">95%"): the bar shows no more than that.
            hidden = table.suppressed[column].to_numpy(dtype=bool)
            shown[column + BAR_SUFFIX] = table.values[column].astype("float64").mask(hidden)
    return shown, frozenset(text)


def class_names(places: ProtectedTable) -> dict[str, str]:
    """section_id -> class name, in the table's order (for the class pickers)."""
    return dict(zip(places.values["section_id"], places.values["class"], strict=True))


def not_logging_rows(places: ProtectedTable) -> ProtectedTable:
    """The class table's rows by students not logging, most first; hidden counts last."""
    order = (
        places.values["not_logging_percent"]
        .astype("float64")
        .sort_values(ascending=False, na_position="last", kind="stable")
    )
    return places.rows(places.values.index.get_indexer(order.index))


def goal_display(goals: pd.DataFrame) -> pd.DataFrame:
    """The district goal table as shown (no ids)."""
    return goals.drop(columns="goal_id")


NAME_COLUMNS = {
    "student_id": "Student ID",
    "first_name": "First name",
    "last_name": "Last name",
    "grade_level": "Grade",
    "last_log": "Last reading log",
}


def names_table(names: pd.DataFrame) -> pd.DataFrame:
    """The not-logging list with readable headers; 'none on record' for a student who never logged."""
    shown = names[list(NAME_COLUMNS)].astype(object)
    # pd.NaT passes isinstance(day, date), so test for missing first (it would show "NaT").
    shown["last_log"] = ["none on record" if pd.isna(day) else day.isoformat() for day in names["last_log"]]
    return shown.rename(columns=NAME_COLUMNS)


def names_csv(names: pd.DataFrame) -> bytes:
    """The not-logging list as CSV (UTF-8 with a byte-order mark, so Excel shows accents); no
    cell a spreadsheet would run (lib.core.text.safe_csv)."""
    return safe_csv(names_table(names))
