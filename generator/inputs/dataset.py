"""The loaded data as later stages see it: the year entries of each municipality and the dataset.

Why apart from the loader: every stage reads a :class:`Dataset`; none of them needs the loader's checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

from generator.inputs.audiences import RULES_FILE as RULES_FILE  # its files are named here for every stage
from generator.inputs.catalogue import Catalogue
from generator.inputs.models import YearFile
from generator.inputs.monitoring import Monitoring
from generator.inputs.problems import Problem, Severity
from generator.inputs.region_report import RegionReport
from generator.inputs.registry_model import RegistryFile
from generator.inputs.source import SourceDoc

# The files of a data folder, by name: every stage that names one to a reader names it from here.
CATALOGUE_FILE = "indicators.yaml"
REGISTRY_FILE = "region.yaml"
YEAR_DIR_RE = re.compile(r"^(19|20|21)\d\d$")


class DocLoader(Protocol):
    """A data file's parse not read yet (:class:`generator.inputs.parsed.KeptDoc`)."""

    def load(self) -> SourceDoc: ...


@dataclass
class YearEntry:
    """One municipality in one academic year, with its municipal totals resolved."""

    year: int
    slug: str
    path: Path
    source: SourceDoc | DocLoader = field(repr=False)
    data: YearFile
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def doc(self) -> SourceDoc:
        """The file's parse with the position of every value. A file checked by an earlier build is not
        parsed (nor its parse read) unless a later stage asks for it: most never do."""
        if not isinstance(self.source, SourceDoc):
            self.source = self.source.load()
        return self.source


@dataclass
class Dataset:
    root: Path
    catalogue: Catalogue
    registry: RegistryFile
    entries: dict[tuple[int, str], YearEntry]
    catalogue_doc: SourceDoc | None = None
    registry_doc: SourceDoc | None = None
    # editions published incomplete, with the reason (data/editions.yaml): they are not drafts
    incomplete: dict[int, str] = field(default_factory=dict)
    # the region's own report of each edition that has one (data/<год>/region.yaml)
    region_reports: dict[int, RegionReport] = field(default_factory=dict)
    _years: tuple[object, tuple[int, ...]] = field(default=(None, ()), init=False, repr=False, compare=False)

    @property
    def monitoring(self) -> Monitoring:
        return Monitoring.of(self.registry)

    def monitoring_date(self, year: int) -> date:
        """The day the data of edition ``year`` are taken as of (31 May unless region.yaml says otherwise)."""
        return self.monitoring.date(year)

    @property
    def years(self) -> list[int]:
        """The years with data, in order (kept while the entries stay the same: pages ask for them often)."""
        key = (id(self.entries), len(self.entries))
        if self._years[0] != key:
            self._years = (key, tuple(sorted({year for year, _ in self.entries})))
        return list(self._years[1])

    @property
    def values_count(self) -> int:
        return sum(len(e.counts) for e in self.entries.values())


@dataclass
class LoadResult:
    dataset: Dataset | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.error]
