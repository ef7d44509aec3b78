"""An edition's pages do not change when a later year comes (issue 15: «a published past edition is frozen»).

An official's order cites a page of an edition; the latest page says «используйте адрес выпуска: его
содержание не меняется». So an edition names nothing after it: its navigation lists it and the editions
before it, a municipality's page lists its editions up to this one and links the latest page (which lists
them all and carries the embed code of the latest figures), and the header's list of editions is read at run
time from ``versions.json``, the one file a new edition changes.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.build.synthetic import add_year_file, make_region
from generator.core.formatting import academic_year
from generator.site import urls
from generator.site.versions_list import FILE, LATEST, NEWER

from .site_helpers import ROOT, site_content


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_region(ROOT / "data", tmp_path_factory.mktemp("frozen") / "data", municipalities=2, years=3).root


def _years(data: Path) -> list[int]:
    return sorted(int(p.name) for p in data.iterdir() if p.name.isdigit())


def _nav_strings(item: Any) -> list[str]:
    if isinstance(item, str):
        return [item]
    if isinstance(item, dict):
        return [s for key, value in item.items() for s in [key, *_nav_strings(value)]]
    return [s for value in item for s in _nav_strings(value)]


def test_an_editions_pages_and_navigation_are_the_same_whether_or_not_later_years_exist(
    region: Path, tmp_path: Path
) -> None:
    years = _years(region)
    without = Path(shutil.copytree(region, tmp_path / "without"))
    shutil.rmtree(without / str(years[-1]))
    earlier, later = site_content(without), site_content(region)
    assert later.editions[years[-1]].pages, "the later edition is made"
    for year in years[:-1]:
        assert later.editions[year].pages == earlier.editions[year].pages, year
        assert later.editions[year].nav == earlier.editions[year].nav, year
        assert academic_year(years[-1]) not in _nav_strings(later.editions[year].nav), year
    # the pages outside the editions do change: they list and show the latest
    assert academic_year(years[-1]) in _nav_strings(later.shell.nav)


def test_a_municipality_page_lists_its_editions_until_its_own_and_sends_to_the_latest_page_for_the_rest(
    region: Path,
) -> None:
    years = _years(region)
    parts = site_content(region)
    slug = sorted(p.stem for p in (region / str(years[0])).glob("*.yaml"))[0]
    first = parts.editions[years[0]].pages[urls.docs_path(urls.municipality(years[0], slug))]
    listed = first.split("## Выпуски {#editions}", 1)[1]
    assert f"**{academic_year(years[0])}** (эта страница)" in listed
    assert not [y for y in years[1:] if academic_year(y) in listed]
    assert "по постоянному адресу" in listed and f"/municipalities/{slug}/" in listed
    assert "Разместить на своём сайте" not in first  # the embed shows the latest figures: on the latest page
    latest = parts.shell.pages[urls.docs_path(urls.latest_municipality(slug))]
    assert "## Разместить на своём сайте {#embed}" in latest and "&lt;iframe " in latest
    assert all(academic_year(y) in latest for y in years)


def test_the_list_of_editions_names_the_latest_and_a_preliminary_one_after_it(region: Path, tmp_path: Path) -> None:
    data = Path(shutil.copytree(region, tmp_path / "data"))
    years = _years(data)
    add_year_file(data, years[-1] + 1)  # one municipality of two: a draft, not announced
    listed = json.loads(site_content(data).shell.files[FILE])
    assert [v["version"] for v in listed] == [str(y) for y in reversed([*years, years[-1] + 1])]
    assert listed[0] == {
        "version": str(years[-1] + 1),
        "title": academic_year(years[-1] + 1),  # as the navigation names it: a phone's header has no more room
        "aliases": [NEWER],
    }
    assert listed[1] == {"version": str(years[-1]), "title": academic_year(years[-1]), "aliases": [LATEST]}
    assert all(v["aliases"] == [] for v in listed[2:]), "the editions before the latest get the notice"


def test_only_an_editions_pages_offer_the_list_and_the_notice(demo_site: Any) -> None:
    edition_page = demo_site.page(urls.edition(2025))
    home = demo_site.page("/")
    config = re.compile(r'"version":\{"default":\["latest","preliminary"\],"provider":"mike"\}')
    assert config.search(edition_page) and not config.search(home)
    notice = re.search(r'data-md-component="outdated" hidden>(.*?)</div>\s*</aside>', edition_page, re.S)
    assert notice and "Это не последний выпуск мониторинга" in notice.group(1)
    assert "<script" not in notice.group(0), "no inline script: the site's CSP refuses it"
    listed = json.loads((demo_site.out / FILE).read_text(encoding="utf-8"))
    assert {v["version"] for v in listed} == {p.name for p in demo_site.out.iterdir() if p.name.isdigit()}
