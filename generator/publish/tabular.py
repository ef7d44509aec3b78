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
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import pandas as pd

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
