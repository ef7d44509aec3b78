"""Tables as files: CSV and XLSX cells written safely and deterministically, for every download of the site.

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
import io
import math
import numbers
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pandas as pd

from generator.inputs.monitoring import Monitoring
from generator.publish.public_table import SECTION_COLUMNS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Characters that make a spreadsheet read a cell as a formula (OWASP «CSV Injection»)."""

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


def csv_cell(value: Any) -> str:
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


def table_rows(df: pd.DataFrame) -> Iterable[tuple[Any, ...]]:
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
    for row in table_rows(df):
        writer.writerow([csv_cell(v) for v in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def section_csv_bytes(df: pd.DataFrame) -> bytes:
    """The CSV behind one section page: rows of the public table in the columns of :data:`SECTION_COLUMNS`.

    The page filters the public table; the columns are put in their public order (whatever the caller
    selected first), and those a section file leaves out (names spelled out in words, constant or derived
    columns) are dropped: the codes that remain join every row to the full files of /data/.
    """
    columns = [c for c in SECTION_COLUMNS if c in df.columns]
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
