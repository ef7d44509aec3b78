"""The /data/ downloads: the public table, CSV and XLSX that spreadsheets open safely, the data package."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import os
import random
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from generator.build.validate import Report, validate
from generator.compute.table import REGION, IndicatorTable
from generator.publish import downloads
from generator.publish.downloads import datapackage, write_downloads
from generator.publish.public_table import COLUMNS, FIELDS, STATUS_WORDS, public_table, russian_sort_key
from generator.publish.tabular import section_csv_bytes, to_csv_bytes
from generator.publish.xlsx import Rows, Strings, sheet_rows, to_xlsx_bytes, workbook

from .conftest import DataDir, copy_fixture, dump

EXPECTED_COLUMNS = [
    "year", "academic_year", "level", "territory", "territory_name", "section", "section_title", "indicator",
    "indicator_title", "kind", "unit", "numerator", "denominator", "value", "change", "target", "target_status",
    "reported", "expected", "basis",
]
BOM = b"\xef\xbb\xbf"
MODIFIED = datetime(2023, 6, 15, 12, 0, tzinfo=UTC)
HOSTILE_NAME = '=HYPERLINK("http://x","Нажмите")'
INDICATOR = "grads9_poo_share"


def valid(root: Path) -> Report:
    report = validate(root)
    assert report.errors == [], [str(p) for p in report.errors]
    assert report.dataset is not None and report.table is not None
    return report


@pytest.fixture(scope="module")
def kemerovo(tmp_path_factory: pytest.TempPathFactory) -> Report:
    return valid(copy_fixture("kemerovo", tmp_path_factory.mktemp("kemerovo") / "data"))


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """Three municipalities whose names test the Russian order (Ё) and one whose name is a formula."""
    data = DataDir(tmp_path_factory.mktemp("small") / "data")
    dump(
        data.root / "region.yaml",
        {
            "region": {"name": "Тестовая область", "demo": True},
            "municipalities": [
                {"slug": "zhukovo", "name": "Жуковский район", "type": "муниципальный район"},
                {"slug": "elkino", "name": "Ёлкинский район", "type": "муниципальный район"},
                {"slug": "ezhovo", "name": "Ежовский район", "type": "муниципальный район"},
                {"slug": "hostile", "name": HOSTILE_NAME, "type": "муниципальный район"},
            ],
        },
    )
    data.year(2022, "ezhovo", {"grads9": 500, "grads9_to_poo": 337})  # 67,4 %
    data.year(2023, "ezhovo", {"grads9": 500, "grads9_to_poo": 318}, targets={INDICATOR: 60})  # 63,6 %: met
    data.year(2022, "elkino", {"grads9": 500, "grads9_to_poo": 290})
    data.year(2023, "elkino", {"grads9": 500, "grads9_to_poo": 300}, targets={INDICATOR: 70})  # 60,0 %: not met
    data.year(2022, "zhukovo", {"grads9": 400, "grads9_to_poo": 200})
    data.year(2023, "zhukovo", {"grads9": 400}, targets={INDICATOR: 50})  # no numerator: no data
    data.year(2023, "hostile", {"grads9": 80, "grads9_to_poo": 46})  # 57,5 %
    return valid(data.root)


def public_of(report: Report) -> pd.DataFrame:
    assert report.dataset is not None and report.table is not None
    return public_table(report.table, report.dataset)


def read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype={"territory": str})


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def cell(df: pd.DataFrame, year: int, territory: str, indicator: str, column: str) -> Any:
    row = df[(df["year"] == year) & (df["territory"] == territory) & (df["indicator"] == indicator)]
    assert len(row) == 1, (year, territory, indicator)
    return row[column].iloc[0]


def same(a: Any, b: Any) -> bool:
    """Equal, with «missing» equal to «missing» whatever its spelling (None, NaN, <NA>)."""
    if pd.isna(a) or pd.isna(b):
        return bool(pd.isna(a) and pd.isna(b))
    return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-9)


# --- the public table --------------------------------------------------------------------------


def test_public_table_has_exactly_the_published_columns(kemerovo: Report) -> None:
    public = public_of(kemerovo)
    assert list(public.columns) == EXPECTED_COLUMNS == COLUMNS == [f["name"] for f in FIELDS]
    assert not [c for c in public.columns if "school" in c]
    assert set(public["level"]) == {"region", "municipality"}
    assert len(public) == len(kemerovo.table)
    assert kemerovo.dataset is not None
    school_row = dataclasses.replace(kemerovo.table.rows[0], level="school", territory="kemerovskiy-mo-1")
    with_school = IndicatorTable([*kemerovo.table.rows, school_row])
    assert "kemerovskiy-mo-1" not in set(public_table(with_school, kemerovo.dataset)["territory"])


def test_public_values_equal_the_computed_ones(kemerovo: Report) -> None:
    public = public_of(kemerovo)
    table = kemerovo.table
    assert table is not None
    merged = table.frame.merge(public, on=["year", "territory", "indicator"], suffixes=("", "_pub"), validate="1:1")
    assert len(merged) == len(table)
    for column in ("numerator", "denominator", "value", "change", "target", "reported", "expected"):
        pairs = zip(merged[column], merged[f"{column}_pub"], strict=True)
        assert all(same(a, b) for a, b in pairs), column
    key = (2022, "kemerovskiy-mo", INDICATOR, "value")
    assert cell(public, *key) == cell(table.frame, *key) == 67.3
    assert table.value(2022, "kemerovskiy-mo", INDICATOR) == Decimal("67.3")


def test_public_table_names_the_territories_and_the_catalogue(kemerovo: Report) -> None:
    public = public_of(kemerovo)
    dataset = kemerovo.dataset
    assert dataset is not None
    chosen = (public["year"] == 2021) & (public["territory"] == "kemerovskiy-mo") & (public["indicator"] == INDICATOR)
    row = public[chosen]
    assert row["territory_name"].item() == "Кемеровский муниципальный округ"
    assert row["academic_year"].item() == "2020/21"
    assert row["unit"].item() == "%"
    assert row["indicator_title"].item() == dataset.catalogue.indicators[INDICATOR].title
    assert row["section_title"].item() == dataset.catalogue.sections["admissions"].title
    region = public[public["territory"] == REGION]
    assert set(region["territory_name"]) == {"Кемеровская область — Кузбасс"}


def test_rows_are_ordered_for_reading_never_by_value(small: Report, kemerovo: Report) -> None:
    public = public_of(small)
    names = public[(public["year"] == 2023) & (public["indicator"] == INDICATOR)]["territory_name"].tolist()
    # region first; Ё files with Е (code points would put «Ё» before «А»); a formula-like name first among
    # municipalities because «=» sorts before letters — the order is alphabetical, not by value
    assert names == ["Тестовая область", HOSTILE_NAME, "Ежовский район", "Ёлкинский район", "Жуковский район"]
    ordered = sorted(["Жуковский", "Ёлкинский", "ежовский"], key=russian_sort_key)
    assert ordered == ["ежовский", "Ёлкинский", "Жуковский"]
    assert public["year"].is_monotonic_increasing

    dataset = kemerovo.dataset
    assert dataset is not None
    sections = list(dataset.catalogue.sections)
    indicators = list(dataset.catalogue.indicators)
    one = public_of(kemerovo)
    one = one[(one["year"] == 2022) & (one["territory"] == "kemerovskiy-mo")]
    pairs = zip(one["section"], one["indicator"], strict=True)
    positions = [(sections.index(s), indicators.index(i)) for s, i in pairs]
    assert positions == sorted(positions)


def test_target_status_is_in_russian_words(small: Report, kemerovo: Report) -> None:
    public = public_of(small)
    assert set(STATUS_WORDS) == {"met", "not_met", "no_target", "no_data"}
    assert cell(public, 2023, "ezhovo", INDICATOR, "target_status") == "достигнута"
    assert cell(public, 2023, "elkino", INDICATOR, "target_status") == "не достигнута"
    assert cell(public, 2023, "zhukovo", INDICATOR, "target_status") == "нет данных"
    assert cell(public, 2023, REGION, INDICATOR, "target_status") == "цель не установлена"
    for report in (small, kemerovo):
        assert set(public_of(report)["target_status"]) <= set(STATUS_WORDS.values())


def test_public_table_is_deterministic(small: Report) -> None:
    assert small.table is not None and small.dataset is not None
    shuffled = IndicatorTable(random.Random(7).sample(small.table.rows, len(small.table)))
    pd.testing.assert_frame_equal(public_of(small), public_table(shuffled, small.dataset))


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_has_a_bom_and_round_trips_through_pandas(kemerovo: Report) -> None:
    public = public_of(kemerovo)
    data = to_csv_bytes(public)
    assert data.startswith(BOM)
    assert not data[3:].startswith(BOM)
    assert data.decode("utf-8-sig").splitlines()[0] == ",".join(EXPECTED_COLUMNS)
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")  # RFC 4180 line ends, no bare LF
    back = read_csv(data)
    assert list(back.columns) == EXPECTED_COLUMNS
    assert len(back) == len(public)
    for column in ("year", "numerator", "denominator", "value", "change", "target", "reported", "expected"):
        pairs = zip(public[column], back[column], strict=True)
        assert all(same(a, b) for a, b in pairs), column
    for column in ("territory", "territory_name", "indicator", "indicator_title", "target_status", "unit"):
        assert back[column].tolist() == public[column].tolist(), column


def test_csv_uses_the_decimal_point_and_empty_cells_for_missing_data(small: Report) -> None:
    rows = csv_rows(to_csv_bytes(public_of(small)))
    header = rows[0]
    key = [header.index(name) for name in ("year", "territory", "indicator")]
    by_key = {tuple(r[i] for i in key): r for r in rows[1:]}
    ezhovo = by_key[("2023", "ezhovo", INDICATOR)]
    assert ezhovo[header.index("value")] == "63.6"
    assert ezhovo[header.index("change")] == "-3.8"  # a negative number stays a number: no apostrophe
    assert ezhovo[header.index("target")] == "60"
    zhukovo = by_key[("2023", "zhukovo", INDICATOR)]
    assert zhukovo[header.index("value")] == "" and zhukovo[header.index("numerator")] == ""
    assert zhukovo[header.index("denominator")] == "400"


HOSTILE = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tcmd", "\r=1+1"]


def hostile_frame() -> pd.DataFrame:
    n = len(HOSTILE)
    return pd.DataFrame(
        {
            "territory_name": HOSTILE,
            "indicator_title": ["безопасный текст", "a, b", 'кавычки "x"', "=1+2", "ё", "-"],
            "value": [57.5, 0.0, float("nan"), 100.0, 1e-5, 2.79],
            "change": [-3.8, -0.0, 3.7, float("nan"), -12.0, 0.5],
            "numerator": pd.array([46, None, -2, 0, 1, 2], dtype="Int64"),
            "year": [2023] * n,
        }
    )


def test_csv_neutralises_formulas_but_not_numbers() -> None:
    rows = csv_rows(to_csv_bytes(hostile_frame()))
    assert rows[0] == ["territory_name", "indicator_title", "value", "change", "numerator", "year"]
    names = [r[0] for r in rows[1:]]
    assert names == ["'" + text for text in HOSTILE]
    assert [r[1] for r in rows[1:]] == ["безопасный текст", "a, b", 'кавычки "x"', "'=1+2", "ё", "'-"]
    assert [r[2] for r in rows[1:]] == ["57.5", "0", "", "100", "0.00001", "2.79"]
    assert [r[3] for r in rows[1:]] == ["-3.8", "0", "3.7", "", "-12", "0.5"]
    assert [r[4] for r in rows[1:]] == ["46", "", "-2", "0", "1", "2"]
    back = read_csv(to_csv_bytes(hostile_frame()))
    assert back["change"].dtype.kind == "f" and back["change"].iloc[0] == -3.8


def test_hostile_territory_name_from_the_data_is_neutralised_end_to_end(small: Report) -> None:
    rows = csv_rows(to_csv_bytes(public_of(small)))
    header = rows[0]
    names = {r[header.index("territory_name")] for r in rows[1:]}
    assert "'" + HOSTILE_NAME in names
    assert not any(name.startswith(("=", "+", "-", "@")) for name in names)


SECTION_FILE_COLUMNS = [
    "year", "academic_year", "territory", "indicator", "unit", "numerator", "denominator", "value", "change",
    "target", "target_status", "reported", "expected", "basis",
]


def test_section_csv_has_the_numbers_of_the_public_format_without_the_names(small: Report) -> None:
    public = public_of(small)
    subset = public[(public["territory"].isin(["ezhovo", REGION])) & (public["indicator"] == INDICATOR)]
    reordered = subset[list(reversed(subset.columns))]
    back = read_csv(section_csv_bytes(reordered))
    assert list(back.columns) == SECTION_FILE_COLUMNS
    assert len(back) == 4 and set(back["territory"]) == {"ezhovo", REGION}
    # every cell of the section file is the full file's cell of the same row: nothing but the names is lost
    full = read_csv(to_csv_bytes(subset.reset_index(drop=True)))
    pd.testing.assert_frame_equal(back, full[SECTION_FILE_COLUMNS])


def test_what_a_section_csv_leaves_out_is_constant_in_it_or_named_by_its_codes(small: Report) -> None:
    """The names are in the full files, one per code: a section file's codes find them there."""
    public = public_of(small)
    left_out = [c for c in EXPECTED_COLUMNS if c not in SECTION_FILE_COLUMNS]
    assert left_out == ["level", "territory_name", "section", "section_title", "indicator_title", "kind"]
    by_code = {
        "territory": ["level", "territory_name"],
        "indicator": ["section", "section_title", "indicator_title", "kind"],
    }
    for code, names in by_code.items():
        assert (public.groupby(code)[names].nunique() == 1).all().all(), code


# --- XLSX --------------------------------------------------------------------------------------


def load_xlsx(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_xlsx_keeps_formula_like_text_as_text_and_numbers_as_numbers() -> None:
    workbook = load_xlsx(to_xlsx_bytes(hostile_frame()))
    sheet = workbook["Показатели"]
    assert [c.value for c in sheet[1]] == ["territory_name", "indicator_title", "value", "change", "numerator", "year"]
    for row, text in enumerate(HOSTILE, start=2):
        name = sheet.cell(row=row, column=1)
        # the data exactly, as a string, not a formula (a CR is stored as the OOXML escape _x000D_, which
        # Excel decodes and openpyxl does not; validation rejects CR in the data anyway)
        assert name.data_type == "s" and name.value.replace("_x000D_", "\r") == text
        assert name.quotePrefix  # Excel keeps it text even after the cell is edited
    safe = sheet.cell(row=2, column=2)
    assert safe.data_type == "s" and safe.value == "безопасный текст" and not safe.quotePrefix
    change = sheet.cell(row=2, column=4)
    assert change.data_type == "n" and change.value == -3.8
    assert sheet.cell(row=4, column=3).value is None  # missing value: an empty cell
    assert sheet.cell(row=3, column=4).value == 0 and sheet.cell(row=4, column=5).value == -2
    for row in sheet.iter_rows():
        for c in row:
            assert c.data_type != "f"


def test_xlsx_bytes_are_deterministic_and_dated_from_the_data(kemerovo: Report) -> None:
    public = public_of(kemerovo)
    first = to_xlsx_bytes(public, title="Тест", created=MODIFIED)
    assert first == to_xlsx_bytes(public, title="Тест", created=MODIFIED)
    assert to_xlsx_bytes(public) == to_xlsx_bytes(public)  # without a date: derived from the data, not the clock
    workbook = load_xlsx(first)
    assert workbook.properties.created == MODIFIED.replace(tzinfo=None)
    assert workbook.properties.title == "Тест"
    assert load_xlsx(to_xlsx_bytes(public)).properties.created == datetime(2022, 5, 31)


def test_xlsx_layout_header_frozen_and_bold(small: Report) -> None:
    public = public_of(small)
    workbook = load_xlsx(to_xlsx_bytes(public, fields=FIELDS))
    sheet = workbook["Показатели"]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == EXPECTED_COLUMNS
    assert all(c.font.b for c in sheet[1])
    assert sheet.max_row == len(public) + 1
    assert sheet.column_dimensions["A"].width >= 6
    names = [c.value for c in sheet["E"][1:]]
    hostile = sheet.cell(row=names.index(HOSTILE_NAME) + 2, column=5)
    assert hostile.data_type == "s" and hostile.value == HOSTILE_NAME and hostile.quotePrefix
    about = workbook["Описание полей"]
    assert [about.cell(row=r, column=1).value for r in range(2, len(FIELDS) + 2)] == EXPECTED_COLUMNS
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    back = pd.DataFrame(values, columns=EXPECTED_COLUMNS)
    for column in ("value", "change", "numerator"):
        pairs = zip(public[column], back[column], strict=True)
        assert all(same(a, b) for a, b in pairs), column


# --- the data package and the files ------------------------------------------------------------


def test_write_downloads_writes_every_file_once(small: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert small.table is not None and small.dataset is not None
    calls: list[tuple[str, bool]] = []
    real = downloads.write_if_changed

    def recording(path: Path, data: bytes | str) -> bool:
        wrote = real(path, data)
        calls.append((path.name, wrote))
        return wrote

    monkeypatch.setattr(downloads, "write_if_changed", recording)
    out = tmp_path / "data"
    paths = write_downloads(small.table, small.dataset, out, modified=MODIFIED)
    names = [p.name for p in paths]
    assert names == [
        "proforientir-all.csv", "proforientir-all.xlsx",
        "proforientir-2022.csv", "proforientir-2022.xlsx",
        "proforientir-2023.csv", "proforientir-2023.xlsx",
        "datapackage.json",
    ]
    assert all(p.is_file() and p.parent == out for p in paths)
    assert sorted(calls) == sorted((n, True) for n in names)
    mtimes = {p: p.stat().st_mtime_ns for p in paths}

    calls.clear()
    again = write_downloads(small.table, small.dataset, out, modified=MODIFIED)
    assert again == paths
    assert sorted(calls) == sorted((n, False) for n in names)
    assert {p: p.stat().st_mtime_ns for p in paths} == mtimes

    public = public_of(small)
    year = read_csv((out / "proforientir-2023.csv").read_bytes())
    assert set(year["year"]) == {2023} and len(year) == (public["year"] == 2023).sum()
    assert (out / "proforientir-all.csv").read_bytes() == to_csv_bytes(public)


def test_a_workbook_whose_table_did_not_change_comes_from_the_cache_with_the_same_bytes(
    small: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert small.table is not None and small.dataset is not None
    made: list[str] = []  # a year's workbook ("2023"), or a year's rows of the whole history's ("rows 2023")
    real_book, real_rows = downloads.to_xlsx_bytes, downloads.sheet_rows  # the names the writer calls

    def book(df: pd.DataFrame, **kwargs: Any) -> bytes:
        made.append("+".join(str(y) for y in sorted(set(df["year"]))))
        return real_book(df, **kwargs)

    def rows(df: pd.DataFrame, first: int, strings: Strings) -> Rows:
        made.append("rows " + "+".join(str(y) for y in sorted(set(df["year"]))))
        return real_rows(df, first, strings)

    monkeypatch.setattr(downloads, "to_xlsx_bytes", book)
    monkeypatch.setattr(downloads, "sheet_rows", rows)
    cache = tmp_path / "cache"
    plain = write_downloads(small.table, small.dataset, tmp_path / "plain", modified=MODIFIED)
    first = write_downloads(small.table, small.dataset, tmp_path / "a", modified=MODIFIED, cache=cache)
    every = ["rows 2022", "rows 2023", "2022", "2023"]
    assert made == every * 2  # the whole history's workbook is its years' rows
    made.clear()
    again = write_downloads(small.table, small.dataset, tmp_path / "b", modified=MODIFIED, cache=cache)
    assert made == [], "nothing changed: every workbook from the cache"
    for a, b, c in zip(plain, first, again, strict=True):
        assert a.read_bytes() == b.read_bytes() == c.read_bytes()
    later = datetime(2026, 6, 1, tzinfo=UTC)  # the date is in the workbook: a new one, for every edition
    write_downloads(small.table, small.dataset, tmp_path / "c", modified=later, cache=cache)
    assert made == ["2022", "2023"], "the rows have no date: the whole history's are kept"
    made.clear()
    changed = _one_more(small.table, 2023)
    kept = write_downloads(changed, small.dataset, tmp_path / "d", modified=MODIFIED, cache=cache)
    assert made == ["rows 2023", "2023"], "2022's workbook and its rows of the whole history are not made again"
    fresh = write_downloads(changed, small.dataset, tmp_path / "e", modified=MODIFIED)
    for a, b in zip(kept, fresh, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_an_unchanged_build_uses_the_years_rows_of_the_whole_historys_workbook_so_a_sweep_keeps_them(
    small: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole history's workbook from the cache is not made of its years' rows this time, but the next
    change of one year needs the others' rows: they are used with it, and a sweep after the build keeps them."""
    from generator.core.store import recording, sweep

    assert small.table is not None and small.dataset is not None
    cache = tmp_path / "cache"
    write_downloads(small.table, small.dataset, tmp_path / "a", modified=MODIFIED, cache=cache)
    entries = sorted(p.name for p in cache.rglob("*") if p.is_file())
    assert sum(name.endswith(".rows") for name in entries) == 2
    for path in cache.rglob("*"):
        if path.is_file():  # made by an earlier build
            os.utime(path, (path.stat().st_mtime - 3600, path.stat().st_mtime - 3600))
    with recording() as used:
        write_downloads(small.table, small.dataset, tmp_path / "b", modified=MODIFIED, cache=cache)
    assert sweep([cache], used).files == 0
    assert sorted(p.name for p in cache.rglob("*") if p.is_file()) == entries
    made: list[str] = []
    real_rows = downloads.sheet_rows
    monkeypatch.setattr(downloads, "sheet_rows", lambda df, *a: made.append(str(set(df["year"]))) or real_rows(df, *a))
    changed = _one_more(small.table, 2023)
    write_downloads(changed, small.dataset, tmp_path / "c", modified=MODIFIED, cache=cache)
    assert made == ["{2023}"], "the rows of 2022 came from the cache"


def test_the_whole_historys_workbook_is_the_same_bytes_as_its_table_written_whole(
    small: Report, tmp_path: Path
) -> None:
    assert small.table is not None and small.dataset is not None
    paths = write_downloads(small.table, small.dataset, tmp_path, modified=MODIFIED, cache=tmp_path / "cache")
    public = public_of(small)
    history = next(p for p in paths if p.name == "proforientir-all.xlsx").read_bytes()
    title = load_xlsx(history).properties.title
    assert "все годы" in title
    assert history == to_xlsx_bytes(public, title=title, created=MODIFIED, fields=FIELDS)


def test_a_workbook_in_parts_is_the_same_bytes_and_its_texts_stay_text() -> None:
    frame = hostile_frame()
    frame.loc[1, "territory_name"] = "<r><t>разметка</t></r>"  # XlsxWriter would copy this into the XML
    frame.loc[2, "territory_name"] = " пробелы по краям "
    names = [str(c) for c in frame.columns]
    whole = to_xlsx_bytes(frame, created=MODIFIED)
    strings = Strings(names)
    parts = [sheet_rows(frame.iloc[:2], 2, strings), sheet_rows(frame.iloc[2:].reset_index(drop=True), 4, strings)]
    assert workbook(names, parts, strings, sheet="Показатели", created=MODIFIED) == whole
    sheet = load_xlsx(whole)["Показатели"]
    assert sheet.cell(row=3, column=1).value == "<r><t>разметка</t></r>"
    assert sheet.cell(row=4, column=1).value == " пробелы по краям "
    assert sheet.max_row == len(frame) + 1


def test_datapackage_describes_the_csv(small: Report, tmp_path: Path) -> None:
    assert small.table is not None and small.dataset is not None
    paths = write_downloads(small.table, small.dataset, tmp_path, modified=MODIFIED)
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["created"] == "2023-06-15T12:00:00Z"
    resources = package["resources"]
    assert [r["path"] for r in resources] == [p.name for p in paths if p.name != "datapackage.json"]
    for resource in resources:
        assert (tmp_path / resource["path"]).is_file()
        fields = resource["schema"]["fields"]
        assert all(f["type"] in {"integer", "number", "string"} and f["title"] and f["description"] for f in fields)
        if resource["format"] == "csv":
            assert resource["mediatype"] == "text/csv" and resource["encoding"] == "utf-8"
            header = csv_rows((tmp_path / resource["path"]).read_bytes())[0]
            assert header == [f["name"] for f in fields]
        else:
            assert resource["mediatype"].endswith("spreadsheetml.sheet")
    assert any("точкой" in f["description"] for f in FIELDS if f["type"] == "number")


def test_datapackage_descriptor_alone() -> None:
    package = datapackage(["a.csv", "b.xlsx"], FIELDS, title="Т", modified=datetime(2024, 1, 2))
    assert package["title"] == "Т" and package["created"] == "2024-01-02T00:00:00Z"
    assert [r["format"] for r in package["resources"]] == ["csv", "xlsx"]
    assert package["resources"][0]["schema"]["primaryKey"] == ["year", "territory", "indicator"]
    json.dumps(package)  # serialisable


def test_frictionless_accepts_the_package(small: Report, tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    assert small.table is not None and small.dataset is not None
    write_downloads(small.table, small.dataset, tmp_path, modified=MODIFIED)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_a_value_taken_as_the_source_printed_it_says_so_in_the_open_data(datadir: DataDir) -> None:
    datadir.year(2023, "alpha", printed={"grads9_poo_share": {"value": 51.2, "source": "Таблица 4"}})
    datadir.year(2023, "beta", {"grads9": 100, "grads9_to_poo": 60})
    report = validate(datadir.root)
    assert report.dataset is not None and report.table is not None
    public = public_table(report.table, report.dataset)
    rows = public[public.indicator == "grads9_poo_share"].set_index("territory")
    assert rows.loc["alpha", "basis"] == "как в источнике" and rows.loc["alpha", "value"] == 51.2
    assert rows.loc["beta", "basis"] == "вычислено"
    assert rows.loc["region", "basis"] == "вычислено" and rows.loc["region", "value"] == 60.0


def test_the_whole_historys_csv_is_the_years_files_one_after_another_as_formatting_it_whole_gives(
    kemerovo: Report, tmp_path: Path
) -> None:
    """A data commit changes one year: the whole history's CSV joins the kept years' files, byte for byte the
    file that formatting the whole table gives — and a table not in year order is formatted whole."""
    assert kemerovo.table is not None and kemerovo.dataset is not None
    public = public_table(kemerovo.table, kemerovo.dataset)
    modified = datetime(2022, 5, 31, tzinfo=UTC)
    write_downloads(kemerovo.table, kemerovo.dataset, tmp_path / "a", modified=modified, public=public,
                    cache=tmp_path / "cache")  # fmt: skip
    whole = (tmp_path / "a" / "proforientir-all.csv").read_bytes()
    assert whole == to_csv_bytes(public)
    years = sorted(int(y) for y in public["year"].unique())
    header = whole.split(b"\r\n", 1)[0].removeprefix(b"\xef\xbb\xbf")
    assert len(years) > 1 and whole.count(header) == 1, "the years' headers are not repeated"
    reversed_years = public.sort_values("year", ascending=False, kind="stable").reset_index(drop=True)
    write_downloads(kemerovo.table, kemerovo.dataset, tmp_path / "b", modified=modified, public=reversed_years,
                    cache=tmp_path / "cache")  # fmt: skip
    assert (tmp_path / "b" / "proforientir-all.csv").read_bytes() == to_csv_bytes(reversed_years)


def _one_more(table: IndicatorTable, year: int) -> IndicatorTable:
    """The table with the first count of ``year`` one more (a changed number of one edition)."""
    rows = list(table.rows)
    at = next(i for i, v in enumerate(rows) if v.year == year and v.numerator is not None)
    rows[at] = dataclasses.replace(rows[at], numerator=rows[at].numerator + 1)  # type: ignore[operator]
    return IndicatorTable(rows)


def test_the_compute_command_writes_the_table_the_site_publishes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`proforientir compute` gives the same table as the site's «все годы» file, byte for byte; on a terminal or
    in a pipe, without the byte order mark that Excel needs; a second run into the same file changes nothing."""
    from generator.cli import main

    data = Path(__file__).parents[1] / "examples" / "kemerovo" / "data"
    site, out = tmp_path / "site", tmp_path / "table.csv"
    assert main(["build", "--data", str(data), "--out", str(site), "--work", str(tmp_path / "w"), "--no-pdf",
                 "--quiet"]) == 0
    published = (site / "data" / "proforientir-all.csv").read_bytes()
    capsys.readouterr()
    assert main(["compute", "--data", str(data), "--out", str(out)]) == 0
    assert out.read_bytes() == published
    assert f"{out} — записан" in capsys.readouterr().out
    assert main(["compute", "--data", str(data), "--out", str(out)]) == 0
    assert f"{out} — не изменился" in capsys.readouterr().out
    assert main(["compute", "--data", str(data)]) == 0
    printed = capsys.readouterr().out
    assert printed.encode("utf-8") == published.removeprefix(b"\xef\xbb\xbf")
    assert printed.startswith("year,academic_year,level,territory,")


def test_compute_and_diff_do_not_write_over_a_file_that_is_not_their_own_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--out mkdocs.yml`` typed for ``--out table.csv`` would lose a file of the project: a file that is not
    an earlier table (or report) of the command is kept, the command says why and exits non-zero."""
    from generator.cli import main

    data = Path(__file__).parents[1] / "examples" / "kemerovo" / "data"
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Мониторинг\n", encoding="utf-8")
    assert main(["compute", "--data", str(data), "--out", str(config)]) == 1
    assert "файл" in capsys.readouterr().err and config.read_text(encoding="utf-8") == "site_name: Мониторинг\n"
    assert main(["diff", "--data", str(data), "--out", str(config)]) == 2
    assert "это не отчёт proforientir diff" in capsys.readouterr().err
    assert config.read_text(encoding="utf-8") == "site_name: Мониторинг\n"
    table = tmp_path / "table.csv"
    table.write_bytes(b"\xef\xbb\xbfyear,academic_year,level\n2020,2019/20,region\n")  # an earlier, older table
    assert main(["compute", "--data", str(data), "--out", str(table)]) == 0
    assert f"{table} — записан" in capsys.readouterr().out
