"""Save each page type of the built site as PNG at desktop and phone widths, to look at them.

Usage: ``python scripts/screenshots.py [--site site] [--out screenshots]`` (``make screenshots``).
Every page type is shot: home, edition, municipality, section, region section, targets, cycle, municipal
and region recommendations, methodology, data, report, the latest page of a municipality and 404. The pages
are taken from the built site itself (the newest edition, its first municipality in alphabetical order and
that municipality's first section), so the script follows the data; the tests check the same page types.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from generator.publish.chromium import CHROMIUM_ARGS, NO_ADDRESS_BAR
from generator.publish.pdf import serve_site
from generator.site import urls

WIDTHS = {"desktop": 1280, "phone": 390}
# The charts in view (and 300 px below it) drawn: charts.js draws a chart when it comes near the window and marks
# its figure «loading», then «live» (or «static» when it keeps the picture); a page without charts.js keeps
# its pictures.
CHARTS_IN_VIEW_DRAWN = """() => !document.querySelector('script[src$="charts.js"]') ||
  [...document.querySelectorAll('figure.pf-chart[data-spec]')].every(f => {
  const state = f.getAttribute('data-pf-chart');
  return state === null ? f.getBoundingClientRect().top > window.innerHeight + 300 : state !== 'loading';
})"""
TWO_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"


def page_types(site: Path) -> dict[str, str]:
    """One URL per page type, found in the built site (a type the site lacks is left out)."""
    editions = sorted(p.name for p in site.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name))
    if not editions:
        raise SystemExit(f"{site}: нет ни одного выпуска — сначала соберите сайт (make site)")
    year = editions[-1]
    special = {urls.REGION_SLUG, *urls.MUNICIPALITY_PAGES}
    municipalities = sorted(
        p.name for p in (site / year).iterdir() if p.name not in special and (p / "index.html").is_file()
    )
    municipality = municipalities[0]

    def sections(folder: Path) -> list[str]:
        found = folder.iterdir() if folder.is_dir() else []
        return sorted(p.name for p in found if p.name not in special and (p / "index.html").is_file())

    section = next(iter(sections(site / year / municipality)), None)
    region_section = next(iter(sections(site / year / urls.REGION_SLUG)), None)
    pages = {
        "home": urls.HOME,
        "edition": urls.edition(int(year)),
        "municipality": urls.municipality(int(year), municipality),
        "section": urls.section(int(year), municipality, section) if section else None,
        "region-section": urls.region_section(int(year), region_section) if region_section else None,
        "targets": urls.targets(int(year), municipality),
        "cycle": urls.cycle(int(year), municipality),
        "recommendations": urls.recommendations(int(year), municipality),
        "region-recommendations": urls.recommendations(int(year)),
        "methodology": urls.methodology(),
        "data": urls.DATA,
        "report": urls.report(int(year), municipality),
        "latest": urls.latest_municipality(municipality),
        "404": "/404.html",
        "embed": f"/embed/{municipality}/",  # the standalone block for other sites (generator/site/embed.py)
    }
    return {name: url for name, url in pages.items() if url and _served(site, url)}


def _served(site: Path, url: str) -> bool:
    path = site / url.strip("/")
    return (path / "index.html").is_file() if url.endswith("/") else path.is_file()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--chromium", default=os.environ.get("PROFORIENTIR_CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument(
        "--viewport-only",
        action="store_true",
        help="снимать только первый экран, а не всю страницу (быстрее; для тестов)",
    )
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    saved = 0
    with serve_site(args.site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=[*CHROMIUM_ARGS, NO_ADDRESS_BAR], headless=True)
        for label, width in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": 900})
            for name, url in page_types(args.site).items():
                # "load" and the fonts are enough for the picture; "networkidle" would also wait for the
                # search index, which the screenshot does not show, and double the time.
                page.goto(base + url, wait_until="load")
                page.evaluate("document.fonts.ready.then(() => true)")
                page.wait_for_function(CHARTS_IN_VIEW_DRAWN)
                page.evaluate(TWO_FRAMES)  # what the last change of the page drew is on the screen
                target = args.out / f"{name}-{label}.png"
                page.screenshot(path=str(target), full_page=not args.viewport_only)
                saved += 1
            page.close()
        browser.close()
    print(f"Снимков экрана: {saved}, в папке {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
