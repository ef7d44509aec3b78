"""The region's own recommendations (003): entered as the region's document words them, published on the
region's page with the municipalities they name, and on each named municipality's pages.

Tver's «Адресные рекомендации» name the districts that must raise the coverage of diagnostics without
printing the coverage: such a recommendation cannot come from a rule over the data, and is entered in
``data/<год>/region.yaml``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build.validate import validate
from generator.site import urls

from .conftest import REGISTRY, ROOT, DataDir, dump
from .site_helpers import build_site, site_content

YEAR = 2023
COUNTS = {"students_g9": 100, "grads9": 80, "grads9_to_poo": 46}
DOCUMENT = "Адресные рекомендации по результатам мониторинга, 2022/23 **учебный** год"


def _region(datadir: DataDir, recommendations: list[dict[str, object]], **extra: object) -> Path:
    return dump(
        datadir.root / str(YEAR) / "region.yaml",
        {"year": YEAR, "source": DOCUMENT, "recommendations": recommendations, **extra},
    )


@pytest.fixture
def data(datadir: DataDir) -> DataDir:
    shutil.copy(ROOT / "data" / "rules.yaml", datadir.root / "rules.yaml")
    datadir.year(YEAR, "alpha", COUNTS)
    datadir.year(YEAR, "beta", COUNTS)
    return datadir


DIAGNOSTICS = {
    "audience": "school_heads",
    "text": "Увеличить охват обучающихся 6, 8 классов диагностическими мероприятиями <script>x</script>",
    "municipalities": ["beta"],
    "section": "preferences",
    "deadline": "2023-06-01",
}
EVERYONE = {"audience": "municipality", "text": "Продолжить координировать деятельность подведомственных организаций."}


def _pages(data: DataDir) -> dict[str, str]:
    return site_content(data.root).pages  # type: ignore[no-any-return]


def _page(pages: dict[str, str], url: str) -> str:
    return pages[urls.docs_path(url)]


def test_the_regions_page_lists_its_own_recommendations_by_addressee_with_the_municipalities_they_name(
    data: DataDir,
) -> None:
    _region(data, [EVERYONE, DIAGNOSTICS])
    page = _page(_pages(data), urls.recommendations(YEAR))
    own = page.split("## Рекомендации региона", 1)[1].split("\n## Рекомендации по правилам", 1)[0]
    # the document named, its Markdown inert; the addressees in the order of rules.yaml
    assert "**учебный**" not in own and "\\*\\*учебный\\*\\*" in own
    assert own.index("### Руководители общеобразовательных организаций") < own.index(
        "### Муниципальный орган управления образованием"
    )
    assert "Увеличить охват обучающихся 6, 8 классов" in own and "&lt;script&gt;" in own and "<script>" not in own
    assert 'Муниципалитеты: <a href="../beta/recommendations/">Бетинский муниципальный район</a>.' in own
    assert "Раздел «<a href=" in own and "Срок — до 1 июня 2023\xa0г." in own
    assert "Всем муниципалитетам." in own  # a recommendation naming none is said to all
    assert "Рекомендаций: 2." in own


def test_a_named_municipality_shows_the_recommendation_marked_as_the_regions_and_the_others_do_not(
    data: DataDir,
) -> None:
    _region(data, [EVERYONE, DIAGNOSTICS])
    pages = _pages(data)
    beta = _page(pages, urls.recommendations(YEAR, "beta"))
    assert "Увеличить охват обучающихся 6, 8 классов" in beta
    assert "Из рекомендаций региона, раздел «<a href=" in beta and "Срок — до 1 июня 2023\xa0г." in beta
    assert "Рекомендации региона, которые называют муниципалитет, приведены так, как их даёт документ" in beta
    assert "Таких рекомендаций: 1." in beta
    for url in (urls.report(YEAR, "beta"), urls.municipality(YEAR, "beta")):
        assert "Увеличить охват обучающихся 6, 8 классов" in _page(pages, url), url
    # the cycle's stage counts it, and says where it comes from
    assert "- Руководители общеобразовательных организаций: 1 (из рекомендаций региона)" in _page(
        pages, urls.cycle(YEAR, "beta")
    )
    section = _page(pages, urls.section(YEAR, "beta", "vyyavlenie-predpochteniy"))
    assert "Увеличить охват обучающихся 6, 8 классов" in section  # on the page of the section it names
    alpha = _page(pages, urls.recommendations(YEAR, "alpha"))
    assert "Увеличить охват" not in alpha and "Из рекомендаций региона" not in alpha
    # said to every municipality: on the region's page only, not repeated on each
    assert "Продолжить координировать" not in beta and "Продолжить координировать" not in alpha


def test_the_regions_page_of_a_section_shows_the_regions_recommendations_about_it(data: DataDir) -> None:
    _region(data, [EVERYONE, DIAGNOSTICS])
    pages = _pages(data)
    section = _page(pages, urls.region_section(YEAR, "vyyavlenie-predpochteniy"))
    own = section.split("## Рекомендации региона по разделу", 1)[1].split("\n## ", 1)[0]
    assert "Увеличить охват обучающихся 6, 8 классов" in own and "Бетинский муниципальный район" in own
    assert "Раздел «" not in own  # the page is the section itself
    assert "Продолжить координировать" not in section  # a recommendation of no section stays off it
    other = _page(pages, urls.region_section(YEAR, "postuplenie-v-poo-i-vuzy"))
    assert "Рекомендации региона по разделу" not in other


def test_without_the_file_the_pages_say_what_they_said(data: DataDir) -> None:
    page = _page(_pages(data), urls.recommendations(YEAR))
    assert "Рекомендации региона" not in page and "Рекомендации по правилам" not in page


def test_mistakes_in_the_file_are_named_with_their_lines_all_at_once(data: DataDir) -> None:
    path = _region(
        data,
        [
            {**DIAGNOSTICS, "municipalities": ["betta", "alpha", "alpha"], "section": "prefrences"},
            {"audience": "schools_heads", "text": "Текст", "deadline": "2023-01-15"},
        ],
        year=2022,
    )
    report = validate(data.root)
    mine = [p for p in report.problems if p.path.endswith(f"{YEAR}/{path.name}")]
    text = "\n".join(p.message for p in mine)
    assert "год 2022 не совпадает с папкой 2023" in text
    assert "муниципалитета «betta» нет в реестре region.yaml; возможно, имелось в виду «beta»" in text
    assert "муниципалитет назван дважды" in text
    assert "неизвестный раздел «prefrences»; возможно, имелось в виду «preferences»" in text
    assert "неизвестный адресат «schools_heads»; возможно, имелось в виду «school_heads»" in text
    # 15 January is before the edition's monitoring date (31 May): a warning, not an error
    [early] = [p for p in report.warnings if "раньше даты мониторинга" in p.message]
    assert "срок 15.01.2023 раньше даты мониторинга выпуска (31.05.2023)" in early.message
    lines = {p.line for p in mine}
    assert len(lines) == 5  # each at its own line (the year is the first), not all at the file's start
    assert report.dataset is None  # nothing published from invalid data


def test_a_year_with_the_regions_file_and_no_municipality_is_an_error(data: DataDir) -> None:
    dump(data.root / "2024" / "region.yaml", {"year": 2024, "recommendations": [EVERYONE]})
    report = validate(data.root)
    assert any("без данных муниципалитетов этого года" in p.message for p in report.errors)


def test_a_municipal_monitoring_has_no_regions_file(datadir: DataDir) -> None:
    registry = {**REGISTRY, "region": {**REGISTRY["region"], "level": "municipality"}}
    registry["municipalities"] = REGISTRY["municipalities"][:1]
    dump(datadir.root / "region.yaml", registry)
    shutil.copy(ROOT / "data" / "rules.yaml", datadir.root / "rules.yaml")
    datadir.year(YEAR, "alpha", COUNTS)
    dump(datadir.root / str(YEAR) / "region.yaml", {"year": YEAR, "recommendations": [EVERYONE]})
    report = validate(datadir.root)
    assert any("бывает только у мониторинга региона" in p.message for p in report.errors)


def test_the_documents_words_are_inert_on_every_page_that_shows_them(data: DataDir, tmp_path: Path) -> None:
    """Built by MkDocs as published: no link, image or template the document's words could make."""
    hostile = "Приказ [№ 5](javascript:alert(1)) <img src=x onerror=alert(1)> {{ 7*7 }} **жирный**"
    _region(data, [{**DIAGNOSTICS, "text": f"Увеличить охват. {hostile}"}], source=hostile)
    result = build_site(data.root, tmp_path / "site", tmp_path / "build")
    assert result.ok, [str(p) for p in result.problems]
    for url in (
        urls.recommendations(YEAR),
        urls.recommendations(YEAR, "beta"),
        urls.region_section(YEAR, "vyyavlenie-predpochteniy"),
        urls.section(YEAR, "beta", "vyyavlenie-predpochteniy"),
    ):
        page = (tmp_path / "site" / url.strip("/") / "index.html").read_text(encoding="utf-8")
        assert 'href="javascript:' not in page and "(javascript:alert(1))" in page, url  # shown, not linked
        assert "<img src=x" not in page and "<strong>жирный" not in page and "49" not in page, url
        assert "&lt;img src=x onerror=alert(1)&gt;" in page and "{{ 7*7 }}" in page, url
