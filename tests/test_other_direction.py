"""Another direction is another catalogue and another ``site.yaml``, not other code.

A tiny monitoring of pupils' health — two sections, three indicators, two municipalities — is built with
the same generator: no page may speak of career guidance, and the pages name the monitoring as its
``site.yaml`` does. Without a ``site.yaml`` the pages use the neutral defaults and still say nothing of it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.build.site_pages import build_site_content
from generator.build.validate import validate
from generator.publish.public_table import public_table
from generator.recommend.evaluate import recommend
from generator.site.context import SiteInfo

CAREER_WORDS = re.compile(r"профориент|самоопредел|профессиональн|професси|карьер", re.IGNORECASE)

CATALOGUE = {
    "direction": "Система сохранения и укрепления здоровья обучающихся",
    "sections": [
        {"id": "meals", "slug": "pitanie", "order": 1, "title": "Горячее питание", "short_title": "Питание",
         "description": "Охват обучающихся горячим питанием."},
        {"id": "sport", "slug": "sport", "order": 2, "title": "Физкультура и спорт", "short_title": "Спорт",
         "description": "Занятия в спортивных секциях."},
    ],
    "counts": [
        {"id": "pupils", "title": "Обучающиеся", "unit": "чел.", "source": "Отчёт школ"},
        {"id": "pupils_fed", "section": "meals", "title": "Обучающиеся, получающие горячее питание", "unit": "чел.",
         "source": "Отчёт школ", "part_of": "pupils"},
        {"id": "pupils_sport", "section": "sport", "title": "Обучающиеся, занимающиеся в спортивных секциях",
         "unit": "чел.", "source": "Отчёт школ", "part_of": "pupils"},
        {"id": "sport_clubs", "section": "sport", "title": "Школьные спортивные клубы", "unit": "ед.",
         "source": "Отчёт школ"},
    ],
    "indicators": [
        {"id": "fed_share", "section": "meals", "kind": "share", "key": True, "better": "higher",
         "title": "Доля обучающихся, получающих горячее питание", "short_title": "Горячее питание",
         "numerator": "pupils_fed", "denominator": "pupils", "method": "Питающиеся к обучающимся.",
         "source": "Отчёт школ"},
        {"id": "sport_share", "section": "sport", "kind": "share", "better": "higher",
         "title": "Доля обучающихся, занимающихся спортом", "short_title": "Занятия спортом",
         "numerator": "pupils_sport", "denominator": "pupils", "method": "Отношение занимающихся к обучающимся.",
         "source": "Отчёт школ"},
        {"id": "sport_clubs", "section": "sport", "kind": "count", "title": "Школьные спортивные клубы",
         "short_title": "Спортивные клубы", "numerator": "sport_clubs", "method": "Число клубов.",
         "source": "Отчёт школ"},
    ],
}  # fmt: skip

REGISTRY = {
    "region": {"name": "Условная область"},
    "municipalities": [
        {"slug": "alpha", "name": "Альфинский муниципальный округ", "type": "муниципальный округ"},
        {"slug": "beta", "name": "Бетинский городской округ", "type": "городской округ"},
    ],
}

SITE = {
    "texts": {
        "heading": "Мониторинг здоровья обучающихся",
        "heading_genitive": "мониторинга здоровья обучающихся",
        "short": "Мониторинг здоровья",
        "short_genitive": "мониторинга здоровья",
        "system_genitive": "мониторинга системы сохранения здоровья обучающихся",
        "direction_genitive": "мониторинга системы сохранения и укрепления здоровья обучающихся",
    }
}


def write(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def health_data(root: Path, site: bool) -> Path:
    write(root / "indicators.yaml", CATALOGUE)
    write(root / "region.yaml", REGISTRY)
    if site:
        write(root / "site.yaml", SITE)
    for year, extra in [(2023, 0), (2024, 25)]:
        for slug, pupils in [("alpha", 1200), ("beta", 3400)]:
            counts = {
                "pupils": pupils,
                "pupils_fed": pupils // 2 + extra,
                "pupils_sport": pupils // 4,
                "sport_clubs": 3,
            }
            write(root / str(year) / f"{slug}.yaml", {"municipality": slug, "year": year, "counts": counts})
    return root


def pages_of(root: Path) -> dict[str, str]:
    report = validate(root)
    assert report.errors == [], [str(p) for p in report.errors]
    assert report.dataset is not None and report.table is not None
    dataset, table = report.dataset, report.table
    recs = recommend(report.rules, table, dataset) if report.rules is not None else []
    info = SiteInfo(name="Здоровье", region=dataset.registry.region.name, demo=False, site_url="")
    content = build_site_content(
        dataset, table, public_table(table, dataset), info, rules=report.rules, recommendations=recs, pdfs=True
    )
    return content.pages


@pytest.mark.parametrize("site", [True, False], ids=["with-site-yaml", "defaults"])
def test_a_monitoring_of_another_direction_says_nothing_of_career_guidance(tmp_path: Path, site: bool) -> None:
    pages = pages_of(health_data(tmp_path / "data", site))
    assert {"index.md", "2024/index.md", "2024/alpha/report/index.md", "2024/alpha/cycle/index.md"} <= pages.keys()
    found = {path: CAREER_WORDS.findall(text) for path, text in pages.items() if CAREER_WORDS.search(text)}
    assert found == {}


def test_the_pages_name_the_monitoring_as_its_site_file_does(tmp_path: Path) -> None:
    pages = pages_of(health_data(tmp_path / "data", site=True))
    assert "# Мониторинг здоровья обучающихся" in pages["index.md"]
    assert "результаты ежегодного мониторинга системы сохранения и укрепления здоровья обучающихся" in pages["index.md"]
    assert "Мониторинг здоровья: 2023/24 учебный год" in pages["2024/index.md"]
    assert (
        "по результатам мониторинга системы сохранения и укрепления здоровья обучающихся"
        in (pages["2024/alpha/report/index.md"])
    )
