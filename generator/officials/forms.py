"""Excel forms for the officials who supply the data: what the form of a municipality and year holds.

Officials and school staff work in Excel, not in YAML. A form holds every raw count the catalogue needs
in a year, grouped by the catalogue's sections, with the count's Russian title, unit, source and last
year's value for reference; the input cells take whole numbers ≥ 0 only (Excel data validation) and
everything else is locked. Sheets for targets, events, measures and decisions follow.

This module says what a form holds, as plain data (:class:`FormSpec`, made by :func:`form_spec`);
:mod:`generator.officials.form_writer` lays it out as a workbook, :mod:`generator.officials.form_layout`
holds the positions both the writer and :mod:`generator.officials.form_reader` rely on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.compute.status import TargetStatus
from generator.inputs.catalogue import Catalogue
from generator.inputs.dataset import Dataset
from generator.inputs.models import Decision, Event, Measure, ReportedTarget
from generator.inputs.registry_model import Municipality
from generator.officials.form_layout import META_SHEET, NO_FILE, data_fingerprint
from generator.site.status_words import SAID

# Counts of no section are the population and the network of schools (see RawCount.section).
POPULATION_TITLE = "Контингент и сеть"


REACHED_WORDS: dict[str, bool] = {SAID[TargetStatus.met].result: True, SAID[TargetStatus.not_met].result: False}
"""The words a target cell of the form takes for a target the source reports met or not without its planned
value: the words a page's table says of a met and a missed target (:mod:`generator.site.status_words`)."""


def reached_word(target: ReportedTarget) -> str:
    return next(word for word, reached in REACHED_WORDS.items() if reached is target.reached)


@dataclass(frozen=True)
class CountRow:
    id: str
    title: str
    unit: str
    source: str
    value: int | None
    previous: int | None


@dataclass(frozen=True)
class CountSheet:
    role: str  # "counts:<section id or ->" or "school:<school id>"
    title: str  # the sheet's name in the workbook
    heading: str
    groups: tuple[tuple[str | None, tuple[CountRow, ...]], ...]  # (group heading or None, rows)


@dataclass
class FormSpec:
    """Everything a form shows, as plain data: what :func:`render_form` lays out."""

    year: int
    municipality: Municipality
    schools: bool
    as_of: date | None = None  # the monitoring date of the year; None — 31 May
    count_sheets: list[CountSheet] = field(default_factory=list)
    # (id, title, unit, this year's target, last year's, a share): a target is a planned value or one the source
    # reports met or not without it (the cell then holds the word, see REACHED_WORDS)
    targets: list[tuple[str, str, str, float | ReportedTarget | None, float | ReportedTarget | None, bool]] = field(
        default_factory=list
    )
    lists: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    fingerprint: str = NO_FILE  # of the data the form was made from: see data_fingerprint


def needed_counts(catalogue: Catalogue, year: int) -> list[str]:
    """The raw counts the indicators of ``year`` are computed from, and the wholes they are checked against.

    In the catalogue's order, so the form reads like the catalogue.
    """
    wanted: set[str] = set()
    for indicator in catalogue.indicators.values():
        if indicator.exists_in(year):
            for name in (indicator.numerator, indicator.denominator):
                if name is not None:
                    wanted.update(catalogue.components(name))
    stack = list(wanted)
    while stack:
        whole = catalogue.counts[stack.pop()].part_of
        if whole is not None:
            for part in catalogue.components(whole):
                if part not in wanted:
                    wanted.add(part)
                    stack.append(part)
    return [name for name in catalogue.counts if name in wanted]


def section_groups(catalogue: Catalogue, names: Iterable[str]) -> list[tuple[str | None, str, list[str]]]:
    """(section id, title, counts) in the order of the site's sections, the population first."""
    names = list(names)
    groups: list[tuple[str | None, str, list[str]]] = []
    population = [n for n in names if catalogue.counts[n].section is None]
    if population:
        groups.append((None, POPULATION_TITLE, population))
    for section in catalogue.declared.sections.values():  # a count may serve an indicator of another section
        inside = [n for n in names if catalogue.counts[n].section == section.id]
        if inside:
            groups.append((section.id, section.title, inside))
    return groups


def _tab_title(catalogue: Catalogue, section_id: str | None, title: str) -> str:
    """A section's sheet is named by its short title in the catalogue, where it has one (Excel takes 31 characters)."""
    section = catalogue.declared.sections.get(section_id) if section_id else None
    return section.short_title if section is not None and section.short_title else title


def sheet_name(text: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (≤ 31 characters, none of []:*?/\\) and not used yet in the workbook."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in text).strip().strip("'") or "Лист"
    name = _cut(cleaned, 31)
    number = 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f" ({number})"
        name = _cut(cleaned, 31 - len(suffix)) + suffix
        number += 1
    taken.add(name)
    return name


def _cut(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut after a whole word where that keeps most of the text: «Профориентация
    обучающихся с» reads better on a sheet tab than «Профориентация обучающихся с ОВ»."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    if not text[limit].isspace():
        whole = head[: head.rfind(" ")] if " " in head else ""
        head = whole if len(whole) >= limit * 2 // 3 else head  # a long last word: keep what fits of it
    return head.rstrip(" ,;—–-")


def form_spec(dataset: Dataset, year: int, slug: str, *, schools: bool = False) -> FormSpec:
    """What the form of a municipality for ``year`` holds: this year's values if any, last year's beside them."""
    catalogue = dataset.catalogue
    municipality = next(m for m in dataset.registry.municipalities if m.slug == slug).in_year(year)  # named then
    current = dataset.entries.get((year, slug))
    previous = dataset.entries.get((year - 1, slug))
    spec = FormSpec(year, municipality, schools, dataset.monitoring_date(year))
    spec.fingerprint = data_fingerprint(current.data if current is not None else None)
    taken = {META_SHEET}
    names = needed_counts(catalogue, year)

    def rows(ids: list[str], value: Callable[[str], int | None], before: Callable[[str], int | None]) -> tuple:
        return tuple(
            CountRow(
                n, catalogue.counts[n].title, catalogue.counts[n].unit, catalogue.counts[n].source, value(n), before(n)
            )
            for n in ids
        )

    # In a form by schools the municipal sheets take what the file gives for the municipality as a whole;
    # otherwise they show the municipal totals, summed from the schools where the file has schools only.
    municipal = (current.data.counts if schools else current.counts) if current is not None else {}
    last = previous.counts if previous is not None else {}
    for section_id, title, ids in section_groups(catalogue, names):
        spec.count_sheets.append(
            CountSheet(
                f"counts:{section_id or '-'}",
                sheet_name(_tab_title(catalogue, section_id, title), taken),
                title,
                ((None, rows(ids, municipal.get, last.get)),),
            )
        )
    if schools:
        given = {s.school: s.counts for s in current.data.schools} if current is not None else {}
        before = {s.school: s.counts for s in previous.data.schools} if previous is not None else {}
        for school in municipality.schools:
            mine, old = given.get(school.id, {}), before.get(school.id, {})
            groups = tuple(
                (title, rows(ids, mine.get, old.get)) for _, title, ids in section_groups(catalogue, names)
            )
            named = school.name_in(year)  # the form of a year names the school as it was called then
            title = sheet_name(named, taken)
            spec.count_sheets.append(CountSheet(f"school:{school.id}", title, named, groups))

    targets = current.data.targets if current is not None else {}
    old_targets = previous.data.targets if previous is not None else {}
    for indicator in catalogue.indicators.values():
        if indicator.exists_in(year):
            share = indicator.kind.value == "share"
            spec.targets.append(
                (
                    indicator.id,
                    indicator.title,
                    catalogue.unit(indicator),
                    targets.get(indicator.id),
                    old_targets.get(indicator.id),
                    share,
                )
            )
    data = current.data if current is not None else None
    spec.lists = {
        "events": [list_row(e) for e in data.events] if data else [],
        "measures": [list_row(m) for m in data.measures] if data else [],
        "decisions": [list_row(d) for d in data.decisions] if data else [],
    }
    return spec


def list_row(item: Event | Measure | Decision) -> dict[str, Any]:
    """A list item as the cells of its row: enums as their Russian words, indicator lists as «a, b», a measure's
    sub-items one a line (the cell wraps)."""
    row: dict[str, Any] = {}
    for name, value in item.model_dump().items():
        if value is None or value == []:
            continue
        if isinstance(value, list):
            row[name] = "\n".join(value) if name == "items" else ", ".join(value)
        elif hasattr(value, "value"):
            row[name] = value.value
        else:
            row[name] = value
    return row
