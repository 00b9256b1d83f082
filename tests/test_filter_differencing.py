"""No two grade or group choices in one view differ by 1 to k-1 students (issue 10, part C).

Grades 3 and 4 against all grades must not isolate a grade 5 of 7 (the sidebar offers grade
bands); a group against All students must not isolate its complement plus blank flags (such
a group shows a notice instead of figures). Checked on the hand-built schools of
tests/adversarial.py and on the demo district, counting students enrolled on the as-of date.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from lib.core import db as store
from lib.core.choices import grade_bands, hidden_groups_in_view
from lib.core.filters import subgroup_options
from lib.core.groups import ALL
from tests.adversarial import ADVERSARIAL, AS_OF, BLANK_FLAG, GRADE_OF_SEVEN, import_schools
from tests.helpers import app_test, metrics, open_page

K = 10
DEMO_AS_OF = date(2026, 11, 21)
ALL_SUBSETS_UP_TO = 7  # bands; views with more check every choice of up to 2 bands and the rest


def build(folder: Path) -> Path:
    database = store.connect(folder / "adversarial.duckdb")
    import_schools(database, folder / "csv")
    database.close()
    return folder / "adversarial.duckdb"


@pytest.fixture(scope="module")
def adversarial_database(tmp_path_factory):
    database = store.connect(build(tmp_path_factory.mktemp("adversarial")))
    yield database
    database.close()


@pytest.fixture(scope="module")
def adversarial_app_path(tmp_path_factory) -> Path:
    """A second copy for AppTest: the app's cached connection keeps its file open."""
    return build(tmp_path_factory.mktemp("adversarial_app"))


# What the filters would show: students enrolled per choice of grade bands and group.


def in_group(cells: pd.DataFrame, group: str) -> pd.Series:
    """Which cells belong to `group` (the in_subgroup macro's rule: a blank is in no group)."""
    if group == ALL:
        return pd.Series(True, index=cells.index)
    kind, _, value = group.partition(":")
    column = {"sex": "sex", "race": "race_ethnicity"}.get(kind)
    if column is not None:
        return cells[column].eq(value).fillna(False).astype(bool)
    return cells[group].eq(True).fillna(False).astype(bool)


def grade_choices(bands: list[tuple[str, ...]]) -> list[frozenset[str]]:
    """Choices of bands as sets of grades; the empty choice (all grades) is every grade."""
    every = frozenset(grade for band in bands for grade in band)
    if len(bands) <= ALL_SUBSETS_UP_TO:
        picks = [c for size in range(1, len(bands) + 1) for c in itertools.combinations(bands, size)]
    else:
        few = [c for size in (1, 2) for c in itertools.combinations(bands, size)]
        picks = few + [tuple(b for b in bands if b not in c) for c in few]
    return [every] + [frozenset(g for band in pick for g in band) for pick in picks]


def small_differences(database, school_ids: tuple[str, ...], as_of: date) -> list[str]:
    """Every pair of offered choices of one view, one within the other, whose students differ
    by 1 to K-1 (a group that shows a notice offers no figures, so it is left out)."""
    cells = database.query("core.enrolled_cells", {"schools": list(school_ids), "as_of": as_of})
    bands = grade_bands(database, school_ids, as_of, K).bands
    every = frozenset(grade for band in bands for grade in band)
    hidden = {
        with_grades: hidden_groups_in_view(database, school_ids, as_of, K, with_grades)
        for with_grades in (False, True)
    }
    shown: dict[tuple[frozenset[str], str], int] = {}
    for grades in grade_choices(list(bands)):
        for group in subgroup_options():
            if group not in hidden[grades != every]:
                keep = cells["grade_level"].isin(grades) & in_group(cells, group)
                shown[(grades, group)] = int(cells.loc[keep, "students"].sum())
    found = []
    for (wide, group), (narrow, subgroup) in itertools.permutations(shown, 2):
        if narrow <= wide and group in (ALL, subgroup):
            difference = shown[(wide, group)] - shown[(narrow, subgroup)]
            if 0 < difference < K:
                found.append(f"{sorted(wide)} {group} - {sorted(narrow)} {subgroup} = {difference}")
    return found


@pytest.mark.parametrize("spec", ADVERSARIAL, ids=lambda spec: spec.name)
def test_no_two_choices_differ_by_a_small_group_in_an_adversarial_school(adversarial_database, spec):
    assert small_differences(adversarial_database, (spec.school_id,), AS_OF) == []


def test_no_two_choices_differ_by_a_small_group_across_the_adversarial_district(adversarial_database):
    school_ids = tuple(spec.school_id for spec in ADVERSARIAL)
    assert small_differences(adversarial_database, school_ids, AS_OF) == []


def test_no_two_choices_differ_by_a_small_group_in_the_demo(demo_path):
    database = store.connect(demo_path, read_only=True)
    try:
        schools = database.query("core.schools")["school_id"].tolist()
        views = [(school,) for school in schools] + [tuple(schools)]
        found = {view: small_differences(database, view, DEMO_AS_OF) for view in views}
    finally:
        database.close()
    assert {view: pairs for view, pairs in found.items() if pairs} == {}


def test_the_demo_offers_every_grade_on_its_own(demo_path):
    database = store.connect(demo_path, read_only=True)
    try:
        schools = tuple(database.query("core.schools")["school_id"])
        bands = grade_bands(database, schools, DEMO_AS_OF, K).bands
        grades = database.query("core.grades")["grade_level"].dropna()
    finally:
        database.close()
    assert all(len(band) == 1 for band in bands)
    assert sorted(band[0] for band in bands) == sorted(grades)


def test_the_grade_of_seven_is_folded_with_grade_4(adversarial_database):
    bands = grade_bands(adversarial_database, (GRADE_OF_SEVEN.school_id,), AS_OF, K)
    assert bands.labels == ["Grade 3", "Grades 4–5"]
    # The district view folds grades 4 and 5 for every school: one school's grade 5 is small.
    district = grade_bands(adversarial_database, tuple(s.school_id for s in ADVERSARIAL), AS_OF, K)
    assert district.labels == ["Grade 3", "Grades 4–5"]


def test_english_learners_of_the_blank_flag_school_are_hidden_both_ways(adversarial_database):
    # 8 English learners (fewer than 10); against all 52, "Not English learners" (43) leaves 9.
    hidden = hidden_groups_in_view(adversarial_database, (BLANK_FLAG.school_id,), AS_OF, K, False)
    assert {"english_learner", "not:english_learner"} <= hidden
    assert "sex:F" not in hidden


# Through the app.


def test_grade_5_is_not_offered_alone_and_3_and_4_differ_from_all_by_31(adversarial_app_path, monkeypatch):
    at = open_page(
        app_test(monkeypatch, adversarial_app_path), "pages/subgroups.py", school=GRADE_OF_SEVEN.name
    )
    grades = at.multiselect(key="grade")
    assert grades.options == ["Grade 3", "Grades 4–5"]
    # The nearest to "grades 3 and 4" is grade 3 alone: against all grades, 24 + 7 students.
    grades.set_value(["3"]).run()
    assert at.session_state["_filters"].grades == ("3",)
    grades.set_value(["3", "4-5"]).run()
    assert at.session_state["_filters"].grades == ("3", "4", "5")


def test_a_link_to_grade_5_shows_its_band_with_one_notice(adversarial_app_path, monkeypatch):
    at = app_test(monkeypatch, adversarial_app_path)
    at.query_params["school"], at.query_params["grade"] = GRADE_OF_SEVEN.name, "Grade 5"
    at.run()  # the link's first run: its notices show once
    assert at.multiselect(key="grade").value == ["4-5"]
    assert at.session_state["_filters"].grades == ("4", "5")
    assert [info.value for info in at.info if "Grade 5" in str(info.value)] == [
        "Grade 5 is shown within Grades 4–5: to protect student privacy, a grade of fewer than "
        "10 students is never shown on its own."
    ]


def test_a_hidden_group_shows_a_notice_instead_of_reading_figures(adversarial_app_path, monkeypatch):
    at = app_test(monkeypatch, adversarial_app_path)
    at = open_page(at, "pages/reading.py", school=BLANK_FLAG.name, subgroup="English learners")
    assert at.title[0].value == "Reading challenge"
    assert [info.value for info in at.info] == [
        "Hidden to protect student privacy: in a school in view, English learners or the other "
        "students (counting those with no value recorded) number fewer than 10, so comparing this "
        "choice with All students would reveal a group that small. Choose All students, all "
        "grades or another group."
    ]
    assert metrics(at) == {}
    at.selectbox(key="subgroup").set_value("all").run()
    assert metrics(at) != {}


def test_a_link_to_grades_3_and_5_keeps_both_as_bands(adversarial_app_path, monkeypatch):
    at = app_test(monkeypatch, adversarial_app_path)
    at.query_params["school"], at.query_params["grade"] = GRADE_OF_SEVEN.name, ["Grade 3", "Grade 5"]
    at.run()
    assert at.multiselect(key="grade").value == ["3", "4-5"]
