"""The MkDocs internals that generator/build/mkdocs.py relies on are there and behave as it expects.

The parallel, cached build (generator/build/mkdocs.py) re-runs the steps of ``mkdocs.commands.build.build``
with MkDocs' own private helpers, so pyproject.toml pins ``mkdocs==1.6.*``. This test names every private
function and attribute it uses, with the parameters it passes, and builds a small site both ways: a
MkDocs release that renames or reshapes any of them fails here, quickly, before a region's build does.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from .site_helpers import ROOT


def test_the_private_functions_used_have_the_parameters_passed() -> None:
    from mkdocs.commands import build as commands

    expected = {
        "_build_page": ["page", "config", "doc_files", "nav", "env"],
        "_build_theme_template": ["template_name", "env", "files", "config", "nav"],
        "_build_extra_template": ["template_name", "files", "config", "nav"],
    }
    for name, parameters in expected.items():
        function = getattr(commands, name)
        assert list(inspect.signature(function).parameters)[: len(parameters)] == parameters, name


def test_a_page_is_written_through_the_function_the_build_keeps_it_from() -> None:
    """generator/build/mkdocs.py keeps a rendered page in memory by standing in for ``mkdocs.utils.write_file``
    while ``_build_page`` runs: a page written any other way would be written twice (and left uncompacted)."""
    from mkdocs import utils
    from mkdocs.commands import build as commands

    assert list(inspect.signature(utils.write_file).parameters) == ["content", "output_path"]
    assert commands.utils is utils
    assert "utils.write_file(" in inspect.getsource(commands._build_page)


def test_only_the_pages_own_file_is_kept_in_memory_and_any_other_write_goes_through(tmp_path: Path) -> None:
    from mkdocs import utils

    from generator.build.page_output import kept_output

    original = utils.write_file
    page, other = tmp_path / "a" / "index.html", tmp_path / "b" / "extra.txt"
    with kept_output(str(page)) as kept:
        utils.write_file(b"<html>", str(page))
        utils.write_file(b"a plugin's file", str(other))
    assert kept == [b"<html>"] and not page.exists()
    assert other.read_bytes() == b"a plugin's file"
    assert utils.write_file is original


def test_the_structures_used_have_the_members_used() -> None:
    from mkdocs import utils
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, InclusionLevel, get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    assert "_current_page" in MkDocsConfig.__annotations__ or hasattr(MkDocsConfig, "_current_page")
    for member in ("read_source", "render", "validate_anchor_links", "present_anchor_ids", "links_to_anchors"):
        assert hasattr(Page, member), member
    assert callable(InclusionLevel.is_included)
    assert {"abs_src_path", "abs_dest_path", "copy_file", "is_documentation_page", "inclusion"} <= set(dir(File))
    assert callable(utils.CountHandler().get_counts)
    assert callable(get_files) and callable(set_exclusions) and callable(get_navigation)


def test_the_link_handling_the_quick_path_borrows_has_the_members_used() -> None:
    """generator/build/quickmd.py's links are made URLs by MkDocs' own treeprocessor (see mkdocs.py)."""
    from mkdocs.structure.pages import _RelativePathTreeprocessor

    assert list(inspect.signature(_RelativePathTreeprocessor).parameters) == ["file", "files", "config"]
    assert list(inspect.signature(_RelativePathTreeprocessor.path_to_url).parameters) == ["self", "url"]
    assert "links_to_anchors" in inspect.getsource(_RelativePathTreeprocessor.__init__)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_small_site_built_in_parallel_and_from_the_cache_is_the_bytes_of_mkdocs_own_build(tmp_path: Path) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from generator.build import mkdocs as parallel

    docs = tmp_path / "docs"
    (docs / "a").mkdir(parents=True)
    (docs / "index.md").write_text("# Главная\n\n[Раздел](a/index.md#part)\n", encoding="utf-8")
    (docs / "a" / "index.md").write_text(
        '---\ntitle: Раздел\n---\n\n# Раздел\n\n<div class="pf-x" id="part">\n<p>Блок</p>\n</div>\n\nТекст.\n\n'
        '<p data-search-exclude>Скрыто от поиска.</p>\n\n<p data-search-boost="2">С атрибутом поиска.</p>\n',
        encoding="utf-8",
    )
    nav = [{"Главная": "index.md"}, {"Раздел": "a/index.md"}]

    def config(site: Path):  # type: ignore[no-untyped-def]
        return load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site), nav=nav, strict=True)

    mkdocs_build(config(tmp_path / "serial"))
    stats = parallel.build(config(tmp_path / "parallel"), workers=1, cache_dir=tmp_path / "cache", quick_html=False)
    assert (stats.pages, stats.rendered) == (2, 2)
    again = parallel.build(config(tmp_path / "cached"), workers=1, cache_dir=tmp_path / "cache", quick_html=False)
    assert (again.rendered, again.cached) == (0, 2)
    quick = parallel.build(config(tmp_path / "quick"), workers=1, cache_dir=tmp_path / "quick-cache")
    assert quick.rendered == 2  # HTML blocks without html.parser, search without Material's own step
    serial = _tree(tmp_path / "serial")
    assert _tree(tmp_path / "parallel") == serial
    assert _tree(tmp_path / "cached") == serial
    assert _tree(tmp_path / "quick") == serial


@pytest.mark.parametrize("anchor", ["present", "missing"])
def test_an_editions_build_checks_the_anchors_of_a_page_it_knows_by_name_only(tmp_path: Path, anchor: str) -> None:
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    from generator.build import mkdocs as parallel
    from generator.build.scope import Scope

    docs = tmp_path / "docs"
    (docs / "2025").mkdir(parents=True)
    (docs / "2025" / "index.md").write_text(f"# Выпуск\n\n[Главная](../index.md#{anchor})\n", encoding="utf-8")
    config = load_config(
        str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(tmp_path / "site"),
        nav=[{"Выпуск": "2025/index.md"}], strict=True,
    )  # fmt: skip
    # the home page is another build's, not in this build's navigation: its anchors are known by name
    scope = Scope("2025/", {"index.md": ["present"], "2024/index.md": None}, False, "2025-05-31")
    if anchor == "present":
        assert parallel.build(config, workers=1, scope=scope).pages == 1
    else:
        with pytest.raises(Abort):
            parallel.build(config, workers=1, scope=scope)


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize(
    "site_url",
    [
        "https://demo.example/", "https://demo.example/kemerovo", "", "/local/", "https://demo.example/a/../b/",
        "https://demo.example/a//b/", "https://demo.example/./a/", "https://demo.example/a/?q=1", "http://demo.example",
    ],
)  # fmt: skip
def test_a_page_listed_in_the_sitemap_has_the_urls_mkdocs_gives_its_page(
    directory_urls: bool, site_url: str, tmp_path: Path
) -> None:
    """The sitemap of the whole site lists the pages of the other builds without a ``Page`` of each
    (generator/build/scope.py ``listed_page``): the same URLs, on plain paths (made from the path) and on
    paths MkDocs quotes, indexes or resolves (its own ``File.url``)."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page
    from mkdocs.utils import get_build_date

    from generator.build.scope import listed_page

    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(tmp_path), use_directory_urls=directory_urls)
    config["site_url"] = site_url or None
    paths = [
        "index.md", "2025/index.md", "2025/gorod-a/index.md", "2025/gorod-a/obrazovanie.md", "methodology.md",
        "2025/a_b-1/c.md", "README.md", "a/README.md", "Раздел/страница.md", "a b/c.md", "a/b.c.md", "a/../b.md",
        "a/./b.md", "A/Index.md", "x%20y.md", "-a/b.md",
    ]  # fmt: skip
    for path in paths:
        mine = listed_page(File(path, None, "/site", directory_urls), config["site_url"], "2026-05-31")
        page = Page(None, File(path, None, "/site", directory_urls), config)
        urls = (mine.canonical_url, mine.abs_url, mine.is_link)
        assert urls == (page.canonical_url, page.abs_url, page.is_link), path
        assert page.update_date == get_build_date() and mine.update_date == "2026-05-31"
