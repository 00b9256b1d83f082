"""OneRoster values as exports write them (pure readers), the grades the dashboard keeps as given,
and the OneRoster import from the Data page and the command line."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest

from lib.core.filters import grade_label, sort_grades
from lib.importing import publish, view
from lib.importing.oneroster import values
from lib.importing.oneroster.settings import RosterOptions, from_environment
from tests.helpers import ROOT
from tests.test_oneroster_import import BASE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KG", ("K", None)), ("03", ("3", None)), ("13", ("13", None)), ("TK", ("TK", None)),
        ("UG", ("UG", None)), ("Other", ("Other", None)), ("PK", ("PK", None)),
        ("K", ("K", "vendor")), ("Ten", ("10", "vendor")), ("3rd", ("3", "vendor")), ("7", ("7", "vendor")),
        ("Kindergarten", ("K", "vendor")), ("kg", ("K", "vendor")), ("", (None, None)),
    ],
)  # fmt: skip
def test_grades_read_ceds_codes_and_vendor_spellings(text, expected):
    assert values.grade(text) == expected


def test_a_word_that_is_no_grade_is_refused():
    with pytest.raises(ValueError, match="is not a grade"):
        values.grade("Purple")


@pytest.mark.parametrize(
    ("text", "tolerance"),
    [
        ("2026-08-01T06:30:00Z", None), ("2026-08-01T06:30:00.000Z", None), ("2026-08-01T06:30:00-05:00", None),
        ("", None), ("2026-08-01", "date"), ("8/1/2026", "us_date"), ("2026-08-01 06:30:00", "space"),
    ],
)  # fmt: skip
def test_date_last_modified_tolerances(text, tolerance):
    assert values.last_modified(text) == tolerance


@pytest.mark.parametrize("text", ["2026-02-30", "yesterday", "13/1/2026"])
def test_a_date_last_modified_that_is_no_date_is_refused(text):
    with pytest.raises(ValueError):
        values.last_modified(text)


def test_booleans_in_any_case_are_read_with_a_tolerance():
    assert values.boolean("true") == (True, None)
    assert values.boolean("FALSE") == (False, "case")
    with pytest.raises(ValueError, match="must be true or false"):
        values.boolean("yes")


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        ({"white": True, "hispanicOrLatinoEthnicity": True}, "Hispanic or Latino"),
        ({"asian": True, "white": True}, "Two or More Races"),
        ({"demographicRaceTwoOrMoreRaces": True}, "Two or More Races"),
        ({"blackOrAfricanAmerican": True, "white": False}, "Black or African American"),
        ({}, None),
    ],
)
def test_race_ethnicity_follows_the_federal_rule(marks, expected):
    assert values.race_ethnicity(marks) == expected


def test_grades_the_dashboard_keeps_as_given_sort_in_school_order_and_read_in_words():
    assert sort_grades(["3", "UG", "K", "TK", "PK", "13"]) == ["PK", "TK", "K", "3", "13", "UG"]
    assert [grade_label(g) for g in ("TK", "UG", "13")] == [
        "Transitional kindergarten",
        "Ungraded",
        "Grade 13",
    ]


def test_a_bad_setting_in_the_environment_is_a_sentence(monkeypatch):
    monkeypatch.setenv("SCHOOL_GOALS_ONEROSTER_ID_FIELD", "email")
    with pytest.raises(ValueError, match='The OneRoster id field "email" is not sourcedId or identifier.'):
        from_environment()
    monkeypatch.setenv("SCHOOL_GOALS_ONEROSTER_ID_FIELD", "IDENTIFIER")
    assert from_environment() == RosterOptions(id_field="identifier")


class Upload(io.BytesIO):
    def __init__(self, name: str, content: bytes) -> None:
        super().__init__(content)
        self.name = name


def zipped() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in BASE.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.fixture
def place(tmp_path, monkeypatch):
    monkeypatch.setenv("SCHOOL_GOALS_DB", str(tmp_path / "store" / "s.duckdb"))
    monkeypatch.setenv("SCHOOL_GOALS_APP_DB", str(tmp_path / "store" / "app.sqlite"))
    return publish.Place.default()


def test_a_oneroster_zip_uploaded_on_the_data_page_is_imported_with_the_pages_settings(place):
    options = view.roster_options("identifier", "", "assistant_principal")
    result = view.import_uploads(
        [Upload("Roster Export (3).zip", zipped())], "clerk", publish.quiet, place, options
    )
    assert result.level == "success", result.heading
    assert result.rows["New rows"].tolist() == [1, 2, 1, 3]  # schools, staff, sections, students
    assert result.notes[0].startswith("Read a OneRoster 1.1 set (Roster Export (3).zip)\\: 1 school, ")


def test_a_blank_homeroom_setting_means_homeroom_and_a_bad_choice_is_a_sentence(place):
    assert view.roster_options("sourcedId", "  ", "principal") == RosterOptions()
    refused = view.roster_options("sourcedId", "homeroom", "superintendent")
    result = view.import_uploads([Upload("roster.zip", zipped())], "clerk", publish.quiet, place, refused)
    assert result.level == "error"
    assert "superintendent" in result.heading


def test_the_command_line_imports_a_oneroster_folder_with_its_options(tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    for name, text in BASE.items():
        (folder / name).write_text(text)
    env = {"SCHOOL_GOALS_DB": str(tmp_path / "s.duckdb"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "lib.cli", "import", str(folder), "--oneroster-ids", "identifier"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "students: 3 new, 0 changed, 0 unchanged rows" in done.stdout
    assert (
        "Note: Read a OneRoster 1.1 set (export): 1 school, 2 staff members, 1 homeroom, 3 students."
        in done.stdout
    )


def test_a_bad_oneroster_setting_stops_a_roster_import_only(monkeypatch, database, write_csv, tmp_path):
    from lib.importing.importer import import_files
    from tests.helpers import SCHOOLS
    from tests.test_oneroster_import import write_set

    monkeypatch.setenv("SCHOOL_GOALS_ONEROSTER_ADMINISTRATORS", "superintendent")
    assert import_files(database, [write_csv("schools.csv", SCHOOLS)]).ok
    report = import_files(database, write_set(tmp_path / "set", BASE))
    assert [p.text() for p in report.problems] == [
        'OneRoster settings: The role for OneRoster administrators "superintendent" is not one of principal, '
        "assistant_principal, other."
    ]
