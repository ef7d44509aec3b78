"""The overview tables (class ``pf-overview``) on a phone, in a real browser.

At 390 px a row's name — an indicator, a municipality, a year — is read whole: its words wrap only between
words, never «Муниципаль|ные» (Material lets a link break anywhere). The name stays in view while the values
scroll sideways inside the table's own box, never the page. A printed page shows the whole table.
Styles: site_overrides/assets/stylesheets/extra.css.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from generator.site import urls

from .browser import opened_pages
from .site_helpers import BuiltSite, latest_edition

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
A4_PRINT = {"width": 718, "height": 1000}  # A4's width at 96 dpi, less Chromium's default print margins
PDF_PRINT = {"width": 680, "height": 1000}  # A4 less the 15 mm margins the reports' PDFs are printed with

# The words of each first-column cell that the browser laid out on more than one line: a Range over the word
# gives one client rect per line box it occupies. A word is what lies between spaces and hyphens, where a line
# may properly end («10–|11 классы», «онлайн-|уроки»).
BROKEN_WORDS = """() => [...document.querySelectorAll('table.pf-overview')].flatMap(table => {
  const caption = table.caption ? table.caption.textContent.trim() : table.className;
  return [...table.querySelectorAll('tbody tr > :first-child')].flatMap(cell => {
    const found = [];
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[^\\s\\-‐–—\\/]+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) found.push(caption.slice(0, 40) + ': ' + m[0]);
      }
    }
    return found;
  });
})"""

PAGE_WIDTH = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"


@pytest.fixture(scope="module")
def pages(demo_site: BuiltSite) -> dict[str, str]:
    """The last edition's pages with overview tables, of the first municipality."""
    assert demo_site.result.ok
    year, slug = latest_edition(demo_site.out)
    return {
        "cycle": urls.cycle(year, slug),
        "report": urls.report(year, slug),
        "municipality": urls.municipality(year, slug),
        "targets": urls.targets(year, slug),
        "edition": urls.edition(year),
        "region section": "/" + sorted(p for p in (demo_site.out / str(year) / "region").iterdir() if p.is_dir())[0]
        .relative_to(demo_site.out)
        .as_posix()
        + "/",
    }


@pytest.fixture
def open_page(browser_site: tuple[Any, str]) -> Iterator[Any]:
    with opened_pages(*browser_site) as open_page:
        yield lambda url, viewport: open_page(url, viewport=viewport)


def _tables(page: Any) -> int:
    return page.evaluate("document.querySelectorAll('table.pf-overview').length")


@pytest.mark.parametrize("which", ["cycle", "report", "municipality", "targets", "edition"])
def test_at_390_px_no_word_of_a_row_name_is_broken_and_the_page_does_not_scroll_sideways(
    open_page: Any, pages: dict[str, str], which: str
) -> None:
    page = open_page(pages[which], PHONE)
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.wait_for_timeout(200)
    assert _tables(page) > 0, f"{which} has no overview table"
    assert page.evaluate(BROKEN_WORDS) == [], f"{which}: words of row names broken across lines at 390 px"
    scroll_width, client_width = page.evaluate(PAGE_WIDTH)
    assert scroll_width <= client_width, f"{which}: the page is {scroll_width} px wide in {client_width}"


def test_the_broken_word_check_finds_a_name_broken_inside_a_word(open_page: Any, pages: dict[str, str]) -> None:
    """The check above can fail: with Material's rule for links put back on the names, it finds them broken."""
    page = open_page(pages["cycle"], PHONE)
    assert page.evaluate(BROKEN_WORDS) == []
    page.evaluate(
        """() => document.querySelectorAll('table.pf-overview tbody th, table.pf-overview tbody th a')
            .forEach(e => { e.style.wordBreak = 'break-word'; e.style.minWidth = '0'; })"""
    )
    assert len(page.evaluate(BROKEN_WORDS)) > 0


def test_after_a_resize_from_1280_to_390_px_the_names_are_whole_and_stay_in_view_while_the_values_scroll(
    open_page: Any, pages: dict[str, str]
) -> None:
    page = open_page(pages["cycle"], DESKTOP)
    assert page.evaluate(
        "(() => { const t = document.querySelector('table.pf-overview'); return t.scrollWidth <= t.clientWidth; })()"
    ), "at 1280 px the table fits the column"
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(300)
    assert page.evaluate(BROKEN_WORDS) == []
    scroll_width, client_width = page.evaluate(PAGE_WIDTH)
    assert scroll_width <= client_width
    table = page.locator("table.pf-overview").first
    assert table.evaluate("t => t.scrollWidth > t.clientWidth"), "at 390 px the values scroll in the table's box"
    assert table.get_attribute("tabindex") == "0", "a table that scrolls is reachable by Tab"
    # The value column is in view beside the names before any scrolling.
    assert table.evaluate(
        """t => { const cell = t.querySelector('tbody td'), box = t.getBoundingClientRect();
                  return cell.getBoundingClientRect().right <= box.right + 1; }"""
    ), "the first value of a row is seen beside its name"
    table.focus()
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(200)
    assert table.evaluate("t => t.scrollLeft") > 0, "the arrow keys scroll the focused table"
    table.evaluate("t => { t.scrollLeft = t.scrollWidth; }")
    # Every name is still where it was, at the box's left, and nothing of the values is drawn over it.
    hidden = table.evaluate(
        """t => { const left = t.getBoundingClientRect().left;
            return [...t.querySelectorAll('tbody th')].filter(th => {
              const r = th.getBoundingClientRect();
              if (Math.abs(r.left - left) > 1) return true;
              const x = r.left + Math.min(r.width / 2, 20), y = r.top + r.height / 2;
              if (y < 0 || y > window.innerHeight) return false;
              const hit = document.elementFromPoint(x, y);  // the page's header bar may lie over a row
              return hit !== null && t.contains(hit) && !th.contains(hit);
            }).map(th => th.textContent.trim()); }"""
    )
    assert hidden == [], "row names scrolled away or covered by the values"


@pytest.mark.parametrize("which", ["cycle", "municipality"])
def test_printed_the_overview_table_is_whole_not_a_scroll_box(
    open_page: Any, pages: dict[str, str], which: str
) -> None:
    page = open_page(pages[which], A4_PRINT)
    page.emulate_media(media="print")
    page.wait_for_timeout(200)
    cut = page.evaluate(
        """() => [...document.querySelectorAll('table.pf-overview')].filter(t =>
              t.scrollWidth > t.clientWidth + 1
              || t.getBoundingClientRect().right > document.documentElement.clientWidth + 1
              || getComputedStyle(t.querySelector('tbody th')).position !== 'static')
            .map(t => t.caption ? t.caption.textContent.trim() : t.className)"""
    )
    assert cut == [], f"{which}: printed tables cut or still scrolling"


@pytest.mark.parametrize("which", ["report", "cycle", "region section", "edition"])
def test_printed_no_table_runs_past_the_text(open_page: Any, pages: dict[str, str], which: str) -> None:
    """Paper does not scroll: the report's road map was 868 px wide in a PDF's 648 (six of the longest Russian words
    side by side), and 123 of the demo's 1 055 pages had such a table. Every table now fits the text's width."""
    page = open_page(pages[which], PDF_PRINT)
    page.emulate_media(media="print")
    page.wait_for_timeout(200)
    wide = page.evaluate(
        """() => { const right = document.querySelector('article').getBoundingClientRect().right;
              return [...document.querySelectorAll('article table')]
                .filter(t => t.getBoundingClientRect().right > right + 1)
                .map(t => (t.caption ? t.caption.textContent.trim() : t.className) + ': '
                  + Math.round(t.getBoundingClientRect().width)); }"""
    )
    assert page.locator("article table").count() > 0 and wide == [], wide
