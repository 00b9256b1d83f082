"""A goal's status: the words, their order of concern, and the badge every page draws.

The rule that picks a status is lib.core.progress.goal_progress; HIDDEN is not a status the
rule gives but the one a card or table row shows when privacy withholds its value.
"""

from __future__ import annotations

MET = "met"
ON_TRACK = "on track"
AT_RISK = "at risk"
OFF_TRACK = "off track"
NOT_STARTED = "not started"
ENDED_MET = "ended: met"
ENDED_MISSED = "ended: missed"
HIDDEN = "hidden"

GOOD_STATUSES = (MET, ON_TRACK, ENDED_MET)
SLIPPED_TO = (AT_RISK, OFF_TRACK)
# Most worrying first: tables of goals sort by this.
STATUS_ORDER = (OFF_TRACK, AT_RISK, ENDED_MISSED, NOT_STARTED, ON_TRACK, MET, ENDED_MET, HIDDEN)
# Status as a word and an icon (never colour alone), with the badge colour.
STATUS_BADGES = {
    MET: ("Met", ":material/check_circle:", "green"),
    ON_TRACK: ("On track", ":material/trending_up:", "green"),
    AT_RISK: ("At risk", ":material/warning:", "orange"),
    OFF_TRACK: ("Off track", ":material/error:", "red"),
    NOT_STARTED: ("Not started", ":material/schedule:", "gray"),
    ENDED_MET: ("Ended: met", ":material/flag:", "green"),
    ENDED_MISSED: ("Ended: missed", ":material/flag:", "red"),
    HIDDEN: ("Hidden (privacy)", ":material/visibility_off:", "gray"),
}


def status_rank(status: str) -> int:
    """Position in STATUS_ORDER (0 = most worrying); unknown statuses last."""
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


def slipped(previous_status: str, current_status: str) -> bool:
    """Return True when a goal was met or on track and is now at risk or off track."""
    return previous_status in (MET, ON_TRACK) and current_status in SLIPPED_TO


# The same as a text symbol, for places that draw their own HTML (the staff-meeting screen),
# always beside the word.
STATUS_SYMBOLS = {
    MET: "✓",
    ON_TRACK: "↗",
    AT_RISK: "⚠",
    OFF_TRACK: "✕",
    NOT_STARTED: "◷",
    ENDED_MET: "⚑",
    ENDED_MISSED: "⚑",
    HIDDEN: "⊘",
}
