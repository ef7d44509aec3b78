"""The whole build: validate → compute → pages, charts and downloads → MkDocs → site/.

The generated Markdown goes to a work directory (``build/docs``, never committed) together with the
hand-written pages of ``content/``; MkDocs builds it into a fresh directory that replaces ``site/``
only when everything succeeded, so a failed build (invalid data, a strict warning, a vanished URL)
leaves the previously published site untouched. Every file is written only when its bytes change, and
dates come from the data, not the clock: the same commit builds the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TextIO

from generator.build.cache import EditionCache
from generator.build.mkdocs import PageStats, WarningLog
from generator.build.site_pages import build_site_content
from generator.build.validate import Report, validate
from generator.core.files import write_if_changed
from generator.core.formatting import (
    CHARTS,
    FILES,
    PAGES,
    academic_year,
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
from generator.publish.pdf import PdfJob, chromium_path, print_pdfs
from generator.publish.public_table import public_table
from generator.recommend.evaluate import recommend
from generator.site import corrections as site_corrections
from generator.site import embed, urls
from generator.site.charts import render_svgs, write_vendor_bundle
from generator.site.context import SiteInfo
from generator.site.render import SiteContent
from generator.site.urls import pdf_name

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
    page_stats: PageStats | None = None
    editions_reused: list[int] = field(default_factory=list)  # editions taken from the cache, not made again


class Progress:
    """Stage, count and elapsed time; quiet enough for CI logs.

    Every finished stage is one line. Within a long stage (thousands of pages) a terminal gets one line
    rewritten in place with the count so far; a log (not a terminal, or ``CI`` set) gets at most one line
    per quarter of the stage, so a CI log of a large region stays a screenful.
    """

    def __init__(self, quiet: bool, stream: TextIO | None = None) -> None:
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() and not os.environ.get("CI")
        self.start = time.perf_counter()
        self.last = self.start
        self.timings: dict[str, float] = {}
        self._shown = 0.0
        self._quarter = -1
        self._live = False

    def _clear(self) -> None:
        if self._live:
            self.stream.write("\r\033[K")
            self._live = False

    def done(self, stage: str, detail: str = "") -> None:
        now = time.perf_counter()
        self.timings[stage] = now - self.last
        self.last = now
        self._quarter = -1
        if not self.quiet:
            self._clear()
            print(f"[{now - self.start:6.1f} с] {stage}{': ' + detail if detail else ''}", file=self.stream)

    def tick(self, stage: str, done: int, total: int, unit: str = "") -> None:
        """Progress inside a stage: ``done`` of ``total``."""
        if self.quiet or total <= 0:
            return
        now = time.perf_counter()
        line = f"[{now - self.start:6.1f} с] {stage}: {done} из {total}{' ' + unit if unit else ''}"
        if self.tty:
            if now - self._shown >= 0.2 or done == total:
                self.stream.write("\r\033[K" + line)
                self.stream.flush()
                self._shown, self._live = now, True
            return
        quarter = done * 4 // total
        if quarter > self._quarter and done < total:
            self._quarter = quarter
            print(line, file=self.stream)


def data_version(root: Path, paths: list[Path] | None = None) -> str:
    """A short fingerprint of the data files (all of them, or ``paths``): the footer names the data a page
    was built from."""
    digest = hashlib.sha256()
    chosen = paths if paths is not None else [p for p in root.rglob("*") if p.is_file()]
    for path in sorted(p for p in chosen if p.is_file() and not p.name.startswith(".")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


EDITION_SHARED = ("indicators.yaml", "region.yaml", "rules.yaml")
"""Files every edition is computed from, besides the year folders up to its own year."""


def edition_inputs(root: Path, year: int) -> list[Path]:
    """The data files an edition's pages are made of: the catalogue, the registry, the rules and the
    years up to the edition's own (a page shows the trend and the change to the year before). A later
    year or a correction of the current one leaves a past edition's inputs — and so its pages — alone."""
    paths = [root / name for name in EDITION_SHARED]
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and p.name.isdigit() and int(p.name) <= year):
        paths += [p for p in folder.rglob("*") if p.is_file()]
    return paths


def edition_data(root: Path, years: list[int], fallback: datetime) -> dict[int, dict[str, str]]:
    """The data version and date of each edition, for the footer and the citation of its pages.

    Past editions are frozen: what their pages say about the data must not change when the current
    year's data do, or every data commit would rewrite every page of every year.
    """
    out: dict[int, dict[str, str]] = {}
    moments = edition_moments(root, years, fallback)
    for year in years:
        paths = edition_inputs(root, year)
        moment = moments[year]
        out[year] = {"data_version": data_version(root, paths), "data_date": format_date_table(moment.date())}
    return out


def edition_moments(root: Path, years: list[int], fallback: datetime) -> dict[int, datetime]:
    """The date of each edition's own data: the last commit of the files its pages are made of."""
    out = {}
    for year in years:
        paths = edition_inputs(root, year)
        shared = [p.relative_to(root).as_posix() for p in paths if p.parent == root]
        out[year] = _git_date(root, shared + [str(y) for y in years if y <= year]) or fallback
    return out


def _git_date(root: Path, paths: list[str]) -> datetime | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", *paths],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return datetime.fromtimestamp(int(out), UTC) if out.isdigit() else None


def data_date(root: Path, latest: date | None) -> datetime:
    """The date of the data: SOURCE_DATE_EPOCH, else the last commit touching it, else ``latest``, the
    monitoring date of the last year."""
    moment = _git_date(root, ["."])
    if moment is not None:
        return moment
    day = latest or date(2000, 5, 31)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def site_info(config_path: Path, docs: Path, dataset_region: str, demo: bool, site_url: str | None = None) -> SiteInfo:
    """Site name and URL from ``mkdocs.yml``; the docs directory is ours, so it is created before MkDocs checks it."""
    from mkdocs.config import load_config

    docs.mkdir(parents=True, exist_ok=True)
    config = load_config(str(config_path), docs_dir=str(docs.resolve()), **({"site_url": site_url} if site_url else {}))
    return SiteInfo(name=config["site_name"], region=dataset_region, demo=demo, site_url=config["site_url"] or "")


def sync_docs(content: SiteContent, docs: Path, hand_written: Path) -> tuple[int, int, int, set[Path]]:
    """Write the generated tree; return (written, unchanged, removed, kept paths)."""
    wanted: dict[Path, bytes] = {}
    if hand_written.is_dir():
        for path in sorted(hand_written.rglob("*")):
            if path.is_file():
                wanted[docs / path.relative_to(hand_written)] = path.read_bytes()
    for rel, text in content.pages.items():
        wanted[docs / rel] = text.encode("utf-8")
    for rel, data in content.files.items():
        wanted[docs / rel] = data
    written = unchanged = 0
    for path, data in wanted.items():
        if write_if_changed(path, data):
            written += 1
        else:
            unchanged += 1
    return written, unchanged, 0, set(wanted)


def prune(docs: Path, keep: set[Path]) -> int:
    """Remove files a previous build wrote that this build no longer produces (and emptied folders)."""
    if not docs.is_dir():
        return 0
    wanted = {os.fspath(p) for p in keep}
    removed = 0
    for folder, _subfolders, names in os.walk(docs, topdown=False):
        for name in names:
            path = os.path.join(folder, name)
            if path not in wanted:
                os.unlink(path)
                removed += 1
        if folder != os.fspath(docs) and not os.listdir(folder):
            os.rmdir(folder)
    return removed


def content_nav(content_dir: Path) -> list[dict[str, str]]:
    """Hand-written top-level pages of ``content/`` in the navigation, by their front-matter title."""
    entries = []
    for path in sorted(content_dir.glob("*.md")) if content_dir.is_dir() else []:
        title = path.stem
        for line in path.read_text(encoding="utf-8").splitlines()[1:20]:
            if line.startswith("title:"):
                title = line.split(":", 1)[1].strip().strip('"')
                break
            if line.strip() == "---":
                break
        entries.append({title: path.name})
    return entries


def redirect_pages(redirects: dict[str, str]) -> dict[str, str]:
    pages = {}
    for old, new in redirects.items():
        rel = old.strip("/") + "/index.md" if old.endswith("/") else None
        if rel is None:
            continue
        target = os.path.relpath(new.strip("/") or ".", old.strip("/")) + "/"
        md_target = os.path.relpath(urls.docs_path(new), os.path.dirname(rel))
        pages[rel] = (
            "---\n"
            f"title: {json.dumps('Страница перенесена', ensure_ascii=False)}\n"
            "template: redirect.html\n"
            f"redirect_to: {json.dumps(target)}\n"
            f"redirect_url: {json.dumps(new)}\n"
            "search:\n  exclude: true\n"
            "---\n\n"
            f"Страница перенесена: [{new}]({md_target}).\n"
        )
    return pages


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
            [info.name, info.region, info.demo, info.site_url, want_pdf, report.site.model_dump(mode="json")],
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
    )
    site_corrections.apply(content.pages, log, dataset, info.region, info.demo)
    open_data = opendata.build_open_data(
        dataset, table, log, read_snapshot(options.data / PUBLISHED_FILE), recommendations,
        report.site, info.site_url, info.region, modified,
    )
    content.files.update(open_data.files)
    if urls.docs_path(urls.DATA) in content.pages:
        content.pages[urls.docs_path(urls.DATA)] += "\n" + opendata.data_section(open_data)
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
    if urls.docs_path(urls.HOME) in content.pages:
        content.pages[urls.docs_path(urls.HOME)] = feed.on_home_page(content.pages[urls.docs_path(urls.HOME)])
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
        jobs = [
            PdfJob(
                url_path=urls.report(year, slug),
                out_file=site_tmp / urls.report(year, slug).strip("/") / pdf_name(year, slug),
                title=f"Аналитический отчёт — {names[slug]}, {academic_year(year)}",
            )
            for year, slug in sorted(dataset.entries)
        ]
        try:
            with _source_date(modified):  # the PDFs carry the date of the data, as the pages do
                pdf_stats = print_pdfs(site_tmp, jobs, options.cache_root / "pdf")
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
