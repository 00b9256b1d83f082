"""A DuckLake store behind the same data door (issue 18), on a SQLite catalog: the same imports,
undo, snapshots and queries as on a DuckDB file. tests/test_lake_servers.py runs it on
PostgreSQL with several servers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lib.core import config
from lib.core import db as store
from lib.core.appdb import AppDatabase
from lib.core.config import Lake, lake_of
from lib.core.lake_files import LakeFiles, snapshot_name
from lib.importing import publish
from tests.helpers import LOGS, SCHOOLS, STUDENTS


def lake_at(folder: Path) -> Lake:
    return Lake(f"sqlite:{folder / 'catalog.sqlite'}", str(folder / "data") + "/")


def lake_place(folder: Path) -> publish.Place:
    return publish.Place(LakeFiles(lake_at(folder), folder), AppDatabase(folder / "app.sqlite"))


def files(write_csv, logs: str = LOGS) -> list[Path]:
    return [
        write_csv("schools.csv", SCHOOLS),
        write_csv("students.csv", STUDENTS),
        write_csv("reading_logs.csv", logs),
    ]


# -- the setting --------------------------------------------------------------------------------


def test_a_file_path_is_no_lake_and_a_lake_hides_its_password():
    assert lake_of("data/school_goals.duckdb") is None
    lake = lake_of(
        "ducklake:postgres:dbname=lake host=db.example.org password=s3cret",
        {"SCHOOL_GOALS_DATA_PATH": "/srv/lake/"},
    )
    assert lake == Lake("postgres:dbname=lake host=db.example.org password=s3cret", "/srv/lake/")
    assert lake.label == "ducklake:postgres:dbname=lake host=db.example.org password=***"
    assert lake.target == "ducklake:postgres:dbname=lake host=db.example.org password=s3cret"
    assert lake_of(lake) is lake


@pytest.mark.parametrize("value", ["ducklake:", "ducklake:mysql:db=x", "ducklake:postgres:"])
def test_a_lake_of_an_unknown_kind_is_a_sentence_naming_the_setting(value, monkeypatch):
    with pytest.raises(ValueError, match="SCHOOL_GOALS_DB"):
        lake_of(value)
    monkeypatch.setenv("SCHOOL_GOALS_DB", value)
    with pytest.raises(store.DatabaseUnavailableError, match="ducklake:postgres:<connection string>"):
        store.connect()


def test_the_app_database_of_a_lake_sits_in_data(monkeypatch):
    monkeypatch.setenv("SCHOOL_GOALS_DB", "ducklake:postgres:dbname=lake")
    monkeypatch.delenv("SCHOOL_GOALS_APP_DB", raising=False)
    assert config.app_database_path() == config.ROOT / "data" / "school_goals_app.sqlite"
    assert config.store_target() == "ducklake:postgres:dbname=lake"
    assert store.store_exists()


# -- opening ------------------------------------------------------------------------------------


def test_a_lake_with_nothing_imported_is_missing_not_broken(tmp_path):
    with pytest.raises(store.DatabaseMissingError, match="has no data yet: nothing has been imported"):
        store.connect(lake_at(tmp_path), read_only=True)
    place = lake_place(tmp_path)
    assert not place.files.has_store()
    with pytest.raises(store.DatabaseMissingError, match="has no data yet"):
        publish.undo_batch(1, place=place)


def test_an_unreachable_catalog_is_a_sentence(tmp_path):
    lake = Lake(f"sqlite:{tmp_path / 'no-folder' / 'catalog.sqlite'}", str(tmp_path / "data"))
    with pytest.raises(
        store.DatabaseUnavailableError, match="could not be read .*Check that its catalog database is running"
    ):
        store.connect(lake)


# -- changes ------------------------------------------------------------------------------------


def test_an_import_is_one_snapshot_that_readers_see_on_their_next_query(tmp_path, write_csv):
    place = lake_place(tmp_path)
    report = publish.import_batch(files(write_csv), place=place)
    assert report.ok and report.import_id == 1
    reader = store.connect(lake_at(tmp_path), read_only=True)
    before = reader.version()
    assert reader.scalar("SELECT count(*) FROM reading_logs") == 2
    assert reader.scalar("SELECT sum(minutes) FROM reading_logs") == 20 + 35

    more = LOGS + "L3,000124,2026-09-03,40,,\n"
    again = publish.import_batch([write_csv("reading_logs.csv", more)], place=place)
    assert again.ok and again.import_id == 2
    # The reader opened before the import: its next query reads the new snapshot.
    assert reader.scalar("SELECT count(*) FROM reading_logs") == 3
    assert reader.version() != before
    kept = place.files.snapshots()
    assert [s.import_id for s in kept] == [2, 1]
    assert kept[0].name == snapshot_name(reader.snapshot_id())
    history = publish.history_of(place)
    assert history[["import_id", "outcome"]].values.tolist() == [[2, "imported"], [1, "imported"]]
    assert history["snapshot"].tolist() == [kept[0].name, kept[1].name]
    reader.close()


def test_an_unchanged_or_rejected_import_commits_nothing(tmp_path, write_csv):
    place = lake_place(tmp_path)
    publish.import_batch(files(write_csv), place=place)
    reader = store.connect(lake_at(tmp_path), read_only=True)
    snapshot = reader.snapshot_id()

    same = publish.import_batch(files(write_csv), place=place)
    assert same.ok and same.changed_rows() == 0
    bad = publish.import_batch(
        [write_csv("reading_logs.csv", LOGS + "L9,000124,2026-13-45,20,,\n")], place=place
    )
    assert not bad.ok
    problem = bad.problems[0]
    assert (Path(problem.file).name, problem.line, problem.column) == ("reading_logs.csv", 4, "log_date")

    assert reader.snapshot_id() == snapshot  # neither made a snapshot
    assert reader.scalar("SELECT count(*) FROM import_log") == 1
    outcomes = publish.history_of(place)["outcome"].tolist()
    assert outcomes == ["rejected", "unchanged", "imported"]
    reader.close()


def test_undo_is_a_snapshot_and_a_review_reads_the_snapshot_it_started_on(tmp_path, write_csv):
    place = lake_place(tmp_path)
    publish.import_batch(files(write_csv), place=place)
    first = place.files.published()
    second = publish.import_batch([write_csv("reading_logs.csv", LOGS.replace(",20,", ",90,"))], place=place)
    assert second.ok and second.changed_rows() == 1

    undone = publish.undo_batch(second.import_id, place=place)
    assert undone.removed == {"reading_logs": 1}
    reader = store.connect(lake_at(tmp_path), read_only=True)
    assert reader.scalar("SELECT sum(minutes) FROM reading_logs") == 20 + 35
    assert place.files.published().import_id == undone.undo_id

    # The lake as import 1 left it, as a review started then reads it.
    assert first is not None
    then = place.files.snapshot_target(first.name)
    assert then is not None and then.snapshot is not None
    old = store.connect(then, read_only=True)
    assert old.scalar("SELECT count(*) FROM import_log") == 1
    assert old.version().split("|")[1] == str(then.snapshot)
    old.close()
    assert place.files.snapshot_target("0001-20261122T080000.duckdb") is None
    reader.close()


def test_a_restore_from_a_backup_file_is_refused_on_a_lake(tmp_path, write_csv):
    place = lake_place(tmp_path)
    publish.import_batch(files(write_csv), place=place)
    with pytest.raises(publish.StoreChangeError, match="dump of its PostgreSQL catalog"):
        publish.publish_file(tmp_path / "backup.duckdb", "restore", "restored", place=place)


def test_held_rolls_back_what_was_not_committed(tmp_path, write_csv):
    publish.import_batch(files(write_csv), place=lake_place(tmp_path))
    writer = store.connect(lake_at(tmp_path))
    with writer.held():
        with writer.transaction() as cur:
            cur.execute("DELETE FROM reading_logs")
        assert writer.scalar("SELECT count(*) FROM reading_logs") == 0  # seen inside
    assert writer.scalar("SELECT count(*) FROM reading_logs") == 2  # never committed
    writer.close()


def test_the_same_queries_give_the_same_answers_on_a_lake_and_a_file(tmp_path, demo_path, demo_reader):
    """Pages, SQL and the privacy pass don't know which store they read: the demo district's
    goal board and subgroup figures are the same on both."""
    from lib.core.filters import Filters
    from lib.goals.board import goal_cards

    demo_files = sorted((demo_path.parent / "csv").glob("*.csv"))
    place = lake_place(tmp_path)
    report = publish.import_batch(demo_files, place=place)
    assert report.ok, report.text()
    lake = store.connect(lake_at(tmp_path), read_only=True)
    file = demo_reader
    for table in ("students", "reading_logs", "observations", "assessments"):
        assert lake.scalar(f"SELECT count(*) FROM {table}") == file.scalar(f"SELECT count(*) FROM {table}")
    filters = Filters(school_id="101", as_of=date(2026, 11, 21))
    policy = config.policy_from_env({})
    on_lake, _ = goal_cards(lake, ["101"], filters, policy)
    on_file, _ = goal_cards(file, ["101"], filters, policy)
    assert [(c.goal_id, c.status) for c in on_lake] == [(c.goal_id, c.status) for c in on_file]
    assert len(on_lake) == 7
    lake.close()


def test_two_districts_in_one_lake_keep_their_rows_apart(tmp_path, write_csv):
    """Ids are unique only within a district: the same school and student ids in two districts
    are two schools and two students, and each district's store reads its own."""
    one, other = lake_at(tmp_path), Lake(lake_at(tmp_path).catalog, None, "lakeside")
    publish.import_batch(files(write_csv), place=lake_place(tmp_path))
    place = publish.Place(LakeFiles(other, tmp_path), AppDatabase(tmp_path / "lakeside.sqlite"))
    report = publish.import_batch(files(write_csv, LOGS.replace(",20,", ",25,")), place=place)
    assert report.ok and report.import_id == 1
    first, second = store.connect(one, read_only=True), store.connect(other, read_only=True)
    assert first.scalar("SELECT sum(minutes) FROM reading_logs") == 20 + 35
    assert second.scalar("SELECT sum(minutes) FROM reading_logs") == 25 + 35
    assert "district lakeside" in second.version()
    publish.undo_batch(1, place=place)
    assert second.scalar("SELECT count(*) FROM reading_logs") == 0
    assert first.scalar("SELECT count(*) FROM reading_logs") == 2
    first.close()
    second.close()


@pytest.mark.parametrize("name", ["Riverbend", "1st", "a-b", "x; DROP SCHEMA main"])
def test_a_district_name_is_checked(name):
    with pytest.raises(ValueError, match="SCHOOL_GOALS_DISTRICT"):
        lake_of("ducklake:sqlite:c.sqlite", {"SCHOOL_GOALS_DISTRICT": name})


def test_the_app_reads_a_lake_as_it_reads_a_file(tmp_path, demo_path, monkeypatch):
    """The goal board and the Data page over the demo district in a lake (AppTest)."""
    from tests.helpers import app_test, open_page, shown_text

    lake = lake_at(tmp_path)
    monkeypatch.setenv("SCHOOL_GOALS_DATA_PATH", str(lake.data_path))
    monkeypatch.setenv("SCHOOL_GOALS_APP_DB", str(tmp_path / "app.sqlite"))
    report = publish.import_batch(
        sorted((demo_path.parent / "csv").glob("*.csv")), place=lake_place(tmp_path)
    )
    assert report.ok, report.text()
    at = app_test(monkeypatch, lake.target)  # type: ignore[arg-type]
    at.run()
    assert "5 of 16 goals met or on track as of Nov 21, 2026" in shown_text(at)  # the district
    at.selectbox(key="school").set_value("101").run()
    assert not at.exception
    assert "2 of 7 goals met or on track as of Nov 21, 2026" in shown_text(at)
    data = open_page(app_test(monkeypatch, lake.target), "pages/data.py")  # type: ignore[arg-type]
    text = shown_text(data)
    assert "The data is a DuckLake: each import and undo is a snapshot of it" in text
    kept = next(frame.value for frame in data.dataframe if "In use" in frame.value.columns)
    assert kept.columns.tolist() == ["Import", "Published at", "In use"]
    assert kept["In use"].tolist() == ["● The app shows this"]


def test_a_review_on_a_lake_keeps_the_figures_of_the_snapshot_it_started_on(tmp_path, demo_path, monkeypatch):

    from lib.core.lake_files import store_files
    from lib.reviews import records
    from lib.reviews.view import figures_then

    lake = lake_at(tmp_path)
    monkeypatch.setenv("SCHOOL_GOALS_DB", lake.target)
    monkeypatch.setenv("SCHOOL_GOALS_DATA_PATH", str(lake.data_path))
    monkeypatch.setenv("SCHOOL_GOALS_APP_DB", str(tmp_path / "app.sqlite"))
    files = store_files()
    assert isinstance(files, LakeFiles) and files.target == lake
    place = publish.Place.default()
    assert publish.import_batch(sorted((demo_path.parent / "csv").glob("*.csv")), place=place).ok
    started_on = files.published()
    assert started_on is not None
    review = records.Review(
        1, "101", date(2026, 11, 23), date(2026, 11, 21), started_on.name, 0, "", "p", "", None, None, None
    )
    policy = config.policy_from_env({})
    before = figures_then(review, place.app, policy)
    assert before is not None and len(before) == 7
    # The goals' data changes after the review started: the review still shows what it began on.
    import pandas as pd

    logs = pd.read_csv(demo_path.parent / "csv" / "reading_logs.csv", dtype=str).head(2000)
    logs["books"] = "9"
    more = tmp_path / "more" / "reading_logs.csv"
    more.parent.mkdir()
    logs.to_csv(more, index=False)
    assert publish.import_batch([more], place=place).changed_rows() > 0
    assert files.published().import_id == 2
    assert figures_then(review, place.app, policy) == before
    gone = records.Review(
        2,
        "101",
        date(2026, 11, 23),
        date(2026, 11, 21),
        "lake-snapshot-999",
        0,
        "",
        "p",
        "",
        None,
        None,
        None,
    )
    assert figures_then(gone, place.app, policy) is None


def test_a_backup_of_a_lake_is_refused_with_what_to_do(tmp_path, write_csv):
    from lib.importing.backup import BackupError, backup

    place = lake_place(tmp_path)
    publish.import_batch(files(write_csv), place=place)
    with pytest.raises(BackupError, match="pg_dump"):
        backup(tmp_path / "backup", place=place)
    assert not (tmp_path / "backup").exists()


def test_a_lake_writes_reading_logs_sorted_by_student_and_day_in_a_file_per_month(tmp_path, write_csv):
    """Sorted by student and day, so one school's page reads a narrow range of each file; each
    month's logs in files of their own (partitioned by year and month of log_date), so a board's
    query of the last weeks reads only those months' files."""
    publish.import_batch(files(write_csv), place=lake_place(tmp_path))
    reader = store.connect(lake_at(tmp_path), read_only=True)
    keys = reader.sql(
        "SELECT e.expression FROM __ducklake_metadata_lake.ducklake_sort_expression e "
        "JOIN __ducklake_metadata_lake.ducklake_table t USING (table_id) "
        "WHERE t.table_name = 'reading_logs' AND t.end_snapshot IS NULL ORDER BY e.sort_key_index"
    )
    assert keys["expression"].tolist() == ["student_id", "log_date"]
    partitioned = reader.sql(
        "SELECT c.transform FROM __ducklake_metadata_lake.ducklake_partition_column c "
        "JOIN __ducklake_metadata_lake.ducklake_partition_info i USING (partition_id) "
        "JOIN __ducklake_metadata_lake.ducklake_table t ON t.table_id = i.table_id "
        "WHERE t.table_name = 'reading_logs' AND t.end_snapshot IS NULL AND i.end_snapshot IS NULL "
        "ORDER BY c.partition_key_index"
    )
    assert partitioned["transform"].tolist() == ["year", "month"]
    assert reader.scalar("SELECT sum(minutes) FROM reading_days") == 20 + 35
    reader.close()
