"""Validation of the data directory: errors that stop publication, and warnings that ask for a look.

Errors come from :mod:`generator.inputs.load` (syntax, shapes, cross-references). Warnings are about
plausibility and need the computed values: a share printed in a source report that its own counts do
not give, two indicators with the same series (a copied table), a jump of many percentage points,
a zero after years of large values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import pandas as pd

from generator.checks.quality import findings
from generator.compute.table import compute
from generator.core.formatting import (
    academic_year_short,
    format_count,
    format_date_table,
    format_percent,
)
from generator.inputs.editions import MISSING_LISTED, Monitoring, edition_states, of_municipalities, period_text
from generator.inputs.load import (
    CATALOGUE_FILE,
    REGISTRY_FILE,
    Dataset,
    LoadResult,
    load_catalogue,
    load_dataset,
    load_registry,
)
from generator.inputs.load import (
    printed_digits as printed_digits,  # re-exported: tests and the importer read printed values
)
from generator.inputs.models import printed_loc
from generator.inputs.problems import Problem, Severity, at, display_path
from generator.publish.corrections import CorrectionLog, incomplete_editions
from generator.publish.corrections import check as check_corrections
from generator.recommend.evaluate import RULES_FILE, RuleSet, read_rules


@dataclass
class Report:
    problems: list[Problem]
    dataset: Dataset | None = None
    table: pd.DataFrame | None = field(default=None, repr=False)
    rules: RuleSet | None = None  # the rules of data/rules.yaml, when the file is there and has no errors
    corrections: CorrectionLog | None = None  # published editions and their corrections (data/editions.yaml)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.warning]

    def ok(self, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)

    def summary(self) -> str:
        if self.dataset is None or self.errors:
            return f"Ошибок: {len(self.errors)}, предупреждений: {len(self.warnings)}. Данные не приняты."
        ds = self.dataset
        municipalities = len({slug for _, slug in ds.entries})
        head = (
            f"{format_count(municipalities, ('муниципалитет', 'муниципалитета', 'муниципалитетов'))}, "
            f"{format_count(len(ds.years), ('год', 'года', 'лет'))}, "
            f"{format_count(ds.values_count, ('значение', 'значения', 'значений'))}"
        )
        tail = f"; предупреждений: {len(self.warnings)}" if self.warnings else ""
        return f"OK: {head}{tail}"


def _numerator_loc(dataset: Dataset, entry_counts: dict[str, int], name: str) -> tuple[str, ...]:
    """Where a warning about a numerator points: its first raw count present in the file."""
    present = [c for c in dataset.catalogue.components(name) if c in entry_counts]
    return ("counts", present[0]) if present else ("counts",)


def quality_warnings(dataset: Dataset) -> list[Problem]:
    """The data-quality findings (printed against counts, a total against its parts, a population that
    jumps), as warnings with the file and the line; the same findings are notes on the site's pages."""
    problems = []
    for finding in findings(dataset):
        entry = dataset.entries[(finding.year, finding.territory)]
        problems.append(at(entry.doc, entry.path, finding.loc, finding.warning, severity=Severity.warning))
    return problems


def _series_warnings(dataset: Dataset, table: pd.DataFrame) -> list[Problem]:
    """Two indicators of one municipality whose series coincide over the years: a copied table."""
    problems: list[Problem] = []
    catalogue = dataset.catalogue
    municipal = table[table["level"] == "municipality"]
    # One pass over plain lists instead of a pandas group per municipality and indicator: on a region of
    # 60 municipalities × 5 years the groups took most of the validation's time.
    counted = municipal.dropna(subset=["numerator"])
    found: dict[str, dict[str, list[tuple[int, int]]]] = {}
    for slug, indicator, year, numerator in zip(
        counted["territory"].tolist(),
        counted["indicator"].tolist(),
        counted["year"].tolist(),
        counted["numerator"].tolist(),
        strict=True,
    ):
        found.setdefault(str(slug), {}).setdefault(str(indicator), []).append((int(year), int(numerator)))
    components: dict[str, set[str]] = {}
    for slug in sorted({str(t) for t in municipal["territory"].tolist()}):
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


def _jump_warnings(dataset: Dataset, table: pd.DataFrame) -> list[Problem]:
    limit = dataset.catalogue.checks.max_jump_pp
    rows = table[(table["level"] == "municipality") & (table["kind"] == "share") & (table["change"].abs() > limit)]
    problems = []
    for row in rows.itertuples():
        entry = dataset.entries[(int(row.year), str(row.territory))]
        indicator = dataset.catalogue.indicators[str(row.indicator)]
        problems.append(
            at(
                entry.doc,
                entry.path,
                _numerator_loc(dataset, entry.data.counts, indicator.numerator),
                f"{indicator.id}: {format_percent(row.previous)} → {format_percent(row.value)} за год, "
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
        for i, entry in enumerate(entries):
            earlier = entries[:i]
            for name, value in entry.counts.items():
                history = [e.counts[name] for e in earlier if name in e.counts]
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


def validate_dataset(result: LoadResult) -> Report:
    if result.dataset is None:
        return Report(result.problems)
    dataset = result.dataset
    table = compute(dataset)
    warnings = (
        quality_warnings(dataset)
        + _series_warnings(dataset, table)
        + _jump_warnings(dataset, table)
        + _zero_warnings(dataset)
        + _event_warnings(dataset)
        + _draft_warnings(dataset)
    )
    return Report(sorted(result.problems + warnings), dataset, table)


def validate(root: Path, *, published: bool = True) -> Report:
    """Everything about the data directory; ``published=False`` leaves out the check that published numbers
    did not change without a correction entry (the import, whose file the entry will follow)."""
    result = load_dataset(root)
    if result.dataset is not None:
        result.dataset.incomplete = incomplete_editions(root)
    report = validate_dataset(result)
    path = root / RULES_FILE
    if path.is_file():
        # the rules are checked even when the data have errors: all the problems come in one run
        catalogue = result.dataset.catalogue if result.dataset is not None else None
        if catalogue is None and (root / CATALOGUE_FILE).is_file():
            catalogue, _ = load_catalogue(root / CATALOGUE_FILE, [])  # its problems are reported already
        registry = result.dataset.registry if result.dataset is not None else None
        if registry is None and (root / REGISTRY_FILE).is_file():
            registry, _ = load_registry(root / REGISTRY_FILE, [])  # its problems are reported already
        problems: list[Problem] = []
        report.rules = read_rules(path, catalogue, problems, Monitoring.of(registry))
        report.problems = sorted(report.problems + problems)
    if published:
        log, problems = check_corrections(root, report.dataset, report.table if not report.errors else None)
        report.corrections = log
        report.problems = sorted(report.problems + problems)
    return report
