"""Loading the data directory: every file parsed, checked against its model and against the others.

The result is either a :class:`Dataset` that later stages can trust, or the complete list of problems
— all of them at once, so that an official fixes a file in one pass rather than one error per CI run.
The data directory is only read, never written.
"""

from __future__ import annotations

from pathlib import Path

from generator.inputs.catalogue_file import load_catalogue
from generator.inputs.dataset import CATALOGUE_FILE, REGISTRY_FILE, Dataset, LoadResult, YearEntry
from generator.inputs.models import (
    YearFile,
)
from generator.inputs.parse import parse_model, read_source
from generator.inputs.problems import Problem, Severity, display_path, suggest
from generator.inputs.registry import RegistryIndex, check_collects, load_registry, year_dirs
from generator.inputs.year_files import Audiences, YearView, check_year_file


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
    entries: dict[tuple[int, str], YearEntry] = {}
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
            doc = read_source(path, problems)
            if doc is None:
                continue
            data = parse_model(doc, YearFile, problems)
            view = YearView.of(data) if data is not None else YearView.lenient(doc.data)
            known_schools = index.schools.get(slug) if index is not None else None
            counts = check_year_file(doc, view, year, slug, catalogue, known_schools, problems, audiences)
            if data is not None and catalogue is not None and registry is not None and slug in index.schools:
                entries[(year, slug)] = YearEntry(year, slug, path, doc, data, counts)
    if catalogue is not None and registry is not None and check_collects(registry_doc, registry, catalogue, problems):
        catalogue = catalogue.collecting(registry.collects, registry.collects_by_year)
    errors = [p for p in problems if p.severity is Severity.error]
    if errors or catalogue is None or registry is None:
        return LoadResult(None, sorted(problems))
    dataset = Dataset(root, catalogue, registry, entries, catalogue_doc, registry_doc)
    return LoadResult(dataset, sorted(problems))
