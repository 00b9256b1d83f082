"""Refuse up front: `make run` / `make serve` check, before Streamlit starts, that the app will
not listen on the network without sign-in (`python -m lib.cli preflight [--address ADDR]`).

The app itself refuses too (app.py shows only NOT_LOCAL_WITHOUT_SIGN_IN); this says it in the
terminal, before anyone opens a browser. Streamlit's own order decides the address: the
command line's --server.address, then STREAMLIT_SERVER_ADDRESS, then server.address in the
project's .streamlit/config.toml, then in ~/.streamlit/config.toml; none of them means every
interface. Sign-in is on when a secrets file Streamlit reads (~/.streamlit/secrets.toml, the
project's .streamlit/secrets.toml) has an [auth] section.
"""

from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lib.access.view import NOT_LOCAL_WITHOUT_SIGN_IN
from lib.core.config import LOOPBACK, ROOT

# The addresses app.py counts as this computer only (lib/core/web.py listening_locally).
ADDRESS_VARIABLE = "STREAMLIT_SERVER_ADDRESS"
# Streamlit refuses to sign anyone in without these two, whatever the provider (auth_util.py).
REQUIRED_AUTH_KEYS = ("redirect_uri", "cookie_secret")


class SettingsFileError(ValueError):
    """A config or secrets file that is not valid TOML (the message names the file)."""


@dataclass(frozen=True)
class Listening:
    """Where the server will listen and which setting said so."""

    address: str  # "" when no setting names one: every interface
    source: str  # "--address", the variable's name, a config file's path, or "Streamlit's default"

    @property
    def local(self) -> bool:
        """True when only this computer can reach the app."""
        return self.address.strip() in LOOPBACK

    def words(self) -> str:
        where = self.address or "every network interface"
        return f"{where} (from {self.source})"


def read_toml(path: Path) -> dict[str, Any]:
    """The file's settings; {} when there is no such file. Raises SettingsFileError."""
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except FileNotFoundError:
        return {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsFileError(
            f"{path} is not valid TOML ({error}): fix or remove it, then try again."
        ) from None


def listening(
    address_flag: str | None, environ: Mapping[str, str], config_files: Sequence[Path]
) -> Listening:
    """Where the server will listen: the flag, else the variable, else the last config file
    (in `config_files`' order, later ones win, as in Streamlit) that sets server.address."""
    if address_flag is not None:
        return Listening(address_flag.strip(), "--address")
    if environ.get(ADDRESS_VARIABLE):
        return Listening(environ[ADDRESS_VARIABLE].strip(), ADDRESS_VARIABLE)
    for path in reversed(config_files):
        address = read_toml(path).get("server", {}).get("address")
        if address is not None:
            return Listening(str(address).strip(), str(path))
    return Listening("", "Streamlit's default")


def auth_section(secrets_files: Sequence[Path]) -> dict[str, Any] | None:
    """The [auth] section Streamlit would read: the last file's that has one (Streamlit merges
    secrets files by top-level key); None when no file has one."""
    found = [section for path in secrets_files if isinstance(section := read_toml(path).get("auth"), dict)]
    return found[-1] if found else None


def refusal(where: Listening, auth: Mapping[str, Any] | None) -> str | None:
    """The sentence that stops the start; None when it may go ahead."""
    if auth is not None:
        missing = [key for key in REQUIRED_AUTH_KEYS if not auth.get(key)]
        if missing:
            return (
                f"The [auth] section of .streamlit/secrets.toml has no {' or '.join(missing)}, so nobody "
                "could sign in. Fill it in as .streamlit/secrets.example.toml shows, then start again."
            )
        return None
    if where.local:
        return None
    return f"Not started: it would listen on {where.words()}. {NOT_LOCAL_WITHOUT_SIGN_IN}"


def check(
    address_flag: str | None = None,
    environ: Mapping[str, str] | None = None,
    root: Path | None = None,
    home: Path | None = None,
) -> tuple[str | None, str]:
    """(refusal sentence or None, what the start will be) for this project and user."""
    root, home = root or ROOT, home or Path.home()
    streamlit_dirs = [home / ".streamlit", root / ".streamlit"]  # Streamlit's order: global first
    where = listening(
        address_flag, os.environ if environ is None else environ, [d / "config.toml" for d in streamlit_dirs]
    )
    auth = auth_section([d / "secrets.toml" for d in streamlit_dirs])
    mode = "sign-in on" if auth is not None else "sign-in off: local mode"
    return refusal(where, auth), f"Listening on {where.words()}, {mode}."


def run(address_flag: str | None = None) -> int:
    """`python -m lib.cli preflight`: 0 and what the start will be, or 1 and why not (stderr)."""
    try:
        refused, plan = check(address_flag)
    except SettingsFileError as error:
        refused, plan = str(error), ""
    if refused:
        print(refused, file=sys.stderr)
        return 1
    print(plan)
    return 0
