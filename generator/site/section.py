"""A section's page: a municipality's (with its recommendations) or the region's (with its municipalities)."""

from __future__ import annotations

import posixpath

from generator.compute.table import REGION
from generator.core.formatting import academic_year
from generator.core.text import markdown_text
from generator.site import management as m
from generator.site import urls
from generator.site.blocks import charts_of, indicator_item, municipality_table, region_table, section_csv
from generator.site.context import SiteContext, lead
from generator.site.render import Page, render


def make(ctx: SiteContext, year: int, territory: str, section_id: str) -> Page:
    section = ctx.cat.sections[section_id]
    url = urls.section(year, territory, section.slug)
    path = urls.docs_path(url)
    indicators = [i for i in ctx.cat.in_section(section_id) if i.exists_in(year)]
    items = []
    for ind in indicators:
        item = indicator_item(ctx, url, year, territory, ind)
        if item is None:
            continue
        # The trend table is the chart's accessible alternative; the region adds its municipalities.
        item["table"] = municipality_table(ctx, year, territory, ind)
        if territory == REGION:
            item["by_municipality"] = region_table(ctx, year, ind)
        items.append(item)
    name = ctx.territory_name(territory, year)
    edition = academic_year(year)
    partly = f", {ctx.coverage(year)}" if ctx.coverage(year) else ""
    csv_name = f"{section.slug}-{territory}-{year}.csv"
    files = {posixpath.join(posixpath.dirname(path), csv_name): section_csv(ctx, year, territory, indicators)}
    analysis = ""
    if territory != REGION:
        text = ctx.ds.entries[(year, territory)].data.section_analysis.get(section_id)
        analysis = markdown_text(text) if text else ""
    page = {
        "title": f"{section.title} — {name}, {edition}",
        "heading": section.title,
        "where": name,
        "description": f"{section.title}: показатели {ctx.texts.short_genitive}, {name}, {edition}.",
        "lead": lead(name if territory != REGION else f"{name} (регион в целом{partly})", edition, ctx.as_of(year)),
        "edition": edition,
        "csv_name": csv_name,
        "data_url": urls.relative(url, urls.DATA),
    }
    region = territory == REGION
    recs = [] if region else m.for_section(ctx, url, year, territory, section_id)
    # the region's own recommendations about the section (data/<год>/region.yaml), on the region's page of it
    own = [r for r in m.region_recommendations(ctx, year) if r.section == section_id] if region else []
    return render(
        ctx,
        "region_section.md.j2" if region else "section.md.j2",
        url,
        "region_section" if region else "section",
        page_year=year,
        page_territory=territory,
        page_indicators=tuple(i.id for i in indicators),
        page_files=files,
        page_charts=charts_of(items),
        page=page,
        section=section,
        items=items,
        analysis=analysis,
        recs=recs,
        region_recs=m.region_groups(ctx, url, year, own),
        recs_link=urls.md_link_between(url, urls.recommendations(year)),
    )
