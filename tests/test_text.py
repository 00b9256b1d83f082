from datetime import date

from lib.core.text import long_date, markdown_escape, short_date


def test_markdown_in_a_name_is_escaped():
    assert markdown_escape("**Bold** [link](x) :red[y] $z$") == (
        r"\*\*Bold\*\* \[link\]\(x\) \:red\[y\] \$z\$"
    )


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
