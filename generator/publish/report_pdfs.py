"""Which reports get a PDF: those of the published editions, printed from the very page they sit next to.

**Why only published editions.** A PDF is what an official attaches to an order: it is meant for numbers
that are final. An edition becomes final when ``proforientir publish`` records it (``data/editions.yaml``);
until then its data are under review and change with every commit — and a change of one municipality
changes the region's figures in every report of the edition, so printing drafts would re-print a whole
edition (~60 reports, minutes of Chromium) on every data commit, for PDFs nobody should attach yet. The
report page of an unpublished edition says when its PDF appears and how to print it from the browser
meanwhile (``generator/site/templates/report.md.j2``). A published edition changes only by a correction
(``proforientir correct``), which changes its pages — and so re-prints its PDFs, see below.

**Why a PDF is never older than its page.** The PDFs are printed after MkDocs, from the built site that is
then published, and their cache key is the page's HTML with every image and stylesheet it uses
(:func:`generator.publish.pdf.print_pdfs`): a page that changed in any way — a correction, a template,
a chart — is printed again before the site is swapped in, and an unchanged one is copied from the cache.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from generator.core.formatting import academic_year, format_count
from generator.inputs.editions_log import CorrectionLog
from generator.publish.pdf import PdfJob, chromium_absence
from generator.site import urls

__all__ = ["report_jobs", "unprinted_warning"]


def report_jobs(
    site_dir: Path, entries: Iterable[tuple[int, str]], names: Callable[[int], Mapping[str, str]], log: CorrectionLog
) -> list[PdfJob]:
    """The PDFs to print into ``site_dir``: one per report (``entries``: year, municipality's slug) of a
    published edition of ``log``; ``names(year)`` are the municipalities' names by slug in that edition (a
    former name before a reform), for the PDFs' titles."""
    return [
        PdfJob(
            url_path=urls.report(year, slug),
            out_file=Path(site_dir) / urls.report(year, slug).strip("/") / urls.pdf_name(year, slug),
            title=f"Аналитический отчёт — {names(year)[slug]}, {academic_year(year)}",
        )
        for year, slug in sorted(entries)
        if log.published(year)
    ]


def unprinted_warning(count: int, why: str | None = None) -> str | None:
    """What the build says when ``count`` reports of published editions got no PDF, or None when none;
    ``why``: why there was no Chromium (by default :func:`generator.publish.chromium.chromium_absence`).

    Why: without Chromium the build goes on without PDFs — a draft on a laptop needs none — and their report
    pages offer no download. On the machine that publishes, that is the PDF an official was to attach to an
    order gone from the site without an error: a CI image without a browser (``python:3.11``) does exactly that.
    """
    if count <= 0:
        return None
    reports = format_count(count, ("отчёт", "отчёта", "отчётов"))
    why = chromium_absence() if why is None else why
    return (
        f"Внимание: сайт собран без PDF отчётов опубликованных выпусков ({reports} без кнопки «Скачать отчёт "
        f"в PDF»): {why}. Когда Chromium будет доступен, соберите сайт снова; с ключом --pdf сборка без Chromium "
        "остановится с ошибкой."
    )
