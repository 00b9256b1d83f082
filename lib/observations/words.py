"""The sentences of the observation page: each number with its unit and time frame.

Plain strings, no Streamlit, rendered as Markdown: the data they carry (the school's name,
rubric components) goes through lib.core.text.markdown_escape here. Teacher names never pass
through here (they only appear in tables and charts, and only as lib.observations.names allows).
"""

from __future__ import annotations

from datetime import date

from lib.core.config import Cadence
from lib.core.metrics import FEEDBACK_DAYS, FEEDBACK_WINDOW_DAYS
from lib.core.text import markdown_escape, short_date
from lib.observations.activity import HeatMap, PeerSummary
from lib.observations.rubric import MIN_TEACHERS


def plural(count: int, word: str) -> str:
    """'1 visit', '3 visits'."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def page_caption(school_label: str, as_of: date, cadence: Cadence) -> str:
    """'Maple Grove Elementary · as of Sat Nov 21, 2026 · cadence: every 14 days; ...'."""
    return (
        f"{markdown_escape(school_label)} · as of {as_of:%a} {short_date(as_of, with_year=True)} · cadence: "
        f"{cadence.describe()} · changes are against {cadence.cycle_days} days earlier"
    )


def definitions(cadence: Cadence) -> str:
    """The page's definitions as a Markdown list."""
    return f"""
- **Teachers**: staff with the role *teacher* on staff by the as-of date; a grade filter keeps
  teachers of that grade's sections.
- **First-year teacher**: start date within the 365 days before the as-of date.
- **Cycle**: the last {cadence.cycle_days} days ending on the as-of date, both ends included
  ({cadence.first_year_days} days for first-year teachers). A teacher is **observed in cycle**
  with a counted visit in it, and **overdue** without one (never-observed teachers included).
  With one cadence for everyone this is the goal board's coverage card.
- **Counted visit**: one of the chosen types by an observer in one of the chosen roles. Peer
  observations never count toward coverage.
- **Days since ÷ cycle**: days since the latest counted visit divided by the teacher's cycle;
  1.0 or more is overdue. "Visit next" sorts by it, never-observed teachers first. The
  **median wait** counts never-observed teachers as the longest waits.
- **Feedback on time**: feedback within {FEEDBACK_DAYS} school days, among visits in the last
  {FEEDBACK_WINDOW_DAYS} days whose deadline has passed (the goal board's rule). School days skip
  weekends and the school's days off.
- **Weeks** run Monday to Sunday. **This school year** starts July 1 (or the first day of data).
- **Changes** compare each figure with the same figure one cycle ({cadence.cycle_days} days) earlier.
"""


def heat_map_caption(heat: HeatMap, own_rows_only: bool = False) -> str:
    """What the heat map shows, and how many teachers it leaves out (or, listing only the
    person's own row, that the others are for school leaders)."""
    shown = len(heat.counts)
    if own_rows_only:
        more = f" Your own row only: the other teachers' rows of the {heat.teachers_total} are for school leaders."
    elif shown < heat.teachers_total:
        more = f" Showing the {shown} most overdue of {heat.teachers_total} teachers; choose a school to see all."
    else:
        more = ""
    return (
        "Counted visits per week (Monday to Sunday), most overdue teachers at the top. ⚠ and red "
        "names mark teachers overdue on the as-of date; after each name, days since the last counted "
        f"visit / the teacher's cycle in days.{more}"
    )


def no_own_rows() -> str:
    """Under a list that holds none of the person's own rows (a teacher's view)."""
    return "None of these rows is yours; other people's rows are for school leaders and coaches."


def own_rows_note() -> str:
    """Why a teacher sees only their own rows in the lists below the tiles."""
    return (
        "Observations are personnel records: the lists below show only your own rows. The tiles, "
        "and the counts in the captions, cover every teacher in view."
    )


def observer_load_caption(weeks: list[date]) -> str:
    """'Counted visits per observer per week, weeks of Aug 17 to Nov 16 (14 weeks) ...'."""
    return (
        f"Counted visits per observer per week, weeks of {short_date(weeks[0])} to "
        f"{short_date(weeks[-1])} ({plural(len(weeks), 'week')}), so the work is shared."
    )


def turnaround_caption(as_of: date) -> str:
    """What the turnaround chart counts."""
    return (
        f"Counted visits in the {FEEDBACK_WINDOW_DAYS} days to {short_date(as_of)} by school days from "
        "the visit to its feedback (weekends and days off skipped)."
    )


def waiting_caption(waiting: int, as_of: date, own: int | None = None) -> str:
    """'Waiting for feedback as of Nov 21: 3 visits. ⚠ Late: ...'; with `own` (the person's own
    rows only): '3 visits, 1 of them yours'."""
    yours = f", {own} of them yours" if own is not None else ""
    return (
        f"Waiting for feedback as of {short_date(as_of)}: {plural(waiting, 'visit')}{yours}. "
        f"⚠ Late: the {FEEDBACK_DAYS}-school-day deadline has passed."
    )


def peer_caption(peer: PeerSummary, year_start: date) -> str:
    """'21 peer observations this school year (since Jul 1) by 15 of 29 teachers in view ...'."""
    return (
        f"{plural(peer.visits, 'peer observation')} this school year (since {short_date(year_start)}) "
        f"by {plural(peer.observers, 'teacher')}; {peer.teachers_in_scope} teachers in view. "
        "Peer visits don't count toward coverage."
    )


def rubric_caption() -> str:
    """The rule the rubric section follows."""
    return (
        f"Average rating (1-4) of counted visits this school year, only where the ratings cover at "
        f"least {MIN_TEACHERS} teachers. Ratings are personnel records: no rating per teacher is shown."
    )


def rubric_hidden_caption(hidden: list[str]) -> str:
    """'Not shown (fewer than 5 teachers rated): 1a, 3c.'; empty when nothing is hidden."""
    return (
        f"Not shown (fewer than {MIN_TEACHERS} teachers rated): {', '.join(markdown_escape(c) for c in hidden)}."
        if hidden
        else ""
    )


# Each table's columns in the order shown, with their headers. In the district view these
# tables of teachers and visits show the school column second.
SCHOOL_SECOND = ("visit_next", "observer_load", "waiting", "peer")
TABLES = {
    "schools": {
        "school": "School",
        "teachers": "Teachers",
        "observed": "Observed in cycle",
        "percent_observed": "Coverage",
        "overdue": "Overdue",
        "never_observed": "Never observed",
        "median_days": "Median wait (days)",
    },
    "visit_next": {
        "teacher": "Teacher",
        "status": "Status",
        "first_year": "First year",
        "cadence_days": "Cycle (days)",
        "days_since_last_observation": "Days since last visit",
        "cycle_ratio": "Days since ÷ cycle",
        "last_observed_on": "Last visit",
        "next_due_on": "Next due",
        "last_observer": "Last observer",
        "last_observation_type": "Last type",
    },
    "observer_load": {
        "observer": "Observer",
        "role": "Role",
        "per_week": "Visits per week",
        "visits": "Visits",
        "per_week_average": "Average per week",
        "share": "Share of visits",
    },
    "waiting": {
        "status": "Status",
        "teacher_name": "Teacher",
        "observer_name": "Observer",
        "observed_on": "Visit",
        "deadline": "Due",
        "school_days_waiting": "Waiting",
    },
    "peer": {
        "observer": "Teacher who observed",
        "peer_visits": "Peer visits",
        "colleagues_observed": "Colleagues observed",
        "last_peer_visit": "Latest",
    },
    "rubric": {"component": "Component", "average_rating": "Average rating", "teachers": "Teachers rated"},
}
