"""The subgroup page through AppTest on the demo district (anchored 2026-11-22)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

GAP = "Gap to all students (pts)"
FIGURE_COLUMNS = [
    "Students tested",
    "Percent proficient",
    "Mean scale score",
    GAP,
    "Change since previous window (pts)",
    "Trend",
    "Gap to complement (pts)",
    "Students in complement",
]


@pytest.fixture
def subgroup_page(demo_app):
    """The subgroup page, run once with the default filters."""
    demo_app.run()
    demo_app.switch_page("pages/subgroups.py").run()
    assert not demo_app.exception
    return demo_app


def choose_subject(at, subject: str):
    at.button_group(key="subgroup_subject").set_value(subject).run()
    assert not at.exception
    return at


def gap_table(at) -> pd.DataFrame:
    return at.dataframe[0].value  # the gap table comes first, growth second


def chart(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def page_text(at) -> str:
    """Everything the page sends: element protos, table cells and chart specs."""
    parts = [str(node.proto) for node in _elements(at._tree)]
    parts += [frame.value.to_csv() for frame in at.dataframe]
    parts += [element.proto.spec for element in at.get("plotly_chart")]
    return "\n".join(parts)


def _elements(node):
    children = getattr(node, "children", None)
    if not children:
        yield node
        return
    for child in children.values():
        yield from _elements(child)


def test_page_runs_with_a_chart_a_gap_table_and_growth(subgroup_page):
    assert list(gap_table(subgroup_page).columns[:3]) == ["Group", "Window", "Students tested"]
    assert list(subgroup_page.dataframe[1].value.columns[:2]) == ["Group", "Students tested at both"]
    assert [trace["name"] for trace in chart(subgroup_page)["data"]][0] == "All students"


def test_known_reading_gap_for_english_learners_appears_with_its_value(subgroup_page):
    choose_subject(subgroup_page, "reading")
    table = gap_table(subgroup_page)
    el = table[(table["Group"] == "English learners") & (table["Window"] == "BOY 2026-2027")].iloc[0]
    # 1,211 of 2,373 proficient (51%) minus 73 of 252 English learners (29%) = 22 points.
    assert (el[GAP], el["Students tested"], el["Percent proficient"]) == ("22", "252", "29%")
    summary = " ".join(block.value for block in subgroup_page.markdown)
    assert (
        "The English-learner gap in reading narrowed 5 points since BOY 2025-2026, from 27 to 22" in summary
    )


def test_changing_the_subject_changes_the_chart(subgroup_page):
    # All students' percent proficient by window, as counts of proficient over tested: 2,278
    # tested in each 2025-2026 window and 2,373 at BOY 2026-2027.
    math = [1260 / 2278, 1312 / 2278, 1386 / 2278, 1231 / 2373]
    reading = [1129 / 2278, 1245 / 2278, 1324 / 2278, 1211 / 2373]
    assert chart(subgroup_page)["data"][0]["y"] == pytest.approx([100 * p for p in math])
    choose_subject(subgroup_page, "reading")
    assert chart(subgroup_page)["data"][0]["y"] == pytest.approx([100 * p for p in reading])
    assert "in reading" in chart(subgroup_page)["data"][0]["hovertext"][0]


def test_highlighted_group_is_drawn_thicker(subgroup_page):
    subgroup_page.selectbox(key="subgroup").set_value("race:Asian").run()
    lines = {trace["name"]: trace["line"]["width"] for trace in chart(subgroup_page)["data"]}
    assert lines["Asian"] == 5 and lines["English learners"] == 2


def test_group_under_k_in_one_grade_is_hidden_everywhere(subgroup_page):
    # School 101, grade 5: 6 English learners, so they and the 74 others are hidden.
    subgroup_page.selectbox(key="school").set_value("101").run()
    subgroup_page.multiselect(key="grade").set_value(["5"]).run()
    subgroup_page.selectbox(key="subgroup").set_value("english_learner").run()
    choose_subject(subgroup_page, "reading")
    table = gap_table(subgroup_page)
    hidden = table[table["Group"].isin(["English learners", "Not English learners"])]
    assert len(hidden) == 8
    assert set(hidden["Students tested"]) == {"fewer than 10", "hidden"}
    # English learners' cells read "fewer than 10" or "n<10", the others' "hidden" (and their
    # complement, the English learners, "fewer than 10"); the first window has no change ("—")
    # and no trend (blank).
    assert set(hidden[FIGURE_COLUMNS].stack()) == {"fewer than 10", "n<10", "hidden", "—", ""}
    growth = subgroup_page.dataframe[1].value
    assert set(growth.loc[growth["Group"] == "English learners", "Students tested at both"]) == {
        "fewer than 10"
    }
    el_line = next(trace for trace in chart(subgroup_page)["data"] if trace["name"] == "English learners")
    assert el_line["y"] == [None, None, None, None]
    text = page_text(subgroup_page)
    # Their real figures, as a table, hover or chart would carry them, are nowhere on the page:
    # English learners' mean scale scores and percent at BOY 2025-2026 (1 of 6), the 74 others'
    # percents (44, 49, 45 and 39 of 74) and mean scale scores. (Their 33.3% at EOY is left
    # out: another group in this grade has the same percent.)
    secrets = [
        "186.83",
        "189.33",
        "192.5",
        "16.666",
        "59.459",
        "66.216",
        "60.810",
        "52.702",
        "202.52",
        "205.08",
    ]
    for secret in secrets:
        assert secret not in text, secret
    assert "English learners: hidden in every window of this view" in subgroup_page.info[0].value


def test_blank_flag_school_page_hides_the_other_students_and_says_why(tmp_path, monkeypatch):
    # Issue 10's window: 52 tested, 8 English learners, 43 not, 1 blank flag.
    from lib.core import db as store
    from tests.adversarial import BLANK_FLAG, import_schools
    from tests.helpers import app_test, open_page, shown_text

    database = store.connect(tmp_path / "blank.duckdb")
    import_schools(database, tmp_path / "csv", (BLANK_FLAG,))
    database.close()
    at = open_page(app_test(monkeypatch, tmp_path / "blank.duckdb"), "pages/subgroups.py", school="0901")
    table = gap_table(at)
    others = table[table["Group"] == "Not English learners"]
    assert set(others[FIGURE_COLUMNS].stack()) == {"hidden", "—", ""}
    cells = {str(cell) for frame in at.dataframe for cell in frame.value.stack()}
    assert "43" not in cells and "n = 43" not in page_text(at)  # no table cell, no chart hover
    words = shown_text(at).replace("\\", "")  # the notes go through markdown_escape
    assert "Not English learners hidden in BOY 2026-2027 and MOY 2026-2027: all students minus them" in words
