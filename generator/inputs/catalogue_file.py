"""Loading ``indicators.yaml``: the catalogue's file checked as a whole (ids, sections, totals, formulas)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.inputs.catalogue import Catalogue
from generator.inputs.models import (
    CatalogueFile,
    Kind,
)
from generator.inputs.parse import parse_model, read_source
from generator.inputs.problems import Problem, at, display_path, suggest
from generator.inputs.source import SourceDoc


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
