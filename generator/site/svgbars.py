"""The static SVG of a comparison chart, drawn from its Vega-Lite spec in Python, without a JavaScript engine.

The comparison chart (:func:`generator.site.overview_charts.comparison_spec`) is the only shape besides
the trend chart whose static image the site draws: horizontal bars by territory in the given order, each
name above its bar and the value (with its ✓ or ✗) at the right edge, the targets as short solid strokes,
the region's value as a dashed stroke on every row, an x axis of nice ticks under the bars. Drawing it
with vl-convert costs little per chart but ~2.5 s to start the JavaScript engine, paid by every build
that changes one municipality's value; this module draws exactly that shape with Vega's own rules
written out, as :mod:`generator.site.svgchart` does for the trends:

* the x scale: the domain of every value, target and reference, with zero, made ``nice`` (d3's, count
  10), or the spec's fixed domain (shares: 0–100); ticks are d3's for the axis' ``tickCount``, formatted
  by d3-format in the ru-RU locale; a label within a pixel of either end is flush with it (Vega-Lite's
  ``labelFlush``), the others are centred on their tick;
* the y scale: one band of ``height.step`` per name, no padding; the bar is ``band`` of it, moved down by
  its ``yOffset``, with the end corners rounded as Vega-Lite rounds them (on the right-hand side, also for
  a bar below zero); a missing value draws no bar, and its label says so;
* the picture's size: Vega's ``pad`` autosize, with the bounds Vega gives each item (a stroke widens its
  item by its full width on each side; the grid is outside the axis' bounds).

Texts are anchored so their width does not move them. Widths are only estimated to make sure no text
would be cut or pushed out of the picture: a name longer than the axis' ``labelLimit`` (Vega truncates it
with «…» by the width it measures) or a tick label centred too close to an edge. Such a chart, like any
spec not exactly of this shape, gets None and is drawn by vl-convert.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

from generator.site.svgchart import (
    AXIS_COLOR,
    PAD,
    _nice,
    _num,
    _ticks,
    colour,
    format_number,
    svg_head,
    text_class,
    text_run,
)

RENDERER_VERSION = 3
"""Part of the SVG cache key: bump when the drawing changes."""

TICK_LABEL_BASELINE = 16  # below the plot, as Vega places a bottom axis' labels (tick 5 + padding + ascent)
TITLE_BASELINE = 31
AXIS_EXTENT = 18  # the axis' bounds below the plot: labels only, or
AXIS_EXTENT_TITLED = 33  # labels and title
_EXPR = re.compile(r"max\(\(width - (\d+)\) / (\d+(?:\.\d+)?), (\d+)\)")  # see charts._in_readers_font
_SHAPE = re.compile(r"^(?:M0,(-?[\d.]+)L0,(-?[\d.]+))+$")
_SEGMENT = re.compile(r"M0,(-?[\d.]+)L0,(-?[\d.]+)")

# Glyph advances in em as vl-convert measures them for this font stack (Helvetica's metrics, whatever font
# the machine has), each rounded up; any other character counts as wider than all of them. Only used to
# make sure a name fits the label limit (and a tick label the picture), so an estimate from above is safe.
_ADVANCES = {
    0.23: "'ijl",
    0.28: " \u00a0.,tI:;!/f",
    0.34: '-()r"',
    0.37: "г*",
    0.44: "к",
    0.45: "з",
    0.46: "т",
    0.49: "1",
    0.5: "сухcksvxyzJ",
    0.53: "эчь",
    0.55: "впяГ",
    0.56: "аеёийнор023456789«»abdeghnopquL?–_",
    0.59: "бцдлК+=",
    0.62: "ЗТFTZ",
    0.64: "ъУ",
    0.67: "БЛЬжАВЕЁРХЧABEKPSVXY&",
    0.69: "Дм",
    0.73: "ыИЙПЭНСЯwCDHNRU",
    0.75: "Цю",
    0.78: "ФОGOQ",
    0.81: "Ъш",
    0.84: "фщМmM",
    0.89: "Ы%",
    0.95: "ШЖЩW",
    1.02: "—Ю",
    1.08: "№",
}
_ADVANCE = {ch: em for em, chars in _ADVANCES.items() for ch in chars}
_UNKNOWN_ADVANCE = 1.2
FIT_MARGIN = 0.97


def estimated_width(text: str, size: float) -> float:
    """An upper estimate of the text's width in pixels, as Vega measures it."""
    return sum(_ADVANCE.get(ch, _UNKNOWN_ADVANCE) for ch in text) * size


def bars_svg(static: Mapping[str, Any], font_stack: str) -> str | None:
    """The SVG of a static comparison spec (see :func:`generator.site.charts.static_spec`), or None for
    another shape or a chart this drawing cannot promise to show as Vega would."""
    try:
        return _draw(static, font_stack)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None


_SIZE = re.compile(r'<svg [^>]*\bwidth="(\d+)" height="(\d+)"')


def svg_size(svg: str) -> tuple[int, int] | None:
    """The width and height an SVG declares on its root element (ours and vl-convert's: whole pixels)."""
    match = _SIZE.match(svg)
    return (int(match.group(1)), int(match.group(2))) if match else None


def picture_size(static: Mapping[str, Any]) -> tuple[int, int] | None:
    """The size of the static picture the build publishes for this comparison spec, read off the drawing.

    That is :func:`bars_svg`'s picture; for a chart whose names Vega cuts with «…» (which vl-convert draws)
    it is the same drawing with the names whole: the size does not depend on them, since a name is cut
    within its label limit, inside the plot. None where this drawing declines for another reason (a tick
    label Vega would move the edge for, values all zero, another shape): only vl-convert knows that size.
    """
    try:
        svg = _draw(static, "", names_cut_by_vega=True)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None
    return svg_size(svg) if svg is not None else None


def _shape(layer: Mapping[str, Any]) -> tuple[str, list[tuple[float, float]]] | None:
    """A point layer of a vertical stroke shape: its kind (target or reference) and its scaled segments."""
    mark, encoding = layer["mark"], layer["encoding"]
    if mark.get("type") != "point" or mark.get("filled") is not False or set(encoding) != {"x", "y"}:
        return None
    shape = str(mark["shape"])
    if not _SHAPE.match(shape):
        return None
    scale = math.sqrt(float(mark["size"])) / 2
    segments = [(float(a) * scale, float(b) * scale) for a, b in _SEGMENT.findall(shape)]
    if "datum" in encoding["x"]:
        return ("reference", segments)
    if layer.get("transform") == [{"filter": f"isValid(datum.{encoding['x']['field']})"}]:
        return ("target", segments)
    return None


def _draw(static: Mapping[str, Any], font_stack: str, names_cut_by_vega: bool = False) -> str | None:
    layers = static.get("layer")
    if not isinstance(layers, list) or not 2 <= len(layers) <= 4 or "mark" in static or "encoding" in static:
        return None
    if any(key in static for key in ("hconcat", "vconcat", "concat", "facet", "repeat", "transform")):
        return None
    if static.get("autosize") != {"type": "pad"} or not isinstance(static.get("height"), dict):
        return None
    bar, text = layers[0], layers[1]
    bar_mark, text_mark = bar["mark"], text["mark"]
    if bar_mark.get("type") != "bar" or text_mark.get("type") != "text" or "transform" in bar or "transform" in text:
        return None
    enc = bar["encoding"]
    if set(enc) != {"x", "y", "color"}:
        return None
    x, y, color = enc["x"], enc["y"], enc["color"]
    if x.get("type") != "quantitative" or y.get("type") != "nominal" or color.get("scale", 0) is not None:
        return None
    y_scale, y_axis, x_scale, x_axis = y["scale"], y["axis"], x.get("scale") or {}, x["axis"]
    if y_scale.get("paddingInner") != 0 or y_scale.get("paddingOuter") != 0 or y.get("sort", 0) is not None:
        return None
    if x_axis.get("orient") != "bottom" or not x_axis.get("grid") or set(x_scale) - {"zero", "nice", "domain"}:
        return None
    expected_y = {"domain": False, "ticks": False, "labelAlign": "left", "labelBaseline": "middle", "labelPadding": 0}
    if any(y_axis.get(k) != v for k, v in expected_y.items()):
        return None
    text_enc = text["encoding"]
    if (
        text_enc.get("x") != {"value": "width"}
        or text_enc.get("y", {}).get("field") != y["field"]
        or set(text_enc) != {"x", "y", "text"}
        or (text_mark.get("align"), text_mark.get("baseline")) != ("right", "middle")
    ):
        return None
    marks: dict[str, tuple[Mapping[str, Any], list[tuple[float, float]]]] = {}
    for layer in layers[2:]:
        found = _shape(layer)
        if found is None or found[0] in marks or layer["encoding"]["y"].get("field") != y["field"]:
            return None
        marks[found[0]] = (layer, found[1])

    config = static.get("config") or {}
    axis_cfg = config.get("axis") or {}
    locale = (config.get("locale") or {}).get("number") or {}
    if axis_cfg.get("labelOverlap") is not False or (config.get("view") or {}).get("stroke", 0) is not None:
        return None
    width = float(static["width"])
    step = float(static["height"]["step"])
    label_size = float(axis_cfg.get("labelFontSize", 10))
    title_size = float(axis_cfg.get("titleFontSize", 11))
    name_size = float(y_axis.get("labelFontSize", label_size))
    value_size = float(text_mark.get("fontSize", 11))
    if label_size != 12 or name_size != 12 or value_size != 12:  # the text offsets below are a 12 px font's
        return None

    rows: list[Mapping[str, Any]] = static["data"]["values"]
    names = [str(n) for n in y_scale["domain"]]
    if len(set(names)) != len(names) or {str(r[y["field"]]) for r in rows} - set(names) or not names:
        return None
    row_of = {name: i for i, name in enumerate(names)}
    v_field, c_field, t_field = x["field"], color["field"], text_enc["text"]["field"]

    def number(value: Any) -> float | None:
        if value is None or isinstance(value, bool):
            return None
        result = float(value)
        return result if math.isfinite(result) else None

    values = [number(r.get(v_field)) for r in rows]
    target_field = marks["target"][0]["encoding"]["x"]["field"] if "target" in marks else None
    targets = [number(r.get(target_field)) for r in rows] if target_field else [None] * len(rows)
    reference = number(marks["reference"][0]["encoding"]["x"]["datum"]) if "reference" in marks else None
    known = [v for v in (*values, *targets, reference) if v is not None]

    if "domain" in x_scale:
        low, high = (float(v) for v in x_scale["domain"])
        if any(not low <= v <= high for v in known):  # Vega would draw beyond the axis: not guessed at
            return None
    else:
        if x_scale.get("zero") is not True:
            return None
        low, high = min([0.0, *known]), max([0.0, *known])
    if x_scale.get("nice", True) is not False:
        if high == low:  # every value 0: Vega's degenerate scale, left to vl-convert
            return None
        low, high = _nice(low, high)
    if not low < high:
        return None

    def x_of(value: float) -> float:
        return (value - low) / (high - low) * width

    ticks = _ticks(low, high, int(x_axis.get("tickCount", 5)))
    tick_format = str(x_axis.get("format", ""))
    tick_labels: list[tuple[float, str, str]] = []  # position, anchor class, text
    for tick in ticks:
        pos = x_of(tick)
        label = format_number(tick, tick_format, locale) if tick_format else _num(tick)
        if pos <= 1 and pos < width - pos:
            anchor = ""
        elif width - pos <= 1:
            anchor = " e"
        else:
            half = estimated_width(label, label_size) / 2
            if pos + 0.5 - half < 0 or pos + 0.5 + half > width:
                return None  # a centred label would stick out: Vega would widen the picture by its width
            anchor = " m"
        tick_labels.append((pos, anchor, label))

    limit = y_axis.get("labelLimit", axis_cfg.get("labelLimit", 0))
    if isinstance(limit, dict):
        match = _EXPR.fullmatch(str(limit.get("expr", "")))
        if match is None:
            return None
        limit = max((width - float(match.group(1))) / float(match.group(2)), float(match.group(3)))
    cut = float(limit) > 0 and any(estimated_width(n, name_size) > float(limit) * FIT_MARGIN for n in names)
    if cut and not names_cut_by_vega:
        return None  # Vega would cut a name where its measure says: vl-convert draws it

    plot_h = step * len(names)
    band = float(bar_mark["height"]["band"]) * step
    bar_drop = float(bar_mark.get("yOffset", 0))
    radius = float(bar_mark.get("cornerRadiusEnd", 0))
    label_rise = float(y_axis.get("labelOffset", 0))
    text_rise = float(text_mark.get("yOffset", 0))
    text_offset = name_size / 3  # from a middle baseline to the alphabetic one, where Vega puts a 12 px text
    x_title = x.get("title")

    # Vega's bounds of the picture's items, relative to the plot's corner
    left, right = 0.0, width
    for pos, _, _ in tick_labels:  # the tick strokes below the axis (at whole pixels), widened by their width
        left, right = min(left, _pixel(pos) - 1.0), max(right, _pixel(pos) + 1.0)
    zero = x_of(min(max(0.0, low), high))
    bars: list[tuple[int, float, float, str]] = []
    for row, value in zip(rows, values, strict=True):
        if value is not None:
            a, b = sorted((zero, x_of(value)))
            bars.append((row_of[str(row[y["field"]])], a, b, str(row[c_field])))
            left, right = min(left, a), max(right, b)
    strokes: list[tuple[str, float, list[tuple[float, float]], list[tuple[float, float]]]] = []
    for kind in ("target", "reference"):
        if kind not in marks:
            continue
        layer, segments = marks[kind]
        mark = layer["mark"]
        stroke_width = float(mark["strokeWidth"])
        if kind == "target":
            spots = [(row_of[str(r[y["field"]])], t) for r, t in zip(rows, targets, strict=True) if t is not None]
        else:
            spots = [(i, float(reference)) for i in range(len(names))]  # type: ignore[arg-type]
        drop = float(mark.get("yOffset", 0))
        centres = [(x_of(value), i * step + step / 2 + drop) for i, value in spots]
        for cx, _ in centres:
            left, right = min(left, cx - stroke_width), max(right, cx + stroke_width)
        strokes.append((str(mark["stroke"]), stroke_width, segments, centres))
    origin_x = PAD - left
    total_w = math.ceil(right - left) + 2 * PAD
    total_h = math.ceil(plot_h + (AXIS_EXTENT_TITLED if x_title else AXIS_EXTENT)) + 2 * PAD

    grid_color = x_axis.get("gridColor", axis_cfg.get("gridColor", "#ddd"))
    label_color = axis_cfg.get("labelColor", "#000")
    title_color = axis_cfg.get("titleColor", "#000")
    name_color = y_axis.get("labelColor", label_color)
    value_color = text_mark.get("color", "#000")
    # Every text has the tick labels' size and colour; b: axis title, n: a territory's name, v: its value;
    # m, e: anchored middle, end. Texts of one kind are one group that carries their class and shared offset.
    base = (label_size, str(label_color))
    styles = (
        text_class("b", title_size, title_color, base, "font-weight:bold")
        + text_class("n", name_size, name_color, base)
        + text_class("v", value_size, value_color, base, "text-anchor:end")
        + ".m{text-anchor:middle}.e{text-anchor:end}"
    )
    out = svg_head(total_w, total_h, font_stack, base, styles, f"{_num(origin_x)},{PAD}")
    # the order Vega draws in: grid, the x axis (ticks, domain, labels, title), the names, then the layers
    bottom = _num(plot_h + 0.5)
    grid = "".join(f"M{_pixel(pos)}.5,{bottom}V.5" for pos, _, _ in tick_labels)  # Vega's tickRound
    out.append(f'<path d="{grid}" stroke="{colour(grid_color)}"/>')
    axis = "".join(f"M{_pixel(pos)}.5,{bottom}v5" for pos, _, _ in tick_labels) + f"M.5,{bottom}h{_num(width)}"
    out.append(f'<path d="{axis}" stroke="{AXIS_COLOR}"/>')
    ticks_at = _num(plot_h + TICK_LABEL_BASELINE + 0.5)
    for anchor in ("", " m", " e"):  # the tick labels of one anchor together: labels never overlap
        run = [(_num(pos + 0.5), label) for pos, kind, label in tick_labels if kind == anchor]
        out.append(text_run(anchor.strip(), "y", ticks_at, run))
    if x_title:
        out.append(
            f'<text x="{_num(width / 2 + 0.5)}" y="{_num(plot_h + TITLE_BASELINE + 0.5)}" class="b m">'
            f"{escape(str(x_title))}</text>"
        )
    name_ys = [_num(i * step + step / 2 + label_rise + text_offset) for i in range(len(names))]
    out.append(text_run("n", "x", ".5", list(zip(name_ys, names, strict=True))))
    # the bars of one colour are one path: no two bars overlap (each stays within its row), so the order
    # between colours draws nothing differently
    apart = band + 2 * abs(bar_drop) <= step
    shapes: dict[object, tuple[str, list[str]]] = {}
    for i, a, b, hue in bars:
        d = _bar(a, i * step + step / 2 + bar_drop - band / 2, b - a, band, radius)
        if d:
            shapes.setdefault(hue if apart else i, (hue, []))[1].append(d)
    out += [f'<path d="{"".join(ds)}" fill="{escape(colour(hue))}"/>' for hue, ds in shapes.values()]
    value_ys = [row_of[str(row[y["field"]])] * step + step / 2 + text_rise + text_offset for row in rows]
    values_text = [(_num(v), str(row[t_field])) for v, row in zip(value_ys, rows, strict=True)]
    out.append(text_run("v", "x", _num(width), values_text))
    for hue, stroke_width, segments, centres in strokes:
        d = "".join(f"M{_num(cx)},{_num(cy + a)}V{_num(cy + b)}" for cx, cy in centres for a, b in segments)
        out.append(f'<path d="{d}" stroke="{escape(colour(hue))}" stroke-width="{_num(stroke_width)}"/>')
    out.append("</g></svg>")
    return "".join(out)


def _bar(x: float, y: float, w: float, h: float, radius: float) -> str:
    """The outline of a bar with its right-hand corners rounded (Vega-Lite's ``cornerRadiusEnd`` of a
    horizontal bar); empty for a bar of no length."""
    if w <= 0:
        return ""
    r = min(radius, w / 2, h / 2)
    if r <= 0:
        return f"M{_num(x)},{_num(y)}h{_num(w)}v{_num(h)}h{_num(-w)}Z"
    return (
        f"M{_num(x)},{_num(y)}h{_num(w - r)}a{_num(r)},{_num(r)} 0 0 1 {_num(r)},{_num(r)}v{_num(h - 2 * r)}"
        f"a{_num(r)},{_num(r)} 0 0 1 {_num(-r)},{_num(r)}h{_num(r - w)}Z"
    )


def _pixel(value: float) -> int:
    """JavaScript's Math.round, as Vega rounds a tick's position (half up, not to even)."""
    return math.floor(value + 0.5)
