"""A reader of an earlier edition learns that it is not the latest and gets to the same page of another edition.

The edition's pages name no later edition (they must not change when one comes): the header's list of
editions and the notice «Это не последний выпуск» come from ``versions.json`` at run time
(generator/site/versions_list.py, site_overrides/main.html). Checked at a phone's width and a desktop's, by
mouse and by keyboard alone.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator.core.formatting import academic_year
from generator.site import urls

from .browser import PageLog
from .site_helpers import BuiltSite

NOTICE = "[data-md-component=outdated]"


@pytest.fixture(scope="module")
def editions(demo_site: BuiltSite) -> dict[str, Any]:
    listed = json.loads((demo_site.out / "versions.json").read_text(encoding="utf-8"))
    latest = next(int(v["version"]) for v in listed if "latest" in v["aliases"])
    earlier = min(int(v["version"]) for v in listed)
    slug = sorted(p.name for p in (demo_site.out / str(earlier)).iterdir() if (p / "cycle").is_dir())[0]
    section = next(
        p.name
        for p in sorted((demo_site.out / str(earlier) / slug).iterdir())
        if (p / "index.html").is_file() and p.name not in urls.MUNICIPALITY_PAGES
        and (demo_site.out / str(latest) / slug / p.name / "index.html").is_file()
    )  # fmt: skip
    newest = int(listed[0]["version"])
    found = {"latest": latest, "newest": newest, "earlier": earlier, "slug": slug, "section": section}
    return {**found, "count": len(listed)}


def _open(browser: Any, base: str, url: str, width: int) -> tuple[Any, PageLog]:
    page = browser.new_page(viewport={"width": width, "height": 900})
    log = PageLog(base)
    log.attach(page)
    page.goto(base + url)
    page.wait_for_selector(".md-version__current")  # the list comes from versions.json after the page loads
    return page, log


@pytest.mark.parametrize("width", [390, 1280])
def test_an_earlier_editions_page_says_so_and_its_header_switches_to_the_same_page_of_the_latest(
    browser_site: tuple[Any, str], editions: dict[str, Any], width: int
) -> None:
    browser, base = browser_site
    earlier, latest, slug, section = editions["earlier"], editions["latest"], editions["slug"], editions["section"]
    page, log = _open(browser, base, urls.section(earlier, slug, section), width)
    try:
        assert page.is_visible(NOTICE) and "не последний выпуск" in page.inner_text(NOTICE)
        button = page.locator(".md-version__current")
        assert button.inner_text().strip() == academic_year(earlier)
        # its name holds what it shows (WCAG 2.5.3), then what it does
        assert button.get_attribute("aria-label") == f"{academic_year(earlier)} — выбрать другой выпуск"
        assert page.locator(".md-version__link").count() == editions["count"]
        box = button.bounding_box()
        assert box is not None and box["x"] + box["width"] <= width, "the whole button in the header, on screen"
        page.hover(".md-version__current", force=True)  # the closed list lies over the button
        page.click(f'.md-version__link:has-text("{academic_year(latest)}")')
        page.wait_for_url(f"**{urls.section(latest, slug, section)}")
        page.wait_for_selector(".md-version__current")
        assert not page.is_visible(NOTICE), "the latest edition has no notice"
        assert log.console_errors == log.page_errors == log.foreign == []
    finally:
        page.close()


def test_the_list_of_editions_works_by_keyboard_alone_and_tab_passes_it_while_it_is_closed(
    browser_site: tuple[Any, str], editions: dict[str, Any]
) -> None:
    browser, base = browser_site
    earlier, newest, slug = editions["earlier"], editions["newest"], editions["slug"]
    page, log = _open(browser, base, urls.cycle(earlier, slug), 1280)
    inside = "!!document.activeElement.closest('.md-version')"
    try:
        page.focus(".md-version__current")
        page.keyboard.press("Tab")
        assert not page.evaluate(inside), "closed, the list is not a row of Tab stops on every page"
        page.focus(".md-version__current")
        page.keyboard.press("Enter")  # opens it, at the newest edition
        assert page.get_attribute(".md-version__current", "aria-expanded") == "true"
        assert page.evaluate("document.activeElement.textContent.trim()").startswith(academic_year(newest))
        page.keyboard.press("Tab")
        assert page.evaluate(inside), "open, Tab goes through its editions"
        page.keyboard.press("Escape")
        assert page.evaluate("document.activeElement.className").startswith("md-version__current")
        assert page.get_attribute(".md-version__current", "aria-expanded") == "false"
        page.keyboard.press("Enter")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{urls.cycle(newest, slug)}")
        assert log.console_errors == log.page_errors == []
    finally:
        page.close()
