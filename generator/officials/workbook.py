"""Opening a filled form safely: size limits, streamed sheets, formulas and merged cells, named cells.

Why a module of its own: an XLSX file comes from outside and may be damaged, enormous or hostile (a
cell written at XFD1048576, a zip bomb, a formula instead of a typed value, merged cells that hide what
was typed). Everything that keeps such a file from taking the machine's memory or losing a value
unseen is here; what the cells mean is :mod:`generator.officials.form_reader`'s.
"""

from __future__ import annotations

import io
import re
import zipfile
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.inputs.problems import shown
from generator.officials.form_layout import FIRST_ROW, ID_COL, INPUT_COL, LIST_SHEETS

# A form is a few hundred rows on a few sheets; far past these limits a file is not a form (or was
# damaged): it is refused with a message before it can take the machine's memory.
MAX_FORM_BYTES = 20 * 2**20
MAX_UNPACKED_BYTES = 200 * 2**20
MAX_ROWS = 20_000
MAX_COLUMNS = 50
NOT_XLSX = (
    "файл не читается как книга Excel (XLSX): он повреждён или это файл другого формата. Откройте его в Excel и "
    "сохраните как «Книга Excel (*.xlsx)» или создайте форму заново командой `proforientir form`"
)


def cell_name(row: int, col: int) -> str:
    """Excel's name of a cell from 0-based row and column: (13, 2) → «C14»."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row + 1}"


@dataclass(frozen=True)
class CellError:
    sheet: str
    cell: str
    message: str

    def __str__(self) -> str:
        if self.sheet == "—":  # the whole file, before any sheet is read
            return self.message
        where = f"Лист «{self.sheet}»" + (f", ячейка {self.cell}" if self.cell else "")
        return f"{where}: {self.message}"


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def too_big(source: Path | bytes) -> str | None:
    """Why a file is refused before it is opened: bigger than a form can be, on disk or unpacked."""
    size = len(source) if isinstance(source, bytes) else source.stat().st_size
    if size > MAX_FORM_BYTES:
        return (
            f"файл занимает {size / 2**20:.1f} МБ, а форма не бывает больше {MAX_FORM_BYTES // 2**20} МБ: "
            "проверьте, что выбран нужный файл, или создайте форму заново командой `proforientir form`"
        ).replace(".", ",", 1)
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return NOT_XLSX
    if unpacked > MAX_UNPACKED_BYTES:
        return (
            f"внутри файла {unpacked // 2**20} МБ данных, а в форме их не бывает больше "
            f"{MAX_UNPACKED_BYTES // 2**20} МБ: создайте форму заново командой `proforientir form` и перенесите в "
            "неё значения"
        )
    return None


def sheet_size(ws: Any, title: str) -> CellError | None:
    """A sheet that claims more rows or columns than a form has: refused before its cells are read."""
    rows, cols = ws.max_row or 0, ws.max_column or 0
    if rows > MAX_ROWS or cols > MAX_COLUMNS:
        last = cell_name(rows - 1, cols - 1)
        return CellError(
            title,
            "",
            f"лист занимает ячейки до {last}, а на листе формы не больше {MAX_ROWS} строк и {MAX_COLUMNS} столбцов: "
            "удалите лишние строки и столбцы (или очистите ячейки за таблицей) и повторите импорт",
        )
    return None


def data_rows(ws: Any) -> Any:
    """The data rows of a sheet, never past the limits (a sheet's own dimension may understate them)."""
    return ws.iter_rows(min_row=FIRST_ROW + 1, max_row=MAX_ROWS, max_col=MAX_COLUMNS, values_only=True)


def formula_errors(source: Path | bytes, roles: dict[str, str], values: Any) -> list[CellError]:
    """A formula in a cell the import reads, with or without the value Excel computed for it.

    Without a value (a formula written by a program, not Excel) the cell reads as empty, and an empty cell
    removes the stored value: that must never happen. With a value the form is refused as well: the form
    takes values typed in (Excel checks them as they are typed), a cached result may be stale, and
    «замените формулу значением» is one step in Excel.
    """
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(source) if isinstance(source, bytes) else source, read_only=True)
    errors: list[CellError] = []
    try:
        for title, role in roles.items():
            if title not in book.sheetnames:
                continue
            sheet = next((s for s in LIST_SHEETS if s.role == role), None)
            read = set(range(len(sheet.columns))) if sheet is not None else {ID_COL, INPUT_COL}
            rows = book[title].iter_rows(min_row=FIRST_ROW + 1, max_row=MAX_ROWS, max_col=MAX_COLUMNS)
            filled: set[int] = set()  # the rows that hold a value the import reads (a count's code, a list item)
            for r, row in enumerate(rows, start=FIRST_ROW):
                if any(c in read and not blank(getattr(cell, "value", None)) for c, cell in enumerate(row)):
                    filled.add(r + 1)
                for c, cell in enumerate(row):
                    if c not in read or getattr(cell, "data_type", None) != "f":
                        continue
                    formula = shown(str(getattr(cell.value, "text", cell.value)))
                    name = cell_name(r, c)
                    cached = values[title][name].value
                    if blank(cached):
                        message = (
                            f"ячейка {name} содержит формулу без вычисленного значения: «{formula}» — "
                            f"введите в неё число (или оставьте пустой, если данных нет)"
                        )
                    else:
                        message = (
                            f"ячейка {name} содержит формулу «{formula}» (её значение — {shown(str(cached))}): форма "
                            f"принимает только введённые значения — замените формулу значением "
                            f"(«Копировать», затем «Специальная вставка → Значения»)"
                        )
                    errors.append(CellError(title, "", message))
            errors += _merged(book[title], title, filled)
    finally:
        book.close()
    return errors


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')


def _merged(ws: Any, title: str, filled: set[int]) -> list[CellError]:
    """Merged cells over a row the import reads: a merge keeps its first cell's value and empties the others,
    so a typed value or a count's code would vanish unseen (a merged section heading is the form's own).
    Read from the sheet's XML a block at a time: a read-only sheet does not list its merges."""
    found: list[CellError] = []
    rows = sorted(filled)
    tail = b""
    with ws._get_source() as source:  # openpyxl's streamed sheet XML
        while chunk := source.read(2**20):
            text, tail = tail + chunk, (tail + chunk)[-200:]
            for m in _MERGE.finditer(text):
                ref = f"{m[1].decode()}{m[2].decode()}:{m[3].decode()}{m[4].decode()}"
                first = bisect_left(rows, int(m[2]))  # the first filled row at or below the merge's top
                if first < len(rows) and rows[first] <= int(m[4]) and all(ref not in e.message for e in found):
                    message = (
                        f"ячейки {ref} объединены: у объединённых ячеек остаётся значение только первой — "
                        "разъедините их и проверьте значения (или создайте форму заново)"
                    )
                    found.append(CellError(title, "", message))
    return found[:10]
