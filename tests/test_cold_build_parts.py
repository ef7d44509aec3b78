"""A cold build shares its work out evenly and its shortcuts give the answers of the long way.

Every edition is made in as many parts as there are workers (five editions on two cores are ten parts, so
neither core makes the last edition alone), and the parts together are the pages one process makes; the
links between pages are computed without ``posixpath.relpath`` but are its links; the Vega bundle begun in
a thread at the start of a build is the bundle written.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

import pytest

from generator.build.site_pages import units
from generator.build.validate import validate
from generator.site import chart_render, urls
from generator.site.context import SiteContext, SiteInfo

from .site_helpers import site_content

ROOT = Path(__file__).parents[1]
DATA = ROOT / "data"  # the demo region: fourteen municipalities over five years


def _parts(content: Any) -> tuple[dict[str, str], dict[str, bytes], list[str], str]:
    return content.pages, content.files, list(content.charts), repr(content.nav)


def test_every_edition_is_cut_into_one_part_per_worker() -> None:
    report = validate(DATA)
    assert report.dataset is not None and report.table is not None
    info = SiteInfo(name="П", region=report.dataset.registry.region.name, demo=False, site_url="")
    ctx = SiteContext.create(report.dataset, report.table, info)
    years = report.dataset.years
    assert len(years) > 1
    for workers in (1, 2, 3):
        found = units(ctx, years, workers)
        for year in years:
            slugs = [mu.slug for mu in ctx.munis if ctx.has_data(year, mu.slug)]
            mine = [u for u in found if u[0] == year]
            assert len(slugs) > 3 and len(mine) == workers
            assert [s for u in sorted(mine) for s in u[2]] == slugs, "the parts are the municipalities, in order"
            assert [u[1] for u in sorted(mine)] == list(range(len(mine)))


def test_the_parts_of_the_editions_make_the_pages_one_process_makes(generated: Any) -> None:
    one_process = generated("data")  # site_content(DATA), workers=1: made once for the test run
    assert _parts(site_content(DATA, workers=2)) == _parts(one_process)


@pytest.mark.parametrize(
    ("page", "target"),
    [
        ("/2025/", "/charts/2025/region/a.svg"),
        ("/2025/mo/section/", "/charts/2025/mo/x.svg"),
        ("/2025/mo/section/", "/2025/mo/section/"),
        ("/2025/mo/section/", "/2024/mo/section/#anchor"),
        ("/", "/methodology/"),
        ("/2025/mo/page.html", "/assets/vendor/vega-bundle.js"),
        ("/a//b/", "/a/c/"),
        ("/a/./b/", "/a/../c/"),
        ("/a/b/", "c/d"),
    ],
)
def test_relative_links_are_those_of_relpath(page: str, target: str) -> None:
    path, _, fragment = target.partition("#")
    base = page if page.endswith("/") else posixpath.dirname(page) + "/"
    expected = posixpath.relpath(path, base)
    if path.endswith("/") and not expected.endswith("/"):
        expected += "/"
    assert urls.relative(page, target) == expected + (f"#{fragment}" if fragment else "")


def test_a_bundle_begun_early_is_the_bundle_written_and_none_is_made_when_one_is_there(tmp_path: Path) -> None:
    chart_render.start_vendor_bundle(tmp_path / "early", tmp_path / "cache")
    early = chart_render.write_vendor_bundle(tmp_path / "early", tmp_path / "cache")
    plain = chart_render.write_vendor_bundle(tmp_path / "plain")
    assert early.read_bytes() == plain.read_bytes()
    assert sorted(p.name for p in early.parent.iterdir()) == [early.name], "the child's file is read and removed"
    chart_render.start_vendor_bundle(tmp_path / "plain")  # the docs folder has it: nothing to bundle
    assert not chart_render._EARLY, "nothing begun, and a bundle begun early is taken by the write it serves"
    assert chart_render.write_vendor_bundle(tmp_path / "plain") == plain
