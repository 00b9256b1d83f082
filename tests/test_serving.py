"""Several workers behind Caddy (issue 18, first step): ports, Caddy's configuration, the drop
folder in one worker only, and which requests count as made on this computer."""

from __future__ import annotations

import pytest

from lib.core.config import is_local_request
from lib.serving.workers import WATCH_VARIABLE, caddyfile, worker_command, worker_environment, worker_ports


def test_workers_listen_on_the_ports_after_the_apps():
    assert worker_ports(8501, 3) == [8502, 8503, 8504]
    assert worker_ports(8501, 2, first=9100) == [9100, 9101]


@pytest.mark.parametrize(
    ("count", "first", "sentence"),
    [
        (0, None, "The number of workers must be from 1 to 32; 0 was given."),
        (2, 8500, "The workers' ports 8500-8501 must be free ports other than 8501."),
        (3, 65534, "The workers' ports 65534-65536 must be free ports other than 8501."),
    ],
)
def test_a_bad_worker_count_or_port_is_a_sentence(count, first, sentence):
    with pytest.raises(ValueError, match="^" + sentence.replace("(", r"\(").replace(")", r"\)") + "$"):
        worker_ports(8501, count, first)


def test_caddy_sticks_each_browser_to_its_worker_by_cookie_on_this_computer_only():
    text = caddyfile(8501, [8502, 8503])
    assert "http://:8501 {" in text and "\tbind 127.0.0.1\n" in text
    assert "reverse_proxy 127.0.0.1:8502 127.0.0.1:8503 {" in text
    assert "lb_policy cookie school_goals_worker" in text and "health_uri /_stcore/health" in text
    assert "admin off" in text and "auto_https off" in text
    assert "\tbind 0.0.0.0\n" in caddyfile(8501, [8502], "0.0.0.0")


def test_only_the_first_worker_watches_the_drop_folder():
    environment = {WATCH_VARIABLE: "/srv/drop", "SCHOOL_GOALS_DB": "/srv/store.duckdb"}
    assert worker_environment(environment, 0) == environment
    assert worker_environment(environment, 1) == {"SCHOOL_GOALS_DB": "/srv/store.duckdb"}
    assert environment[WATCH_VARIABLE] == "/srv/drop"  # the server's own is left as it was


def test_a_worker_runs_the_app_on_this_computer_only():
    assert worker_command("py", 8502)[-3:] == [
        "--server.port=8502",
        "--server.address=127.0.0.1",
        "--server.headless=true",
    ]


@pytest.mark.parametrize(
    ("host", "forwarded", "local"),
    [
        ("localhost:8501", "", True),
        ("[::1]:8501", "", True),
        ("localhost:8501", "127.0.0.1", True),  # a browser on this computer, through Caddy
        ("localhost:8501", "203.0.113.7", False),  # a browser elsewhere, through Caddy
        ("localhost:8501", "127.0.0.1, 203.0.113.7", False),  # a forged first address, appended to
        ("school.example.org", "", False),
        ("192.168.1.20:8501", "127.0.0.1", False),
    ],
)
def test_a_request_is_local_only_when_every_address_is(host, forwarded, local):
    assert is_local_request(host, forwarded) is local


# --- the command (the whole of it runs in tests/browser/test_workers_browser.py) ---------------


class FakeProcess:
    """A stand-in for subprocess.Popen: running until `exit_code` is set."""

    def __init__(self, exit_code: int | None = None) -> None:
        self.returncode = exit_code
        self.terminated = False

    def poll(self) -> int | None:
        return self.returncode

    def terminate(self) -> None:
        self.terminated, self.returncode = True, -15

    def wait(self, timeout: float | None = None) -> int | None:
        return self.returncode

    def kill(self) -> None:
        self.returncode = -9


def serve_args(workers: int = 2, port: int = 8501):
    from argparse import Namespace

    return Namespace(workers=workers, port=port, address="", first_worker_port=None)


def test_serve_without_caddy_says_how_to_get_it(monkeypatch, capsys):
    from lib.serving import commands

    monkeypatch.setattr(commands.shutil, "which", lambda name: None)
    assert commands.run(serve_args()) == 1
    assert capsys.readouterr().err.strip() == commands.NO_CADDY


def test_serve_with_a_bad_worker_count_is_a_sentence(monkeypatch, capsys):
    from lib.serving import commands

    monkeypatch.setattr(commands.shutil, "which", lambda name: "/usr/bin/caddy")
    assert commands.run(serve_args(workers=40)) == 1
    assert capsys.readouterr().err.strip() == "The number of workers must be from 1 to 32; 40 was given."


def test_a_worker_that_stops_while_starting_is_named(monkeypatch):
    from lib.serving import commands

    monkeypatch.setattr(commands, "_healthy", lambda port: False)
    problem = commands._wait_for([FakeProcess(), FakeProcess(exit_code=3)], [8502, 8503])
    assert problem == "The worker on port 8503 stopped while starting (exit code 3)."


def test_every_process_is_stopped_when_one_stops_on_its_own(capsys):
    from lib.serving import commands

    running, stopped = FakeProcess(), FakeProcess(exit_code=1)
    assert commands._supervise([running, stopped]) == 1
    assert running.terminated and not stopped.terminated
    assert "every process was stopped" in capsys.readouterr().err
