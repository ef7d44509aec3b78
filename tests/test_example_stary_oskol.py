"""The Stary Oskol roadmap builds as a deployment of its own and publishes every figure it prints.

``examples/stary-oskol/`` is the plan of measures («дорожная карта») of the Stary Oskol urban okrug for
2022–2023, approved by order No. 953 of 18.07.2022: its own catalogue (the ten municipal indicators of
measure 2.1, in the sections of monitoring measures 3.1–3.5), one territory, and the 2022/23 edition with
the plan's goal and tasks, its 33 measures and the order with the acts it cites. The roadmap prints no
value of any indicator — neither actual, baseline nor planned — so the figures it prints are the deadlines
of its measures and the numbers and dates of the acts; ``figures.csv`` lists them, and each must be found
on the management-cycle page, in the row of its measure or act.
"""

from __future__ import annotations

import re

import pytest

from generator.inputs.problems import Severity
from generator.site import urls

from .site_helpers import (
    ROOT,
    BuiltSite,
    Figure,
    build_example,
    example_catalogue,
    example_page,
    example_year_file,
    indicator_blocks,
    read_figures,
    tables,
)

pytestmark = pytest.mark.xdist_group("example-stary-oskol")

EXAMPLE = ROOT / "examples" / "stary-oskol"
SLUG = "starooskolskiy-go"
YEAR = 2023  # the order of 18.07.2022 plans the 2022/23 school year (see the comment in the year file)
MONTHS = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6,
    "июля": 7, "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}  # fmt: skip
# The roles the year file may name as responsible: the order names people, the example only their posts.
ROLES = {
    "заместитель начальника управления образования",
    "начальник отдела общего образования",
    "главный специалист отдела общего образования",
    "Руководители ОО",
}




@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_example(EXAMPLE, tmp_path_factory.mktemp("stary-oskol") / "site")


def _figures() -> list[Figure]:
    return read_figures(EXAMPLE / "figures.csv")


def _year_file() -> dict:
    return example_year_file(EXAMPLE, YEAR, SLUG)


def _catalogue() -> dict:
    return example_catalogue(EXAMPLE)


def _as_site_writes(printed: str) -> str:
    """A date printed in words («18» июля 2022 г., 7 мая 2018 года) as the site writes dates: 18.07.2022."""
    m = re.fullmatch(r"«?(\d{1,2})»?\s+(\w+)\s+(\d{4})(?:\s+г\.|\s+года)?", printed)
    if m and m.group(2) in MONTHS:
        return f"{int(m.group(1)):02d}.{MONTHS[m.group(2)]:02d}.{m.group(3)}"
    return printed


def _page(site: BuiltSite, url: str) -> str:
    return example_page(site, url)


def _table(page_html: str, caption_start: str) -> list[list[str]]:
    found = [t for t in tables(page_html) if str(t["caption"]).startswith(caption_start)]
    assert len(found) == 1, f"таблица «{caption_start}…» на странице: {len(found)}"
    return [row for row in found[0]["rows"] if row]  # type: ignore[union-attr]


def _measure_rows(site: BuiltSite) -> dict[str, list[str]]:
    """The roadmap table of the cycle page, by measure number (the first cell)."""
    rows = _table(_page(site, urls.cycle(YEAR, SLUG)), "Дорожная карта")
    return {row[0]: row for row in rows[1:]}


def _decision_rows(site: BuiltSite) -> list[list[str]]:
    return _table(_page(site, urls.cycle(YEAR, SLUG)), "Управленческие решения")[1:]


def test_the_example_builds_without_errors_or_warnings(site: BuiltSite) -> None:
    problems = [str(p) for p in site.result.problems if p.severity in (Severity.error, Severity.warning)]
    assert site.result.ok and problems == [], problems


def test_every_printed_figure_is_on_the_cycle_page(site: BuiltSite) -> None:
    measures = _measure_rows(site)
    decisions = _decision_rows(site)
    found, missing = [], []
    for figure in _figures():
        # the roadmap prints no value of an indicator: every figure is a deadline or an act's number and date
        assert figure.year == YEAR and figure.indicator == "", figure
        expected = _as_site_writes(figure.printed)
        if figure.table == "План мероприятий":
            row = measures.get(figure.row)
            ok = row is not None and expected in row[2:3]  # the «Срок» column, exactly as printed
        else:
            # the act's number and its date in one row: «Приказ … № 1513 от 17.05.2022»
            ok = any(f"{figure.row} от " in row[0] and expected in row[0] for row in decisions)
        (found if ok else missing).append(figure)
    total = len(found) + len(missing)
    print(f"\nДорожная карта Старого Оскола: на странице управленческого цикла найдено {len(found)} чисел из {total}")
    assert missing == [], "не найдены: " + "; ".join(map(str, missing))
    assert len(found) == 49  # 33 deadlines; the number and the date of the order and of its 7 acts with titles


def test_every_measure_is_on_the_roadmap_in_the_documents_order(site: BuiltSite) -> None:
    measures = _year_file()["measures"]
    rows = _measure_rows(site)
    assert len(measures) == 33
    assert list(rows) == [m["number"] for m in measures]
    for m in measures:
        number, title, deadline, responsible, expected = rows[m["number"]]
        assert (title, deadline, expected) == (m["title"], m["deadline_text"], m["expected_result"])
        # 4.1.4 has no responsible in the plan: the cell says so rather than inventing one
        assert responsible == m.get("responsible", "—"), number


def test_responsible_are_roles_never_names() -> None:
    for m in _year_file()["measures"]:
        if "responsible" in m:
            assert set(m["responsible"].split(", ")) <= ROLES, m["number"]


def test_the_cycle_shows_goals_measures_and_decisions_and_no_invented_values(site: BuiltSite) -> None:
    page = _page(site, urls.cycle(YEAR, SLUG))
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    for stage in ("Цели", "Меры, мероприятия", "Управленческие решения"):
        assert f"{stage} — есть" in text, stage
    # the roadmap gives no value: the indicator stages are honestly missing, the cycle incomplete
    assert "Показатели — нет данных" in text and "неполный цикл" in text
    for goal in _year_file()["goals"]:
        assert " ".join(goal.split()) in text
    assert len(_decision_rows(site)) == 8
    assert "Приказ управления образования администрации Старооскольского городского округа № 953 от 18.07.2022" in text


def test_every_indicator_of_the_roadmap_is_on_its_section_page_without_a_value(site: BuiltSite) -> None:
    catalogue = _catalogue()
    slugs = {s["id"]: s["slug"] for s in catalogue["sections"]}
    assert len(catalogue["indicators"]) == 10  # the ten items of measure 2.1
    for indicator in catalogue["indicators"]:
        blocks = indicator_blocks(_page(site, urls.section(YEAR, SLUG, slugs[indicator["section"]])))
        block = " ".join(re.sub(r"<[^>]+>", " ", blocks[indicator["id"]]).split())
        assert " ".join(indicator["method"].split()) in block, indicator["id"]
        assert "данных нет" in block, indicator["id"]
        # a chart without a single point would be an empty frame, a table of «—» says nothing: neither is shown
        assert "<figure" not in blocks[indicator["id"]] and "<table" not in blocks[indicator["id"]], indicator["id"]
        # nor a box of figures: no value, no region to compare with, no target; the paragraph says «данных нет»
        assert "pf-kpi" not in blocks[indicator["id"]] and "Изменение за год" not in block, indicator["id"]
        assert "Показатель в методике" in block, indicator["id"]
    assert not list((site.out / "charts").glob(f"{YEAR}/**/*.svg"))  # no static picture is drawn either
    methodology = _page(site, "/methodology/")
    assert all(f'id="{i["id"]}"' in methodology for i in catalogue["indicators"])


def test_the_roadmap_sets_no_targets_and_the_targets_page_says_so(site: BuiltSite) -> None:
    assert "targets" not in _year_file()
    page = _page(site, urls.targets(YEAR, SLUG))
    assert "Целевых значений муниципальной программы на этот год в данных нет" in page


def test_the_navigation_names_the_overviews_contents_and_the_only_municipality_by_its_name(site: BuiltSite) -> None:
    """A municipality-level site: the edition's page holds the municipality's section, so its own entry in
    the navigation is «Содержание»; the permanent page of the only municipality stands alone under
    «Муниципалитеты» and keeps the municipality's name there."""

    def entry(url: str) -> str:
        found = re.search(r'for="__toc"><span class="md-ellipsis">([^<]*)<', site.page(url))
        assert found is not None, url
        return found.group(1)

    assert entry(f"/{YEAR}/") == "Содержание"
    assert entry(f"/{YEAR}/{SLUG}/") == "Содержание"
    assert entry(f"/municipalities/{SLUG}/") == "Старооскольский городской округ"
