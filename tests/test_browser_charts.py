"""In a real browser, section pages draw their charts from the site's own scripts, also after an instant navigation."""

from __future__ import annotations

import re
from typing import Any

import pytest

from generator.site import urls

from .browser import PageLog
from .site_helpers import BuiltSite, drawn_specs


def _draw_all(page: Any) -> int:
    """Scroll every chart into view (they are drawn when they come near the viewport); return how many are live."""
    page.wait_for_selector("figure.pf-chart", state="attached")  # instant navigation swaps the content in
    figures = page.locator("figure.pf-chart")
    for i in range(figures.count()):
        figures.nth(i).scroll_into_view_if_needed()
    page.wait_for_function(
        "() => [...document.querySelectorAll('figure.pf-chart')].every(f => f.classList.contains('pf-chart--live'))",
        timeout=20_000,
    )
    return page.locator("figure.pf-chart--live svg").count()


def _section_url(demo_site: BuiltSite) -> str:
    year = max(int(p.name) for p in demo_site.out.iterdir() if p.name.isdigit())
    page = next(
        p
        for p in sorted((demo_site.out / str(year)).glob("*/*/index.html"))
        if "region" not in p.parts and p.parent.name not in urls.MUNICIPALITY_PAGES
    )
    return "/" + str(page.parent.relative_to(demo_site.out)) + "/"


def test_a_section_page_draws_every_chart_as_svg_with_no_error_and_no_outside_request(
    browser_site: tuple[Any, str], demo_site: BuiltSite
) -> None:
    browser, base = browser_site
    page = browser.new_page()
    log = PageLog(base)
    log.attach(page)
    page.goto(base + _section_url(demo_site))
    figures = page.locator("figure.pf-chart").count()
    assert figures > 0
    assert _draw_all(page) >= figures
    description = page.locator("figure.pf-chart img.pf-chart__static").first.get_attribute("alt")
    assert description and description.startswith("График")
    assert log.problems() == []
    page.close()


def test_a_section_pages_live_chart_draws_the_numbers_of_its_table(
    browser_site: tuple[Any, str], demo_site: BuiltSite
) -> None:
    """No chart file: the browser reads the points off the table under the chart, and fills its kind's template."""
    browser, base = browser_site
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    url = _section_url(demo_site)
    page.goto(base + url)
    _draw_all(page)
    drawn = page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('figure.pf-chart')].map(f => [f.id, f.pfSpec]))"
    )
    html = (demo_site.out / url.strip("/") / "index.html").read_text(encoding="utf-8")
    assert drawn == drawn_specs(demo_site.out, url, html)  # what the Python mirror (and the tests) rebuild
    for figure_id, spec in drawn.items():
        table = page.locator("figure#" + figure_id + " ~ details.pf-table table").first
        series = spec["encoding"]["color"]["scale"]["domain"]
        for point in spec["data"]["values"]:
            index = series.index(point["series"])
            cell = table.locator(f'tr[data-pf-year="{point["year"]}"] td[data-pf-s="{index}"]')
            number = cell.get_attribute("data-pf-v")
            assert number is not None and point["value"] == (None if number == "null" else float(number))
            assert point["formatted"] in (cell.get_attribute("data-pf-f"), cell.text_content())  # the tooltip
    assert not [r for r in requested if re.search(r"/charts/\d{4}/.*\.json", r)]  # no per-chart file is fetched
    assert any("/assets/charts/trend-" in r for r in requested)  # the shared template of a kind
    page.close()


def test_charts_are_drawn_again_after_an_instant_navigation(
    browser_site: tuple[Any, str], demo_site: BuiltSite
) -> None:
    browser, base = browser_site
    page = browser.new_page()
    log = PageLog(base)
    log.attach(page)
    section = _section_url(demo_site)
    municipality = section.rstrip("/").rsplit("/", 1)[0] + "/"
    # Material takes a click only for a URL of the sitemap, which it fetches after the page loads: on a
    # busy machine a click before it arrives is an ordinary page load.
    with page.expect_response(lambda r: r.url.endswith("/sitemap.xml")):
        page.goto(base + municipality)
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__sameDocument = true")
    page.locator(f'article a[href$="{section.rstrip("/").rsplit("/", 1)[1]}/"]').first.click()
    page.wait_for_url(base + section)
    assert page.evaluate("window.__sameDocument === true"), "Material's instant navigation did not take the click"
    assert _draw_all(page) > 0
    assert log.problems() == []
    page.close()


def test_print_shows_the_static_images(browser_site: tuple[Any, str], demo_site: BuiltSite) -> None:
    browser, base = browser_site
    page = browser.new_page()
    page.goto(base + _section_url(demo_site))
    _draw_all(page)
    page.emulate_media(media="print")
    visible = page.evaluate(
        "() => [...document.querySelectorAll('img.pf-chart__static')]"
        ".filter(i => getComputedStyle(i).display !== 'none').length"
    )
    assert visible == page.locator("img.pf-chart__static").count()
    loaded = page.evaluate(
        "() => Promise.all([...document.querySelectorAll('img.pf-chart__static')]"
        ".map(i => i.decode().then(() => i.naturalWidth)))"
    )
    assert all(w > 0 for w in loaded)
    page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_trend_chart_keeps_its_pictures_height_when_it_turns_live(
    browser_site: tuple[Any, str], demo_site: BuiltSite, width: int
) -> None:
    """The page must not move when a picture gives way to its live chart: it had shrunk by ~80 px a chart on a
    wide screen and grown by ~90 px on a phone. The pictures are measured with the page's scripts running
    but the charts' script refused, as a reader sees them before a chart turns live."""
    browser, base = browser_site
    figures = "figure.pf-chart[data-pf-table]"
    heights = {}
    for live in (False, True):
        context = browser.new_context(viewport={"width": width, "height": 900})
        if not live:
            context.route("**/javascripts/charts.js", lambda route: route.abort())
        page = context.new_page()
        page.goto(base + _section_url(demo_site))
        page.wait_for_selector(figures)
        if live:
            _draw_all(page)
        else:
            page.wait_for_function("document.documentElement.classList.contains('js')")
        heights[live] = page.evaluate(
            f"[...document.querySelectorAll('{figures}')].map(f => f.getBoundingClientRect().height)"
        )
        context.close()
    assert len(heights[False]) > 3 and len(heights[True]) == len(heights[False])
    for static, drawn in zip(heights[False], heights[True], strict=True):
        assert abs(static - drawn) <= 2, (static, drawn)


def test_on_a_phone_a_live_trend_chart_is_tall_enough_to_read_and_without_scripts_a_picture_keeps_its_ratio(
    browser_site: tuple[Any, str], demo_site: BuiltSite
) -> None:
    """Scaled to a 390 px column, a picture was ~210 px high with a plot of ~85 px; its live chart was as flat."""
    browser, base = browser_site
    for scripts in (False, True):
        context = browser.new_context(java_script_enabled=scripts, viewport={"width": 390, "height": 900})
        page = context.new_page()
        page.goto(base + _section_url(demo_site))
        page.wait_for_selector("figure.pf-chart[data-pf-table]")
        if scripts:
            _draw_all(page)
            plots = page.evaluate(
                "[...document.querySelectorAll('figure.pf-chart[data-pf-table] .pf-chart__live svg')]"
                ".map(s => s.getBoundingClientRect().height)"
            )
            assert plots and min(plots) >= 295, plots
            titles = page.evaluate(
                "[...document.querySelectorAll('figure.pf-chart[data-pf-table]')].map(f =>"
                " [f.getAttribute('data-pf-title'), [...f.querySelectorAll('.pf-chart__live svg .role-title text')]"
                ".flatMap(t => t.querySelector('tspan') ? [...t.querySelectorAll('tspan')].map(s => s.textContent)"
                " : [t.textContent]).join(' ')])"
            )
            assert titles and all(drawn == title for title, drawn in titles), "a long title wraps, it is not cut"
        else:
            boxes = page.evaluate(
                "[...document.querySelectorAll('img.pf-chart__static')].map(i => {"
                " const r = i.getBoundingClientRect(); return [r.width, r.height, i.width, i.height,"
                " +i.getAttribute('width'), +i.getAttribute('height')]; })"
            )
            for width, height, _, _, own_width, own_height in boxes:
                assert abs(height - width * own_height / own_width) <= 1, "no room left empty under it"
        context.close()
