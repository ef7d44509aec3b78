"""Embeds: a municipality's latest key figures as a small page that another site shows in an ``<iframe>``.

A school's or a municipality's own site must show its monitoring results; copying numbers by hand goes
stale with the next edition. ``/embed/<municipality>/`` (its key figures) and
``/embed/<municipality>/<section>/`` (one section's figures) always show the municipality's latest
published edition: the value, the change in words, the target where one is set, a link back to the full
page (``target="_top"``: the reader leaves the frame) and the page's citation in the ГОСТ form the site
prints under every page.

**Light and inert.** These are standalone HTML files, not MkDocs pages: no theme, no script at all, one
small stylesheet of the site (``assets/stylesheets/embed.css``), a few kilobytes in all. Every string
from the data goes through :func:`generator.core.text.attr`. MkDocs copies them as they are (an ``.html``
file in the docs folder is a static file), so they are in no navigation, sitemap or search index, and
``noindex`` keeps search engines to the full pages.

**Framing.** A ``<meta>`` CSP cannot say ``frame-ancestors``; only an HTTP header can. The ``_headers``
file (Cloudflare Pages' format; Netlify's is the same without the ``!`` lines) forbids framing everywhere
and allows it for ``/embed/*``; GitHub Pages sets no headers (see docs/publishing.md).
"""

from __future__ import annotations

import posixpath
import re
from typing import Any
from urllib.parse import urljoin

from markupsafe import Markup

from generator.compute.values import PRINTED
from generator.core.formatting import academic_year
from generator.core.text import attr
from generator.inputs.editions import latest_of
from generator.inputs.models import Indicator
from generator.site.context import SiteContext
from generator.site.formats import AS_PRINTED
from generator.site.overview import change_words
from generator.site.status_words import goal_words, marked

PREFIX = "embed"
CSS = "/assets/stylesheets/embed.css"
ICON = "/assets/images/favicon.png"  # Material's, as the other pages: a browser asks for one
CSP = (
    "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'none'"
)

HEADERS = """\
# HTTP-заголовки для хостингов, которые читают файл _headers (Cloudflare Pages; для Netlify уберите строки «!»).
# Страницы сайта нельзя показывать во фрейме чужого сайта (защита от кликджекинга); встраивать можно
# только блоки /embed/… — для них написан код «Разместить на своём сайте» на страницах муниципалитетов.
# Файл создаёт генератор (generator/site/embed.py); в <meta> политика frame-ancestors не действует.
/*
  X-Frame-Options: DENY
  Content-Security-Policy: frame-ancestors 'none'

/embed/*
  ! X-Frame-Options
  ! Content-Security-Policy
  Content-Security-Policy: frame-ancestors *
"""


def url(slug: str, section_slug: str | None = None) -> str:
    """The permanent address of an embed: ``/embed/<municipality>/`` or ``/embed/<municipality>/<section>/``."""
    return f"/{PREFIX}/{slug}/" + (f"{section_slug}/" if section_slug else "")


def citation(title: str, edition: str, site_name: str, what: str, region: str, address: str) -> str:
    """The ГОСТ Р 7.0.100-2018 reference in the words of ``site_overrides/partials/citation.html``; ``what``
    is the monitoring as the site's texts name it in a citation (``data/site.yaml``)."""
    where = f" ({edition})" if edition and edition not in title else ""
    named = f": {what}" if what else ""
    of = f" ({region})" if region else ""
    return (
        f"{title}{where} // {site_name}{named}{of} : [сайт]. – URL: {address} "
        f"(дата обращения: __.__.____). – Текст : электронный."
    )


def key_kicker(ctx: SiteContext) -> str:
    """What a municipality's embed shows, in the site's words: «ключевые показатели мониторинга …»."""
    return f"ключевые показатели {ctx.texts.short_genitive or 'мониторинга'}"


def _absolute(ctx: SiteContext, path: str) -> str:
    base = ctx.info.site_url
    return urljoin(base if base.endswith("/") else base + "/", path.lstrip("/")) if base else path


def _relative(from_url: str, to_url: str) -> str:
    rel = posixpath.relpath(to_url.rstrip("/") or "/", from_url)
    return rel + ("/" if to_url.endswith("/") and not rel.endswith("/") else "")


def _figure(ctx: SiteContext, year: int, slug: str, ind: Indicator) -> dict[str, str] | None:
    row = ctx.values.get(year, slug, ind.id)
    if row is None or row.value is None:
        return None
    earlier = any(y < year and ind.exists_in(y) for y in ctx.years)  # whether a change can be said
    target = row.target
    status = str(row.target_status)
    change = change_words(row.change, ind.kind.value, ctx.cat.precision(ind), ctx.cat.unit(ind)) if earlier else ""
    if row.basis == PRINTED:  # the source's figure, not computed from counts: said as on the site's pages
        change = f"{change} Значение — {AS_PRINTED}." if change else f"Значение — {AS_PRINTED}."
    goal = goal_words(status, ctx.fmt(ind, target)) if target is not None else ""
    if row.target_reported:  # the source's verdict, without a planned value
        goal = goal_words(status, None)
    return {
        "label": ind.short_title,
        "value": ctx.fmt(ind, row.value),
        "change": change,
        "target": goal,
        "status": status if goal else "",
    }


def _page(
    ctx: SiteContext, *, self_url: str, heading: str, kicker: str, figures: list[dict[str, str]], full_url: str,
    full_title: str, edition: str, as_of: str, empty: str,
) -> str:  # fmt: skip
    """The standalone HTML of one embed; every data string escaped with :func:`attr`."""
    a = attr
    cite = citation(
        full_title, edition, ctx.info.name, ctx.texts.citation or "", ctx.info.region, _absolute(ctx, full_url)
    )
    items = []
    for f in figures:
        parts = [
            f'<span class="pf-e__label">{a(f["label"])}</span>',
            f'<span class="pf-e__value">{a(f["value"])}</span>',
        ]
        if f["change"]:
            parts.append(f'<span class="pf-e__change">{a(f["change"])}</span>')
        if f["target"]:
            words = a(marked(f["status"], f["target"]))
            parts.append(f'<span class="pf-e__target pf-e__target--{a(f["status"])}">{words}</span>')
        items.append("<li>" + "".join(parts) + "</li>")
    demo = (
        '<p class="pf-e__demo">Демонстрационные данные: территории и значения вымышлены.</p>\n'
        if ctx.info.demo
        else ""
    )
    body = "\n".join(items) if items else f"<li>{a(empty)}</li>"
    back = a(_relative(self_url, full_url))
    html = f"""<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{a(heading)} — {a(kicker)}</title>
<link rel="canonical" href="{a(_absolute(ctx, full_url))}">
<link rel="stylesheet" href="{a(_relative(self_url, CSS))}">
<link rel="icon" href="{a(_relative(self_url, ICON))}">
</head>
<body>
<main class="pf-e">
<p class="pf-e__kicker">{a(ctx.info.name)} · {a(kicker)}</p>
<h1>{a(heading)}</h1>
<p class="pf-e__asof">{a(edition)}, {a(as_of)}</p>
{demo}<ul class="pf-e__figures">
{body}
</ul>
<p class="pf-e__more"><a href="{back}" target="_top">Все показатели и анализ — на сайте «{a(ctx.info.name)}»</a></p>
<p class="pf-e__cite"><span class="pf-e__cite-title">Как сослаться:</span> {a(cite)}</p>
</main>
</body>
</html>
"""
    return html


def pages(ctx: SiteContext) -> dict[str, str]:
    """Every embed page by its file path in the docs folder (``embed/<slug>/index.html``, …)."""
    out: dict[str, str] = {}
    for mu in ctx.munis:
        year = latest_of(ctx.ds, ctx.states, mu.slug)
        if year is None:
            continue
        edition = academic_year(year)
        as_of = ctx.as_of(year)
        key = [
            f
            for i in ctx.cat.indicators.values()
            if i.key and i.exists_in(year)
            if (f := _figure(ctx, year, mu.slug, i))
        ]
        own = url(mu.slug)
        out[own.strip("/") + "/index.html"] = _page(
            ctx,
            self_url=own,
            heading=mu.name,
            kicker=key_kicker(ctx),
            figures=key,
            full_url=f"/{year}/{mu.slug}/",
            full_title=f"{ctx.mu(mu.slug, year).name} — {edition}",  # as that page titles itself
            edition=edition,
            as_of=as_of,
            empty="Ключевых показателей в этом выпуске нет: данные муниципалитета — в разделах по ссылке ниже.",
        )
        for section in ctx.cat.sections_in(year):
            inds = [i for i in ctx.cat.in_section(section.id) if i.exists_in(year)]
            figures = [f for i in inds if (f := _figure(ctx, year, mu.slug, i))]
            own = url(mu.slug, section.slug)
            out[own.strip("/") + "/index.html"] = _page(
                ctx,
                self_url=own,
                heading=mu.name,
                kicker=section.title,
                figures=figures,
                full_url=f"/{year}/{mu.slug}/{section.slug}/",
                full_title=section.title,  # as the section page titles itself in its citation (its nav title)
                edition=edition,
                as_of=as_of,
                empty="Данных раздела в этом выпуске нет.",
            )
    return out


def files(ctx: SiteContext) -> dict[str, bytes]:
    """The embed pages and the ``_headers`` file, as the docs folder's files."""
    found = {path: text.encode("utf-8") for path, text in pages(ctx).items()}
    found["_headers"] = HEADERS.encode("utf-8")
    return found


def published(files_: dict[str, bytes]) -> set[str]:
    """The embeds' addresses among a build's files: permanent like the pages' (they sit on other sites)."""
    return {
        "/" + p.removesuffix("index.html") for p in files_ if p.startswith(f"{PREFIX}/") and p.endswith("/index.html")
    }


def split_redirects(redirects: dict[str, str]) -> tuple[dict[str, bytes], dict[str, str]]:
    """Redirects of moved embeds as standalone pages (a refresh, no theme, no script), and the other redirects.

    An iframe on another site keeps its old address: it is sent on to the new one without a Material page
    (which forbids framing by the headers of every other address) in between.
    """
    files: dict[str, bytes] = {}
    others: dict[str, str] = {}
    for old, new in redirects.items():
        if not (old.startswith(f"/{PREFIX}/") and old.endswith("/") and new.startswith(f"/{PREFIX}/")):
            others[old] = new
            continue
        target = attr(_relative(old, new))
        files[old.strip("/") + "/index.html"] = (
            f'<!doctype html>\n<html lang="ru">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            f'<meta http-equiv="refresh" content="0; url={target}">\n<meta name="robots" content="noindex">\n'
            f"<title>Блок перенесён</title>\n</head>\n<body>\n"
            f'<p>Блок перенесён: <a href="{target}">{attr(new)}</a>.</p>\n</body>\n</html>\n'
        ).encode()
    return files, others


def snippet(ctx: SiteContext, slug: str, page_url: str) -> dict[str, Any]:
    """The «Разместить на своём сайте» block of a municipality's page: the ``<iframe>`` code to copy."""
    mu = ctx.by_slug[slug]
    year = latest_of(ctx.ds, ctx.states, slug)
    count = sum(
        1
        for i in ctx.cat.indicators.values()
        if year is not None and i.key and i.exists_in(year) and _figure(ctx, year, slug, i)
    )
    height = 230 + 78 * max(count, 1)
    address = _absolute(ctx, url(slug))
    # The code is shown as text: a name's <, >, & or quote would be escaped twice there; the title goes without.
    title = re.sub(r"[<>&\"']", "", f"{mu.name}: {key_kicker(ctx)}")
    code = (
        f'<iframe src="{attr(address)}" title="{attr(title)}" width="100%" height="{height}" '
        f'style="border:0;max-width:40rem" loading="lazy"></iframe>'
    )
    first = next(iter(ctx.cat.sections_in(year)), None) if year is not None else None
    return {
        "code": Markup(attr(code)),  # shown as text in <code>: escaped once, printed as it is
        "url": address,
        "preview": _relative(page_url, url(slug)),
        "section_url": _absolute(ctx, url(slug, first.slug)) if first is not None else "",
        "section_title": first.title if first is not None else "",
    }
