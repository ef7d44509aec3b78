"""What one MkDocs build covers when the site is made by several: one build per edition, one for the rest.

Why several builds: a published edition is frozen, so its finished HTML can be kept and reused whole, and
a data commit of the current year should cost the current edition's pages, not every page of every year
(MkDocs' own steps — listing files, navigation, search, sitemap — grow with the whole site). Each build
reads its own docs folder and knows the pages of the other builds only by name (``foreign``), so links
into them are checked and made relative as MkDocs does, and their anchors are checked where known.

An edition's build (``root`` = ``"2025/"``) writes its own search index and sitemap under its folder, and
its pages' configuration names that folder as their base, so the search box of an edition searches that
edition; the build of the rest (``root`` = ``""``) writes the theme's files, the 404 page, the sitemap of
the whole site and the site's search index.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.sax.saxutils import escape

SEARCH_INDEX = "search/search_index.json"


@dataclass(frozen=True)
class Scope:
    root: str = ""
    """The folder of this build's pages, search index and sitemap (``"2025/"``); empty for the whole site."""
    foreign: Mapping[str, Sequence[str] | None] = field(default_factory=dict)
    """Docs paths built by other builds → their anchors (None: unknown, not checked)."""
    site_files: bool = True
    """Whether this build writes the theme's assets, the 404 page and the sitemap of the whole site."""
    lastmod: str = ""
    """The date its sitemap gives its pages (YYYY-MM-DD): an edition's own, so a finished edition's
    sitemap stays the one a fresh build writes; empty for the build's date."""

    def base(self, page_url: str) -> str | None:
        """The page configuration's ``base`` (what the search index is fetched against), or None to keep
        MkDocs' own (the site root)."""
        if not self.root:
            return None
        from mkdocs.utils import get_relative_url

        return get_relative_url(self.root, page_url) or "."


def _nav_strings(item: Any) -> Iterable[str]:
    if isinstance(item, str):
        yield item
    elif isinstance(item, dict | list):
        for value in item.values() if isinstance(item, dict) else item:
            yield from _nav_strings(value)


def navigation_files(files: Any, foreign: Collection[str], nav_config: Any) -> Any:
    """The files MkDocs' navigation step is given: the pages of other builds (``foreign``) only where the
    navigation names them. That step makes a ``Page`` of every page it is given (~17 000 of other editions at
    ten years, on every data commit), which only the sitemap of the whole site reads: it gets a
    :class:`ListedPage` of each instead (:func:`listed`); a page of another build that a link's anchor is
    checked against gets its ``Page`` after rendering (see :func:`generator.build.mkdocs.build`)."""
    from mkdocs.structure.files import Files

    if nav_config is None or not foreign:
        return files
    named = {
        found.src_uri
        for path in _nav_strings(nav_config)
        for found in (files.get_file_from_path(path), files.get_file_from_path(path.lstrip("/")))
        if found is not None
    }
    return Files([f for f in files if f.src_uri not in foreign or f.src_uri in named])


_PLAIN_PAGE = re.compile(r"(?:[a-z0-9][a-z0-9_\-]*/)*[a-z0-9][a-z0-9_\-]*\.md")
"""A docs path whose URL is its folders and name as they are: nothing to quote, no ``.`` or ``..`` to resolve."""


@dataclass(frozen=True)
class ListedPage:
    """A page of another build as the theme's ``sitemap.xml`` template reads it (``file.page.…``).

    Why: that template lists ``files.documentation_pages()`` with their ``page``, and MkDocs makes a ``Page`` of
    a file in its navigation step; the build of the rest of the site was given every page of every edition
    (~8 500 on ten years of sixty municipalities) only so that its sitemap of the whole site lists them.
    """

    canonical_url: str | None
    abs_url: str | None
    update_date: str
    is_link: bool = False


def listed_page(file: Any, site_url: str | None, date: str) -> ListedPage:
    """The URLs ``mkdocs.structure.pages.Page`` gives ``file`` (``_set_canonical_url``), and the build's date:
    for a plain docs path with directory URLs made from the path (a hundredth of the cost), else by MkDocs'
    own ``File.url``; ``tests/test_scope.py`` compares both with ``Page`` on the demonstration's pages and on
    paths that quote, resolve or index."""
    if not site_url:
        return ListedPage(None, None, date)
    base = site_url if site_url.endswith("/") else site_url + "/"
    uri = file.src_uri
    if file.use_directory_urls and _PLAIN_PAGE.fullmatch(uri):
        parent, _, name = uri[:-3].rpartition("/")
        url = (f"{parent}/" if parent else "") if name == "index" else f"{uri[:-3]}/"
        base_path = _joins_by_appending(base)
        if base_path is not None:  # ~8 500 pages of other editions at ten years: no urljoin and urlsplit of each
            return ListedPage(base + url, base_path + url, date)
    else:
        url = file.url
        url = "" if url in (".", "./") else url
    canonical = urljoin(base, url)
    return ListedPage(canonical, urlsplit(canonical).path, date)


@functools.lru_cache(maxsize=8)
def _joins_by_appending(base: str) -> str | None:
    """The path of ``base`` when ``urljoin(base, url)`` is ``base + url`` for every plain directory URL (folders of
    letters, digits, ``-`` and ``_``): a base without a query or fragment and without empty or dot segments in
    its path, which urljoin would drop or resolve. Tried on a sample, which stands for every such URL:
    urljoin treats their segments alike."""
    sample = "a-1/b_2/"
    parts = urlsplit(base)
    if parts.query or parts.fragment or urljoin(base, sample) != base + sample:
        return None
    if urlsplit(base + sample).path != parts.path + sample:
        return None
    return parts.path


@contextlib.contextmanager
def listed(files: Any, foreign: Collection[str], config: Any) -> Iterator[None]:
    """While the theme's sitemap is written, the pages of other builds with a :class:`ListedPage`; without one
    again after it (a page of another build that a link's anchor is checked against gets a real ``Page``)."""
    from mkdocs.utils import get_build_date

    date = get_build_date()
    given = [f for f in files.documentation_pages() if f.page is None and f.src_uri in foreign]
    for file in given:
        file.page = listed_page(file, config.get("site_url"), date)
    try:
        yield
    finally:
        for file in given:
            file.page = None


def relocate_search_index(site_dir: Path, root: str) -> list[dict[str, Any]]:
    """Move the index MkDocs wrote at the build's root into ``root``, its locations made relative to it.

    Returns the entries (their locations relative to ``root``), for a search index that joins them.
    """
    source = site_dir / SEARCH_INDEX
    if not source.is_file():
        return []
    data = json.loads(source.read_text(encoding="utf-8"))
    entries = data.get("docs", [])
    if root:
        moved = [{**e, "location": e["location"].removeprefix(root)} for e in entries]
        write_index(site_dir / root / SEARCH_INDEX, {**data, "docs": moved})
        source.unlink()
        with contextlib.suppress(OSError):  # MkDocs' folder, empty now
            source.parent.rmdir()
        return moved
    return entries


def join_search_index(path: Path, entries: Iterable[dict[str, Any]], root: str) -> None:
    """Add an edition's entries (locations relative to ``root``) to the site's index at ``path``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data["docs"] = [*data.get("docs", []), *({**e, "location": root + e["location"]} for e in entries)]
    write_index(path, data)


def read_index(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    return list(json.loads(path.read_text(encoding="utf-8")).get("docs", []))


def write_index(path: Path, data: Any) -> None:
    """UTF-8 JSON rather than ASCII with escapes: the same index, a third of the size."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def write_sitemap(path: Path, urls: Iterable[str], lastmod: str) -> None:
    """A sitemap of these URLs in MkDocs' own format: Material's instant navigation reads it to know which
    links stay inside this build (and so inside its search index)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url in urls:
        lines += ["    <url>", f"         <loc>{escape(url)}</loc>", f"         <lastmod>{lastmod}</lastmod>"]
        lines.append("    </url>")
    lines.append("</urlset>")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)
