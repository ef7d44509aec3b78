"""A past edition's parts computed from its data alone (the published table's rows, the recommendations)
are kept with its data version: a data commit computes the changed edition's only, and what is kept is
what computing everything again gives."""

from __future__ import annotations

import itertools
import pickle
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from generator.build import cache as kept
from generator.build.synthetic import bump_one_count
from generator.build.validate import Report, validate
from generator.build.versions import data_version, edition_data, edition_inputs, edition_versions
from generator.compute.table import REGION, IndicatorTable
from generator.inputs.editions_log import CorrectionLog
from generator.inputs.editions_model import Edition
from generator.publish import downloads as downloads_module
from generator.publish import opendata_versions
from generator.publish import public_table as public_module
from generator.publish.downloads import write_downloads
from generator.publish.opendata import build_open_data
from generator.publish.tabular import section_csv_bytes
from generator.recommend.evaluate import recommend

from .conftest import DataDir
from .site_helpers import ROOT

MODIFIED = datetime(2026, 6, 1, tzinfo=UTC)


@pytest.fixture
def region(tmp_path: Path) -> Path:
    from generator.build.synthetic import make_region

    return make_region(ROOT / "data", tmp_path / "data", municipalities=3, years=3, seed=5).root


def _versions(data: Path, years: list[int]) -> dict[int, str]:
    found = edition_data(data, years, dict.fromkeys(years, datetime(2026, 5, 31, tzinfo=UTC)))
    return {year: value["data_version"] for year, value in found.items()}


def _three_commits(region: Path) -> Iterator[tuple[str, Report, list[int], dict[int, str]]]:
    """The region validated as it is built, again unchanged, and after one count of the current year
    changed: the step's name, its report, its years and the editions' data versions."""
    for step in ("cold", "again", "changed"):
        if step == "changed":
            bump_one_count(region, 2026)
        report = validate(region)
        assert report.dataset is not None and report.table is not None
        years = report.dataset.years
        yield step, report, years, _versions(region, years)


def test_the_kept_public_table_and_recommendations_are_those_computed_whole(
    region: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[int] = []
    real = public_module.public_table

    def counting(table: IndicatorTable, dataset: Any) -> pd.DataFrame:
        made.extend(table.years)
        return real(table, dataset)

    monkeypatch.setattr(public_module, "public_table", counting)
    root = tmp_path / "kept"
    for step, report, years, versions in _three_commits(region):
        assert report.dataset is not None and report.table is not None and report.rules is not None
        made.clear()
        table, keys = kept.kept_public_table(root, versions, report.table, report.dataset)
        assert keys is not None and sorted(keys) == years
        pd.testing.assert_frame_equal(table, real(report.table, report.dataset), check_exact=True)
        files = {}
        for name, options in (("kept", {"cache": tmp_path / "xlsx", "keys": keys}), ("fresh", {})):
            paths = write_downloads(
                report.table, report.dataset, tmp_path / step / name, modified=MODIFIED, public=table, **options
            )
            files[name] = {p.name: p.read_bytes() for p in paths}
        assert files["kept"] == files["fresh"], "the downloads of kept rows are a fresh build's bytes"
        recs = kept.kept_recommendations(root, versions, report.rules, report.table, report.dataset)
        assert recs == recommend(report.rules, report.table, report.dataset)
        assert made == {"cold": years, "again": [], "changed": [years[-1]]}[step], step


def test_a_year_whose_data_changed_has_a_new_key_and_the_years_before_keep_theirs(datadir: DataDir) -> None:
    datadir.year(2024, "alpha", {"students_g9": 100, "grads9": 100, "grads9_to_poo": 40})
    datadir.year(2025, "alpha", {"students_g9": 90, "grads9": 90, "grads9_to_poo": 45})
    before = _versions(datadir.root, [2024, 2025])
    datadir.year(2025, "alpha", {"students_g9": 91, "grads9": 90, "grads9_to_poo": 45})
    after = _versions(datadir.root, [2024, 2025])
    assert before[2024] == after[2024] and before[2025] != after[2025]
    keys = [kept.KeptByEdition(datadir.root / "k", v, "public").keys for v in (before, after)]
    assert keys[0][2024] == keys[1][2024] and keys[0][2025] != keys[1][2025]


def test_the_section_csvs_of_kept_rows_are_those_of_the_table_formatted_whole(
    region: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    formatted: list[int] = []
    real = downloads_module.section_rows

    def counting(public: pd.DataFrame) -> downloads_module.SectionRows:
        formatted.extend(sorted(set(public["year"])))
        return real(public)

    monkeypatch.setattr(downloads_module, "section_rows", counting)
    root = tmp_path / "kept"
    for step, report, years, versions in _three_commits(region):
        assert report.dataset is not None and report.table is not None
        public, keys = kept.kept_public_table(root, versions, report.table, report.dataset)
        assert keys is not None
        formatted.clear()
        index = kept.kept_section_rows(root, versions, public)
        assert formatted == {"cold": years, "again": [], "changed": [years[-1]]}[step], step
        whole = downloads_module.SectionCsvIndex(public)
        assert (index.header, index.lines, index.rows) == (whole.header, whole.lines, whole.rows)
        indicators = sorted(set(public["indicator"]))
        for year in years:
            for territory in sorted(set(public["territory"])):
                assert index.territory(year, territory, REGION, indicators) == whole.territory(
                    year, territory, REGION, indicators
                )
            assert index.region(year, REGION, indicators) == whole.region(year, REGION, indicators)
        assert index.select(range(len(whole.lines))) == section_csv_bytes(public), "every row: the file written whole"


def _by_definition(data: Path, years: list[int]) -> dict[int, str]:
    return {year: data_version(data, edition_inputs(data, year)) for year in years}


def test_each_edition_version_is_the_digest_of_its_inputs_and_any_earlier_change_changes_it(region: Path) -> None:
    years = sorted(int(p.name) for p in region.iterdir() if p.name.isdigit())
    (region / str(years[0]) / "notes").mkdir()
    (region / str(years[0]) / "notes" / "extra.txt").write_text("a file in a year's subfolder\n", encoding="utf-8")
    (region / str(years[1]) / ".hidden").write_text("not data\n", encoding="utf-8")
    before = edition_versions(region, years)
    assert before == _by_definition(region, years)
    assert len(set(before.values())) == len(years)
    first = sorted((region / str(years[0])).glob("*.yaml"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    after = edition_versions(region, years)
    assert after == _by_definition(region, years)
    assert all(after[year] != before[year] for year in years), "a change of the first year changes every edition"
    bump_one_count(region, years[1])
    again = edition_versions(region, years)
    assert again[years[0]] == after[years[0]] and all(again[y] != after[y] for y in years[1:])
    (region / "rules.yaml").write_text((region / "rules.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert all(v != again[y] for y, v in edition_versions(region, years).items()), "a shared file: every edition"


def test_year_folders_that_do_not_sort_as_numbers_are_hashed_by_the_definition(tmp_path: Path) -> None:
    for year, text in ((999, "a: 1\n"), (1000, "a: 2\n")):
        (tmp_path / str(year)).mkdir()
        (tmp_path / str(year) / "x.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "region.yaml").write_text("r: 1\n", encoding="utf-8")
    assert edition_versions(tmp_path, [999, 1000]) == _by_definition(tmp_path, [999, 1000])


def test_the_kept_current_values_of_the_open_data_are_those_computed_whole(
    region: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[int] = []
    real = opendata_versions._current_rows

    def counting(log: CorrectionLog, table: pd.DataFrame, dataset: Any, digits: Any, year: int) -> Any:
        made.append(year)
        return real(log, table, dataset, digits, year)

    monkeypatch.setattr(opendata_versions, "_current_rows", counting)
    root = tmp_path / "kept"
    for step, report, years, versions in _three_commits(region):
        assert report.dataset is not None and report.table is not None
        files = {}
        for name, keep in (("fresh", None), ("kept", kept.kept_current_values(root, versions, CorrectionLog()))):
            made.clear()
            files[name] = build_open_data(
                report.dataset, report.table, CorrectionLog(), {}, [], None, "https://example.org/", "Область",
                MODIFIED, keep,
            ).files  # fmt: skip
        assert files["kept"] == files["fresh"], "the open data of kept values are a fresh build's bytes"
        assert made == {"cold": years, "again": [], "changed": [years[-1]]}[step], step


def test_an_editions_publication_or_correction_changes_the_key_of_its_kept_current_values(region: Path) -> None:
    report = validate(region)
    assert report.dataset is not None
    years = report.dataset.years
    versions = _versions(region, years)
    published = Edition(year=years[0], published=date(2025, 6, 1))
    logs = [CorrectionLog(), CorrectionLog({years[0]: published})]
    logs.append(CorrectionLog({years[0]: published.model_copy(update={"published": date(2025, 6, 2)})}))
    keys = [kept.kept_current_values(region / "k", versions, log).__self__.keys for log in logs]  # type: ignore[attr-defined]
    for before, after in itertools.pairwise(keys):
        assert before[years[0]] != after[years[0]], "the edition's publication is in its rows"
        assert all(before[y] == after[y] for y in years[1:]), "the other editions keep theirs"


def test_the_kept_indicator_table_is_the_table_computed_whole(
    region: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.compute import table as table_module

    made: list[int] = []
    real = table_module.compute

    def counting(dataset: Any, years: Any = None) -> IndicatorTable:
        made.extend(sorted(years) if years is not None else dataset.years)
        return real(dataset, years)

    monkeypatch.setattr(table_module, "compute", counting)
    root = tmp_path / "kept"
    for step in ("cold", "again", "changed"):
        if step == "changed":
            bump_one_count(region, 2026)
        made.clear()
        report = validate(region, kept=root)
        assert report.dataset is not None and report.table is not None
        years = report.dataset.years
        assert made == {"cold": years, "again": [], "changed": [years[-1]]}[step], step
        whole = real(report.dataset)
        assert report.table.rows == whole.rows
        assert report.problems == validate(region).problems, "the same warnings as a table computed whole"


def test_a_kept_table_of_an_older_generator_is_computed_again_not_read(region: Path, tmp_path: Path) -> None:
    root = tmp_path / "kept"
    first = validate(region, kept=root)
    assert first.table is not None
    parts = sorted((root / "table").rglob("*.pickle"))
    assert parts, "the cold build keeps each year's rows"
    for path in parts:  # what a generator of untyped tables kept there: a DataFrame per year
        path.write_bytes(pickle.dumps(pd.DataFrame({"year": [2024], "value": [1.0]})))
    again = validate(region, kept=root)
    assert again.table is not None and again.table.rows == first.table.rows


def test_a_table_of_some_years_is_the_whole_tables_rows_of_them(region: Path) -> None:
    from generator.compute.table import compute

    report = validate(region)
    assert report.dataset is not None and report.table is not None
    years = report.dataset.years
    for some in ([years[0]], [years[-1]], years[1:], [years[0], years[-1]]):
        part = compute(report.dataset, some)
        assert part.rows == report.table.of_years(some).rows
        pd.testing.assert_frame_equal(part.frame, report.table.of_years(some).frame, check_exact=True)
        assert any(v.change is not None for v in part) or some == [years[0]], "the change needs the year before"


def test_the_kept_findings_are_those_of_the_dataset_and_give_the_same_notes(region: Path, tmp_path: Path) -> None:
    from generator.checks.quality import findings
    from generator.site.context import SiteContext, SiteInfo

    for path in sorted((region / "2025").glob("*.yaml"))[:2]:  # populations that jump: findings in 2025 and 2026
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("students_g9: ", "students_g9: 4"), encoding="utf-8")
    root = tmp_path / "kept"
    info = SiteInfo("Сайт", "Область", False, "https://example.org/")
    for step in ("cold", "again", "changed"):
        if step == "changed":
            bump_one_count(region, 2026)
        report = validate(region, kept=root)
        assert report.dataset is not None and report.table is not None and report.findings is not None
        whole = findings(report.dataset)
        assert whole, "the region has findings to keep"
        assert report.findings == whole, step
        assert report.problems == validate(region).problems, "the same warnings as findings made whole"
        kept_ctx = SiteContext.create(report.dataset, report.table, info, found=report.findings)
        assert kept_ctx.notes == SiteContext.create(report.dataset, report.table, info).notes
