"""Tests of the privacy pass: hand-made boundary tables, then properties over random tables."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.core.config import PrivacyPolicy, policy_from_env
from lib.privacy.suppression import (
    COMPLEMENT_LABEL,
    LOW_N_COLUMN,
    ProtectedTable,
    privacy_note,
    protect_group_table,
    protect_rates,
    suppress_counts,
)

POLICY = PrivacyPolicy()
FEWER = "fewer than 10"
QUICK = settings(max_examples=200, deadline=None)


def one_column(counts: list[int], policy: PrivacyPolicy = POLICY) -> ProtectedTable:
    return suppress_counts(pd.DataFrame({"students": counts}), ["students"], policy)


def row_with_total(parts: list[int]) -> ProtectedTable:
    """One row of parts p0, p1, ... and its "Total" column."""
    table = pd.DataFrame([parts], columns=[f"p{i}" for i in range(len(parts))])
    table["Total"] = sum(parts)
    return suppress_counts(table, list(table.columns[:-1]), POLICY, total_column="Total")


def with_totals(rows: list[list[int]]) -> pd.DataFrame:
    """Rows r0, r1, ... and columns c0, c1, ..., plus a "Total" row and a "Total" column."""
    table = pd.DataFrame(rows, index=[f"r{i}" for i in range(len(rows))])
    table.columns = [f"c{j}" for j in range(len(rows[0]))]
    table.loc["Total"] = table.sum()
    table["Total"] = table.sum(axis=1)
    return table


def protect_cross_table(table: pd.DataFrame) -> ProtectedTable:
    return suppress_counts(table, list(table.columns[:-1]), POLICY, total_row="Total", total_column="Total")


def hidden_cells(protected: ProtectedTable) -> set[tuple[str, str]]:
    mask = protected.suppressed
    return {(row, column) for row in mask.index for column in mask.columns if mask.at[row, column]}


def group_rates(n: list[int | None], rate: list[float], is_percent: bool = True) -> ProtectedTable:
    table = pd.DataFrame({"n": n, "rate": rate}, dtype="float64")
    return protect_rates(table, "rate", "n", POLICY, is_percent=is_percent)


# --- counts ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "label"),
    [(0, "0"), (1, FEWER), (9, FEWER), (10, "10"), (11, "11"), (1234, "1,234")],
)
def test_count_label_at_the_boundaries(count: int, label: str) -> None:
    assert one_column([count]).labels.at[0, "students"] == label


def test_hidden_count_is_missing_from_the_values() -> None:
    values = one_column([9, 10]).values["students"]
    assert values.isna().tolist() == [True, False]
    assert values.iloc[1] == 10


def test_zero_count_is_shown_as_zero() -> None:
    protected = one_column([0])
    assert protected.values.at[0, "students"] == 0
    assert not protected.suppressed.at[0, "students"]


def test_count_label_uses_the_policy_k() -> None:
    labels = one_column([4, 5], PrivacyPolicy(min_group_size=5)).labels["students"]
    assert labels.tolist() == ["fewer than 5", "5"]


def test_download_has_the_label_where_hidden_and_the_number_elsewhere() -> None:
    assert one_column([9, 10]).for_download()["students"].tolist() == [FEWER, 10]


def test_other_columns_pass_through_unchanged() -> None:
    table = pd.DataFrame({"grade": ["K", "1"], "students": [9, 25]})
    protected = suppress_counts(table, ["students"], POLICY)
    assert protected.values["grade"].tolist() == ["K", "1"]
    assert protected.labels["grade"].tolist() == ["K", "1"]


def test_missing_count_shows_a_dash_and_is_not_suppressed() -> None:
    protected = one_column([None, 12])
    assert protected.labels["students"].tolist() == ["—", "12"]
    assert protected.suppressed["students"].tolist() == [False, False]


@pytest.mark.parametrize("bad", [-1, 2.5, "many"])
def test_count_that_is_not_a_whole_number_raises(bad: object) -> None:
    with pytest.raises(ValueError, match="'students' must hold whole numbers"):
        one_column([bad])


# --- complementary suppression ----------------------------------------------------------------------


def test_one_hidden_cell_in_a_row_hides_the_next_smallest_nonzero() -> None:
    # 3 is hidden; 0 protects nothing, so 12 (smallest nonzero shown) goes too: 3+12 = 50-35.
    labels = row_with_total([3, 0, 12, 20, 15]).labels.iloc[0].tolist()
    assert labels == [FEWER, "0", COMPLEMENT_LABEL, "20", "15", "50"]


def test_hidden_protection_cell_is_missing_from_the_values() -> None:
    values = row_with_total([3, 12, 20]).values.iloc[0]
    assert values.isna().tolist() == [True, True, False, False]


def test_zeros_are_passed_over_for_the_next_nonzero_cell() -> None:
    labels = row_with_total([3, 0, 0, 40]).labels.iloc[0].tolist()
    assert labels == [FEWER, "0", "0", COMPLEMENT_LABEL, "43"]


def test_row_without_a_total_has_no_protection_cells() -> None:
    table = pd.DataFrame([[3, 12, 20]], columns=["a", "b", "c"])
    labels = suppress_counts(table, ["a", "b", "c"], POLICY).labels.iloc[0].tolist()
    assert labels == [FEWER, "12", "20"]


def test_column_with_a_total_row_hides_the_next_smallest_nonzero() -> None:
    table = pd.DataFrame({"students": [5, 30, 40, 75]}, index=["EL", "SPED", "Other", "All students"])
    protected = suppress_counts(table, ["students"], POLICY, total_row="All students")
    assert protected.labels["students"].tolist() == [FEWER, COMPLEMENT_LABEL, "40", "75"]


def test_hide_in_a_column_spreads_to_a_row_until_stable() -> None:
    # r0.c0=4 is hidden. Row r0 alone, then column c0 alone, each hide their smallest
    # nonzero shown cell (r0.c1=20, r1.c0=15); that leaves column c1 and row r1 with one
    # hidden cell each, closed by r1.c1=25: a 2x2 block no total can open.
    table = with_totals([[4, 20, 30], [15, 25, 35], [18, 40, 50]])
    assert hidden_cells(protect_cross_table(table)) == {
        ("r0", "c0"),
        ("r0", "c1"),
        ("r1", "c0"),
        ("r1", "c1"),
    }


def test_line_with_no_nonzero_part_left_hides_its_total() -> None:
    # 1 and 10 hidden: labels say 1..9 and >= 10, summing to 11, so 1 is pinned. No
    # nonzero part is left to hide, so the total goes.
    labels = row_with_total([1, 10, 0]).labels.iloc[0].tolist()
    assert labels == [FEWER, COMPLEMENT_LABEL, "0", COMPLEMENT_LABEL]


def test_two_hidden_ones_in_a_line_get_a_third_hidden_cell() -> None:
    # Hidden 1 and 1 sum to 32-30 = 2; each is at least 1, so both would be known.
    labels = row_with_total([1, 1, 30]).labels.iloc[0].tolist()
    assert labels == [FEWER, FEWER, COMPLEMENT_LABEL, "32"]


def test_two_hidden_nines_in_a_line_get_a_third_hidden_cell() -> None:
    # Hidden 9 and 9 sum to 18; each is at most 9, so both would be known.
    labels = row_with_total([9, 9, 30]).labels.iloc[0].tolist()
    assert labels == [FEWER, FEWER, COMPLEMENT_LABEL, "48"]


def test_cell_worked_out_across_several_lines_is_protected() -> None:
    # Every line has two or more hidden cells, yet (rows r0+r1) - (columns c0+c1) leaves
    # r1.c2 = 6 alone. Its smallest nonzero shown neighbour, r0.c2 = 50, is hidden as well.
    table = with_totals([[2, 3, 50, 60], [4, 5, 6, 70], [40, 45, 7, 8], [55, 65, 2, 9]])
    hidden = hidden_cells(protect_cross_table(table))
    primary = {("r0", "c0"), ("r0", "c1"), ("r1", "c0"), ("r1", "c1"), ("r1", "c2")}
    primary |= {("r2", "c2"), ("r2", "c3"), ("r3", "c2"), ("r3", "c3")}
    assert hidden == primary | {("r0", "c2")}


def test_total_that_is_not_the_sum_of_its_parts_raises() -> None:
    table = pd.DataFrame({"a": [3], "b": [12], "Total": [16]})
    with pytest.raises(ValueError, match="not the sum of its parts"):
        suppress_counts(table, ["a", "b"], POLICY, total_column="Total")


def test_total_row_missing_from_the_index_raises() -> None:
    with pytest.raises(ValueError, match="'All students' must be one label"):
        suppress_counts(pd.DataFrame({"n": [3]}), ["n"], POLICY, total_row="All students")


# --- rates and averages -------------------------------------------------------------------------


def test_rate_is_hidden_below_k_and_shown_from_k() -> None:
    protected = group_rates([9, 10, 11], [50.0, 50.0, 50.0])
    assert protected.labels["rate"].tolist() == ["n<10", "50%", "50%"]
    assert protected.values["rate"].isna().tolist() == [True, False, False]


def test_rate_of_a_group_of_unknown_size_is_hidden() -> None:
    assert group_rates([None], [50.0]).labels.at[0, "rate"] == "n<10"


def test_group_size_below_k_is_hidden_as_a_count() -> None:
    assert group_rates([9, 10], [50.0, 50.0]).labels["n"].tolist() == [FEWER, "10"]


@pytest.mark.parametrize(
    ("n", "rate", "label", "value"),
    [
        (39, 96.0, ">95%", 95.0),
        (40, 96.0, "96%", 96.0),
        (39, 4.0, "<5%", 5.0),
        (40, 4.0, "4%", 4.0),
        (39, 95.0, "95%", 95.0),
        (39, 5.0, "5%", 5.0),
    ],
)
def test_rate_coding_for_groups_under_40(n: int, rate: float, label: str, value: float) -> None:
    protected = group_rates([n], [rate])
    assert (protected.labels.at[0, "rate"], protected.values.at[0, "rate"]) == (label, value)


def test_coded_rate_downloads_as_its_label() -> None:
    assert group_rates([39], [100.0]).for_download().at[0, "rate"] == ">95%"


@pytest.mark.parametrize(("n", "flag", "label"), [(29, True, "low n"), (30, False, "")])
def test_low_n_flag_below_30(n: int, flag: bool, label: str) -> None:
    protected = group_rates([n], [50.0])
    assert (protected.values.at[0, LOW_N_COLUMN], protected.labels.at[0, LOW_N_COLUMN]) == (flag, label)
    assert protected.low_n.at[0, "rate"] == flag


def test_hidden_rate_gets_no_low_n_flag() -> None:
    assert not group_rates([9], [50.0]).values.at[0, LOW_N_COLUMN]


def test_average_is_hidden_but_never_coded() -> None:
    protected = group_rates([9, 12], [0.5, 0.5], is_percent=False)
    assert protected.labels["rate"].tolist() == ["n<10", "0.5"]
    assert protected.coded["rate"].tolist() == [False, False]


def test_percent_above_100_raises() -> None:
    with pytest.raises(ValueError, match="'rate' must hold percents from 0 to 100"):
        group_rates([50], [101.0])


def test_group_table_protects_n_and_every_rate_column() -> None:
    table = pd.DataFrame(
        {
            "group": ["All students", "English learners", "Special education"],
            "n": [120, 9, 35],
            "proficient": [48.2, 50.0, 97.0],
            "books_per_student": [4.5, 3.0, 2.0],
        }
    )
    protected = protect_group_table(
        table, "group", "n", {"proficient": True, "books_per_student": False}, POLICY
    )
    assert protected.labels.iloc[1].tolist() == ["English learners", FEWER, "n<10", "n<10", ""]
    assert protected.labels.iloc[2].tolist() == ["Special education", "35", ">95%", "2.0", ""]


def test_group_table_rejects_a_group_listed_twice() -> None:
    table = pd.DataFrame({"group": ["EL", "EL"], "n": [12, 14], "rate": [50.0, 60.0]})
    with pytest.raises(ValueError, match="must name each group once"):
        protect_group_table(table, "group", "n", {"rate": True}, POLICY)


# --- policy -----------------------------------------------------------------------------------


def test_policy_reads_k_from_the_environment() -> None:
    assert policy_from_env({"SCHOOL_GOALS_MIN_GROUP_SIZE": " 5 "}).min_group_size == 5


@pytest.mark.parametrize("environ", [{}, {"SCHOOL_GOALS_MIN_GROUP_SIZE": ""}])
def test_policy_defaults_to_10_when_unset(environ: dict[str, str]) -> None:
    assert policy_from_env(environ) == PrivacyPolicy(min_group_size=10)


@pytest.mark.parametrize("raw", ["ten", "0", "-3", "7.5"])
def test_policy_rejects_a_bad_k_naming_variable_and_value(raw: str) -> None:
    with pytest.raises(ValueError, match=f"SCHOOL_GOALS_MIN_GROUP_SIZE must be .* set to '{raw}'"):
        policy_from_env({"SCHOOL_GOALS_MIN_GROUP_SIZE": raw})


def test_privacy_note_names_k() -> None:
    note = privacy_note(PrivacyPolicy(min_group_size=11))
    assert note == "Hidden to protect student privacy: fewer than 11 students"


# --- properties over random tables --------------------------------------------------------------

small_counts = st.one_of(st.just(0), st.integers(1, 12), st.integers(13, 80))
random_tables = st.integers(1, 5).flatmap(
    lambda width: st.lists(st.lists(small_counts, min_size=width, max_size=width), min_size=1, max_size=5)
)


def lines_of(table: pd.DataFrame) -> list[tuple[list[tuple[str, str]], tuple[str, str]]]:
    """(parts, total) for every row and column of a table with a "Total" row and column."""
    rows, columns = list(table.index[:-1]), list(table.columns[:-1])
    across = [([(r, c) for c in columns], (r, "Total")) for r in table.index]
    down = [([(r, c) for r in rows], ("Total", c)) for c in table.columns]
    return across + down


def rank(matrix: list[list[Fraction]]) -> int:
    """Rank by exact Gaussian elimination (independent of the module's floating-point check)."""
    rows, found = [list(row) for row in matrix], 0
    for column in range(len(rows[0]) if rows else 0):
        pivot = next((i for i in range(found, len(rows)) if rows[i][column] != 0), None)
        if pivot is None:
            continue
        rows[found], rows[pivot] = rows[pivot], rows[found]
        for i in range(len(rows)):
            if i != found and rows[i][column] != 0:
                factor = rows[i][column] / rows[found][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[found], strict=True)]
        found += 1
    return found


@QUICK
@given(random_tables)
def test_no_shown_count_is_below_k(rows: list[list[int]]) -> None:
    values = protect_cross_table(with_totals(rows)).values
    assert not values.isin(range(1, POLICY.min_group_size)).any().any()


@QUICK
@given(random_tables)
def test_no_line_with_a_total_has_exactly_one_hidden_nonzero_cell(rows: list[list[int]]) -> None:
    table = with_totals(rows)
    hidden = hidden_cells(protect_cross_table(table))
    for parts, total in lines_of(table):
        assert sum(cell in hidden and table.at[cell] > 0 for cell in [*parts, total]) != 1


@QUICK
@given(random_tables)
def test_no_hidden_count_can_be_solved_from_the_shown_numbers(rows: list[list[int]]) -> None:
    table = with_totals(rows)
    hidden = sorted(hidden_cells(protect_cross_table(table)))
    equations = [
        [Fraction(int(cell in parts) - int(cell == total)) for cell in hidden]
        for parts, total in lines_of(table)
    ]
    for i in range(len(hidden)):
        unit = [Fraction(int(j == i)) for j in range(len(hidden))]
        assert rank([*equations, unit]) == rank(equations) + 1, hidden[i]


@QUICK
@given(random_tables)
def test_zero_is_never_hidden(rows: list[list[int]]) -> None:
    table = with_totals(rows)
    assert all(table.at[cell] > 0 for cell in hidden_cells(protect_cross_table(table)))


@QUICK
@given(random_tables)
def test_download_holds_no_hidden_number(rows: list[list[int]]) -> None:
    protected = protect_cross_table(with_totals(rows))
    download, mask = protected.for_download(), protected.suppressed
    assert all(isinstance(download.at[cell], str) for cell in hidden_cells(protected))
    assert protected.values[mask].isna().all().all()


groups = st.lists(
    st.tuples(
        st.integers(0, 80), st.one_of(st.floats(0, 100), st.sampled_from([0.0, 4.9, 5.0, 95.0, 95.1, 100.0]))
    ),
    min_size=1,
    max_size=8,
)


@QUICK
@given(groups)
def test_no_shown_rate_of_a_small_group_breaks_its_coding(rows: list[tuple[int, float]]) -> None:
    n, rate = [size for size, _ in rows], [value for _, value in rows]
    protected = group_rates(n, rate)
    for i, size in enumerate(n):
        shown = protected.values.at[i, "rate"]
        if size < POLICY.min_group_size:
            assert pd.isna(shown)
        elif size < POLICY.coding_group_size:
            assert 5.0 <= shown <= 95.0
            assert protected.coded.at[i, "rate"] == (not 5.0 <= rate[i] <= 95.0)


@QUICK
@given(groups)
def test_rate_download_holds_no_hidden_or_coded_number(rows: list[tuple[int, float]]) -> None:
    protected = group_rates([size for size, _ in rows], [value for _, value in rows])
    download = protected.for_download()["rate"]
    marked = protected.suppressed["rate"] | protected.coded["rate"]
    assert all(isinstance(label, str) for label in download[marked])
