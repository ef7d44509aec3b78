"""What follows the numbers, on the demo site: recommendations, targets, the management cycle, the report."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from generator.build.validate import Report, validate
from generator.compute.status import TargetStatus
from generator.core.formatting import inner_quotes
from generator.recommend.evaluate import recommend
from generator.recommend.model import Recommendation
from generator.site import urls

from .site_helpers import ROOT, BuiltSite, tables


@pytest.fixture(scope="module")
def report() -> Report:
    return validate(ROOT / "data")


@pytest.fixture(scope="module")
def recs(report: Report) -> list[Recommendation]:
    assert report.rules is not None and report.table is not None and report.dataset is not None
    return recommend(report.rules, report.table, report.dataset)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_demo_triggers_recommendations_in_the_latest_edition(recs: list[Recommendation], report: Report) -> None:
    latest = report.dataset.years[-1]  # type: ignore[union-attr]
    assert any(r.year == latest and r.territory == "zarechnyy-mr" and "bilet" in r.indicator for r in recs)


def test_the_municipality_page_groups_its_recommendations_by_audience_and_explains_each(
    demo_site: BuiltSite, recs: list[Recommendation], report: Report
) -> None:
    assert report.rules is not None
    year = report.dataset.years[-1]  # type: ignore[union-attr]
    titles = {a.id: a.title for a in report.rules.audiences}
    mine = [r for r in recs if r.year == year and r.territory == "berezovskiy-mo"]
    assert mine
    page = demo_site.page(urls.municipality(year, "berezovskiy-mo"))
    for rec in mine:
        assert _text(rec.text.split(":")[0]) in _text(page)
    for audience in {a for r in mine for a in r.audiences}:
        assert titles[audience].capitalize() in _text(page)
    # each recommendation shown once per audience it addresses, each with its explanation
    shown = sum(len(r.audiences) for r in mine)
    assert page.count("Почему эта рекомендация") == shown
    # the explanation names the rule by its Russian title, never its id, and links the indicator on its
    # section page
    assert re.search(r"Правило «[А-ЯЁ][^<»]*»: показатель «<a href=\"[a-z-]+/#[a-z0-9_]+\">", page)
    for rec in mine:
        assert f"Правило «{inner_quotes(rec.rule_title)}»" in page
        assert rec.rule_id not in _text(page)


def test_a_section_page_shows_the_recommendations_of_its_indicators_only(
    demo_site: BuiltSite, recs: list[Recommendation], report: Report
) -> None:
    year = report.dataset.years[-1]  # type: ignore[union-attr]
    catalogue = report.dataset.catalogue  # type: ignore[union-attr]
    rec = next(r for r in recs if r.year == year and r.territory == "zarechnyy-mr")
    section = catalogue.sections[rec.section]
    page = demo_site.page(urls.section(year, "zarechnyy-mr", section.slug))
    assert "Адресные рекомендации по разделу" in page
    in_section = [r for r in recs if r.year == year and r.territory == "zarechnyy-mr" and r.section == rec.section]
    assert page.count("Почему эта рекомендация") == sum(len(r.audiences) for r in in_section)


def test_the_region_page_names_exactly_the_municipalities_each_rule_applies_to(
    demo_site: BuiltSite, recs: list[Recommendation], report: Report
) -> None:
    year = report.dataset.years[-1]  # type: ignore[union-attr]
    names = {m.slug: m.name for m in report.dataset.registry.municipalities}  # type: ignore[union-attr]
    expected: dict[str, set[str]] = defaultdict(set)
    for r in recs:
        if r.year == year:
            expected[f"{r.rule_id}-{r.indicator}"].add(names[r.territory])
    page = demo_site.page(urls.recommendations(year))
    blocks = re.split(r'<h2 id="', page)[1:]
    found = {}
    for block in blocks:
        anchor = block.split('"', 1)[0]
        if anchor not in expected:
            continue
        listed = re.search(r"<strong>Для муниципалитетов:</strong>(.*?)</p>", block, re.S)
        assert listed, anchor
        found[anchor] = set(re.findall(r">([^<]+)</a>", listed.group(1)))
        order = re.findall(r">([^<]+)</a>", listed.group(1))
        assert order == sorted(order, key=lambda n: n.lower().replace("ё", "е")), "alphabetical, never a ranking"
    assert found == expected


def test_targets_page_says_which_targets_were_missed(demo_site: BuiltSite, report: Report) -> None:
    year = report.dataset.years[-1]  # type: ignore[union-attr]
    table = report.table
    assert table is not None
    rows = [v for v in table if v.year == year and v.territory == "berezovskiy-mo" and v.target is not None]
    missed = [v for v in rows if v.target_status is TargetStatus.not_met]
    page = _text(demo_site.page(urls.targets(year, "berezovskiy-mo")))
    assert len(missed) > 0
    assert "Целевые показатели" in page and ("кроме:" in page or "не выполнены:" in page)
    [targets] = [t for t in tables(demo_site.page(urls.targets(year, "berezovskiy-mo"))) if "План" in str(t["rows"][0])]
    assert len(targets["rows"]) - 1 == len(rows)  # type: ignore[arg-type]
    assert sum("не достигнуто" in " ".join(r) for r in targets["rows"]) == len(missed)  # type: ignore[union-attr]


def test_the_key_figures_show_target_columns_only_where_a_programme_sets_a_target(
    demo_site: BuiltSite, report: Report
) -> None:
    year = report.dataset.years[-1]  # type: ignore[union-attr]
    table = report.table
    assert table is not None
    current = [v for v in table if v.year == year and v.level == "municipality"]
    with_targets = {v.territory for v in current if v.target is not None}
    without = sorted({v.territory for v in current} - with_targets)
    assert "berezovskiy-mo" in with_targets and without, "the demo has both kinds of municipality"
    for slug, expected in (("berezovskiy-mo", True), (without[0], False)):
        [key] = [t for t in tables(demo_site.page(urls.municipality(year, slug))) if "Ключевые" in str(t["caption"])]
        head = key["rows"][0]  # type: ignore[index]
        assert ("Цель" in head and "Выполнение" in head) is expected, (slug, head)
        assert all(len(row) == len(head) for row in key["rows"]), slug  # type: ignore[union-attr]


def test_the_cycle_page_lists_the_nine_stages_and_the_label_is_on_the_overviews(
    demo_site: BuiltSite, report: Report
) -> None:
    year = report.dataset.years[-1]  # type: ignore[union-attr]
    page = demo_site.page(urls.cycle(year, "berezovskiy-mo"))
    for n, title in enumerate(
        ["Цели", "Показатели", "Методы сбора и обработки информации", "Мониторинг показателей",
         "Анализ результатов мониторинга", "Адресные рекомендации", "Меры, мероприятия",
         "Управленческие решения", "Анализ эффективности принятых мер"],
        start=1,
    ):
        assert f"{n}. {title}" in _text(page)
    label = re.search(r'class="pf-cycle [^"]+">[^ ]+ ([^<]+)<', page)
    assert label and label.group(1).startswith(("полный цикл", "неполный цикл"))
    assert label.group(1) in _text(demo_site.page(urls.municipality(year, "berezovskiy-mo")))
    assert label.group(1) in _text(demo_site.page(urls.edition(year)))


def test_the_report_reads_from_goals_to_effectiveness_with_every_section(
    demo_site: BuiltSite, report: Report
) -> None:
    year = report.dataset.years[-1]  # type: ignore[union-attr]
    catalogue = report.dataset.catalogue  # type: ignore[union-attr]
    page = demo_site.page(urls.report(year, "berezovskiy-mo"))
    text = _text(page)
    order = ["Цели", "Показатели и источники данных", "Результаты мониторинга", "Целевые показатели",
             "Анализ результатов мониторинга", "Адресные рекомендации", "Мероприятия", "Меры",
             "Управленческие решения", "Анализ эффективности принятых мер"]
    headings = re.findall(r"<h2 id=\"[^\"]+\">([^<]+)", page)
    assert [h for h in headings if h in order] == order
    for section in catalogue.sections.values():
        assert f'id="{section.slug}"' in page, section.slug
    # static images for print, never the live charts
    assert "pf-report-chart" in page and "data-spec=" not in page
    assert "Почему эта рекомендация" in text


def _contents(page: str) -> str:
    """The page's table of contents (Material's secondary navigation, once in the page: toc.integrate)."""
    start = page.index('<nav class="md-nav md-nav--secondary"')
    depth = 0
    for tag in re.finditer(r"<nav\b|</nav>", page[start:]):
        depth += 1 if tag.group(0) == "<nav" else -1
        if depth == 0:
            return page[start : start + tag.end()]
    raise AssertionError("the table of contents is not closed")


def _headings(page: str, levels: str) -> list[str]:
    """The ids of the page's own headings of these levels (those with a permalink), in order."""
    return re.findall(rf'<h[{levels}] id="([^"]+)">[^\n]*?<a class="headerlink"', page)


def test_the_reports_contents_list_its_chapters_and_sections_not_each_indicator(
    demo_site: BuiltSite, report: Report
) -> None:
    """A printable document of ~100 indicators: its contents are its chapters (h2) and sections (h3), each
    indicator (h4) keeps its heading and its anchor on the page, and the contents are not repeated in full
    in the navigation drawer of a narrow screen."""
    year = report.dataset.years[-1]  # type: ignore[union-attr]
    page = demo_site.page(urls.report(year, "berezovskiy-mo"))
    chapters = _headings(page, "23")
    indicators = re.findall(r'<h4 id="([^"]+)"', page)
    assert len(indicators) > 20
    in_contents = re.findall(r'<a href="#([^"]+)" class="md-nav__link"', _contents(page))
    assert in_contents == chapters
    listed = re.findall(r'<a href="#([^"]+)" class="md-nav__link"', page)  # any list of the page
    assert not set(listed) & set(indicators), "an indicator is listed in a table of contents"
    for anchor in indicators:  # the anchors stay: a link to an indicator of the report still lands on it
        assert f'<a class="headerlink" href="#{anchor}"' in page


def test_a_section_pages_contents_still_list_its_indicators(demo_site: BuiltSite, report: Report) -> None:
    year = report.dataset.years[-1]  # type: ignore[union-attr]
    section = next(iter(report.dataset.catalogue.sections.values()))  # type: ignore[union-attr]
    page = demo_site.page(urls.section(year, "berezovskiy-mo", section.slug))
    headings = _headings(page, "2")
    assert headings and set(headings) <= set(re.findall(r'<a href="#([^"]+)" class="md-nav__link"', _contents(page)))


def test_the_reports_charts_are_named_briefly_and_its_tables_say_each_number_once(
    demo_site: BuiltSite, report: Report
) -> None:
    """The report names its municipality and years once, in its lead: a chart's alt text names the chart
    and where its numbers are. A count is its numerator: its table gives the value, not the count beside it."""
    year = report.dataset.years[-1]  # type: ignore[union-attr]
    catalogue = report.dataset.catalogue  # type: ignore[union-attr]
    municipality = next(m for m in report.dataset.registry.municipalities if m.slug == "berezovskiy-mo")  # type: ignore[union-attr]
    page = demo_site.page(urls.report(year, "berezovskiy-mo"))
    alts = re.findall(r'<figure class="pf-report-chart">\s*<img [^>]*alt="([^"]*)"', page)
    assert len(alts) > 20
    assert all(a.startswith("График «") and a.endswith("значения — в таблице под ним.") for a in alts)
    assert not any(municipality.name in a for a in alts)
    counts = [i for i in catalogue.indicators.values() if i.kind.value == "count"]
    checked = 0
    for ind in counts:
        block = re.search(rf'<h4 id="{ind.id}".*?</table>', page, re.S)
        if block is None:
            continue
        head = re.search(r"<thead>.*?</thead>", block.group(0), re.S).group(0)  # type: ignore[union-attr]
        assert catalogue.title_of(ind.numerator) not in head, ind.id
        assert f"Значение ({catalogue.unit(ind)})" in head
        checked += 1
    assert checked > 3

