"""The visual overview (issue 14, part 2).

* The edition page shows, per key indicator, a chart comparing the municipalities in alphabetical order —
  never sorted by value — with the region's value as a line, each municipality's target marked and the
  status said by colour, by a marker and in words; read back from the built page and its chart specs.
* A municipal monitoring compares its schools only where ``schools_public`` allows naming them.
* The home page shows the key figures as tiles, each with a sparkline of its years and the change in words.
* axe-core passes on the edition and the home page at 1280 and 390 px, with the charts drawn live.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator.build.site_pages import build_site_content
from generator.build.validate import validate
from generator.publish.public_table import public_table
from generator.site import urls
from generator.site.charts import source_spec
from generator.site.context import SiteInfo
from generator.site.overview import change_words
from generator.site.overview_charts import Bar, comparison_spec

from .browser import PageLog
from .conftest import REGISTRY, DataDir, dump
from .site_helpers import BuiltSite, tables
from .test_accessibility import _axe_violations, _draw_charts, _unfold
from .test_deployment_level import with_schools

COUNTS = {"grads9": 420, "grads9_to_poo": 283, "grads11": 94, "grads11_to_vo": 48, "staff_total": 300}


def alphabetical(names: list[str]) -> list[str]:
    return sorted(names, key=lambda n: n.lower().replace("ё", "е"))


def _content(datadir: DataDir) -> Any:
    report = validate(datadir.root)
    assert report.errors == [], [str(p) for p in report.errors]
    assert report.dataset is not None and report.table is not None
    info = SiteInfo(name="Профориентир", region=report.dataset.registry.region.name, demo=True, site_url="")
    return build_site_content(report.dataset, report.table, public_table(report.table, report.dataset), info)


def _layers(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The comparison's layers by what they draw: bars, labels, targets, reference."""
    found = {}
    for layer in spec["layer"]:
        mark = layer["mark"]["type"]
        if mark == "bar":
            found["bars"] = layer
        elif mark == "text":
            found["labels"] = layer
        elif layer["encoding"]["x"].get("field") == "target":
            found["targets"] = layer
        else:
            found["reference"] = layer
    return found


# --- the spec --------------------------------------------------------------------------------------


def test_a_comparison_keeps_the_given_order_and_never_sorts_by_value() -> None:
    bars = [Bar("Б", 10.0, "10,0 %"), Bar("В", 90.0, "90,0 %"), Bar("Г", 50.0, "50,0 %")]
    spec = comparison_spec(
        title="t", description="d", bars=bars, reference=40.0, reference_label="регион", kind="share", unit="%"
    )
    y = _layers(spec)["bars"]["encoding"]["y"]
    assert y["sort"] is None and y["scale"]["domain"] == ["Б", "В", "Г"]
    assert [row["name"] for row in spec["data"]["values"]] == ["Б", "В", "Г"]
    assert "sort" not in json.dumps(_layers(spec)["bars"]["encoding"]["x"])


def test_the_status_is_a_colour_a_marker_and_words() -> None:
    bars = [
        Bar("А", 70.0, "70,0 %", 60.0, "60,0 %", "met"),
        Bar("Б", 40.0, "40,0 %", 60.0, "60,0 %", "not_met"),
        Bar("В", 50.0, "50,0 %", None, "", "no_target"),
    ]
    spec = comparison_spec(
        title="t", description="d", bars=bars, reference=None, reference_label="", kind="share", unit="%"
    )
    rows = spec["data"]["values"]
    assert [r["label"] for r in rows] == ["70,0 % ✓", "40,0 % ✗", "50,0 %"]
    assert [r["status"] for r in rows] == ["цель достигнута", "цель не достигнута", "цель не установлена"]
    assert len({r["color"] for r in rows}) == 3
    tooltip = {t["field"] for t in _layers(spec)["bars"]["encoding"]["tooltip"]}
    assert {"status", "target_formatted", "formatted"} <= tooltip
    assert "reference" not in _layers(spec)  # no region value, no line


def test_the_change_is_said_in_words() -> None:
    assert change_words(2.1, "share", 1, "%") == "Доля выросла на 2,1\xa0п.\xa0п. за год."
    assert change_words(-0.4, "share", 1, "%") == "Доля снизилась на 0,4\xa0п.\xa0п. за год."
    assert change_words(27, "count", 0, "ед.") == "Число выросло на 27\xa0ед. за год."
    assert change_words(0.0, "share", 1, "%") == "Доля не изменилась за год."
    assert change_words(None, "share", 1, "%").startswith("Изменение за год неизвестно")


# --- a small region: values out of alphabetical order ------------------------------------------------


def test_a_region_edition_compares_its_municipalities_alphabetically_with_the_region_line(datadir: DataDir) -> None:
    registry = json.loads(json.dumps(REGISTRY))
    registry["municipalities"].append({"slug": "gamma", "name": "Ёлкинский район", "type": "муниципальный район"})
    registry["municipalities"].append({"slug": "delta", "name": "Вязовский округ", "type": "муниципальный округ"})
    dump(datadir.root / "region.yaml", registry)
    # grads9_poo_share: alpha 30 %, beta 90 %, gamma 60 %, delta 10 % — the alphabet is not this order
    for slug, went in (("alpha", 126), ("beta", 378), ("gamma", 252), ("delta", 42)):
        datadir.year(2023, slug, {**COUNTS, "grads9_to_poo": went})
    content = _content(datadir)
    spec = source_spec(content.charts["charts/2023/region/compare-grads9_poo_share"])
    names = _layers(spec)["bars"]["encoding"]["y"]["scale"]["domain"]
    assert names == [
        "Альфинский городской округ",
        "Бетинский муниципальный район",
        "Вязовский округ",
        "Ёлкинский район",
    ]
    reference = _layers(spec)["reference"]
    assert reference["encoding"]["x"]["datum"] == pytest.approx(47.5)  # 798 of 1680
    assert "регион в целом: 47,5" in spec["data"]["values"][0]["reference_label"]
    page = content.pages["2023/index.md"]
    # the browser draws it from the page's one chart file, beside the page, under the figure's anchor
    assert 'data-spec="charts.json#compare-grads9_poo_share" id="chart-compare-grads9_poo_share"' in page
    assert json.loads(content.files["2023/charts.json"])["compare-grads9_poo_share"] == spec
    assert "пунктир — регион в целом: 47,5\xa0%" in page  # the legend in words under the chart


def _with_schools(datadir: DataDir, **region: Any) -> None:
    with_schools(datadir, level="municipality", **region)


def test_a_municipal_monitoring_without_public_schools_has_no_cross_territory_chart(datadir: DataDir) -> None:
    _with_schools(datadir)
    content = _content(datadir)
    assert not [name for name in content.charts if "/compare-" in name]
    specs = (json.dumps(source_spec(c), ensure_ascii=False) for c in content.charts.values())
    everything = "".join(content.pages.values()) + "".join(specs)
    for school in ("Школа № 1", "Гимназия № 2", "Лицей № 3"):
        assert school not in everything
    assert "Сравнение школ" not in content.pages["2023/index.md"]


def test_a_municipal_monitoring_with_public_schools_compares_them_alphabetically(datadir: DataDir) -> None:
    _with_schools(datadir, schools_public=True)
    content = _content(datadir)
    spec = source_spec(content.charts["charts/2023/alpha/compare-grads9_poo_share"])
    assert _layers(spec)["bars"]["encoding"]["y"]["scale"]["domain"] == ["Гимназия № 2", "Лицей № 3", "Школа № 1"]
    assert [r["value"] for r in spec["data"]["values"]] == [25.0, 75.0, 50.0]  # by name, not by value
    assert _layers(spec)["reference"]["encoding"]["x"]["datum"] == pytest.approx(45.5)  # the okrug: 100 of 220
    page = content.pages["2023/index.md"]
    assert "## Сравнение школ" in page and "это сравнение, а не рейтинг" in page


# --- the demo site ------------------------------------------------------------------------------------


def _spec(site: Path, page_url: str, spec_url: str) -> dict[str, Any]:
    """An overview chart's spec: in the page's one chart file (``charts.json#<anchor>``), as charts.js reads it."""
    file, _, anchor = spec_url.partition("#")
    path = (site / page_url.strip("/") / file).resolve()
    return json.loads(path.read_text(encoding="utf-8"))[anchor]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def edition(demo_site: BuiltSite) -> tuple[str, str]:
    assert demo_site.result.ok
    year = max(int(p.name) for p in demo_site.out.iterdir() if p.name.isdigit())
    return urls.edition(year), demo_site.page(urls.edition(year))


def test_every_comparison_chart_of_the_demo_edition_is_alphabetical_with_region_line_and_targets(
    demo_site: BuiltSite, edition: tuple[str, str]
) -> None:
    url, page = edition
    figures = re.findall(r'<figure class="pf-chart pf-compare" data-spec="([^"]+)"[^>]*>(.*?)</figure>', page, re.S)
    assert len(figures) >= 5
    comparison_tables = [t for t in tables(page) if t["rows"][0][0] == "Муниципалитет"]  # type: ignore[index]
    assert len(comparison_tables) == len(figures)
    (key,) = [t for t in tables(page) if str(t["caption"]).startswith("Ключевые показатели региона")]
    region_values = {row[0]: row[1] for row in key["rows"][1:]}  # type: ignore[index]
    with_targets = 0
    for (spec_url, inner), table in zip(figures, comparison_tables, strict=True):
        spec = _spec(demo_site.out, url, html.unescape(spec_url))
        layers = _layers(spec)
        names = layers["bars"]["encoding"]["y"]["scale"]["domain"]
        assert names == alphabetical(names) and layers["bars"]["encoding"]["y"]["sort"] is None
        assert [row["name"] for row in spec["data"]["values"]] == names
        # the chart lists the same municipalities, in the same order, as its table
        assert names == [r[0] for r in table["rows"][1:]]  # type: ignore[index]
        region = region_values[spec["title"]["text"]]
        assert "reference" in layers
        assert f"пунктир — регион в целом: {region}" in " ".join(html.unescape(inner).split())
        if "targets" in layers:
            with_targets += 1
            assert "сплошная чёрная черта — цель" in inner
        alt = re.search(r'alt="([^"]+)"', inner)
        assert alt and "в алфавитном порядке" in alt.group(1) and spec["description"] == html.unescape(alt.group(1))
        svg = re.search(r'src="([^"]+\.svg)"', inner)
        assert svg and (demo_site.out / url.strip("/") / html.unescape(svg.group(1))).is_file()
    assert with_targets >= 1, "the demo sets targets: some chart should mark them"


STATIC_IMAGE = re.compile(r'<img class="pf-chart__static" [^>]+>|<figure class="pf-report-chart">\s*(<img [^>]+>)')


def test_every_static_chart_image_declares_the_size_of_its_own_svg(demo_site: BuiltSite) -> None:
    """The <img width height> of every static chart of the demo site (trends, comparisons, sparklines, the
    reports' charts) are its SVG's width and height (and viewBox): the page keeps the picture's room before
    it loads, and shows it unscaled in its ratio, on the screen and in print."""
    seen: dict[str, int] = {"trend": 0, "compare": 0, "report": 0}
    for path in sorted(demo_site.out.rglob("*.html")):
        page = path.read_text(encoding="utf-8")
        for match in STATIC_IMAGE.finditer(page):
            img = match.group(1) or match.group(0)
            src = html.unescape(re.search(r'src="([^"]+)"', img).group(1))  # type: ignore[union-attr]
            declared = tuple(int(re.search(f' {a}="(\\d+)"', img).group(1)) for a in ("width", "height"))  # type: ignore[union-attr]
            svg = (path.parent / src).resolve().read_text(encoding="utf-8")
            head = re.match(r'<svg [^>]*width="(\d+)" height="(\d+)" viewBox="0 0 (\d+) (\d+)"', svg)
            assert head, src
            assert declared == (int(head.group(1)), int(head.group(2))) == (int(head.group(3)), int(head.group(4))), (
                f"{path.relative_to(demo_site.out)}: {src}"
            )
            name = src.rsplit("/", 1)[-1]
            kind = "report" if match.group(1) else name.split("-")[0] if "-" in name else "trend"
            seen[kind] = seen.get(kind, 0) + 1
    assert seen["compare"] >= 50 and seen["trend"] >= 1000 and seen["report"] >= 100, seen


def test_the_home_page_shows_key_figures_as_tiles_with_sparklines_and_the_change_in_words(
    demo_site: BuiltSite,
) -> None:
    page = demo_site.page("/")
    tiles = re.findall(r'<li class="pf-tile">(.*?)</li>', page, re.S)
    assert len(tiles) >= 5
    for tile in tiles:
        assert re.search(r'<p class="pf-tile__change">(Доля|Число|Значение) [^<]* за год\.</p>', tile), tile[:300]
        spec_url = html.unescape(re.search(r'data-spec="([^"]+)"', tile).group(1))  # type: ignore[union-attr]
        svg_url = html.unescape(re.search(r'src="([^"]+\.svg)"', tile).group(1))  # type: ignore[union-attr]
        spec = _spec(demo_site.out, "/", spec_url)
        assert len(spec["data"]["values"]) >= 2 and spec["description"]
        assert (demo_site.out / svg_url).read_text(encoding="utf-8").startswith("<svg")
    (years,) = [t for t in tables(page) if "значения по учебным годам" in str(t["caption"])]
    assert len(years["rows"]) == len(tiles) + 1  # type: ignore[arg-type]


# --- axe-core at 390 px as loaded ---------------------------------------------------------------------
# (at 1280 px as loaded and at 390 px after resizes: tests/test_accessibility.py, for every page type)


@pytest.mark.parametrize("width", [390])
@pytest.mark.parametrize("which", ["home", "edition"])
def test_axe_finds_no_wcag_a_or_aa_violation_on_the_overview_pages(
    browser_site: tuple[Any, str], edition: tuple[str, str], which: str, width: int
) -> None:
    """A phone's first visit: every chart drawn live and named by its description, no sideways scroll."""
    browser, base = browser_site
    url = "/" if which == "home" else edition[0]
    page = browser.new_page(viewport={"width": width, "height": 900})
    log = PageLog(base)
    log.attach(page)
    try:
        page.goto(base + url)
        page.wait_for_load_state("networkidle")
        _draw_charts(page)
        _unfold(page)
        assert _axe_violations(page) == [], f"{url} at {width} px"
        labels = page.evaluate(
            "[...document.querySelectorAll('figure.pf-chart .pf-chart__live svg')]"
            ".map(s => s.getAttribute('aria-label'))"
        )
        assert labels and all(labels), "every live chart is named by its description"
        wide = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
        assert not wide, f"{url} scrolls sideways at {width} px"
    finally:
        page.close()
    assert log.problems() == []
