"""The quick path for the generated pages writes what Python-Markdown writes, and takes the pages it is for.

For every page it takes, the HTML, the table of contents and the ids a link may point to must be those
of MkDocs' own rendering (Python-Markdown with ``mkdocs.yml``'s extensions): on the demo, both real
examples and a site built from hostile names; on thousands of random documents made of the pieces that
matter (escapes, entities, tags, ``*``, ``_``, abbreviations, lists, headings, blocks); and on shapes
that it must leave to Python-Markdown.
"""

from __future__ import annotations

import logging
import random
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.build import quickmd, rawhtml
from generator.build.mkdocs import WarningLog

from .conftest import copy_fixture
from .site_helpers import ROOT, build_site, built_region, site_content, tree_digests
from .test_hostile_data import _write_hostile_data


@cache
def _config() -> Any:
    from mkdocs.config import load_config

    # docs_dir must exist (mkdocs.yml names build/docs, which a fresh clone has not made yet); these tests
    # render pages given as text, so any existing folder does
    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(ROOT / "content"), strict=False)
    config["markdown_extensions"] = [*config["markdown_extensions"], rawhtml.RawHtmlBlocks()]
    return config


@cache
def _quick() -> quickmd.QuickMarkdown:
    config = _config()
    quick = quickmd.QuickMarkdown.from_config(config["markdown_extensions"], config["mdx_configs"])
    assert quick is not None, "mkdocs.yml's extensions are the ones the quick path knows"
    return quick


def _toc(items: Any) -> list[tuple[int, str, str]]:
    return [t for item in items for t in [(item.level, item.id, item.title), *_toc(item.children)]]


Rendering = tuple[str, list[tuple[int, str, str]], set[str], dict[str, dict[str, str]], list[str]]


def _file(path: str, files: Any) -> Any:
    from mkdocs.structure.files import File

    return files.get_file_from_path(path) or File(path, "/nonexistent", "/nonexistent-site", True)


def _rendering(render: Any, path: str, files: Any) -> Any:
    """What rendering a page leaves: its HTML, toc, ids, links to anchors of other pages, and warnings."""
    warnings = WarningLog()
    warnings.setLevel(logging.INFO)  # MkDocs' notes of links as well as its warnings
    logging.getLogger("mkdocs").addHandler(warnings)
    try:
        found = render(_file(path, files))
    finally:
        logging.getLogger("mkdocs").removeHandler(warnings)
    if found is None:
        return None
    html, toc, ids, links = found
    return html, _toc(toc), set(ids), {f.src_uri: dict(v) for f, v in links.items()}, warnings.messages


def python_markdown(text: str, path: str = "page.md", files: Any = None) -> Rendering:
    """The page as MkDocs renders it: its HTML, toc, the ids a link may point to, its links to anchors of
    other pages and the warnings it gives (of a link to a missing page, for one)."""
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    config = _config()

    def render(file: Any) -> Any:
        page = Page(None, file, config)
        page.markdown, page.meta = text, {}
        page.render(config, files if files is not None else Files([]))
        raw = config["markdown_extensions"][-1]
        ids = set(page.present_anchor_ids or ()) | raw.anchor_ids
        return page.content or "", page.toc, ids, page.links_to_anchors or {}

    return _rendering(render, path, files if files is not None else Files([]))


def quick(text: str, path: str = "page.md", files: Any = None) -> Rendering | None:
    """The same, written by the quick path (with MkDocs' own handling of a link's target)."""
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import _RelativePathTreeprocessor
    from mkdocs.structure.toc import get_toc

    files = files if files is not None else Files([])

    def render(file: Any) -> Any:
        links = _RelativePathTreeprocessor(file, files, _config())
        found = _quick().render(text, link=links.path_to_url)
        if found is None:
            return None
        return found.html, get_toc(found.toc_tokens), found.anchor_ids, links.links_to_anchors

    return _rendering(render, path, files)


def _body(page: str) -> str:
    return page.split("\n---\n", 1)[1] if page.startswith("---\n") else page


def _pages(name: str, tmp_path_factory: pytest.TempPathFactory, generated: Any) -> dict[str, str]:
    if name == "hostile":
        data = copy_fixture("kemerovo", tmp_path_factory.mktemp("hostile") / "data")
        _write_hostile_data(data)
        content = site_content(data)
    else:
        content = generated(name)  # the project's data folder, its pages made once for the test run
    pages = {path: _body(text) for path, text in content.pages.items()}
    return _sample(pages) if name == "data" else pages


def _sample(pages: dict[str, str]) -> dict[str, str]:
    """Of the demo's ~1 000 pages (38 MB of Markdown, ~45 s of Python-Markdown): the pages outside editions, the
    whole latest edition, and of each past edition the region's pages and one municipality's, another each year.
    A past edition's pages are the latest's templates with other numbers; the synthetic regions, the examples and
    the hostile site are compared whole (here and in ``test_incremental``)."""
    years = sorted({p.split("/")[0] for p in pages if p.split("/")[0].isdigit()})
    municipalities = sorted(
        {p.split("/")[1] for p in pages if p.count("/") >= 2 and p.split("/")[0] in years} - {"region"}
    )

    def kept(path: str) -> bool:
        parts = path.split("/")
        if parts[0] not in years or parts[0] == years[-1] or len(parts) < 3 or parts[1] == "region":
            return True
        return parts[1] == municipalities[years.index(parts[0]) % len(municipalities)]

    return {path: text for path, text in pages.items() if kept(path)}


@pytest.mark.parametrize(
    "name", ["data", "examples/kemerovo/data", "examples/stary-oskol/data", "examples/michurinsk/data", "hostile"]
)
def test_every_page_the_quick_path_takes_is_what_python_markdown_writes(
    name: str, tmp_path_factory: pytest.TempPathFactory, generated: Any
) -> None:
    from mkdocs.structure.files import File, Files

    pages = _pages(name, tmp_path_factory, generated)
    files = Files([File(path, "/nonexistent", "/nonexistent-site", True) for path in pages])
    taken = {path: found for path, text in pages.items() if (found := quick(text, path, files)) is not None}
    assert taken, "the quick path takes some pages of every site"
    differ = [path for path, found in taken.items() if found != python_markdown(pages[path], path, files)]
    assert not differ, differ[:5]
    assert any(found[3] for found in taken.values()), "pages with links to other pages' anchors are taken too"


def test_the_quick_path_takes_every_kind_of_generated_page(
    tmp_path_factory: pytest.TempPathFactory, generated: Any
) -> None:
    """A municipality's own page, its section pages, report, management cycle, targets and recommendations,
    and the region's pages."""
    from mkdocs.structure.files import File, Files

    pages = _pages("data", tmp_path_factory, generated)
    files = Files([File(path, "/nonexistent", "/nonexistent-site", True) for path in pages])
    taken = {p for p, text in pages.items() if quick(text, p, files) is not None}
    municipal = [p for p in pages if p.count("/") == 3 and not p.startswith(("municipalities/", "2022/region"))]
    own_kinds = ("report", "cycle", "targets", "recommendations")
    kinds = {kind: [p for p in municipal if p.split("/")[2] == kind] for kind in own_kinds}
    kinds["section pages"] = [p for p in municipal if p.split("/")[1] != "region" and p.split("/")[2] == "konkursy"]
    kinds["the region's pages"] = [p for p in pages if "/region/" in p]
    kinds["a municipality's own page"] = [p for p in pages if p.count("/") == 2 and p.split("/")[1] != "region"]
    for kind, paths in kinds.items():
        left = [p for p in paths if p not in taken]
        assert paths and not left, f"{kind} left to Python-Markdown: {left[:3]}"
    size = sum(len(pages[p]) for p in taken)
    assert size > 0.95 * sum(len(t) for t in pages.values()), "nearly all the demo's Markdown takes the quick path"


SHAPES_TAKEN = {
    "heading with an id, abbreviation and hidden span": (
        '# Раздел ОО<span class="pf-visually-hidden"> — Округ</span> {#top}\n'
    ),
    "escapes and entities": "Доля ОО \\(в %\\), план\\-график &quot;А&quot; &amp; Б > В\\.\n",
    "escapes next to abbreviations": "ОО\\-1 и \\(ОО\\)\n",
    "strong": "**Анализ по разделу.**\n\nТекст **жирный** и ещё.\n",
    "a paragraph with a class": "Цели выполнены, кроме [двух](page.md#t).\n{: .pf-verdict }\n\nДальше.\n",
    "a list after a paragraph": "Меры:\n\n- первая;\n- вторая ОО.\n\n<div>\n<p>блок</p>\n</div>\n",
    "code in a block": (
        '<details class="pf-embed">\n<summary>Код</summary>\n<pre class="c"><code>&lt;iframe src=&quot;a&quot;&gt;'
        "&lt;/iframe&gt;\n    отступ</code></pre>\n</details>\n\nТекст.\n"
    ),
    "links": "[Раздел ОО](a/index.md#x) — текст.\n\n- [Один](../b.md)\n- [Два](page.md#y) и [нет](missing.md)\n",
    "blocks, then text": (
        '<div class="a" id="x">\n<p>1</p>\n</div>\n\n<figure>\n<img src="a.svg" alt="">\n</figure>\n'
        '## Заголовок {#h}\n\nТекст <span id="y">с меткой</span>.\n'
    ),
}
SHAPES_LEFT = {
    "a link with a title": 'Текст [ссылка](a.md "Заголовок").\n',
    "a link in a heading": "## [Раздел](a.md) {#s}\n",
    "an image": "Текст ![рисунок](a.png).\n",
    "a reference link": "Текст [ссылка][1].\n\n[1]: a.md\n",
    "emphasis": "Текст *курсив* и _так_.\n",
    "code": "Поле `share`.\n",
    "heading without an id": "## Заголовок\n",
    "text right after a block": "<div>\n<p>1</p>\n</div>\nТекст.\n",
    "a list right after text": "Меры:\n- первая\n",
    "two lists one blank apart": "- а\n\n- б\n",
    "a heading in a list item": "- ## не заголовок\n",
    "a block tag inside text": "Текст <div>блок</div>.\n",
    "a bare angle bracket": "1 < 2\n",
    "a comment": "<!-- x -->\n\nТекст.\n",
    "a markdown attribute": '<div markdown="1">\n*x*\n</div>\n',
    "a line break": "строка  \nещё\n",
    "an attribute list with an id": "Текст\n{: #verdict }\n",
    "an attribute list with two classes": "Текст\n{: .a .b }\n",
    "an attribute list alone": "{: .pf-verdict }\n",
    "an ordered list": "1. один\n2. два\n",
    "a tab": "Текст\tещё\n",
    "code with a blank line in a block": "<details>\n<pre><code>строка\n\nещё</code></pre>\n</details>\n",
}


@pytest.mark.parametrize("name", SHAPES_TAKEN)
def test_the_generated_shapes_are_taken_and_written_as_python_markdown_writes_them(name: str) -> None:
    text = SHAPES_TAKEN[name]
    assert quick(text) == python_markdown(text)


@pytest.mark.parametrize("name", SHAPES_LEFT)
def test_other_shapes_are_left_to_python_markdown(name: str) -> None:
    assert quick(SHAPES_LEFT[name]) is None


PIECES = [
    "Текст", "ОО", "ПОО", "ГИА", "ЕГЭ", "слово", "2025/26", "41,7 %", " ", " ", " ", "\\.", "\\(", "\\)", "\\-",
    "\\_", "\\*", "\\#", "\\>", "\\\\", "\\q", "&quot;", "&amp;", "&", "&#1;", ">", "<", "*", "**", "_", "__",
    "x_y", "[", "]", "`", "[ОО](a.md)", "[текст](../b/index.md#x)", "![x](i.png)", "[x][y]", "](",
    "{#id}", "{", "#", '<span data-search-exclude>', "</span>", '<a href="#x" id="a">',
    "</a>", "<abbr>", "<div>", "<b>", "</b>", "<br>", '<span title="a@b">', "<span\nx>", "@", "://", "\\\n",
]  # fmt: skip
LINE_STARTS = ["", "", "", "- ", "## ", "# ", "1. ", "* ", "> ", ": ", "    ", "**", "<p>", "= ", "---", "|", "{: .v }"]


def _random_document(rng: random.Random) -> str:
    blocks = []
    for _ in range(rng.randint(1, 6)):
        kind = rng.random()
        if kind < 0.25:
            blocks.append(f'<div class="k" id="b{rng.randint(0, 9)}">\n<p>{rng.choice(PIECES[:12])}</p>\n</div>')
        elif kind < 0.4:
            text = "".join(rng.choices(PIECES, k=rng.randint(1, 4)))
            blocks.append(f"{'#' * rng.randint(1, 3)} {text} {{#h{rng.randint(0, 9)}}}")
        else:
            lines = [
                rng.choice(LINE_STARTS) + "".join(rng.choices(PIECES, k=rng.randint(1, 8)))
                for _ in range(rng.randint(1, 3))
            ]
            blocks.append("\n".join(lines))
    return "".join(block + rng.choice(["\n\n", "\n\n", "\n"]) for block in blocks)


def test_random_documents_come_out_as_python_markdown_writes_them_or_are_left_to_it() -> None:
    rng = random.Random(20261206)
    taken = 0
    for _ in range(5000):
        text = _random_document(rng)
        found = quick(text)
        if found is not None:
            taken += 1
            assert found == python_markdown(text), repr(text)
    assert taken > 300, "the random documents reach the quick path often enough to test it"


def test_an_extension_the_quick_path_does_not_know_turns_it_off() -> None:
    config = _config()
    extensions = [*config["markdown_extensions"], "footnotes"]
    assert quickmd.QuickMarkdown.from_config(extensions, config["mdx_configs"]) is None


def test_a_region_built_with_and_without_the_quick_path_is_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fresh(data: Path, out: Path, work: Path) -> Any:  # a cache of its own: every page is rendered
        return build_site(data, out, work, cache=tmp_path / "quick" / "cache")

    data, site, _, first = built_region(tmp_path / "quick", municipalities=2, years=2, seed=7, builder=fresh)
    assert first.page_stats is not None and first.page_stats.direct > first.page_stats.rendered / 2
    monkeypatch.setattr(quickmd.QuickMarkdown, "from_config", classmethod(lambda cls, *args: None))
    plain = build_site(data, tmp_path / "plain" / "site", tmp_path / "plain" / "build", cache=tmp_path / "plain")
    assert plain.ok and plain.page_stats is not None and plain.page_stats.direct == 0
    assert tree_digests(tmp_path / "plain" / "site") == tree_digests(site)
