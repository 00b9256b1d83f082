"""The Data page (issue 12): uploads, the history in words, undo, templates, the data's date.

Each test has its own store in tmp_path made the way every import is made (import_batch: a
copy published by a rename, the history in the app database): import 1 brings one school,
two students and two reading logs (tests/helpers.py).
"""

from __future__ import annotations

import io
from datetime import datetime

import pandas as pd
import pytest

from lib.core.contract import LOAD_ORDER
from lib.core.store_files import StoreChangeError
from lib.importing import publish, view, words
from lib.importing.publish import Place, import_batch
from lib.importing.uploads import ProgressRelay, safe_file_name, saved_uploads
from tests.helpers import LOGS, SCHOOLS, STUDENTS, app_test, open_page

PAGE = "pages/data.py"
LOG_HEADER = "log_id,student_id,log_date,minutes,books,title\n"
NEW_LOG = LOG_HEADER + "L3,000123,2026-09-03,15,2,Corduroy\n"
BAD_LOG = LOG_HEADER + "L4,000124,2026-09-03,15,1,\nL5,000124,2026-09-31,15,1,\n"
BAD_DATE = "must be a real date written YYYY-MM-DD or M/D/YYYY"


class Upload(io.BytesIO):
    """What Streamlit's uploader hands the page: bytes with the name the browser sent."""

    def __init__(self, name: str, text: str) -> None:
        super().__init__(text.encode())
        self.name = name


@pytest.fixture
def place(tmp_path, monkeypatch, write_csv) -> Place:
    """A store and app database in tmp_path holding import 1 (by 'clerk' from the command line)."""
    monkeypatch.setenv("SCHOOL_GOALS_DB", str(tmp_path / "store" / "s.duckdb"))
    monkeypatch.setenv("SCHOOL_GOALS_APP_DB", str(tmp_path / "store" / "app.sqlite"))
    files = [("schools.csv", SCHOOLS), ("students.csv", STUDENTS), ("reading_logs.csv", LOGS)]
    report = import_batch([write_csv(name, text) for name, text in files], who="clerk")
    assert report.ok, report.text()
    return Place.default()


def upload(place: Place, *files: tuple[str, str]) -> view.Result:
    return view.import_uploads([Upload(name, text) for name, text in files], "clerk", publish.quiet, place)


def data_page(monkeypatch, place: Place):
    """The Data page in AppTest over the fixture's store."""
    return open_page(app_test(monkeypatch, place.files.store), PAGE)


def history_frame(at) -> pd.DataFrame:
    return next(frame.value for frame in at.dataframe if "Outcome" in frame.value.columns)


# --- Uploads on their way to the importer ----------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "saved"),
    [
        ("reading_logs.csv", "reading_logs.csv"),
        ("../../etc/reading_logs.csv", "reading_logs.csv"),
        ("C:\\exports\\students.csv", "students.csv"),
        (".hidden.csv", "hidden.csv"),
        ("logs; rm -rf $HOME.csv", "logs_ rm -rf _HOME.csv"),
        ("..", "upload.csv"),
    ],
)
def test_an_uploaded_name_keeps_only_its_base_name(sent, saved):
    assert safe_file_name(sent) == saved


def test_uploads_go_to_a_fresh_folder_that_is_deleted_after():
    files = [Upload("reading_logs.csv", "a"), Upload("nov/reading_logs.csv", "b"), Upload("x.csv", "c")]
    with saved_uploads(files) as paths:
        folder = paths[0].parent
        assert [p.name for p in paths] == ["reading_logs.csv", "reading_logs (2).csv", "x.csv"]
        assert [p.read_text() for p in paths] == ["a", "b", "c"]
    assert not folder.exists()


class Rerun(BaseException):
    """Stands for Streamlit's RerunException: raised by a drawing call after a click elsewhere."""


def test_a_click_during_an_import_is_held_until_the_import_is_over():
    shown: list[str] = []

    def show(text: str) -> None:
        if text == "Checking every row...":
            raise Rerun
        shown.append(text)

    relay = ProgressRelay(show)
    for step in ("Reading reading_logs.csv...", "Checking every row...", "Publishing import 2..."):
        relay(step)  # never raises: the import goes on
    assert shown == ["Reading reading_logs.csv..."]
    with pytest.raises(Rerun):
        relay.raise_held()


def test_ctrl_c_on_the_server_still_stops_an_import():
    def show(_: str) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ProgressRelay(show)("Reading reading_logs.csv...")


# --- Words ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("import_id", "published_at", "sentence"),
    [
        (7, datetime(2026, 12, 2, 5, 14), "Data as of import 7, Wednesday, December 2, 2026 at 5:14 AM."),
        (12, datetime(2026, 11, 20, 13, 5), "Data as of import 12, Friday, November 20, 2026 at 1:05 PM."),
        (3, datetime(2026, 11, 22, 0, 30), "Data as of import 3, Sunday, November 22, 2026 at 12:30 AM."),
        (3, None, "Data as of import 3."),
        (None, None, "No data has been imported yet."),
    ],
)
def test_data_as_of_names_the_import_and_its_day(import_id, published_at, sentence):
    assert words.data_as_of(import_id, published_at) == sentence


@pytest.mark.parametrize(
    ("row", "shown"),
    [
        (("import", "imported", 0, None, None), "✓ Imported"),
        (("import", "rejected", 12, None, None), "✕ Rejected (12 problems)"),
        (("import", "rejected", 1, None, None), "✕ Rejected (1 problem)"),
        (("import", "undone", 0, None, 9), "↶ Undone by 9"),
        (("undo", "done", 0, 5, None), "↶ Undo of import 5"),
        (("undo", "rejected", 0, None, None), "✕ Refused"),
        (("import", "unchanged", 0, None, None), "= Nothing changed"),
        (("import", "interrupted", 0, None, None), "✕ Stopped before finishing"),
        (("import", "failed", 0, None, None), "✕ Failed"),
        (("restore", "done", 0, None, None), "⟲ Restored an earlier copy"),
    ],
)
def test_every_outcome_has_a_word_and_a_sign(row, shown):
    assert words.outcome(*row) == shown


def test_undo_sentence_counts_rows_added_and_rows_put_back():
    added = {"reading_logs": 1200, "students": 0}
    assert words.undo_done(7, 9, added, 3) == (
        "Import 7 was undone (undo 9): the 1,200 rows it added are removed (1,200 reading logs); "
        "the 3 rows it changed are back as they were."
    )
    assert words.undo_done(7, 9, {"students": 0}, 1) == (
        "Import 7 was undone (undo 9): it added no rows; the 1 row it changed is back as it was."
    )


# --- Importing uploads -------------------------------------------------------------------------


def test_a_good_upload_is_imported_with_its_rows_per_table(place):
    result = upload(place, ("reading_logs.csv", NEW_LOG))
    assert (result.level, result.heading) == ("success", "Imported (import 2): 1 row added or updated.")
    assert result.rows.to_dict("records") == [
        {"Table": "reading_logs", "New rows": 1, "Changed rows": 0, "Unchanged rows": 0}
    ]
    latest = publish.history_of(place).iloc[0]
    assert (latest["import_id"], latest["outcome"], latest["via"], latest["who"]) == (
        2,
        "imported",
        "Data page",
        "clerk",
    )
    assert place.files.published().import_id == 2


def test_two_uploads_with_one_name_are_both_imported(place):
    other = LOG_HEADER + "L6,000124,2026-09-04,10,1,Corduroy\n"
    result = upload(place, ("reading_logs.csv", NEW_LOG), ("reading_logs.csv", other))
    assert result.heading == "Imported (import 2): 2 rows added or updated."
    assert result.detail == (
        "Read reading\\_logs.csv as reading logs (UTF-8); reading\\_logs (2).csv as reading logs (UTF-8)."
    )


def test_undo_choices_name_the_import_its_day_and_files(place):
    upload(place, ("reading_logs.csv", NEW_LOG))
    log = view.history_log(place)
    started = log["started_at"].iloc[0].to_pydatetime()
    assert view.undoable_choices(log)[2] == f"Import 2 · {words.short_when(started)} · reading_logs.csv"
    assert words.short_when(datetime(2026, 12, 2, 17, 4)) == "Wed Dec 2, 2026, 5:04 PM"


def test_a_bad_upload_lists_file_line_and_column_and_changes_nothing(place):
    result = upload(place, ("reading_logs.csv", BAD_LOG))
    assert (result.level, result.heading) == ("error", "Nothing was imported: 1 problem.")
    assert result.detail == "Fix the files and import them again; the data is unchanged."
    assert result.problems.to_dict("records") == [
        {
            "File": "reading_logs.csv",
            "Line": 3,
            "Column": "log_date",
            "Value": "2026-09-31",
            "Problem": BAD_DATE,
        }
    ]
    assert result.import_id == 2
    assert place.files.published().import_id == 1  # the published data is still import 1's
    assert publish.history_of(place)["outcome"].tolist() == ["rejected", "imported"]


def test_an_upload_the_store_cannot_take_is_a_sentence(place, monkeypatch):
    def full_disk(*_, **__):
        raise StoreChangeError("The disk holding /data/s.duckdb is full: free some space and import again.")

    monkeypatch.setattr(publish, "import_batch", full_disk)
    result = upload(place, ("reading_logs.csv", NEW_LOG))
    assert (result.level, result.heading) == (
        "error",
        "The disk holding /data/s.duckdb is full\\: free some space and import again.",
    )


# --- History, undo, the data's date -----------------------------------------------------------


def test_history_in_words_after_an_import_a_rejection_and_an_undo(place):
    upload(place, ("reading_logs.csv", NEW_LOG))  # import 2
    upload(place, ("reading_logs.csv", BAD_LOG))  # 3, rejected
    assert view.undo(2, "clerk", publish.quiet, place).level == "success"  # undo 4
    table = view.history_table(view.history_log(place))
    assert table["Outcome"].tolist() == [
        "↶ Undo of import 2",
        "✕ Rejected (1 problem)",
        "↶ Undone by 4",
        "✓ Imported",
    ]
    assert table["Rows added or updated"].tolist() == [pd.NA, pd.NA, 1, 5]
    assert pd.isna(table["Files"][0])  # an undo brings no file: the page shows "—"
    assert table["Files"].tolist()[1:] == [
        "reading_logs.csv",
        "reading_logs.csv",
        "schools.csv, students.csv, reading_logs.csv",
    ]
    assert table["Via"].tolist() == ["Data page", "Data page", "Data page", "command line"]


def test_undo_removes_the_added_rows_and_puts_changed_ones_back(place):
    renamed = STUDENTS.replace("Ana,Lopez", "Ana,López-Ruiz")
    upload(place, ("students.csv", renamed), ("reading_logs.csv", NEW_LOG))  # import 2
    log = view.history_log(place)
    assert view.undo_plan(log, 2)[:3] == [
        "Import 2 brought students.csv, reading\\_logs.csv.",
        "Undoing it removes the 1 reading logs row it added.",
        "The 1 students row it changed go back to how they were before import 2.",
    ]
    result = view.undo(2, "clerk", publish.quiet, place)
    assert (result.level, result.heading) == (
        "success",
        "Import 2 was undone (undo 3): the 1 row it added is removed (1 reading logs); "
        "the 1 row it changed is back as it was.",
    )


def test_an_undo_that_would_orphan_later_rows_is_refused_with_a_warning(place):
    upload(place, ("reading_logs.csv", NEW_LOG))  # import 2: a log of student 000123 from import 1
    result = view.undo(1, "clerk", publish.quiet, place)
    assert result.level == "warning"
    assert result.heading.startswith(
        "Undoing import 1 would leave 1 reading\\_logs rows pointing at students"
    )
    assert place.files.published().import_id == 2


def test_data_status_and_kept_copies_follow_the_published_file(place):
    upload(place, ("reading_logs.csv", NEW_LOG))
    published = place.files.published()
    assert view.data_status(view.history_log(place), place) == words.data_as_of(2, published.made_at)
    kept = view.snapshots_table(place)
    assert kept["Import"].tolist() == [2, 1]
    assert kept["In use"].tolist() == ["● The app shows this", ""]


def test_no_store_yet_means_no_history_and_no_app_database(tmp_path):
    nothing = Place(publish.StoreFiles(tmp_path / "s.duckdb"), publish.AppDatabase(tmp_path / "app.sqlite"))
    log = view.history_log(nothing)
    assert log.empty
    assert view.data_status(log, nothing) == "No data has been imported yet."
    assert not (tmp_path / "app.sqlite").exists()


def test_templates_cover_every_file_in_load_order():
    templates = view.templates()
    assert [t.table for t in templates] == list(LOAD_ORDER)
    assert [t.path.name for t in templates] == [f"{table}.csv" for table in LOAD_ORDER]
    assert (templates[4].key, templates[4].required) == ("log_id", "student_id, log_date, minutes")


# --- The page through AppTest -------------------------------------------------------------------


def test_page_shows_the_data_date_and_the_history(place, monkeypatch):
    upload(place, ("reading_logs.csv", BAD_LOG))  # import 2, rejected
    at = data_page(monkeypatch, place)
    assert at.title[0].value == "Data"
    status = at.markdown[0].value
    assert status.startswith(":material/database: Data as of import 1, ")
    history = history_frame(at)
    assert history["Import"].tolist() == [2, 1]
    assert history["Outcome"].tolist() == ["✕ Rejected (1 problem)", "✓ Imported"]
    assert history["Who"].tolist() == ["clerk", "clerk"]
    ids = [button.proto.id for button in at.get("download_button")]
    assert any(i.endswith("import_history_csv") for i in ids)


def test_choosing_a_rejected_import_shows_its_problems(place, monkeypatch):
    upload(place, ("reading_logs.csv", BAD_LOG))  # import 2, rejected
    at = data_page(monkeypatch, place)
    at.selectbox(key="data_rejected").set_value(2).run()
    assert not at.exception
    problems = next(frame.value for frame in at.dataframe if "Problem" in frame.value.columns)
    assert problems.to_dict("records") == [
        {
            "File": "reading_logs.csv",
            "Line": 3,
            "Column": "log_date",
            "Value": "2026-09-31",
            "Problem": BAD_DATE,
        }
    ]
    ids = [button.proto.id for button in at.get("download_button")]
    assert any(i.endswith("history_import_2_problems_csv") for i in ids)


def test_uploading_on_the_page_imports_the_batch(place, monkeypatch):
    at = data_page(monkeypatch, place)
    at.get("file_uploader")[0].set_value([("reading_logs.csv", NEW_LOG.encode(), "text/csv")]).run()
    at.button[0].click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Imported (import 2): 1 row added or updated."]
    assert history_frame(at)["Outcome"].tolist() == ["✓ Imported", "✓ Imported"]
    assert at.markdown[0].value.startswith(":material/database: Data as of import 2, ")


def test_a_bad_upload_on_the_page_shows_its_problems_and_history_says_rejected(place, monkeypatch):
    at = data_page(monkeypatch, place)
    at.get("file_uploader")[0].set_value([("reading_logs.csv", BAD_LOG.encode(), "text/csv")]).run()
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["Nothing was imported: 1 problem."]
    problems = next(frame.value for frame in at.dataframe if "Problem" in frame.value.columns)
    assert problems[["File", "Line", "Column"]].values.tolist() == [["reading_logs.csv", 3, "log_date"]]
    assert history_frame(at)["Outcome"].tolist() == ["✕ Rejected (1 problem)", "✓ Imported"]
    ids = [button.proto.id for button in at.get("download_button")]
    assert any(i.endswith("import_2_problems_csv") for i in ids)


def test_undo_asks_first_then_removes_the_import(place, monkeypatch):
    upload(place, ("reading_logs.csv", NEW_LOG))  # import 2
    at = data_page(monkeypatch, place)
    assert at.selectbox(key="data_undo_2").value == 2  # the newest import comes first
    at.button(key="data_undo").click().run()
    assert "Undoing it removes the 1 reading logs row it added." in [m.value for m in at.markdown]
    assert place.files.published().import_id == 2  # nothing happens before the answer
    at.button(key="data_undo_yes").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Import 2 was undone (undo 3): the 1 row it added is removed (1 reading logs)."
    ]
    assert history_frame(at)["Outcome"].tolist() == ["↶ Undo of import 2", "↶ Undone by 3", "✓ Imported"]


def test_a_refused_undo_is_a_warning_and_changes_nothing(place, monkeypatch):
    upload(place, ("reading_logs.csv", NEW_LOG))  # import 2 refers to import 1's student
    at = data_page(monkeypatch, place)
    at.selectbox(key="data_undo_2").set_value(1).run()
    at.button(key="data_undo").click().run()
    at.button(key="data_undo_yes").click().run()
    assert not at.exception
    assert at.warning[0].value.startswith("Undoing import 1 would leave 1 reading\\_logs rows")
    assert place.files.published().import_id == 2


def test_every_template_has_its_download(place, monkeypatch):
    at = data_page(monkeypatch, place)
    labels = [
        b.proto.label for b in at.get("download_button") if b.proto.id.split("-")[-1].startswith("template_")
    ]
    assert labels == [f"{table}.csv" for table in LOAD_ORDER]


def test_without_data_the_menu_has_get_started_and_data(tmp_path, monkeypatch):
    monkeypatch.setenv("SCHOOL_GOALS_APP_DB", str(tmp_path / "app.sqlite"))
    at = app_test(monkeypatch, tmp_path / "none.duckdb").run()
    assert [link.proto.page for link in at.get("page_link")] == ["data"]  # the Data page's address
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.title[0].value == "Data"
    assert at.markdown[0].value == ":material/database: No data has been imported yet."
    assert [i.value for i in at.info] == ["No imports yet."]
    at.get("file_uploader")[0].set_value(
        [
            (name, text.encode(), "text/csv")
            for name, text in [("schools.csv", SCHOOLS), ("students.csv", STUDENTS)]
        ]
    ).run()
    at.button[0].click().run()
    assert [s.value for s in at.success] == ["Imported (import 1): 3 rows added or updated."]
    assert (tmp_path / "none.duckdb").exists()
