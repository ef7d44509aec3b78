"""Loading the data directory: every file parsed, checked against its model and against the others.

The result is either a :class:`Dataset` that later stages can trust, or the complete list of problems
— all of them at once, so that an official fixes a file in one pass rather than one error per CI run.
The data directory is only read, never written.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Annotated, Any, TypeVar, get_args

from pydantic import BaseModel, TypeAdapter, ValidationError

from generator.core.formatting import plural
from generator.inputs.catalogue import Catalogue
from generator.inputs.editions import Monitoring
from generator.inputs.models import (
    CatalogueFile,
    Decision,
    DeploymentLevel,
    Event,
    Kind,
    Measure,
    PrintedFigure,
    RegistryFile,
    ReportRecommendation,
    SchoolCounts,
    YearFile,
    printed_loc,
    printed_value,
)
from generator.inputs.problems import Problem, Severity, at, display_path, pydantic_message, shown, suggest
from generator.inputs.source import SourceDoc, YamlSyntaxError, load_yaml

CATALOGUE_FILE = "indicators.yaml"
REGISTRY_FILE = "region.yaml"
RULES_FILE = "rules.yaml"
YEAR_DIR_RE = re.compile(r"^(19|20|21)\d\d$")

M = TypeVar("M", bound=BaseModel)
B = TypeVar("B", bound=BaseModel)


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
    # editions published incomplete, with the reason (data/editions.yaml): they are not drafts
    incomplete: dict[int, str] = field(default_factory=dict)

    @property
    def monitoring(self) -> Monitoring:
        return Monitoring.of(self.registry)

    def monitoring_date(self, year: int) -> date:
        """The day the data of edition ``year`` are taken as of (31 May unless region.yaml says otherwise)."""
        return self.monitoring.date(year)

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
        for error in _without_union_branches(exc.errors(), doc.data):
            loc = tuple(error["loc"])
            is_key = error["type"] in {"extra_forbidden", "invalid_key"}
            if loc and loc[-1] == "[key]":  # a key of a mapping that is not a valid name: point at the key
                is_key = True
                where = loc[:-1]
            else:
                where = loc
            raw = None if is_key else doc.raw.get(tuple(str(p) for p in where))
            message = pydantic_message(error, _allowed_keys(model, loc), raw)
            problems.append(at(doc, doc.path, where, message, key=is_key))
        return None


# Errors that only say «this branch of a union expects another shape»: noise beside the branch that fits.
_SHAPE_ERRORS = frozenset(
    {"model_type", "dict_type", "float_type", "float_parsing", "int_type", "int_parsing", "string_type"}
)


def _without_union_branches(errors: list[Any], data: Any) -> list[Any]:
    """Pydantic's errors with the union branches («constrained-float», «PrintedFigure») taken out of
    their locations, and of each union value only the errors of the branch that fits the value's shape:
    a printed «inf» is «ожидается конечное число», not also «ожидается словарь»."""
    groups: dict[tuple[Any, ...], list[tuple[bool, dict[str, Any]]]] = {}
    order: list[tuple[Any, ...]] = []
    for error in errors:
        loc, current, tagged, at_union = list(error["loc"]), data, False, ()
        clean: list[Any] = []
        for index, part in enumerate(loc):
            last = index == len(loc) - 1
            inside = (isinstance(current, dict) and part in current) or (
                isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
            )
            if inside:
                current = current[part]
            elif isinstance(part, str) and part != "[key]" and not tagged and not (last and error["type"] == "missing"):
                tagged, at_union = True, tuple(clean)
                continue
            else:
                current = None
            clean.append(part)
        key = at_union if tagged else (*clean, "#", len(order))
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append((error["type"] in _SHAPE_ERRORS, {**error, "loc": tuple(clean)}))
    kept: list[Any] = []
    for key in order:
        group = groups[key]
        fitting = [e for shape, e in group if not shape]
        kept += fitting if fitting else [group[0][1]]
    return kept


def read_source(path: Path, problems: list[Problem]) -> SourceDoc | None:
    shown = display_path(path)
    try:
        doc = load_yaml(path)
    except YamlSyntaxError as exc:
        for issue in exc.issues:
            problems.append(Problem(shown, issue.position.line, issue.position.column, issue.problem))
        return None
    for issue in doc.issues:
        problems.append(Problem(shown, issue.position.line, issue.position.column, issue.problem))
    for dup in doc.duplicates:
        problems.append(
            Problem(
                shown,
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
    doc = read_source(path, problems)
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
    doc = read_source(path, problems)
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
    if model.region.level is DeploymentLevel.municipality and len(model.municipalities) != 1:
        problems.append(
            at(
                doc,
                path,
                ("region", "level"),
                f"level: municipality — мониторинг одного муниципалитета по его школам, а в municipalities "
                f"их {len(model.municipalities)}: оставьте один муниципалитет или уберите level (регион)",
            )
        )
    _check_monitoring(doc, path, model, problems)
    return model, doc


def check_collects(
    doc: SourceDoc | None, registry: RegistryFile, catalogue: Catalogue, problems: list[Problem]
) -> bool:
    """Every item of ``collects`` and ``collects_by_year`` names a section or an indicator of the catalogue."""
    path = doc.path if doc is not None else Path(REGISTRY_FILE)
    names = set(catalogue.sections) | set(catalogue.indicators)
    lists: list[tuple[tuple[Any, ...], list[str]]] = [(("collects",), registry.collects or [])]
    lists += [(("collects_by_year", year), items) for year, items in registry.collects_by_year.items()]
    fine = True
    for loc, items in lists:
        for index, item in enumerate(items):
            if item not in names:
                message = f"неизвестный раздел или показатель каталога «{item}»{suggest(item, names)}"
                problems.append(at(doc, path, (*loc, index), message))
                fine = False
    return fine


def _check_monitoring(doc: SourceDoc, path: Path, model: RegistryFile, problems: list[Problem]) -> None:
    """A monitoring day that exists every year, and an edition's own date within its own calendar year."""
    default = model.monitoring_date
    if default is not None:
        longest = calendar.monthrange(2023, default.month)[1]  # a non-leap year: the day must exist every year
        if default.day > longest:
            problems.append(
                at(
                    doc,
                    path,
                    ("monitoring_date", "day"),
                    f"в месяце {default.month} не бывает {default.day}-го числа каждый год: последний день — {longest}",
                )
            )
    for year, day in model.monitoring_dates.items():
        if day.year != year:
            problems.append(
                at(
                    doc,
                    path,
                    ("monitoring_dates", year),
                    f"дата мониторинга выпуска {year} года — {day.strftime('%d.%m.%Y')}: она должна приходиться "
                    f"на {year} год, в котором заканчивается учебный год выпуска",
                )
            )


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


@dataclass
class RegistryIndex:
    """The municipalities of the registry and their schools, as far as the registry file can be read.

    A registry with errors still names its municipalities: the yearly files are checked against them, so
    that an error in ``region.yaml`` does not hide the errors of every yearly file until the next run.
    """

    schools: dict[str, set[str] | None]  # slug → ids of its schools (None: the list is unreadable)
    complete: bool  # every municipality has a readable slug: a file of another slug is an error

    @classmethod
    def of(cls, model: RegistryFile | None, doc: SourceDoc | None) -> RegistryIndex | None:
        if model is not None:
            return cls({m.slug: {s.id for s in m.schools} for m in model.municipalities}, True)
        data = doc.data if doc is not None else None
        items = data.get("municipalities") if isinstance(data, dict) else None
        if not isinstance(items, list):
            return None
        schools: dict[str, set[str] | None] = {}
        complete = True
        for item in items:
            slug = item.get("slug") if isinstance(item, dict) else None
            if not isinstance(slug, str):
                complete = False
                continue
            listed = item.get("schools", [])
            readable = isinstance(listed, list) and all(
                isinstance(school, dict) and isinstance(school.get("id"), str) for school in listed
            )
            schools[slug] = {school["id"] for school in listed} if readable else None
        return cls(schools, complete)


@dataclass
class SchoolView:
    index: int
    school: str | None
    counts: dict[str, int]


@dataclass
class YearView:
    """What the cross-file checks read of a yearly file: the parts that are valid on their own.

    For a valid file that is all of it. For a file with errors, every count, target, event… that passes
    its own model is kept with its index in the file, so that one type error does not hide an unknown
    count or a duplicate event of the same file.
    """

    municipality: str | None = None
    year: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    schools: list[SchoolView] = field(default_factory=list)
    schools_complete: bool = True
    targets: dict[str, float] = field(default_factory=dict)
    section_analysis: list[str] = field(default_factory=list)
    printed: dict[str, float | PrintedFigure] = field(default_factory=dict)
    events: list[tuple[int, Event]] = field(default_factory=list)
    measures: list[tuple[int, Measure]] = field(default_factory=list)
    decisions: list[tuple[int, Decision]] = field(default_factory=list)
    recommendations: list[tuple[int, ReportRecommendation]] = field(default_factory=list)

    @classmethod
    def of(cls, data: YearFile) -> YearView:
        return cls(
            municipality=data.municipality,
            year=data.year,
            counts=dict(data.counts),
            schools=[SchoolView(i, s.school, dict(s.counts)) for i, s in enumerate(data.schools)],
            targets=dict(data.targets),
            section_analysis=list(data.section_analysis),
            printed=dict(data.printed),
            events=list(enumerate(data.events)),
            measures=list(enumerate(data.measures)),
            decisions=list(enumerate(data.decisions)),
            recommendations=list(enumerate(data.recommendations)),
        )

    @classmethod
    def lenient(cls, raw: Any) -> YearView:
        if not isinstance(raw, dict):
            return cls(schools_complete=False)
        view = cls(
            municipality=_valid(_field_adapter(YearFile, "municipality"), raw.get("municipality")),
            year=_valid(_field_adapter(YearFile, "year"), raw.get("year")),
            counts=_valid_entries(YearFile, "counts", raw)[0],
            targets=_valid_entries(YearFile, "targets", raw)[0],
            section_analysis=list(_valid_entries(YearFile, "section_analysis", raw)[0]),
            printed=_valid_entries(YearFile, "printed", raw)[0],
            events=valid_items(Event, raw.get("events")),
            measures=valid_items(Measure, raw.get("measures")),
            decisions=valid_items(Decision, raw.get("decisions")),
            recommendations=valid_items(ReportRecommendation, raw.get("recommendations")),
        )
        schools = raw.get("schools", [])
        if not isinstance(schools, list):
            view.schools_complete = False
            return view
        for index, item in enumerate(schools):
            if not isinstance(item, dict):
                view.schools_complete = False
                continue
            school = _valid(_field_adapter(SchoolCounts, "school"), item.get("school"))
            counts, complete = _valid_entries(SchoolCounts, "counts", item)
            if school is None or not complete or set(item) - set(SchoolCounts.model_fields):
                view.schools_complete = False
            view.schools.append(SchoolView(index, school, counts))
        return view


@cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    return TypeAdapter(Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation)


@cache
def _entry_adapters(model: type[BaseModel], name: str) -> tuple[TypeAdapter[Any], TypeAdapter[Any]]:
    key_type, value_type = get_args(model.model_fields[name].annotation)
    return TypeAdapter(key_type), TypeAdapter(value_type)


def _valid(adapter: TypeAdapter[Any], value: Any) -> Any:
    """The validated value, or None when it does not pass."""
    try:
        return adapter.validate_python(value)
    except ValidationError:
        return None


def _valid_entries(model: type[BaseModel], name: str, raw: dict[Any, Any]) -> tuple[dict[str, Any], bool]:
    """The entries of a mapping field whose key and value both pass; and whether all of them did."""
    value = raw.get(name, {})
    if not isinstance(value, dict):
        return {}, False
    key_adapter, value_adapter = _entry_adapters(model, name)
    entries: dict[str, Any] = {}
    for key, item in value.items():
        valid_key, valid_item = _valid(key_adapter, key), _valid(value_adapter, item)
        if valid_key is not None and valid_item is not None:
            entries[valid_key] = valid_item
    return entries, len(entries) == len(value)


def valid_items(model: type[B], value: Any) -> list[tuple[int, B]]:
    """The items of a list field that pass their model, with their index in the file."""
    if not isinstance(value, list):
        return []
    items = []
    for index, item in enumerate(value):
        try:
            items.append((index, model.model_validate(item)))
        except ValidationError:
            continue
    return items


MAX_PRINTED_DIGITS = 6


def printed_digits(raw: str) -> int:
    """How many decimals a printed share was written with: «10.1» → 1, «67» → 0, «6.17e1» → 1."""
    text = raw.strip().replace(",", ".")
    try:
        exponent = Decimal(text).as_tuple().exponent
    except (InvalidOperation, ValueError):
        return len(text.split(".", 1)[1]) if "." in text else 0
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _check_year_file(
    doc: SourceDoc,
    view: YearView,
    year: int,
    slug: str,
    catalogue: Catalogue | None,
    known_schools: set[str] | None,
    problems: list[Problem],
    audiences: Audiences | None = None,
) -> dict[str, int]:
    """Cross-file checks of one yearly file; returns the municipal counts (given or summed).

    ``catalogue`` is None when the catalogue itself has errors, ``known_schools`` when the registry does
    not tell the municipality's schools, ``audiences`` when the rules file cannot be read: the checks
    that need them are left out.
    """
    path = doc.path
    if view.municipality is not None and view.municipality != slug:
        problems.append(
            at(
                doc,
                path,
                ("municipality",),
                f"municipality «{view.municipality}» не совпадает с именем файла «{slug}»",
            )
        )
    if view.year is not None and view.year != year:
        problems.append(at(doc, path, ("year",), f"year {view.year} не совпадает с папкой «{year}»"))

    def check_counts(counts: dict[str, int], loc: tuple[Any, ...]) -> None:
        if catalogue is None:
            return
        for name in counts:
            if name not in catalogue.counts and name not in catalogue.totals:
                # A total may be entered as it stands in the source (a band known only as a whole).
                if name in catalogue.indicators:
                    message = (
                        f"«{name}» — показатель, а не счётчик: вводятся его числитель и знаменатель "
                        f"({catalogue.indicators[name].numerator}, {catalogue.indicators[name].denominator})"
                    )
                else:
                    message = f"неизвестный счётчик «{name}»{suggest(name, catalogue.counts)}"
                problems.append(at(doc, path, (*loc, name), message, key=True))
        check_parts(counts, loc)

    def check_parts(counts: dict[str, int], loc: tuple[Any, ...], only: set[str] | None = None) -> None:
        """A part never exceeds its whole; ``only``: report just the pairs touching these names."""
        if catalogue is None:
            return
        for name in counts:
            if name not in catalogue.counts or catalogue.counts[name].part_of is None:
                continue
            population = catalogue.counts[name].part_of
            value = catalogue.resolve(counts, name)
            whole = catalogue.resolve(counts, population)
            if value is None or whole is None:
                continue
            if only is not None and name not in only and not only & {population, *catalogue.components(population)}:
                continue
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

    check_counts(view.counts, ("counts",))

    seen_schools: set[str] = set()
    for school in view.schools:
        loc = ("schools", school.index, "school")
        if school.school is not None:
            if school.school in seen_schools:
                problems.append(at(doc, path, loc, f"школа «{school.school}» указана дважды"))
            seen_schools.add(school.school)
            if known_schools is not None and school.school not in known_schools:
                hint = suggest(school.school, known_schools)
                message = f"школы «{school.school}» нет в реестре region.yaml для «{slug}»{hint}"
                problems.append(at(doc, path, loc, message))
        check_counts(school.counts, ("schools", school.index, "counts"))

    counts = dict(view.counts)
    if view.schools and view.schools_complete and catalogue is not None:
        names = {n for s in view.schools for n in s.counts if n in catalogue.counts or n in catalogue.totals}
        summed: set[str] = set()
        for name in sorted(names):
            missing = [s for s in view.schools if name not in s.counts]
            if missing:
                if name not in view.counts:
                    # Without it in every school the municipal total would silently count some schools only.
                    listed = ", ".join(f"«{s.school}»" for s in missing[:5]) + (" и другие" if len(missing) > 5 else "")
                    problems.append(
                        at(
                            doc,
                            path,
                            ("schools", missing[0].index, "counts"),
                            f"счётчик «{name}» указан не у всех школ: нет у {listed}. Укажите его у каждой "
                            f"школы (0, если таких учащихся нет) или дайте муниципальный итог в counts",
                        )
                    )
                continue
            total = sum(s.counts[name] for s in view.schools)
            if name in view.counts and view.counts[name] != total:
                problems.append(
                    at(
                        doc,
                        path,
                        ("counts", name),
                        f"{name} = {view.counts[name]}, а сумма по школам = {total}: муниципальный итог "
                        f"должен равняться сумме по школам (или уберите его — он будет посчитан)",
                    )
                )
            if name not in view.counts:
                counts[name] = total
                summed.add(name)
        if summed:
            # Sums of schools against each other and against municipal totals: pairs in one place are checked above.
            check_parts(counts, ("schools",), only=summed)

    if catalogue is not None:
        _check_references(doc, view, year, catalogue, problems)
    if audiences is not None:
        _check_audiences(doc, view, audiences, problems)
    for name, printed in view.printed.items():
        loc = printed_loc(printed, name)
        written = doc.raw.get(loc, str(printed_value(printed)))
        digits = printed_digits(written)
        if digits > MAX_PRINTED_DIGITS:
            signs = plural(digits, ("знаком", "знаками", "знаками"))
            problems.append(
                at(
                    doc,
                    path,
                    loc,
                    f"{name}: напечатанное значение «{shown(written)}» записано с {digits} {signs} после точки, "
                    f"а в отчётах печатают не больше {MAX_PRINTED_DIGITS}: перепишите его так, как оно напечатано",
                )
            )

    def unique(items: list[tuple[int, Any]], key: Any, where: str, what: str) -> None:
        seen: dict[Any, int] = {}
        for index, item in items:
            k = key(item)
            if k in seen:
                problems.append(
                    at(doc, path, (where, index), f"{what} повторяется (см. элемент {seen[k] + 1} списка {where})")
                )
            else:
                seen[k] = index

    unique(view.events, lambda e: (e.date, e.title.strip().lower()), "events", "мероприятие с той же датой и названием")
    unique(view.measures, lambda m: m.number.rstrip("."), "measures", "номер мероприятия")
    numbered = [(i, d) for i, d in view.decisions if d.number is not None]
    unnumbered = [(i, d) for i, d in view.decisions if d.number is None]
    unique(numbered, lambda d: (d.kind, d.number, d.date), "decisions", "решение с тем же номером и датой")
    unique(
        unnumbered,
        lambda d: (d.kind, d.date, d.title.strip().lower()),
        "decisions",
        "документ того же вида с той же датой и названием",
    )
    return counts


def _check_references(doc: SourceDoc, view: YearView, year: int, catalogue: Catalogue, problems: list[Problem]) -> None:
    """Targets, analyses, printed values and measures that name indicators and sections of the catalogue."""
    path = doc.path
    for name, target in view.targets.items():
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
        if indicator.kind is Kind.share and target > 100:
            problems.append(at(doc, path, ("targets", name), f"целевая доля {target:g} больше 100 %"))
    for name in view.section_analysis:
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
    for name in view.printed:
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
    for index, rec in view.recommendations:
        if rec.section is not None and rec.section not in catalogue.sections:
            problems.append(
                at(
                    doc,
                    path,
                    ("recommendations", index, "section"),
                    f"неизвестный раздел «{rec.section}»{suggest(rec.section, catalogue.sections)}",
                )
            )
    for where, items in (("measures", view.measures), ("decisions", view.decisions)):
        for index, item in items:
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


@dataclass(frozen=True)
class Audiences:
    """The addressees of recommendations that ``rules.yaml`` declares, as far as it can be read."""

    ids: tuple[str, ...]
    present: bool  # the rules file exists

    @classmethod
    def of(cls, root: Path) -> Audiences | None:
        """The audiences of ``root/rules.yaml``; None when the file is there but its list cannot be read
        (its own errors are reported when the rules are read)."""
        path = root / RULES_FILE
        if not path.is_file():
            return cls((), False)
        try:
            doc = load_yaml(path)
        except (YamlSyntaxError, OSError):
            return None
        data = doc.data if isinstance(doc.data, dict) else {}
        items = data.get("audiences")
        if not isinstance(items, list):
            return None
        ids = [item.get("id") for item in items if isinstance(item, dict)]
        if not all(isinstance(i, str) for i in ids) or len(ids) != len(items):
            return None
        return cls(tuple(ids), True)


def _check_audiences(doc: SourceDoc, view: YearView, audiences: Audiences, problems: list[Problem]) -> None:
    """The report's own recommendations name an addressee of the rules file."""
    for index, item in view.recommendations:
        if item.audience in audiences.ids:
            continue
        if not audiences.present:
            message = (
                f"адресат «{item.audience}» не объявлен: адресатов рекомендаций перечисляет файл {RULES_FILE} "
                f"(audiences), а его в папке данных нет"
            )
        else:
            known = ", ".join(audiences.ids)
            message = (
                f"неизвестный адресат «{item.audience}»{suggest(item.audience, audiences.ids)}; "
                f"адресаты из {RULES_FILE}: {known}"
            )
        problems.append(at(doc, doc.path, ("recommendations", index, "audience"), message))


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
    for year, folder in _year_dirs(root, problems):
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
            counts = _check_year_file(doc, view, year, slug, catalogue, known_schools, problems, audiences)
            if data is not None and catalogue is not None and registry is not None and slug in index.schools:
                entries[(year, slug)] = YearEntry(year, slug, path, doc, data, counts)
    if catalogue is not None and registry is not None and check_collects(registry_doc, registry, catalogue, problems):
        catalogue = catalogue.collecting(registry.collects, registry.collects_by_year)
    errors = [p for p in problems if p.severity is Severity.error]
    if errors or catalogue is None or registry is None:
        return LoadResult(None, sorted(problems))
    dataset = Dataset(root, catalogue, registry, entries, catalogue_doc, registry_doc)
    return LoadResult(dataset, sorted(problems))
