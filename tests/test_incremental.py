"""Fast rebuilds: pages rendered in parallel and from a cache are MkDocs' own bytes; past editions stay frozen.

A small synthetic region (two municipalities of the demo, three years: two past editions to stay frozen) is
built here, so that the tests can change the current year's data without touching the demo.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.build.pipeline import BuildOptions, BuildResult, build
from generator.build.synthetic import bump_one_count

from .site_helpers import ROOT, built_region, tree_digests


def build_site(data: Path, out: Path, work: Path) -> BuildResult:
    """A build with its own caches (in the work folder), so that what it renders does not depend on other runs."""
    options = BuildOptions(
        data=data,
        out=out,
        work=work,
        cache=work / "cache" / "svg",
        config=ROOT / "mkdocs.yml",
        content=ROOT / "content",
        quiet=True,
        pdf=False,
    )
    return build(options)


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, BuildResult]:
    return built_region(tmp_path_factory.mktemp("incremental"), municipalities=2, years=3, seed=1, builder=build_site)


def test_pages_rendered_in_parallel_and_from_the_cache_are_the_bytes_of_mkdocs_own_build(
    region: tuple[Path, Path, Path, BuildResult], tmp_path: Path
) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from generator.build import mkdocs as parallel

    _, _, work, first = region
    docs = tmp_path / "docs"  # the docs of every build of the site, in one folder for one build here
    shutil.copytree(work / "docs", docs)
    for edition in sorted((work / "editions").iterdir()):
        shutil.copytree(edition, docs, dirs_exist_ok=True)

    def config(site: Path):  # type: ignore[no-untyped-def]
        loaded = load_config(
            str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site), nav=first.nav, strict=True
        )
        loaded["extra"].update(first.extra)
        return loaded

    mkdocs_build(config(tmp_path / "serial"))
    stats = parallel.build(config(tmp_path / "parallel"), workers=2, cache_dir=tmp_path / "cache")
    assert stats.workers == 2 and stats.rendered == stats.pages > 50
    again = parallel.build(config(tmp_path / "cached"), workers=2, cache_dir=tmp_path / "cache")
    assert (again.rendered, again.cached) == (0, stats.pages)
    serial = tree_digests(tmp_path / "serial")
    assert tree_digests(tmp_path / "parallel") == serial
    assert tree_digests(tmp_path / "cached") == serial


def test_a_new_data_version_fills_the_cached_pages_without_rendering_them_again(
    region: tuple[Path, Path, Path, BuildResult], tmp_path: Path
) -> None:
    """The data version and date change with every data commit and are in every footer: pages are rendered
    with slots in their place and filled as they are written, which gives the bytes of rendering with the
    values themselves, so a commit renders only the pages whose content changed."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from generator.build import mkdocs as parallel

    _, _, work, first = region
    docs = tmp_path / "docs"  # one folder for one build, as above: every link resolves, every page is cached
    shutil.copytree(work / "docs", docs)
    for edition in sorted((work / "editions").iterdir()):
        shutil.copytree(edition, docs, dirs_exist_ok=True)

    def config(site: Path, shown: dict[str, str]):  # type: ignore[no-untyped-def]
        loaded = load_config(
            str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site), nav=first.nav, strict=True
        )
        loaded["extra"].update(first.extra)
        loaded["extra"]["proforientir"] = {**first.extra["proforientir"], **shown}
        return loaded

    slots = {name: parallel.late_slot(name) for name in ("data_version", "data_date")}
    for version, date in (("0123456789ab", "31.05.2026"), ("ba9876543210", "01.06.2026")):
        real = {"data_version": version, "data_date": date}
        mkdocs_build(config(tmp_path / f"serial-{version}", real))
        stats = parallel.build(
            config(tmp_path / f"filled-{version}", slots),
            workers=2,
            cache_dir=tmp_path / "cache",
            page_fill=lambda uri, real=real: {slots[k]: v for k, v in real.items()},  # type: ignore[misc]
        )
        served = tree_digests(tmp_path / f"filled-{version}")
        assert served == tree_digests(tmp_path / f"serial-{version}")
        home = (tmp_path / f"filled-{version}" / "index.html").read_text(encoding="utf-8")
        assert f'class="pf-data-version">{version}<' in home and "pf-late" not in home
        if version == "ba9876543210":
            assert (stats.rendered, stats.cached) == (0, stats.pages), "a new version alone renders no page"


def test_a_change_to_one_municipality_of_the_current_year_leaves_past_editions_byte_identical(
    region: tuple[Path, Path, Path, BuildResult], tmp_path: Path
) -> None:
    data, out, work, first = region
    data = Path(shutil.copytree(data, tmp_path / "data"))
    years = sorted(int(p.name) for p in data.iterdir() if p.name.isdigit())
    current, past = years[-1], years[:-1]
    site = tmp_path / "site"
    shutil.copytree(out, site)
    shutil.copytree(work, tmp_path / "build")
    before = tree_digests(site)
    slug = bump_one_count(data, current).stem

    result = build_site(data, site, tmp_path / "build")
    assert result.ok, [str(p) for p in result.problems]
    after = tree_digests(site)
    for year in past:
        frozen = {k: v for k, v in before.items() if k.startswith(f"{year}/")}
        assert frozen and {k: v for k, v in after.items() if k.startswith(f"{year}/")} == frozen
    assert after[f"{current}/{slug}/index.html"] != before[f"{current}/{slug}/index.html"]

    assert result.editions_frozen == past, "past editions are not generated again, nor built"
    stats, cold = result.page_stats, first.page_stats
    assert stats is not None and cold is not None
    assert 0 < stats.rendered <= stats.pages < cold.pages, "MkDocs builds the changed edition and the rest only"
    rendered_years = {p.split("/", 1)[0] for p in stats.rendered_pages if p.split("/", 1)[0].isdigit()}
    assert rendered_years == {str(current)}, "only the changed edition is rendered again"


def test_the_footer_of_a_past_edition_names_its_own_data_version(region: tuple[Path, Path, Path, BuildResult]) -> None:
    data, out, _, _ = region
    years = sorted(int(p.name) for p in data.iterdir() if p.name.isdigit())

    def version(path: Path) -> str:
        match = re.search(r'class="pf-data-version">([0-9a-f]+)<', path.read_text(encoding="utf-8"))
        assert match
        return match.group(1)

    slug = sorted(p.stem for p in (data / str(years[-1])).glob("*.yaml"))[0]
    past = {version(out / str(y) / slug / "index.html") for y in years}
    assert len(past) == len(years), "each edition has the version of its own inputs"
    assert version(out / str(years[0]) / "index.html") == version(out / str(years[0]) / slug / "index.html")


def test_editions_and_parts_of_editions_made_in_parallel_processes_are_the_content_of_one_process(
    region: tuple[Path, Path, Path, BuildResult],
) -> None:
    from generator.build.pipeline import site_info
    from generator.build.site_pages import build_site_content
    from generator.build.validate import validate
    from generator.publish.public_table import public_table
    from generator.recommend.evaluate import recommend

    data, _, work, _ = region
    report = validate(data)
    assert report.dataset is not None and report.table is not None and report.rules is not None
    dataset, table = report.dataset, report.table
    info = site_info(ROOT / "mkdocs.yml", work / "docs", dataset.registry.region.name, True)
    public = public_table(table, dataset)
    recommendations = recommend(report.rules, table, dataset)
    # 2 workers make whole editions; 6 workers cut each of the three editions into runs of municipalities
    one, *others = (
        build_site_content(
            dataset, table, public, info, rules=report.rules, recommendations=recommendations, workers=workers
        )
        for workers in (1, 2, 6)
    )
    for other in others:
        assert list(one.pages.items()) == list(other.pages.items())
        assert list(one.charts.items()) == list(other.charts.items())
        assert one.files == other.files and one.nav == other.nav


def test_compacted_pages_lose_only_blank_runs_and_keep_verbatim_text() -> None:
    from generator.build.compact import compact_html

    page = (
        "<ul>\n      <li>\n        <a href='x'>Светлогорский\n   округ</a>\n      </li>\n</ul>\n"
        "<pre>  отступ\n\n    сохранён  </pre>\n<script>var a = `\n    x`;</script>\n<p>два  пробела</p>"
    )
    compact = compact_html(page)
    assert compact == (
        "<ul>\n<li>\n<a href='x'>Светлогорский\nокруг</a>\n</li>\n</ul>\n"
        "<pre>  отступ\n\n    сохранён  </pre>\n<script>var a = `\n    x`;</script>\n<p>два  пробела</p>"
    )
    assert compact_html(compact) == compact


def test_blank_runs_collapse_as_the_regular_expression_collapses_them() -> None:
    import random
    import re

    from generator.build.compact import collapse_blank_runs

    rng = random.Random(6)
    pieces = [" ", "  ", "\t", "\n", "\r", "\f", "\v", "\xa0", "\u2009", "\x1c", "а", "b", "<p>"]
    for _ in range(20_000):
        text = "".join(rng.choices(pieces, k=rng.randint(0, 12)))
        assert collapse_blank_runs(text) == re.sub(r"[ \t\r\f\v]*\n\s*", "\n", text), repr(text)


def test_the_page_configuration_is_compacted_to_utf8_and_no_string_can_close_its_script() -> None:
    import json

    from generator.build.compact import compact_html

    config = {"base": "../..", "translations": {"search.result.none": "Совпадений не найдено"}, "x": "</script>&"}
    escaped = json.dumps(config).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    page = f'<script id="__config" type="application/json">{escaped}</script>'  # as Material's tojson writes it
    compact = compact_html(page)
    assert "Совпадений не найдено" in compact and "\\u0421" not in compact
    assert "</script>&" not in compact and compact.count("</script>") == 1
    body = compact.removeprefix('<script id="__config" type="application/json">').removesuffix("</script>")
    assert json.loads(body) == config
    assert compact_html(compact) == compact


def test_the_search_index_is_written_as_utf8_json_with_the_same_content(tmp_path: Path) -> None:
    import json

    from generator.build.compact import compact_search_index

    entry = {"location": "2026/", "title": "Выпуск 2025/26", "text": "<p>доля</p>"}
    index = {"config": {"lang": ["ru"]}, "docs": [entry]}
    path = tmp_path / "search_index.json"
    path.write_text(json.dumps(index), encoding="utf-8")  # as MkDocs writes it: \\uXXXX for every letter
    before = path.stat().st_size
    compact_search_index(path)
    text = path.read_text(encoding="utf-8")
    assert json.loads(text) == index and "Выпуск" in text and path.stat().st_size < before
