"""The static SVG of a trend chart, drawn from its Vega-Lite spec in Python, without a JavaScript engine.

Why not vl-convert for every image: it costs ~45 ms a chart, nearly all of it reading the font file for
each glyph it measures, and a region has ~29 000 charts (20 minutes of one core; issue 6). A trend chart
is one known shape — a line with points per territory over the academic years, a y axis of nice ticks,
one legend at the bottom — so this module draws exactly that shape from the same spec, with Vega's own
layout rules written out (point scale with half a step of padding, d3's ``nice`` and ``ticks``, the
ru-RU number format, axis and legend offsets as vl-convert places them), in well under a millisecond.
Text is laid out without measuring glyphs: labels are anchored (``end``, ``middle``, ``start``) so their
width does not move them, and only the gap left of the y axis uses an estimate of the labels' width.

A spec of any other shape is not guessed at: :func:`trend_svg` returns None and the caller draws it
with vl-convert. The picture keeps the live chart's colours, dashes, sizes and fonts (the reader's
interface font, set once in a ``<style>``), so the image and the interactive chart look alike.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple
from xml.sax.saxutils import escape

RENDERER_VERSION = 6
"""Part of the SVG cache key: bump when the drawing changes."""

PLOT_HEIGHT = 300
PAD = 5
X_AXIS_HEIGHT = 51  # tick 5 + labels (baseline 16) + title (baseline 31) + descenders, as Vega lays them out
LEGEND_ROW = 21
LEGEND_LAST_ROW = 19
AXIS_COLOR = "#888"

WHOLE_TICKS = "min(5, max(1, floor(domain('y')[1] - domain('y')[0])))"
"""The y axis' tick count of a chart of counts, as a Vega expression: a tick on each whole unit, five at most.

Why not Vega-Lite's ``tickMinStep: 1``: on a domain of 0–1 or 0–2 it still lets d3 put ticks half a unit
apart, and an axis without decimals read «0, 1, 1, 2, 2» (vega-lite#9034). With at most one tick per
unit of the domain, d3's step is a whole number. The live chart evaluates the expression; the drawing
here applies the same rule (:func:`_tick_count`)."""

# Advance widths of 12 px system-ui/DejaVu glyphs in pixels: only the y-axis labels are estimated.
_NARROW = frozenset(" \u00a0,.:;'!|iIl1()[]")
_E10, _E5, _E2 = math.sqrt(50), math.sqrt(10), math.sqrt(2)


def _text_width(text: str, size: float) -> float:
    return sum(0.278 if ch in _NARROW else 0.556 for ch in text) * size


def _tick_increment(start: float, stop: float, count: int) -> float:
    """d3-array's tickIncrement: a power of ten times 1, 2 or 5 (negative: the inverse of one)."""
    step = (stop - start) / max(count, 1)
    power = math.floor(math.log10(step))
    error = step / 10**power
    factor = 10 if error >= _E10 else 5 if error >= _E5 else 2 if error >= _E2 else 1
    return factor * 10**power if power >= 0 else -(10 ** (-power)) / factor


def _nice(start: float, stop: float, count: int = 10) -> tuple[float, float]:
    """d3-scale's linear.nice(): Vega extends a quantitative domain to round numbers (count 10)."""
    previous = None
    for _ in range(10):
        step = _tick_increment(start, stop, count)
        if step == previous or step == 0 or not math.isfinite(step):
            break
        if step > 0:
            start, stop = math.floor(start / step) * step, math.ceil(stop / step) * step
        else:
            start, stop = math.ceil(start * step) / step, math.floor(stop * step) / step
        previous = step
    return start, stop


def _ticks(start: float, stop: float, count: int) -> list[float]:
    """d3-array's ticks() for start < stop."""
    step = _tick_increment(start, stop, count)
    if step > 0:
        return [i * step for i in range(math.ceil(start / step), math.floor(stop / step) + 1)]
    inverse = -step
    return [i / inverse for i in range(math.ceil(start * inverse), math.floor(stop * inverse) + 1)]


def format_number(value: float, spec: str, locale: Mapping[str, Any]) -> str:
    """d3-format for the ``,.Nf`` specifiers the trend charts use, in the chart's locale."""
    digits = int(spec.rsplit(".", 1)[1].rstrip("f")) if "." in spec else 0
    grouped = spec.startswith(",")
    # JavaScript's toFixed, which d3 uses: the exact binary value rounded half up (0.5 → "1", not "0")
    exact = Decimal(abs(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = f"{exact:,.{digits}f}" if grouped else f"{exact:.{digits}f}"
    whole, _, fraction = text.partition(".")
    whole = whole.replace(",", str(locale.get("thousands", ",")))
    out = whole + (str(locale.get("decimal", ".")) + fraction if fraction else "")
    negative = value < 0 and any(ch not in "0,." for ch in text)
    return (str(locale.get("minus", "-")) if negative else "") + out


@functools.lru_cache(maxsize=65536)  # a chart's coordinates repeat across charts: axes, ticks, legend rows
def _num(value: float) -> str:
    """A coordinate with at most one decimal (a tenth of a pixel, below what a screen or a printer shows),
    without a leading zero."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        return "0"
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def _dash(pattern: Sequence[float]) -> str:
    return ",".join(_num(float(v)) for v in pattern)


def _dash_attr(pattern: str) -> str:
    """The dash attribute of a line; none for a solid one (``1,0`` draws the same line as no dash)."""
    return "" if pattern.split(",")[1:] in ([], ["0"]) else f' stroke-dasharray="{pattern}"'


def colour(value: object) -> str:
    """A CSS colour as short as it is written the same: ``#333333`` → ``#333``, ``white`` → ``#fff``."""
    text = str(value)
    if text == "white":
        return "#fff"
    if len(text) == 7 and text[0] == "#" and text[1] == text[2] and text[3] == text[4] and text[5] == text[6]:
        return "#" + text[1] + text[3] + text[5]
    return text


_PLAIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*(?: [A-Za-z][A-Za-z0-9-]*)*")
_KEYWORDS = frozenset(
    {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "math", "emoji", "fangsong"}
    | {"inherit", "initial", "unset", "default", "revert", "revert-layer"}
)


def _family(name: str) -> str:
    """A font family of a CSS list as short as it reads the same: without the spaces around it, and without
    quotes where its words are plain identifiers (``"Segoe UI"`` → ``Segoe UI``), but a keyword's."""
    name = name.strip()
    inner = name[1:-1] if len(name) > 1 and name[0] == name[-1] == '"' else None
    words = set(inner.lower().split()) if inner is not None else set()
    if inner is not None and _PLAIN_NAME.fullmatch(inner) and not words & _KEYWORDS:
        return inner if not any(word.startswith("ui-") for word in words) else name
    return name


_FAMILY = r'\s*("[^"]*"|[^,"]*[^,"\s])\s*'


def _font_list(stack: str) -> str:
    """The font list without the bytes that say nothing (:func:`_family`); as it is if it is not a plain
    list of names."""
    if not re.fullmatch(f"{_FAMILY}(?:,{_FAMILY})*", stack):
        return stack
    return ",".join(_family(name) for name in re.findall(_FAMILY + "(?:,|$)", stack))


def svg_head(
    width: object, height: object, font_stack: str, text: tuple[float, str], styles: str, origin: str
) -> list[str]:
    """The opening of one of our SVGs: its size, the text styles (one ``<style>``, so the image needs no
    other file: every text's font, size and colour, ``text``, then the classes' ``styles`` where they
    differ), a white ground, and the group every drawn coordinate is relative to."""
    size, fill = text
    stack = _font_list(font_stack)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<style>text{{font:{_num(size)}px {escape(stack)};fill:{colour(fill)}}}{styles}</style>",
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
        f'<g fill="none" stroke-miterlimit="10" transform="translate({origin})">',
    ]


def text_run(kind: str, shared: str, at: str, texts: Sequence[tuple[str, str]]) -> str:
    """Texts of one class that share one coordinate (``shared``, "x" or "y", at ``at``), each at its own
    other coordinate (as written, rounded): as one group that carries the class and moves them by the shared
    coordinate, or each text with both, whichever is shorter (a group pays for itself from three texts)."""
    own = "y" if shared == "x" else "x"
    cls = f' class="{kind}"' if kind else ""
    alone = "".join(f'<text {own}="{v}" {shared}="{at}"{cls}>{escape(t)}</text>' for v, t in texts)
    move = at if shared == "x" else f"0,{at}"
    inner = "".join(f'<text {own}="{v}">{escape(t)}</text>' for v, t in texts)
    grouped = f'<g{cls} transform="translate({move})">{inner}</g>' if texts else ""
    return grouped if len(grouped) < len(alone) else alone


def text_class(name: str, size: float, fill: object, base: tuple[float, str], extra: str = "") -> str:
    """A class of texts: only what differs from every text's ``base`` (size, colour), and ``extra``. It
    applies to a text of the class and to the texts of a group of the class: the rule for every text would
    otherwise win over what a text inherits from its group."""
    rules = ([f"font-size:{_num(size)}px"] if size != base[0] else []) + (
        [f"fill:{colour(fill)}"] if colour(fill) != colour(base[1]) else []
    )
    rules += [extra] if extra else []
    return f".{name},.{name} text{{{';'.join(rules)}}}" if rules else ""


def can_draw(static: Mapping[str, Any]) -> bool:
    """Whether the spec has the trend chart's shape (decided before drawing, for the cache key)."""
    mark = static.get("mark")
    encoding = static.get("encoding")
    if not isinstance(mark, dict) or mark.get("type") != "line" or not isinstance(encoding, dict):
        return False
    if any(key in static for key in ("layer", "hconcat", "vconcat", "concat", "facet", "repeat", "transform")):
        return False
    channels = set(encoding)
    return {"x", "y", "color", "strokeDash"} <= channels <= {"x", "y", "color", "strokeDash", "order", "tooltip"}


def trend_svg(static: Mapping[str, Any], font_stack: str) -> str | None:
    """The SVG of a static trend spec (see :func:`generator.site.charts.static_spec`), or None for another shape."""
    try:
        return _draw(static, font_stack)
    except (KeyError, TypeError, ValueError, IndexError, ArithmeticError):  # e.g. a number beyond Decimal's context
        return None


class _Frame(NamedTuple):
    """Where a trend chart's parts go: the plot's size, its y axis, and the picture's size around them."""

    width: float
    height: float
    low: float
    high: float
    tick_labels: tuple[tuple[float, str], ...]  # (position from the plot's top, text)
    title_x: float
    left: int
    top: float
    legend_top: float
    total_w: int
    total_h: int


def _frame(static: Mapping[str, Any]) -> _Frame | None:
    """The layout of a trend spec's picture, or None for another shape (nothing is drawn: the size is known
    from this alone, see :func:`picture_size`)."""
    mark = static.get("mark") or {}
    encoding = static.get("encoding") or {}
    if not isinstance(mark, dict) or mark.get("type") != "line" or "layer" in static:
        return None
    x, y, color, dash = encoding["x"], encoding["y"], encoding["color"], encoding["strokeDash"]
    if x.get("type") != "ordinal" or y.get("type") != "quantitative" or color["field"] != dash["field"]:
        return None
    config = static.get("config") or {}
    axis_cfg = config.get("axis") or {}
    locale = (config.get("locale") or {}).get("number") or {}
    width = float(static["width"])
    height = float(static.get("height", PLOT_HEIGHT))
    label_size = float(axis_cfg.get("labelFontSize", 10))
    title_size = float(axis_cfg.get("titleFontSize", 11))
    y_field = y["field"]
    values = [float(r[y_field]) for r in static["data"]["values"] if r.get(y_field) is not None]
    y_scale = y.get("scale") or {}
    y_axis = y.get("axis") or {}
    if "domain" in y_scale:
        low, high = (float(v) for v in y_scale["domain"])
    else:  # zero and nice, Vega-Lite's defaults for a quantitative y
        low, high = min([0.0, *values]), max([0.0, *values])
        if high == low:
            high = low + 1
        low, high = _nice(low, high)
    count = _tick_count(y_axis, low, high)
    number_format = tuple((key, str(locale[key])) for key in _LOCALE_KEYS if key in locale)
    y_format = str(y_axis.get("format", ""))
    tick_labels, label_width = _y_ticks(low, high, count, height, y_format, number_format, label_size)
    title_x = -(7 + label_width + 4)
    left = math.ceil(-title_x + title_size + 7) if y.get("title") else math.ceil(7 + label_width + PAD)
    top = PAD + (6 if any(pos < 6 for pos, _ in tick_labels) else 0)
    legend_top = height + X_AXIS_HEIGHT
    series = color["scale"]["domain"]
    legend_height = LEGEND_ROW * (len(series) - 1) + LEGEND_LAST_ROW if series else 0
    total_w = math.ceil(left + width + PAD)
    total_h = math.ceil(top + legend_top + legend_height + PAD)
    return _Frame(width, height, low, high, tick_labels, title_x, left, top, legend_top, total_w, total_h)


_LOCALE_KEYS = ("decimal", "thousands", "minus")


def _tick_count(y_axis: Mapping[str, Any], low: float, high: float) -> int:
    """How many ticks the axis asks d3 for: :data:`WHOLE_TICKS` evaluated, or a number (any other
    expression is not guessed at: the TypeError makes the caller draw with vl-convert)."""
    count = y_axis.get("tickCount", 5)
    if count == {"expr": WHOLE_TICKS}:
        return min(5, max(1, math.floor(high - low)))
    count = int(count)
    if y_axis.get("tickMinStep"):
        # Vega's rule (vega-scale tickCount), also where d3 then picks a finer step than the minimum
        count = max(1, min(count, math.floor((high - low) / float(y_axis["tickMinStep"])) + 1))
    return count


@functools.lru_cache(maxsize=4096)  # a few domains and formats recur across thousands of charts
def _y_ticks(
    low: float,
    high: float,
    count: int,
    height: float,
    y_format: str,
    number_format: tuple[tuple[str, str], ...],
    size: float,
) -> tuple[tuple[tuple[float, str], ...], float]:
    """The y axis' (position, text) of each tick, and the widest text's estimated width (the locale's
    number signs as pairs, so that the answer can be kept)."""
    locale = dict(number_format)
    tick_labels = tuple(
        (height - (t - low) / (high - low) * height, format_number(t, y_format, locale) if y_format else _num(t))
        for t in _ticks(low, high, count)
    )
    return tick_labels, max((_text_width(text, size) for _, text in tick_labels), default=0.0)


def picture_size(static: Mapping[str, Any]) -> tuple[int, int] | None:
    """The width and height of :func:`trend_svg`'s picture of this spec, without drawing it (the page's
    ``<img width height>``); None where that drawing declines (vl-convert draws the chart)."""
    try:
        frame = _frame(static) if can_draw(static) else None
    except (KeyError, TypeError, ValueError, IndexError, ArithmeticError):  # e.g. a number beyond Decimal's context
        return None
    return (frame.total_w, frame.total_h) if frame is not None else None


def _draw(static: Mapping[str, Any], font_stack: str) -> str | None:
    frame = _frame(static)
    if frame is None:
        return None
    mark, encoding = static["mark"], static["encoding"]
    x, y, color, dash = encoding["x"], encoding["y"], encoding["color"], encoding["strokeDash"]
    config = static.get("config") or {}
    axis_cfg, legend_cfg = config.get("axis") or {}, config.get("legend") or {}
    width, height, low, high, tick_labels, title_x, left, top, legend_top, total_w, total_h = frame
    label_size = float(axis_cfg.get("labelFontSize", 10))
    title_size = float(axis_cfg.get("titleFontSize", 11))
    label_color = axis_cfg.get("labelColor", "#000")
    title_color = axis_cfg.get("titleColor", "#000")
    grid_color = axis_cfg.get("gridColor", "#ddd")
    legend_size = float(legend_cfg.get("labelFontSize", 10))
    legend_color = legend_cfg.get("labelColor", "#000")

    rows = static["data"]["values"]
    x_field, y_field, s_field = x["field"], y["field"], color["field"]
    order_field = (encoding.get("order") or {}).get("field")
    labels: list[str] = list(x["scale"]["domain"])
    series: list[str] = list(color["scale"]["domain"])
    colors: list[str] = list(color["scale"]["range"])
    dashes: list[list[float]] = list(dash["scale"]["range"])
    step = width / max(len(labels), 1)
    x_of = {label: step * (i + 0.5) for i, label in enumerate(labels)}

    def y_of(value: float) -> float:
        return height - (value - low) / (high - low) * height

    y_title = y.get("title")

    # Every coordinate is relative to the plot's corner (the outer group); lines of one colour are one path
    # of segments, texts of one kind are one group that carries their style and shared offset, the points
    # of a series are one path of round dots: the same picture as Vega's, at about a third of its bytes
    # (tens of thousands of them on a region's site).
    # Every text has the axis labels' size and colour; b: axis title, c: legend; m, e: anchored middle, end.
    base = (label_size, str(label_color))
    styles = (
        text_class("b", title_size, title_color, base, "font-weight:bold")
        + text_class("c", legend_size, legend_color, base)
        + ".m{text-anchor:middle}.e{text-anchor:end}"
    )
    out = svg_head(total_w, total_h, font_stack, base, styles, f"{left},{top}")
    # grid, then the axes' ticks and domains, then their texts: the order Vega draws them in (a line is
    # offset by half a pixel, as Vega's, so that a one-pixel line falls on one row of pixels)
    grid = "".join(f"M.5,{_num(pos + 0.5)}h{_num(width)}" for pos, _ in tick_labels)
    out.append(f'<path d="{grid}" stroke="{colour(grid_color)}"/>')
    bottom = _num(height + 0.5)
    axes = "".join(f"M{_num(x_of[label] + 0.5)},{bottom}v5" for label in labels)
    axes += f"M.5,{bottom}h{_num(width)}"
    axes += "".join(f"M.5,{_num(pos + 0.5)}h-5" for pos, _ in tick_labels)
    axes += f"M.5,{bottom}V.5"
    out.append(f'<path d="{axes}" stroke="{AXIS_COLOR}"/>')
    out.append(text_run("m", "y", _num(height + 16.5), [(_num(x_of[label] + 0.5), str(label)) for label in labels]))
    if x.get("title"):
        out.append(
            f'<text x="{_num(width / 2 + 0.5)}" y="{_num(height + 31.5)}" class="b m">{escape(str(x["title"]))}</text>'
        )
    out.append(text_run("e", "x", "-6.5", [(_num(pos + 4.5), text) for pos, text in tick_labels]))
    if y_title:
        out.append(
            f'<text transform="translate({_num(title_x + 0.5)},{_num(height / 2 + 0.5)}) rotate(-90)" y="-3" '
            f'class="b m">{escape(str(y_title))}</text>'
        )

    stroke_width = _num(float(mark.get("strokeWidth", 2)))
    legend = color.get("legend") or {}
    symbol = math.sqrt(float(legend.get("symbolSize", 100))) / 2
    symbol_width = _num(float(legend.get("symbolStrokeWidth", 1.5)))
    by_series: dict[str, list[Mapping[str, Any]]] = {s: [] for s in series}
    for row in rows:
        by_series.setdefault(row[s_field], []).append(row)
    dots: list[tuple[str, list[str]]] = []  # each series' colour and points, drawn after every line
    for i, name in enumerate(series):
        line = sorted(by_series[name], key=lambda r: (r.get(order_field) if order_field else 0) or 0)
        hue, pattern = colour(colors[i % len(colors)]), _dash(dashes[i % len(dashes)])
        path: list[str] = []
        spots: list[str] = []
        pen_up = True
        for row in line:
            if row.get(y_field) is None or row.get(x_field) not in x_of:
                pen_up = True
                continue
            spot = f"{_num(x_of[row[x_field]])},{_num(y_of(float(row[y_field])))}"
            path.append(f"{'M' if pen_up else 'L'}{spot}")
            pen_up = False
            spots.append(spot)
        # the legend's symbol of the series: a short stroke of the line's colour and dash, one more piece of
        # its path where it is as wide (a dash pattern starts anew on each piece; the legend overlaps nothing)
        symbol_d = f"M{_num(12.5 - symbol)},{_num(legend_top + i * LEGEND_ROW + 12.5)}h{_num(2 * symbol)}"
        if symbol_width == stroke_width:
            path.append(symbol_d)
        d = f' d="{"".join(path)}"' if path else ""
        out.append(f'<path{d} stroke="{hue}" stroke-width="{stroke_width}"{_dash_attr(pattern)}/>')
        if symbol_width != stroke_width:
            out.append(f'<path d="{symbol_d}" stroke="{hue}" stroke-width="{symbol_width}"{_dash_attr(pattern)}/>')
        dots.append((hue, spots))
    point = mark.get("point")
    if point and any(spots for _, spots in dots):
        # a filled circle is a zero-length line with round caps as wide as the circle: a point costs its
        # coordinates only. Series by series (points of one year, the only ones that can overlap, keep the
        # order of Vega's drawing: the later series on top)
        radius = math.sqrt(float(point.get("size", 30) if isinstance(point, dict) else 30)) / 2
        out.append(f'<g stroke-width="{_num(2 * radius)}" stroke-linecap="round">')
        out += [f'<path d="{"".join(f"M{spot}h0" for spot in spots)}" stroke="{hue}"/>' for hue, spots in dots if spots]
        out.append("</g>")
    names = [(_num(legend_top + i * LEGEND_ROW + 16.5), str(name)) for i, name in enumerate(series)]
    out.append(text_run("c", "x", "29", names))
    out.append("</g></svg>")
    return "".join(out)
