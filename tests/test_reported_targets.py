"""A target the source reports only as met or not, without its planned value, read right on every page.

An order on the results of a monitoring says «целевые показатели выполнены, кроме: …» and names no planned
value; the year file records such a target as ``{reached: false, source: …}``. Here the municipality
``alpha`` has two of them (one missed with a value of its own, one met with no value at all) beside one
planned value; ``beta`` has only a planned value. Every page that shows a target says the source's verdict,
«не указано» for the planned value, and never invents a number; the open data leave the target empty.
"""

from __future__ import annotations

import html
import json
import math
import re
from typing import Any

import pytest

from generator.build.site_pages import SiteContent
from generator.build.validate import validate
from generator.publish.public_table import FIELDS, public_table
from generator.site import urls

from .conftest import DataDir
from .site_helpers import site_content

YEAR = 2023
ADMISSIONS = "postuplenie-v-poo-i-vuzy"
SUPPORT = "soprovozhdenie"
POO, VO, DOD = "grads9_poo_share", "grads11_vo_share", "dod_share"
HOSTILE = "<script>alert(1)</script> «Приказ» [x](javascript:alert(2))"


def _data(datadir: DataDir) -> None:
    datadir.year(
        YEAR, "alpha",
        {"grads9": 100, "grads9_to_poo": 60, "students_1_11": 1000, "students_dod": 500},
        targets={
            POO: {"reached": False, "source": "Приказ № 327", "note": HOSTILE},
            VO: {"reached": True},
            DOD: 40,
        },
    )  # fmt: skip
    datadir.year(YEAR, "beta", {"grads9": 50, "grads9_to_poo": 20, "grads11": 40, "grads11_to_vo": 10},
                 targets={POO: 30})  # fmt: skip


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> SiteContent:
    datadir = DataDir(tmp_path_factory.mktemp("reported") / "data")
    _data(datadir)
    return site_content(datadir.root)


def _page(content: SiteContent, url: str) -> str:
    return content.pages[urls.docs_path(url)]


def _text(page: str) -> str:
    """The page as a reader reads it: tags and Markdown escapes out, entities decoded."""
    unescaped = re.sub(r"\\([^\w\s])", r"\1", page)  # a Markdown escape: «\(» is «(»
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", unescaped)).split())


def _block(page: str, indicator: str) -> str:
    """An indicator's part of a section page: from its heading to the next."""
    start = page.index(f"{{#{indicator}}}")
    end = page.find("\n## ", start)
    return page[start : end if end > 0 else len(page)]


def test_the_section_page_says_the_sources_verdict_without_a_planned_value(content: SiteContent) -> None:
    page = _page(content, urls.section(YEAR, "alpha", ADMISSIONS))
    text = _text(page)
    assert (
        "Целевой показатель муниципальной программы не достигнут (по данным источника: Приказ № 327; "
        "плановое значение не указано)." in text
    )
    assert (
        "Целевой показатель муниципальной программы достигнут (по данным источника; плановое значение "
        "не указано)." in text
    )
    # the value of 60 % stands and the verdict is the source's: no «Целевое значение … — N %» is made up
    assert "Целевое значение муниципальной программы" not in _text(_block(page, POO))
    assert "Цель не указано — ✗ не достигнуто" in _text(_block(page, POO))
    # the note is the data's text: shown, and inert
    assert "<script>" not in page and "](javascript:" not in page
    assert "<script>alert(1)</script> «Приказ» [x](javascript:alert(2))" in text


def test_the_targets_page_counts_and_lists_them_with_the_planned_ones(content: SiteContent) -> None:
    page = _page(content, urls.targets(YEAR, "alpha"))
    text = _text(page)
    assert "(выполнено 2 из 3)" in text
    assert "Выпускники 9 классов в ПОО не указано 60,0 % ✗ не достигнуто" in text
    assert "Выпускники 11 классов в вузах не указано — ✓ достигнуто" in text
    assert (
        "По данным источника не достигнут целевой показатель «Выпускники 9 классов в ПОО» (плановое значение "
        "не указано)." in text
    )
    assert "По данным источника достигнут целевой показатель «Выпускники 11 классов в вузах»" in text
    assert "в данных нет" not in text
    assert "Где план «не указано», выполнение — по данным источника" in text  # not computed against a plan


def test_a_targets_page_of_planned_values_only_does_not_speak_of_the_sources_word(content: SiteContent) -> None:
    text = _text(_page(content, urls.targets(YEAR, "beta")))
    assert "не указано" not in text and "по данным источника" not in text.lower()


def test_the_municipality_cycle_and_report_pages_name_the_missed_target(content: SiteContent) -> None:
    said = (
        "По данным источника не достигнут целевой показатель «Выпускники 9 классов в ПОО» (плановое значение "
        "не указано)."
    )
    for url in (urls.municipality(YEAR, "alpha"), urls.cycle(YEAR, "alpha"), urls.report(YEAR, "alpha")):
        text = _text(_page(content, url))
        assert said in text, url
        assert "Целевых значений муниципальной программы на этот год в данных нет" not in text, url
    report = _text(_page(content, urls.report(YEAR, "alpha")))
    assert "Выпускники 9 классов в ПОО не указано 60,0 % ✗ не достигнуто" in report
    # beta has a planned value only: its cycle page says nothing of reported targets
    assert "По данным источника" not in _text(_page(content, urls.cycle(YEAR, "beta")))


def test_the_key_figures_and_the_region_table_say_not_given_with_the_status(content: SiteContent) -> None:
    text = _text(_page(content, urls.municipality(YEAR, "alpha")))
    assert "Выпускники 9 классов в ПОО 60,0 % — не указано ✗ не достигнуто" in text
    region = _text(_page(content, urls.section(YEAR, "region", ADMISSIONS)))
    assert "Альфинский городской округ 100 60 60,0 % — не указано (не достигнута)" in region
    assert "Бетинский муниципальный район 50 20 40,0 % — 30,0 % (достигнута)" in region


def test_the_comparison_chart_draws_no_target_mark_for_a_reported_target(content: SiteContent) -> None:
    name = next(n for n in content.charts if n.endswith(f"compare-{POO}") and f"/{YEAR}/" in f"/{n}")
    spec: Any = content.charts[name]
    spec = spec if isinstance(spec, dict) else json.loads(spec)
    rows = {r["name"]: r for r in _datasets(spec)}
    alpha, beta = rows["Альфинский городской округ"], rows["Бетинский муниципальный район"]
    assert alpha["target"] is None and alpha["target_formatted"] == "не указано"
    assert alpha["status"] == "цель не достигнута" and alpha["label"].endswith("✗")
    assert beta["target"] == 30.0


def _datasets(spec: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(spec, dict):
        values = spec.get("values")
        if isinstance(values, list) and values and isinstance(values[0], dict) and "target_formatted" in values[0]:
            found += values
        for value in spec.values():
            found += _datasets(value)
    elif isinstance(spec, list):
        for value in spec:
            found += _datasets(value)
    return found


def test_the_embed_says_the_goal_was_missed_by_the_sources_word(content: SiteContent) -> None:
    embed = content.files["embed/alpha/index.html"].decode("utf-8")
    assert "✗ Цель не достигнута (по данным источника; плановое значение не указано)" in html.unescape(embed)


def test_the_open_data_leave_the_target_empty_and_say_the_status(tmp_path: Any) -> None:
    datadir = DataDir(tmp_path / "data")
    _data(datadir)
    report = validate(datadir.root)
    assert report.table is not None and report.dataset is not None
    table = public_table(report.table, report.dataset)
    rows = {r.indicator: r for r in table[table.territory == "alpha"].itertuples()}
    assert math.isnan(rows[POO].target) and rows[POO].target_status == "не достигнута"
    assert math.isnan(rows[VO].target) and rows[VO].target_status == "достигнута"
    assert rows[DOD].target == 40.0
    # a reader of the file learns why a status stands beside an empty target
    described = {f["name"]: f["description"] for f in FIELDS}
    assert "не называя планового значения" in described["target"]
    assert (
        "При пустом целевом значении «достигнута» или «не достигнута» — по данным источника"
        in described["target_status"]
    )
