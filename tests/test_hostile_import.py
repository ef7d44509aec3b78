"""Careless and hostile input to import and correct: nothing is lost, nothing is silently overwritten.

Each refused case names what is wrong in Russian, says what to do, exits non-zero and leaves every byte
under the data folder as it was. The cases are those found by trying the form → import → correct path as a
careless user and as an attacker would (issue 13, «Data can be lost or silently overwritten»).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.build.validate import validate
from generator.cli import main
from generator.inputs.problems import Severity
from generator.officials.form_layout import META_SHEET

from . import test_forms
from .conftest import DataDir
from .test_forms import ALPHA_2024, _form, _row_of, _set

data = test_forms.data  # the forms' data folder: alpha 2023–2024 and beta 2024

NEW_VALUE = {"grads9_to_poo": 50}  # what the official types into the form: alpha 2024 has 46


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under the data folder, by its path: what «nothing changed» is compared with."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _meta(form: Path, changes: dict[str, str | None]) -> Path:
    """Edit the form's hidden sheet as an attacker (or a program) would: set or remove its keys."""
    book = load_workbook(form)
    ws = book[META_SHEET]
    for row in list(ws.iter_rows()):
        key = row[0].value
        if key in changes:
            if changes[key] is None:
                row[0].value = row[1].value = None
            else:
                row[1].value = changes[key]
    book.save(form)
    return form


def _id_cell(form: Path, count: str, sheet: str, new_id: str) -> Path:
    """Give the first count row of ``sheet`` another count's id (a row copied between sheets)."""
    book = load_workbook(form)
    ws = book[sheet]
    for row in ws.iter_rows(min_row=5):
        if row[0].value and row[0].value != count:
            row[0].value = new_id
            row[2].value = 7
            break
    book.save(form)
    return form


def _cache(form: Path, formula: str, value: str) -> Path:
    """Give a formula the value Excel would have cached for it (openpyxl writes formulas without one)."""
    out = form.with_name("cached.xlsx")
    with zipfile.ZipFile(form) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                # openpyxl writes an empty value as <v /> (ElementTree) or <v></v> (with lxml installed)
                for empty in ("<v />", "<v></v>"):
                    data = data.replace(f"<f>{formula}</f>{empty}".encode(), f"<f>{formula}</f><v>{value}</v>".encode())
            dst.writestr(item, data)
    return out


# --- the hostile cases: (id, how the form and data are made, the arguments after the form, the message) ---


@dataclass(frozen=True)
class Case:
    id: str
    make: Callable[[DataDir, Path], Path]  # returns the form to import; may change the data first
    message: str  # a fragment of the Russian message; {sheet} and {cell}: where the form asks for grads9
    args: tuple[str, ...] = ()


def _filled(data: DataDir, tmp: Path, year: int = 2024, slug: str = "alpha", **values: object) -> Path:
    form = _form(data.root, year, slug, tmp / f"blank-{slug}-{year}.xlsx")
    return _set(form, tmp / f"form-{slug}-{year}.xlsx", values or dict(NEW_VALUE))


def _stale_by_edit(data: DataDir, tmp: Path) -> Path:
    form = _filled(data, tmp)
    data.write("2024/alpha.yaml", ALPHA_2024.replace("grads9: 78", "grads9: 79"))  # edited after the form
    return form


def _stale_by_another_form(data: DataDir, tmp: Path) -> Path:
    first = _filled(data, tmp)
    second = _set(first, tmp / "second.xlsx", {"students_g9": 81})
    assert main(["import", str(second), "--data", str(data.root)]) == 0
    return first  # made from the data before the second form: it would revert students_g9 to 80


def _stale_file_created_since(data: DataDir, tmp: Path) -> Path:
    form = _filled(data, tmp, 2025)
    data.year(2025, "alpha", {"students_g9": 90, "grads9": 88, "grads9_to_poo": 60})
    return form


def _stale_by_hand_edited_list(data: DataDir, tmp: Path) -> Path:
    form = _filled(data, tmp)
    data.write("2024/alpha.yaml", ALPHA_2024.replace("Ярмарка учебных мест", "Ярмарка профессий"))
    return form


def _formula_without_value(data: DataDir, tmp: Path) -> Path:
    form = _form(data.root, 2024, "alpha", tmp / "blank.xlsx")
    return _set(form, tmp / "formula.xlsx", {"grads9": "=1+1"})


def _formula_with_value(data: DataDir, tmp: Path) -> Path:
    return _cache(_formula_without_value(data, tmp), "1+1", "2")


def _formula_in_a_target(data: DataDir, tmp: Path) -> Path:
    form = _form(data.root, 2024, "alpha", tmp / "blank.xlsx")
    return _set(form, tmp / "formula.xlsx", {"grads9_poo_share": "=50+10"})


def _formula_in_a_list(data: DataDir, tmp: Path) -> Path:
    form = _form(data.root, 2024, "alpha", tmp / "blank.xlsx")
    return _set(form, tmp / "formula.xlsx", {}, {("Мероприятия", "B5"): '=CONCAT("Ярмарка", "")'})


def _same_code_on_two_sheets(data: DataDir, tmp: Path) -> Path:
    form = _form(data.root, 2024, "alpha", tmp / "blank.xlsx")
    sheet, _ = _row_of(form, "grads9_to_poo")
    population, _ = _row_of(form, "grads9")
    assert sheet != population
    return _id_cell(form, "grads9_to_poo", sheet, "grads9")


def _same_code_twice_on_a_sheet(data: DataDir, tmp: Path) -> Path:
    form = _form(data.root, 2024, "alpha", tmp / "blank.xlsx")
    sheet, _ = _row_of(form, "grads9")
    return _id_cell(form, "students_g9", sheet, "students_g9")


def _another_municipality(data: DataDir, tmp: Path) -> Path:
    return _meta(_filled(data, tmp), {"municipality": "beta"})


def _another_year(data: DataDir, tmp: Path) -> Path:
    return _meta(_filled(data, tmp), {"year": "2023"})


def _another_municipality_and_its_fingerprint(data: DataDir, tmp: Path) -> Path:
    """Even with «made_from» rewritten, the fingerprint of alpha's data does not match beta's."""
    return _meta(_filled(data, tmp), {"municipality": "beta", "made_from": "2024/beta"})


def _no_fingerprint(data: DataDir, tmp: Path) -> Path:
    return _meta(_filled(data, tmp), {"made_from": None, "fingerprint": None})


def _yml_beside_yaml(data: DataDir, tmp: Path) -> Path:
    form = _filled(data, tmp)
    data.write("2024/alpha.yml", ALPHA_2024.replace("grads9: 78", "grads9: 77"))
    return form


def _not_a_year(data: DataDir, tmp: Path) -> Path:
    return _meta(_filled(data, tmp), {"year": "двадцать"})


def _cp1251_file(data: DataDir, tmp: Path) -> Path:
    form = _filled(data, tmp)
    (data.root / "2024" / "alpha.yaml").write_bytes(ALPHA_2024.encode("cp1251"))
    return form


STALE = "изменились после того, как форма была создана"
HOSTILE = [
    Case("stale: the file was edited after the form was made", _stale_by_edit, STALE),
    Case("stale: another form was imported after it was made", _stale_by_another_form, STALE),
    Case("stale: the file was created after the form was made", _stale_file_created_since, STALE),
    Case("stale: an event was edited in the file", _stale_by_hand_edited_list, STALE),
    Case("stale: --replace is for another file, not for the same one changed", _stale_by_edit, STALE, ("--replace",)),
    Case(
        "a formula without a value",
        _formula_without_value,
        "Лист «{sheet}»: ячейка {cell} содержит формулу без вычисленного значения: «=1+1»",
    ),
    Case(
        "a formula with its value",
        _formula_with_value,
        "Лист «{sheet}»: ячейка {cell} содержит формулу «=1+1» (её значение — 2)",
    ),
    Case("a formula in a target", _formula_in_a_target, "содержит формулу без вычисленного значения: «=50+10»"),
    Case("a formula in a list", _formula_in_a_list, "Лист «Мероприятия»: ячейка B5 содержит формулу"),
    Case("the same code on two sheets", _same_code_on_two_sheets, "счётчик «grads9» уже есть на листе «"),
    Case("the same code twice on one sheet", _same_code_twice_on_a_sheet, "уже есть на этом листе (ячейка C"),
    Case("another municipality", _another_municipality, "--replace"),
    Case("another year", _another_year, "форма создана из данных «Альфинский городской округ» за 2024 г."),
    Case("another municipality, made_from forged", _another_municipality_and_its_fingerprint, STALE),
    Case("a form without a fingerprint", _no_fingerprint, "в форме нет отметки о данных"),
    Case("x.yml beside x.yaml", _yml_beside_yaml, "два файла одного муниципалитета за один год"),
    Case("a year that is not a number", _not_a_year, "год «двадцать» вместо четырёх цифр"),
    Case("an existing file in cp1251", _cp1251_file, "файл не в кодировке UTF-8"),
]


@pytest.mark.parametrize("case", HOSTILE, ids=[c.id for c in HOSTILE])
def test_a_hostile_form_is_refused_with_a_russian_message_and_nothing_changes(
    case: Case, data: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form = case.make(data, tmp_path)
    before = snapshot(data.root)
    code, output = run(["import", str(form), *case.args, "--data", str(data.root)], capsys)
    assert code != 0, output
    sheet, row = _row_of(form, "grads9")
    assert case.message.format(sheet=sheet, cell=f"C{row}") in output, output
    assert "Ничего не записано" in output
    assert "Traceback" not in output
    assert snapshot(data.root) == before


def test_the_refusals_say_what_to_do(data: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    form = _stale_by_edit(data, tmp_path)
    _, output = run(["import", str(form), "--data", str(data.root)], capsys)
    assert "Создайте форму заново командой `proforientir form 2024 --municipality alpha`" in output
    assert "повторите импорт с флагом --force" in output
    form = _another_municipality(data, tmp_path)
    _, output = run(["import", str(form), "--data", str(data.root)], capsys)
    assert "а записала бы" in output and "2024/beta.yaml" in output and "где уже есть другие данные" in output


# --- what the flags confirm ----------------------------------------------------------------------------


def test_force_writes_a_stale_form_over_the_newer_data(data: DataDir, tmp_path: Path) -> None:
    form = _stale_by_edit(data, tmp_path)
    assert main(["import", str(form), "--force", "--data", str(data.root)]) == 0
    text = (data.root / "2024" / "alpha.yaml").read_text(encoding="utf-8")
    assert "grads9_to_poo: 50" in text and "grads9: 78" in text  # the form's values, as the user confirmed


def test_replace_writes_a_form_for_another_municipality(data: DataDir, tmp_path: Path) -> None:
    form = _another_municipality(data, tmp_path)
    assert main(["import", str(form), "--data", str(data.root)]) == 1
    assert main(["import", str(form), "--replace", "--data", str(data.root)]) == 0
    assert "grads9_to_poo: 50" in (data.root / "2024" / "beta.yaml").read_text(encoding="utf-8")


def test_a_form_for_another_municipality_may_start_a_file_that_does_not_exist(data: DataDir, tmp_path: Path) -> None:
    """Nothing can be lost where there is no file: the form's data start it (as the hidden sheet says)."""
    form = _meta(_filled(data, tmp_path, 2025), {"year": "2026"})
    assert main(["import", str(form), "--data", str(data.root)]) == 0
    assert "grads9_to_poo: 50" in (data.root / "2026" / "alpha.yaml").read_text(encoding="utf-8")


def test_importing_the_same_form_twice_is_a_no_op(
    data: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form = _filled(data, tmp_path)
    assert main(["import", str(form), "--data", str(data.root)]) == 0
    before = snapshot(data.root)
    code, output = run(["import", str(form), "--data", str(data.root)], capsys)
    assert code == 0, output
    assert "не изменился" in output
    assert snapshot(data.root) == before


def test_a_form_stays_valid_after_an_edit_of_what_it_does_not_hold(data: DataDir, tmp_path: Path) -> None:
    """A comment or the analysis text edited after the form was made is kept, and the form still imports."""
    form = _filled(data, tmp_path)
    edited = ALPHA_2024.replace("поступление в колледжи растёт", "поступление в колледжи растёт третий год")
    data.write("2024/alpha.yaml", edited.replace("# по отчёту ОО-1", "# по отчёту ОО-1, уточнено"))
    assert main(["import", str(form), "--data", str(data.root)]) == 0
    text = (data.root / "2024" / "alpha.yaml").read_text(encoding="utf-8")
    assert "grads9_to_poo: 50" in text and "растёт третий год" in text and "уточнено" in text


# --- the two files of one municipality and year -------------------------------------------------------


def test_the_loader_reports_a_yml_beside_a_yaml_and_takes_neither(data: DataDir) -> None:
    data.write("2024/alpha.yml", ALPHA_2024)
    report = validate(data.root)
    messages = [str(p) for p in report.errors]
    assert any("«alpha.yaml» и «alpha.yml»" in m and "оставьте один" in m for m in messages), messages
    assert report.dataset is None


def test_a_lone_yml_is_the_file_import_edits(data: DataDir, tmp_path: Path) -> None:
    form = _filled(data, tmp_path)
    (data.root / "2024" / "alpha.yaml").rename(data.root / "2024" / "alpha.yml")
    assert main(["import", str(form), "--data", str(data.root)]) == 0
    assert not (data.root / "2024" / "alpha.yaml").exists()
    assert "grads9_to_poo: 50" in (data.root / "2024" / "alpha.yml").read_text(encoding="utf-8")


# --- line ends and the byte order mark ---------------------------------------------------------------


def test_a_file_with_windows_line_ends_keeps_them(data: DataDir, tmp_path: Path) -> None:
    path = data.root / "2024" / "alpha.yaml"
    path.write_bytes(ALPHA_2024.replace("\n", "\r\n").encode("utf-8"))
    form = _filled(data, tmp_path)
    assert main(["import", str(form), "--data", str(data.root)]) == 0
    written = path.read_bytes()
    assert b"grads9_to_poo: 50\r\n" in written
    assert written.count(b"\n") == written.count(b"\r\n")
    # only the changed line differs
    assert written == ALPHA_2024.replace("grads9_to_poo: 46", "grads9_to_poo: 50").replace("\n", "\r\n").encode()


def test_a_file_with_a_byte_order_mark_keeps_it_and_one_schema_line(data: DataDir, tmp_path: Path) -> None:
    path = data.root / "2024" / "alpha.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + ALPHA_2024.encode("utf-8"))
    form = _filled(data, tmp_path)
    assert main(["import", str(form), "--data", str(data.root)]) == 0
    written = path.read_bytes()
    assert written.startswith(b"\xef\xbb\xbf# yaml-language-server:")
    assert written.count(b"yaml-language-server") == 1
    assert written == b"\xef\xbb\xbf" + ALPHA_2024.replace("grads9_to_poo: 46", "grads9_to_poo: 50").encode()


def test_a_new_file_has_lf_and_no_byte_order_mark(data: DataDir, tmp_path: Path) -> None:
    form = _filled(data, tmp_path, 2025)
    assert main(["import", str(form), "--data", str(data.root)]) == 0
    written = (data.root / "2025" / "alpha.yaml").read_bytes()
    assert not written.startswith(b"\xef\xbb\xbf") and b"\r" not in written


# --- correct --reason ---------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   ", "\t\n"], ids=["empty", "spaces", "tab and newline"])
def test_a_correction_without_a_reason_is_refused_and_nothing_is_written(
    reason: str, data: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["publish", "2024", "--date", "2024-09-01", "--data", str(data.root)]) == 0
    data.write("2024/alpha.yaml", ALPHA_2024.replace("grads9_to_poo: 46", "grads9_to_poo: 47"))
    before = snapshot(data.root)
    argv = ["correct", "2024", "--date", "2024-09-02", "--reason", reason, "--data", str(data.root)]
    code, output = run(argv, capsys)
    assert code == 1
    assert "Исправление не записано: причина исправления пуста" in output
    assert "Traceback" not in output
    assert snapshot(data.root) == before


def test_a_correction_reason_with_control_characters_is_refused(
    data: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(data.root)
    code, output = run(["correct", "2024", "--reason", "Опечатка\x07", "--data", str(data.root)], capsys)
    assert code == 1
    assert re.search(r"Исправление не записано: причина исправления: .+", output), output
    assert snapshot(data.root) == before


# --- a blank form ----------------------------------------------------------------------------------------


def _cleared(form: Path, out: Path) -> Path:
    """Every input cell emptied: the blank template saved by mistake, or a form whose cells were all cleared."""
    book = load_workbook(form)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.protection is not None and not cell.protection.locked and cell.value is not None:
                    cell.value = None
    book.save(out)
    return out


def test_a_form_with_every_cell_cleared_does_not_empty_the_year_file(
    data: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It was written, «Импорт выполнен»: every count, target and measure of the municipality for the year gone.
    No flag writes it: a year's data are removed by removing the file."""
    form = _cleared(_form(data.root, 2024, "alpha", tmp_path / "form.xlsx"), tmp_path / "blank.xlsx")
    before = snapshot(data.root)
    for flags in ([], ["--force", "--replace"]):
        code, output = run(["import", str(form), "--data", str(data.root), *flags], capsys)
        assert code == 1, output
        assert "в форме не введено ни одного значения, а в" in output
        assert "импорт удалил бы их все" in output and "удалите файл сами" in output
        assert snapshot(data.root) == before


def test_a_blank_form_of_a_new_year_creates_no_file(
    data: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A new year's form shows last year's values beside empty cells; imported unfilled, it made a year file
    with no data, and the site an edition with nothing in it."""
    form = _form(data.root, 2025, "alpha", tmp_path / "form.xlsx")
    before = snapshot(data.root)
    code, output = run(["import", str(form), "--data", str(data.root)], capsys)
    assert code == 1, output
    assert "в форме не введено ни одного значения: файл" in output and "не создан" in output
    assert snapshot(data.root) == before


def test_a_form_with_one_value_left_clears_the_others(data: DataDir, tmp_path: Path) -> None:
    """Clearing cells stays an edit the form may make: only a form without a single value is refused."""
    form = _cleared(_form(data.root, 2024, "alpha", tmp_path / "form.xlsx"), tmp_path / "blank.xlsx")
    _set(form, form, {"students_g9": 81})
    assert main(["import", str(form), "--data", str(data.root)]) == 0
    text = (data.root / "2024" / "alpha.yaml").read_text(encoding="utf-8")
    assert "students_g9: 81" in text and "grads9_to_poo" not in text


def test_validation_warns_of_a_year_file_with_nothing_in_it_unless_it_says_why(data: DataDir) -> None:
    """A year file left empty puts the municipality into the edition with dashes and no word of why: a warning,
    unless no_data gives the reason the pages then show; no_data beside values is a warning too."""
    data.year(2024, "beta")  # only «municipality» and «year»
    data.year(2023, "beta", goals=["Вовлечь всех девятиклассников в профпробы"])  # a goal is something
    said = [str(p) for p in validate(data.root).problems if p.severity is Severity.warning]
    empty = [m for m in said if "в файле нет ни одного значения" in m]
    assert len(empty) == 1, said
    assert empty[0].startswith(f"{data.root / '2024' / 'beta.yaml'}:1:1: предупреждение:")
    assert "`proforientir form 2024 --municipality beta`" in empty[0] and 'no_data: "…"' in empty[0]

    data.year(2024, "beta", no_data="Отчёт муниципалитета не поступил")
    assert not [p for p in validate(data.root).problems if "ни одного значения" in p.message]
    data.year(2024, "beta", {"students_g9": 30}, no_data="Отчёт муниципалитета не поступил")
    assert any("no_data говорит читателю, что значений нет, а в файле они есть" in str(p)
               for p in validate(data.root).problems)


def test_making_the_forms_again_keeps_a_form_someone_has_typed_into(
    data: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`proforientir form` run again (a new municipality, a catalogue change) rewrote every form of the year,
    and a form an official had filled but not yet imported was blank again, «записана»."""
    forms = tmp_path / "forms"
    assert main(["form", "2024", "--data", str(data.root), "--out", str(forms)]) == 0
    filled = forms / "forma-alpha-2024.xlsx"
    _set(filled, filled, NEW_VALUE)  # typed in, not imported yet
    typed = filled.read_bytes()
    code, output = run(["form", "2024", "--data", str(data.root), "--out", str(forms)], capsys)
    assert code == 1
    assert f"Форма {filled} не перезаписана: в ней другие значения, чем в данных" in output
    assert f"`proforientir import {filled}`" in output
    assert filled.read_bytes() == typed
    assert f"Форма {forms / 'forma-beta-2024.xlsx'} — не изменилась" in output  # the others are made as before

    assert main(["import", str(filled), "--data", str(data.root)]) == 0  # once imported, the form is the data's
    code, output = run(["form", "2024", "--data", str(data.root), "--out", str(forms)], capsys)
    assert code == 0, output

    (forms / "forma-beta-2024.xlsx").write_text("не форма", encoding="utf-8")
    code, output = run(["form", "2024", "--data", str(data.root), "--out", str(forms)], capsys)
    assert code == 1 and "не читается как форма Профориентира" in output
    assert (forms / "forma-beta-2024.xlsx").read_text(encoding="utf-8") == "не форма"
