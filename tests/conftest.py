"""Shared fixtures: a fresh store per test, and a helper that writes small CSV files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from lib.core import db as store

SCHOOLS = "school_id,school_name,district_name\n0101,Maple Elementary,Riverbend\n"
STUDENTS = (
    "student_id,school_id,grade_level,first_name,last_name,english_learner,entry_date\n"
    "000123,0101,KG,Ana,Lopez,Y,2026-08-17\n"
    "000124,0101,03,Bo,Chen,no,8/17/2026\n"
)
LOGS = (
    "log_id,student_id,log_date,minutes,books,title\n"
    "L1,000123,2026-09-01,20,1,Frog and Toad\n"
    "L2,000124,2026-09-02,35,,\n"
)


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


DEMO_TODAY = __import__("datetime").date(2026, 11, 22)


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory) -> Path:
    """A demo district database anchored on 2026-11-22 (data through Sat 2026-11-21), built once."""
    from lib.demo.build import load_demo

    folder = tmp_path_factory.mktemp("demo")
    database = store.connect(folder / "demo.duckdb")
    report = load_demo(database, folder / "csv", today=DEMO_TODAY)
    database.close()
    assert report.ok, report.text()
    return folder / "demo.duckdb"


def app_test(monkeypatch, database_path: Path):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("SCHOOL_GOALS_DB", str(database_path))
    return AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60)


@pytest.fixture
def demo_app(demo_path, monkeypatch):
    """An AppTest of app.py over the demo database (not yet run)."""
    return app_test(monkeypatch, demo_path)
