"""The page of a municipality's management cycle in an edition."""

from __future__ import annotations

from generator.compute.values import PRINTED
from generator.core.formatting import academic_year, format_count
from generator.core.text import attr, markdown_text
from generator.site import management as m
from generator.site import urls
from generator.site.context import SiteContext, lead
from generator.site.cycle import reported_targets_sentence
from generator.site.render import Page, render


def make(ctx: SiteContext, year: int, slug: str) -> Page:
    """The management cycle of a municipality's edition: each stage with what the data give it."""
    mu = ctx.mu(slug, year)
    url = urls.cycle(year, slug)
    edition = academic_year(year)
    data = ctx.ds.entries[(year, slug)].data
    cycle = m.cycle_of_edition(ctx, year, slug)
    indicators = []
    printed = False  # a value of this edition is the source's printed figure, not computed from counts
    for section in ctx.cat.sections.values():
        for ind in ctx.cat.in_section(section.id):
            row = ctx.values.get(year, slug, ind.id)
            if row is None or row.value is None:
                continue
            printed = printed or row.basis == PRINTED
            indicators.append(
                {
                    "title": ind.short_title,
                    "section": section.title,
                    "value": ctx.fmt.row(ind, row),
                    "change": ctx.fmt.change(ind, row.change),
                    "source": ind.source,
                    "url": urls.relative(url, urls.section(year, slug, section.slug) + f"#{ind.id}"),
                    "methodology_url": urls.relative(url, urls.methodology(ind.id)),
                }
            )
    sources = sorted({i["source"] for i in indicators})
    page = m.front(
        ctx,
        year,
        f"Управленческий цикл — {mu.name}, {edition}",
        "Управленческий цикл",
        f"Цели, показатели, мониторинг, анализ, рекомендации, меры, решения и их эффективность: {mu.name}, {edition}.",
        lead(mu.name, edition, ctx.as_of(year)),
        where=mu.name,
        searchable=False,
    )
    return render(
        ctx,
        "cycle.md.j2",
        url,
        "cycle",
        page_year=year,
        page_territory=slug,
        page=page,
        cycle=cycle,
        stages=ctx.texts.stage_titles,
        stage=dict(ctx.texts.stage_titles),
        goals=[attr(g) for g in data.goals],
        indicators=indicators,
        sources=sources,
        municipal=ctx.municipal,
        printed=printed,
        as_of=(
            f"Данные этого выпуска собраны по состоянию на {ctx.monitoring.as_of_text(year)}"
            if ctx.monitoring.own(year)
            else f"Данные собираются ежегодно по состоянию на {ctx.monitoring.day_text()}."
        ),
        # only the sections that measured something this year: a section without a value was not measured
        sections=[
            {"title": s.title, "url": urls.md_link_between(url, urls.section(year, slug, s.slug))}
            for s in ctx.cat.sections_in(year)
            if any(i["section"] == s.title for i in indicators)
        ],
        indicators_count=format_count(len(indicators), ("показатель", "показателя", "показателей")),
        analysis=markdown_text(data.analysis) if data.analysis else "",
        section_analysis=[
            {
                "title": ctx.cat.sections[sid].title,
                "url": urls.md_link_between(url, urls.section(year, slug, ctx.cat.sections[sid].slug) + "#analysis"),
            }
            for sid in (s.id for s in ctx.cat.sections_in(year))
            if sid in data.section_analysis
        ],
        recommendations=m.municipality_recommendations(ctx, url, year, slug),
        rules_present=ctx.rules_present,
        measures=m.measure_rows(ctx, year, slug),
        measures_caption=m.measures_caption(ctx, year, slug),
        measures_heading=m.measures_heading(ctx, year, slug),
        events_count=len(data.events),
        decisions=m.decision_rows(ctx, year, slug),
        effects=[m.effect_row(e) for e in m.effects_of(ctx, year, slug)],
        effectiveness=markdown_text(data.effectiveness) if getattr(data, "effectiveness", None) else "",
        # the verdicts the source gives without planned values: the stage's table has no column for them
        reported_targets=reported_targets_sentence(m.target_rows(ctx, year, slug)),
        targets_link=urls.md_link_between(url, urls.targets(year, slug)),
        recs_link=urls.md_link_between(url, urls.recommendations(year, slug)),
        municipality_link=urls.md_link_between(url, urls.municipality(year, slug)),
    )


# --- the printable report -----------------------------------------------------------------
