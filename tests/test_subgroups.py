"""Subgroup gaps, changes, growth and their privacy pass, with hand-computed numbers."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.core import db as store
from lib.core.config import PrivacyPolicy
from lib.core.numbers import gap_points
from lib.privacy.partitions import partition_hidden
from lib.subgroups.charts import trend_chart
from lib.subgroups.display import styled_table
from lib.subgroups.gaps import comparison_windows, gap_rows, gap_trend, growth_percent
from lib.subgroups.load import subgroup_reports, subject_report
from lib.subgroups.words import change_sentence, summary_sentences

POLICY = PrivacyPolicy()
GAP = "Gap to all students (pts)"
NAN = math.nan
DEMO_SCHOOLS = ("101", "201", "301")
DEMO_AS_OF = date(2026, 11, 21)


# --- gap, change, trend, growth -------------------------------------------------------------------


def test_gap_is_all_students_minus_the_group_in_whole_points():
    assert gap_points(58.2, 33.2) == 25.0  # 58.2% - 33.2% = 25 points: the group is behind


def test_gap_is_negative_when_the_group_is_ahead():
    assert gap_points(50.0, 55.4) == -5.0  # -5.4 rounds to -5


def test_gap_from_a_missing_percent_is_missing():
    assert math.isnan(gap_points(50.0, NAN))


@pytest.mark.parametrize(
    ("previous", "gap", "word"),
    [
        (28, 24, "narrowed"),
        (9, 13, "widened"),
        (-3, -6, "widened"),  # a group ahead pulling further ahead: the gap grew
        (4, -3, "narrowed"),  # 4 behind to 3 ahead: the gap's size shrank from 4 to 3
        (5, 5, "no change"),
        (NAN, 5, ""),
    ],
)
def test_gap_trend_compares_the_size_of_the_gap(previous, gap, word):
    assert gap_trend(previous, gap) == word


def test_growth_is_the_percent_of_students_tested_twice_who_moved_up():
    assert growth_percent(30, 120) == 25.0


def test_growth_with_nobody_tested_twice_is_missing():
    assert math.isnan(growth_percent(0, 0))


def percents_frame(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["window_label", "subgroup", "percent"])


BOY, MOY = "BOY 2025-2026", "MOY 2025-2026"
TWO_WINDOWS = percents_frame(
    [
        (BOY, "all", 50.0),
        (BOY, "english_learner", 20.0),
        (BOY, "not:english_learner", 55.0),
        (BOY, "race:Asian", 60.0),
        (MOY, "all", 60.0),
        (MOY, "english_learner", 36.0),
        (MOY, "not:english_learner", 63.0),
        (MOY, "race:Asian", NAN),  # hidden by the privacy pass
    ]
)


def gaps_of(code: str) -> pd.DataFrame:
    gaps = gap_rows(TWO_WINDOWS, [BOY, MOY])
    return gaps[gaps["subgroup"] == code].reset_index(drop=True)


def test_gap_rows_give_gap_change_and_trend_per_window():
    el = gaps_of("english_learner")
    # BOY 50 - 20 = 30; MOY 60 - 36 = 24; change 24 - 30 = -6, narrowed.
    assert el["gap_to_all"].tolist() == [30.0, 24.0]
    assert el["change"].tolist()[1] == -6.0
    assert el["trend"].tolist() == ["", "narrowed"]


def test_gap_to_complement_is_the_complement_minus_the_group():
    # English learners: 55 - 20 = 35, 63 - 36 = 27; not English learners the other way round.
    assert gaps_of("english_learner")["gap_to_complement"].tolist() == [35.0, 27.0]
    assert gaps_of("not:english_learner")["gap_to_complement"].tolist() == [-35.0, -27.0]


def test_a_hidden_percent_leaves_its_gap_and_change_missing():
    asian = gaps_of("race:Asian")
    assert asian["gap_to_all"].tolist()[0] == -10.0
    assert math.isnan(asian["gap_to_all"][1]) and math.isnan(asian["change"][1])
    assert asian["trend"][1] == "" and math.isnan(asian["gap_to_complement"][0])


def test_change_crosses_school_years():
    eoy, next_boy = "EOY 2025-2026", "BOY 2026-2027"
    frame = percents_frame(
        [
            (eoy, "all", 60.0),
            (eoy, "section_504", 50.0),
            (next_boy, "all", 52.0),
            (next_boy, "section_504", 49.0),
        ]
    )
    gaps = gap_rows(frame, [eoy, next_boy]).set_index(["window_label", "subgroup"])
    # EOY gap 60 - 50 = 10, next BOY 52 - 49 = 3: change -7 since EOY of the year before.
    assert gaps.loc[(next_boy, "section_504"), "change"] == -7.0


def test_latest_window_is_compared_with_the_previous_one_and_a_year_earlier():
    windows = ["BOY 2025-2026", "MOY 2025-2026", "EOY 2025-2026", "BOY 2026-2027"]
    assert comparison_windows(windows) == ["EOY 2025-2026", "BOY 2025-2026"]
    assert comparison_windows(windows[:2]) == ["BOY 2025-2026"]
    assert comparison_windows(windows[:1]) == []


# --- sentences ------------------------------------------------------------------------------------


def test_sentence_for_a_narrowing_gap():
    sentence = change_sentence("english_learner", "reading", "BOY", 28, 24, "MOY 2026-2027, n = 80")
    assert (
        sentence
        == "The English-learner gap in reading narrowed 4 points since BOY, from 28 to 24 (MOY 2026-2027, n = 80)."
    )


def test_sentence_for_a_group_that_moved_from_behind_to_ahead():
    sentence = change_sentence("section_504", "math", "EOY 2025-2026", 4, -3, "BOY 2026-2027, n = 72")
    assert sentence == (
        "Students with a Section 504 plan in math went from 4 points behind all students to 3 points "
        "ahead of all students since EOY 2025-2026 (BOY 2026-2027, n = 72)."
    )


def summary_input(rows: list[tuple[str, str, float, str, bool]]):
    frame = pd.DataFrame(rows, columns=["window_label", "subgroup", "gap_to_all", "n", "low_n"])
    return frame[["window_label", "subgroup", "gap_to_all"]], frame["n"], frame["low_n"]


def test_summary_keeps_changes_of_3_points_or_more_among_shown_groups():
    gaps, tested, low_n = summary_input(
        [
            (BOY, "english_learner", 28.0, "244", False),
            (MOY, "english_learner", 25.0, "244", False),  # -3: notable
            (BOY, "special_education", 31.0, "323", False),
            (MOY, "special_education", 29.0, "323", False),  # -2: not notable
            (BOY, "section_504", 9.0, "12", True),
            (MOY, "section_504", 1.0, "12", True),  # -8 but low n
            (BOY, "race:Asian", NAN, "hidden", False),
            (MOY, "race:Asian", 9.0, "40", False),  # no shown gap before
        ]
    )
    assert summary_sentences(gaps, tested, low_n, "reading", [BOY, MOY]) == [
        (
            "english_learner",
            "The English-learner gap in reading narrowed 3 points since BOY, from 28 to 25 (MOY 2025-2026, n = 244).",
        )
    ]


def test_summary_leaves_out_complements_whose_gap_mirrors_the_flag_group():
    gaps, tested, low_n = summary_input(
        [(BOY, "not:english_learner", -2.0, "900", False), (MOY, "not:english_learner", -6.0, "900", False)]
    )
    assert summary_sentences(gaps, tested, low_n, "reading", [BOY, MOY]) == []


# --- privacy --------------------------------------------------------------------------------------


def test_a_small_group_hides_its_complement_too():
    # EL 4 of 30: with all students shown, not-EL 26 would give EL away as 30 - 26.
    assert partition_hidden({"all": 30, "english_learner": 4, "not:english_learner": 26}, POLICY) == {
        "english_learner",
        "not:english_learner",
    }


def test_blank_flags_do_not_protect_a_small_group_whose_complement_is_shown():
    # Changed in issue 10: 2 blank flags used to let not-EL 24 stay, but then a reader works out
    # 30 - 24 = 6 students (the 4 English learners and the 2 blanks): a group under k.
    assert partition_hidden({"all": 30, "english_learner": 4, "not:english_learner": 24}, POLICY) == {
        "english_learner",
        "not:english_learner",
    }


def test_blank_flags_of_k_or_more_protect_a_small_group_without_hiding_its_complement():
    # 12 blank flags: EL + blanks = 16 (at least k) can't be split, so not-EL 14 can stay.
    assert partition_hidden({"all": 30, "english_learner": 4, "not:english_learner": 14}, POLICY) == {
        "english_learner"
    }


def test_two_small_races_and_the_smallest_other_race_are_hidden():
    # Changed in issue 10: hiding White (5) and Black (3) alone left 20 - 12 = 8 students, the two
    # groups together, a group under k; Asian (12) is hidden too.
    tested = {"all": 20, "race:Asian": 12, "race:White": 5, "race:Black or African American": 3}
    assert partition_hidden(tested, POLICY) == {"race:White", "race:Black or African American", "race:Asian"}


def test_two_small_races_that_add_up_to_k_protect_each_other():
    tested = {"all": 40, "race:Asian": 30, "race:White": 6, "race:Black or African American": 4}
    assert partition_hidden(tested, POLICY) == {"race:White", "race:Black or African American"}


def test_groups_of_k_or_more_hide_nothing():
    assert partition_hidden({"all": 100, "sex:F": 48, "sex:M": 52}, POLICY) == set()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=5))
def test_a_lone_hidden_part_never_follows_from_all_students_minus_the_rest(parts):
    # Every student in one part (no blank flags): all students minus the shown parts would
    # give away a single hidden part, so there are none or at least two (or all is hidden).
    tested = {"all": sum(parts)} | {f"race:R{i}": n for i, n in enumerate(parts) if n}
    hidden = partition_hidden(tested, POLICY)
    assert "all" in hidden or len(hidden) != 1


# --- the report: gaps never reveal hidden numbers ---------------------------------------------


def proficiency_rows(rows: list[tuple[str, str, int, int, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["window", "subgroup", "tested", "proficient", "mean_scale_score"])
    return frame.assign(subject="reading", school_year="2025-2026", period_end=pd.Timestamp("2025-09-19"))


NO_GROWTH = pd.DataFrame(
    columns=["subject", "school_year", "window", "period_end", "subgroup", "tested_both", "moved_up"]
)
SMALL_REPORT_ROWS = [
    ("BOY", "all", 100, 50, 200.0),
    ("BOY", "english_learner", 20, 20, 215.0),  # 100% of 20: coded ">95%"
    ("BOY", "not:english_learner", 80, 30, 190.0),
    ("BOY", "race:Asian", 5, 2, 207.3),  # under k
    ("BOY", "race:White", 95, 48, 199.7),  # hidden with Asian (95 = 100 - 5)
    ("MOY", "all", 100, 60, 205.0),
    ("MOY", "english_learner", 20, 10, 198.0),
    ("MOY", "not:english_learner", 80, 50, 207.0),
]


def small_report():
    return subject_report(proficiency_rows(SMALL_REPORT_ROWS), NO_GROWTH, "reading", POLICY)


def row(table, group: str, window: str) -> dict:
    labels = table.labels
    return labels[(labels["Group"] == group) & (labels["Window"] == window)].iloc[0].to_dict()


def test_gap_from_a_coded_percent_is_hidden():
    el = row(small_report().table, "English learners", "BOY 2025-2026")
    assert (el["Percent proficient"], el["Gap to all students (pts)"], el["Gap to complement (pts)"]) == (
        ">95%",
        "hidden",
        "hidden",
    )


def test_change_is_hidden_when_the_earlier_gap_was():
    el = row(small_report().table, "English learners", "MOY 2025-2026")
    # MOY: 60% - 50% = 10 points, shown; the change from the hidden BOY gap is not.
    assert (el["Gap to all students (pts)"], el["Change since previous window (pts)"], el["Trend"]) == (
        "10",
        "hidden",
        "hidden",
    )


def test_a_group_under_k_and_its_give_away_complement_show_no_number():
    report = small_report()
    asian, white = row(report.table, "Asian", "BOY 2025-2026"), row(report.table, "White", "BOY 2025-2026")
    assert [asian[c] for c in ("Students tested", "Percent proficient", "Gap to all students (pts)")] == [
        "fewer than 10",
        "n<10",
        "n<10",
    ]
    assert [white[c] for c in ("Students tested", "Percent proficient", "Mean scale score")] == ["hidden"] * 3
    assert "199.7" not in report.download_csv().decode() and "207.3" not in report.download_csv().decode()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 45), st.integers(0, 45), st.floats(0, 1), st.floats(0, 1)),
        min_size=1,
        max_size=3,
    )
)
def test_no_gap_is_shown_beside_a_hidden_or_coded_percent(windows):
    rows = []
    for (el_n, other_n, el_share, other_share), window in zip(windows, ("BOY", "MOY", "EOY"), strict=False):
        el_prof, other_prof = round(el_n * el_share), round(other_n * other_share)
        rows += [(window, "all", el_n + other_n, el_prof + other_prof, 200.0)] if el_n + other_n else []
        rows += [(window, "english_learner", el_n, el_prof, 190.0)] if el_n else []
        rows += [(window, "not:english_learner", other_n, other_prof, 205.0)] if other_n else []
    if not rows:
        return
    table = subject_report(proficiency_rows(rows), NO_GROWTH, "reading", POLICY).table.labels
    unusable = ~table["Percent proficient"].str.fullmatch(r"\d+%") & (table["Group"] != "All students")
    gap_columns = [GAP, "Change since previous window (pts)", "Gap to complement (pts)"]
    assert not table.loc[unusable, gap_columns].apply(lambda c: c.str.fullmatch(r"[+-]?\d+")).any().any()


def test_chart_leaves_hidden_points_out_and_hovers_with_labels():
    report = small_report()
    figure = trend_chart(report.trend, ["english_learner", "race:Asian"], "percent_proficient", "reading")
    lines = {trace.name: trace for trace in figure.data}
    assert list(lines["Asian"].y) == [None]
    assert list(lines["English learners"].y) == [95.0, 50.0]  # coded at its bound, never 100
    # Plotly reads hover text as HTML: ">" is written as an entity (lib.core.text.plotly_text).
    assert lines["English learners"].hovertext[0] == (
        "English learners: &gt;95% proficient in reading, BOY 2025-2026, n = 20 (low n)"
    )


def test_highlighted_group_is_drawn_thicker():
    report = small_report()
    figure = trend_chart(
        report.trend, ["english_learner"], "percent_proficient", "reading", "english_learner"
    )
    assert [trace.line.width for trace in figure.data] == [4, 5]


# --- the demo district ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_reports(demo_path):
    database = store.connect(demo_path, read_only=True)  # as the app opens it: one process may not mix modes
    yield lambda schools, grades: subgroup_reports(database, schools, DEMO_AS_OF, grades, POLICY)
    database.close()


def test_demo_english_learner_reading_gap_is_22_at_boy_this_year(demo_reports):
    report = demo_reports(DEMO_SCHOOLS, ())["reading"]
    # All students 1,211 of 2,373 proficient (51.03%) minus English learners 73 of 252 (28.97%).
    assert row(report.table, "English learners", "BOY 2026-2027")["Gap to all students (pts)"] == "22"
    assert (
        "english_learner",
        "The English-learner gap in reading narrowed 5 points since BOY 2025-2026, from 27 to 22 "
        "(BOY 2026-2027, n = 252).",
    ) in report.summaries


def test_demo_math_gap_for_economically_disadvantaged_students_widens(demo_reports):
    summaries = dict(demo_reports(DEMO_SCHOOLS, ())["math"].summaries)
    assert "widened 4 points since BOY 2025-2026, from 9 to 13" in summaries["economically_disadvantaged"]


def test_demo_download_of_a_small_grade_has_no_hidden_number(demo_reports):
    # Grade 5 at school 101 has 6 English learners: they and the 74 others are hidden.
    report = demo_reports(("101",), ("5",))["reading"]
    assert row(report.table, "English learners", "BOY 2025-2026")["Students tested"] == "fewer than 10"
    assert row(report.table, "Not English learners", "BOY 2025-2026")["Students tested"] == "hidden"
    text = report.download_csv().decode()
    # English learners' mean scale scores by window: 186.83, 189.33, 192.0, 192.5;
    # the 74 others': 202.53, 205.08, 205.0, 202.55.
    for secret in ("186.8", "189.3", "192.5", "202.53", "205.08", "202.55"):
        assert secret not in text
    el_rows = [line for line in text.splitlines() if line.startswith(("English learners", "Not English"))]
    assert len(el_rows) == 8 and all(",74," not in line and ",6," not in line for line in el_rows)


# --- the queries on a tiny store -----------------------------------------------------------------


def test_growth_query_counts_students_tested_at_boy_and_later_who_moved_up(database):
    database.sql(
        "INSERT INTO students (student_id, school_id, grade_level, sex, english_learner) VALUES "
        "('s1', '101', '3', 'F', true), ('s2', '101', '3', 'M', false), "
        "('s3', '101', '3', 'F', NULL), ('s4', '101', '3', 'M', false)"
    )
    database.sql(
        'INSERT INTO assessments (student_id, subject, school_year, "window", performance_level, test_date) '
        "VALUES ('s1', 'reading', '2025-2026', 'BOY', 2, '2025-09-15'), "
        "('s1', 'reading', '2025-2026', 'EOY', 3, '2026-05-12'), "  # up one level
        "('s2', 'reading', '2025-2026', 'BOY', 3, '2025-09-15'), "
        "('s2', 'reading', '2025-2026', 'EOY', 3, '2026-05-12'), "  # same level
        "('s3', 'reading', '2025-2026', 'BOY', 1, '2025-09-15'), "
        "('s3', 'reading', '2025-2026', 'EOY', 4, '2026-05-12'), "  # up three levels
        "('s4', 'reading', '2025-2026', 'EOY', 4, '2026-05-12')"  # no BOY result: not counted
    )
    params = {"schools": ["101"], "as_of": date(2026, 6, 1), "grades": None}
    growth = database.query("subgroups.growth_by_group", params).set_index("subgroup")
    # All: 3 tested at both, 2 moved up; English learners: s1 only; s3's blank flag is in neither side.
    assert growth.loc["all", ["tested_both", "moved_up"]].tolist() == [3, 2]
    assert growth.loc["english_learner", ["tested_both", "moved_up"]].tolist() == [1, 1]
    assert growth.loc["not:english_learner", ["tested_both", "moved_up"]].tolist() == [1, 0]
    assert growth.loc["sex:F", ["tested_both", "moved_up"]].tolist() == [2, 2]


def test_windows_not_finished_by_the_as_of_date_are_left_out(database):
    database.sql("INSERT INTO students (student_id, school_id, grade_level) VALUES ('s1', '101', '3')")
    database.sql(
        'INSERT INTO assessments (student_id, subject, school_year, "window", performance_level, test_date) '
        "VALUES ('s1', 'math', '2025-2026', 'BOY', 3, '2025-09-15'), "
        "('s1', 'math', '2025-2026', 'MOY', 2, '2026-01-14')"
    )
    params = {"schools": ["101"], "as_of": date(2025, 12, 1), "grades": None}
    rows = database.query("subgroups.proficiency_by_group", params)
    assert rows[["window", "subgroup", "tested", "proficient"]].values.tolist() == [["BOY", "all", 1, 1]]


def test_highlighted_group_comes_right_after_all_students_and_is_shaded():
    styler = styled_table(small_report().table, "race:White")
    assert styler.data["Group"].tolist()[:2] == ["All students", "All students"]
    assert styler.data["Group"].tolist()[2] == "White"
    css = styler.to_html().split("</style>")[0]  # the rule lists the shaded cells
    assert "#T_" in css and "_row2_col0" in css and "_row1_col0" not in css and "font-weight: 600" in css
