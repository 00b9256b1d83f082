"""Student groups: their codes, the one set of labels every page uses, and their order.

A group code is 'all', a flag ('english_learner'), a flag's complement ('not:english_learner'),
'sex:F' or 'race:Asian' (as in goals.csv and the subgroup filter). The sidebar, the goal
cards, the subgroup tables and the reading page all name a group with `subgroup_label`.
"""

from __future__ import annotations

from lib.core.contract import FLAG_SUBGROUPS, RACE_ETHNICITY, SEXES

ALL = "all"  # every student (the subgroup filter's "no group" choice)
NOT = "not:"  # prefix of a flag group's complement
ALL_STUDENTS_LABEL = "All students"

FLAG_LABELS = {
    "english_learner": "English learners",
    "special_education": "Special education",
    "section_504": "Section 504",
    "economically_disadvantaged": "Economically disadvantaged",
}
COMPLEMENT_LABELS = {
    "english_learner": "Not English learners",
    "special_education": "Not in special education",
    "section_504": "Not Section 504",
    "economically_disadvantaged": "Not economically disadvantaged",
}
SEX_LABELS = {"F": "Female", "M": "Male", "X": "Nonbinary (X)"}

# Tables and legends: all students, each flag followed by its complement, the sexes, the races.
GROUP_ORDER = (
    ALL,
    *(code for flag in FLAG_SUBGROUPS for code in (flag, NOT + flag)),
    *(f"sex:{sex}" for sex in SEXES),
    *(f"race:{race}" for race in RACE_ETHNICITY),
)


def subgroup_label(code: str | None) -> str:
    """The words a principal uses for a group code: 'english_learner' -> 'English learners'.

    None and 'all' are 'All students'; 'not:special_education' is 'Not in special education';
    'sex:F' is 'Female'; 'race:Asian' is 'Asian'.
    """
    if code in (None, ALL):
        return ALL_STUDENTS_LABEL
    if code.startswith(NOT):
        return COMPLEMENT_LABELS[code[len(NOT) :]]
    if code in FLAG_LABELS:
        return FLAG_LABELS[code]
    kind, _, value = code.partition(":")
    return SEX_LABELS.get(value, value) if kind == "sex" else value


def group_order(code: str) -> int:
    """Position of a group in tables and legends (GROUP_ORDER); unknown codes last."""
    return GROUP_ORDER.index(code) if code in GROUP_ORDER else len(GROUP_ORDER)


def complement_of(code: str) -> str | None:
    """'english_learner' <-> 'not:english_learner'; None for groups without one (sex, race, all)."""
    if code.startswith(NOT):
        return code[len(NOT) :]
    return NOT + code if code in FLAG_SUBGROUPS else None
