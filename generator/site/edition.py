"""An edition's overview: the top territory's key figures, every municipality on the key indicators."""

from __future__ import annotations

from generator.core.formatting import academic_year
from generator.site import management as m
from generator.site import overview, urls
from generator.site.blocks import figure_row, key_rows
from generator.site.context import SiteContext, lead
from generator.site.correction_notice import published_line
from generator.site.render import Page, render
from generator.site.urls import md_link


def make(ctx: SiteContext, year: int) -> Page:
    url = urls.edition(year)
    path = urls.docs_path(url)
    edition = academic_year(year)
    comparisons = []
    for ind in ctx.cat.indicators.values():
        if ctx.municipal:
            break  # one municipality: nothing to compare it with
        if not ind.key or not ind.exists_in(year):
            continue
        section = ctx.cat.sections[ind.section]
        rows = []
        for mu in ctx.munis_in(year):
            row = ctx.values.get(year, mu.slug, ind.id)
            if row is None:
                continue
            link = urls.relative(url, urls.section(year, mu.slug, section.slug) + f"#{ind.id}")
            rows.append(figure_row(ctx, ind, row, mu.name, link))
        comparisons.append(
            {"id": ind.id, "heading": ind.short_title, "rows": rows, "caption": f"{ind.title}, {edition}"}
        )
    # The visual overview (overview.py): a chart per comparison; a municipal monitoring's schools.
    shown = overview.edition_charts(ctx, year, url, comparisons)
    reported = [mu for mu in ctx.munis_in(year) if ctx.has_data(year, mu.slug)]
    state = ctx.states[year]
    count = f"{len(reported)} из {state.total}" if state.partial else str(len(reported))
    page = {
        "title": f"Выпуск {edition}",
        "heading": f"{ctx.texts.short}: {edition}",
        "description": f"Результаты {ctx.texts.system_genitive}, {ctx.info.region}, {edition}.",
        "lead": lead(
            ctx.top_lead(year), edition, ctx.as_of(year), "" if ctx.municipal else f"муниципалитетов: {count}"
        ),
        "edition": edition,
        "coverage": f", {ctx.coverage(year)}" if ctx.coverage(year) else "",
    }
    return render(
        ctx,
        "edition.md.j2",
        url,
        "edition",
        page_year=year,
        page_territory=ctx.top,
        published=published_line(ctx.corrections, year),
        page_indicators=tuple(c["id"] for c in comparisons),
        page_charts=shown.charts,
        page_files=shown.files,
        page=page,
        intro="",
        key_rows=key_rows(ctx, path, year, ctx.top),
        key_title=ctx.key_title(year),
        municipal=ctx.municipal,
        comparisons=shown.comparisons,
        schools=shown.schools,
        sections=[
            {"title": s.title, "link": md_link(path, urls.docs_path(ctx.top_section(year, s.slug)))}
            for s in ctx.cat.sections_in(year)
        ],
        municipalities=[
            {
                "name": mu.name,
                "type": mu.type.value,
                "link": md_link(path, urls.docs_path(urls.municipality(year, mu.slug))),
                "cycle": m.cycle_of_edition(ctx, year, mu.slug),
                "cycle_link": md_link(path, urls.docs_path(urls.cycle(year, mu.slug))),
            }
            for mu in reported
        ],
        recommendations_link=md_link(path, urls.docs_path(ctx.top_recommendations(year))),
    )
