"""Display links (issue 14): a revocable token that opens one school's staff-meeting screen.

Made, looked up, revoked and listed in an app database in tmp_path; the command line's
`display-token` over a two-school store; the Data page's section through AppTest.
"""

from __future__ import annotations

import getpass
import hashlib
import re
import sqlite3
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from lib import cli
from lib.access import links_view, tokens
from lib.core import audit
from lib.core.appdb import SCHEMA_VERSION, AppDatabase
from lib.importing.publish import import_batch
from tests.helpers import LOGS, STUDENTS, app_test, open_page

TWO_SCHOOLS = (
    "school_id,school_name,district_name\n0101,Maple Elementary,Riverbend\n0102,Oak Hill Middle,Riverbend\n"
)
SCHOOLS = {"0101": "Maple Elementary", "0102": "Oak Hill Middle"}
EIGHT = datetime(2026, 12, 2, 8, 0)


@pytest.fixture
def app(tmp_path) -> AppDatabase:
    return AppDatabase(tmp_path / "app.sqlite")


@pytest.fixture
def store(tmp_path, monkeypatch, write_csv):
    """A store with two schools (and Maple's students and logs) and its app database, in tmp_path."""
    monkeypatch.setenv("SCHOOL_GOALS_DB", str(tmp_path / "store" / "s.duckdb"))
    monkeypatch.setenv("SCHOOL_GOALS_APP_DB", str(tmp_path / "store" / "app.sqlite"))
    files = [("schools.csv", TWO_SCHOOLS), ("students.csv", STUDENTS), ("reading_logs.csv", LOGS)]
    report = import_batch([write_csv(name, text) for name, text in files], who="clerk")
    assert report.ok, report.text()
    return tmp_path / "store" / "s.duckdb"


class Untouchable:
    """An app database that fails the test if anything reads or writes it."""

    def __getattr__(self, name):
        raise AssertionError(f"the app database was used ({name})")


# --- Making, opening, revoking, listing -------------------------------------------------------


def test_only_the_tokens_fingerprint_is_stored(app, tmp_path):
    link_id, token = tokens.create_display_link(app, "0101", "Staff room TV", "ana@school.org")
    assert (link_id, len(token)) == (1, 43)
    rows = app.rows("SELECT * FROM display_links")
    assert rows[0]["token_sha256"] == hashlib.sha256(token.encode()).hexdigest()
    assert not any(token in str(value) for value in rows[0].values())
    files = [path for path in tmp_path.iterdir() if path.name.startswith("app.sqlite")]
    assert not any(token.encode() in path.read_bytes() for path in files)  # nor in the WAL


def test_a_token_opens_its_school_only(app):
    _, maple = tokens.create_display_link(app, "0101", "Staff room TV", "ana")
    _, oak = tokens.create_display_link(app, "0102", "", "ana")
    assert tokens.school_of_display_token(app, maple) == "0101"
    assert tokens.school_of_display_token(app, oak) == "0102"
    assert tokens.school_of_display_token(app, tokens.secrets.token_urlsafe(32)) is None


def test_two_links_never_share_a_token(app):
    made = {tokens.create_display_link(app, "0101", "", "ana")[1] for _ in range(20)}
    assert len(made) == 20


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Staff room TV  ", "Staff room TV"),
        ("", "Staff-meeting screen"),
        ("   ", "Staff-meeting screen"),
        ("Gym\nTV", "Gym TV"),
        ("x" * 100, "x" * 80),
    ],
)
def test_a_label_is_one_line_of_at_most_80_characters(app, typed, kept):
    tokens.create_display_link(app, "0101", typed, "ana")
    assert [link.label for link in tokens.display_links(app, ["0101"])] == [kept]


@pytest.mark.parametrize(
    "token",
    [None, "", "a" * 201, "abc def", "abc=", "ab+c/d", "ümlaut", "x';DROP TABLE display_links;--", "a\n"],
)
def test_a_malformed_token_opens_nothing_without_reading_the_database(token):
    assert tokens.school_of_display_token(Untouchable(), token) is None  # type: ignore[arg-type]


def test_a_revoked_token_opens_nothing(app):
    link_id, token = tokens.create_display_link(app, "0101", "Staff room TV", "ana")
    assert tokens.revoke_display_link(app, link_id, "ana", {"0101"}) is True
    assert tokens.school_of_display_token(app, token) is None


def test_a_link_of_another_school_is_not_revoked(app):
    link_id, token = tokens.create_display_link(app, "0101", "Staff room TV", "ana")
    assert tokens.revoke_display_link(app, link_id, "bo", {"0102"}) is False
    assert tokens.school_of_display_token(app, token) == "0101"


def test_an_unknown_or_already_revoked_link_is_not_revoked_again(app):
    link_id, _ = tokens.create_display_link(app, "0101", "Staff room TV", "ana")
    assert tokens.revoke_display_link(app, 99, "ana", {"0101"}) is False
    assert tokens.revoke_display_link(app, link_id, "ana", {"0101"}) is True
    assert tokens.revoke_display_link(app, link_id, "ana", {"0101"}) is False


def test_last_use_is_noted_at_most_every_ten_minutes(app):
    _, token = tokens.create_display_link(app, "0101", "Staff room TV", "ana")
    for seconds in (0, 15, 599, 600, 615):
        tokens.school_of_display_token(app, token, now=EIGHT + timedelta(seconds=seconds))
    # 8:00:00 noted; 8:00:15 and 8:09:59 not (under 10 minutes); 8:10:00 noted; 8:10:15 not.
    assert tokens.display_links(app, ["0101"])[0].last_used_at == datetime(2026, 12, 2, 8, 10)


def test_links_are_listed_newest_first_revoked_ones_marked(app):
    for school_id, label in [("0101", "Staff room TV"), ("0102", "Library"), ("0101", "Office")]:
        tokens.create_display_link(app, school_id, label, "ana")
    tokens.revoke_display_link(app, 1, "ana", {"0101"})
    maple = tokens.display_links(app, {"0101"})
    assert [(link.link_id, link.label, link.active) for link in maple] == [
        (3, "Office", True),
        (1, "Staff room TV", False),
    ]
    assert [link.link_id for link in tokens.display_links(app, None)] == [3, 2, 1]
    assert tokens.display_links(app, []) == []


def test_making_and_revoking_go_to_the_audit_trail(app):
    link_id, _ = tokens.create_display_link(app, "0101", "Staff room TV", "ana@school.org")
    tokens.revoke_display_link(app, link_id, "bo@school.org", {"0101"})
    trail = audit.events(app)[["who", "event", "school_id", "detail"]].values.tolist()
    assert trail == [
        ["bo@school.org", "revoked a display link", "0101", "link 1: Staff room TV"],
        ["ana@school.org", "created a display link", "0101", "link 1: Staff room TV"],
    ]


def test_an_app_database_of_version_2_gets_the_links_table(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as con:
        con.execute(
            "CREATE TABLE audit_events (event_id INTEGER PRIMARY KEY, at TEXT, who TEXT, event TEXT, school_id TEXT, detail TEXT)"
        )
        con.execute("PRAGMA user_version = 2")
    app = AppDatabase(path)
    assert tokens.create_display_link(app, "0101", "", "ana")[0] == 1
    assert app.scalar("PRAGMA user_version") == SCHEMA_VERSION == 4


def test_the_display_path_is_relative_and_url_encoded():
    path = tokens.display_path("Maple & Oak 'K-8'", "abc-_19")
    assert path == "display?school=Maple+%26+Oak+%27K-8%27&token=abc-_19"


@pytest.mark.parametrize(
    ("page_url", "base"),
    [
        ("http://host:8501/data", "http://host:8501/"),
        ("http://host/goals/data", "http://host/goals/"),
        ("http://host:8501/", "http://host:8501/"),
        ("https://host:8501", "https://host:8501/"),
        (None, "http://<this server>:8501/"),
    ],
)
def test_the_apps_address_is_the_pages_without_its_page(page_url, base):
    assert links_view.app_base_url(page_url) == base


def test_link_schools_are_the_name_schools_in_district_order():
    assert links_view.school_choices(frozenset({"0102"}), SCHOOLS) == {"0102": "Oak Hill Middle"}
    assert links_view.school_choices(frozenset(), SCHOOLS) == {}


def test_a_school_name_is_escaped_in_the_sentence_not_in_the_address(app):
    made = links_view.create(app, "0101", "", "ana", {"0101": "O*Brien [K-8]"}, "http://h:8501/data")
    assert made.heading == "Display link 1 made for O\\*Brien \\[K-8\\]."
    assert made.url.startswith("http://h:8501/display?school=O%2ABrien+%5BK-8%5D&token=")


# --- The command line ---------------------------------------------------------------------------


def token_of(printed: str) -> str:
    return re.search(r"token=([A-Za-z0-9_-]+)", printed).group(1)


def test_cli_makes_a_link_by_school_name_in_any_case(store, capsys):
    assert cli.main(["display-token", "--school", "oak hill middle", "--label", "Gym TV"]) == 0
    out = capsys.readouterr().out.splitlines()
    token = token_of(out[1])
    assert out[0] == "Display link 1 for Oak Hill Middle (Gym TV). Its address:"
    assert out[1] == f"    /display?school=Oak+Hill+Middle&token={token}"
    assert (
        out[2]
        == f"Open it on the TV as http://<this server>:8501/display?school=Oak+Hill+Middle&token={token}"
    )
    assert "shown only this once" in out[3]
    assert tokens.school_of_display_token(AppDatabase(), token) == "0102"
    assert audit.events(AppDatabase())["who"].tolist() == [f"command line ({getpass.getuser()})"]


def test_cli_makes_a_link_by_school_id(store, capsys):
    assert cli.main(["display-token", "--school", "0101"]) == 0
    assert capsys.readouterr().out.startswith("Display link 1 for Maple Elementary (Staff-meeting screen).")


def test_cli_an_unknown_school_lists_the_schools(store, capsys):
    assert cli.main(["display-token", "--school", "Pine"]) == 1
    assert capsys.readouterr().err == (
        'There is no school "Pine" in the data. Its schools: Maple Elementary (0101), Oak Hill Middle (0102).\n'
    )


def test_cli_lists_and_revokes(store, capsys):
    cli.main(["display-token", "--school", "0101", "--label", "Staff room TV"])
    capsys.readouterr()
    assert cli.main(["display-token", "--revoke", "1"]) == 0
    assert capsys.readouterr().out == (
        "Display link 1 (Staff room TV) is revoked: its screen shows nothing from its next refresh.\n"
    )
    assert cli.main(["display-token", "--revoke", "1"]) == 1
    assert capsys.readouterr().err.startswith("Display link 1 was already revoked (")
    assert cli.main(["display-token", "--revoke", "7"]) == 1
    assert capsys.readouterr().err == "There is no display link 7: `display-token --list` shows them.\n"
    assert cli.main(["display-token", "--list"]) == 0
    line = capsys.readouterr().out.rstrip("\n")
    assert re.fullmatch(
        r"   1  Maple Elementary  Staff room TV  created \S+ \S+ by command line \(.+\)  last used never  "
        r"revoked \d{4}-\d\d-\d\d \d\d:\d\d",
        line,
    ), line


def test_cli_needs_one_of_school_list_revoke(store):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["display-token", "--label", "Gym"])
    assert stopped.value.code == 2


# --- The Data page ------------------------------------------------------------------------------


def links_frame(at):
    return next(frame.value for frame in at.dataframe if "Status" in frame.value.columns)


def test_the_data_page_makes_a_link_shows_it_once_and_revokes_it(store, monkeypatch):
    at = open_page(app_test(monkeypatch, store), "pages/data.py")
    assert at.selectbox(key="display_link_school").options == ["Maple Elementary", "Oak Hill Middle"]
    at.selectbox(key="display_link_school").set_value("0102")
    at.text_input(key="display_link_label").input("Staff room TV")
    at.button(key="display_link_create").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Display link 1 made for Oak Hill Middle."]
    url = at.code[0].value
    assert url.startswith("http://<this server>:8501/display?school=Oak+Hill+Middle&token=")
    token = parse_qs(urlsplit(url).query)["token"][0]
    assert tokens.school_of_display_token(AppDatabase(), token) == "0102"
    assert f"`chromium --kiosk '{url}'`" in at.markdown[-1].value
    table = links_frame(at)
    assert table[["Link", "School", "Label", "Status"]].values.tolist() == [
        [1, "Oak Hill Middle", "Staff room TV", "Active"]
    ]
    at.run()
    assert not at.code  # the address is shown once only

    assert at.selectbox(key="display_link_revoke_1_1").value == 1
    at.button(key="display_link_revoke").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Link 1 is revoked: the screen that used it shows nothing from its next refresh."
    ]
    assert links_frame(at)["Status"].tolist() == ["Revoked"]
    assert tokens.school_of_display_token(AppDatabase(), token) is None
