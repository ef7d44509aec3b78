"""What a deployment collects: ``collects`` and ``collects_by_year`` of region.yaml narrow what is shown,
asked for and recommended upon; «no data» only for what was reported before or is required; and the
region's recommendations page gives one line per indicator without data.

The data directories are built with ``conftest.DataDir`` (the real catalogue; municipalities ``alpha`` and
``beta``). «Профессиональные пробы в 9 классах» (``prof_trials_share_g9`` = ``prof_trials_g9`` /
``students_g9``) is in the section «support»; the section «early» holds «Билет в будущее».
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from generator.build.site_pages import build_site_content
from generator.build.validate import Report, validate
from generator.core.formatting import format_date_text
from generator.inputs.load import load_dataset
from generator.officials.forms import needed_counts
from generator.publish.public_table import public_table
from generator.recommend.evaluate import recommend
from generator.recommend.model import Recommendation
from generator.site import urls
from generator.site.context import SiteInfo

from .conftest import REGISTRY, DataDir, dump

TRIALS = "prof_trials_share_g9"
BILET = "bilet_share_6_11"

RULES = """\
audiences:
  - {id: school_heads, title: Руководители общеобразовательных организаций}
  - {id: municipality, title: Муниципальный орган управления образованием}
rules:
  - id: bilet_zero
    indicator: bilet_share_6_11
    condition: zero
    audiences: [school_heads]
    text: "{indicator}: {value}"
  - id: no_data_submit
    summary: Представить недостающие данные
    all_indicators: true
    condition: no_data
    audiences: [municipality]
    deadline: {months_after: 1}
    text: "{indicator}: нет данных за {year}. Представить недостающие данные в срок до {deadline}."
"""


def registry(datadir: DataDir, **extra: Any) -> None:
    dump(datadir.root / "region.yaml", {**REGISTRY, **extra})


def report_of(datadir: DataDir) -> Report:
    datadir.write("rules.yaml", RULES)
    report = validate(datadir.root)
    assert report.errors == [], "\n".join(str(p) for p in report.errors)
    assert report.dataset is not None and report.table is not None and report.rules is not None
    return report


def recs_of(report: Report) -> list[Recommendation]:
    assert report.rules is not None and report.table is not None and report.dataset is not None
    return recommend(report.rules, report.table, report.dataset)


def pages_of(report: Report) -> dict[str, str]:
    assert report.rules is not None and report.table is not None and report.dataset is not None
    dataset, table = report.dataset, report.table
    info = SiteInfo("Мониторинг", dataset.registry.region.name, True, "https://example.org/")
    content = build_site_content(
        dataset, table, public_table(table, dataset), info, rules=report.rules, recommendations=recs_of(report)
    )
    return content.pages


def some_counts(**extra: int) -> dict[str, int]:
    grades = {f"students_g{g}": 100 for g in range(1, 12)}
    return {**grades, "bilet_6_9": 0, "bilet_10_11": 0, **extra}


# --- collects narrows the catalogue ------------------------------------------------------------


def test_without_collects_everything_is_collected(datadir: DataDir) -> None:
    datadir.year(2026, "alpha", some_counts())
    result = load_dataset(datadir.root)
    assert result.dataset is not None
    catalogue = result.dataset.catalogue
    assert catalogue.full is None and len(catalogue.indicators) == len(catalogue.declared.indicators)


def test_collects_of_sections_and_indicators_narrows_table_forms_rules_and_pages(datadir: DataDir) -> None:
    registry(datadir, collects=["early", TRIALS])
    datadir.year(2026, "alpha", some_counts(prof_trials_g9=50))
    datadir.year(2026, "beta", some_counts())
    report = report_of(datadir)
    catalogue = report.dataset.catalogue  # type: ignore[union-attr]
    early = {i.id for i in catalogue.declared.in_section("early")}
    assert set(catalogue.indicators) == early | {TRIALS}
    assert list(catalogue.sections) == ["support", "early"]
    assert catalogue.sections_in(2026) == list(catalogue.sections.values())
    # the table, the downloads and the form hold what is collected and nothing else
    assert {v.indicator for v in report.table or ()} == early | {TRIALS}
    assert set(public_table(report.table, report.dataset)["indicator"]) == early | {TRIALS}  # type: ignore[arg-type]
    form = needed_counts(catalogue, 2026)
    assert "prof_trials_g9" in form and "students_g9" in form
    assert "grads11" not in form and "staff_trained" not in form
    # not collected, not recommended upon; beta's missing trials were never reported: not «no data» either
    recs = recs_of(report)
    assert {r.indicator for r in recs} <= early | {TRIALS}
    assert [(r.rule_id, r.territory) for r in recs if r.rule_id == "bilet_zero"] == [
        ("bilet_zero", "alpha"),
        ("bilet_zero", "beta"),
    ]
    assert [r for r in recs if r.condition == "no_data"] == []
    # and not shown: no section page, no navigation entry, no methodology entry for what is not collected
    pages = pages_of(report)
    exams = urls.docs_path(urls.section(2026, "alpha", catalogue.declared.sections["exams"].slug))
    early_page = urls.docs_path(urls.section(2026, "alpha", catalogue.sections["early"].slug))
    assert early_page in pages and exams not in pages
    assert not any("/exams/" in path or "/ege-" in path for path in pages)
    methodology = pages[urls.docs_path("/methodology/")]
    assert BILET in methodology and "ege_3plus_share" not in methodology


def test_a_rule_on_an_indicator_not_collected_is_no_error_and_gives_nothing(datadir: DataDir) -> None:
    registry(datadir, collects=["preferences"])  # «Билет в будущее» (early) is not collected
    datadir.year(2026, "alpha", some_counts())
    section_rule = '  - {id: early_zero, section: early, condition: zero, audiences: [school_heads], text: "x"}\n'
    datadir.write("rules.yaml", RULES + section_rule)
    report = validate(datadir.root)
    assert report.errors == [] and report.rules is not None
    watched = {r.id: r.indicators for r in report.rules.rules}
    assert watched["bilet_zero"] == () and watched["early_zero"] == ()
    assert recs_of(report) == []


def test_an_unknown_id_in_collects_is_an_error_with_its_line_and_a_suggestion(datadir: DataDir) -> None:
    path = datadir.root / "region.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text + "collects:\n  - early\n  - bilet_share_6_1\ncollects_by_year:\n  2025: [eraly]\n", encoding="utf-8"
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    result = load_dataset(datadir.root)
    assert result.dataset is None
    messages = {(p.line, p.message) for p in result.errors if p.path.endswith("region.yaml")}
    assert messages == {
        (
            lines.index("  - bilet_share_6_1") + 1,
            "неизвестный раздел или показатель каталога «bilet_share_6_1»; возможно, имелось в виду «bilet_share_6_11»",
        ),
        (
            lines.index("  2025: [eraly]") + 1,
            "неизвестный раздел или показатель каталога «eraly»; возможно, имелось в виду «early»",
        ),
    }


def test_collects_by_year_overrides_collects_for_its_edition(datadir: DataDir) -> None:
    # the trials are collected from 2026 on: in 2025 they are not shown, asked for or missing
    registry(datadir, collects=["early"], collects_by_year={2026: ["early", TRIALS]})
    datadir.year(2025, "alpha", some_counts())
    datadir.year(2026, "alpha", some_counts(prof_trials_g9=50))
    report = report_of(datadir)
    catalogue = report.dataset.catalogue  # type: ignore[union-attr]
    trials = catalogue.indicators[TRIALS]
    assert (trials.exists_in(2025), trials.exists_in(2026)) == (False, True)
    table = report.table
    assert sorted({v.year for v in table or () if v.indicator == TRIALS}) == [2026]
    assert [s.id for s in catalogue.sections_in(2025)] == ["early"]
    assert [s.id for s in catalogue.sections_in(2026)] == ["support", "early"]
    assert "prof_trials_g9" not in needed_counts(catalogue, 2025)
    assert "prof_trials_g9" in needed_counts(catalogue, 2026)
    pages = pages_of(report)
    slug = catalogue.sections["support"].slug
    assert urls.docs_path(urls.section(2026, "alpha", slug)) in pages
    assert urls.docs_path(urls.section(2025, "alpha", slug)) not in pages
    page_2025 = pages[urls.docs_path(urls.municipality(2025, "alpha"))]
    # the embed code offers the municipality's latest data (2026, which collects it): not this edition's page
    assert f"/{slug}/" not in page_2025.split("## Разместить на своём сайте", 1)[0]
    methodology = pages[urls.docs_path("/methodology/")]
    trials_entry = methodology[methodology.index(f"{{#{TRIALS}}}") :]
    assert re.search(r"<dt>Годы</dt> <dd>([^<]*)</dd>", trials_entry).group(1) == "2025/26 учебный год"  # type: ignore[union-attr]


def test_a_required_indicator_not_collected_that_year_is_not_missing(datadir: DataDir) -> None:
    catalogue = datadir.root / "indicators.yaml"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text.replace(f"  - id: {TRIALS}\n", f"  - id: {TRIALS}\n    required: true\n"), "utf-8")
    registry(datadir, collects_by_year={2025: ["early"]})
    datadir.year(2025, "alpha", some_counts())
    datadir.year(2026, "alpha", some_counts())
    recs = recs_of(report_of(datadir))
    assert [(r.indicator, r.year) for r in recs if r.condition == "no_data"] == [(TRIALS, 2026)]


# --- the region's page: one line per indicator without data ------------------------------------


@pytest.fixture
def missing_twice(datadir: DataDir) -> Report:
    """alpha and beta both reported the trials and «Билет в будущее» in 2025 and lost both in 2026."""
    registry(datadir, collects=["early", TRIALS])
    for slug in ("alpha", "beta"):
        datadir.year(2025, slug, some_counts(prof_trials_g9=50, bilet_6_9=10, bilet_10_11=10))
        datadir.year(2026, slug, {f"students_g{g}": 100 for g in range(1, 12)})
    return report_of(datadir)


def test_no_data_recommendations_group_into_one_line_per_indicator(missing_twice: Report) -> None:
    recs = [r for r in recs_of(missing_twice) if r.year == 2026]
    missing = sorted({r.indicator for r in recs if r.condition == "no_data"})
    assert TRIALS in missing and BILET in missing
    page = pages_of(missing_twice)[urls.docs_path(urls.recommendations(2026))]
    blocks = re.split(r"\n## ", page)
    [block] = [b for b in blocks if b.startswith("Представить недостающие данные")]
    assert block.count("{#no_data_submit}") == 1
    lines = re.findall(r"<li>(.*?)</li>", block)
    assert len(lines) == len(missing)  # one line per indicator, not one block per indicator and district
    catalogue = missing_twice.dataset.catalogue  # type: ignore[union-attr]
    trials = next(line for line in lines if catalogue.indicators[TRIALS].short_title in line)
    assert re.findall(r">([^<]+)</a>", trials)[1:] == ["Альфинский городской округ", "Бетинский муниципальный район"]
    # the text of the recommendation is on each municipality's page, not repeated here per district
    assert "Представить недостающие данные в срок" not in block
    assert f"до {format_date_text(date(2026, 6, 30))}" in block
    assert (
        "Представить недостающие данные в срок"
        in pages_of(missing_twice)[urls.docs_path(urls.recommendations(2026, "alpha"))]
    )


def test_other_rules_keep_their_block_per_indicator_beside_the_no_data_lines(datadir: DataDir) -> None:
    registry(datadir, collects=["early", TRIALS])
    datadir.year(2025, "alpha", some_counts(prof_trials_g9=50, bilet_6_9=10, bilet_10_11=10))
    datadir.year(2026, "alpha", some_counts())  # «Билет в будущее» fell to zero, the trials are missing
    page = pages_of(report_of(datadir))[urls.docs_path(urls.recommendations(2026))]
    zero, no_data = page.split("{#bilet_zero-bilet_share_6_11}")[1], page.split("{#no_data_submit}")[1]
    assert "<strong>Для муниципалитетов:</strong>" in zero.split("\n## ")[0]
    assert "«Билет в будущее», 6–11 классы: 0,0" in zero.split("\n## ")[0]
    assert re.findall(r"<li>(.*?)</li>", no_data.split("\n## ")[0]) == [
        '<a href="../../methodology/#prof_trials_share_g9">Профессиональные пробы в 9 классах</a>: '
        '<a href="../alpha/recommendations/">Альфинский городской округ</a>.'
    ]
