"""The visual overview on the pages: a comparison chart per key indicator on an edition's page, and
key-figure tiles with sparklines on the home page.

The pictures themselves (the Vega-Lite specs, the static sparkline) are :mod:`generator.site.overview_charts`;
this module decides what they show from the :class:`~generator.site.context.SiteContext` and hands the page
its figures with the files they need: a comparison chart's spec travels with the page (``Page.charts``,
drawn to SVG by the pipeline like the trend charts), a sparkline's spec and SVG as the page's files.
Nothing here changes the context.

**Comparison, never a ranking**: the territories come in alphabetical order (the context's ``munis``; a
school list sorted the same way), never by value; see :mod:`generator.site.overview_charts`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from generator.compute.schools import school_values
from generator.compute.table import REGION
from generator.compute.values import PRINTED
from generator.core.formatting import (
    NBSP,
    NO_DATA,
    PP,
    academic_year,
    academic_year_short,
    format_count,
    format_number,
    shown_digits,
)
from generator.inputs.models import Indicator
from generator.site import urls
from generator.site.chartfile import PAGE_FILE, page_file
from generator.site.charts import STATIC_WIDTH, spec_bytes, static_spec
from generator.site.context import SiteContext, sort_key
from generator.site.formats import AS_PRINTED
from generator.site.overview_charts import (
    LEGEND_ORDER,
    MARKERS,
    PRINTED_MARK,
    STATUS_WORDS,
    Bar,
    comparison_height,
    comparison_spec,
    sparkline_spec,
    sparkline_svg,
)
from generator.site.svgbars import picture_size

MUNICIPALITIES = ("муниципалитет", "муниципалитета", "муниципалитетов")
SCHOOLS = ("школа", "школы", "школ")


@dataclass(frozen=True)
class EditionCharts:
    """The edition page's comparisons with their charts, the schools' comparisons (a municipal monitoring),
    the chart specs they show by name (the page's ``charts``, drawn to SVG) and the one JSON file of the
    page that the browser draws them from (the page's ``files``)."""

    comparisons: list[dict[str, Any]]
    schools: list[dict[str, Any]]
    charts: dict[str, bytes] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class HomeTiles:
    """The home page's tiles and their table (``view``, what the template shows), and the sparklines'
    specs and SVG pictures (the page's ``files``)."""

    view: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)


def change_words(change: Decimal | None, kind: str, digits: int, unit: str) -> str:
    """The year's change as a sentence: «Доля выросла на 2,1 п. п. за год», «Число не изменилось за год»."""
    if change is None:
        return "Изменение за год неизвестно: нет данных за один из лет."
    subject, up, down, same = {
        "share": ("Доля", "выросла", "снизилась", "не изменилась"),
        "count": ("Число", "выросло", "уменьшилось", "не изменилось"),
    }.get(kind, ("Значение", "выросло", "снизилось", "не изменилось"))
    amount = change
    places = 0 if kind == "count" else shown_digits(amount, digits)
    size = format_number(abs(amount), places)
    if size.strip("0,") == "":
        return f"{subject} {same} за год."
    suffix = f"{NBSP}{PP}" if kind == "share" else (f"{NBSP}{unit}" if unit else "")
    verb = up if amount > 0 else down
    text = f"{subject} {verb} на {size}{suffix} за год"
    return text if text.endswith(".") else text + "."


# --- the edition page's comparisons -----------------------------------------------------------------


def _page_file(page_url: str) -> str:
    """The docs path of the JSON file beside the page that holds its overview charts' specs."""
    return posixpath.join(posixpath.dirname(urls.docs_path(page_url)), PAGE_FILE)


def page_files(page_url: str, specs: dict[str, bytes]) -> dict[str, bytes]:
    """The page's one chart file (:data:`generator.site.chartfile.PAGE_FILE`), or none without charts."""
    return {_page_file(page_url): page_file(specs)} if specs else {}


def _figure(
    page_url: str, name: str, spec: dict[str, Any], size: tuple[int, int], anchor: str, **extra: Any
) -> dict[str, Any]:
    """A chart as the page shows it; ``spec`` is the bytes served, in the page's chart file under ``anchor``;
    ``size`` is its static image's (the ``<img width height>``)."""
    width, height = size
    return {
        "name": name,
        "spec": spec_bytes(spec),
        "spec_url": urls.relative(page_url, "/" + _page_file(page_url)) + f"#{anchor}",
        "svg_url": urls.relative(page_url, f"/{name}.svg"),
        "description": spec["description"],
        "width": width,
        "height": height,
        "anchor": anchor,
        **extra,
    }


def _legend(bars: Sequence[Bar], reference: str, targets: bool) -> list[dict[str, str]]:
    """The HTML legend under a comparison: what each colour, marker and line means, in words."""
    present = {b.status for b in bars if b.value is not None}
    items = [
        {"kind": code, "symbol": MARKERS.get(code, ""), "text": STATUS_WORDS[code]}
        for code in LEGEND_ORDER
        if code in present
    ]
    if any(b.printed for b in bars):
        text = "значение как в источнике: напечатано без чисел, из которых его можно пересчитать"
        items.append({"kind": "printed", "symbol": PRINTED_MARK, "text": text})
    if targets:
        items.append({"kind": "target", "symbol": "", "text": "сплошная чёрная черта — цель"})
    if reference:
        items.append({"kind": "reference", "symbol": "", "text": f"пунктир — {reference}"})
    return items


def _description(title: str, who: tuple[str, str, str], count: int, year: int, reference: str, targets: bool) -> str:
    parts = [f"График «{title}»: {format_count(count, who)} в алфавитном порядке, {academic_year(year)}"]
    if reference:
        parts.append(f"пунктирная линия — {reference}")
    if targets:
        parts.append("сплошная чёрная черта — цель муниципалитета")
        parts.append("цвет полосы и значок ✓ или ✗ говорят, достигнута ли цель")
    return "; ".join(parts) + ". Числа — в подписях и в таблице под графиком."


def comparison_size(spec: dict[str, Any], count: int) -> tuple[int, int]:
    """The static image's own width and height, so that the page keeps the picture's room and ratio before
    it loads: read off the drawing of :mod:`generator.site.svgbars`, which draws this picture (or, where
    vl-convert draws it, one of the same size). Only a chart that drawing cannot size gets an estimate."""
    return picture_size(static_spec(spec)) or (STATIC_WIDTH + 12, comparison_height(count))


def _comparison_figure(
    ctx: SiteContext,
    ind: Indicator,
    year: int,
    page_url: str,
    territory: str,
    who: tuple[str, str, str],
    bars: Sequence[Bar],
    reference: float | None,
    reference_label: str,
    targets: bool,
) -> dict[str, Any]:
    """One comparison chart (of municipalities, or of a municipality's schools) as the page shows it."""
    description = _description(ind.short_title, who, len(bars), year, reference_label, targets)
    spec = comparison_spec(
        title=ind.short_title,
        description=description,
        bars=bars,
        reference=reference,
        reference_label=reference_label,
        kind=ind.kind.value,
        unit=ctx.cat.unit(ind),
    )
    return _figure(
        page_url,
        f"charts/{year}/{territory}/compare-{ind.id}",
        spec,
        comparison_size(spec, len(bars)),
        legend=_legend(bars, reference_label, targets),
        anchor=f"compare-{ind.id}",
    )


def municipality_comparison(ctx: SiteContext, year: int, page_url: str, ind: Indicator) -> dict[str, Any] | None:
    """The comparison chart of one indicator across the municipalities of an edition, alphabetical."""
    bars = []
    for mu in ctx.munis_in(year):  # sorted by the edition's names (sort_key): the order of the table too
        row = ctx.values.get(year, mu.slug, ind.id)
        if row is None:
            continue
        bars.append(
            Bar(
                name=mu.name,
                value=_num(row.value),
                formatted=ctx.fmt(ind, row.value),
                target=_num(row.target),
                # a target reported met or not without its value: no mark, the colour says the source's verdict
                target_formatted=ctx.fmt.planned(ind, row) if row.has_target else "",
                status=str(row.target_status),
                printed=row.basis == PRINTED and row.value is not None,
            )
        )
    if sum(1 for b in bars if b.value is not None) < 2:
        return None  # nothing to compare: the table says «—»
    exact = ctx.values.value(year, REGION, ind.id)
    region = _num(exact)
    partly = f", {ctx.coverage(year)}" if ctx.coverage(year) else ""
    reference = f"регион в целом{partly}: {ctx.fmt(ind, exact)}" if exact is not None else ""
    targets = any(b.target is not None for b in bars)
    return _comparison_figure(ctx, ind, year, page_url, REGION, MUNICIPALITIES, bars, region, reference, targets)


def school_comparisons(ctx: SiteContext, year: int, page_url: str) -> list[dict[str, Any]]:
    """A municipal monitoring's key indicators across its schools — only where ``schools_public`` allows
    naming them; alphabetical, with the municipality's own value as the line. Empty otherwise."""
    if not ctx.municipal or not ctx.ds.registry.region.schools_public:
        return []
    mu = ctx.mu(ctx.top, year)
    entry = ctx.ds.entries.get((year, mu.slug))
    if entry is None or not entry.data.schools:
        return []
    names = {s.id: s.name_in(year) for s in mu.schools}  # as named in that edition
    out = []
    for ind in ctx.cat.indicators.values():
        if not ind.key or not ind.exists_in(year):
            continue
        values = school_values(ctx.cat, entry, ind)
        if not any(v.value is not None for v in values):
            continue
        ordered = sorted(values, key=lambda v: sort_key(names.get(v.school, v.school)))
        bars = [
            Bar(name=names.get(v.school, v.school), value=_num(v.value), formatted=ctx.fmt(ind, v.value))
            for v in ordered
        ]
        own = ctx.values.value(year, mu.slug, ind.id)
        reference = f"{mu.name} в целом: {ctx.fmt(ind, own)}" if own is not None else ""
        chart = _comparison_figure(ctx, ind, year, page_url, mu.slug, SCHOOLS, bars, _num(own), reference, False)
        out.append(
            {
                "id": ind.id,
                "heading": ind.short_title,
                "caption": f"{ind.title}: по школам, в алфавитном порядке (это сравнение, а не рейтинг), "
                f"{academic_year(year)}",
                "unit": ctx.cat.unit(ind),
                "rows": [{"label": b.name, "value": b.formatted} for b in bars],
                "chart": chart,
            }
        )
    return out


def _num(value: Decimal | None) -> float | None:
    """A value as the charts' JSON number."""
    return None if value is None else float(value)


def edition_charts(ctx: SiteContext, year: int, page_url: str, comparisons: Sequence[dict[str, Any]]) -> EditionCharts:
    """The edition page's comparisons, each with its chart (None where there is nothing to compare), the
    schools' comparisons (municipal level) and every chart spec they show."""
    with_charts = [
        {**c, "chart": municipality_comparison(ctx, year, page_url, ctx.cat.indicators[c["id"]])} for c in comparisons
    ]
    schools = school_comparisons(ctx, year, page_url)
    shown = [c["chart"] for c in (*with_charts, *schools) if c["chart"] is not None]
    specs = {c["anchor"]: c["spec"] for c in shown}
    if len(specs) < len(shown):
        raise ValueError(f"two charts of the edition page {page_url} have one anchor")
    return EditionCharts(with_charts, schools, {c["name"]: c["spec"] for c in shown}, page_files(page_url, specs))


# --- the home page's tiles --------------------------------------------------------------------------


def home_tiles(ctx: SiteContext, page_url: str, year: int) -> HomeTiles:
    """The home page's key figures as tiles: value, the change in words, a sparkline of the years."""
    territory = ctx.top
    tiles = []
    files: dict[str, bytes] = {}
    specs: dict[str, bytes] = {}
    years_shown: set[int] = set()
    for ind in ctx.cat.indicators.values():
        if not ind.key or not ind.exists_in(year):
            continue
        row = ctx.values.get(year, territory, ind.id)
        if row is None or row.value is None:
            continue  # a tile of «—» says nothing: the table below lists what there is
        years = [y for y in ctx.years if y <= year and ind.exists_in(y)]
        series = [(y, ctx.values.value(y, territory, ind.id)) for y in years]
        years_shown.update(years)
        section = ctx.cat.sections[ind.section]
        kind, digits, unit = ind.kind.value, ctx.cat.precision(ind), ctx.cat.unit(ind)
        first, last = academic_year_short(years[0]), academic_year_short(years[-1])
        span = f"{first}–{last} учебные годы" if len(years) > 1 else f"{first} учебный год"
        description = f"Динамика «{ind.short_title}», {span}. Значения по годам — в таблице под карточками."
        name = f"charts/home/spark-{ind.id}"
        spec = sparkline_spec(
            description=description,
            points=[(academic_year_short(y), _num(v), ctx.fmt(ind, v)) for y, v in series],
        )
        specs[f"spark-{ind.id}"] = spec_bytes(spec)
        files[f"{name}.svg"] = sparkline_svg([_num(v) for _, v in series]).encode("utf-8")
        tiles.append(
            {
                "id": ind.id,
                "label": ind.short_title,
                "url": urls.relative(page_url, urls.section(year, territory, section.slug) + f"#{ind.id}"),
                "value": ctx.fmt(ind, row.value),
                "printed": AS_PRINTED if row.basis == PRINTED else "",  # the source's figure, not computed
                "span": f"{first}–{last}" if len(years) > 1 else first,
                "change": change_words(row.change, kind, digits, unit) if len(years) > 1 else "",
                "spark": {
                    "spec_url": urls.relative(page_url, "/" + _page_file(page_url)) + f"#spark-{ind.id}",
                    "svg_url": urls.relative(page_url, f"/{name}.svg"),
                    "description": description,
                    "anchor": f"spark-{ind.id}",
                },
                "_ind": ind,
                "_values": dict(series),
            }
        )
    shown = sorted(years_shown)
    table_rows = [
        [t["label"]] + [ctx.fmt(t["_ind"], t["_values"][y]) if y in t["_values"] else NO_DATA for y in shown]
        for t in tiles
    ]
    view = {
        "tiles": [{k: v for k, v in t.items() if not k.startswith("_")} for t in tiles],
        "table": {"head": ["Показатель", *(academic_year_short(y) for y in shown)], "rows": table_rows},
    }
    return HomeTiles(view, {**files, **page_files(page_url, specs)})
