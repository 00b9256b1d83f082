"""The drop folder: which batches are complete, where they go, the lease, and the late-data sentences."""

from __future__ import annotations

import csv
import os
import time
from datetime import datetime
from pathlib import Path

import pytest

from lib.cli import main
from lib.core.appdb import AppDatabase
from lib.core.store_files import StoreBusyError, StoreFiles
from lib.importing import publish
from lib.importing.freshness import (
    DropAttempt,
    data_attention,
    data_is_late,
    drop_folder_trouble,
    latest_drop_attempt,
)
from lib.importing.lease import Lease, OtherHolder
from lib.importing.watch import LEASE_NAME, Watcher, start_in_background
from tests.helpers import SCHOOLS, STUDENTS

NEW_LOG = "log_id,student_id,log_date,minutes,books,title\nL3,000123,2026-09-03,15,1,Owl Moon\n"
UNKNOWN_STUDENT = "log_id,student_id,log_date,minutes,books,title\nL9,999999,2026-09-03,15,1,Owl Moon\n"


class Clock:
    """A clock the test moves by hand (seconds since the epoch); starts at the real time."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def place(tmp_path: Path) -> publish.Place:
    """A store holding one school and two students (import 1), with its own app database."""
    place = publish.Place(
        StoreFiles(tmp_path / "store" / "s.duckdb"), AppDatabase(tmp_path / "store" / "app.sqlite")
    )
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "schools.csv").write_text(SCHOOLS)
    (seed / "students.csv").write_text(STUDENTS)
    assert publish.import_batch([seed / "schools.csv", seed / "students.csv"], place=place).ok
    return place


@pytest.fixture
def drop(tmp_path: Path) -> Path:
    folder = tmp_path / "drop"
    folder.mkdir()
    return folder


def watcher(place: publish.Place, drop: Path, clock: Clock, **options) -> Watcher:
    return Watcher(drop, place=place, poll_seconds=10, quiet_seconds=60, clock=clock, log=print, **options)


def logs(place: publish.Place) -> int:
    from lib.core import db as store

    reader = store.connect(place.files.store, read_only=True)
    try:
        return int(reader.scalar("SELECT count(*) FROM reading_logs"))
    finally:
        reader.close()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def stamped(clock: Clock, name: str) -> str:
    return f"{datetime.fromtimestamp(clock.now):%Y-%m-%dT%H%M}-{name}"


def test_a_batch_with_a_ready_file_is_imported_at_once_and_filed_with_its_report(place, drop):
    write(drop / "nightly" / "reading_logs.csv", NEW_LOG)
    write(drop / "nightly" / "ready", "")
    clock = Clock()
    [outcome] = watcher(place, drop, clock).look_once()
    filed = drop / "imported" / stamped(clock, "nightly")
    assert (outcome.result, outcome.import_id, outcome.destination) == ("imported", 2, filed)
    assert sorted(p.name for p in filed.iterdir()) == ["reading_logs.csv", "ready", "report.txt"]
    assert "Imported (import 2)" in (filed / "report.txt").read_text()
    assert not (drop / "nightly").exists()
    assert logs(place) == 1


def test_a_batch_without_ready_waits_until_its_files_are_quiet(place, drop):
    write(drop / "nightly" / "reading_logs.csv", NEW_LOG)
    clock = Clock()
    watch = watcher(place, drop, clock)
    assert watch.look_once() == []
    clock.now += 59
    assert watch.look_once() == []
    clock.now += 2
    assert [o.result for o in watch.look_once()] == ["imported"]


def test_a_file_still_growing_is_not_picked_up(place, drop):
    growing = write(drop / "nightly" / "reading_logs.csv", NEW_LOG)
    clock = Clock()
    watch = watcher(place, drop, clock)
    assert watch.look_once() == []
    with growing.open("a") as more:
        more.write("L4,000124,2026-09-04,25,1,Corduroy\n")
    clock.now += 120  # quiet by the clock, but the file changed since the last look
    assert watch.look_once() == []
    clock.now += 120
    assert [o.result for o in watch.look_once()] == ["imported"]
    assert logs(place) == 2


def test_files_being_written_are_skipped_until_renamed(place, drop):
    partial = write(drop / "reading_logs.csv.part", NEW_LOG)
    write(drop / "~$reading_logs.csv", "lock")
    clock = Clock()
    watch = watcher(place, drop, clock)
    clock.now += 120
    assert watch.look_once() == []
    partial.rename(drop / "reading_logs.csv")
    assert watch.look_once() == []  # the rename is a change: one more quiet look
    [outcome] = watch.look_once()
    assert outcome.result == "imported"
    assert sorted(p.name for p in drop.iterdir()) == ["imported", "~$reading_logs.csv"]


def test_loose_files_and_a_ready_file_form_one_batch(place, drop):
    write(drop / "students.csv", "student_id,school_id,grade_level\n000125,0101,04\n")
    write(drop / "reading_logs.csv", NEW_LOG.replace("000123", "000125"))
    write(drop / "ready", "")
    clock = Clock()
    [outcome] = watcher(place, drop, clock).look_once()
    assert (outcome.result, outcome.import_id) == ("imported", 2)
    filed = drop / "imported" / stamped(clock, "loose")
    assert sorted(p.name for p in filed.iterdir()) == [
        "reading_logs.csv",
        "ready",
        "report.txt",
        "students.csv",
    ]
    assert sorted(p.name for p in drop.iterdir()) == ["imported"]


def test_a_rejected_batch_goes_to_rejected_with_its_problems_and_changes_nothing(place, drop):
    published = place.files.published()
    write(drop / "nightly" / "reading_logs.csv", UNKNOWN_STUDENT)
    write(drop / "nightly" / "ready", "")
    clock = Clock()
    [outcome] = watcher(place, drop, clock).look_once()
    filed = drop / "rejected" / stamped(clock, "nightly")
    assert (outcome.result, outcome.destination) == ("rejected", filed)
    assert "Nothing was imported: 1 problem found" in (filed / "report.txt").read_text()
    with (filed / "problems.csv").open(encoding="utf-8-sig") as stream:
        rows = list(csv.DictReader(stream))
    assert [(r["file"], r["line"], r["column"], r["value"]) for r in rows] == [
        ("reading_logs.csv", "2", "student_id", "999999")
    ]
    assert place.files.published() == published
    assert logs(place) == 0


def test_a_rejected_batch_with_its_own_problems_csv_keeps_it(place, drop):
    write(drop / "nightly" / "problems.csv", "theirs")
    write(drop / "nightly" / "ready", "")
    clock = Clock()
    [outcome] = watcher(place, drop, clock).look_once()
    filed = drop / "rejected" / stamped(clock, "nightly")
    assert outcome.sentence.endswith("with report.txt and import-problems.csv.")
    assert sorted(p.name for p in filed.iterdir()) == [
        "import-problems.csv",
        "problems.csv",
        "ready",
        "report.txt",
    ]
    assert (filed / "problems.csv").read_text() == "theirs"


def test_a_second_rejected_batch_of_the_same_minute_gets_its_own_folder(place, drop):
    clock = Clock()
    watch = watcher(place, drop, clock)
    for _ in range(2):
        write(drop / "nightly" / "reading_logs.csv", UNKNOWN_STUDENT)
        write(drop / "nightly" / "ready", "")
        watch.look_once()
    name = stamped(clock, "nightly")
    assert sorted(p.name for p in (drop / "rejected").iterdir()) == [name, f"{name}-2"]


def test_a_batch_that_cannot_be_imported_stays_and_is_tried_again_later(place, drop, monkeypatch):
    write(drop / "nightly" / "reading_logs.csv", NEW_LOG)
    write(drop / "nightly" / "ready", "")
    real_import = publish.import_batch

    def busy(*args, **kwargs):
        raise StoreBusyError("Another import, undo or restore is still changing the data after 600 seconds.")

    monkeypatch.setattr(publish, "import_batch", busy)
    clock = Clock()
    watch = watcher(place, drop, clock)
    [outcome] = watch.look_once()
    assert outcome.result == "failed"
    assert outcome.sentence.endswith("It stays in the drop folder and is tried again in 60 seconds.")
    assert sorted(p.name for p in (drop / "nightly").iterdir()) == ["reading_logs.csv", "ready"]
    monkeypatch.setattr(publish, "import_batch", real_import)
    assert watch.look_once() == []  # still pausing
    clock.now += 60
    assert [o.result for o in watch.look_once()] == ["imported"]


def test_a_second_watcher_does_nothing_while_the_first_holds_the_lease(place, drop):
    clock = Clock()
    first, second = watcher(place, drop, clock), watcher(place, drop, clock)
    assert first.look_once() == []
    write(drop / "nightly" / "reading_logs.csv", NEW_LOG)
    write(drop / "nightly" / "ready", "")
    other = second.look_once()
    assert isinstance(other, OtherHolder)
    assert other.holder == first.lease.holder
    assert other.describe().startswith(f"process {os.getpid()} on ")
    assert (drop / "nightly" / "ready").exists()


def test_a_second_watcher_takes_over_when_the_lease_expires(place, drop):
    clock = Clock()
    first, second = watcher(place, drop, clock), watcher(place, drop, clock)
    assert first.look_once() == []
    clock.now += 29  # the lease lasts 3 polls: 30 seconds
    assert isinstance(second.look_once(), OtherHolder)
    clock.now += 1
    assert second.look_once() == []
    assert isinstance(first.look_once(), OtherHolder)


def test_a_watcher_that_stops_releases_the_lease(place, drop):
    clock = Clock()
    first = watcher(place, drop, clock)
    first.look_once()
    first.close()
    assert place.app.rows("SELECT * FROM leases") == []
    assert watcher(place, drop, clock).look_once() == []


def test_watch_once_says_which_process_holds_the_lease(place, drop, monkeypatch, capsys):
    monkeypatch.setenv("SCHOOL_GOALS_DB", str(place.files.store))
    monkeypatch.setenv("SCHOOL_GOALS_APP_DB", str(place.app.path))
    assert Lease(place.app, LEASE_NAME, holder="school-server:4242:ab12").take(600) is None
    assert main(["watch", str(drop), "--once"]) == 0
    said = capsys.readouterr().out
    assert said.startswith("Another watcher (process 4242 on school-server, until ")
    assert said.endswith("this one did nothing.\n")


def test_the_app_thread_imports_a_dropped_batch_and_stops_cleanly(place, drop, monkeypatch):
    monkeypatch.setenv("SCHOOL_GOALS_DB", str(place.files.store))
    monkeypatch.setenv("SCHOOL_GOALS_APP_DB", str(place.app.path))
    write(drop / "nightly" / "reading_logs.csv", NEW_LOG)
    write(drop / "nightly" / "ready", "")
    thread = start_in_background(drop, poll_seconds=0.1)
    assert start_in_background(drop, poll_seconds=0.1) is thread
    deadline = time.monotonic() + 30
    while not (drop / "imported").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    thread.stop(timeout=30)
    assert not thread.is_alive()
    assert logs(place) == 1
    assert place.app.rows("SELECT * FROM leases") == []


# -- needs attention ---------------------------------------------------------------------------


def test_data_is_late_after_more_than_the_expected_days():
    sentence = data_is_late(datetime(2026, 11, 30, 5, 0), datetime(2026, 12, 3, 9, 0), 3)
    assert sentence == (
        "No new data has arrived since Monday, November 30, 2026 (3 days; expected at least every 3 days). "
        "Check the nightly export and the drop folder, or import on the Data page."
    )


@pytest.mark.parametrize(
    "arrival, now",
    [
        (datetime(2026, 11, 27, 2, 0), datetime(2026, 11, 30, 2, 0)),  # Fri to Mon: exactly 3 days
        (datetime(2026, 12, 4, 2, 0), datetime(2026, 12, 3, 9, 0)),  # a clock set wrong
        (None, datetime(2026, 12, 3, 9, 0)),  # nothing ever arrived
    ],
)
def test_data_is_not_late(arrival, now):
    assert data_is_late(arrival, now, 3) is None


def test_one_day_late_is_said_in_the_singular():
    sentence = data_is_late(datetime(2026, 12, 1, 2, 0), datetime(2026, 12, 2, 9, 0), 1)
    assert sentence is not None and "(1 day; expected at least every 1 day)" in sentence


def test_a_rejected_drop_folder_batch_needs_attention():
    attempt = DropAttempt(7, datetime(2026, 12, 2, 5, 1), "rejected", 4, None)
    assert drop_folder_trouble(attempt, Path("/srv/drop")) == (
        "The drop folder's latest batch (Wednesday, December 2, 2026 at 05:01, import 7) was rejected "
        "with 4 problems; nothing from it was imported. Its report and problems.csv are in "
        "/srv/drop/rejected: fix the files and drop them in again."
    )


def test_a_failed_drop_folder_batch_needs_attention():
    attempt = DropAttempt(8, datetime(2026, 12, 2, 5, 1), "failed", 0, "The disk is full.")
    assert drop_folder_trouble(attempt) == (
        "The drop folder's latest batch (Wednesday, December 2, 2026 at 05:01) could not be imported: "
        "The disk is full. It stays in the drop folder and is tried again."
    )


def test_an_imported_drop_folder_batch_needs_no_attention():
    assert drop_folder_trouble(DropAttempt(9, datetime(2026, 12, 2, 5, 1), "imported", 0, None)) is None


def test_the_board_hears_of_a_rejected_batch_until_a_later_import_goes_in(place, drop, monkeypatch):
    monkeypatch.setenv("SCHOOL_GOALS_WATCH_DIR", str(drop))
    write(drop / "nightly" / "reading_logs.csv", UNKNOWN_STUDENT)
    write(drop / "nightly" / "ready", "")
    watcher(place, drop, Clock()).look_once()
    [sentence] = data_attention(place.app, datetime.now())
    assert (
        sentence.startswith("The drop folder's latest batch (")
        and "import 2) was rejected with 1 problem;" in sentence
    )
    fixed = write(drop.parent / "fixed" / "reading_logs.csv", NEW_LOG)
    assert publish.import_batch([fixed], via=publish.DATA_PAGE, place=place).ok
    assert latest_drop_attempt(place.app) is None
    assert data_attention(place.app, datetime.now()) == []


def test_a_oneroster_zip_dropped_with_ready_is_imported(place, drop):
    import zipfile

    from tests.test_oneroster_import import BASE

    (drop / "sis").mkdir()
    with zipfile.ZipFile(drop / "sis" / "oneroster.zip", "w") as archive:
        for name, text in BASE.items():
            archive.writestr(name, text)
    write(drop / "sis" / "ready", "")
    clock = Clock()
    [outcome] = watcher(place, drop, clock).look_once()
    assert outcome.result == "imported"
    report = (drop / "imported" / stamped(clock, "sis") / "report.txt").read_text()
    assert (
        "Read a OneRoster 1.1 set (oneroster.zip): 1 school, 2 staff members, 1 homeroom, 3 students."
        in report
    )
