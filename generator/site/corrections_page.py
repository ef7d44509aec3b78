"""The corrections page of a published edition (``/<year>/corrections/``): every correction with its
date, reason and the numbers before and after, each linked to the page that shows it."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from generator.compute.table import REGION
from generator.core.formatting import academic_year, format_date_table
from generator.core.text import attr
from generator.inputs.editions_log import LOG_STEM, edition_name
from generator.inputs.editions_model import CorrectionChange
from generator.site import urls
from generator.site.context import SiteContext
from generator.site.correction_notice import territory_names
from generator.site.render import Page, render


def _link(ctx: SiteContext, year: int, change: CorrectionChange) -> str | None:
    """The section page that shows the corrected number, when the site has it."""
    indicator = ctx.cat.indicators.get(change.indicator)
    if indicator is None or indicator.section not in {s.id for s in ctx.cat.sections_in(year)}:
        return None
    if change.territory == REGION:
        if ctx.municipal:
            return None
    elif not ctx.has_data(year, change.territory):
        return None
    section = ctx.cat.sections[indicator.section].slug
    return urls.section(year, change.territory, section) + f"#{indicator.id}"


def make(ctx: SiteContext, year: int) -> Page | None:
    """The page of a published edition's corrections; None for an edition not published."""
    edition = ctx.corrections.editions.get(year)
    if edition is None:
        return None
    catalogue = ctx.cat
    region = ctx.info.region
    names = territory_names(ctx.dataset, region, year)
    url = urls.corrections(year)
    title = f"Исправления выпуска {edition_name(year)}"
    back = urls.relative(url, urls.edition(year))
    page = {
        "title": title,
        "heading": title,
        "description": f"Исправления данных выпуска {edition_name(year)} после публикации: "
        "дата, причина, было и стало.",
        "edition": academic_year(year),
        "lead": Markup(
            f"{attr(region)} · выпуск опубликован {attr(format_date_table(edition.published))} · "
            f'<a href="{attr(back)}">к выпуску</a>'
        ),
    }
    corrections: list[dict[str, Any]] = []
    for correction in ctx.corrections.corrections(year):
        rows = []
        for change in correction.changes:
            indicator = catalogue.indicators.get(change.indicator)
            target = _link(ctx, year, change)
            rows.append(
                {
                    "territory": names.get(change.territory, change.territory),
                    "label": indicator.short_title if indicator is not None else change.indicator,
                    "link": urls.relative(url, target) if target else None,
                    "was": catalogue.format_named(change.indicator, change.old, "нет данных")
                    if indicator
                    else str(change.old),
                    "now": catalogue.format_named(change.indicator, change.new, "нет данных")
                    if indicator
                    else str(change.new),
                }
            )
        corrections.append({"date": format_date_table(correction.date), "reason": correction.reason, "rows": rows})
    return render(
        ctx,
        "corrections.md.j2",
        url,
        "corrections",
        page_year=year,
        page=page,
        corrections=corrections,
        log_stem=LOG_STEM,
    )
