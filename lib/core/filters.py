"""The shared filters every page reads: school, as-of date, grades, subgroup.

`Filters` is the one value pages receive. The URL carries the same four things
(school, as_of, grade, subgroup); `url_notices` says, in a short sentence, which
URL values could not be used, so a mistyped or stale link falls back to defaults
instead of failing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from lib.core.contract import FLAG_SUBGROUPS, GRADE_ORDER, RACE_ETHNICITY, SEXES
from lib.core.groups import ALL, subgroup_label
from lib.core.text import listed_values, quoted_value

if TYPE_CHECKING:
    from lib.core.db import Database
    from lib.core.scope import Scope

ALL_SCHOOLS = "__all__"
ALL_SCHOOLS_LABEL = "All schools"
ALL_STUDENTS = ALL  # the subgroup filter's "no group" choice (a None option would read as unset)


@dataclass(frozen=True)
class Filters:
    """What the person is looking at. `school_id` None means the district view."""

    school_id: str | None
    as_of: date
    grades: tuple[str, ...] = ()
    subgroup: str | None = None

    @property
    def is_district(self) -> bool:
        return self.school_id is None

    def school_ids(self, all_school_ids: Sequence[str]) -> list[str]:
        """The schools in view: every school in the district view, else the chosen one."""
        return list(all_school_ids) if self.school_id is None else [self.school_id]

    def sql_params(self, all_school_ids: Sequence[str]) -> dict:
        """Bound parameters for queries: schools in scope, as-of date, grades (NULL = all), subgroup."""
        return {
            "schools": self.school_ids(all_school_ids),
            "as_of": self.as_of,
            "grades": list(self.grades) or None,
            "subgroup": self.subgroup,
        }


def subgroup_options() -> list[str]:
    """Every subgroup the filter offers, ALL_STUDENTS first."""
    return [
        ALL_STUDENTS,
        *FLAG_SUBGROUPS,
        *(f"sex:{s}" for s in SEXES),
        *(f"race:{r}" for r in RACE_ETHNICITY),
    ]


def sort_grades(grades: Sequence[str]) -> list[str]:
    """Grades in school order: IT, PR, PK, TK, K, 1 ... 12, 13, PS, UG, Other; unknown values last."""
    return sorted(grades, key=lambda g: GRADE_ORDER.index(g) if g in GRADE_ORDER else len(GRADE_ORDER))


GRADE_NAMES = {
    "IT": "Infant/toddler",
    "PR": "Preschool",
    "PK": "Pre-K",
    "TK": "Transitional kindergarten",
    "K": "Kindergarten",
    "PS": "Postsecondary",
    "UG": "Ungraded",
    "Other": "Other grade",
}


def grade_label(grade: str) -> str:
    """'Grade 3', 'Kindergarten', 'Ungraded' (CEDS codes the dashboard keeps as given, in words)."""
    return GRADE_NAMES.get(grade, f"Grade {grade}")


def school_labels(schools: Mapping[str, str]) -> dict[str, str]:
    """Label per school id: its name, with the id added where two schools share a name."""
    names = list(schools.values())
    return {sid: name if names.count(name) == 1 else f"{name} ({sid})" for sid, name in schools.items()}


def url_notices(
    raw: Mapping[str, str | list[str]],
    school_names: Sequence[str],
    grades: Sequence[str],
    first_day: date | None,
    last_day: date | None,
    band_labels: Sequence[str] = (),
) -> list[str]:
    """Sentences for URL values that can't be used (they fall back to the default), one per kind.

    A grade, its code ('3') or label ('Grade 3'), or a grade band label (`band_labels`:
    'Grades 4–5') is usable; a grade folded into a band is told by GradeBands.notice, not here.
    URL values are anyone's text (a shared link): they are shown quoted and escaped, never as
    Markdown, and a long list of bad grades is cut to a few and "and 47 more".
    """
    notices = []
    school = _one(raw.get("school"))
    if school is not None and school not in [*school_names, ALL_SCHOOLS_LABEL]:
        notices.append(
            f"The link names a school this data doesn't have ({quoted_value(school)}), so the default is shown."
        )
    as_of = _one(raw.get("as_of"))
    if as_of is not None and not _usable_date(as_of, first_day, last_day):
        notices.append(
            f"The link's as-of date {quoted_value(as_of)} isn't a date within the data, so the latest date is used."
        )
    usable = {*grades, *(grade_label(g) for g in grades), *band_labels}
    unknown = list(dict.fromkeys(g for g in _many(raw.get("grade")) if g not in usable))
    if unknown:
        what = "a grade" if len(unknown) == 1 else f"{len(unknown)} grades"
        notices.append(
            f"The link asks for {what} this data doesn't have ({listed_values(unknown)}); "
            f"{'it was' if len(unknown) == 1 else 'they were'} left out."
        )
    subgroup = _one(raw.get("subgroup"))
    if subgroup is not None and subgroup not in [subgroup_label(s) for s in subgroup_options()]:
        notices.append(
            f"The link names an unknown student group ({quoted_value(subgroup)}), so all students are shown."
        )
    return notices


def _one(value: str | list[str] | None) -> str | None:
    if isinstance(value, list):
        return value[-1] if value else None
    return value


def _many(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _usable_date(text: str, first_day: date | None, last_day: date | None) -> bool:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return False
    return first_day is None or last_day is None or first_day <= day <= last_day


@dataclass(frozen=True)
class FilterOptions:
    """What the filters can offer, read from the store once per data version."""

    schools: dict[str, str]  # school_id -> label
    grades: tuple[str, ...]
    first_day: date | None
    last_day: date | None

    @property
    def is_empty(self) -> bool:
        return not self.schools

    @property
    def school_choices(self) -> list[str]:
        """School ids to offer, with the district view first when there are several schools."""
        ids = list(self.schools)
        return [ALL_SCHOOLS, *ids] if len(ids) > 1 else ids

    def school_label(self, school_id: str | None) -> str:
        return ALL_SCHOOLS_LABEL if school_id in (None, ALL_SCHOOLS) else self.schools[school_id]

    def within(self, school_ids: Sequence[str]) -> FilterOptions:
        """The same options with only `school_ids` (a person's scope) to choose from."""
        return replace(self, schools={s: label for s, label in self.schools.items() if s in school_ids})


def filter_options(database) -> FilterOptions:
    """Read schools, grades and the span of dates in the data."""
    schools = database.query("core.schools")
    grades = database.query("core.grades")["grade_level"].dropna().tolist()
    dates = database.query("core.data_dates").iloc[0]
    return FilterOptions(
        schools=school_labels(dict(zip(schools["school_id"], schools["school_name"], strict=True))),
        grades=tuple(sort_grades(grades)),
        first_day=_as_date(dates["first_day"]),
        last_day=_as_date(dates["last_day"]),
    )


def _as_date(value) -> date | None:
    return None if value is None or value != value else value.date() if hasattr(value, "date") else value


def url_params(filters: Filters, options: FilterOptions) -> dict[str, str | list[str]]:
    """The URL parameters that reproduce `filters` (defaults left out, as the widgets do)."""
    params: dict[str, str | list[str]] = {}
    if filters.school_id is not None and len(options.schools) > 1:
        params["school"] = options.school_label(filters.school_id)
    if filters.as_of != options.last_day:
        params["as_of"] = filters.as_of.isoformat()
    if filters.grades:
        params["grade"] = [grade_label(g) for g in filters.grades]
    if filters.subgroup is not None:
        params["subgroup"] = subgroup_label(filters.subgroup)
    return params


def school_url(params: dict[str, str | list[str]], school_label: str) -> str:
    """A relative link to the goal board of one school, keeping the other filters."""
    from urllib.parse import urlencode

    return "./?" + urlencode({**params, "school": school_label}, doseq=True)


OUTSIDE_SCOPE_LABEL = "This school"


def school_label_in_scope(database: Database, school_id: str | None, scope: Scope) -> str:
    """The label of the school in view for a view's words; a school outside `scope` is never
    named, not even in a caption ("This school": the frame offers no such school, but a view
    must not rely on that)."""
    if not scope.allows(school_id):
        return OUTSIDE_SCOPE_LABEL
    return filter_options(database).within(scope.school_ids).school_label(school_id)
