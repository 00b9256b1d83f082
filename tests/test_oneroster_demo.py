"""The demo district as OneRoster 1.1 and 1.2 sets (with userFlags.csv): imported, it shows the
goal board's figures of the contract import, and the roster tables hold the same people."""

from __future__ import annotations

from pathlib import Path

import pytest

from lib.core import db as store
from lib.core.config import PrivacyPolicy, Settings
from lib.core.filters import Filters
from lib.core.scope import Scope
from lib.demo.oneroster import write_oneroster, zip_set
from lib.goals.view import goal_board_view
from lib.importing.importer import import_files
from lib.importing.oneroster.settings import RosterOptions
from tests.helpers import DEMO_TODAY

ACTIVITY = (
    "reading_logs", "assessments", "observations", "observation_ratings", "pd_sessions", "pd_attendance",
    "mentoring", "mentoring_meetings", "calendar", "goals", "access",
)  # fmt: skip
SCHOOL_IDS = ("101", "201", "301")
SETTINGS = Settings(PrivacyPolicy(min_group_size=10))


def board_figures(database) -> list[tuple]:
    """Every goal card of every school as a principal reads it: status, figure, target, trend."""
    figures = []
    for school_id in SCHOOL_IDS:
        filters = Filters(school_id=school_id, as_of=DEMO_TODAY)
        board = goal_board_view(database, filters, Scope(SCHOOL_IDS, name_schools=SCHOOL_IDS), SETTINGS)
        figures += [
            (c.goal_id, c.status, c.current_label, c.target_label, c.trend_label, c.hidden_reason)
            for c in board.cards
        ]
    return sorted(figures)


@pytest.fixture(scope="module", params=["1.1", "1.2"])
def roster_store(request, demo_path, tmp_path_factory) -> tuple[Path, str]:
    """A store made from the demo's OneRoster set (zipped) and its activity files."""
    contract = demo_path.parent / "csv"
    folder = tmp_path_factory.mktemp(f"oneroster{request.param}")
    files = write_oneroster(contract, folder / "set", version=request.param, flags="userFlags")
    database = store.connect(folder / "store.duckdb")
    options = RosterOptions(administrator_role="assistant_principal")
    batch = [zip_set(files, folder / "roster.zip"), *(contract / f"{name}.csv" for name in ACTIVITY)]
    report = import_files(database, batch, roster=options)
    database.close()
    assert report.ok, report.text()
    return folder / "store.duckdb", request.param


def test_the_board_shows_the_figures_of_the_contract_import(demo_path, roster_store):
    contract, roster = (
        store.connect(demo_path, read_only=True),
        store.connect(roster_store[0], read_only=True),
    )
    try:
        expected = board_figures(contract)
        assert len(expected) == 16
        assert board_figures(roster) == expected
    finally:
        contract.close()
        roster.close()


def rows(database, sql: str) -> list[tuple]:
    return sorted(tuple(r) for r in database.sql(sql).itertuples(index=False))


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * EXCLUDE (import_id) FROM schools",
        "SELECT * EXCLUDE (import_id) FROM sections",
        "SELECT * EXCLUDE (import_id) FROM students",
        "SELECT staff_id, school_id, first_name, last_name, email FROM staff",
    ],
)
def test_the_roster_tables_hold_the_contract_rows(demo_path, roster_store, sql):
    contract, roster = (
        store.connect(demo_path, read_only=True),
        store.connect(roster_store[0], read_only=True),
    )
    try:
        assert rows(roster, sql) == rows(contract, sql)
    finally:
        contract.close()
        roster.close()


def test_roles_follow_the_sis_and_the_administrator_setting(roster_store):
    """1.2 says principal; 1.1 says administrator for principal and assistant principal alike,
    so the setting (assistant_principal here) decides. OneRoster has no coach: an aide is other."""
    roster = store.connect(roster_store[0], read_only=True)
    try:
        roles = dict(
            rows(roster, "SELECT staff_id, role FROM staff WHERE staff_id IN ('P101', 'A101', 'C101')")
        )
    finally:
        roster.close()
    principal = "principal" if roster_store[1] == "1.2" else "assistant_principal"
    assert roles == {"P101": principal, "A101": "assistant_principal", "C101": "other"}
