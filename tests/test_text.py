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
