"""Corrections checked: every change of a published number is recorded in ``editions.yaml`` with its reason.

At every build the values computed now are compared with the published ones and the corrections; a change
that no correction explains is an error with the command that records it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.compute.table import REGION, IndicatorTable
from generator.core.formatting import (
    academic_year_short,
    format_count,
    format_date_table,
    format_value,
    precision_words,
    shown_digits,
)
from generator.inputs.catalogue import Catalogue
from generator.inputs.dataset import CATALOGUE_FILE, Dataset
from generator.inputs.editions_log import (
    EDITIONS_FILE,
    PUBLISHED_FILE,
    CorrectionLog,
    Key,
    SnapshotError,
    edition_name,
    read_editions,
    read_snapshot,
    was_and_now,
)
from generator.inputs.editions_model import Edition
from generator.inputs.problems import Problem, at, display_path


def as_published(value: Decimal | float | None, digits: int) -> Decimal | None:
    """A value as published: the rounded figure as an exact decimal (None — no data). A float is a value
    the editions file records, read as the short decimal it prints as. A figure finer than the precision
    ``digits`` (as a source printed it) is published with its decimals, so a change in them is a change of
    the published number (:func:`generator.core.formatting.shown_digits`)."""
    if value is None:
        return None
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    return exact.quantize(Decimal(1).scaleb(-shown_digits(exact, digits)))


def current_values(table: IndicatorTable, catalogue: Catalogue, year: int) -> dict[Key, Decimal | None]:
    """The values of an edition as the site shows them now, for every territory and indicator."""
    values: dict[Key, Decimal | None] = {}
    for row in table.rows:
        if row.year == year:
            digits = catalogue.precision(catalogue.indicators[row.indicator])
            values[(row.territory, row.indicator)] = as_published(row.value, digits)
    return values


# --- the files -------------------------------------------------------------------------------------


def _effective(
    published: dict[Key, Decimal | None], edition: Edition, catalogue: Catalogue
) -> dict[Key, Decimal | None]:
    """The published values with every correction applied, in the order of their dates."""
    values = dict(published)
    for correction in sorted(edition.corrections, key=lambda c: c.date):
        for change in correction.changes:
            indicator = catalogue.indicators.get(change.indicator)
            digits = catalogue.precision(indicator) if indicator is not None else 4
            values[(change.territory, change.indicator)] = as_published(change.new, digits)
    return values


def pending_changes(
    edition: Edition, published: dict[Key, Decimal | None], table: IndicatorTable, catalogue: Catalogue
) -> list[tuple[Key, Decimal | None, Decimal | None]]:
    """Values of a published edition that differ now from what was published and corrected: (key, old, new)."""
    expected = _effective(published, edition, catalogue)
    now = current_values(table, catalogue, edition.year)
    known = {indicator for _, indicator in published}
    keys = {k for k in set(expected) | set(now) if k[1] in known}
    order = {name: i for i, name in enumerate(catalogue.indicators)}
    # municipalities first, then the region; indicators in the catalogue's order
    ranked = sorted(keys, key=lambda k: (k[0] == REGION, k[0], order.get(k[1], len(order)), k[1]))
    return [(k, expected.get(k), now.get(k)) for k in ranked if expected.get(k) != now.get(k)]


def published_too_early(day: date, data_date: date, year: int) -> str:
    """An edition said to be published before the date of its own data: a typo in the year or the month."""
    return (
        f"выпуск {academic_year_short(year)} учебного года не мог быть опубликован {format_date_table(day)}: его "
        f"данные — на {format_date_table(data_date)}. Укажите дату, когда результаты в самом деле опубликованы"
    )


def check(root: Path, dataset: Dataset | None, table: IndicatorTable | None) -> tuple[CorrectionLog, list[Problem]]:
    """The correction log, and a problem for every published number that changed without a correction."""
    problems: list[Problem] = []
    model, doc = read_editions(root, problems)
    log = CorrectionLog()
    if model is None or dataset is None or table is None:
        return log, problems
    path = root / EDITIONS_FILE
    catalogue = dataset.catalogue
    territories = {m.slug for m in dataset.registry.municipalities} | {REGION}
    try:
        snapshot = read_snapshot(root / PUBLISHED_FILE)
    except SnapshotError as exc:
        problems.append(Problem(display_path(exc.path), exc.line, 1, exc.problem))
        return log, problems
    for i, edition in enumerate(model.editions):
        if edition.year in log.editions:
            problems.append(at(doc, path, ("editions", i, "year"), f"выпуск {edition.year} указан дважды"))
            continue
        log.editions[edition.year] = edition
        if edition.year in dataset.years and edition.published < dataset.monitoring_date(edition.year):
            problems.append(
                at(doc, path, ("editions", i, "published"), published_too_early(
                    edition.published, dataset.monitoring_date(edition.year), edition.year
                ))
            )  # fmt: skip
        for j, correction in enumerate(edition.corrections):
            if correction.date < edition.published:
                problems.append(
                    at(
                        doc,
                        path,
                        ("editions", i, "corrections", j, "date"),
                        f"исправление от {format_date_table(correction.date)} раньше публикации выпуска "
                        f"({format_date_table(edition.published)})",
                    )
                )
            for k, change in enumerate(correction.changes):
                loc = ("editions", i, "corrections", j, "changes", k)
                if change.territory not in territories:
                    problems.append(at(doc, path, (*loc, "territory"), f"неизвестная территория «{change.territory}»"))
                if change.indicator not in catalogue.indicators:
                    problems.append(at(doc, path, (*loc, "indicator"), f"неизвестный показатель «{change.indicator}»"))
        if edition.year not in snapshot:
            problems.append(
                at(
                    doc,
                    path,
                    ("editions", i, "year"),
                    f"выпуск {edition.year} отмечен опубликованным, но в {PUBLISHED_FILE} нет его опубликованных "
                    f"значений: отметьте выпуск командой `proforientir publish {edition.year}`",
                )
            )
            continue
        problems += _unrecorded(root, doc, i, edition, snapshot[edition.year], table, dataset)
    return log, problems


def _unrecorded(
    root: Path,
    doc: Any,
    index: int,
    edition: Edition,
    published: dict[Key, Decimal | None],
    table: IndicatorTable,
    dataset: Dataset,
) -> list[Problem]:
    pending = pending_changes(edition, published, table, dataset.catalogue)
    if not pending:
        return []
    catalogue = dataset.catalogue
    rounded: dict[str, list[tuple[str, Decimal, Decimal]]] = {}
    by_territory: dict[str, list[str]] = {}
    for (territory, name), old, new in pending:
        if old is not None and new is not None and _rounding_only(old, new):
            rounded.setdefault(name, []).append((territory, old, new))
            continue
        indicator = catalogue.indicators[name]
        by_territory.setdefault(territory, []).append(
            f"{indicator.short_title} ({name}): {was_and_now(catalogue, name, old, new)}"
        )
    year = edition.year
    how = (
        f'если это исправление, выполните `proforientir correct {year} --reason "что и почему исправлено"` — '
        f"команда допишет в {display_path(root / EDITIONS_FILE)} запись об исправлении (date, reason, changes "
        f"со всеми изменёнными значениями); если нет — верните прежние значения"
    )
    head = f"выпуск {edition_name(year)} опубликован {format_date_table(edition.published)}, а его значения изменились"
    problems = []
    for territory, items in sorted(by_territory.items()):
        if territory == REGION and len(by_territory) > 1:
            continue  # the region moves with its municipalities: told once, with them
        listed = "; ".join(items[:5]) + (f" и ещё {len(items) - 5}" if len(items) > 5 else "")
        file = root / str(year) / f"{territory}.yaml"
        if file.is_file():
            problem = Problem(display_path(file), 1, 1, f"{head} без записи об исправлении: {listed}; {how}")
        else:
            where = "регион в целом" if territory == REGION else f"«{territory}» (файла больше нет)"
            message = f"{head} без записи об исправлении, {where}: {listed}; {how}"
            problem = at(doc, root / EDITIONS_FILE, ("editions", index, "year"), message)
        problems.append(problem)
    for name, items in rounded.items():
        problems.append(_precision_changed(root, dataset, edition, name, items))
    return problems


def _digits(value: Decimal) -> int:
    return max(0, -int(value.as_tuple().exponent))


def _rounding_only(old: Decimal, new: Decimal) -> bool:
    """The same number at another precision: the finer of the two, rounded as the coarser is, gives it."""
    if _digits(old) == _digits(new):
        return False
    finer, coarser = (old, new) if _digits(old) > _digits(new) else (new, old)
    return finer.quantize(Decimal(1).scaleb(-_digits(coarser))) == coarser


def _precision_changed(
    root: Path, dataset: Dataset, edition: Edition, name: str, items: list[tuple[str, Decimal, Decimal]]
) -> Problem:
    """Values of a published edition that moved only by their rounding: the catalogue's ``precision`` of the
    indicator changed, not the data — said once, at the indicator, rather than at every year file (which did
    not change and which the official would search in vain)."""
    catalogue = dataset.catalogue
    indicator = catalogue.indicators[name]
    territory, old, new = items[0]
    year = edition.year
    where = "регион в целом" if territory == REGION else dataset.registry.names(year).get(territory, territory)
    was_digits, now_digits = _digits(old), _digits(new)
    unit = catalogue.unit(indicator)
    example = (
        f"{format_value(old, indicator.kind.value, was_digits, unit)} → "
        f"{format_value(new, indicator.kind.value, now_digits, unit)} ({where})"
    )
    count = format_count(len(items), ("значение", "значения", "значений"))
    message = (
        f"у показателя «{indicator.short_title}» ({name}) изменилась точность: выпуск {edition_name(year)} опубликован "
        f"{format_date_table(edition.published)} с точностью {precision_words(was_digits)}, а теперь она — "
        f"{precision_words(now_digits)}: опубликованные значения выпуска стали бы на его страницах другими "
        f"({count}), например {example}. "
        f"Верните прежнюю точность (precision: {was_digits}); если значения выпуска в самом деле нужно показать с "
        f'новой точностью, это исправление: выполните `proforientir correct {year} --reason "…"`'
    )
    doc = dataset.catalogue_doc
    items_in_file = doc.data.get("indicators") if doc is not None and isinstance(doc.data, dict) else None
    index = next(
        (i for i, item in enumerate(items_in_file or []) if isinstance(item, dict) and item.get("id") == name), None
    )
    loc: tuple[Any, ...] = ("indicators", index, "precision") if index is not None else ()
    return at(doc, root / CATALOGUE_FILE, loc, message)
