"""The methodology page: how each indicator of the catalogue is computed, section by section."""

from __future__ import annotations

from generator.core.formatting import academic_year, academic_year_short
from generator.inputs.catalogue import Catalogue
from generator.inputs.models import Indicator
from generator.site.context import SiteContext
from generator.site.render import Page, render

URL = "/methodology/"
BETTER_RU = {"higher": "больше", "lower": "меньше", "neutral": "направление не оценивается"}
PRECISION_RU = {0: "целые", 1: "один знак после запятой", 2: "два знака после запятой"}


def parts(cat: Catalogue, name: str) -> str:
    """A population's title, with the parts a total is the sum of."""
    title = cat.title_of(name)
    if name in cat.totals:
        summed = ", ".join(cat.title_of(p).lower() for p in cat.totals[name].sum)
        return f"{title} (сумма: {summed})"
    return title


def years_of(ctx: SiteContext, ind: Indicator) -> str:
    """The editions an indicator was collected in, in words."""
    collected = [y for y in ctx.years if ind.exists_in(y)]
    if collected and collected != [y for y in ctx.years if ind.within(y)]:
        return ", ".join(academic_year(y) for y in collected)  # collected in some editions only
    if ind.since and not ind.until:
        return f"с {academic_year(ind.since)}"
    if ind.since and ind.until:
        return f"{academic_year_short(ind.since)}–{academic_year_short(ind.until)}"
    if ind.until:
        return f"по {academic_year(ind.until)}"
    return "все годы мониторинга"


def make(ctx: SiteContext) -> Page:
    cat = ctx.cat
    sections = []
    for section in cat.sections.values():
        indicators = []
        for ind in cat.in_section(section.id):
            precision = cat.precision(ind)
            indicators.append(
                {
                    "id": ind.id,
                    "short_title": ind.short_title,
                    "title": ind.title,
                    "method": ind.method,
                    "numerator": parts(cat, ind.numerator),
                    "denominator": parts(cat, ind.denominator) if ind.denominator else "",
                    "unit": cat.unit(ind),
                    "precision": PRECISION_RU.get(precision, f"{precision} знака после запятой"),
                    "better": BETTER_RU[ind.better.value],
                    "source": ind.source,
                    "years": years_of(ctx, ind),
                    "origin": ", ".join(ind.origin) or "—",
                }
            )
        sections.append(
            {"title": section.title, "slug": section.slug, "description": section.description, "indicators": indicators}
        )
    page = {
        "title": "Методика расчёта показателей",
        "description": "Как вычисляется каждый показатель мониторинга: числитель, знаменатель, единица, источник.",
        "edition": "",
    }
    return render(
        ctx,
        "methodology.md.j2",
        URL,
        "methodology",
        page_indicators=tuple(cat.indicators),
        page=page,
        sections=sections,
        direction=cat.direction,
        as_of=ctx.monitoring.yearly(ctx.years),
    )
