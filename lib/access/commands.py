"""The command line's display links (lib/cli.py runs them): make, list and revoke.

    python -m lib.cli display-token --school ID_OR_NAME [--label TEXT]
    python -m lib.cli display-token --list
    python -m lib.cli display-token --revoke LINK_ID

The store's schools are read read-only (the app may be serving it); the links live in the app
database. Each returns the exit code (0 done, 1 refused) and prints sentences; errors with a
sentence of their own (AppDatabaseError, DatabaseUnavailableError) go up to lib/cli.py.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping
from datetime import datetime

from lib.access import tokens
from lib.access.tokens import DisplayLink
from lib.core import db as store
from lib.core.appdb import AppDatabase
from lib.core.filters import school_labels

AddCommand = Callable[..., argparse.ArgumentParser]
SERVER = "http://<this server>:8501/"


def add_parser(add_command: AddCommand) -> None:
    """Add display-token to the command line (`add_command(name, help=...)`)."""
    command = add_command(
        "display-token", help="make, list or revoke a link that opens one school's staff-meeting screen"
    )
    what = command.add_mutually_exclusive_group(required=True)
    what.add_argument("--school", help="a new link to this school's screen (its id or name)")
    what.add_argument("--list", action="store_true", help="list every link, revoked ones too")
    what.add_argument("--revoke", type=int, metavar="LINK_ID", help="revoke a link by its id")
    command.add_argument(
        "--label", default="", help=f'where the screen is (default "{tokens.DEFAULT_LABEL}")'
    )


def run(args: argparse.Namespace, who: str) -> int:
    """`display-token`: one of --school, --list, --revoke (argparse makes sure of that)."""
    app = AppDatabase()
    if args.list:
        return _list(app)
    if args.revoke is not None:
        return _revoke(app, args.revoke, who)
    return _create(app, args.school, args.label, who)


def store_schools() -> dict[str, str]:
    """{school id: name} of the store's schools, in the store's order (opened read-only)."""
    database = store.connect(read_only=True)
    try:
        frame = database.query("core.schools")
    finally:
        database.close()
    return dict(zip(frame["school_id"].astype(str), frame["school_name"].astype(str), strict=True))


def matching_schools(asked: str, names: Mapping[str, str]) -> list[str]:
    """The school ids `asked` names: its id exactly, else every school of that name (any case)."""
    asked = asked.strip()
    if asked in names:
        return [asked]
    return [school_id for school_id, name in names.items() if name.casefold() == asked.casefold()]


def _create(app: AppDatabase, asked: str, label: str, who: str) -> int:
    names = store_schools()
    found = matching_schools(asked, names)
    if len(found) != 1:
        print(not_one_school(asked, found, names), file=sys.stderr)
        return 1
    school_id = found[0]
    link_id, token = tokens.create_display_link(app, school_id, label, who)
    path = tokens.display_path(school_labels(names)[school_id], token)
    print(f"Display link {link_id} for {names[school_id]} ({tokens.clean_label(label)}). Its address:")
    print(f"    /{path}")
    print(f"Open it on the TV as {SERVER}{path}")
    print(
        "The token is shown only this once: the app keeps only its fingerprint. Revoke the link with "
        f"`python -m lib.cli display-token --revoke {link_id}`."
    )
    return 0


def not_one_school(asked: str, found: list[str], names: Mapping[str, str]) -> str:
    if found:
        return f'{len(found)} schools are named "{asked}": give the id of one ({", ".join(found)}).'
    if not names:
        return "The data has no schools yet: import schools.csv first."
    known = ", ".join(f"{name} ({school_id})" for school_id, name in names.items())
    return f'There is no school "{asked}" in the data. Its schools: {known}.'


def _moment(when: datetime | None) -> str:
    return "never" if when is None else f"{when:%Y-%m-%d %H:%M}"


def link_line(link: DisplayLink, names: Mapping[str, str]) -> str:
    """One link for --list: id, school, label, who made it when, last use, active or revoked."""
    status = "active" if link.active else f"revoked {_moment(link.revoked_at)}"
    school = names.get(link.school_id, link.school_id)
    return (
        f"{link.link_id:>4}  {school}  {link.label}  created {_moment(link.created_at)} by "
        f"{link.created_by}  last used {_moment(link.last_used_at)}  {status}"
    )


def _list(app: AppDatabase) -> int:
    links = tokens.display_links(app, None)
    if not links:
        print("No display links yet.")
        return 0
    try:
        names = store_schools()
    except store.DatabaseUnavailableError:
        names = {}  # the links are still worth listing, by school id
    for link in links:
        print(link_line(link, names))
    return 0


def _revoke(app: AppDatabase, link_id: int, who: str) -> int:
    # The store is not read: revoking must work whatever state the data is in.
    link = next((link for link in tokens.display_links(app, None) if link.link_id == link_id), None)
    if link is None:
        print(f"There is no display link {link_id}: `display-token --list` shows them.", file=sys.stderr)
        return 1
    if not tokens.revoke_display_link(app, link_id, who, {link.school_id}):
        print(
            f"Display link {link_id} was already revoked ({_moment(link.revoked_at)}); nothing changed.",
            file=sys.stderr,
        )
        return 1
    print(
        f"Display link {link_id} ({link.label}) is revoked: its screen shows nothing from its next refresh."
    )
    return 0
