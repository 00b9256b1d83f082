"""The templates a data clerk copies import cleanly, and the command line's exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from lib import cli
from lib.core.contract import TABLES
from lib.importing.importer import import_files

TEMPLATES = Path(__file__).resolve().parent.parent / "data" / "templates"


@pytest.mark.parametrize("table", list(TABLES))
def test_template_header_is_the_contract(table):
    header = (TEMPLATES / f"{table}.csv").read_text().splitlines()[0].split(",")
    assert tuple(header) == TABLES[table].column_names


def test_templates_import_together(database):
    report = import_files(database, sorted(TEMPLATES.glob("*.csv")))
    assert report.ok, report.text()
    assert database.scalar("SELECT target FROM goals") == 50000


def run_cli(monkeypatch, tmp_path, *argv):
    monkeypatch.setenv("SCHOOL_GOALS_DB", str(tmp_path / "cli.duckdb"))
    return cli.main(list(argv))


def test_cli_import_exits_0_when_imported(monkeypatch, tmp_path, capsys):
    assert run_cli(monkeypatch, tmp_path, "import", str(TEMPLATES / "schools.csv")) == 0
    assert "Imported (import 1)" in capsys.readouterr().out


def test_cli_import_exits_1_when_rejected(monkeypatch, tmp_path, write_csv, capsys):
    bad = write_csv("schools.csv", "school_id\n1\n")
    assert run_cli(monkeypatch, tmp_path, "import", str(bad)) == 1
    assert "Nothing was imported" in capsys.readouterr().out


def test_cli_usage_error_exits_2(monkeypatch, tmp_path):
    with pytest.raises(SystemExit) as stopped:
        run_cli(monkeypatch, tmp_path, "undo", "not-a-number")
    assert stopped.value.code == 2


def test_cli_history_and_undo(monkeypatch, tmp_path, capsys):
    run_cli(monkeypatch, tmp_path, "import", str(TEMPLATES / "schools.csv"))
    assert run_cli(monkeypatch, tmp_path, "undo", "1") == 0
    assert run_cli(monkeypatch, tmp_path, "history") == 0
    assert "undone" in capsys.readouterr().out.splitlines()[-1]
