"""A municipal monitoring's schools: their figures in aggregate, never a ranking unless it is allowed.

The municipal procedure (001, p. 12) forbids using the monitoring for public comparative ratings of
schools or their heads. So a municipality's page says how its schools spread — how many reported, the
lowest, the median and the highest value — without naming them; a table by school (alphabetical, not
ranked) appears only where the deployment declares it may (``schools_public: true`` in region.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from generator.compute.table import indicator_value
from generator.core.formatting import round_half_up_decimal
from generator.inputs.catalogue import Catalogue
from generator.inputs.dataset import YearEntry
from generator.inputs.models import Indicator, Kind


@dataclass(frozen=True)
class SchoolValue:
    school: str
    numerator: int | None
    denominator: int | None
    value: Decimal | None


@dataclass(frozen=True)
class Spread:
    """How the schools' values spread: what a page may say without naming a school."""

    reported: int
    total: int
    lowest: Decimal
    median: Decimal
    highest: Decimal


def school_values(catalogue: Catalogue, entry: YearEntry, indicator: Indicator) -> list[SchoolValue]:
    """Each school's value of the indicator, from the school's own counts, in the file's order."""
    digits = catalogue.precision(indicator)
    out = []
    for school in entry.data.schools:
        num = catalogue.resolve(school.counts, indicator.numerator)
        den = catalogue.resolve(school.counts, indicator.denominator) if indicator.kind is not Kind.count else None
        out.append(SchoolValue(school.school, num, den, indicator_value(indicator.kind, num, den, digits)))
    return out


def spread(values: list[SchoolValue], digits: int) -> Spread | None:
    """The spread of the values present; None when fewer than two schools have one (nothing to spread).

    The median of an even number of values is the mean of the middle two, one decimal finer than they are:
    it is rounded half up at the indicator's precision ``digits``, as every value the page shows."""
    present = sorted(v.value for v in values if v.value is not None)
    if len(present) < 2:
        return None
    middle = round_half_up_decimal(median(present), digits)
    return Spread(len(present), len(values), present[0], middle, present[-1])
