"""Careless and hostile input to the commands: each gets a Russian message saying what to do, a non-zero
exit, no traceback, and no file under the data folder changes.

The cases are one table: a name, how the input is made (in a temporary folder, at run time: the big files
are generated here, small on disk or bounded in time), the command, the exit code and words of the message.
"""

from __future__ import annotations

import hashlib
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.cli import main
from generator.inputs.load import load_dataset
from generator.officials.form_layout import FIRST_ROW, INPUT_COL, META_SHEET
from generator.officials.form_writer import render_form
from generator.officials.forms import form_spec
from generator.officials.workbook import MAX_FORM_BYTES, MAX_ROWS

from .conftest import copy_fixture

SLUG = "kemerovskiy-mo"
YEAR = 2022


def _form(root: Path) -> Path:
    result = load_dataset(root / "data")
    assert result.dataset is not None
    path = root / "form.xlsx"
    path.write_bytes(render_form(form_spec(result.dataset, YEAR, SLUG)))
    return path


def _edited(root: Path, edit: Callable[..., None]) -> Path:
    path = _form(root)
    book = load_workbook(path)
    edit(book)
    book.save(path)
    return path


def _counts_sheet(book):  # type: ignore[no-untyped-def]
    return next(ws for ws in book.worksheets if ws.title != META_SHEET and ws["A4"].value == "Код")


def _far_cell(root: Path) -> list[str]:
    def edit(book):  # type: ignore[no-untyped-def]
        _counts_sheet(book)["XFD1048576"] = 1

    return ["import", str(_edited(root, edit))]


def _many_rows(root: Path) -> list[str]:
    def edit(book):  # type: ignore[no-untyped-def]
        ws = _counts_sheet(book)
        ws.cell(row=MAX_ROWS + 10, column=1, value="x")

    return ["import", str(_edited(root, edit))]


def _many_errors(root: Path) -> list[str]:
    def edit(book):  # type: ignore[no-untyped-def]
        ws = _counts_sheet(book)
        for row in range(FIRST_ROW + 1, FIRST_ROW + 200):
            ws.cell(row=row, column=INPUT_COL + 1, value="много")
            ws.cell(row=row, column=1, value=f"нет_такого_{row}")

    return ["import", str(_edited(root, edit))]


def _bad_year(root: Path) -> list[str]:
    def edit(book):  # type: ignore[no-untyped-def]
        for row in book[META_SHEET].iter_rows():
            if row[0].value == "year":
                row[1].value = "двадцать второй"

    return ["import", str(_edited(root, edit))]


def _not_a_zip(root: Path) -> list[str]:
    path = root / "form.xlsx"
    path.write_text("это не Excel", encoding="utf-8")
    return ["import", str(path)]


def _too_big(root: Path) -> list[str]:
    path = root / "form.xlsx"
    with path.open("wb") as out:
        out.truncate(MAX_FORM_BYTES + 1)
    return ["import", str(path)]


def _zip_bomb(root: Path) -> list[str]:
    path = root / "form.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("xl/worksheets/s.xml", "w") as f:
        chunk = b"\0" * 2**20
        for _ in range(210):
            f.write(chunk)
    return ["import", str(path)]


def _existing(root: Path, text: bytes) -> list[str]:
    form = _form(root)
    (root / "data" / str(YEAR) / f"{SLUG}.yaml").write_bytes(text)
    return ["import", str(form)]


def _cp1251(root: Path) -> list[str]:
    path = root / "data" / str(YEAR) / f"{SLUG}.yaml"
    return _existing(root, path.read_text(encoding="utf-8").encode("cp1251"))


def _duplicate_key(root: Path) -> list[str]:
    path = root / "data" / str(YEAR) / f"{SLUG}.yaml"
    return _existing(root, (path.read_text(encoding="utf-8") + "goals: [а]\ngoals: [б]\n").encode("utf-8"))


def _git_repo(root: Path) -> list[str]:
    for args in (["init", "-q"], ["add", "."], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "d"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    return ["diff", "nosuchrev"]


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], list[str]]
    code: int
    says: tuple[str, ...]


CASES = [
    Case("not-a-zip", _not_a_zip, 1, ("файл не читается как книга Excel (XLSX)", "сохраните как")),
    Case("too-big", _too_big, 1, ("а форма не бывает больше 20 МБ",)),
    Case("zip-bomb", _zip_bomb, 1, ("внутри файла 210 МБ данных", "создайте форму заново")),
    Case("cell-at-XFD1048576", _far_cell, 1, ("лист занимает ячейки до XFD1048576", "удалите лишние строки")),
    Case("rows-past-the-limit", _many_rows, 1, (f"не больше {MAX_ROWS} строк",)),
    Case("more-than-50-errors", _many_errors, 1, ("… и ещё", "ошиб")),
    Case("year-not-a-number", _bad_year, 1, ("год «двадцать второй» вместо четырёх цифр", "создайте её заново")),
    Case("existing-file-cp1251", _cp1251, 1, ("файл не в кодировке UTF-8", "исправьте этот файл")),
    Case("existing-file-duplicate-key", _duplicate_key, 1, ("ключ «goals» повторяется", "исправьте этот файл")),
    Case("form-year-0", lambda root: ["form", "0", "--municipality", SLUG, "--out", str(root / "f.xlsx")], 2,
         ("Год 0 вне допустимых 2000–2100",)),
    Case("diff-unknown-revision", _git_repo, 2, ("ревизии «nosuchrev» нет в репозитории", "git log --oneline")),
]


def _snapshot(data: Path) -> dict[str, str]:
    files = [p for p in data.rglob("*") if p.is_file()]
    return {str(p.relative_to(data)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_gets_a_russian_message_and_changes_nothing(
    tmp_path: Path, case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    data = copy_fixture("kemerovo", tmp_path / "data")
    argv = case.make(tmp_path)
    before = _snapshot(data)
    capsys.readouterr()
    code = main([*argv, "--data", str(data)])
    out, err = capsys.readouterr()
    said = out + err
    assert code == case.code, said
    for words in case.says:
        assert words in said, said
    assert "Traceback" not in said and "Error:" not in said, said
    assert _snapshot(data) == before
    if case.name == "more-than-50-errors":
        assert len([line for line in err.splitlines() if "ошибка:" in line]) == 50, err


def test_the_one_far_cell_form_is_small_on_disk(tmp_path: Path) -> None:
    copy_fixture("kemerovo", tmp_path / "data")
    path = Path(_far_cell(tmp_path)[1])
    assert path.stat().st_size < 100_000
