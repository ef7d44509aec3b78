"""Every kind of page reads at 320 px without scrolling sideways, every «<details>» open (WCAG 1.4.10 «Reflow»:
content at 320 CSS px needs no two-dimensional scrolling). A data table may scroll inside its own box; the page
never does. The embeds, which other sites frame at whatever width they have, are checked for every municipality.

What this found: a key figure's facts side by side at 320 px («Муниципалитетов с данными» beside «+0,04 экз. на
выпускника»), and an embed's citation whose long address had nowhere to break. Styles:
site_overrides/assets/stylesheets/extra.css and embed.css.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .browser import PageLog
from .site_helpers import BuiltSite, latest_edition, screenshots_script

WIDTH = 320

# The page's width beyond the window, and what sticks out of the page (not out of a box that scrolls itself).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const e of document.querySelectorAll('body *')) {
    const box = e.getBoundingClientRect();
    if (box.width === 0 || (box.right <= width + 1 && e.scrollWidth <= e.clientWidth + 1)) continue;
    let up = e.parentElement, clipped = false;
    while (up && up !== document.body) {
      if (getComputedStyle(up).overflowX !== 'visible') { clipped = true; break; }
      up = up.parentElement;
    }
    if (!clipped) out.push(e.tagName.toLowerCase() + '.' + e.getAttribute('class') + ': '
                           + (e.textContent || '').trim().slice(0, 50));
  }
  return [document.documentElement.scrollWidth - width, out.slice(0, 3)];
}"""


def kind(url: str, territories: set[str]) -> str:
    """A page's kind: its address with the edition's year and the territory's name left out."""
    parts = [p for p in url.strip("/").split("/") if p]
    if parts and parts[0].isdigit():
        parts = parts[1:]
    return "/".join("*" if p in territories else p for p in parts)


def pages_of(site: Path) -> list[str]:
    every = sorted("/" + p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html"))
    return [u.replace("/./", "/") for u in every if not u.startswith("/assets/")]


# The charts in view drawn, the wait of ``make screenshots``: charts.js draws a chart when it comes near the
# window. Waiting for this rather than for a quiet network saves the half second of silence «networkidle» waits
# on each of ~40 pages.
CHARTS_IN_VIEW_DRAWN = screenshots_script().CHARTS_IN_VIEW_DRAWN


def _overflows(browser_site: tuple[Any, str], urls: list[str], charts: bool = True) -> list[str]:
    browser, base = browser_site
    page = browser.new_page(viewport={"width": WIDTH, "height": 800})
    log = PageLog(base)
    log.attach(page)
    found = []
    try:
        for url in urls:
            page.goto(base + url)  # returns once the page has loaded
            if charts:
                page.wait_for_function(CHARTS_IN_VIEW_DRAWN)
            page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
            beyond, what = page.evaluate(OVERFLOW)
            if beyond > 0:
                found.append(f"{url}: {beyond} px wider than the window; {what}")
    finally:
        page.close()
    # the next page's address, given while an embed's icon still loads, aborts that request: not a fault
    assert [p for p in log.problems() if not p.endswith("net::ERR_ABORTED")] == []
    return found


def test_one_page_of_each_kind_of_the_latest_edition_and_of_the_site_reads_at_320_px(
    demo_site: BuiltSite, browser_site: tuple[Any, str]
) -> None:
    latest, _ = latest_edition(demo_site.out)
    territories = {p.name for p in (demo_site.out / "embed").iterdir() if p.is_dir()}
    chosen: dict[str, str] = {}
    for url in pages_of(demo_site.out):
        year = url.strip("/").split("/")[0]
        if url.startswith("/embed/") or (year.isdigit() and int(year) != latest):
            continue
        chosen.setdefault(kind(url, territories), url)
    assert {"", "*", "*/report", "*/cycle", "recommendations", "methodology"} <= set(chosen), sorted(chosen)
    region_sections = [u for u in pages_of(demo_site.out) if u.startswith(f"/{latest}/region/") and u.count("/") == 4]
    assert set(region_sections) <= set(chosen.values())  # each of the region's sections is a kind of its own
    assert _overflows(browser_site, list(chosen.values())) == []


def test_every_embed_of_every_municipality_reads_at_320_px(demo_site: BuiltSite, browser_site: tuple[Any, str]) -> None:
    embeds = [u for u in pages_of(demo_site.out) if u.startswith("/embed/")]
    assert len(embeds) > 50
    assert _overflows(browser_site, embeds, charts=False) == []  # an embed has no script


def test_the_check_finds_a_page_that_scrolls_sideways(demo_site: BuiltSite, browser_site: tuple[Any, str]) -> None:
    """The check above can fail: an embed whose citation may not break is found, by its address."""
    browser, base = browser_site
    url = max((u for u in pages_of(demo_site.out) if u.startswith("/embed/")), key=len)
    page = browser.new_page(viewport={"width": WIDTH, "height": 800})
    try:
        page.goto(base + url)
        page.evaluate("document.querySelectorAll('.pf-e__cite').forEach(p => { p.style.overflowWrap = 'normal'; })")
        beyond, what = page.evaluate(OVERFLOW)
    finally:
        page.close()
    assert beyond > 0 and any("pf-e__cite" in w for w in what)
