"""The whole report, not only the tables: measures, decisions and recommendations as real documents give them.

The Kemerovo analytical report (002) lists its measures and decisions as bullets without numbers, dates
or executives, and gives its own recommendations to students, parents, teachers and school heads; the
Stary Oskol roadmap (004) gives deadlines as «в течение года» or «сентябрь 2022 г.»; an order (000) is a
decision with a number and a date. Such data must load, be published as they are — nothing invented —
and complete the management cycle.

The pages are rendered without MkDocs (the Markdown the build writes), which keeps these tests fast; the
strings checked sit in raw HTML blocks, which MkDocs passes through as they are.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.build.site_pages import build_site_content
from generator.build.validate import Report, validate
from generator.publish.public_table import public_table
from generator.recommend.evaluate import recommend
from generator.site import urls
from generator.site.context import SiteInfo

from .conftest import ROOT, copy_fixture

SLUG = "kemerovskiy-mo"
YEAR = 2022

# As 002 gives them: bullets to an audience, a section named where the recommendation is about one.
RECOMMENDATIONS = [
    {"audience": "students", "text": "Участвовать в тестировании в рамках профориентационной работы."},
    {
        "audience": "parents",
        "text": "Принимать участие в родительских собраниях по вопросам профессиональной ориентации обучающихся.",
    },
    {
        "audience": "teachers",
        "text": "Обратить внимание обучающихся на чемпионат «Молодые профессионалы» <script>alert(1)</script>.",
        "section": "contests",
    },
    {"audience": "students", "text": "Формировать собственное представление о своих возможностях через диагностику."},
]
# As 002 and 004 give them: no executive, no expected result, no status; a deadline in words.
MEASURES = [
    {
        "number": "1",
        "title": "Проведение мероприятий для родителей по вопросам профориентации",
        "deadline_text": "в течение года",
    },
    {"number": "2", "title": "Популяризация конкурсного движения профмастерства", "deadline_text": "сентябрь 2022 г."},
]
# A document reference with a date and no number, and an order with its number (000).
DECISIONS = [
    {"kind": "письмо", "date": "2021-06-07", "title": "О совершенствовании нормативных актов по профориентации"},
    {"kind": "приказ", "number": "124", "date": "2021-06-08", "title": "Об итогах мониторинга"},
]


def _data(root: Path, **extra: Any) -> Path:
    data = copy_fixture("kemerovo", root / "data")
    shutil.copy(ROOT / "data" / "rules.yaml", data / "rules.yaml")
    path = data / str(YEAR) / f"{SLUG}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + yaml.safe_dump(extra, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return data


def _report_style(root: Path) -> Path:
    return _data(
        root,
        goals=["Сопровождение профессионального самоопределения обучающихся"],
        analysis="Комплексный анализ результатов мониторинга показателей.",
        recommendations=RECOMMENDATIONS,
        measures=MEASURES,
        decisions=DECISIONS,
        effectiveness="Анализ эффективности проводится в течение календарного года, следующего за отчётным.",
    )


def _pages(report: Report) -> dict[str, str]:
    assert report.dataset is not None and report.table is not None
    dataset, table = report.dataset, report.table
    info = SiteInfo(name="Профориентир", region=dataset.registry.region.name, demo=False, site_url="")
    recs = recommend(report.rules, table, dataset) if report.rules is not None else []
    content = build_site_content(
        dataset, table, public_table(table, dataset), info, rules=report.rules, recommendations=recs
    )
    return content.pages


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    report = validate(_report_style(tmp_path_factory.mktemp("report-parts")))
    assert report.errors == [], "\n".join(str(p) for p in report.errors)
    return _pages(report)


def _page(pages: dict[str, str], url: str) -> str:
    return pages[urls.docs_path(url)]


def _table(page: str, css: str) -> str:
    match = re.search(rf'<table class="{css}">.*?</table>', page, re.S)
    assert match, css
    return match.group(0)


def test_a_measure_with_only_a_deadline_in_words_and_no_executive_is_published_as_given(pages: dict[str, str]) -> None:
    for url in (urls.cycle(YEAR, SLUG), urls.report(YEAR, SLUG)):
        table = _table(_page(pages, url), "pf-measures")
        title = "Проведение мероприятий для родителей по вопросам профориентации"
        assert f"<td>1</td><td>{title}</td><td>в течение года</td></tr>" in table
        assert "<td>сентябрь 2022 г.</td>" in table
        # nothing invented: no columns for what no measure gives, no «—» in their place
        for absent in ("Ответственный", "Ожидаемый результат", "Статус", "—"):
            assert absent not in table


def test_a_decision_without_a_number_is_cited_by_its_kind_and_date(pages: dict[str, str]) -> None:
    table = _table(_page(pages, urls.cycle(YEAR, SLUG)), "pf-decisions")
    assert "<td>Письмо от 07.06.2021</td>" in table
    assert "<td>Приказ №\u00a0124 от 08.06.2021</td>" in table  # «№» kept on the line of its number
    assert "№ None" not in table and "Текст" not in table  # no link column when no decision has a link


def test_the_reports_own_recommendations_are_on_the_recommendations_page_by_audience_and_escaped(
    pages: dict[str, str],
) -> None:
    page = _page(pages, urls.recommendations(YEAR, SLUG))
    audiences = yaml.safe_load((ROOT / "data" / "rules.yaml").read_text(encoding="utf-8"))["audiences"]
    titles = [a["title"].capitalize() for a in audiences]
    headings = re.findall(r"^## (.+?) \{#rec-", page, re.M)
    # grouped by audience, in the order of rules.yaml
    shown = [t for t in titles if any(h.replace("\\", "") == t for h in headings)]
    assert shown[:3] == ["Обучающиеся", "Родители (законные представители)", titles[2]]
    students = page.split("## Обучающиеся", 1)[1].split("\n## ", 1)[0]
    assert "Участвовать в тестировании в рамках профориентационной работы." in students
    assert "Формировать собственное представление о своих возможностях через диагностику." in students
    assert page.count("Из аналитического отчёта муниципалитета") >= len(RECOMMENDATIONS)
    assert "Рекомендаций из отчёта: 4." in page
    # the text is inert
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # a recommendation about a section names it and is on that section's page too
    assert "раздел «<a href=" in page
    section = _page(pages, urls.section(YEAR, SLUG, "konkursy"))
    assert "Адресные рекомендации по разделу" in section
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section
    assert "Участвовать в тестировании" not in section  # a recommendation of no section stays off it


def test_the_municipality_page_and_the_report_show_the_reports_own_recommendations(pages: dict[str, str]) -> None:
    for url in (urls.municipality(YEAR, SLUG), urls.report(YEAR, SLUG)):
        page = _page(pages, url)
        assert "Участвовать в тестировании в рамках профориентационной работы." in page
        assert "Из аналитического отчёта муниципалитета" in page


def test_a_cycle_built_only_from_report_style_data_is_complete(pages: dict[str, str]) -> None:
    page = _page(pages, urls.cycle(YEAR, SLUG))
    assert "✓ полный цикл" in page
    assert "нет этапа" not in page
    assert "- Обучающиеся: 2 (из аналитического отчёта муниципалитета)" in page
    assert "- Педагоги, педагоги\\-психологи, классные руководители: 1 (из аналитического отчёта" in page


def test_without_a_rules_file_the_reports_recommendations_need_one(tmp_path: Path) -> None:
    data = _data(tmp_path, recommendations=RECOMMENDATIONS[:1])
    (data / "rules.yaml").unlink()
    report = validate(data)
    (error,) = report.errors
    assert error.path.endswith("kemerovskiy-mo.yaml")
    assert "адресат «students» не объявлен" in error.message and "rules.yaml" in error.message


def test_an_unknown_audience_or_section_is_a_located_error_with_a_suggestion(tmp_path: Path) -> None:
    data = _data(
        tmp_path,
        recommendations=[
            {"audience": "student", "text": "Участвовать в тестировании."},
            {"audience": "parents", "text": "Посещать собрания.", "section": "contest"},
        ],
    )
    report = validate(data)
    text = (data / str(YEAR) / f"{SLUG}.yaml").read_text(encoding="utf-8").splitlines()
    messages = {(p.line, p.message) for p in report.errors}
    audience_line = next(i for i, line in enumerate(text, 1) if "audience: student" in line and "students" not in line)
    section_line = next(i for i, line in enumerate(text, 1) if "section: contest" in line)
    assert any(
        line == audience_line and "неизвестный адресат «student»; возможно, имелось в виду «students»" in m
        for line, m in messages
    ), messages
    assert any(
        line == section_line and "неизвестный раздел «contest»; возможно, имелось в виду «contests»" in m
        for line, m in messages
    ), messages
    assert len(report.errors) == 2


def test_a_measure_and_a_decision_as_a_report_names_them_without_deadline_or_document(tmp_path: Path) -> None:
    # 002's «комплекс мер» gives no deadline, and its «управленческие решения» are directions, not documents
    data = _data(
        tmp_path,
        measures=[{"number": "1", "title": "Профориентационные туры"}],
        decisions=[{"title": "Совершенствование нормативно-правовых актов округа"}],
    )
    report = validate(data)
    assert report.errors == []
    pages = _pages(report)
    cycle = pages[f"{YEAR}/{SLUG}/cycle/index.md"]
    measures = cycle[cycle.index('<table class="pf-measures">') :]
    measures = measures[: measures.index("</table>")]
    assert "Срок" not in measures and "Профориентационные туры" in measures
    decisions = cycle[cycle.index('<table class="pf-decisions">') :]
    assert "<tr><td>—</td><td>Совершенствование нормативно-правовых актов округа</td>" in decisions
    assert "Приказ" not in decisions[: decisions.index("</table>")]


def test_a_measure_with_a_date_deadline_and_all_fields_shows_them(tmp_path: Path) -> None:
    measure = {
        "number": "4.1.2",
        "title": "Профориентационные туры",
        "deadline": "2022-09-30",
        "responsible": "начальник управления образования",
        "expected_result": "охват 9 классов",
        "status": "выполнено",
    }
    other = {"number": "4.1.3", "title": "Ярмарка учебных мест", "deadline_text": "ежегодно"}
    report = validate(_data(tmp_path, measures=[measure, other]))
    assert report.errors == []
    table = _table(_page(_pages(report), urls.cycle(YEAR, SLUG)), "pf-measures")
    assert '<th scope="col">Ответственный</th>' in table
    cells = "<td>30.09.2022</td><td>начальник управления образования</td><td>охват 9 классов</td><td>выполнено</td>"
    assert cells in table
    # a column some measure fills shows «—» where another does not
    assert "<td>ежегодно</td><td>—</td><td>—</td><td>—</td>" in table
