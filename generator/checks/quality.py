"""Data-quality findings: where the source's own figures do not agree, said once for two readers.

A real report has errors: a printed share that its own counts do not give, a population given twice
with two sizes, a population that shrinks fourfold in a year. The official who runs ``validate`` gets
a warning with the file and the line; the reader who holds the printed report gets, on the indicator's
page, a short «Примечание к данным» with both numbers, so that the site and the paper never contradict
each other without an explanation. Both texts come from one :class:`Finding`.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction

from generator.core.formatting import format_value, plural, round_half_up_decimal
from generator.inputs.catalogue import Catalogue
from generator.inputs.dataset import Dataset, YearEntry
from generator.inputs.models import Indicator, Kind, printed_loc, printed_source, printed_value
from generator.inputs.registry_model import DeploymentLevel
from generator.inputs.year_files import printed_digits, printed_number


@dataclass(frozen=True)
class Finding:
    year: int
    territory: str
    indicators: tuple[str, ...]  # the indicators whose pages carry the note
    loc: tuple[str, ...]  # where in the year file the warning points
    warning: str  # for the terminal, after «file:line:»
    note: str  # for the page, under «Примечание к данным»


def findings(dataset: Dataset, years: Collection[int] | None = None) -> list[Finding]:
    """Every finding of the dataset (or of its ``years``: a year's are made from its own data and the year
    before's), in a stable order: by year first, so the years' findings one after another are the whole."""
    wanted = set(dataset.years if years is None else years)
    with localcontext() as context:
        context.prec = 60  # wide enough for any value the models accept, whatever the caller's context
        found = _printed(dataset, wanted) + _bands(dataset, wanted) + _population_jumps(dataset, wanted)
    return sorted(found, key=lambda f: (f.year, f.territory, f.loc, f.warning))


def notes_by_indicator(found: list[Finding]) -> dict[tuple[int, str, str], list[str]]:
    """The reader's notes keyed by (year, territory, indicator)."""
    notes: dict[tuple[int, str, str], list[str]] = {}
    for finding in found:
        for indicator in finding.indicators:
            notes.setdefault((finding.year, finding.territory, indicator), []).append(finding.note)
    return notes


def reported_note(dataset: Dataset, entry: YearEntry, indicator: Indicator) -> str:
    """The note of a value published as the source printed it, without counts to recompute it from."""
    figure = entry.data.printed[indicator.id]
    source = printed_source(figure)
    where = f" ({source})" if source else ""
    text = (
        f"Значение приведено так, как оно напечатано в источнике{where}: чисел, из которых его можно "
        f"пересчитать, источник не даёт."
    )
    if dataset.registry.level is DeploymentLevel.region:  # a municipal monitoring has no region to sum into
        text += " В значение по региону оно не входит."
    return text


# --- printed values against their own counts --------------------------------------------------------


def _fmt(value: Decimal, indicator: Indicator, catalogue: Catalogue, digits: int) -> str:
    return format_value(value, indicator.kind.value, digits, catalogue.unit(indicator))


def _printed(dataset: Dataset, years: set[int]) -> list[Finding]:
    found: list[Finding] = []
    catalogue = dataset.catalogue
    for entry in (e for e in dataset.entries.values() if e.year in years):
        for name, figure in entry.data.printed.items():
            printed = printed_value(figure)
            if not math.isfinite(printed) or name not in catalogue.indicators:
                continue  # the model refuses them; a dataset built by hand may not
            indicator = catalogue.indicators[name]
            num = catalogue.resolve(entry.counts, indicator.numerator)
            den = catalogue.resolve(entry.counts, indicator.denominator)
            if num is None or (indicator.kind is not Kind.count and not den):
                continue  # nothing to compare with: the printed value is what the site publishes
            loc = printed_loc(figure, name)
            as_printed = printed_number(entry, name)  # with the decimals it was written with
            digits = printed_digits(str(as_printed))
            scale = 100 if indicator.kind is Kind.share else 1
            exact = Fraction(num * scale, den) if indicator.kind is not Kind.count and den else Fraction(num)
            computed = round_half_up_decimal(exact, digits)
            if computed == as_printed:
                continue
            fine = max(digits, 2)
            shown = _fmt(round_half_up_decimal(exact, fine), indicator, catalogue, fine)
            printed_text = _fmt(as_printed, indicator, catalogue, digits)
            same = _fmt(computed, indicator, catalogue, digits)
            base = f"{num} из {den}" if indicator.kind is not Kind.count else f"{num}"
            source = printed_source(figure)
            where = f" ({source})" if source else ""
            found.append(
                Finding(
                    year=entry.year,
                    territory=entry.slug,
                    indicators=(name,),
                    loc=loc,
                    warning=(
                        f"{name}: напечатано {printed_text}, а из счётчиков ({base}) получается {shown}, "
                        f"то есть {same} при той же точности: проверьте исходную таблицу"
                    ),
                    note=(
                        f"В источнике{where} напечатано {printed_text}, а из приведённых в нём чисел "
                        f"({_numbers(indicator, num, den)}) получается {shown}"
                        + (f", то есть {same} при той же точности" if same != shown else "")
                        + ". На сайте — значение, пересчитанное из чисел."
                    ),
                )
            )
    return found


def _numbers(indicator: Indicator, num: int, den: int | None) -> str:
    if indicator.kind is Kind.count or den is None:
        return f"{num}"
    return f"{num} из {den}"


# --- a total entered beside its parts --------------------------------------------------------------


def _uses(catalogue: Catalogue, name: str | None, population: str) -> bool:
    """Whether ``name`` is ``population`` or a total built of it."""
    if name is None:
        return False
    if name == population:
        return True
    return name in catalogue.totals and any(_uses(catalogue, p, population) for p in catalogue.totals[name].sum)


def _users(catalogue: Catalogue, population: str, entry: YearEntry) -> tuple[str, ...]:
    """The indicators of the entry's year that are computed from ``population`` and have a value there:
    a note belongs beside a number, not beside «нет данных»."""
    return tuple(
        i.id
        for i in catalogue.indicators.values()
        if i.exists_in(entry.year)
        and (_uses(catalogue, i.numerator, population) or _uses(catalogue, i.denominator, population))
        and catalogue.resolve(entry.counts, i.numerator) is not None
        and (i.kind is Kind.count or bool(catalogue.resolve(entry.counts, i.denominator)))
    )


def _bands(dataset: Dataset, years: set[int]) -> list[Finding]:
    found: list[Finding] = []
    catalogue = dataset.catalogue
    for entry in (e for e in dataset.entries.values() if e.year in years):
        for name, entered in entry.counts.items():
            if name not in catalogue.totals:
                continue
            parts = catalogue.parts_sum(entry.counts, name)
            if parts is None or parts == entered:
                continue
            titles = ", ".join(catalogue.title_of(p).lower() for p in catalogue.totals[name].sum)
            title = catalogue.title_of(name)
            found.append(
                Finding(
                    year=entry.year,
                    territory=entry.slug,
                    indicators=_users(catalogue, name, entry),
                    loc=("counts", name),
                    warning=(
                        f"{name} = {entered}, а сумма его частей ({' + '.join(catalogue.totals[name].sum)}) = "
                        f"{parts}: показатели считаются по сумме частей; проверьте, одна ли это совокупность"
                    ),
                    note=(
                        f"Численность «{title}» дана в источнике дважды: {entered} итогом и {parts} как сумма "
                        f"частей ({titles}). Показатель вычислен по сумме частей."
                    ),
                )
            )
    return found


# --- a population that jumps from one year to the next ----------------------------------------------


def _population_jumps(dataset: Dataset, years: set[int]) -> list[Finding]:
    """A denominator that grows or shrinks by more than the catalogue allows between consecutive years."""
    limit = dataset.catalogue.checks.max_population_change_pct
    if limit is None:
        return []
    catalogue = dataset.catalogue
    populations = sorted({i.denominator for i in catalogue.indicators.values() if i.denominator})
    found: list[Finding] = []
    for (year, slug), entry in sorted(dataset.entries.items()):
        before = dataset.entries.get((year - 1, slug))
        if before is None or year not in years:
            continue
        for population in populations:
            now, then = catalogue.resolve(entry.counts, population), catalogue.resolve(before.counts, population)
            if not now or not then:
                continue
            change = abs(now - then) / then * 100
            if change <= limit:
                continue
            users = tuple(
                i for i in _users(catalogue, population, entry) if catalogue.indicators[i].denominator == population
            )
            if not users:
                continue
            title = catalogue.title_of(population)
            times = max(now, then) / min(now, then)
            how = "выросла" if now > then else "сократилась"
            if times >= 2:
                whole = round(times, 1) == int(times)
                size = f"в {_times(times)} {plural(int(times), ('раз', 'раза', 'раз')) if whole else 'раза'}"
            else:
                size = f"на {round(change)} %"
            present = [c for c in catalogue.components(population) if c in entry.counts] or [population]
            loc = ("counts", population) if population in entry.counts else ("counts", present[0])
            found.append(
                Finding(
                    year=year,
                    territory=slug,
                    indicators=users,
                    loc=loc,
                    warning=(
                        f"{population}: {then} → {now} за год ({how} {size}, больше {limit:g} %): "
                        f"проверьте, одна ли это совокупность в обоих годах"
                    ),
                    note=(
                        f"Численность «{title}» за год {how} {size}: с {then} до {now}. Возможно, в разные "
                        f"годы источник считал разные совокупности; сравнивайте значения этих лет с осторожностью."
                    ),
                )
            )
    return found


def _times(value: float) -> str:
    rounded = round(value, 1)
    return f"{rounded:g}".replace(".", ",")
