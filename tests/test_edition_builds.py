"""One edition, one MkDocs build (issue 15): each edition has its own build, navigation, search index and
sitemap; a finished edition is reused whole; and the site is the same bytes whichever way it was made."""

from __future__ import annotations

import json
import re
import shutil
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from generator.build.pipeline import BuildOptions, BuildResult, build
from generator.build.synthetic import add_year_file, bump_one_count
from generator.publish import downloads
from generator.recommend import evaluate

from .conftest import DataDir
from .site_helpers import build_site, built_region, tree_digests

ROOT = Path(__file__).parents[1]


def walked_bytes(site: Path) -> int:
    """The size of a site as a host counts it: every file, a hard link as the file it is."""
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def _index(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["docs"]


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, BuildResult]:
    root = tmp_path_factory.mktemp("edition-builds")
    return built_region(root, municipalities=2, years=3, seed=3, builder=partial(build_site, cache=root / "cache"))


def build_again(region: tuple[Path, Path, Path, BuildResult], data: Path, out: Path, work: Path) -> BuildResult:
    """A build with the region's own cache, where its finished editions are kept. Not the cache the other
    tests share: a cache keeps one finished folder per year, and a build of other data there (in the other
    worker, at the same time) would replace the region's."""
    return build_site(data, out, work, cache=region[2].parent / "cache")


def test_each_edition_has_its_own_search_index_and_sitemap_and_its_pages_search_it(
    region: tuple[Path, Path, Path, BuildResult],
) -> None:
    data, out, _, _ = region
    years = sorted(int(p.name) for p in data.iterdir() if p.name.isdigit())
    for year in years:
        entries = _index(out / str(year) / "search" / "search_index.json")
        assert entries, f"the edition {year} has an index of its own pages"
        assert all(not e["location"].startswith(f"{year}/") for e in entries), "locations are relative to it"
        assert any(e["location"] == "" for e in entries), "its overview page is in it"
        sitemap = (out / str(year) / "sitemap.xml").read_text(encoding="utf-8")
        locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
        assert locs and all(f"/{year}/" in loc for loc in locs), "its sitemap lists its own pages only"
        page = (out / str(year) / "index.html").read_text(encoding="utf-8")
        config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S)[1])
        assert config["base"] in (".", "./"), "the search box of an edition's overview searches that edition"
        deeper = next((out / str(year)).glob("*/index.html")).read_text(encoding="utf-8")
        assert '"base":"../"' in deeper


def test_the_sites_index_holds_the_pages_outside_editions_and_the_latest_edition_only(
    region: tuple[Path, Path, Path, BuildResult],
) -> None:
    data, out, _, _ = region
    years = sorted(int(p.name) for p in data.iterdir() if p.name.isdigit())
    locations = {e["location"] for e in _index(out / "search" / "search_index.json")}
    assert "" in locations and "methodology/" in locations
    assert f"{years[-1]}/" in locations, "a search from the home page answers with the current figures"
    assert not [loc for loc in locations if loc.split("/", 1)[0] in {str(y) for y in years[:-1]}]
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    for year in years:  # the site's sitemap lists every page, for search engines
        assert f"/{year}/</loc>" in sitemap


def test_an_unchanged_build_reuses_every_finished_edition_and_writes_the_same_site(
    region: tuple[Path, Path, Path, BuildResult], tmp_path: Path
) -> None:
    data, out, work, first = region
    years = sorted(int(p.name) for p in data.iterdir() if p.name.isdigit())
    again = build_again(region, data, tmp_path / "again", work)
    assert again.ok and again.editions_frozen == years
    # the last line counts the site's pages and charts, made or reused alike
    assert (again.pages, again.charts) == (first.pages, first.charts) and first.charts > 0
    assert again.page_stats is not None and not [p for p in again.page_stats.rendered_pages if p[:4].isdigit()]
    assert tree_digests(tmp_path / "again") == tree_digests(out)
    assert again.site_bytes == walked_bytes(out) > 0, "the size it says is the site's, its editions reused whole"


def test_a_rebuild_moves_the_published_sites_finished_editions_instead_of_linking_every_file_again(
    region: tuple[Path, Path, Path, BuildResult], tmp_path: Path
) -> None:
    data, out, work, _ = region
    years = sorted(int(p.name) for p in data.iterdir() if p.name.isdigit())
    shutil.copytree(work, tmp_path / "build")
    site = tmp_path / "site"
    assert build_again(region, data, site, tmp_path / "build").editions_frozen == years  # linked: no site before it
    folders = {y: (site / str(y)).stat().st_ino for y in years}
    (site / str(years[0]) / "stray.txt").write_text("не из сборки", encoding="utf-8")  # not what a build made

    again = build_again(region, data, site, tmp_path / "build")
    assert again.ok and again.editions_frozen == years
    for year in years[1:]:
        assert (site / str(year)).stat().st_ino == folders[year], f"{year}: moved whole, one rename"
    assert (site / str(years[0])).stat().st_ino != folders[years[0]], "a folder that differs is linked anew"
    assert tree_digests(site) == tree_digests(out)
    assert again.site_bytes == walked_bytes(site), "a stray file the build removed is not counted"


def test_a_changed_current_year_is_built_again_and_the_site_is_the_one_a_fresh_build_makes(
    region: tuple[Path, Path, Path, BuildResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, _, work, _ = region
    data = Path(shutil.copytree(data, tmp_path / "data"))
    shutil.copytree(work, tmp_path / "build")
    years = sorted(int(p.name) for p in data.iterdir() if p.name.isdigit())
    bump_one_count(data, years[-1])

    computed: list[tuple[str, int]] = []  # what the incremental build computed again, of which year
    real_recommend, real_rows = evaluate.recommend, downloads.sheet_rows

    def recommend(*args: Any, years: Any = None, **kwargs: Any) -> Any:
        computed.extend(("recommendations", y) for y in (years or []))
        return real_recommend(*args, years=years, **kwargs)

    def rows(df: Any, first: int, strings: Any) -> Any:
        computed.extend(("rows of the whole history's workbook", int(y)) for y in set(df["year"]))
        return real_rows(df, first, strings)

    monkeypatch.setattr(evaluate, "recommend", recommend)
    monkeypatch.setattr(downloads, "sheet_rows", rows)
    incremental = build_again(region, data, tmp_path / "incremental", tmp_path / "build")
    monkeypatch.undo()
    assert incremental.ok and incremental.editions_frozen == years[:-1]
    assert [what for what in computed if what[1] != years[-1]] == [], "a past edition's parts are kept"
    fresh = build(  # its own cache: nothing of the earlier builds
        BuildOptions(
            data=data, out=tmp_path / "fresh", work=tmp_path / "fresh-build", config=ROOT / "mkdocs.yml",
            content=ROOT / "content", quiet=True, pdf=False,
        )
    )  # fmt: skip
    assert fresh.ok and fresh.editions_frozen == []
    assert tree_digests(tmp_path / "incremental") == tree_digests(tmp_path / "fresh")
    assert incremental.site_bytes == fresh.site_bytes == walked_bytes(tmp_path / "fresh")


def test_the_next_school_years_files_leave_every_finished_edition_as_it_was(
    region: tuple[Path, Path, Path, BuildResult], tmp_path: Path
) -> None:
    """The collection season: each municipality's first file of a new school year is a data commit. An
    edition names nothing after it (no later edition in its navigation, no later year in its lists, no
    latest-year figure in an embed code), so every finished edition is reused whole — no page made or
    rendered again, no PDF printed again — and each of its files stays the bytes an order cited."""
    data, out, work, _ = region
    data = Path(shutil.copytree(data, tmp_path / "data"))
    shutil.copytree(work, tmp_path / "build")
    # a cache of its own, from the region's (which another test here may have left with another current year)
    cache = Path(shutil.copytree(region[2].parent / "cache", tmp_path / "cache"))
    years = sorted(int(p.name) for p in data.iterdir() if p.name.isdigit())
    assert build_site(region[0], tmp_path / "site", tmp_path / "build", cache=cache).ok
    new = years[-1] + 1
    before = {y: tree_digests(out / str(y)) for y in years}
    for commit in range(2):  # the first file of the year (a new edition), then a second one
        add_year_file(data, new)
        built = build_site(data, tmp_path / "site", tmp_path / "build", cache=cache)
        assert built.ok and built.editions_frozen == years, commit
        assert built.page_stats is not None
        assert not [p for p in built.page_stats.rendered_pages if p[:4].isdigit() and int(p[:4]) < new], commit
        for year in years:
            assert tree_digests(tmp_path / "site" / str(year)) == before[year], (commit, year)
    fresh = build(
        BuildOptions(
            data=data, out=tmp_path / "fresh", work=tmp_path / "fresh-build", config=ROOT / "mkdocs.yml",
            content=ROOT / "content", quiet=True, pdf=False,
        )
    )  # fmt: skip
    assert fresh.ok and tree_digests(tmp_path / "site") == tree_digests(tmp_path / "fresh")


def test_a_draft_is_searched_from_its_own_pages_but_not_from_the_sites_index(datadir: DataDir, tmp_path: Path) -> None:
    datadir.year(2024, "alpha", {"students_g9": 100, "grads9": 100, "grads9_to_poo": 40})
    datadir.year(2024, "beta", {"students_g9": 30, "grads9": 30, "grads9_to_poo": 12})
    datadir.year(2025, "alpha", {"students_g9": 90, "grads9": 90, "grads9_to_poo": 45})  # beta missing: a draft
    result = build_site(datadir.root, tmp_path / "site", tmp_path / "build")
    assert result.ok, [str(p) for p in result.problems]
    site = {e["location"] for e in _index(tmp_path / "site" / "search" / "search_index.json")}
    assert "2024/" in site and not [loc for loc in site if loc.startswith("2025/")]
    assert _index(tmp_path / "site" / "2025" / "search" / "search_index.json")


def test_the_pages_of_other_builds_left_out_of_a_builds_navigation_step_change_no_byte(
    region: tuple[Path, Path, Path, BuildResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.build import mkdocs as driver

    data, out, _, _ = region
    # MkDocs' step: a Page of every page, in every build; the sitemap of the whole site (and its .gz) too
    monkeypatch.setattr(driver, "navigation_files", lambda files, foreign, nav: files)
    whole = build_site(data, tmp_path / "whole", tmp_path / "whole-build")
    assert whole.ok
    assert tree_digests(tmp_path / "whole") == tree_digests(out)


def test_the_build_says_how_large_the_site_is_and_warns_when_a_hosted_pages_service_would_refuse_it(
    region: tuple[Path, Path, Path, BuildResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    from generator import cli
    from generator.publish import hosting

    data, _, work, _ = region
    shutil.copytree(work, tmp_path / "build")
    site = tmp_path / "site"
    args = ["build", "--data", str(data), "--out", str(site), "--work", str(tmp_path / "build"), "--no-pdf"]
    assert cli.main(args) == 0
    said = capsys.readouterr()
    size = hosting.megabytes(walked_bytes(site))
    assert f"Сайт: {site} ({size})" in said.out
    assert "Внимание" not in said.err, "a small site is said nothing of"

    monkeypatch.setattr(hosting, "HOSTED_LIMIT", walked_bytes(site) - 1)
    assert cli.main(args) == 0, "a large site is still built: a server of one's own takes it"
    said = capsys.readouterr()
    assert f"Внимание: сайт занимает {size}, а GitHub Pages и GitLab.com" in said.err
