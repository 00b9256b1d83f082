"""A DuckLake store on a PostgreSQL catalog (issue 18): two computers importing at once, and a
catalog server that is down. tests/browser/test_lake_servers.py has three app servers on one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lib.core import db as store
from lib.core.appdb import AppDatabase
from lib.core.config import Lake
from lib.core.lake_files import LakeFiles
from lib.importing import publish
from tests.helpers import LOGS, SCHOOLS, STUDENTS
from tests.postgres_server import SKIP_REASON, postgres_available, running_postgres

pytestmark = pytest.mark.skipif(not postgres_available(), reason=SKIP_REASON)


@pytest.fixture(scope="module")
def dsn(tmp_path_factory) -> Iterator[str]:
    with running_postgres(tmp_path_factory.mktemp("postgres")) as found:
        yield found


def computer(lake: Lake, folder: Path) -> publish.Place:
    """One computer's place: its own writer lock and app database, the shared lake."""
    folder.mkdir(parents=True, exist_ok=True)
    return publish.Place(LakeFiles(lake, folder), AppDatabase(folder / "app.sqlite"))


def test_two_computers_importing_at_once_publish_one_and_refuse_the_other(dsn, tmp_path, write_csv):
    lake = Lake(f"postgres:{dsn}", f"{tmp_path / 'data'}/", district="conflict")
    first, second = computer(lake, tmp_path / "first"), computer(lake, tmp_path / "second")
    base = [write_csv("schools.csv", SCHOOLS), write_csv("students.csv", STUDENTS)]
    assert publish.import_batch(base, place=first).ok
    mine = write_csv("reading_logs.csv", LOGS)
    theirs = tmp_path / "theirs" / "reading_logs.csv"
    theirs.parent.mkdir()
    theirs.write_text(LOGS.replace(",20,", ",45,"))

    def meanwhile(step: str) -> None:
        # The second computer imports and publishes while the first checks its own import.
        if step == "Checking the new data...":
            assert publish.import_batch([theirs], place=second).ok

    with pytest.raises(
        store.DatabaseWriteError,
        match="Another change to the DuckLake store .* was published while this one ran",
    ):
        publish.import_batch([mine], place=first, progress=meanwhile)
    reader = store.connect(lake, read_only=True)
    assert reader.scalar("SELECT sum(minutes) FROM reading_logs") == 45 + 35  # the second's, whole
    assert reader.scalar("SELECT count(*) FROM import_log") == 2
    reader.close()
    assert publish.history_of(first)["outcome"].tolist()[0] == "failed"


def test_a_catalog_server_that_is_down_is_a_sentence_without_its_password(tmp_path):
    lake = Lake(
        "postgres:host=127.0.0.1 port=9 dbname=lake user=x password=s3cret connect_timeout=2", str(tmp_path)
    )
    with pytest.raises(store.DatabaseUnavailableError) as raised:
        store.connect(lake, read_only=True)
    text = str(raised.value)
    assert "could not be read" in text and "Check that its catalog database is running" in text
    assert "s3cret" not in text
