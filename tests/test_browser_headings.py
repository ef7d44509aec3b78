"""A heading's permalink «#» is invisible until hovered or focused, and it takes no line of its own.

Material lays the «#» out as an inline-block, and a line may break before one: when a heading's last word
filled the line, the «#» went alone to the next line and left a blank line under the heading, on a phone and
on a desktop alike. Styles: site_overrides/assets/stylesheets/extra.css.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from generator.site import urls

from .browser import PageLog
from .site_helpers import BuiltSite, latest_edition

WIDTHS = {"phone": 390, "narrow phone": 320, "desktop": 1280}

# For each heading with a permalink: its text, and how far below the top of the heading text's last line the
# «#» begins (0 when it shares that line).
LINKS_BELOW = """() => [...document.querySelectorAll('.md-content h1, .md-content h2, .md-content h3, .md-content h4')]
  .filter(h => h.querySelector('.headerlink'))
  .map(h => {
    const link = h.querySelector('.headerlink');
    const range = document.createRange();
    range.setStartBefore(h.firstChild);
    range.setEndBefore(link);
    const lines = [...range.getClientRects()].filter(r => r.width > 0);
    const last = lines[lines.length - 1];
    const text = h.textContent.replace('#', '').trim().slice(0, 60);
    return [text, Math.round(link.getBoundingClientRect().top - last.top)];
  })"""


@pytest.fixture(scope="module")
def pages(demo_site: BuiltSite) -> dict[str, str]:
    """Pages with many long headings: the report's, the sections', the recommendations', the methodology."""
    assert demo_site.result.ok
    year, slug = latest_edition(demo_site.out)
    section = sorted(
        p.name
        for p in (demo_site.out / str(year) / slug).iterdir()
        if (p / "index.html").is_file() and p.name not in urls.MUNICIPALITY_PAGES
    )[0]
    return {
        "report": urls.report(year, slug),
        "section": urls.section(year, slug, section),
        "recommendations": urls.recommendations(year, slug),
        "region's recommendations": urls.recommendations(year),
        "methodology": "/methodology/",
        "about": "/about/",
        "edition": urls.edition(year),
    }


@pytest.fixture(scope="module")
def measured(browser_site: tuple[Any, str], pages: dict[str, str]) -> dict[str, dict[str, list[tuple[str, int]]]]:
    """Each page loaded once and measured at every width, then once more at a phone's with Material's layout of
    the «#» put back: ``{width or "material": {page: [(heading, px below its last line)]}}``.

    A heading's lines are laid out by the style sheet alone, so resizing the window lays them out as loading the
    page at that width does (its charts, drawn later by script, sit below the headings' text and do not change
    it); one load instead of four per page.
    """
    browser, base = browser_site
    tab = browser.new_page()
    log = PageLog(base)
    log.attach(tab)
    found: dict[str, dict[str, list[tuple[str, int]]]] = {}
    try:
        for which, url in pages.items():
            tab.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
            tab.goto(base + url)
            tab.wait_for_load_state("load")
            for name, width in WIDTHS.items():
                tab.set_viewport_size({"width": width, "height": 900})
                found.setdefault(name, {})[which] = [tuple(f) for f in tab.evaluate(LINKS_BELOW)]
            tab.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
            tab.evaluate("document.querySelectorAll('.headerlink').forEach(a => { a.style.display = 'inline-block'; })")
            found.setdefault("material", {})[which] = [tuple(f) for f in tab.evaluate(LINKS_BELOW)]
    finally:
        tab.close()
    assert [p for p in log.problems() if not p.endswith("net::ERR_ABORTED")] == []
    return found


@pytest.mark.parametrize("width", WIDTHS.keys())
def test_no_heading_leaves_its_permalink_on_a_line_of_its_own(
    measured: dict[str, dict[str, list[tuple[str, int]]]], width: str
) -> None:
    alone, headings = [], 0
    for which, found in measured[width].items():
        assert found, f"{which}: no heading with a permalink"
        headings += len(found)
        alone += [f"{which}: {text}" for text, below in found if below > 5]
    assert alone == [], (
        f"at {WIDTHS[width]} px the «#» of {len(alone)} of {headings} headings stands on a line of its own"
    )


def test_the_check_finds_a_permalink_alone_with_materials_layout_back(
    measured: dict[str, dict[str, list[tuple[str, int]]]],
) -> None:
    """The check above can fail: with Material's inline-block back on the «#», a phone shows it alone."""
    assert sum(1 for found in measured["material"].values() for _, below in found if below > 5) > 0


@pytest.fixture
def open_page(browser_site: tuple[Any, str]) -> Iterator[Any]:
    """One tab for a test."""
    browser, base = browser_site
    tab = browser.new_page()
    log = PageLog(base)
    log.attach(tab)

    def open_page(url: str, width: int) -> Any:
        tab.set_viewport_size({"width": width, "height": 900})
        tab.goto(base + url)
        tab.wait_for_load_state("load")
        return tab

    yield open_page
    tab.close()
    assert [p for p in log.problems() if not p.endswith("net::ERR_ABORTED")] == []


def test_a_permalink_shows_when_the_keyboard_reaches_it_and_stays_beside_its_heading(
    open_page: Any, pages: dict[str, str]
) -> None:
    page = open_page(pages["report"], WIDTHS["phone"])
    link = page.locator(".md-content h2 .headerlink").first
    assert float(link.evaluate("a => getComputedStyle(a).opacity")) == 0
    link.focus()
    page.wait_for_timeout(300)  # Material fades it in over 125 ms
    assert float(link.evaluate("a => getComputedStyle(a).opacity")) == 1
    heading, box = link.evaluate(
        "a => [a.closest('h2').getBoundingClientRect().toJSON(), a.getBoundingClientRect().toJSON()]"
    )
    assert heading["top"] <= box["top"] and box["bottom"] <= heading["bottom"] + 1
    assert box["right"] <= page.evaluate("document.documentElement.clientWidth")
