"""Editions have their own dates and states (issue 12, part 4).

* The monitoring date is data: ``monitoring_date`` in region.yaml for every edition, ``monitoring_dates``
  for one. Texts say the real date, and recommendation deadlines are checked and counted against it.
* An event dated outside its edition's school year is a warning naming the file, the line, the date and
  the edition's period.
* An edition with fewer municipalities than the registry is a draft: validate says so, the home page and
  «последние данные» announce the last complete edition, region figures say «по N из M муниципалитетов»,
  and the draft's pages carry a notice — until editions.yaml publishes it incomplete with a reason, which
  the pages then show.

The sites here are small (two municipalities of the conftest registry) and made without MkDocs: the
pages are the generated Markdown, which is what the site shows.
"""

from __future__ import annotations

import contextlib
import io
from datetime import date
from pathlib import Path

import yaml

from generator.build.site_pages import build_site_content
from generator.build.validate import Report, validate
from generator.cli import main
from generator.officials.forms import form_spec
from generator.publish.public_table import public_table
from generator.recommend.evaluate import recommend
from generator.site.context import SiteInfo
from generator.site.render import SiteContent

from .conftest import REGISTRY, DataDir, dump

NBSP = "\u00a0"
GRADS9 = {"students_g9": 80, "grads9": 80, "grads9_to_poo": 46}
REGION_SECTION_OF_GRADS9 = "2025/region/postuplenie-v-poo-i-vuzy/index.md"
ALPHA_SECTION_OF_GRADS9 = "2025/alpha/postuplenie-v-poo-i-vuzy/index.md"
RULES = """\
audiences:
  - {id: school_heads, title: Руководители общеобразовательных организаций}
rules:
  - id: few_trials
    indicator: prof_trials_share_g9
    condition: zero
    audiences: [school_heads]
    text: "Организовать профессиональные пробы до {deadline}."
"""


def registry(datadir: DataDir, **extra: object) -> None:
    dump(datadir.root / "region.yaml", {**REGISTRY, **extra})


def checked(datadir: DataDir) -> Report:
    report = validate(datadir.root)
    assert report.errors == [], "\n".join(str(p) for p in report.errors)
    return report


def pages(datadir: DataDir) -> dict[str, str]:
    report = checked(datadir)
    assert report.dataset is not None and report.table is not None
    info = SiteInfo(name="Мониторинг", region="Тестовая область", demo=False, site_url="")
    public = public_table(report.table, report.dataset)
    content: SiteContent = build_site_content(report.dataset, report.table, public, info, rules=report.rules)
    return content.pages


def run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


# --- the monitoring date ----------------------------------------------------------------------------


def test_a_february_monitoring_date_is_said_on_the_pages_and_in_the_form(datadir: DataDir) -> None:
    registry(datadir, monitoring_date={"month": 2, "day": 15})
    datadir.year(2024, "alpha", GRADS9)
    datadir.year(2024, "beta", GRADS9)
    site = pages(datadir)
    assert f"данные на 15 февраля 2024{NBSP}г." in site["2024/alpha/index.md"]
    assert f"данные на 15 февраля 2024{NBSP}г." in site["2024/index.md"]
    assert "31 мая" not in site["2024/alpha/index.md"]
    assert "по состоянию на 15 февраля." in site["index.md"]
    assert "один раз за учебный год по состоянию на 15 февраля." in site["methodology/index.md"]
    assert "Данные — по состоянию на 15 февраля каждого года." in site["2024/alpha/report/index.md"]
    assert "Данные собираются ежегодно по состоянию на 15 февраля." in site["2024/alpha/cycle/index.md"]
    report = checked(datadir)
    assert report.dataset is not None
    assert form_spec(report.dataset, 2024, "alpha").as_of == date(2024, 2, 15)


def test_one_edition_with_its_own_date_says_it_and_the_others_keep_31_may(datadir: DataDir) -> None:
    registry(datadir, monitoring_dates={2023: "2023-02-15"})
    for year in (2023, 2024):
        datadir.year(year, "alpha", GRADS9)
        datadir.year(year, "beta", GRADS9)
    site = pages(datadir)
    assert f"данные на 15 февраля 2023{NBSP}г." in site["2023/alpha/index.md"]
    assert f"данные на 31 мая 2024{NBSP}г." in site["2024/alpha/index.md"]
    assert f"по состоянию на 31 мая (в 2022/23 учебном году — на 15 февраля 2023{NBSP}г.)" in site["index.md"]
    assert f"Данные этого выпуска собраны по состоянию на 15 февраля 2023{NBSP}г." in site["2023/alpha/cycle/index.md"]


def test_an_edition_date_outside_its_own_year_is_an_error_at_its_line(datadir: DataDir) -> None:
    datadir.write(
        "region.yaml",
        yaml.safe_dump(REGISTRY, allow_unicode=True, sort_keys=False) + "monitoring_dates:\n  2023: 2022-12-20\n",
    )
    datadir.year(2023, "alpha", GRADS9)
    errors = validate(datadir.root).errors
    lines = (datadir.root / "region.yaml").read_text(encoding="utf-8").splitlines()
    assert [(Path(e.path).name, e.line) for e in errors] == [("region.yaml", lines.index("  2023: 2022-12-20") + 1)]
    assert "20.12.2022" in errors[0].message and "на 2023 год" in errors[0].message


def test_a_deadline_before_31_may_is_refused_by_default(datadir: DataDir) -> None:
    datadir.year(2024, "alpha", {"students_g9": 100, "prof_trials_g9": 0})
    datadir.write("rules.yaml", RULES.replace("    audiences:", "    deadline: {month: 5, day: 1}\n    audiences:"))
    errors = validate(datadir.root).errors
    assert len(errors) == 1 and "не позже 31 мая того же года" in errors[0].message


def test_a_deadline_before_31_may_is_accepted_when_the_data_are_taken_earlier(datadir: DataDir) -> None:
    registry(datadir, monitoring_date={"month": 2, "day": 15})
    datadir.year(2023, "alpha", {"students_g9": 100, "prof_trials_g9": 0})
    datadir.write("rules.yaml", RULES.replace("    audiences:", "    deadline: {month: 5, day: 1}\n    audiences:"))
    report = checked(datadir)
    assert report.rules is not None and report.table is not None and report.dataset is not None
    (found,) = recommend(report.rules, report.table, report.dataset)
    assert found.deadline == date(2023, 5, 1)
    assert found.text == f"Организовать профессиональные пробы до 1 мая 2023{NBSP}г."


def test_months_after_count_from_the_editions_monitoring_date(datadir: DataDir) -> None:
    registry(datadir, monitoring_dates={2023: "2023-02-15"})
    for year in (2023, 2024):
        datadir.year(year, "alpha", {"students_g9": 100, "prof_trials_g9": 0})
    datadir.write("rules.yaml", RULES.replace("    audiences:", "    deadline: {months_after: 3}\n    audiences:"))
    report = checked(datadir)
    assert report.rules is not None and report.table is not None and report.dataset is not None
    deadlines = {r.year: r.deadline for r in recommend(report.rules, report.table, report.dataset)}
    assert deadlines == {2023: date(2023, 5, 31), 2024: date(2024, 8, 31)}


def test_a_deadline_not_after_one_editions_own_date_is_an_error_naming_the_edition(datadir: DataDir) -> None:
    registry(datadir, monitoring_date={"month": 2, "day": 15}, monitoring_dates={2024: "2024-06-10"})
    datadir.year(2024, "alpha", {"students_g9": 100, "prof_trials_g9": 0})
    datadir.write("rules.yaml", RULES.replace("    audiences:", "    deadline: {month: 5, day: 1}\n    audiences:"))
    errors = validate(datadir.root).errors
    assert len(errors) == 1 and Path(errors[0].path).name == "rules.yaml"
    assert "2023/24" in errors[0].message and f"10 июня 2024{NBSP}г." in errors[0].message


# --- events outside their edition ---------------------------------------------------------------------


def test_an_event_after_the_editions_monitoring_date_is_a_warning_with_file_line_and_period(datadir: DataDir) -> None:
    events = [
        {"date": "2022-04-20", "title": "Ярмарка профессий", "level": "муниципальный"},
        {"date": "2022-11-15", "title": "Неделя без турникетов", "level": "региональный"},
    ]
    path = datadir.year(2022, "alpha", GRADS9, events=events)
    report = checked(datadir)
    (warning,) = [w for w in report.warnings if "мероприятие" in w.message]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert Path(warning.path).name == "alpha.yaml" and "2022" in warning.path
    assert warning.line == lines.index("- date: '2022-11-15'") + 1
    assert "15.11.2022" in warning.message
    assert "01.06.2021 – 31.05.2022" in warning.message
    assert "2022/23" in warning.message and "2023/alpha.yaml" in warning.message


def test_an_event_is_judged_by_the_editions_own_monitoring_date(datadir: DataDir) -> None:
    registry(datadir, monitoring_date={"month": 2, "day": 15})
    datadir.year(2022, "alpha", GRADS9, events=[{"date": "2022-03-01", "title": "Ярмарка", "level": "школьный"}])
    (warning,) = [w for w in checked(datadir).warnings if "мероприятие" in w.message]
    assert "01.03.2022" in warning.message and "16.02.2021 – 15.02.2022" in warning.message


# --- drafts -------------------------------------------------------------------------------------------


def two_editions_the_second_a_draft(datadir: DataDir) -> None:
    datadir.year(2024, "alpha", GRADS9)
    datadir.year(2024, "beta", {"students_g9": 30, "grads9": 30, "grads9_to_poo": 12})
    datadir.year(2025, "alpha", {"students_g9": 90, "grads9": 90, "grads9_to_poo": 45})


def test_validate_says_an_edition_without_every_municipality_is_a_draft_and_which_are_missing(
    datadir: DataDir,
) -> None:
    two_editions_the_second_a_draft(datadir)
    drafts = [w for w in checked(datadir).warnings if "предварительный" in w.message]
    assert len(drafts) == 1
    assert "2024/25" in drafts[0].message and "1 из 2 муниципалитетов" in drafts[0].message
    assert "Бетинский муниципальный район (beta)" in drafts[0].message
    assert "incomplete" in drafts[0].message


def test_a_draft_is_not_announced_as_the_latest_edition(datadir: DataDir) -> None:
    two_editions_the_second_a_draft(datadir)
    site = pages(datadir)
    home = site["index.md"]
    assert "последний выпуск — 2023/24 учебный год" in home
    assert "## Главное за 2023/24 учебный год" in home
    assert "2024/25 учебный год — предварительный выпуск" in home
    latest = site["municipalities/alpha/index.md"]
    assert "последний выпуск — 2023/24 учебный год" in latest
    # the draft's pages are built, at their permanent addresses; its own edition's search finds them, the
    # site's search index does not (it takes the announced edition: tests/test_edition_builds.py)
    assert "2025/index.md" in site and "2024/index.md" in site


def test_a_drafts_region_figures_say_how_many_municipalities_they_are_over(datadir: DataDir) -> None:
    two_editions_the_second_a_draft(datadir)
    site = pages(datadir)
    assert "по 1 из 2 муниципалитетов" in site[REGION_SECTION_OF_GRADS9]
    assert "<dt>Муниципалитетов с данными</dt> <dd>1 из 2</dd>" in site[REGION_SECTION_OF_GRADS9]
    assert "<dt>Регион в целом (по 1 из 2 муниципалитетов)</dt>" in site[ALPHA_SECTION_OF_GRADS9]
    assert "По региону в целом — 50,0" in site[ALPHA_SECTION_OF_GRADS9]
    assert "по данным 1 из 2 муниципалитетов" in site[ALPHA_SECTION_OF_GRADS9]
    assert "Ключевые показатели региона, 2024/25 учебный год, по 1 из 2 муниципалитетов" in site["2025/index.md"]
    assert "муниципалитетов: 1 из 2" in site["2025/index.md"]
    # the complete edition says none of it
    assert "из 2 муниципалитетов" not in site["2024/region/postuplenie-v-poo-i-vuzy/index.md"]


def test_every_page_of_a_draft_carries_the_notice_and_a_complete_editions_pages_do_not(datadir: DataDir) -> None:
    two_editions_the_second_a_draft(datadir)
    site = pages(datadir)
    draft = [path for path in site if path.startswith("2025/")]
    assert draft and all("Предварительный выпуск" in site[path] for path in draft)
    assert not any("Предварительный выпуск" in site[path] for path in site if path.startswith("2024/"))


def test_an_edition_published_incomplete_shows_its_reason_and_is_the_latest(datadir: DataDir) -> None:
    two_editions_the_second_a_draft(datadir)
    reason = "Бетинский район не представил данные в срок"
    code, _, err = run(["publish", "2025", "--date", "2025-09-01", "--data", str(datadir.root)])
    assert code == 1 and "--incomplete" in err
    code, _, err = run(["publish", "2025", "--date", "2025-09-01", "--incomplete", reason, "--data", str(datadir.root)])
    assert code == 0, err
    assert f"incomplete: {reason}" in (datadir.root / "editions.yaml").read_text(encoding="utf-8")
    assert not [w for w in checked(datadir).warnings if "предварительный" in w.message]
    site = pages(datadir)
    assert "последний выпуск — 2024/25 учебный год" in site["index.md"]
    assert "Ключевые показатели региона, 2024/25 учебный год, по 1 из 2 муниципалитетов" in site["index.md"]
    page = site[ALPHA_SECTION_OF_GRADS9]
    assert "Выпуск опубликован неполным" in page and f"Причина: {reason}" in page
    assert "Предварительный выпуск" not in page
    assert "<dt>Регион в целом (по 1 из 2 муниципалитетов)</dt>" in page
