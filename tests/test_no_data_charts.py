"""An indicator with no value in any year shows no empty chart and no table of dashes.

A chart whose series hold no value at all is an empty frame (axes, a legend, not a point): to a parent a broken
picture under a paragraph that already says «данных нет». Here ``alpha`` reports its graduates of the 9th
grade only; ``beta`` reports those of the 11th grade too, and the open days. On alpha's page the graduates of
the 11th grade in universities have no value of alpha's own but the region's line (``beta``'s): that chart is
drawn. The share of graduates by profile and the agreements have a value nowhere: their blocks keep the
figures, the paragraph, the target and «Как считается» with the methodology's link, and show no chart and
no table. A count is drawn alone (a region's count beside a municipality's would flatten it): alpha's open
days have no chart, but their table keeps the region's number.
"""

from __future__ import annotations

import html
import re

import pytest

from generator.build.site_pages import SiteContent
from generator.site import urls
from generator.site.charts import source_spec

from .conftest import DataDir
from .site_helpers import site_content, tables

YEAR = 2023
ADMISSIONS = "postuplenie-v-poo-i-vuzy"
POO = "grads9_poo_share"  # alpha's own value, and the region's
VO = "grads11_vo_share"  # the region's value only
BY_PROFILE = "grads_by_profile_share"  # a value nowhere; alpha sets a target for it
AGREEMENTS = "agreements_poo_vo"  # a count with a value nowhere
OPEN_DAYS = "open_days_participants"  # a count: beta's (the region's) only


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> SiteContent:
    datadir = DataDir(tmp_path_factory.mktemp("nodata") / "data")
    datadir.year(YEAR, "alpha", {"grads9": 100, "grads9_to_poo": 60}, targets={BY_PROFILE: 50})
    datadir.year(YEAR, "beta", {"grads9": 50, "grads9_to_poo": 20, "grads11": 40, "grads11_to_vo": 10,
                                "open_days_participants": 30})  # fmt: skip
    return site_content(datadir.root)


def _page(content: SiteContent, url: str) -> str:
    return content.pages[urls.docs_path(url)]


def _block(page: str, indicator: str) -> str:
    """An indicator's part of a section page: from its heading to the next."""
    start = page.index(f"{{#{indicator}}}")
    end = page.find("\n## ", start)
    return page[start : end if end > 0 else len(page)]


def _text(fragment: str) -> str:
    unescaped = re.sub(r"\\([^\w\s])", r"\1", fragment)  # a Markdown escape: «\(» is «(»
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", unescaped)).split())


def _chart_name(territory: str, indicator: str) -> str:
    return f"charts/{YEAR}/{territory}/{indicator}"


def _drawn(content: SiteContent, territory: str, indicator: str) -> dict[str, list[float]]:
    """The values a trend chart draws, by series."""
    spec = source_spec(content.charts[_chart_name(territory, indicator)])
    drawn: dict[str, list[float]] = {}
    for point in spec["data"]["values"]:
        if point["value"] is not None:
            drawn.setdefault(point["series"], []).append(point["value"])
    return drawn


def test_a_block_without_any_value_has_no_chart_and_no_empty_table(content: SiteContent) -> None:
    page = _page(content, urls.section(YEAR, "alpha", ADMISSIONS))
    for indicator in (BY_PROFILE, AGREEMENTS):
        block = _block(page, indicator)
        assert "<figure" not in block and "<img" not in block and "<table" not in block, indicator
        assert "Таблица данных" not in block and "Таблица с теми же числами" not in block, indicator
        assert f'id="chart-{indicator}"' not in page and f'id="table-{indicator}"' not in page, indicator
        assert _chart_name("alpha", indicator) not in content.charts, indicator  # no static SVG is drawn
        assert f"{indicator}.svg" not in page, indicator
        # the block still reads: the figures, the paragraph, how it is counted and the methodology's link
        text = _text(block)
        assert "данных нет" in text and "Как считается." in text and "Источник:" in text, indicator
        assert f'href="../../../methodology/#{indicator}">Показатель в методике</a>' in block, indicator
    assert "Целевое значение муниципальной программы — 50,0 %" in _text(_block(page, BY_PROFILE))


def test_a_block_with_only_the_regions_values_keeps_its_chart_and_table(content: SiteContent) -> None:
    page = _page(content, urls.section(YEAR, "alpha", ADMISSIONS))
    block = _block(page, VO)
    assert "данных нет" in _text(block)  # alpha has no value of its own
    assert f'id="chart-{VO}"' in block and f'data-pf-table="table-{VO}"' in block and f'id="table-{VO}"' in block
    assert f"charts/{YEAR}/alpha/{VO}.svg" in block
    assert _drawn(content, "alpha", VO) == {"Тестовая область": [25.0]}  # the region's line, alpha's none
    (table,) = tables(block)
    assert table["rows"][1][-1] == "25,0 %"  # type: ignore[index]
    # alpha's own value is drawn beside the region's, as before
    assert _drawn(content, "alpha", POO) == {"Альфинский городской округ": [60.0], "Тестовая область": [53.3]}


def test_a_count_is_drawn_alone_so_without_own_values_only_its_table_shows_the_region(content: SiteContent) -> None:
    block = _block(_page(content, urls.section(YEAR, "alpha", ADMISSIONS)), OPEN_DAYS)
    assert "<figure" not in block and _chart_name("alpha", OPEN_DAYS) not in content.charts
    (table,) = tables(block)
    assert table["rows"][1][1:] == ["—", "30 чел."]  # type: ignore[index]
    # beta's own count is drawn
    assert _drawn(content, "beta", OPEN_DAYS) == {"Бетинский муниципальный район": [30.0]}


def test_the_regions_page_shows_no_chart_or_table_for_an_indicator_without_any_value(content: SiteContent) -> None:
    page = _page(content, urls.region_section(YEAR, ADMISSIONS))
    block = _block(page, AGREEMENTS)
    assert "<figure" not in block and "<table" not in block and "Таблица" not in block
    assert _chart_name("region", AGREEMENTS) not in content.charts
    assert "данных нет" in _text(block) and "Показатель в методике" in block
    # a municipality's target is a figure of the table by municipality: it stays without a chart
    block = _block(page, BY_PROFILE)
    assert "<figure" not in block and "Таблица данных" not in block
    (by_municipality,) = tables(block)
    assert str(by_municipality["caption"]).endswith("2022/23 учебный год, по муниципалитетам")
    assert by_municipality["rows"][1][-1] == "50,0 %"  # type: ignore[index]
    # a value of the region's is drawn and listed
    block = _block(page, VO)
    assert f'id="chart-{VO}"' in block and len(tables(block)) == 2


def test_every_chart_left_on_a_page_names_a_table_the_page_has(content: SiteContent) -> None:
    """No anchor is left dangling: each figure's table, and each chart the pages count, is on its page."""
    charted = set()
    for path, page in content.pages.items():
        for figure, table in re.findall(r'<figure class="pf-chart"[^>]*data-pf-table="([^"]+)"[^>]*id="([^"]+)"', page):
            assert f'<table id="{figure}">' in page, (path, figure)
            charted.add(table)
        for image in re.findall(r'src="[./]*(charts/\d+/[^"]+)\.svg"', page):
            assert image in content.charts, (path, image)
    assert {name.rsplit("/", 1)[1] for name in content.charts if "/alpha/" in name} >= {POO, VO}
    assert f"chart-{POO}" in charted and f"chart-{BY_PROFILE}" not in charted


def _kpi(block: str) -> str:
    return block[block.index('<div class="pf-kpi"') : block.index("</div>")]


def test_a_block_without_a_value_says_so_in_its_figure_and_has_no_change_of_a_year(content: SiteContent) -> None:
    """Not a dash in large type over «Изменение за год —»: the words «нет данных», with the facts that are there
    (the region's value, the target)."""
    page = _page(content, urls.section(YEAR, "alpha", ADMISSIONS))
    for indicator in (BY_PROFILE, AGREEMENTS, VO):
        kpi = _kpi(_block(page, indicator))
        assert '<p class="pf-kpi__value pf-kpi__value--none">нет данных</p>' in kpi, indicator
        assert "Изменение за год" not in kpi and 'pf-kpi__value">—' not in kpi, indicator
    assert "<dt>Цель</dt> <dd>50,0\xa0%" in _kpi(_block(page, BY_PROFILE))
    assert "<dt>Регион в целом" in _kpi(_block(page, VO)) and "25,0\xa0%" in _kpi(_block(page, VO))
    own = _kpi(_block(page, POO))
    assert '<p class="pf-kpi__value">60,0\xa0%</p>' in own and "<dt>Изменение за год</dt>" in own
    region = _kpi(_block(_page(content, urls.region_section(YEAR, ADMISSIONS)), AGREEMENTS))
    assert "нет данных" in region and "Изменение за год" not in region and "Муниципалитетов с данными" in region
