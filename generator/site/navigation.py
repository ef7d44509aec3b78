"""The site's navigation: editions, each with the region's pages and its municipalities; then the
municipalities' latest pages, the methodology and the open data."""

from __future__ import annotations

from collections.abc import Container
from typing import Any

from generator.core.formatting import academic_year
from generator.core.text import attr
from generator.inputs.registry_model import Municipality, MunicipalityType
from generator.site import urls
from generator.site.context import SiteContext

GROUP_OVER = 25
"""A list of more municipalities than this is grouped by their type in the navigation."""

TYPE_GROUPS = {
    MunicipalityType.urban_okrug: "Городские округа",
    MunicipalityType.municipal_okrug: "Муниципальные округа",
    MunicipalityType.district: "Муниципальные районы",
}


def grouped_by_type(entries: list[tuple[Municipality, Any]]) -> list[Any]:
    """The municipalities' navigation entries, in groups by type when the list is long.

    Every page of a municipality shows its edition's list in the sidebar: with 60 municipalities that was
    most of a page's bytes and of its rendering, and a long flat list to scroll through. Grouped, a page
    shows the groups and its own group's members; a region's reports list their municipalities by type,
    too. A short list, or one of a single type, stays as it is.
    """
    if len(entries) <= GROUP_OVER or len({mu.type for mu, _ in entries}) < 2:
        return [entry for _, entry in entries]
    groups: dict[MunicipalityType, list[Any]] = {}
    for mu, entry in entries:
        groups.setdefault(mu.type, []).append(entry)
    return [{TYPE_GROUPS[kind]: groups[kind]} for kind in sorted(groups, key=lambda k: TYPE_GROUPS[k])]


def nav_title(text: str) -> str:
    """A title for MkDocs' navigation: Material writes nav titles into the HTML unescaped."""
    return str(attr(text))


def navigation(ctx: SiteContext, pages: Container[str], expanded: int | None = None) -> list[Any]:
    """The navigation of a site whose Markdown files are ``pages`` (docs paths).

    Each edition is its own MkDocs build with its own navigation (``expanded``: that edition's pages in
    full, every earlier edition as a link to its overview); the build of the rest of the site lists all the
    editions as links. A page shows only its own branch anyway (Material's ``navigation.prune``), so an
    edition's pages do not change when another's do.

    An edition's navigation names nothing that comes after it — no later edition, no municipality whose
    data begin later — so the next school year's first file leaves every published page as it was (and its
    PDFs are not printed again). A later edition is a step away: the home page, the version list in the header
    and the «не последний выпуск» notice (``site_overrides/main.html``), the latest page of a municipality.
    """
    nav: list[Any] = [{"Главная": "index.md"}]
    for year in reversed(ctx.years):
        if expanded is not None and year > expanded:
            continue
        if year != expanded:
            nav.append({academic_year(year): urls.docs_path(urls.edition(year))})
            continue
        nav.append({academic_year(year): edition_branch(ctx, year)})
    latest = [
        (mu, {nav_title(mu.name): urls.docs_path(urls.latest_municipality(mu.slug))})
        for mu in ctx.munis
        if urls.docs_path(urls.latest_municipality(mu.slug)) in pages
        and (expanded is None or any(ctx.has_data(y, mu.slug) for y in ctx.years if y <= expanded))
    ]
    nav.append({"Муниципалитет" if ctx.municipal else "Муниципалитеты": grouped_by_type(latest)})
    nav.append({"Методика": urls.docs_path("/methodology/")})
    nav.append({"Открытые данные": urls.docs_path(urls.DATA)})
    return nav


def edition_branch(ctx: SiteContext, year: int) -> list[Any]:
    """An edition's pages in the navigation: its overview, the region's pages, its municipalities."""
    region: list[Any] = [urls.docs_path(urls.edition(year))]
    if not ctx.municipal:  # a municipal monitoring has no region's pages: its municipality is the top
        region.append({"Адресные рекомендации": urls.docs_path(urls.recommendations(year))})
        region.append(
            {
                "Регион в целом": [
                    {nav_title(s.title): urls.docs_path(urls.region_section(year, s.slug))}
                    for s in ctx.cat.sections_in(year)
                ]
            }
        )
    entries: list[tuple[Municipality, Any]] = []
    for mu in ctx.munis_in(year):  # named and grouped as in that year
        if not ctx.has_data(year, mu.slug):
            continue
        children: list[Any] = [urls.docs_path(urls.municipality(year, mu.slug))]
        children += [
            {nav_title(s.title): urls.docs_path(urls.section(year, mu.slug, s.slug))}
            for s in ctx.cat.sections_in(year)
        ]
        children += [
            {"Целевые показатели": urls.docs_path(urls.targets(year, mu.slug))},
            {"Адресные рекомендации": urls.docs_path(urls.recommendations(year, mu.slug))},
            {"Управленческий цикл": urls.docs_path(urls.cycle(year, mu.slug))},
            {"Аналитический отчёт": urls.docs_path(urls.report(year, mu.slug))},
        ]
        entries.append((mu, {nav_title(mu.name): children}))
    return region + grouped_by_type(entries)
