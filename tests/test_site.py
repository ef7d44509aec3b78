"""The public site built from the demo data: every page at its permanent URL, numbers equal to the computed ones.

The demo site is built once per session (``demo_site``); these tests read its HTML as a reader's browser
would receive it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.build.validate import validate
from generator.compute.table import REGION
from generator.core.formatting import academic_year_short, format_value, share_percent
from generator.inputs.problems import Severity
from generator.site import urls

from .conftest import copy_fixture
from .site_helpers import ROOT, BuiltSite, build_site, chart_specs, drawn_specs, indicator_blocks, tables


@pytest.fixture(scope="session")
def report():  # type: ignore[no-untyped-def]
    result = validate(ROOT / "data")
    assert not result.errors
    return result


def _section_pages(report, years: tuple[int, ...] = ()) -> list[tuple[int, str, str, list[str]]]:  # type: ignore[no-untyped-def]
    """(year, territory, section slug, indicator ids with a value) of every section page the data calls for (in
    ``years``, if given)."""
    ds, table = report.dataset, report.table
    have = {v.key for v in table if v.value is not None}
    pages = []
    for year in years or ds.years:
        territories = [REGION] + [slug for (y, slug) in ds.entries if y == year]
        for territory in territories:
            for section in ds.catalogue.sections.values():
                ids = [
                    i.id
                    for i in ds.catalogue.indicators.values()
                    if i.section == section.id and i.exists_in(year) and (year, territory, i.id) in have
                ]
                pages.append((year, territory, section.slug, ids))
    return pages


def test_the_build_succeeds_without_a_warning(demo_site: BuiltSite) -> None:
    assert demo_site.result.ok, [str(p) for p in demo_site.result.problems]
    assert not [p for p in demo_site.result.problems if p.severity == Severity.error]
    assert demo_site.result.pages > 700


def test_every_municipality_section_and_year_has_its_page_at_its_permanent_url(demo_site: BuiltSite, report) -> None:  # type: ignore[no-untyped-def]
    missing = [
        urls.section(year, territory, slug)
        for year, territory, slug, _ in _section_pages(report)
        if not (demo_site.out / urls.section(year, territory, slug).strip("/") / "index.html").is_file()
    ]
    assert missing == []
    for year, slug in report.dataset.entries:
        assert (demo_site.out / str(year) / slug / "index.html").is_file()
    for year in report.dataset.years:
        assert (demo_site.out / str(year) / "index.html").is_file()
    for municipality in report.dataset.registry.municipalities:
        assert (demo_site.out / "municipalities" / municipality.slug / "index.html").is_file()
    for url in ("/", "/methodology/", "/data/"):
        assert demo_site.page(url)


def test_each_indicator_with_a_value_has_a_chart_spec_and_a_table_whose_numbers_are_the_computed_ones(
    demo_site: BuiltSite,
    report,  # type: ignore[no-untyped-def]
) -> None:
    """A block has a chart exactly when one of the series it draws has a value in some year: the page's
    territory, and beside a municipality's share or ratio the region (a count is drawn alone); a chart without
    a point would be an empty frame (tests/test_no_data_charts.py shows the blocks that have none). Every page
    of the oldest edition (a published one, its fewest years) and of the latest (every year): the editions between
    are made by the same code from the same table, and parsing all ~700 pages took 25 s of the test run."""
    catalogue, table = report.dataset.catalogue, report.table
    checked = 0
    for year, territory, slug, ids in _section_pages(report, years=(report.dataset.years[0], report.dataset.years[-1])):
        page = demo_site.page(urls.section(year, territory, slug))
        blocks = indicator_blocks(page)
        drawn = drawn_specs(demo_site.out, urls.section(year, territory, slug), page)  # as charts.js builds them
        for indicator_id in catalogue.indicators.keys() & blocks.keys():
            ind = catalogue.indicators[indicator_id]
            series = [territory] if territory == REGION or ind.kind.value == "count" else [territory, REGION]
            years = [y for y in report.dataset.years if y <= year and ind.exists_in(y)]
            valued = any((r := table.get(y, who, indicator_id)) is not None and r.value is not None
                         for y in years for who in series)  # fmt: skip
            assert (f"chart-{indicator_id}" in drawn) == valued, (year, territory, indicator_id)
        for indicator_id in ids:
            ind = catalogue.indicators[indicator_id]
            block = blocks[indicator_id]
            specs = chart_specs(block)
            assert len(specs) == 1, (year, territory, indicator_id)
            spec = drawn[f"chart-{indicator_id}"]  # the template of its kind, filled from the page's table
            assert spec["description"]
            own = spec["data"]["values"][0]["series"]  # the page's territory comes first, the region after
            # the chart's table alternative comes first; a region page adds its municipalities after it
            block_tables = tables(block)
            assert len(block_tables) == (2 if territory == REGION else 1)
            data_table = block_tables[0]
            body = data_table["rows"][1:]  # type: ignore[index]
            by_year = {r[0]: r for r in body}
            years = [y for y in report.dataset.years if y <= year and ind.exists_in(y)]
            assert list(by_year) == [academic_year_short(y) for y in years]
            digits, unit = catalogue.precision(ind), catalogue.unit(ind)
            for y in years:
                computed = table.get(y, territory, indicator_id)
                cells = by_year[academic_year_short(y)]
                if computed is None or computed.value is None:
                    continue
                if ind.kind.value == "share":
                    expected = format_value(
                        share_percent(computed.numerator, computed.denominator, digits), "share", digits, unit
                    )
                else:
                    expected = format_value(computed.value, ind.kind.value, digits, unit)
                value_cell = cells[-2] if territory != REGION else cells[-1]  # a municipality ends with the region
                assert value_cell == " ".join(expected.split()), (year, territory, indicator_id, y, cells)
                (point,) = [v for v in spec["data"]["values"] if v["series"] == own and v["year"] == y]
                assert point["value"] == pytest.approx(float(computed.value))  # the chart draws the table's number
                assert " ".join(point["formatted"].split()) in value_cell
                if ind.denominator:
                    assert cells[1].replace("\u00a0", "").replace(" ", "") == str(int(computed.denominator))
                checked += 1
    assert checked > 5000


def test_region_overview_lists_municipalities_alphabetically_never_as_a_ranking(demo_site: BuiltSite, report) -> None:  # type: ignore[no-untyped-def]
    year = report.dataset.years[-1]
    page = demo_site.page(urls.edition(year))
    names = {m.name for m in report.dataset.registry.municipalities}
    for data_table in tables(page):
        first_column = [r[0] for r in data_table["rows"][1:] if r[0] in names]  # type: ignore[index]
        if len(first_column) > 1:
            assert first_column == sorted(first_column, key=lambda n: n.lower().replace("ё", "е"))


def test_the_methodology_page_has_one_anchor_per_indicator_id(demo_site: BuiltSite, report) -> None:  # type: ignore[no-untyped-def]
    page = demo_site.page("/methodology/")
    for indicator_id in report.dataset.catalogue.indicators:
        assert f'id="{indicator_id}"' in page


def test_every_page_carries_a_citation_in_the_gost_form(demo_site: BuiltSite, report) -> None:  # type: ignore[no-untyped-def]
    year = report.dataset.years[-1]
    slug = sorted(report.dataset.registry.municipalities, key=lambda m: m.slug)[0].slug
    for url in ("/", urls.edition(year), urls.municipality(year, slug), "/methodology/"):
        page = demo_site.page(url)
        assert "Как сослаться" in page
        citation = re.search(r'class="pf-cite__text"[^>]*>(.*?)</', page, re.S)
        assert citation, url
        text = citation.group(1)
        assert "[Электронный ресурс]" in text or "URL:" in text
        assert "https://demo.proforientir.example" + (url if url != "/" else "/") in text
        assert "дата обращения" in text


def test_the_section_page_links_a_csv_of_exactly_its_numbers(demo_site: BuiltSite, report) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io

    year = report.dataset.years[-1]
    for y, territory, slug, ids in _section_pages(report):
        if y != year or territory == REGION or not ids:
            continue
        page = demo_site.page(urls.section(y, territory, slug))
        link = re.search(r'href="([^"]+\.csv)" download', page)
        assert link
        path = demo_site.out / urls.section(y, territory, slug).strip("/") / link.group(1)
        text = path.read_bytes().decode("utf-8-sig")
        records = list(csv.DictReader(io.StringIO(text)))
        assert {r["indicator"] for r in records} == set(ids)
        assert {r["territory"] for r in records} == {territory, REGION}
        break


def test_downloads_and_their_data_package_are_published(demo_site: BuiltSite, report) -> None:  # type: ignore[no-untyped-def]
    data = demo_site.out / "data"
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert (data / "proforientir-all.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    for year in report.dataset.years:
        assert (data / f"proforientir-{year}.csv").is_file()
        assert (data / f"proforientir-{year}.xlsx").is_file()
    paths = {r["path"] for r in package["resources"]}
    assert "proforientir-all.csv" in paths


def test_the_frictionless_validator_accepts_the_data_package(demo_site: BuiltSite) -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(demo_site.out / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_no_page_refers_to_another_host_for_scripts_styles_or_fonts(demo_site: BuiltSite) -> None:
    pattern = re.compile(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(https?:)?//', re.I)
    offenders = []
    for page in demo_site.out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        offenders += [f"{page}: {m.group(0)}" for m in pattern.finditer(text) if "canonical" not in m.group(0)]
    assert offenders == []
    for css in demo_site.out.rglob("*.css"):
        assert "fonts.googleapis" not in css.read_text(encoding="utf-8")


def test_the_vega_bundle_is_served_by_the_site(demo_site: BuiltSite) -> None:
    bundle = demo_site.out / "assets" / "vendor" / "vega-bundle.js"
    assert bundle.stat().st_size > 100_000
    assert "vegaEmbed" in bundle.read_text(encoding="utf-8")
    section_page = next((demo_site.out / "2026").glob("*/*/index.html")).read_text(encoding="utf-8")
    assert re.search(r'<script src="(\.\./)+assets/vendor/vega-bundle\.js', section_page)


def test_the_search_index_holds_the_current_figures_without_past_years_tables_or_repeated_lines(
    demo_site: BuiltSite,
) -> None:
    index = json.loads((demo_site.out / "search" / "search_index.json").read_text(encoding="utf-8"))
    section = "2026/berezovskiy-mo/rannyaya-proforientatsiya/"
    entries = {e["location"]: e for e in index["docs"] if e["location"].startswith(section)}
    html = demo_site.page("/" + section)
    share = entries[section + "#proektoria_share"]["text"]
    assert "в 2025/26 — " in share and "рост на" in share and "По региону в целом" in share
    assert "в 2021/22 учебном году — " in html and "2021/22" not in share  # the table and the page keep it
    assert all("Учебный год" not in e["text"] for e in entries.values())  # no data table
    # the lead line and the section's description, the same on every municipality's page, stay out
    intro = entries[section]["text"]
    assert "данные на" not in intro and "Знакомство с миром профессий" not in intro
    region = next(e for e in index["docs"] if e["location"] == "2026/region/rannyaya-proforientatsiya/")
    assert "Знакомство с миром профессий" in region["text"]


def test_the_site_is_a_demo_and_says_so(demo_site: BuiltSite) -> None:
    assert "Демонстрационные данные" in demo_site.page("/")


def test_a_second_build_of_the_same_data_writes_nothing_and_gives_identical_bytes(tmp_path: Path) -> None:
    """Determinism is a property of the code, so a small site (one municipality, three years) shows it."""
    data = copy_fixture("kemerovo", tmp_path / "data")
    work = tmp_path / "build"
    first_out, second_out = tmp_path / "first", tmp_path / "second"
    first_result = build_site(data, first_out, work)
    assert first_result.ok, [str(p) for p in first_result.problems]
    again = build_site(data, second_out, work)
    assert again.ok
    assert again.written == 0
    first = {p.relative_to(first_out): p.read_bytes() for p in first_out.rglob("*") if p.is_file()}
    second = {p.relative_to(second_out): p.read_bytes() for p in second_out.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    differing = [str(k) for k in first if first[k] != second[k]]
    assert differing == []


def test_the_site_has_no_per_chart_json_file_and_one_picture_per_chart(demo_site: BuiltSite) -> None:
    """A chart's numbers are on its page (the table, or the page's charts.json); its static picture is one
    SVG, shared by the section page and the printed report, under its edition's folder."""
    out = demo_site.out
    assert not list((out / "charts").rglob("*.json"))
    every_json = (p.relative_to(out).as_posix() for p in out.rglob("*.json"))
    chart_json = sorted(p for p in every_json if "charts" in p)
    templates = {f"assets/charts/trend-{kind}.json" for kind in ("share", "count", "ratio")}
    assert templates <= set(chart_json)
    assert all(p in templates or p.endswith("charts.json") for p in chart_json), chart_json
    pictures = [p.relative_to(out).parts for p in (out / "charts").rglob("*.svg")]
    assert pictures and all(parts[1].isdigit() or parts[1] == "home" for parts in pictures)  # charts/<year>/…


def test_no_file_of_the_site_is_a_file_of_the_repository_or_of_the_installed_theme(demo_site: BuiltSite) -> None:
    """The build links what it owns (its pages, its cache) into the site, but copies the theme's files and the
    repository's: a site file edited in place — a deploy step that minifies, a typo fixed by hand — must not
    edit ``site_overrides/`` or the installed Material with it."""
    import material

    def inodes(folder: Path) -> dict[tuple[int, int], Path]:
        return {(s.st_dev, s.st_ino): p for p in folder.rglob("*") if p.is_file() and (s := p.stat()).st_nlink > 1}

    theirs = {}
    for folder in ("site_overrides", "content", "data"):
        theirs |= inodes(ROOT / folder)
    theirs |= inodes(Path(material.__file__).parent)
    shared = [
        f"{p.relative_to(demo_site.out)} is {theirs[key]}" for key, p in inodes(demo_site.out).items() if key in theirs
    ]
    assert shared == []
    own = demo_site.out / "assets" / "stylesheets" / "extra.css"
    source = ROOT / "site_overrides" / "assets" / "stylesheets" / "extra.css"
    assert own.read_bytes() == source.read_bytes() and own.stat().st_mtime_ns == source.stat().st_mtime_ns
