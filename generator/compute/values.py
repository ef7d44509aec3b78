"""The indicator table as it is read: typed rows of exact values, made once by :func:`generator.compute.table.compute`.

A :class:`Value` is one row — a year × territory × indicator — with its numbers as the site publishes them:
the value, the year before's and the change as exact decimals (57,5 is ``Decimal("57.5")``, never a float
that prints as 57.49999), the counts as integers, the target's state as a :class:`TargetStatus`. Missing
data is ``None``. An :class:`IndicatorTable` holds the rows in the table's one order (year, level,
territory, indicator), finds a row by its key and gives the columnar view (:attr:`IndicatorTable.frame`)
that the downloads and the plausibility checks read; the view is made from the same values, so a file
made from it says what the pages say.
"""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from generator.compute.status import TargetStatus

REGION = "region"

COLUMNS = [
    "year",
    "level",
    "territory",
    "indicator",
    "section",
    "kind",
    "numerator",
    "denominator",
    "value",
    "previous",
    "change",
    "target",
    "target_status",
    "reported",
    "expected",
    "basis",
]
"""The fields of a :class:`Value`, in order: the columns of :attr:`IndicatorTable.frame`."""

# How a value was obtained: computed from the counts, or taken as the source printed it (no counts given).
COMPUTED, PRINTED = "computed", "printed"

Key = tuple[int, str, str]  # (year, territory, indicator)


@dataclass(frozen=True, slots=True)
class Value:
    """One row of the indicator table: an indicator of a territory in a year."""

    year: int
    level: str  # "municipality" or "region"
    territory: str  # a municipality's slug, or REGION
    indicator: str
    section: str
    kind: str  # the indicator's kind: "share", "count", …
    numerator: int | None
    denominator: int | None
    value: Decimal | None  # rounded half up at the indicator's precision (or as the source printed it)
    previous: Decimal | None  # the year before's value
    change: Decimal | None  # value − previous: the difference of the two printed values
    target: Decimal | None  # the municipal programme's target (never the region's); None where the source
    # reports the target met or not without its planned value (see target_reported)
    target_status: TargetStatus
    reported: int  # territories that gave the indicator's counts (a municipality: 1 or 0)
    expected: int  # territories that were to give them
    basis: str  # COMPUTED or PRINTED

    @property
    def target_reported(self) -> bool:
        """Whether the target's state is the source's word, not computed: met or not met without a target value.

        Why no column of its own: ``target`` is the planned value and stays None where the source names none,
        and ``target_status`` says what is known of the target, as for any row; the two together tell a
        reported target from a computed one (a computed met / not met always has its target), so the frame,
        the open data and the kept tables keep their columns, and a row cannot claim a planned value it lacks.
        """
        return self.target is None and self.target_status in (TargetStatus.met, TargetStatus.not_met)

    @property
    def has_target(self) -> bool:
        """Whether the row has a target to show: a planned value, or the source's word on it without one."""
        return self.target is not None or self.target_reported

    @property
    def key(self) -> Key:
        return (self.year, self.territory, self.indicator)

    def __reduce__(self) -> tuple[Any, ...]:
        # the fields in order, given to the constructor (the dataclass's own pickling looks the fields up for
        # every row); a table pickles its rows by columns, see IndicatorTable.__reduce__
        return (Value, tuple(getattr(self, name) for name in COLUMNS))


def _float(value: Decimal | None) -> float:
    return float(value) if value is not None else float("nan")


class IndicatorTable:
    """The rows of the indicator table, in its order, with a lookup by (year, territory, indicator).

    Read-only: it is made once per build (or per year of a kept past edition) and every stage reads it.
    """

    def __init__(self, rows: Iterable[Value] = ()) -> None:
        self.rows: tuple[Value, ...] = tuple(rows)
        self._index: dict[Key, Value] | None = None
        self._frame: pd.DataFrame | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # the rows only (the lookup and the frame are made again), by columns: a kept edition's table of
        # thousands of rows pickles three times faster than row by row
        rows = self.rows
        columns: list[Any] = [[getattr(v, name) for v in rows] for name in COLUMNS]
        for at in _DECIMALS:  # one text of them all: a Decimal pickled alone costs ten times more
            columns[at] = " ".join("" if d is None else str(d) for d in columns[at])
        columns[_STATUS] = [s.value for s in columns[_STATUS]]
        return (_from_columns, (columns,))

    def __iter__(self) -> Iterator[Value]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __repr__(self) -> str:
        return f"IndicatorTable({len(self.rows)} rows, years {self.years})"

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def years(self) -> list[int]:
        """The years that have rows, in order."""
        return sorted({v.year for v in self.rows})

    def get(self, year: int, territory: str, indicator: str) -> Value | None:
        """The row of an indicator of a territory in a year; None when the table has none."""
        if self._index is None:
            self._index = {(v.year, v.territory, v.indicator): v for v in self.rows}
        return self._index.get((year, territory, indicator))

    def value(self, year: int, territory: str, indicator: str) -> Decimal | None:
        """The value of that row; None when there is no row or no value."""
        found = self.get(year, territory, indicator)
        return None if found is None else found.value

    def of_years(self, years: Collection[int]) -> IndicatorTable:
        """The rows of ``years`` only, in the same order."""
        wanted = set(years)
        return IndicatorTable(v for v in self.rows if v.year in wanted)

    def of_year(self, year: int) -> IndicatorTable:
        return self.of_years((year,))

    @staticmethod
    def joined(parts: Iterable[IndicatorTable]) -> IndicatorTable:
        """Tables one after another (the years of a kept table, in order)."""
        return IndicatorTable(v for part in parts for v in part.rows)

    @property
    def frame(self) -> pd.DataFrame:
        """The rows as a pandas table with the columns :data:`COLUMNS` (values as floats, counts as
        ``Int64``, missing data NaN / <NA>), made once; do not modify it."""
        if self._frame is None:
            self._frame = _frame(self.rows)
        return self._frame


_DECIMALS = [COLUMNS.index(name) for name in ("value", "previous", "change", "target")]
_STATUS = COLUMNS.index("target_status")


def _from_columns(columns: list[Any]) -> IndicatorTable:
    """The table :meth:`IndicatorTable.__reduce__` pickled."""
    for at in _DECIMALS:
        columns[at] = [Decimal(d) if d else None for d in columns[at].split(" ")] if columns[at] else []
    states = {s.value: s for s in TargetStatus}
    columns[_STATUS] = [states[s] for s in columns[_STATUS]]
    with acyclic():
        return IndicatorTable(map(Value, *columns))


@contextmanager
def acyclic() -> Iterator[None]:
    """Build many objects without the cycle collector: rows hold numbers and strings, never a cycle, and a
    collection started by their allocations walks every row made so far again (a fifth of loading a kept
    table of 60 municipalities was such walks)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _frame(rows: tuple[Value, ...]) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame(columns=COLUMNS)
    columns: dict[str, Any] = {
        "year": pd.Series([v.year for v in rows], dtype="int64"),
        "level": [v.level for v in rows],
        "territory": [v.territory for v in rows],
        "indicator": [v.indicator for v in rows],
        "section": [v.section for v in rows],
        "kind": [v.kind for v in rows],
        "numerator": pd.array([v.numerator for v in rows], dtype="Int64"),
        "denominator": pd.array([v.denominator for v in rows], dtype="Int64"),
        "value": pd.Series([_float(v.value) for v in rows], dtype="float64"),
        "previous": pd.Series([_float(v.previous) for v in rows], dtype="float64"),
        "change": pd.Series([_float(v.change) for v in rows], dtype="float64"),
        "target": pd.Series([_float(v.target) for v in rows], dtype="float64"),
        "target_status": [v.target_status for v in rows],
        "reported": pd.Series([v.reported for v in rows], dtype="int64"),
        "expected": pd.Series([v.expected for v in rows], dtype="int64"),
        "basis": [v.basis for v in rows],
    }
    return pd.DataFrame(columns)
