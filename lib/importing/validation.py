"""SQL that turns a file's raw text columns into typed rows and lists what is wrong with them.

Table and column names come only from the contract (an allow-list, through `ident`);
every value, including the lists of allowed choices, is a bound parameter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lib.core.contract import OTHER_GRADES, SUBGROUPS, TABLES, Column, Table
from lib.core.metrics import PERCENT_METRICS

INTERNAL_NAMES = {"_file", "_source", "_line", "import_id", "replaced_by", "is_new"}
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y")
EARLIEST_YEAR, LATEST_YEAR = 1950, 2100


def ident(name: str) -> str:
    """Quote a table or column name that the contract (or the importer itself) defines."""
    known = set(TABLES) | {f"{t}_history" for t in TABLES} | INTERNAL_NAMES
    known |= {c for t in TABLES.values() for c in t.column_names}
    stem = re.sub(r"^(raw_|stage_|changes_)", "", name)
    if name not in known and stem not in known:
        raise ValueError(f"{name!r} is not a table or column of the contract")
    return '"' + name + '"'


def normal_key(text: str) -> str:
    """The form choices are matched in: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


@dataclass
class Sql:
    """SQL text with its named parameters, built up piece by piece."""

    params: dict[str, Any] = field(default_factory=dict)

    def bind(self, stem: str, value: Any) -> str:
        name = f"p{len(self.params)}_{stem}"
        self.params[name] = value
        return "$" + name


def blank_to_null(column: str) -> str:
    return f"NULLIF(trim({ident(column)}), '')"


def typed_expression(column: Column, sql: Sql) -> str:
    """SQL that parses the raw text of `column` into its type; NULL when it can't."""
    x = blank_to_null(column.name)
    if column.default is not None:
        x = f"COALESCE({x}, {sql.bind('default', column.default)})"
    kind = column.kind
    if kind == "date":
        formats = [f"try_strptime({x}, {sql.bind('fmt', f)})" for f in DATE_FORMATS]
        return f"CAST(COALESCE({', '.join(formats)}) AS DATE)"
    if kind == "int":
        return f"TRY_CAST({x} AS INTEGER)"
    if kind == "number":
        return f"TRY_CAST(replace({x}, ',', '') AS DOUBLE)"
    if kind == "yn":
        yes = sql.bind("yes", ["y", "yes", "true", "1"])
        no = sql.bind("no", ["n", "no", "false", "0"])
        key = f"lower({x})"
        return (
            f"CASE WHEN list_contains({yes}, {key}) THEN true WHEN list_contains({no}, {key}) THEN false END"
        )
    if kind == "grade":
        return _grade_expression(x, sql)
    if kind in ("choice", "subgroup"):
        return _choice_expression(x, column, sql)
    if kind == "school_year":
        return _school_year_expression(x)
    if column.name == "subject":
        return f"lower({x})"
    return x


def _grade_expression(x: str, sql: Sql) -> str:
    pre_k = sql.bind("prek", ["pk", "prek", "p", "pre k"])
    kinder = sql.bind("k", ["k", "kg", "kn", "kindergarten", "0", "00"])
    number = f"TRY_CAST({x} AS INTEGER)"
    other_keys = sql.bind("other_grade_keys", [g.upper() for g in OTHER_GRADES])
    others = sql.bind("other_grades", list(OTHER_GRADES))
    return (
        f"CASE WHEN list_contains({pre_k}, lower(replace({x}, '-', ' '))) THEN 'PK' "
        f"WHEN list_contains({kinder}, lower({x})) THEN 'K' "
        f"WHEN {number} BETWEEN 1 AND 12 THEN CAST({number} AS VARCHAR) "
        f"ELSE {others}[list_position({other_keys}, upper({x}))] END"
    )


def _choice_expression(x: str, column: Column, sql: Sql) -> str:
    choices = list(SUBGROUPS if column.kind == "subgroup" else column.choices)
    keys = sql.bind("keys", [normal_key(c) for c in choices])
    values = sql.bind("choices", choices)
    key = f"regexp_replace(lower({x}), '[^a-z0-9]', '', 'g')"
    return f"{values}[list_position({keys}, {key})]"


def _school_year_expression(x: str) -> str:
    first = f"TRY_CAST(left({x}, 4) AS INTEGER)"
    tail = f"TRY_CAST(split_part({x}, '-', 2) AS INTEGER)"
    return (
        f"CASE WHEN regexp_full_match({x}, '\\d{{4}}-\\d{{4}}') AND {tail} = {first} + 1 THEN {x} "
        f"WHEN regexp_full_match({x}, '\\d{{4}}-\\d{{2}}') AND {tail} = ({first} + 1) % 100 "
        f"THEN CAST({first} AS VARCHAR) || '-' || CAST({first} + 1 AS VARCHAR) END"
    )


def stage_select(table: Table, sql: Sql) -> str:
    """SELECT that reads raw_<table> into typed columns, keeping the raw text beside them."""
    typed = [f"{typed_expression(c, sql)} AS {ident(c.name)}" for c in table.columns]
    raw = [f"{ident(c.name)} AS {ident('raw_' + c.name)}" for c in table.columns]
    return f"SELECT _file, _line, {', '.join(typed)}, {', '.join(raw)} FROM {ident('raw_' + table.name)}"


def _describe(column: Column) -> str:
    kind = column.kind
    if kind == "date":
        return "must be a real date written YYYY-MM-DD or M/D/YYYY"
    if kind == "int":
        return f"must be a whole number from {column.low:g} to {column.high:g}"
    if kind == "number":
        bounded = column.low is not None and column.high is not None
        return f"must be a number from {column.low:g} to {column.high:g}" if bounded else "must be a number"
    if kind == "yn":
        return "must be Y or N (Yes/No, true/false and 1/0 also work)"
    if kind == "grade":
        return "must be a grade: PK, K or 1 to 12 (or a CEDS code: IT, PR, TK, 13, PS, UG, Other)"
    if kind == "school_year":
        return "must be a school year like 2026-2027 or 2026-27"
    if kind == "subgroup":
        return "must be a subgroup name from data/README.md, e.g. english_learner or race:Asian"
    return "must be one of: " + ", ".join(column.choices)


def column_checks(table: Table, sql: Sql) -> list[tuple[str, str, str]]:
    """(column, condition on the stage, message) for every per-value rule of the table."""
    checks = []
    for column in table.columns:
        name, raw = ident(column.name), ident("raw_" + column.name)
        if column.required and column.default is None:
            checks.append((column.name, f"NULLIF(trim({raw}), '') IS NULL", "is required but blank"))
        checks.append(
            (column.name, f"NULLIF(trim({raw}), '') IS NOT NULL AND {name} IS NULL", _describe(column))
        )
        if column.kind == "date":
            low, high = sql.bind("y0", EARLIEST_YEAR), sql.bind("y1", LATEST_YEAR)
            checks.append(
                (
                    column.name,
                    f"year({name}) NOT BETWEEN {low} AND {high}",
                    "is not a plausible date (write the year with 4 digits)",
                )
            )
        if column.kind in ("int", "number") and column.low is not None:
            bounds = f"{sql.bind('lo', column.low)}"
            if column.high is not None:
                bounds += f" AND {sql.bind('hi', column.high)}"
                checks.append((column.name, f"{name} NOT BETWEEN {bounds}", _describe(column)))
            else:
                checks.append((column.name, f"{name} < {bounds}", f"must not be below {column.low:g}"))
    return checks + _row_checks(table, sql)


def _row_checks(table: Table, sql: Sql) -> list[tuple[str, str, str]]:
    """Rules that compare two columns of a row, or depend on another column's value."""
    if table.name == "observations":
        return [("feedback_on", "feedback_on < observed_on", "is before the observation date (observed_on)")]
    if table.name == "students":
        return [("exit_date", "exit_date < entry_date", "is before the student's entry_date")]
    if table.name == "mentoring":
        return [
            ("mentee_id", "mentee_id = mentor_id", "is the mentor too: a teacher can't mentor themself"),
            ("end_date", "end_date < start_date", "is before the pair's start_date"),
        ]
    if table.name != "goals":
        return []
    percent = sql.bind("pct", list(PERCENT_METRICS))
    needs_subject = sql.bind("subj", ["percent_proficient", "proficiency_gap"])
    return [
        ("end_date", "end_date < start_date", "is before the goal's start_date"),
        (
            "target",
            f"list_contains({percent}, metric) AND target > 100",
            "is a percent for this metric and must be from 0 to 100",
        ),
        (
            "subject",
            f"list_contains({needs_subject}, metric) AND subject IS NULL",
            "is required for percent_proficient and proficiency_gap goals",
        ),
        (
            "subgroup",
            f"metric = {sql.bind('gap', 'proficiency_gap')} AND subgroup IS NULL",
            "is required for proficiency_gap goals (the group whose gap is measured)",
        ),
    ]


def problems_query(table: Table, sql: Sql) -> str:
    """One SELECT listing (_file, _line, column, value, message) for every broken value."""
    parts = [
        f"SELECT _file, _line, {sql.bind('col', col)} AS column_name, "
        f"CAST({ident('raw_' + col)} AS VARCHAR) AS value, {sql.bind('msg', message)} AS message "
        f"FROM {ident('stage_' + table.name)} WHERE {condition}"
        for col, condition, message in column_checks(table, sql)
    ]
    return " UNION ALL ".join(parts)


def key_condition(table: Table, left: str, right: str) -> str:
    return " AND ".join(f"{left}.{ident(k)} = {right}.{ident(k)}" for k in table.key)


def duplicates_query(table: Table) -> str:
    """Rows whose key appeared on an earlier line of the batch, with that earlier line."""
    keys = ", ".join(ident(k) for k in table.key)
    return (
        f"SELECT _file, _line, {keys}, first_file, first_line FROM ("
        f"SELECT _file, _line, {keys}, "
        f"first_value(_file) OVER w AS first_file, first_value(_line) OVER w AS first_line, "
        f"row_number() OVER w AS occurrence FROM {ident('stage_' + table.name)} "
        f"WHERE {' AND '.join(ident(k) + ' IS NOT NULL' for k in table.key)} "
        f"WINDOW w AS (PARTITION BY {keys} ORDER BY _file, _line)) WHERE occurrence > 1 "
        "ORDER BY _file, _line"
    )


def reference_query(table: Table, column: str, target: str, target_column: str, in_batch: bool) -> str:
    """Rows whose `column` names no `target` row in the database (nor in the batch)."""
    col, tcol = ident(column), ident(target_column)
    batch = (
        f"AND NOT EXISTS (SELECT 1 FROM {ident('stage_' + target)} b WHERE b.{tcol} = s.{col})"
        if in_batch
        else ""
    )
    return (
        f"SELECT s._file, s._line, s.{col} AS value FROM {ident('stage_' + table.name)} s "
        f"WHERE s.{col} IS NOT NULL AND s.{col} <> '' "
        f"AND NOT EXISTS (SELECT 1 FROM {ident(target)} d WHERE d.{tcol} = s.{col}) {batch} "
        "ORDER BY s._file, s._line"
    )


def foreign_log_query(students_in_batch: bool) -> str:
    """Staged logs whose log_id is stored for another student of another school:
    (_file, _line, log_id, the other school's id). A student's school is the batch's when the
    batch has the student, else the stored one."""
    batch = "LEFT JOIN stage_students b ON b.student_id = s.student_id" if students_in_batch else ""
    school = "coalesce(b.school_id, d.school_id)" if students_in_batch else "d.school_id"
    return (
        "SELECT s._file, s._line, s.log_id, o.school_id FROM stage_reading_logs s "
        "JOIN reading_logs t ON t.log_id = s.log_id AND t.student_id <> s.student_id "
        "JOIN students o ON o.student_id = t.student_id "
        f"LEFT JOIN students d ON d.student_id = s.student_id {batch} "
        f"WHERE {school} <> o.school_id ORDER BY s._file, s._line"
    )


def orphans_query(table: Table, column: str, target: str, target_column: str) -> str:
    """Count rows of a stored table whose `column` names no stored `target` row."""
    col, tcol = ident(column), ident(target_column)
    return (
        f"SELECT count(*) FROM {ident(table.name)} s WHERE s.{col} IS NOT NULL "
        f"AND s.{col} <> '' AND NOT EXISTS "
        f"(SELECT 1 FROM {ident(target)} d WHERE d.{tcol} = s.{col})"
    )


def meetings_outside_query(pairs_in_batch: bool) -> str:
    """Staged meetings outside their pair's dates: (_file, _line, date, start, end); start is NULL
    when the pair exists nowhere. The batch's version of a pair wins over the stored one."""
    batch = (
        "SELECT mentor_id, mentee_id, start_date, end_date FROM stage_mentoring UNION ALL "
        "SELECT mentor_id, mentee_id, start_date, end_date FROM mentoring d WHERE NOT EXISTS "
        "(SELECT 1 FROM stage_mentoring b WHERE b.mentor_id = d.mentor_id AND b.mentee_id = d.mentee_id)"
        if pairs_in_batch
        else "SELECT mentor_id, mentee_id, start_date, end_date FROM mentoring"
    )
    return (
        f"WITH pairs AS ({batch}) SELECT s._file, s._line, s.date, p.start_date, p.end_date "
        "FROM stage_mentoring_meetings s LEFT JOIN pairs p "
        "ON p.mentor_id = s.mentor_id AND p.mentee_id = s.mentee_id "
        "WHERE s.date IS NOT NULL AND s.mentor_id IS NOT NULL AND s.mentee_id IS NOT NULL "
        "AND (p.start_date IS NULL OR s.date < p.start_date OR s.date > p.end_date) "
        "ORDER BY s._file, s._line"
    )
