"""The published municipal report of 2020–2022 (tables 1–11) as a test of the computations.

From the report's own counts, every share that is consistent with them must come out exactly as
printed, at the printed precision. The report also has errors, as real data does: some printed shares
do not follow from their counts, two tables give different sizes of the same population, and table 11
repeats table 9. The validator must report each of those as a warning, and nothing else of the kind.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from generator.build.validate import Report, printed_digits, validate
from generator.compute.table import indicator_value
from generator.inputs.models import Kind

from .conftest import copy_fixture

SLUG = "kemerovskiy-mo"

# (indicator, year): printed shares that do not follow from the counts.
INCONSISTENT = {
    # table 3, 2022: 46 of 80 is 57,5 %, which rounds to 58, not the printed 57
    ("grads11_vo_share", 2022),
    # table 5, 2020: 4 of 105 is 3,8 %, printed 4,2 %
    ("abilympics_share", 2020),
    # table 7, 2022: 75 of 185 is 40,5 %, which rounds to 41, printed 40
    ("bilet_share_10_11", 2022),
    # tables 4 and 9 use 493 / 417 / 505 / 499 pupils of grades 9–11, while tables 1 and 7 give
    # 420 + 195 = 615 (2020), 426 + 176 = 602 (2021), 419 + 185 = 604 (2022)
    ("professionals_juniors_share", 2020),
    ("professionals_juniors_share", 2021),
    ("professionals_juniors_share", 2022),
    ("diagnostics_share_9_11", 2020),
    ("diagnostics_share_9_11", 2021),
    ("diagnostics_share_9_11", 2022),
}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    root = copy_fixture("kemerovo", tmp_path_factory.mktemp("kemerovo") / "data")
    return validate(root)


def _printed_mismatches(report: Report) -> set[tuple[str, int]]:
    found = set()
    for problem in report.warnings:
        match = re.match(r"^(\w+): напечатано", problem.message)
        if match:
            found.add((match.group(1), int(Path(problem.path).parent.name)))
    return found


def test_the_report_loads_without_errors(report: Report) -> None:
    assert report.errors == []
    assert report.dataset is not None
    assert report.dataset.years == [2020, 2021, 2022]


def test_every_consistent_printed_share_is_reproduced(report: Report) -> None:
    table = report.table
    checked = 0
    for entry in report.dataset.entries.values():
        for indicator in entry.data.printed:
            if (indicator, entry.year) in INCONSISTENT:
                continue
            row = table.get(entry.year, SLUG, indicator)
            assert row is not None and row.numerator is not None
            kind = Kind(row.kind)
            digits = printed_digits(entry.doc.raw[("printed", indicator)])
            computed = indicator_value(kind, row.numerator, None if kind is Kind.count else row.denominator, digits)
            assert computed == Decimal(entry.doc.raw[("printed", indicator)]), (indicator, entry.year, computed)
            checked += 1
    assert checked == 30 - len(INCONSISTENT)


def test_exact_half_up_rounding_of_the_reports_own_example(report: Report) -> None:
    table = report.table
    row = table.get(2022, SLUG, "grads11_vo_share")
    assert row is not None and (row.numerator, row.denominator) == (46, 80)
    assert row.value == Decimal("57.5")


def test_each_inconsistent_printed_share_is_warned_about(report: Report) -> None:
    assert _printed_mismatches(report) == INCONSISTENT


def test_table_11_repeating_table_9_is_warned_about(report: Report) -> None:
    messages = [p.message for p in report.warnings]
    assert any(
        "diagnostics_share_9_11" in m and "parents_help_share" in m and "числителей" in m for m in messages
    ), messages
    assert any(
        "diagnostics_share_9_11" in m and "parents_help_share" in m and "напечатанные ряды" in m for m in messages
    ), messages


def test_the_warning_names_file_line_and_the_numbers(report: Report) -> None:
    warning = next(p for p in report.warnings if "напечатано 57" in p.message)
    assert warning.path.endswith("2022/kemerovskiy-mo.yaml")
    assert "46 из 80" in warning.message and "57,50" in warning.message and "58" in warning.message
    assert warning.line > 1 and warning.column > 1
