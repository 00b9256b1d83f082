"""Settings from the environment (SCHOOL_GOALS_*): where the store is, k, the observation cadence.

Each setting is read by one function here, with the default the README's table states, and
a bad value raises ValueError with a sentence that names the variable.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_PATH = ROOT / "data" / "school_goals.duckdb"
MIN_GROUP_SIZE_VARIABLE = "SCHOOL_GOALS_MIN_GROUP_SIZE"
CYCLE_DAYS_VARIABLE = "SCHOOL_GOALS_CYCLE_DAYS"
FIRST_YEAR_DAYS_VARIABLE = "SCHOOL_GOALS_FIRST_YEAR_CYCLE_DAYS"
# Addresses of this computer only: local mode (no sign-in) serves nothing to any other.
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def is_local_request(host_header: str, forwarded_for: str = "") -> bool:
    """True when a request was made on this computer: its Host is a loopback name and every
    address a proxy put in X-Forwarded-For is one too (Caddy in front of several workers sets
    it to the browser's address: 127.0.0.1 for a browser on this computer). A proxy appends the
    address it saw, so a header a remote browser forged can't make the list all-loopback."""
    if host_header.rsplit(":", 1)[0].strip("[]") not in LOOPBACK:
        return False
    return (
        all(part.strip() in LOOPBACK for part in forwarded_for.split(",")) if forwarded_for.strip() else True
    )


def database_path() -> Path:
    """Return the database file from SCHOOL_GOALS_DB, else data/school_goals.duckdb (a DuckLake
    store is no file: `store_lake()` and `store_target()` know of it)."""
    return Path(os.environ.get("SCHOOL_GOALS_DB") or DEFAULT_DB_PATH)


LAKE_PREFIX = "ducklake:"
DATA_PATH_VARIABLE = "SCHOOL_GOALS_DATA_PATH"
DISTRICT_VARIABLE = "SCHOOL_GOALS_DISTRICT"
DISTRICT_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
LAKE_CATALOGS = ("postgres:", "sqlite:")


@dataclass(frozen=True)
class Lake:
    """A DuckLake store (issue 18): the catalog (`postgres:<libpq connection string>`, or
    `sqlite:<file>` for one machine) and the folder or bucket of its Parquet files (needed only
    when the lake is made; the catalog remembers it)."""

    catalog: str
    data_path: str | None = None
    district: str = "main"  # the lake's schema this store is: one per district
    snapshot: int | None = None  # read the lake as this snapshot left it (a review's data)

    @property
    def target(self) -> str:
        return LAKE_PREFIX + self.catalog

    @property
    def label(self) -> str:
        """The catalog as a person may see it: a password in the connection string is hidden."""
        catalog = re.sub(r"(password\s*=\s*)('[^']*'|\S+)", r"\1***", self.catalog, flags=re.I)
        return LAKE_PREFIX + catalog + ("" if self.district == "main" else f" (district {self.district})")


def lake_of(value: str | Path | Lake, environ: Mapping[str, str] = os.environ) -> Lake | None:
    """The Lake a SCHOOL_GOALS_DB value names (`ducklake:postgres:...`), None for a file path.
    ValueError (a sentence) for a lake of a catalog kind this app can't load offline."""
    if isinstance(value, Lake):
        return value
    text = str(value).strip()
    if not text.startswith(LAKE_PREFIX):
        return None
    catalog = text[len(LAKE_PREFIX) :].strip()
    if not catalog.startswith(LAKE_CATALOGS) or not catalog.split(":", 1)[1].strip():
        raise ValueError(
            f"SCHOOL_GOALS_DB={text!r} is not a DuckLake this app can open: write "
            "ducklake:postgres:<connection string> (for example ducklake:postgres:dbname=lake "
            "host=db.example.org) or ducklake:sqlite:<catalog file>."
        )
    district = environ.get(DISTRICT_VARIABLE, "").strip() or "main"
    if not DISTRICT_NAME.match(district):
        raise ValueError(
            f"{DISTRICT_VARIABLE}={district!r} is not a district name a DuckLake can hold: lower-case "
            "letters, digits and _, starting with a letter (for example riverbend_usd)."
        )
    return Lake(catalog, environ.get(DATA_PATH_VARIABLE, "").strip() or None, district)


def store_lake() -> Lake | None:
    """The DuckLake SCHOOL_GOALS_DB names, or None when it names a DuckDB file (the default)."""
    return lake_of(os.environ.get("SCHOOL_GOALS_DB") or "")


def store_target() -> str | Path:
    """What db.connect() opens by default: the DuckLake's `ducklake:...` text, else the file."""
    lake = store_lake()
    return lake.target if lake is not None else database_path()


def app_database_path() -> Path:
    """Return the app database (SQLite) from SCHOOL_GOALS_APP_DB, else beside the store:
    data/school_goals.duckdb -> data/school_goals_app.sqlite.

    It holds what people write (import history, failed attempts, snapshot pins, the drop
    folder's lease); an import or an undo never replaces it.
    """
    explicit = os.environ.get("SCHOOL_GOALS_APP_DB")
    if explicit:
        return Path(explicit)
    if store_lake() is not None:
        return DEFAULT_DB_PATH.with_name("school_goals_app.sqlite")
    store = database_path()
    return store.with_name(f"{store.stem}_app.sqlite")


def _whole_number(variable: str, default: int, low: int, high: int, unit: str) -> int:
    """The whole number in `variable` (default when unset or blank), or ValueError naming it."""
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return default
    if not raw.isdecimal() or not low <= int(raw) <= high:
        raise ValueError(
            f"{variable} must be a whole number of {unit} from {low} to {high}; it is set to {raw!r}."
        )
    return int(raw)


def snapshots_kept() -> int:
    """How many of the latest snapshots an import keeps (SCHOOL_GOALS_KEEP_SNAPSHOTS, default 5).

    Pinned snapshots (a goal review refers to the data it saw) are kept on top of these.
    """
    return _whole_number("SCHOOL_GOALS_KEEP_SNAPSHOTS", 5, 1, 1000, "snapshots")


def import_wait_seconds() -> int:
    """How long an import waits for another one to finish (SCHOOL_GOALS_IMPORT_WAIT_SECONDS, 600)."""
    return _whole_number("SCHOOL_GOALS_IMPORT_WAIT_SECONDS", 600, 0, 86400, "seconds")


def watch_dir() -> Path | None:
    """The drop folder the app watches (SCHOOL_GOALS_WATCH_DIR); None when unset."""
    raw = os.environ.get("SCHOOL_GOALS_WATCH_DIR", "").strip()
    return Path(raw) if raw else None


def watch_quiet_seconds() -> int:
    """A batch without a `ready` file is complete when its files have not changed for this long
    (SCHOOL_GOALS_WATCH_QUIET_SECONDS, default 60)."""
    return _whole_number("SCHOOL_GOALS_WATCH_QUIET_SECONDS", 60, 1, 86400, "seconds")


def expected_data_days() -> int:
    """After this many days without a new import, the goal board's "Needs attention" says so
    (SCHOOL_GOALS_DATA_EXPECTED_DAYS, default 3)."""
    return _whole_number("SCHOOL_GOALS_DATA_EXPECTED_DAYS", 3, 1, 366, "days")


def memory_limit() -> str:
    """DuckDB's memory cap from SCHOOL_GOALS_MEMORY_LIMIT (default 768MB; it spills to disk past it).

    768MB, not 1GB: on DuckDB 1.5.5 the 5-million-log import peaked at 2,157 MB with 1GB and
    1,501 MB with 768MB (and ran a little faster), against the 2 GB target.
    """
    return os.environ.get("SCHOOL_GOALS_MEMORY_LIMIT", "768MB")


@dataclass(frozen=True)
class PrivacyPolicy:
    """How small a group may be shown, and how rates of small groups are coded (percents)."""

    min_group_size: int = 10
    coding_group_size: int = 40
    low_n: int = 30
    top_code: float = 95.0
    bottom_code: float = 5.0

    def __post_init__(self) -> None:
        if self.min_group_size < 1:
            raise ValueError(f"min_group_size must be 1 or more, not {self.min_group_size}")
        if not 0 <= self.bottom_code < self.top_code <= 100:
            raise ValueError("bottom_code and top_code must be percents with bottom_code < top_code")

    def is_coded(self, percent: float, students: int) -> bool:
        """True when a group's percent shows only as its band: fewer than coding_group_size
        students and the percent outside bottom_code..top_code."""
        return students < self.coding_group_size and not self.bottom_code <= percent <= self.top_code

    def band(self, percent: float) -> str:
        """'>95%' or '<5%': what a coded percent shows."""
        return f">{self.top_code:.0f}%" if percent > self.top_code else f"<{self.bottom_code:.0f}%"


def policy_from_env(environ: Mapping[str, str] = os.environ) -> PrivacyPolicy:
    """The policy with k from SCHOOL_GOALS_MIN_GROUP_SIZE; the default (10) when unset or blank."""
    raw = environ.get(MIN_GROUP_SIZE_VARIABLE, "").strip()
    if not raw:
        return PrivacyPolicy()
    if not raw.isdecimal() or int(raw) < 1:
        raise ValueError(
            f"{MIN_GROUP_SIZE_VARIABLE} must be a whole number of students, 1 or more; it is set to {raw!r}."
        )
    return PrivacyPolicy(min_group_size=int(raw))


@dataclass(frozen=True)
class Cadence:
    """How often each teacher is to be observed, in calendar days."""

    cycle_days: int = 14
    first_year_days: int = 7

    def __post_init__(self) -> None:
        if self.cycle_days < 1 or self.first_year_days < 1:
            raise ValueError("cadences are 1 day or more")

    def describe(self) -> str:
        """'every 14 days; first-year teachers every 7 days'."""
        return f"every {self.cycle_days} days; first-year teachers every {self.first_year_days} days"


CYCLE_DAYS_VARIABLE = "SCHOOL_GOALS_CYCLE_DAYS"
FIRST_YEAR_DAYS_VARIABLE = "SCHOOL_GOALS_FIRST_YEAR_CYCLE_DAYS"


def cadence_from_env(environ: Mapping[str, str] = os.environ) -> Cadence:
    """The district's default cadence: SCHOOL_GOALS_CYCLE_DAYS (14) and
    SCHOOL_GOALS_FIRST_YEAR_CYCLE_DAYS (7); unset or blank keeps the default.

    Raises ValueError naming the variable and its value when one is not 1 to 90 days.
    """
    days = {}
    for variable, default in ((CYCLE_DAYS_VARIABLE, 14), (FIRST_YEAR_DAYS_VARIABLE, 7)):
        raw = environ.get(variable, "").strip()
        if raw and (not raw.isdecimal() or not 1 <= int(raw) <= 90):
            raise ValueError(f"{variable} must be a whole number of days from 1 to 90; it is set to {raw!r}.")
        days[variable] = int(raw) if raw else default
    return Cadence(days[CYCLE_DAYS_VARIABLE], days[FIRST_YEAR_DAYS_VARIABLE])


@dataclass(frozen=True)
class Settings:
    """The district-wide settings every page works with."""

    policy: PrivacyPolicy = PrivacyPolicy()
    cadence: Cadence = Cadence()


def settings_from_env(environ: Mapping[str, str] = os.environ) -> Settings:
    """Every setting at once; raises ValueError (naming the variable) for a bad value."""
    return Settings(policy=policy_from_env(environ), cadence=cadence_from_env(environ))
