"""The quick path for raw HTML blocks renders exactly what Python-Markdown renders, and finds the same ids."""

from __future__ import annotations

import markdown
import pytest
from mkdocs.structure.pages import _HTMLHandler

from generator.build.rawhtml import RawHtmlBlocks, anchor_ids

EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", "toc", "pymdownx.superfences"]

PAGES = {
    "generated section": """# Раздел {#top}

<p class="pf-lead">Берёзовский округ · 2025/26 учебный год</p>

<div class="admonition warning pf-demo" data-search-exclude>
<p class="admonition-title">Демонстрационные данные</p>
<p>Все значения вымышлены.</p>
</div>

Текст *с разметкой* и [ссылкой](#top).

## Показатель {#share}

<div class="pf-kpi" data-search-exclude>
<p class="pf-kpi__value">41,7 %</p>
<dl class="pf-kpi__facts">
<dt>Изменение за год</dt> <dd>+2,2 п. п.</dd></dl>
</div>

<figure class="pf-chart" data-spec="a.json" id="chart-share">
<img class="pf-chart__static" src="a.svg" alt="График">
<figcaption data-search-exclude>Подпись</figcaption>
</figure>

<details class="pf-table" data-search-exclude>
<summary>Таблица данных</summary>
<table>
<tbody>
<tr><th scope="row">2021/22</th><td>19 221</td></tr>
</tbody>
</table>
</details>

<p class="pf-method" data-search-exclude><strong>Как считается.</strong> Отношение.</p>
## Следующий {#next}

<ol class="pf-stages">
<li><a href="#goals" id="goals-link">Цели</a> — есть</li>
<li><a name="old-anchor">Показатели</a></li>
</ol>
""",
    "nested blocks of one tag": "<div class=\"a\">\n<div class=\"b\">\n<p>x</p>\n</div>\n</div>\n\nПосле.\n",
    "blank line inside: left to Markdown": "<div>\n<p>один</p>\n\n<p>два</p>\n</div>\n\nТекст.\n",
    "markdown inside: left to Markdown": '<div markdown="1">\n**жирный**\n</div>\n\nТекст.\n',
    "comment: left to Markdown": "<div>\n<!-- заметка -->\n<p>x</p>\n</div>\n",
    "text after the closing tag on its line": "<div>\n<p>x</p>\n</div> хвост\n\nТекст.\n",
    "block right after a paragraph": "Абзац\n<div>\n<p>x</p>\n</div>\n\nТекст.\n",
    "fenced code with HTML in it": "```html\n<div>\n<p>x</p>\n</div>\n```\n\n<div>\n<p>y</p>\n</div>\n",
    "a list, then a block": "- один\n- два\n\n<ul class=\"x\">\n<li>три</li>\n</ul>\n",
    "an unclosed block": "<div>\n<p>x</p>\n\nТекст.\n",
    "inline HTML is not a block": '<span class="x">строка</span> текста\n\n<p>блок</p>\n',
    "two blocks in a row, then text": (
        "<div>\n<p>a</p>\n</div>\n\n<p>b</p>\n\n<table>\n<tr><td>c</td></tr>\n</table>\nТекст.\n"
    ),
    "blocks separated by two blank lines": "<div>\n<p>a</p>\n</div>\n\n\n<p>b</p>\n",
    "code in a block (the embed code of a municipality)": (
        '<details class="pf-embed">\n<summary>Код</summary>\n<pre class="c"><code>&lt;iframe src=&quot;a&quot;&gt;'
        "&lt;/iframe&gt;\n    отступ\n&lt;/div&gt;</code></pre>\n</details>\n\nТекст.\n"
    ),
    "code with a blank line in a block: left to Markdown": (
        "<details>\n<pre><code>строка\n\nещё</code></pre>\n</details>\n\nТекст.\n"
    ),
}

# Texts that each need one of Python-Markdown's inline patterns (and a few that look as if they might):
# the page must come out the same whichever patterns the quick path leaves out.
INLINE_TEXTS = {
    "escapes and inline HTML": r'<span data-search-exclude>Доля ОО \(в %\), план\-график</span>',
    "code": "Поле `share` и ``двойной `код` ``",
    "emphasis with stars": "Очень *важно* и **очень** ***важно***",
    "emphasis with underscores": "_курсив_ и __жирный__ и ___оба___",
    "underscores inside words": "поле schools_guidance_plan и snake_case_name",
    "an underscore after a space": "слово _начало и конец_",
    "a link": "[Методика](methodology.md) и [ссылка][ref]\n\n[ref]: https://example.org",
    "an image": "![рисунок](a.png)",
    "an autolink": "Адрес <https://example.org/a?b=1> и почта <mail@example.org>",
    "an entity": "Ф&amp;М, &#8212; и &copy; и просто & амперсанд",
    "a line break": "строка с разрывом  \nследующая",
    "a heading with an id": "## Показатель с подчёркиванием {#schools_guidance_plan}\n\nТекст.",
    "an id starting with an underscore": "## Заголовок {#_x_}\n\nТекст _x_.",
    "abbreviations": "ОО и ПОО, ОВЗ",
    "attribute list on a paragraph": "Абзац\n{: .pf-lead }",
}


@pytest.mark.parametrize("name", sorted(INLINE_TEXTS))
def test_leaving_out_inline_patterns_that_cannot_match_changes_nothing(name: str) -> None:
    text = INLINE_TEXTS[name] + "\n\n<div class=\"pf-kpi\">\n<p>41,7 %</p>\n</div>\n"
    assert render(text, quick=True)[0] == render(text, quick=False)[0]


def test_a_generated_page_is_looked_through_by_the_escape_and_inline_html_patterns_only() -> None:
    md = markdown.Markdown(extensions=[*EXTENSIONS, RawHtmlBlocks()])
    md.convert(INLINE_TEXTS["escapes and inline HTML"] + "\n\n## Показатель {#schools_guidance_plan}\n")

    def tried() -> set[str]:
        return {item.name for item in md.treeprocessors["inline"].inlinePatterns._priority}

    assert tried() == {"escape", "html"}
    md.convert("Текст со *звёздочкой* и [ссылкой](a.md)")  # the next page gets its own choice
    assert {"em_strong", "link", "reference"} <= tried()


def render(text: str, quick: bool) -> tuple[str, set[str]]:
    ext = RawHtmlBlocks()
    md = markdown.Markdown(extensions=[*EXTENSIONS, *([ext] if quick else [])])
    return md.convert(text), ext.anchor_ids


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_quick_path_renders_the_same_html_as_python_markdown(name: str) -> None:
    assert render(PAGES[name], quick=True)[0] == render(PAGES[name], quick=False)[0]


def test_the_generated_shapes_take_the_quick_path_and_the_others_do_not() -> None:
    _, ids = render(PAGES["generated section"], quick=True)
    assert ids == {"chart-share", "goals-link", "old-anchor"}
    for name in ("blank line inside: left to Markdown", "markdown inside: left to Markdown"):
        assert render(PAGES[name], quick=True)[1] == set()


def _mkdocs_ids(html: str) -> set[str]:
    parser = _HTMLHandler()
    parser.feed(html)
    parser.close()
    return parser.present_anchor_ids


@pytest.mark.parametrize(
    "html",
    [
        '<figure class="pf-chart" id="chart-x" data-spec="a.json">',
        "<a name='старый' href=\"#x\">x</a> <div id=b>y</div>",
        '<p id="a&amp;b" class="id">x</p><span data-id="no">y</span>',
        '<div class="name" title="id=x"><b name="not-an-anchor">x</b></div>',
    ],
)
def test_ids_are_collected_as_mkdocs_collects_them(html: str) -> None:
    assert anchor_ids(html) == _mkdocs_ids(html)
