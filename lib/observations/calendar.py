"""School days for many schools at once: counts and offsets as array lookups.

numpy's business-day functions take one holiday list per call, so a district of 50 schools
would need 50 calls per question. `SchoolCalendar` instead counts, for every school and day
in a span, the school days from the span's start through that day; a turnaround is then a
difference of two counts and a deadline a search for a count. Same rules as
lib/core/school_days.py: school days are weekdays that are not the school's days off.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

DaysOffBySchool = Mapping[str, Iterable[date]]


@dataclass(frozen=True)
class SchoolCalendar:
    """Running counts of school days per school from `first` (day 0) to `first + days - 1`."""

    first: np.datetime64
    codes: dict[str, int]
    counts: np.ndarray  # [school code, day offset] -> school days from `first` through that day

    @classmethod
    def build(
        cls, school_ids: Iterable[str], days_off: DaysOffBySchool, first: date, last: date
    ) -> SchoolCalendar:
        """The calendar of these schools from `first` through `last` (both included)."""
        codes = {school: code for code, school in enumerate(pd.Series(school_ids, dtype="string").unique())}
        start = np.datetime64(first, "D")
        days = start + np.arange((last - first).days + 1)
        school_day = np.tile(np.is_busday(days), (max(len(codes), 1), 1))
        for school, code in codes.items():
            off = np.array(sorted(days_off.get(school, ())), dtype="datetime64[D]") - start
            off = off.astype(int)
            school_day[code, off[(off >= 0) & (off < len(days))]] = False
        return cls(start, codes, np.cumsum(school_day, axis=1))

    def _positions(self, school_ids: pd.Series, days: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        codes = school_ids.map(self.codes).to_numpy(dtype=int)
        offsets = (pd.to_datetime(days).to_numpy(dtype="datetime64[D]") - self.first).astype(int)
        return codes, np.clip(offsets, -1, self.counts.shape[1] - 1)

    def count_through(self, school_ids: pd.Series, days: pd.Series) -> np.ndarray:
        """School days from the span's start through each day (0 before the span)."""
        codes, offsets = self._positions(school_ids, days)
        counts = self.counts[codes, np.maximum(offsets, 0)]
        return np.where(offsets < 0, 0, counts)

    def school_days_after(self, school_ids: pd.Series, starts: pd.Series, ends: pd.Series) -> pd.Series:
        """School days strictly after each start up to and including its end; 0 when end <= start.

        NaN where the end is missing.
        """
        known = pd.to_datetime(ends).notna().to_numpy()
        filled = pd.to_datetime(ends).fillna(pd.to_datetime(starts))
        between = self.count_through(school_ids, filled) - self.count_through(school_ids, starts)
        return pd.Series(np.where(known, np.maximum(between, 0), np.nan), index=starts.index)

    def add_school_days(self, school_ids: pd.Series, days: pd.Series, n: int) -> pd.Series:
        """The n-th school day after each day (n >= 1), as lib.core.school_days.add_school_days.

        A weekend or day off counts from the school day before it. NaT past the span's end.
        """
        codes, _ = self._positions(school_ids, days)
        width = self.counts.shape[1]
        stride = int(self.counts[:, -1].max(initial=0)) + n + 1
        flat = (self.counts + (np.arange(len(self.counts)) * stride)[:, None]).ravel()
        wanted = self.count_through(school_ids, days) + n + codes * stride
        found = np.searchsorted(flat, wanted, side="left")
        offsets = found - codes * width
        inside = (found < len(flat)) & (offsets < width)
        result = self.first + np.where(inside, offsets, 0).astype("timedelta64[D]")
        return pd.Series(pd.to_datetime(np.where(inside, result, np.datetime64("NaT"))), index=days.index)
