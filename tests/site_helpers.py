"""Building sites for the tests, and reading their HTML back.

Building the demo site costs tens of seconds, so the session builds it once (``demo_site`` in
``conftest.py``) and the tests read the result; tests that change data build small sites of their own.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import html
import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from generator.build.pipeline import BuildOptions, BuildResult, build
from generator.build.site_pages import SiteContent, build_site_content
from generator.build.validate import validate
from generator.publish.public_table import public_table
from generator.recommend.evaluate import recommend
from generator.site.context import SiteInfo

ROOT = Path(__file__).resolve().parent.parent


def site_content(data: Path, **options: Any) -> SiteContent:
    """The generator's pages, files and charts for a data folder, without MkDocs (``options`` go to
    :func:`build_site_content`: ``workers``, ``pdfs``…)."""
    report = validate(data)
    assert report.dataset is not None and report.table is not None, report.problems
    dataset = report.dataset
    recs = recommend(report.rules, report.table, dataset) if report.rules is not None else []
    info = SiteInfo(name="Профориентир", region=dataset.registry.region.name, demo=False, site_url="")
    return build_site_content(
        dataset, report.table, public_table(report.table, dataset), info, rules=report.rules,
        recommendations=recs, **options,
    )  # fmt: skip


@dataclass
class BuiltSite:
    data: Path
    out: Path
    work: Path
    result: BuildResult

    def page(self, url: str) -> str:
        """The HTML of a site URL such as ``/2026/region/``."""
        return (self.out / url.strip("/") / "index.html").read_text(encoding="utf-8") if url != "/" else (
            self.out / "index.html"
        ).read_text(encoding="utf-8")


def latest_edition(site: Path) -> tuple[int, str]:
    """A built site's latest edition and its first municipality (by slug) with pages of its own there."""
    year = max(int(p.name) for p in site.iterdir() if p.name.isdigit())
    return year, sorted(p.name for p in (site / str(year)).iterdir() if (p / "cycle").is_dir())[0]


def build_site(
    data: Path, out: Path, work: Path, *, strict_data: bool = False, pdf: bool = False, cache: Path | None = None
) -> BuildResult:
    """Build a site the way `proforientir build` does; PDFs only when a test asks for them (they need Chromium).

    The caches (drawn SVGs, printed PDFs, finished editions) are the ones of `make site` unless ``cache``
    gives a folder of the test's own: a test that counts what was printed needs a cache no earlier run has
    filled. Under ``pytest -n 2`` each worker has caches of its own (``build/cache-gw0``…): a cache keeps
    one finished folder per edition year, and two builds of other data at the same time would replace
    each other's, even while one of them is linking its folder into its site."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    shared = ROOT / "build" / (f"cache-{worker}" if worker else "cache")  # drawn once per machine (and worker)
    options = BuildOptions(
        data=data,
        out=out,
        work=work,
        cache=(cache or shared) / "svg",
        config=ROOT / "mkdocs.yml",
        content=ROOT / "content",
        strict_data=strict_data,
        quiet=True,
        pdf=pdf,
    )
    return build(options)


def built_region(
    root: Path,
    municipalities: int,
    years: int,
    seed: int,
    builder: Callable[[Path, Path, Path], BuildResult] | None = None,
) -> tuple[Path, Path, Path, BuildResult]:
    """A synthetic region made from the demo's data and built once (by ``builder``, :func:`build_site` if not
    given): (data, site, work folder, result)."""
    from generator.build.synthetic import make_region

    made = make_region(ROOT / "data", root / "data", municipalities=municipalities, years=years, seed=seed)
    out, work = root / "site", root / "build"
    first = (builder or build_site)(made.root, out, work)
    assert first.ok, [str(p) for p in first.problems]
    return made.root, out, work, first


def tree_digests(root: Path) -> dict[str, str]:
    """Every file under ``root`` by its path, as a SHA-256: two sites compare as two dicts."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def copy_data(source: Path, dest: Path) -> Path:
    shutil.copytree(source, dest)
    return dest


class _TableParser(HTMLParser):
    """Collects the text of every table cell, row by row, of every ``<table>`` on a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict[str, object]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._caption is not None:
            self.tables[-1]["caption"] = "".join(self._caption).strip()
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            rows = self.tables[-1]["rows"]
            assert isinstance(rows, list)
            rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._caption is not None:
            self._caption.append(data)


def tables(page_html: str) -> list[dict[str, object]]:
    parser = _TableParser()
    parser.feed(page_html)
    return parser.tables


_SECTION = re.compile(r'<h2 id="(?P<id>[^"]+)"[^>]*>(?P<body>.*?)(?=<h2 id=|\Z)', re.S)


def indicator_blocks(page_html: str) -> dict[str, str]:
    """The HTML of each indicator's part of a section page, by indicator id (the heading's anchor)."""
    return {m.group("id"): m.group("body") for m in _SECTION.finditer(page_html)}


def chart_specs(page_html: str) -> list[str]:
    return [html.unescape(s) for s in re.findall(r'class="pf-chart"[^>]*data-spec="([^"]+)"', page_html)]


def drawn_specs(site: Path, page_url: str, page_html: str) -> dict[str, Any]:
    """Every live chart of a built page, by figure id, rebuilt the way charts.js builds it: a trend chart's
    template filled with the parts its figure and table carry, an overview chart's spec from the page's file."""
    from generator.site.chartfile import fill, page_charts

    found: dict[str, Any] = {}
    folder = site / page_url.strip("/")
    trends = page_charts(page_html)  # the page read once for all its charts
    for tag in re.findall(r"<figure\b[^>]*\bdata-spec=[^>]*>", page_html):
        figure_id = html.unescape(re.search(r'\bid="([^"]+)"', tag).group(1))  # type: ignore[union-attr]
        href = html.unescape(re.search(r'data-spec="([^"]+)"', tag).group(1))  # type: ignore[union-attr]
        if "data-pf-table=" in tag:
            template_href, parts = trends[figure_id]
            found[figure_id] = fill(json.loads((folder / template_href).resolve().read_bytes()), parts)
        else:
            file, _, anchor = href.partition("#")
            found[figure_id] = json.loads((folder / file).resolve().read_bytes())[anchor]
    return found


@functools.cache
def screenshots_script() -> Any:
    """``scripts/screenshots.py`` as a module (``make screenshots``; a script, not a part of the package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts" / "screenshots.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def page_types(site: Path) -> dict[str, str]:
    """One URL per page type of a built site — the list ``make screenshots`` shoots (scripts/screenshots.py)."""
    return screenshots_script().page_types(site)  # type: ignore[no-any-return]


PAGE_TYPES = (
    "home", "edition", "municipality", "section", "region-section", "targets", "cycle", "recommendations",
    "region-recommendations", "methodology", "data", "report", "latest", "404", "embed",
)  # fmt: skip


def page_file(site: Path, url: str) -> Path:
    """The HTML file a site URL is served from."""
    path = site / url.strip("/")
    return path / "index.html" if url.endswith("/") else path


@dataclass(frozen=True)
class Figure:
    """A figure a real document prints, as an example's figures.csv lists it."""

    table: str
    row: str
    year: int
    indicator: str
    printed: str

    def __str__(self) -> str:
        return f"таблица {self.table}, {self.row}, {self.year}: {self.printed} ({self.indicator})"


def read_figures(path: Path) -> list[Figure]:
    with path.open(encoding="utf-8", newline="") as f:
        return [Figure(r["table"], r["row"], int(r["year"]), r["indicator"], r["printed"]) for r in csv.DictReader(f)]


def example_page(site: BuiltSite, url: str) -> str:
    """A page of a built example; when the build failed, the failure names its errors, not a missing file."""
    import pytest

    from generator.inputs.problems import Severity

    if not site.result.ok:
        errors = [str(p) for p in site.result.problems if p.severity is Severity.error]
        pytest.fail("пример не собран: " + "; ".join(errors))
    return site.page(url)


def example_year_file(example: Path, year: int, slug: str) -> dict[str, Any]:
    """An example's year file as its YAML says it (the tests compare the pages with the document's words)."""
    import yaml

    return yaml.safe_load((example / "data" / str(year) / f"{slug}.yaml").read_text(encoding="utf-8"))


def example_catalogue(example: Path) -> dict[str, Any]:
    import yaml

    return yaml.safe_load((example / "data" / "indicators.yaml").read_text(encoding="utf-8"))


def build_example(example: Path, out: Path) -> BuiltSite:
    """An example deployment (examples/<name>/data) built once, its work folder kept in build/ as the demo's."""
    data = example / "data"
    work = example.parent.parent / "build" / f"test-example-{example.name}"
    return BuiltSite(data=data, out=out, work=work, result=build_site(data, out, work))
