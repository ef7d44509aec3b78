"""The indicator table: exact values, region sums, changes, targets, missing data."""

from __future__ import annotations

import dataclasses
import math
import pickle
from decimal import Decimal

import pandas as pd
import pytest

from generator.compute.status import TargetStatus
from generator.compute.table import (
    COLUMNS,
    REGION,
    IndicatorTable,
    Value,
    change,
    compute,
    indicator_value,
    target_status,
)
from generator.inputs.load import load_dataset
from generator.inputs.models import Better, Indicator, Kind

from .conftest import DataDir

GRADES = {f"students_g{g}": 100 for g in range(1, 12)}


def table_of(datadir: DataDir) -> IndicatorTable:
    result = load_dataset(datadir.root)
    assert result.errors == [], [str(p) for p in result.errors]
    return compute(result.dataset)


def cell(table: IndicatorTable, year: int, territory: str, indicator: str, column: str = "value"):
    row = table.get(year, territory, indicator)
    assert row is not None, (year, territory, indicator)
    return getattr(row, column)


def make_indicator(kind: Kind, better: Better = Better.higher) -> Indicator:
    return Indicator(
        id="x", section="s", kind=kind, title="t", short_title="t", numerator="a",
        denominator=None if kind is Kind.count else "b", method="m", source="s", better=better,
    )


@pytest.mark.parametrize(
    ("kind", "numerator", "denominator", "digits", "expected"),
    [
        (Kind.share, 46, 80, 1, Decimal("57.5")),
        (Kind.share, 46, 80, 0, Decimal("58")),
        (Kind.share, 1, 3, 1, Decimal("33.3")),
        (Kind.share, 2, 3, 1, Decimal("66.7")),
        (Kind.share, 1, 8, 1, Decimal("12.5")),
        (Kind.share, 1, 8, 0, Decimal("13")),
        (Kind.share, 0, 5, 1, Decimal("0.0")),
        (Kind.share, 5, 5, 1, Decimal("100.0")),
        (Kind.ratio, 223, 80, 2, Decimal("2.79")),
        (Kind.ratio, 5, 8, 2, Decimal("0.63")),
        (Kind.count, 17, None, 0, Decimal("17")),
    ],
)
def test_values_are_exact_fractions_rounded_half_up(kind, numerator, denominator, digits, expected) -> None:
    assert indicator_value(kind, numerator, denominator, digits) == expected


def test_zero_of_zero_and_missing_parts_are_no_data() -> None:
    assert indicator_value(Kind.share, 0, 0, 1) is None
    assert indicator_value(Kind.share, None, 10, 1) is None
    assert indicator_value(Kind.share, 3, None, 1) is None
    assert indicator_value(Kind.count, None, None, 0) is None


@pytest.mark.parametrize(
    ("better", "value", "target", "status"),
    [
        (Better.higher, Decimal("60.0"), Decimal("60"), "met"),
        (Better.higher, Decimal("59.9"), Decimal("60"), "not_met"),
        (Better.lower, Decimal("10.0"), Decimal("10"), "met"),
        (Better.lower, Decimal("10.1"), Decimal("10"), "not_met"),
        (Better.neutral, Decimal("61"), Decimal("60"), "met"),
        (Better.higher, None, Decimal("60"), "no_data"),
        (Better.higher, Decimal("1"), None, "no_target"),
    ],
)
def test_target_attainment_respects_the_better_direction(better, value, target, status) -> None:
    assert target_status(make_indicator(Kind.share, better), value, target) == status


def test_region_value_is_a_sum_of_counts_never_an_average_of_shares(datadir: DataDir) -> None:
    datadir.year(2024, "alpha", {"students_g9": 100, "grads9": 80, "grads9_to_poo": 46})
    datadir.year(2024, "beta", {"students_g9": 30, "grads9": 20, "grads9_to_poo": 19})
    table = table_of(datadir)
    assert cell(table, 2024, "alpha", "grads9_poo_share") == Decimal("57.5")
    assert cell(table, 2024, "beta", "grads9_poo_share") == Decimal("95.0")
    # (46 + 19) / (80 + 20) = 65 %, while the mean of the shares would be 76,25 %
    assert cell(table, 2024, REGION, "grads9_poo_share") == Decimal("65.0")
    assert cell(table, 2024, REGION, "grads9_poo_share", "numerator") == 65
    assert cell(table, 2024, REGION, "grads9_poo_share", "denominator") == 100
    assert cell(table, 2024, REGION, "grads9_poo_share", "reported") == 2


def test_missing_data_stays_missing_and_is_left_out_of_the_region_sum(datadir: DataDir) -> None:
    datadir.year(2024, "alpha", {"students_g9": 100, "grads9": 80, "grads9_to_poo": 46})
    datadir.year(2024, "beta", {"students_g9": 30, "grads9": 20})  # no admissions reported
    table = table_of(datadir)
    assert cell(table, 2024, "beta", "grads9_poo_share") is None
    assert cell(table, 2024, "beta", "grads9_poo_share", "numerator") is None
    assert cell(table, 2024, REGION, "grads9_poo_share") == Decimal("57.5")
    assert cell(table, 2024, REGION, "grads9_poo_share", "reported") == 1
    assert cell(table, 2024, REGION, "grads9_poo_share", "expected") == 2
    # an indicator nobody reported is missing for the region too, not 0
    assert cell(table, 2024, REGION, "bilet_share_6_9") is None


def test_sums_of_counts_need_every_component(datadir: DataDir) -> None:
    counts = dict(GRADES, bilet_6_9=200, bilet_10_11=50)
    datadir.year(2024, "alpha", counts)
    partial = {k: v for k, v in GRADES.items() if k != "students_g7"}
    datadir.year(2024, "beta", dict(partial, bilet_6_9=10, bilet_10_11=5))
    table = table_of(datadir)
    assert float(cell(table, 2024, "alpha", "bilet_share_6_11")) == pytest.approx(250 / 600 * 100, abs=0.05)
    assert cell(table, 2024, "alpha", "bilet_share_6_11") == Decimal("41.7")
    assert cell(table, 2024, "beta", "bilet_share_6_11") is None
    assert cell(table, 2024, "beta", "bilet_share_10_11") == Decimal("2.5")


def test_change_is_in_percentage_points_between_the_published_values(datadir: DataDir) -> None:
    datadir.year(2021, "alpha", {"students_g9": 500, "grads9": 426, "grads9_to_poo": 303})
    datadir.year(2022, "alpha", {"students_g9": 500, "grads9": 419, "grads9_to_poo": 282})
    table = table_of(datadir)
    assert cell(table, 2021, "alpha", "grads9_poo_share") == Decimal("71.1")
    assert cell(table, 2022, "alpha", "grads9_poo_share") == Decimal("67.3")
    assert cell(table, 2022, "alpha", "grads9_poo_share", "previous") == Decimal("71.1")
    assert cell(table, 2022, "alpha", "grads9_poo_share", "change") == Decimal("-3.8")
    assert cell(table, 2021, "alpha", "grads9_poo_share", "change") is None


def test_a_missing_year_leaves_no_change_rather_than_comparing_across_the_gap(datadir: DataDir) -> None:
    datadir.year(2021, "alpha", {"students_g9": 500, "grads9": 400, "grads9_to_poo": 200})
    datadir.year(2023, "alpha", {"students_g9": 500, "grads9": 400, "grads9_to_poo": 300})
    table = table_of(datadir)
    assert cell(table, 2023, "alpha", "grads9_poo_share", "change") is None


def test_targets_are_compared_with_the_rounded_value(datadir: DataDir) -> None:
    datadir.year(
        2024, "alpha", {"students_g9": 100, "grads9": 80, "grads9_to_poo": 46},
        targets={"grads9_poo_share": 57.5, "grads11_vo_share": 50},
    )
    table = table_of(datadir)
    assert cell(table, 2024, "alpha", "grads9_poo_share", "target_status") == "met"
    assert cell(table, 2024, "alpha", "grads11_vo_share", "target_status") == "no_data"
    assert cell(table, 2024, "alpha", "bilet_share_6_9", "target_status") == "no_target"


def test_a_reported_target_keeps_the_sources_verdict_whatever_the_value(datadir: DataDir) -> None:
    """«Выполнены, кроме …» without planned values: the row says what the source says, with no target value,
    against its own value (60 % here would meet any target) and without one."""
    datadir.year(
        2024, "alpha", {"students_g9": 100, "grads9": 80, "grads9_to_poo": 48},
        targets={
            "grads9_poo_share": {"reached": False, "source": "Приказ № 327"},
            "grads11_vo_share": {"reached": True},
            "bilet_share_6_9": 40,
        },
    )
    table = table_of(datadir)
    missed, reached, planned = (table.get(2024, "alpha", i) for i in ("grads9_poo_share", "grads11_vo_share",
                                                                       "bilet_share_6_9"))  # fmt: skip
    assert missed is not None and reached is not None and planned is not None
    assert (missed.value, missed.target, missed.target_status) == (Decimal("60"), None, TargetStatus.not_met)
    assert (reached.value, reached.target, reached.target_status) == (None, None, TargetStatus.met)
    assert missed.target_reported and reached.target_reported
    # a planned value without data is still «no data», not reported
    assert (planned.target, planned.target_status, planned.target_reported) == (Decimal("40"), "no_data", False)
    region = table.get(2024, REGION, "grads9_poo_share")
    assert region is not None and region.target_status is TargetStatus.no_target and not region.target_reported
    frame = table.frame
    line = frame[(frame.territory == "alpha") & (frame.indicator == "grads9_poo_share")].iloc[0]
    assert math.isnan(line["target"]) and line["target_status"] == "not_met"
    assert pickle.loads(pickle.dumps(table)).rows == table.rows


def test_indicators_exist_only_in_their_years(datadir: DataDir) -> None:
    counts = {"students_g11": 90, "grads11": 80, "ege_exams_for_vo": 223}
    datadir.year(2022, "alpha", counts)
    datadir.year(2023, "alpha", counts)
    table = table_of(datadir)
    assert not [v for v in table if v.year == 2022 and v.indicator == "ege_choice_coefficient"]
    assert cell(table, 2023, "alpha", "ege_choice_coefficient") == Decimal("2.79")


def test_per_school_counts_sum_to_the_municipality(datadir: DataDir) -> None:
    datadir.year(
        2024, "alpha", None,
        schools=[
            {"school": "alpha-1", "counts": {"students_g9": 60, "grads9": 50, "grads9_to_poo": 30}},
            {"school": "alpha-2", "counts": {"students_g9": 40, "grads9": 30, "grads9_to_poo": 16}},
        ],
    )
    table = table_of(datadir)
    assert cell(table, 2024, "alpha", "grads9_poo_share", "numerator") == 46
    assert cell(table, 2024, "alpha", "grads9_poo_share", "denominator") == 80
    assert cell(table, 2024, "alpha", "grads9_poo_share") == Decimal("57.5")


def test_the_table_is_tidy_and_ordered(datadir: DataDir) -> None:
    datadir.year(2024, "alpha", {"students_g9": 100, "grads9": 80, "grads9_to_poo": 46})
    table = table_of(datadir)
    frame = table.frame
    assert list(frame.columns[:9]) == [
        "year", "level", "territory", "indicator", "section", "kind", "numerator", "denominator", "value",
    ]
    assert not frame.duplicated(["year", "territory", "indicator"]).any()
    assert set(frame.level) == {"municipality", "region"}
    keys = [(v.year, v.level, v.territory, v.indicator) for v in table]
    assert keys == sorted(keys)


def test_a_value_is_the_exact_decimal_as_computed_and_its_counts_are_integers(datadir: DataDir) -> None:
    counts = {"students_g9": 100, "grads9": 80, "grads9_to_poo": 46}
    datadir.year(2024, "alpha", counts, targets={"grads9_poo_share": 57.5})
    dataset = load_dataset(datadir.root).dataset
    row = compute(dataset).get(2024, "alpha", "grads9_poo_share")
    assert isinstance(row, Value)
    assert isinstance(row.value, Decimal) and row.value == Decimal("57.5") and str(row.value) == "57.5"
    assert (row.numerator, row.denominator) == (46, 80) and type(row.numerator) is int
    assert row.target == Decimal("57.5") and row.target_status is TargetStatus.met
    assert row.section == dataset.catalogue.indicators["grads9_poo_share"].section
    assert (row.kind, row.level, row.basis) == ("share", "municipality", "computed")
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.value = Decimal("60")  # type: ignore[misc]


def test_the_change_is_the_difference_of_the_printed_values_not_of_the_exact_ones(datadir: DataDir) -> None:
    datadir.year(2023, "alpha", {"students_g9": 10, "grads9": 3, "grads9_to_poo": 1})  # 33,3 % (1/3)
    datadir.year(2024, "alpha", {"students_g9": 10, "grads9": 3, "grads9_to_poo": 2})  # 66,7 % (2/3)
    row = table_of(datadir).get(2024, "alpha", "grads9_poo_share")
    assert row is not None
    assert (row.previous, row.value) == (Decimal("33.3"), Decimal("66.7"))
    assert row.change == Decimal("33.4")  # the exact difference would be 33,33…: a reader subtracts what is printed


def test_missing_data_is_none_in_the_rows_and_nan_in_the_frame(datadir: DataDir) -> None:
    datadir.year(2024, "alpha", {"students_g9": 100, "grads9": 80, "grads9_to_poo": 46})
    datadir.year(2024, "beta", {"students_g9": 90})
    table = table_of(datadir)
    row = table.get(2024, "beta", "grads9_poo_share")
    assert row is not None
    assert (row.value, row.numerator, row.previous, row.change, row.target) == (None, None, None, None, None)
    assert table.value(2024, "beta", "grads9_poo_share") is None
    assert table.get(2030, "beta", "grads9_poo_share") is None
    frame = table.frame
    line = frame[(frame.territory == "beta") & (frame.indicator == "grads9_poo_share")].iloc[0]
    assert math.isnan(line["value"]) and line["numerator"] is pd.NA


def test_the_frame_is_the_rows_column_by_column(datadir: DataDir) -> None:
    datadir.year(2023, "alpha", {"students_g9": 100, "grads9": 80, "grads9_to_poo": 40})
    counts = {"students_g9": 100, "grads9": 80, "grads9_to_poo": 46}
    datadir.year(2024, "alpha", counts, targets={"grads9_poo_share": 60})
    datadir.year(2024, "beta", {"students_g9": 90})
    table = table_of(datadir)
    frame = table.frame
    assert list(frame.columns) == COLUMNS and len(frame) == len(table)
    decimals = {"value", "previous", "change", "target"}
    for row, line in zip(table, frame.itertuples(index=False), strict=True):
        for column in COLUMNS:
            mine, theirs = getattr(row, column), getattr(line, column)
            if mine is None:
                assert pd.isna(theirs), column
            elif column in decimals:
                assert theirs == float(mine), column  # the float the downloads print is the decimal's
            else:
                assert theirs == mine, column


def test_a_years_table_is_the_whole_tables_rows_of_those_years(datadir: DataDir) -> None:
    for year, done in ((2022, 30), (2023, 40), (2024, 46)):
        datadir.year(year, "alpha", {"students_g9": 100, "grads9": 80, "grads9_to_poo": done})
    dataset = load_dataset(datadir.root).dataset
    whole = compute(dataset)
    assert compute(dataset, [2024]).rows == whole.of_year(2024).rows
    assert compute(dataset, [2023, 2024]).rows == whole.of_years([2023, 2024]).rows
    assert IndicatorTable.joined([whole.of_year(y) for y in whole.years]).rows == whole.rows


def test_a_pickled_table_is_the_same_table(datadir: DataDir) -> None:
    datadir.year(2024, "alpha", {"students_g9": 100, "grads9": 80, "grads9_to_poo": 46})
    table = table_of(datadir)
    assert not table.frame.empty  # made and kept: not pickled with the rows
    again = pickle.loads(pickle.dumps(table))
    assert again.rows == table.rows
    assert again.get(2024, "alpha", "grads9_poo_share") == table.get(2024, "alpha", "grads9_poo_share")
    pd.testing.assert_frame_equal(again.frame, table.frame)


def test_a_change_is_the_difference_of_the_two_published_numbers_with_their_decimals() -> None:
    # a figure printed finer than the precision is published with its decimals, and so is its change:
    # 57,53 % after 50,0 % is +7,53 п. п., what a reader subtracts from the two numbers on the page
    assert change(Decimal("57.53"), Decimal("50.0")) == Decimal("7.53")
    assert change(Decimal("50.0"), Decimal("57.25")) == Decimal("-7.25")
    assert change(Decimal("57.5"), Decimal("50.0")) == Decimal("7.5")
    assert change(None, Decimal("50.0")) is None
