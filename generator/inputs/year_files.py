"""Checking one municipality's year file against the catalogue, the registry and the rules' audiences.

Why a module: a year file is what officials edit; its checks are the most numerous and each names the
file, line and column, and says what would be right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from generator.core.formatting import MAX_SHOWN_DIGITS, plural, round_half_up_decimal
from generator.inputs.audiences import Audiences
from generator.inputs.catalogue import Catalogue
from generator.inputs.dataset import YearEntry
from generator.inputs.models import (
    Decision,
    Event,
    Kind,
    Measure,
    PrintedFigure,
    ReportedTarget,
    ReportRecommendation,
    SchoolCounts,
    YearFile,
    printed_loc,
    printed_value,
)
from generator.inputs.parse import field_adapter, valid_entries, valid_items, valid_value
from generator.inputs.problems import Problem, at, shown, suggest
from generator.inputs.source import SourceDoc


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
    targets: dict[str, float | ReportedTarget] = field(default_factory=dict)
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
            municipality=valid_value(field_adapter(YearFile, "municipality"), raw.get("municipality")),
            year=valid_value(field_adapter(YearFile, "year"), raw.get("year")),
            counts=valid_entries(YearFile, "counts", raw)[0],
            targets=valid_entries(YearFile, "targets", raw)[0],
            section_analysis=list(valid_entries(YearFile, "section_analysis", raw)[0]),
            printed=valid_entries(YearFile, "printed", raw)[0],
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
            school = valid_value(field_adapter(SchoolCounts, "school"), item.get("school"))
            counts, complete = valid_entries(SchoolCounts, "counts", item)
            if school is None or not complete or set(item) - set(SchoolCounts.model_fields):
                view.schools_complete = False
            view.schools.append(SchoolView(index, school, counts))
        return view


MAX_PRINTED_DIGITS = MAX_SHOWN_DIGITS  # the decimals a page can show a figure with


def printed_digits(raw: str) -> int:
    """How many decimals a printed share was written with: «10.1» → 1, «67» → 0, «6.17e1» → 1."""
    text = raw.strip().replace(",", ".")
    try:
        exponent = Decimal(text).as_tuple().exponent
    except (InvalidOperation, ValueError):
        return len(text.split(".", 1)[1]) if "." in text else 0
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def printed_number(entry: YearEntry, name: str) -> Decimal:
    """A printed figure of ``entry`` with the decimals it was written with: «30,50» is 30.50, not 30.5.

    The model reads the figure as a float, which keeps no trailing zero; the site shows a figure published
    as the source printed it with the source's decimals (never fewer than the indicator's precision), so
    they are read off the file's text. Only the figure's own file is parsed for it."""
    figure = entry.data.printed[name]
    value = Decimal(str(printed_value(figure)))
    raw = entry.doc.raw.get(printed_loc(figure, name))
    if raw is None:
        return value
    return round_half_up_decimal(value, min(printed_digits(raw), MAX_PRINTED_DIGITS))


def check_year_file(
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
        if isinstance(target, float | int) and indicator.kind is Kind.share and target > 100:
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


def _check_audiences(doc: SourceDoc, view: YearView, audiences: Audiences, problems: list[Problem]) -> None:
    """The report's own recommendations name an addressee of the rules file."""
    for index, item in view.recommendations:
        message = audiences.unknown(item.audience)
        if message:
            problems.append(at(doc, doc.path, ("recommendations", index, "audience"), message))
