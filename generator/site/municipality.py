"""A municipality's page of an edition: key figures, sections, analysis, events and what followed."""

from __future__ import annotations

from generator.core.formatting import academic_year, academic_year_short
from generator.core.text import markdown_text
from generator.site import management as m
from generator.site import urls
from generator.site.blocks import key_rows
from generator.site.context import SiteContext, lead
from generator.site.cycle import targets_sentence
from generator.site.render import Page, render
from generator.site.urls import md_link


def make(ctx: SiteContext, year: int, slug: str) -> Page:
    mu = ctx.mu(slug, year)
    url = urls.municipality(year, slug)
    path = urls.docs_path(url)
    entry = ctx.ds.entries[(year, slug)]
    sections = []
    for section in ctx.cat.sections_in(year):
        inds = [i for i in ctx.cat.in_section(section.id) if i.exists_in(year)]
        with_data = sum(1 for i in inds if ctx.values.value(year, slug, i.id) is not None)
        sections.append(
            {
                "title": section.title,
                "link": md_link(path, urls.docs_path(urls.section(year, slug, section.slug))),
                "summary": f"показателей с данными: {with_data} из {len(inds)}",
            }
        )
    editions = [
        {
            "label": academic_year(y),
            "link": md_link(path, urls.docs_path(urls.municipality(y, slug))),
            "current": y == year,
        }
        # Earlier editions only: a page of an edition does not change when later ones come (its own later
        # years are listed on the latest page, which it links to), so an order's link shows what it cited.
        for y in reversed(ctx.years)
        if y <= year and ctx.has_data(y, slug)
    ]
    edition = academic_year(year)
    page = {
        "title": f"{mu.name} — {edition}",
        "heading": mu.name,
        "description": f"{ctx.texts.heading}: {mu.name}, {edition}.",
        "lead": lead(mu.type.value.capitalize(), edition, ctx.as_of(year)),
        "edition": edition,
        "edition_genitive": f"{academic_year_short(year)} учебного года",
    }
    rows = key_rows(ctx, path, year, slug)
    return render(
        ctx,
        "municipality.md.j2",
        url,
        "municipality",
        page_year=year,
        page_territory=slug,
        page=page,
        former=ctx.former_names(slug, year),
        key_rows=rows,
        sections=sections,
        analysis=markdown_text(entry.data.analysis) if entry.data.analysis else "",
        events=m.event_rows(entry.data.events),
        editions=editions,
        latest_label=f"/municipalities/{slug}/",
        latest_link=md_link(path, urls.docs_path(urls.latest_municipality(slug))),
        cycle=m.cycle_of_edition(ctx, year, slug),
        recs=m.municipality_recommendations(ctx, url, year, slug),
        rules_present=ctx.rules_present,
        report_pdf=ctx.has_pdf(year),
        pdf_later=ctx.pdfs and not ctx.has_pdf(year),
        targets_sentence=targets_sentence(m.target_rows(ctx, year, slug)),
        links={
            "recommendations": md_link(path, urls.docs_path(urls.recommendations(year, slug))),
            "targets": md_link(path, urls.docs_path(urls.targets(year, slug))),
            "cycle": md_link(path, urls.docs_path(urls.cycle(year, slug))),
            "report": md_link(path, urls.docs_path(urls.report(year, slug))),
        },
    )
