"""The build's cache stays the size of one build: after a successful build it holds what that build used
(generator/core/store.py), never less than the next build needs, and a failed build removes nothing."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from generator.build.cache import KEPT_KINDS
from generator.build.pipeline import BuildOptions, BuildResult, build
from generator.build.synthetic import bump_one_count
from generator.core.store import ContentStore

from .site_helpers import ROOT, tree_digests

KINDS = ("pages", "svg", "xlsx", "parsed", "vendor", *(f"kept/{kind}" for kind in KEPT_KINDS))
"""The content-keyed caches a build without PDFs fills (``pdf`` is the same store, filled by Chromium)."""


def build_in(data: Path, out: Path, work: Path, cache: Path | None = None) -> BuildResult:
    """A build with the caches of its work folder (the default of `proforientir build`), or ``cache``'s."""
    options = BuildOptions(
        data=data, out=out, work=work, cache=cache, config=ROOT / "mkdocs.yml", content=ROOT / "content",
        quiet=True, pdf=False,
    )  # fmt: skip
    return build(options)


def entries(cache: Path) -> dict[str, set[str]]:
    """Each kind's entries (file names), MkDocs' template cache aside."""
    return {
        kind: {p.name for p in (cache / kind).rglob("*") if p.is_file() and "jinja" not in p.parts} for kind in KINDS
    }


def made_earlier(cache: Path) -> Path:
    """The cache as a build an hour ago left it (an entry written since a build began is never swept)."""
    for path in cache.rglob("*"):
        if path.is_file():
            os.utime(path, (path.stat().st_mtime - 3600, path.stat().st_mtime - 3600))
    return cache


def stale_entry(cache: Path) -> Path:
    """An entry no build uses, as an earlier build would have left it."""
    path = ContentStore(cache / "svg").put_text(ContentStore.key("a chart no page has any more"), ".svg", "<svg/>")
    old = path.stat().st_mtime - 3600
    os.utime(path, (old, old))
    return path


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, BuildResult]:
    """A small region built once from an empty cache: (data, site, work folder, result)."""
    from generator.build.synthetic import make_region

    root = tmp_path_factory.mktemp("sweep")
    data = make_region(ROOT / "data", root / "data", municipalities=2, years=2, seed=5).root
    first = build_in(data, root / "site", root / "build")
    assert first.ok, [str(p) for p in first.problems]
    return data, root / "site", root / "build", first


def test_a_build_from_an_empty_cache_sweeps_nothing_and_an_identical_one_reuses_everything(
    region: tuple[Path, Path, Path, BuildResult], tmp_path: Path
) -> None:
    data, out, work, first = region
    assert first.swept is not None and first.swept.files == 0
    before = entries(work / "cache")
    assert all(before[kind] for kind in KINDS), before.keys()
    again = build_in(data, tmp_path / "again", work)
    assert again.ok and again.page_stats is not None and again.swept is not None
    assert (again.page_stats.rendered, again.svg_rendered) == (0, 0), "every page and chart from the cache"
    assert again.swept.files == 0 and entries(work / "cache") == before, "and the cache is as it was"
    assert tree_digests(tmp_path / "again") == tree_digests(out)


def test_after_a_change_the_cache_holds_what_a_build_from_an_empty_cache_would_and_the_same_site(
    region: tuple[Path, Path, Path, BuildResult], tmp_path: Path
) -> None:
    data, out, work, _ = region
    data = Path(shutil.copytree(data, tmp_path / "data"))
    site = Path(shutil.copytree(out, tmp_path / "site"))
    work = Path(shutil.copytree(work, tmp_path / "build", copy_function=shutil.copy2))
    before = entries(made_earlier(work / "cache"))
    bump_one_count(data, max(int(p.name) for p in data.iterdir() if p.name.isdigit()))

    changed = build_in(data, site, work)
    assert changed.ok and changed.swept is not None and changed.editions_frozen, "past editions reused whole"
    fresh = build_in(data, tmp_path / "fresh", tmp_path / "fresh-build")
    assert fresh.ok and fresh.editions_frozen == []
    after, made = entries(work / "cache"), entries(tmp_path / "fresh-build" / "cache")
    for kind in KINDS:
        assert after[kind] == made[kind], f"{kind}: the entries of this build's pages, charts and files only"
    gone = {kind: before[kind] - after[kind] for kind in KINDS}
    assert all(gone[k] for k in ("pages", "parsed", "xlsx", "kept/public")), "earlier versions are swept"
    assert changed.swept.files == sum(len(names) for names in gone.values())
    assert tree_digests(site) == tree_digests(tmp_path / "fresh")


def test_a_failed_build_sweeps_nothing_and_the_next_successful_one_does(
    region: tuple[Path, Path, Path, BuildResult], tmp_path: Path
) -> None:
    data, _, work, _ = region
    data = Path(shutil.copytree(data, tmp_path / "data"))
    work = Path(shutil.copytree(work, tmp_path / "build", copy_function=shutil.copy2))
    stale = stale_entry(made_earlier(work / "cache"))
    before = entries(work / "cache")
    registry = data / "region.yaml"
    good = registry.read_bytes()
    registry.write_text("region: [не закрыт\n", encoding="utf-8")

    failed = build_in(data, tmp_path / "site", work)
    assert not failed.ok and failed.swept is None
    assert entries(work / "cache") == before and stale.is_file()
    registry.write_bytes(good)
    ok = build_in(data, tmp_path / "site", work)
    assert ok.ok and ok.swept is not None and ok.swept.files == 1 and not stale.exists()


def test_a_cache_shared_with_other_work_folders_is_not_swept(
    region: tuple[Path, Path, Path, BuildResult], tmp_path: Path
) -> None:
    data, _, work, _ = region
    shared = Path(shutil.copytree(work / "cache", tmp_path / "shared", copy_function=shutil.copy2))
    stale = stale_entry(shared)
    result = build_in(data, tmp_path / "site", tmp_path / "build", cache=shared / "svg")
    assert result.ok and result.page_stats is not None and result.page_stats.rendered == 0
    assert result.swept is None and stale.is_file(), "another work folder's build may need it"


def test_a_frozen_editions_pdf_stays_in_the_cache_though_no_build_prints_or_reads_it(tmp_path: Path) -> None:
    """A published past edition is reused whole, its PDF with it: the next change of that edition (a new
    generator, say) takes the PDF from the cache instead of printing it again. Its finished folder names
    the PDF; a build that prints nothing leaves the printed PDFs alone, and so does a build without PDFs."""
    from datetime import date

    from generator.cli import main

    from .browser import require_browser
    from .conftest import copy_fixture

    require_browser()
    data = copy_fixture("kemerovo", tmp_path / "data")
    (data / "rules.yaml").write_bytes((ROOT / "data" / "rules.yaml").read_bytes())
    assert main(["publish", "2021", "--date", date(2021, 6, 20).isoformat(), "--data", str(data)]) == 0

    def build_pdf(work: Path, pdf: bool = True) -> BuildResult:
        options = BuildOptions(
            data=data, out=tmp_path / "site", work=work, config=ROOT / "mkdocs.yml", content=ROOT / "content",
            quiet=True, pdf=pdf,
        )  # fmt: skip
        result = build(options)
        assert result.ok, [str(p) for p in result.problems]
        return result

    first = build_pdf(tmp_path / "build")
    assert (first.pdfs, first.pdfs_printed) == (1, 1)
    printed = {p.name for p in (tmp_path / "build" / "cache" / "pdf").rglob("*.pdf")}
    assert len(printed) == 1
    manifest = next((tmp_path / "build" / "cache" / "trees").glob("2021-*/manifest.json"))
    assert json.loads(manifest.read_text(encoding="utf-8"))["uses"]["pdf"] == sorted(printed), "its PDF is in use"
    # a copy of the work folder (no hard links left), made an hour ago; then the current draft changes
    work = Path(shutil.copytree(tmp_path / "build", tmp_path / "copy", copy_function=shutil.copy2))
    made_earlier(work / "cache")
    year_file = next((data / "2022").glob("*.yaml"))
    year_file.write_text(year_file.read_text(encoding="utf-8") + "analysis: Итоги года обсуждены.\n", encoding="utf-8")
    changed = build_pdf(work)
    assert changed.editions_frozen == [2020, 2021] and changed.pdfs_printed == 0
    assert changed.swept is not None and changed.swept.files > 0, "the draft's earlier pages are swept"
    assert {p.name for p in (work / "cache" / "pdf").rglob("*.pdf")} == printed
    without = build_pdf(work, pdf=False)
    assert without.swept is not None and {p.name for p in (work / "cache" / "pdf").rglob("*.pdf")} == printed
