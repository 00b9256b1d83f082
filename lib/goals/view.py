"""The goal board's entry points: `goal_board_page`, which pages/overview.py calls through
lib.core.web.cached, and `goal_board_view`, the board alone (the auditor, tests). The board reads
only the schools the scope lets the person see.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from lib.core.config import Settings
from lib.core.db import Database
from lib.core.filters import FilterOptions, Filters, school_url, url_params
from lib.core.scope import Scope
from lib.goals.board import Board, build_board
from lib.goals.charts import card_bar


@dataclass(frozen=True)
class BoardPage:
    """What pages/overview.py draws: the board, and each drawn card's progress bar (goal_id ->
    figure; a school's board only: the district view lists schools, not cards)."""

    board: Board
    bars: dict[str, go.Figure]


def goal_board_view(database: Database, filters: Filters, scope: Scope, settings: Settings) -> Board:
    """The goal board for the filters: cards, attention items, and (district view) the schools.

    A school outside the scope gives an empty board; the district view lists only the scope's
    schools. Student-group values have passed `settings.policy`. Where the scope allows no other
    teachers' names (a teacher), the attention items count those teachers and classes unnamed.
    """
    return build_board(database, filters, scope.schools_in_view(filters.school_id), settings.policy, scope)


def school_links(board: Board, filters: Filters, options: FilterOptions) -> pd.DataFrame:
    """The district view's table of schools with `link`: each school's own board, other filters kept."""
    params = url_params(filters, options)
    links = [school_url(params, options.school_label(school_id)) for school_id in board.schools["school_id"]]
    return board.schools.assign(link=links)


def goal_board_page(database: Database, filters: Filters, scope: Scope, settings: Settings) -> BoardPage:
    """The goal board (goal_board_view) with its cards' progress bars drawn once, so that a
    page view served from the cache builds no figure."""
    board = goal_board_view(database, filters, scope, settings)
    cards = board.cards if filters.school_id is not None else ()
    bars = {card.goal_id: card_bar(card) for card in cards}
    return BoardPage(board, {goal_id: bar for goal_id, bar in bars.items() if bar is not None})
