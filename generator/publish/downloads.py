"""The open-data downloads under /data/: the published indicator table as CSV, XLSX and a data package.

The site is read by people; the downloads are read by programs and by spreadsheets. Both audiences get
the same numbers as the pages, taken from the same computed table, so a figure quoted from a page can be
found in the file. The file format choices follow from who opens the files:

* Officials open a CSV by double-clicking it in Excel. Without a byte order mark Excel decodes UTF-8 as
  the Windows code page and shows mojibake instead of Cyrillic, so the CSV starts with a BOM.
* Programs read the CSV. Numbers therefore use the decimal point (not the Russian comma, which would
  clash with the comma separator and with every CSV reader's default), missing data is an empty cell
  (never 0, which would claim a measured zero), and the layout follows RFC 4180 (comma, double quotes,
  CRLF line ends), which is also the Frictionless default dialect and what Excel itself writes.
* The data are typed by people and may hold anything. A text cell that starts with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return would be run as a formula by a spreadsheet (CSV injection), so such a
  text gets a leading apostrophe in the CSV (OWASP's advice) and the «quote prefix» style in the XLSX,
  where it is also written as a string cell, never a formula. Numeric cells are numbers and stay so:
  a change of −3.8 is written as ``-3.8`` and is not touched.
* Two builds of the same data must give byte-identical files (the site is rebuilt on every commit and
  deployers cache by content), so nothing depends on the clock: the XLSX creation date is the data's
  date, and XlsxWriter stamps its zip entries with a fixed date.

School-level figures are never published (001 p.12): the public table has only region and
municipality rows, and no column names a school.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import numbers
import pickle
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from generator.compute.table import COMPUTED, PRINTED, REGION
from generator.core.files import write_if_changed
from generator.core.formatting import academic_year, academic_year_short, round_half_up_decimal
from generator.inputs.dataset import Dataset
from generator.inputs.editions import Monitoring

__all__ = [
    "COLUMNS",
    "FIELDS",
    "STATUS_WORDS",
    "datapackage",
    "public_table",
    "section_csv_bytes",
    "to_csv_bytes",
    "to_xlsx_bytes",
    "write_downloads",
]

PREFIX = "proforientir"
PACKAGE_FILE = "datapackage.json"
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}

STATUS_WORDS: dict[str, str] = {
    "met": "достигнута",
    "not_met": "не достигнута",
    "no_target": "цель не установлена",
    "no_data": "нет данных",
}
"""The target status of the computed table in the words a reader of the file understands."""

LEVEL_ORDER = {"region": 0, "municipality": 1}

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Characters that make a spreadsheet read a cell as a formula (OWASP «CSV Injection»)."""

MEDIATYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

_INTEGER = "integer"
_NUMBER = "number"
_STRING = "string"

BASIS_WORDS = {COMPUTED: "вычислено", PRINTED: "как в источнике"}
"""How a published value was obtained (the computed table's ``basis``), in the words of the files."""

FIELDS: list[dict[str, Any]] = [
    {
        "name": "year",
        "type": _INTEGER,
        "title": "Год",
        "description": "Календарный год окончания учебного года: 2025 — это 2024/25 учебный год",
    },
    {
        "name": "academic_year",
        "type": _STRING,
        "title": "Учебный год",
        "description": "Учебный год в привычной записи, например «2024/25»",
    },
    {
        "name": "level",
        "type": _STRING,
        "title": "Уровень",
        "description": "region — регион в целом, municipality — муниципальное образование",
        "constraints": {"required": True, "enum": ["region", "municipality"]},
    },
    {
        "name": "territory",
        "type": _STRING,
        "title": "Код территории",
        "description": "Постоянный латинский идентификатор муниципалитета (как в адресах страниц сайта) "
        "или region для региона",
        "constraints": {"required": True},
    },
    {
        "name": "territory_name",
        "type": _STRING,
        "title": "Территория",
        "description": "Название муниципального образования или региона",
    },
    {
        "name": "section",
        "type": _STRING,
        "title": "Код раздела",
        "description": "Постоянный идентификатор раздела мониторинга",
    },
    {
        "name": "section_title",
        "type": _STRING,
        "title": "Раздел",
        "description": "Название раздела мониторинга",
    },
    {
        "name": "indicator",
        "type": _STRING,
        "title": "Код показателя",
        "description": "Постоянный идентификатор показателя; описание и методика расчёта — на странице "
        "«Методика» сайта (якорь с этим идентификатором)",
        "constraints": {"required": True},
    },
    {
        "name": "indicator_title",
        "type": _STRING,
        "title": "Показатель",
        "description": "Название показателя",
    },
    {
        "name": "kind",
        "type": _STRING,
        "title": "Вид показателя",
        "description": "share — доля в процентах (числитель / знаменатель × 100), count — количество "
        "(равно числителю), ratio — отношение (числитель / знаменатель)",
        "constraints": {"enum": ["share", "count", "ratio"]},
    },
    {
        "name": "unit",
        "type": _STRING,
        "title": "Единица измерения",
        "description": "Единица измерения значения: % для долей, иначе единица счётчика",
    },
    {
        "name": "numerator",
        "type": _INTEGER,
        "title": "Числитель",
        "description": "Число, от которого считается показатель (для региона — сумма по муниципалитетам, "
        "сдавшим данные); пустая ячейка — нет данных",
    },
    {
        "name": "denominator",
        "type": _INTEGER,
        "title": "Знаменатель",
        "description": "Совокупность, к которой относится числитель; пусто у количественных показателей "
        "и при отсутствии данных",
    },
    {
        "name": "value",
        "type": _NUMBER,
        "title": "Значение",
        "description": "Значение показателя, округлённое по правилам математики (половина — вверх) до "
        "точности показателя; дробная часть отделяется точкой; пустая ячейка — нет данных (не ноль)",
    },
    {
        "name": "change",
        "type": _NUMBER,
        "title": "Изменение к прошлому году",
        "description": "Разность опубликованных значений этого и предыдущего учебного года (для долей — "
        "в процентных пунктах); дробная часть отделяется точкой; пусто, если одного из значений нет",
    },
    {
        "name": "target",
        "type": _NUMBER,
        "title": "Целевое значение",
        "description": "Цель, установленная муниципалитетом на учебный год; дробная часть отделяется "
        "точкой; пусто, если цель не установлена",
    },
    {
        "name": "target_status",
        "type": _STRING,
        "title": "Выполнение цели",
        "description": "«достигнута», «не достигнута», «цель не установлена» или «нет данных» "
        "(цель установлена, но значения нет); учитывается, какое направление изменения лучше",
        "constraints": {"enum": list(STATUS_WORDS.values())},
    },
    {
        "name": "reported",
        "type": _INTEGER,
        "title": "Сдали данные",
        "description": "Сколько муниципалитетов дали данные для показателя (для муниципалитета — 1 или 0)",
    },
    {
        "name": "expected",
        "type": _INTEGER,
        "title": "Ожидалось",
        "description": "Сколько муниципалитетов участвовали в мониторинге в этом году (для муниципалитета — 1)",
    },
    {
        "name": "basis",
        "type": _STRING,
        "title": "Как получено значение",
        "description": "«вычислено» — из числителя и знаменателя; «как в источнике» — значение напечатано в "
        "источнике без чисел, из которых его можно пересчитать, и не входит в значение по региону",
        "constraints": {"enum": list(BASIS_WORDS.values())},
    },
]
"""Every public column: name, Frictionless type, Russian title and description (shown on /data/)."""

COLUMNS: list[str] = [f["name"] for f in FIELDS]
"""The public columns, in the order of the files."""

INTEGER_COLUMNS = [f["name"] for f in FIELDS if f["type"] == _INTEGER]
NUMBER_COLUMNS = [f["name"] for f in FIELDS if f["type"] == _NUMBER]


# --- the public table --------------------------------------------------------------------------


def russian_sort_key(text: str) -> str:
    """A key that sorts Russian names alphabetically.

    Code point order is the Russian alphabet for а–я, except «ё», which Unicode puts after «я»; Russian
    dictionaries file «ё» with «е». Case is folded so that «городской» and «Городской» sort together.
    """
    return text.casefold().replace("ё", "е")


def _round(value: Any, digits: int) -> float:
    """A float rounded half up at `digits`, without float noise and without a negative zero."""
    if value is None or pd.isna(value):
        return math.nan
    rounded = round_half_up_decimal(Decimal(str(float(value))), digits)
    return float(rounded) + 0.0  # + 0.0 turns −0.0 into 0.0


def public_table(table: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """The published table: one row per year × territory × indicator, in the columns of :data:`FIELDS`.

    The computed table keys everything by ids; a reader of the file also needs the names, the unit and the
    target status in words, so they are joined here from the catalogue and the registry. Rows are ordered
    as a reader browses (region first, municipalities alphabetically, indicators in catalogue order), never
    by value: the files compare territories, they do not rank them. The order and the dtypes are fixed, so
    the same data always give the same bytes.
    """
    catalogue = dataset.catalogue
    rows = table[table["level"].isin(list(LEVEL_ORDER))].reset_index(drop=True)  # unique labels for .loc
    if rows.empty:
        empty = pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in COLUMNS})
        return empty

    names = {m.slug: m.name for m in dataset.registry.municipalities}
    names[REGION] = dataset.registry.region.name
    section_titles = {s.id: s.title for s in catalogue.sections.values()}
    section_order = {s.id: n for n, s in enumerate(catalogue.sections.values())}
    indicator_order = {i: n for n, i in enumerate(catalogue.indicators)}
    indicators = catalogue.indicators

    def indicator_attr(ind: str, getter: Any, default: Any) -> Any:
        return getter(indicators[ind]) if ind in indicators else default

    out = pd.DataFrame(index=rows.index)
    out["year"] = rows["year"].astype("int64")
    out["academic_year"] = [academic_year_short(int(y)) for y in rows["year"]]
    out["level"] = rows["level"].astype(str)
    out["territory"] = rows["territory"].astype(str)
    out["territory_name"] = [names.get(t, t) for t in rows["territory"]]
    out["section"] = rows["section"].astype(str)
    out["section_title"] = [section_titles.get(s, s) for s in rows["section"]]
    out["indicator"] = rows["indicator"].astype(str)
    out["indicator_title"] = [indicator_attr(i, lambda x: x.title, i) for i in rows["indicator"]]
    out["kind"] = rows["kind"].astype(str)
    out["unit"] = [indicator_attr(i, catalogue.unit, "") for i in rows["indicator"]]
    out["numerator"] = rows["numerator"].astype("Int64")
    out["denominator"] = rows["denominator"].astype("Int64")
    digits = [indicator_attr(i, catalogue.precision, 4) for i in rows["indicator"]]
    out["value"] = [_round(v, d) for v, d in zip(rows["value"], digits, strict=True)]
    out["change"] = [_round(v, d) for v, d in zip(rows["change"], digits, strict=True)]
    out["target"] = rows["target"].astype("float64")
    out["target_status"] = [STATUS_WORDS.get(s, s) for s in rows["target_status"]]
    out["reported"] = rows["reported"].astype("Int64")
    out["expected"] = rows["expected"].astype("Int64")
    out["basis"] = [BASIS_WORDS.get(b, BASIS_WORDS[COMPUTED]) for b in rows["basis"]]

    order = pd.DataFrame(
        {
            "year": out["year"],
            "level": out["level"].map(LEVEL_ORDER),
            "name": [russian_sort_key(n) for n in out["territory_name"]],
            "territory": out["territory"],
            "section": out["section"].map(section_order).fillna(len(section_order)),
            "indicator": out["indicator"].map(indicator_order).fillna(len(indicator_order)),
            "indicator_id": out["indicator"],
        },
        index=out.index,
    )
    order = order.sort_values(list(order.columns), kind="stable")
    out = out.loc[order.index, COLUMNS].reset_index(drop=True)
    for column in COLUMNS:
        out[column] = out[column].astype(_dtype(column))
    return out


def _dtype(column: str) -> str:
    """One dtype per public column, so that an empty table and a full one have the same schema."""
    if column == "year":
        return "int64"
    if column in INTEGER_COLUMNS:
        return "Int64"
    if column in NUMBER_COLUMNS:
        return "float64"
    return "object"


# --- cells -------------------------------------------------------------------------------------


def _is_missing(value: Any) -> bool:
    """None, pandas' NA and NaN all mean «no data» (an empty cell); the checks are ordered for speed."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | Decimal):
        return value != value  # NaN is the only value unequal to itself
    return False


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could take this text for a formula (or a DDE call) if it were not quoted."""
    return text.startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """The text as a CSV cell a spreadsheet shows but never evaluates: a leading apostrophe if needed.

    Excel and LibreOffice read a leading apostrophe as «this is text» and do not show it; programs see it,
    which is the price OWASP's advice pays, so only texts that would otherwise start a formula carry it.
    """
    return "'" + text if is_formula_like(text) else text


def _number_text(value: float) -> str:
    """A float as the shortest plain decimal: 57.5, 58, 0.00001 — no exponent, no trailing «.0», no «-0»."""
    if not math.isfinite(value):
        return ""
    if value == 0:
        return "0"
    text = format(Decimal(repr(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _csv_cell(value: Any) -> str:
    """One value as CSV text, by its Python type: numbers as numbers, text neutralised, missing as empty."""
    kind = type(value)  # the common exact types first: the abstract checks below cost ~1 µs each
    if kind is str:
        return neutralise(value)
    if kind is int:
        return str(value)
    if _is_missing(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return _number_text(float(value))
    if isinstance(value, Decimal):
        return _number_text(float(value))
    return neutralise(str(value))


def _columns(df: pd.DataFrame) -> list[list[Any]]:
    """The columns as lists of Python scalars: ``tolist`` turns numpy scalars into int and float."""
    return [df[c].tolist() for c in df.columns]


def _rows(df: pd.DataFrame) -> Iterable[tuple[Any, ...]]:
    """Rows as Python scalars, in order."""
    return zip(*_columns(df), strict=True)


# --- CSV ---------------------------------------------------------------------------------------


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """The table as RFC 4180 CSV in UTF-8 with a BOM, injection-safe; the header is the column names.

    CRLF line ends rather than "\\n": RFC 4180 and the Frictionless default dialect prescribe them, Excel
    writes them, and every CSV reader accepts them, while the files are generated and never diffed in git.
    Quotes only where needed (a comma, a quote or a line break in a text), so the file stays readable.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=",", quotechar='"', lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(str(c)) for c in df.columns])
    for row in _rows(df):
        writer.writerow([_csv_cell(v) for v in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def section_csv_bytes(df: pd.DataFrame) -> bytes:
    """The CSV behind one section page: a subset of the public table, in the format of the full files.

    The page filters the public table; the columns are put back in their public order (whatever the
    caller selected first) so that every CSV of the site has the same header as the data package.
    """
    columns = [c for c in COLUMNS if c in df.columns] + [c for c in df.columns if c not in COLUMNS]
    return to_csv_bytes(df.loc[:, columns].reset_index(drop=True))


# --- XLSX --------------------------------------------------------------------------------------

XLSX_MAX_ROWS = 1_048_576
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(name: str) -> str:
    """A name Excel accepts for a sheet: at most 31 characters, none of []:*?/\\."""
    cleaned = _SHEET_FORBIDDEN.sub(" ", name).strip().strip("'") or "Лист1"
    return cleaned[:31]


def _default_created(df: pd.DataFrame, monitoring: Monitoring | None = None) -> datetime:
    """A creation date taken from the data, not the clock: the monitoring date of the latest year (31 May
    unless the deployment's registry says otherwise), when data are taken."""
    years = [y for y in df["year"].tolist() if not _is_missing(y)] if "year" in df.columns else []
    year = int(max(years)) if years else 2000
    day = (monitoring or Monitoring()).date(year)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _width(value: Any) -> int:
    if _is_missing(value):
        return 0
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return len(_number_text(float(value)))
    return len(str(value))


def to_xlsx_bytes(
    df: pd.DataFrame,
    *,
    sheet: str = "Показатели",
    title: str | None = None,
    created: datetime | None = None,
    fields: list[dict[str, Any]] | None = None,
    monitoring: Monitoring | None = None,
) -> bytes:
    """The table as an XLSX workbook with the same numbers as the CSV; the same input gives the same bytes.

    Numbers are number cells (so a spreadsheet can sum them), missing values are empty cells, texts are
    string cells written with ``write_string``: XlsxWriter's conversions of strings to formulas, numbers and
    links are switched off, so «=HYPERLINK(…)» typed into the data is shown as typed and never evaluated.
    Texts that look like formulas also get Excel's «quote prefix» style, so that editing the cell does not
    turn it into a formula either. The header is bold and frozen with a filter on it, columns are sized
    to their contents. `created` (default: the monitoring date of the data's latest year, by ``monitoring``)
    is the only date in the file; with `fields` a second sheet describes the columns, so the workbook explains
    itself without the site.
    """
    import xlsxwriter  # imported here: only the build needs it, not every user of the module

    if len(df) + 1 > XLSX_MAX_ROWS:
        raise ValueError(f"в XLSX не более {XLSX_MAX_ROWS - 1} строк данных, а в таблице {len(df)}")
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        output,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "nan_inf_to_errors": False,
        },
    )
    stamp = created if created is not None else _default_created(df, monitoring)
    if stamp.tzinfo is not None:  # XlsxWriter writes the naive time as UTC
        stamp = stamp.astimezone(UTC).replace(tzinfo=None)
    properties: dict[str, Any] = {"created": stamp, "author": "Профориентир", "language": "ru-RU"}
    if title:
        properties["title"] = title
    workbook.set_properties(properties)

    header = workbook.add_format({"bold": True, "bottom": 1, "text_wrap": False})
    quoted = workbook.add_format({"quote_prefix": True})
    data_sheet = workbook.add_worksheet(_sheet_name(sheet))
    _write_table(data_sheet, [str(c) for c in df.columns], _columns(df), header, quoted)

    if fields:
        about = workbook.add_worksheet(_sheet_name("Описание полей"))
        keys = ("name", "title", "type", "description")
        described = [[str(f.get(key, "")) for f in fields] for key in keys]
        _write_table(about, ["Поле", "Название", "Тип", "Описание"], described, header, quoted)

    workbook.close()
    return output.getvalue()


def _write_table(worksheet: Any, names: list[str], columns: list[list[Any]], header: Any, quoted: Any) -> None:
    """Header and cells of one sheet; each cell by the Python type of its value, never a formula.

    Columns are sized from their distinct values (a column repeats few of them), which keeps sizing cheap
    next to the writing itself.
    """
    for col, name in enumerate(names):
        worksheet.write_string(0, col, name, header)
        width = max([len(name), *(_width(v) for v in set(columns[col]))])
        worksheet.set_column(col, col, min(max(width, 6), 60) + 2)
    count = len(columns[0]) if columns else 0
    for r, row in enumerate(zip(*columns, strict=True), start=1):
        for col, value in enumerate(row):
            if _is_missing(value):
                continue
            if isinstance(value, str):
                worksheet.write_string(r, col, value, quoted if value.startswith(FORMULA_STARTS) else None)
            elif isinstance(value, bool):
                worksheet.write_boolean(r, col, value)
            elif isinstance(value, numbers.Real | Decimal):
                number = float(value)
                if math.isfinite(number):
                    worksheet.write_number(r, col, number + 0.0)
            else:
                text = str(value)
                worksheet.write_string(r, col, text, quoted if is_formula_like(text) else None)
    worksheet.freeze_panes(1, 0)
    if names:
        worksheet.autofilter(0, 0, max(count, 1), len(names) - 1)


# --- the data package --------------------------------------------------------------------------


def _resource_title(stem: str, fmt: str) -> str:
    """«Все годы (CSV)», «2024/25 учебный год (XLSX)»: the edition a file holds, read from its name."""
    key = stem.removeprefix(PREFIX + "-")
    if key == "all":
        label = "Все годы"
    elif key.isdigit():
        label = academic_year(int(key))
    else:
        label = stem
    return f"{label} ({fmt.upper()})"


def datapackage(files: list[str], fields: list[dict[str, Any]], *, title: str, modified: datetime) -> dict[str, Any]:
    """A Frictionless (Tabular) Data Package descriptor for the download files.

    The descriptor is what makes the files open data rather than just files: it names the licence
    (CC BY 4.0), and for each file its format and encoding and the meaning, type and Russian description of
    every column, so that a program (or ``frictionless validate``) can check and load the files without
    reading the site. `files` are paths relative to the descriptor; CSV and XLSX files share one schema.
    The key (year, territory, indicator) is declared so that a validator catches a duplicated row.
    """
    schema = {
        "fields": [dict(f) for f in fields],
        "missingValues": [""],
        "primaryKey": [name for name in ("year", "territory", "indicator") if name in {f["name"] for f in fields}],
    }
    resources: list[dict[str, Any]] = []
    for file in files:
        path = Path(file)
        fmt = path.suffix.lstrip(".").lower()
        resource: dict[str, Any] = {
            "name": path.name.lower(),
            "title": _resource_title(path.stem, fmt),
            "path": file,
            "profile": "tabular-data-resource",
            "format": fmt,
            "mediatype": MEDIATYPES.get(fmt, "application/octet-stream"),
        }
        if fmt == "csv":
            resource["encoding"] = "utf-8"
            resource["dialect"] = {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "header": True}
        resource["schema"] = schema
        resources.append(resource)
    stamp = modified.astimezone(UTC) if modified.tzinfo is not None else modified.replace(tzinfo=UTC)
    return {
        "profile": "tabular-data-package",
        "name": PREFIX,
        "title": title,
        "description": "Показатели мониторинга системы работы по самоопределению и профессиональной ориентации "
        "обучающихся: по муниципалитетам и региону в целом, по учебным годам. Дробная часть чисел отделяется "
        "точкой; пустая ячейка — нет данных. CSV — в кодировке UTF-8 с меткой BOM. Текст, который начинается "
        "с «=», «+», «-» или «@», в CSV предварён апострофом, чтобы электронная таблица не приняла его за формулу.",
        "language": "ru",
        "licenses": [dict(LICENSE)],
        "created": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "keywords": ["профориентация", "самоопределение", "мониторинг", "образование"],
        "resources": resources,
    }


# --- writing -----------------------------------------------------------------------------------


def download_names(years: Iterable[int]) -> list[tuple[str, str]]:
    """(key, file stem) of every edition's files: the whole history first, then the years in order."""
    return [("all", f"{PREFIX}-all"), *[(str(y), f"{PREFIX}-{y}") for y in sorted(set(years))]]


def write_downloads(
    table: pd.DataFrame,
    dataset: Dataset,
    out_dir: Path,
    *,
    modified: datetime,
    public: pd.DataFrame | None = None,
    cache: Path | None = None,
) -> list[Path]:
    """Write the CSV and XLSX of the whole history and of each year, and the data package describing them.

    A file is rewritten only when its bytes change, so an unchanged year keeps its modification time and
    a deployer's cache. Returns every path (written or not) in a stable order — all years, then each year
    ascending (CSV before XLSX), then datapackage.json — so the caller can keep them and list them.
    ``public`` is :func:`public_table` when the caller has it already; with ``cache`` a workbook whose
    table did not change is not written again (see :func:`_xlsx`).
    """
    if public is None:
        public = public_table(table, dataset)
    region = dataset.registry.region.name
    years = sorted(set(dataset.years) | {int(y) for y in public["year"].unique()})
    paths: list[Path] = []
    names: list[str] = []
    for key, stem in download_names(years):
        part = public if key == "all" else public[public["year"] == int(key)].reset_index(drop=True)
        edition = "все годы" if key == "all" else academic_year(int(key))
        title = f"Профориентир: показатели мониторинга, {region}, {edition}"
        csv_path, xlsx_path = out_dir / f"{stem}.csv", out_dir / f"{stem}.xlsx"
        write_if_changed(csv_path, to_csv_bytes(part))
        write_if_changed(xlsx_path, _xlsx(part, cache, title=title, created=modified, fields=FIELDS))
        paths += [csv_path, xlsx_path]
        names += [csv_path.name, xlsx_path.name]
    package = datapackage(
        names,
        FIELDS,
        title=f"Профориентир: мониторинг профориентации обучающихся, {region}",
        modified=modified,
    )
    package_path = out_dir / PACKAGE_FILE
    text = json.dumps(package, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    write_if_changed(package_path, text.encode("utf-8"))
    paths.append(package_path)
    return paths


XLSX_CACHE_VERSION = 1
"""Part of the key of a cached workbook: bump it when :func:`to_xlsx_bytes` writes differently."""


def _xlsx(part: pd.DataFrame, cache: Path | None, **options: Any) -> bytes:
    """:func:`to_xlsx_bytes`, kept in ``cache`` by its table and options.

    Writing the six workbooks of a 60 × 5 region took ~10 s of every build, changed or not; a data commit
    changes the current year's workbook and the whole history's, and the others come from here. The key
    is the pickled table (every value with its type: a text «1» and a number 1 are different cells), the
    options, XlsxWriter's version and :data:`XLSX_CACHE_VERSION`; pickling the same table differently
    only costs a miss.
    """
    if cache is None:
        return to_xlsx_bytes(part, **options)
    from importlib.metadata import version

    digest = hashlib.sha256(pickle.dumps(part, protocol=5))
    digest.update(json.dumps([XLSX_CACHE_VERSION, version("xlsxwriter"), options], default=str).encode())
    key = digest.hexdigest()
    path = cache / key[:2] / f"{key}.xlsx"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        data = to_xlsx_bytes(part, **options)
        write_if_changed(path, data)
        return data


class SectionCsvIndex:
    """The section CSVs of thousands of pages cut from one formatting of the public table.

    Selecting rows of the whole table with pandas and writing them out took a fifth of the page
    generator's time on a region of 60 municipalities (issue 6). Each row is formatted once here, exactly
    as :func:`section_csv_bytes` formats it, and a page's file is its rows' lines joined in table order:
    the same bytes.
    """

    def __init__(self, public: pd.DataFrame) -> None:
        columns = [c for c in COLUMNS if c in public.columns] + [c for c in public.columns if c not in COLUMNS]
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=",", quotechar='"', lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow([neutralise(str(c)) for c in columns])
        self.header = buffer.getvalue()
        self.lines: list[str] = []
        self.rows: list[tuple[int, str, str]] = []  # (year, territory, indicator) of each line
        for row, year, territory, indicator in zip(
            _rows(public.loc[:, columns]),
            public["year"].tolist(),
            public["territory"].tolist(),
            public["indicator"].tolist(),
            strict=True,
        ):
            buffer.seek(0)
            buffer.truncate()
            writer.writerow([_csv_cell(v) for v in row])
            self.lines.append(buffer.getvalue())
            self.rows.append((int(year), str(territory), str(indicator)))
        self.by_territory: dict[str, list[int]] = {}
        self.by_year: dict[int, list[int]] = {}
        for position, (year, territory, _) in enumerate(self.rows):
            self.by_territory.setdefault(territory, []).append(position)
            self.by_year.setdefault(year, []).append(position)

    def select(self, positions: Iterable[int]) -> bytes:
        return b"\xef\xbb\xbf" + (self.header + "".join(self.lines[p] for p in sorted(positions))).encode("utf-8")

    def territory(self, year: int, territory: str, region: str, indicators: Iterable[str]) -> bytes:
        """A territory's page: its rows and the region's, up to the year, of these indicators."""
        wanted = set(indicators)
        return self.select(
            p
            for t in {territory, region}
            for p in self.by_territory.get(t, ())
            if self.rows[p][0] <= year and self.rows[p][2] in wanted
        )

    def region(self, year: int, region: str, indicators: Iterable[str]) -> bytes:
        """The region's page: the region's series up to the year and every municipality in the year."""
        wanted = set(indicators)
        return self.select(
            [p for p in self.by_territory.get(region, ()) if self.rows[p][0] <= year and self.rows[p][2] in wanted]
            + [p for p in self.by_year.get(year, ()) if self.rows[p][1] != region and self.rows[p][2] in wanted]
        )
