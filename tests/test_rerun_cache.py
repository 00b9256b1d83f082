"""The rerun cache (lib.core.web): a hit hands back the very object the area function made, keyed
by the data version and every argument, and the pages never change what they are handed.
The heap settler keeps long-lived objects out of the per-run garbage collection."""

from __future__ import annotations

import copy
import gc
import json
import sys
import types
import weakref
from dataclasses import dataclass, fields, is_dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest

from lib.core import web
from lib.core.filters import Filters
from lib.core.heap import HeapSettler
from lib.core.scope import Scope
from tests.helpers import open_page

MAPLE = Filters(school_id="101", as_of=date(2026, 11, 21))
MIDDLE = Filters(school_id="201", as_of=date(2026, 11, 21))
PRINCIPAL = Scope(("101",))
DISTRICT = Scope(("101", "201", "301"))


@dataclass(frozen=True)
class Tally:
    school_id: str | None
    schools: tuple[str, ...]
    store: str


CALLS: list[tuple[Filters, Scope]] = []


def tally(database, filters: Filters, scope: Scope) -> Tally:
    """An area function: counts its calls."""
    CALLS.append((filters, scope))
    return Tally(filters.school_id, scope.school_ids, database)


@pytest.fixture
def store_version(monkeypatch):
    """The cache over a stand-in store whose data version the test sets: {"now": "..."}."""
    version = {"now": "store.duckdb|1"}
    monkeypatch.setattr(web, "data_version", lambda: version["now"])
    monkeypatch.setattr(web, "database", lambda: "the store")
    web._call.clear()
    CALLS.clear()
    yield version
    web._call.clear()


def test_a_cache_hit_returns_the_same_object_without_recomputing(store_version):
    first = web.cached(tally)(MAPLE, PRINCIPAL)
    again = web.cached(tally)(MAPLE, PRINCIPAL)
    assert again is first
    assert first == Tally("101", ("101",), "the store")
    assert CALLS == [(MAPLE, PRINCIPAL)]


def test_a_new_data_version_recomputes(store_version):
    before = web.cached(tally)(MAPLE, PRINCIPAL)
    store_version["now"] = "store.duckdb|2"  # an import published a new file
    after = web.cached(tally)(MAPLE, PRINCIPAL)
    assert after is not before
    assert CALLS == [(MAPLE, PRINCIPAL), (MAPLE, PRINCIPAL)]


def test_two_scopes_do_not_share_an_entry(store_version):
    principal = web.cached(tally)(MAPLE, PRINCIPAL)
    district = web.cached(tally)(MAPLE, DISTRICT)
    assert principal.schools == ("101",)
    assert district.schools == ("101", "201", "301")
    assert len(CALLS) == 2


def test_two_filters_do_not_share_an_entry(store_version):
    assert web.cached(tally)(MAPLE, DISTRICT).school_id == "101"
    assert web.cached(tally)(MIDDLE, DISTRICT).school_id == "201"
    assert len(CALLS) == 2


@pytest.fixture
def thawed():
    """Leave the test process's heap as it was: nothing frozen."""
    gc.unfreeze()
    yield
    gc.unfreeze()


class Node:
    """An object in a reference cycle: freed only by the garbage collector, never by refcounts."""

    def __init__(self) -> None:
        self.me = self


def test_the_first_run_freezes_the_heap(thawed):
    assert HeapSettler(every=100).after_run() is True
    assert gc.get_freeze_count() > 1000


def test_it_freezes_again_after_every_n_runs(thawed):
    settler = HeapSettler(every=3)
    assert [settler.after_run() for _ in range(7)] == [True, False, False, True, False, False, True]


def test_it_freezes_again_soon_after_a_module_was_imported(thawed, monkeypatch):
    settler = HeapSettler(every=100, after_import=3)
    settler.after_run()
    monkeypatch.setitem(sys.modules, "a_page_area_imported_late", types.ModuleType("late"))
    assert [settler.after_run() for _ in range(4)] == [False, False, True, False]


def test_an_object_dropped_after_a_freeze_is_freed_at_the_next_one(thawed):
    settler = HeapSettler(every=1)
    node = Node()
    alive = weakref.ref(node)
    settler.after_run()  # node is frozen with the rest of the heap
    del node
    gc.collect()
    assert alive() is not None  # a frozen cycle outlives an ordinary collection...
    settler.after_run()
    assert alive() is None  # ...until the settler thaws the heap and collects


def test_a_run_in_progress_elsewhere_skips_the_freeze(thawed):
    settler = HeapSettler(every=1)
    with settler._lock:  # another session's run is freezing now
        assert settler.after_run() is False
    assert settler.after_run() is True


def state(value: object) -> object:
    """A copy of `value` to compare later with `same`: frames copied deeply, figures as the JSON
    the browser gets, dataclasses and containers walked. Not pickles: pandas keeps memos (an
    array's `_cache`) that reading a frame may fill, and an unpickled figure drops empty parts."""
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy(deep=True)
    if isinstance(value, go.Figure):
        return json.loads(value.to_json())
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value), {f.name: state(getattr(value, f.name)) for f in fields(value)})
    if isinstance(value, dict):
        return {key: state(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return (type(value), [state(item) for item in value])
    return copy.deepcopy(value)


def dtypes(frame: pd.DataFrame | pd.Series) -> list[str]:
    return [str(kind) for kind in (frame.dtypes if isinstance(frame, pd.DataFrame) else [frame.dtype])]


def same(one: object, other: object) -> bool:
    """Two states (`state`) hold equal values (frames by `equals` and their dtypes, NaN as NaN)."""
    if isinstance(one, pd.DataFrame | pd.Series):
        return type(one) is type(other) and one.equals(other) and dtypes(one) == dtypes(other)
    if isinstance(one, dict):
        return (
            isinstance(other, dict)
            and one.keys() == other.keys()
            and all(same(one[k], other[k]) for k in one)
        )
    if isinstance(one, list | tuple):
        return type(one) is type(other) and len(one) == len(other) and all(map(same, one, other))
    if isinstance(one, float) and one != one:
        return isinstance(other, float) and other != other
    return bool(one == other)


def test_the_check_sees_a_frame_changed_in_place():
    table = pd.DataFrame({"school": ["Maple Grove Elementary"], "goals": [7]})
    was = state(Tally("101", ("101",), "the store")), state({"table": table})
    table.loc[0, "goals"] = 8
    assert same(was[0], state(Tally("101", ("101",), "the store")))
    assert not same(was[1], state({"table": table}))


def test_the_check_sees_a_figure_changed_in_place():
    figure = go.Figure(go.Bar(x=[32074.0]))
    was = state(figure)
    figure.update_layout(title="Books")
    assert not same(was, state(figure))


@dataclass
class HandedOut:
    """What the pages got from web.cached, by (function, arguments): the first result with a
    copy of it as it was handed out, and the latest result."""

    first: dict[tuple, tuple[object, object]]
    latest: dict[tuple, object]

    def changed(self) -> list[tuple]:
        return [key for key, (result, was) in self.first.items() if not same(was, state(result))]


@pytest.fixture
def handed_out(monkeypatch) -> HandedOut:
    seen = HandedOut({}, {})
    cached = web.cached

    def recording(func):
        call = cached(func)

        def record(*args):
            result = call(*args)
            seen.first.setdefault((func.__qualname__, args), (result, state(result)))
            seen.latest[(func.__qualname__, args)] = result
            return result

        return record

    monkeypatch.setattr(web, "cached", recording)
    return seen


PAGES = [
    "pages/overview.py",
    "pages/reading.py",
    "pages/subgroups.py",
    "pages/observations.py",
    "pages/learning.py",
    "pages/set_goals.py",
    "pages/review.py",
]


@pytest.mark.parametrize("school", ["", "Maple Grove Elementary"])
@pytest.mark.parametrize("page", PAGES)
def test_a_rerun_draws_the_cached_results_and_leaves_them_unchanged(demo_app, handed_out, page, school):
    open_page(demo_app, page, **({"school": school} if school else {}))
    assert handed_out.changed() == []
    handed_out.latest.clear()
    demo_app.run()
    assert not demo_app.exception
    assert handed_out.latest  # the page asked the cache for its figures
    assert handed_out.changed() == []  # drawing them twice changed nothing the cache holds
    assert all(result is handed_out.first[key][0] for key, result in handed_out.latest.items())


def test_the_names_list_leaves_the_cached_results_unchanged(demo_app, handed_out):
    open_page(demo_app, "pages/reading.py", school="Maple Grove Elementary")
    demo_app.toggle(key="reading_show_names").set_value(True).run()
    assert not demo_app.exception
    assert "reading_names" in [name for name, _ in handed_out.first]
    demo_app.run()
    assert handed_out.changed() == []
