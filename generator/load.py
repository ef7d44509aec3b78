"""Loading the data directory: every file parsed, checked against its model and against the others.

The result is either a :class:`Dataset` that later stages can trust, or the complete list of problems
— all of them at once, so that an official fixes a file in one pass rather than one error per CI run.
The data directory is only read, never written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .catalogue import Catalogue
from .models import CatalogueFile, Kind, RegistryFile, YearFile
from .problems import Problem, Severity, at, display_path, pydantic_message, suggest
from .yamlsource import SourceDoc, YamlSyntaxError, load_yaml

CATALOGUE_FILE = "indicators.yaml"
REGISTRY_FILE = "region.yaml"
YEAR_DIR_RE = re.compile(r"^(19|20|21)\d\d$")

M = TypeVar("M", bound=BaseModel)


@dataclass
class YearEntry:
    """One municipality in one academic year, with its municipal totals resolved."""

    year: int
    slug: str
    path: Path
    doc: SourceDoc
    data: YearFile
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Dataset:
    root: Path
    catalogue: Catalogue
    registry: RegistryFile
    entries: dict[tuple[int, str], YearEntry]
    catalogue_doc: SourceDoc | None = None
    registry_doc: SourceDoc | None = None

    @property
    def years(self) -> list[int]:
        return sorted({year for year, _ in self.entries})

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


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the (nested) model at ``loc``: the candidates for «did you mean»."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        annotation = fields[part].annotation
        current = _inner_model(annotation)
    fields = getattr(current, "model_fields", None)
    return list(fields) if fields else []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def parse_model(doc: SourceDoc, model: type[M], problems: list[Problem]) -> M | None:
    if doc.data is None:
        problems.append(at(doc, doc.path, (), "файл пуст: ожидается набор «ключ: значение»"))
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            is_key = error["type"] in {"extra_forbidden"}
            message = pydantic_message(error, _allowed_keys(model, loc))
            problems.append(at(doc, doc.path, loc, message, key=is_key))
        return None


def _read(path: Path, problems: list[Problem]) -> SourceDoc | None:
    try:
        doc = load_yaml(path)
    except YamlSyntaxError as exc:
        problems.append(Problem(display_path(path), exc.position.line, exc.position.column, exc.problem))
        return None
    for dup in doc.duplicates:
        problems.append(
            Problem(
                display_path(path),
                dup.again.line,
                dup.again.column,
                f"ключ «{dup.key}» повторяется (впервые — в строке {dup.first.line}): оставьте один",
            )
        )
    return doc


# --- the catalogue -----------------------------------------------------------------------------


def _check_catalogue(doc: SourceDoc, model: CatalogueFile, problems: list[Problem]) -> None:
    path = doc.path

    def dupes(items: list[Any], attr: str, where: str) -> None:
        seen: set[str] = set()
        for index, item in enumerate(items):
            value = getattr(item, attr)
            if value in seen:
                problems.append(at(doc, path, (where, index, attr), f"{attr} «{value}» повторяется в {where}"))
            seen.add(value)

    dupes(model.sections, "id", "sections")
    dupes(model.sections, "slug", "sections")
    names = [c.id for c in model.counts] + [t.id for t in model.totals] + [i.id for i in model.indicators]
    dupes(model.counts, "id", "counts")
    dupes(model.totals, "id", "totals")
    dupes(model.indicators, "id", "indicators")
    clash = {c.id for c in model.counts} & {t.id for t in model.totals}
    for index, total in enumerate(model.totals):
        if total.id in clash:
            problems.append(at(doc, path, ("totals", index, "id"), f"«{total.id}» уже объявлен в counts"))
    sections = {s.id for s in model.sections}
    countables = {c.id for c in model.counts} | {t.id for t in model.totals}
    del names

    def ref(loc: tuple[Any, ...], name: str | None, pool: set[str], what: str) -> None:
        if name is not None and name not in pool:
            problems.append(at(doc, path, loc, f"неизвестный {what} «{name}»{suggest(name, pool)}"))

    for index, count in enumerate(model.counts):
        ref(("counts", index, "section"), count.section, sections, "раздел")
        ref(("counts", index, "part_of"), count.part_of, countables, "счётчик")
    for index, total in enumerate(model.totals):
        for j, part in enumerate(total.sum):
            ref(("totals", index, "sum", j), part, countables, "счётчик")
    for index, ind in enumerate(model.indicators):
        ref(("indicators", index, "section"), ind.section, sections, "раздел")
        ref(("indicators", index, "numerator"), ind.numerator, countables, "счётчик")
        ref(("indicators", index, "denominator"), ind.denominator, countables, "счётчик")
        if ind.kind in {Kind.share, Kind.ratio} and ind.denominator is None:
            problems.append(at(doc, path, ("indicators", index), f"у показателя вида {ind.kind} нужен denominator"))
        if ind.kind is Kind.count and ind.denominator is not None:
            problems.append(
                at(doc, path, ("indicators", index, "denominator"), "у показателя вида count нет знаменателя")
            )
        if ind.since and ind.until and ind.since > ind.until:
            problems.append(at(doc, path, ("indicators", index, "until"), "until раньше since"))
    # sums must not refer to themselves, directly or through others
    totals = {t.id: t.sum for t in model.totals}
    for index, total in enumerate(model.totals):
        stack, seen = list(total.sum), set()
        while stack:
            part = stack.pop()
            if part == total.id:
                problems.append(at(doc, path, ("totals", index, "sum"), f"сумма «{total.id}» ссылается на себя"))
                break
            if part in totals and part not in seen:
                seen.add(part)
                stack.extend(totals[part])


def load_catalogue(path: Path, problems: list[Problem]) -> tuple[Catalogue | None, SourceDoc | None]:
    if not path.is_file():
        problems.append(Problem(display_path(path), 1, 1, "не найден каталог показателей"))
        return None, None
    doc = _read(path, problems)
    if doc is None:
        return None, None
    model = parse_model(doc, CatalogueFile, problems)
    if model is None:
        return None, doc
    before = len(problems)
    _check_catalogue(doc, model, problems)
    if len(problems) > before:
        return None, doc
    return Catalogue.from_file(model), doc


# --- the registry ------------------------------------------------------------------------------


def load_registry(path: Path, problems: list[Problem]) -> tuple[RegistryFile | None, SourceDoc | None]:
    if not path.is_file():
        problems.append(Problem(display_path(path), 1, 1, "не найден реестр территорий region.yaml"))
        return None, None
    doc = _read(path, problems)
    if doc is None:
        return None, None
    model = parse_model(doc, RegistryFile, problems)
    if model is None:
        return None, doc
    slugs: set[str] = set()
    schools: set[str] = set()
    for i, mun in enumerate(model.municipalities):
        if mun.slug in slugs:
            problems.append(at(doc, path, ("municipalities", i, "slug"), f"slug «{mun.slug}» повторяется"))
        slugs.add(mun.slug)
        for j, school in enumerate(mun.schools):
            if school.id in schools:
                problems.append(
                    at(
                        doc,
                        path,
                        ("municipalities", i, "schools", j, "id"),
                        f"id школы «{school.id}» повторяется",
                    )
                )
            schools.add(school.id)
    return model, doc


# --- yearly files ------------------------------------------------------------------------------


def _year_dirs(root: Path, problems: list[Problem]) -> Iterator[tuple[int, Path]]:
    for child in sorted(root.iterdir()):
        if not child.is_dir() or child.name.startswith("."):
            continue
        if YEAR_DIR_RE.match(child.name):
            yield int(child.name), child
        else:
            problems.append(
                Problem(
                    display_path(child),
                    1,
                    1,
                    f"папка «{child.name}» не является годом: папки с данными называются годом окончания "
                    f"учебного года, например «2023» для 2022/23 учебного года",
                )
            )


def _check_year_file(
    entry_doc: SourceDoc,
    data: YearFile,
    year: int,
    slug: str,
    catalogue: Catalogue,
    registry: RegistryFile,
    problems: list[Problem],
) -> dict[str, int]:
    """Cross-file checks of one yearly file; returns the municipal counts (given or summed)."""
    doc, path = entry_doc, entry_doc.path
    if data.municipality != slug:
        problems.append(
            at(
                doc,
                path,
                ("municipality",),
                f"municipality «{data.municipality}» не совпадает с именем файла «{slug}»",
            )
        )
    if data.year != year:
        problems.append(at(doc, path, ("year",), f"year {data.year} не совпадает с папкой «{year}»"))

    def check_counts(counts: dict[str, int], loc: tuple[Any, ...]) -> None:
        for name, value in counts.items():
            if name not in catalogue.counts:
                if name in catalogue.totals:
                    parts = ", ".join(catalogue.totals[name].sum)
                    message = f"«{name}» — сумма, её не вводят: она вычисляется из {parts}"
                elif name in catalogue.indicators:
                    message = (
                        f"«{name}» — показатель, а не счётчик: вводятся его числитель и знаменатель "
                        f"({catalogue.indicators[name].numerator}, {catalogue.indicators[name].denominator})"
                    )
                else:
                    message = f"неизвестный счётчик «{name}»{suggest(name, catalogue.counts)}"
                problems.append(at(doc, path, (*loc, name), message, key=True))
                continue
            population = catalogue.counts[name].part_of
            if population is None:
                continue
            parts = catalogue.components(population)
            if all(p in counts for p in parts):
                whole = sum(counts[p] for p in parts)
                if value > whole:
                    problems.append(
                        at(
                            doc,
                            path,
                            (*loc, name),
                            f"{name} = {value} больше совокупности «{catalogue.title_of(population)}» "
                            f"({population} = {whole}): часть не может превышать целое",
                        )
                    )

    check_counts(data.counts, ("counts",))

    municipality = next((m for m in registry.municipalities if m.slug == slug), None)
    known_schools = {s.id for s in municipality.schools} if municipality else set()
    seen_schools: set[str] = set()
    for index, school in enumerate(data.schools):
        if school.school in seen_schools:
            problems.append(at(doc, path, ("schools", index, "school"), f"школа «{school.school}» указана дважды"))
        seen_schools.add(school.school)
        if school.school not in known_schools:
            hint = suggest(school.school, known_schools)
            problems.append(
                at(
                    doc,
                    path,
                    ("schools", index, "school"),
                    f"школы «{school.school}» нет в реестре region.yaml для «{slug}»{hint}",
                )
            )
        check_counts(school.counts, ("schools", index, "counts"))

    counts = dict(data.counts)
    if data.schools:
        names = {n for s in data.schools for n in s.counts if n in catalogue.counts}
        for name in sorted(names):
            if not all(name in s.counts for s in data.schools):
                continue
            total = sum(s.counts[name] for s in data.schools)
            if name in data.counts and data.counts[name] != total:
                problems.append(
                    at(
                        doc,
                        path,
                        ("counts", name),
                        f"{name} = {data.counts[name]}, а сумма по школам = {total}: муниципальный итог "
                        f"должен равняться сумме по школам (или уберите его — он будет посчитан)",
                    )
                )
            counts.setdefault(name, total)
        if not data.counts:
            check_counts(counts, ("schools",))

    for name in data.targets:
        if name not in catalogue.indicators:
            problems.append(
                at(
                    doc,
                    path,
                    ("targets", name),
                    f"целевое значение для неизвестного показателя «{name}»{suggest(name, catalogue.indicators)}",
                    key=True,
                )
            )
            continue
        indicator = catalogue.indicators[name]
        if not indicator.exists_in(year):
            problems.append(at(doc, path, ("targets", name), f"показателя «{name}» нет в {year} году", key=True))
        if indicator.kind is Kind.share and data.targets[name] > 100:
            problems.append(at(doc, path, ("targets", name), f"целевая доля {data.targets[name]} больше 100 %"))
    for name in data.section_analysis:
        if name not in catalogue.sections:
            problems.append(
                at(
                    doc,
                    path,
                    ("section_analysis", name),
                    f"неизвестный раздел «{name}»{suggest(name, catalogue.sections)}",
                    key=True,
                )
            )
    for name in data.printed:
        if name not in catalogue.indicators:
            problems.append(
                at(
                    doc,
                    path,
                    ("printed", name),
                    f"напечатанное значение неизвестного показателя «{name}»{suggest(name, catalogue.indicators)}",
                    key=True,
                )
            )

    def unique(items: list[Any], key: Any, where: str, what: str) -> None:
        seen: dict[Any, int] = {}
        for index, item in enumerate(items):
            k = key(item)
            if k in seen:
                problems.append(
                    at(
                        doc,
                        path,
                        (where, index),
                        f"{what} повторяется (см. элемент {seen[k] + 1} списка {where})",
                    )
                )
            else:
                seen[k] = index

    unique(
        data.events,
        lambda e: (e.date, e.title.strip().lower()),
        "events",
        "мероприятие с той же датой и названием",
    )
    unique(data.measures, lambda m: m.number.rstrip("."), "measures", "номер мероприятия")
    unique(data.decisions, lambda d: (d.kind, d.number, d.date), "decisions", "решение с тем же номером и датой")
    for where, items in (("measures", data.measures), ("decisions", data.decisions)):
        for index, item in enumerate(items):
            for j, name in enumerate(item.indicators):
                if name not in catalogue.indicators:
                    problems.append(
                        at(
                            doc,
                            path,
                            (where, index, "indicators", j),
                            f"неизвестный показатель «{name}»{suggest(name, catalogue.indicators)}",
                        )
                    )
    return counts


def load_dataset(root: Path) -> LoadResult:
    """Read and check everything under ``root``; never writes."""
    problems: list[Problem] = []
    if not root.is_dir():
        return LoadResult(None, [Problem(display_path(root), 1, 1, "папка с данными не найдена")])
    catalogue, catalogue_doc = load_catalogue(root / CATALOGUE_FILE, problems)
    registry, registry_doc = load_registry(root / REGISTRY_FILE, problems)
    slugs = [m.slug for m in registry.municipalities] if registry else []
    entries: dict[tuple[int, str], YearEntry] = {}
    for year, folder in _year_dirs(root, problems):
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or path.is_dir():
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
            if registry is not None and slug not in slugs:
                problems.append(
                    Problem(
                        display_path(path),
                        1,
                        1,
                        f"муниципалитета «{slug}» нет в реестре region.yaml{suggest(slug, slugs)}: "
                        f"имя файла — slug муниципалитета из реестра",
                    )
                )
            doc = _read(path, problems)
            if doc is None:
                continue
            data = parse_model(doc, YearFile, problems)
            if data is None or catalogue is None or registry is None or slug not in slugs:
                continue
            counts = _check_year_file(doc, data, year, slug, catalogue, registry, problems)
            entries[(year, slug)] = YearEntry(year, slug, path, doc, data, counts)
    errors = [p for p in problems if p.severity is Severity.error]
    if errors or catalogue is None or registry is None:
        return LoadResult(None, sorted(problems))
    dataset = Dataset(root, catalogue, registry, entries, catalogue_doc, registry_doc)
    return LoadResult(dataset, sorted(problems))
