"""The pages of addressed recommendations: a municipality's, and the region's by rule."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.compute.table import REGION
from generator.core.formatting import academic_year, format_date_text
from generator.core.text import upper_first
from generator.site import management as m
from generator.site import urls
from generator.site.context import SiteContext, lead
from generator.site.render import Page, render

if TYPE_CHECKING:
    from generator.recommend.model import Recommendation


def make(ctx: SiteContext, year: int, slug: str) -> Page:
    """A municipality's addressed recommendations of an edition, grouped by addressee."""
    mu = ctx.mu(slug, year)
    url = urls.recommendations(year, slug)
    edition = academic_year(year)
    groups = m.municipality_recommendations(ctx, url, year, slug)
    page = m.front(
        ctx,
        year,
        f"Адресные рекомендации — {mu.name}, {edition}",
        "Адресные рекомендации",
        f"Адресные рекомендации по итогам {ctx.texts.short_genitive}: {mu.name}, {edition}.",
        lead(mu.name, edition, ctx.as_of(year)),
        where=mu.name,
    )
    return render(
        ctx,
        "recommendations.md.j2",
        url,
        "recommendations",
        page_year=year,
        page_territory=slug,
        page=page,
        groups=groups,
        count=len(ctx.recs.get((year, slug), [])),
        own_count=len(m.own_recommendations(ctx, year, slug)),
        regional_count=len(m.addressed_to(ctx, year, slug)),
        region_source=_region_source(ctx, year),
        rules_present=ctx.rules_present,
        has_values=bool(m.measured(ctx, year, slug)),
        no_rule_fired=(
            "показатели муниципалитета не ниже целевых значений и не ухудшаются"
            if ctx.municipal
            else "показатели муниципалитета не ниже целевых значений и значений по региону"
        ),
        compared_with=(
            "с целевым значением или с прошлыми годами"
            if ctx.municipal
            else "с целевым значением, со значением по региону или с прошлыми годами"
        ),
        municipality_link=urls.md_link_between(url, urls.municipality(year, slug)),
        region_link="" if ctx.municipal else urls.md_link_between(url, urls.recommendations(year)),
    )


def _region_source(ctx: SiteContext, year: int) -> str:
    report = ctx.ds.region_reports.get(year)
    return report.source if report is not None and report.source else ""


def make_region(ctx: SiteContext, year: int) -> Page:
    """One entry per triggered rule and indicator, naming together every municipality it applies to (as
    003 does). A «no data» rule is one entry with a line per indicator: its text says the same of every
    indicator, and a region where data are missing in many places would otherwise repeat it for each."""
    url = urls.recommendations(year)
    edition = academic_year(year)
    by_rule: dict[tuple[str, str], list[Recommendation]] = defaultdict(list)
    for mu in ctx.munis_in(year):
        for rec in ctx.recs.get((year, mu.slug), []):
            by_rule[(rec.rule_id, "" if rec.condition == "no_data" else rec.indicator)].append(rec)
    order = {r.id: i for i, r in enumerate(ctx.rules.rules)} if ctx.rules else {}
    rules_by_id = {r.id: r for r in ctx.rules.rules} if ctx.rules else {}
    entries = []
    position = {ind_id: i for i, ind_id in enumerate(ctx.cat.indicators)}
    listed = {mu.slug: i for i, mu in enumerate(ctx.munis_in(year))}

    def municipality(r: Recommendation) -> dict[str, str]:
        ind = ctx.cat.indicators[r.indicator]
        section = ctx.cat.sections[ind.section]
        return {
            "name": ctx.mu(r.territory, year).name,
            "url": urls.relative(url, urls.section(year, r.territory, section.slug) + f"#{ind.id}"),
            "recs_url": urls.relative(url, urls.recommendations(year, r.territory)),
            "inputs": "; ".join(f"{label} — {value}" for label, value in r.inputs),
            "text": r.text,
        }

    def in_order(recs: Iterable[Recommendation]) -> list[Recommendation]:
        return sorted(recs, key=lambda r: (position[r.indicator], listed[r.territory]))

    for (rule_id, indicator_id), recs in sorted(
        by_rule.items(), key=lambda kv: (order.get(kv[0][0], 0), min(position[r.indicator] for r in kv[1]))
    ):
        first = in_order(recs)[0]
        rule = rules_by_id.get(rule_id)
        common = {
            # Said of every municipality listed: a threshold with one municipality's target would be
            # wrong for the others (their targets are among their values below).
            "threshold": first.shared_threshold or first.threshold,
            "audiences": [ctx.audiences.get(a, a) for a in first.audiences],
            "deadline": format_date_text(first.deadline) if first.deadline else "",
            "rule": first.rule_title,
        }
        if not indicator_id:  # «no data»: one line per indicator, its municipalities listed
            lines: dict[str, list[Recommendation]] = defaultdict(list)
            for r in in_order(recs):
                lines[r.indicator].append(r)
            summary = getattr(rule, "summary", None)
            entries.append(
                {
                    **common,
                    "id": rule_id,
                    "heading": summary or upper_first(common["threshold"]),
                    "lines": [
                        {
                            "indicator": ctx.cat.indicators[name].short_title,
                            "methodology_url": urls.relative(url, urls.methodology(name)),
                            "municipalities": [municipality(r) for r in group],
                        }
                        for name, group in lines.items()
                    ],
                }
            )
            continue
        ind = ctx.cat.indicators[indicator_id]
        entries.append(
            {
                **common,
                "id": f"{rule_id}-{indicator_id}",
                "heading": m.rule_heading(rule, ind.short_title, common["threshold"]),
                "indicator": ind.short_title,
                "municipalities": [municipality(r) for r in in_order(recs)],
                "methodology_url": urls.relative(url, urls.methodology(ind.id)),
            }
        )
    page = m.front(
        ctx,
        year,
        f"Адресные рекомендации региона — {edition}",
        "Адресные рекомендации по итогам мониторинга",
        f"Адресные рекомендации муниципалитетам по итогам {ctx.texts.short_genitive}, {ctx.info.region}, {edition}.",
        lead(ctx.info.region, edition, ctx.as_of(year)),
    )
    own = m.region_recommendations(ctx, year)
    return render(
        ctx,
        "region_recommendations.md.j2",
        url,
        "region_recommendations",
        page_year=year,
        page_territory=REGION,
        page=page,
        own_groups=m.region_groups(ctx, url, year, own),
        own_count=len(own),
        own_source=_region_source(ctx, year),
        entries=entries,
        rules_present=ctx.rules_present,
        edition_link=urls.md_link_between(url, urls.edition(year)),
    )


# --- targets ------------------------------------------------------------------------------
