"""The command line's goal packet (lib/cli.py runs it), for a scheduled e-mail:

    python -m lib.cli report --school ID_OR_NAME --out packet.pdf [--as-of YYYY-MM-DD | --review N]

Without --review: the school's goals as of the latest data (or --as-of). With it: that goal
review's packet (its data, notes, decisions and action items; a closed review as it was closed).

The store is read read-only (the app may be serving it). Without sign-in the command line sees
the whole district. Returns the exit code (0 written, 1 refused) and prints sentences; errors
with a sentence of their own (DatabaseUnavailableError) go up to lib/cli.py.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

# The display links' school lookup and its sentence: the same answers for the same --school.
from lib.access.commands import matching_schools, not_one_school
from lib.core import db as store
from lib.core.appdb import AppDatabase
from lib.core.config import Settings, settings_from_env
from lib.core.filters import filter_options
from lib.core.goal_edits import AppGoals
from lib.core.scope import Scope
from lib.core.text import short_date
from lib.reviews.document import PacketError
from lib.reviews.images import ChartImageError
from lib.reviews.packet import Packet, build_packet, build_review_packet
from lib.reviews.records import review_by_id

AddCommand = Callable[..., argparse.ArgumentParser]


def add_parser(add_command: AddCommand) -> None:
    """Add report to the command line (`add_command(name, help=...)`)."""
    command = add_command(
        "report", help="write a school's goal packet (PDF): its goals as of the latest data, or a goal review"
    )
    command.add_argument("--school", required=True, metavar="ID_OR_NAME", help="the school's id or name")
    command.add_argument("--out", required=True, type=Path, metavar="PATH", help="the PDF file to write")
    command.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="the day the goals are as of (default: the latest day in the data)",
    )
    command.add_argument(
        "--review",
        type=int,
        default=None,
        metavar="N",
        help="the goal review numbered N (the Goal reviews page shows the numbers) instead of the goals now",
    )


def run(args: argparse.Namespace, who: str) -> int:
    """`report`: write the packet to --out and say how many goals and pages it has."""
    started = time.perf_counter()
    if not args.out.parent.is_dir():
        print(f"Could not write {args.out}: there is no folder {args.out.parent}.", file=sys.stderr)
        return 1
    try:
        settings = settings_from_env()
    except ValueError as bad_setting:  # its sentence names the variable
        print(bad_setting, file=sys.stderr)
        return 1
    try:
        packet = _packet(args.school, args.as_of, settings, who, args.review)
    except (PacketError, ChartImageError) as refusal:
        print(refusal, file=sys.stderr)
        return 1
    try:
        _write(args.out, packet.pdf)
    except OSError as error:
        print(f"Could not write {args.out}: {error.strerror or error}.", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    goals = f"{packet.goals} goal" + ("" if packet.goals == 1 else "s")
    print(f"Wrote {args.out}: {goals}, {packet.pages} pages, {seconds:.1f} s")
    return 0


def _packet(
    asked: str, as_of: date | None, settings: Settings, who: str, review: int | None = None
) -> Packet:
    app = AppDatabase()
    database = store.connect(read_only=True, create=False, goals=AppGoals(app))
    try:
        schools = dict(database.query("core.schools")[["school_id", "school_name"]].itertuples(index=False))
        found = matching_schools(asked, schools)
        if len(found) != 1:
            raise PacketError(not_one_school(asked, found, schools))
        last_day = filter_options(database).last_day
        if last_day is None:
            raise PacketError("The data has no dates yet: import the school's files first.")
        if review is not None:
            return _review_packet(database, app, review, found[0], schools, as_of, settings, who)
        day = check_as_of(as_of, last_day)
        return build_packet(
            database, found[0], day, Scope.whole_district(schools), settings, prepared_for=who
        )
    finally:
        database.close()


def _review_packet(
    database: store.Database,
    app: AppDatabase,
    review_id: int,
    school_id: str,
    schools: dict[str, str],
    as_of: date | None,
    settings: Settings,
    who: str,
) -> Packet:
    if as_of is not None:
        raise PacketError(
            "--as-of and --review don't go together: a review is as of the data it was started on."
        )
    review = review_by_id(app, review_id)
    if review is None:
        raise PacketError(
            f"There is no goal review {review_id}: the Goal reviews page lists them with their numbers."
        )
    if review.school_id != school_id:
        theirs = schools.get(review.school_id, review.school_id)
        raise PacketError(f"Goal review {review_id} is of {theirs}, not of {schools[school_id]}.")
    return build_review_packet(database, app, review_id, settings.policy, prepared_for=who)


def check_as_of(as_of: date | None, last_day: date) -> date:
    """The day the packet is as of: `as_of`, else the data's latest day; PacketError after it."""
    if as_of is None:
        return last_day
    if as_of > last_day:
        raise PacketError(
            f"--as-of {as_of.isoformat()} is after the latest data ({short_date(last_day, with_year=True)}): "
            "give that day or an earlier one, or leave --as-of out."
        )
    return as_of


def _write(path: Path, pdf: bytes) -> None:
    # Written beside and renamed: a scheduled e-mail never sends half a file.
    part = path.with_name(path.name + ".part")
    part.write_bytes(pdf)
    part.replace(path)
