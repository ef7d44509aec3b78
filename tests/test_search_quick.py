"""Search indexing without the excluded parts gives Material's own sections, text for text."""

from __future__ import annotations

import pytest
from material.plugins.search.plugin import Parser

from generator.build.search_quick import strip_excluded


def sections(html: str) -> list[tuple[str | None, str, str, bool]]:
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.id, "".join(s.title).strip(), "".join(s.text).strip(), s.is_excluded()) for s in parser.data]


PAGES = {
    "a section page's block": (
        '<h1 id="top">Раздел</h1>\n<p class="pf-lead" data-search-exclude>Округ · 2025/26</p>\n'
        '<h2 id="a">Показатель</h2>\n<div class="pf-kpi" data-search-exclude>\n<p>19 ед.</p>\n'
        "<dl><dt>Изменение</dt> <dd>+1</dd></dl>\n</div>\n"
        "<p><span data-search-exclude>в 2021/22 — 16 ед., </span>в 2025/26 — 19 ед.</p>\n"
        '<figure class="pf-chart" data-pf-series="[[&quot;x&quot;]]"><img alt="график"><figcaption '
        "data-search-exclude>Подпись</figcaption></figure>\n"
        '<details class="pf-table" data-search-exclude><summary>Таблица</summary><table><tr><td>1</td></tr>'
        "</table><details data-search-exclude><summary>вложенная</summary></details></details>\n"
        "<p>После таблицы.</p>"
    ),
    "an excluded heading keeps its section": (
        '<h2 id="a">A</h2><p>текст</p><h2 id="b" data-search-exclude>B</h2><p>скрыто?</p><h2 id="c">C</h2><p>c</p>'
    ),
    "an excluded element holding a heading": (
        '<h2 id="a">A</h2><p>a</p><section data-search-exclude><h2 id="cite">Как сослаться</h2>'
        "<p data-search-exclude>x</p><p>y</p></section><p>после</p>"
    ),
    "an element never closed is left alone": '<h2 id="a">A</h2><div data-search-exclude><p>x</p><p>после</p>',
    "an attribute that merely starts alike": '<h2 id="a">A</h2><p data-search-excluded="1">оставить</p>',
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_index_of_a_page_without_its_excluded_parts_is_materials_own(name: str) -> None:
    html = PAGES[name]
    assert sections(strip_excluded(html)) == sections(html)


def test_what_search_skips_is_not_parsed_at_all() -> None:
    stripped = strip_excluded(PAGES["a section page's block"])
    assert "pf-kpi" not in stripped and "<table" not in stripped and "Подпись" not in stripped
    assert "в 2025/26 — 19 ед." in stripped and "После таблицы." in stripped
