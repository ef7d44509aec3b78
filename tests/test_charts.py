"""Trend charts: the fast spec equals Altair's validated one, the static SVGs are cached, the bundle is local.

Only a handful of SVGs are drawn (vl-convert takes tens of milliseconds each and a second to start), so
that this file stays fast; the browser side is checked by ``test_browser_charts.py``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.text import attr, clean
from generator.site import chart_render
from generator.site.chart_render import RenderStats, render_svgs, write_vendor_bundle
from generator.site.chartfile import (
    cell_attrs,
    figure_attrs,
    fill,
    parts_from_page,
    static_of,
    template,
    write_templates,
)
from generator.site.charts import (
    FORMAT_LOCALE,
    STATIC_WIDTH,
    TrendPoint,
    chart_parts,
    recipe,
    source_spec,
    spec_bytes,
    static_spec,
    trend_chart,
    trend_spec,
)

MUNICIPALITY = "Светлогорский городской округ"
REGION = "Калининградская область"


def label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def point(year: int, value: float | None, *, region: bool = False, unit: str = " %") -> TrendPoint:
    formatted = "—" if value is None else f"{value:.1f}".replace(".", ",") + unit
    return TrendPoint(year, label(year), REGION if region else MUNICIPALITY, value, formatted, region)


def both(**kwargs: Any) -> dict[str, Any]:
    """The fast spec, after asserting that it equals Altair's validated ``to_dict()``."""
    fast = trend_spec(**kwargs)
    slow = trend_chart(**kwargs).to_dict()  # validates against the Vega-Lite schema
    assert fast == slow
    return fast


def walk(node: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) pair anywhere in a JSON-like tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


SHARE = {
    "title": "Доля обучающихся 6–11 классов в «Билете в будущее»",
    "description": "График «Билет в будущее»: Светлогорский городской округ и Калининградская область.",
    "points": [
        point(2022, 61.2),
        point(2023, None),
        point(2024, 67.4),
        point(2022, 58.0, region=True),
        point(2023, 60.5, region=True),
        point(2024, 63.1, region=True),
    ],
    "kind": "share",
    "unit": "%",
    "digits": 1,
}

# --- the fast path is Altair's output -----------------------------------------------------------------

FIXED_CASES = {
    "share with a missing year": SHARE,
    "single year": {**SHARE, "points": [point(2024, 67.4), point(2024, 63.1, region=True)]},
    "all values missing": {**SHARE, "points": [point(2023, None), point(2024, None, region=True)]},
    "only the region": {**SHARE, "points": [point(y, 50.0 + y % 7, region=True) for y in range(2020, 2025)]},
    "counts": {
        **SHARE,
        "points": [point(2023, 3, unit=" чел."), point(2024, 12_345, unit=" чел."), point(2024, 0, region=True)],
        "kind": "count",
        "unit": "чел.",
        "digits": 0,
    },
    "ratio with two digits": {
        **SHARE,
        "points": [point(2023, 1.25), point(2024, 0.5), point(2023, 1.0, region=True)],
        "kind": "ratio",
        "unit": "",
        "digits": 2,
    },
    "no points at all": {**SHARE, "points": []},
    "text that looks like the template's markers": {
        **SHARE,
        "title": '\u0000pf-slot:title\u0000 "кавычки" \\ обратная косая',
        "description": '["\u0000pf-slot:values\u0000"]',
    },
    "points given out of order": {**SHARE, "points": list(reversed(SHARE["points"]))},
}


@pytest.mark.parametrize("case", FIXED_CASES.values(), ids=FIXED_CASES.keys())
def test_the_fast_spec_equals_altairs_validated_spec(case: dict[str, Any]) -> None:
    both(**case)


text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
value = st.none() | st.floats(allow_nan=True, allow_infinity=True) | st.integers(-(10**9), 10**9).map(float)


@st.composite
def chart_arguments(draw: st.DrawFn, text: st.SearchStrategy[str] = text) -> dict[str, Any]:
    years = draw(st.lists(st.integers(2010, 2040), min_size=1, max_size=8, unique=True))
    region_name = draw(text)
    names = draw(st.lists(text.filter(lambda s: s != region_name), min_size=0, max_size=2, unique=True))
    with_region = draw(st.booleans()) or not names
    territories = [(n, False) for n in names] + ([(region_name, True)] if with_region else [])
    points = [
        TrendPoint(y, label(y), name, draw(value), draw(text), is_region)
        for name, is_region in territories
        for y in years
        if draw(st.integers(0, 5)) > 0  # now and then a year without a row
    ]
    return {
        "title": draw(text),
        "description": draw(text),
        "points": draw(st.permutations(points)),
        "kind": draw(st.sampled_from(["share", "count", "ratio"])),
        "unit": draw(text),
        "digits": draw(st.integers(0, 3)),
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chart_arguments())
def test_the_fast_spec_equals_altairs_validated_spec_on_random_charts(args: dict[str, Any]) -> None:
    spec = both(**args)
    assert json.loads(spec_bytes(spec)) == spec  # and it is plain JSON: no NaN, no infinity


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chart_arguments())
def test_a_trend_charts_recipe_stands_for_the_very_spec_of_its_parts(args: dict[str, Any]) -> None:
    parts = chart_parts(**args)
    made = recipe(parts, args["kind"])
    assert source_spec(made) == trend_spec(**args)
    # the static spec filled into the kind's static template is the very static variant of that spec
    assert static_of(made.kind, json.loads(made.parts)) == static_spec(trend_spec(**args))
    words = {"title": args["title"] + "!", "description": "другие слова"}
    reworded = recipe(chart_parts(**{**args, **words}), args["kind"])
    assert reworded.key() == made.key(), "the image leaves out the title and the description: same image, same key"
    other_kind = next(k for k in ("share", "count", "ratio") if k != args["kind"])
    assert recipe(chart_parts(**{**args, "kind": other_kind}), other_kind).key() != made.key()


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kind"):
        trend_spec(**{**SHARE, "kind": "percent"})


# --- what the spec says -------------------------------------------------------------------------------


def test_the_spec_is_titled_described_and_carries_its_data_inline() -> None:
    spec = trend_spec(**SHARE)
    assert spec["title"]["text"] == SHARE["title"]
    assert spec["description"] == SHARE["description"]  # Vega makes it the chart's aria-label
    assert spec["width"] == "container"
    keys = {key for key, _ in walk(spec)}
    assert "url" not in keys and "datasets" not in spec  # nothing to fetch from anywhere
    rows = spec["data"]["values"]
    assert [r["label"] for r in rows if r["series"] == MUNICIPALITY] == ["2022/23", "2023/24", "2024/25"]
    assert rows[1]["value"] is None
    assert spec["encoding"]["x"]["scale"]["domain"] == ["2022/23", "2023/24", "2024/25"]
    assert spec["encoding"]["y"]["scale"]["domain"] == [0, 100]
    assert spec["config"]["locale"]["number"] == FORMAT_LOCALE


def test_tooltips_show_the_formatted_value_not_the_raw_number() -> None:
    spec = trend_spec(**SHARE)
    fields = [t["field"] for t in spec["encoding"]["tooltip"]]
    assert fields == ["series", "label", "formatted"]
    assert {r["formatted"] for r in spec["data"]["values"]} >= {"61,2 %", "—"}


def test_the_region_is_dashed_and_the_municipality_solid_whatever_the_order() -> None:
    spec = trend_spec(**FIXED_CASES["points given out of order"])
    dash = spec["encoding"]["strokeDash"]["scale"]
    assert dict(zip(dash["domain"], dash["range"], strict=True)) == {MUNICIPALITY: [1, 0], REGION: [6, 4]}
    color = spec["encoding"]["color"]["scale"]
    assert color["domain"] == dash["domain"] == [MUNICIPALITY, REGION]
    assert spec["encoding"]["color"]["legend"]["orient"] == "bottom"


def test_the_static_variant_has_a_fixed_width_and_no_tooltip() -> None:
    spec = trend_spec(**SHARE)
    before = json.dumps(spec, sort_keys=True)
    static = static_spec(spec)
    assert static["width"] == STATIC_WIDTH
    assert "tooltip" not in {key for key, _ in walk(static)}
    assert static["encoding"]["color"]["scale"] == spec["encoding"]["color"]["scale"]  # same colours as live
    assert static["config"]["legend"]["labelLimit"] == 0  # a 600 px image never truncates a name
    assert json.dumps(spec, sort_keys=True) == before  # the live spec is left as it was


# --- static SVGs ---------------------------------------------------------------------------------------


def test_svgs_are_written_once_and_then_come_from_the_cache(tmp_path: Path) -> None:
    docs, cache = tmp_path / "docs", tmp_path / "cache"
    specs = {
        "charts/2024/a/share": trend_spec(**SHARE),
        "charts/2024/a/ratio": trend_spec(**FIXED_CASES["ratio with two digits"]),
    }
    first = render_svgs(specs, docs, cache, workers=1)
    assert (first.total, first.rendered, first.cached, first.written) == (2, 2, 0, 2)
    assert not list(docs.rglob("*.json"))  # a chart has no file of its own: its page carries its numbers
    svg = (docs / "charts/2024/a/share.svg").read_text(encoding="utf-8")
    assert SHARE["title"] not in svg.replace("&quot;", '"')  # the page's heading titles the image
    assert re.search(r">\d+,\d<", svg), "axis labels of a share use the decimal comma"
    assert re.search(r'width="6\d\d"', svg) and "<style>text{font:12px system-ui," in svg
    # self-contained: no web font, no image, no reference to another file or host
    assert not re.search(r"<image|@import|@font-face|url\(|href=", svg)
    assert len(list(cache.rglob("*.svg"))) == 2
    # the page's image is the cache's file itself: a rebuild of thousands of charts copies no bytes
    assert {p.stat().st_ino for p in docs.rglob("*.svg")} == {p.stat().st_ino for p in cache.rglob("*.svg")}

    mtimes = {p: p.stat().st_mtime_ns for p in docs.rglob("*")}
    again = render_svgs(specs, docs, cache, workers=1)
    assert (again.rendered, again.cached, again.written) == (0, 2, 0)
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*")} == mtimes

    specs["charts/2024/a/ratio"] = trend_spec(**{**FIXED_CASES["ratio with two digits"], "unit": "другое"})
    changed = render_svgs(specs, docs, cache, workers=1)
    assert (changed.rendered, changed.cached, changed.written) == (1, 1, 1)
    assert str(changed) == "всего 2, отрисовано 1, из кэша 1, записано 1"

    shutil.rmtree(docs)  # a fresh checkout with a warm cache draws nothing
    warm = render_svgs(specs, docs, cache, workers=1)
    assert (warm.rendered, warm.written) == (0, 2)


# --- a trend chart's parts on its page: the figure's attributes and its table's cells -----------------------


def _page_of(args: dict[str, Any], suffix: str) -> str:
    """A figure and its table as a section page writes them (generator/site/templates/_macros.md.j2): every
    year a row, every drawn series a column whose cells are its points (a cell's text may say more)."""
    parts = chart_parts(**args)
    by = {(p.series, p.year): p for p in args["points"]}
    rows = []
    for year in sorted({p.year for p in args["points"]}):
        cells = [f'<th scope="row">{attr(label(year))}</th>']
        for index, name in enumerate(parts.series):
            found = by.get((name, year))
            if found is None:
                cells.append("<td>—</td>")
                continue
            text = attr(found.formatted + suffix)
            value = found.value if found.value is None else float(found.value)
            cells.append(f"<td{cell_attrs(index, value, clean(found.formatted), clean(text))}>{text}</td>")
        rows.append(f'<tr data-pf-year="{year}">{"".join(cells)}</tr>')
    return (
        f'<figure class="pf-chart" data-spec="../assets/charts/trend-{args["kind"]}.json"{figure_attrs(parts, "t")}'
        f' id="chart-x">\n<img class="pf-chart__static" src="x.svg" alt="{attr(args["description"])}"></figure>\n'
        f'<details><table id="t"><thead><tr><th>Год</th></tr></thead><tbody>\n{"".join(rows)}</tbody></table></details>'
    )


page_text = st.text(st.characters(exclude_categories=("Cs", "Cc", "Cf")), max_size=40)  # what a page keeps


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chart_arguments(page_text), st.sampled_from(["", " (как в источнике)"]))
def test_a_chart_read_off_its_figure_and_table_is_altairs_validated_spec(args: dict[str, Any], suffix: str) -> None:
    """What charts.js does (parts_from_page is its mirror): the template of the kind filled with the
    parts the page carries makes the very spec Altair's ``to_dict()`` makes, also where a cell says more
    than the tooltip and where a year has no row."""
    href, parts = parts_from_page(_page_of(args, suffix), "chart-x")
    assert href == f"../assets/charts/trend-{args['kind']}.json"
    assert fill(template(args["kind"]), parts) == trend_chart(**args).to_dict()


def test_the_templates_of_the_kinds_are_written_once_for_the_site(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    assert {p.relative_to(docs).as_posix() for p in write_templates(docs)} == {
        f"assets/charts/trend-{kind}.json" for kind in ("share", "count", "ratio")
    }
    shared = json.loads((docs / "assets/charts/trend-share.json").read_bytes())
    assert "config" in shared and '"pf-slot"' in json.dumps(shared)  # the shape, with places for the parts


def test_many_misses_are_drawn_by_worker_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chart_render, "IN_PROCESS_MAX", 0)  # two charts stand in for thousands
    monkeypatch.setattr(chart_render, "CHUNK", 1)
    specs = {f"charts/x/{n}": trend_spec(**{**SHARE, "unit": f"единица{n}"}) for n in range(2)}
    stats = render_svgs(specs, tmp_path / "docs", tmp_path / "cache", workers=2, native=False)
    assert stats == RenderStats(total=2, rendered=2, cached=0, written=2)
    for n in range(2):
        assert f"единица{n}" in (tmp_path / f"docs/charts/x/{n}.svg").read_text(encoding="utf-8")


def test_files_written_and_drawn_by_forked_processes_are_those_of_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs = {f"charts/{n % 3}/{n}": trend_spec(**{**SHARE, "unit": f"единица{n % 7}"}) for n in range(40)}
    specs["charts/other/ratio"] = trend_spec(**FIXED_CASES["ratio with two digits"])
    one = render_svgs(specs, tmp_path / "one", tmp_path / "cache-one", workers=1)
    monkeypatch.setattr(chart_render, "PARALLEL_MIN", 2)  # forty charts stand in for tens of thousands
    many = render_svgs(specs, tmp_path / "many", tmp_path / "cache-many", workers=2)
    assert one == many and (many.total, many.rendered, many.written) == (41, 8, 41)

    def tree(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    assert tree(tmp_path / "many") == tree(tmp_path / "one")
    assert tree(tmp_path / "cache-many") == tree(tmp_path / "cache-one")


def test_the_same_chart_twice_is_drawn_once(tmp_path: Path) -> None:
    spec = trend_spec(**FIXED_CASES["single year"])
    stats = render_svgs({"charts/a": spec, "charts/b": spec}, tmp_path / "docs", tmp_path / "cache", workers=1)
    assert (stats.rendered, stats.written) == (1, 2)


# --- the browser bundle ---------------------------------------------------------------------------------


def test_the_vendor_bundle_is_a_classic_script_defining_vega_embed_and_is_written_once(tmp_path: Path) -> None:
    path = write_vendor_bundle(tmp_path / "vendor")
    assert path == tmp_path / "vendor" / "vega-bundle.js"
    script = path.read_text(encoding="utf-8")
    assert "window.vegaEmbed" in script
    assert not re.search(r"^\s*(import|export)\b", script, re.M), "a module script would need type=module"
    mtime = path.stat().st_mtime_ns
    assert write_vendor_bundle(tmp_path / "vendor") == path
    assert path.stat().st_mtime_ns == mtime

    path.write_text(script.replace("window.vegaEmbed", "window.broken"), encoding="utf-8")
    write_vendor_bundle(tmp_path / "vendor")  # a damaged file is noticed by its hash and written again
    assert path.read_text(encoding="utf-8") == script

    # A fresh work folder with the caches restored (as on CI): the bundle comes from the cache, not vl-convert.
    cached = write_vendor_bundle(tmp_path / "vendor-2", tmp_path / "cache")
    assert cached.read_text(encoding="utf-8") == script
    import vl_convert

    original, vl_convert.javascript_bundle = vl_convert.javascript_bundle, None  # type: ignore[assignment]
    try:
        again = write_vendor_bundle(tmp_path / "vendor-3", tmp_path / "cache")
    finally:
        vl_convert.javascript_bundle = original  # type: ignore[assignment]
    assert again.read_text(encoding="utf-8") == script

    node = shutil.which("node")
    if node is None:
        return
    # Run twice in one global scope, as a page that loads it again would: top-level const/let of a bare
    # bundle would throw "Identifier … has already been declared" the second time.
    probe = (
        "const vm = require('vm'); globalThis.window = {};"
        f"const src = require('fs').readFileSync({json.dumps(str(path))}, 'utf8');"
        "vm.runInThisContext(src); vm.runInThisContext(src);"
        "const w = globalThis.window;"
        "console.log(JSON.stringify([typeof w.vegaEmbed, typeof w.vega, typeof w.vegaLite]));"
    )
    result = subprocess.run([node, "-e", probe], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(result.stdout) == ["function", "object", "object"]


def test_a_drawn_svg_numbers_its_clip_paths_itself_whichever_process_drew_it() -> None:
    """Vega counts clip paths per process: the same chart drawn after others read «clip15». Same data in, same
    bytes out: the ids are numbered within each SVG, and text that merely looks like an id is left alone."""
    from generator.site.chart_render import _renumber_clips

    drawn = '<g clip-path="url(#clip15)"><clipPath id="clip15"/><clipPath id="clip16"/><text>clip3</text>'
    expected = '<g clip-path="url(#clip1)"><clipPath id="clip1"/><clipPath id="clip2"/><text>clip3</text>'
    assert _renumber_clips(drawn) == expected
