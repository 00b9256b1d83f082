"""A load generator that speaks Streamlit's websocket protocol (issue 18): no browsers, which
would take the cores the server needs.

    python -m bench.load URL [--sessions 20] [--rounds 2] [--school NAME] [--pause SECONDS]

Each simulated session gets its worker cookie from one page request (as a browser would behind
Caddy), opens the websocket /_stcore/stream and asks for the four pages in turn
(BackMsg.rerun_script with the page's address and the school in the query string), timing each
from the request to the server's script_finished. Round 1 of a fresh server is *cold* (nothing
cached), later rounds *warm*. A page view that ends otherwise than FINISHED_SUCCESSFULLY, or
draws an exception element, counts as an error. Prints JSON: per round p50/p95/max seconds,
page views a second over the round, and errors.

`--pause` waits that many seconds between rounds, so that one round's sessions have closed
(and Caddy's health checks, several workers, have run again) before the next round opens.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
import urllib.parse
import urllib.request

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

PAGES = ("", "reading", "subgroups", "observations")
FINISHED = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


def _cookies(url: str) -> str:
    """The cookies a first page request sets (Caddy's worker cookie, Streamlit's XSRF cookie)."""
    with urllib.request.urlopen(url, timeout=30) as answer:
        parts = [header.split(";")[0] for header in answer.headers.get_all("Set-Cookie") or []]
    return "; ".join(parts)


def _rerun(page: str, query: str) -> bytes:
    message = BackMsg()
    message.rerun_script.query_string = query
    message.rerun_script.page_name = page
    return message.SerializeToString()


def _has_exception(message: ForwardMsg) -> bool:
    return (
        message.WhichOneof("type") == "delta" and message.delta.new_element.WhichOneof("type") == "exception"
    )


async def _view(socket, page: str, query: str) -> tuple[float, bool]:
    """Ask for one page; (seconds to script_finished, whether it went well)."""
    started = time.perf_counter()
    await socket.send(_rerun(page, query))
    failed = False
    while True:
        message = ForwardMsg()
        message.ParseFromString(await socket.recv())
        failed |= _has_exception(message)
        if message.WhichOneof("type") == "script_finished" and message.script_finished != EARLY:
            return time.perf_counter() - started, not failed and message.script_finished == FINISHED


async def _session(url: str, query: str, rounds: int, times: list[list[tuple[float, bool]]]) -> None:
    cookies = await asyncio.to_thread(_cookies, url)
    stream = url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
    async with connect(
        stream, subprotocols=["streamlit"], additional_headers={"Cookie": cookies}, max_size=None
    ) as socket:  # type: ignore[list-item]
        for round_times in times[:rounds]:
            for page in PAGES:
                round_times.append(await _view(socket, page, query))


def _summary(views: list[tuple[float, bool]], seconds: float) -> dict:
    took = sorted(t for t, _ in views)
    return {
        "views": len(views),
        "p50_s": round(statistics.median(took), 3),
        "p95_s": round(took[max(0, int(round(0.95 * len(took))) - 1)], 3),
        "max_s": round(took[-1], 3),
        "views_per_s": round(len(views) / seconds, 2),
        "errors": sum(not ok for _, ok in views),
    }


async def run(url: str, sessions: int, rounds: int, school: str, pause: float = 0) -> dict:
    """Every round: all sessions at once, each asking for the four pages; its figures.
    `pause` seconds between rounds."""
    query = urllib.parse.urlencode({"school": school}) if school else ""
    results = {}
    for number in range(1, rounds + 1):
        if number > 1:
            await asyncio.sleep(pause)
        times: list[list[tuple[float, bool]]] = [[] for _ in range(sessions)]
        started = time.perf_counter()
        await asyncio.gather(*(_session(url, query, 1, [times[k]]) for k in range(sessions)))
        elapsed = time.perf_counter() - started
        results[f"round {number}"] = _summary([v for session in times for v in session], elapsed)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("url")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2, help="round 1 of a fresh server is cold")
    parser.add_argument("--school", default="", help="a school's name (default: the district view)")
    parser.add_argument("--pause", type=float, default=0, help="seconds between rounds (default 0)")
    args = parser.parse_args()
    figures = asyncio.run(run(args.url, args.sessions, args.rounds, args.school, args.pause))
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
