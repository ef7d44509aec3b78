"""The indicator catalogue as the rest of the program sees it.

Everything about what is measured — sections, raw counts, their sums, indicators — comes from the
catalogue file, so another monitoring direction is a new catalogue, not new code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .models import CatalogueFile, Checks, Indicator, Kind, RawCount, Section, Total


@dataclass(frozen=True)
class Catalogue:
    direction: str
    checks: Checks
    sections: dict[str, Section]
    counts: dict[str, RawCount]
    totals: dict[str, Total]
    indicators: dict[str, Indicator]

    @classmethod
    def from_file(cls, model: CatalogueFile) -> Catalogue:
        return cls(
            direction=model.direction,
            checks=model.checks,
            sections={s.id: s for s in sorted(model.sections, key=lambda s: s.order)},
            counts={c.id: c for c in model.counts},
            totals={t.id: t for t in model.totals},
            indicators={i.id: i for i in model.indicators},
        )

    def components(self, name: str) -> tuple[str, ...]:
        """The raw counts that a count or a total stands for."""
        if name in self.counts:
            return (name,)
        return tuple(c for part in self.totals[name].sum for c in self.components(part))

    def title_of(self, name: str) -> str:
        return self.counts[name].title if name in self.counts else self.totals[name].title

    def unit(self, indicator: Indicator) -> str:
        if indicator.unit:
            return indicator.unit
        if indicator.kind is Kind.share:
            return "%"
        first = self.components(indicator.numerator)[0]
        return self.counts[first].unit

    def precision(self, indicator: Indicator) -> int:
        if indicator.precision is not None:
            return indicator.precision
        return {Kind.share: 1, Kind.count: 0, Kind.ratio: 2}[indicator.kind]

    def in_section(self, section_id: str) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.section == section_id]

    @cached_property
    def section_by_slug(self) -> dict[str, Section]:
        return {s.slug: s for s in self.sections.values()}
