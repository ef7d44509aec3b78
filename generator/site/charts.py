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

import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.core import parallel
from generator.core.files import link_if_changed, write_if_changed
from generator.site import svgchart
from generator.site.chartfile import chart_file

if TYPE_CHECKING:  # Altair is imported lazily: worker processes that only render SVG never need it.
    import altair as alt

__all__ = [
    "FONT_STACK",
    "FORMAT_LOCALE",
    "HEIGHT",
    "STATIC_WIDTH",
    "TIME_FORMAT_LOCALE",
    "RenderStats",
    "TrendPoint",
    "render_svgs",
    "spec_bytes",
    "static_spec",
    "trend_chart",
    "trend_spec",
    "write_vendor_bundle",
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
"""Total height in pixels (title, axes and legend included): equal to the ``<img>``'s, so nothing jumps."""
STATIC_WIDTH = 600
"""Width of the static SVG, equal to the ``<img width>`` the page declares."""

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
class _Parts:
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


def _parts(*, title: str, description: str, points: Sequence[TrendPoint], kind: str, unit: str, digits: int) -> _Parts:
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
    return _Parts(
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


def _build(parts: _Parts, kind: str) -> alt.Chart:
    """The chart itself, declared with Altair; the single definition both paths come from."""
    import altair as alt

    y_scale = alt.Scale(domain=[0, 100]) if kind == "share" else alt.Undefined
    y_axis = alt.Axis(format=parts.y_format, tickCount=5, tickMinStep=1 if kind == "count" else alt.Undefined)
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
    ``autosize: fit``), the size the page reserves for the static image, so nothing jumps when it goes live.
    """
    return _build(
        _parts(title=title, description=description, points=points, kind=kind, unit=unit, digits=digits), kind
    )


# --- the fast path ------------------------------------------------------------------------------------

_SLOTS = ("title", "description", "values", "labels", "series", "colors", "dashes", "y_title", "y_format")
_LIST_SLOTS = frozenset({"values", "labels", "series", "colors", "dashes"})
_MARK = "\u0000pf-slot:{}\u0000"
# A list slot is a one-element list holding its marker (Altair checks that a domain is a list even unvalidated).
_SLOT_RE = re.compile(r'\["\\u0000pf-slot:([a-z_]+)\\u0000"\]|"\\u0000pf-slot:([a-z_]+)\\u0000"')


@cache
def _template(kind: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Altair's output for a kind of chart, as JSON text cut at the places where charts differ.

    Built once per process and kind: every variable part of :class:`_Parts` is replaced by a marker
    (a string, or a list holding one), the chart goes through Altair's own ``to_dict`` (unvalidated, since
    a marker stands where a number list belongs; the equality test validates the real thing), and the JSON
    is cut at the markers. Returns (literal pieces, slot names), with one more piece than slots.
    """
    marked = {name: [_MARK.format(name)] if name in _LIST_SLOTS else _MARK.format(name) for name in _SLOTS}
    text = json.dumps(_build(_Parts(**marked), kind).to_dict(validate=False), ensure_ascii=False, sort_keys=True)
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
    parts = _parts(title=title, description=description, points=points, kind=kind, unit=unit, digits=digits)
    literals, names = _template(kind)
    out = [literals[0]]
    for name, literal in zip(names, literals[1:], strict=True):
        out.append(json.dumps(getattr(parts, name), ensure_ascii=False))
        out.append(literal)
    result: dict[str, Any] = json.loads("".join(out))
    return result


def spec_bytes(spec: Mapping[str, Any]) -> bytes:
    """The spec as the site serves it: compact UTF-8 JSON with sorted keys, so equal specs are equal bytes."""
    return json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def static_spec(spec: Mapping[str, Any]) -> dict[str, Any]:
    """The variant drawn into the static SVG: fixed width, no tooltips, nothing that needs a pointer.

    The width is the ``<img>``'s (600); colours, dashes, fonts and sizes stay those of the live chart, so
    the image and the interactive chart look the same. Tooltips and parameters (selections) are removed
    wherever they occur, also in layers, since an image cannot show them.
    """
    static: dict[str, Any] = json.loads(json.dumps(spec))
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
    _measure_less(static)
    return static


def _measure_less(static: dict[str, Any]) -> None:
    """Spare the static renderer the text measurements the fixed-width image does not need.

    vl-convert reads the font file for every glyph it measures (~2 000 reads a chart), so drawing text is
    nearly all of an SVG's cost. At 600 px the labels neither collide nor need truncating, and the size
    is known, so truncation limits, overlap removal and fit-to-width layout are switched off: the picture
    is the same and it is drawn about twice as fast.
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


# --- static SVGs ----------------------------------------------------------------------------------------


def _vl_version() -> str:
    """The Vega-Lite version of Altair's schema ("v6.4.1" → "6.4"), used for the SVG and the bundle alike."""
    import altair as alt

    major, minor = alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
    return f"{major}.{minor}"


@dataclass
class RenderStats:
    """What :func:`render_svgs` did: how many charts, drawn now or taken from the cache, files written."""

    total: int = 0
    rendered: int = 0
    cached: int = 0
    written: int = 0  # SVG files written into docs/
    specs_written: int = 0  # JSON files written into docs/

    def __str__(self) -> str:
        return (
            f"всего {self.total}, отрисовано {self.rendered}, из кэша {self.cached}, "
            f"записано {self.written} (спецификаций {self.specs_written})"
        )


_TAG = re.compile(r"<[^>]+>")
_LONG_DECIMAL = re.compile(r"(\d\.\d{2})\d+")
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
# Attributes that only matter to scripts and screen readers inside a live SVG; shown as an <img>, the SVG is
# one picture whose text alternative is the img's alt.
_INERT_ATTR = re.compile(r' (?:role|aria-[a-z]+|class|pointer-events)="[^"]*"| opacity="1"')


def _compact_svg(svg: str) -> str:
    """Make vl-convert's SVG smaller without changing what it shows, and keep it self-contained.

    Vega repeats the font stack on every ``<text>`` (a third of the file) and writes coordinates with 15
    decimals; on tens of thousands of charts that is tens of megabytes of site. The font moves into one
    ``<style>`` rule inside the SVG (so the image needs no other file and no web font), numbers inside
    tags keep two decimals (a hundredth of a pixel), and attributes for scripts and screen readers go (an
    ``<img>`` runs no script, and its ``alt`` is the text alternative). Text content is left as it is.
    """
    font_attr = ' font-family="' + FONT_STACK.replace("&", "&amp;").replace('"', "&quot;") + '"'
    compact = svg.replace(font_attr, "")
    compact = _TAG.sub(lambda m: _INERT_ATTR.sub("", _LONG_DECIMAL.sub(r"\1", m.group())), compact)
    if compact.count("<text") and font_attr not in compact:
        style = "<style>text{font-family:" + FONT_STACK.replace("&", "&amp;").replace("<", "&lt;") + "}</style>"
        head = _SVG_OPEN.search(compact)
        if head is None:  # not the SVG we know: keep it whole rather than guess
            return svg
        compact = compact[: head.end()] + style + compact[head.end() :]
    return compact


def _render_chunk(jobs: list[tuple[str, str]], vl_version: str) -> list[tuple[str, str]]:
    """Draw (key, static spec JSON) pairs into (key, SVG). Runs in a worker process, or in this one."""
    import vl_convert

    return [
        (
            key,
            _compact_svg(
                vl_convert.vegalite_to_svg(
                    spec,
                    vl_version=vl_version,
                    format_locale=FORMAT_LOCALE,
                    time_format_locale=TIME_FORMAT_LOCALE,
                )
            ),
        )
        for key, spec in jobs
    ]


def _renderer_id() -> str:
    """What, besides the spec, decides the pixels: renderer and library versions, locales, this module's rules."""
    import vl_convert

    return json.dumps(
        {
            "vl_convert": getattr(vl_convert, "__version__", "?"),
            "vega": vl_convert.get_vega_version(),
            "vega_lite": _vl_version(),
            "format": FORMAT_LOCALE,
            "time": TIME_FORMAT_LOCALE,
            "svg": 2,  # bump when the static variant (static_spec) or the SVG post-processing changes
        },
        sort_keys=True,
    )


IN_PROCESS_MAX = 8
"""Up to this many SVGs are drawn in this process: starting a worker (~1 s) costs more than drawing them."""
CHUNK = 32
"""SVGs per task sent to a worker: enough to make the hand-over cheap, few enough to keep workers balanced."""


def _native_id() -> str:
    """The cache key's renderer part for SVGs drawn by :mod:`generator.site.svgchart`."""
    return json.dumps({"native": svgchart.RENDERER_VERSION, "format": FORMAT_LOCALE, "svg": 1}, sort_keys=True)


def _cache_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / key[:2] / f"{key}.svg"


def render_svgs(
    charts: Mapping[str, Mapping[str, Any] | bytes],
    docs: Path,
    cache_dir: Path,
    workers: int | None = None,
    native: bool = True,
) -> RenderStats:
    """Write ``docs/<name>.json`` and ``docs/<name>.svg`` for every chart, drawing only what is not cached.

    A chart is its spec, as a dict or as the bytes of :func:`spec_bytes` (how the page generator keeps it).

    Files are written only when their bytes change, so an unchanged chart leaves its files (and their
    modification times) alone. SVGs missing from the cache are drawn in worker processes, in chunks of up
    to 32, since one vl-convert call is short and process start-up is not; a few misses (≤ 8) or
    ``workers=1`` are drawn in this process. Workers are spawned, not forked: vl-convert's JavaScript
    runtime lives in threads that a fork does not carry over, and a forked worker waits for them forever
    (tried: it hangs once the parent has converted anything). Spawning re-imports the main module, so a
    script that calls this must guard its work with ``if __name__ == "__main__":`` (the CLI does).

    Most of a drawing's cost is inside vl-convert 1.9: it opens and maps the font file for every glyph it
    measures (~2 000 open/mmap calls per chart), so about half the time is system time. That is why a
    spec of the trend chart's shape is drawn by :mod:`generator.site.svgchart` instead (a fraction of a
    millisecond; ``native=False`` draws everything with vl-convert), and only other shapes go to
    vl-convert. From :data:`PARALLEL_MIN` charts on, the specs' files and these drawings are shared out
    to forked processes (:func:`_prepare`, which never calls vl-convert, so a fork is safe there): on a
    region's tens of thousands of charts, writing the files took longer than drawing.
    """
    stats = RenderStats(total=len(charts))
    # The key is the served spec with the renderers' ids: the static variant and its drawing follow from
    # it (a change to either bumps an id), so a cached chart costs a hash and a stat, not a JSON round trip.
    renderers = f"{_renderer_id()}\n{_native_id() if native else 'vl-convert only'}\n".encode()
    names = list(charts)
    served = [spec if isinstance(spec, bytes) else spec_bytes(spec) for spec in charts.values()]
    keys = [hashlib.sha256(renderers + data).hexdigest() for data in served]
    owners: dict[str, int] = {}  # a missing SVG is drawn once, for the first chart that has it
    for index, key in enumerate(keys):
        if key not in owners and not _cache_path(cache_dir, key).is_file():
            owners[key] = index
    drawing = set(owners.values())
    count = parallel.resolve_workers(workers)
    if count == 1 or len(names) < PARALLEL_MIN:
        chunks = [range(len(names))]
    else:  # the specs' files and the drawing of the trend shape share out to forked processes
        size = math.ceil(len(names) / (count * 4))
        chunks = [range(i, min(i + size, len(names))) for i in range(0, len(names), size)]
    with parallel.shared(
        names=names, served=served, keys=keys, drawing=drawing, docs=docs, cache=cache_dir, native=native
    ):
        parts = parallel.fork_map(_prepare, chunks, count)
    jobs = [job for _, part_jobs in parts for job in part_jobs]
    stats.specs_written = sum(written for written, _ in parts)
    stats.rendered = len(owners)
    for key, svg in _render(jobs, workers):
        write_if_changed(_cache_path(cache_dir, key), svg)
    for name, key in zip(names, keys, strict=True):  # the cache's file itself, linked: no bytes read or copied
        stats.written += link_if_changed(_cache_path(cache_dir, key), docs / f"{name}.svg")
    stats.cached = stats.total - sum(1 for key in keys if key in owners)
    return stats


PARALLEL_MIN = 2000
"""From this many charts on, their files are written and their SVGs drawn in several processes."""


def _prepare(indices: Iterable[int]) -> tuple[int, list[tuple[str, str]]]:
    """Write these charts' specs and draw their missing SVGs of the trend shape into the cache.

    Runs in a forked worker or in this process; never calls vl-convert (see :func:`render_svgs`): the
    other shapes come back as (key, static spec) jobs for it. Returns (specs written, jobs).
    """
    state = parallel.state()  # set by render_svgs, inherited by the fork
    docs, cache_dir, native = state["docs"], state["cache"], state["native"]
    written, jobs = 0, []
    for index in indices:
        data, key = state["served"][index], state["keys"][index]
        name = state["names"][index]
        written += write_if_changed(docs / f"{name}.json", chart_file(name, data))
        if index not in state["drawing"]:
            continue
        static_obj = static_spec(json.loads(data))
        svg = svgchart.trend_svg(static_obj, FONT_STACK) if native and svgchart.can_draw(static_obj) else None
        if svg is None:  # another shape: vl-convert draws it
            jobs.append((key, json.dumps(static_obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))))
        else:
            write_if_changed(_cache_path(cache_dir, key), svg)
    return written, jobs


def _render(jobs: list[tuple[str, str]], workers: int | None) -> Iterable[tuple[str, str]]:
    """Draw the jobs, in parallel when there are enough of them to pay for starting processes."""
    vl_version = _vl_version()
    workers = parallel.resolve_workers(workers)
    if workers == 1 or len(jobs) <= IN_PROCESS_MAX:
        yield from _render_chunk(jobs, vl_version)
        return
    size = max(1, min(CHUNK, math.ceil(len(jobs) / workers)))
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    with ProcessPoolExecutor(max_workers=min(workers, len(chunks)), mp_context=get_context("spawn")) as pool:
        for done in pool.map(_render_chunk, chunks, [vl_version] * len(chunks)):
            yield from done


# --- the browser bundle --------------------------------------------------------------------------------

_BUNDLE_NAME = "vega-bundle.js"


def _bundle_header() -> str:
    import vl_convert

    return (
        f"/* Vega {vl_convert.get_vega_version()}, Vega-Lite {_vl_version()}, vega-embed "
        f"{vl_convert.get_vega_embed_version()} — bundled by vl-convert {getattr(vl_convert, '__version__', '?')}"
    )


def write_vendor_bundle(out_dir: Path) -> Path:
    """Write ``out_dir/vega-bundle.js``: Vega, Vega-Lite and vega-embed as one classic script.

    vl-convert bundles the libraries into an ES module-style script whose default snippet assigns
    ``window.vegaEmbed``, ``window.vega`` and ``window.vegaLite``; its top-level ``const``s would become
    global bindings of the page (and clash with any other script's), so the bundle is wrapped in a
    function. The site serves the file itself: no CDN, no other host. Bundling takes a second or two, so
    an existing file whose header names the same versions and whose body matches its recorded hash is kept
    without bundling again; the file is written only when it changes.
    """
    path = out_dir / _BUNDLE_NAME
    header = _bundle_header()
    try:
        existing = path.read_bytes().decode("utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        existing = ""
    first, _, body = existing.partition("\n")
    if first.startswith(header + ", sha256 ") and first.endswith(" */"):
        recorded = first.removeprefix(header + ", sha256 ").removesuffix(" */")
        if hashlib.sha256(body.encode("utf-8")).hexdigest() == recorded:
            return path
    import vl_convert

    body = "(function () {\n" + vl_convert.javascript_bundle(vl_version=_vl_version()) + "\n})();\n"
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    write_if_changed(path, f"{header}, sha256 {digest} */\n{body}")
    return path


def prepare_templates() -> None:
    """Make Altair's templates of every kind now: processes forked after this inherit them."""
    for kind in KINDS:
        _template(kind)
