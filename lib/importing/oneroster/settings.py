"""The choices a district makes once for its OneRoster exports, from the environment or the page.

SCHOOL_GOALS_ONEROSTER_ID_FIELD        sourcedId (default) or identifier: which user field
                                       becomes student_id and staff_id
SCHOOL_GOALS_ONEROSTER_HOMEROOM        homeroom (default: classes of classType homeroom), or
                                       a text found in the homeroom's title or classCode
SCHOOL_GOALS_ONEROSTER_ADMINISTRATORS  principal (default), assistant_principal or other:
                                       the role of an administrator / siteAdministrator
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, replace

ID_FIELDS = ("sourcedId", "identifier")
ADMINISTRATOR_ROLES = ("principal", "assistant_principal", "other")


@dataclass(frozen=True)
class RosterOptions:
    id_field: str = "sourcedId"
    homeroom: str = "homeroom"
    administrator_role: str = "principal"

    def __post_init__(self) -> None:
        if self.id_field not in ID_FIELDS:
            raise ValueError(f'The OneRoster id field "{self.id_field}" is not sourcedId or identifier.')
        if self.administrator_role not in ADMINISTRATOR_ROLES:
            raise ValueError(
                f'The role for OneRoster administrators "{self.administrator_role}" is not one of '
                f"{', '.join(ADMINISTRATOR_ROLES)}."
            )
        if not self.homeroom.strip():
            raise ValueError("The OneRoster homeroom setting is blank: say homeroom, or a word of its title.")

    @property
    def by_class_type(self) -> bool:
        return self.homeroom.strip().lower() == "homeroom"


def from_environment() -> RosterOptions:
    """The options the environment sets (defaults where unset); ValueError names a bad value."""
    fields = {"sourcedid": "sourcedId", "identifier": "identifier"}
    raw_id = os.environ.get("SCHOOL_GOALS_ONEROSTER_ID_FIELD", "").strip()
    return RosterOptions(
        id_field=fields.get(raw_id.lower(), raw_id) or "sourcedId",
        homeroom=os.environ.get("SCHOOL_GOALS_ONEROSTER_HOMEROOM", "").strip() or "homeroom",
        administrator_role=os.environ.get("SCHOOL_GOALS_ONEROSTER_ADMINISTRATORS", "").strip().lower()
        or "principal",
    )


def add_arguments(command: argparse.ArgumentParser) -> None:
    """The import command's OneRoster options (each overrides its SCHOOL_GOALS_ONEROSTER_* setting)."""
    command.add_argument(
        "--oneroster-ids", choices=ID_FIELDS, default=None,
        help="OneRoster user field that becomes student_id and staff_id (default sourcedId)",
    )  # fmt: skip
    command.add_argument(
        "--oneroster-homeroom", default=None, metavar="TEXT",
        help="homeroom classes: 'homeroom' (classType, the default) or a text of their title or classCode",
    )  # fmt: skip
    command.add_argument(
        "--oneroster-administrators", choices=ADMINISTRATOR_ROLES, default=None,
        help="the role an administrator / siteAdministrator gets (default principal)",
    )  # fmt: skip


def from_arguments(args: argparse.Namespace) -> RosterOptions:
    """The environment's options with the command line's on top; ValueError names a bad value."""
    options = from_environment()
    given = {
        "id_field": args.oneroster_ids,
        "homeroom": args.oneroster_homeroom,
        "administrator_role": args.oneroster_administrators,
    }
    return replace(options, **{k: v for k, v in given.items() if v is not None})
