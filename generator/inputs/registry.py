"""Loading ``region.yaml``: the territories, what the deployment collects, its monitoring dates, the year folders."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.inputs.catalogue import Catalogue
from generator.inputs.dataset import REGISTRY_FILE, YEAR_DIR_RE
from generator.inputs.parse import parse_model, read_source
from generator.inputs.problems import Problem, Severity, at, display_path, suggest
from generator.inputs.registry_model import DeploymentLevel, Municipality, RegistryFile, School
from generator.inputs.source import SourceDoc


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
    for where, item in named_items(model):
        _check_former_names(doc, path, where, item, problems)
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


def _check_former_names(
    doc: SourceDoc, path: Path, where: tuple[Any, ...], item: Municipality | School, problems: list[Problem]
) -> None:
    """Each former name of a municipality or a school (at ``where`` in the file) ends in its own edition, and
    says something the present name does not."""
    seen: dict[int, str] = {}
    present = (item.name, getattr(item, "type", None))
    for j, former in enumerate(item.former_names):
        loc = (*where, "former_names", j)
        if former.until in seen:
            problems.append(
                at(
                    doc,
                    path,
                    (*loc, "until"),
                    f"два прежних названия по выпуск {former.until} года («{seen[former.until]}» и «{former.name}»): "
                    f"у каждого названия свой последний выпуск",
                )
            )
        seen.setdefault(former.until, former.name)
        if (former.name, getattr(former, "type", None) or present[1]) == present:
            problems.append(
                at(
                    doc,
                    path,
                    (*loc, "name"),
                    f"прежнее название «{former.name}» совпадает с нынешним: укажите, как "
                    f"{'муниципалитет назывался' if isinstance(item, Municipality) else 'школа называлась'} до "
                    f"выпуска {former.until + 1} года, или уберите строку",
                )
            )


def named_items(registry: RegistryFile) -> Iterator[tuple[tuple[Any, ...], Municipality | School]]:
    """Every municipality and school of the registry, with where it is in the file: what may have former names."""
    for i, mun in enumerate(registry.municipalities):
        yield ("municipalities", i), mun
        for j, school in enumerate(mun.schools):
            yield ("municipalities", i, "schools", j), school


def check_former_years(
    doc: SourceDoc | None, registry: RegistryFile, years: set[int], problems: list[Problem]
) -> None:
    """A former name that lasts past the last edition of the data: the present name would name nothing, and the
    next year's edition, when its files come, would still take the former one — a year typed for another."""
    if not years:
        return
    last = max(years)
    path = doc.path if doc is not None else Path(REGISTRY_FILE)
    for where, item in named_items(registry):
        for j, former in enumerate(item.former_names):
            if former.until > last:
                problems.append(
                    at(
                        doc,
                        path,
                        (*where, "former_names", j, "until"),
                        f"прежнее название «{former.name}» указано по выпуск {former.until} года, а последний "
                        f"выпуск в данных — {last} года: нынешнее название «{item.name}» не назовёт ни один "
                        f"выпуск, и выпуски по {former.until} год тоже выйдут под прежним. Укажите в until "
                        "последний выпуск, вышедший под прежним названием",
                        severity=Severity.warning,
                    )
                )


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


def year_dirs(root: Path, problems: list[Problem]) -> Iterator[tuple[int, Path]]:
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
