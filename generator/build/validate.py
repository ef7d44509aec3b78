"""Validation of the data directory: errors that stop publication, and warnings that ask for a look.

Errors come from :mod:`generator.inputs.load` (syntax, shapes, cross-references). Warnings are about
plausibility and need the computed values: a share printed in a source report that its own counts do
not give, two indicators with the same series (a copied table), a jump of many percentage points,
a zero after years of large values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.build.cache import kept_findings, kept_table
from generator.build.versions import edition_versions
from generator.checks.corrections import check as check_corrections
from generator.checks.plausibility import plausibility_warnings
from generator.checks.quality import Finding
from generator.compute.table import IndicatorTable, compute
from generator.core.formatting import (
    format_count,
)
from generator.inputs.catalogue_file import load_catalogue
from generator.inputs.dataset import CATALOGUE_FILE, REGISTRY_FILE, RULES_FILE, Dataset, LoadResult
from generator.inputs.editions_log import CorrectionLog, incomplete_editions
from generator.inputs.load import load_dataset
from generator.inputs.monitoring import Monitoring
from generator.inputs.problems import Problem, Severity
from generator.inputs.registry import load_registry
from generator.inputs.site_file import SiteFile, default_site, read_site_file
from generator.inputs.year_files import (
    printed_digits as printed_digits,  # re-exported: tests and the importer read printed values
)
from generator.recommend.model import RuleSet
from generator.recommend.rules_file import read_rules


@dataclass
class Report:
    problems: list[Problem]
    dataset: Dataset | None = None
    table: IndicatorTable | None = field(default=None, repr=False)
    rules: RuleSet | None = None  # the rules of data/rules.yaml, when the file is there and has no errors
    corrections: CorrectionLog | None = None  # published editions and their corrections (data/editions.yaml)
    site: SiteFile = field(default_factory=default_site)  # the site's texts (data/site.yaml over the defaults)
    findings: list[Finding] | None = field(default=None, repr=False)  # the data-quality findings, when kept
    versions: dict[int, str] | None = field(default=None, repr=False)  # each edition's data version, when kept

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
        # a document's figures without counts and a region's own recommendations are data too: «0 значений»
        # alone would say a deployment made of them is empty
        printed = sum(len(e.data.printed) for e in ds.entries.values())
        if printed:
            head += ", " + format_count(printed, PRINTED_FIGURES)
        regional = sum(len(r.recommendations) for r in ds.region_reports.values())
        if regional:
            head += ", " + format_count(regional, REGION_RECOMMENDATIONS)
        tail = f"; предупреждений: {len(self.warnings)}" if self.warnings else ""
        return f"OK: {head}{tail}"


PRINTED_FIGURES = ("напечатанное значение", "напечатанных значения", "напечатанных значений")
REGION_RECOMMENDATIONS = ("рекомендация региона", "рекомендации региона", "рекомендаций региона")


def validate_dataset(result: LoadResult, kept: Path | None = None) -> Report:
    """The dataset's table and plausibility warnings; with ``kept``, a past edition's rows of the table are
    kept there with its data (:func:`generator.build.cache.kept_table`)."""
    if result.dataset is None:
        return Report(result.problems)
    dataset = result.dataset
    found = versions = None
    if kept is not None:
        versions = edition_versions(dataset.root, dataset.years)
        table = kept_table(kept, versions, dataset)
        found = kept_findings(kept, versions, dataset)
    else:
        table = compute(dataset)
    warnings = plausibility_warnings(dataset, table, found)
    return Report(sorted(result.problems + warnings), dataset, table, findings=found, versions=versions)


def validate(root: Path, *, published: bool = True, kept: Path | None = None) -> Report:
    """Everything about the data directory; ``published=False`` leaves out the check that published numbers
    did not change without a correction entry (the import, whose file the entry will follow). ``kept``: the
    folder of results kept by edition (the build's), where a past edition's part of the work is kept."""
    result = load_dataset(root)
    if result.dataset is not None:
        result.dataset.incomplete = incomplete_editions(root)
    report = validate_dataset(result, kept)
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
    site_problems: list[Problem] = []
    report.site = read_site_file(root, site_problems)  # optional: the defaults stand in for what it leaves out
    report.problems = sorted(report.problems + site_problems)
    return report
