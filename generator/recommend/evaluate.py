"""Addressed recommendations: rules from ``data/rules.yaml`` applied to the indicator table.

No rule is written in this module. A rule of the rules file names what it watches (an indicator, every
indicator of a section, or every indicator of the catalogue), a condition from a small vocabulary, the
audiences it addresses, a Russian text with placeholders and a deadline; this module checks the file —
every problem with its file, line and column, all at once — and evaluates the rules on the indicator
table of :mod:`generator.compute.table`.

The conditions (``points``, ``years``, ``value`` are the rule's parameters):

* ``below_target`` — the municipal programme's target is not met (``target_status == "not_met"`` of the
  table, which already respects the indicator's better direction). A target the source reports not met
  without its planned value fires only a rule whose text needs no number the source did not give (no
  ``{target}``, no ``{gap}``, no ``{value}`` where there is none): the text must stay true;
* ``below_region`` with ``points`` — a share lags behind the region's value by ``points`` percentage points
  or more (for «better lower»: exceeds it by as much);
* ``zero`` — the value is zero (a share with a non-empty population: 0 of 0 is no data, not zero);
* ``declining`` with ``years`` — ``years`` declines in a row, the last one in the edition's year (for
  «better lower»: rises);
* ``no_data`` — the municipality sent its file for the year, but the counts of the indicator are missing
  (an empty population, 0 of 0, is not missing data), and the indicator is one it reported in an earlier
  edition or one the catalogue declares ``required``: what a municipality never gave is not collected
  there, and a deployment that does not collect an indicator at all leaves it out of its ``collects``;
* ``count_below`` with ``value`` — a count indicator below ``value``.

A condition that judges a direction (all but ``below_target`` and ``no_data``) does not apply to an
indicator whose direction is not assessed (``better: neutral``); ``zero`` and ``count_below`` do not apply
where less is better; ``below_region`` compares shares only, ``count_below`` counts only. A rule naming
one such indicator is an error of the file; a section or catalogue rule leaves such indicators out.

Missing data triggers ``no_data`` and nothing else. Values are compared as published — rounded to the
indicator's precision, as exact decimals — so a lag the reader computes from two printed numbers is the lag
the rule sees: 5,0 p. p. triggers ``points: 5``, 4,9 does not.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from generator.compute.status import TargetStatus
from generator.compute.table import IndicatorTable, Value
from generator.core.formatting import (
    NBSP,
    PP,
    academic_year,
    format_date_text,
    format_number,
    format_value,
    plural,
    shown_digits,
)
from generator.inputs.dataset import RULES_FILE, Dataset
from generator.inputs.models import Better, Indicator, Kind
from generator.recommend.model import Audience, Condition, Deadline, Recommendation, Rule, RuleSet
from generator.recommend.rules_file import load_rules, read_rules
from generator.recommend.template import fill, tokens

__all__ = [
    "RULES_FILE",
    "Audience",
    "Condition",
    "Deadline",
    "Recommendation",
    "Rule",
    "RuleSet",
    "by_audience",
    "load_rules",
    "read_rules",
    "recommend",
]


def _plain(number: Decimal) -> str:
    """A rule's parameter as written: 5 → «5», 2.5 → «2,5»."""
    exponent = number.normalize().as_tuple().exponent
    digits = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return format_number(number, digits)


@dataclass(frozen=True)
class _Match:
    gap: Decimal | None = None
    start_value: Decimal | None = None
    previous: Decimal | None = None
    run: int | None = None
    inputs: tuple[tuple[str, str], ...] = ()


class _Context:
    """The indicator table, indexed for the rules."""

    def __init__(self, table: IndicatorTable, dataset: Dataset) -> None:
        self.dataset = dataset
        self.catalogue = dataset.catalogue
        self.rows: dict[str, list[Value]] = {}
        self.region: dict[tuple[int, str], Decimal | None] = {}
        self.series: dict[tuple[str, str], dict[int, Value]] = {}
        self._names: dict[int, dict[str, str]] = {}
        for row in table.rows:
            if row.level == "region":
                self.region[(row.year, row.indicator)] = row.value
                continue
            self.rows.setdefault(row.indicator, []).append(row)
            self.series.setdefault((row.territory, row.indicator), {})[row.year] = row

    def fmt(self, indicator: Indicator, value: Decimal | float | None) -> str:
        return self.catalogue.format(indicator, value)

    def name_of(self, slug: str, year: int) -> str:
        """The municipality's name in the edition of ``year``: a recommendation of a year before a reform
        names it as it was called then."""
        if year not in self._names:
            self._names[year] = self.dataset.registry.names(year)
        return self._names[year].get(slug, slug)

    def fmt_gap(self, indicator: Indicator, gap: Decimal) -> str:
        if indicator.kind is Kind.share:
            # a value printed finer than the precision keeps its decimals, and so does its gap (30,5 % to 32 %: 1,5)
            digits = shown_digits(gap, self.catalogue.precision(indicator))
            return f"{format_number(gap, digits)}{NBSP}{PP}"
        return self.fmt(indicator, gap)

    def value_input(self, indicator: Indicator, year: int, value: Decimal | None) -> tuple[str, str]:
        return (f"Значение за {academic_year(year)}", self.fmt(indicator, value))


def _evaluate(rule: Rule, indicator: Indicator, row: Value, ctx: _Context) -> _Match | None:
    """Whether the rule triggers on one row of the table, and the numbers that made it trigger."""
    year = row.year
    value = row.value
    lower = indicator.better is Better.lower
    condition = rule.condition
    if condition is Condition.below_target and row.target_reported:
        return _reported_miss(rule, indicator, row, ctx)
    if condition is Condition.no_data:
        if _reported(row):
            return None
        if not indicator.required:
            history = ctx.series[(row.territory, indicator.id)]
            if not any(_reported(past) for y, past in history.items() if y < year):
                return None  # never reported: not collected there, rather than missing
        return _Match(inputs=(ctx.value_input(indicator, year, None), *_missing_counts(indicator, row, ctx)))
    if value is None:
        return None
    this_year = ctx.value_input(indicator, year, value)
    if condition is Condition.below_target:
        target = row.target
        if row.target_status is not TargetStatus.not_met or target is None:
            return None
        return _Match(gap=abs(value - target), inputs=(this_year, ("Цель", ctx.fmt(indicator, target))))
    if condition is Condition.below_region:
        region = ctx.region.get((year, indicator.id))
        assert rule.points is not None
        if region is None:
            return None
        gap = value - region if lower else region - value
        if gap < rule.points:
            return None
        return _Match(
            gap=gap,
            inputs=(
                this_year,
                ("Значение по региону", ctx.fmt(indicator, region)),
                ("Отставание от региона", ctx.fmt_gap(indicator, gap)),
            ),
        )
    if condition is Condition.zero:
        denominator = row.denominator
        empty = indicator.kind is not Kind.count and not denominator
        if value != 0 or empty:
            return None
        inputs = [this_year]
        if indicator.denominator is not None:
            inputs.append(_count_input(indicator.numerator, row.numerator, ctx))
            inputs.append(_count_input(indicator.denominator, denominator, ctx))
        return _Match(inputs=tuple(inputs))
    if condition is Condition.declining:
        assert rule.years is not None
        history = ctx.series[(row.territory, indicator.id)]
        run, y = 0, year
        while y in history and (change := history[y].change) is not None:
            if not (change > 0 if lower else change < 0):
                break
            run, y = run + 1, y - 1
        if run < rule.years:
            return None
        start = history[year - run].value
        assert start is not None
        inputs = tuple(ctx.value_input(indicator, y, history[y].value) for y in range(year - run, year + 1))
        previous = history[year - 1].value
        return _Match(gap=abs(value - start), start_value=start, previous=previous, run=run, inputs=inputs)
    if condition is Condition.count_below:
        assert rule.value is not None
        if value >= rule.value:
            return None
        limit = f"{_plain(rule.value)}{NBSP}{ctx.catalogue.unit(indicator)}"
        return _Match(gap=rule.value - value, inputs=(this_year, ("Пороговое значение", limit)))
    raise AssertionError(condition)  # pragma: no cover - every condition is handled above


def _reported(row: Value) -> bool:
    """Whether the territory gave the indicator's data that year: a value, or an empty population (0 of 0)."""
    return row.value is not None or row.denominator == 0


def _count_input(name: str, value: int | None, ctx: _Context) -> tuple[str, str]:
    catalogue = ctx.catalogue
    first = catalogue.components(name)[0]
    unit = catalogue.counts[first].unit
    shown = format_value(value, "count", 0, unit)
    return (catalogue.title_of(name), shown)


def _missing_counts(indicator: Indicator, row: Value, ctx: _Context) -> tuple[tuple[str, str], ...]:
    """The raw counts of the indicator that the municipality's file does not give."""
    entry = ctx.dataset.entries.get((row.year, row.territory))
    if entry is None:
        return ()
    catalogue = ctx.catalogue
    names = [indicator.numerator] + ([indicator.denominator] if indicator.denominator else [])
    missing: list[str] = []
    for name in names:
        missing += [m for m in catalogue.missing(entry.counts, name) if m not in missing]
    if not missing:
        return ()
    return (("Не представлены данные", "; ".join(catalogue.title_of(m) for m in missing)),)


REPORTED_MISS = "не достигнута по данным источника; плановое значение не указано"


def _reported_miss(rule: Rule, indicator: Indicator, row: Value, ctx: _Context) -> _Match | None:
    """A target the source reports not met without its planned value: the rule fires when its text can be
    said without the numbers the source does not give — a text «… при целевом значении {target}» cannot."""
    if row.target_status is not TargetStatus.not_met:
        return None
    unknown = {"target", "gap"} | ({"value"} if row.value is None else set())
    if any(name in unknown for _, _, name in tokens(rule.text)):
        return None
    this_year = (ctx.value_input(indicator, row.year, row.value),) if row.value is not None else ()
    return _Match(inputs=(*this_year, ("Цель", REPORTED_MISS)))


def _threshold(rule: Rule, indicator: Indicator, row: Value, ctx: _Context, own_target: bool = True) -> str:
    """When the rule fires, in words. ``own_target=False``: without the territory's target, which differs
    from one municipality to another (a heading shared by all of them states none)."""
    lower = indicator.better is Better.lower
    condition = rule.condition
    if condition is Condition.below_target:
        side = "выше" if lower else "ниже"
        if not own_target:
            return f"{side} целевого значения муниципальной программы"
        if row.target_reported:
            return (
                "целевой показатель муниципальной программы не достигнут (по данным источника; плановое значение "
                "не указано)"
            )
        return f"{side} целевого значения муниципальной программы ({ctx.fmt(indicator, row.target)})"
    if condition is Condition.below_region:
        assert rule.points is not None
        side = "выше" if lower else "ниже"
        return f"{side} значения по региону на {_plain(rule.points)}{NBSP}{PP} и более"
    if condition is Condition.zero:
        return f"нулевой охват (0{NBSP}%)" if indicator.kind is Kind.share else "значение равно нулю"
    if condition is Condition.declining:
        assert rule.years is not None
        if rule.years == 1:
            return f"{'выше' if lower else 'ниже'}, чем в прошлом учебном году"
        verb = "растёт" if lower else "снижается"
        return f"{verb} не менее {rule.years} {plural(rule.years, ('года', 'лет', 'лет'))} подряд"
    if condition is Condition.no_data:
        return f"нет данных за {academic_year(row.year)}"
    assert rule.value is not None
    return f"меньше {_plain(rule.value)}{NBSP}{ctx.catalogue.unit(indicator)}"


def _placeholders(
    rule: Rule, indicator: Indicator, row: Value, match: _Match, deadline: date | None, ctx: _Context
) -> dict[str, str]:
    catalogue = ctx.catalogue
    year, slug = row.year, row.territory
    values = {
        "value": ctx.fmt(indicator, row.value),
        "target": ctx.fmt(indicator, row.target),
        "region_value": ctx.fmt(indicator, ctx.region.get((year, indicator.id))),
        "indicator": indicator.short_title,
        "indicator_title": indicator.title,
        "section": catalogue.sections[indicator.section].title,
        "municipality": ctx.name_of(slug, year),
        "year": academic_year(year),
    }
    if deadline is not None:
        values["deadline"] = format_date_text(deadline)
    if match.gap is not None:
        values["gap"] = ctx.fmt_gap(indicator, match.gap)
    if match.run is not None:
        values["years"] = f"{match.run}{NBSP}{plural(match.run, ('год', 'года', 'лет'))}"
    if match.start_value is not None:
        values["start_value"] = ctx.fmt(indicator, match.start_value)
    if match.previous is not None:
        values["previous"] = ctx.fmt(indicator, match.previous)
    return values


def recommend(
    rules: RuleSet,
    table: IndicatorTable,
    dataset: Dataset,
    years: Collection[int] | None = None,
) -> list[Recommendation]:
    """Every recommendation the rules give on the table, for every year (or those of ``years``) and
    municipality.

    Sorted by year, municipality slug, audience (the first of the recommendation's audiences, in the rule
    set's order), rule (the rule set's order) and indicator (the catalogue's order). A year's
    recommendations depend on the table up to that year only (a rule looks back, never ahead).
    """
    ctx = _Context(table, dataset)
    catalogue = dataset.catalogue
    audience_rank = {a.id: i for i, a in enumerate(rules.audiences)}
    rule_rank = {rule.id: i for i, rule in enumerate(rules.rules)}
    indicator_rank = {name: i for i, name in enumerate(catalogue.indicators)}
    found: list[Recommendation] = []
    for rule in rules.rules:
        for name in rule.indicators:
            indicator = catalogue.indicators[name]
            for row in ctx.rows.get(name, ()):
                if years is not None and row.year not in years:
                    continue
                match = _evaluate(rule, indicator, row, ctx)
                if match is None:
                    continue
                year = row.year
                as_of = dataset.monitoring_date(year)
                deadline = rule.deadline.for_year(year, as_of) if rule.deadline is not None else None
                values = _placeholders(rule, indicator, row, match, deadline, ctx)
                found.append(
                    Recommendation(
                        rule_id=rule.id,
                        year=year,
                        territory=row.territory,
                        indicator=name,
                        section=indicator.section,
                        condition=rule.condition.value,
                        audiences=rule.audiences,
                        text=fill(rule.text, values),
                        deadline=deadline,
                        threshold=_threshold(rule, indicator, row, ctx),
                        inputs=match.inputs,
                        rule_title=rule.name,
                        shared_threshold=_threshold(rule, indicator, row, ctx, own_target=False),
                    )
                )
    found.sort(
        key=lambda r: (
            r.year,
            r.territory,
            min(audience_rank[a] for a in r.audiences),
            rule_rank[r.rule_id],
            indicator_rank[r.indicator],
        )
    )
    return found


def by_audience(recommendations: Iterable[Recommendation], audience: str) -> list[Recommendation]:
    """The recommendations addressed (among others) to one audience, in their order."""
    return [r for r in recommendations if audience in r.audiences]
