"""The comparison chart's static SVG drawn in Python shows what vl-convert draws from the same spec.

vl-convert is the reference (Vega's own renderer); the Python drawing replaces it for the comparison
charts so that a build never starts its JavaScript engine for a chart. Each fixed case is drawn both ways
and compared on what a reader sees, in the picture's own coordinates: every text with its place and
anchor (names, values with their ✓ or ✗, tick labels in the ru-RU format, the unit), every bar's extent
and colour, the target and reference strokes, the grid lines, and the picture's size. Positions agree
within 0.6 px (the drawing writes tenths of a pixel, Vega hundredths); the size agrees exactly, since no
size or position here depends on a measured text: where one would (a name Vega cuts with «…», a tick
label centred close to an edge), the drawing declines and vl-convert draws the chart.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from generator.site import chart_render, svgbars
from generator.site.charts import FONT_STACK, static_spec
from generator.site.overview_charts import COLORS, Bar, comparison_spec

NS = "{http://www.w3.org/2000/svg}"


def _vl_convert(static: dict[str, Any]) -> str:
    [(_, svg)] = chart_render.render_chunk([("k", json.dumps(static))], chart_render.vl_version())
    return svg


def _translate(element: ET.Element) -> tuple[float, float]:
    match = re.search(r"translate\((-?[\d.]+)(?:,\s*(-?[\d.]+))?\)", element.get("transform", ""))  # no ty: 0
    return (float(match.group(1)), float(match.group(2) or 0)) if match else (0.0, 0.0)


def _path_points(d: str) -> list[tuple[float, float]]:
    """The end points of a path's commands (M L H V C A Z, absolute or relative), enough for a bar's box."""
    points: list[tuple[float, float]] = []
    x = y = start_x = start_y = 0.0
    for command, args in re.findall(r"([MLHVCAZmlhvcaz])([^MLHVCAZmlhvcaz]*)", d):
        numbers = [float(n) for n in re.findall(r"-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?", args)]
        size = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6, "a": 7, "z": 0}[command.lower()]
        for i in range(0, max(len(numbers), 1), max(size, 1)):
            chunk = numbers[i : i + size]
            relative = command.islower()
            if command in "Zz":
                x, y = start_x, start_y
            elif command in "Hh":
                x = chunk[0] + (x if relative else 0)
            elif command in "Vv":
                y = chunk[0] + (y if relative else 0)
            else:
                dx, dy = chunk[-2], chunk[-1]
                x, y = (x + dx, y + dy) if relative else (dx, dy)
            if command in "Mm" and i == 0:
                start_x, start_y = x, y
            points.append((x, y))
    return points


def _read(svg: str) -> dict[str, Any]:
    """What the picture shows, in absolute coordinates: texts, filled boxes, strokes by width, grid lines."""
    root = ET.fromstring(svg)
    found: dict[str, Any] = {"texts": [], "bars": [], "strokes": {}, "grid": []}

    def walk(element: ET.Element, ox: float, oy: float, inherited: tuple[str, ...] = ()) -> None:
        tag = element.tag.removeprefix(NS)
        if tag in ("defs", "clipPath", "style"):
            return
        tx, ty = _translate(element)
        ox, oy = ox + tx, oy + ty
        classes = [*inherited, *element.get("class", "").split()]  # a group's class is its texts' too
        if tag == "text":
            anchor = element.get("text-anchor") or (
                "middle" if "m" in classes else "end" if {"e", "v"} & set(classes) else "start"
            )
            x, y = ox + float(element.get("x", 0)), oy + float(element.get("y", 0))
            found["texts"].append((element.text or "", round(x, 1), round(y, 1), anchor))
        elif tag == "path" and element.get("fill") not in (None, "none", "white", "#fff"):
            for outline in re.findall(r"M[^M]*", element.get("d", "")):  # the bars of one colour: one path
                points = [(ox + px, oy + py) for px, py in _path_points(outline)]
                xs, ys = [p[0] for p in points], [p[1] for p in points]
                if max(xs) - min(xs) > 0:
                    found["bars"].append((min(xs), max(xs), min(ys), max(ys), element.get("fill")))
        elif tag == "path" and element.get("stroke") == "#1a1a1a":
            points = [(ox + px, oy + py) for px, py in _path_points(element.get("d", ""))]
            pairs = list(zip(points[::2], points[1::2], strict=True))
            width = float(element.get("stroke-width", 1))
            found["strokes"].setdefault(width, []).extend((a[0], a[1], b[1]) for a, b in pairs)
        elif tag == "line" and element.get("stroke") in ("#dddddd", "#ddd"):
            found["grid"].append(ox)
        elif tag == "path" and element.get("stroke") in ("#dddddd", "#ddd"):
            found["grid"].extend(ox + x for x, _ in _path_points(element.get("d", ""))[::2])
        for child in element:
            walk(child, ox, oy, tuple(classes))

    walk(root, 0.0, 0.0)
    found["size"] = (int(root.get("width", 0)), int(root.get("height", 0)))
    for width, segments in found["strokes"].items():
        found["strokes"][width] = sorted(segments)
    found["bars"].sort(key=lambda b: b[2])
    found["texts"].sort()
    found["grid"].sort()
    return found


def _close(mine: list[tuple[Any, ...]], theirs: list[tuple[Any, ...]], tolerance: float = 0.6) -> bool:
    if len(mine) != len(theirs):
        return False
    for a, b in zip(mine, theirs, strict=True):
        for u, v in zip(a, b, strict=True):
            if isinstance(u, float | int) and not isinstance(u, bool):
                if abs(u - v) > tolerance:
                    return False
            elif u != v:
                return False
    return True


NAMES = [
    "Берёзовский муниципальный округ",
    "Верхнекамышинский муниципальный округ",
    "Журавлинский муниципальный район",
    "Калиновопольский муниципальный округ",
    "Старорябиновский муниципальный район",
    "г. Светлогорск",
]


LONG_NAMES = [
    "Верхнекамышинско-Калиновопольский муниципальный район № 2",
    "Старорябиновский муниципальный район имени «Северной звезды»",
]


def _bar(name: str, value: float | None, target: float | None = None, digits: int = 1, unit: str = " %") -> Bar:
    def fmt(v: float) -> str:
        text = f"{abs(v):,.{digits}f}".replace(",", "\u00a0").replace(".", ",")
        return ("−" if v < 0 else "") + text + unit

    if value is None:
        status = "no_data"
    elif target is None:
        status = "no_target"
    else:
        status = "met" if value >= target else "not_met"
    return Bar(
        name=name,
        value=value,
        formatted=fmt(value) if value is not None else "нет данных",
        target=target,
        target_formatted=fmt(target) if target is not None else "",
        status=status,
    )


def _case(bars: list[Bar], *, reference: float | None, kind: str = "share", unit: str = "%") -> dict[str, Any]:
    return {"bars": bars, "reference": reference, "kind": kind, "unit": unit}


CASES: dict[str, dict[str, Any]] = {
    "shares with the region's line and targets": _case(
        [
            _bar(n, v, t)
            for n, v, t in zip(NAMES, [57.0, 42.4, 65.4, 48.6, 100.0, 3.5], [50, 50, 60, 50, 90, None], strict=True)
        ],
        reference=55.3,
    ),
    "shares without targets or region, one missing": _case(
        [_bar(n, v) for n, v in zip(NAMES, [12.0, None, 0.0, 33.3, 71.9, 88.1], strict=True)], reference=None
    ),
    "counts below zero, zero and missing": _case(
        [
            _bar("Альфа", -12.5, 5, unit=""),
            _bar("Бета", 0.0, unit=""),
            _bar("Гамма", None, 10, unit=""),
            _bar("Дельта", 37.0, 30, unit=""),
        ],
        reference=8.0,
        kind="count",
        unit="чел.",
    ),
    "counts all below zero, no unit": _case(
        [_bar(n, v, digits=0, unit="") for n, v in zip(NAMES, [-30, -12, -4, -27, -1, -19], strict=True)],
        reference=-14,
        kind="count",
        unit="",
    ),
    "large counts in thousands": _case(
        [
            _bar(n, v, t, digits=0, unit=" чел.")
            for n, v, t in zip(NAMES, [1234, 2101, 980, 15020, 7400, 3302], [2000] * 6, strict=True)
        ],
        reference=4900,
        kind="count",
        unit="чел.",
    ),
    "a target sets the axis' end": _case(
        [_bar(n, v, t, digits=0, unit=" ед.") for n, v, t in zip(NAMES[:3], [5, 3, 4], [35, None, 4], strict=True)],
        reference=None,
        kind="count",
        unit="ед.",
    ),
    "a target at zero widens the picture": _case(
        [_bar(n, v, t, digits=0, unit="") for n, v, t in zip(NAMES[:3], [5, 3, 4], [0, 2, 4], strict=True)],
        reference=3.5,
        kind="count",
        unit="ед.",
    ),
    "one bar": _case([_bar("Светлогорский городской округ", 61.2, 60)], reference=61.2),
    "sixty bars with long Russian names": _case(
        [
            _bar(
                f"{NAMES[i % len(NAMES)]} «Северной звезды» № {i + 1}",
                None if i % 17 == 5 else round((i * 37) % 100 + 0.4, 1),
                None if i % 3 else 50.0,
            )
            for i in range(60)
        ],
        reference=49.9,
    ),
    # names just within the room the widest value label leaves them (est. 391 of 412 px): drawn here, whole
    "long names beside «нет данных» and a wide value": _case(
        [
            _bar(LONG_NAMES[0], None, 2000, digits=0, unit=" чел."),
            _bar(LONG_NAMES[1], 15020.0, 2000, digits=0, unit=" чел."),
            _bar("г. Светлогорск", 980.0, 2000, digits=0, unit=" чел."),
        ],
        reference=4900,
        kind="count",
        unit="чел.",
    ),
}


def _arguments(case: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": "Заголовок",
        "description": "Описание",
        "bars": case["bars"],
        "reference": case["reference"],
        "reference_label": "регион в целом",
        "kind": case["kind"],
        "unit": case["unit"],
    }


def _spec(case: dict[str, Any]) -> dict[str, Any]:
    return static_spec(comparison_spec(**_arguments(case)))


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_python_drawing_shows_what_vl_convert_draws(case: dict[str, Any]) -> None:
    static = _spec(case)
    ours = svgbars.bars_svg(static, FONT_STACK)
    assert ours is not None
    mine, theirs = _read(ours), _read(_vl_convert(static))
    assert mine["size"] == theirs["size"]
    assert [t[0] for t in mine["texts"]] == [t[0] for t in theirs["texts"]]
    assert _close(mine["texts"], theirs["texts"])
    assert _close(mine["bars"], theirs["bars"])
    assert sorted(mine["strokes"]) == sorted(theirs["strokes"])
    for width in mine["strokes"]:
        assert _close(mine["strokes"][width], theirs["strokes"][width])
    assert mine["grid"] == pytest.approx(theirs["grid"], abs=0.01)


def test_the_drawing_carries_what_the_reader_needs() -> None:
    """Independently of vl-convert: every name and value label, a bar per known value in its status colour,
    a target stroke per target, a reference stroke per row."""
    case = CASES["shares with the region's line and targets"]
    svg = svgbars.bars_svg(_spec(case), FONT_STACK)
    assert svg is not None
    seen = _read(svg)
    texts = [t[0] for t in seen["texts"]]
    for bar in case["bars"]:
        assert bar.name in texts
    assert "57,0 % ✓" in texts and "42,4 % ✗" in texts and "3,5 %" in texts
    assert {"0", "20", "40", "60", "80", "100"} <= set(texts)
    assert [b[4] for b in seen["bars"]] == [
        COLORS["met"],
        COLORS["not_met"],
        COLORS["met"],
        COLORS["not_met"],
        COLORS["met"],
        COLORS["no_target"],
    ]
    full = next(b for b in seen["bars"] if b[1] - b[0] > 590)  # 100 % fills the plot
    assert full[1] - full[0] == pytest.approx(600, abs=0.1)
    assert len(seen["strokes"][3.0]) == 5  # a target on five rows
    assert len(seen["strokes"][2.0]) == 3 * 6  # three dashes on each of six rows
    assert {round(s[0], 1) for s in seen["strokes"][2.0]} == {round(seen["strokes"][2.0][0][0], 1)}


def test_a_name_vega_would_cut_is_left_to_vl_convert() -> None:
    name = "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 12 г. Ш»"
    case = _case([_bar(name, 40.0), _bar("Школа № 2", 55.0)], reference=None)
    static = _spec(case)
    assert svgbars.bars_svg(static, FONT_STACK) is None
    assert "…" in "".join(t[0] for t in _read(_vl_convert(static))["texts"])  # vl-convert cuts it


def test_another_shape_is_not_drawn() -> None:
    static = _spec(CASES["one bar"])
    other_mark = json.loads(json.dumps(static))
    other_mark["layer"][0]["mark"]["type"] = "rect"
    sorted_by_value = json.loads(json.dumps(static))
    sorted_by_value["layer"][0]["encoding"]["y"]["sort"] = "-x"
    extra_layer = {**static, "layer": [*static["layer"], static["layer"][1]]}
    for spec in (other_mark, sorted_by_value, extra_layer, {**static, "autosize": {"type": "fit"}}):
        assert svgbars.bars_svg(spec, FONT_STACK) is None


def test_every_value_zero_is_left_to_vl_convert() -> None:
    static = _spec(_case([_bar("А", 0.0, unit=""), _bar("Б", 0.0, unit="")], reference=None, kind="count"))
    assert svgbars.bars_svg(static, FONT_STACK) is None


def test_the_picture_is_self_contained_and_escapes_text() -> None:
    case = _case([_bar("<b>&amp;</b>", 10.0), _bar("Б", 20.0)], reference=None, unit="<i>")
    svg = svgbars.bars_svg(_spec(case), FONT_STACK)
    assert svg is not None
    assert "&lt;b&gt;&amp;amp;&lt;/b&gt;" in svg and "<b>" not in svg and "<i>" not in svg
    assert not re.search(r"<image|<script|@import|@font-face|url\(|href=", svg)
    assert "<style>text{font:12px system-ui," in svg
    assert math.isfinite(float(re.search(r'width="(\d+)"', svg).group(1)))  # type: ignore[union-attr]


def test_a_build_draws_comparison_charts_without_vl_convert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """render_svgs sends no comparison chart to vl-convert: its engine is never started for one."""
    specs = {
        f"charts/2024/region/compare-{n}": comparison_spec(**_arguments(case)) for n, case in enumerate(CASES.values())
    }

    def no_vl_convert(jobs: list[tuple[str, str]], version: str) -> list[tuple[str, str]]:
        assert not jobs, "a comparison chart was sent to vl-convert"
        return []

    monkeypatch.setattr(chart_render, "render_chunk", no_vl_convert)
    stats = chart_render.render_svgs(specs, tmp_path / "docs", tmp_path / "cache", workers=1)
    assert (stats.rendered, stats.written) == (len(CASES), len(CASES))
    for name, spec in specs.items():
        drawn = (tmp_path / "docs" / f"{name}.svg").read_text(encoding="utf-8")
        assert drawn == svgbars.bars_svg(static_spec(spec), FONT_STACK)


def test_a_kept_vendor_bundle_does_not_start_vl_convert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A warm build keeps vega-bundle.js by its header and hash: vl-convert's versions are constants, no engine."""
    import vl_convert

    path = tmp_path / "vendor" / "vega-bundle.js"
    path.parent.mkdir()
    body = "(function () {\nwindow.vegaEmbed = 1;\n})();\n"
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    path.write_text(f"{chart_render._bundle_header()}, sha256 {digest} */\n{body}", encoding="utf-8")

    def no_bundle(**_: Any) -> str:
        raise AssertionError("vl-convert bundled again")

    monkeypatch.setattr(vl_convert, "javascript_bundle", no_bundle)
    assert chart_render.write_vendor_bundle(tmp_path / "vendor") == path


def test_the_picture_size_is_read_off_the_drawing_and_is_vl_convert_s_where_it_cuts_a_name() -> None:
    """The page's <img width height> (svgbars.picture_size) is the drawn picture's own size; for a chart
    whose name Vega cuts (vl-convert draws it) the size is still the one vl-convert's picture has."""
    for case in CASES.values():
        static = _spec(case)
        assert svgbars.picture_size(static) == svgbars.svg_size(svgbars.bars_svg(static, FONT_STACK) or "")
    name = "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 12 г. Ш»"
    for unit in ("%", ""):
        static = _spec(_case([_bar(name, None), _bar("Школа № 2", 55.0, 50)], reference=41.0, unit=unit))
        assert svgbars.bars_svg(static, FONT_STACK) is None
        assert svgbars.picture_size(static) == svgbars.svg_size(_vl_convert(static))
