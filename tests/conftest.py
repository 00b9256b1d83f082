"""Shared fixtures: a fresh store per test, small CSV files, the demo district (built once per
session) and an AppTest of the app over it. Plain helpers are in tests/helpers.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from lib.core import db as store
from tests.helpers import DEMO_TODAY, LOGS, SCHOOLS, STUDENTS, app_test


@pytest.fixture
def database(tmp_path: Path):
    database = store.connect(tmp_path / "test.duckdb")
    yield database
    database.close()


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write `text` to tmp_path/<name> in the given encoding and return the path."""

    def write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / "files" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text.encode(encoding))
        return path

    return write


@pytest.fixture
def loaded(database, write_csv):
    """A store holding one school, two students and two reading logs (import 1)."""
    from lib.importing.importer import import_files

    report = import_files(
        database,
        [
            write_csv("schools.csv", SCHOOLS),
            write_csv("students.csv", STUDENTS),
            write_csv("reading_logs.csv", LOGS),
        ],
    )
    assert report.ok, report.text()
    return database


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory) -> Path:
    """A demo district database anchored on 2026-11-22 (data through Sat 2026-11-21), built once."""
    from lib.demo.build import write_demo_files
    from lib.importing.importer import import_files

    folder = tmp_path_factory.mktemp("demo")
    database = store.connect(folder / "demo.duckdb")
    report = import_files(database, write_demo_files(folder / "csv", today=DEMO_TODAY))
    database.close()
    assert report.ok, report.text()
    return folder / "demo.duckdb"


@pytest.fixture(scope="session")
def demo_reader(demo_path):
    """The demo district opened read-only, as the app opens it (shared: never write to it)."""
    database = store.connect(demo_path, read_only=True)
    yield database
    database.close()


@pytest.fixture
def demo_app(demo_path, monkeypatch):
    """An AppTest of app.py over the demo database (not yet run)."""
    return app_test(monkeypatch, demo_path)
