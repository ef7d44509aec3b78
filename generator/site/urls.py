"""The permanent URL scheme of the site, in one place.

Officials cite these addresses in orders, so they are built from permanent identifiers only: the
academic year, the municipality's slug from the registry, the section's slug and the indicator's id
from the catalogue — never from titles, which may be reworded.
"""

from __future__ import annotations

import functools
import posixpath
import re

REGION_SLUG = "region"


def edition(year: int) -> str:
    return f"/{year}/"


def municipality(year: int, slug: str) -> str:
    return f"/{year}/{slug}/"


def section(year: int, territory: str, section_slug: str) -> str:
    return f"/{year}/{territory}/{section_slug}/"


def region_section(year: int, section_slug: str) -> str:
    return section(year, REGION_SLUG, section_slug)


# Pages of a municipality's edition beside its sections; section slugs may not take these names.
MUNICIPALITY_PAGES = ("recommendations", "targets", "cycle", "report")


def recommendations(year: int, territory: str | None = None) -> str:
    """The region's addressed recommendations of an edition, or one municipality's."""
    return f"/{year}/recommendations/" if territory is None else f"/{year}/{territory}/recommendations/"


def targets(year: int, slug: str) -> str:
    return f"/{year}/{slug}/targets/"


def cycle(year: int, slug: str) -> str:
    return f"/{year}/{slug}/cycle/"


def report(year: int, slug: str) -> str:
    return f"/{year}/{slug}/report/"


def corrections(year: int) -> str:
    """The corrections of a published edition: what changed after publication, when and why."""
    return f"/{year}/corrections/"


def latest_municipality(slug: str) -> str:
    return f"/municipalities/{slug}/"


def methodology(indicator_id: str | None = None) -> str:
    return "/methodology/" + (f"#{indicator_id}" if indicator_id else "")


DATA = "/data/"
HOME = "/"


def docs_path(url: str) -> str:
    """The Markdown file that MkDocs turns into ``url`` (directory URLs)."""
    return url.strip("/") + "/index.md" if url != "/" else "index.md"


def md_link(from_path: str, to_path: str) -> str:
    """A relative link between two Markdown files (docs paths): MkDocs checks these in strict mode."""
    target, _, fragment = to_path.partition("#")
    rel = posixpath.relpath(target, posixpath.dirname(from_path) or ".")
    return rel + (f"#{fragment}" if fragment else "")


def md_link_between(from_url: str, to_url: str) -> str:
    """The Markdown link from one page to another, given by their site URLs (with an optional #anchor)."""
    target, _, fragment = to_url.partition("#")
    return md_link(docs_path(from_url), docs_path(target) + (f"#{fragment}" if fragment else ""))


_DOT_SEGMENT = re.compile(r"(?:^|/)\.\.?(?:/|$)")


def _relpath(target: str, base: str) -> str:
    """``posixpath.relpath(target, base)`` for site paths: the same answer without its ``abspath`` and
    ``normpath`` of both (a region's pages make some hundred thousand links, each to a chart or page of
    its own, so a cache does not spare them); a path it does not know as clean goes to ``relpath``."""
    unclean = _DOT_SEGMENT.search(target) or _DOT_SEGMENT.search(base)
    if unclean or not (target.startswith("/") and base.startswith("/")):
        return posixpath.relpath(target, base)
    to = [part for part in target.split("/") if part]
    start = [part for part in base.split("/") if part]
    common = 0
    for a, b in zip(to, start, strict=False):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(start) - common) + to[common:]
    return "/".join(parts) if parts else "."


@functools.lru_cache(maxsize=65536)
def relative(from_url: str, to_url: str) -> str:
    """A link from one page to another (or to a file) that works wherever the site is hosted.

    Kept per pair: a region's pages ask for the same few links tens of thousands of times."""
    target, _, fragment = to_url.partition("#")
    base = from_url if from_url.endswith("/") else posixpath.dirname(from_url) + "/"
    rel = _relpath(target, base)
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    if rel == "./":
        rel = "./"
    return rel + (f"#{fragment}" if fragment else "")


def pdf_name(year: int, slug: str) -> str:
    """The file name of a report's PDF, printed after MkDocs next to the report page."""
    return f"otchet-{slug}-{year}.pdf"
