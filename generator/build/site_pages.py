"""Which pages the site has, made in parallel and kept between builds.

The pages themselves are made by the page modules of :mod:`generator.site` from a read-only
:class:`~generator.site.context.SiteContext`; this step decides which pages exist, shares the editions out
to forked workers, takes unchanged editions from the cache and puts the result together in the order of
a build in one process.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from generator.checks.quality import Finding
from generator.compute.table import REGION, IndicatorTable
from generator.inputs.dataset import Dataset
from generator.inputs.editions_log import CorrectionLog
from generator.inputs.site_file import SiteFile, read_site_file
from generator.publish.downloads import SectionCsvIndex
from generator.site import (
    corrections_page,
    cycle_page,
    data_page,
    edition,
    embed,
    home,
    latest,
    methodology,
    municipality,
    recommendations,
    report,
    section,
    targets,
    versions_list,
)
from generator.site.charts import StaticSource, prepare_templates
from generator.site.context import SiteContext, SiteInfo
from generator.site.navigation import navigation
from generator.site.render import Page, SiteContent, compile_templates

if TYPE_CHECKING:
    from generator.build.cache import EditionCache
    from generator.recommend.model import Recommendation, RuleSet

Unit = tuple[int, int, tuple[str, ...]]
"""A part of an edition's work: (year, part, municipalities); see :func:`units`."""

_FORKED: dict[str, Any] = {}  # the context, inherited by forked workers


def edition_pages(ctx: SiteContext, year: int, slugs: Sequence[str], overview: bool) -> Iterator[Page]:
    """A part of an edition's pages: the overview and the region's (with ``overview``) and those of the
    municipalities ``slugs``."""
    sections = [s.id for s in ctx.cat.sections_in(year)]
    if overview:
        yield edition.make(ctx, year)
        for section_id in sections if not ctx.municipal else ():
            yield section.make(ctx, year, REGION, section_id)
    for slug in slugs:
        yield municipality.make(ctx, year, slug)
        for section_id in sections:
            yield section.make(ctx, year, slug, section_id)


def management_pages(ctx: SiteContext, year: int, slugs: Sequence[str], overview: bool) -> Iterator[Page]:
    """A part of an edition's management pages: the region's (with ``overview``) and those of ``slugs``."""
    if overview and not ctx.municipal:  # a municipal monitoring: its own page is the top one
        yield recommendations.make_region(ctx, year)
    for slug in slugs:
        yield recommendations.make(ctx, year, slug)
        yield targets.make(ctx, year, slug)
        yield cycle_page.make(ctx, year, slug)
        yield report.make(ctx, year, slug)


def units(ctx: SiteContext, years: Sequence[int], workers: int) -> list[Unit]:
    """The work of these editions in parts: (year, part, municipalities); the part 0 of a year also
    makes the edition's overview and the region's pages.

    With several workers, every edition is cut into as many contiguous runs of municipalities as there are
    workers: a data commit that makes the current edition only has both cores make it, and a cold build
    of five editions on two cores has ten parts, not five, so that one core does not make the fifth
    edition alone while the other waits (the parts of an edition share little: a municipality's blocks
    are its own, the region's figures are lookups).
    """
    found: list[Unit] = []
    for year in years:
        slugs = tuple(mu.slug for mu in ctx.munis if ctx.has_data(year, mu.slug))
        count = max(1, min(len(slugs), workers))
        size = -(-len(slugs) // count) if slugs else 0
        runs = [slugs[i : i + size] for i in range(0, len(slugs), size)] if size else [()]
        found += [(year, index, run) for index, run in enumerate(runs)]
    return found


def _collect(pages: Iterator[Page]) -> SiteContent:
    content = SiteContent()
    for page in pages:
        content.add(page)
    return content


def _edition_group(group: list[Unit]) -> list[tuple[Unit, tuple[SiteContent, SiteContent]]]:
    """For each part of an edition, its pages and its management pages (in a forked worker, or here)."""
    ctx: SiteContext = _FORKED["ctx"]
    out = []
    for unit in group:
        year, index, slugs = unit
        ctx.memo.clear()  # an edition's indicator blocks serve its section pages and its reports
        pages = _collect(edition_pages(ctx, year, slugs, overview=index == 0))
        management = _collect(management_pages(ctx, year, slugs, overview=index == 0))
        out.append((unit, (pages, management)))
    ctx.memo.clear()
    return out


def _make_parts(ctx: SiteContext, todo: list[Unit], workers: int) -> dict[Unit, tuple[SiteContent, SiteContent]]:
    parts: dict[Unit, tuple[SiteContent, SiteContent]] = {}
    _FORKED["ctx"] = ctx
    try:
        if workers > 1 and len(todo) > 1:
            from concurrent.futures import ProcessPoolExecutor
            from multiprocessing import get_context

            prepare_templates()  # Altair's templates once, inherited by every worker
            compile_templates()  # and the page templates
            # One part per task, the largest first: the pool balances the workers as they finish, and
            # what a worker hands back at a time (pickled, then unpickled here) is one part, not half
            # the site — that hand-over was the build's peak of memory.
            tasks = [[u] for u in sorted(todo, key=lambda u: (-len(u[2]), u))]
            with ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=get_context("fork")) as pool:
                for done in pool.map(_edition_group, tasks):
                    parts.update(done)
        else:
            parts.update(_edition_group(todo))
    finally:
        _FORKED.clear()
    return parts


@dataclass
class SiteParts:
    """The site's content as its MkDocs builds take it: one part per edition made this time, and the rest."""

    shell: SiteContent = field(default_factory=SiteContent)
    editions: dict[int, SiteContent] = field(default_factory=dict)
    frozen: list[int] = field(default_factory=list)  # editions not made: their finished folder is reused

    @property
    def pages_count(self) -> int:
        return sum(len(part.pages) for part in self.all())

    @property
    def charts_count(self) -> int:
        return sum(len(part.charts) for part in self.all())

    def clear(self) -> None:
        """Let the texts go (once they are on disk): MkDocs' workers are forked from this process."""
        for part in self.all():
            part.pages.clear()
            part.charts.clear()
            part.files.clear()

    def all(self) -> list[SiteContent]:
        return [self.shell, *(self.editions[y] for y in sorted(self.editions))]

    @property
    def urls(self) -> set[str]:
        return set().union(*(part.urls for part in self.all()))

    @property
    def pages(self) -> dict[str, str]:
        """Every page made, whichever build it belongs to (docs path → Markdown)."""
        return {k: v for part in self.all() for k, v in part.pages.items()}

    @property
    def files(self) -> dict[str, bytes]:
        return {k: v for part in self.all() for k, v in part.files.items()}

    @property
    def charts(self) -> dict[str, StaticSource]:
        return {k: v for part in self.all() for k, v in part.charts.items()}

    @property
    def nav(self) -> list[Any]:
        """The navigation of every edition, expanded, as a single site had it: for a reader of the parts."""
        return [self.shell.nav, *(self.editions[y].nav for y in sorted(self.editions))]


def build_site_content(
    dataset: Dataset,
    table: IndicatorTable,
    public: pd.DataFrame,
    info: SiteInfo,
    downloads: list[Path] | None = None,
    rules: RuleSet | None = None,
    recommendations: Sequence[Recommendation] = (),
    pdfs: bool = False,
    workers: int = 1,
    cache: EditionCache | None = None,
    site: SiteFile | None = None,
    corrections: CorrectionLog | None = None,
    open_data: dict[str, Any] | None = None,
    frozen: Collection[int] = (),
    section_csv: Callable[[], SectionCsvIndex] | None = None,
    found: Sequence[Finding] | None = None,
) -> SiteParts:
    """The pages of every edition but the ``frozen`` ones, and the rest of the site; with ``workers`` > 1
    the editions are shared out to forked processes.

    An edition's pages depend on the data up to its year only, so editions are independent units of
    work; the common pages (home, latest, methodology, data) are made here. An edition whose inputs did
    not change comes from ``cache`` instead of being made again, and a ``frozen`` one (whose finished
    HTML the build already has) is not made at all. The result is the same content, in the same order,
    as a build in one process. ``site`` is the site's file (``data/site.yaml`` over the defaults), read
    from the dataset's folder when not given. ``section_csv`` makes the index of the section pages' CSVs
    (:func:`generator.build.cache.kept_section_rows`) instead of formatting the whole ``public`` here.
    """
    site = site if site is not None else read_site_file(dataset.root, [])
    wanted = [y for y in dataset.years if y not in frozen]
    by_year: dict[int, tuple[SiteContent, SiteContent]] = {}
    if cache is not None:
        for year in wanted:
            hit = cache.load(year)
            if hit is not None:
                by_year[year] = hit
    todo = [y for y in wanted if y not in by_year]
    # formatted once, here, rather than once per worker
    csv = (section_csv() if section_csv is not None else SectionCsvIndex(public)) if todo else None
    ctx = SiteContext.create(
        dataset, table, info, rules, recommendations, pdfs, csv, site, corrections, open_data, found
    )
    parts = _make_parts(ctx, units(ctx, todo, workers), workers)
    for year in todo:  # the parts of an edition, in the order one process makes them
        pages, management = SiteContent(), SiteContent()
        for unit in sorted(u for u in parts if u[0] == year):
            pages.merge(parts[unit][0])
            management.merge(parts[unit][1])
        by_year[year] = (pages, management)
    if cache is not None:
        for year in todo:
            cache.store(year, by_year[year])
    out = SiteParts(frozen=sorted(frozen))
    shell = out.shell
    for mu in ctx.munis:
        page = latest.make(ctx, mu.slug)
        if page is not None:
            shell.add(page)
    shell.add(methodology.make(ctx))
    if ctx.years:
        shell.add(home.make(ctx))
    shell.add(data_page.make(ctx, downloads or []))
    shell.files.update(embed.files(ctx))  # /embed/… pages (standalone HTML) and _headers
    if ctx.years:
        shell.files[versions_list.FILE] = versions_list.versions_file(ctx)  # the editions' header list
    shell.nav = navigation(ctx, shell.pages)
    for year in wanted:  # an edition's pages, then its management, then its corrections page
        part = SiteContent()
        part.merge(by_year[year][0])
        part.merge(by_year[year][1])
        page = corrections_page.make(ctx, year)
        if page is not None:
            part.add(page)
        part.nav = navigation(ctx, shell.pages, expanded=year)
        out.editions[year] = part
    return out
