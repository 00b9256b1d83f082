"""What the goal board publishes, as a lib.privacy.audit Publication: for the auditor's tests.

Read back from the cards the board draws: a card shows its figure (a total, a rate, its trend
and projection) unless it carries a hidden reason.
"""

from __future__ import annotations

from lib.core.config import Settings
from lib.core.db import Database
from lib.core.filters import Filters
from lib.core.scope import Scope
from lib.goals.nesting import board_publication
from lib.goals.view import goal_board_view
from lib.privacy.audit import Publication


def publications(database: Database, filters: Filters, scope: Scope, settings: Settings) -> list[Publication]:
    """The goal board's cards for the filters, as one publication."""
    board = goal_board_view(database, filters, scope, settings)
    shown = {card.goal_id: card.hidden_reason is None for card in board.cards}
    return [board_publication(board.cells, shown, settings.policy.min_group_size)]
