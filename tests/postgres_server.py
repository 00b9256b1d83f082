"""A throwaway PostgreSQL server for tests: the catalog of a DuckLake store (issue 18).

Debian's `postgresql` package (`make postgres`) gives the binaries; `running_postgres` makes a
cluster in a new folder, starts it on a free port of 127.0.0.1 and removes it afterwards. The
machine's own PostgreSQL service is never touched.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DATABASE = "lake"
# The server's superuser. With --auth=trust anyone on this computer may connect as it: the server
# listens on 127.0.0.1 only and lives as long as one test.
SUPERUSER = "postgres"
# PostgreSQL refuses to run as root. Under root (CI) the server runs as the first of these that
# exists: Debian's package creates `postgres`, and `nobody` exists everywhere.
UNPRIVILEGED_USERS = ("postgres", "nobody")
# A cluster deleted after the test needs no durability: --no-sync and fsync = off make start-up
# and commits faster. No Unix socket: Debian's folder for it belongs to the machine's own server.
SETTINGS = """
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
"""
INITDB_OPTIONS = ("--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C", f"--username={SUPERUSER}")
SKIP_REASON = "PostgreSQL is not installed: `make postgres` installs Debian's package"


def postgres_bin() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL isn't installed.

    Debian keeps them off PATH in /usr/lib/postgresql/<major>/bin; the newest major wins.
    """
    on_path = shutil.which("initdb")
    candidates = [Path(on_path).resolve().parent] if on_path else []
    installed = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += sorted(installed, key=lambda folder: _major_version(folder.parent.name), reverse=True)
    return next((folder for folder in candidates if (folder / "pg_ctl").exists()), None)


def postgres_available() -> bool:
    """Whether `running_postgres` can start a server (the binaries are installed)."""
    return postgres_bin() is not None


@contextmanager
def running_postgres(folder: Path) -> Iterator[str]:
    """Yield the libpq connection string of a new PostgreSQL server holding an empty database.

    The string (`host=127.0.0.1 port=... dbname=lake user=postgres`) follows `ducklake:postgres:`
    in an ATTACH. On exit, also when the block raises, the server is stopped and its files go.
    Start-up takes about half a second on an idle machine (initdb most of it).
    """
    bin_folder = postgres_bin()
    if bin_folder is None:
        raise RuntimeError(SKIP_REASON)
    server_user = _unprivileged_user() if os.geteuid() == 0 else None
    as_user = ["runuser", "-u", server_user, "--"] if server_user else []
    cluster = _cluster_folder(folder, server_user)
    data = cluster / "data"
    try:
        port = _free_port()
        _run([*as_user, bin_folder / "initdb", "-D", data, *INITDB_OPTIONS], cwd=cluster)
        with (data / "postgresql.conf").open("a") as conf:
            conf.write(SETTINGS.format(port=port))
        pg_ctl: list[str | Path] = [*as_user, bin_folder / "pg_ctl", "-D", data]
        try:
            _start(pg_ctl, log=cluster / "server.log")
            address = ["-h", "127.0.0.1", "-p", str(port), "-U", SUPERUSER]
            _run([*as_user, bin_folder / "createdb", *address, DATABASE], cwd=cluster)
            yield f"host=127.0.0.1 port={port} dbname={DATABASE} user={SUPERUSER}"
        finally:
            _run([*pg_ctl, "stop", "-m", "immediate", "-w"], cwd=cluster, check=False)
    finally:
        shutil.rmtree(cluster, ignore_errors=True)


def _start(pg_ctl: list[str | Path], log: Path) -> None:
    try:
        _run([*pg_ctl, "start", "-l", log, "-w", "-t", "30"], cwd=log.parent)
    except RuntimeError as error:
        server_said = log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
        raise RuntimeError(f"{error}\nserver log:\n{server_said}") from error


def _unprivileged_user() -> str:
    for name in UNPRIVILEGED_USERS:
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise RuntimeError(f"none of the users {', '.join(UNPRIVILEGED_USERS)} exists to run PostgreSQL")


def _cluster_folder(folder: Path, server_user: str | None) -> Path:
    """A new, empty folder for the cluster, owned by the user the server runs as (None: this one).

    It goes under `folder` unless that user can't reach it: under root, pytest's tmp_path lies in
    /tmp/pytest-of-root, which only root may enter. Then it goes to the system temp folder.
    """
    folder.mkdir(parents=True, exist_ok=True)
    cluster = Path(tempfile.mkdtemp(prefix="postgres-", dir=folder))
    if server_user is None:
        return cluster
    shutil.chown(cluster, user=server_user, group=pwd.getpwnam(server_user).pw_gid)
    can_write = ["runuser", "-u", server_user, "--", "test", "-w", str(cluster)]
    if subprocess.run(can_write, capture_output=True).returncode == 0:
        return cluster
    shutil.rmtree(cluster)
    cluster = Path(tempfile.mkdtemp(prefix="postgres-"))
    shutil.chown(cluster, user=server_user, group=pwd.getpwnam(server_user).pw_gid)
    return cluster


def _run(command: list[str | Path], cwd: Path, check: bool = True) -> None:
    # cwd: PostgreSQL's tools stop when they can't read the folder they were started in.
    done = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True)
    if check and done.returncode != 0:
        program = next(Path(part).name for part in command if "/" in str(part))
        raise RuntimeError(f"{program} failed (exit {done.returncode}): {done.stderr.strip()}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _major_version(name: str) -> float:
    try:
        return float(name)
    except ValueError:
        return 0.0
