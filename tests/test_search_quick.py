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


ATTRIBUTE_CASES = [
    "",
    '<p data-search-exclude>x</p> <h2 id="a" data-search-boost="2">A</h2>',
    '<p data-search-boost="2" data-search-exclude="yes">x</p>',  # two in a row, each with its space
    '<p\tdata-search-x="1">\u00a0data-search-y="2"\u2003data-search-z="3"</p>',  # \s is any Unicode space
    'data-search-a="1"data-search-b="2"  data-search-c="3"',  # at the start, adjacent, two spaces before
    '<p data-search-="1" data-search-a="" data-search-a="x data-search-b="y">',  # no name, empty, unclosed
    'data-search-data-search-x="1" -data-search-x="1"',
    "<p>data-search-exclude упомянут в тексте</p>" * 3,
]


@pytest.mark.parametrize("html", ATTRIBUTE_CASES)
def test_the_search_attributes_are_removed_as_materials_own_expression_removes_them(html: str) -> None:
    import re

    from generator.build.search_quick import MATERIAL_ATTRIBUTES, without_search_attributes

    assert without_search_attributes(html) == re.sub(MATERIAL_ATTRIBUTES, "", html)


def test_materials_page_context_step_is_the_one_replaced() -> None:
    """generator/build/search_quick.py re-states SearchPlugin.on_page_context: index the page, then drop the
    attributes with this expression. A Material release that changes the step fails here, not silently."""
    import inspect

    from material.plugins.search.plugin import SearchPlugin

    from generator.build.search_quick import MATERIAL_ATTRIBUTES

    source = inspect.getsource(SearchPlugin.on_page_context)
    body = [line.strip() for line in source.splitlines()[1:] if line.strip() and not line.strip().startswith("#")]
    assert body == [
        "if not self.config.enabled:",
        "return",
        "self.search_index.add_entry_from_context(page)",
        "page.content = re.sub(",
        f'r"{MATERIAL_ATTRIBUTES}",',
        '"",',
        "page.content",
        ")",
    ]
