"""Sessions that speak the app's own websocket protocol: page loads without a browser.

    python -m bench.clients http://127.0.0.1:8501 [--page reading] [--school "Maple Grove Elementary"]
                            [--times 3]

A browser opening `/<page>?school=<name>` fetches the index page and its scripts (from its
cache after the first time), opens a websocket to `/_stcore/stream` and sends one BackMsg:
`rerun_script`, a ClientState with the query string ("school=Maple+Grove+Elementary"), empty
widget states, the page's url path as `page_name` ("" for the default page, the goal board)
and its context (time zone, locale, the page's address, colour scheme). The server answers
with ForwardMsgs: new_session (the script has started), the page's deltas, and
script_finished with a status. (Seen by recording what headless Chromium sends through
Playwright's page.on("websocket") against Streamlit 1.67: that is its only message on a page
load.) Each load here does the same: a new websocket (as each page.goto is a new session), the
same ClientState, and waits for script_finished, so the server does the work a visitor's
browser would make it do while drawing costs nothing here: visitors bring their own browsers.

The websocket is opened without an Origin header (the server allows that) and with the
subprotocol "streamlit" but no XSRF token, which only matters for reading a sign-in cookie
(local mode has none). A load is timed from opening the websocket until script_finished, and
its script from new_session until then; a finish "early for rerun" (st.rerun, st.switch_page)
waits for the run after it, as the browser does. A load fails if the connection fails, no
finish comes within the timeout, the script finished with a compile error, or the page wasn't
found; loads that drew an exception or an st.error count as showing errors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from urllib.parse import urlencode, urlsplit

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

STATUS = {
    ForwardMsg.FINISHED_SUCCESSFULLY: "finished",
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "compile error",
    ForwardMsg.FINISHED_EARLY_FOR_RERUN: "early for rerun",
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "fragment finished",
}


def rerun_message(url: str, path: str, query: dict[str, str]) -> bytes:
    """The BackMsg a browser sends on opening `url/path?query` (what Chromium sends, minus
    cached_message_hashes, which only let the server send a reference to a repeated message)."""
    message = BackMsg()
    state = message.rerun_script
    state.query_string = urlencode(query)
    state.widget_states.SetInParent()
    state.page_name = path
    context = state.context_info
    context.timezone, context.timezone_offset, context.locale = "UTC", 0, "en-US"
    context.url, context.is_embedded, context.color_scheme = f"{url}/{path}", False, "light"
    return message.SerializeToString()


def stream_address(url: str) -> str:
    parts = urlsplit(url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"


async def load(url: str, path: str, query: dict[str, str], timeout: float = 60) -> dict:
    """One page load over a new websocket: {start, end, seconds, script_s, status, failed,
    errors, exceptions (their first lines), messages, bytes}. start/end are time.monotonic()."""
    started = time.monotonic()
    record: dict = {"start": started, "failed": None, "script_s": None, "status": None, "errors": 0}
    record |= {"exceptions": [], "messages": 0, "bytes": 0}
    try:
        async with asyncio.timeout(timeout):
            async with connect(stream_address(url), subprotocols=["streamlit"], max_size=None) as socket:
                await socket.send(rerun_message(url, path, query))
                await _until_finished(socket, record)
    except TimeoutError:
        record["failed"] = f"no script_finished within {timeout:g} s"
    except Exception as error:  # the connection failed or closed: the load failed
        record["failed"] = f"{type(error).__name__}: {error}".splitlines()[0]
    record["end"] = time.monotonic()
    record["seconds"] = record["end"] - started
    if record["failed"] is None and record["status"] != "finished":
        record["failed"] = f"script {record['status']}"
    return record


async def _until_finished(socket, record: dict) -> None:
    script_started = None
    async for raw in socket:
        message = ForwardMsg()
        message.ParseFromString(raw)
        record["messages"] += 1
        record["bytes"] += len(raw)
        kind = message.WhichOneof("type")
        if kind == "new_session":
            script_started = time.monotonic()
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            if element.WhichOneof("type") == "exception":
                record["errors"] += 1
                record["exceptions"].append(f"{element.exception.type}: {element.exception.message}"[:200])
            elif element.WhichOneof("type") == "alert" and element.alert.format == Alert.ERROR:
                record["errors"] += 1
        elif kind == "page_not_found":
            record["status"] = "page not found"
        elif kind == "script_finished":
            status = STATUS.get(message.script_finished, str(message.script_finished))
            if status == "early for rerun":
                continue  # the rerun it asked for follows on the same session
            if record["status"] is None:
                record["status"] = status
            if script_started is not None:
                record["script_s"] = time.monotonic() - script_started
            return
    raise ConnectionError("the server closed the websocket before the script finished")


async def session(
    url: str,
    visits: list[tuple[str, str, str]],
    first: int,
    pause: float,
    stop: asyncio.Event,
    loads: list,
    timeout: float = 60,
) -> None:
    """Load visit after visit ((path, page name, school)), from visits[first] on, `pause`
    seconds apart, until `stop`; append a record per load (its page and school added)."""
    turn = first
    while not stop.is_set():
        path, name, school = visits[turn % len(visits)]
        turn += 1
        record = await load(url, path, {"school": school}, timeout)
        loads.append({"page": name, "school": school, **record})
        await asyncio.sleep(pause)


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.clients", description="Time page loads over the websocket."
    )
    parser.add_argument("url", help="the running app, e.g. http://127.0.0.1:8501")
    parser.add_argument("--page", default="", help="url path of the page ('' is the default page)")
    parser.add_argument("--school", default=None, help="the ?school= value")
    parser.add_argument("--times", type=int, default=1, help="loads, one after another")
    args = parser.parse_args()
    query = {"school": args.school} if args.school else {}

    async def loads() -> list[dict]:
        return [await load(args.url.rstrip("/"), args.page, query) for _ in range(args.times)]

    for record in asyncio.run(loads()):
        record.pop("start"), record.pop("end")
        print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in record.items()}))


if __name__ == "__main__":
    main()
