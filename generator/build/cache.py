"""Generated editions kept between builds, keyed by everything an edition's pages are made from.

Why: past editions are frozen — their data do not change when the current year's do — yet making their
pages again costs as much as the first time, so a data commit in a region with ten years of editions
would spend most of its time re-making nine editions byte for byte. An edition's pages, files and chart
specs are therefore stored after they are made, under a key of: the edition's own data (the catalogue,
the registry, the rules and the years up to its own, as :func:`generator.build.versions.edition_inputs`), the shape
of the site up to its year that its pages link to (the editions and every municipality's years until then:
an edition names nothing later, see :func:`generator.site.navigation.navigation`), the site's name and
address, whether PDFs are linked, its own corrections, and the generator's code and templates. Change any
of them and the edition is made again; a later year's files do not.

The files are pickles written by this generator into its own work folder (never read from elsewhere).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.core.store import ContentStore

if TYPE_CHECKING:
    import pandas as pd

    from generator.checks.quality import Finding
    from generator.compute.values import IndicatorTable
    from generator.inputs.dataset import Dataset
    from generator.inputs.editions_log import CorrectionLog
    from generator.publish.downloads import SectionCsvIndex
    from generator.publish.opendata_versions import Kept
    from generator.recommend.model import Recommendation, RuleSet
    from generator.site.render import SiteContent

PACKAGE = Path(__file__).parents[1]


def code_version() -> str:
    """The generator's own code and templates: a change to either makes every edition again."""
    digest = hashlib.sha256()
    for path in sorted([*PACKAGE.rglob("*.py"), *(PACKAGE / "site" / "templates").rglob("*")]):
        if path.is_file():
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass
class EditionCache:
    root: Path
    keys: dict[int, str]
    hits: list[int] = field(default_factory=list)

    @classmethod
    def for_site(cls, root: Path, versions: dict[int, str], around: Callable[[int], Any]) -> EditionCache:
        """Keys of the editions whose data versions are ``versions``; ``around(year)`` is what else that
        edition's pages show (the site's shape up to its year, the site's texts, its corrections)."""
        code = code_version()
        keys = {}
        for year, version in versions.items():
            base = json.dumps([code, around(year)], sort_keys=True, default=str, ensure_ascii=False)
            keys[year] = hashlib.sha256(f"{base}\n{year}\n{version}".encode()).hexdigest()
        return cls(root, keys)

    def _path(self, year: int) -> Path | None:
        key = self.keys.get(year)
        return None if key is None else self.root / f"{year}-{key[:32]}.pickle"

    def load(self, year: int) -> tuple[SiteContent, SiteContent] | None:
        path = self._path(year)
        if path is None or not path.is_file():
            return None
        try:
            with path.open("rb") as f:
                part = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            return None
        self.hits.append(year)
        return part  # type: ignore[no-any-return]

    def store(self, year: int, part: tuple[SiteContent, SiteContent]) -> None:
        path = self._path(year)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"{year}-*.pickle"):  # one generation per edition is enough
            old.unlink(missing_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            pickle.dump(part, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)


KEPT_KINDS = ("recommendations", "public", "section_csv", "current_values", "table", "findings")
"""The kinds of :class:`KeptByEdition` results, each a store under the ``kept`` folder."""


class KeptByEdition:
    """What is computed for each edition from its own data only, kept under the edition's data version.

    Why: a data commit changes the current edition's data, and the steps that still run over every year
    on each build (the recommendations, say) cost more with every past edition, whose results are frozen
    with its data. A year's result is kept under a key of the generator's code, the kind of result and
    the edition's data version (the catalogue, the registry, the rules and the years up to its own, as
    :func:`generator.build.versions.edition_inputs`); only the years whose key is not there are computed.
    """

    def __init__(self, root: Path, versions: dict[int, str], kind: str) -> None:
        code = code_version()
        self.store = ContentStore(root / kind)  # an older generation is swept after the build that replaced it
        self.keys = {y: ContentStore.key(code, kind, y, v) for y, v in versions.items()}
        self.made: list[int] = []  # the years computed this time

    def get(self, make: Callable[[list[int]], dict[int, Any]]) -> dict[int, Any]:
        """Each year's result: kept, or from ``make`` (called once, with the years missing), then kept."""
        found: dict[int, Any] = {}
        for year, key in self.keys.items():
            try:
                with self.store.path(key, ".pickle").open("rb") as f:
                    found[year] = pickle.load(f)
                self.store.mark(key, ".pickle")
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
                pass
        self.made = sorted(y for y in self.keys if y not in found)
        if self.made:
            for year, value in make(self.made).items():
                found[year] = value
                self.store.put_bytes(self.keys[year], ".pickle", pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        return {y: found[y] for y in sorted(found)}


def kept_table(root: Path, versions: dict[int, str], dataset: Dataset) -> IndicatorTable:
    """:func:`generator.compute.table.compute` of every year, a past edition's rows kept with its data: a
    year's rows are made from its own data and the year before's (the change), both among the edition's
    inputs, and the whole table is its years' rows one after another. A dataset with a year ``versions``
    has no key of, or a year without rows, or a kept part that is not a table (of an older generator), is
    computed whole."""
    from generator.compute.table import IndicatorTable, compute

    if not dataset.years or set(dataset.years) - set(versions):
        return compute(dataset)

    def make(years: list[int]) -> dict[int, IndicatorTable]:
        made = compute(dataset, years)
        return {y: made.of_year(y) for y in years}

    shown = {y: versions[y] for y in dataset.years}
    parts = KeptByEdition(root, shown, KEPT_KINDS[4]).get(make)
    if any(not isinstance(part, IndicatorTable) or part.empty for part in parts.values()):
        return compute(dataset)
    return IndicatorTable.joined(parts.values())


def kept_findings(root: Path, versions: dict[int, str], dataset: Dataset) -> list[Finding]:
    """:func:`generator.checks.quality.findings` of every year, a past edition's kept with its data (a year's
    are made from its own data and the year before's): the same list, sorted by year first."""
    from generator.checks.quality import findings

    if set(dataset.years) - set(versions):
        return findings(dataset)

    def make(years: list[int]) -> dict[int, list[Finding]]:
        found = findings(dataset, years)
        return {y: [f for f in found if f.year == y] for y in years}

    by_year = KeptByEdition(root, {y: versions[y] for y in dataset.years}, KEPT_KINDS[5]).get(make)
    return [f for year in sorted(by_year) for f in by_year[year]]


def kept_recommendations(
    root: Path,
    versions: dict[int, str],
    rules: RuleSet,
    table: IndicatorTable,
    dataset: Dataset,
) -> list[Recommendation]:
    """:func:`generator.recommend.evaluate.recommend` of every year, a past edition's kept with its data:
    the same list (sorted by year first) as evaluating every year again."""
    from generator.recommend.evaluate import recommend

    def make(years: list[int]) -> dict[int, list[Recommendation]]:
        found = recommend(rules, table, dataset, years=set(years))
        return {y: [r for r in found if r.year == y] for y in years}

    by_year = KeptByEdition(root, versions, KEPT_KINDS[0]).get(make)
    return [r for year in sorted(by_year) for r in by_year[year]]


def kept_public_table(
    root: Path, versions: dict[int, str], table: IndicatorTable, dataset: Dataset
) -> tuple[pd.DataFrame, dict[int, str] | None]:
    """:func:`generator.publish.public_table.public_table` of the whole table, a past edition's rows kept
    with its data: its rows are ordered by year first, and a year's rows are made from its own, so the
    years' tables one after another are the whole one. With it, the key of each year's rows (for the
    downloads made of them), or None when the table has a year the data have no folder of."""
    import pandas as pd

    from generator.publish.public_table import public_table

    def make(years: list[int]) -> dict[int, pd.DataFrame]:
        return {y: public_table(table.of_year(y), dataset) for y in years}

    if not versions or set(table.years) - set(versions):
        return public_table(table, dataset), None
    kept = KeptByEdition(root, versions, KEPT_KINDS[1])
    parts = kept.get(make)
    return pd.concat(list(parts.values()), ignore_index=True), kept.keys


def kept_section_rows(root: Path, versions: dict[int, str], public: pd.DataFrame) -> SectionCsvIndex:
    """The index of the section pages' CSVs (:class:`generator.publish.downloads.SectionCsvIndex`), a past
    edition's formatted rows kept with its data: the same lines as formatting the whole table. ``public`` is
    :func:`kept_public_table`'s (its years' rows one after another, each year's made from that year's data);
    a table with a year ``versions`` has no key of, or out of year order, is formatted whole."""
    from generator.publish.downloads import SectionCsvIndex, section_rows

    years = public["year"].tolist()
    if not versions or set(years) - set(versions) or years != sorted(years):
        return SectionCsvIndex(public)

    def make(wanted: list[int]) -> dict[int, Any]:
        return {y: section_rows(public[public["year"] == y]) for y in wanted}

    present = set(years)
    shown = {y: v for y, v in versions.items() if y in present}
    by_year = KeptByEdition(root, shown, KEPT_KINDS[2]).get(make)
    return SectionCsvIndex(public, [by_year[y] for y in sorted(by_year)])


def kept_current_values(root: Path, versions: dict[int, str], log: CorrectionLog) -> Kept:
    """The rows of each edition's current values in the open data (:func:`generator.publish.opendata_versions.
    indicator_versions`), kept with the edition's data and its entry of the corrections log (its publication
    and corrections are in the rows)."""
    entries = {y: e.model_dump(mode="json") for y, e in log.editions.items()}
    keys = {y: f"{v}\n{json.dumps(entries.get(y), sort_keys=True, default=str)}" for y, v in versions.items()}
    return KeptByEdition(root, keys, KEPT_KINDS[3]).get
