"""The indicator catalogue as the rest of the program sees it.

Everything about what is measured — sections, raw counts, their sums, indicators — comes from the
catalogue file, so another monitoring direction is a new catalogue, not new code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from generator.core.formatting import NO_DATA, format_value, shown_digits
from generator.inputs.models import CatalogueFile, Checks, Indicator, Kind, RawCount, Section, Total


@dataclass(frozen=True)
class Catalogue:
    direction: str
    checks: Checks
    sections: dict[str, Section]
    counts: dict[str, RawCount]
    totals: dict[str, Total]
    indicators: dict[str, Indicator]
    # The catalogue as its file declares it, when this one is narrowed to what a deployment collects: the
    # names that other files may cite (a rule, a target) are those it declares, collected or not.
    full: Catalogue | None = None

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

    def resolve(self, counts: Mapping[str, int], name: str | None) -> int | None:
        """The value of a population at the finest level the data give.

        A total is the sum of its parts when every part has a value (each part itself at its finest
        level); otherwise the total as entered, when the source gave only the band («9–11 классы: 417»);
        otherwise None. So a source's own population can be entered as it is printed, and per-grade
        counts, where they exist, always win over a band typed beside them.
        """
        if name is None:
            return None
        summed = self.parts_sum(counts, name)
        return summed if summed is not None else counts.get(name)

    def parts_sum(self, counts: Mapping[str, int], name: str) -> int | None:
        """The sum of a total's parts alone (never the total as entered); None when a part has no value."""
        if name not in self.totals:
            return None
        total = 0
        for part in self.totals[name].sum:
            value = self.resolve(counts, part)
            if value is None:
                return None
            total += value
        return total

    def missing(self, counts: Mapping[str, int], name: str) -> list[str]:
        """The entered names whose absence leaves ``name`` without a value: what a file should add."""
        if self.resolve(counts, name) is not None:
            return []
        if name in self.counts:
            return [name]
        found: list[str] = []
        for part in self.totals[name].sum:
            found += [m for m in self.missing(counts, part) if m not in found]
        return found

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

    def format(self, indicator: Indicator, value: Decimal | float | None, missing: str = NO_DATA) -> str:
        """A value as every page prints it, with its precision and unit; ``missing`` where there is none."""
        if value is None:
            return missing
        digits = shown_digits(value, self.precision(indicator))  # a figure as printed keeps its decimals
        return format_value(value, indicator.kind.value, digits, self.unit(indicator))

    def format_named(self, name: str, value: Decimal | float | None, missing: str = NO_DATA) -> str:
        return self.format(self.indicators[name], value, missing)

    def in_section(self, section_id: str) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.section == section_id]

    def sections_in(self, year: int) -> list[Section]:
        """The sections shown in the edition of ``year``: those with an indicator measured that year."""
        present = {i.section for i in self.indicators.values() if i.exists_in(year)}
        return [s for s in self.sections.values() if s.id in present]

    @property
    def declared(self) -> Catalogue:
        """The whole catalogue of the file, before :meth:`collecting` narrowed it."""
        return self.full if self.full is not None else self

    def expand(self, items: Iterable[str]) -> set[str]:
        """The indicators that a list of section and indicator ids stands for."""
        ids: set[str] = set()
        for item in items:
            if item in self.sections:
                ids.update(i.id for i in self.in_section(item))
            if item in self.indicators:
                ids.add(item)
        return ids

    def collecting(self, collects: Iterable[str] | None, by_year: Mapping[int, Iterable[str]]) -> Catalogue:
        """The catalogue narrowed to what a deployment collects (``collects`` and ``collects_by_year`` of the
        registry; ids of sections and indicators, checked by the loader).

        An indicator collected in no edition is left out, and so is a section left without indicators; one
        collected in some editions only is kept and does not exist in the others (``Indicator.exists_in``),
        so every later stage — the table, the pages, the forms, the downloads, the rules — sees only what
        was collected. ``collects`` absent: everything, except where ``by_year`` says otherwise.
        """
        if collects is None and not by_year:
            return self
        usual = self.expand(collects) if collects is not None else set(self.indicators)
        editions = {year: self.expand(items) for year, items in by_year.items()}
        indicators: dict[str, Indicator] = {}
        for name, indicator in self.indicators.items():
            usually = name in usual
            except_in = frozenset(year for year, ids in editions.items() if (name in ids) != usually)
            if not usually and not except_in:
                continue
            if except_in:
                indicator = indicator.model_copy()
                indicator._collected = (usually, except_in)
            indicators[name] = indicator
        kept = {i.section for i in indicators.values()}
        return Catalogue(
            direction=self.direction,
            checks=self.checks,
            sections={k: s for k, s in self.sections.items() if k in kept},
            counts=self.counts,
            totals=self.totals,
            indicators=indicators,
            full=self.declared,
        )

    @cached_property
    def section_by_slug(self) -> dict[str, Section]:
        return {s.slug: s for s in self.sections.values()}
