"""When a report has a PDF: an official attaches it to an order, so it is printed for a published edition,
and it is never older than the page it sits next to.

The page-level tests build the pages of the Kemerovo example without a browser; the end-to-end tests
print with Chromium (skipped without it) and build that small site twice.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.build.site_pages import build_site_content
from generator.build.validate import validate
from generator.cli import main
from generator.inputs.editions_log import CorrectionLog
from generator.inputs.editions_model import Edition
from generator.publish.public_table import public_table
from generator.publish.report_pdfs import report_jobs, unprinted_warning
from generator.recommend.evaluate import recommend
from generator.site import urls
from generator.site.context import SiteInfo

from .conftest import copy_fixture
from .site_helpers import ROOT, build_site

SLUG = "kemerovskiy-mo"
LATER = "появится здесь, когда выпуск будет опубликован"


def _published(*years: int) -> CorrectionLog:
    return CorrectionLog({y: Edition(year=y, published=date(y, 6, 20)) for y in years})


def _pages(data: Path, *, pdfs: bool) -> dict[str, str]:
    report = validate(data)
    assert report.dataset is not None and report.table is not None, [str(p) for p in report.errors]
    dataset, table = report.dataset, report.table
    recs = recommend(report.rules, table, dataset) if report.rules is not None else []
    info = SiteInfo(name="Профориентир", region=dataset.registry.region.name, demo=False, site_url="")
    content = build_site_content(
        dataset, table, public_table(table, dataset), info, rules=report.rules, recommendations=recs,
        pdfs=pdfs, corrections=report.corrections,
    )  # fmt: skip
    return content.pages


def _publish(data: Path, year: int) -> None:
    assert main(["publish", str(year), "--date", f"{year}-06-20", "--data", str(data)]) == 0


def _report(pages: dict[str, str], year: int) -> str:
    return pages[urls.docs_path(urls.report(year, SLUG))]


def test_only_the_reports_of_published_editions_are_printed(tmp_path: Path) -> None:
    entries = [(2021, "a"), (2021, "b"), (2022, "a"), (2023, "a")]
    jobs = report_jobs(tmp_path, entries, lambda _: {"a": "Первый округ", "b": "Второй район"}, _published(2021, 2023))
    assert [job.url_path for job in jobs] == [urls.report(2021, "a"), urls.report(2021, "b"), urls.report(2023, "a")]
    assert jobs[1].out_file == tmp_path / "2021" / "b" / "report" / urls.pdf_name(2021, "b")
    assert jobs[1].title == "Аналитический отчёт — Второй район, 2020/21 учебный год"
    assert report_jobs(tmp_path, entries, lambda _: {"a": "Первый", "b": "Второй"}, CorrectionLog()) == []


def test_a_published_editions_report_links_its_pdf_and_an_unpublished_ones_says_when_it_appears(
    tmp_path: Path,
) -> None:
    data = copy_fixture("kemerovo", tmp_path / "data")
    _publish(data, 2022)
    pages = _pages(data, pdfs=True)

    published = _report(pages, 2022)
    assert f'href="{urls.pdf_name(2022, SLUG)}"' in published
    assert LATER not in published

    draft = _report(pages, 2021)
    assert ".pdf" not in draft
    assert LATER in draft
    assert "«Печать» в меню браузера" in draft  # the reader can still print it, and is told how

    # the municipality's page promises the PDF only where there is one
    assert "для печати и в PDF" in pages[urls.docs_path(urls.municipality(2022, SLUG))]
    assert "PDF — после публикации выпуска" in pages[urls.docs_path(urls.municipality(2021, SLUG))]


def test_a_build_without_pdfs_promises_none(tmp_path: Path) -> None:
    """Without Chromium (or with --no-pdf) no PDF will come: the pages neither link one nor announce one."""
    data = copy_fixture("kemerovo", tmp_path / "data")
    _publish(data, 2022)
    pages = _pages(data, pdfs=False)
    for year in (2021, 2022):
        assert ".pdf" not in _report(pages, year)
        assert LATER not in _report(pages, year)
        assert "PDF" not in pages[urls.docs_path(urls.municipality(year, SLUG))].split("## Отчёт и")[1][:300]


def test_a_build_without_chromium_says_which_published_reports_got_no_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a browser the build goes on without PDFs, and a published report then has no download — on the
    machine that publishes, the PDF an official attaches to an order gone without an error. The build says it,
    in its last lines; asked for no PDFs (--no-pdf), it has nothing to say."""
    import generator.build.pipeline as pipeline

    monkeypatch.setattr(pipeline, "chromium_path", lambda: None)
    monkeypatch.delenv("PROFORIENTIR_CHROMIUM", raising=False)
    data = copy_fixture("kemerovo", tmp_path / "data")
    _publish(data, 2022)
    out, work = tmp_path / "site", tmp_path / "build"
    capsys.readouterr()
    assert main(["build", "--data", str(data), "--out", str(out), "--work", str(work)]) == 0
    said = capsys.readouterr().err
    assert "Внимание: сайт собран без PDF отчётов опубликованных выпусков (1\xa0отчёт без кнопки" in said
    assert "на этой машине нет Chromium" in said
    assert "apt-get install chromium" in said and "--pdf" in said
    assert not any(out.rglob("*.pdf"))
    assert "Скачать отчёт в PDF" not in (out / urls.report(2022, SLUG).strip("/") / "index.html").read_text("utf-8")

    assert main(["build", "--data", str(data), "--out", str(out), "--work", str(work), "--no-pdf"]) == 0
    assert "без PDF" not in capsys.readouterr().err

    mistyped = tmp_path / "opt" / "chromum"  # a path with a typo is named, not taken for a machine without a browser
    monkeypatch.setenv("PROFORIENTIR_CHROMIUM", str(mistyped))
    assert main(["build", "--data", str(data), "--out", str(out), "--work", str(work)]) == 0
    said = capsys.readouterr().err
    assert f"в PROFORIENTIR_CHROMIUM указан «{mistyped}», а такой программы нет" in said
    assert "на этой машине нет Chromium" not in said


def test_the_warning_counts_the_reports_in_russian() -> None:
    assert unprinted_warning(0) is None
    assert "(21\xa0отчёт без кнопки" in (unprinted_warning(21) or "")
    assert "(3\xa0отчёта без кнопки" in (unprinted_warning(3) or "")
    assert "(240\xa0отчётов без кнопки" in (unprinted_warning(240) or "")


# --- with Chromium --------------------------------------------------------------------------------------


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(str(path)).pages)


def test_a_pdf_appears_on_publication_and_is_never_older_than_its_page(tmp_path: Path) -> None:
    """`proforientir publish` makes an edition's PDFs appear; each is printed from the page it is published
    next to: a changed report is printed again in the same build, an unchanged one comes from the cache."""
    from .browser import require_browser

    require_browser()
    data = copy_fixture("kemerovo", tmp_path / "data")
    (data / "rules.yaml").write_bytes((ROOT / "data" / "rules.yaml").read_bytes())
    out, work, cache = tmp_path / "site", tmp_path / "build", tmp_path / "cache"  # a cold cache: prints are counted
    report_dir = out / urls.report(2022, SLUG).strip("/")
    pdf = report_dir / urls.pdf_name(2022, SLUG)

    draft = build_site(data, out, work, pdf=True, cache=cache)
    assert draft.ok, [str(p) for p in draft.problems]
    assert draft.pdfs == 0 and not any(out.rglob("*.pdf"))
    assert LATER in (report_dir / "index.html").read_text(encoding="utf-8")

    _publish(data, 2022)
    published = build_site(data, out, work, pdf=True, cache=cache)
    assert published.ok, [str(p) for p in published.problems]
    assert (published.pdfs, published.pdfs_printed) == (1, 1)
    assert not any(out.glob("202[01]/**/*.pdf")), "the unpublished editions' reports have no PDF"
    html = (report_dir / "index.html").read_text(encoding="utf-8")
    assert f'href="{pdf.name}"' in html and LATER not in html
    from pypdf import PdfReader

    assert len(PdfReader(str(pdf)).pages) >= 3
    assert "Аналитический отчёт" in _pdf_text(pdf) and "Кемеровский" in _pdf_text(pdf)

    again = build_site(data, out, work, pdf=True, cache=cache)
    assert (again.pdfs, again.pdfs_printed) == (1, 0)  # the same page: the same PDF, from the cache

    # The specialist's analysis of the published edition is added: the page changes, so does its PDF.
    year_file = data / "2022" / f"{SLUG}.yaml"
    text = year_file.read_text(encoding="utf-8")
    assert "\nanalysis:" not in text
    analysis = "analysis: Итоги года обсуждены на совещании руководителей школ в сентябре.\n"
    year_file.write_text(text.rstrip("\n") + "\n" + analysis, encoding="utf-8")
    changed = build_site(data, out, work, pdf=True, cache=cache)
    assert changed.ok, [str(p) for p in changed.problems]
    assert (changed.pdfs, changed.pdfs_printed) == (1, 1)
    assert "совещании руководителей школ" in (report_dir / "index.html").read_text(encoding="utf-8")
    assert "совещании руководителей школ" in _pdf_text(pdf)
