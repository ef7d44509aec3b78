"""From raw counts to the indicator table.

One tidy table — a row per year × territory × indicator — is what every later stage reads: pages,
charts, downloads, recommendations. Values are computed from exact fractions and rounded half up at
the indicator's display precision, so the site shows 57,5 % for 46 of 80, never 57,4999 or 57.
Region rows are sums of the municipalities' counts, never averages of their shares. Missing data stays
missing (None; NaN / <NA> in the frame), never 0. The rows are typed: :mod:`generator.compute.values`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from operator import attrgetter

from generator.compute.status import TargetStatus
from generator.compute.values import COLUMNS, COMPUTED, PRINTED, REGION, IndicatorTable, Value, acyclic
from generator.core.formatting import round_half_up_decimal
from generator.inputs.catalogue import Catalogue
from generator.inputs.dataset import Dataset
from generator.inputs.models import Better, Indicator, Kind, ReportedTarget
from generator.inputs.year_files import printed_number

__all__ = [
    "COLUMNS",
    "COMPUTED",
    "PRINTED",
    "REGION",
    "IndicatorTable",
    "Value",
    "change",
    "compute",
    "indicator_value",
    "programme_target",
    "resolve",
    "target_status",
]

@dataclass(frozen=True)
class Parts:
    numerator: int | None
    denominator: int | None


def resolve(catalogue: Catalogue, counts: dict[str, int], name: str | None) -> int | None:
    """The value of a count or a total at the finest level present; None when the data do not give it."""
    return catalogue.resolve(counts, name)


def indicator_value(kind: Kind, numerator: int | None, denominator: int | None, digits: int) -> Decimal | None:
    """The exact value, rounded half up; None for missing data or a zero denominator."""
    if numerator is None:
        return None
    if kind is Kind.count:
        return round_half_up_decimal(Fraction(numerator), digits)
    if denominator is None or denominator == 0:
        return None
    scale = 100 if kind is Kind.share else 1
    return round_half_up_decimal(Fraction(numerator * scale, denominator), digits)


def target_status(indicator: Indicator, value: Decimal | None, target: Decimal | None) -> TargetStatus:
    """Whether ``value`` reaches ``target``, respecting which direction is better.

    A target on an indicator whose direction is «neutral» is read as a minimum to reach.
    """
    if target is None:
        return TargetStatus.no_target
    if value is None:
        return TargetStatus.no_data
    reached = value <= target if indicator.better is Better.lower else value >= target
    return TargetStatus.met if reached else TargetStatus.not_met


def programme_target(
    indicator: Indicator, value: Decimal | None, given: float | ReportedTarget | None
) -> tuple[Decimal | None, TargetStatus]:
    """The target of a row and its state: a planned value is compared with ``value``; a target the source
    reports only as reached or not keeps the source's verdict whatever the value (which may be missing), and
    has no planned value — the row then says met / not met with ``target`` None (:attr:`Value.target_reported`)."""
    if isinstance(given, ReportedTarget):
        return None, TargetStatus.met if given.reached else TargetStatus.not_met
    target = None if given is None else Decimal(str(given))
    return target, target_status(indicator, value, target)


def change(value: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """The change against the year before: the difference of the two values as printed (rounded at the
    indicator's precision, or with the decimals the source printed a figure with), so that the change a reader
    computes from the two published numbers is the change the site prints; in p. p. for shares. None when
    either is missing. Exact: a difference of two decimals has no more decimals than they have."""
    if value is None or previous is None:
        return None
    return value - previous


# A row before its change is known: the fields of a Value but previous and change.
_Row = tuple[int, str, str, str, int | None, int | None, Decimal | None, Decimal | None, TargetStatus, int, int, str]


def compute(dataset: Dataset, years: Collection[int] | None = None) -> IndicatorTable:
    """The indicator table for every municipality and for the region: of every year, or of ``years``
    only — the same rows as the whole table's of those years (a year's rows are made from its own data and
    the year before's values, for the change)."""
    with acyclic():  # tens of thousands of rows of numbers and strings
        return _compute(dataset, years)


def _compute(dataset: Dataset, years: Collection[int] | None) -> IndicatorTable:
    catalogue = dataset.catalogue
    rows: list[_Row] = []
    municipalities = [m.slug for m in dataset.registry.municipalities]
    wanted = None if years is None else set(years)
    for year in dataset.years:
        if wanted is not None and year not in wanted and year + 1 not in wanted:
            continue
        entries = [dataset.entries[(year, slug)] for slug in municipalities if (year, slug) in dataset.entries]
        for indicator in catalogue.indicators.values():
            if not indicator.exists_in(year):
                continue
            digits = catalogue.precision(indicator)
            region_num = region_den = 0
            reported = 0
            for entry in entries:
                num = resolve(catalogue, entry.counts, indicator.numerator)
                den = resolve(catalogue, entry.counts, indicator.denominator)
                value = indicator_value(indicator.kind, num, den, digits)
                basis = COMPUTED
                if value is None and indicator.id in entry.data.printed:
                    # Published as reported: never recomputed, never summed into the region.
                    value = printed_number(entry, indicator.id)  # with the decimals it was written with
                    basis = PRINTED
                target, status = programme_target(indicator, value, entry.data.targets.get(indicator.id))
                rows.append(
                    (year, "municipality", entry.slug, indicator.id, num, den, value, target, status,
                     1 if value is not None else 0, 1, basis)
                )  # fmt: skip
                complete = num is not None and (indicator.kind is Kind.count or den is not None)
                if complete:
                    region_num += num or 0
                    region_den += den or 0
                    reported += 1
            count = indicator.kind is Kind.count
            value = None
            if reported:
                value = indicator_value(indicator.kind, region_num, None if count else region_den, digits)
            rows.append(
                (year, "region", REGION, indicator.id, region_num if reported else None,
                 region_den if reported and not count else None, value, None, TargetStatus.no_target,
                 reported, len(entries), COMPUTED)
            )  # fmt: skip
    before = {(r[0] + 1, r[2], r[3]): r[6] for r in rows}  # each value under the next year's key
    indicators = catalogue.indicators
    meta = {i.id: (i.section, i.kind.value) for i in indicators.values()}
    made = []
    for year, level, territory, name, num, den, value, target, status, reported, expected, basis in rows:
        if wanted is not None and year not in wanted:
            continue  # a year before, made only for the change
        section, kind = meta[name]
        previous = before.get((year, territory, name))
        made.append(
            Value(year, level, territory, name, section, kind, num, den, value, previous,
                  change(value, previous), target, status, reported, expected, basis)
        )  # fmt: skip
    made.sort(key=attrgetter("year", "level", "territory", "indicator"))
    return IndicatorTable(made)
