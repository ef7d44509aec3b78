"""A municipality's permanent page of its latest figures, with links to all its editions."""

from __future__ import annotations

from generator.core.formatting import academic_year
from generator.inputs.editions import latest_of
from generator.site import embed, urls
from generator.site.blocks import key_rows
from generator.site.context import SiteContext, lead
from generator.site.render import Page, render
from generator.site.urls import md_link


def make(ctx: SiteContext, slug: str) -> Page | None:
    """None for a municipality with no published edition."""
    mu = ctx.by_slug[slug]
    years = [y for y in ctx.years if ctx.has_data(y, slug)]
    latest = latest_of(ctx.ds, ctx.states, slug)
    if latest is None:
        return None
    url = urls.latest_municipality(slug)
    path = urls.docs_path(url)
    page = {
        "title": f"{mu.name}: последние данные",
        "heading": mu.name,
        "description": f"Последние данные {ctx.texts.heading_genitive}: {mu.name}.",
        "lead": lead(mu.type.value.capitalize(), f"последний выпуск — {academic_year(latest)}"),
        "edition": "",
    }
    return render(
        ctx,
        "latest.md.j2",
        url,
        "latest",
        page_territory=slug,
        page=page,
        former=ctx.former_names(slug, ctx.years[-1] + 1),
        key_rows=key_rows(ctx, path, latest, slug),
        latest_label=academic_year(latest),
        latest_link=md_link(path, urls.docs_path(urls.municipality(latest, slug))),
        editions=[
            {"label": ctx.edition_label(y), "link": md_link(path, urls.docs_path(urls.municipality(y, slug)))}
            for y in reversed(years)
        ],
        # «Разместить на своём сайте»: the embedded block shows the latest figures, as this page does; on an
        # edition's page its code (its height, its example section) would change with every later edition
        embed=embed.snippet(ctx, slug, url),
    )
