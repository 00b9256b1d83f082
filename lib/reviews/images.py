"""Plotly figures as PNG images, drawn by kaleido in the system's Chromium (/usr/bin/chromium).

One Chromium per process, started by the first image (a few seconds) and kept: each later image
takes a fraction of a second. kaleido's own `start_sync_server` is not used, for two reasons
read in its source (kaleido 1.5.1, _sync_server.py): calls from two threads at once (two
Streamlit sessions) share one result queue and can receive each other's image; and when
Chromium can't start, every call waits forever. Here each image waits on its own future, with a
time limit, and a failure gives a sentence and a fresh Chromium on the next export.
"""

from __future__ import annotations

import asyncio
import atexit
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from typing import Any

import kaleido  # type: ignore[import-untyped]  # kaleido ships no type information
import plotly.graph_objects as go
from choreographer.errors import ChromeNotFoundError

WIDTH_PX = 720  # drawn at twice this (scale 2): sharp in print at a page's width
SCALE = 2
START_SECONDS = 60  # Chromium's first start on a slow machine took about 4 s
IMAGE_SECONDS = 30
NO_CHROMIUM = (
    "The packet's charts are drawn by Chromium, and none was found: install Debian's chromium "
    "package (apt-get install chromium), or set BROWSER_PATH to a Chrome or Chromium program."
)


class ChartImageError(RuntimeError):
    """A chart could not be drawn as an image; the message says what a person can do."""


class _Chromium:
    """One kaleido (one headless Chromium) on an event loop in a thread of its own."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._closed = False
        threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True).start()
        try:
            self._kaleido: Any = self._wait(self._run(self._open()), START_SECONDS)
        except BaseException:
            self._loop.call_soon_threadsafe(self._loop.stop)
            raise

    async def _open(self) -> Any:
        # mathjax=False: no formulas here, and no network to fetch MathJax from.
        started = kaleido.Kaleido(mathjax=False, timeout=IMAGE_SECONDS)
        await started.open()
        return started

    def _run(self, coroutine: Any) -> Future:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    @staticmethod
    def _wait(future: Future, seconds: float) -> Any:
        try:
            return future.result(timeout=seconds)
        except TimeoutError as error:
            future.cancel()
            raise ChartImageError(
                f"Chromium did not draw the packet's charts within {seconds} seconds. Try again; "
                "if it happens again, the computer may be short of memory."
            ) from error

    def png_images(self, figures: Sequence[go.Figure]) -> list[bytes]:
        """Every figure as PNG, WIDTH_PX wide and as high as its layout says."""
        futures = [self._run(self._kaleido.calc_fig(figure, opts=_options(figure))) for figure in figures]
        return [self._wait(future, IMAGE_SECONDS) for future in futures]

    def close(self) -> None:
        """Close Chromium and stop the loop (once; later calls do nothing)."""
        if self._closed:
            return
        self._closed = True
        try:
            self._run(self._kaleido.close()).result(timeout=5)
        except Exception:  # leaving anyway: a Chromium that will not close dies with this process
            pass
        self._loop.call_soon_threadsafe(self._loop.stop)


def _options(figure: go.Figure) -> dict[str, Any]:
    return {"format": "png", "width": WIDTH_PX, "height": figure.layout.height or 300, "scale": SCALE}


_lock = threading.Lock()
_chromium: _Chromium | None = None


def _started() -> _Chromium:
    global _chromium
    with _lock:
        if _chromium is None:
            try:
                _chromium = _Chromium()
            except ChromeNotFoundError as error:
                raise ChartImageError(NO_CHROMIUM) from error
            except ChartImageError:
                raise
            except Exception as error:
                reason = f"{type(error).__name__}: {error}"
                raise ChartImageError(
                    f"Chromium, which draws the packet's charts, could not start ({reason})."
                ) from error
            atexit.register(_chromium.close)
        return _chromium


def png_images(figures: Sequence[go.Figure]) -> list[bytes]:
    """The figures as PNG images (WIDTH_PX wide at SCALE, each as high as its layout), in order.

    The first call in a process starts Chromium; later calls reuse it. Raises ChartImageError
    with a sentence when there is no Chromium or it fails; the next call starts a new one.
    """
    global _chromium
    chromium = _started()
    try:
        return chromium.png_images(figures)
    except Exception as error:
        with _lock:
            if _chromium is chromium:
                _chromium = None
        atexit.unregister(chromium.close)
        chromium.close()
        if isinstance(error, ChartImageError):
            raise
        raise ChartImageError(
            f"Chromium could not draw a chart of the packet ({type(error).__name__}: {error})."
        ) from error
