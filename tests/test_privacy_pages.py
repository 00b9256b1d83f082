"""The auditor over every page: what each page publishes discloses no group of 1 to k-1 students.

To add a page, add (name, builder) to PAGES: a builder takes (database, filters, scope,
settings) like the page's view and returns the `Publication`s of everything the page shows
(tables, chart data, sentences, downloads), with the store's true counts. Each is run for the
demo district (the district and every school, as of 2026-11-21) and for each hand-built
adversarial school (tests/adversarial.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from lib.core import db as store
from lib.core.config import Settings
from lib.core.filters import Filters
from lib.core.scope import Scope
from lib.goals.audit import publications as goal_board_publications
from lib.privacy.audit import Publication, audit
from lib.reading.audit import publications as reading_publications
from lib.subgroups.audit import subgroup_publications
from tests.adversarial import ADVERSARIAL, AS_OF, import_schools

Builder = Callable[..., list[Publication]]
PAGES: list[tuple[str, Builder]] = [
    ("subgroups", subgroup_publications),
    ("reading", reading_publications),
    ("goal board", goal_board_publications),
]
DEMO_AS_OF = date(2026, 11, 21)
DEMO_VIEWS = [None, "101", "201", "301"]  # the district, then each school
SETTINGS = Settings()


def disclosures(build: Builder, database, filters: Filters, scope: Scope) -> list[str]:
    """Every disclosure the auditor finds, as 'where: arithmetic'."""
    k = SETTINGS.policy.min_group_size
    publications = build(database, filters, scope, SETTINGS)
    assert publications, "the page published nothing: the audit would prove nothing"
    return [f"{p.where}: {d.arithmetic}" for p in publications for d in audit(p, k)]


@pytest.fixture(scope="module")
def demo_database(demo_path):
    database = store.connect(demo_path, read_only=True)
    yield database
    database.close()


@pytest.fixture(scope="module")
def adversarial_database(tmp_path_factory):
    folder = tmp_path_factory.mktemp("adversarial")
    database = store.connect(folder / "adversarial.duckdb")
    import_schools(database, folder / "csv")
    yield database
    database.close()


@pytest.mark.parametrize("school_id", DEMO_VIEWS)
@pytest.mark.parametrize(("page", "build"), PAGES)
def test_demo_page_discloses_no_small_group(page, build, school_id, demo_database):
    scope = Scope.whole_district(DEMO_VIEWS[1:])
    assert disclosures(build, demo_database, Filters(school_id, DEMO_AS_OF), scope) == []


@pytest.mark.parametrize("spec", ADVERSARIAL, ids=lambda spec: spec.name)
@pytest.mark.parametrize(("page", "build"), PAGES)
def test_adversarial_school_page_discloses_no_small_group(page, build, spec, adversarial_database):
    scope = Scope.whole_district([s.school_id for s in ADVERSARIAL])
    assert disclosures(build, adversarial_database, Filters(spec.school_id, AS_OF), scope) == []
