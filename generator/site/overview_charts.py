"""The visual overview's pictures: the Vega-Lite spec of a comparison chart, and a sparkline's spec and
static SVG. What the pages show around them is :mod:`generator.site.overview`.

**Comparison, never a ranking.** The monitoring may not be used for ratings (the municipal procedure 001,
p. 12, and the note on every edition page), so a comparison chart lists its territories in the order its
caller gives — alphabetical — with the y scale's domain written out and ``sort: null``: Vega-Lite never
reorders the bars by value. The region's value is a dashed rule across the bars, each municipality's
target a black mark on its bar, and the bar's colour says whether the target was met. Colour is never the
only carrier of it: the value label carries a marker (✓, ✗), the legend under the chart and the tooltip
say it in words, and so does the table that follows the chart.

**Same rules as the trend charts** (:mod:`generator.site.charts`): a Vega-Lite spec drawn live by the
site's own bundle (no CDN), a static SVG drawn at build time (by :mod:`generator.site.svgbars`, which
draws exactly this shape as vl-convert would), a data table, a description in Russian. The legend is HTML
under the figure rather than Vega's (Vega lays several legends side by side, too wide for a phone), so
the static image and the live chart share it.

**Sparklines.** A tile's sparkline is a live Vega line too, over a static SVG drawn here (a polyline: too
small a picture for the 600 px image of the other charts); both are plain files of the page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator.compute.status import TargetStatus
from generator.inputs.models import Kind
from generator.site.charts import FONT_ALLOWANCE, FONT_STACK, FORMAT_LOCALE
from generator.site.status_words import SAID
from generator.site.svgbars import estimated_width

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier only: nothing fetches it

STEP = 36
"""Height of one territory's row: its name and value on a line, the bar under them."""
BAR_BAND = 0.36
BAR_DROP = 7  # the bar sits in the lower half of its row, under the name
LABEL_RISE = 8  # the name and the value sit in the upper half
AXIS_HEIGHT = 44  # the x axis under the bars: only where the static image's own size is unknown (overview.py)
TEXT_SIZE = 12  # the names and the values, in px
NAME_GAP = 8  # px at least between a name and the value at the end of its line
NAME_FLOOR = 80  # px: a name is never cut shorter (only on a chart narrower than ~250 px could it then touch)
TARGET_PATH = "M0,-1L0,1"  # a short solid vertical stroke across the bar
REFERENCE_PATH = "M0,-1L0,-0.6M0,-0.2L0,0.2M0,0.6L0,1"  # three dashes: the region's value, row by row
REFERENCE_SIZE = 400  # 20 px tall: across the bar, clear of the names and values above it

COLORS = {"met": "#0072B2", "not_met": "#D55E00", "no_target": "#767676", "none": "#0072B2"}
"""Okabe–Ito blue and vermillion, and a grey: each at least 3:1 on white (WCAG 1.4.11)."""
MARKERS = {str(status): words.mark for status, words in SAID.items() if words.mark}
STATUS_WORDS = {**{str(status): words.alone for status, words in SAID.items()}, "none": ""}
LEGEND_ORDER = (str(TargetStatus.met), str(TargetStatus.not_met), str(TargetStatus.no_target))

SPARK_WIDTH = 160
SPARK_HEIGHT = 40
SPARK_COLOR = "#0072B2"


@dataclass(frozen=True)
class Bar:
    """One territory in a comparison chart, as the page hands it over."""

    name: str
    value: float | None
    formatted: str
    target: float | None = None
    target_formatted: str = ""
    status: str = "none"  # met, not_met, no_target, no_data; "none" where targets do not apply (schools)
    printed: bool = False  # the source's printed figure, without counts: marked, as in the table


PRINTED_MARK = "*"
"""After a bar's value that the source printed without counts; the legend under the chart says what it means."""


def clean(value: float | None) -> float | None:
    """A finite float, or None (a missing or not-a-number value draws nothing)."""
    if value is None:
        return None
    number_ = float(value)
    return number_ if math.isfinite(number_) else None


def _config() -> dict[str, Any]:
    return {
        "font": FONT_STACK,
        "locale": {"number": FORMAT_LOCALE},
        "aria": False,  # the description (and the table) is the text alternative, not Vega's English labels
        "view": {"stroke": None},
        "title": {"fontSize": 16, "fontWeight": 600, "color": "#1a1a1a", "offset": 12, "anchor": "start"},
        "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#333333", "titleColor": "#333333"},
    }


def comparison_height(count: int) -> int:
    """An estimate of the static image's height for ``count`` rows, for a picture whose size the page cannot
    read off the drawing (see :func:`generator.site.overview.picture_size`)."""
    return count * STEP + AXIS_HEIGHT


def name_limit(labels: Sequence[str]) -> dict[str, str]:
    """The names' label limit: what the widest value label leaves of the line, in any reader's font.

    A name starts at the left edge of its line and its value label ends at the right edge, on the same
    line. Vega cuts a name longer than the limit with «…», measuring it in the font it sets it in (the
    live chart's, the reader's); the value label it does not cut, and its width here is estimated with
    one font's metrics, which the reader's may exceed by :data:`~generator.site.charts.FONT_ALLOWANCE`.
    So the limit leaves the value ``R = F·V + gap`` pixels (V: the widest value label, estimated from
    above): ``max(width - R, floor)``, an expression Vega evaluates for the page's width (a phone's too).
    The static image, set in a font other than the one Vega measures with, narrows it further
    (:func:`generator.site.charts.static_spec`); both drawers (vl-convert and :mod:`generator.site.svgbars`)
    read that one rule.
    """
    widest = max((estimated_width(label, TEXT_SIZE) for label in labels), default=0.0)
    reserve = math.ceil(FONT_ALLOWANCE * widest + NAME_GAP)
    return {"expr": f"max(width - {reserve}, {NAME_FLOOR})"}


def comparison_spec(
    *,
    title: str,
    description: str,
    bars: Sequence[Bar],
    reference: float | None,
    reference_label: str,
    kind: str,
    unit: str,
) -> dict[str, Any]:
    """The Vega-Lite spec of a comparison: bars in the given order, a reference rule, target marks.

    Rows without a value keep their place (their label says «нет данных»), so the list is the same as the
    table's. Tooltips name the territory, its value, its target and the status in words.
    """
    names = [b.name for b in bars]
    rows = []
    for b in bars:
        value = clean(b.value)
        marker = MARKERS.get(b.status, "") if value is not None else ""
        rows.append(
            {
                "name": b.name,
                "value": value,
                "formatted": f"{b.formatted} (как в источнике)" if b.printed else b.formatted,
                "label": f"{b.formatted}{PRINTED_MARK if b.printed else ''} {marker}".strip()
                if value is not None
                else "нет данных",
                "target": clean(b.target),
                "target_formatted": b.target_formatted or "не установлена",
                "status": STATUS_WORDS.get(b.status, "") or "—",
                "color": COLORS.get(b.status, COLORS["none"]),
                "reference_label": reference_label,  # the dashed stroke's tooltip (data, not an expression)
            }
        )
    y = {
        "field": "name",
        "type": "nominal",
        "sort": None,  # never by value: the caller's order (alphabetical) is the order shown
        "title": None,
        "scale": {"domain": names, "paddingInner": 0, "paddingOuter": 0},
        # The names stand above their bars, from the plot's left edge: a phone keeps the whole width for bars.
        "axis": {
            "domain": False,
            "ticks": False,
            "labelAlign": "left",
            "labelBaseline": "middle",
            "labelPadding": 0,
            "labelOffset": -LABEL_RISE,
            "labelLimit": name_limit([r["label"] for r in rows]),
            "labelFontSize": TEXT_SIZE,
            "labelColor": "#1a1a1a",
        },
    }
    share = kind == Kind.share.value
    x_scale: dict[str, Any] = {"domain": [0, 100]} if share else {"zero": True, "nice": True}
    x = {
        "field": "value",
        "type": "quantitative",
        "title": unit or None,
        "scale": x_scale,
        "axis": {"format": ",.0f", "tickCount": 5, "grid": True, "gridColor": "#dddddd", "orient": "bottom"},
    }
    tooltip = [
        {"field": "name", "type": "nominal", "title": "Территория"},
        {"field": "formatted", "type": "nominal", "title": "Значение"},
        {"field": "target_formatted", "type": "nominal", "title": "Цель"},
        {"field": "status", "type": "nominal", "title": "Выполнение"},
    ]
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "bar", "height": {"band": BAR_BAND}, "yOffset": BAR_DROP, "cornerRadiusEnd": 2},
            "encoding": {
                "y": y,
                "x": x,
                "color": {"field": "color", "type": "nominal", "scale": None, "legend": None},
                "tooltip": tooltip,
            },
        },
        {
            "mark": {
                "type": "text",
                "align": "right",
                "baseline": "middle",
                "yOffset": -LABEL_RISE,
                "fontSize": TEXT_SIZE,
                "color": "#1a1a1a",
            },
            "encoding": {
                "y": {"field": "name", "type": "nominal"},
                "x": {"value": "width"},
                "text": {"field": "label"},
            },
        },
    ]
    if any(r["target"] is not None for r in rows):
        layers.append(
            {
                "transform": [{"filter": "isValid(datum.target)"}],
                "mark": {
                    "type": "point",
                    "shape": TARGET_PATH,
                    "filled": False,
                    "stroke": "#1a1a1a",
                    "strokeWidth": 3,
                    "size": 220,
                    "yOffset": BAR_DROP,
                    "opacity": 1,
                },
                "encoding": {
                    "y": {"field": "name", "type": "nominal"},
                    "x": {"field": "target", "type": "quantitative"},
                    "tooltip": tooltip,
                },
            }
        )
    ref = clean(reference)
    if ref is not None:
        # A dashed stroke on every row rather than one rule over the chart: a rule would cross the names
        # and values written above the bars.
        layers.append(
            {
                "mark": {
                    "type": "point",
                    "shape": REFERENCE_PATH,
                    "filled": False,
                    "stroke": "#1a1a1a",
                    "strokeWidth": 2,
                    "size": REFERENCE_SIZE,
                    "yOffset": BAR_DROP,
                    "opacity": 1,
                },
                "encoding": {
                    "y": {"field": "name", "type": "nominal"},
                    "x": {"datum": ref, "type": "quantitative"},
                    "tooltip": [{"field": "reference_label", "type": "nominal", "title": "Пунктир"}],
                },
            }
        )
    return {
        "$schema": SCHEMA,
        "title": {"text": title, "limit": {"expr": "width + 40"}},
        "description": description,
        "data": {"values": rows},
        "width": "container",
        "height": {"step": STEP},
        "autosize": {"type": "fit-x", "contains": "padding"},
        "layer": layers,
        "config": _config(),
    }


# --- sparklines -------------------------------------------------------------------------------------


def sparkline_spec(*, description: str, points: Sequence[tuple[str, float | None, str]]) -> dict[str, Any]:
    """A line over the academic years without axes: (label, value, formatted) per year, oldest first."""
    values = [{"label": label, "value": clean(value), "formatted": text} for label, value, text in points]
    return {
        "$schema": SCHEMA,
        "description": description,
        "data": {"values": values},
        "width": "container",
        "height": SPARK_HEIGHT,
        "autosize": {"type": "fit", "contains": "padding"},
        "mark": {"type": "line", "strokeWidth": 2, "color": SPARK_COLOR, "point": {"filled": True, "size": 30}},
        "encoding": {
            "x": {"field": "label", "type": "ordinal", "axis": None, "scale": {"domain": [p[0] for p in points]}},
            "y": {"field": "value", "type": "quantitative", "axis": None, "scale": {"zero": False}},
            "tooltip": [
                {"field": "label", "type": "ordinal", "title": "Учебный год"},
                {"field": "formatted", "type": "nominal", "title": "Значение"},
            ],
        },
        "config": {**_config(), "view": {"stroke": None}},
    }


def sparkline_svg(values: Sequence[float | None]) -> str:
    """The static sparkline: a polyline with a dot per year, the last one larger (the tile's value)."""
    pad = 4.0
    width, height = SPARK_WIDTH, SPARK_HEIGHT
    known = [v for v in (clean(v) for v in values) if v is not None]
    low, high = (min(known), max(known)) if known else (0.0, 1.0)
    step = (width - 2 * pad) / max(len(values) - 1, 1)

    def y_of(v: float) -> float:
        if high == low:
            return height / 2
        return pad + (high - v) / (high - low) * (height - 2 * pad)

    def num(v: float) -> str:
        return f"{v:.2f}".rstrip("0").rstrip(".")

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><rect width="{width}" height="{height}" fill="white"/>'
    ]
    path: list[str] = []
    dots: list[tuple[float, float]] = []
    pen_up = True
    for i, v in enumerate(values):
        value = clean(v)
        if value is None:
            pen_up = True
            continue
        px, py = pad + i * step if len(values) > 1 else width / 2, y_of(value)
        path.append(f"{'M' if pen_up else 'L'}{num(px)},{num(py)}")
        dots.append((px, py))
        pen_up = False
    if path:
        out.append(f'<path d="{"".join(path)}" fill="none" stroke="{SPARK_COLOR}" stroke-width="2"/>')
    for i, (px, py) in enumerate(dots):
        r = 3.5 if i == len(dots) - 1 else 2.2
        out.append(f'<circle cx="{num(px)}" cy="{num(py)}" r="{r}" fill="{SPARK_COLOR}"/>')
    out.append("</svg>")
    return "".join(out)
