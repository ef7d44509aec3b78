"""The whole build: validate → compute → pages, charts and downloads → MkDocs → site/.

The generated Markdown goes to a work directory (``build/docs`` for the pages outside editions, with the hand-written
pages of ``content/``; ``build/editions/<year>`` for each edition, never committed). Each edition is its own MkDocs
build, and a finished edition whose inputs did not change is reused whole (:mod:`generator.build.trees`); the builds go
into a fresh directory that replaces ``site/`` only when everything succeeded, so a failed build (invalid data, a
strict warning, a vanished URL) leaves the previously published site untouched. Every file is written only when its
bytes change, and dates come from the data, not the clock: the same commit builds the same bytes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import astuple, dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from generator.build.cache import (
    KEPT_KINDS,
    EditionCache,
    kept_current_values,
    kept_public_table,
    kept_recommendations,
    kept_section_rows,
)
from generator.build.destinations import destination_problems, one_build_in, swap_in
from generator.build.docs_folder import DocsFolders, content_nav, redirect_pages, start_vendor_bundle, write_docs
from generator.build.mkdocs import PageStats
from generator.build.progress import Progress
from generator.build.scope import Scope
from generator.build.site_builds import LATE, MkDocsRun, edition_extra, join_latest_search, theme_fingerprint
from generator.build.site_pages import build_site_content
from generator.build.trees import EditionTrees, Manifest, link_tree, place_trees, site_bytes
from generator.build.validate import Report, validate
from generator.build.versions import data_date, data_version, day_moment, edition_data, edition_moments
from generator.core.environ import setting
from generator.core.files import link_or_copy
from generator.core.formatting import (
    CHARTS,
    FILES,
    PAGES,
    academic_year_short,
    format_count,
    format_date_table,
)
from generator.core.memory import release_freed
from generator.core.store import ContentStore, SweepStats, recording, sweep
from generator.core.text import attr
from generator.inputs.editions import announced, edition_states
from generator.inputs.editions_log import PUBLISHED_FILE, CorrectionLog, read_snapshot
from generator.inputs.parsed import parsed_files_kept_in
from generator.inputs.problems import Problem
from generator.publish import corrections, feed, lockfile, opendata
from generator.publish.downloads import write_downloads
from generator.publish.lockfile import LOCKFILE, REDIRECTS
from generator.publish.pdf import PdfStats, chromium_absence, chromium_path, print_pdfs
from generator.publish.public_table import public_table
from generator.publish.report_pdfs import report_jobs
from generator.recommend.evaluate import recommend
from generator.site import embed, urls
from generator.site.context import SiteInfo

ROOT_FILES = ("mkdocs.yml",)


@dataclass
class BuildOptions:
    data: Path = Path("data")
    out: Path = Path("site")
    work: Path = Path("build")
    cache: Path | None = None  # SVG cache; shared between work directories when given

    @property
    def cache_root(self) -> Path:
        """Where drawn SVGs and printed PDFs are kept between builds."""
        return self.cache.parent if self.cache is not None else self.work / "cache"

    @property
    def swept_folders(self) -> list[Path]:
        """The content-keyed caches a successful build sweeps: by default only the work folder's own
        (a cache given by ``cache`` may be shared by other work folders, whose builds may be running), and
        not when the page cache is neither read nor written."""
        own = self.cache is None or self.cache_root.resolve() == (self.work / "cache").resolve()
        if not (self.sweep if self.sweep is not None else own and not self.no_page_cache):
            return []
        root = self.cache_root
        svg = self.cache or root / "svg"
        kept = [root / "kept" / kind for kind in KEPT_KINDS]
        return [root / "parsed", *kept, root / "xlsx", svg, root / "vendor", root / "pages", root / "pdf"]

    config: Path = Path("mkdocs.yml")
    content: Path = Path("content")
    strict_data: bool = False
    workers: int | None = None
    quiet: bool = False
    pdf: bool | None = None  # PDFs of the reports: None — when Chromium is on the machine
    no_page_cache: bool = False  # render every page again (the cache of rendered pages is not read)
    sweep: bool | None = None  # remove what a successful build did not use from the cache; None — from its own
    site_url: str | None = None  # instead of mkdocs.yml's: a region's part of a national site (/<region>/)


@dataclass
class BuildResult:
    ok: bool
    problems: list[Problem] = field(default_factory=list)
    pages: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    charts: int = 0
    svg_rendered: int = 0
    new_urls: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    report: Report | None = None
    nav: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    recommendations: int = 0
    pdfs: int = 0
    pdfs_printed: int = 0  # printed by this build (the others came from the cache)
    pdfs_unprinted: int = 0  # published reports left without a PDF: no Chromium, and the build was not told --pdf
    page_stats: PageStats | None = None
    editions_reused: list[int] = field(default_factory=list)  # editions taken from the cache, not made again
    editions_frozen: list[int] = field(default_factory=list)  # editions whose finished folder was reused whole
    swept: SweepStats | None = None  # what the sweep of the cache removed after the build
    site_bytes: int = 0  # the size of the built site, every file counted (a host stores each)


def site_info(config_path: Path, docs: Path, dataset_region: str, demo: bool, site_url: str | None = None) -> SiteInfo:
    """Site name and URL from ``mkdocs.yml``; the docs directory is ours, so it is created before MkDocs checks it."""
    from mkdocs.config import load_config

    docs.mkdir(parents=True, exist_ok=True)
    config = load_config(str(config_path), docs_dir=str(docs.resolve()), **({"site_url": site_url} if site_url else {}))
    return SiteInfo(name=config["site_name"], region=dataset_region, demo=demo, site_url=config["site_url"] or "")


def build(options: BuildOptions, *, log: Callable[[str], None] | None = None) -> BuildResult:
    """Build the site; after a successful build, sweep from the cache what it did not use
    (:mod:`generator.core.store`). One build per work folder at a time: a second one waits (:func:`one_build_in`)."""
    o = options
    refused = destination_problems(o.out, o.work, o.cache, o.data, o.content, o.config)
    if refused:  # before anything is written: the site and work folders are replaced and pruned
        return BuildResult(False, refused)
    progress = Progress(options.quiet)
    with one_build_in(options.work), recording() as used:
        try:
            result = _build(options, progress)
        except BaseException:  # a full disk, an interrupt: no half-made site left beside the published one
            for unfinished in options.out.resolve().parent.glob(f".{options.out.name}-new-*"):
                shutil.rmtree(unfinished, ignore_errors=True)
            raise
        if result.ok and options.swept_folders:
            result.swept = sweep(options.swept_folders, used)
            progress.done("кэш", str(result.swept))
    return result


def _build(options: BuildOptions, progress: Progress) -> BuildResult:
    svg_cache = options.cache or options.cache_root / "svg"
    start_vendor_bundle(options.work, svg_cache)  # in a process of its own; write_docs takes its result
    kept = None if options.no_page_cache else options.cache_root / "kept"  # a past edition's parts, with its data
    with parsed_files_kept_in(options.cache_root / "parsed"):
        report = validate(options.data, kept=kept)
    if report.errors or report.dataset is None or report.table is None or (options.strict_data and report.warnings):
        progress.done("проверка данных", f"ошибок: {len(report.errors)}")
        return BuildResult(False, report.problems, report=report)
    dataset, table = report.dataset, report.table
    progress.done("проверка и расчёт", report.summary())

    modified = data_date(options.data, dataset.monitoring_date(dataset.years[-1]) if dataset.years else None)
    docs = options.work / "docs"
    info = site_info(options.config, docs, dataset.registry.region.name, dataset.registry.region.demo, options.site_url)
    own_days = {y: day_moment(dataset.monitoring_date(y)) for y in dataset.years}  # an edition's date outside git
    moments = edition_moments(options.data, dataset.years, own_days)
    editions = edition_data(options.data, dataset.years, own_days, moments, report.versions)  # hashed once
    versions = {year: value["data_version"] for year, value in editions.items()}
    public, keys = kept_public_table(kept, versions, table, dataset) if kept else (public_table(table, dataset), None)
    downloads = write_downloads(
        table, dataset, docs / "data", modified=modified, public=public, cache=options.cache_root / "xlsx",
        texts=report.site.texts, keys=keys,
    )
    log = report.corrections or CorrectionLog()
    downloads += corrections.write_log(
        log, dataset, info.region, docs / "data", modified, downloads, report.site.texts
    )
    progress.done("выгрузки", f"CSV и XLSX: {format_count(len(downloads), FILES)}")
    rules = report.rules
    if rules is not None and kept:
        recommendations = kept_recommendations(kept, versions, rules, table, dataset)
    else:
        recommendations = recommend(rules, table, dataset) if rules is not None else []
    want_pdf = options.pdf if options.pdf is not None else chromium_path() is not None
    if want_pdf and chromium_path() is None:
        message = f"PDF отчётов не созданы (ключ --pdf): {chromium_absence()}"
        return BuildResult(False, [*report.problems, Problem(str(options.config), 1, 1, message)], report=report)
    cache = None
    if not options.no_page_cache:
        site = [info.name, info.region, info.demo, info.site_url, want_pdf, report.site.model_dump(mode="json")]
        cache = EditionCache.for_site(
            options.cache_root / "editions",
            {year: value["data_version"] for year, value in editions.items()},
            partial(_edition_around, dataset, log, site),
        )
    version = data_version(options.data)
    extra = _extra(info, report, modified, version, dataset)
    trees = None
    if cache is not None:
        around = [theme_fingerprint(options.config), content_nav(options.content), _frozen_extra(extra), want_pdf]
        # an edition's own data version and date are in its pages' footers (and its sitemap and PDFs)
        own = {y: f"{key}\n{sorted(editions[y].items())}" for y, key in cache.keys.items()}
        trees = EditionTrees.for_site(options.cache_root / "trees", own, around)
    frozen = [y for y in dataset.years if trees is not None and trees.complete(y)]
    manifests = {y: m for y in frozen if trees is not None and (m := trees.manifest(y)) is not None}
    frozen = [y for y in frozen if y in manifests]
    stores = _stores(options)
    for manifest in manifests.values():  # a finished edition reused whole uses what it was made of
        for kind, names in manifest.uses.items():
            for name in names if kind in stores else ():
                stores[kind].mark(name)
    open_data = opendata.build_open_data(
        dataset,
        table,
        log,
        read_snapshot(options.data / PUBLISHED_FILE),
        recommendations,
        report.site,
        info.site_url,
        info.region,
        modified,
        kept_current_values(kept, versions, log) if kept else None,
    )
    content = build_site_content(
        dataset,
        table,
        public,
        info,
        downloads=downloads,
        rules=rules,
        recommendations=recommendations,
        pdfs=want_pdf,
        workers=options.workers or os.cpu_count() or 1,
        cache=cache,
        site=report.site,
        corrections=log,
        open_data=opendata.listing(open_data),
        frozen=frozen,
        section_csv=partial(kept_section_rows, kept, versions, public) if kept and keys else None,
        found=report.findings,
    )
    shell = content.shell
    shell.files.update(open_data.files)
    found = feed.entries(dataset, log, edition_states(dataset), moments, open_data.base, info.region)
    shell.files[feed.FEED_FILE] = feed.render(
        found,
        title=f"{info.name}: {info.region}",
        subtitle=f"Выпуски {report.site.texts.short_genitive} и исправления опубликованных данных",
        base=open_data.base,
        author=open_data.publisher.owner,
        fallback=modified,
    )
    reused = f"; выпусков готовыми {len(frozen)} из {len(dataset.years)}" if cache is not None else ""
    made = f"{format_count(content.pages_count, PAGES)}, {format_count(content.charts_count, CHARTS)}"
    progress.done("страницы", made + reused)

    published = content.urls | {"/data/" + p.name for p in downloads}
    for manifest in manifests.values():
        published |= manifest.urls
    published |= embed.published(shell.files)  # /embed/… pages sit on other sites: permanent too
    url_check = lockfile.check(published, options.data / LOCKFILE, options.data / REDIRECTS)
    if url_check.problems:
        return BuildResult(False, report.problems + url_check.problems, report=report)
    moved_embeds, redirects = embed.split_redirects(url_check.redirects)  # a moved embed stays a standalone page
    shell.files.update(moved_embeds)
    shell.pages.update(redirect_pages(redirects))
    hand_written = content_nav(options.content)
    for part in content.all():
        part.nav += hand_written

    files = write_docs(content, options.work, options.content, svg_cache, options.workers, downloads)
    page_count = content.pages_count + sum(len(m.pages) for m in manifests.values())  # made, and finished before
    chart_count = content.charts_count + sum(m.charts or len(m.uses.get("svg", ())) for m in manifests.values())
    progress.done("файлы", str(files))
    content.clear()  # the texts are on disk now; MkDocs' workers are forked from this process

    # Built next to the published directory, so the final swap is a rename on one file system.
    out_parent = options.out.resolve().parent
    out_parent.mkdir(parents=True, exist_ok=True)
    site_tmp = Path(tempfile.mkdtemp(prefix=f".{options.out.name}-new-", dir=out_parent))
    run = MkDocsRun(
        options.config, extra, options.workers, None if options.no_page_cache else options.cache_root / "pages",
        options.site_url, editions, progress,
    )  # fmt: skip
    made_years = [y for y in dataset.years if y not in frozen]
    outputs: dict[int, Path] = {}
    try:
        with _source_date(modified):
            latest = announced(edition_states(dataset))
            stats, fresh = _run_builds(
                run, options, files, made_years, manifests, site_tmp, outputs, trees, latest, moments
            )
    except BaseException as exc:
        _discard(site_tmp, outputs, trees)
        warnings = [Problem(str(options.config), 1, 1, f"MkDocs: {text}") for text in run.collect.messages]
        message = f"сборка MkDocs не удалась: {exc}"
        return BuildResult(
            False, [*report.problems, *warnings, Problem(str(options.config), 1, 1, message)], report=report
        )
    progress.done("MkDocs", str(stats))
    pdf_stats, pdf_count = None, 0
    every = report_jobs(site_tmp, dataset.entries, dataset.registry.names, log)  # the reports of the published editions
    unprinted = len(every) if options.pdf is None and not want_pdf else 0  # no Chromium here: the build says so
    if want_pdf:
        # those made this time, printed into their edition's own folder (a finished edition has its PDFs already)
        pdf_count = len(every)
        jobs = [
            replace(job, out_file=outputs[year] / job.out_file.relative_to(site_tmp))
            for job in every
            if (year := int(job.url_path.strip("/").split("/", 1)[0])) in outputs
        ]
        if jobs:  # Chromium's tabs come next: what the pages needed (~100 MiB at 60 × 5) and the freed memory go
            del public, open_data
            release_freed()
        try:
            pdf_stats = PdfStats(0, 0, 0)
            for year in sorted(outputs):  # a PDF carries the date of its edition's data, as its pages do
                mine = [job for job in jobs if job.url_path.startswith(f"/{year}/")]
                with _source_date(moments[year]):
                    done = print_pdfs(
                        site_tmp,
                        mine,
                        options.cache_root / "pdf",
                        public_url=info.site_url,  # the PDFs' links lead to the published pages
                        # named by edition, as MkDocs' lines are: each edition's count starts anew
                        on_progress=lambda done, total, year=year: progress.tick(
                            f"PDF {year}", done, total, "напечатано"
                        ),
                    )
                pdf_stats = PdfStats(*(a + b for a, b in zip(astuple(pdf_stats), astuple(done), strict=True)))
                fresh[year].uses["pdf"] = done.keys
            for job in jobs:  # printed into the edition's own folder, which the site shares
                link_or_copy(job.out_file, site_tmp / job.url_path.strip("/") / job.out_file.name)
        except Exception as exc:
            _discard(site_tmp, outputs, trees)
            message = f"PDF отчётов не созданы: {exc}"
            return BuildResult(False, [*report.problems, Problem(str(options.config), 1, 1, message)], report=report)
        progress.done("PDF", f"всего {pdf_stats.total}, напечатано {pdf_stats.printed}, из кэша {pdf_stats.cached}")
    for year, folder in outputs.items():
        if trees is not None:
            fresh[year] = trees.finish(year, folder, fresh[year])
        else:
            shutil.rmtree(folder, ignore_errors=True)
    if trees is not None:
        finished = [trees.path(y) for y in sorted(manifests) if y not in outputs]
        try:
            place_trees(finished, site_tmp, options.out if options.out.is_dir() else None)
        except OSError as exc:
            _discard(site_tmp, {}, trees)
            message = f"готовые выпуски не перенесены в сайт: {exc}"
            return BuildResult(False, [*report.problems, Problem(str(options.config), 1, 1, message)], report=report)
    placed = {trees.path(y): m for y, m in {**manifests, **fresh}.items()} if trees is not None else {}
    size = site_bytes(site_tmp, placed)  # the finished editions in it measured when they were finished
    swap_in(site_tmp, options.out)
    return BuildResult(
        True,
        report.problems,
        pages=page_count,
        written=files.written,
        unchanged=files.unchanged,
        removed=files.removed,
        charts=chart_count,
        svg_rendered=files.svg_rendered,
        new_urls=url_check.new,
        timings=progress.timings,
        report=report,
        nav=shell.nav,
        extra=extra,
        recommendations=len(recommendations),
        pdfs=pdf_count,
        pdfs_printed=pdf_stats.printed if pdf_stats else 0,
        pdfs_unprinted=unprinted,
        page_stats=stats,
        editions_reused=sorted(cache.hits) if cache is not None else [],
        editions_frozen=frozen,
        site_bytes=size,
    )


def _stores(options: BuildOptions) -> dict[str, ContentStore]:
    """The stores a finished edition's manifest names entries of, by kind."""
    root = options.cache_root
    return {"pages": ContentStore(root / "pages"), "svg": ContentStore(options.cache or root / "svg"),
            "pdf": ContentStore(root / "pdf")}  # fmt: skip


def _extra(info: SiteInfo, report: Report, modified: datetime, version: str, dataset: Any) -> dict[str, Any]:
    extra: dict[str, Any] = {
        "proforientir": {
            "data_version": version,
            "data_date": format_date_table(modified.date()),
            "region": str(attr(info.region)),  # the citation partial writes it into the HTML unescaped
            "citation": str(attr(report.site.texts.citation or "")),  # what the monitoring is, in the citation
            "demo": info.demo,
        }
    }
    latest = announced(edition_states(dataset))
    if latest is not None:  # the «page not found» page links the latest edition
        extra["proforientir"]["latest_url"] = urls.edition(latest).lstrip("/")
        extra["proforientir"]["latest_label"] = academic_year_short(latest)
    return extra


def _edition_around(dataset: Any, log: CorrectionLog, site: list[Any], year: int) -> list[Any]:
    """What an edition's pages show besides its own data (part of its key in the edition cache): the site's
    shape up to its year — the editions, which municipalities have data in each, the registry's names, the
    editions published incomplete — the site's name, address and texts, and its published state and
    corrections. Nothing of a later year: the next school year's files leave a finished edition finished."""
    shape = {
        "entries": sorted(f"{y}/{slug}" for y, slug in dataset.entries if y <= year),
        "years": [y for y in dataset.years if y <= year],
        "municipalities": [
            (m.slug, m.name, m.type.value, [(f.name, str(f.type), f.until) for f in m.former_names])
            for m in dataset.registry.municipalities
        ],
        # editions published incomplete (data/editions.yaml) are not drafts: their pages change
        "incomplete": sorted((y, why) for y, why in dataset.incomplete.items() if y <= year),
    }
    # a correction's notice is on the pages of its edition (and on the home page, which is not an edition's)
    own = {str(y): e.model_dump(mode="json") for y, e in sorted(log.editions.items()) if y <= year}
    return [shape, site, own]


def _frozen_extra(extra: dict[str, Any]) -> dict[str, Any]:
    """The extra values an edition's pages show (its build's), but the data version and date: they have their
    own of those, in the edition's key."""
    extra = edition_extra(extra)
    return {**extra, "proforientir": {k: v for k, v in extra["proforientir"].items() if k not in LATE}}


def _run_builds(
    run: MkDocsRun,
    options: BuildOptions,
    files: DocsFolders,
    made: list[int],
    manifests: dict[int, Manifest],
    site_tmp: Path,
    outputs: dict[int, Path],
    trees: EditionTrees | None,
    latest: int | None,
    moments: dict[int, datetime],
) -> tuple[PageStats, dict[int, Manifest]]:
    """The rest of the site into ``site_tmp``, each edition made this time into its own folder, then those
    folders linked into the site."""
    edition_pages = {y: m.pages for y, m in manifests.items()} | {y: files.edition_pages[y] for y in made}
    by_year: dict[int, dict[str, list[str] | None]] = {}
    for year, pages in edition_pages.items():
        known = manifests[year].anchors if year in manifests else {}
        by_year[year] = {p: known.get(p) for p in pages}
    foreign = {p: a for pages in by_year.values() for p, a in pages.items()}
    total = run.build(files.shell, site_tmp, files.shell_nav, Scope("", foreign, True), "MkDocs")
    shell_known: dict[str, list[str] | None] = {p: total.anchors.get(p) for p in files.shell_pages}
    fresh: dict[int, Manifest] = {}
    for year in made:
        outputs[year] = trees.start(year) if trees is not None else Path(tempfile.mkdtemp(dir=options.work))
        # An edition links to the rest of the site and to earlier editions, never to a later one (its pages
        # must not change when one comes): MkDocs knows of those only, and a link to a later page fails.
        earlier = {p: a for y, pages in by_year.items() if y < year for p, a in pages.items()}
        scope = Scope(f"{year}/", shell_known | earlier, False, moments[year].date().isoformat())
        stats = run.build(files.editions[year], outputs[year], files.edition_navs[year], scope, f"MkDocs {year}")
        made = {"pages": [k + s for k in stats.keys for s in (".html", ".json")], "svg": files.edition_charts[year]}
        fresh[year] = Manifest(edition_pages[year], stats.anchors, stats.search, made, charts=files.chart_counts[year])
        total = total + stats
    for year in sorted(outputs):  # the finished editions join the site last (place_trees, before the swap)
        link_tree(outputs[year], site_tmp)
    if latest is not None and (latest in fresh or latest in manifests):
        entries = fresh[latest].search if latest in fresh else manifests[latest].search
        join_latest_search(site_tmp, entries, latest)
    return total, fresh


def _discard(site_tmp: Path, outputs: dict[int, Path], trees: EditionTrees | None) -> None:
    shutil.rmtree(site_tmp, ignore_errors=True)
    for folder in outputs.values():
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _source_date(moment: datetime) -> Iterator[None]:
    """SOURCE_DATE_EPOCH set to the data's date while MkDocs and the PDF printer run, then restored."""
    with setting("SOURCE_DATE_EPOCH", str(int(moment.timestamp()))):
        yield
