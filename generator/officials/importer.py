"""Reading a filled Excel form back into ``data/<year>/<slug>.yaml``.

This is one of the few commands whose job is to write into ``data/``, and it writes only when everything
is right: every cell is checked first, every error is reported at once with its sheet and cell
(«Лист «Ранняя профориентация», ячейка C14: ожидается целое число ≥ 0, указано «12,5»»), then the
resulting file goes through the project's normal validation together with the rest of the data (a part
never exceeds its whole, a school sum equals the municipal total…). Only then is the file written.

An existing file is edited in place with a round-trip YAML library (ruamel.yaml): its comments, its key
order, its texts (analysis, goals) and everything the form does not hold survive; a value the form did not
change is not touched. A list (events, measures, decisions) is rewritten only when the form changed it.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
import zlib
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.build.validate import validate
from generator.core.files import TextStyle, read_text, write_if_changed
from generator.inputs.catalogue import Catalogue
from generator.inputs.catalogue_file import load_catalogue
from generator.inputs.dataset import CATALOGUE_FILE, REGISTRY_FILE
from generator.inputs.fields import MAX_VALUE
from generator.inputs.models import Decision, Event, Measure, RegistryFile, YearFile
from generator.inputs.parse import parse_model
from generator.inputs.problems import Problem, Severity, display_path, pydantic_message, shown
from generator.inputs.registry import load_registry
from generator.inputs.source import YamlSyntaxError, parse_yaml, round_trip_yaml
from generator.officials.forms import (
    FIRST_ROW,
    FORM_MARK,
    FORM_VERSION,
    ID_COL,
    INPUT_COL,
    LIST_SHEETS,
    META_SHEET,
    ListSheet,
    data_fingerprint,
)

SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/municipality-year.schema.json\n"
LIST_MODELS: dict[str, type[BaseModel]] = {"events": Event, "measures": Measure, "decisions": Decision}

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


@dataclass
class FormData:
    """The values of a filled form; ``None`` — the cell is empty (no data)."""

    year: int
    slug: str
    schools: bool
    counts: dict[str, int | None] = field(default_factory=dict)
    school_counts: dict[str, dict[str, int | None]] = field(default_factory=dict)
    targets: dict[str, float | None] = field(default_factory=dict)
    lists: dict[str, list[BaseModel]] = field(default_factory=dict)
    cells: dict[str, tuple[str, str]] = field(default_factory=dict)  # count id → (sheet, cell) of the municipality
    made_from: str | None = None  # «<year>/<slug>» of the file the form was made from (None: an old form)
    fingerprint: str | None = None  # of that file's values then (see forms.data_fingerprint)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _count(value: Any) -> tuple[int | None, str | None]:
    """A whole number ≥ 0 from a cell, or the Russian reason it is not."""
    if _blank(value):
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
    if _blank(value):
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
    refused = _too_big(source)
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


def _too_big(source: Path | bytes) -> str | None:
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


def _sheet_size(ws: Any, title: str) -> CellError | None:
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


def _rows(ws: Any) -> Any:
    """The data rows of a sheet, never past the limits (a sheet's own dimension may understate them)."""
    return ws.iter_rows(min_row=FIRST_ROW + 1, max_row=MAX_ROWS, max_col=MAX_COLUMNS, values_only=True)


def _read_book(
    book: Any, source: Path | bytes, catalogue: Catalogue, registry: RegistryFile, errors: list[CellError]
) -> tuple[FormData | None, list[CellError]]:
    found = _meta(book)
    if found is None:
        message = "это не форма Профориентира: создайте форму командой `proforientir form <год> --municipality <slug>`"
        return None, [CellError(book.sheetnames[0] if book.sheetnames else "—", "", message)]
    meta, roles = found
    if meta.get("version") != str(FORM_VERSION):
        return None, [CellError(META_SHEET, "", f"форма версии {meta.get('version')}, а ожидается {FORM_VERSION}")]
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
    errors += _formula_errors(source, roles, book)
    for title, role in roles.items():
        if title not in book.sheetnames:
            errors.append(CellError(title, "", "лист удалён или переименован: верните его или создайте форму заново"))
            continue
        ws = book[title]
        oversized = _sheet_size(ws, title)
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
                form.lists[role] = _read_list(ws, title, sheet, catalogue, errors)
    return (None, errors) if errors else (form, [])


def _formula_errors(source: Path | bytes, roles: dict[str, str], values: Any) -> list[CellError]:
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
                if any(c in read and not _blank(getattr(cell, "value", None)) for c, cell in enumerate(row)):
                    filled.add(r + 1)
                for c, cell in enumerate(row):
                    if c not in read or getattr(cell, "data_type", None) != "f":
                        continue
                    formula = shown(str(getattr(cell.value, "text", cell.value)))
                    name = cell_name(r, c)
                    cached = values[title][name].value
                    if _blank(cached):
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
    for r, row in enumerate(_rows(ws), start=FIRST_ROW):
        ident = row[ID_COL] if len(row) > ID_COL else None
        value = row[INPUT_COL] if len(row) > INPUT_COL else None
        if _blank(ident):
            if not _blank(value):
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
    into: dict[str, float | None],
    errors: list[CellError],
    places: dict[tuple[str, str], tuple[str, str]],
) -> None:
    for r, row in enumerate(_rows(ws), start=FIRST_ROW):
        ident = row[ID_COL] if len(row) > ID_COL else None
        if _blank(ident):
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
        value, problem = _amount(row[INPUT_COL] if len(row) > INPUT_COL else None, indicator.kind.value == "share")
        if problem:
            errors.append(CellError(title, cell_name(r, INPUT_COL), problem))
            continue
        into[ident] = value


def _read_list(ws: Any, title: str, sheet: ListSheet, catalogue: Catalogue, errors: list[CellError]) -> list[BaseModel]:
    model = LIST_MODELS[sheet.role]
    items: list[BaseModel] = []
    for r, row in enumerate(_rows(ws), start=FIRST_ROW):
        cells = list(row[: len(sheet.columns)]) + [None] * (len(sheet.columns) - len(row))
        if all(_blank(v) for v in cells):
            continue
        raw: dict[str, Any] = {}
        where: dict[str, int] = {}
        errors_before = len(errors)
        for col, (column, value) in enumerate(zip(sheet.columns, cells, strict=True)):
            where[column.field] = col
            if _blank(value):
                if column.required:
                    message = f"не заполнено обязательное поле «{column.title}»"
                    errors.append(CellError(title, cell_name(r, col), message))
                continue
            if column.kind == "date":
                raw[column.field] = _date(value)
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


# --- writing the YAML file -----------------------------------------------------------------------


def _update_map(target: Any, values: dict[str, Any], order: list[str]) -> None:
    """Set, add (in catalogue order) and remove the keys the form holds; leave every other key as it is."""
    rank = {name: i for i, name in enumerate(order)}
    for name in order:
        if name not in values:
            continue
        value = values[name]
        if value is None:
            if name in target:
                _delete_keeping_comments(target, name)
            continue
        if name in target:
            if target[name] != value:  # an equal value keeps its spelling (65.0, 65)
                target[name] = value
            continue
        keys = list(target.keys())
        before = [i for i, k in enumerate(keys) if rank.get(k, -1) < rank[name] and k in rank]
        target.insert(before[-1] + 1 if before else 0, name, value)


def _headings(counts: Any, catalogue: Catalogue, indent: int) -> None:
    """In a new file, the title of each form section above its first count, as the hand-written files have."""
    from generator.officials.forms import section_groups

    for _, title, names in section_groups(catalogue, [n for n in catalogue.counts if n in counts]):
        counts.yaml_set_comment_before_after_key(names[0], before=title, indent=indent)


def _delete_keeping_comments(target: Any, name: str) -> None:
    """Remove a key; the comment lines that followed it (a section heading above the next key) stay.

    ruamel.yaml keeps the comment lines between two keys with the first of them, so deleting that key would
    delete the heading of the next group as well.
    """
    from ruamel.yaml.tokens import CommentToken

    keys = list(target.keys())
    index = keys.index(name)
    token = target.ca.items.get(name, [None, None, None, None])[2]
    del target[name]
    target.ca.items.pop(name, None)
    if token is None:
        return
    # Only full comment lines after the key are worth keeping; its end-of-line comment went with it.
    text = token.value
    lines = text.split("\n", 1)[1] if not text.startswith("\n") and "\n" in text else text.lstrip("\n")
    if not lines.strip():
        return
    if index == 0:
        return  # the heading stays lost rather than moving above the parent key
    previous = keys[index - 1]
    slot = target.ca.items.setdefault(previous, [None, None, None, None])
    before = slot[2].value if slot[2] is not None else "\n"
    slot[2] = CommentToken(before + lines, token.start_mark, None)


def _list_value(item: BaseModel) -> Any:
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    out = CommentedMap()
    for name, value in item.model_dump(exclude_none=True).items():
        if value == [] or (name == "kind" and value == "приказ" and isinstance(item, Decision)):
            continue
        value = value.value if hasattr(value, "value") else value
        # Numbers of measures and decisions are text; the hand-written files quote them with double quotes.
        out[name] = DoubleQuotedScalarString(value) if name == "number" else value
    return out


def merge(
    existing: str | None,
    form: FormData,
    catalogue: Catalogue,
    current: Any | None,
    summed: dict[str, int] | None = None,
) -> str:
    """The text of the yearly file after the form: ``existing`` edited in place, or a new file.

    ``summed``: the municipal totals the file does not give but sums from its schools. A municipal form
    shows them; left as they were, they stay sums and are not written as municipal counts.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = round_trip_yaml()
    doc = yaml.load(existing) if existing else None
    if not isinstance(doc, CommentedMap):
        doc = CommentedMap()
        doc["municipality"] = form.slug
        doc["year"] = form.year
    count_order = list(catalogue.counts)

    def section(key: str, after: tuple[str, ...]) -> Any:
        if key not in doc:
            keys = list(doc.keys())
            position = max([keys.index(k) + 1 for k in after if k in doc], default=len(keys))
            doc.insert(position, key, CommentedMap() if key in {"counts", "targets"} else CommentedSeq())
        return doc[key]

    fresh = "counts" not in doc
    if any(v is not None and not (summed and summed.get(n) == v) for n, v in form.counts.items()) or "counts" in doc:
        counts = {
            name: value
            for name, value in form.counts.items()
            if not (summed and name in summed and value == summed[name])
        }
        _update_map(section("counts", ("year",)), counts, count_order)
        if fresh:
            _headings(doc["counts"], catalogue, indent=2)
    any_school_value = any(v is not None for c in form.school_counts.values() for v in c.values())
    if form.schools and form.school_counts and (any_school_value or "schools" in doc):
        schools = section("schools", ("counts", "year"))
        for school, values in form.school_counts.items():
            item = next((s for s in schools if isinstance(s, dict) and s.get("school") == school), None)
            if item is None:
                if all(v is None for v in values.values()):
                    continue
                item = CommentedMap()
                item["school"] = school
                item["counts"] = CommentedMap()
                schools.append(item)
                _update_map(item["counts"], values, count_order)
                _headings(item["counts"], catalogue, indent=6)
            if "counts" not in item:
                item["counts"] = CommentedMap()
            _update_map(item["counts"], values, count_order)
            if not item["counts"]:
                schools.remove(item)
        if not schools:
            del doc["schools"]
    if any(v is not None for v in form.targets.values()) or "targets" in doc:
        _update_map(section("targets", ("schools", "counts", "year")), form.targets, list(catalogue.indicators))
    for key in ("counts", "targets"):
        if key in doc and not doc[key]:
            del doc[key]
    anchors = {"events": ("goals", "targets", "schools", "counts", "year")}
    anchors["measures"] = ("events", *anchors["events"])
    anchors["decisions"] = ("measures", *anchors["measures"])
    for role, items in form.lists.items():
        before = list(getattr(current, role)) if current is not None else []
        if [i.model_dump() for i in items] == [i.model_dump() for i in before] and (items or role not in doc):
            continue
        if not items:
            doc.pop(role, None)
            continue
        seq = CommentedSeq(_list_value(i) for i in items)
        if role in doc:
            doc[role] = seq
        else:
            keys = list(doc.keys())
            position = max([keys.index(k) + 1 for k in anchors[role] if k in doc], default=len(keys))
            doc.insert(position, role, seq)
    out = io.StringIO()
    yaml.dump(doc, out)
    text = out.getvalue()
    if not existing or not existing.startswith("# yaml-language-server:"):
        text = SCHEMA_LINE + text
    return text


# --- the command -----------------------------------------------------------------------------------


@dataclass
class ImportResult:
    ok: bool
    path: Path | None = None
    written: bool = False
    messages: list[str] = field(default_factory=list)  # errors (or warnings on success), in Russian
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # a published edition changed: a correction entry is due
    refused: bool = False  # the form is in order, but writing it could lose data: a new form or a flag is due


def _fingerprint_now(path: Path, text: str | None) -> str | None:
    """The fingerprint of the year file as it is now; None when it cannot be read (validation says why)."""
    if text is None:
        return data_fingerprint(None)
    try:
        doc = parse_yaml(path, text)
    except YamlSyntaxError:
        return None
    model = parse_model(doc, YearFile, [])
    return data_fingerprint(model) if model is not None else None


def _refusal(
    form: FormData, target: Path, existing: str | None, registry: RegistryFile, *, force: bool, replace: bool
) -> str | None:
    """Why writing this form could lose data, in Russian with what to do; None when it cannot."""
    where = display_path(target)
    names = {m.slug: m.name for m in registry.municipalities}
    anew = f"`proforientir form {form.year} --municipality {form.slug}{' --schools' if form.schools else ''}`"
    if form.made_from is None or form.fingerprint is None:
        if force:
            return None
        return (
            f"в форме нет отметки о данных, из которых она создана (её создала прежняя версия программы или не "
            f"команда `proforientir form`): импорт мог бы вернуть в {where} прежние значения. Создайте форму "
            f"заново командой {anew} и перенесите в неё значения; если значения этой формы должны заменить "
            f"данные файла, повторите импорт с флагом --force"
        )
    if form.made_from != f"{form.year}/{form.slug}":
        if existing is None or replace:
            return None  # a new file loses nothing
        year, _, slug = form.made_from.partition("/")
        made = f"«{shown(names.get(slug, slug))}» за {shown(year)} г."
        return (
            f"форма создана из данных {made}, а записала бы {where} («{names.get(form.slug, form.slug)}» за "
            f"{form.year} г.), где уже есть другие данные: они были бы заменены данными формы. Если так и "
            f"задумано, повторите импорт с флагом --replace; иначе создайте форму для этого муниципалитета и "
            f"года: {anew}"
        )
    if form.fingerprint != _fingerprint_now(target, existing) and not force:
        return (
            f"данные в {where} изменились после того, как форма была создана (другой формой или правкой "
            f"файла): импорт вернул бы в файл прежние значения и потерял бы новые. Создайте форму заново "
            f"командой {anew} и перенесите в неё свои значения; если значения этой формы должны заменить новые "
            f"данные, повторите импорт с флагом --force"
        )
    return None


def import_form(source: Path, data: Path, *, force: bool = False, replace: bool = False) -> ImportResult:
    """Check the form, then the data with it; write ``data/<year>/<slug>.yaml`` only when both pass.

    A form made from data that changed since (``force`` writes it anyway) or for another municipality or
    year than the file it writes, which holds other data (``replace`` writes it anyway), is refused: either
    would silently replace newer values. ``replace`` does not excuse a form made from older data of the
    same file: that takes ``force``. A form that changes nothing is a no-op, whatever it was made from.
    """
    problems: list[Problem] = []
    catalogue, _ = load_catalogue(data / CATALOGUE_FILE, problems)
    registry, _ = load_registry(data / REGISTRY_FILE, problems)
    if catalogue is None or registry is None:
        return ImportResult(False, messages=[str(p) for p in problems])
    form, errors = read_form(source, catalogue, registry)
    shown_source = display_path(source)
    if form is None:
        return ImportResult(False, messages=[f"{shown_source}: ошибка: {e}" for e in errors])
    # The loader reports «x.yml» beside «x.yaml» as an error, so the validation below refuses that; a lone
    # «x.yml» is the file the import edits, not one to put a second file beside.
    target = data / str(form.year) / f"{form.slug}.yaml"
    if not target.is_file() and target.with_suffix(".yml").is_file():
        target = target.with_suffix(".yml")
    existing, style = None, TextStyle()
    before = validate(data, published=False)
    # The file the form goes into must itself be readable: an encoding other than UTF-8 or a repeated key
    # is said as validation says it, with its line, and nothing is written.
    broken = [p for p in before.errors if p.path == display_path(target)] if target.is_file() else []
    if broken:
        hint = f"{display_path(target)}: исправьте этот файл (или восстановите его из git) и повторите импорт"
        return ImportResult(False, target, messages=[*(str(p) for p in broken), hint])
    if target.is_file():
        try:
            existing, style = read_text(target)  # its line endings and BOM are kept when it is rewritten
        except UnicodeDecodeError:
            message = f"{display_path(target)}: файл не в кодировке UTF-8: сохраните его в UTF-8 и повторите импорт"
            return ImportResult(False, target, messages=[message])
    current = before.dataset.entries.get((form.year, form.slug)) if before.dataset is not None else None
    summed = {n: v for n, v in current.counts.items() if n not in current.data.counts} if current else {}
    text = merge(existing, form, catalogue, current.data if current is not None else None, summed)
    if text != existing:
        refusal = _refusal(form, target, existing, registry, force=force, replace=replace)
        if refusal is not None:
            return ImportResult(False, target, messages=[f"{shown_source}: {refusal}"], refused=True)

    with tempfile.TemporaryDirectory(prefix="proforientir-import-") as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(data, copy, ignore=shutil.ignore_patterns(".git"))
        (copy / str(form.year)).mkdir(exist_ok=True)
        (copy / str(form.year) / target.name).write_bytes(style.encode(text))
        report = validate(copy, published=False)
        prefix = str(copy.resolve())
        real = display_path(data)
        after = [note.replace(prefix, real) for note in validate_published(copy, report)]
        relabelled = [
            Problem(p.path.replace(prefix, real, 1), p.line, p.column, p.message, p.severity) for p in report.problems
        ]
    known = {(p.path, p.message) for p in before.problems}
    mine = display_path(target)
    cells = {name: where for name, where in form.cells.items()}
    messages = []
    for problem in relabelled:
        if problem.severity is not Severity.error:
            continue
        hint = ""
        name = problem.message.split(" ", 1)[0].rstrip(":")
        if problem.path == mine and name in cells:
            hint = f" (лист «{cells[name][0]}», ячейка {cells[name][1]})"
        messages.append(f"{problem}{hint}")
    if messages:
        return ImportResult(False, target, messages=messages)
    new_warnings = [p for p in relabelled if p.path == mine and (p.path, p.message) not in known]
    written = write_if_changed(target, style.encode(text))
    return ImportResult(True, target, written, warnings=new_warnings, notes=after)


def validate_published(root: Path, report: Any) -> list[str]:
    """What the build will say about a published edition whose numbers the import changed."""
    from generator.checks.corrections import check

    _, problems = check(root, report.dataset, report.table)
    return [p.message for p in problems]
