"""The static SVGs drawn in Python show what vl-convert draws from the same spec: texts, ticks, lines, points.

vl-convert is the reference (Vega's own renderer); the Python drawing replaces it for the trend charts
only because it is a few hundred times faster. Each fixed case is drawn both ways and compared on what a
reader sees: every text (axis labels in the ru-RU format, titles, legend names), the position of every
line vertex and point, the dashes and colours, and the size of the picture.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from generator.site import chart_render, charts, svgchart
from generator.site.charts import FONT_STACK, static_spec, trend_spec

from .test_charts import FIXED_CASES, SHARE, chart_arguments, point
from .test_svgbars import _close, _read


def _vl_convert(static: dict[str, Any]) -> str:
    [(_, svg)] = chart_render.render_chunk([("k", json.dumps(static))], chart_render.vl_version())
    return svg


def _texts(svg: str) -> list[str]:
    return sorted(re.findall(r"<text[^>]*>([^<]*)</text>", svg))


def _plot_texts(svg: str) -> list[tuple[str, float, float, str]]:
    """Every text but a rotated one, with its place relative to the plot's corner (wherever a group puts
    it) and its anchor: the gap left of the y axis is estimated, so the plot's corner may differ by a few pixels."""
    ox, oy = (float(v) for v in re.search(r'<g [^>]*transform="translate\((-?[\d.]+),(-?[\d.]+)\)"', svg).groups())  # type: ignore[union-attr]
    rotated = set(re.findall(r"<text [^>]*rotate\([^>]*>([^<]*)<", svg))
    return sorted((t, round(x - ox, 1), round(y - oy, 1), a) for t, x, y, a in _read(svg)["texts"] if t not in rotated)


def _line_vertices(svg: str, colour: str) -> list[tuple[float, float]]:
    """The vertices of a series' line: Vega's line path, or ours, whose last piece may be the legend's
    symbol (a horizontal stroke, ``M x,y h w``), which is not a vertex of the line."""
    paths = re.findall(rf'<path d="((?:[ML]-?[\d.]+,-?[\d.]+(?:Z|h[\d.]+)?)+)" stroke="{colour}"', svg)
    vertex = r"[ML](-?[\d.]+),(-?[\d.]+)(?![\d.]*h)"
    return [(float(x), float(y)) for d in paths for x, y in re.findall(vertex, d)]


def _points(svg: str) -> list[tuple[float, float, str]]:
    """The filled points: Vega's circle paths, or ours, round dots 8 px wide (zero-length lines with round caps)."""
    pattern = r'<path transform="translate\((-?[\d.]+),(-?[\d.]+)\)" d="M4,0A[^"]*" fill="(#[0-9A-Fa-f]+)"'
    found = re.findall(pattern, svg)
    for group in re.findall(r'<g stroke-width="8" stroke-linecap="round">(.*?)</g>', svg):
        for d, colour in re.findall(r'<path d="((?:M-?[\d.]+,-?[\d.]+h0)+)" stroke="(#[0-9A-Fa-f]+)"/>', group):
            found += [(x, y, colour) for x, y in re.findall(r"M(-?[\d.]+),(-?[\d.]+)h0", d)]
    return sorted((round(float(x), 1), round(float(y), 1), c) for x, y, c in found)


def _size(svg: str) -> tuple[int, int]:
    match = re.search(r'<svg[^>]* width="(\d+)" height="(\d+)"', svg)
    assert match
    return int(match.group(1)), int(match.group(2))


CASES = {
    **{k: v for k, v in FIXED_CASES.items() if v["points"]},
    "large counts": {
        **SHARE,
        "points": [point(2022, 1234, unit=" чел."), point(2023, 2101, unit=" чел."), point(2024, 1690, unit=" чел.")],
        "kind": "count",
        "unit": "чел.",
        "digits": 0,
    },
    "small counts with whole ticks only": {
        **SHARE,
        "points": [point(2023, 1, unit=" ед."), point(2024, 2, unit=" ед.")],
        "kind": "count",
        "unit": "ед.",
        "digits": 0,
    },
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_python_drawing_shows_what_vl_convert_draws(case: dict[str, Any]) -> None:
    static = static_spec(trend_spec(**case))
    assert svgchart.can_draw(static)
    ours = svgchart.trend_svg(static, FONT_STACK)
    assert ours is not None
    reference = _vl_convert(static)
    assert _texts(ours) == _texts(reference)
    assert _close(_plot_texts(ours), _plot_texts(reference))
    for colour in static["encoding"]["color"]["scale"]["range"]:
        mine, theirs = _line_vertices(ours, colour), _line_vertices(reference, colour)
        assert len(mine) == len(theirs)
        assert all(abs(a - c) < 0.6 and abs(b - d) < 0.6 for (a, b), (c, d) in zip(mine, theirs, strict=True))
    mine_points, their_points = _points(ours), _points(reference)
    assert [p[2] for p in mine_points] == [p[2] for p in their_points]
    assert [c for p in mine_points for c in p[:2]] == pytest.approx([c for p in their_points for c in p[:2]], abs=0.6)
    # the same dashes (vl-convert also writes one on each filled point, where it draws nothing, and "1,0"
    # on a solid line, which is what no dash draws)
    assert set(re.findall(r'stroke-dasharray="([^"]+)"', ours)) == set(
        re.findall(r'stroke-dasharray="([^"]+)"', reference)
    ) - {"1,0"}
    (w1, h1), (w2, h2) = _size(ours), _size(reference)
    assert abs(w1 - w2) <= 6 and h1 == h2


@pytest.mark.parametrize("most", [1, 2, 3, 4, 7])
def test_a_count_axis_reads_each_whole_number_once(most: int) -> None:
    """A count of 0 to 2 had ticks half a unit apart, written without decimals: the axis read «0, 1, 1, 2, 2»
    (Vega-Lite's minimum step does not prevent it). Now a tick stands on each whole unit, in the picture drawn
    here and in Vega's own drawing, which is the live chart's."""
    case = {**SHARE, "points": [point(2023, 0, unit=" ед."), point(2024, most, unit=" ед.")]}
    static = static_spec(trend_spec(**{**case, "kind": "count", "unit": "ед.", "digits": 0}))
    for svg in (svgchart.trend_svg(static, FONT_STACK) or "", _vl_convert(static)):
        axis = [t for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg) if t.isdigit()]
        assert sorted(axis, key=int) == [str(n) for n in range(most + 1)]


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_pictures_size_is_known_without_drawing_it(case: dict[str, Any]) -> None:
    """The page's <img width height> (svgchart.picture_size, from the layout alone) are the drawing's own."""
    static = static_spec(trend_spec(**case))
    assert svgchart.picture_size(static) == _size(svgchart.trend_svg(static, FONT_STACK) or "")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chart_arguments())
def test_the_pictures_size_is_known_without_drawing_it_on_random_charts(args: dict[str, Any]) -> None:
    static = static_spec(trend_spec(**args))
    svg = svgchart.trend_svg(static, FONT_STACK)
    assert svgchart.picture_size(static) == (_size(svg) if svg is not None else None)


def test_the_picture_is_self_contained_and_escapes_text() -> None:
    case = {**SHARE, "points": [point(2024, 50.0), point(2024, 40.0, region=True)], "unit": "<b>&</b>"}
    svg = svgchart.trend_svg(static_spec(trend_spec(**case)), FONT_STACK)
    assert svg is not None
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in svg and "<b>" not in svg
    assert not re.search(r"<image|<script|@import|@font-face|url\(|href=", svg)
    assert "<style>text{font:12px system-ui," in svg


def test_the_picture_sets_its_text_in_the_live_charts_list_of_fonts() -> None:
    """The one text rule names the same families, in the same order, as the live chart's font (quotes and
    spaces that say nothing left out: «Segoe UI» is one family quoted or not)."""
    svg = svgchart.trend_svg(static_spec(trend_spec(**SHARE)), FONT_STACK) or ""
    written = re.search(r"text\{font:12px ([^;}]+)", svg).group(1)  # type: ignore[union-attr]
    assert [f.strip().strip('"') for f in written.split(",")] == [f.strip().strip('"') for f in FONT_STACK.split(",")]
    assert '"' not in written and ", " not in written
    keyword = svgchart.svg_head(1, 1, '"serif", "ui-rounded", "A, B", Arial', (12, "#000"), "", "0,0")[1]
    assert '"serif"' in keyword and '"ui-rounded"' in keyword and '"A, B"' in keyword, "a quoted keyword is a name"


def test_another_shape_is_left_to_vl_convert() -> None:
    static = static_spec(trend_spec(**SHARE))
    bars = {**static, "mark": {"type": "bar"}}
    assert not svgchart.can_draw(bars)
    assert svgchart.trend_svg(bars, FONT_STACK) is None
    assert svgchart.picture_size(bars) is None


@pytest.mark.parametrize(
    ("value", "spec", "text"),
    [
        (1234567.0, ",.0f", "1\u00a0234\u00a0567"),
        (-2.5, ",.1f", "\u22122,5"),
        (0.0, ",.2f", "0,00"),
        (-0.0, ",.1f", "0,0"),
        (0.5, ",.0f", "1"),  # JavaScript's toFixed rounds half up
    ],
)
def test_numbers_are_formatted_as_d3_does_in_the_russian_locale(value: float, spec: str, text: str) -> None:
    assert svgchart.format_number(value, spec, charts.FORMAT_LOCALE) == text
