"""The whole build: validate → compute → pages, charts and downloads → MkDocs → site/.

The generated Markdown goes to a work directory (``build/docs``, never committed) together with the
hand-written pages of ``content/``; MkDocs builds it into a fresh directory that replaces ``site/``
only when everything succeeded, so a failed build (invalid data, a strict warning, a vanished URL)
leaves the previously published site untouched. Every file is written only when its bytes change, and
dates come from the data, not the clock: the same commit builds the same bytes.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from generator.build.cache import EditionCache
from generator.build.docs_folder import content_nav, prune, redirect_pages, sync_docs
from generator.build.mkdocs import PageStats, WarningLog
from generator.build.progress import Progress
from generator.build.site_pages import build_site_content
from generator.build.validate import Report, validate
from generator.build.versions import data_date, data_version, edition_data, edition_moments
from generator.core.formatting import (
    CHARTS,
    FILES,
    PAGES,
    academic_year_short,
    format_count,
    format_date_table,
)
from generator.core.text import attr
from generator.inputs.editions import announced, edition_states
from generator.inputs.editions_log import PUBLISHED_FILE, CorrectionLog, read_snapshot
from generator.inputs.problems import Problem
from generator.publish import corrections, feed, lockfile, opendata
from generator.publish.downloads import write_downloads
from generator.publish.lockfile import LOCKFILE, REDIRECTS
from generator.publish.pdf import chromium_path, print_pdfs
from generator.publish.public_table import public_table
from generator.publish.report_pdfs import report_jobs
from generator.recommend.evaluate import recommend
from generator.site import embed, urls
from generator.site.chart_render import render_svgs, write_vendor_bundle
from generator.site.chartfile import write_templates
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

    config: Path = Path("mkdocs.yml")
    content: Path = Path("content")
    strict_data: bool = False
    workers: int | None = None
    quiet: bool = False
    pdf: bool | None = None  # PDFs of the reports: None — when Chromium is on the machine
    no_page_cache: bool = False  # render every page again (the cache of rendered pages is not read)
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
    page_stats: PageStats | None = None
    editions_reused: list[int] = field(default_factory=list)  # editions taken from the cache, not made again


def site_info(config_path: Path, docs: Path, dataset_region: str, demo: bool, site_url: str | None = None) -> SiteInfo:
    """Site name and URL from ``mkdocs.yml``; the docs directory is ours, so it is created before MkDocs checks it."""
    from mkdocs.config import load_config

    docs.mkdir(parents=True, exist_ok=True)
    config = load_config(str(config_path), docs_dir=str(docs.resolve()), **({"site_url": site_url} if site_url else {}))
    return SiteInfo(name=config["site_name"], region=dataset_region, demo=demo, site_url=config["site_url"] or "")


def run_mkdocs(
    options: BuildOptions,
    docs: Path,
    nav: list,
    extra: dict,
    site_tmp: Path,
    collect: WarningLog,
    editions: dict[int, dict[str, str]] | None = None,
    progress: Progress | None = None,
) -> PageStats:
    """Build with MkDocs in strict mode; its warnings land in ``collect`` (and fail the build).

    The pages are rendered in parallel and cached by their inputs (:mod:`generator.build.mkdocs`);
    a page of an edition (``/<year>/…``) shows that edition's own data version in its footer.
    """
    from mkdocs.config import load_config

    from generator.build.mkdocs import build as mkdocs_build

    config = load_config(
        str(options.config),
        docs_dir=str(docs.resolve()),
        site_dir=str(site_tmp.resolve()),
        nav=nav,
        strict=True,
        **({"site_url": options.site_url} if options.site_url else {}),
    )
    config["extra"].update(extra)
    config["watch"] = []
    by_year = editions or {}

    def page_extra(src_uri: str) -> dict:
        head = src_uri.split("/", 1)[0]
        own = by_year.get(int(head)) if head.isdigit() else None
        return {"proforientir": own} if own else {}

    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        return mkdocs_build(
            config,
            workers=options.workers,
            cache_dir=None if options.no_page_cache else options.cache_root / "pages",
            page_extra=page_extra,
            on_pages=(lambda done, total: progress.tick("MkDocs", done, total, "страниц")) if progress else None,
            compact=True,
        )
    finally:
        logger.removeHandler(collect)


def build(options: BuildOptions, *, log: Callable[[str], None] | None = None) -> BuildResult:
    progress = Progress(options.quiet)
    report = validate(options.data)
    if report.errors or report.dataset is None or report.table is None or (options.strict_data and report.warnings):
        progress.done("проверка данных", f"ошибок: {len(report.errors)}")
        return BuildResult(False, report.problems, report=report)
    dataset, table = report.dataset, report.table
    progress.done("проверка и расчёт", report.summary())

    modified = data_date(options.data, dataset.monitoring_date(dataset.years[-1]) if dataset.years else None)
    docs = options.work / "docs"
    info = site_info(options.config, docs, dataset.registry.region.name, dataset.registry.region.demo, options.site_url)
    public = public_table(table, dataset)
    downloads = write_downloads(
        table, dataset, docs / "data", modified=modified, public=public, cache=options.cache_root / "xlsx",
        texts=report.site.texts,
    )
    log = report.corrections or CorrectionLog()
    downloads += corrections.write_log(
        log, dataset, info.region, docs / "data", modified, downloads, report.site.texts
    )
    progress.done("выгрузки", f"CSV и XLSX: {format_count(len(downloads), FILES)}")
    rules = report.rules
    recommendations = recommend(rules, table, dataset) if rules is not None else []
    want_pdf = options.pdf if options.pdf is not None else chromium_path() is not None
    if want_pdf and chromium_path() is None:
        message = "PDF отчётов не созданы: не найден Chromium (/usr/bin/chromium; apt-get install chromium)"
        return BuildResult(False, [*report.problems, Problem(str(options.config), 1, 1, message)], report=report)
    editions = edition_data(options.data, dataset.years, modified)
    shape = {
        "entries": sorted(f"{year}/{slug}" for year, slug in dataset.entries),
        "years": dataset.years,
        "municipalities": [(m.slug, m.name, m.type.value) for m in dataset.registry.municipalities],
        # editions published incomplete (data/editions.yaml) are not drafts: their pages and «latest» change
        "incomplete": sorted(dataset.incomplete.items()),
    }
    cache = None
    if not options.no_page_cache:
        cache = EditionCache.for_site(
            options.cache_root / "editions",
            {year: value["data_version"] for year, value in editions.items()},
            shape,
            [
                info.name,
                info.region,
                info.demo,
                info.site_url,
                want_pdf,
                report.site.model_dump(mode="json"),
                # a correction's notice is on the pages of its edition, and the home page's of the latest
                {str(y): e.model_dump(mode="json") for y, e in sorted(log.editions.items())},
            ],
        )
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
    )
    content.files.update(open_data.files)
    found = feed.entries(dataset, log, edition_states(dataset), edition_moments(options.data, dataset.years, modified),
                         open_data.base, info.region)
    content.files[feed.FEED_FILE] = feed.render(
        found,
        title=f"{info.name}: {info.region}",
        subtitle=f"Выпуски {report.site.texts.short_genitive} и исправления опубликованных данных",
        base=open_data.base,
        author=open_data.publisher.owner,
        fallback=modified,
    )
    reused = f"; выпусков из кэша {len(cache.hits)} из {len(dataset.years)}" if cache is not None else ""
    progress.done(
        "страницы", f"{format_count(len(content.pages), PAGES)}, {format_count(len(content.charts), CHARTS)}{reused}"
    )

    published = content.urls | {"/data/" + p.name for p in downloads}
    published |= embed.published(content.files)  # /embed/… pages sit on other sites: permanent too
    url_check = lockfile.check(published, options.data / LOCKFILE, options.data / REDIRECTS)
    if url_check.problems:
        return BuildResult(False, report.problems + url_check.problems, report=report)
    moved_embeds, redirects = embed.split_redirects(url_check.redirects)  # a moved embed stays a standalone page
    content.files.update(moved_embeds)
    content.pages.update(redirect_pages(redirects))

    content.nav += content_nav(options.content)
    written, unchanged, _, keep = sync_docs(content, docs, options.content)
    keep |= set(downloads)
    keep.add(write_vendor_bundle(docs / "assets" / "vendor"))
    keep |= write_templates(docs)
    stats = render_svgs(content.charts, docs, options.cache or options.cache_root / "svg", workers=options.workers)
    keep |= {docs / f"{name}.{ext}" for name in content.charts for ext in ("svg", "json")}
    removed = prune(docs, keep)
    # The texts are on disk now; MkDocs' workers are forked from this process, so they are let go first.
    page_count, chart_count = len(content.pages), len(content.charts)
    content.pages.clear()
    content.charts.clear()
    content.files.clear()
    progress.done("файлы", f"записано {written}, без изменений {unchanged}, удалено {removed}; SVG: {stats}")

    version = data_version(options.data)
    extra = {
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
    # Built next to the published directory, so the final swap is a rename on one file system.
    out_parent = options.out.resolve().parent
    out_parent.mkdir(parents=True, exist_ok=True)
    site_tmp = Path(tempfile.mkdtemp(prefix=f".{options.out.name}-new-", dir=out_parent))
    collect = WarningLog()
    try:
        with _source_date(modified):
            page_stats = run_mkdocs(options, docs, content.nav, extra, site_tmp, collect, editions, progress)
    except BaseException as exc:
        shutil.rmtree(site_tmp, ignore_errors=True)
        warnings = [Problem(str(options.config), 1, 1, f"MkDocs: {text}") for text in collect.messages]
        message = f"сборка MkDocs не удалась: {exc}"
        return BuildResult(
            False, [*report.problems, *warnings, Problem(str(options.config), 1, 1, message)], report=report
        )
    progress.done("MkDocs", str(page_stats))
    pdf_stats = None
    if want_pdf:
        names = {m.slug: m.name for m in dataset.registry.municipalities}
        jobs = report_jobs(site_tmp, dataset.entries, names, log)  # the published editions' reports
        try:
            with _source_date(modified):  # the PDFs carry the date of the data, as the pages do
                pdf_stats = print_pdfs(
                    site_tmp,
                    jobs,
                    options.cache_root / "pdf",
                    on_progress=lambda done, total: progress.tick("PDF", done, total, "напечатано"),
                )
        except Exception as exc:
            shutil.rmtree(site_tmp, ignore_errors=True)
            message = f"PDF отчётов не созданы: {exc}"
            return BuildResult(False, [*report.problems, Problem(str(options.config), 1, 1, message)], report=report)
        progress.done("PDF", f"всего {pdf_stats.total}, напечатано {pdf_stats.printed}, из кэша {pdf_stats.cached}")
    _swap(site_tmp, options.out)
    return BuildResult(
        True,
        report.problems,
        pages=page_count,
        written=written,
        unchanged=unchanged,
        removed=removed,
        charts=chart_count,
        svg_rendered=getattr(stats, "rendered", 0),
        new_urls=url_check.new,
        timings=progress.timings,
        report=report,
        nav=content.nav,
        extra=extra,
        recommendations=len(recommendations),
        pdfs=pdf_stats.total if pdf_stats else 0,
        pdfs_printed=pdf_stats.printed if pdf_stats else 0,
        page_stats=page_stats,
        editions_reused=sorted(cache.hits) if cache is not None else [],
    )


@contextmanager
def _source_date(moment: datetime) -> Iterator[None]:
    """SOURCE_DATE_EPOCH set to the data's date while MkDocs and the PDF printer run, then restored."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def _swap(new: Path, out: Path) -> None:
    """Replace ``out`` by ``new`` in two renames, so readers never see a half-written site."""
    out = out.resolve()
    if out.exists():
        old = out.with_name(out.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
        new.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        new.rename(out)
