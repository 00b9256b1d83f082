"""The shared definitions in lib.core: group labels, percent and gap arithmetic, metric units,
status order, and the SQL macros every connection defines."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lib.core import db
from lib.core.groups import complement_of, group_order, subgroup_label
from lib.core.metrics import format_value, metric_unit
from lib.core.numbers import gap_points, percent, percent_text, percents
from lib.core.status import STATUS_ORDER, status_rank
from lib.privacy.suppression import ProtectedTable


@pytest.mark.parametrize(
    ("code", "label"),
    [
        (None, "All students"),
        ("all", "All students"),
        ("english_learner", "English learners"),
        ("not:english_learner", "Not English learners"),
        ("not:special_education", "Not in special education"),
        ("not:section_504", "Not Section 504"),
        ("sex:X", "Nonbinary (X)"),
        ("race:Asian", "Asian"),
    ],
)
def test_one_label_per_group(code, label):
    assert subgroup_label(code) == label


def test_groups_come_with_their_complements_then_sex_then_race():
    codes = ["race:Asian", "sex:F", "not:english_learner", "all", "english_learner"]
    assert sorted(codes, key=group_order) == [
        "all",
        "english_learner",
        "not:english_learner",
        "sex:F",
        "race:Asian",
    ]


def test_complement_goes_both_ways_and_only_for_flags():
    assert (complement_of("section_504"), complement_of("not:section_504"), complement_of("sex:F")) == (
        "not:section_504",
        "section_504",
        None,
    )


def test_percent_of_nothing_is_missing():
    assert percent(1, 3) == pytest.approx(33.333333) and math.isnan(percent(0, 0))


def test_percents_of_arrays_match_percent():
    result = percents(pd.Series([1, 2, 5]), pd.Series([8, 0, 5]))
    assert np.isnan(result[1]) and result[[0, 2]].tolist() == [12.5, 100.0]


@pytest.mark.parametrize(
    ("reference", "group", "gap"),
    [(62.4, 40.0, 22.0), (62.6, 40.0, 23.0), (40.5, 40.0, 0.0), (41.5, 40.0, 2.0), (40.0, 43.4, -3.0)],
)
def test_gaps_are_whole_points_halves_to_even(reference, group, gap):
    assert gap_points(reference, group) == gap


def test_gap_with_a_missing_percent_is_missing():
    assert math.isnan(gap_points(50.0, float("nan")))


@pytest.mark.parametrize(("value", "text"), [(61.5, "62%"), (62.5, "62%"), (0.4, "0%"), (float("nan"), "—")])
def test_percent_text_is_a_whole_percent(value, text):
    assert percent_text(value) == text


@pytest.mark.parametrize(
    ("metric", "value", "text", "unit"),
    [
        ("books_read", 31909.4, "31,909 books", "books"),
        ("minutes_read", 1200, "1,200 minutes", "minutes"),
        ("percent_proficient", 83.6, "84%", "%"),
        ("proficiency_gap", 12.94, "12.9 points", "points"),
    ],
)
def test_metric_values_carry_their_unit(metric, value, text, unit):
    assert (format_value(metric, value), metric_unit(metric)) == (text, unit)


def test_most_worrying_status_ranks_first_and_unknown_last():
    assert (status_rank("off track"), status_rank("hidden"), status_rank("?")) == (0, 7, len(STATUS_ORDER))


def test_protected_table_rows_keep_the_five_frames_together():
    frame = pd.DataFrame({"n": [5, 20, 30]})
    masks = frame.astype(bool) & False
    table = ProtectedTable(frame, frame.astype(str), masks, masks, masks)
    picked = table.rows([2, 0])
    assert picked.values["n"].tolist() == [30, 5] and picked.labels["n"].tolist() == ["30", "5"]
    assert table.rows(np.array([False, True, False])).values.index.tolist() == [0]


def test_macros_work_on_a_read_only_connection(tmp_path: Path):
    path = tmp_path / "store.duckdb"
    db.connect(path).close()
    reader = db.connect(path, read_only=True)
    row = reader.sql(
        "SELECT in_subgroup('not:special_education', NULL, false, NULL, NULL, NULL, NULL) AS in_group, "
        "enrolled_on(DATE '2026-09-01', DATE '2026-09-02', NULL) AS enrolled"
    )
    reader.close()
    assert row.iloc[0].tolist() == [True, False]


def test_an_older_store_with_stored_macros_still_opens(tmp_path: Path):
    # Stores made before lib/core/macros.sql kept in_subgroup in the file (migration 1).
    path = tmp_path / "old.duckdb"
    db.connect(path).close()
    writer = db.connect(path)
    writer.sql("CREATE OR REPLACE MACRO in_subgroup(subgroup, el, sped, s504, ed, sex, race) AS false")
    writer.close()
    reader = db.connect(path, read_only=True)
    shown = reader.scalar("SELECT in_subgroup(NULL, NULL, NULL, NULL, NULL, NULL, NULL)")
    reader.close()
    assert shown is True


def test_loads_run_together_give_their_results_in_order_and_see_the_callers_drafts(demo_reader):
    """Database.together: each call's result in the order given; a draft goal of the calling
    thread (the goal form's) is seen by every call; after them, by no other thread."""
    draft = pd.DataFrame(
        {
            "goal_id": ["DRAFT-1"], "school_id": ["101"], "title": ["Books"], "metric": ["books_read"],
            "target": [500.0], "start_date": ["2026-09-01"], "end_date": ["2027-01-22"], "subject": [None],
            "grade_level": [None], "subgroup": [None], "owner": ["Principal"],
        }
    )  # fmt: skip
    count = "SELECT count(*) AS n FROM goals_now() WHERE goal_id = 'DRAFT-1'"
    schools = "SELECT count(*) AS n FROM schools"
    with demo_reader.goals_added(draft):
        seen = demo_reader.together(
            lambda: demo_reader.scalar(count),
            lambda: demo_reader.scalar(schools),
            lambda: demo_reader.scalar(count),
        )
    assert seen == [1, 3, 1]  # the demo district has 3 schools
    assert demo_reader.together(lambda: demo_reader.scalar(count), lambda: 7) == [0, 7]


def test_a_failing_load_run_together_raises_its_own_error(demo_reader):
    def broken():
        raise ValueError("the second load failed")

    with pytest.raises(ValueError, match="the second load failed"):
        demo_reader.together(lambda: demo_reader.scalar("SELECT 1"), broken)
