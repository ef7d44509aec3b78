"""Trend charts: the Vega-Lite spec of every indicator, its static SVG, and the browser bundle that draws it.

Every section page shows, for each indicator, the municipality's values over the academic years against
the region's. The chart exists in three forms:

* a Vega-Lite spec (``charts/<year>/<territory>/<indicator>.json``) that the browser draws with
  vega-embed, so that readers get tooltips and a chart as wide as the page;
* a static SVG of the same spec made by vl-convert (``….svg``), shown before the script runs, to readers
  without scripts, and on paper;
* the Markdown table next to it (written by :mod:`generator.site.blocks`), which is the accessible alternative.

**Why two ways to build a spec.** Altair is the declarative, readable definition of the chart
(:func:`trend_chart`), but its validated ``to_dict()`` costs about 12 ms a chart, and a region has tens of
thousands of charts (issue 6). :func:`trend_spec` therefore builds the very same dict from a JSON
template that Altair produced once per kind of chart, filling in titles, data and scales; a test checks on
random inputs that the two are equal (``==``), so the fast path can never drift from the definition.

**Why the SVGs are cached by content.** vl-convert takes ~40 ms an SVG, which on tens of thousands of
charts is minutes; but a data commit changes few charts. The cache key is a hash of the static spec and of
the renderer's version, so an unchanged chart is copied from the cache and only changed ones are drawn, in
worker processes (the renderer holds the GIL-free JavaScript engine per process, threads would not help).

**No other host.** Data is inline in the spec (never a URL), the JavaScript bundle is served by the site,
fonts are the reader's system fonts (no web font), so a page makes no request outside the site.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from generator.site.svgchart import WHOLE_TICKS

if TYPE_CHECKING:  # Altair is imported lazily: worker processes that only render SVG never need it.
    import altair as alt

__all__ = [
    "FONT_STACK",
    "FORMAT_LOCALE",
    "HEIGHT",
    "STATIC_WIDTH",
    "TIME_FORMAT_LOCALE",
    "Parts",
    "TrendPoint",
    "chart_parts",
    "spec_bytes",
    "spec_of",
    "static_spec",
    "trend_chart",
    "trend_spec",
]

# --- the look of a chart ------------------------------------------------------------------------------

FORMAT_LOCALE: dict[str, Any] = {
    "decimal": ",",
    "thousands": "\u00a0",  # the no-break space that generator.core.formatting groups thousands with
    "grouping": [3],
    "currency": ["", "\u00a0₽"],
    "minus": "\u2212",
}
"""d3-format locale ru-RU, written out so the chart groups and signs numbers exactly as the tables do."""

TIME_FORMAT_LOCALE: dict[str, Any] = {
    "dateTime": "%A, %e %B %Y г. %X",
    "date": "%d.%m.%Y",
    "time": "%H:%M:%S",
    "periods": ["", ""],
    "days": ["воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"],
    "shortDays": ["вс", "пн", "вт", "ср", "чт", "пт", "сб"],
    # Nominative month names (an axis label says "сентябрь", not d3's genitive "сентября").
    "months": [
        "январь",
        "февраль",
        "март",
        "апрель",
        "май",
        "июнь",
        "июль",
        "август",
        "сентябрь",
        "октябрь",
        "ноябрь",
        "декабрь",
    ],
    "shortMonths": ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"],
}
"""d3-time-format locale ru-RU; the trend charts have no time axis today, but any future one is Russian."""

FONT_STACK = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", '
    "sans-serif"
)
"""The reader's own interface font: no web font to download (the site requests no other host)."""

# Okabe–Ito colours, distinguishable with the common colour-vision deficiencies, each with at least 3:1
# contrast on white (WCAG 1.4.11). The region is also dashed, so the two lines differ without colour.
MUNICIPALITY_COLORS = ("#0072B2", "#009E73", "#CC79A7", "#56B4E9")
REGION_COLOR = "#D55E00"
SOLID: list[int] = [1, 0]
DASHED: list[int] = [6, 4]

HEIGHT = 300
"""Total height of the live chart in pixels (title, axes and legend included, by ``autosize: fit``)."""
STATIC_WIDTH = 600
"""Width of the static picture's plot; the picture is wider by its axis and margins, and the page's ``<img>``
declares the picture's own size (:func:`generator.site.svgchart.picture_size`)."""

X_TITLE = "Учебный год"
KINDS = ("share", "count", "ratio")


@dataclass(frozen=True)
class TrendPoint:
    """One value of one territory in one academic year, as the page generator hands it over."""

    year: int
    label: str  # "2024/25"
    series: str  # the territory's Russian name
    value: float | None
    formatted: str  # "67,4 %", shown in tooltips so that the chart and the table read the same
    is_region: bool


@dataclass(frozen=True)
class Parts:
    """What varies from one trend chart to the next; everything else is the same for a kind of chart."""

    title: str
    description: str
    values: list[dict[str, Any]]
    labels: list[str]
    series: list[str]
    colors: list[str]
    dashes: list[list[int]]
    y_title: str | None
    y_format: str


def _clean(value: float | None) -> float | None:
    """A number JSON can carry: NaN and infinities are "no data", as an empty table cell."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def chart_parts(
    *, title: str, description: str, points: Sequence[TrendPoint], kind: str, unit: str, digits: int
) -> Parts:
    """Turn the points into data rows and scale domains, in a fixed order so the spec is deterministic.

    The municipalities come first (solid lines, in order of appearance), the region last (dashed): the
    colour and the dash follow ``is_region``, not the position of a name in the list.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind of chart {kind!r}; expected one of {', '.join(KINDS)}")
    if digits < 0:
        raise ValueError(f"digits must be >= 0, got {digits}")
    region_of: dict[str, bool] = {}
    for p in points:
        region_of.setdefault(p.series, p.is_region)
    series = [s for s, r in region_of.items() if not r] + [s for s, r in region_of.items() if r]
    colors: list[str] = []
    dashes: list[list[int]] = []
    n = 0
    for s in series:
        if region_of[s]:
            colors.append(REGION_COLOR)
            dashes.append(list(DASHED))
        else:
            colors.append(MUNICIPALITY_COLORS[n % len(MUNICIPALITY_COLORS)])
            dashes.append(list(SOLID))
            n += 1
    label_of: dict[int, str] = {}
    for p in sorted(points, key=lambda p: p.year):
        label_of.setdefault(p.year, p.label)
    rank = {s: i for i, s in enumerate(series)}
    values = [
        {
            "year": p.year,
            "label": label_of[p.year],
            "series": p.series,
            "value": _clean(p.value),
            "formatted": p.formatted,
        }
        for p in sorted(points, key=lambda p: (rank[p.series], p.year))
    ]
    return Parts(
        title=title,
        description=description,
        values=values,
        labels=list(label_of.values()),
        series=series,
        colors=colors,
        dashes=dashes,
        y_title=unit or None,
        y_format=f",.{digits}f",
    )


def _build(parts: Parts, kind: str) -> alt.Chart:
    """The chart itself, declared with Altair; the single definition both paths come from."""
    import altair as alt

    y_scale = alt.Scale(domain=[0, 100]) if kind == "share" else alt.Undefined
    # Counts: whole ticks only (WHOLE_TICKS); Vega's own minimum step still wrote «0, 1, 1, 2, 2».
    y_axis = alt.Axis(format=parts.y_format, tickCount=alt.ExprRef(expr=WHOLE_TICKS) if kind == "count" else 5)
    legend = alt.Legend(
        orient="bottom",
        direction="vertical",  # long territory names: one per row fits a phone's width
        title=None,
        labelLimit=alt.ExprRef(expr="max(width - 24, 120)"),  # as wide as the plot; longer names end in "…"
        symbolType="stroke",  # a short line that shows the dash, not a dot
        symbolStrokeWidth=2.5,
        symbolSize=500,
    )
    return (
        alt.Chart(
            # alt.Data keeps the values inline as {"values": [...]}: no top-level "datasets" keyed by a hash,
            # and nothing for the browser to fetch.
            alt.Data(values=parts.values),
            # A title longer than the chart (a phone) ends in "…"; the page's heading above has it in full.
            title=alt.Title(text=parts.title, anchor="start", limit=alt.ExprRef(expr="width + 40")),
            description=parts.description,
            width="container",
            height=HEIGHT,
            autosize=alt.AutoSizeParams(type="fit", contains="padding"),
        )
        .mark_line(strokeWidth=2.5, point=alt.OverlayMarkDef(filled=True, size=64))
        .encode(
            x=alt.X(
                "label:O",
                title=X_TITLE,
                # The domain lists every year in order, also a year whose value is missing.
                scale=alt.Scale(domain=parts.labels),
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("value:Q", title=parts.y_title, scale=y_scale, axis=y_axis),
            color=alt.Color(
                "series:N", scale=alt.Scale(domain=parts.series, range=parts.colors), legend=legend, title=None
            ),
            # Same field as colour, so Vega-Lite merges them into one legend whose symbols show the dash.
            strokeDash=alt.StrokeDash(
                "series:N", scale=alt.Scale(domain=parts.series, range=parts.dashes), legend=legend, title=None
            ),
            order=alt.Order("year:Q"),
            tooltip=[
                alt.Tooltip("series:N", title="Территория"),
                alt.Tooltip("label:O", title=X_TITLE),
                alt.Tooltip("formatted:N", title="Значение"),
            ],
        )
        # aria=False: Vega's generated labels of marks and axes are English ("X-axis titled …") and name raw
        # fields; the chart's text alternative is the description (and the table below it) instead.
        .configure(font=FONT_STACK, locale=alt.Locale(number=FORMAT_LOCALE), aria=False)
        .configure_view(stroke=None)
        .configure_title(fontSize=16, fontWeight=600, color="#1a1a1a", offset=12)
        .configure_axis(
            labelFontSize=12, titleFontSize=12, labelColor="#333333", titleColor="#333333", gridColor="#dddddd"
        )
        .configure_legend(labelFontSize=12, labelColor="#1a1a1a")
    )


def trend_chart(
    *, title: str, description: str, points: Sequence[TrendPoint], kind: str, unit: str, digits: int
) -> alt.Chart:
    """The declarative definition: a line with points per territory over the academic years.

    Municipality solid, region dashed, one legend at the bottom; tooltips show the formatted value
    ("67,4 %"), never a raw float; shares are drawn on 0–100 so that a small change does not look large.
    Axis numbers carry the indicator's own number of decimals ("20,0"), as its table does, and a count
    axis never shows fractional ticks. The whole chart is 300 px high (title and legend included, by
    ``autosize: fit``); the static image before it has its own size, declared by the page.
    """
    return _build(
        chart_parts(title=title, description=description, points=points, kind=kind, unit=unit, digits=digits), kind
    )


# --- the fast path ------------------------------------------------------------------------------------

_SLOTS = ("title", "description", "values", "labels", "series", "colors", "dashes", "y_title", "y_format")
_LIST_SLOTS = frozenset({"values", "labels", "series", "colors", "dashes"})
_MARK = "\u0000pf-slot:{}\u0000"
# A list slot is a one-element list holding its marker (Altair checks that a domain is a list even unvalidated).
_SLOT_RE = re.compile(r'\["\\u0000pf-slot:([a-z_]+)\\u0000"\]|"\\u0000pf-slot:([a-z_]+)\\u0000"')


@cache
def spec_template(kind: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Altair's output for a kind of chart, as JSON text cut at the places where charts differ.

    Built once per process and kind: every variable part of :class:`Parts` is replaced by a marker
    (a string, or a list holding one), the chart goes through Altair's own ``to_dict`` (unvalidated, since
    a marker stands where a number list belongs; the equality test validates the real thing), and the JSON
    is cut at the markers. Returns (literal pieces, slot names), with one more piece than slots.
    """
    marked = {name: [_MARK.format(name)] if name in _LIST_SLOTS else _MARK.format(name) for name in _SLOTS}
    text = json.dumps(_build(Parts(**marked), kind).to_dict(validate=False), ensure_ascii=False, sort_keys=True)
    literals: list[str] = []
    names: list[str] = []
    start = 0
    for match in _SLOT_RE.finditer(text):
        literals.append(text[start : match.start()])
        names.append(match.group(1) or match.group(2))
        start = match.end()
    literals.append(text[start:])
    missing = set(_SLOTS) - set(names)
    if missing or "pf-slot:" in "".join(literals):  # Altair dropped or reshaped a slot: refuse to guess
        raise RuntimeError(f"chart template has no clean place for {sorted(missing) or 'a slot'}")
    return tuple(literals), tuple(names)


def trend_spec(
    *, title: str, description: str, points: Sequence[TrendPoint], kind: str, unit: str, digits: int
) -> dict[str, Any]:
    """The same dict as ``trend_chart(...).to_dict()``, about a hundred times faster.

    Fills Altair's JSON template with the JSON of this chart's parts and parses the result, so the spec is
    a fresh dict that shares nothing with the template or with other charts.
    """
    parts = chart_parts(title=title, description=description, points=points, kind=kind, unit=unit, digits=digits)
    return spec_of(parts, kind)


_SLOT_JSON = json.JSONEncoder(ensure_ascii=False).encode
"""``json.dumps(value, ensure_ascii=False)`` without making an encoder for each of a chart's nine slots."""


def spec_of(parts: Parts | Mapping[str, Any], kind: str) -> dict[str, Any]:
    """The spec of a kind of trend chart with these parts (a :class:`Parts`, or a dict of the slots' values,
    as :mod:`generator.site.chartfile` reads them off a page): Altair's template filled."""
    values = parts if isinstance(parts, Mapping) else {name: getattr(parts, name) for name in _SLOTS}
    literals, names = spec_template(kind)
    out = [literals[0]]
    for name, literal in zip(names, literals[1:], strict=True):
        out.append(_SLOT_JSON(values[name]))
        out.append(literal)
    result: dict[str, Any] = json.loads("".join(out))
    return result


@dataclass(frozen=True)
class TrendRecipe:
    """What a trend chart's static image is drawn from, without making its spec: its kind and parts.

    A page generator makes tens of thousands of trend charts, and nearly all of their images are already
    in the cache: filling and serialising each spec only to hash it cost a fifth of a chart's time. The
    recipe is the parts' JSON, made once; :func:`recipe_spec` gives the spec when an image must be drawn.
    """

    kind: str
    parts: bytes  # the slots' values as compact JSON with sorted keys

    def key(self) -> bytes:
        """What the static image depends on: the parts without the title and the description, which the
        image leaves out (:func:`static_spec`), so a reworded sentence does not draw the chart again."""
        drawn = {k: v for k, v in json.loads(self.parts).items() if k not in ("title", "description")}
        return b"trend:" + self.kind.encode() + b"\n" + json.dumps(drawn, ensure_ascii=False, sort_keys=True).encode()


StaticSource = bytes | TrendRecipe
"""What a chart's static image is drawn from: a spec's bytes (:func:`spec_bytes`) or a trend recipe."""


def recipe(parts: Parts, kind: str) -> TrendRecipe:
    """The recipe of a trend chart of ``kind`` with these parts."""
    values = {name: getattr(parts, name) for name in _SLOTS}
    return TrendRecipe(kind, json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode())


def recipe_spec(made: TrendRecipe) -> dict[str, Any]:
    """The spec a recipe stands for: the same dict as :func:`spec_of` of its parts."""
    return spec_of(json.loads(made.parts), made.kind)


def source_spec(source: StaticSource) -> dict[str, Any]:
    """The spec a chart's static source stands for, whichever form it is kept in."""
    return recipe_spec(source) if isinstance(source, TrendRecipe) else json.loads(source)


def spec_bytes(spec: Mapping[str, Any]) -> bytes:
    """The spec as the site serves it: compact UTF-8 JSON with sorted keys, so equal specs are equal bytes."""
    return json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def static_spec(spec: Mapping[str, Any], *, copy: bool = True) -> dict[str, Any]:
    """The variant drawn into the static SVG: fixed width, no tooltips, nothing that needs a pointer.

    The plot is 600 px wide; colours, dashes, fonts and sizes stay those of the live chart, so
    the image and the interactive chart look the same. Tooltips and parameters (selections) are removed
    wherever they occur, also in layers, since an image cannot show them. ``copy=False`` changes a
    ``spec`` the caller made for this alone (a dict of its own, as :func:`source_spec` gives) in place.
    """
    static: dict[str, Any] = json.loads(json.dumps(spec)) if copy or not isinstance(spec, dict) else spec
    static["width"] = STATIC_WIDTH

    def strip(node: Any) -> None:
        if isinstance(node, dict):
            node.pop("params", None)
            encoding = node.get("encoding")
            if isinstance(encoding, dict):
                encoding.pop("tooltip", None)
            mark = node.get("mark")
            if isinstance(mark, dict):
                mark.pop("tooltip", None)
            for key in ("layer", "hconcat", "vconcat", "concat"):
                for child in node.get(key, ()):
                    strip(child)
            if isinstance(node.get("spec"), dict):
                strip(node["spec"])

    strip(static)
    _in_readers_font(static)
    _measure_less(static)
    return static


FONT_ALLOWANCE = 1.2
"""How much wider than Vega measured it the reader's font may set a text that Vega does not set itself.
The live chart is measured and set in the reader's font; the static image is measured with one font's
metrics (vl-convert: Helvetica's, whatever font the machine has) and set by the browser in the reader's:
DejaVu Sans sets Russian about 15 % wider than vl-convert measures it."""
ROOM = re.compile(r"max\(width - (\d+), (\d+)\)")
"""A label limit that leaves R pixels of the plot's width to something else (floor N): ``max(width - R, N)``."""


def _in_readers_font(static: dict[str, Any]) -> None:
    """Give the static image's labels the room they need in the reader's font.

    An axis' label limit ``max(width - R, N)`` leaves R pixels of the line to another text (a comparison's
    value label, see :func:`generator.site.overview_charts.name_limit`). In the live chart Vega measures a
    label in the font it is set in; in the image it is set up to :data:`FONT_ALLOWANCE` wider than
    measured, so the limit becomes ``max((width - R) / F, N)``: F times the limit still ends R pixels
    before the edge.
    """
    for layer in [static, *static.get("layer", ())]:
        for channel in (layer.get("encoding") or {}).values():
            axis = channel.get("axis") if isinstance(channel, dict) else None
            limit = axis.get("labelLimit") if isinstance(axis, dict) else None
            match = ROOM.fullmatch(str(limit.get("expr", ""))) if isinstance(limit, dict) else None
            if axis is not None and match:
                axis["labelLimit"] = {"expr": f"max((width - {match[1]}) / {FONT_ALLOWANCE}, {match[2]})"}


def _measure_less(static: dict[str, Any]) -> None:
    """Spare the static renderer the text measurements the fixed-width image does not need.

    vl-convert reads the font file for every glyph it measures (~2 000 reads a chart), so drawing text is
    nearly all of an SVG's cost. At 600 px the labels need no truncating (but an axis' own limit, see
    :func:`_in_readers_font`) and do not collide, and the size is known, so the configured truncation
    limits, overlap removal and fit-to-width layout are switched off: the picture is the same and it is
    drawn about twice as fast.
    """
    static["autosize"] = {"type": "pad"}
    # The title is the heading right above the figure on every page that shows the image, and a fifth of
    # the drawing time: the image goes without it.
    static.pop("title", None)
    # The image's text alternative is the <img alt> of the page; leaving the description out of the
    # drawn spec also keeps the cache key stable when only the wording of a narrative changes.
    static.pop("description", None)
    config = static.setdefault("config", {})
    config.setdefault("axis", {}).update({"labelLimit": 0, "labelOverlap": False})
    config.setdefault("legend", {}).update({"labelLimit": 0, "labelOverlap": False})
    for channel in (static.get("encoding") or {}).values():
        legend = channel.get("legend") if isinstance(channel, dict) else None
        if isinstance(legend, dict):
            legend.pop("labelLimit", None)


def prepare_templates() -> None:
    """Make Altair's templates of every kind now: processes forked after this inherit them."""
    for kind in KINDS:
        spec_template(kind)
