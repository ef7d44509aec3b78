"""A deployment's top territory: a region over its municipalities, or one municipality over its schools.

A municipal monitoring (an order of a city's education department, a municipal okrug's analytical report)
publishes one municipality. Its own figures are the top ones: its pages never compare it with a «регион
в целом» that is itself, and the site has no region's pages that would repeat its numbers.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from generator.build.site_pages import build_site_content
from generator.build.validate import validate
from generator.publish.public_table import public_table
from generator.site.context import SiteInfo

from .conftest import REGISTRY, DataDir, dump

COUNTS = {"grads9": 420, "grads9_to_poo": 283, "grads11": 94, "grads11_to_vo": 48, "staff_total": 300}


def _one_municipality(datadir: DataDir, **region: Any) -> None:
    registry = {
        "region": {"name": "Тестовая область", **region},
        "municipalities": [{"slug": "alpha", "name": "Альфинский муниципальный округ", "type": "муниципальный округ"}],
    }
    dump(datadir.root / "region.yaml", registry)
    datadir.year(2022, "alpha", {**COUNTS, "grads9_to_poo": 250})
    datadir.year(2023, "alpha", COUNTS)


def _content(datadir: DataDir) -> Any:
    report = validate(datadir.root)
    assert report.errors == [], [str(p) for p in report.errors]
    assert report.dataset is not None and report.table is not None
    info = SiteInfo(name="Профориентир", region=report.dataset.registry.region.name, demo=True, site_url="")
    return build_site_content(report.dataset, report.table, public_table(report.table, report.dataset), info)


def test_one_municipality_is_a_municipal_monitoring_without_a_region_above_it(datadir: DataDir) -> None:
    _one_municipality(datadir)
    content = _content(datadir)
    pages = content.pages
    section = pages["2023/alpha/postuplenie-v-poo-i-vuzy/index.md"]
    assert "Регион в целом" not in section and "По региону" not in section
    assert not [p for p in pages if p.startswith("2023/region/")]  # no region's pages repeating its numbers
    assert "2023/recommendations/index.md" not in pages
    nav = json.dumps(content.nav, ensure_ascii=False)
    assert "Регион в целом" not in nav and "2023/region/" not in nav
    edition = pages["2023/index.md"]
    assert "## Ключевые показатели: Альфинский муниципальный округ" in edition
    assert "Сравнение муниципалитетов" not in edition and "муниципалитетов: 1" not in edition
    assert "Альфинский муниципальный округ (Тестовая область)" in edition  # the lead names it, with its region
    assert "показатели муниципалитета" in pages["index.md"]
    # the municipality's own figures are the ones the overview shows: 283 of 420 is 67,4 %
    assert "67,4\xa0%" in edition


def test_a_single_municipality_can_still_be_published_as_a_region(datadir: DataDir) -> None:
    _one_municipality(datadir, level="region")
    pages = _content(datadir).pages
    assert "2023/region/postuplenie-v-poo-i-vuzy/index.md" in pages
    assert "Регион в целом" in pages["2023/alpha/postuplenie-v-poo-i-vuzy/index.md"]


def test_a_region_deployment_is_unchanged(datadir: DataDir) -> None:
    datadir.year(2023, "alpha", COUNTS)
    datadir.year(2023, "beta", COUNTS)
    pages = _content(datadir).pages
    assert "2023/region/postuplenie-v-poo-i-vuzy/index.md" in pages
    assert "## Ключевые показатели региона" in pages["2023/index.md"]
    assert "## Сравнение муниципалитетов" in pages["2023/index.md"]


def test_a_municipal_level_over_several_municipalities_is_a_located_error(datadir: DataDir) -> None:
    registry = yaml.safe_load(yaml.safe_dump(REGISTRY))
    registry["region"]["level"] = "municipality"
    dump(datadir.root / "region.yaml", registry)
    datadir.year(2023, "alpha", COUNTS)
    (error,) = validate(datadir.root).errors
    lines = (datadir.root / "region.yaml").read_text(encoding="utf-8").splitlines()
    assert error.path.endswith("region.yaml") and lines[error.line - 1].strip() == "level: municipality"
    assert "level: municipality" in error.message and "их 2" in error.message


def test_the_cycle_lists_only_the_sections_that_measured_something(datadir: DataDir) -> None:
    _one_municipality(datadir)
    cycle = _content(datadir).pages["2023/alpha/cycle/index.md"]
    assert "измерил 2\xa0показателя в разделе:" in cycle  # grads9_poo_share and grads11_vo_share
    listed = [line for line in cycle.splitlines() if line.startswith("- [")]
    assert [line.split("]")[0] for line in listed[:1]] == ["- [Поступление в колледжи и вузы"]
    assert "Ранняя профориентация" not in "\n".join(listed)


def with_schools(datadir: DataDir, **region: Any) -> None:
    """One municipality over three schools, with the schools' counts of 2023 (``region`` adds to the registry)."""
    registry = {
        "region": {"name": "Тестовая область", **region},
        "municipalities": [
            {
                "slug": "alpha",
                "name": "Альфинский муниципальный округ",
                "type": "муниципальный округ",
                "schools": [
                    {"id": "alpha-1", "name": "Школа № 1"},
                    {"id": "alpha-2", "name": "Гимназия № 2"},
                    {"id": "alpha-3", "name": "Лицей № 3"},
                ],
            }
        ],
    }
    dump(datadir.root / "region.yaml", registry)
    datadir.year(
        2023,
        "alpha",
        schools=[
            {"school": "alpha-1", "counts": {"grads9": 100, "grads9_to_poo": 50}},
            {"school": "alpha-2", "counts": {"grads9": 80, "grads9_to_poo": 20}},
            {"school": "alpha-3", "counts": {"grads9": 40, "grads9_to_poo": 30}},
        ],
    )


def test_schools_are_shown_in_aggregate_without_their_names_by_default(datadir: DataDir) -> None:
    with_schools(datadir)
    section = _content(datadir).pages["2023/alpha/postuplenie-v-poo-i-vuzy/index.md"].replace("\\", "")
    assert "По школам (данные 3 из 3): от 25,0\xa0% до 75,0\xa0%, медиана — 50,0\xa0%." in section
    for name in ("Школа №\u00a01", "Гимназия №\u00a02", "Лицей №\u00a03"):  # as a page writes them
        assert name not in section.replace("№ ", "№\u00a0")  # 001, p. 12: no public comparison of schools


def test_a_deployment_may_publish_its_schools_alphabetically_never_ranked(datadir: DataDir) -> None:
    with_schools(datadir, schools_public=True)
    section = _content(datadir).pages["2023/alpha/postuplenie-v-poo-i-vuzy/index.md"]
    table = section[section.index("по школам, в алфавитном порядке") :]
    order = [table.index(name) for name in ("Гимназия №\u00a02", "Лицей №\u00a03", "Школа №\u00a01")]
    assert order == sorted(order)  # by name: 25 %, 75 %, 50 % — not by value
