"""A municipality's analytical report of an edition, from start to end, printable."""

from __future__ import annotations

from generator.core.formatting import academic_year, academic_year_short
from generator.core.text import attr, markdown_text
from generator.site import management as m
from generator.site import urls
from generator.site.blocks import charts_of, indicator_item, municipality_table
from generator.site.context import SiteContext, lead
from generator.site.cycle import targets_sentence
from generator.site.render import Page, render


def make(ctx: SiteContext, year: int, slug: str) -> Page:
    """The municipality's analytical report of the edition, from start to end, in the manner of 002."""
    mu = ctx.mu(slug, year)
    url = urls.report(year, slug)
    edition = academic_year(year)
    data = ctx.ds.entries[(year, slug)].data
    years = [y for y in ctx.years if y <= year and ctx.has_data(y, slug)]
    span = (
        f"{academic_year_short(years[0])}–{academic_year_short(years[-1])} учебные годы"
        if len(years) > 1
        else academic_year(year)
    )
    sections = []
    for section in ctx.cat.sections.values():
        items = []
        for ind in ctx.cat.in_section(section.id):
            if not ind.exists_in(year):
                continue
            shown = [y for y in years if ind.exists_in(y)]
            if all(ctx.values.value(y, slug, ind.id) is None for y in shown):
                continue  # a report reads as prose: indicators without a single value are left to the tables
            item = indicator_item(ctx, url, year, slug, ind)
            if item is None:
                continue
            item["table"] = municipality_table(ctx, year, slug, ind)
            items.append(item)
        if not items:
            continue
        text = data.section_analysis.get(section.id)
        sections.append(
            {
                "id": section.slug,
                "title": section.title,
                "items": items,
                "analysis": markdown_text(text) if text else "",
                "recommendations": m.for_section(ctx, url, year, slug, section.id),
            }
        )
    events = m.event_rows(data.events)
    page = m.front(
        ctx,
        year,
        f"Аналитический отчёт — {mu.name}, {edition}",
        f"Аналитический отчёт по результатам {ctx.texts.short_genitive}: {mu.name}",
        f"Аналитический отчёт по результатам {ctx.texts.system_genitive}: {mu.name}, {edition}.",
        lead(mu.name, edition, ctx.as_of(year)),
        searchable=False,
    )
    page["report"] = True
    page["toc_depth"] = 3  # the contents list the sections, not each indicator (site_overrides/partials/toc-item.html)
    return render(
        ctx,
        "report.md.j2",
        url,
        "report",
        page_year=year,
        page_territory=slug,
        page_indicators=tuple(it["id"] for s in sections for it in s["items"]),
        page_charts=charts_of(it for s in sections for it in s["items"]),
        page=page,
        span=span,
        as_of=ctx.monitoring.yearly(years, every=" каждого года"),
        municipality=mu.name,
        region=ctx.info.region,
        texts=ctx.texts,
        goals=[attr(g) for g in data.goals],
        sources=sorted({ctx.cat.indicators[it["id"]].source for s in sections for it in s["items"]}),
        sections=sections,
        analysis=markdown_text(data.analysis) if data.analysis else "",
        targets=m.target_rows(ctx, year, slug),
        targets_sentence=targets_sentence(m.target_rows(ctx, year, slug)),
        recommendations=m.municipality_recommendations(ctx, url, year, slug),
        rules_present=ctx.rules_present,
        events=events,
        measures=m.measure_rows(ctx, year, slug),
        measures_caption=m.measures_caption(ctx, year, slug),
        measures_heading=m.measures_heading(ctx, year, slug),
        decisions=m.decision_rows(ctx, year, slug),
        effects=[m.effect_row(e) for e in m.effects_of(ctx, year, slug)],
        effectiveness=markdown_text(data.effectiveness) if getattr(data, "effectiveness", None) else "",
        cycle=m.cycle_of_edition(ctx, year, slug),
        pdf_name=urls.pdf_name(year, slug) if ctx.has_pdf(year) else None,
        pdf_later=ctx.pdfs and not ctx.has_pdf(year),
        municipality_link=urls.md_link_between(url, urls.municipality(year, slug)),
    )


# --- helpers ------------------------------------------------------------------------------
