"""Excel forms: an official fills a form in Excel, the import writes the yearly YAML file — or nothing.

The forms are read with openpyxl, as Excel would show them: the hidden column of count ids, the input
cells, the data validation, the sheet protection. Small data directories of conftest keep these fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from generator.cli import main
from generator.inputs.load import load_dataset
from generator.inputs.models import YearFile
from generator.inputs.problems import display_path
from generator.officials.form_layout import FIRST_ROW, INPUT_COL, META_SHEET, data_fingerprint
from generator.officials.form_reader import read_form
from generator.officials.form_writer import render_form
from generator.officials.forms import form_spec, needed_counts, sheet_name
from generator.officials.importer import import_form

from .conftest import DataDir

HEADER = "# yaml-language-server: $schema=../../schemas/municipality-year.schema.json\n"
ALPHA_2024 = """\
# yaml-language-server: $schema=../../schemas/municipality-year.schema.json
# Данные управления образованием; сверено с отчётом ОО-1.
municipality: alpha
year: 2024
counts:
  # Контингент
  students_g9: 80   # по отчёту ОО-1
  grads9: 78
  # Поступление
  grads9_to_poo: 46
targets:
  grads9_poo_share: 60.0
goals:
  - Каждый выпускник 9 класса знает, куда пойдёт учиться
events:
  - date: 2024-03-15
    title: Ярмарка учебных мест
    level: муниципальный
    link: https://alpha.example/news/1
analysis: |
  Анализ специалиста: поступление в колледжи растёт.
"""


@pytest.fixture
def data(datadir: DataDir) -> DataDir:
    datadir.year(2023, "alpha", {"students_g9": 75, "grads9": 74, "grads9_to_poo": 40})
    datadir.write("2024/alpha.yaml", ALPHA_2024)
    datadir.year(2024, "beta", {"students_g9": 30, "grads9": 30, "grads9_to_poo": 12})
    return datadir


def _form(root: Path, year: int, slug: str, out: Path, *, schools: bool = False) -> Path:
    result = load_dataset(root)
    assert result.dataset is not None, [str(p) for p in result.problems]
    out.write_bytes(render_form(form_spec(result.dataset, year, slug, schools=schools)))
    return out


def _inputs(path: Path) -> dict[tuple[str, str], Any]:
    """(sheet, count id) → the value of its input cell, for every sheet of counts and targets."""
    book = load_workbook(path)
    values = {}
    for ws in book.worksheets:
        if ws.title == META_SHEET or ws["A4"].value != "Код":
            continue
        for row in ws.iter_rows(min_row=FIRST_ROW + 1):
            if row[0].value:
                values[(ws.title, row[0].value)] = row[INPUT_COL].value
    return values


def _set(path: Path, out: Path, changes: dict[str, Any], cells: dict[tuple[str, str], Any] | None = None) -> Path:
    """Fill a form as an official would: type values next to count ids, or into named cells."""
    book = load_workbook(path)
    for ws in book.worksheets:
        for row in ws.iter_rows(min_row=FIRST_ROW + 1):
            if row[0].value in changes:
                row[INPUT_COL].value = changes[row[0].value]
    for (sheet, cell), value in (cells or {}).items():
        book[sheet][cell] = value
    book.save(out)
    return out


def _row_of(path: Path, count: str) -> tuple[str, int]:
    book = load_workbook(path)
    for ws in book.worksheets:
        for row in ws.iter_rows(min_row=FIRST_ROW + 1):
            if row[0].value == count:
                return ws.title, row[0].row
    raise AssertionError(count)


def test_the_form_lists_every_count_the_catalogue_needs_that_year_with_last_years_value(
    data: DataDir, tmp_path: Path
) -> None:
    form = _form(data.root, 2025, "alpha", tmp_path / "f.xlsx")
    catalogue = load_dataset(data.root).dataset.catalogue  # type: ignore[union-attr]
    book = load_workbook(form)
    sheets = [ws for ws in book.worksheets if ws.title not in {META_SHEET, "Целевые показатели"}]
    counts = [r[0].value for ws in sheets for r in ws.iter_rows(min_row=FIRST_ROW + 1) if r[0].value]
    assert counts == needed_counts(catalogue, 2025)
    sheet, row = _row_of(form, "grads9_to_poo")
    ws = book[sheet]
    assert ws[f"B{row}"].value == catalogue.counts["grads9_to_poo"].title
    assert ws[f"D{row}"].value == catalogue.counts["grads9_to_poo"].unit
    assert ws[f"E{row}"].value == 46  # the 2024 value, for reference
    assert ws[f"C{row}"].value is None  # nothing entered for 2025 yet
    section = catalogue.sections[catalogue.counts["grads9_to_poo"].section]  # type: ignore[index]
    assert sheet == (section.short_title or section.title)
    assert all(len(name) <= 31 for name in book.sheetnames)
    # Excel takes 31 characters: a section sheet is named by the catalogue's short title, never cut mid-word
    for s in catalogue.sections.values():
        assert len(s.title) <= 31 or s.short_title, f"{s.id}: a title over 31 characters needs a short_title"
    assert {"Целевые показатели", "Мероприятия", "Дорожная карта", "Решения"} <= set(book.sheetnames)


def test_counts_of_indicators_that_do_not_exist_in_a_year_are_not_asked_for(data: DataDir) -> None:
    catalogue = load_dataset(data.root).dataset.catalogue  # type: ignore[union-attr]
    late = [i for i in catalogue.indicators.values() if i.since is not None]
    assert late, "the catalogue has indicators introduced later"
    first = min(i.since for i in late if i.since is not None)
    before, after = set(needed_counts(catalogue, first - 1)), set(needed_counts(catalogue, first))
    introduced = {c for i in late if i.since == first for c in catalogue.components(i.numerator)}
    assert introduced <= after
    assert introduced - before, "a count used only from that year on is not on the earlier form"


def test_input_cells_accept_whole_numbers_from_zero_and_the_rest_is_locked(data: DataDir, tmp_path: Path) -> None:
    form = _form(data.root, 2025, "alpha", tmp_path / "f.xlsx")
    sheet, row = _row_of(form, "grads9_to_poo")
    ws = load_workbook(form)[sheet]
    assert ws.protection.sheet
    assert ws.column_dimensions["A"].hidden
    rules = [dv for dv in ws.data_validations.dataValidation if f"C{row}" in str(dv.sqref).split()]
    assert len(rules) == 1
    assert (rules[0].type, rules[0].operator, rules[0].formula1) == ("whole", "greaterThanOrEqual", "0")
    assert ws[f"C{row}"].protection.locked is False
    assert ws[f"B{row}"].protection.locked is not False
    assert load_workbook(form)[META_SHEET].sheet_state == "veryHidden"


def test_the_same_data_give_the_same_bytes(data: DataDir, tmp_path: Path) -> None:
    one = _form(data.root, 2025, "alpha", tmp_path / "1.xlsx").read_bytes()
    two = _form(data.root, 2025, "alpha", tmp_path / "2.xlsx").read_bytes()
    assert one == two


def test_round_trip_form_import_form_gives_the_same_values(data: DataDir, tmp_path: Path) -> None:
    blank = _form(data.root, 2025, "alpha", tmp_path / "blank.xlsx")
    filled = _set(
        blank,
        tmp_path / "filled.xlsx",
        {"students_g9": 82, "grads9": 81, "grads9_to_poo": 50, "grads9_poo_share": 62.5},
        {
            ("Мероприятия", "A5"): "2025-02-20",
            ("Мероприятия", "B5"): "День открытых дверей колледжа",
            ("Мероприятия", "C5"): "муниципальный",
            ("Решения", "B5"): "112",
            ("Решения", "C5"): "15.06.2025",
            ("Решения", "D5"): "Об итогах мониторинга профориентации",
        },
    )
    result = import_form(filled, data.root)
    assert result.ok, result.messages
    written = (data.root / "2025" / "alpha.yaml").read_text(encoding="utf-8")
    assert written.startswith(HEADER)
    assert "grads9_to_poo: 50" in written

    again = _form(data.root, 2025, "alpha", tmp_path / "again.xlsx")
    assert _inputs(again) == _inputs(filled)
    ds = load_dataset(data.root).dataset
    assert ds is not None
    first, _ = read_form(filled, ds.catalogue, ds.registry)
    second, _ = read_form(again, ds.catalogue, ds.registry)
    assert first is not None and second is not None
    assert (second.counts, second.targets, second.lists) == (first.counts, first.targets, first.lists)
    result = load_dataset(data.root)
    ds = result.dataset
    assert ds is not None
    entry = ds.entries[(2025, "alpha")]
    assert entry.data.targets == {"grads9_poo_share": 62.5}
    assert [e.title for e in entry.data.events] == ["День открытых дверей колледжа"]
    assert [(d.number, d.date.isoformat()) for d in entry.data.decisions] == [("112", "2025-06-15")]
    # importing the unchanged form again changes nothing
    assert import_form(again, data.root).written is False


def test_report_style_measures_and_decisions_round_trip_with_their_optional_fields_empty(
    data: DataDir, tmp_path: Path
) -> None:
    """A roadmap's deadline in words and no executive; a letter with a date and no number (as 002 and 004)."""
    blank = _form(data.root, 2025, "alpha", tmp_path / "blank.xlsx")
    hint = load_workbook(blank)["Дорожная карта"]["A2"].value
    assert "Срок — датой или словами" in hint
    filled = _set(
        blank,
        tmp_path / "filled.xlsx",
        {},
        {
            ("Дорожная карта", "A5"): "1",
            ("Дорожная карта", "B5"): "Проведение профориентационных мероприятий для родителей",
            ("Дорожная карта", "E5"): "в течение года",
            ("Решения", "A5"): "письмо",
            ("Решения", "C5"): "07.06.2021",
            ("Решения", "D5"): "О проведении мониторинга",
        },
    )
    result = import_form(filled, data.root)
    assert result.ok, result.messages
    written = (data.root / "2025" / "alpha.yaml").read_text(encoding="utf-8")
    assert "responsible" not in written and "status" not in written
    entry = load_dataset(data.root).dataset.entries[(2025, "alpha")]  # type: ignore[union-attr]
    (measure,) = entry.data.measures
    assert (measure.deadline, measure.deadline_text, measure.responsible) == (None, "в течение года", None)
    (decision,) = entry.data.decisions
    assert (decision.kind, decision.number, decision.date.isoformat()) == ("письмо", None, "2021-06-07")
    # the form of the imported file shows the same rows, and importing it again changes nothing
    again = _form(data.root, 2025, "alpha", tmp_path / "again.xlsx")
    ds = load_dataset(data.root).dataset
    assert ds is not None
    first, _ = read_form(filled, ds.catalogue, ds.registry)
    second, _ = read_form(again, ds.catalogue, ds.registry)
    assert first is not None and second is not None
    assert second.lists == first.lists
    assert import_form(again, data.root).written is False


def test_a_measure_without_a_deadline_is_imported_as_the_plan_gives_it(data: DataDir, tmp_path: Path) -> None:
    blank = _form(data.root, 2025, "alpha", tmp_path / "blank.xlsx")
    filled = _set(
        blank,
        tmp_path / "filled.xlsx",
        {},
        {("Дорожная карта", "A5"): "1", ("Дорожная карта", "B5"): "Профориентационные туры"},
    )
    result = import_form(filled, data.root)
    assert result.ok, result.messages
    written = (data.root / "2025" / "alpha.yaml").read_text(encoding="utf-8")
    assert "title: Профориентационные туры" in written and "deadline" not in written


def test_import_reports_every_bad_cell_with_sheet_and_cell_and_writes_nothing(data: DataDir, tmp_path: Path) -> None:
    blank = _form(data.root, 2025, "alpha", tmp_path / "blank.xlsx")
    sheet, row = _row_of(blank, "grads9_to_poo")
    bad = _set(
        blank,
        tmp_path / "bad.xlsx",
        {"grads9_to_poo": "12,5", "students_g9": -3},
        {("Мероприятия", "A5"): "2025-02-30", ("Мероприятия", "B5"): "Ярмарка", ("Мероприятия", "C5"): "районный"},
    )
    before = sorted(p.relative_to(data.root) for p in data.root.rglob("*"))
    result = import_form(bad, data.root)
    assert not result.ok
    text = "\n".join(result.messages)
    assert f"Лист «{sheet}», ячейка C{row}: ожидается целое число ≥ 0, указано «12,5»" in text
    g9_sheet, g9_row = _row_of(blank, "students_g9")
    assert f"Лист «{g9_sheet}», ячейка C{g9_row}: ожидается целое число ≥ 0, указано «-3»" in text
    assert "Лист «Мероприятия», ячейка A5: такой даты нет в календаре" in text
    assert "Лист «Мероприятия», ячейка C5: недопустимое значение «районный»" in text
    assert len(result.messages) == 4
    assert sorted(p.relative_to(data.root) for p in data.root.rglob("*")) == before


def test_import_runs_the_normal_validation_and_writes_nothing_when_a_part_exceeds_its_whole(
    data: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = (data.root / "2024" / "alpha.yaml").read_bytes()
    blank = _form(data.root, 2024, "alpha", tmp_path / "blank.xlsx")
    sheet, row = _row_of(blank, "grads9_to_poo")
    bad = _set(blank, tmp_path / "bad.xlsx", {"grads9_to_poo": 90})
    assert main(["import", str(bad), "--data", str(data.root)]) == 1
    err = capsys.readouterr().err
    assert "grads9_to_poo = 90 больше совокупности «Выпускники 9 классов»" in err
    assert f"(лист «{sheet}», ячейка C{row})" in err
    assert "Ничего не записано" in err
    assert (data.root / "2024" / "alpha.yaml").read_bytes() == original


def test_comments_key_order_and_texts_of_an_existing_file_survive_an_import(data: DataDir, tmp_path: Path) -> None:
    blank = _form(data.root, 2024, "alpha", tmp_path / "blank.xlsx")
    filled = _set(blank, tmp_path / "filled.xlsx", {"grads9_to_poo": 47, "students_ovz": 5})
    result = import_form(filled, data.root)
    assert result.ok, result.messages
    text = (data.root / "2024" / "alpha.yaml").read_text(encoding="utf-8")
    expected = ALPHA_2024.replace("grads9_to_poo: 46", "grads9_to_poo: 47")
    # the one new count goes in the catalogue's order, among the population counts; all else is as it was
    lines = text.splitlines()
    assert "  students_ovz: 5" in lines
    lines.remove("  students_ovz: 5")
    assert "\n".join(lines) + "\n" == expected


def test_a_form_by_schools_has_a_sheet_per_school_and_imports_into_schools(data: DataDir, tmp_path: Path) -> None:
    blank = _form(data.root, 2025, "alpha", tmp_path / "blank.xlsx", schools=True)
    book = load_workbook(blank)
    assert {"Школа № 1", "Школа № 2"} <= set(book.sheetnames)
    for name in ("Школа № 1", "Школа № 2"):
        ws = book[name]
        for row in ws.iter_rows(min_row=FIRST_ROW + 1):
            if row[0].value in {"students_g9", "grads9", "grads9_to_poo"}:
                row[INPUT_COL].value = {"students_g9": 40, "grads9": 39, "grads9_to_poo": 20}[row[0].value]
    book.save(tmp_path / "filled.xlsx")
    result = import_form(tmp_path / "filled.xlsx", data.root)
    assert result.ok, result.messages
    entry = load_dataset(data.root).dataset.entries[(2025, "alpha")]  # type: ignore[union-attr]
    assert [s.school for s in entry.data.schools] == ["alpha-1", "alpha-2"]
    assert entry.counts["grads9_to_poo"] == 40  # the municipal total is the schools' sum


def test_a_workbook_that_is_not_a_form_is_refused(data: DataDir, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "Просто таблица"
    book.save(tmp_path / "other.xlsx")
    load = load_dataset(data.root)
    form, errors = read_form(tmp_path / "other.xlsx", load.dataset.catalogue, load.dataset.registry)  # type: ignore[union-attr]
    assert form is None
    assert "это не форма Профориентира" in str(errors[0])


def test_the_form_command_writes_a_file_per_municipality(data: DataDir, tmp_path: Path) -> None:
    out = tmp_path / "forms"
    assert main(["form", "2025", "--data", str(data.root), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["forma-alpha-2025.xlsx", "forma-beta-2025.xlsx"]


def test_a_municipal_form_of_a_file_by_schools_leaves_the_sums_as_sums(data: DataDir, tmp_path: Path) -> None:
    path = data.write(
        "2025/alpha.yaml",
        HEADER
        + "municipality: alpha\nyear: 2025\ncounts:\n  municipal_programs: 1\nschools:\n"
        + "  - school: alpha-1\n    counts: {students_g9: 40, grads9: 39, grads9_to_poo: 20}\n"
        + "  - school: alpha-2\n    counts: {students_g9: 10, grads9: 10, grads9_to_poo: 3}\n",
    )
    original = path.read_bytes()
    blank = _form(data.root, 2025, "alpha", tmp_path / "blank.xlsx")
    assert _inputs(blank)[(_row_of(blank, "grads9")[0], "grads9")] == 49  # the municipal total, for reading
    result = import_form(blank, data.root)
    assert result.ok, result.messages
    assert result.written is False
    assert path.read_bytes() == original


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Профориентация обучающихся с ОВЗ и инвалидностью", "Профориентация обучающихся с"),
        ("МБОУ «Средняя общеобразовательная школа № 12»", "МБОУ «Средняя общеобразовательн"),
        ("Школа № 1", "Школа № 1"),
    ],
)
def test_a_sheet_name_fits_excel_and_is_cut_after_a_whole_word_where_that_keeps_most_of_it(
    text: str, expected: str
) -> None:
    assert sheet_name(text, set()) == expected



# --- targets the source reports met or not, without a planned value ------------------------------

ALPHA_2024_REPORTED = ALPHA_2024.replace(
    "targets:\n  grads9_poo_share: 60.0\n",
    "targets:\n  grads9_poo_share: 60.0\n"
    "  grads11_vo_share: {reached: false, source: Приказ № 327, note: Плановое значение в приказе не названо}\n"
    "  bilet_share_6_9: {reached: true}  # по приказу\n",
)


def _targets_sheet(path: Path) -> Any:
    return load_workbook(path)["Целевые показатели"]


def _target_cell(path: Path, indicator: str) -> str:
    ws = _targets_sheet(path)
    row = next(r[0].row for r in ws.iter_rows(min_row=FIRST_ROW + 1) if r[0].value == indicator)
    return f"C{row}"


def test_the_targets_sheet_shows_a_reported_target_as_its_word_and_accepts_numbers_or_the_words(
    data: DataDir, tmp_path: Path
) -> None:
    data.write("2024/alpha.yaml", ALPHA_2024_REPORTED)
    form = _form(data.root, 2024, "alpha", tmp_path / "f.xlsx")
    values = _inputs(form)
    assert values[("Целевые показатели", "grads9_poo_share")] == 60
    assert values[("Целевые показатели", "grads11_vo_share")] == "не достигнуто"
    assert values[("Целевые показатели", "bilet_share_6_9")] == "достигнуто"
    # the next year's form shows last year's entry as it was given
    following = _targets_sheet(_form(data.root, 2025, "alpha", tmp_path / "next.xlsx"))
    previous = {r[0].value: r[4].value for r in following.iter_rows(min_row=FIRST_ROW + 1) if r[0].value}
    assert previous["grads11_vo_share"] == "не достигнуто" and previous["grads9_poo_share"] == 60
    ws = _targets_sheet(form)
    cell = _target_cell(form, "grads11_vo_share")
    [rule] = [dv for dv in ws.data_validations.dataValidation if cell in str(dv.sqref).split()]
    assert rule.type == "custom"
    assert '"достигнуто"' in rule.formula1 and '"не достигнуто"' in rule.formula1 and f"{cell}<=100" in rule.formula1
    assert "«достигнуто» или «не достигнуто»" in (rule.error or "")


def test_an_unchanged_form_keeps_a_reported_targets_source_and_note_and_rewrites_nothing(
    data: DataDir, tmp_path: Path
) -> None:
    data.write("2024/alpha.yaml", ALPHA_2024_REPORTED)
    form = _form(data.root, 2024, "alpha", tmp_path / "f.xlsx")
    # an official retypes the words in other case and spacing: the same status
    retyped = _set(
        form, tmp_path / "retyped.xlsx", {"grads11_vo_share": "  Не  ДОСТИГНУТО ", "bilet_share_6_9": "Достигнуто"}
    )
    for filled in (form, retyped):
        result = import_form(filled, data.root)
        assert result.ok, result.messages
        assert result.written is False
        assert (data.root / "2024" / "alpha.yaml").read_text(encoding="utf-8") == ALPHA_2024_REPORTED


def test_a_form_may_enter_change_and_clear_a_reported_target(data: DataDir, tmp_path: Path) -> None:
    data.write("2024/alpha.yaml", ALPHA_2024_REPORTED)
    form = _form(data.root, 2024, "alpha", tmp_path / "f.xlsx")
    filled = _set(
        form,
        tmp_path / "filled.xlsx",
        # a new reported target, a changed status, a planned value where the source's word stood
        {"proektoria_share": "не достигнуто", "grads11_vo_share": "достигнуто", "bilet_share_6_9": 40},
    )
    result = import_form(filled, data.root)
    assert result.ok, result.messages
    text = (data.root / "2024" / "alpha.yaml").read_text(encoding="utf-8")
    assert "  grads11_vo_share: {reached: true}\n" in text  # «Приказ № 327» said the other status: not kept
    assert "  proektoria_share: {reached: false}\n" in text
    assert "  bilet_share_6_9: 40" in text  # its comment stays beside it, as every comment does
    entry = load_dataset(data.root).dataset.entries[(2024, "alpha")]  # type: ignore[union-attr]
    assert {k: getattr(v, "reached", v) for k, v in entry.data.targets.items()} == {
        "grads9_poo_share": 60.0, "grads11_vo_share": True, "bilet_share_6_9": 40.0, "proektoria_share": False,
    }  # fmt: skip
    # and back: the form made from the new file shows what was entered
    again = _inputs(_form(data.root, 2024, "alpha", tmp_path / "again.xlsx"))
    assert again[("Целевые показатели", "proektoria_share")] == "не достигнуто"
    assert again[("Целевые показатели", "grads11_vo_share")] == "достигнуто"
    # a cleared cell removes the target, as for a number
    fresh = _form(data.root, 2024, "alpha", tmp_path / "c.xlsx")
    cleared = _set(fresh, tmp_path / "c2.xlsx", {"proektoria_share": None})
    assert import_form(cleared, data.root).ok
    assert "proektoria_share" not in (data.root / "2024" / "alpha.yaml").read_text(encoding="utf-8")


def test_the_import_says_which_source_and_note_it_dropped_with_the_status_they_described(
    data: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # grads11_vo_share: «не достигнуто» with a source and a note; bilet_share_6_9: «достигнуто», no text
    data.write("2024/alpha.yaml", ALPHA_2024_REPORTED)
    form = _form(data.root, 2024, "alpha", tmp_path / "f.xlsx")
    filled = _set(form, tmp_path / "filled.xlsx", {"grads11_vo_share": "достигнуто", "bilet_share_6_9": 40})
    assert main(["import", str(filled), "--data", str(data.root)]) == 0
    text = (data.root / "2024" / "alpha.yaml").read_text(encoding="utf-8")
    assert "  grads11_vo_share: {reached: true}\n" in text and "Приказ № 327" not in text  # the drop stays
    err = capsys.readouterr().err
    [said] = [line for line in err.splitlines() if "grads11_vo_share" in line]
    assert said == (
        f"Внимание: {display_path(data.root / '2024' / 'alpha.yaml')}: Альфинский городской округ, "
        "«Выпускники 11 классов в вузах» (grads11_vo_share): "
        "цель не достигнута (по данным источника; плановое значение не указано) → "
        "цель достигнута (по данным источника; плановое значение не указано). "
        "Источник «Приказ № 327» и пояснение «Плановое значение в приказе не названо» удалены из записи цели: "
        "они относились к прежнему выполнению. Если это верно и для нового, впишите `source` и `note` в запись "
        "цели снова"
    )
    assert "bilet_share_6_9" not in err  # a reported target without a source or note loses no text


def test_a_source_dropped_for_a_planned_value_or_a_cleared_cell_is_said_too(data: DataDir, tmp_path: Path) -> None:
    reported = ALPHA_2024_REPORTED.replace(
        "  bilet_share_6_9: {reached: true}  # по приказу\n",
        "  bilet_share_6_9: {reached: true, source: Отчёт управления}\n",
    )
    data.write("2024/alpha.yaml", reported)
    form = _form(data.root, 2024, "alpha", tmp_path / "f.xlsx")
    filled = _set(form, tmp_path / "filled.xlsx", {"bilet_share_6_9": 40, "grads11_vo_share": None})
    result = import_form(filled, data.root)
    assert result.ok, result.messages
    [planned] = [n for n in result.notes if "bilet_share_6_9" in n]
    assert "цель достигнута (по данным источника; плановое значение не указано) → цель — 40,0\u00a0%: " in planned
    assert "Источник «Отчёт управления» удалён из записи цели: он относился к прежнему выполнению" in planned
    assert "впишите `source` в запись" in planned
    [cleared] = [n for n in result.notes if "grads11_vo_share" in n]
    assert "→ цель не установлена." in cleared and "«Плановое значение в приказе не названо» удалены" in cleared
    # a form that keeps the status keeps the text and says nothing of it
    again = import_form(_form(data.root, 2024, "alpha", tmp_path / "again.xlsx"), data.root)
    assert again.ok and again.notes == []


def test_a_wrong_word_in_a_target_cell_names_the_cell_and_the_accepted_forms(data: DataDir, tmp_path: Path) -> None:
    form = _form(data.root, 2025, "alpha", tmp_path / "f.xlsx")
    bad = _set(form, tmp_path / "bad.xlsx", {"grads9_poo_share": "выполнено", "grads11_vo_share": "не достигнута"})
    before = sorted(p.relative_to(data.root) for p in data.root.rglob("*"))
    result = import_form(bad, data.root)
    assert not result.ok
    text = "\n".join(result.messages)
    for indicator, word in (("grads9_poo_share", "выполнено"), ("grads11_vo_share", "не достигнута")):
        cell = _target_cell(form, indicator)
        assert (
            f"Лист «Целевые показатели», ячейка {cell}: ожидается число ≥ 0 или слова «достигнуто» или "
            f"«не достигнуто», указано «{word}»"
        ) in text
    assert len(result.messages) == 2
    assert sorted(p.relative_to(data.root) for p in data.root.rglob("*")) == before


ORDER_2024 = ALPHA_2024 + """\
# Поручения приказа: подпункты без номеров, как напечатаны
measures:
  - number: "1"
    items:
      - осуществить анализ причин отклонения показателей
      - продолжить участие в проектах (различного уровня)
    responsible: руководители общеобразовательных организаций
  - number: "2"
    title: Контроль за исполнением приказа
"""


def _measure_cells(path: Path) -> list[tuple[Any, ...]]:
    ws = load_workbook(path)["Дорожная карта"]
    return [tuple(c.value for c in row[:3]) for row in ws.iter_rows(min_row=FIRST_ROW + 1) if row[0].value]


def test_a_measures_sub_items_are_one_a_line_in_one_wrapped_cell_and_come_back_as_they_were(
    data: DataDir, tmp_path: Path
) -> None:
    data.write("2024/alpha.yaml", ORDER_2024)
    original = (data.root / "2024" / "alpha.yaml").read_bytes()
    form = _form(data.root, 2024, "alpha", tmp_path / "form.xlsx")
    sheet = load_workbook(form)["Дорожная карта"]
    assert sheet["C4"].value == "Подпункты (каждый с новой строки)"
    assert sheet["C5"].alignment.wrap_text
    assert _measure_cells(form) == [
        ("1", None, "осуществить анализ причин отклонения показателей\n"
                    "продолжить участие в проектах (различного уровня)"),
        ("2", "Контроль за исполнением приказа", None),
    ]
    ds = load_dataset(data.root).dataset
    assert ds is not None
    read, errors = read_form(form, ds.catalogue, ds.registry)
    assert errors == [] and read is not None
    assert read.lists["measures"] == list(ds.entries[(2024, "alpha")].data.measures)
    # an unchanged form writes nothing; a form that changes a count leaves the list and its items as they were
    assert import_form(form, data.root).written is False
    result = import_form(_set(form, tmp_path / "count.xlsx", {"grads9_to_poo": 47}), data.root)
    assert result.ok and result.written, result.messages
    text = (data.root / "2024" / "alpha.yaml").read_text(encoding="utf-8")
    assert text == original.decode("utf-8").replace("grads9_to_poo: 46", "grads9_to_poo: 47")


def test_sub_items_typed_into_the_form_are_split_on_line_breaks_trimmed_and_empty_lines_dropped(
    data: DataDir, tmp_path: Path
) -> None:
    data.write("2024/alpha.yaml", ORDER_2024)
    form = _form(data.root, 2024, "alpha", tmp_path / "form.xlsx")
    typed = "  обеспечить сопровождение \r\n\n создать информационную базу\r   \nпредусмотреть раздел на сайте  \n"
    filled = _set(form, tmp_path / "filled.xlsx", {}, {("Дорожная карта", "C6"): typed})
    result = import_form(filled, data.root)
    assert result.ok and result.written, result.messages
    entry = load_dataset(data.root).dataset.entries[(2024, "alpha")]  # type: ignore[union-attr]
    first, second = entry.data.measures
    assert second.title == "Контроль за исполнением приказа"
    assert second.items == ["обеспечить сопровождение", "создать информационную базу", "предусмотреть раздел на сайте"]
    assert first.items == [
        "осуществить анализ причин отклонения показателей",
        "продолжить участие в проектах (различного уровня)",
    ]
    text = (data.root / "2024" / "alpha.yaml").read_text(encoding="utf-8")
    assert "    - создать информационную базу\n" in text  # a list in block style, one sub-item a line, as by hand
    assert import_form(_form(data.root, 2024, "alpha", tmp_path / "again.xlsx"), data.root).written is False


def test_a_measure_row_without_a_title_or_sub_items_is_an_error_at_its_title_cell(
    data: DataDir, tmp_path: Path
) -> None:
    form = _form(data.root, 2025, "alpha", tmp_path / "form.xlsx")
    cells = {("Дорожная карта", "A5"): "1", ("Дорожная карта", "C5"): "\n  \n"}
    filled = _set(form, tmp_path / "filled.xlsx", {}, cells)
    before = sorted(p.relative_to(data.root) for p in data.root.rglob("*"))
    result = import_form(filled, data.root)
    assert not result.ok
    assert any(
        "Лист «Дорожная карта», ячейка B5: у мероприятия нет ни названия, ни подпунктов" in m
        for m in result.messages
    ), result.messages
    assert sorted(p.relative_to(data.root) for p in data.root.rglob("*")) == before


def _as_version_1(form: Path, out: Path) -> Path:
    """The form as version 1 made it: the measures' sheet without its column of sub-items (C)."""
    book = load_workbook(form)
    book["Дорожная карта"].delete_cols(3)
    row = next(r for r in book[META_SHEET].iter_rows() if r[0].value == "version")
    row[1].value = "1"
    book.save(out)
    return out


def test_a_form_made_before_sub_items_existed_is_read_with_its_own_columns(data: DataDir, tmp_path: Path) -> None:
    """An official fills last month's form after the upgrade: its measures are read from where that form has them."""
    old = _as_version_1(_form(data.root, 2025, "alpha", tmp_path / "form.xlsx"), tmp_path / "old.xlsx")
    cells = {
        ("Дорожная карта", "A5"): "1",
        ("Дорожная карта", "B5"): "Провести ярмарку профессий",
        ("Дорожная карта", "D5"): "в течение года",  # «Срок словами» in version 1; «Срок (ГГГГ-ММ-ДД)» in version 2
        ("Дорожная карта", "E5"): "заместитель главы",
    }
    result = import_form(_set(old, tmp_path / "filled.xlsx", {}, cells), data.root)
    assert result.ok and result.written, result.messages
    (measure,) = load_dataset(data.root).dataset.entries[(2025, "alpha")].data.measures  # type: ignore[union-attr]
    assert (measure.title, measure.items, measure.deadline_text, measure.responsible) == (
        "Провести ярмарку профессий", [], "в течение года", "заместитель главы",
    )  # fmt: skip


def test_a_file_without_sub_items_keeps_the_fingerprint_it_had_before_sub_items_existed() -> None:
    """Forms sent out before the upgrade carry this digest: a new field left empty must not make them stale."""
    data = YearFile.model_validate(
        {
            "municipality": "alpha",
            "year": 2024,
            "counts": {"grads9": 80},
            "targets": {"grads9_poo_share": 57.5},
            "measures": [
                {"number": "1", "title": "Провести ярмарку профессий", "deadline_text": "в течение года",
                 "responsible": "заместитель главы"},
            ],
        }
    )  # fmt: skip
    assert data_fingerprint(data) == "d08b0c707cee5a98ac1ff5cb"  # computed by the code before sub-items


@pytest.mark.parametrize("version", ["3", "", "два"])
def test_a_form_of_an_unknown_version_is_refused_with_what_to_do(data: DataDir, tmp_path: Path, version: str) -> None:
    book = load_workbook(_form(data.root, 2025, "alpha", tmp_path / "form.xlsx"))
    row = next(r for r in book[META_SHEET].iter_rows() if r[0].value == "version")
    row[1].value = version
    book.save(tmp_path / "odd.xlsx")
    result = import_form(tmp_path / "odd.xlsx", data.root)
    assert not result.ok
    assert any("читает версии 1–2" in m and "создайте форму заново" in m for m in result.messages), result.messages


def test_the_captions_of_an_orders_list_that_the_form_does_not_carry_survive_an_import_of_its_measures(
    data: DataDir, tmp_path: Path
) -> None:
    """An order's entries are «Поручение» under «Поручения приказа № 327»: the form asks for the measures, not
    for what the document calls them, so an import that rewrites the measures keeps both words."""
    captions = "measures_title: Поручения приказа № 327\nmeasures_item: Поручение\n"
    measure = 'measures:\n  - number: "1"\n    title: Провести анализ\n    status: в работе\n'
    data.write("2024/alpha.yaml", ALPHA_2024 + captions + measure)
    blank = _form(data.root, 2024, "alpha", tmp_path / "blank.xlsx")
    assert load_workbook(blank)["Дорожная карта"]["H5"].value == "в работе"
    filled = _set(blank, tmp_path / "filled.xlsx", {"grads9_to_poo": 47}, {("Дорожная карта", "H5"): "выполнено"})
    result = import_form(filled, data.root)
    assert result.ok and result.written, result.messages
    text = (data.root / "2024" / "alpha.yaml").read_text(encoding="utf-8")
    assert captions in text and "status: выполнено" in text and "grads9_to_poo: 47" in text
    entry = load_dataset(data.root).dataset.entries[(2024, "alpha")]  # type: ignore[union-attr]
    assert (entry.data.measures_title, entry.data.measures_item) == ("Поручения приказа № 327", "Поручение")
