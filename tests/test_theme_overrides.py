"""The site's compact copies of Material's navigation partials (site_overrides/partials/) keep every link.

Material renders a page's table of contents twice (the right sidebar, and again in the navigation for the
drawer of a narrow screen) and spends much of the navigation on indentation and classes that nothing
reads; the navigation stands on every one of thousands of pages. The overrides render the table of
contents once (toc.integrate) and the navigation without white space between tags. These tests hold the
saving and what must not be lost with it: every link of the navigation, a table of contents on every page
that has headings (a section's index page included, which Material's integrated navigation leaves without
one), and a review of the copies when Material changes the files they were copied from.
"""

from __future__ import annotations

import hashlib
import re
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urljoin

import pytest

from generator.build.validate import Report, validate
from generator.site import urls

from .site_helpers import BuiltSite

ROOT = Path(__file__).resolve().parents[1]
OVERRIDES = ROOT / "site_overrides" / "partials"

# The version of mkdocs-material the overrides were copied from, and the digests of its files they replace.
MATERIAL = "9.8.2"
UPSTREAM = {
    "nav-item.html": "89895208f22d68ce405a4bcb6649b9150eba5bbb04663a6cb3f93f02daf1d2f7",
    "toc.html": "fde48f583563364b0e0e6865a5ab1e7060ec1826161f69f5cbee653e621b0f84",
    "toc-item.html": "418f31ce2e6d559934f610084a5c8493f9618b96268909601552ac48aa0c15c2",
}


@pytest.fixture(scope="module")
def report() -> Report:
    return validate(ROOT / "data")


def _primary_nav(page: str) -> str:
    start = page.index('<nav class="md-nav md-nav--primary')
    return page[start : page.index('<div class="md-content"', start)]


def _headings(page: str) -> list[str]:
    """The ids of the page's own second-level headings (those of its text, with a permalink)."""
    return re.findall(r'<h2 id="([^"]+)">[^\n]*?<a class="headerlink"', page)


def _own_entry(nav: str) -> list[str]:
    """The names the page's own entry of the navigation shows: its drawer toggle's and its link's."""
    entry = re.search(r'id="__toc">(.*?)<nav class="md-nav md-nav--secondary"', nav, re.S)
    assert entry is not None
    return re.findall(r'<span class="md-ellipsis">([^<]*)</span>', entry.group(1))


def _links(url: str, html: str) -> set[str]:
    """The site URLs (``/2026/…/``) that the links of ``html`` on the page at ``url`` lead to."""
    base = "http://site" + url
    return {urljoin(base, href)[len("http://site") :] for href in re.findall(r'<a href="([^"#]+)"', html)}


@pytest.mark.parametrize("name", sorted(UPSTREAM))
def test_each_copied_partial_matches_the_installed_material_it_was_copied_from(name: str) -> None:
    """A Material upgrade fails here until the copy is compared with the new file and the digest renewed."""
    import material

    upstream = Path(material.__file__).parent / "templates" / "partials" / name
    assert (OVERRIDES / name).is_file()
    assert version("mkdocs-material") == MATERIAL, "compare site_overrides/partials/ with the new Material"
    assert hashlib.sha256(upstream.read_bytes()).hexdigest() == UPSTREAM[name], name


def test_a_section_page_has_its_table_of_contents_once_and_its_navigation_without_blank_runs(
    demo_site: BuiltSite, report: Report
) -> None:
    dataset = report.dataset
    assert dataset is not None
    year = dataset.years[-1]
    section = next(iter(dataset.catalogue.sections.values()))
    page = demo_site.page(urls.section(year, "berezovskiy-mo", section.slug))
    assert page.count('data-md-component="toc"') == 1
    assert page.count('<nav class="md-nav md-nav--secondary"') == 1
    assert "md-sidebar--secondary" not in page
    contents = re.findall(r'<a href="#([^"]+)" class="md-nav__link"', page)
    headings = _headings(page)
    assert headings and set(headings) <= set(contents)
    assert len(contents) == len(set(contents)), "a heading is listed twice"
    # the edition's branch (the nav-item.html partial) is one line: no white space between its tags
    branch = next(line for line in _primary_nav(page).splitlines() if 'data-md-level="1"' in line)
    assert branch.endswith("</ul></nav></li>") and 'data-md-component="toc"' in branch
    assert not re.search(r">\s+<", branch)


def test_a_municipality_page_links_every_municipality_every_page_of_its_own_and_every_edition(
    demo_site: BuiltSite, report: Report
) -> None:
    """The reachability the compact navigation must keep (the demo's list is short, so it is not grouped)."""
    dataset = report.dataset
    assert dataset is not None
    year = dataset.years[-1]
    sections = list(dataset.catalogue.sections.values())
    url = urls.section(year, "berezovskiy-mo", sections[-1].slug)
    links = _links(url, _primary_nav(demo_site.page(url)))
    municipalities = {urls.municipality(year, mu.slug) for mu in dataset.registry.municipalities}
    own = {urls.section(year, "berezovskiy-mo", s.slug) for s in sections}
    editions = {urls.edition(y) for y in dataset.years}
    expected = municipalities | own | editions | {urls.methodology()}
    assert expected - links == set()


def test_a_sections_index_page_lists_its_own_contents_in_the_navigation(demo_site: BuiltSite, report: Report) -> None:
    """A municipality's overview is its section's index page: the integrated table of contents stands under
    its own entry, toggled by the drawer's #__toc (before, it had none in the drawer of a narrow screen). The
    entry is named «Содержание»: the section's link just above it already shows the page's title."""
    dataset = report.dataset
    assert dataset is not None
    page = demo_site.page(urls.municipality(dataset.years[-1], "berezovskiy-mo"))
    nav = _primary_nav(page)
    assert nav.count('id="__toc"') == 1 and 'for="__toc"' in nav
    assert _own_entry(nav) == ["Содержание", "Содержание"]  # the drawer's toggle and the wide screen's link
    section_link = re.search(r'md-nav__container"><a href="[^"]*" class="md-nav__link md-nav__link--active">'
                             r'<span class="md-ellipsis">([^<]*)</span>', nav)
    own = next(mu for mu in dataset.registry.municipalities if mu.slug == "berezovskiy-mo")
    assert section_link is not None and section_link.group(1) == own.name
    contents = re.findall(r'<a href="#([^"]+)" class="md-nav__link"', nav)
    headings = _headings(page)
    assert headings and set(headings) <= set(contents)


def test_a_sections_first_page_standing_as_its_index_keeps_its_title(demo_site: BuiltSite, report: Report) -> None:
    """«Регион в целом» has no overview: its first section's page is its index, and that page's entry must
    still name it, or the list of the region's sections would miss one."""
    dataset = report.dataset
    assert dataset is not None
    first = next(iter(dataset.catalogue.sections.values()))
    nav = _primary_nav(demo_site.page(urls.region_section(dataset.years[-1], first.slug)))
    assert _own_entry(nav) == [first.title, first.title]
