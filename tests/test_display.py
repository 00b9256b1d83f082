"""The staff-meeting screen (issue 14): its address options, themes, HTML, chart and words; the
slides the goals and reading areas make from small hand-built frames; and the slides of the
demo district's school 101, checked against the goal board and for names.
"""

from __future__ import annotations

import base64
import re
from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from lib.core import db as store
from lib.core.config import PrivacyPolicy
from lib.core.filters import Filters
from lib.core.pace import reach_sentence
from lib.core.slides import Line, Meter, Slide
from lib.core.status import OFF_TRACK
from lib.display.charts import HEIGHT, chart_img, line_chart_svg
from lib.display.html import Frame, message_html, meter_html, slide_html, stylesheet
from lib.display.options import (
    in_rotation,
    next_position,
    school_of_param,
    screen_options,
    screen_school,
)
from lib.display.themes import GRAPHIC_CONTRAST, PALETTES, TEXT_CONTRAST, contrast
from lib.display.words import clock, updated_words
from lib.goals.board import goal_cards
from lib.goals.slides import TEACHER_METRICS, goal_slides
from lib.reading.pace import REACHED, Milestone
from lib.reading.slides import bars_of, pace_words, reading_slides, recent_milestone, screen_milestones
from lib.reading.tables import grade_table
from tests.helpers import DEMO_TODAY

DEFAULT_KINDS = ("reading", "milestone", "goals", "weekly", "observations")
DARK = PALETTES["dark"]
FRAME = Frame("Maple Elementary", "Updated 7:02 am, data as of Dec 1", 2, 7)


def slide(**changes) -> Slide:
    """A plain goal slide; `changes` replace its fields."""
    fields = dict(
        kind="goals",
        key="goal:G1",
        kicker="Goal · All students",
        title="Read 50,000 books",
        figure="32,074",
        figure_words="books read since Aug 17",
        sentence="Needs 3,019 books a week to reach 50,000 by Jan 22.",
    )
    return Slide(**{**fields, **changes})


# --- Options: the address's seconds, theme and slides ------------------------------------------


def test_no_options_give_15_seconds_dark_and_every_kind_but_classes():
    options = screen_options({})
    assert (options.seconds, options.theme, options.slides, options.notices) == (
        15,
        "dark",
        DEFAULT_KINDS,
        (),
    )


def test_seconds_30_is_kept():
    assert screen_options({"seconds": ["30"]}).seconds == 30


def test_seconds_that_is_not_a_number_falls_back_to_15_with_a_notice_naming_it():
    options = screen_options({"seconds": ["abc"]})
    assert (options.seconds, options.notices) == (15, ("seconds=“abc” is not a number: 15 seconds a slide.",))


def test_seconds_below_5_is_raised_to_5_with_a_notice():
    options = screen_options({"seconds": ["2"]})
    assert (options.seconds, options.notices) == (5, ("seconds=“2” is outside 5–600: 5 seconds a slide.",))


def test_seconds_of_infinity_falls_back_to_15_with_a_notice():
    options = screen_options({"seconds": ["inf"]})
    assert (options.seconds, len(options.notices)) == (15, 1)


def test_theme_is_read_case_insensitively():
    assert screen_options({"theme": ["LIGHT"]}).theme == "light"


def test_unknown_theme_falls_back_to_dark_with_a_notice():
    options = screen_options({"theme": ["pink"]})
    assert (options.theme, options.notices) == ("dark", ("theme=“pink” is not dark or light: dark.",))


def test_slides_keep_the_order_asked():
    assert screen_options({"slides": ["weekly,reading"]}).slides == ("weekly", "reading")


def test_repeated_slides_parameters_are_joined_in_order():
    assert screen_options({"slides": ["goals", "reading"]}).slides == ("goals", "reading")


def test_unknown_slide_kind_is_left_out_with_a_notice():
    options = screen_options({"slides": ["goals,pie"]})
    assert options.slides == ("goals",)
    assert options.notices == (
        "Unknown slides “pie” left out (slides: reading, milestone, goals, weekly, classes, observations).",
    )


def test_only_unknown_slide_kinds_give_the_default_slides():
    assert screen_options({"slides": ["pie,chart"]}).slides == DEFAULT_KINDS


# --- Options: which school ----------------------------------------------------------------------

SCHOOLS = {"0101": "Maple Elementary", "0102": "Oak Hill Middle"}
TWINS = {"0101": "Maple Elementary", "0202": "Maple Elementary"}


def test_school_param_names_a_school_by_id():
    assert school_of_param("0102", SCHOOLS) == "0102"


def test_school_param_names_a_school_by_name_ignoring_case_and_spaces():
    assert school_of_param("  maple ELEMENTARY ", SCHOOLS) == "0101"


def test_school_param_names_one_of_two_namesakes_by_its_label():
    assert school_of_param("Maple Elementary (0202)", TWINS) == "0202"


def test_unknown_school_param_names_no_school():
    assert school_of_param("Pine Ridge", SCHOOLS) is None


def test_screen_shows_the_only_allowed_school_when_the_address_names_none():
    assert screen_school(None, {"0101": "Maple Elementary"}) == "0101"


def test_screen_shows_no_school_when_two_are_allowed_and_the_address_names_none():
    assert screen_school(None, SCHOOLS) is None


# --- The rotation ---------------------------------------------------------------------------------

KEYS = ["reading:G1", "goal:G1", "goal:G2"]


def test_rotation_starts_at_the_first_slide():
    assert next_position(KEYS, None) == 0


def test_rotation_wraps_after_the_last_slide():
    assert next_position(KEYS, "goal:G2") == 0


def test_rotation_restarts_when_the_shown_slide_is_gone():
    assert next_position(KEYS, "goal:G9") == 0


def test_rotation_goes_to_the_slide_after_the_shown_one():
    assert next_position(KEYS, "goal:G1") == 2


def test_rotation_orders_slides_by_kind_asked_and_drops_kinds_not_asked():
    slides = [
        slide(kind="goals", key="goal:G1"),
        slide(kind="weekly", key="weekly"),
        slide(kind="reading", key="reading:G1"),
        slide(kind="goals", key="goal:G2"),
    ]
    chosen = in_rotation(slides, ("reading", "goals"))
    assert [s.key for s in chosen] == ["reading:G1", "goal:G1", "goal:G2"]


# --- Themes: WCAG contrast --------------------------------------------------------------------------


def test_black_on_white_has_the_largest_contrast_21():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)


def test_a_colour_on_itself_has_contrast_1():
    assert contrast("#1f5fa8", "#1f5fa8") == pytest.approx(1.0)


@pytest.mark.parametrize("theme", sorted(PALETTES))
def test_ink_on_background_reaches_4_5(theme):
    palette = PALETTES[theme]
    assert contrast(palette.ink, palette.background) >= TEXT_CONTRAST == 4.5


@pytest.mark.parametrize("theme", sorted(PALETTES))
def test_muted_words_on_background_reach_4_5(theme):
    palette = PALETTES[theme]
    assert contrast(palette.muted, palette.background) >= 4.5


@pytest.mark.parametrize(
    ("theme", "status"), [(theme, status) for theme in sorted(PALETTES) for status in PALETTES[theme].badges]
)
def test_every_status_badge_text_reaches_4_5(theme, status):
    background, text = PALETTES[theme].badges[status]
    assert contrast(text, background) >= 4.5


@pytest.mark.parametrize("theme", sorted(PALETTES))
def test_bar_fill_against_its_track_reaches_3(theme):
    palette = PALETTES[theme]
    assert contrast(palette.fill, palette.track) >= GRAPHIC_CONTRAST == 3.0


# --- HTML: escaping, the meter, the frame -------------------------------------------------------------

HOSTILE_TITLE = "<b>Ms. O'Neil & **Co**</b> [x](http://evil)"
HOSTILE_SCHOOL = "<script>alert(1)</script>"


@pytest.fixture
def hostile_html() -> str:
    frame = Frame(
        HOSTILE_SCHOOL, "Updated 7:02 am", 1, 1, ("theme=“<i>pink</i>” is not dark or light: dark.",)
    )
    return slide_html(slide(title=HOSTILE_TITLE), frame, DARK)


def test_a_title_with_markup_shows_as_escaped_text(hostile_html):
    escaped = "&lt;b&gt;Ms. O&#x27;Neil &amp; **Co**&lt;/b&gt; [x](http://evil)"
    assert f'<h1 class="sg-title">{escaped}</h1>' in hostile_html


def test_a_school_name_with_a_script_tag_is_never_a_script(hostile_html):
    assert "<script>" not in hostile_html
    assert '<span class="sg-school">&lt;script&gt;alert(1)&lt;/script&gt;</span>' in hostile_html


def test_markdown_in_a_title_stays_literal(hostile_html):
    assert "**Co**" in hostile_html and "<strong>" not in hostile_html and "<a " not in hostile_html


def test_a_notice_from_the_address_is_escaped_in_the_foot(hostile_html):
    assert "<i>" not in hostile_html and "&lt;i&gt;pink&lt;/i&gt;" in hostile_html


def test_meter_fill_of_half_is_50_percent_wide():
    assert 'class="sg-fill" style="width:50.00%"' in meter_html(Meter(0.5, "0 books", "Target 50,000 books"))


def test_a_marker_near_the_end_has_its_label_anchored_right():
    html = meter_html(Meter(0.5, "0", "100", marker_share=0.9, marker_label="Even pace"))
    assert 'style="left:90.00%;transform:translateX(-100%)"' in html


def test_a_marker_near_the_start_has_its_label_anchored_left():
    html = meter_html(Meter(0.5, "0", "100", marker_share=0.1, marker_label="Even pace"))
    assert 'style="left:10.00%;transform:translateX(0%)"' in html


def test_a_meter_without_a_marker_draws_none():
    html = meter_html(Meter(0.5, "0", "100"))
    assert "sg-marker" not in html


def test_the_foot_says_where_the_rotation_is():
    assert "<span>Slide 2 of 7</span>" in slide_html(slide(), FRAME, DARK)


def test_the_stylesheet_keeps_the_96_and_32_pixel_floors():
    css = stylesheet(DARK)
    assert "max(96px" in css and "max(32px" in css


def test_a_status_slide_shows_the_status_word_and_its_symbol():
    html = slide_html(slide(status=OFF_TRACK), FRAME, DARK)
    assert '<span aria-hidden="true">✕</span><span>Off track</span>' in html


def test_a_message_screen_shows_its_title_and_sentence_escaped():
    html = message_html("No <data> yet", "Import the files & wait.", FRAME)
    assert '<h1 class="sg-title">No &lt;data&gt; yet</h1>' in html
    assert '<div class="sg-sentence">Import the files &amp; wait.</div>' in html


def test_a_slide_whose_lines_have_no_points_still_draws():
    html = slide_html(slide(lines=(Line("Books read", ()),)), FRAME, DARK)
    assert "sg-chart" not in html


# --- The challenge chart ------------------------------------------------------------------------------

SEP_1, SEP_11 = date(2026, 9, 1), date(2026, 9, 11)
CHART_LINES = (
    Line("Books read", ((SEP_1, 0.0), (SEP_11, 50.0))),
    Line("Even pace", ((SEP_1, 0.0), (SEP_11, 60.0)), dashed=True),
)


def test_chart_draws_one_polyline_per_line():
    assert line_chart_svg(CHART_LINES, 100.0, DARK).count("<polyline") == 2


def test_chart_target_rule_sits_at_the_target_under_6_percent_headroom():
    # The scale's top is max(60, 100) * 1.06 = 106: y = 300 * (1 - 100/106) = 16.98 -> "17.0".
    expected_y = f"{HEIGHT * (1 - 100 / (100 * 1.06)):.1f}"
    assert expected_y == "17.0"
    assert f'<line x1="0" y1="{expected_y}" x2="1000" y2="{expected_y}"' in line_chart_svg(
        CHART_LINES, 100.0, DARK
    )


def test_chart_points_run_from_left_to_right_edge():
    # 50 of 106: y = 300 * (1 - 50/106) = 158.49; Sep 1 at x 0, Sep 11 at x 1000.
    assert 'points="0.0,300.0 1000.0,158.5"' in line_chart_svg(CHART_LINES, 100.0, DARK)


def test_chart_of_no_lines_is_empty():
    assert line_chart_svg((), 100.0, DARK) == ""


def test_chart_image_is_a_base64_svg_data_url():
    img = chart_img(line_chart_svg(CHART_LINES, 100.0, DARK))
    data = re.fullmatch(r'<img class="sg-chart" alt="[^"]+" src="data:image/svg\+xml;base64,([^"]+)"/>', img)
    assert data is not None
    assert base64.b64decode(data.group(1)).decode().startswith('<svg xmlns="http://www.w3.org/2000/svg" ')


# --- Words ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hour", "minute", "words"),
    [(7, 2, "7:02 am"), (12, 30, "12:30 pm"), (0, 5, "12:05 am"), (13, 0, "1:00 pm")],
)
def test_clock_reads_as_twelve_hour_time(hour, minute, words):
    assert clock(datetime(2026, 12, 1, hour, minute)) == words


def test_updated_today_gives_only_the_time():
    words = updated_words(datetime(2026, 12, 1, 7, 2), date(2026, 12, 1), today=date(2026, 12, 1))
    assert words == "Updated 7:02 am, data as of Dec 1"


def test_updated_another_day_gives_the_day_too():
    words = updated_words(datetime(2026, 11, 30, 7, 2), date(2026, 12, 1), today=date(2026, 12, 1))
    assert words == "Updated Nov 30, 7:02 am, data as of Dec 1"


# --- The goal's sentence ------------------------------------------------------------------------------

JAN_22 = date(2027, 1, 22)


def test_reach_sentence_rounds_the_weekly_need_up():
    # 3,018.2 a week is not enough: 3,019.
    assert reach_sentence(18_000, 3018.2, 50_000, JAN_22, "books") == (
        "Needs 3,019 books a week to reach 50,000 by Jan 22."
    )


def test_reach_sentence_of_a_reached_target():
    assert reach_sentence(0, 0.0, 50_000, JAN_22, "books") == "Target of 50,000 books reached."


def test_reach_sentence_with_no_school_days_left():
    assert reach_sentence(18_000, None, 50_000, JAN_22, "books") == (
        "No school days left: 18,000 books short of 50,000."
    )


# --- Reading slides: milestones, pace words, bars -------------------------------------------------------

DAYS = [date(2026, 9, 1) + timedelta(days=i) for i in range(5)]


def test_screen_milestones_are_the_first_days_at_or_over_each_tenth():
    # Target 1,000: 100 reached on day 2 (120), 200 on day 4 (exactly 200), 300 on day 5 (310).
    running = pd.DataFrame({"date": DAYS, "total": [50.0, 120.0, 180.0, 200.0, 310.0]})
    milestones = screen_milestones(running, 1000.0)
    assert [m.day for m in milestones] == [DAYS[1], DAYS[3], DAYS[4]]
    assert [m.amount for m in milestones] == pytest.approx([100.0, 200.0, 300.0])


AS_OF = date(2026, 11, 21)


def reached(share: float, days_ago: int) -> Milestone:
    return Milestone(share, 1000 * share, REACHED, AS_OF - timedelta(days=days_ago))


def test_recent_milestone_is_the_largest_in_the_last_14_days():
    picked = recent_milestone([reached(0.1, 20), reached(0.2, 13), reached(0.3, 5)], AS_OF)
    assert picked == reached(0.3, 5)


def test_a_milestone_13_days_back_is_still_recent():
    assert recent_milestone([reached(0.1, 13)], AS_OF) == reached(0.1, 13)


def test_a_milestone_14_days_back_is_no_longer_recent():
    assert recent_milestone([reached(0.1, 14)], AS_OF) is None


def test_pace_words_behind():
    # 32,074 - 34,343 = -2,269.
    assert (
        pace_words(32074, 34343.4, "books") == "2,269 books behind even pace, which is 34,343 books by today."
    )


def test_pace_words_ahead():
    # 35,000 - 34,343 = 657.
    assert (
        pace_words(35000, 34343.4, "books") == "657 books ahead of even pace, which is 34,343 books by today."
    )


def test_pace_words_right_on_pace_when_the_shown_numbers_match():
    # 34,343.2 and 34,343.4 both show as 34,343.
    assert pace_words(34343.2, 34343.4, "books") == "Right on even pace, which is 34,343 books by today."


def roster(*groups: tuple[str, int, int, int]) -> pd.DataFrame:
    """(grade, students, books each, logged this week) -> one row per student, as the activity
    query gives them; every student logged in the window and in the last 14 days."""
    rows = [
        (grade, books, i < week, True, True) for grade, count, books, week in groups for i in range(count)
    ]
    return pd.DataFrame(
        rows, columns=["grade_level", "books", "logged_week", "logged_window", "logged_14_days"]
    )


def test_bars_are_books_per_student_against_the_grade_with_the_most():
    # Grade 3: 12 students, 2 books each (2.0 per student), 6 logged this week (50%).
    # Grade 4: 15 students, 1 book each (1.0 per student): half of grade 3's bar.
    table = grade_table(roster(("3", 12, 2, 6), ("4", 15, 1, 15)), "books", PrivacyPolicy())
    bars = bars_of(table, "grade", "books")
    assert [(bar.label, bar.share) for bar in bars] == [("Grade 3", 1.0), ("Grade 4", 0.5)]
    assert (bars[0].value, bars[0].note) == ("2.0 books per student", "50% logged reading")


def test_a_hidden_grade_has_no_bar_and_says_it_is_hidden():
    # Grade 5's 3 students are fewer than 10: hidden; grade 4 hidden too, or the school's
    # total would give grade 5 away. Grade 3 (2.0 per student) is the longest bar shown.
    table = grade_table(roster(("3", 12, 2, 6), ("4", 11, 3, 11), ("5", 3, 7, 1)), "books", PrivacyPolicy())
    bars = bars_of(table, "grade", "books")
    assert [bar.share for bar in bars] == [1.0, None, None]
    assert (bars[2].value, bars[2].note) == ("Hidden to protect privacy", "")


# --- The demo district's school 101 ---------------------------------------------------------------------

DEMO_AS_OF = DEMO_TODAY - timedelta(days=1)  # the demo's data run through Sat 2026-11-21
DEFAULT_POLICY = PrivacyPolicy()  # k = 10
STRICT = PrivacyPolicy(min_group_size=150)  # hides 101's grade 3 goal (fewer than 150 students)


@pytest.fixture(scope="module")
def demo(demo_path):
    database = store.connect(demo_path, read_only=True)
    yield database
    database.close()


def cards_of(database, policy: PrivacyPolicy = DEFAULT_POLICY):
    cards, _ = goal_cards(database, ["101"], Filters(school_id="101", as_of=DEMO_AS_OF), policy)
    return cards


def test_goal_slides_are_one_per_shown_card_keyed_by_goal(demo):
    keys = [s.key for s in goal_slides(demo, "101", DEMO_AS_OF, PrivacyPolicy())]
    assert keys == [f"goal:{card.goal_id}" for card in cards_of(demo)]


def test_a_card_hidden_for_privacy_gives_no_slide(demo):
    cards = cards_of(demo, STRICT)
    hidden = {f"goal:{card.goal_id}" for card in cards if card.hidden_reason is not None}
    keys = [s.key for s in goal_slides(demo, "101", DEMO_AS_OF, STRICT)]
    assert hidden == {"goal:G101-GRADE3"}
    assert keys == [f"goal:{card.goal_id}" for card in cards if card.hidden_reason is None]


def test_teacher_goals_are_observation_slides_with_a_percent_or_hours(demo):
    teacher_goals = {card.goal_id: card for card in cards_of(demo) if card.metric in TEACHER_METRICS}
    slides = [s for s in goal_slides(demo, "101", DEMO_AS_OF, PrivacyPolicy()) if s.key[5:] in teacher_goals]
    assert len(slides) == 4  # observation_coverage, feedback_within_2_days, pd_hours, mentoring_meetings
    for shown in slides:
        card = teacher_goals[shown.key[5:]]
        figure = (
            f"{card.progress.current:.1f}" if card.metric == "pd_hours" else f"{card.progress.current:.0f}%"
        )
        assert (shown.kind, shown.figure) == ("observations", figure)


def test_student_goals_are_goal_slides(demo):
    kinds = {
        s.kind for s in goal_slides(demo, "101", DEMO_AS_OF, PrivacyPolicy()) if s.kind != "observations"
    }
    assert kinds == {"goals"}


def test_the_first_reading_slide_shows_the_books_goals_total_from_the_board(demo):
    books = next(card for card in cards_of(demo) if card.metric == "books_read")
    first = reading_slides(demo, "101", DEMO_AS_OF, PrivacyPolicy())[0]
    assert (first.kind, first.key) == ("reading", f"reading:{books.goal_id}")
    assert first.figure == f"{books.progress.current:,.0f}"


def test_the_weekly_slide_has_a_bar_per_grade_in_school_order(demo):
    weekly = next(s for s in reading_slides(demo, "101", DEMO_AS_OF, PrivacyPolicy()) if s.kind == "weekly")
    labels = [bar.label for bar in weekly.bars]
    assert labels == ["Kindergarten", "Grade 1", "Grade 2", "Grade 3", "Grade 4", "Grade 5"]


def test_a_challenge_hidden_for_privacy_gives_no_reading_slide(demo):
    # No school-wide group of 101 reaches 1,000 students: the challenge and every grade are hidden.
    assert reading_slides(demo, "101", DEMO_AS_OF, PrivacyPolicy(min_group_size=1000)) == ()


def slide_words(slides: tuple[Slide, ...]) -> str:
    parts = []
    for shown in slides:
        parts += [shown.kicker, shown.title, shown.figure, shown.figure_words, shown.sentence]
        parts += [text for bar in shown.bars for text in (bar.label, bar.value, bar.note)]
    return "\n".join(parts)


def test_default_slides_name_no_student_and_no_staff_member(demo):
    names = demo.sql(
        "SELECT first_name AS name FROM students UNION SELECT last_name FROM students "
        "UNION SELECT last_name FROM staff"
    )["name"].dropna()
    policy = PrivacyPolicy()
    slides = goal_slides(demo, "101", DEMO_AS_OF, policy) + reading_slides(demo, "101", DEMO_AS_OF, policy)
    words = slide_words(in_rotation(slides, DEFAULT_KINDS))
    assert len(names) > 100 and len(words) > 1000  # the check has something to check
    found = [name for name in names if re.search(rf"\b{re.escape(name)}\b", words, re.IGNORECASE)]
    assert found == []


def test_class_slides_carry_teacher_names_which_is_why_they_are_not_a_default(demo):
    slides = reading_slides(demo, "101", DEMO_AS_OF, PrivacyPolicy())
    labels = [bar.label for shown in slides if shown.kind == "classes" for bar in shown.bars]
    assert "Kindergarten – Mr. Kim" in labels


def test_a_bare_name_two_schools_share_names_neither():
    schools = {"1": "Maple", "2": "Maple"}
    assert (school_of_param("maple", schools), school_of_param("Maple (2)", schools)) == (None, "2")
