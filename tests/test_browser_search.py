"""Search as a reader types it, in a real browser: «ё» or «е», a fleeting vowel, a short form.

The search worker (site_overrides/assets/javascripts/workers/stemmed-search.js) folds «ё» to «е» in the
pages' words and in the query, also searches «рынок» as «рынк» (the pages say «рынка», «рынке»), and
widens a short form by site_overrides/assets/javascripts/workers/search-synonyms.json.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.site import urls

from .browser import PageLog, chromium, serve
from .site_helpers import BuiltSite


@pytest.fixture(scope="module")
def search_page(demo_site: BuiltSite) -> Iterator[Any]:
    """The home page with the search box initialised; one page serves every query of this module."""
    assert demo_site.result.ok
    with serve(demo_site.out) as base, chromium() as browser:
        page = browser.new_page()
        log = PageLog(base)
        log.attach(page)
        page.goto(base + urls.HOME)
        page.wait_for_load_state("networkidle")
        page.locator("input.md-search__input").click()
        page.wait_for_function(
            "() => !/Инициализация/.test(document.querySelector('.md-search-result__meta').textContent)",
            timeout=30_000,
        )
        yield page
        assert log.problems() == []
        page.close()


def _count(page: Any, query: str) -> int:
    """How many results Material reports for the query typed into the box."""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press_sequentially(query, delay=10)
    box.press("End")  # Material searches what the box holds at a key press
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function(
        "q => document.querySelector('input.md-search__input').value === q"
        " && !/Инициализация/.test(document.querySelector('.md-search-result__meta').textContent)",
        arg=query,
    )
    page.wait_for_timeout(400)
    text = meta.inner_text()
    found = re.search(r"(\d[\d\s]*)", text)
    return int(re.sub(r"\s", "", found.group(1))) if found else 0


def _yo_name(demo_site: BuiltSite) -> str:
    """A municipality of the demo whose name has «ё»."""
    import yaml

    registry = yaml.safe_load((demo_site.data / "region.yaml").read_text(encoding="utf-8"))
    names = [m["name"] for m in registry["municipalities"] if "ё" in m["name"]]
    assert names, "the demo should have a name with «ё»"
    return names[0].split()[0]


def test_a_name_with_yo_is_found_whether_typed_with_yo_or_ye(search_page: Any, demo_site: BuiltSite) -> None:
    name = _yo_name(demo_site)
    with_yo = _count(search_page, name)
    assert with_yo > 0, f"nothing found for «{name}»"
    assert _count(search_page, name.replace("ё", "е")) == with_yo


def test_a_word_with_a_fleeting_vowel_is_found_in_its_other_forms(search_page: Any) -> None:
    """«рынок» alone finds the pages that speak of «рынка труда», as «рынок труда» does."""
    assert _count(search_page, "рынок") >= _count(search_page, "рынка") > 0


@pytest.mark.parametrize(
    ("short", "full"),
    [("профпробы", "профессиональные пробы"), ("профориентационный", "профориентация")],
)
def test_a_short_form_finds_what_its_full_form_finds(search_page: Any, short: str, full: str) -> None:
    assert _count(search_page, full) > 0
    assert _count(search_page, short) >= _count(search_page, full)


def test_a_past_editions_page_searches_its_own_edition(search_page: Any, demo_site: BuiltSite) -> None:
    """Each edition is its own build with its own search index: a reader of 2022/23 finds 2022/23's pages."""
    years = sorted(int(p.name) for p in demo_site.out.iterdir() if p.name.isdigit())
    past = years[0]
    where = urlsplit(search_page.url)
    base = f"{where.scheme}://{where.netloc}"
    page = search_page.context.browser.new_page()  # the module's browser and server
    log = PageLog(base)
    log.attach(page)
    with page.expect_response(lambda r: r.url.endswith(f"/{past}/search/search_index.json")):
        page.goto(base + urls.edition(past))
        page.locator("input.md-search__input").click()
    assert _count(page, "рынок") > 0
    links = page.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.href)")
    assert links and all(f"/{past}/" in link for link in links), links[:5]
    assert log.problems() == []
    page.close()
