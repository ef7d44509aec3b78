"""A page's live charts are drawn from what the page carries: a trend chart from its own table, an overview
chart from the page's one chart file; no chart has a JSON file of its own.

The pages are made from the Kemerovo fixture (a real region's one edition, a municipality alone) and from a
synthetic region of three municipalities over three years (the region's line beside each, a comparison of
municipalities on each edition page), a few seconds each; the spec is
rebuilt from a page the way ``charts.js`` rebuilds it (:func:`generator.site.chartfile.parts_from_page`,
its Python mirror) and compared with the spec the generator made, which Altair's ``to_dict()`` makes too
(``test_charts.py``). The browser's own reading is checked by ``test_browser_charts.py``.
"""

from __future__ import annotations

import json
import posixpath
import re
from typing import Any

import pytest

from generator.build.site_pages import build_site_content
from generator.build.synthetic import make_region
from generator.build.validate import validate
from generator.publish.public_table import public_table
from generator.site import urls, versions_list
from generator.site.chartfile import PAGE_FILE, fill, page_charts, template
from generator.site.charts import source_spec
from generator.site.context import SiteInfo
from generator.site.render import SiteContent

from .conftest import copy_fixture
from .site_helpers import ROOT

_FIGURE = re.compile(r'<figure class="pf-chart[^"]*" data-spec="([^"]+)"[^>]*id="([^"]+)">\s*<img[^>]*src="([^"]+)"')


@pytest.fixture(scope="module", params=["kemerovo", "synthetic"])
def content(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> SiteContent:
    folder = tmp_path_factory.mktemp("charts") / "data"
    if request.param == "synthetic":
        root = make_region(ROOT / "data", folder, municipalities=3, years=3, seed=3).root
    else:
        root = copy_fixture("kemerovo", folder)
    report = validate(root)
    assert report.errors == [] and report.dataset is not None and report.table is not None
    dataset, table = report.dataset, report.table
    info = SiteInfo(name="Профориентир", region=dataset.registry.region.name, demo=False, site_url="")
    return build_site_content(dataset, table, public_table(table, dataset), info, rules=report.rules)


def _url(docs_path: str) -> str:
    return "/" if docs_path == "index.md" else "/" + docs_path.removesuffix("index.md")


def _figures(content: SiteContent) -> list[tuple[str, str, str, str, str]]:
    """(page's docs path, page's Markdown, data-spec, figure id, chart name) of every live chart."""
    found = []
    for path, body in content.pages.items():
        for spec_url, figure_id, svg in _FIGURE.findall(body):
            name = posixpath.normpath(posixpath.join(_url(path), svg)).lstrip("/").removesuffix(".svg")
            found.append((path, body, spec_url, figure_id, name))
    return found


def test_a_section_pages_chart_draws_the_numbers_of_its_table_in_the_spec_the_generator_made(
    content: SiteContent,
) -> None:
    checked = 0
    read: dict[str, dict] = {}  # each page read once for all its charts
    for path, body, _spec_url, figure_id, name in _figures(content):
        table_id = re.search(rf'<figure[^>]*data-pf-table="([^"]+)"[^>]*id="{figure_id}"', body)
        if table_id is None:
            continue  # an overview chart: see below
        if path not in read:
            read[path] = page_charts(body)
        href, parts = read[path][figure_id]
        kind = re.fullmatch(r"(?:\.\./)*assets/charts/trend-(\w+)\.json", href)
        assert kind, (path, href)  # the data-spec is the shared template of the chart's kind
        drawn = fill(template(kind.group(1)), parts)
        assert drawn == source_spec(content.charts[name]), (path, figure_id)
        # every point is a cell of the table: its number the chart's value, its text the tooltip
        table = body.split(f'<table id="{table_id.group(1)}">')[1].split("</table>")[0]
        for value in parts["values"]:
            row = re.search(
                rf'<tr data-pf-year="{value["year"]}"><th scope="row">{value["label"]}</th>(.*?)</tr>', table
            )
            assert row and value["formatted"] in row.group(1), (path, value)
        checked += 1
    # every trend chart made is on its section page and checked; the fixture's report gives 13 of the catalogue's
    # indicators a value each year (a block whose series have no value at all shows no chart)
    trends = [name for name in content.charts if not name.rsplit("/", 1)[1].startswith("compare-")]
    assert checked == len(trends) > 30


def test_the_region_line_of_a_chart_is_the_tables_region_column(content: SiteContent) -> None:
    """Where the chart draws the region beside a municipality, its points are the last column's cells."""
    rows = [
        row
        for body in content.pages.values()
        for row in re.findall(r"<tr data-pf-year=[^>]*>.*?</tr>", body)
        if 'data-pf-s="1"' in row
    ]
    two_lines = sum(len(re.findall(r'data-pf-series="\[\[[^"]*\],\[', body)) for body in content.pages.values())
    assert bool(rows) == bool(two_lines)  # a chart of two lines has a table of two columns of points
    assert all(re.search(r'<td data-pf-s="1"[^>]*>[^<]*</td></tr>$', row) for row in rows)


def test_an_overview_chart_comes_from_the_one_chart_file_of_its_page(content: SiteContent) -> None:
    checked = 0
    for path, _body, spec_url, _figure_id, name in _figures(content):
        if "#" not in spec_url:
            continue
        file, _, anchor = spec_url.partition("#")
        assert file == PAGE_FILE  # beside the page, in its own folder
        page_file = posixpath.join(posixpath.dirname(path), PAGE_FILE)
        specs: dict[str, Any] = json.loads(content.files[page_file])
        assert specs[anchor]["description"], (path, anchor)
        if name in content.charts:  # a comparison: its static SVG is drawn from the same spec
            assert specs[anchor] == source_spec(content.charts[name])
        checked += 1
    assert checked >= 3  # the home page's sparklines at least


def test_no_chart_has_a_json_file_of_its_own(content: SiteContent) -> None:
    chart_files = [p for p in content.files if p.endswith(".json") and p != versions_list.FILE]  # not a chart
    assert chart_files and all(p.endswith("/" + PAGE_FILE) or p == PAGE_FILE for p in chart_files), chart_files
    pages_with_files = {posixpath.dirname(p) for p in chart_files}
    assert len(chart_files) == len(pages_with_files) <= len(content.pages)  # at most one per page
    # the trend charts' specs are drawn to SVG by the pipeline; none is a file of the site
    assert not any(p.startswith("charts/") and p.endswith(".json") for p in content.files)


def test_a_trend_chart_names_its_template_and_table_and_no_file_of_its_own(content: SiteContent) -> None:
    page = next(p for p in content.pages if urls.docs_path("/") != p and "data-pf-table" in content.pages[p])
    body = content.pages[page]
    assert not re.search(r'data-spec="[^"]*charts/\d+/', body)
    ids = set(re.findall(r'data-pf-table="([^"]+)"', body))
    assert ids and all(f'<table id="{i}">' in body for i in ids)
