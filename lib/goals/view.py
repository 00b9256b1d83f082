"""The goal board's one entry point: `goal_board_view`, which pages/overview.py calls through
lib.core.web.cached. The board reads only the schools the scope lets the person see.
"""

from __future__ import annotations

import pandas as pd

from lib.core.config import Settings
from lib.core.db import Database
from lib.core.filters import FilterOptions, Filters, school_url, url_params
from lib.core.scope import Scope
from lib.goals.board import Board, build_board


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
