"""No broken link anywhere on the built demo site, and every published address still answers.

A crawler in pure Python (no browser) reads every HTML file of the site with ``html.parser``:

* every internal link — ``a[href]``, ``img[src]``, ``link[href]``, ``script[src]`` — resolves to a file
  of the site (a directory URL to its ``index.html``); absolute links to ``site_url`` count as internal;
* every ``#anchor`` exists as an ``id`` on the target page (Material's own ``#__drawer``, ``#__search``…
  are ids of its toggles, so they are checked the same way);
* every URL of ``data/urls.lock`` resolves — to a page, a download or a redirect page — and a redirect
  page sends the reader to an address that resolves.

All the broken links are reported at once.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from generator.publish.lockfile import read_lock

from .site_helpers import ROOT, BuiltSite

LINK_ATTRIBUTES = {"a": "href", "img": "src", "link": "href", "script": "src"}
SCHEMES_NOT_CHECKED = ("mailto:", "tel:", "javascript:", "data:")
SITE_URL = yaml.safe_load(
    re.search(r"^site_url:.*$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(0)  # type: ignore[union-attr]
)["site_url"]


@dataclass
class Page:
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag, raw URL)
    ids: set[str] = field(default_factory=set)
    refresh: str | None = None  # the target of a redirect page


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.page.ids.add(attributes["id"] or "")
        if tag == "a" and attributes.get("name"):
            self.page.ids.add(attributes["name"] or "")
        name = LINK_ATTRIBUTES.get(tag)
        if name and attributes.get(name) is not None:
            self.page.links.append((tag, attributes[name] or ""))
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            match = re.search(r"url=(.+)$", attributes.get("content") or "", re.I)
            if match:
                self.page.refresh = match.group(1).strip()

    handle_startendtag = handle_starttag


def _url_of(site: Path, html_file: Path) -> str:
    """The site URL of an HTML file: ``site/2026/index.html`` → ``/2026/``, ``site/404.html`` → ``/404.html``."""
    relative = html_file.relative_to(site).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def _file_of(site: Path, url_path: str) -> Path | None:
    """The file a site URL path is served from, or None when there is none."""
    path = posixpath.normpath(unquote(url_path)) if url_path not in ("", "/") else "/"
    if path.startswith("/.."):
        return None
    target = site / path.lstrip("/")
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


@dataclass
class Crawl:
    site: Path
    pages: dict[Path, Page]

    def ids(self, html_file: Path) -> set[str]:
        page = self.pages.get(html_file)
        return page.ids if page else set()

    def resolve(self, base_url: str, raw: str) -> str | None:
        """None when an internal URL resolves (with its anchor); otherwise what is wrong with it."""
        if raw.startswith(SITE_URL):
            raw = "/" + raw[len(SITE_URL) :]
        absolute = urljoin("http://site" + base_url, raw)
        parts = urlsplit(absolute)
        if parts.netloc != "site":
            return None  # another host: not this site's business here (and there is no internet)
        target = _file_of(self.site, parts.path)
        if target is None:
            return f"no file for {parts.path}"
        fragment = unquote(parts.fragment)
        if fragment and target.suffix == ".html" and fragment not in self.ids(target):
            return f"no id={fragment!r} on {_url_of(self.site, target)}"
        return None


@pytest.fixture(scope="module")
def crawl(demo_site: BuiltSite) -> Crawl:
    assert demo_site.result.ok
    site = demo_site.out
    pages: dict[Path, Page] = {}
    for html_file in sorted(site.rglob("*.html")):
        parser = _LinkParser()
        parser.feed(html_file.read_text(encoding="utf-8"))
        parser.close()
        pages[html_file] = parser.page
    return Crawl(site=site, pages=pages)


def test_every_internal_link_and_anchor_of_every_page_resolves(crawl: Crawl) -> None:
    broken: dict[str, list[str]] = defaultdict(list)  # problem → pages where it occurs
    checked = 0
    for html_file, page in crawl.pages.items():
        base = _url_of(crawl.site, html_file)
        for tag, raw in page.links:
            if not raw or raw.startswith(SCHEMES_NOT_CHECKED):
                continue
            checked += 1
            problem = crawl.resolve(base, raw)
            if problem:
                broken[f"<{tag}> {raw!r}: {problem}"].append(base)
    assert checked > 10_000, f"the crawler found only {checked} links: is it reading the site?"
    report = [f"{problem}  (on {len(where)} pages, e.g. {where[0]})" for problem, where in sorted(broken.items())]
    assert not report, f"{len(report)} broken links:\n" + "\n".join(report)


def test_every_address_of_the_lockfile_resolves_to_a_page_a_download_or_a_redirect(
    crawl: Crawl, demo_site: BuiltSite
) -> None:
    locked = sorted(read_lock(demo_site.data / "urls.lock"))
    assert locked
    missing = [url for url in locked if _file_of(crawl.site, url) is None]
    assert not missing, f"{len(missing)} addresses of urls.lock do not resolve:\n" + "\n".join(missing)


def test_every_redirect_page_sends_the_reader_to_an_address_that_resolves(crawl: Crawl) -> None:
    redirects = {f: p.refresh for f, p in crawl.pages.items() if p.refresh is not None}
    broken = []
    for html_file, target in redirects.items():
        base = _url_of(crawl.site, html_file)
        problem = crawl.resolve(base, target)
        if problem:
            broken.append(f"{base} → {target}: {problem}")
    assert not broken, "\n".join(broken)
