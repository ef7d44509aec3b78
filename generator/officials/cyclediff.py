"""What a data commit changes in the management cycle of a municipality, for the reviewer of a pull request.

The cycle page publishes, for each year, what the values alone do not: the goals, the specialist's analysis,
the recommendations of the municipality's own report, the measures and events, the management decisions
and the analysis of their effectiveness. An order that cites the cycle page cites these. A commit that
renumbers a measure, drops a decision or rewrites the analysis changes the published page, and neither the
values' report (:mod:`generator.officials.datadiff`) nor the YAML diff (which shows keys and indents, not
«мера 2.1 удалена») tells the reviewer so. Each change is one row under the stage the cycle page shows it
in, with the stage's title from the site's texts; the strings of the data are quoted inert.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from generator.build.validate import Report
from generator.compute.values import REGION
from generator.core.formatting import academic_year_short, format_count, format_date_table
from generator.inputs.models import Decision, Event, Measure, ReportRecommendation, YearFile
from generator.inputs.region_report import RegionRecommendation, RegionReport
from generator.officials.markdown_text import cell, list_change, plain, quote, section, was_is

FOLD_OVER = 20  # more rows than this (a new year's file, a rewritten plan) are folded under their count


@dataclass(frozen=True)
class CycleChange:
    year: int
    territory: str
    stage: str  # the id of the cycle's stage the change is shown in (site texts' ``stages``)
    what: str  # Markdown, the data's strings already inert


def _length(text: str | None) -> str:
    return format_count(len(text or ""), ("знак", "знака", "знаков"))


def _text_change(name: str, old: str | None, new: str | None) -> list[str]:
    """A published text (analysis, effectiveness) added, removed or rewritten: the reviewer reads it in the
    YAML diff; here it is named, with its length, so a text emptied by mistake stands out."""
    if (old or None) == (new or None):
        return []
    if not old:
        return [f"{name} добавлен ({_length(new)})"]
    if not new:
        return [f"{name} удалён (было {_length(old)})"]
    return [f"{name} изменён ({_length(old)} → {_length(new)})"]


def _field_changes(
    old: object, new: object, fields: Iterable[tuple[str, str]], indicators: dict[str, str]
) -> list[str]:
    """«срок: «сентябрь» → «октябрь»» for each field that differs; an indicator by its short title."""
    parts = []
    for attr, title in fields:
        a, b = getattr(old, attr), getattr(new, attr)
        if a == b:
            continue
        if isinstance(a, list) or isinstance(b, list):
            shown = (lambda x: quote(indicators.get(x, x))) if attr == "indicators" else (lambda x: quote(str(x)))
            parts.append(list_change(title, a or [], b or [], shown))
        else:
            parts.append(was_is(title, a, b))
    return parts


MEASURE_FIELDS = (
    ("number", "номер"),
    ("title", "название"),
    ("items", "подпункты"),
    ("deadline", "срок"),
    ("deadline_text", "срок словами"),
    ("responsible", "ответственный"),
    ("expected_result", "ожидаемый результат"),
    ("status", "статус"),
    ("indicators", "показатели"),
)
DECISION_FIELDS = (
    ("kind", "вид"),
    ("number", "номер"),
    ("date", "дата"),
    ("title", "название"),
    ("link", "ссылка"),
    ("indicators", "показатели"),
)
EVENT_FIELDS = (("date", "дата"), ("title", "название"), ("level", "уровень"), ("link", "ссылка"))


def _measure_name(measure: Measure) -> str:
    return f"мера {plain(measure.number)}" + (f" {quote(measure.title)}" if measure.title else "")


def _decision_key(decision: Decision) -> object:
    """A document is its kind, number and date; one without either is the direction its title names."""
    if decision.number or decision.date:
        return (decision.kind, decision.number, decision.date)
    return (decision.kind, decision.title)


def _decision_name(decision: Decision) -> str:
    parts = [plain(decision.kind)]
    if decision.number:
        parts.append(f"№ {plain(decision.number)}")
    if decision.date:
        parts.append(f"от {format_date_table(decision.date)}")
    return " ".join(parts) + f" {quote(decision.title)}"


def _event_name(event: Event) -> str:
    return f"мероприятие {format_date_table(event.date)} {quote(event.title)}"


def _recommendation_name(rec: ReportRecommendation, audiences: dict[str, str]) -> str:
    return f"рекомендация отчёта муниципалитета ({plain(audiences.get(rec.audience, rec.audience))}) {quote(rec.text)}"


def _summary(data: YearFile) -> str:
    """What a year file brings to the cycle page, in counts: the row of a year added or removed whole."""
    parts = []
    for items, forms in (
        (data.goals, ("цель", "цели", "целей")),
        (data.measures, ("мера", "меры", "мер")),
        (data.events, ("мероприятие", "мероприятия", "мероприятий")),
        (data.decisions, ("решение", "решения", "решений")),
        (data.recommendations, ("рекомендация отчёта", "рекомендации отчёта", "рекомендаций отчёта")),
    ):
        if items:
            parts.append(format_count(len(items), forms))
    texts = [name for name, text in (("анализ", data.analysis), ("анализ эффективности", data.effectiveness)) if text]
    if data.section_analysis:
        forms = ("анализ раздела", "анализа разделов", "анализов разделов")
        texts.append(format_count(len(data.section_analysis), forms))
    return ", ".join(parts + texts)  # empty: a year of counts only, which the values' report covers


@dataclass(frozen=True)
class Names:
    """The catalogue's and the rules' names of what a year file refers to by id."""

    sections: dict[str, str]
    indicators: dict[str, str]
    audiences: dict[str, str]


def entry_changes(old: YearFile, new: YearFile, names: Names) -> list[tuple[str, str]]:
    """(stage id, what changed) for one municipality's year, in the cycle page's order of stages."""
    rows: list[tuple[str, str]] = []
    gone = [f"Удалено: цель {quote(g)}" for g in old.goals if g not in new.goals]
    came = [f"Добавлено: цель {quote(g)}" for g in new.goals if g not in old.goals]
    rows += [("goals", r) for r in gone + came]
    if not gone and not came and old.goals != new.goals:
        rows.append(("goals", "Порядок целей изменён"))
    rows += [("analysis", r) for r in _text_change("Анализ", old.analysis, new.analysis)]
    for part in sorted(set(old.section_analysis) | set(new.section_analysis)):
        title = f"Анализ раздела «{plain(names.sections.get(part, part))}»"
        a, b = old.section_analysis.get(part), new.section_analysis.get(part)
        rows += [("analysis", r) for r in _text_change(title, a, b)]
    rows += _changed_by(names)("recommendations", old.recommendations, new.recommendations, _recommendation_key,
                      lambda r: _recommendation_name(r, names.audiences))  # fmt: skip
    for attr, title in (("measures_title", "Подпись перечня мер"), ("measures_item", "Название меры в таблице")):
        if getattr(old, attr) != getattr(new, attr):
            rows.append(("measures", was_is(title, getattr(old, attr), getattr(new, attr))))
    changed = _changed_by(names)
    rows += changed(
        "measures", old.measures, new.measures, lambda m: m.number, _measure_name, MEASURE_FIELDS,
        alike=lambda m: (m.title, tuple(m.items)),
    )  # fmt: skip
    rows += changed("measures", old.events, new.events, _event_key, _event_name, EVENT_FIELDS, alike=lambda e: e.title)
    rows += changed(
        "decisions", old.decisions, new.decisions, _decision_key, _decision_name, DECISION_FIELDS,
        alike=lambda d: (d.kind, d.title),
    )  # fmt: skip
    rows += [("effectiveness", r) for r in _text_change("Анализ эффективности", old.effectiveness, new.effectiveness)]
    return rows


def _recommendation_key(rec: ReportRecommendation | RegionRecommendation) -> object:
    return (rec.audience, rec.section, rec.text)


def _event_key(event: Event) -> object:
    return (event.date, event.title)


def _keys(items: Sequence[Any], key: Callable[[Any], object]) -> list[object]:
    """Each item's key, with its place among items of the same key: two entries alike stay two."""
    seen: dict[object, int] = {}
    out = []
    for item in items:
        k = key(item)
        seen[k] = seen.get(k, 0) + 1
        out.append((k, seen[k]))
    return out


def _changed_by(names: Names) -> Callable[..., list[tuple[str, str]]]:
    def changed(
        stage: str,
        old: Sequence[Any],
        new: Sequence[Any],
        key: Callable[[Any], object],
        name: Callable[[Any], str],
        fields: Iterable[tuple[str, str]] = (),
        alike: Callable[[Any], object] | None = None,
    ) -> list[tuple[str, str]]:
        """Rows for the items of a list matched by ``key``: removed, added, and changed in which of ``fields``.

        An item whose key changed (an order's number corrected, a measure renumbered) is matched by ``alike``
        (its title) among those left: «номер: «173-о» → «173-од»» says more than a removal and an addition."""
        before, after = dict(zip(_keys(old, key), old, strict=True)), dict(zip(_keys(new, key), new, strict=True))
        pairs = [(before[k], after[k]) for k in before if k in after and before[k] != after[k]]
        gone = [item for k, item in before.items() if k not in after]
        came = [item for k, item in after.items() if k not in before]
        if alike is not None:
            for item in list(gone):
                match = next((other for other in came if alike(other) == alike(item)), None)
                if match is not None:
                    gone.remove(item)
                    came.remove(match)
                    pairs.append((item, match))
        rows = [(stage, f"Удалено: {name(item)}") for item in gone]
        rows += [(stage, f"Добавлено: {name(item)}") for item in came]
        for was, now in pairs:
            parts = _field_changes(was, now, fields, names.indicators)
            rows.append((stage, f"Изменено: {name(now)} — " + "; ".join(parts)))
        return rows

    return changed


def cycle_changes(old: Report, new: Report) -> list[CycleChange]:
    """Every change of the cycle's content, year by year and municipality by municipality; none when either
    side could not be read (its errors say why, and every measure would seem added or removed)."""
    if old.dataset is None or new.dataset is None:
        return []
    catalogues = (old.dataset.catalogue, new.dataset.catalogue)  # the new side's names win
    names = Names(
        sections={s.id: s.title for c in catalogues for s in c.sections.values()},
        indicators={i.id: i.short_title for c in catalogues for i in c.indicators.values()},
        audiences={a.id: a.title for report in (old, new) if report.rules for a in report.rules.audiences},
    )
    found: list[CycleChange] = []
    before, after = old.dataset.entries, new.dataset.entries
    for key in sorted(set(before) | set(after)):
        year, slug = key
        a, b = before.get(key), after.get(key)
        if a is None or b is None:
            data = (b or a).data  # type: ignore[union-attr]
            summary = _summary(data)
            if summary:
                head = "Добавлены данные за год" if a is None else "Удалены данные за год, а с ними"
                what = f"{head}: {summary}"
                found.append(CycleChange(year, slug, "", what))
            continue
        if a.data == b.data:
            continue
        rows = entry_changes(a.data, b.data, names)
        found += [CycleChange(year, slug, stage, what) for stage, what in rows]
    found += region_changes(old.dataset.region_reports, new.dataset.region_reports, names)
    return found


REGION_FIELDS = (("municipalities", "муниципалитеты"), ("deadline", "срок"))


def _region_name(rec: RegionRecommendation, audiences: dict[str, str]) -> str:
    return f"рекомендация региона ({plain(audiences.get(rec.audience, rec.audience))}) {quote(rec.text)}"


def region_changes(
    before: dict[int, RegionReport], after: dict[int, RegionReport], names: Names
) -> list[CycleChange]:
    """The region's own recommendations (``data/<год>/region.yaml``) added, removed or changed, as the
    region's row of the table: the region's page and each municipality they name publish them."""
    found: list[CycleChange] = []
    for year in sorted(set(before) | set(after)):
        a, b = before.get(year), after.get(year)
        if a == b:
            continue
        old_recs = a.recommendations if a is not None else []
        new_recs = b.recommendations if b is not None else []
        was, now = (a.source if a else None), (b.source if b else None)
        rows = [("recommendations", was_is("Документ региона", was, now))] if was != now else []
        rows += _changed_by(names)("recommendations", old_recs, new_recs, _recommendation_key,
                          lambda r: _region_name(r, names.audiences), REGION_FIELDS)  # fmt: skip
        found += [CycleChange(year, REGION, stage, what) for stage, what in rows]
    return found


def render_cycle(changes: list[CycleChange], names: dict[str, str], stages: dict[str, str]) -> list[str]:
    """The report's section on the cycle: a table of every change under its stage, or a line that none changed."""
    title = "Управленческий цикл"
    if not changes:
        return [f"### {title}", "", "Цели, анализ, меры, решения и анализ эффективности не изменились.", ""]
    order = {stage: i for i, stage in enumerate(stages)}
    changes = sorted(changes, key=lambda c: (c.year, names.get(c.territory, c.territory), order.get(c.stage, -1)))
    count = format_count(len(changes), ("изменение", "изменения", "изменений"))
    table = ["| Муниципалитет | Год | Этап цикла | Что изменилось |", "| --- | --- | --- | --- |"]
    for c in changes:
        stage = cell(stages.get(c.stage, c.stage)) if c.stage else "все этапы"
        where = f"{cell(names.get(c.territory, c.territory))} | {academic_year_short(c.year)}"
        table.append(f"| {where} | {stage} | {c.what} |")
    return section(title, count, table, folded=len(changes) > FOLD_OVER)
