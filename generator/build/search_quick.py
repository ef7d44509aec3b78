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


def quicken(search_plugin: Any) -> None:
    """Make ``search_plugin`` (Material's) index each page from the page without its excluded elements.

    Only the text the parser reads changes: the page itself keeps every element. Called once per process
    that renders pages; the plugin object is that process's own.
    """
    index = search_plugin.search_index
    if getattr(index, "_pf_quick", False):
        return
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
