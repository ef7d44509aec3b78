"""Excel forms for the officials who supply the data.

Officials and school staff work in Excel, not in YAML. A form holds every raw count the catalogue needs
in a year, grouped by the catalogue's sections, with the count's Russian title, unit, source and last
year's value for reference; the input cells take whole numbers ≥ 0 only (Excel data validation) and
everything else is locked. Sheets for targets, events, measures and decisions follow.

The form is read back by :mod:`generator.officials.form_reader`. What ties a row to the data is the count's id in a
hidden column and a hidden sheet naming the form's year, municipality and the role of every sheet, so an
official may reorder rows or rename nothing and the import still knows what each cell means. The layout
is described once here (:data:`COUNT_COLUMNS`, :data:`LIST_SHEETS`) and used by both directions.

The same data give the same bytes: the workbook's only date is the monitoring date of the form's year (31 May
unless the registry says otherwise).
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from generator.core.formatting import academic_year, format_date_text
from generator.inputs.catalogue import Catalogue
from generator.inputs.dataset import Dataset
from generator.inputs.models import (
    DECISION_KINDS,
    Decision,
    Event,
    Level,
    Measure,
    MeasureStatus,
    Municipality,
    YearFile,
)
from generator.inputs.monitoring import Monitoring

FORM_MARK = "proforientir-form"
FORM_VERSION = 1
META_SHEET = "_form"
PASSWORD_NOTE = "Лист защищён без пароля: «Рецензирование → Снять защиту листа»."
# Counts of no section are the population and the network of schools (see RawCount.section).
POPULATION_TITLE = "Контингент и сеть"
TARGETS_TITLE = "Целевые показатели"
# The fields of a year file a form shows and the import may change: what the form's fingerprint covers.
FINGERPRINT_FIELDS = frozenset({"counts", "schools", "targets", "events", "measures", "decisions"})
NO_FILE = "-"  # the fingerprint of a municipality and year with no file yet
FIRST_ROW = 4  # 0-based row of the first data row; rows above hold the title, the hint and the header

# Columns of a sheet of counts (0-based): the id is hidden, the input is C, so that a message says «ячейка C14».
ID_COL, TITLE_COL, INPUT_COL, UNIT_COL, PREVIOUS_COL, SOURCE_COL = range(6)


@dataclass(frozen=True)
class ListColumn:
    """One column of a list sheet (events, measures, decisions): the field it fills and how it is typed."""

    field: str
    title: str
    kind: str  # "text", "date", "choice", "ids"
    width: int
    required: bool = True
    choices: tuple[str, ...] = ()
    open: bool = False  # a choice that also takes other words: Excel offers the list and accepts the rest


@dataclass(frozen=True)
class ListSheet:
    role: str  # the YearFile field: events, measures, decisions
    title: str
    columns: tuple[ListColumn, ...]
    rows: int  # empty rows offered beyond the filled ones
    note: str = ""  # what the sheet's hint adds to the list of required columns


LIST_SHEETS: tuple[ListSheet, ...] = (
    ListSheet(
        "events",
        "Мероприятия",
        (
            ListColumn("date", "Дата (ГГГГ-ММ-ДД)", "date", 14),
            ListColumn("title", "Название мероприятия", "text", 60),
            ListColumn("level", "Уровень", "choice", 18, choices=tuple(level.value for level in Level)),
            ListColumn("link", "Ссылка (http:// или https://)", "text", 40, required=False),
        ),
        30,
    ),
    ListSheet(
        "measures",
        "Дорожная карта",
        (
            ListColumn("number", "Номер (например, 4.1.2)", "text", 12),
            ListColumn("title", "Мероприятие", "text", 50),
            ListColumn("deadline", "Срок (ГГГГ-ММ-ДД)", "date", 14, required=False),
            ListColumn("deadline_text", "Срок словами", "text", 20, required=False),
            ListColumn("responsible", "Ответственный (должность)", "text", 30, required=False),
            ListColumn("expected_result", "Ожидаемый результат", "text", 40, required=False),
            ListColumn(
                "status", "Статус", "choice", 16, required=False, choices=tuple(s.value for s in MeasureStatus)
            ),
            ListColumn("indicators", "Показатели (коды через запятую)", "ids", 30, required=False),
        ),
        30,
        note="Срок — датой или словами («в течение года», «сентябрь 2022 г.»): одно из двух.",
    ),
    ListSheet(
        "decisions",
        "Решения",
        (
            ListColumn(
                "kind",
                "Вид (по умолчанию — приказ)",
                "choice",
                16,
                required=False,
                choices=DECISION_KINDS,
                open=True,
            ),
            ListColumn("number", "Номер (если есть)", "text", 10, required=False),
            ListColumn("date", "Дата (ГГГГ-ММ-ДД, если есть)", "date", 14, required=False),
            ListColumn("title", "Название", "text", 60),
            ListColumn("link", "Ссылка (http:// или https://)", "text", 40, required=False),
            ListColumn("indicators", "Показатели (коды через запятую)", "ids", 30, required=False),
        ),
        20,
        note="Вид — из списка или своими словами («письмо», «протокол совещания»).",
    ),
)


@dataclass(frozen=True)
class CountRow:
    id: str
    title: str
    unit: str
    source: str
    value: int | None
    previous: int | None


@dataclass(frozen=True)
class CountSheet:
    role: str  # "counts:<section id or ->" or "school:<school id>"
    title: str  # the sheet's name in the workbook
    heading: str
    groups: tuple[tuple[str | None, tuple[CountRow, ...]], ...]  # (group heading or None, rows)


@dataclass
class FormSpec:
    """Everything a form shows, as plain data: what :func:`render_form` lays out."""

    year: int
    municipality: Municipality
    schools: bool
    as_of: date | None = None  # the monitoring date of the year; None — 31 May
    count_sheets: list[CountSheet] = field(default_factory=list)
    targets: list[tuple[str, str, str, float | None, float | None, bool]] = field(default_factory=list)
    lists: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    fingerprint: str = NO_FILE  # of the data the form was made from: see data_fingerprint


def data_fingerprint(data: YearFile | None) -> str:
    """A short digest of the values of a year file that a form shows and the import writes back.

    The form keeps it in its hidden sheet; the import compares it with the file as it is now and refuses a
    form made from older data, which would silently revert the newer values. Only these values count: a
    comment, a key order or an edited analysis text do not make a form stale (the import keeps them).
    """
    if data is None:
        return NO_FILE
    payload = data.model_dump(mode="json", include=set(FINGERPRINT_FIELDS))
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def needed_counts(catalogue: Catalogue, year: int) -> list[str]:
    """The raw counts the indicators of ``year`` are computed from, and the wholes they are checked against.

    In the catalogue's order, so the form reads like the catalogue.
    """
    wanted: set[str] = set()
    for indicator in catalogue.indicators.values():
        if indicator.exists_in(year):
            for name in (indicator.numerator, indicator.denominator):
                if name is not None:
                    wanted.update(catalogue.components(name))
    stack = list(wanted)
    while stack:
        whole = catalogue.counts[stack.pop()].part_of
        if whole is not None:
            for part in catalogue.components(whole):
                if part not in wanted:
                    wanted.add(part)
                    stack.append(part)
    return [name for name in catalogue.counts if name in wanted]


def section_groups(catalogue: Catalogue, names: Iterable[str]) -> list[tuple[str | None, str, list[str]]]:
    """(section id, title, counts) in the order of the site's sections, the population first."""
    names = list(names)
    groups: list[tuple[str | None, str, list[str]]] = []
    population = [n for n in names if catalogue.counts[n].section is None]
    if population:
        groups.append((None, POPULATION_TITLE, population))
    for section in catalogue.declared.sections.values():  # a count may serve an indicator of another section
        inside = [n for n in names if catalogue.counts[n].section == section.id]
        if inside:
            groups.append((section.id, section.title, inside))
    return groups


def _tab_title(catalogue: Catalogue, section_id: str | None, title: str) -> str:
    """A section's sheet is named by its short title in the catalogue, where it has one (Excel takes 31 characters)."""
    section = catalogue.declared.sections.get(section_id) if section_id else None
    return section.short_title if section is not None and section.short_title else title


def sheet_name(text: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (≤ 31 characters, none of []:*?/\\) and not used yet in the workbook."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in text).strip().strip("'") or "Лист"
    name = _cut(cleaned, 31)
    number = 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f" ({number})"
        name = _cut(cleaned, 31 - len(suffix)) + suffix
        number += 1
    taken.add(name)
    return name


def _cut(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut after a whole word where that keeps most of the text: «Профориентация
    обучающихся с» reads better on a sheet tab than «Профориентация обучающихся с ОВ»."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    if not text[limit].isspace():
        whole = head[: head.rfind(" ")] if " " in head else ""
        head = whole if len(whole) >= limit * 2 // 3 else head  # a long last word: keep what fits of it
    return head.rstrip(" ,;—–-")


def form_spec(dataset: Dataset, year: int, slug: str, *, schools: bool = False) -> FormSpec:
    """What the form of a municipality for ``year`` holds: this year's values if any, last year's beside them."""
    catalogue = dataset.catalogue
    municipality = next(m for m in dataset.registry.municipalities if m.slug == slug)
    current = dataset.entries.get((year, slug))
    previous = dataset.entries.get((year - 1, slug))
    spec = FormSpec(year, municipality, schools, dataset.monitoring_date(year))
    spec.fingerprint = data_fingerprint(current.data if current is not None else None)
    taken = {META_SHEET}
    names = needed_counts(catalogue, year)

    def rows(ids: list[str], value: Callable[[str], int | None], before: Callable[[str], int | None]) -> tuple:
        return tuple(
            CountRow(
                n, catalogue.counts[n].title, catalogue.counts[n].unit, catalogue.counts[n].source, value(n), before(n)
            )
            for n in ids
        )

    # In a form by schools the municipal sheets take what the file gives for the municipality as a whole;
    # otherwise they show the municipal totals, summed from the schools where the file has schools only.
    municipal = (current.data.counts if schools else current.counts) if current is not None else {}
    last = previous.counts if previous is not None else {}
    for section_id, title, ids in section_groups(catalogue, names):
        spec.count_sheets.append(
            CountSheet(
                f"counts:{section_id or '-'}",
                sheet_name(_tab_title(catalogue, section_id, title), taken),
                title,
                ((None, rows(ids, municipal.get, last.get)),),
            )
        )
    if schools:
        given = {s.school: s.counts for s in current.data.schools} if current is not None else {}
        before = {s.school: s.counts for s in previous.data.schools} if previous is not None else {}
        for school in municipality.schools:
            mine, old = given.get(school.id, {}), before.get(school.id, {})
            groups = tuple(
                (title, rows(ids, mine.get, old.get)) for _, title, ids in section_groups(catalogue, names)
            )
            title = sheet_name(school.name, taken)
            spec.count_sheets.append(CountSheet(f"school:{school.id}", title, school.name, groups))

    targets = current.data.targets if current is not None else {}
    old_targets = previous.data.targets if previous is not None else {}
    for indicator in catalogue.indicators.values():
        if indicator.exists_in(year):
            share = indicator.kind.value == "share"
            spec.targets.append(
                (
                    indicator.id,
                    indicator.title,
                    catalogue.unit(indicator),
                    targets.get(indicator.id),
                    old_targets.get(indicator.id),
                    share,
                )
            )
    data = current.data if current is not None else None
    spec.lists = {
        "events": [list_row(e) for e in data.events] if data else [],
        "measures": [list_row(m) for m in data.measures] if data else [],
        "decisions": [list_row(d) for d in data.decisions] if data else [],
    }
    return spec


def list_row(item: Event | Measure | Decision) -> dict[str, Any]:
    """A list item as the cells of its row: enums as their Russian words, indicator lists as «a, b»."""
    row: dict[str, Any] = {}
    for name, value in item.model_dump().items():
        if value is None or value == []:
            continue
        if isinstance(value, list):
            row[name] = ", ".join(value)
        elif hasattr(value, "value"):
            row[name] = value.value
        else:
            row[name] = value
    return row


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


def _count_sheet(book: Any, f: _Formats, spec: FormSpec, sheet: CountSheet) -> None:
    ws = book.add_worksheet(sheet.title)
    hint = (
        f"Данные на {format_date_text(as_of(spec))} Вводите целые числа ≥ 0 в жёлтые ячейки столбца C; пустая ячейка — "
        f"нет данных (это не 0). Столбец «{spec.year - 1} г.» — прошлогоднее значение, для сверки. {PASSWORD_NOTE}"
    )
    _head(ws, f, spec, sheet.heading, hint, SOURCE_COL, TITLE_COL)
    for col, title in (
        (ID_COL, "Код"),
        (TITLE_COL, "Первичные данные"),
        (INPUT_COL, f"{spec.year} г. (ввод)"),
        (UNIT_COL, "Единица"),
        (PREVIOUS_COL, f"{spec.year - 1} г."),
        (SOURCE_COL, "Источник"),
    ):
        ws.write_string(FIRST_ROW - 1, col, title, f.header)
    ws.set_column(ID_COL, ID_COL, 24, None, {"hidden": True})
    ws.set_column(TITLE_COL, TITLE_COL, 70)
    ws.set_column(INPUT_COL, INPUT_COL, 14)
    ws.set_column(UNIT_COL, UNIT_COL, 9)
    ws.set_column(PREVIOUS_COL, PREVIOUS_COL, 10)
    ws.set_column(SOURCE_COL, SOURCE_COL, 30)
    ws.freeze_panes(FIRST_ROW, 0)
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
        f"дробная часть — через запятую). Пустая ячейка — цели нет. {PASSWORD_NOTE}"
    )
    _head(ws, f, spec, TARGETS_TITLE, hint, PREVIOUS_COL, TITLE_COL)
    for col, title in (
        (ID_COL, "Код"),
        (TITLE_COL, "Показатель"),
        (INPUT_COL, f"Цель на {spec.year} г. (ввод)"),
        (UNIT_COL, "Единица"),
        (PREVIOUS_COL, f"Цель {spec.year - 1} г."),
    ):
        ws.write_string(FIRST_ROW - 1, col, title, f.header)
    ws.set_column(ID_COL, ID_COL, 24, None, {"hidden": True})
    ws.set_column(TITLE_COL, TITLE_COL, 70)
    ws.set_column(INPUT_COL, INPUT_COL, 14)
    ws.set_column(UNIT_COL, UNIT_COL, 9)
    ws.set_column(PREVIOUS_COL, PREVIOUS_COL, 10)
    ws.freeze_panes(FIRST_ROW, 0)
    for row, (ident, title, unit, value, previous, share) in enumerate(spec.targets, start=FIRST_ROW):
        ws.write_string(row, ID_COL, ident)
        ws.write_string(row, TITLE_COL, title, f.text)
        if value is None:
            ws.write_blank(row, INPUT_COL, None, f.input_decimal)
        else:
            ws.write_number(row, INPUT_COL, value, f.input_decimal)
        ws.write_string(row, UNIT_COL, unit, f.text)
        if previous is not None:
            ws.write_number(row, PREVIOUS_COL, previous, f.decimal)
        rule: dict[str, Any] = {
            "validate": "decimal",
            "ignore_blank": True,
            "error_title": "Нужно число",
            "error_message": "Введите число не меньше 0" + (" и не больше 100." if share else "."),
        }
        rule |= {"criteria": "between", "minimum": 0, "maximum": 100} if share else {"criteria": ">=", "value": 0}
        ws.data_validation(row, INPUT_COL, row, INPUT_COL, rule)


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
