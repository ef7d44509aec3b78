"""The values of a filled form: each cell checked and read into what the year file holds.

Why a module of its own: this is where a cell becomes a count, a target, an event or a decision, and
where every cell that cannot become one is reported with its sheet and cell, all at once («Лист «Ранняя
профориентация», ячейка C14: ожидается целое число ≥ 0, указано «12,5»»). Opening the file safely is
:mod:`generator.officials.workbook`'s; writing the values into the year file is
:mod:`generator.officials.merge`'s.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.inputs.catalogue import Catalogue
from generator.inputs.fields import MAX_VALUE
from generator.inputs.models import Decision, Event, Measure, ReportedTarget
from generator.inputs.problems import pydantic_message, shown
from generator.inputs.registry_model import RegistryFile
from generator.officials.form_layout import (
    FIRST_ROW,
    FORM_MARK,
    FORM_VERSION,
    ID_COL,
    INPUT_COL,
    LIST_SHEETS,
    META_SHEET,
    ListSheet,
)
from generator.officials.forms import REACHED_WORDS
from generator.officials.workbook import (
    MAX_ROWS,
    NOT_XLSX,
    CellError,
    blank,
    cell_name,
    data_rows,
    formula_errors,
    sheet_size,
    too_big,
)

LIST_MODELS: dict[str, type[BaseModel]] = {"events": Event, "measures": Measure, "decisions": Decision}


@dataclass
class FormData:
    """The values of a filled form; ``None`` — the cell is empty (no data)."""

    year: int
    slug: str
    schools: bool
    counts: dict[str, int | None] = field(default_factory=dict)
    school_counts: dict[str, dict[str, int | None]] = field(default_factory=dict)
    targets: dict[str, float | ReportedTarget | None] = field(default_factory=dict)
    lists: dict[str, list[BaseModel]] = field(default_factory=dict)
    cells: dict[str, tuple[str, str]] = field(default_factory=dict)  # count id → (sheet, cell) of the municipality
    made_from: str | None = None  # «<year>/<slug>» of the file the form was made from (None: an old form)
    fingerprint: str | None = None  # of that file's values then (see forms.data_fingerprint)


def _count(value: Any) -> tuple[int | None, str | None]:
    """A whole number ≥ 0 from a cell, or the Russian reason it is not."""
    if blank(value):
        return None, None
    if isinstance(value, bool):
        return None, f"ожидается целое число ≥ 0, указано «{'ИСТИНА' if value else 'ЛОЖЬ'}»"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "")
        if re.fullmatch(r"\d+", text):
            value = int(text)
        else:
            return None, f"ожидается целое число ≥ 0, указано «{shown(value.strip())}»"
    if isinstance(value, float):
        written = f"{value:g}".replace(".", ",")
        return None, f"ожидается целое число ≥ 0, указано «{written}»"
    if not isinstance(value, int):
        return None, f"ожидается целое число ≥ 0, указано «{shown(str(value))}»"
    if value < 0:
        return None, f"ожидается целое число ≥ 0, указано «{value}»"
    if value > MAX_VALUE:
        return None, f"число {value} слишком велико: допускается не больше {MAX_VALUE:,}".replace(",", "\u00a0")
    return value, None


def _amount(value: Any, share: bool) -> tuple[float | None, str | None]:
    if blank(value):
        return None, None
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".").removesuffix("%")
        if re.fullmatch(r"\d+(\.\d+)?", text):
            number = float(text)
    if number is None or number < 0 or number != number:
        return None, f"ожидается число ≥ 0, указано «{shown(str(value))}»"
    if share and number > 100:
        return None, f"целевая доля должна быть не больше 100 %, указано «{value}»"
    return number, None


def _date(value: Any) -> Any:
    """A date cell: Excel's date, or the text ГГГГ-ММ-ДД / ДД.ММ.ГГГГ; anything else goes to the model as typed."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
        if match:
            return f"{match.group(3)}-{int(match.group(2)):02d}-{int(match.group(1)):02d}"
        return text
    return value


def _meta(book: Any) -> tuple[dict[str, str], dict[str, str]] | None:
    if META_SHEET not in book.sheetnames:
        return None
    meta: dict[str, str] = {}
    sheets: dict[str, str] = {}
    for row in book[META_SHEET].iter_rows(max_row=MAX_ROWS, max_col=2, values_only=True):
        key, value = (*row, None, None)[:2]
        if not isinstance(key, str):
            continue
        if key.startswith("sheet:"):
            sheets[key.removeprefix("sheet:")] = str(value)
        else:
            meta[key] = str(value)
    return (meta, sheets) if meta.get("form") == FORM_MARK else None


def read_form(
    source: Path | bytes, catalogue: Catalogue, registry: RegistryFile
) -> tuple[FormData | None, list[CellError]]:
    """Every value of a filled form, or every error of it (sheet and cell), never half of each."""
    from openpyxl import load_workbook

    errors: list[CellError] = []
    refused = too_big(source)
    if refused:
        return None, [CellError("—", "", refused)]
    try:
        # Read-only: the sheets are streamed, so a cell written at XFD1048576 costs nothing to open.
        book = load_workbook(
            io.BytesIO(source) if isinstance(source, bytes) else source, data_only=True, read_only=True
        )
    except Exception:  # a file that is not XLSX: zipfile, KeyError, XML errors
        return None, [CellError("—", "", NOT_XLSX)]
    try:
        return _read_book(book, source, catalogue, registry, errors)
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, SyntaxError):
        # a damaged sheet inside a readable book: its packed XML breaks off while it is read
        return None, [CellError("—", "", NOT_XLSX)]
    finally:
        book.close()


def _read_book(
    book: Any, source: Path | bytes, catalogue: Catalogue, registry: RegistryFile, errors: list[CellError]
) -> tuple[FormData | None, list[CellError]]:
    found = _meta(book)
    if found is None:
        message = "это не форма Профориентира: создайте форму командой `proforientir form <год> --municipality <slug>`"
        return None, [CellError(book.sheetnames[0] if book.sheetnames else "—", "", message)]
    meta, roles = found
    version = meta.get("version", "")
    if version not in {str(v) for v in range(1, FORM_VERSION + 1)}:
        message = (
            f"форма версии «{shown(version)}», а эта версия Профориентира читает версии 1–{FORM_VERSION}: создайте "
            "форму заново командой `proforientir form <год> --municipality <slug>` и перенесите в неё значения"
        )
        return None, [CellError(META_SHEET, "", message)]
    slug = meta.get("municipality", "")
    municipality = next((m for m in registry.municipalities if m.slug == slug), None)
    if municipality is None:
        return None, [CellError(META_SHEET, "", f"муниципалитета «{slug}» нет в реестре region.yaml")]
    year = meta.get("year", "").strip()
    if not re.fullmatch(r"\d{4}", year):
        message = (
            f"на скрытом листе формы год «{shown(year)}» вместо четырёх цифр: форма повреждена — создайте её заново "
            "командой `proforientir form <год> --municipality <slug>` и перенесите в неё значения"
        )
        return None, [CellError(META_SHEET, "", message)]
    form = FormData(int(year), slug, meta.get("schools") == "yes")
    form.made_from, form.fingerprint = meta.get("made_from"), meta.get("fingerprint")
    schools = {s.id for s in municipality.schools}
    # where each value was read: (destination, id) → (sheet, cell); a value may be given in one place only
    places: dict[tuple[str, str], tuple[str, str]] = {}
    list_roles: dict[str, str] = {}
    errors += formula_errors(source, roles, book)
    for title, role in roles.items():
        if title not in book.sheetnames:
            errors.append(CellError(title, "", "лист удалён или переименован: верните его или создайте форму заново"))
            continue
        ws = book[title]
        oversized = sheet_size(ws, title)
        if oversized is not None:
            errors.append(oversized)
            continue
        if role.startswith("counts:"):
            _read_counts(ws, title, catalogue, form.counts, errors, form.cells, places, "counts")
        elif role.startswith("school:"):
            school = role.removeprefix("school:")
            if school not in schools:
                errors.append(CellError(title, "", f"школы «{school}» нет в реестре для «{slug}»"))
                continue
            into = form.school_counts.setdefault(school, {})
            _read_counts(ws, title, catalogue, into, errors, None, places, role)
        elif role == "targets":
            _read_targets(ws, title, catalogue, form.targets, errors, places)
        else:
            sheet = next((s for s in LIST_SHEETS if s.role == role), None)
            if sheet is not None:
                if role in list_roles:
                    message = f"лист «{list_roles[role]}» уже содержит этот список: создайте форму заново"
                    errors.append(CellError(title, "", message))
                    continue
                list_roles[role] = title
                columns = replace(sheet, columns=sheet.columns_of(int(version)))  # an older form's own columns
                form.lists[role] = _read_list(ws, title, columns, catalogue, errors)
    return (None, errors) if errors else (form, [])


def _place(
    places: dict[tuple[str, str], tuple[str, str]], key: tuple[str, str], sheet: str, cell: str, what: str
) -> str | None:
    """Record where a value was read; the message when it was read elsewhere already."""
    if key in places:
        other_sheet, other_cell = places[key]
        where = "на этом листе" if other_sheet == sheet else f"на листе «{other_sheet}»"
        return f"{what} уже есть {where} (ячейка {other_cell}): оставьте одну строку, ничего не записано"
    places[key] = (sheet, cell)
    return None


def _read_counts(
    ws: Any,
    title: str,
    catalogue: Catalogue,
    into: dict[str, int | None],
    errors: list[CellError],
    cells: dict[str, tuple[str, str]] | None,
    places: dict[tuple[str, str], tuple[str, str]],
    destination: str,
) -> None:
    for r, row in enumerate(data_rows(ws), start=FIRST_ROW):
        ident = row[ID_COL] if len(row) > ID_COL else None
        value = row[INPUT_COL] if len(row) > INPUT_COL else None
        if blank(ident):
            if not blank(value):
                message = "значение в строке без кода счётчика (скрытый столбец A)"
                errors.append(CellError(title, cell_name(r, INPUT_COL), message))
            continue
        ident = str(ident).strip()
        if ident not in catalogue.counts:
            errors.append(CellError(title, cell_name(r, ID_COL), f"неизвестный код счётчика «{shown(ident)}»"))
            continue
        twice = _place(places, (destination, ident), title, cell_name(r, INPUT_COL), f"счётчик «{ident}»")
        if twice:
            errors.append(CellError(title, cell_name(r, INPUT_COL), twice))
            continue
        number, problem = _count(value)
        if problem:
            errors.append(CellError(title, cell_name(r, INPUT_COL), problem))
            continue
        into[ident] = number
        if cells is not None:
            cells[ident] = (title, cell_name(r, INPUT_COL))


def _read_targets(
    ws: Any,
    title: str,
    catalogue: Catalogue,
    into: dict[str, float | ReportedTarget | None],
    errors: list[CellError],
    places: dict[tuple[str, str], tuple[str, str]],
) -> None:
    for r, row in enumerate(data_rows(ws), start=FIRST_ROW):
        ident = row[ID_COL] if len(row) > ID_COL else None
        if blank(ident):
            continue
        ident = str(ident).strip()
        indicator = catalogue.indicators.get(ident)
        if indicator is None:
            errors.append(CellError(title, cell_name(r, ID_COL), f"неизвестный код показателя «{shown(ident)}»"))
            continue
        twice = _place(places, ("targets", ident), title, cell_name(r, INPUT_COL), f"цель «{ident}»")
        if twice:
            errors.append(CellError(title, cell_name(r, INPUT_COL), twice))
            continue
        cell = row[INPUT_COL] if len(row) > INPUT_COL else None
        reached = _reached(cell)
        if reached is not None:
            into[ident] = ReportedTarget(reached=reached)
            continue
        value, problem = _amount(cell, indicator.kind.value == "share")
        if problem:
            if isinstance(cell, str) and not re.search(r"\d", cell):
                accepted = " или ".join(f"«{word}»" for word in REACHED_WORDS)
                problem = f"ожидается число ≥ 0 или слова {accepted}, указано «{shown(cell)}»"
            errors.append(CellError(title, cell_name(r, INPUT_COL), problem))
            continue
        into[ident] = value


def _reached(value: Any) -> bool | None:
    """A target cell's word for a target reported met or not without its value (case and spaces forgiven)."""
    if not isinstance(value, str):
        return None
    return REACHED_WORDS.get(" ".join(value.replace("\u00a0", " ").split()).lower())


def _read_list(ws: Any, title: str, sheet: ListSheet, catalogue: Catalogue, errors: list[CellError]) -> list[BaseModel]:
    model = LIST_MODELS[sheet.role]
    items: list[BaseModel] = []
    for r, row in enumerate(data_rows(ws), start=FIRST_ROW):
        cells = list(row[: len(sheet.columns)]) + [None] * (len(sheet.columns) - len(row))
        if all(blank(v) for v in cells):
            continue
        raw: dict[str, Any] = {}
        where: dict[str, int] = {}
        errors_before = len(errors)
        for col, (column, value) in enumerate(zip(sheet.columns, cells, strict=True)):
            where[column.field] = col
            if blank(value):
                if column.required:
                    message = f"не заполнено обязательное поле «{column.title}»"
                    errors.append(CellError(title, cell_name(r, col), message))
                continue
            if column.kind == "date":
                raw[column.field] = _date(value)
            elif column.kind == "lines":
                # Excel's Alt+Enter is a line feed; a cell pasted from Word may hold \r\n or a lone \r.
                lines = [line.strip() for line in str(value).splitlines()]
                raw[column.field] = [line for line in lines if line]
            elif column.kind == "ids":
                names = [n.strip() for n in re.split(r"[,;\s]+", str(value)) if n.strip()]
                unknown = [n for n in names if n not in catalogue.indicators]
                if unknown:
                    listed = ", ".join(f"«{shown(n)}»" for n in unknown)
                    errors.append(CellError(title, cell_name(r, col), f"неизвестные коды показателей: {listed}"))
                raw[column.field] = names
            elif isinstance(value, float) and value.is_integer():
                raw[column.field] = str(int(value))
            else:
                raw[column.field] = str(value).strip() if not isinstance(value, str) else value.strip()
        if len(errors) > errors_before:  # the model would only repeat what is said about the row already
            continue
        try:
            items.append(model.model_validate(raw))
        except ValidationError as exc:
            for error in exc.errors():
                # An error of the whole row (a measure without either deadline) names its column in its context.
                name = str(error["loc"][0]) if error["loc"] else str((error.get("ctx") or {}).get("field", ""))
                col = where.get(name, 0)
                errors.append(CellError(title, cell_name(r, col), pydantic_message(error)))
    return items
