"""Several app processes on one machine behind Caddy (issue 18, first step): the pure parts.

One Streamlit process runs Python on one core, so a school district's Monday morning needs
several. Each worker is a `streamlit run serve.py` on its own port on 127.0.0.1; Debian's
Caddy listens on the app's port and spreads new browsers over the workers, then keeps each one
on its worker with a cookie (`lb_policy cookie`: a Streamlit session lives in one process, and
its websocket must reach the process that holds it). Caddy proxies websockets as they are.
Open-source nginx could only pin by client address (`ip_hash`), which sends every browser of a
school behind one NAT, and every local test, to one worker.

Every worker reads the same store: the read-only published files of lib/importing/publish.py,
so an import from any process is seen by all of them at their next interaction. Only the first
worker runs the drop-folder watcher (SCHOOL_GOALS_WATCH_DIR); the others get it unset.
"""

from __future__ import annotations

from collections.abc import Mapping

WORKER_COOKIE = "school_goals_worker"
WATCH_VARIABLE = "SCHOOL_GOALS_WATCH_DIR"
LOCAL = "127.0.0.1"
MAX_WORKERS = 32


def worker_ports(port: int, count: int, first: int | None = None) -> list[int]:
    """The workers' ports: `first` (default port + 1) and the next count - 1."""
    if not 1 <= count <= MAX_WORKERS:
        raise ValueError(f"The number of workers must be from 1 to {MAX_WORKERS}; {count} was given.")
    start = port + 1 if first is None else first
    ports = list(range(start, start + count))
    if port in ports or ports[-1] > 65535:
        raise ValueError(f"The workers' ports {ports[0]}-{ports[-1]} must be free ports other than {port}.")
    return ports


def caddyfile(port: int, ports: list[int], address: str = "") -> str:
    """Caddy's configuration: listen on `address` (default this computer only) at `port` over
    plain HTTP, and reverse-proxy to the workers with cookie-sticky sessions.

    No admin endpoint and no automatic HTTPS: a school puts TLS in front (or gives Caddy a
    domain, see README); several of these may run on one machine (tests) without clashing.
    A worker that fails its health check gets no new browsers until it answers again.
    """
    upstreams = " ".join(f"{LOCAL}:{p}" for p in ports)
    return f"""{{
	admin off
	auto_https off
}}

http://:{port} {{
	bind {address or LOCAL}
	reverse_proxy {upstreams} {{
		lb_policy cookie {WORKER_COOKIE}
		health_uri /_stcore/health
		health_interval 5s
		fail_duration 10s
	}}
}}
"""


def worker_environment(environment: Mapping[str, str], index: int) -> dict[str, str]:
    """The environment of worker `index` (0 first): the server's own, without the drop folder
    except for the first worker, so that one process alone imports what is dropped there."""
    own = dict(environment)
    if index > 0:
        own.pop(WATCH_VARIABLE, None)
    return own


def worker_command(python: str, port: int) -> list[str]:
    """The command line of one worker: the app (serve.py) on 127.0.0.1 at `port`, headless."""
    return [
        python, "-m", "streamlit", "run", "serve.py",
        f"--server.port={port}", f"--server.address={LOCAL}", "--server.headless=true",
    ]  # fmt: skip
