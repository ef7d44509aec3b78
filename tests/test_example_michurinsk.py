"""The Michurinsk order on the monitoring of May 2023 builds as a deployment of its own and publishes every figure.

``examples/michurinsk/`` is order No. 327 of 15.06.2023 of the education department of the city of Michurinsk
(Tambov oblast) «Об итогах проведения мониторинга системы работы по самоопределению и профессиональной
ориентации обучающихся»: its own catalogue (the figures the order reports, in the sections of the order's own
list of what was analysed), one municipality, the 2022/23 edition with the counts the order gives, the shares it
gives without their populations as printed, the two targets of the municipal programme it names as not met
(without values), and its items 1–3 as measures with their addressees' roles. ``figures.csv`` lists the
figures; each must be found on its page: an indicator's in the data table of its block on its section page,
the order's number and date in the decisions of the management-cycle page, the number of schools in the analysis.
"""

from __future__ import annotations

import html
import re
import zipfile

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

pytestmark = pytest.mark.xdist_group("example-michurinsk")

EXAMPLE = ROOT / "examples" / "michurinsk"
SLUG = "michurinsk-go"
YEAR = 2023  # the monitoring of May 2023: the 2022/23 school year
# The people the order names (the head of the department who signs it, the director of the methodological
# centre): the example names their posts only. Surnames and initials as printed.
PEOPLE = ("Климкин", "Дедешко", "А.В.", "Л.В.")
# The roles the year file may name as responsible, as the order addresses its items.
ROLES = {
    "руководители общеобразовательных организаций",
    "МБУ УМиИЦ (методический центр)",
    "начальник управления народного образования",
}
# The two targets of the municipal programme that the order names as not met, in its words.
UNMET = (
    "проведение профессиональной диагностики в рамках сопровождения профессионального самоопределения "
    "обучающихся 8–11 классов",
    "охват психолого-педагогической поддержкой, консультационной помощью по вопросам профориентации "
    "обучающихся 8–11 классов",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_example(EXAMPLE, tmp_path_factory.mktemp("michurinsk") / "site")


def _figures() -> list[Figure]:
    return read_figures(EXAMPLE / "figures.csv")


def _year_file() -> dict:
    return example_year_file(EXAMPLE, YEAR, SLUG)


def _catalogue() -> dict:
    return example_catalogue(EXAMPLE)


def _page(site: BuiltSite, url: str) -> str:
    return example_page(site, url)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _number(cell: str) -> str:
    """A cell as a reader compares it with a printed number: «8 641», «538 ед.», «100 % (как в источнике)»."""
    cell = cell.replace("(как в источнике)", "")
    return re.sub(r"[\s\u00a0\u202f%]|ед\.|чел\.", "", cell)


def _section_url(indicator: str) -> str:
    catalogue = _catalogue()
    section = next(i["section"] for i in catalogue["indicators"] if i["id"] == indicator)
    slug = next(s["slug"] for s in catalogue["sections"] if s["id"] == section)
    return urls.section(YEAR, SLUG, slug)


def _in_block(site: BuiltSite, figure: Figure) -> bool:
    """The figure is a cell of the 2022/23 row of the data table in its indicator's block."""
    block = indicator_blocks(_page(site, _section_url(figure.indicator))).get(figure.indicator, "")
    for table in tables(block):
        for row in table["rows"]:  # type: ignore[union-attr]
            if row and row[0] == "2022/23" and figure.printed in {_number(c) for c in row[1:]}:
                return True
    return False


def _table(page_html: str, caption_start: str) -> list[list[str]]:
    found = [t for t in tables(page_html) if str(t["caption"]).startswith(caption_start)]
    assert len(found) == 1, f"таблица «{caption_start}…» на странице: {len(found)}"
    return [row for row in found[0]["rows"] if row][1:]  # type: ignore[union-attr]


def _decision_rows(site: BuiltSite) -> list[list[str]]:
    return _table(_page(site, urls.cycle(YEAR, SLUG)), "Управленческие решения")


def test_the_example_builds_without_errors_or_warnings(site: BuiltSite) -> None:
    problems = [str(p) for p in site.result.problems if p.severity in (Severity.error, Severity.warning)]
    assert site.result.ok and problems == [], problems


def test_figures_csv_covers_every_reported_indicator() -> None:
    figures = _figures()
    assert all(f.year == YEAR for f in figures)
    indicators = {i["id"] for i in _catalogue()["indicators"]}
    reported = {f.indicator for f in figures if f.indicator}
    # every indicator of the catalogue is a figure of the order, except the programme's two targets the order
    # names as not met without any value
    assert indicators - reported == {"psych_support_share_8_11", "diagnostics_share_8_11"}
    assert reported <= indicators
    assert len(figures) == 23


def test_every_printed_figure_is_on_its_page(site: BuiltSite) -> None:
    decisions = [" ".join(row) for row in _decision_rows(site)]
    analysis = _text(_page(site, urls.municipality(YEAR, SLUG)))
    found, missing = [], []
    for figure in _figures():
        if figure.indicator:
            ok = _in_block(site, figure)
        elif figure.table == "Приказ":
            ok = any(f"{figure.row} от 15.06.2023" in row and figure.printed in row for row in decisions)
        else:  # the schools that took part: the analysis says it in the order's words
            ok = f"участвовали {figure.printed} общеобразовательных организаций" in analysis
        (found if ok else missing).append(figure)
    print(f"\nПриказ Мичуринска № 327: на страницах найдено {len(found)} чисел из {len(found) + len(missing)}")
    assert missing == [], "не найдены: " + "; ".join(map(str, missing))


def test_the_counts_sum_to_the_orders_total_and_the_shares_are_as_printed(site: BuiltSite) -> None:
    data = _year_file()
    counts = data["counts"]
    assert counts["events_noo"] + counts["events_ooo"] + counts["events_soo"] == 538
    # a share the order prints without its population is shown as printed and says so, never recomputed
    for indicator in data["printed"]:
        block = _text(indicator_blocks(_page(site, _section_url(indicator)))[indicator])
        assert "(как в источнике)" in block and "Примечание к данным" in block, indicator
    # no population was invented: the counts are the order's own numbers only
    assert set(counts) == {"events_noo", "events_ooo", "events_soo", "students_events", "bilet_participants",
                           "show_lessons", "show_participants", "proftrials_g9"}  # fmt: skip


def test_the_graduates_of_2022_are_named_where_their_figures_are(site: BuiltSite) -> None:
    """The EGE choice is of the graduates of 2022 (2021/22), admissions are only known for them in May 2023:
    each of the three blocks says so rather than pass them for the graduates of 2023."""
    for indicator in ("ege_profile_share", "admitted_profile_share", "regional_poo_share"):
        block = _text(indicator_blocks(_page(site, _section_url(indicator)))[indicator])
        assert "выпускник" in block and "2022 года" in block, indicator


def test_the_two_unmet_targets_are_said_without_an_invented_value(site: BuiltSite) -> None:
    data = _year_file()
    # the order gives no planned value: none is made up, the two are recorded as the order reports them
    assert data["targets"] == {
        "diagnostics_share_8_11": {"reached": False, "source": "Приказ № 327"},
        "psych_support_share_8_11": {"reached": False, "source": "Приказ № 327"},
    }
    titles = {i["id"]: i["short_title"] for i in _catalogue()["indicators"]}
    listed = "; ".join(f"«{titles[i]}»" for i in ("diagnostics_share_8_11", "psych_support_share_8_11"))
    verdict = f"По данным источника не достигнуты целевые показатели (плановые значения не указаны): {listed}."
    pages = (urls.municipality(YEAR, SLUG), urls.cycle(YEAR, SLUG), urls.targets(YEAR, SLUG), urls.report(YEAR, SLUG))
    for url in pages:
        text = _text(_page(site, url))
        assert verdict in text, url
        # the site does not claim what the order denies: the programme has targets, only their values are not given
        assert "не установлены" not in text and "Целевых значений муниципальной программы" not in text, url
    for url in (urls.municipality(YEAR, SLUG), urls.cycle(YEAR, SLUG), urls.report(YEAR, SLUG)):
        text = _text(_page(site, url))
        assert "выполнены, кроме двух" in text, url
        for target in UNMET:
            assert target in text, (url, target)
        assert "Плановых значений этих показателей приказ не приводит" in text, url
    for url in (urls.targets(YEAR, SLUG), urls.report(YEAR, SLUG)):
        rows = {row[0]: row[1:] for row in _table(_page(site, url), "Целевые показатели")}
        assert rows == {
            titles["diagnostics_share_8_11"]: ["не указано", "—", "✗ не достигнуто"],
            titles["psych_support_share_8_11"]: ["не указано", "—", "✗ не достигнуто"],
        }, url
    said = (
        "Целевой показатель муниципальной программы не достигнут (по данным источника: Приказ № 327; плановое "
        "значение не указано)."
    )
    for indicator in ("diagnostics_share_8_11", "psych_support_share_8_11"):
        block = _text(indicator_blocks(_page(site, _section_url(indicator)))[indicator])
        assert "данных нет" in block and said in block, indicator
        assert "Целевое значение муниципальной программы —" not in block, indicator
    diagnostics = _text(_page(site, _section_url("diagnostics_share_8_9")))
    assert "профессиональной диагностике обучающихся 8–11 классов, по словам приказа, не выполнен" in diagnostics
    assert "по словам приказа, не выполнен" in _text(_page(site, _section_url("psych_support_share_8_11")))


def test_only_the_two_targets_without_a_value_have_no_chart_and_no_table(site: BuiltSite) -> None:
    """The order gives no value for the programme's two targets: their blocks say «данных нет» and show no empty
    chart (axes, one year, a legend, no point) and no table of «—»; every other indicator has its chart and table."""
    without = {"psych_support_share_8_11", "diagnostics_share_8_11"}
    for indicator in (i["id"] for i in _catalogue()["indicators"]):
        block = indicator_blocks(_page(site, _section_url(indicator)))[indicator]
        charted = (f'id="chart-{indicator}"' in block, f'id="table-{indicator}"' in block)
        assert charted == ((False, False) if indicator in without else (True, True)), indicator
        chart = site.out / "charts" / str(YEAR) / SLUG / f"{indicator}.svg"
        assert chart.is_file() == (indicator not in without), indicator
        if indicator in without:
            assert "<figure" not in block and "<table" not in block and "Таблица" not in block, indicator
            assert "данных нет" in _text(block) and "Показатель в методике" in block, indicator
    drawn = {path.stem for path in (site.out / "charts" / str(YEAR) / SLUG).glob("*.svg")}
    assert drawn == {i["id"] for i in _catalogue()["indicators"]} - without


def _sub_items(page_html: str) -> dict[str, list[str]]:
    """The number of each measure of the order's table → the texts of the list in its cell."""
    table = page_html[page_html.index('<table class="pf-measures">') :]
    table = table[: table.index("</table>")]
    found = {}
    for number, cell in re.findall(r"<tr><td>([^<]*)</td><td>(.*?)</td>", table, re.S):
        found[number] = [_text(li) for li in re.findall(r"<li>(.*?)</li>", cell, re.S)]
    return found


def test_the_orders_items_are_the_measures_with_roles_and_the_order_is_a_decision(site: BuiltSite) -> None:
    measures = _year_file()["measures"]
    caption = "Поручения приказа от 15.06.2023"  # the order gives instructions, not a roadmap
    rows = {row[0]: row for row in _table(_page(site, urls.cycle(YEAR, SLUG)), caption)}
    assert _table(_page(site, urls.report(YEAR, SLUG)), caption)
    assert "Дорожная карта" not in _text(_page(site, urls.cycle(YEAR, SLUG)))
    assert list(rows) == ["1", "2", "3"]
    for url in (urls.cycle(YEAR, SLUG), urls.report(YEAR, SLUG)):  # each item is an instruction, as printed
        head = re.search(r'<table class="pf-measures">.*?<thead>(.*?)</thead>', _page(site, url), re.S)
        assert head and re.findall(r"<th[^>]*>([^<]*)</th>", head.group(1))[:2] == ["№", "Поручение"], url
    listed = _sub_items(_page(site, urls.cycle(YEAR, SLUG)))
    for m in measures:
        number, cell, responsible = rows[m["number"]]
        items = [" ".join(i.split()) for i in m.get("items", [])]
        assert cell.startswith(" ".join(m.get("title", "").split())) and listed[number] == items, number
        assert responsible == m["responsible"], number
        assert m["responsible"] in ROLES and "deadline" not in m and "deadline_text" not in m, number
    decisions = _decision_rows(site)
    assert decisions[0] == [
        "Приказ управления народного образования администрации города Мичуринска № 327 от 15.06.2023",
        "Об итогах проведения мониторинга системы работы по самоопределению и профессиональной ориентации "
        "обучающихся образовательных организаций города Мичуринска",
    ]
    text = _text(_page(site, urls.cycle(YEAR, SLUG)))
    for stage in ("Цели", "Показатели", "Мониторинг показателей", "Анализ результатов мониторинга",
                  "Меры, мероприятия", "Управленческие решения"):  # fmt: skip
        assert f"{stage} — есть" in text, stage


def test_the_unnumbered_sub_items_of_the_order_are_a_list_in_their_measures_cell(site: BuiltSite) -> None:
    """Items 1 and 2 of the order each address a list of unnumbered sub-items: the page lists them one by one,
    in the order's order and with its lowercase first letters, each without the «;» that separated them."""
    first_words = {
        "1": ["осуществить", "обеспечить", "активизировать", "продолжить", "использовать", "предусмотреть"],
        "2": ["обеспечить", "создать"],
        "3": [],  # «Контроль за исполнением …» is one sentence: a title, no list
    }
    for url in (urls.cycle(YEAR, SLUG), urls.report(YEAR, SLUG)):
        items = _sub_items(_page(site, url))
        assert {n: [i.split()[0] for i in texts] for n, texts in items.items()} == first_words, url
        assert items["1"][-1] == (
            "предусмотреть создание на официальном сайте образовательной организации раздела "
            "«Профессиональная ориентация»"
        )
        assert not any(i.endswith((";", ".")) for texts in items.values() for i in texts), url
    # the addressee line of items 1 and 2 is their responsible, not repeated above the list
    measures = {m["number"]: m for m in _year_file()["measures"]}
    assert "title" not in measures["1"] and "title" not in measures["2"]


def test_no_name_of_a_person_from_the_order_is_published(site: BuiltSite) -> None:
    _page(site, "/")
    seen = 0
    for path in site.out.rglob("*"):
        if path.suffix in {".html", ".csv", ".json", ".xml", ".txt", ".md", ".svg", ".js"}:
            content = path.read_text(encoding="utf-8", errors="replace")
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                content = " ".join(book.read(n).decode("utf-8", "replace") for n in book.namelist())
        else:
            continue
        seen += 1
        for name in PEOPLE:
            assert name not in content, (path, name)
    assert seen > 20
    for path in (EXAMPLE / "data").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert not any(name in text for name in PEOPLE), path


def test_the_methods_say_which_shares_are_printed_and_speak_of_no_region(site: BuiltSite) -> None:
    """A municipal deployment has no region's value to explain, and its shares printed without counts are
    not «computed from primary data»: the cycle's methods stage says how each kind of share came."""
    text = _text(_page(site, urls.cycle(YEAR, SLUG)))
    assert "значение региона" not in text
    assert "опубликованы так, как напечатаны в источнике, с пометкой «как в источнике»" in text


def test_a_key_figure_the_order_prints_without_counts_says_so_in_the_key_table(site: BuiltSite) -> None:
    """A parent reading «100 %» in the municipality's key figures learns it is the order's figure, as the
    section page says, not a share the site computed."""
    rows = _table(_page(site, urls.municipality(YEAR, SLUG)), "Ключевые показатели")
    marked = [row for row in rows if row[1].endswith("(как в источнике)")]
    assert marked and len(marked) == sum(1 for row in rows if "%" in row[1])
    assert {"538 ед.", "734 чел."} <= {row[1] for row in rows}  # the order's counts are not marked


def test_the_home_tiles_and_the_embed_say_which_figures_are_printed(site: BuiltSite) -> None:
    home = _page(site, "/")
    tiles = re.findall(r'<li class="pf-tile">(.*?)</li>', home, re.S)
    printed = [t for t in tiles if "%" in _text(t)]
    assert printed and all("как в источнике" in _text(t) for t in printed)
    assert all("как в источнике" not in _text(t) for t in tiles if t not in printed)
    embed = (site.out / "embed" / SLUG / "index.html").read_text(encoding="utf-8")
    items = re.findall(r"<li>(.*?)</li>", embed, re.S)
    assert any("%" in _text(i) for i in items)
    assert all("Значение — как в источнике." in _text(i) for i in items if "%" in _text(i))
