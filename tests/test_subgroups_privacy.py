"""The subgroup page's privacy pass on hand-built schools (tests/adversarial.py): the blank-flag
residual and the complement count of issue 10, the "no flag recorded" line and the reasons."""

from __future__ import annotations

import pytest

from lib.core import db as store
from lib.core.config import PrivacyPolicy, Settings
from lib.core.filters import Filters
from lib.core.scope import Scope
from lib.privacy.audit import HIDDEN, audit
from lib.privacy.partitions import WindowPrivacy, protect_windows
from lib.subgroups import load
from lib.subgroups.audit import subgroup_publications
from lib.subgroups.load import subgroup_reports
from tests.adversarial import AS_OF, BLANK_FLAG, BLANKS_PRINTED, BLANKS_PROTECT, import_schools

POLICY = PrivacyPolicy()
MOY = "MOY 2026-2027"


@pytest.fixture(scope="module")
def schools(tmp_path_factory):
    folder = tmp_path_factory.mktemp("blank_flags")
    database = store.connect(folder / "schools.duckdb")
    import_schools(database, folder / "csv", (BLANK_FLAG, BLANKS_PROTECT, BLANKS_PRINTED))
    yield database
    database.close()


def reading(database, school_id: str):
    return subgroup_reports(database, (school_id,), AS_OF, (), POLICY)["reading"]


def rows_of(report, group: str) -> list[dict]:
    labels = report.table.labels
    return labels[labels["Group"] == group].to_dict("records")


def test_blank_flag_window_shows_no_figure_of_the_other_students(schools):
    # 52 tested: 8 English learners, 43 not, 1 blank. With all students' 52 shown, any figure of
    # the 43 gives away 52 - 43 = 9 students, 8 of them English learners.
    report = reading(schools, BLANK_FLAG.school_id)
    figures = ["Students tested", "Percent proficient", "Mean scale score", "Students in complement"]
    assert [row["Students tested"] for row in rows_of(report, "All students")] == ["52", "52"]
    assert {row[c] for row in rows_of(report, "Not English learners") for c in figures} == {"hidden"}
    assert "43" not in report.download_csv().decode()


def test_complement_count_is_hidden_on_a_hidden_row(schools):
    report = reading(schools, BLANK_FLAG.school_id)
    assert [row["Students in complement"] for row in rows_of(report, "English learners")] == [
        "hidden",
        "hidden",
    ]


def test_page_says_why_the_other_students_are_hidden(schools):
    assert reading(schools, BLANK_FLAG.school_id).privacy_notes[0] == (
        "Not English learners hidden in BOY 2026-2027 and MOY 2026-2027: all students minus them would "
        "show how many English learners and students with no English-learner flag recorded there are "
        "together, fewer than 10 students."
    )


def test_twelve_blanks_protect_four_english_learners_and_are_not_counted_aloud(schools):
    # 48 = 4 + 32 + 12: 48 - 32 = 16 can't be split, so the 32 stay; printing the 12 would give the 4 away.
    report = reading(schools, BLANKS_PROTECT.school_id)
    assert [row["Students tested"] for row in rows_of(report, "Not English learners")] == ["32", "32"]
    assert report.recorded_blanks == ()
    assert not any("flag recorded;" in note for note in report.privacy_notes)


def test_blanks_of_k_or_more_are_reported_when_every_part_is_safe(schools):
    report = reading(schools, BLANKS_PRINTED.school_id)
    assert report.privacy_notes == (
        "BOY 2026-2027: 12 students tested have no English-learner flag recorded; they count in all students only.",
        f"{MOY}: 12 students tested have no English-learner flag recorded; they count in all students only.",
    )


@pytest.mark.parametrize("spec", [BLANK_FLAG, BLANKS_PROTECT, BLANKS_PRINTED], ids=lambda s: s.name)
def test_auditor_finds_nothing_on_the_blank_flag_schools(schools, spec):
    scope = Scope.whole_district([spec.school_id])
    publications = subgroup_publications(schools, Filters(spec.school_id, AS_OF), scope, Settings())
    assert [d for p in publications for d in audit(p, POLICY.min_group_size)] == []


def test_auditor_catches_the_leak_of_issue_10_when_only_small_groups_are_hidden(schools, monkeypatch):
    def primary_only(rows, n_col, policy) -> dict[str, WindowPrivacy]:
        windows = protect_windows(rows, n_col, policy)
        return {
            window: WindowPrivacy(p.counts, p.lines, {k: s for k, s in p.states.items() if s != HIDDEN})
            for window, p in windows.items()
        }

    monkeypatch.setattr(load, "protect_windows", primary_only)
    scope = Scope.whole_district([BLANK_FLAG.school_id])
    publications = subgroup_publications(schools, Filters(BLANK_FLAG.school_id, AS_OF), scope, Settings())
    found = {d.arithmetic for p in publications if p.where.endswith(MOY) for d in audit(p, 10)}
    assert found == {
        "english_learner + _unrecorded:english_learner = all 52 - shown parts 43 = 9 (english_learner)"
    }
