"""A review's tables, as the page shows them and its CSV downloads write them."""

from __future__ import annotations

import pandas as pd

from lib.reviews.view import ReviewGoal
from lib.reviews.words import figures_line


def figures_table(goals: list[ReviewGoal], then_day: str, now_day: str) -> pd.DataFrame:
    """One row per goal: its title, target, and status with value then and now."""
    return pd.DataFrame(
        [
            {
                "goal": g.title,
                "target": (g.now or g.then).target_label,  # type: ignore[union-attr]
                f"then (data as of {then_day})": figures_line(g.then),
                f"now (data as of {now_day})": figures_line(g.now),
            }
            for g in goals
        ]
    )


def items_table(goals: list[ReviewGoal]) -> pd.DataFrame:
    """Every action item of the review: goal, what, owner, due date, status, and where it came from."""
    rows = [
        {
            "goal": g.title,
            "what": item["what"],
            "owner": item["owner"],
            "due": item["due_on"],
            "status": item["status"],
            "from": "an earlier review" if item.get("carried") else "this review",
        }
        for g in goals
        for item in g.items
    ]
    return pd.DataFrame(rows, columns=["goal", "what", "owner", "due", "status", "from"])


def stamped(table: pd.DataFrame, school: str, review_id: int, data_day: str, generated: str) -> pd.DataFrame:
    """The table with what every export carries, on each row (a spreadsheet keeps it with the
    rows): the school, the review, the data's date and when it was generated."""
    return table.assign(
        school=school, review=review_id, **{"data as of": data_day, "generated on": generated}
    )
