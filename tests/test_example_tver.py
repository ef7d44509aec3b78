"""Tver oblast's addressed recommendations of 2022/23 build as a regional deployment and publish what they say.

``examples/tver/`` is the region's document «Адресные рекомендации по результатам мониторинга работы по
самоопределению и профессиональной ориентации обучающихся общеобразовательных организаций Тверской области
в 2022/23 учебном году» (003): a region over the 18 municipalities the document names, the monitoring of
10–17 February 2023, the shares of «Билет в будущее» it prints (100 % and 0 % in named districts, without
their populations) and its twelve recommendations, each with the municipalities it names, in
``2023/region.yaml``. ``figures.csv`` lists every figure; each must be on its municipality's section page and
in the region's table of municipalities; each recommendation on the region's page with its municipalities,
and on the page of each municipality it names — and nowhere else.
"""

from __future__ import annotations

import csv
import html
import re

import pytest
import yaml

from generator.inputs.problems import Severity
from generator.site import urls

from .site_helpers import ROOT, BuiltSite, build_example, example_page, indicator_blocks

pytestmark = pytest.mark.xdist_group("example-tver")

EXAMPLE = ROOT / "examples" / "tver"
YEAR = 2023
SECTION = "vyyavlenie-predpochteniy"
AS_PRINTED = "(как в источнике)"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_example(EXAMPLE, tmp_path_factory.mktemp("tver") / "site")


def _figures() -> list[dict[str, str]]:
    with (EXAMPLE / "figures.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _region_file() -> dict:
    return yaml.safe_load((EXAMPLE / "data" / str(YEAR) / "region.yaml").read_text(encoding="utf-8"))


def _registry() -> dict[str, str]:
    data = yaml.safe_load((EXAMPLE / "data" / "region.yaml").read_text(encoding="utf-8"))
    return {m["slug"]: m["name"] for m in data["municipalities"]}


def _text(fragment: str) -> str:
    """What a reader reads: tags dropped, entities decoded, spaces (no-break too) collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def _shown(value: str) -> str:
    return f"{value}\u00a0% {AS_PRINTED}"


def test_the_example_builds_without_errors_or_warnings(site: BuiltSite) -> None:
    problems = [str(p) for p in site.result.problems if p.severity in (Severity.error, Severity.warning)]
    assert site.result.ok and problems == [], problems


def test_every_printed_share_is_on_its_municipalitys_page_as_printed_and_marked(site: BuiltSite) -> None:
    figures = _figures()
    assert len(figures) == 13  # 2 shares of grades 6–9 and 11 of grades 10–11, as item 1.2 prints them
    for figure in figures:
        page = example_page(site, urls.section(YEAR, figure["territory"], SECTION))
        block = indicator_blocks(page)[figure["indicator"]]
        assert _shown(figure["printed"]) in block, figure
        assert "Примечание к данным" in block and "Адресные рекомендации, п. 1.2" in block, figure


def test_the_regions_table_shows_each_printed_share_and_no_sum_of_them(site: BuiltSite) -> None:
    page = example_page(site, urls.region_section(YEAR, SECTION))
    blocks = indicator_blocks(page)
    names = _registry()
    for figure in _figures():
        rows = {
            _text(m.group(1)): _text(m.group(2))
            for m in re.finditer(r'<tr[^>]*><th scope="row">(.*?)</th>(.*?)</tr>', blocks[figure["indicator"]], re.S)
        }
        row = rows[names[figure["territory"]]]
        assert _shown(figure["printed"]).replace("\u00a0", " ") in row, (figure, row)
    # shares printed without counts are not summed into a value of the region, and the region does not say
    # «нет данных» above a table that has them
    for indicator, printed in (("bilet_share_6_9", 2), ("bilet_share_10_11", 11)):
        block = _text(blocks[indicator])
        assert "нет данных" not in block and "не рассчитано" in block
        assert f"Муниципалитетов с данными {printed} из 18, только как в источнике" in block
        assert f"Значения {printed} из 18 муниципалитетов даны только так, как напечатаны в источнике" in block


def test_the_municipalities_the_document_names_without_values_have_none_invented(site: BuiltSite) -> None:
    printed = {f["territory"] for f in _figures()}
    silent = sorted(set(_registry()) - printed)
    assert silent == ["belskiy-r", "kesovogorskiy-r", "kimry", "kuvshinovskiy-r", "maksatikhinskiy-r", "zato-ozernyy"]
    for slug in silent:
        blocks = indicator_blocks(example_page(site, urls.section(YEAR, slug, SECTION)))
        for indicator in ("bilet_share_6_9", "bilet_share_10_11"):
            assert "нет данных" in blocks[indicator] and "%" not in _text(blocks[indicator]).split("Как считается")[0]


def test_a_municipality_named_without_values_says_why_on_each_of_its_pages(site: BuiltSite) -> None:
    """The document names Бельский район only in a recommendation: each of its pages of the edition says that
    there are no values and why, in the words of its year file's no_data, not dashes alone."""
    reason = "Документ региона называет муниципалитет только в рекомендациях (п. 2.4: увеличить охват"
    pages = [urls.municipality(YEAR, "belskiy-r"), urls.section(YEAR, "belskiy-r", SECTION),
             urls.report(YEAR, "belskiy-r"), urls.cycle(YEAR, "belskiy-r"), urls.targets(YEAR, "belskiy-r")]
    for url in pages:
        text = _text(example_page(site, url))
        said = "Нет значений показателей Значений показателей за 2022/23 учебный год в данных нет. "
        assert said + reason in text, url
    assert "Нет значений показателей" not in example_page(site, urls.municipality(YEAR, "torzhok"))


def test_the_registry_is_the_municipalities_the_document_names(site: BuiltSite) -> None:
    named = {f["territory"] for f in _figures()}
    named |= {slug for rec in _region_file()["recommendations"] for slug in rec.get("municipalities", [])}
    assert named == set(_registry())


def test_each_recommendation_is_on_the_regions_page_with_the_municipalities_it_names(site: BuiltSite) -> None:
    page = example_page(site, urls.recommendations(YEAR))
    text = _text(page)
    document = _region_file()
    assert "данные на 17 февраля 2023 г." in text  # the monitoring of 10–17 February 2023, not 31 May
    assert "«Адресные рекомендации по результатам мониторинга работы по самоопределению" in text
    names = _registry()
    recommendations = document["recommendations"]
    assert len(recommendations) == 12 and "Рекомендаций: 12." in text
    items = re.findall(r'<li class="pf-rec pf-rec--own">(.*?)</li>', page, re.S)
    assert len(items) == 12
    for rec in recommendations:
        body = " ".join(rec["text"].split())
        [item] = [_text(i) for i in items if body in _text(i)]
        if rec.get("municipalities"):
            listed = item.split("Муниципалитеты: ", 1)[1].split(".", 1)[0]
            assert listed == ", ".join(names[s] for s in rec["municipalities"]), item
        else:
            assert "Всем муниципалитетам." in item
        # a deadline the text already gives as a date is not said twice
        assert "Срок — до" not in item


def test_a_named_municipality_shows_the_regions_recommendations_to_it_and_only_those(site: BuiltSite) -> None:
    recommendations = _region_file()["recommendations"]
    for slug in _registry():
        page = example_page(site, urls.recommendations(YEAR, slug))
        text = _text(page)
        mine = [r for r in recommendations if slug in r.get("municipalities", [])]
        for rec in recommendations:
            shown = " ".join(rec["text"].split()) in text
            assert shown == (rec in mine), (slug, rec["text"][:40])
        assert page.count('<p class="pf-rec__source">Из рекомендаций региона') == len(mine), slug
    molokovskiy = _text(example_page(site, urls.recommendations(YEAR, "molokovskiy-r")))
    assert "Таких рекомендаций: 2." in molokovskiy  # «Билет в будущее» (1.2) and «Проектория» (1.3)


def test_the_comparison_of_municipalities_marks_the_printed_shares_and_says_what_the_mark_means(
    site: BuiltSite,
) -> None:
    page = example_page(site, urls.edition(YEAR))
    legends = re.findall(r"<figcaption data-search-exclude>(.*?)</figcaption>", page, re.S)
    assert len(legends) == 2 and all("значение как в источнике: напечатано без чисел" in _text(x) for x in legends)
    charts = (site.out / str(YEAR) / "charts.json").read_text(encoding="utf-8")  # the page's live charts
    labels = sorted(set(re.findall(r'"label":\s*"([^"]*)"', charts)))
    assert labels == ["0\u00a0%*", "100\u00a0%*", "нет данных"]  # every printed share marked, 13 of 13


def test_the_regions_key_figures_say_not_summed_rather_than_a_dash(site: BuiltSite) -> None:
    for url in ("/", urls.edition(YEAR)):
        table = example_page(site, url).split('<table class="pf-overview">', 1)[1].split("</table>", 1)[0]
        rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", table, re.S)
        assert len(rows) == 2 and all("<td>не рассчитано</td>" in r for r in rows), (url, rows)
