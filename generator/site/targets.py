"""The page of a municipality's targets in an edition."""

from __future__ import annotations

from generator.compute.status import TargetStatus
from generator.core.formatting import academic_year
from generator.site import management as m
from generator.site import urls
from generator.site.context import SiteContext, lead
from generator.site.cycle import targets_sentence
from generator.site.render import Page, render


def make(ctx: SiteContext, year: int, slug: str) -> Page:
    """A municipality's targets of an edition: planned and actual values, and the verdict."""
    mu = ctx.mu(slug, year)
    url = urls.targets(year, slug)
    edition = academic_year(year)
    rows = m.target_rows(ctx, year, slug)
    table = [
        {
            "title": r.title,
            "url": urls.relative(
                url,
                urls.section(year, slug, ctx.cat.sections[ctx.cat.indicators[r.indicator].section].slug)
                + f"#{r.indicator}",
            ),
            "planned": r.planned,
            "actual": r.actual,
            "status": r.status,
        }
        for r in rows
    ]
    page = m.front(
        ctx,
        year,
        f"Целевые показатели — {mu.name}, {edition}",
        "Целевые показатели муниципальной программы",
        f"Плановые и фактические значения целевых показателей: {mu.name}, {edition}.",
        lead(mu.name, edition, ctx.as_of(year)),
        where=mu.name,
    )
    return render(
        ctx,
        "targets.md.j2",
        url,
        "targets",
        page_year=year,
        page_territory=slug,
        page_indicators=tuple(r.indicator for r in rows),
        page=page,
        rows=table,
        sentence=targets_sentence(rows),
        met=sum(1 for r in rows if r.status == TargetStatus.met),
        total=len(rows),
        reported=any(r.reported for r in rows),
        municipality_link=urls.md_link_between(url, urls.municipality(year, slug)),
    )


# --- cycle --------------------------------------------------------------------------------
