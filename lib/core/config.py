"""Settings from the environment (SCHOOL_GOALS_*): where the store is, k, the observation cadence.

Each setting is read by one function here, with the default the README's table states, and
a bad value raises ValueError with a sentence that names the variable.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_PATH = ROOT / "data" / "school_goals.duckdb"
MIN_GROUP_SIZE_VARIABLE = "SCHOOL_GOALS_MIN_GROUP_SIZE"
CYCLE_DAYS_VARIABLE = "SCHOOL_GOALS_CYCLE_DAYS"
FIRST_YEAR_DAYS_VARIABLE = "SCHOOL_GOALS_FIRST_YEAR_CYCLE_DAYS"


def database_path() -> Path:
    """Return the database file from SCHOOL_GOALS_DB, else data/school_goals.duckdb."""
    return Path(os.environ.get("SCHOOL_GOALS_DB") or DEFAULT_DB_PATH)


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
