"""The dated versions of each open-data set, derived from what ``data/`` keeps for good.

Why a module of its own: which versions a set has and what each holds is history, computed from the
publication log; how a version is written (file names, passports, the register) is
:mod:`generator.publish.opendata`'s, which follows the Methodological recommendations.

**Versions are derived, not remembered.** CI builds from a clean clone, so the earlier versions cannot be
read back from a previous ``site/``: they are computed from what ``data/`` keeps for good — the publication
of each edition (``editions.yaml``), the values as published (``published.csv``) and every correction with
its old and new value (``editions.yaml``). A publication or a correction on day D makes a version dated D
whose content is what was published by D, corrected as of D; its file never changes afterwards, because its
inputs are append-only. To keep it so, the frozen versions carry ids and values only (a territory's slug, an
indicator's id, never their names, which may be rewritten). Editions shown on the site but not marked
published (a deployment that does not use ``proforientir publish``, like the demo and the examples) make one
more, *current* version dated by the data's date, which is replaced when the data change. The
recommendations are computed anew from the data and ``rules.yaml`` at every build and no earlier state of
them is stored, so their set has the current version only, and its passport says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from generator.checks.corrections import as_published, current_values
from generator.compute.table import REGION, IndicatorTable
from generator.core.formatting import academic_year, format_date_table
from generator.core.text import upper_first
from generator.inputs.dataset import Dataset
from generator.inputs.editions_log import CorrectionLog, Key
from generator.inputs.editions_model import Edition
from generator.publish.tabular import neutralise
from generator.recommend.model import Recommendation


@dataclass(frozen=True)
class Version:
    day: date
    rows: tuple[tuple[str, ...], ...]
    change: str  # the content of this change, in Russian (the passport's provenance)
    frozen: bool = True  # False: the current state of editions not yet published, replaced when data change


def _plain(value: Decimal | float | int | None) -> str:
    """A number as plain decimal text (``57.5``, ``58``), empty for «no data»."""
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    text = format(number.normalize(), "f")
    return "0" if text in {"-0", ""} else text


def _territory_order(key: Key) -> tuple[bool, str, str]:
    return (key[0] != REGION, key[0], key[1])


def _events(log: CorrectionLog) -> list[date]:
    days = {e.published for e in log.editions.values()}
    days |= {c.date for e in log.editions.values() for c in e.corrections}
    return sorted(days)


def _change_words(log: CorrectionLog, day: date, *, publications: bool = True) -> str:
    """What happened on ``day``: the editions published (unless not asked) and the corrections made, in Russian."""
    said = []
    for year, edition in sorted(log.editions.items()):
        if publications and edition.published == day:
            said.append(f"опубликован выпуск {_genitive(year)}")
    for year, edition in sorted(log.editions.items()):
        for correction in edition.corrections:
            if correction.date == day:
                said.append(f"исправление выпуска {_genitive(year)}: {correction.reason}")
    return upper_first("; ".join(said))


def _genitive(year: int) -> str:
    """«2024/25 учебного года»."""
    return academic_year(year).replace("учебный год", "учебного года")


def _corrected_as_of(
    edition: Edition, catalogue_digits: dict[str, int], day: date
) -> tuple[dict[Key, Decimal | None], dict[Key, date]]:
    """The values each correction of ``edition`` made up to ``day``, and the date each value was last corrected."""
    values: dict[Key, Decimal | None] = {}
    when: dict[Key, date] = {}
    for correction in sorted(edition.corrections, key=lambda c: c.date):
        if correction.date > day:
            continue
        for change in correction.changes:
            key = (change.territory, change.indicator)
            values[key] = as_published(change.new, catalogue_digits.get(change.indicator, 4))
            when[key] = correction.date
    return values, when


YearRows = dict[int, list[tuple[str, ...]]]
Kept = Callable[[Callable[[list[int]], YearRows]], YearRows]
"""A year's results kept with its data: given ``make(years)``, every year's, ``make`` called for those not
kept (:class:`generator.build.cache.KeptByEdition`)."""


def indicator_versions(
    log: CorrectionLog, snapshot: dict[int, dict[Key, Decimal | None]], table: IndicatorTable, dataset: Dataset,
    data_day: date, kept: Kept | None = None,
) -> list[Version]:
    """The published values as of each publication and correction, and the current values of editions not
    yet published (when there are any). ``kept`` keeps a year's current values with its data and its entry
    of the corrections log (the version of the current values repeats every past year's)."""
    catalogue = dataset.catalogue
    digits = {name: catalogue.precision(ind) for name, ind in catalogue.indicators.items()}
    versions: list[Version] = []
    for day in _events(log):
        rows = []
        for year, edition in sorted(log.editions.items()):
            if edition.published > day or year not in snapshot:
                continue
            corrected, when = _corrected_as_of(edition, digits, day)
            values = {**snapshot[year], **corrected}
            for key in sorted(values, key=_territory_order):
                rows.append(
                    (
                        str(year), key[0], key[1], _plain(values[key]), edition.published.isoformat(),
                        when[key].isoformat() if key in when else "",
                    )
                )
        versions.append(Version(day, tuple(rows), _change_words(log, day)))
    years = table.years
    pending = [y for y in years if y not in log.editions]
    if pending:

        def make(wanted: list[int]) -> YearRows:
            return {year: _current_rows(log, table, dataset, digits, year) for year in wanted}

        by_year = kept(make) if kept is not None else {}
        by_year.update(make([y for y in years if y not in by_year]))  # a year the keys did not name
        rows = [row for year in years for row in by_year[year]]
        day = _after(versions, data_day)
        editions = ", ".join(academic_year(y) for y in pending)
        change = (
            f"Значения выпусков на сайте, ещё не отмеченных опубликованными ({editions}), по данным на "
            f"{format_date_table(data_day)}; эта версия заменяется новой при изменении данных"
        )
        versions.append(Version(day, tuple(rows), change, frozen=False))
    return versions


def _current_rows(
    log: CorrectionLog, table: IndicatorTable, dataset: Dataset, digits: dict[str, int], year: int
) -> list[tuple[str, ...]]:
    """An edition's current values, with the date of its publication and of each value's correction."""
    edition = log.editions.get(year)
    values = current_values(table, dataset.catalogue, year)
    when = _corrected_as_of(edition, digits, date.max)[1] if edition is not None else {}
    return [
        (
            str(year), key[0], key[1], _plain(values[key]),
            edition.published.isoformat() if edition is not None else "",
            when[key].isoformat() if key in when else "",
        )
        for key in sorted(values, key=_territory_order)
    ]  # fmt: skip


def _after(versions: list[Version], day: date) -> date:
    """The date of a new version: ``day``, or the day after the last version when that is not earlier
    (two versions never share a file name)."""
    if versions and day <= versions[-1].day:
        return versions[-1].day + timedelta(days=1)
    return day


def correction_versions(log: CorrectionLog) -> list[Version]:
    """The log of corrections as of the first publication (empty: nothing corrected yet) and as of each
    correction."""
    if not log.editions:
        return []
    corrections = [(year, e, c) for year, e in sorted(log.editions.items()) for c in e.corrections]
    first = min(e.published for e in log.editions.values())
    versions = []
    for day in sorted({first} | {c.date for _, _, c in corrections}):
        rows = []
        for year, edition, correction in sorted(corrections, key=lambda t: (t[2].date, t[0])):
            if correction.date > day:
                continue
            for change in correction.changes:
                rows.append(
                    (
                        str(year), edition.published.isoformat(), correction.date.isoformat(),
                        neutralise(correction.reason), change.territory, change.indicator,
                        _plain(change.old), _plain(change.new),
                    )
                )
        change = _change_words(log, day, publications=False) or "Опубликованные выпуски не исправлялись"
        versions.append(Version(day, tuple(rows), change))
    return versions


def recommendation_version(recommendations: Iterable[Recommendation], day: date) -> Version:
    rows = tuple(
        (
            str(r.year), r.territory, r.rule_id, r.indicator, r.condition, ";".join(r.audiences),
            r.deadline.isoformat() if r.deadline is not None else "", neutralise(r.text),
        )
        for r in recommendations
    )
    change = (
        f"Рекомендации вычислены по правилам rules.yaml из данных на {format_date_table(day)}; при изменении "
        "данных или правил они вычисляются заново, прежние версии не хранятся"
    )
    return Version(day, rows, change, frozen=False)
