"""A killed import never loses data, and readers follow each publish (issue 12).

An import changes a copy of the store and publishes it by an atomic rename
(lib/importing/publish.py). Here a real `python -m lib.cli import --progress` is killed with
SIGKILL right after it reports each step: the published store must then hold exactly the data
before the import or exactly the data after it, and the next import must clean up what the
killed one left, import, and record the killed one in the history.

The store is a 300-student demo (29,750 reading logs); the batch adds 20,000 logs, enough
that each step takes some milliseconds.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from lib.core import db as store
from lib.core.appdb import AppDatabase
from lib.core.store_files import StoreFiles
from lib.importing import history, publish
from tests.helpers import ROOT

BEFORE = 29_750  # reading logs in the 300-student demo anchored on 2026-11-22
ADDED = 20_000
AFTER = BEFORE + ADDED
STEPS = [
    "Copying",
    "Reading reading_logs",
    "Checking every row",
    "Writing the new rows",
    "Checking the new data",
    "Publishing",
]
INTERRUPTED = "The process stopped before the change was published; nothing was changed."


def environment(path: Path) -> dict[str, str]:
    return {**os.environ, "SCHOOL_GOALS_DB": str(path), "SCHOOL_GOALS_APP_DB": str(app_path(path))}


def app_path(path: Path) -> Path:
    return path.with_name("s_app.sqlite")


def run_cli(path: Path, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lib.cli", *argv],
        cwd=ROOT,
        env=environment(path),
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory) -> Path:
    """A folder holding a 300-student demo store made by the CLI: the store, its snapshot (the
    same file), the app database and the lock file."""
    folder = tmp_path_factory.mktemp("demo_store")
    csv = tmp_path_factory.mktemp("demo_csv")
    demo = ["demo", "--students", "300", "--today", "2026-11-22", "--out", str(csv)]
    done = run_cli(folder / "s.duckdb", *demo)
    assert done.returncode == 0, done.stdout + done.stderr
    return folder


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    """reading_logs.csv with 20,000 new logs (one book each) for a kindergartner of the demo."""
    path = tmp_path_factory.mktemp("batch") / "reading_logs.csv"
    rows = "".join(
        f"NEW{i:07d},0001002,2026-11-{1 + i % 20:02d},{10 + i % 50},1,Extra book {i}\n" for i in range(ADDED)
    )
    path.write_text("log_id,student_id,log_date,minutes,books,title\n" + rows)
    return path


@pytest.fixture
def published(demo_folder, tmp_path) -> Path:
    """A copy of the demo folder (`cp -a` keeps the store and its snapshot one file); its store path."""
    folder = tmp_path / "store"
    folder.mkdir()
    subprocess.run(["cp", "-a", f"{demo_folder}/.", str(folder)], check=True)
    path = folder / "s.duckdb"
    assert StoreFiles(path).published() is not None
    return path


def logs_in(path: Path) -> int:
    """Reading logs in the published store, opened read-only as the app opens it."""
    reader = store.connect(path, read_only=True)
    try:
        return reader.scalar("SELECT count(*) FROM reading_logs")
    finally:
        reader.close()


def import_killed_at(step: str, path: Path, batch: Path) -> tuple[list[str], int]:
    """Start an import and SIGKILL it as soon as it reports `step`; its steps and exit code."""
    process = subprocess.Popen(
        [sys.executable, "-m", "lib.cli", "import", "--progress", str(batch)],
        cwd=ROOT,
        env=environment(path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = []
    for line in process.stderr:
        seen.append(line.strip())
        if line.startswith(step):
            process.send_signal(signal.SIGKILL)
            break
    process.stderr.close()
    return seen, process.wait()


def outcomes(path: Path) -> dict[int, str]:
    """{import id: outcome} as `python -m lib.cli history` prints it."""
    done = run_cli(path, "history")
    assert done.returncode == 0, done.stderr
    return {int(line.split()[0]): line.split()[3] for line in done.stdout.splitlines()}


def leftovers(path: Path) -> list[str]:
    files = StoreFiles(path)
    found = list(files.snapshots_dir.glob(".work-*")) + list(path.parent.glob(".*publishing"))
    return sorted(p.name for p in found)


@pytest.mark.parametrize("step", STEPS)
def test_a_killed_import_leaves_exactly_the_data_before_or_after(step, published, batch):
    seen, code = import_killed_at(step, published, batch)
    assert code == -signal.SIGKILL, seen
    assert seen[-1].startswith(step)
    # Exactly one of the two: a kill can land after the rename that publishes.
    assert logs_in(published) in (BEFORE, AFTER)


@pytest.mark.parametrize("step", STEPS)
def test_the_next_import_cleans_up_and_records_the_killed_one(step, published, batch):
    import_killed_at(step, published, batch)
    had_published = logs_in(published) == AFTER
    done = run_cli(published, "import", str(batch))
    assert done.returncode == 0, done.stdout + done.stderr
    assert logs_in(published) == AFTER
    assert leftovers(published) == []
    if had_published:  # the killed import had published: this one finds nothing new
        assert outcomes(published) == {3: "unchanged", 2: "imported", 1: "imported"}
        kept = [2, 1]
    else:
        assert outcomes(published) == {3: "imported", 2: "interrupted", 1: "imported"}
        assert AppDatabase(app_path(published)).scalar("SELECT summary FROM imports WHERE import_id = 2") == (
            INTERRUPTED
        )
        kept = [3, 1]
    files = StoreFiles(published)
    assert [s.import_id for s in files.snapshots()] == kept
    assert files.published().import_id == kept[0]


def test_a_publish_cut_between_its_two_renames_is_undone_by_the_next_import(published, batch):
    """The state a kill leaves between `work -> snapshot` and `link -> store`, made by hand: the
    new snapshot exists and is linked beside the store, but the store is still the old file."""
    files = StoreFiles(published)
    orphan = files.snapshots_dir / "000002-20261122T101500.duckdb"
    shutil.copyfile(published, orphan)
    os.link(orphan, published.with_name(".s.duckdb.publishing"))
    (files.snapshots_dir / ".work-2.duckdb.wal").write_bytes(b"half a log")
    history.start(AppDatabase(app_path(published)), 2, "import", "killed", "command line")
    assert (
        AppDatabase(app_path(published)).scalar("SELECT outcome FROM imports WHERE import_id = 2")
        == "running"
    )

    done = run_cli(published, "import", str(batch))

    assert done.returncode == 0, done.stdout + done.stderr
    assert logs_in(published) == AFTER
    assert leftovers(published) == []
    assert not orphan.exists()
    assert outcomes(published) == {3: "imported", 2: "interrupted", 1: "imported"}


def test_an_import_killed_after_its_publish_is_recorded_as_imported(published, batch):
    """The state a kill leaves after the rename but before the history row is finished (the
    kills above land before the rename: fsync takes longer than the kill): made by hand."""
    assert run_cli(published, "import", str(batch)).returncode == 0
    AppDatabase(app_path(published)).execute(
        "UPDATE imports SET outcome = 'running', finished_at = NULL, files = '[]', "
        "rows_per_table = '{}', snapshot = NULL, pid = 99999999 WHERE import_id = 2"
    )

    done = run_cli(published, "import", str(batch))

    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0] == (
        "Nothing changed (import 3): every row is already in the database as it is."
    )
    assert logs_in(published) == AFTER
    assert outcomes(published) == {3: "unchanged", 2: "imported", 1: "imported"}


def test_a_reader_opened_before_an_import_reads_the_new_data_after_it(published, batch):
    reader = store.connect(published, read_only=True)
    try:
        assert reader.scalar("SELECT count(*) FROM reading_logs") == BEFORE
        done = run_cli(published, "import", str(batch))
        assert done.returncode == 0, done.stdout + done.stderr
        assert reader.scalar("SELECT count(*) FROM reading_logs") == AFTER
    finally:
        reader.close()


# Counts every log 15,000 times, then divides: the count of logs, in about 3 s on 2 cores,
# several times as long as an in-process import of the batch takes.
SLOW_COUNT = "SELECT count(*) // 15000 FROM reading_logs, range(15000) WHERE minutes + range >= 0"


def test_a_query_running_while_an_import_publishes_finishes_on_its_data(published, batch):
    reader = store.connect(published, read_only=True)
    place = publish.Place(StoreFiles(published), AppDatabase(app_path(published)))
    try:
        with ThreadPoolExecutor(1) as pool:
            slow = pool.submit(reader.scalar, SLOW_COUNT)
            report = publish.import_batch([batch], who="test", place=place)
            assert report.ok, report.text()
            assert not slow.done(), "the query ended before the publish: make SLOW_COUNT slower"
            assert reader.scalar("SELECT count(*) FROM reading_logs") == AFTER  # a new query, the new file
            assert slow.result(timeout=120) == BEFORE
        assert reader.scalar("SELECT count(*) FROM reading_logs") == AFTER
    finally:
        reader.close()
