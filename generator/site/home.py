"""The home page: what the site publishes, the top territory's latest key figures, every edition."""

from __future__ import annotations

from markupsafe import Markup

from generator.core.formatting import academic_year
from generator.core.text import md
from generator.site import overview, urls
from generator.site.blocks import key_rows
from generator.site.context import SiteContext, lead
from generator.site.render import Page, render
from generator.site.urls import md_link


def make(ctx: SiteContext) -> Page:
    url = "/"
    path = urls.docs_path(url)
    latest = ctx.latest
    assert latest is not None
    # Markdown written here, so the name is escaped for Markdown (a «[клик](javascript:…)» in it stays
    # text) and the paragraph is Markup: the template must not escape the escaped name a second time.
    intro = Markup(
        f"Здесь публикуются результаты ежегодного {md(ctx.texts.direction_genitive)} ({md(ctx.top_name())}): "
        + (
            "показатели муниципалитета, их динамика, цели муниципальной программы и анализ. "
            if ctx.municipal
            else "показатели по каждому муниципалитету и региону в целом, их динамика, цели муниципальных "
            "программ и анализ. "
        )
        + f"[Как считаются показатели]({md_link(path, urls.docs_path('/methodology/'))}) · "
        f"[Открытые данные]({md_link(path, urls.docs_path(urls.DATA))})"
    )
    which = "предварительный выпуск" if ctx.states[latest].draft else "последний выпуск"
    coverage = ctx.coverage(latest)
    page = {
        "title": "Главная",
        "heading": ctx.texts.heading,
        "description": f"Результаты {ctx.texts.system_genitive}: {ctx.info.region}.",
        "lead": lead(ctx.top_lead(), f"{which} — {academic_year(latest)}"),
        "edition": academic_year(latest),
        "coverage": f", {coverage}" if coverage else "",
    }
    tiles = overview.home_tiles(ctx, url, latest)  # key figures as tiles with sparklines
    return render(
        ctx,
        "home.md.j2",
        url,
        "home",
        page_files=tiles.files,
        page=page,
        intro=intro,
        key_title=ctx.key_title(),
        overview=tiles.view,
        key_rows=key_rows(ctx, path, latest, ctx.top) if not tiles.view["tiles"] else [],  # no tile: the table
        municipal=ctx.municipal,
        latest_label=academic_year(latest),
        latest_link=md_link(path, urls.docs_path(urls.edition(latest))),
        municipalities=[
            {"name": mu.name, "link": md_link(path, urls.docs_path(urls.latest_municipality(mu.slug)))}
            for mu in ctx.munis
            if any(ctx.has_data(y, mu.slug) for y in ctx.years)
        ],
        editions=[
            {"label": ctx.edition_label(y), "link": md_link(path, urls.docs_path(urls.edition(y)))}
            for y in reversed(ctx.years)
        ],
        as_of=ctx.monitoring.yearly(ctx.years),
    )
