"""Every failure is a sentence, never a traceback, and leaves the store as it was (issue 11).

Since issue 12 an import changes a copy of the store and publishes it by a rename, so a full
disk may stop the copy itself or the writing into it; either way the published store keeps
its bytes and the app database records the failed attempt. Disk full and the read-only folder
use a small tmpfs / a read-only bind mount, which needs root (chmod doesn't stop root); as
another user the read-only folder is a chmod, and the tests that need a mount are skipped with
the reason.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lib import cli
from lib.core import db as store
from lib.core import store_problems
from lib.core.appdb import AppDatabase
from lib.core.store_files import StoreFiles
from lib.importing.importer import import_files
from tests.helpers import ROOT, SCHOOLS, app_test

IS_ROOT = os.geteuid() == 0


def snapshot(database) -> dict:
    return {
        t: database.sql(f'SELECT * FROM "{t}" ORDER BY ALL').to_dict("list") for t in ("schools", "students")
    }


@contextlib.contextmanager
def mounted(folder: Path, *options: str):
    """Mount over `folder` (root only); skip the test when this machine refuses mounts."""
    folder.mkdir(exist_ok=True)
    done = subprocess.run(["mount", *options, str(folder)], capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"needs a mount to simulate this as root, and mount failed: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def run_cli(monkeypatch, path: Path, *argv: str) -> int:
    monkeypatch.setenv("SCHOOL_GOALS_DB", str(path))
    return cli.main(list(argv))


# --- disk full -------------------------------------------------------------------------------


def store_in(folder: Path, *files: Path) -> Path:
    """Import `files` with the CLI into a new store folder/s.duckdb (its snapshot is the same file)."""
    path = folder / "s.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "lib.cli", "import", *map(str, files)],
        cwd=ROOT,
        env={**os.environ, "SCHOOL_GOALS_DB": str(path)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return path


def copy_folder(source: Path, target: Path) -> Path:
    """`cp -a`: the store and its snapshot stay one file (hard links), as an import left them."""
    subprocess.run(["cp", "-a", f"{source}/.", str(target)], check=True)
    return target / "s.duckdb"


def outcome_and_summary(app: Path, import_id: int) -> tuple[str, str]:
    row = AppDatabase(app).rows("SELECT outcome, summary FROM imports WHERE import_id = ?", (import_id,))
    return row[0]["outcome"], row[0]["summary"]


def full_disk(folder: Path) -> str:
    return (
        rf"The disk holding {folder} is full \(\d+ MB free\): DuckDB could not write the store or its "
        r"temporary files\. Free some space \(an import needs about twice the size of its files\) and "
        r"try again\."
    )


@pytest.fixture
def small_store(tmp_path, write_csv) -> Path:
    """A store (one school, one student: about 1.6 MB) made by the CLI in tmp_path/base."""
    (tmp_path / "base").mkdir()
    students = write_csv("students.csv", "student_id,school_id,grade_level\n000123,0101,3\n")
    return store_in(tmp_path / "base", write_csv("schools.csv", SCHOOLS), students)


@pytest.mark.skipif(not IS_ROOT, reason="a small tmpfs needs root to mount")
def test_disk_full_while_writing_is_a_sentence_and_the_store_is_unchanged(
    tmp_path, write_csv, small_store, monkeypatch, capsys
):
    """The copy of the store fits on the disk; the 100,000 new logs written into it do not."""
    rows = "".join(
        f"L{i},000123,2026-09-{1 + i % 28:02d},{i % 600},1,A long title {i}\n" for i in range(100_000)
    )
    logs = write_csv("reading_logs.csv", "log_id,student_id,log_date,minutes,books,title\n" + rows)
    app = tmp_path / "app.sqlite"  # on a disk with room, so the failure can be recorded
    shutil.copyfile(small_store.with_name("s_app.sqlite"), app)
    monkeypatch.setenv("SCHOOL_GOALS_APP_DB", str(app))
    with mounted(tmp_path / "small", "-t", "tmpfs", "-o", "size=4m", "tmpfs") as folder:
        path = copy_folder(small_store.parent, folder)
        before = path.read_bytes()
        assert run_cli(monkeypatch, path, "import", str(logs)) == 1
        # The sentence names the folder of the work copy, on the store's disk (s.snapshots).
        sentence = full_disk(folder / "s.snapshots")
        out = capsys.readouterr().out
        assert re.fullmatch(rf"Nothing was imported: {sentence} The database is unchanged\.\n", out), out
        assert path.read_bytes() == before
        files = StoreFiles(path)
        assert [p.name for p in files.snapshots_dir.iterdir()] == [files.published().name]
        outcome, summary = outcome_and_summary(app, 2)
        assert outcome == "failed" and re.fullmatch(sentence, summary), summary


@pytest.mark.skipif(not IS_ROOT, reason="a small tmpfs needs root to mount")
def test_a_disk_too_small_for_the_copy_is_a_sentence_and_the_store_is_unchanged(
    tmp_path, write_csv, small_store, monkeypatch, capsys
):
    app = tmp_path / "app.sqlite"
    shutil.copyfile(small_store.with_name("s_app.sqlite"), app)
    monkeypatch.setenv("SCHOOL_GOALS_APP_DB", str(app))
    renamed = write_csv("schools.csv", "school_id,school_name\n0101,Renamed\n")
    with mounted(tmp_path / "small", "-t", "tmpfs", "-o", "size=2m", "tmpfs") as folder:
        path = copy_folder(small_store.parent, folder)  # 1.6 MB: a second copy can't fit
        before = path.read_bytes()
        assert run_cli(monkeypatch, path, "import", str(renamed)) == 1
        err = capsys.readouterr().err
        assert re.fullmatch(full_disk(folder) + "\n", err), err
        assert path.read_bytes() == before
        files = StoreFiles(path)
        assert [p.name for p in files.snapshots_dir.iterdir()] == [files.published().name]
        outcome, summary = outcome_and_summary(app, 2)
        assert outcome == "failed" and re.fullmatch(full_disk(folder), summary), summary


@pytest.mark.parametrize(
    "message",
    [
        "Out of Memory Error: failed to offload data block of size 256.0 KiB (1.0 MiB/1.0 MiB used). "
        "This limit was set by the 'max_temp_directory_size' setting.",
        'IO Error: Could not write file "/x/s.duckdb.wal": No space left on device',
    ],
)
def test_a_full_temporary_folder_blames_the_disk_not_memory(tmp_path, message):
    sentence = store_problems.explain(message, tmp_path / "s.duckdb", "768MB")
    assert sentence.startswith(f"The disk holding {tmp_path} is full (")


def test_real_lack_of_memory_names_the_setting(tmp_path):
    sentence = store_problems.explain(
        "Out of Memory Error: failed to pin block", tmp_path / "s.duckdb", "768MB"
    )
    assert sentence == (
        "DuckDB ran out of memory (the limit is 768MB): raise SCHOOL_GOALS_MEMORY_LIMIT, or import "
        "the files in smaller batches, and try again."
    )


# --- read-only folder, another user's store ---------------------------------------------------


def test_a_read_only_folder_is_a_sentence_and_nothing_changes(tmp_path, monkeypatch, write_csv, capsys):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = store_in(folder, write_csv("schools.csv", SCHOOLS))
    before = path.read_bytes()
    renamed = write_csv("schools.csv", "school_id,school_name\n0101,Renamed\n")
    if IS_ROOT:
        cm = mounted(folder, "--bind", "-o", "ro", str(folder))
    else:
        folder.chmod(0o555)
        path.chmod(0o444)
        cm = contextlib.nullcontext(folder)
    with cm:
        if IS_ROOT:  # a bind mount ignores -o ro on some kernels: make it read-only by remounting
            subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
        assert run_cli(monkeypatch, path, "import", str(renamed)) == 1
        # The writer lock can't even be taken there, so no history row is written either.
        expected = store_problems.read_only(path) if IS_ROOT else store_problems.permission_denied(path)
        unrecorded = "This attempt could not be recorded in the import history."
        assert capsys.readouterr().err == f"{expected} {unrecorded}\n"
        assert path.read_bytes() == before
    folder.chmod(0o755)


@pytest.mark.skipif(not IS_ROOT, reason="a read-only bind mount needs root")
def test_a_read_only_snapshots_folder_is_a_sentence_and_is_recorded(tmp_path, monkeypatch, write_csv, capsys):
    """The store's folder takes the lock and the app database; the copy can't be written."""
    path = store_in(tmp_path, write_csv("schools.csv", SCHOOLS))
    before = path.read_bytes()
    renamed = write_csv("schools.csv", "school_id,school_name\n0101,Renamed\n")
    snapshots = StoreFiles(path).snapshots_dir
    with mounted(snapshots, "--bind", "-o", "ro", str(snapshots)):
        subprocess.run(["mount", "-o", "remount,ro,bind", str(snapshots)], check=True)
        assert run_cli(monkeypatch, path, "import", str(renamed)) == 1
    # Which folder it calls read-only is left open: today it names the store's, not s.snapshots.
    sentence = (
        rf"The folder {tmp_path}\S* is on a read-only disk, so the store {path} can't be written\. "
        r"Copy the store to a folder you can write and set SCHOOL_GOALS_DB to the copy\."
    )
    err = capsys.readouterr().err
    assert re.fullmatch(sentence + "\n", err), err
    assert path.read_bytes() == before
    outcome, summary = outcome_and_summary(path.with_name("s_app.sqlite"), 2)
    assert outcome == "failed" and re.fullmatch(sentence, summary), summary


def test_a_store_owned_by_another_user_is_a_sentence(tmp_path, monkeypatch, capsys):
    path = tmp_path / "s.duckdb"
    store.connect(path).close()
    before = path.read_bytes()
    if IS_ROOT:
        # Root may write anything: give the file to nobody and run the command as a root that has
        # lost the right to override file permissions (running as nobody can't reach this venv).
        if not shutil.which("capsh"):
            pytest.skip("as root this needs capsh (Debian's libcap2-bin) to drop CAP_DAC_OVERRIDE")
        os.chown(path, 65534, 65534)
        path.chmod(0o600)
        command = shlex.join([sys.executable, "-m", "lib.cli", "history"])
        done = subprocess.run(
            ["capsh", "--drop=cap_dac_override,cap_dac_read_search", "--", "-c", command],
            cwd=ROOT,
            env={**os.environ, "SCHOOL_GOALS_DB": str(path)},
            capture_output=True,
            text=True,
        )
        code, err = done.returncode, done.stderr
        owner, me = pwd.getpwuid(65534).pw_name, "root"
    else:
        path.chmod(0o000)
        code, err = run_cli(monkeypatch, path, "history"), capsys.readouterr().err
        owner = me = store_problems._me()
    assert (code, err) == (
        1,
        f"You ({me}) may not write the store {path} (it belongs to {owner}). Run the command as the "
        "store's owner, or ask whoever looks after this computer to give you write access.\n",
    )
    path.chmod(0o644)
    assert path.read_bytes() == before


# --- files that are not a store --------------------------------------------------------------


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 3])
    else:
        path.write_bytes(data[:5000] + b"\xff" * 4000 + data[9000:])


@pytest.mark.parametrize("how", ["truncated", "corrupt"])
def test_a_damaged_store_is_a_sentence_and_is_kept(loaded, monkeypatch, capsys, how):
    loaded.close()
    damage(loaded.path, how)
    before = loaded.path.read_bytes()
    assert run_cli(monkeypatch, loaded.path, "history") == 1
    assert capsys.readouterr().err == (
        f"The store {loaded.path} is damaged (it is shorter than a DuckDB store should be, or a part "
        "of it is corrupt). Keep it for now, move it away, and import your CSV files again into a "
        "new store with `python -m lib.cli import FILE ...`, or put back a copy from a backup.\n"
    )
    assert loaded.path.read_bytes() == before


def test_a_folder_at_school_goals_db_is_a_sentence(tmp_path, monkeypatch, capsys):
    assert run_cli(monkeypatch, tmp_path, "import", "schools.csv") == 1
    assert capsys.readouterr().err == (
        f"The store path {tmp_path} is a folder, not a database file: set SCHOOL_GOALS_DB to a file "
        f"in it, such as {tmp_path / 'school_goals.duckdb'}. This attempt could not be recorded in "
        "the import history.\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_csv_at_school_goals_db_is_a_sentence_and_is_not_touched(write_csv, monkeypatch, capsys):
    csv = write_csv("schools.csv", SCHOOLS)
    assert run_cli(monkeypatch, csv, "history") == 1
    assert capsys.readouterr().err == (
        f"{csv} is a CSV (text) file, not a database store: set SCHOOL_GOALS_DB to the store (a "
        f".duckdb file), and bring the CSV file in with `python -m lib.cli import {csv}`.\n"
    )
    assert csv.read_text() == SCHOOLS
    assert sorted(p.name for p in csv.parent.iterdir()) == ["schools.csv"]


# --- no store at the path --------------------------------------------------------------------

MISSING = (
    "There is no store at {path}: nothing has been imported there. Check SCHOOL_GOALS_DB (a "
    "mistyped path?), or import your files with `python -m lib.cli import FILE ...`, which "
    "creates the store.\n"
)


@pytest.mark.parametrize("argv", [["history"], ["undo", "1"]])
def test_history_and_undo_say_there_is_no_store_and_create_none(tmp_path, monkeypatch, capsys, argv):
    path = tmp_path / "mistyped.duckdb"
    assert run_cli(monkeypatch, path, *argv) == 1
    assert capsys.readouterr().err == MISSING.format(path=path)
    assert list(tmp_path.iterdir()) == []


def test_import_into_a_missing_store_creates_it_and_says_so(tmp_path, monkeypatch, write_csv, capsys):
    path = tmp_path / "new" / "s.duckdb"
    assert run_cli(monkeypatch, path, "import", str(write_csv("schools.csv", SCHOOLS))) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"Created a new store at {path}."
    assert path.exists()


def test_the_app_on_a_missing_store_shows_get_started_with_the_path(tmp_path, monkeypatch):
    path = tmp_path / "mistyped.duckdb"
    at = app_test(monkeypatch, path).run()
    assert not at.exception
    assert at.info[0].value == (
        f"There is no store at `{path}`: nothing has been imported there. If you expected data, "
        "check SCHOOL_GOALS_DB (a mistyped path?). Loading the demo or importing files creates the store."
    )
    assert not path.exists()


# --- Ctrl-C, a failing ROLLBACK, tracebacks ----------------------------------------------------


def interrupt(*_):
    raise KeyboardInterrupt


def test_ctrl_c_during_an_import_changes_nothing_and_is_recorded(loaded, write_csv, monkeypatch):
    import lib.importing.importer as importer

    before = snapshot(loaded)
    monkeypatch.setattr(importer, "_stage_and_check", interrupt)
    report = import_files(loaded, [write_csv("schools.csv", "school_id,school_name\n0101,Renamed\n")])
    assert report.text() == (
        "Nothing was imported: The work was interrupted (Ctrl-C) before it finished. The database is unchanged."
    )
    assert snapshot(loaded) == before
    # import_files on a store of its own (no import id given) logs the attempt in the store.
    log = loaded.sql("SELECT import_id, outcome FROM import_log ORDER BY import_id DESC")
    assert log.values.tolist() == [
        [2, "interrupted"],
        [1, "imported"],
    ]


def test_ctrl_c_in_the_cli_is_a_sentence_and_exit_1(loaded, monkeypatch, capsys):
    loaded.close()
    monkeypatch.setitem(cli.COMMANDS, "history", interrupt)
    assert run_cli(monkeypatch, loaded.path, "history") == 1
    assert capsys.readouterr().err == "Stopped (Ctrl-C) before the command finished. Nothing was changed.\n"


class FailingRollback:
    """A cursor whose ROLLBACK fails, as after a lost disk."""

    def __init__(self, cursor):
        self.cursor = cursor

    def execute(self, sql, *args):
        if sql == "ROLLBACK":
            self.cursor.execute("ROLLBACK")
            raise store.duckdb.TransactionException("TransactionContext Error: rollback failed")
        return self.cursor.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self.cursor, name)


@pytest.fixture
def failing_rollback(monkeypatch):
    """Every cursor of the store is a FailingRollback."""
    real_cursor = store.Database._cursor

    @contextlib.contextmanager
    def cursor(self, sql=None):
        with real_cursor(self, sql) as cur:
            yield FailingRollback(cur)

    monkeypatch.setattr(store.Database, "_cursor", cursor)


def test_a_failing_rollback_keeps_the_first_error(loaded, failing_rollback):
    before = snapshot(loaded)
    with pytest.raises(store.DatabaseWriteError) as failed, loaded.transaction() as cur:
        cur.execute("UPDATE schools SET school_name = 'Renamed'")
        raise store.duckdb.IOException('IO Error: Could not write file "x": No space left on device')
    assert str(failed.value).startswith(f"The disk holding {loaded.path.parent} is full (")
    assert str(failed.value).endswith(
        "Nothing was changed. (Undoing the unfinished work also failed: TransactionContext Error: "
        "rollback failed. Nothing had been committed, so the store keeps its last saved state.)"
    )
    assert snapshot(loaded) == before


def test_a_failing_rollback_does_not_hide_another_error(loaded, failing_rollback):
    with pytest.raises(ValueError, match="the first error") as failed, loaded.transaction():
        raise ValueError("the first error")
    assert failed.value.__notes__ == ["ROLLBACK also failed: TransactionContext Error: rollback failed"]


def test_no_traceback_unless_debug(tmp_path):
    env = {**os.environ, "SCHOOL_GOALS_DB": str(tmp_path / "none.duckdb")}
    plain = subprocess.run(
        [sys.executable, "-m", "lib.cli", "history"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    debug = subprocess.run(
        [sys.executable, "-m", "lib.cli", "--debug", "history"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert (plain.returncode, plain.stderr) == (1, MISSING.format(path=tmp_path / "none.duckdb"))
    assert "Traceback" in debug.stderr and "DatabaseMissingError" in debug.stderr


@pytest.mark.parametrize(
    ("message", "start"),
    [
        (
            'IO Error: Cannot open file "x": Read-only file system',
            "The folder {folder} is on a read-only disk",
        ),
        ('IO Error: Cannot open file "x": Permission denied', "You ("),
        ("INTERRUPT Error: Interrupted!", "The work was interrupted (Ctrl-C)"),
        ("FATAL Error: database has been invalidated", "The store {path} stopped taking changes"),
        ("IO Error: Corrupt database file: computed checksum 1", "The store {path} is damaged"),
        (
            "Conversion Error: something else",
            "DuckDB could not finish the work on the store {path} (Conversion",
        ),
    ],
)
def test_each_kind_of_store_error_gets_its_sentence(tmp_path, message, start):
    path = tmp_path / "s.duckdb"
    sentence = store_problems.explain(message, path, "768MB")
    assert sentence.startswith(start.format(folder=tmp_path, path=path))


def test_an_unwritable_folder_for_a_new_store_names_the_folder(tmp_path):
    sentence = store_problems.permission_denied(tmp_path / "new" / "s.duckdb")
    assert sentence.startswith(
        f"You ({store_problems._me()}) may not write the folder {tmp_path} (it belongs to "
    )


def test_a_binary_file_that_is_no_store_is_called_damaged(tmp_path):
    path = tmp_path / "s.duckdb"
    path.write_bytes(b"\x00\x01" * 100)
    assert store_problems.not_a_store(path) == store_problems.damaged(path)
