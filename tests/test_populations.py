"""Populations as the sources give them: per grade, as a band, or only as a total.

Real reports count «9–11 классы: 417» without the grades, or give a share with no counts at all. Such a
figure is entered as the source prints it — never split into invented per-grade numbers — and the engine
uses the finest level present. Where the source contradicts itself (a band beside its own parts, a
printed share beside its own counts, a population that shrinks fourfold in a year), the official gets a
warning with the line and the reader a «Примечание к данным» with both numbers.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from generator.build.validate import Report, validate
from generator.checks.quality import findings, notes_by_indicator
from generator.compute.table import PRINTED, IndicatorTable, Value, compute
from generator.inputs.load import load_dataset

from .conftest import DataDir

NO_DATA = "Отчёт муниципалитета не поступил"  # the edition is complete; beta says why it has no values

YEAR = "2023/alpha.yaml"


def row(table: IndicatorTable | None, territory: str, indicator: str, year: int = 2023) -> Value:
    assert table is not None
    found = table.get(year, territory, indicator)
    assert found is not None
    return found


def warnings_at(report: Report, line: int) -> list[str]:
    return [p.message for p in report.warnings if p.path.endswith(YEAR) and p.line == line]


def test_a_band_known_only_as_a_total_is_entered_as_the_total(datadir: DataDir) -> None:
    datadir.year(2023, "alpha", {"students_9_11": 493, "professionals_juniors_9_11": 50})
    report = validate(datadir.root)
    assert report.errors == []
    juniors = row(report.table, "alpha", "professionals_juniors_share")
    assert (juniors.numerator, juniors.denominator, juniors.value) == (50, 493, Decimal("10.1"))


def test_per_grade_counts_win_over_a_band_and_a_disagreement_names_both(datadir: DataDir) -> None:
    datadir.write(
        YEAR,
        "municipality: alpha\nyear: 2023\ncounts:\n"
        "  students_g9: 420\n  students_g10: 100\n  students_g11: 95\n"
        "  students_9_11: 493\n"  # line 7: the band as another table of the same report gives it
        "  professionals_juniors_9_11: 50\n",
    )
    report = validate(datadir.root)
    assert report.errors == []
    assert row(report.table, "alpha", "professionals_juniors_share").denominator == 615
    (message,) = warnings_at(report, 7)
    assert "students_9_11 = 493" in message and "615" in message


def test_an_agreeing_band_beside_its_parts_is_silent(datadir: DataDir) -> None:
    datadir.year(2023, "alpha", {"students_g9": 400, "students_g10": 50, "students_g11": 43, "students_9_11": 493})
    datadir.year(2023, "beta", no_data=NO_DATA)  # a complete edition: no draft warning either
    assert validate(datadir.root).warnings == []


def test_a_part_never_exceeds_a_band_entered_as_a_total(datadir: DataDir) -> None:
    datadir.write(
        YEAR,
        "municipality: alpha\nyear: 2023\ncounts:\n  students_9_11: 40\n  professionals_juniors_9_11: 50\n",
    )
    (error,) = validate(datadir.root).errors
    assert error.line == 5 and "больше совокупности" in error.message and "students_9_11 = 40" in error.message


def test_missing_counts_are_named_at_the_level_that_would_give_the_value(datadir: DataDir) -> None:
    datadir.year(2023, "alpha", {"students_9_11": 493})
    dataset = load_dataset(datadir.root).dataset
    assert dataset is not None
    counts = dataset.entries[(2023, "alpha")].counts
    assert dataset.catalogue.missing(counts, "students_9_11") == []
    assert dataset.catalogue.missing(counts, "students_6_9") == [
        "students_g6",
        "students_g7",
        "students_g8",
        "students_g9",
    ]


def test_a_printed_share_without_counts_is_published_as_reported_and_not_summed(datadir: DataDir) -> None:
    datadir.write(
        YEAR,
        "municipality: alpha\nyear: 2023\nprinted:\n  grads9_poo_share: {value: 51.2, source: Таблица 4}\n",
    )
    datadir.year(2023, "beta", {"grads9": 100, "grads9_to_poo": 60})
    report = validate(datadir.root)
    assert report.errors == [] and report.warnings == []
    alpha = row(report.table, "alpha", "grads9_poo_share")
    assert (alpha.value, alpha.basis) == (Decimal("51.2"), PRINTED)
    assert pd.isna(alpha.numerator) and pd.isna(alpha.denominator)
    region = row(report.table, "region", "grads9_poo_share")
    assert (region.value, region.reported, region.expected) == (Decimal("60.0"), 1, 2)


def test_a_printed_value_that_its_counts_do_not_give_is_a_warning_and_a_note(datadir: DataDir) -> None:
    datadir.write(
        YEAR,
        "municipality: alpha\nyear: 2023\ncounts:\n  grads11: 80\n  grads11_to_vo: 46\n"
        "printed:\n  grads11_vo_share:\n    value: 57\n    source: Таблица 3\n",
    )
    report = validate(datadir.root)
    (message,) = warnings_at(report, 8)  # the line of the printed number
    assert "напечатано 57" in message and "57,50" in message
    assert row(report.table, "alpha", "grads11_vo_share").value == Decimal("57.5")
    assert report.dataset is not None
    (note,) = notes_by_indicator(findings(report.dataset))[(2023, "alpha", "grads11_vo_share")]
    assert note.startswith("В источнике (Таблица 3) напечатано 57")
    assert "46 из 80" in note and "58" in note and "пересчитанное из чисел" in note


def test_a_population_that_shrinks_fourfold_in_a_year_is_flagged(datadir: DataDir) -> None:
    datadir.year(2022, "alpha", {"students_ovz": 105, "abilympics_participants": 4})
    datadir.year(2023, "alpha", {"students_ovz": 26, "abilympics_participants": 3})
    report = validate(datadir.root)
    (message,) = [w.message for w in report.warnings if "students_ovz" in w.message]
    assert "105 → 26" in message
    assert report.dataset is not None
    notes = notes_by_indicator(findings(report.dataset))[(2023, "alpha", "abilympics_share")]
    assert notes == [
        "Численность «Обучающиеся с ОВЗ (1–11 классы)» за год сократилась в 4 раза: с 105 до 26. Возможно, в "
        "разные годы источник считал разные совокупности; сравнивайте значения этих лет с осторожностью."
    ]


def test_the_population_check_follows_the_catalogue_threshold(datadir: DataDir) -> None:
    text = (datadir.root / "indicators.yaml").read_text(encoding="utf-8")
    assert "\nchecks:" not in text
    text = text.replace("\nsections:", "\nchecks:\n  max_population_change_pct: null\n\nsections:", 1)
    (datadir.root / "indicators.yaml").write_text(text, encoding="utf-8")
    datadir.year(2022, "alpha", {"students_ovz": 105, "abilympics_participants": 4})
    datadir.year(2023, "alpha", {"students_ovz": 26, "abilympics_participants": 3})
    for year in (2022, 2023):
        datadir.year(year, "beta", no_data=NO_DATA)
    assert validate(datadir.root).warnings == []


@pytest.mark.parametrize("printed", ["67", "{value: 67}"])
def test_the_two_forms_of_a_printed_value_compare_alike(datadir: DataDir, printed: str) -> None:
    datadir.write(
        YEAR,
        f"municipality: alpha\nyear: 2023\ncounts:\n  grads9: 420\n  grads9_to_poo: 283\n"
        f"printed:\n  grads9_poo_share: {printed}\n",
    )
    datadir.year(2023, "beta", no_data=NO_DATA)
    report = validate(datadir.root)
    assert report.errors == [] and report.warnings == []
    assert row(compute(report.dataset), "alpha", "grads9_poo_share").value == Decimal("67.4")


def test_a_bad_printed_figure_is_one_located_error_in_either_form(datadir: DataDir) -> None:
    datadir.write(
        YEAR,
        "municipality: alpha\nyear: 2023\nprinted:\n  grads9_poo_share: .inf\n"
        "  grads11_vo_share:\n    value: 1e300\n    sourse: Таблица 3\n",
    )
    errors = validate(datadir.root).errors
    assert [(e.line, e.message.split(":")[0]) for e in errors] == [
        (4, "grads9_poo_share"),
        (6, "значение должно быть ≤ 1\xa0000\xa0000\xa0000, указано 1e300"),
        (7, "неизвестный ключ «sourse»"),
    ]


def _pages(datadir: DataDir) -> dict[str, str]:
    """The generated Markdown of every page (no MkDocs): what the notes look like to a reader."""
    from generator.build.site_pages import build_site_content
    from generator.publish.public_table import public_table
    from generator.site.context import SiteInfo

    report = validate(datadir.root)
    assert report.errors == [] and report.dataset is not None and report.table is not None
    info = SiteInfo(name="Профориентир", region="Тестовая область", demo=True, site_url="")
    public = public_table(report.table, report.dataset)
    return build_site_content(report.dataset, report.table, public, info).pages


def test_the_reader_sees_the_note_beside_the_number_and_the_printed_value_marked(datadir: DataDir) -> None:
    datadir.year(
        2023,
        "alpha",
        {"grads11": 80, "grads11_to_vo": 46},
        printed={
            "grads11_vo_share": {"value": 57, "source": "Таблица 3 <b>", "note": "В отчёте округлено вниз."},
            "grads9_poo_share": 51.2,
        },
    )
    datadir.year(2023, "beta", {"grads9": 100, "grads9_to_poo": 60, "grads11": 50, "grads11_to_vo": 20})
    pages = _pages(datadir)
    section = pages["2023/alpha/postuplenie-v-poo-i-vuzy/index.md"]
    assert section.count('<p class="admonition-title">Примечание к данным</p>') == 2
    # the source's words are text, never markup
    assert "В источнике (Таблица 3 &lt;b&gt;) напечатано 57\xa0%" in section
    assert "Значение приведено так, как оно напечатано в источнике: чисел" in section
    assert "В значение по региону оно не входит." in section
    assert "<p>В отчёте округлено вниз.</p>" in section  # the official's own explanation follows ours
    assert "51,2\xa0% (как в источнике)" in section  # the trend table marks it
    region = pages["2023/region/postuplenie-v-poo-i-vuzy/index.md"]
    assert "51,2\xa0% (как в источнике)" in region  # so does the region's table of municipalities
    assert "Примечание к данным" not in pages["2023/beta/postuplenie-v-poo-i-vuzy/index.md"]
    assert "Примечание к данным" in pages["2023/alpha/report/index.md"]


def test_a_figure_printed_finer_than_the_precision_is_published_with_its_own_decimals(datadir: DataDir) -> None:
    """«как в источнике» is true of the number beside it: a source's 51,25 % is not shown as 51,3 %, nor its
    change as the difference rounded; a trailing zero the source printed stays; a target keeps its decimals."""
    datadir.year(2022, "alpha", {"grads9": 100, "grads9_to_poo": 50})  # 50,0 %
    printed = {"grads9_poo_share": {"value": 51.25, "source": "Таблица 4"}}
    datadir.year(2023, "alpha", printed=printed, targets={"grads9_poo_share": 51.25})  # so is a target
    datadir.write(
        "2023/beta.yaml",
        "municipality: beta\nyear: 2023\nprinted:\n  grads9_poo_share: {value: 51.50, source: Таблица 4}\n",
    )
    report = validate(datadir.root)
    assert report.errors == [] and report.table is not None and report.dataset is not None
    alpha = row(report.table, "alpha", "grads9_poo_share")
    assert alpha.basis == PRINTED and alpha.change == Decimal("1.25")
    assert str(row(report.table, "beta", "grads9_poo_share").value) == "51.50"  # as written, not 51.5
    pages = _pages(datadir)
    section = pages["2023/alpha/postuplenie-v-poo-i-vuzy/index.md"]
    assert "51,25\xa0% (как в источнике)" in section  # the trend table
    assert "в 2022/23 — 51,25\xa0%; рост на 1,25\xa0п\\.\xa0п\\. за год" in section  # the sentence
    assert '<p class="pf-kpi__value">51,25\xa0%</p>' in section and "<dd>+1,25\xa0п.\xa0п.</dd>" in section
    assert "Целевое значение муниципальной программы — 51,25\xa0%; достигнуто" in section
    assert "51,3\xa0%" not in section and "1,3\xa0п.\xa0п." not in section
    assert "51,50\xa0% (как в источнике)" in pages["2023/beta/postuplenie-v-poo-i-vuzy/index.md"]
    # the open data carry the same number as the page
    from generator.publish.public_table import public_table

    published = public_table(report.table, report.dataset).set_index(["year", "territory", "indicator"])
    assert published.loc[(2023, "alpha", "grads9_poo_share"), "value"] == 51.25
    assert published.loc[(2023, "alpha", "grads9_poo_share"), "change"] == 1.25
