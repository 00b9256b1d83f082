"""Backup and restore: what a backup holds, that restore gives it back, and what each refuses."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from lib.cli import main
from lib.core import db as store
from lib.core.appdb import AppDatabase
from lib.core.store_files import StoreBusyError, StoreChangeError, StoreFiles
from lib.importing import history, publish
from lib.importing.backup import BackupError, backup, read_manifest
from lib.importing.restore import restore
from tests.helpers import LOGS, SCHOOLS, STUDENTS

MORE_LOGS = "log_id,student_id,log_date,minutes,books,title\nL3,000123,2026-09-03,15,1,Owl Moon\n"


def new_place(folder: Path) -> publish.Place:
    return publish.Place(StoreFiles(folder / "s.duckdb"), AppDatabase(folder / "s_app.sqlite"))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def place(tmp_path: Path) -> publish.Place:
    """A store with one school, two students and two reading logs (import 1)."""
    place = new_place(tmp_path / "store")
    files = [
        write(tmp_path / "csv" / name, text)
        for name, text in [("schools.csv", SCHOOLS), ("students.csv", STUDENTS), ("reading_logs.csv", LOGS)]
    ]
    assert publish.import_batch(files, place=place).ok
    return place


def import_more(place: publish.Place, tmp_path: Path) -> None:
    assert publish.import_batch([write(tmp_path / "more" / "reading_logs.csv", MORE_LOGS)], place=place).ok


def logs(place: publish.Place) -> int:
    reader = store.connect(place.files.store, read_only=True)
    try:
        return int(reader.scalar("SELECT count(*) FROM reading_logs"))
    finally:
        reader.close()


def ids_and_outcomes(place: publish.Place) -> list[tuple[int, str, str]]:
    return [(r.import_id, r.kind, r.outcome) for r in publish.history_of(place).itertuples()]


def test_a_backup_lists_each_file_with_its_size_and_checksum(place, tmp_path):
    import_more(place, tmp_path)
    manifest = backup(tmp_path / "backup", place)
    assert manifest.import_id == 2
    assert [e.name for e in manifest.entries()] == [
        "s.duckdb",
        "s_app.sqlite",
        f"snapshots/{place.files.snapshots()[1].name}",
    ]
    assert manifest.published_snapshot == place.files.published().name
    for entry in manifest.entries():
        data = (tmp_path / "backup" / entry.name).read_bytes()
        assert (entry.size, entry.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert read_manifest(tmp_path / "backup") == manifest


def test_restore_gives_back_the_backed_up_figures_and_history(place, tmp_path):
    backup(tmp_path / "backup", place)
    import_more(place, tmp_path)
    assert logs(place) == 3
    data_before = place.files.published().name
    result = restore(tmp_path / "backup", place)
    assert logs(place) == 2
    assert result.change_id == 3  # past both the backup's history (1) and the data replaced (2)
    assert ids_and_outcomes(place) == [(3, "restore", "done"), (1, "import", "imported")]
    assert ids_and_outcomes(publish.Place(place.files, AppDatabase(result.kept_app_database))) == [
        (2, "import", "imported"),
        (1, "import", "imported"),
    ]
    assert result.before_snapshot == data_before
    assert (place.files.snapshots_dir / data_before).exists()
    assert data_before in history.pinned(place.app)


def test_restore_on_an_empty_machine_brings_back_the_data_and_the_snapshots(place, tmp_path):
    import_more(place, tmp_path)
    backup(tmp_path / "backup", place)
    fresh = new_place(tmp_path / "fresh")
    result = restore(tmp_path / "backup", fresh)
    assert (result.change_id, logs(fresh)) == (3, 3)
    assert sorted(s.import_id for s in fresh.files.snapshots()) == [1, 2, 3]
    later = write(tmp_path / "later" / "reading_logs.csv", MORE_LOGS.replace("L3,", "L4,"))
    assert publish.import_batch([later], place=fresh).ok  # the next change keeps the restored snapshots
    assert sorted(s.import_id for s in fresh.files.snapshots()) == [1, 2, 3, 4]


def test_a_tampered_backup_is_refused_and_nothing_changes(place, tmp_path):
    backup(tmp_path / "backup", place)
    import_more(place, tmp_path)
    damaged = tmp_path / "backup" / "s.duckdb"
    data = bytearray(damaged.read_bytes())
    data[-1] ^= 0xFF
    damaged.write_bytes(bytes(data))
    app_files = sorted(p.name for p in place.app.path.parent.iterdir())
    with pytest.raises(BackupError, match=f"The backup file {damaged} is damaged or was changed"):
        restore(tmp_path / "backup", place)
    assert logs(place) == 3
    assert ids_and_outcomes(place) == [(2, "import", "imported"), (1, "import", "imported")]
    assert sorted(p.name for p in place.app.path.parent.iterdir()) == app_files


def test_a_backup_without_its_manifest_is_refused(place, tmp_path):
    backup(tmp_path / "backup", place)
    (tmp_path / "backup" / "manifest.json").unlink()
    with pytest.raises(BackupError, match="has no manifest.json, so it is not a complete backup"):
        restore(tmp_path / "backup", place)


def test_a_backup_into_a_folder_that_is_not_empty_is_refused(place, tmp_path):
    write(tmp_path / "backup" / "notes.txt", "mine")
    with pytest.raises(BackupError, match="is not empty"):
        backup(tmp_path / "backup", place)
    assert [p.name for p in (tmp_path / "backup").iterdir()] == ["notes.txt"]


def test_a_backup_waits_for_a_running_import_and_then_says_so(place, tmp_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from lib.core.store_files import StoreFiles\n"
            f"with StoreFiles({str(place.files.store)!r}).writer_lock(0):\n"
            "    print('held', flush=True); input()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    said: list[str] = []
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreBusyError, match=rf"\(process {holder.pid}\) is still changing the data"):
            backup(tmp_path / "backup", place, wait_seconds=0.5, progress=said.append)
    finally:
        holder.communicate("\n")
    assert said == [f"Waiting for another import, undo or restore (process {holder.pid}) to finish..."]
    assert not (tmp_path / "backup").exists()


def test_the_commands_say_what_was_backed_up_and_restored(place, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SCHOOL_GOALS_DB", str(place.files.store))
    monkeypatch.setenv("SCHOOL_GOALS_APP_DB", str(place.app.path))
    assert main(["backup", str(tmp_path / "backup")]) == 0
    said = capsys.readouterr().out
    assert said.splitlines()[0].startswith("  s.duckdb  ")
    assert "Backed up the data as of change 1, no other snapshot and the app database into" in said
    assert main(["backup", str(tmp_path / "backup")]) == 1
    assert capsys.readouterr().err.startswith(
        f"No backup made: The folder {tmp_path / 'backup'} is not empty."
    )
    assert main(["restore", str(tmp_path / "backup")]) == 0
    assert capsys.readouterr().out.startswith("Restored the backup made ")


def test_a_restore_that_cannot_publish_puts_the_app_database_back(place, tmp_path, monkeypatch):
    backup(tmp_path / "backup", place)
    import_more(place, tmp_path)

    def full_disk(*args, **kwargs):
        raise StoreChangeError("The disk is full. Free some space and try again.")

    monkeypatch.setattr(publish, "publish_file", full_disk)
    with pytest.raises(StoreChangeError, match="The disk is full"):
        restore(tmp_path / "backup", place)
    assert logs(place) == 3
    assert ids_and_outcomes(place) == [(2, "import", "imported"), (1, "import", "imported")]


def test_restore_keeps_the_pins_made_since_the_backup(place, tmp_path):
    backup(tmp_path / "backup", place)
    import_more(place, tmp_path)
    reviewed = place.files.published().name
    history.pin(place.app, reviewed, "goal review 4")
    result = restore(tmp_path / "backup", place)
    assert result.before_snapshot == reviewed
    assert place.app.rows("SELECT snapshot, reason FROM snapshot_pins ORDER BY reason") == [
        {"snapshot": reviewed, "reason": "goal review 4"},
        {
            "snapshot": reviewed,
            "reason": f"the data before the restore of {result.kept_app_database.name[-15:]}",
        },
    ]
