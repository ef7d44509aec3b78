"""Material's search indexing without parsing what it would skip: the same index, a fraction of the work.

Material's search plugin reads every page's HTML with ``html.parser`` to cut it into sections, and skips
every element marked ``data-search-exclude``. On a section page of a municipality those are most of the
page — the figures, the tables under the charts, the key figures, the methodology notes — so about a fifth
of a page's MkDocs time went into parsing HTML whose text was then thrown away. Here the parser is given
the page without those elements. An excluded element that holds a heading is left in place: the heading
opens a section of the index even when its text is skipped, so taking it out would change the sections.
A test compares the index of whole sites built both ways.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

_EXCLUDED = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?\sdata-search-exclude(?=[\s>/=])[^>]*>")
_HEADING = re.compile(r"<h[1-6]\b", re.I)


@cache
def _same_tag(tag: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){re.escape(tag)}\b[^>]*>", re.I)


def _end(html: str, tag: str, start: int) -> int | None:
    """Where the element whose start tag ends at ``start`` closes (after its end tag), or None."""
    depth = 1
    for match in _same_tag(tag).finditer(html, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end()
    return None


def strip_excluded(html: str) -> str:
    """``html`` without the elements marked ``data-search-exclude`` that hold no heading."""
    out: list[str] = []
    kept = 0  # html[kept:] is not yet copied to out
    pos = 0
    while (match := _EXCLUDED.search(html, pos)) is not None:
        tag = match.group(1).lower()
        end = None if _HEADING.match(match.group(0)) else _end(html, tag, match.end())
        if end is None or _HEADING.search(html, match.end(), end):
            pos = match.end()  # a heading, or an element that holds one (or is never closed): left as it is
            continue
        out.append(html[kept : match.start()])
        kept = pos = end
    out.append(html[kept:])
    return "".join(out)


_SEARCH_ATTRIBUTE = re.compile(r'data-search-\w+="[^"]+"')
_SPACE = re.compile(r"\s")
MATERIAL_ATTRIBUTES = r"\s?data-search-\w+=\"[^\"]+\""
"""The pattern Material's search plugin removes from every page after indexing it (``on_page_context``)."""


def without_search_attributes(html: str) -> str:
    """``re.sub(MATERIAL_ATTRIBUTES, "", html)``, found by the pattern's literal start.

    Python's ``re`` tries a pattern that opens with an optional ``\\s?`` at every position of the page, 0,7 ms
    a page of sixty kilobytes, though this site's pages hold no such attribute with a value (theirs is a
    bare ``data-search-exclude``); a literal start is looked for as a substring. The space before a match
    is removed with it, as the optional ``\\s`` takes it.
    """
    out: list[str] = []
    kept = 0  # html[kept:] is not yet copied to out
    for match in _SEARCH_ATTRIBUTE.finditer(html):
        start = match.start()
        if start > kept and _SPACE.match(html, start - 1):
            start -= 1
        out.append(html[kept:start])
        kept = match.end()
    if not out:
        return html
    out.append(html[kept:])
    return "".join(out)


def quicken(search_plugin: Any, plugins: Any = None) -> None:
    """Make ``search_plugin`` (Material's) index each page from the page without its excluded elements.

    Only the text the parser reads changes: the page itself keeps every element. Called once per process
    that renders pages; the plugin object is that process's own. With ``plugins`` (the configuration's
    MkDocs ``PluginCollection``), the plugin's ``on_page_context`` is replaced by the same two steps, its
    attribute removal done by :func:`without_search_attributes`.
    """
    index = search_plugin.search_index
    if getattr(index, "_pf_quick", False):
        return
    if plugins is not None:
        handlers = plugins.events["page_context"]
        for position, handler in enumerate(handlers):
            if getattr(handler, "__self__", None) is search_plugin:
                handlers[position] = _page_context(search_plugin)
    original = index.add_entry_from_context

    def add_entry_from_context(page: Any) -> None:
        if (page.meta.get("search") or {}).get("exclude"):
            return  # Material would skip the page: no need to prepare it
        content = page.content
        page.content = strip_excluded(content or "")
        try:
            original(page)
        finally:
            page.content = content

    index.add_entry_from_context = add_entry_from_context
    index._pf_quick = True


def _page_context(search_plugin: Any) -> Any:
    """Material's ``SearchPlugin.on_page_context`` (``tests/test_search_quick.py`` reads its source)."""

    def on_page_context(context: Any, *, page: Any, config: Any, nav: Any) -> None:
        if not search_plugin.config.enabled:
            return
        search_plugin.search_index.add_entry_from_context(page)
        page.content = without_search_attributes(page.content)

    return on_page_context
