import io
from datetime import date

import pandas as pd
import pytest

from lib.core.text import (
    WORD_JOINER,
    listed_values,
    long_date,
    markdown_escape,
    plotly_text,
    quoted_value,
    safe_cell,
    safe_csv,
    short_date,
)


def test_markdown_in_a_name_is_escaped():
    assert markdown_escape("**Bold** [link](x) :red[y] $z$") == (r"\*\*Bold\*\* \[link\](x) \:red\[y\] \$z\$")


@pytest.mark.parametrize(
    ("name", "escaped"),
    [
        ("# Heading", r"\# Heading"),
        ("- item", r"\- item"),
        ("1. First", r"1\. First"),
        ("<b>x</b> &amp;", r"\<b\>x\</b\> \&amp;"),
        ("two\nlines", "two lines"),
        ("Grade 3 - A. Smith (K-1)", "Grade 3 - A. Smith (K-1)"),  # nothing Markdown reads here
    ],
)
def test_what_starts_a_block_or_an_entity_is_escaped(name, escaped):
    assert markdown_escape(name) == escaped


@pytest.mark.parametrize(
    ("name", "escaped"),
    [
        ("https://x.example", rf"https\:{WORD_JOINER}//x.example"),
        ("www.x.example", f"www{WORD_JOINER}.x.example"),
        ("ms@x.example", rf"ms{WORD_JOINER}\@x.example"),
    ],
)
def test_a_bare_address_gets_a_word_joiner_so_it_is_no_link(name, escaped):
    assert markdown_escape(name) == escaped


def test_plotly_markup_in_a_name_becomes_entities():
    assert plotly_text("<b>A & B</b>") == "&lt;b&gt;A &amp; B&lt;/b&gt;"


def test_a_link_value_is_code_with_a_fence_longer_than_its_backticks():
    assert (quoted_value("[x](https://e.example)"), quoted_value("a``b")) == (
        "` [x](https://e.example) `",
        "``` a``b ```",
    )


def test_many_values_are_listed_as_three_and_a_count():
    assert listed_values(["a", "b", "c", "d", "e"]) == "` a `, ` b `, ` c ` and 2 more"


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("https://evil.example","x")', '\'=HYPERLINK("https://evil.example","x")'),
        ("-cmd", "'-cmd"),
        ("+1+1", "'+1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-4", "-4"),  # a number written as text stays a number
        ("Ana", "Ana"),
        (-1, -1),
    ],
)
def test_a_cell_a_spreadsheet_would_run_gets_a_quote(cell, written):
    assert safe_cell(cell) == written


def test_safe_csv_keeps_negative_numbers_and_quotes_formulas():
    frame = pd.DataFrame(
        {"name": ['=HYPERLINK("x")', "-cmd", "@SUM", "\tx", "Bo"], "change": [-1, 2, -3, 4, 5]}
    )
    written = pd.read_csv(io.BytesIO(safe_csv(frame)), encoding="utf-8-sig", keep_default_na=False)
    assert written.to_dict("list") == {
        "name": ['\'=HYPERLINK("x")', "'-cmd", "'@SUM", "'\tx", "Bo"],
        "change": [-1, 2, -3, 4, 5],
    }


def test_dates_read_the_way_people_say_them():
    assert (long_date(date(2026, 11, 20)), short_date(date(2026, 11, 20))) == (
        "Friday, November 20, 2026",
        "Nov 20",
    )


def test_a_single_digit_day_has_no_leading_zero():
    assert short_date(date(2026, 11, 5)) == "Nov 5"


def test_short_date_with_the_year():
    assert short_date(date(2026, 11, 5), with_year=True) == "Nov 5, 2026"


def test_long_date_of_a_single_digit_day():
    assert long_date(date(2027, 1, 4)) == "Monday, January 4, 2027"
