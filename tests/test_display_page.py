"""Issue 14: the staff-meeting screen at /display, through the frame (AppTest).

Who may open which school's screen (local mode, a display link, a signed-in person's access), the
messages instead of slides, and a whole rotation without one name. AppTest fires no timer: each
full run draws the next slide, as the timer's run does in the browser (tests/browser/test_display_browser.py).
"""

from __future__ import annotations

import re

import pytest

from lib.access.tokens import create_display_link, revoke_display_link
from lib.core import db as store
from lib.core.appdb import AppDatabase
from tests.helpers import ROOT

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-only",
    "client_id": "test-only",
    "client_secret": "test-only",
    "server_metadata_url": "http://localhost:9/.well-known/openid-configuration",
}
SCREEN_EMAIL = "screen.101@riverbend.example.org"  # the demo's display access for Maple Grove (101)
TEACHER_EMAIL = "ojames@riverbend.example.org"  # a teacher at Maple Grove


@pytest.fixture
def app_db(monkeypatch, tmp_path) -> AppDatabase:
    monkeypatch.setenv("SCHOOL_GOALS_APP_DB", str(tmp_path / "app.sqlite"))
    return AppDatabase(tmp_path / "app.sqlite")


def open_screen(at, auth: bool = False, school: str | None = None, **url: str):
    """/display?school=<school>&<url> as app.py runs it (with sign-in on: `auth`).

    AppTest first runs the frame, whose sidebar widget takes the `school` parameter (the screen
    falls back to the session's school); the other parameters are set after that run."""
    if school is not None:
        at.query_params["school"] = school
    at.run()
    if "school_asked" in url:  # after the first run: the school as the address of /display names it
        url["school"] = url.pop("school_asked")
    for key, value in url.items():
        at.query_params[key] = value
    if auth:
        at.secrets["auth"] = AUTH
    at.switch_page("pages/display.py").run()
    assert not at.exception, at.exception
    return at


def screen_html(at) -> str:
    """The screen's own HTML (the slide or the message), without the stylesheet."""
    bodies = [element.proto.body for element in at.get("html")]
    return next(body for body in bodies if 'class="sg-screen"' in body)


def slide_key(at) -> str:
    return re.search(r'data-slide="([^"]*)"', screen_html(at)).group(1)


def visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_a_school_named_in_the_address_gets_its_screen_with_a_notice_for_an_unknown_slide(demo_app, app_db):
    at = open_screen(demo_app, school="Maple Grove Elementary", slides="weekly,nope")
    html = screen_html(at)
    assert slide_key(at) == "weekly"
    assert '<span class="sg-school">Maple Grove Elementary</span>' in html
    assert "Unknown slides “nope” left out" in html
    assert "Slide 1 of 1" in html


def test_the_screen_draws_no_sidebar_and_no_widget(demo_app, app_db):
    at = open_screen(demo_app, school="101")
    assert (len(at.sidebar), len(at.button), len(at.selectbox)) == (0, 0, 0)


def test_every_full_run_shows_the_next_slide_and_a_rotation_comes_back_to_the_first(demo_app, app_db):
    at = open_screen(demo_app, school="Maple Grove Elementary")
    keys = [slide_key(at)]
    for _ in range(10):
        at.run()
        keys.append(slide_key(at))
    # The default rotation of the demo's Maple Grove: challenge, milestone, 3 student goals,
    # this week by grade, 4 goals about teachers (PD hours, feedback, mentoring, observation, in
    # the board's order); then the challenge again.
    assert keys == [
        "reading:G101-BOOKS",
        "milestone:G101-BOOKS:30000",
        "goal:G101-READING",
        "goal:G101-GRADE3",
        "goal:G101-BOOKS",
        "weekly",
        "goal:G101-PD-HOURS",
        "goal:G101-FEEDBACK",
        "goal:G101-MENTORING",
        "goal:G101-OBSERVED",
        "reading:G101-BOOKS",
    ]


def test_no_student_or_staff_name_appears_over_a_whole_rotation(demo_app, demo_path, app_db):
    database = store.connect(demo_path, read_only=True)
    students = database.sql("select first_name || ' ' || last_name as name, last_name from students")
    staff = database.sql("select first_name || ' ' || last_name as name, last_name from staff")
    names = set(students["name"]) | set(staff["name"]) | {f"Ms. {n}" for n in staff["last_name"]}
    names |= {f"Mr. {n}" for n in staff["last_name"]}
    at = open_screen(demo_app, school="Maple Grove Elementary")
    shown = []
    for _ in range(8):
        shown.append(visible_text(screen_html(at)))
        at.run()
    text = "\n".join(shown)
    assert [name for name in names if name in text] == []
    assert "We passed 30,000 books on Nov 14!" in text  # the rotation did reach every slide


def test_a_display_link_opens_its_school_whatever_school_the_address_names(demo_app, app_db):
    _, token = create_display_link(app_db, "201", "Front office TV", "test")
    at = open_screen(demo_app, token=token, school="Maple Grove Elementary")
    assert '<span class="sg-school">Riverbend Middle School</span>' in screen_html(at)


def test_a_revoked_display_link_shows_a_sentence_and_no_figure(demo_app, app_db):
    link_id, token = create_display_link(app_db, "101", "Staff room", "test")
    assert revoke_display_link(app_db, link_id, "test", ["101"])
    at = open_screen(demo_app, token=token)
    html = screen_html(at)
    assert "This screen link doesn&#x27;t work" in html
    assert "Maple Grove" not in html and "books" not in html


def test_a_mistyped_display_link_is_refused_with_sign_in_on(demo_app, app_db):
    at = open_screen(demo_app, auth=True, token="not-a-token")
    assert "This screen link doesn&#x27;t work" in screen_html(at)


def test_an_address_without_a_school_asks_for_one_and_lists_the_schools(demo_app, app_db):
    at = open_screen(demo_app)
    html = screen_html(at)
    assert "Which school&#x27;s screen?" in html
    assert "Maple Grove Elementary; Riverbend High School; Riverbend Middle School" in html


def test_display_access_opens_the_screen_at_the_front_page(demo_app, app_db):
    demo_app.secrets["auth"] = AUTH
    demo_app.user = {"is_logged_in": True, "email": SCREEN_EMAIL}
    demo_app.run()
    assert not demo_app.exception
    assert slide_key(demo_app) == "reading:G101-BOOKS"
    assert len(demo_app.sidebar) == 0


def test_a_teacher_may_open_her_own_school_screen_but_not_another(demo_app, app_db):
    demo_app.user = {"is_logged_in": True, "email": TEACHER_EMAIL}
    at = open_screen(demo_app, auth=True, school_asked="Riverbend Middle School")
    html = screen_html(at)
    assert (
        "Which school&#x27;s screen?" in html
        and "Schools this screen may show: Maple Grove Elementary." in html
    )
    assert "Riverbend Middle School" not in visible_text(html)


def test_the_goal_board_has_a_present_button_for_the_chosen_school(demo_app, app_db):
    demo_app.query_params["school"] = "Maple Grove Elementary"
    demo_app.run()
    buttons = demo_app.get("link_button")
    assert [(b.proto.label, b.proto.url) for b in buttons] == [
        ("Present", "display?school=Maple+Grove+Elementary")
    ]


def test_the_district_board_has_no_present_button(demo_app, app_db):
    demo_app.run()
    assert demo_app.get("link_button") == []


def test_the_screen_reads_its_data_through_the_store_only(app_db):
    # The page composes area slides; it never opens the database or imports duckdb itself.
    source = (ROOT / "pages" / "display.py").read_text()
    assert "duckdb" not in source and "sql" not in source.lower()


def test_a_principal_without_data_access_gets_the_data_page_with_the_screen_links_only(demo_app, app_db):
    demo_app.secrets["auth"] = AUTH
    demo_app.user = {"is_logged_in": True, "email": "sscott@riverbend.example.org"}  # Maple Grove's principal
    demo_app.run()
    demo_app.switch_page("pages/data.py").run()
    assert not demo_app.exception
    assert [header.value for header in demo_app.subheader] == ["Staff-meeting screen links"]
    assert [box.options for box in demo_app.selectbox if box.key == "display_link_school"] == [
        ["Maple Grove Elementary"]
    ]
    demo_app.button(key="display_link_create").click().run()
    address = demo_app.get("code")[0].proto.code_text
    assert "display?school=Maple+Grove+Elementary&token=" in address


def test_a_teacher_has_no_data_page(demo_app, app_db):
    demo_app.secrets["auth"] = AUTH
    demo_app.user = {"is_logged_in": True, "email": TEACHER_EMAIL}
    demo_app.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        demo_app.switch_page("pages/data.py")


def test_the_goal_board_offers_the_school_packet_as_a_pdf(demo_app, app_db):
    demo_app.query_params["school"] = "Maple Grove Elementary"
    demo_app.run()
    (button,) = [b for b in demo_app.get("download_button") if b.proto.label == "Packet (PDF)"]
    assert button.proto.help.startswith("Every goal of the school as of this date")
