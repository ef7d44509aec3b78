"""On a comparison chart a reader sees every name and every value, none over another, in a real browser.

A territory's name starts at the left edge of its line and its value label («нет данных», «15 020 чел. ✓»)
ends at the right edge of the same line. Vega measures the name with one font's metrics and cuts it with
«…» at the label limit; the browser then sets both texts in the reader's font (on this machine DejaVu
Sans, wider than Vega's measure). The region here has names near and beyond the limit and a municipality
without data, made through the real pipeline (not the demo data, whose names are short); its comparison
charts are shown in Chromium as the static image of either drawer (the Python one and vl-convert) and as
the live chart at a desktop's and a phone's width, and every line's texts are measured where they stand.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.site import chart_render, svgbars
from generator.site.charts import FONT_STACK, source_spec, static_spec

from .browser import chromium
from .conftest import REGISTRY, DataDir, dump
from .test_overview import COUNTS, _content

LONG = "Верхнекамышинско-Калиновопольский муниципальный округ имени героев «Северной звезды» Тестовой области"
NEAR = "Старорябиновский муниципальный район имени «Северной звезды»"
ELLIPSIS = "…"

# The widths the live chart is drawn at: the text column of a page at 1280 px, and at 390 px (a phone)
LIVE_WIDTHS = {1280: 700, 390: 340}


@pytest.fixture(scope="module")
def specs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The comparison specs of a region with a very long name, one near the limit and one without data."""
    datadir = DataDir(tmp_path_factory.mktemp("long") / "data")
    registry = json.loads(json.dumps(REGISTRY))
    registry["municipalities"] += [
        {"slug": "gamma", "name": LONG, "type": "муниципальный округ"},
        {"slug": "delta", "name": NEAR, "type": "муниципальный район"},
        {"slug": "omega", "name": "г. Светлогорск", "type": "городской округ"},
    ]
    dump(datadir.root / "region.yaml", registry)
    for slug, went in (("alpha", 126), ("beta", 378), ("delta", 252), ("omega", 42)):
        datadir.year(2023, slug, {**COUNTS, "grads9_to_poo": went, "staff_total": 15020})
    datadir.year(2023, "gamma", {})  # its file says nothing: «нет данных» on every chart
    content = _content(datadir)
    found = {name: source_spec(data) for name, data in content.charts.items() if "/compare-" in name}
    assert found, "the region's edition has comparison charts"
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as opened:
        yield opened


def _lines(page: Any, root: str) -> list[dict[str, Any]]:
    """Every text under ``root`` with its box on the screen, grouped by line (the same vertical middle)."""
    boxes = page.evaluate(
        """(root) => [...document.querySelectorAll(root + ' text')].map(t => {
            const b = t.getBoundingClientRect();
            return {text: t.textContent, left: b.left, right: b.right, middle: Math.round(b.top + b.height / 2)};
        })""",
        root,
    )
    lines: dict[int, list[dict[str, Any]]] = {}
    for box in boxes:
        lines.setdefault(box["middle"], []).append(box)
    return [{"middle": m, "texts": sorted(t, key=lambda b: b["left"])} for m, t in sorted(lines.items())]


def _check(page: Any, root: str, spec: dict[str, Any], where: str) -> None:
    """Each territory's line shows its value whole and its name whole or cut with «…», the name ending
    left of the value's start; no two texts of a line overlap."""
    rows = spec["data"]["values"]
    lines = _lines(page, root)
    for row in rows:

        def shows_name(text: str, name: str = row["name"]) -> bool:
            return text == name or (text.endswith(ELLIPSIS) and name.startswith(text.removesuffix(ELLIPSIS)))

        (line,) = [ln for ln in lines if any(shows_name(t["text"]) for t in ln["texts"])]
        assert row["label"] in [t["text"] for t in line["texts"]], f"{where}: «{row['label']}» not whole by its name"
        texts = line["texts"]
        for a, b in itertools.pairwise(texts):
            assert a["right"] <= b["left"], f"{where}: «{a['text']}» runs into «{b['text']}»"


def test_a_long_name_beside_no_data_is_cut_and_ends_before_the_value_in_both_static_drawings(
    browser: Any, specs: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        for name, spec in specs.items():
            static = static_spec(spec)
            [(_, by_vega)] = chart_render.render_chunk([("k", json.dumps(static))], chart_render.vl_version())
            pictures = {"vl-convert": by_vega}
            near = json.loads(json.dumps(static))  # the same chart without the longest name: the Python drawing
            near["data"]["values"] = [r for r in near["data"]["values"] if r["name"] != LONG]
            near["layer"][0]["encoding"]["y"]["scale"]["domain"].remove(LONG)
            assert svgbars.bars_svg(static, FONT_STACK) is None  # a name Vega cuts: vl-convert draws it
            ours = svgbars.bars_svg(near, FONT_STACK)
            assert ours is not None, "a name near the limit is drawn in Python"
            pictures["Python"] = ours
            for drawer, svg in pictures.items():
                page.set_content(f"<!doctype html><body>{svg}</body>")
                shown = near if drawer == "Python" else static
                _check(page, "svg", shown, f"{name} by {drawer}")
            assert ELLIPSIS in by_vega and "нет данных" in by_vega
    finally:
        page.close()


@pytest.mark.parametrize("viewport", LIVE_WIDTHS)
def test_the_live_chart_shows_every_value_and_name_apart_at_desktop_and_phone_width(
    browser: Any, specs: dict[str, dict[str, Any]], tmp_path: Path, viewport: int
) -> None:
    bundle = chart_render.write_vendor_bundle(tmp_path, tmp_path / "cache")
    page = browser.new_page(viewport={"width": viewport, "height": 900})
    try:
        for name, spec in specs.items():
            page.set_content(
                f'<!doctype html><body><div id="chart" style="width:{LIVE_WIDTHS[viewport]}px"></div></body>'
            )
            page.add_script_tag(path=str(bundle))
            page.evaluate(
                "(spec) => vegaEmbed('#chart', spec, {renderer: 'svg', actions: false}).then(() => true)", spec
            )
            page.wait_for_selector("#chart svg .role-axis-label text")
            _check(page, "#chart svg", spec, f"{name}, live at {viewport} px")
    finally:
        page.close()
