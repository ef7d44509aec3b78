"""Loading the data directory: every file parsed, checked against its model and against the others.

The result is either a :class:`Dataset` that later stages can trust, or the complete list of problems
— all of them at once, so that an official fixes a file in one pass rather than one error per CI run.
The data directory is only read, never written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from generator.inputs.audiences import Audiences
from generator.inputs.catalogue import Catalogue
from generator.inputs.catalogue_file import load_catalogue
from generator.inputs.dataset import CATALOGUE_FILE, REGISTRY_FILE, Dataset, DocLoader, LoadResult, YearEntry
from generator.inputs.models import YearFile
from generator.inputs.monitoring import Monitoring
from generator.inputs.parse import parse_model, read_source
from generator.inputs.parsed import kept_check, kept_doc
from generator.inputs.problems import Problem, Severity, display_path, suggest
from generator.inputs.region_report import REGION_REPORT_STEM, RegionReport, load_region_report
from generator.inputs.registry import RegistryIndex, check_collects, check_former_years, load_registry, year_dirs
from generator.inputs.registry_model import DeploymentLevel, RegistryFile
from generator.inputs.source import SourceDoc, _decode, parse_yaml
from generator.inputs.year_files import YearView, check_year_file


def load_dataset(root: Path) -> LoadResult:
    """Read and check everything under ``root``; never writes."""
    problems: list[Problem] = []
    if not root.is_dir():
        return LoadResult(None, [Problem(display_path(root), 1, 1, "папка с данными не найдена")])
    catalogue, catalogue_doc = load_catalogue(root / CATALOGUE_FILE, problems)
    registry, registry_doc = load_registry(root / REGISTRY_FILE, problems)
    index = RegistryIndex.of(registry, registry_doc)
    slugs = sorted(index.schools) if index is not None else []
    audiences = Audiences.of(root)
    # the catalogue's digest, not its bytes, in each file's key: hashing its ~140 KB for each of 600 files
    # (ten years of sixty municipalities) cost more than reading their kept checks
    catalogue_bytes = _file_key(root / CATALOGUE_FILE) if catalogue is not None else None
    catalogue_key = hashlib.sha256(catalogue_bytes).digest() if catalogue_bytes is not None else None
    entries: dict[tuple[int, str], YearEntry] = {}
    region_reports: dict[int, RegionReport] = {}
    region_paths: dict[int, Path] = {}
    saves: list[Callable[[], None]] = []  # the checks made this time, kept when the data have no errors
    for year, folder in year_dirs(root, problems):
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or path.is_dir():
                continue
            if path.suffix == ".yml" and path.with_suffix(".yaml").is_file():
                # Which one is the data? Import would edit one and diff read the other: neither is taken.
                other = path.with_suffix(".yaml")
                problems.append(
                    Problem(
                        display_path(path),
                        1,
                        1,
                        f"два файла одного муниципалитета за один год: «{other.name}» и «{path.name}» — "
                        f"оставьте один (перенесите нужные данные в {other.name} и удалите {path.name})",
                    )
                )
                continue
            if path.suffix not in {".yaml", ".yml"}:
                problems.append(
                    Problem(
                        display_path(path),
                        1,
                        1,
                        "в папке года ожидаются только файлы .yaml",
                        Severity.warning,
                    )
                )
                continue
            slug = path.stem
            if slug == REGION_REPORT_STEM:  # the region's own file, not a municipality's
                report = _region_report(path, year, index, catalogue, registry, audiences, problems)
                if report is not None:
                    region_reports[year], region_paths[year] = report, path
                continue
            if index is not None and index.complete and slug not in index.schools:
                problems.append(
                    Problem(
                        display_path(path),
                        1,
                        1,
                        f"муниципалитета «{slug}» нет в реестре region.yaml{suggest(slug, slugs)}: "
                        f"имя файла — slug муниципалитета из реестра",
                    )
                )
            known_schools = index.schools.get(slug) if index is not None else None
            checked, save = _checked_year_file(path, year, slug, catalogue, catalogue_key, known_schools, audiences)
            if save is not None:
                saves.append(save)
            problems += checked.problems
            doc, data, counts = checked.doc, checked.data, checked.counts
            if doc is None:
                continue
            if data is not None and catalogue is not None and registry is not None and slug in index.schools:
                entries[(year, slug)] = YearEntry(year, slug, path, doc, data, counts)
    if catalogue is not None and registry is not None and check_collects(registry_doc, registry, catalogue, problems):
        catalogue = catalogue.collecting(registry.collects, registry.collects_by_year)
    with_data = {year for year, _ in entries}
    if registry is not None:
        check_former_years(registry_doc, registry, with_data, problems)
    for year in sorted(set(region_reports) - with_data):
        problems.append(
            Problem(
                display_path(region_paths[year]),
                1,
                1,
                f"рекомендации региона за {year} год без данных муниципалитетов этого года: выпуска, в котором "
                f"их опубликовать, нет — добавьте файлы муниципалитетов или перенесите файл в папку своего года",
            )
        )
    errors = [p for p in problems if p.severity is Severity.error]
    for save in saves if not errors else ():  # a folder with errors adds nothing to the store
        save()
    if errors or catalogue is None or registry is None:
        return LoadResult(None, sorted(problems))
    dataset = Dataset(root, catalogue, registry, entries, catalogue_doc, registry_doc, region_reports=region_reports)
    return LoadResult(dataset, sorted(problems))


def _region_report(
    path: Path,
    year: int,
    index: RegistryIndex | None,
    catalogue: Catalogue | None,
    registry: RegistryFile | None,
    audiences: Audiences | None,
    problems: list[Problem],
) -> RegionReport | None:
    """The region's file of a year (:mod:`generator.inputs.region_report`), with what the checks need."""
    municipalities = sorted(index.schools) if index is not None and index.complete else None
    day = Monitoring.of(registry).date(year) if registry is not None else None
    municipal = registry is not None and registry.level is DeploymentLevel.municipality
    return load_region_report(path, year, municipalities, catalogue, audiences, day, municipal, problems)


@dataclass
class CheckedYearFile:
    """One year file read and checked on its own (against the catalogue, the registry's schools and the
    rules' audiences): its parse, its model (None when it has errors), its municipal counts and problems."""

    doc: SourceDoc | DocLoader | None
    data: YearFile | None
    counts: dict[str, int]
    problems: list[Problem]


def _parse_bytes(path: Path, data: bytes) -> SourceDoc:
    """What :func:`generator.inputs.source.load_yaml` makes of these bytes, without the kept parses."""
    return parse_yaml(path, _decode(path, data))


def _file_key(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _checked_year_file(
    path: Path,
    year: int,
    slug: str,
    catalogue: Catalogue | None,
    catalogue_key: bytes | None,
    known_schools: set[str] | None,
    audiences: Audiences | None,
) -> tuple[CheckedYearFile, Callable[[], None] | None]:
    """A year file's checks, kept (:func:`generator.inputs.parsed.kept_check`) under everything they
    depend on: the file's bytes, its year and municipality, the catalogue's bytes (a digest of them), the
    municipality's schools in the registry, the rules' audiences and the checking code. A past year's file is not
    checked again on every data commit, nor its parse read unless a later stage asks for it
    (:class:`generator.inputs.parsed.KeptDoc`). Returns the check and what keeps it: only a check
    made now that found nothing is kept, so a problem, with its file, line and column, always comes
    from checking the file anew (and the key needs no file name: a moved data folder keeps its checks)."""

    def check() -> CheckedYearFile:
        problems: list[Problem] = []
        doc = read_source(path, problems)
        if doc is None:
            return CheckedYearFile(None, None, {}, problems)
        data = parse_model(doc, YearFile, problems)
        view = YearView.of(data) if data is not None else YearView.lenient(doc.data)
        counts = check_year_file(doc, view, year, slug, catalogue, known_schools, problems, audiences)
        return CheckedYearFile(doc, data, counts, problems)

    data = _file_key(path)
    if data is None:
        return check(), None
    parts = [
        "year file",
        data,
        year,
        slug,
        catalogue_key,
        sorted(known_schools) if known_schools is not None else None,
        [list(audiences.ids), audiences.present] if audiences is not None else None,
    ]
    made: list[CheckedYearFile] = []

    def kept_without_doc() -> CheckedYearFile:
        made.append(check())
        return replace(made[0], doc=None)  # the parse is kept on its own (generator.inputs.parsed.kept_parse)

    kept, save = kept_check(parts, kept_without_doc)
    if made:
        return made[0], save if made[0].doc is not None and not made[0].problems else None
    return replace(kept, doc=kept_doc(path, data, _parse_bytes)), None
