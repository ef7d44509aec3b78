"""What follows the numbers, shared by the management pages: recommendations by addressee, targets, the
management cycle and the effect of measures.

These are made from the same values as the section pages (through the context), so a figure in a
recommendation can never differ from the figure on the page it links to. The pages themselves are
:mod:`generator.site.recommendations`, :mod:`generator.site.targets`, :mod:`generator.site.cycle_page` and
:mod:`generator.site.report`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from generator.core.formatting import academic_year, academic_year_short, format_date_table, format_date_text, quoted
from generator.core.text import attr, lower_first, upper_first
from generator.inputs.models import Decision, Event, Indicator, Measure, ReportRecommendation
from generator.inputs.region_report import RegionRecommendation
from generator.site import urls
from generator.site.context import SiteContext
from generator.site.cycle import Cycle, CycleInputs, Effect, TargetRow, cycle_of, direction_word

if TYPE_CHECKING:
    from generator.recommend.model import Recommendation


def rec_item(ctx: SiteContext, page_url: str, rec: Recommendation) -> dict[str, Any]:
    ind = ctx.cat.indicators[rec.indicator]
    section = ctx.cat.sections[ind.section]
    return {
        "text": rec.text,
        "deadline": format_date_text(rec.deadline) if rec.deadline else "",
        "deadline_table": format_date_table(rec.deadline) if rec.deadline else "",
        "audiences": [ctx.audiences.get(a, a) for a in rec.audiences],
        "rule": rec.rule_title,
        "threshold": rec.threshold,
        "inputs": [{"label": label, "value": value} for label, value in rec.inputs],
        "indicator": ind.short_title,
        "indicator_url": urls.relative(page_url, urls.section(rec.year, rec.territory, section.slug) + f"#{ind.id}"),
        "methodology_url": urls.relative(page_url, urls.methodology(ind.id)),
    }


MUNICIPAL_REPORT = "Из аналитического отчёта муниципалитета"
REGION_DOCUMENT = "Из рекомендаций региона"


def own_item(
    ctx: SiteContext, page_url: str, year: int, slug: str, rec: ReportRecommendation | RegionRecommendation
) -> dict[str, Any]:
    """A recommendation as a document words it — the municipality's analytical report, or the region's document
    that names the municipality: its text, where it comes from, its section and deadline if named."""
    section = ctx.cat.sections.get(rec.section) if rec.section else None
    deadline = getattr(rec, "deadline", None)
    return {
        "text": rec.text,
        "source": REGION_DOCUMENT if isinstance(rec, RegionRecommendation) else MUNICIPAL_REPORT,
        "section": section.title if section else "",
        "section_url": urls.relative(page_url, urls.section(year, slug, section.slug)) if section else "",
        "deadline": deadline_words(deadline, rec.text),
    }


def deadline_words(deadline: date | None, text: str) -> str:
    """A document's deadline in words, after its recommendation, unless its text says it already («в срок до
    01.05.2023»): the document's words stay, the site does not repeat them."""
    if deadline is None or format_date_table(deadline) in text:
        return ""
    return format_date_text(deadline)


def by_audience(
    ctx: SiteContext,
    page_url: str,
    recs: Sequence[Recommendation],
    own: Sequence[ReportRecommendation | RegionRecommendation] = (),
    year: int = 0,
    slug: str = "",
) -> list[dict[str, Any]]:
    """Recommendations grouped by addressee, in the rule file's order of audiences.

    A group holds the documents' own recommendations to the addressee (``own``, as the municipality's report
    and the region's document word them) and those the rules give (``items``).
    """
    groups: list[dict[str, Any]] = []
    for audience in ctx.audience_order:
        items = [rec_item(ctx, page_url, r) for r in recs if audience in r.audiences]
        mine = [own_item(ctx, page_url, year, slug, r) for r in own if r.audience == audience]
        if items or mine:
            group = {"id": audience, "title": ctx.audiences[audience], "own": mine, "items": items}
            groups.append({**group, "origin": _origin(items, mine)})
    return groups


def _origin(items: list[dict[str, Any]], mine: list[dict[str, Any]]) -> str:
    """Where a group's recommendations come from, after its count on the cycle page: « (из аналитического
    отчёта муниципалитета)», « (в том числе из рекомендаций региона — 2)»; empty when the rules give them all."""
    counted = ((source, sum(r["source"] == source for r in mine)) for source in (MUNICIPAL_REPORT, REGION_DOCUMENT))
    counts = [(source, n) for source, n in counted if n]
    if not counts:
        return ""
    if not items and len(counts) == 1:
        return f" ({lower_first(counts[0][0])})"
    return " (в том числе " + ", ".join(f"{lower_first(source)} — {n}" for source, n in counts) + ")"


def own_recommendations(ctx: SiteContext, year: int, slug: str) -> list[ReportRecommendation]:
    """The analytical report's own addressed recommendations of the edition, in the file's order."""
    entry = ctx.ds.entries.get((year, slug))
    return list(getattr(entry.data, "recommendations", ())) if entry is not None else []


def region_recommendations(ctx: SiteContext, year: int) -> list[RegionRecommendation]:
    """The region's own recommendations of the edition (``data/<год>/region.yaml``), in the document's order."""
    report = ctx.ds.region_reports.get(year)
    return list(report.recommendations) if report is not None else []


def addressed_to(ctx: SiteContext, year: int, slug: str) -> list[RegionRecommendation]:
    """The region's recommendations that name the municipality: shown on its pages. One said to every
    municipality is on the region's page only: repeated on each it would hide the municipality's own."""
    return [r for r in region_recommendations(ctx, year) if slug in r.municipalities]


def documents_recommendations(
    ctx: SiteContext, year: int, slug: str
) -> list[ReportRecommendation | RegionRecommendation]:
    """The recommendations the documents give the municipality: its own report's, then the region's."""
    return [*own_recommendations(ctx, year, slug), *addressed_to(ctx, year, slug)]


def region_groups(
    ctx: SiteContext, url: str, year: int, own: list[RegionRecommendation]
) -> list[dict[str, Any]]:
    """The region's own recommendations by addressee, in the rules file's order of audiences, each with the
    municipalities it names (in the document's order: it may group them as it means)."""
    groups = []
    for audience in ctx.audience_order:
        items = []
        for rec in (r for r in own if r.audience == audience):
            section = ctx.cat.sections.get(rec.section) if rec.section else None
            items.append(
                {
                    "text": rec.text,
                    "municipalities": [
                        {"name": ctx.mu(s, year).name, "recs_url": urls.relative(url, urls.recommendations(year, s))}
                        for s in rec.municipalities
                    ],
                    "section": section.title if section else "",
                    "section_url": urls.relative(url, urls.region_section(year, section.slug)) if section else "",
                    "deadline": deadline_words(rec.deadline, rec.text),
                }
            )
        if items:
            groups.append({"id": audience, "title": ctx.audiences[audience], "items": items})
    return groups


def for_section(ctx: SiteContext, page_url: str, year: int, slug: str, section_id: str) -> list[dict[str, Any]]:
    recs = [r for r in ctx.recs.get((year, slug), []) if r.section == section_id]
    mine = [r for r in documents_recommendations(ctx, year, slug) if r.section == section_id]
    return by_audience(ctx, page_url, recs, mine, year, slug)


def municipality_recommendations(ctx: SiteContext, page_url: str, year: int, slug: str) -> list[dict[str, Any]]:
    own = documents_recommendations(ctx, year, slug)
    return by_audience(ctx, page_url, ctx.recs.get((year, slug), []), own, year, slug)


def target_rows(ctx: SiteContext, year: int, slug: str) -> list[TargetRow]:
    rows = []
    for ind in ctx.cat.indicators.values():
        row = ctx.values.get(year, slug, ind.id)
        if row is None or not row.has_target:
            continue
        rows.append(
            TargetRow(
                indicator=ind.id,
                title=ind.short_title,
                planned=ctx.fmt.planned(ind, row),
                actual=ctx.fmt(ind, row.value),
                status=row.target_status,
                reported=row.target_reported,
            )
        )
    return rows


def effects_of(ctx: SiteContext, year: int, slug: str) -> tuple[Effect, ...]:
    """Indicators tied to measures and decisions of earlier editions: their value then and now (made once
    per edition's part: the cycle page, the report and the summary of the cycle each show them)."""
    return ctx.once(("effects", year, slug), lambda: tuple(_effects(ctx, year, slug)))  # type: ignore[no-any-return]


def _effects(ctx: SiteContext, year: int, slug: str) -> list[Effect]:
    found: list[Effect] = []
    for entry_year in ctx.years:
        entry = ctx.ds.entries.get((entry_year, slug))
        if entry is None or entry_year >= year:
            continue
        items: list[tuple[str, str, Any, list[str]]] = []
        for m in entry.data.measures:
            items.append(("мера", f"{m.number.rstrip('.')}. {measure_text(m)}", m.deadline, m.indicators))
        for d in entry.data.decisions:
            reference = decision_reference(d)
            label = f"{reference} {quoted(d.title)}" if reference else d.title
            items.append(("решение", label, d.date, d.indicators))
        for kind, label, taken, indicator_ids in items:
            for indicator_id in indicator_ids:
                ind = ctx.cat.indicators.get(indicator_id)
                if ind is None:
                    continue
                b = ctx.values.value(entry_year, slug, indicator_id)
                a = ctx.values.value(year, slug, indicator_id)
                change = None if a is None or b is None else a - b
                found.append(
                    Effect(
                        kind=kind,
                        label=label,
                        taken=taken,
                        indicator=indicator_id,
                        indicator_title=ind.short_title,
                        before_year=entry_year,
                        before=ctx.fmt(ind, b),
                        after_year=year,
                        after=ctx.fmt(ind, a),
                        change=ctx.fmt.change(ind, change),
                        direction=direction_word(change, ind.better.value),
                    )
                )
    return found


def measured(ctx: SiteContext, year: int, slug: str) -> list[Indicator]:
    """The indicators that have a value for the municipality in the edition."""
    return [
        i
        for i in ctx.cat.indicators.values()
        if ctx.values.value(year, slug, i.id) is not None
    ]


def cycle_of_edition(ctx: SiteContext, year: int, slug: str) -> Cycle:
    return ctx.once(("cycle", year, slug), lambda: _cycle(ctx, year, slug))  # type: ignore[no-any-return]


def _cycle(ctx: SiteContext, year: int, slug: str) -> Cycle:
    data = ctx.ds.entries[(year, slug)].data
    with_values = measured(ctx, year, slug)
    facts = CycleInputs(
        goals=len(data.goals),
        indicators_with_values=len(with_values),
        sources=len({i.source for i in with_values if i.source}),
        analysis=bool(data.analysis or data.section_analysis),
        rules_evaluated=ctx.rules_present,
        measures=len(data.measures),
        events=len(data.events),
        decisions=len(data.decisions),
        effects=sum(1 for e in effects_of(ctx, year, slug) if e.direction != "нет данных"),
        effectiveness_text=bool(getattr(data, "effectiveness", None)),
        report_recommendations=len(documents_recommendations(ctx, year, slug)),
    )
    return cycle_of(facts, ctx.texts.stage_titles)


def measures_caption(ctx: SiteContext, year: int, slug: str) -> str:
    """What the document calls its list of measures: a roadmap by default, an order's instructions when the year
    file says so (an order on the monitoring's results gives instructions, not a roadmap)."""
    title = ctx.ds.entries[(year, slug)].data.measures_title
    return attr(title) if title else "Дорожная карта"


def measures_heading(ctx: SiteContext, year: int, slug: str) -> str:
    """What the document calls one entry of that list, the head of its column: an order gives «Поручение»."""
    item = ctx.ds.entries[(year, slug)].data.measures_item
    return attr(item) if item else "Мероприятие"


def measure_text(m: Measure) -> str:
    """A measure in one line, where a list does not fit (a label of the effects' table): its title, or its
    sub-items joined as the document prints them, with «;»."""
    return m.title or "; ".join(m.items)


def measure_rows(ctx: SiteContext, year: int, slug: str) -> list[dict[str, Any]]:
    """The measures as table rows; an optional field the document does not give is an empty string
    (the table leaves out a column no measure fills). ``subitems``: the measure's unnumbered sub-items, a list
    under its title in the same cell."""
    data = ctx.ds.entries[(year, slug)].data
    return [
        {
            "number": m.number,
            "title": attr(m.title) if m.title else "",
            "subitems": [attr(item) for item in m.items],
            "deadline": attr(m.deadline_text) if m.deadline_text else _date_or_empty(m.deadline),
            "responsible": attr(m.responsible) if m.responsible else "",
            "expected": attr(m.expected_result) if m.expected_result else "",
            "status": m.status.value if m.status else "",
        }
        for m in sorted(data.measures, key=lambda m: [int(p) for p in m.number.rstrip(".").split(".")])
    ]


def decision_rows(ctx: SiteContext, year: int, slug: str) -> list[dict[str, str]]:
    data = ctx.ds.entries[(year, slug)].data
    return [
        {
            "reference": attr(decision_reference(d)),
            "title": attr(d.title),
            "link": attr(d.link) if d.link else "",
        }
        # dated documents in date order; the directions a report names without a document after them
        for d in sorted(data.decisions, key=lambda d: (d.date is None, d.date or date.min, d.number or "", d.title))
    ]


def front(
    ctx: SiteContext,
    year: int,
    title: str,
    heading: str,
    description: str,
    lead: str,
    *,
    searchable: bool = True,
    where: str = "",
) -> dict[str, Any]:
    """Front matter of a management page; the report and the cycle repeat other pages' text, so they
    stay out of the search index (a search finds the section page the text comes from)."""
    return {
        "title": title,
        "heading": heading,
        "where": where,
        "description": description,
        "lead": lead,
        "edition": academic_year(year),
        "edition_genitive": f"{academic_year_short(year)} учебного года",
        "search_exclude": not searchable,
    }


def decision_reference(decision: Decision) -> str:
    """«Приказ № 124 от 07.06.2021»; without a number: «Письмо от 07.06.2021»; without a date: «Приказ № 124».

    A decision an analytical report names only as a direction («совершенствование нормативно-правовых
    актов…») has no document yet: it gets no reference at all, unless its kind was written out.
    """
    if decision.number is None and decision.date is None and "kind" not in decision.model_fields_set:
        return ""
    kind = upper_first(decision.kind.strip())
    number = f" № {decision.number}" if decision.number else ""
    day = f" от {format_date_table(decision.date)}" if decision.date is not None else ""
    return f"{kind}{number}{day}"


def _date_or_empty(day: date | None) -> str:
    return format_date_table(day) if day is not None else ""


def event_rows(events: Iterable[Event]) -> list[dict[str, str]]:
    """The events of a year as table rows, in date order (the municipality page and the report)."""
    return [
        {
            "date": format_date_table(e.date),
            "title": attr(e.title),
            "level": e.level.value,
            "link": attr(e.link) if e.link else "",
        }
        for e in sorted(events, key=lambda e: (e.date, e.title))
    ]


def rule_heading(rule: Any, indicator: str, threshold: str) -> str:
    """The rule's summary names what to do; a rule over several indicators adds which one it fired on."""
    summary = getattr(rule, "summary", None)
    if not summary:
        return f"{indicator}: {threshold}"
    return f"{summary}: {indicator}" if len(getattr(rule, "indicators", ())) > 1 else summary


def effect_row(e: Effect) -> dict[str, str]:
    return {
        "kind": e.kind,
        "label": attr(e.label),
        "indicator": e.indicator_title,
        "before": f"{e.before} ({academic_year_short(e.before_year)})",
        "after": f"{e.after} ({academic_year_short(e.after_year)})",
        "change": e.change,
        "direction": e.direction,
    }
