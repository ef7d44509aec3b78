"""From raw counts to the indicator table.

One tidy table — a row per year × territory × indicator — is what every later stage reads: pages,
charts, downloads, recommendations. Values are computed from exact fractions and rounded half up at
the indicator's display precision, so the site shows 57,5 % for 46 of 80, never 57,4999 or 57.
Region rows are sums of the municipalities' counts, never averages of their shares. Missing data stays
missing (NaN / <NA>), never 0.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import pandas as pd

from generator.compute.status import TargetStatus
from generator.core.formatting import round_half_up_decimal
from generator.inputs.catalogue import Catalogue
from generator.inputs.dataset import Dataset
from generator.inputs.models import Better, Indicator, Kind, printed_value

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

# How a value was obtained: computed from the counts, or taken as the source printed it (no counts given).
COMPUTED, PRINTED = "computed", "printed"


def number(value: object) -> float | None:
    """A cell of the indicator table as a float, or None for missing data (None, <NA>, NaN)."""
    if value is None or value is pd.NA:
        return None
    try:
        result = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if result != result else result


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


def target_status(indicator: Indicator, value: Decimal | None, target: float | None) -> TargetStatus:
    """Whether ``value`` reaches ``target``, respecting which direction is better.

    A target on an indicator whose direction is «neutral» is read as a minimum to reach.
    """
    if target is None:
        return TargetStatus.no_target
    if value is None:
        return TargetStatus.no_data
    goal = Decimal(str(target))
    reached = value <= goal if indicator.better is Better.lower else value >= goal
    return TargetStatus.met if reached else TargetStatus.not_met


def _as_float(value: Decimal | None) -> float:
    return float(value) if value is not None else float("nan")


def compute(dataset: Dataset, years: Collection[int] | None = None) -> pd.DataFrame:
    """The tidy indicator table for every municipality and for the region: of every year, or of ``years``
    only — the same rows as the whole table's of those years (a year's rows are made from its own data and
    the year before's values, for the change)."""
    catalogue = dataset.catalogue
    rows: list[dict[str, object]] = []
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
                    value = Decimal(str(printed_value(entry.data.printed[indicator.id])))
                    basis = PRINTED
                target = entry.data.targets.get(indicator.id)
                rows.append(
                    {
                        "year": year,
                        "level": "municipality",
                        "territory": entry.slug,
                        "indicator": indicator.id,
                        "numerator": num,
                        "denominator": den,
                        "value": _as_float(value),
                        "target": target,
                        "target_status": target_status(indicator, value, target),
                        "reported": 1 if value is not None else 0,
                        "expected": 1,
                        "basis": basis,
                    }
                )
                complete = num is not None and (indicator.kind is Kind.count or den is not None)
                if complete:
                    region_num += num or 0
                    region_den += den or 0
                    reported += 1
            value = (
                indicator_value(
                    indicator.kind,
                    region_num,
                    None if indicator.kind is Kind.count else region_den,
                    digits,
                )
                if reported
                else None
            )
            rows.append(
                {
                    "year": year,
                    "level": "region",
                    "territory": REGION,
                    "indicator": indicator.id,
                    "numerator": region_num if reported else None,
                    "denominator": region_den if reported and indicator.kind is not Kind.count else None,
                    "value": _as_float(value),
                    "target": None,
                    "target_status": TargetStatus.no_target,
                    "reported": reported,
                    "expected": len(entries),
                    "basis": COMPUTED,
                }
            )
    table = pd.DataFrame(rows, columns=[c for c in COLUMNS if c not in {"section", "kind", "previous", "change"}])
    if table.empty:
        return pd.DataFrame(columns=COLUMNS)
    meta = pd.DataFrame(
        [{"indicator": i.id, "section": i.section, "kind": i.kind.value} for i in catalogue.indicators.values()]
    )
    table = table.merge(meta, on="indicator", how="left")
    table = _add_change(table, catalogue)
    table["numerator"] = table["numerator"].astype("Int64")
    table["denominator"] = table["denominator"].astype("Int64")
    table["target"] = table["target"].astype("float64")
    if wanted is not None:  # the years before, made only for the change
        table = table[table["year"].isin(wanted)]
    table = table[COLUMNS].sort_values(["year", "level", "territory", "indicator"], kind="stable")
    return table.reset_index(drop=True)


def _add_change(table: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Change against the previous academic year (year − 1), in p. p. for shares.

    The difference is taken between the rounded values, so that the change a reader computes from
    the two published numbers is the change the site prints.
    """
    previous = table[["year", "territory", "indicator", "value"]].copy()
    previous["year"] = previous["year"] + 1
    previous = previous.rename(columns={"value": "previous"})
    table = table.merge(previous, on=["year", "territory", "indicator"], how="left")
    digits = table["indicator"].map({i.id: catalogue.precision(i) for i in catalogue.indicators.values()})
    change = []
    for value, prev, d in zip(table["value"], table["previous"], digits, strict=True):
        if pd.isna(value) or pd.isna(prev):
            change.append(float("nan"))
        else:
            change.append(float(Decimal(str(value)) - Decimal(str(prev))).__round__(int(d)))
    table["change"] = change
    return table


def records(table: pd.DataFrame) -> list[dict[str, object]]:
    """The table's rows as dicts of Python values, as ``table.to_dict("records")`` gives them (a missing
    count is None), from whole columns: four times faster, and the site's context and the rules read
    every row of every year on each build."""
    columns = list(table.columns)

    def values(column: str) -> list[object]:
        found = table[column].tolist()
        if isinstance(table[column].dtype, pd.api.extensions.ExtensionDtype):
            return [None if v is pd.NA else v for v in found]
        return found  # type: ignore[no-any-return]

    return [dict(zip(columns, row, strict=True)) for row in zip(*(values(c) for c in columns), strict=True)]
