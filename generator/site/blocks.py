"""Blocks that several pages show: an indicator's figures, narrative and chart; trend and comparison
tables; the key figures; a section's CSV file.

What does not depend on the page showing it (the figures, the sentences, the chart spec) is made once per
edition through the context's memo; only the relative links are made per page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from generator.checks.quality import reported_note
from generator.compute.schools import school_values, spread
from generator.compute.table import PRINTED, REGION, Value
from generator.core.formatting import academic_year_short
from generator.core.formatting import sentence as end_sentence
from generator.core.text import md
from generator.inputs.editions import of_municipalities
from generator.inputs.models import Indicator, Kind, PrintedFigure
from generator.site import svgchart, urls
from generator.site.chartfile import cell_attrs, figure_attrs, static_of, template_url
from generator.site.charts import HEIGHT, STATIC_WIDTH, TrendPoint, TrendRecipe, chart_parts, recipe
from generator.site.context import SiteContext, sort_key
from generator.site.narrative import YearValue, region_sentence, reported_target_sentence, target_sentence, trend_parts
from generator.site.status_words import said


def chart(ctx: SiteContext, year: int, territory: str, ind: Indicator) -> dict[str, Any] | None:
    """The chart of an indicator's trend: its spec (``spec``, the bytes served) and what the page says of it;
    None where none of its series has a value in any year.

    A chart without a single point is an empty frame (axes, a legend, nothing drawn): to a reader a broken
    picture, while the paragraph above already says «данных нет». A series that has values (the region's
    beside a municipality without any) is a chart worth drawing and stays.

    The description (the image's alt text and the live chart's label) names what the chart shows and
    where its numbers are; it does not repeat them: the paragraph above says the same values in words
    and the table below lists them, and a screen reader would read the paragraph twice (on a region's
    pages that repetition was a twentieth of a page's bytes).
    """
    years = ctx.years_of(ind, year)
    points: list[TrendPoint] = []
    series = chart_series(ctx, territory, ind)
    for who in series:
        for y in years:
            row = ctx.values.get(y, who, ind.id)
            if row is None:
                continue
            points.append(
                TrendPoint(
                    year=y,
                    label=academic_year_short(y),
                    series=ctx.territory_name(who, year),
                    value=None if row.value is None else float(row.value),  # the chart's JSON number
                    formatted=ctx.fmt(ind, row.value),
                    is_region=who == REGION,
                )
            )
    if all(point.value is None for point in points):
        return None
    names = " и ".join(ctx.territory_name(w, year) for w in series)
    span = (
        f"{academic_year_short(years[0])}–{academic_year_short(years[-1])} учебные годы"
        if len(years) > 1
        else f"{academic_year_short(years[0])} учебный год"
    )
    description = f"График «{ind.short_title}»: {names}, {span}. Значения — в тексте над графиком и в таблице под ним."
    name = f"charts/{year}/{territory}/{ind.id}"
    parts = chart_parts(
        title=ind.short_title,
        description=description,
        points=points,
        kind=ind.kind.value,
        unit=ctx.cat.unit(ind),
        digits=ctx.cat.precision(ind),
    )
    kind = ind.kind.value
    # The <img width height>: the static picture's own size, so that the page keeps its room before it loads
    # and shows it unscaled (read off the drawing's layout; 600 × 300 only for a chart it would not draw).
    width, height = svgchart.picture_size(static_of(kind, vars(parts))) or (STATIC_WIDTH, HEIGHT)
    return {
        "name": name,
        "description": description,
        "width": width,
        "height": height,
        "caption": f"{ind.short_title}: {names}. Таблица с теми же числами — ниже.",
        "anchor": ind.id,
        "kind": kind,
        # What the figure carries beside its table (generator/site/chartfile.py): the table's id is the
        # indicator's, prefixed, on every page that shows the chart with its table.
        "attrs": figure_attrs(parts, table_id(ind.id)),
        # What the static SVG is drawn from, as bytes: tens of thousands of spec trees would take a gigabyte,
        # and the spec itself is made only for an image that is not in the cache yet.
        "spec": recipe(parts, kind),
    }


def chart_series(ctx: SiteContext, territory: str, ind: Indicator) -> list[str]:
    """The territories a trend chart draws, in order: the page's, then the region where it gives context.

    A count of the region is the sum of its municipalities: beside one municipality it would flatten
    that line to the floor, so counts are drawn alone; shares and ratios get the region as context.
    """
    alone = not ctx.compares_with_region(territory) or ind.kind is Kind.count
    return [territory] if alone else [territory, REGION]


def table_id(indicator: str) -> str:
    """The id of an indicator's trend table on its section page, which its chart's figure names."""
    return f"table-{indicator}"


def charts_of(items: Iterable[dict[str, Any]]) -> dict[str, TrendRecipe]:
    """The chart specs a page's indicator blocks show, by name (a block without a chart has none)."""
    return {item["chart"]["name"]: item["chart"]["spec"] for item in items if item["chart"] is not None}


def indicator_item(ctx: SiteContext, page_url: str, year: int, territory: str, ind: Indicator) -> dict[str, Any] | None:
    """The block of one indicator on a page at ``page_url``: figures, narrative, chart, links."""
    core = ctx.once(("item", year, territory, ind.id), lambda: _indicator_core(ctx, year, territory, ind))
    if core is None:
        return None
    chart = core["chart"]
    if chart is not None:
        chart = {
            **chart,
            "spec_url": urls.relative(page_url, template_url(chart["kind"])),
            "svg_url": urls.relative(page_url, f"/{chart['name']}.svg"),
        }
    return {**core, "chart": chart, "methodology_url": urls.relative(page_url, urls.methodology(ind.id))}


def _indicator_core(ctx: SiteContext, year: int, territory: str, ind: Indicator) -> dict[str, Any] | None:
    row = ctx.values.get(year, territory, ind.id)
    if row is None:
        return None
    years = ctx.years_of(ind, year)
    series = [YearValue(y, ctx.values.value(y, territory, ind.id)) for y in years]
    unit, digits, kind = ctx.cat.unit(ind), ctx.cat.precision(ind), ind.kind.value
    start, history, rest = trend_parts(ind.title, series, kind=kind, digits=digits, unit=unit, change=row.change)
    expected = _expected(ctx, year, territory, row)
    printed = _printed_only(ctx, year, territory, ind, row)
    if printed and not any(p.value is not None for p in series):
        rest = f"{ind.title}: значение по региону не рассчитано."  # not «данных нет»: the table below has values
    sentences = [start + history + rest]
    if printed:
        sentences.append(printed_sentence(printed, expected))
    region = ctx.values.get(year, REGION, ind.id)
    if ctx.compares_with_region(territory):
        sentences.append(
            region_sentence(
                region.value if region is not None else None,
                kind,
                digits,
                unit,
                region.reported if region is not None else 0,
                _expected(ctx, year, REGION, region),
            )
        )
    schools = by_school(ctx, year, territory, ind)
    if schools is not None and schools["spread"]:
        sentences.append(schools["spread"])
    if territory != REGION and row.target is not None:
        sentences.append(target_sentence(row.target, row.target_status, kind, digits, unit))
    elif territory != REGION and row.target_reported:
        reported = ctx.reported_target(year, territory, ind.id)
        sentences.append(reported_target_sentence(row.target_status, reported))
    narrative = " ".join(s for s in sentences if s)
    after = rest + "".join(f" {s}" for s in sentences[1:] if s)
    # The page's paragraph: the same text, with the values of past years out of the search index, and on a
    # municipality's page the sentence's subject too: the indicator's long title, the same on every
    # municipality's page, is found on the region's page and the methodology; the entry keeps the figures.
    shown, hidden_text = (start, history) if territory == REGION else ("", start + history)
    hidden = Markup("<span data-search-exclude>") + md(hidden_text) + Markup("</span>") if hidden_text else ""
    narrative_md = md(shown) + hidden + md(after)
    coverage = ctx.coverage(year)
    return {
        "id": ind.id,
        "heading": ind.short_title,
        "title": ind.title,
        "value": ctx.fmt(ind, row.value),
        "has_value": row.value is not None,
        # a region without a value whose municipalities give theirs as printed: not «нет данных», the table has them
        "none": NOT_SUMMED if printed else "",
        "change": ctx.fmt.change(ind, row.change),
        "region_value": ctx.fmt(ind, region.value if region is not None else None),
        "region_label": "Регион в целом" + (f" ({coverage})" if coverage else ""),
        "show_region": ctx.compares_with_region(territory),
        "reported": _reported(row.reported, printed, expected),
        "target": ctx.fmt.planned(ind, row) if row.has_target else "",
        "target_status": str(row.target_status),
        "narrative": narrative,
        "narrative_md": narrative_md,
        "chart": chart(ctx, year, territory, ind),
        "method": ind.method,
        "source": ind.source,
        "notes": data_notes(ctx, year, territory, ind, row),
        "schools": schools["table"] if schools is not None else None,
    }


NOT_SUMMED = "не рассчитано"
"""A region's value where its municipalities give the indicator only as the source printed it."""


def _printed_only(ctx: SiteContext, year: int, territory: str, ind: Indicator, row: Value) -> int:
    """For a region without a value (``row``): how many of its municipalities give the indicator of ``year``
    only as the source printed it (no counts to sum); 0 for any other territory or row."""
    if territory != REGION or ctx.municipal or row.value is not None:
        return 0
    rows = (ctx.values.get(year, mu.slug, ind.id) for mu in ctx.munis_in(year))
    return sum(1 for mine in rows if mine is not None and mine.basis == PRINTED and mine.value is not None)


def _reported(reported: int, printed: int, expected: int) -> str:
    """«12 из 14»; where some give only the source's printed figure, «2 из 18, только как в источнике»."""
    if not printed:
        return f"{reported} из {expected}"
    if not reported:
        return f"{printed} из {expected}, только как в источнике"
    return f"{reported + printed} из {expected}, из них {printed} — только как в источнике"


def printed_sentence(printed: int, expected: int) -> str:
    """Why a region has no value where some municipalities have one: theirs are the source's printed figures."""
    whose = of_municipalities(expected)
    if printed == 1:
        return (
            f"Значение 1 {whose} дано только так, как напечатано в источнике, без чисел, из которых его можно "
            "сложить с другими: в значение по региону оно не входит и показано в таблице по муниципалитетам."
        )
    return (
        f"Значения {printed} {whose} даны только так, как напечатаны в источнике, без чисел, из которых их можно "
        "сложить: в значение по региону они не входят и показаны в таблице по муниципалитетам."
    )


def by_school(ctx: SiteContext, year: int, territory: str, ind: Indicator) -> dict[str, Any] | None:
    """A municipal monitoring's schools for one indicator: their spread in a sentence, and a table by
    school only where the deployment allows it (``schools_public``); never ordered by value."""
    entry = ctx.ds.entries.get((year, territory))
    if not ctx.municipal or entry is None or not entry.data.schools:
        return None
    values = school_values(ctx.cat, entry, ind)
    found = spread(values, ctx.cat.precision(ind))
    fmt = ctx.fmt
    sentence = ""
    if found is not None:
        sentence = end_sentence(
            f"По школам (данные {found.reported} из {found.total}): от {fmt(ind, found.lowest)} "
            f"до {fmt(ind, found.highest)}, медиана — {fmt(ind, found.median)}"
        )
    table = None
    if ctx.ds.registry.region.schools_public:
        names = {s.id: s.name_in(year) for s in ctx.by_slug[territory].schools}  # as named in that edition
        head = ["Школа"] + ([ctx.cat.title_of(ind.denominator)] if ind.denominator else [])
        head += [ctx.cat.title_of(ind.numerator), f"Значение ({ctx.cat.unit(ind)})"]
        rows = []
        for value in sorted(values, key=lambda v: sort_key(names.get(v.school, v.school))):
            cells = [names.get(value.school, value.school)]
            if ind.denominator:
                cells.append(fmt.count(value.denominator))
            cells += [fmt.count(value.numerator), fmt(ind, value.value)]
            rows.append(cells)
        table = {"head": head, "rows": rows}
    return {"spread": sentence, "table": table}


def data_notes(ctx: SiteContext, year: int, territory: str, ind: Indicator, row: Value) -> list[str]:
    """«Примечание к данным»: where the source contradicts itself, or gives a value without its counts."""
    notes = list(ctx.notes.get((year, territory, ind.id), ()))
    entry = ctx.ds.entries.get((year, territory))
    if entry is not None and row.basis == PRINTED:
        notes.insert(0, reported_note(ctx.ds, entry, ind))
    figure = entry.data.printed.get(ind.id) if entry is not None else None
    if isinstance(figure, PrintedFigure) and figure.note:
        notes.append(figure.note)  # the official's own explanation, as written
    return notes


def _expected(ctx: SiteContext, year: int, territory: str, row: Value | None) -> int:
    """How many municipalities a figure is over: for the region of an edition without every municipality,
    all those of the registry, so that «1 из 14» is said, not «1 из 1»."""
    state = ctx.states.get(year)
    if territory == REGION and state is not None and state.partial:
        return state.total
    return row.expected if row is not None else 0


def municipality_table(ctx: SiteContext, year: int, slug: str, ind: Indicator) -> dict[str, Any] | None:
    """The trend table of one indicator (the chart's accessible alternative); made once per edition. None
    where it would hold no number at all (every cell «—»): the paragraph says «данных нет» already."""
    return ctx.once(("table", year, slug, ind.id), lambda: _municipality_table(ctx, year, slug, ind))  # type: ignore[no-any-return]


def _holds_a_number(ind: Indicator, row: Value | None) -> bool:
    """Whether a row puts a number in its trend table: its value or a count the table shows."""
    if row is None:
        return False
    counts = ([row.denominator] if ind.denominator else []) + ([row.numerator] if _counts_shown(ind) else [])
    return row.value is not None or any(count is not None for count in counts)


def _counts_shown(ind: Indicator) -> bool:
    """Whether a table shows the numerator beside the value: not for a count, whose value is its numerator
    (a column «42» beside «42 ед.» said each number twice)."""
    return ind.kind is not Kind.count


def _count_columns(ctx: SiteContext, ind: Indicator) -> list[str]:
    """The titles of the counts a table shows before the value: the denominator, then the numerator."""
    titles = [ctx.cat.title_of(ind.denominator)] if ind.denominator else []
    return titles + ([ctx.cat.title_of(ind.numerator)] if _counts_shown(ind) else [])


def _municipality_table(ctx: SiteContext, year: int, slug: str, ind: Indicator) -> dict[str, Any] | None:
    fmt = ctx.fmt
    compare = ctx.compares_with_region(slug)
    shown = [slug, REGION] if compare else [slug]
    if not any(_holds_a_number(ind, ctx.values.get(y, who, ind.id)) for y in ctx.years_of(ind, year) for who in shown):
        return None
    head = ["Учебный год", *_count_columns(ctx, ind), f"Значение ({ctx.cat.unit(ind)})"]
    if compare:
        head.append("Регион в целом")
    drawn = chart_series(ctx, slug, ind)
    rows, marks = [], []
    for y in ctx.years_of(ind, year):
        row = ctx.values.get(y, slug, ind.id)
        region = ctx.values.get(y, REGION, ind.id)
        cells = [academic_year_short(y)]
        if ind.denominator:
            cells.append(fmt.count(row.denominator if row is not None else None))
        partly = f" ({ctx.coverage(y)})" if ctx.coverage(y) else ""
        value = fmt.row(ind, row) + (partly if slug == REGION else "")
        if _counts_shown(ind):
            cells.append(fmt.count(row.numerator if row is not None else None))
        cells.append(value)
        if compare:
            cells.append(fmt(ind, region.value if region is not None else None) + partly)
        # The chart's points are these cells (chartfile.py): the page's value column, then the region's.
        points = {}
        for index, who in enumerate(drawn):
            found = row if who == slug else region
            if found is None:
                continue  # no row: no point (a row without a value is a point with none)
            column = len(cells) - 1 if who == REGION and who != slug else len(cells) - 1 - compare
            number = None if found.value is None else float(found.value)  # the chart's JSON number
            points[column] = cell_attrs(index, number, fmt(ind, found.value), cells[column])
        rows.append(cells)
        marks.append({"year": y, "cells": points})
    return {"head": head, "rows": rows, "marks": marks, "id": table_id(ind.id)}


def region_table(ctx: SiteContext, year: int, ind: Indicator) -> dict[str, Any] | None:
    """An indicator of the edition by municipality, the region in the last row; None where no row would
    hold a number or a target (a table of «—» only)."""
    found_rows = [ctx.values.get(year, who, ind.id) for who in (*(mu.slug for mu in ctx.munis_in(year)), REGION)]
    targets = any(r is not None and r.has_target for r in found_rows)
    if not targets and not any(_holds_a_number(ind, r) for r in found_rows):
        return None
    fmt = ctx.fmt
    head = ["Муниципалитет", *_count_columns(ctx, ind), f"Значение ({ctx.cat.unit(ind)})", "Изменение за год", "Цель"]
    rows = []
    for mu in ctx.munis_in(year):
        row = ctx.values.get(year, mu.slug, ind.id)
        if row is None:
            continue
        cells = [mu.name]
        if ind.denominator:
            cells.append(fmt.count(row.denominator))
        found = said(row.target_status)
        status = f" ({found.goal})" if found is not None and found.decided else ""
        if _counts_shown(ind):
            cells.append(fmt.count(row.numerator))
        cells += [fmt.row(ind, row), fmt.change(ind, row.change), fmt.planned(ind, row) + status]
        rows.append(cells)
    region = ctx.values.get(year, REGION, ind.id)
    partly = f", {ctx.coverage(year)}" if ctx.coverage(year) else ""
    cells = [f"{ctx.info.region} (регион в целом{partly})"]
    if ind.denominator:
        cells.append(fmt.count(region.denominator if region is not None else None))
    if _counts_shown(ind):
        cells.append(fmt.count(region.numerator if region is not None else None))
    if region is None:
        cells += [fmt(ind, None), fmt.change(ind, None), "—"]
    else:
        cells += [fmt(ind, region.value), fmt.change(ind, region.change), "—"]
    rows.append(cells)
    return {"head": head, "rows": rows}


def figure_row(ctx: SiteContext, ind: Indicator, row: Value, label: str, url: str) -> dict[str, Any]:
    """One line of a table of key figures: value (one the source printed without counts says so), change and
    target with its status."""
    return {
        "label": label,
        "url": url,
        "value": ctx.fmt.row(ind, row),
        "change": ctx.fmt.change(ind, row.change),
        "target": ctx.fmt.planned(ind, row),
        "target_status": str(row.target_status),
    }


def key_rows(ctx: SiteContext, page_path: str, year: int, territory: str) -> list[dict[str, Any]]:
    """The key indicators of a territory in an edition, each linked to its section page."""
    rows = []
    for ind in ctx.cat.indicators.values():
        if not ind.key or not ind.exists_in(year):
            continue
        row = ctx.values.get(year, territory, ind.id)
        if row is None:
            continue
        section = ctx.cat.sections[ind.section]
        url = urls.relative(
            "/" + page_path.removesuffix("index.md"), urls.section(year, territory, section.slug) + f"#{ind.id}"
        )
        item = figure_row(ctx, ind, row, ind.short_title, url)
        if _printed_only(ctx, year, territory, ind, row):
            item["value"] = NOT_SUMMED  # its municipalities give it only as printed: «—» would say no one did
        rows.append(item)
    return rows


def section_csv(ctx: SiteContext, year: int, territory: str, indicators: Iterable[Indicator]) -> bytes:
    """A section page's CSV: the territory's rows and the region's (the region's page: every municipality)."""
    if ctx.csv is None:
        raise ValueError("the section CSV index was not given to the site context")
    ids = [i.id for i in indicators]
    if territory == REGION:
        return ctx.csv.region(year, REGION, ids)
    return ctx.csv.territory(year, territory, REGION, ids)
