"""Examples from real documents: each builds as a deployment of its own and publishes every figure it prints.

``examples/kemerovo/`` is the Kemerovo municipal okrug's analytical report for 2020–2022 transcribed in
full: its own catalogue, one municipality, three years, the events, the recommendations to every audience
and the analysis. ``figures.csv`` lists every figure the report prints in its tables and statements; each
must be found on the built page of its indicator and year — equal after formatting, or explained by a
«Примечание к данным» on that page that names the printed value.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

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

pytestmark = pytest.mark.xdist_group("example-kemerovo")

KEMEROVO = ROOT / "examples" / "kemerovo"
SLUG = "kemerovskiy-mo"
REPORT_YEAR = 2022  # the report is for 2020–2022; its recommendations, events and analysis belong to 2021/22
NOTE = "Примечание к данным"


@pytest.fixture(scope="module")
def kemerovo_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_example(KEMEROVO, tmp_path_factory.mktemp("kemerovo") / "site")




def _figures() -> list[Figure]:
    return read_figures(KEMEROVO / "figures.csv")


def _catalogue() -> dict:
    return example_catalogue(KEMEROVO)


def _year_file(year: int) -> dict:
    return example_year_file(KEMEROVO, year, SLUG)


def _bare(text: str) -> str:
    """A number as a reader compares it: no spaces (thousands groups), no «%», the decimal comma kept."""
    return re.sub(r"[\s\u00a0\u202f%]", "", text)


INLINE = r"</?(?:abbr|a|span|strong|em|b|i|code)\b[^>]*>"


def _text(fragment: str) -> str:
    """The text a reader sees: inline tags (an abbreviation's <abbr>, a link) join their words, blocks part them."""
    inline = re.sub(INLINE, "", fragment)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def _school_year(year: int) -> str:
    return f"{year - 1}/{year % 100:02d}"


def _section_url(figure: Figure, catalogue: dict) -> str:
    section = next(i["section"] for i in catalogue["indicators"] if i["id"] == figure.indicator)
    slug = next(s["slug"] for s in catalogue["sections"] if s["id"] == section)
    return urls.section(figure.year, SLUG, slug)


_NUMBER_WITH_UNIT = re.compile(r"^([\d\s\u00a0\u202f]+(?:,\d+)?)\s*[^\W\d]+\.?$")


def _cell_numbers(cell: str) -> set[str]:
    """A cell as a reader compares it with a printed number: «42» and «42 ед.» (a count shows its unit) both say 42."""
    unit = _NUMBER_WITH_UNIT.match(cell)
    return {_bare(cell)} | ({_bare(unit.group(1))} if unit else set())


def _shown_in_table(block: str, figure: Figure) -> bool:
    """The figure is a cell of the indicator's data table, in the row of its school year."""
    for table in tables(block):
        for row in table["rows"]:  # type: ignore[union-attr]
            if row and row[0] == _school_year(figure.year) and any(
                _bare(figure.printed) in _cell_numbers(c) for c in row[1:]
            ):
                return True
    return False


_NOTE_BOX = re.compile(r'<div class="[^"]*\bpf-data-note\b[^"]*">(?P<body>.*?)</div>', re.S)


def _notes(fragment: str) -> list[str]:
    """The text of each «Примечание к данным» box in a piece of a page."""
    return [_text(m.group("body")) for m in _NOTE_BOX.finditer(fragment) if NOTE in _text(m.group("body"))]


def _explained_by_note(block: str, figure: Figure) -> bool:
    """A «Примечание к данным» of the indicator names the printed value (written the Russian way)."""
    value = re.compile(rf"(?<![\d,]){re.escape(_bare(figure.printed))}(?![\d]|,\d)")
    return any(value.search(re.sub(r"(\d)[\s\u00a0\u202f](?=\d{3}\b)", r"\1", note)) for note in _notes(block))


def _page(site: BuiltSite, url: str) -> str:
    return example_page(site, url)


def test_the_example_builds_without_errors(kemerovo_site: BuiltSite) -> None:
    errors = [str(p) for p in kemerovo_site.result.problems if p.severity is Severity.error]
    assert kemerovo_site.result.ok and errors == [], errors


def test_figures_csv_covers_every_table_of_the_report() -> None:
    figures = _figures()
    ids = {i["id"] for i in _catalogue()["indicators"]}
    assert {f.indicator for f in figures} <= ids
    # Tables 1–7, 9 and 11: population, count and share for each of the three years; table 10: one count a year
    # (the report has no table 8); the open days by university; the «19 ОО, 100 %» statement for each year.
    for table, cells in {"1": 9, "2": 9, "3": 9, "4": 9, "5": 9, "6": 9, "7": 9, "9": 9, "10": 3, "11": 9}.items():
        assert sum(f.table == table for f in figures) == cells, table
    assert sum(f.table == "Дни открытых дверей" for f in figures) == 6
    assert {f.printed for f in figures if f.indicator == "schools_partnering_share"} == {"100"}


def test_every_printed_figure_is_on_its_page_or_explained(kemerovo_site: BuiltSite) -> None:
    catalogue = _catalogue()
    found, explained, missing = [], [], []
    for figure in _figures():
        page = _page(kemerovo_site, _section_url(figure, catalogue))
        block = indicator_blocks(page).get(figure.indicator, "")
        if block and _shown_in_table(block, figure):
            found.append(figure)
        elif _explained_by_note(block, figure):
            explained.append(figure)
        else:
            missing.append(figure)
    print(
        f"\nКемерово: напечатанных чисел {len(found) + len(explained) + len(missing)}; найдено на страницах "
        f"{len(found)}, объяснено примечанием к данным {len(explained)}, не найдено {len(missing)}"
    )
    assert missing == [], "\n".join(map(str, missing))


def test_the_printed_values_that_differ_from_their_counts_are_explained(kemerovo_site: BuiltSite) -> None:
    """The report's own errors: 4 of 105 is 3,8 %, not 4,2 %; 46 of 80 is 57,5 % → 58 %, not 57 %;
    75 of 185 is 40,5 % → 41 %, not 40 %; table 11 gives 493 graduates of grades 9 and 11 for 2019/20,
    tables 1–3 give 420 + 94 = 514. Each is a note on its page, naming the printed number."""
    catalogue = _catalogue()
    for figure in [
        Figure("5", "%", 2020, "abilympics_share_5_9", "4,2"),
        Figure("3", "%", 2022, "grads11_vo_share", "57"),
        Figure("7", "%", 2022, "bilet_share_10_11", "40"),
        Figure("11", "выпускники", 2020, "parents_help_share", "493"),
    ]:
        page = _page(kemerovo_site, _section_url(figure, catalogue))
        assert _explained_by_note(indicator_blocks(page)[figure.indicator], figure), figure


def test_the_recommendations_are_the_reports_own(kemerovo_site: BuiltSite) -> None:
    page = _text(_page(kemerovo_site, urls.recommendations(REPORT_YEAR, SLUG)))
    recommendations = _year_file(REPORT_YEAR)["recommendations"]
    assert len(recommendations) == 21
    for item in recommendations:
        assert " ".join(item["text"].split()) in page, item["text"]
    audiences = yaml.safe_load((KEMEROVO / "data" / "rules.yaml").read_text(encoding="utf-8"))["audiences"]
    for audience in audiences:
        if any(r["audience"] == audience["id"] for r in recommendations):
            assert audience["title"] in page, audience["title"]


@pytest.mark.parametrize("year", [2020, 2021, 2022])
def test_no_flood_of_no_data_recommendations(kemerovo_site: BuiltSite, year: int) -> None:
    assert "недостающие данные" not in _page(kemerovo_site, urls.recommendations(year, SLUG))
    # the deployment's own summary page, where a deployment of one municipality still has one
    summary = kemerovo_site.out / urls.recommendations(year).strip("/") / "index.html"
    if summary.exists():
        assert "недостающие данные" not in summary.read_text(encoding="utf-8")


def test_the_cycle_shows_every_stage_the_data_can_hold(kemerovo_site: BuiltSite) -> None:
    page = _text(_page(kemerovo_site, urls.cycle(REPORT_YEAR, SLUG)))
    for stage in ("Цели", "Показатели", "Методы сбора и обработки информации", "Мониторинг показателей",
                  "Анализ результатов мониторинга", "Адресные рекомендации", "Меры, мероприятия",
                  "Анализ эффективности принятых мер"):  # fmt: skip
        assert f"{stage} — есть" in page, stage


def test_the_cycle_is_complete_as_in_the_report(kemerovo_site: BuiltSite) -> None:
    page = _text(_page(kemerovo_site, urls.cycle(REPORT_YEAR, SLUG)))
    assert "полный цикл" in page and "неполный цикл" not in page


def test_the_report_page_carries_the_analysis_effectiveness_and_events(kemerovo_site: BuiltSite) -> None:
    page = _text(_page(kemerovo_site, urls.report(REPORT_YEAR, SLUG)))
    data = _year_file(REPORT_YEAR)
    texts = [data["analysis"], data["effectiveness"], *data["section_analysis"].values()]
    for text in texts:
        first_sentence = re.split(r"[.:] ", " ".join(text.split()))[0]
        assert first_sentence in page, first_sentence
    for event in data["events"]:  # all 32 events of the report's list, with their dates as printed
        assert f"{event['date']:%d.%m.%Y} {' '.join(event['title'].split())}" in page, event["title"]


def test_events_after_the_school_year_are_warned_about(kemerovo_site: BuiltSite) -> None:
    """19 events of the report's list are dated July–December 2022, after 2021/22 ended: kept as printed,
    and the build says so."""
    late = [e for e in _year_file(REPORT_YEAR)["events"] if str(e["date"]) > f"{REPORT_YEAR}-05-31"]
    assert len(late) == 19
    warnings = [p for p in kemerovo_site.result.problems if p.severity is Severity.warning]
    assert any(
        Path(p.path).as_posix().endswith(f"{REPORT_YEAR}/{SLUG}.yaml") and "мероприят" in p.message for p in warnings
    ), [p.message for p in warnings]
