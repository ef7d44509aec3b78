"""Writing a form as an XLSX workbook: sheets, formats, data validation, protection, the hidden sheet.

Why a module of its own: how a form looks in Excel (widths, yellow input cells, hints, locked sheets)
changes without changing what it holds (:mod:`generator.officials.forms`) or where its values stand
(:mod:`generator.officials.form_layout`).

The same data give the same bytes: the workbook's only date is the monitoring date of the form's year (31 May
unless the registry says otherwise).
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from generator.core.formatting import academic_year, format_date_text
from generator.inputs.models import ReportedTarget
from generator.inputs.monitoring import Monitoring
from generator.officials.form_layout import (
    FIRST_ROW,
    FORM_MARK,
    FORM_VERSION,
    ID_COL,
    INPUT_COL,
    LIST_SHEETS,
    META_SHEET,
    PREVIOUS_COL,
    SOURCE_COL,
    TITLE_COL,
    UNIT_COL,
    ListSheet,
)
from generator.officials.forms import REACHED_WORDS, CountSheet, FormSpec, reached_word

PASSWORD_NOTE = "Лист защищён без пароля: «Рецензирование → Снять защиту листа»."
TARGETS_TITLE = "Целевые показатели"


def as_of(spec: FormSpec) -> date:
    """The day the form's data are taken as of."""
    return spec.as_of or Monitoring().date(spec.year)


def render_form(spec: FormSpec) -> bytes:
    """The XLSX bytes of a form; the same spec gives the same bytes."""
    import xlsxwriter

    output = io.BytesIO()
    book = xlsxwriter.Workbook(
        output,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    name = spec.municipality.name
    book.set_properties(
        {
            "title": f"Форма мониторинга: {name}, {academic_year(spec.year)}",
            "author": "Профориентир",
            "language": "ru-RU",
            "created": datetime(as_of(spec).year, as_of(spec).month, as_of(spec).day),
        }
    )
    f = _Formats(book)
    for sheet in spec.count_sheets:
        _count_sheet(book, f, spec, sheet)
    _targets_sheet(book, f, spec)
    for list_sheet in LIST_SHEETS:
        _list_sheet(book, f, spec, list_sheet)
    _meta_sheet(book, spec)
    book.close()
    return output.getvalue()


class _Formats:
    def __init__(self, book: Any) -> None:
        self.title = book.add_format({"bold": True, "font_size": 13, "locked": True})
        self.hint = book.add_format({"italic": True, "font_color": "#444444", "text_wrap": True, "valign": "top"})
        self.header = book.add_format(
            {"bold": True, "bottom": 1, "text_wrap": True, "valign": "top", "bg_color": "#E7E6E6"}
        )
        self.group = book.add_format({"bold": True, "top": 1})
        self.text = book.add_format({"text_wrap": True, "valign": "top"})
        self.number = book.add_format({"num_format": "0", "valign": "top"})
        self.decimal = book.add_format({"num_format": "0.0##", "valign": "top"})
        self.input = book.add_format(
            {"locked": False, "num_format": "0", "bg_color": "#FFF2CC", "border": 1, "border_color": "#BFBFBF"}
        )
        self.input_decimal = book.add_format(
            {"locked": False, "num_format": "0.0##", "bg_color": "#FFF2CC", "border": 1, "border_color": "#BFBFBF"}
        )
        self.input_text = book.add_format(
            {"locked": False, "text_wrap": True, "valign": "top", "bg_color": "#FFF2CC", "border": 1,
             "border_color": "#BFBFBF"}
        )
        self.input_date = book.add_format(
            {"locked": False, "num_format": "yyyy-mm-dd", "bg_color": "#FFF2CC", "border": 1, "border_color": "#BFBFBF"}
        )


def _head(ws: Any, f: _Formats, spec: FormSpec, heading: str, hint: str, last_col: int, first_col: int = 0) -> None:
    """Title and hint over the sheet; on sheets with the hidden id column they start right of it, or
    a spreadsheet that hides a merged cell's first column may hide its text as well."""
    title = f"{heading} — {spec.municipality.name}, {academic_year(spec.year)}"
    ws.merge_range(0, first_col, 0, last_col, title, f.title)
    ws.merge_range(1, first_col, 1, last_col, hint, f.hint)
    ws.set_row(1, 45)
    ws.protect("", {"format_columns": True, "format_rows": True, "autofilter": False})


def _columns(ws: Any, f: _Formats, *columns: tuple[int, str, int]) -> None:
    """The header row of a sheet of values: each column's title and width, the code column hidden, the
    header frozen (the sheets of counts and of targets share the layout of :mod:`form_layout`)."""
    for col, title, _width in columns:
        ws.write_string(FIRST_ROW - 1, col, title, f.header)
    for col, _title, width in columns:
        if col == ID_COL:
            ws.set_column(col, col, width, None, {"hidden": True})
        else:
            ws.set_column(col, col, width)
    ws.freeze_panes(FIRST_ROW, 0)


def _count_sheet(book: Any, f: _Formats, spec: FormSpec, sheet: CountSheet) -> None:
    ws = book.add_worksheet(sheet.title)
    hint = (
        f"Данные на {format_date_text(as_of(spec))} Вводите целые числа ≥ 0 в жёлтые ячейки столбца C; пустая ячейка — "
        f"нет данных (это не 0). Столбец «{spec.year - 1} г.» — прошлогоднее значение, для сверки. {PASSWORD_NOTE}"
    )
    _head(ws, f, spec, sheet.heading, hint, SOURCE_COL, TITLE_COL)
    _columns(
        ws,
        f,
        (ID_COL, "Код", 24),
        (TITLE_COL, "Первичные данные", 70),
        (INPUT_COL, f"{spec.year} г. (ввод)", 14),
        (UNIT_COL, "Единица", 9),
        (PREVIOUS_COL, f"{spec.year - 1} г.", 10),
        (SOURCE_COL, "Источник", 30),
    )
    row = FIRST_ROW
    for group, items in sheet.groups:
        if group is not None:
            ws.merge_range(row, TITLE_COL, row, SOURCE_COL, group, f.group)
            row += 1
        for item in items:
            ws.write_string(row, ID_COL, item.id)
            ws.write_string(row, TITLE_COL, item.title, f.text)
            if item.value is None:
                ws.write_blank(row, INPUT_COL, None, f.input)
            else:
                ws.write_number(row, INPUT_COL, item.value, f.input)
            ws.write_string(row, UNIT_COL, item.unit, f.text)
            if item.previous is not None:
                ws.write_number(row, PREVIOUS_COL, item.previous, f.number)
            ws.write_string(row, SOURCE_COL, item.source, f.text)
            ws.data_validation(
                row,
                INPUT_COL,
                row,
                INPUT_COL,
                {
                    "validate": "integer",
                    "criteria": ">=",
                    "value": 0,
                    "ignore_blank": True,
                    "error_title": "Нужно целое число",
                    "error_message": "Введите целое число, не меньше 0, или оставьте ячейку пустой (нет данных).",
                    "input_title": item.unit,
                    "input_message": item.title[:255],
                },
            )
            row += 1


def _targets_sheet(book: Any, f: _Formats, spec: FormSpec) -> None:
    ws = book.add_worksheet(TARGETS_TITLE)
    hint = (
        "Плановые значения муниципальной программы на этот год, в единицах показателя (доли — в процентах, "
        "дробная часть — через запятую). Если источник сообщает только, достигнут ли целевой показатель, без "
        f"планового значения, — слова {_words()}. Пустая ячейка — цели нет. {PASSWORD_NOTE}"
    )
    _head(ws, f, spec, TARGETS_TITLE, hint, PREVIOUS_COL, TITLE_COL)
    _columns(
        ws,
        f,
        (ID_COL, "Код", 24),
        (TITLE_COL, "Показатель", 70),
        (INPUT_COL, f"Цель на {spec.year} г. (ввод)", 14),
        (UNIT_COL, "Единица", 9),
        (PREVIOUS_COL, f"Цель {spec.year - 1} г.", 10),
    )
    for row, (ident, title, unit, value, previous, share) in enumerate(spec.targets, start=FIRST_ROW):
        ws.write_string(row, ID_COL, ident)
        ws.write_string(row, TITLE_COL, title, f.text)
        if value is None:
            ws.write_blank(row, INPUT_COL, None, f.input_decimal)
        elif isinstance(value, ReportedTarget):
            ws.write_string(row, INPUT_COL, reached_word(value), f.input_decimal)
        else:
            ws.write_number(row, INPUT_COL, value, f.input_decimal)
        ws.write_string(row, UNIT_COL, unit, f.text)
        if isinstance(previous, ReportedTarget):
            ws.write_string(row, PREVIOUS_COL, reached_word(previous), f.text)
        elif previous is not None:
            ws.write_number(row, PREVIOUS_COL, previous, f.decimal)
        ws.data_validation(row, INPUT_COL, row, INPUT_COL, _target_rule(row, share))


def _words() -> str:
    return " или ".join(f"«{word}»" for word in REACHED_WORDS)


def _target_rule(row: int, share: bool) -> dict[str, Any]:
    """A number from 0 (to 100 for a share), or one of the words of a target reported without its value; Excel
    compares text without case, and TRIM forgives the spaces (the import forgives the same)."""
    cell = xl_rowcol_to_cell(row, INPUT_COL)
    bound = f",{cell}<=100" if share else ""
    words = ",".join(f'TRIM({cell})="{word}"' for word in REACHED_WORDS)
    return {
        "validate": "custom",
        "value": f"=OR(AND(ISNUMBER({cell}),{cell}>=0{bound}),{words})",
        "ignore_blank": True,
        "error_title": "Нужно число или слова",
        "error_message": "Введите число не меньше 0"
        + (" и не больше 100" if share else "")
        + f" или {_words()}.",
    }


def _list_sheet(book: Any, f: _Formats, spec: FormSpec, sheet: ListSheet) -> None:
    ws = book.add_worksheet(sheet.title)
    required = ", ".join(f"«{c.title}»" for c in sheet.columns if c.required)
    hint = (
        f"Одна строка — один элемент; пустая строка пропускается. Обязательны: {required}. Даты — ГГГГ-ММ-ДД. "
        + (f"{sheet.note} " if sheet.note else "")
        + PASSWORD_NOTE
    )
    last = len(sheet.columns) - 1
    _head(ws, f, spec, sheet.title, hint, last)
    for col, column in enumerate(sheet.columns):
        ws.write_string(FIRST_ROW - 1, col, column.title, f.header)
        ws.set_column(col, col, column.width)
    ws.freeze_panes(FIRST_ROW, 0)
    items = spec.lists.get(sheet.role, [])
    end = FIRST_ROW + len(items) + sheet.rows - 1
    for col, column in enumerate(sheet.columns):
        fmt = f.input_date if column.kind == "date" else f.input_text
        for row in range(FIRST_ROW, end + 1):
            index = row - FIRST_ROW
            value = items[index].get(column.field) if index < len(items) else None
            if value is None:
                ws.write_blank(row, col, None, fmt)
            elif isinstance(value, date):
                ws.write_datetime(row, col, datetime(value.year, value.month, value.day), fmt)
            else:
                ws.write_string(row, col, str(value), fmt)
        if column.kind == "choice" and column.open:
            ws.data_validation(
                FIRST_ROW, col, end, col,
                {"validate": "list", "source": list(column.choices), "ignore_blank": True,
                 "error_type": "information", "error_title": "Не из списка",
                 "error_message": "Значение не из списка будет принято так, как написано."},
            )
        elif column.kind == "choice":
            ws.data_validation(
                FIRST_ROW, col, end, col,
                {"validate": "list", "source": list(column.choices), "ignore_blank": True,
                 "error_title": "Значение из списка", "error_message": "Выберите значение из списка."},
            )
        elif column.kind == "date":
            ws.data_validation(
                FIRST_ROW, col, end, col,
                {"validate": "date", "criteria": "between", "minimum": datetime(1990, 1, 1),
                 "maximum": datetime(2100, 12, 31), "ignore_blank": True,
                 "error_title": "Нужна дата", "error_message": "Введите дату в виде ГГГГ-ММ-ДД."},
            )


def _meta_sheet(book: Any, spec: FormSpec) -> None:
    """The hidden sheet that tells the import what the form is: year, municipality, the role of each sheet."""
    ws = book.add_worksheet(META_SHEET)
    rows: list[tuple[str, str]] = [
        ("form", FORM_MARK),
        ("version", str(FORM_VERSION)),
        ("year", str(spec.year)),
        ("municipality", spec.municipality.slug),
        ("schools", "yes" if spec.schools else "no"),
        # what the form was made from: the import refuses it for another file or for data changed since
        ("made_from", f"{spec.year}/{spec.municipality.slug}"),
        ("fingerprint", spec.fingerprint),
    ]
    rows += [("sheet:" + s.title, s.role) for s in spec.count_sheets]
    rows.append(("sheet:" + TARGETS_TITLE, "targets"))
    rows += [("sheet:" + s.title, s.role) for s in LIST_SHEETS]
    for index, (key, value) in enumerate(rows):
        ws.write_string(index, 0, key)
        ws.write_string(index, 1, value)
    ws.very_hidden()
    ws.protect("")
