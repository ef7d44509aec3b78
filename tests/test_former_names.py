"""A municipality renamed by a reform is called, in the editions before it, what it was called then.

Russian municipal reforms turn districts («муниципальный район») into okrugs («муниципальный округ») by the
dozen; an order of 2023 cites the page of the «Бетинский муниципальный район», and that page, rebuilt after
the registry took the new name, must still say what was cited. ``former_names`` in ``region.yaml`` gives a
municipality's earlier names with the last edition of each: the pages, navigation, tables, charts, open data,
recommendations, corrections, feed, PDF titles and forms of those editions use it, the later pages mention it
so that a reader with the old name finds the same municipality, and nothing else changes.
"""

from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path
from typing import Any

import pytest

from generator.build.site_pages import SiteParts, build_site_content
from generator.build.validate import Report, validate
from generator.cli import main
from generator.core.formatting import academic_year
from generator.inputs.registry_model import Municipality
from generator.officials.forms import form_spec
from generator.publish.corrections import log_table
from generator.publish.public_table import public_table
from generator.publish.report_pdfs import report_jobs
from generator.recommend.evaluate import recommend
from generator.site import urls
from generator.site.context import SiteInfo

from .conftest import REGISTRY, DataDir, dump

OLD = "Бетинский муниципальный район"
NEW = "Бетинский муниципальный округ"
COUNTS = {"students_g9": 100, "prof_trials_g9": 0, "grads9": 80, "grads9_to_poo": 46}
RULES = """\
audiences:
  - {id: heads, title: Руководители органов управления образованием}
rules:
  - id: no_trials
    indicator: prof_trials_share_g9
    condition: zero
    audiences: [heads]
    text: "{municipality}: организовать профессиональные пробы."
"""


def _registry(datadir: DataDir, former: list[dict[str, Any]]) -> None:
    alpha, beta = REGISTRY["municipalities"]
    renamed = {**beta, "name": NEW, "type": "муниципальный округ", "former_names": former}
    dump(datadir.root / "region.yaml", {**REGISTRY, "municipalities": [alpha, renamed]})


@pytest.fixture
def data(datadir: DataDir) -> DataDir:
    """Three editions; «beta» was a district up to the edition of 2022/23 and is an okrug since 2023/24."""
    _registry(datadir, [{"name": OLD, "type": "муниципальный район", "until": 2023}])
    for year in (2022, 2023, 2024):
        for slug in ("alpha", "beta"):
            datadir.year(year, slug, COUNTS)
    datadir.write("rules.yaml", RULES)
    return datadir


def _checked(datadir: DataDir) -> Report:
    report = validate(datadir.root)
    assert report.errors == [], "\n".join(str(p) for p in report.errors)
    return report


def _site(datadir: DataDir) -> SiteParts:
    report = _checked(datadir)
    assert report.dataset is not None and report.table is not None
    recs = recommend(report.rules, report.table, report.dataset) if report.rules is not None else []
    info = SiteInfo(name="Мониторинг", region="Тестовая область", demo=False, site_url="")
    public = public_table(report.table, report.dataset)
    return build_site_content(
        report.dataset, report.table, public, info, rules=report.rules, recommendations=recs,
        corrections=report.corrections,
    )  # fmt: skip


def _page(site: SiteParts, url: str) -> str:
    return site.pages[urls.docs_path(url)]  # type: ignore[no-any-return]


def _titles(nav: Any) -> list[str]:
    """Every title of a navigation, depth first."""
    found: list[str] = []
    for item in nav if isinstance(nav, list) else []:
        if isinstance(item, dict):
            for title, child in item.items():
                found.append(title)
                found += _titles(child)
    return found


def _branch(site: SiteParts, year: int) -> Any:
    """An edition's own entry in its navigation (the list of the latest pages beside it is the whole site's)."""
    return next(item for item in site.editions[year].nav if academic_year(year) in item)[academic_year(year)]


def test_the_name_of_an_edition_is_the_former_name_up_to_its_last_edition() -> None:
    mu = Municipality.model_validate(
        {
            "slug": "beta",
            "name": NEW,
            "type": "муниципальный округ",
            "former_names": [
                {"name": OLD, "type": "муниципальный район", "until": 2023},
                {"name": "Бетинский район", "until": 2020},
            ],
        }
    )
    assert mu.in_year(2019).name == "Бетинский район" and mu.in_year(2019).type.value == "муниципальный округ"
    assert mu.in_year(2020).name == "Бетинский район"
    assert (mu.in_year(2021).name, mu.in_year(2021).type.value) == (OLD, "муниципальный район")
    assert mu.in_year(2023).name == OLD
    assert mu.in_year(2024) is mu
    assert [f.name for f in mu.names_before(2024)] == ["Бетинский район", OLD]


def test_every_page_of_an_edition_before_the_reform_names_the_municipality_as_it_was_then(data: DataDir) -> None:
    site = _site(data)
    for url in (
        urls.municipality(2023, "beta"),
        urls.section(2023, "beta", "postuplenie-v-poo-i-vuzy"),
        urls.report(2023, "beta"),
        urls.cycle(2023, "beta"),
        urls.targets(2023, "beta"),
        urls.recommendations(2023, "beta"),
    ):
        page = _page(site, url)
        assert OLD in page, url
        # the one exception: the code to embed the municipality's block of the latest figures, titled as now
        assert NEW not in page.replace(f"{NEW}: ключевые показатели", ""), url
    overview = _page(site, urls.municipality(2022, "beta"))
    assert f"heading: {OLD}" in overview or f"# {OLD}" in overview
    assert "Муниципальный район ·" in overview  # the type of then, in the line under the heading
    region = _page(site, urls.region_section(2023, "postuplenie-v-poo-i-vuzy"))
    assert OLD in region and NEW not in region  # the table by municipality
    assert OLD in _page(site, urls.edition(2023)) and NEW not in _page(site, urls.edition(2023))


def test_the_pages_after_the_reform_use_the_new_name_and_say_the_former_one(data: DataDir) -> None:
    site = _site(data)
    page = _page(site, urls.municipality(2024, "beta"))
    assert f"# {NEW}" in page or f"heading: {NEW}" in page
    assert "Муниципальный округ ·" in page
    assert f"Прежнее название (в выпусках по 2022/23 учебный год): {OLD}." in page
    latest = _page(site, urls.latest_municipality("beta"))
    assert NEW in latest and f"Прежнее название (в выпусках по 2022/23 учебный год): {OLD}." in latest
    assert "Прежнее название" not in _page(site, urls.municipality(2023, "beta"))  # the page as it was cited
    assert "Прежнее название" not in _page(site, urls.municipality(2024, "alpha"))
    region = _page(site, urls.region_section(2024, "postuplenie-v-poo-i-vuzy"))
    assert NEW in region and OLD not in region


def test_the_editions_before_the_reform_say_exactly_what_they_said_before_it(data: DataDir, tmp_path: Path) -> None:
    """The same data before the registry recorded the reform: every page of the 2021/22 and 2022/23 editions is
    the same text, but for the code that embeds the block of the latest figures (titled with the name now)."""
    renamed = _site(data)
    dump(data.root / "region.yaml", REGISTRY)  # «beta» a district under its old name, as before the reform
    before = _site(data)
    past = [p for p in before.pages if p.startswith(("2022/", "2023/"))]
    assert len(past) > 40
    for path in past:
        assert renamed.pages[path].replace(f"{NEW}: ключевые", f"{OLD}: ключевые") == before.pages[path], path
    assert _branch(renamed, 2023) == _branch(before, 2023)


def test_each_editions_navigation_names_and_groups_the_municipality_as_that_edition_does(data: DataDir) -> None:
    site = _site(data)
    assert OLD in _titles(_branch(site, 2023)) and NEW not in _titles(_branch(site, 2023))
    assert NEW in _titles(_branch(site, 2024)) and OLD not in _titles(_branch(site, 2024))
    assert NEW in _titles(site.shell.nav) and OLD not in _titles(site.shell.nav)  # the latest pages: the name now


def test_open_data_recommendations_and_pdf_titles_name_it_by_the_year(data: DataDir) -> None:
    report = _checked(data)
    assert report.dataset is not None and report.table is not None and report.rules is not None
    table = public_table(report.table, report.dataset)
    beta = table[table["territory"] == "beta"]
    assert set(beta[beta["year"] <= 2023]["territory_name"]) == {OLD}
    assert set(beta[beta["year"] == 2024]["territory_name"]) == {NEW}
    texts = {(r.year, r.text) for r in recommend(report.rules, report.table, report.dataset) if r.territory == "beta"}
    assert (2023, f"{OLD}: организовать профессиональные пробы.") in texts
    assert (2024, f"{NEW}: организовать профессиональные пробы.") in texts

    class Published:
        def published(self, year: int) -> bool:
            return True

    jobs = report_jobs(Path("site"), [(2023, "beta"), (2024, "beta")], report.dataset.registry.names, Published())  # type: ignore[arg-type]
    assert [j.title for j in jobs] == [
        f"Аналитический отчёт — {OLD}, 2022/23 учебный год",
        f"Аналитический отчёт — {NEW}, 2023/24 учебный год",
    ]
    assert form_spec(report.dataset, 2023, "beta").municipality.name == OLD
    assert form_spec(report.dataset, 2024, "beta").municipality.name == NEW


def _run(*args: str) -> None:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(list(args)) == 0, args


def test_a_correction_of_an_edition_before_the_reform_names_it_as_then(data: DataDir) -> None:
    _run("publish", "2023", "--date", "2023-09-01", "--data", str(data.root))
    data.year(2023, "beta", {**COUNTS, "grads9_to_poo": 52})
    _run("correct", "2023", "--date", "2023-09-12", "--reason", "Уточнённый отчёт", "--data", str(data.root))
    report = _checked(data)
    assert report.dataset is not None and report.corrections is not None
    names = set(log_table(report.corrections, report.dataset, "Тестовая область")["territory_name"])
    assert names == {OLD, "Тестовая область"}  # the municipality's value and the region's sum
    site = _site(data)
    corrections = _page(site, urls.corrections(2023))
    assert OLD in corrections and NEW not in corrections


@pytest.mark.parametrize(
    ("former", "message"),
    [
        (
            [{"name": OLD, "until": 2021}, {"name": "Бетинский район", "until": 2021}],
            "два прежних названия по выпуск 2021 года",
        ),
        ([{"name": NEW, "until": 2021}], f"прежнее название «{NEW}» совпадает с нынешним"),
        ([{"name": OLD}], "until"),
        ([{"name": OLD, "until": 2021, "when": 2020}], "when"),
    ],
)
def test_a_former_name_that_says_nothing_or_contradicts_another_is_an_error_at_its_line(
    datadir: DataDir, former: list[dict[str, Any]], message: str
) -> None:
    _registry(datadir, former)
    datadir.year(2022, "alpha", COUNTS)
    datadir.year(2022, "beta", COUNTS)
    errors = [p for p in validate(datadir.root).errors if p.path.endswith("region.yaml")]
    assert any(message in p.message for p in errors), [str(p) for p in errors]
    text = (datadir.root / "region.yaml").read_text(encoding="utf-8").splitlines()
    assert all(p.line > 1 and "former_names" in "\n".join(text[: p.line]) for p in errors)


def test_a_former_type_alone_is_a_former_name(datadir: DataDir) -> None:
    """Only the type changed: the same name, another kind of municipality — the group in the navigation."""
    _registry(datadir, [{"name": NEW, "type": "муниципальный район", "until": 2022}])
    datadir.year(2022, "alpha", COUNTS)
    datadir.year(2022, "beta", COUNTS)
    _checked(datadir)


def test_the_csv_of_a_year_carries_the_name_of_that_year(data: DataDir) -> None:
    report = _checked(data)
    assert report.dataset is not None and report.table is not None
    text = public_table(report.table, report.dataset).to_csv(index=False)
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["territory"] == "beta"]
    assert {(r["year"], r["territory_name"]) for r in rows} == {("2022", OLD), ("2023", OLD), ("2024", NEW)}


def test_a_long_list_groups_the_municipality_by_its_type_in_each_edition(datadir: DataDir) -> None:
    """Over 25 municipalities the navigation groups them by type: a district that became an okrug is among the
    districts in the editions before the reform and among the okrugs after it."""
    municipalities: list[dict[str, Any]] = [
        {"slug": f"r{i:02d}", "name": f"Район № {i}", "type": "муниципальный район"} for i in range(13)
    ]
    municipalities += [
        {"slug": f"o{i:02d}", "name": f"Округ № {i}", "type": "муниципальный округ"} for i in range(13)
    ]
    municipalities.append(
        {
            "slug": "beta",
            "name": NEW,
            "type": "муниципальный округ",
            "former_names": [{"name": OLD, "type": "муниципальный район", "until": 2022}],
        }
    )
    dump(datadir.root / "region.yaml", {"region": REGISTRY["region"], "municipalities": municipalities})
    for year in (2022, 2023):
        for mu in municipalities:
            datadir.year(year, mu["slug"], COUNTS)
    site = _site(datadir)

    def group_of(year: int, name: str) -> str:
        groups = [g for g in _branch(site, year) if isinstance(g, dict) and len(g) == 1]
        return next(title for g in groups for title, members in g.items() if name in _titles(members))

    assert group_of(2022, OLD) == "Муниципальные районы"
    assert group_of(2023, NEW) == "Муниципальные округа"


def test_a_school_renamed_keeps_its_former_name_in_the_tables_forms_and_charts_of_then(datadir: DataDir) -> None:
    """A municipal monitoring that publishes its schools (``schools_public``): «Школа № 2» became «Гимназия № 2»
    after the edition of 2022/23 — its tables by school, the overview's comparison and the form of 2023 say
    «Школа № 2», those of 2024 «Гимназия № 2»."""
    schools = [
        {"id": "alpha-1", "name": "Школа № 1"},
        {"id": "alpha-2", "name": "Гимназия № 2", "former_names": [{"name": "Школа № 2", "until": 2023}]},
    ]
    alpha = {**REGISTRY["municipalities"][0], "schools": schools}  # one municipality over its schools
    region = {**REGISTRY["region"], "schools_public": True}
    dump(datadir.root / "region.yaml", {"region": region, "municipalities": [alpha]})
    for year in (2023, 2024):
        datadir.year(
            year,
            "alpha",
            schools=[
                {"school": "alpha-1", "counts": {"grads9": 100, "grads9_to_poo": 50}},
                {"school": "alpha-2", "counts": {"grads9": 80, "grads9_to_poo": 20}},
            ],
        )
    site = _site(datadir)
    then, now = "Школа №\u00a02", "Гимназия №\u00a02"  # as a page writes them
    for year, shown, hidden in ((2023, then, now), (2024, now, then)):
        section = _page(site, urls.section(year, "alpha", "postuplenie-v-poo-i-vuzy")).replace("№ ", "№\u00a0")
        overview = _page(site, urls.edition(year)).replace("№ ", "№\u00a0")
        assert shown in section and hidden not in section, year
        assert shown in overview and hidden not in overview, year
    report = _checked(datadir)
    assert report.dataset is not None
    sheets = {s.role: s.heading for s in form_spec(report.dataset, 2023, "alpha", schools=True).count_sheets}
    assert sheets["school:alpha-2"] == "Школа № 2"
    sheets = {s.role: s.heading for s in form_spec(report.dataset, 2024, "alpha", schools=True).count_sheets}
    assert sheets["school:alpha-2"] == "Гимназия № 2"


def test_a_schools_former_name_equal_to_its_present_one_is_an_error_at_its_line(datadir: DataDir) -> None:
    alpha, beta = REGISTRY["municipalities"]
    school = {"id": "alpha-1", "name": "Школа № 1", "former_names": [{"name": "Школа № 1", "until": 2021}]}
    dump(datadir.root / "region.yaml", {**REGISTRY, "municipalities": [{**alpha, "schools": [school]}, beta]})
    datadir.year(2022, "alpha", COUNTS)
    datadir.year(2022, "beta", COUNTS)
    errors = [p for p in validate(datadir.root).errors if p.path.endswith("region.yaml")]
    assert [p.message for p in errors] == [
        "прежнее название «Школа № 1» совпадает с нынешним: укажите, как школа называлась до выпуска 2022 года, "
        "или уберите строку"
    ]
    lines = (datadir.root / "region.yaml").read_text(encoding="utf-8").splitlines()
    assert "Школа № 1" in lines[errors[0].line - 1] and "former_names" in "\n".join(lines[: errors[0].line])


def test_a_former_name_lasting_past_the_last_edition_is_a_warning_at_its_until(datadir: DataDir) -> None:
    """until: 2030 typed for 2023 — the present name would name nothing, and the next editions would take the
    former one: said, not refused (the data still publish)."""
    _registry(datadir, [{"name": OLD, "until": 2030}])
    datadir.year(2022, "alpha", COUNTS)
    datadir.year(2022, "beta", COUNTS)
    report = validate(datadir.root)
    assert report.errors == []
    warned = [p for p in report.problems if "последний выпуск в данных — 2022 года" in p.message]
    assert len(warned) == 1 and f"нынешнее название «{NEW}» не назовёт ни один выпуск" in warned[0].message
    lines = (datadir.root / "region.yaml").read_text(encoding="utf-8").splitlines()
    assert "until: 2030" in lines[warned[0].line - 1]
