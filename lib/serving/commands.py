"""`python -m lib.cli serve --workers N`: N app processes behind Debian's Caddy on one port.

Starts the workers (lib.serving.workers), waits until each answers its health check, then
starts Caddy in the foreground with a configuration in a temporary folder. Ctrl-C (or SIGTERM
from systemd) stops Caddy and every worker. When any of them exits on its own the others are
stopped too and the command exits 1 with a sentence: a supervisor (systemd's Restart=) can
start the whole set again.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from lib.access import preflight
from lib.core.config import ROOT
from lib.serving.workers import LOCAL, caddyfile, worker_command, worker_environment, worker_ports

AddCommand = Callable[..., argparse.ArgumentParser]
NO_CADDY = (
    "Caddy is not installed: several workers need it in front of them (`make caddy` installs "
    "Debian's package). One worker needs nothing: `make serve`."
)
STARTUP_SECONDS = 90


def add_parser(add_command: AddCommand) -> None:
    """Add `serve` to the command line."""
    command = add_command(
        "serve", help="run several app processes behind Caddy on one port (make serve WORKERS=n)"
    )
    command.add_argument("--workers", type=int, required=True, help="how many app processes (1-32)")
    command.add_argument("--port", type=int, default=8501, help="the port browsers use (default 8501)")
    command.add_argument("--address", default="", help="where Caddy listens (default: this computer only)")
    command.add_argument("--first-worker-port", type=int, default=None, help="default: --port + 1")


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://{LOCAL}:{port}/_stcore/health", timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


def _wait_for(workers: list[subprocess.Popen], ports: list[int]) -> str | None:
    """None once every worker answers its health check; else why not (a sentence)."""
    deadline = time.monotonic() + STARTUP_SECONDS
    waiting = set(ports)
    while waiting and time.monotonic() < deadline:
        for process, port in zip(workers, ports, strict=True):
            if process.poll() is not None:
                return f"The worker on port {port} stopped while starting (exit code {process.returncode})."
        waiting = {port for port in waiting if not _healthy(port)}
        time.sleep(0.5)
    return (
        f"Workers on ports {sorted(waiting)} did not answer within {STARTUP_SECONDS} s." if waiting else None
    )


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def _supervise(processes: list[subprocess.Popen]) -> int:
    """Wait until one process exits; then stop the others. 0 after a stop signal, else 1."""
    stopping: list[int] = []
    kinds = (signal.SIGINT, signal.SIGTERM)
    before = {kind: signal.signal(kind, lambda number, _frame: stopping.append(number)) for kind in kinds}
    try:
        while not stopping and all(p.poll() is None for p in processes):
            time.sleep(0.5)
    finally:
        for kind, handler in before.items():
            signal.signal(kind, handler)
    _stop(processes)
    if stopping:
        return 0
    print("A worker or Caddy stopped on its own; every process was stopped.", file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    """Start the workers and Caddy, and keep them running until stopped."""
    caddy = shutil.which("caddy")
    if caddy is None:
        print(NO_CADDY, file=sys.stderr)
        return 1
    try:
        ports = worker_ports(args.port, args.workers, args.first_worker_port)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    if preflight.run(args.address or None) != 0:
        return 1
    workers = [
        subprocess.Popen(
            worker_command(sys.executable, port), cwd=ROOT, env=worker_environment(os.environ, k)
        )
        for k, port in enumerate(ports)
    ]
    problem = _wait_for(workers, ports)
    if problem:
        _stop(workers)
        print(problem, file=sys.stderr)
        return 1
    folder = Path(tempfile.mkdtemp(prefix="school-goals-caddy-"))
    (folder / "Caddyfile").write_text(caddyfile(args.port, ports, args.address))
    proxy = subprocess.Popen([caddy, "run", "--config", str(folder / "Caddyfile"), "--adapter", "caddyfile"])
    where = args.address or "localhost"
    print(
        f"Serving {len(ports)} workers (ports {ports[0]}-{ports[-1]}) at http://{where}:{args.port}",
        flush=True,
    )
    return _supervise([proxy, *workers])
