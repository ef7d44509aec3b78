"""Every page type of the demo site, opened in headless Chromium, works with the local server alone.

For one page of each type (the list ``make screenshots`` shoots):

* the page loads with no console error, no script error, no failed request and no request to any host
  other than the local server;
* every interactive chart (``figure.pf-chart``) is drawn once scrolled into view, and its indicator block
  keeps the table alternative (a ``details.pf-table`` table) for readers who cannot see the chart;
* the report, made for print and PDF, shows static images instead of interactive charts, and they load.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .browser import PageLog, chromium, serve
from .site_helpers import PAGE_TYPES, BuiltSite, page_types
from .test_browser_charts import _draw_all

# For each chart: is there a table alternative between its indicator heading (h2) and the next one? A chart
# inside a list (the home page's tiles) is looked after from the list on, the block that holds it.
CHARTS_WITHOUT_TABLE = """() => [...document.querySelectorAll('figure.pf-chart')].filter(figure => {
    const block = figure.closest('ul, ol') || figure;
    for (let node = block.nextElementSibling; node && node.tagName !== 'H2'; node = node.nextElementSibling) {
        if (node.matches('details.pf-table') && node.querySelector('table')) return false;
    }
    return true;
}).map(figure => figure.id)"""


@pytest.fixture(scope="module")
def site_in_browser(demo_site: BuiltSite) -> Iterator[tuple[Any, str, dict[str, str]]]:
    assert demo_site.result.ok
    pages = page_types(demo_site.out)
    with serve(demo_site.out, search=False) as base, chromium() as browser:
        yield browser, base, pages


@pytest.fixture
def opened(
    site_in_browser: tuple[Any, str, dict[str, str]], request: pytest.FixtureRequest
) -> Iterator[tuple[Any, PageLog]]:
    """The page of one type, loaded, with the log of what it did."""
    browser, base, pages = site_in_browser
    name = request.param
    assert name in pages, f"the demo site has no page of type {name!r}"
    page = browser.new_page()
    log = PageLog(base)
    log.attach(page)
    page.goto(base + pages[name], wait_until="load")
    yield page, log
    page.close()


@pytest.mark.parametrize("opened", PAGE_TYPES, indirect=True)
def test_the_page_loads_and_draws_its_charts_with_their_tables_with_no_error_and_no_outside_request(
    opened: tuple[Any, PageLog],
) -> None:
    page, log = opened
    figures = page.locator("figure.pf-chart").count()
    if figures:
        assert _draw_all(page) >= figures, "a chart was not drawn as SVG"
        assert page.evaluate(CHARTS_WITHOUT_TABLE) == [], "charts with no table alternative in their block"
    page.wait_for_load_state("networkidle")
    assert log.problems() == []


@pytest.mark.parametrize("opened", ["report"], indirect=True)
def test_the_report_shows_static_images_instead_of_interactive_charts(opened: tuple[Any, PageLog]) -> None:
    page, log = opened
    assert page.locator("figure.pf-chart").count() == 0
    images = page.locator("article img")
    assert images.count() > 0
    widths = page.evaluate(
        "() => Promise.all([...document.querySelectorAll('article img')]"
        ".map(i => i.decode().then(() => i.naturalWidth)))"
    )
    assert all(w > 0 for w in widths), "an image of the report did not load"
    assert log.problems() == []
