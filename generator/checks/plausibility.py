"""Plausibility: warnings over the loaded data and the computed table that a person should look at.

None of them stops a build: a jump in a series, a population that changes too much, a zero where there
were children, an event outside its edition, an edition still incomplete. Each names its file and line.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from itertools import combinations

from generator.checks.quality import Finding, findings
from generator.compute.table import IndicatorTable
from generator.core.formatting import (
    academic_year_short,
    format_date_table,
)
from generator.inputs.dataset import Dataset
from generator.inputs.editions import MISSING_LISTED, edition_states, of_municipalities, period_text
from generator.inputs.models import printed_loc
from generator.inputs.problems import Problem, Severity, at, display_path
from generator.inputs.year_files import (
    printed_digits as printed_digits,  # re-exported: tests and the importer read printed values
)


def _numerator_loc(dataset: Dataset, entry_counts: dict[str, int], name: str) -> tuple[str, ...]:
    """Where a warning about a numerator points: its first raw count present in the file."""
    present = [c for c in dataset.catalogue.components(name) if c in entry_counts]
    return ("counts", present[0]) if present else ("counts",)


def quality_warnings(dataset: Dataset, found: Sequence[Finding] | None = None) -> list[Problem]:
    """The data-quality findings (printed against counts, a total against its parts, a population that
    jumps), as warnings with the file and the line; the same findings are notes on the site's pages.
    ``found``: the dataset's :func:`findings` when the caller has them."""
    problems = []
    for finding in findings(dataset) if found is None else found:
        entry = dataset.entries[(finding.year, finding.territory)]
        problems.append(at(entry.doc, entry.path, finding.loc, finding.warning, severity=Severity.warning))
    return problems


def _series_warnings(dataset: Dataset, table: IndicatorTable) -> list[Problem]:
    """Two indicators of one municipality whose series coincide over the years: a copied table."""
    problems: list[Problem] = []
    catalogue = dataset.catalogue
    found: dict[str, dict[str, list[tuple[int, int]]]] = {}
    for row in table.rows:
        if row.level == "municipality":
            own = found.setdefault(row.territory, {})
            if row.numerator is not None:
                own.setdefault(row.indicator, []).append((row.year, row.numerator))
    components: dict[str, set[str]] = {}
    for slug in sorted(found):
        series: dict[str, tuple[tuple[int, int], ...]] = {}
        for indicator, pairs in sorted(found.get(slug, {}).items()):
            if len(pairs) >= 2 and len({n for _, n in pairs}) > 1:
                series[indicator] = tuple(pairs)
        for a, b in combinations(sorted(series), 2):
            if series[a] != series[b]:
                continue
            for name in (a, b):
                if name not in components:
                    components[name] = set(catalogue.components(catalogue.indicators[name].numerator))
            if components[a] & components[b]:
                continue
            years = [y for y, _ in series[a]]
            last = dataset.entries[(max(years), str(slug))]
            numbers = ", ".join(str(n) for _, n in series[a])
            problems.append(
                at(
                    last.doc,
                    last.path,
                    _numerator_loc(dataset, last.data.counts, catalogue.indicators[a].numerator),
                    f"у показателей {a} и {b} одинаковые ряды числителей за {min(years)}–{max(years)} годы "
                    f"({numbers}): возможно, одна таблица скопирована в другую",
                    key=True,
                    severity=Severity.warning,
                )
            )
        printed: dict[str, tuple[tuple[int, str], ...]] = {}
        entries = sorted((e for e in dataset.entries.values() if e.slug == slug), key=lambda e: e.year)
        for name in {n for e in entries for n in e.data.printed}:
            values = tuple(
                (e.year, e.doc.raw.get(printed_loc(e.data.printed[name], name), ""))
                for e in entries
                if name in e.data.printed
            )
            if len(values) >= 2 and len({v for _, v in values}) > 1:
                printed[name] = values
        for a, b in combinations(sorted(printed), 2):
            if printed[a] == printed[b]:
                last = entries[-1]
                problems.append(
                    at(
                        last.doc,
                        last.path,
                        ("printed", b),
                        f"напечатанные ряды {a} и {b} совпадают полностью "
                        f"({', '.join(v.replace('.', ',') for _, v in printed[a])})"
                        f": возможно, одна таблица повторяет другую",
                        key=True,
                        severity=Severity.warning,
                    )
                )
    return problems


def _jump_warnings(dataset: Dataset, table: IndicatorTable) -> list[Problem]:
    limit = dataset.catalogue.checks.max_jump_pp
    most = Decimal(str(limit))  # as the catalogue writes it
    problems = []
    for row in table.rows:
        if row.level != "municipality" or row.kind != "share" or row.change is None or abs(row.change) <= most:
            continue
        entry = dataset.entries[(row.year, row.territory)]
        indicator = dataset.catalogue.indicators[row.indicator]
        # the two values as the site shows them (precision, or a printed figure's own decimals)
        was, now = (dataset.catalogue.format(indicator, v) for v in (row.previous, row.value))
        problems.append(
            at(
                entry.doc,
                entry.path,
                _numerator_loc(dataset, entry.data.counts, indicator.numerator),
                f"{indicator.id}: {was} → {now} за год, "
                f"скачок больше {limit:g} п. п.: "
                f"проверьте числитель и знаменатель",
                key=True,
                severity=Severity.warning,
            )
        )
    return problems


def _zero_warnings(dataset: Dataset) -> list[Problem]:
    threshold = dataset.catalogue.checks.zero_after_at_least
    problems = []
    by_slug: dict[str, list] = {}
    for entry in dataset.entries.values():
        by_slug.setdefault(entry.slug, []).append(entry)
    for entries in by_slug.values():
        entries.sort(key=lambda e: e.year)
        earlier: dict[str, list[int]] = {}  # each count's values in the years before, in year order
        for entry in entries:
            for name, value in entry.counts.items():
                history = earlier.get(name)
                if value == 0 and history and min(history) >= threshold:
                    problems.append(
                        at(
                            entry.doc,
                            entry.path,
                            ("counts", name),
                            f"{name} = 0, хотя в прежние годы было {', '.join(str(h) for h in history)}: "
                            f"если это не ошибка ввода, поясните в анализе",
                            key=True,
                            severity=Severity.warning,
                        )
                    )
            for name, value in entry.counts.items():
                earlier.setdefault(name, []).append(value)
    return problems


def _event_warnings(dataset: Dataset) -> list[Problem]:
    """An event dated outside its edition's school year: after the edition's monitoring date, or not after
    the previous edition's (a report for 2021/22 that lists events of November 2022)."""
    monitoring = dataset.monitoring
    problems = []
    for entry in dataset.entries.values():
        start, end = monitoring.period(entry.year)
        for index, event in enumerate(entry.data.events):
            if start <= event.date <= end:
                continue
            belongs = monitoring.edition_of(event.date)
            problems.append(
                at(
                    entry.doc,
                    entry.path,
                    ("events", index, "date"),
                    f"мероприятие от {format_date_table(event.date)} не входит в {academic_year_short(entry.year)} "
                    f"учебный год этого выпуска ({period_text(monitoring, entry.year)}): оно относится к выпуску "
                    f"{academic_year_short(belongs)} учебного года — перенесите его в файл {belongs}/"
                    f"{entry.slug}.yaml или исправьте дату",
                    severity=Severity.warning,
                )
            )
    return problems


def _draft_warnings(dataset: Dataset) -> list[Problem]:
    """An edition without every municipality of the registry, not published incomplete: a draft."""
    names = {m.slug: m.name for m in dataset.registry.municipalities}
    problems = []
    for year, state in edition_states(dataset).items():
        if not state.draft:
            continue
        listed = ", ".join(f"{names[s]} ({s})" for s in state.missing[:MISSING_LISTED])
        more = len(state.missing) - MISSING_LISTED
        if more > 0:
            listed += f" и ещё {more}"
        message = (
            f"выпуск {academic_year_short(year)} учебного года — предварительный: данные "
            f"{len(state.present)} {of_municipalities(state.total)} реестра; нет файлов: {listed}. "
            f"Он не объявляется последним выпуском, значения по региону подписаны «{state.coverage()}»; "
            f'чтобы опубликовать его неполным, укажите причину в editions.yaml: incomplete: "…"'
        )
        problems.append(Problem(display_path(dataset.root / str(year)), 1, 1, message, Severity.warning))
    return problems


_IDENTITY = frozenset({"municipality", "year", "no_data"})


def _absence_warnings(dataset: Dataset) -> list[Problem]:
    """A year file with nothing in it, or one that says why it has nothing and has something after all.

    Why: an empty file puts the municipality into the edition with dashes on every page and no word of why —
    a file started and never filled, or a source that names the municipality without its figures, which
    ``no_data`` then says to the reader. A ``no_data`` beside values would tell the reader there are none.
    """
    names = {m.slug: m.name for m in dataset.registry.municipalities}
    problems = []
    for entry in dataset.entries.values():
        data = entry.data
        filled = any(getattr(data, name) for name in type(data).model_fields if name not in _IDENTITY)
        name = names.get(entry.slug, entry.slug)
        if not filled and not data.no_data:
            problems.append(Problem(display_path(entry.path), 1, 1, (
                f"в файле нет ни одного значения: «{name}» войдёт в выпуск {academic_year_short(entry.year)} "
                f"учебного года без данных. Заполните его (форма: `proforientir form {entry.year} --municipality "
                f"{entry.slug}`); если источник значений не приводит, скажите читателю почему: no_data: \"…\""
            ), Severity.warning))
        elif data.no_data and (data.counts or data.schools or data.printed):
            problems.append(at(entry.doc, entry.path, ("no_data",), (
                "no_data говорит читателю, что значений нет, а в файле они есть: уберите no_data или значения"
            ), key=True, severity=Severity.warning))
    return problems


def plausibility_warnings(
    dataset: Dataset, table: IndicatorTable, found: Sequence[Finding] | None = None
) -> list[Problem]:
    """Every plausibility warning of the data and their table, in no particular order (the caller sorts);
    ``found``: the dataset's :func:`findings` when the caller has them."""
    return (
        quality_warnings(dataset, found)
        + _series_warnings(dataset, table)
        + _jump_warnings(dataset, table)
        + _zero_warnings(dataset)
        + _event_warnings(dataset)
        + _draft_warnings(dataset)
        + _absence_warnings(dataset)
    )
