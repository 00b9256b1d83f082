"""The garbage collector in a worker that serves many page views: what lives long stays frozen.

Plain Python (gc): lib.core.web.run_page calls HeapSettler.after_run after every page run.
"""

from __future__ import annotations

import gc
import sys
import threading


class HeapSettler:
    """Keeps the objects that live long out of the garbage collector's way between page runs.

    Streamlit collects garbage after every script run (its hidden option runner.postScriptGC,
    on by default). A full collection walks every object the process holds: about 200,000 in a
    worker that has drawn the four main pages (modules, Plotly's validators, sessions, the
    cache), 60-100 ms of the one core a worker has at every page view, more than the pages
    themselves took. Frozen objects (gc.freeze) are skipped, so each collection walks only what
    was made since (1-10 ms). A frozen object is never collected, so `after_run` thaws the heap,
    collects and freezes it again (about 100 ms) every `every` runs, so that a cache entry or a
    session dropped since is freed then; and `after_import` runs after modules were imported (a
    page's first runs), not at each run that imports a few more.
    """

    def __init__(self, every: int = 100, after_import: int = 10) -> None:
        self.every = every
        self.after_import = after_import
        self._runs = 0  # since the last freeze
        self._modules = 0  # len(sys.modules) at the last freeze
        self._lock = threading.Lock()

    def after_run(self) -> bool:
        """Count a page run; True when it collected and froze the heap."""
        if not self._lock.acquire(blocking=False):
            return False  # another session's run is doing it now
        try:
            self._runs += 1
            if not self._due():
                return False
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self._runs, self._modules = 0, len(sys.modules)
            return True
        finally:
            self._lock.release()

    def _due(self) -> bool:
        if self._modules == 0 or self._runs >= self.every:
            return True  # the first run, or `every` runs since the last freeze
        return len(sys.modules) != self._modules and self._runs >= self.after_import
