"""XLSX workbooks whose data rows are written in parts: the whole history's workbook from its years.

Why: the whole history's workbook holds every year, and a data commit changes one of them; writing
every cell of ten years again through XlsxWriter cost ~0.6 s a year on every commit of a 60-municipality
region. Here the data rows of a sheet are pieces of XML (:class:`Rows`), each made from a table, the
sheet row it starts at and the shared texts numbered before it (:class:`Strings`): a piece depends on
the pieces before it, never on those after. A past year's rows are therefore kept (by
:mod:`generator.publish.downloads`), and a workbook is XlsxWriter's header row and description sheet
with the pieces put in its sheet one after another and their texts after XlsxWriter's: the same bytes
as the whole table written in one piece.

The cells are written as XlsxWriter writes them (numbers with 16 significant digits, Excel's
``_xHHHH_`` escapes of control characters, whitespace kept, texts cut at Excel's 32 767 characters);
texts are always plain text, never markup, and a text that a spreadsheet could take for a formula gets
the «quote prefix» style.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import numbers
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

import pandas as pd

from generator.inputs.monitoring import Monitoring
from generator.publish.tabular import FORMULA_STARTS, _is_missing, _number_text

SHEET_FILE = "xl/worksheets/sheet1.xml"
QUOTED_XF = 2
"""The style index of the «quote prefix» format: the header's format is the first one used, this the second."""
XLSX_MAX_ROWS = 1_048_576
STRING_MAX = 32_767  # UTF-16 units
STRINGS_FILE = "xl/sharedStrings.xml"
ABOUT = ("Поле", "Название", "Тип", "Описание")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

_ESCAPED_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_EDGE_SPACE = re.compile(r"^\s|\s$")


@dataclass(frozen=True)
class Rows:
    """Some rows of a sheet: their ``<row>`` elements, how many rows, the widest value of each column, the
    texts they use first (after those of the rows before them), and how many text cells they have."""

    xml: bytes
    count: int
    widths: tuple[int, ...]
    strings: tuple[str, ...]
    refs: int

    def to_bytes(self) -> bytes:
        """For a cache: a line of JSON, then the XML."""
        head = json.dumps([self.count, list(self.widths), list(self.strings), self.refs], ensure_ascii=False)
        return head.encode("utf-8") + b"\n" + self.xml

    @classmethod
    def from_bytes(cls, data: bytes) -> Rows:
        head, xml = data.split(b"\n", 1)
        count, widths, strings, refs = json.loads(head)
        return cls(xml, count, tuple(widths), tuple(strings), refs)


class Strings:
    """The workbook's shared texts, numbered in the order they are first used: the header's and the
    description sheet's (as XlsxWriter numbers them), then those of each part of the rows in turn.

    A part's rows refer to the texts by number, so they depend on the parts before them, never after:
    :attr:`key` names everything a next part's numbers depend on.
    """

    def __init__(self, names: Sequence[str], fields: list[dict[str, Any]] | None = None) -> None:
        self.index: dict[str, int] = {}
        self.shell: list[str] = []
        self.added: list[str] = []
        self.refs = 0
        about = [*ABOUT, *(text for row in _described(fields) for text in row)] if fields else []
        for text in [*names, *about]:
            text = _truncated(text)
            self.refs += 1
            if text not in self.index:
                self.index[text] = len(self.index)
                self.shell.append(text)
        self._digest = hashlib.sha256(json.dumps(self.shell, ensure_ascii=False).encode("utf-8"))

    def add(self, rows: Rows) -> None:
        """The texts first used by ``rows``, numbered next (rows made by :func:`sheet_rows` are added there)."""
        for text in rows.strings:
            self.index[text] = len(self.index)
            self.added.append(text)
            self._digest.update(b"\0" + text.encode("utf-8"))
        self.refs += rows.refs

    @property
    def key(self) -> str:
        return self._digest.hexdigest()


def _truncated(value: str) -> str:
    """A text cut at Excel's limit of 32 767 UTF-16 units, as XlsxWriter cuts it."""
    if len(value) > STRING_MAX // 2 and len(value.encode("utf-16-le")) // 2 > STRING_MAX:
        length = 0
        for index, char in enumerate(value):
            length += 2 if ord(char) > 0xFFFF else 1
            if length > STRING_MAX:
                return value[:index]
    return value


def _si(value: str) -> str:
    """A shared text's element, escaped as Excel reads it; always plain text, never markup."""
    value = _ESCAPED_ESCAPE.sub(r"_x005F\1", value)
    value = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", value)
    value = value.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    space = ' xml:space="preserve"' if _EDGE_SPACE.search(value) else ""
    return f"<si><t{space}>{escape(value)}</t></si>"


def _described(fields: list[dict[str, Any]] | None) -> list[list[str]]:
    """The description sheet's rows: name, title, type and description of each field."""
    return [[str(f.get(key, "")) for key in ("name", "title", "type", "description")] for f in fields or []]


def _width(value: Any) -> int:
    if _is_missing(value):
        return 0
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return len(_number_text(float(value)))
    return len(str(value))


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_rows(df: pd.DataFrame, first: int, strings: Strings) -> Rows:
    """The rows of ``df`` as sheet rows ``first``, ``first + 1``, … (1 is the header's), their texts
    numbered after ``strings``, which they are added to. Each cell by the Python type of its value: a text
    is a string cell, a number a number cell, a missing value no cell."""
    columns = [df[c].tolist() for c in df.columns]
    letters = [column_letters(i) for i in range(len(columns))]
    index = dict(strings.index)
    new: list[str] = []
    refs = 0
    out: list[str] = []
    for r, row in enumerate(zip(*columns, strict=True), start=first):
        cells = []
        for letter, value in zip(letters, row, strict=True):
            kind = type(value)
            if kind is not str and kind is not int:
                if _is_missing(value):
                    continue
                if isinstance(value, bool):
                    cells.append(f'<c r="{letter}{r}" t="b"><v>{int(value)}</v></c>')
                    continue
                if not isinstance(value, numbers.Real | Decimal):
                    value, kind = str(value), str
            if kind is str:
                text = _truncated(value)
                number = index.get(text)
                if number is None:
                    number = index[text] = len(index)
                    new.append(text)
                refs += 1
                style = f' s="{QUOTED_XF}"' if text.startswith(FORMULA_STARTS) else ""
                cells.append(f'<c r="{letter}{r}"{style} t="s"><v>{number}</v></c>')
            else:
                number = float(value)
                if math.isfinite(number):
                    cells.append(f'<c r="{letter}{r}"><v>{number + 0.0:.16G}</v></c>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    widths = tuple(max((_width(v) for v in set(column)), default=0) for column in columns)
    rows = Rows("".join(out).encode("utf-8"), len(df), widths, tuple(new), refs)
    strings.add(rows)
    return rows


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
    string cells, never formulas or links, so «=HYPERLINK(…)» typed into the data is shown as typed and
    never evaluated. Texts that look like formulas also get Excel's «quote prefix» style, so that editing
    the cell does not turn it into a formula either. The header is bold and frozen with a filter on it,
    columns are sized to their contents. `created` (default: the monitoring date of the data's latest
    year, by ``monitoring``) is the only date in the file; with `fields` a second sheet describes the
    columns, so the workbook explains itself without the site.
    """
    stamp = created if created is not None else _default_created(df, monitoring)
    names = [str(c) for c in df.columns]
    strings = Strings(names, fields)
    rows = sheet_rows(df, 2, strings)
    return workbook(names, [rows], strings, sheet=sheet, title=title, created=stamp, fields=fields)


def workbook(
    names: Sequence[str],
    parts: Sequence[Rows],
    strings: Strings,
    *,
    sheet: str,
    created: datetime,
    title: str | None = None,
    fields: list[dict[str, Any]] | None = None,
) -> bytes:
    """A workbook whose first sheet has the header ``names`` and the rows of ``parts`` one after another
    (each made by :func:`sheet_rows` for the rows where it lands, with ``strings`` made of the same
    ``names`` and ``fields``); with ``fields`` a second sheet describes the columns. The same rows in
    one part or in several give the same bytes."""
    import xlsxwriter  # imported here: only the build needs it, not every user of the module

    count = sum(part.count for part in parts)
    if count + 1 > XLSX_MAX_ROWS:
        raise ValueError(f"в XLSX не более {XLSX_MAX_ROWS - 1} строк данных, а в таблице {count}")
    output = io.BytesIO()
    book = xlsxwriter.Workbook(
        output,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "nan_inf_to_errors": False,
        },
    )
    stamp = created
    if stamp.tzinfo is not None:  # XlsxWriter writes the naive time as UTC
        stamp = stamp.astimezone(UTC).replace(tzinfo=None)
    properties: dict[str, Any] = {"created": stamp, "author": "Профориентир", "language": "ru-RU"}
    if title:
        properties["title"] = title
    book.set_properties(properties)
    header = book.add_format({"bold": True, "bottom": 1, "text_wrap": False})
    quoted = book.add_format({"quote_prefix": True})
    data_sheet = book.add_worksheet(_sheet_name(sheet))
    widths = [max([len(name), *(part.widths[col] for part in parts)]) for col, name in enumerate(names)]
    _header(data_sheet, list(names), widths, header)
    if count and names:
        # a formatted empty cell in the last cell: the sheet's dimensions, and the quote prefix's style
        # numbered as the rows expect it; the rows replace it
        data_sheet.write_blank(count, len(names) - 1, None, quoted)
    data_sheet.freeze_panes(1, 0)
    if names:
        data_sheet.autofilter(0, 0, max(count, 1), len(names) - 1)
    if fields:
        about = book.add_worksheet(_sheet_name("Описание полей"))
        described = _described(fields)
        _header(about, list(ABOUT), _widths(list(ABOUT), [list(c) for c in zip(*described, strict=True)]), header)
        for r, row in enumerate(described, start=1):
            for col, value in enumerate(row):
                about.write_string(r, col, value, quoted if value.startswith(FORMULA_STARTS) else None)
        about.freeze_panes(1, 0)
        about.autofilter(0, 0, max(len(fields), 1), 3)
    book.close()
    if not count:
        return output.getvalue()
    return _with_rows(output.getvalue(), b"".join(part.xml for part in parts), strings)


def _widths(names: list[str], columns: list[list[str]]) -> list[int]:
    return [max([len(name), *(_width(v) for v in set(column))]) for name, column in zip(names, columns, strict=True)]


def _header(worksheet: Any, names: list[str], widths: list[int], header: Any) -> None:
    for col, (name, size) in enumerate(zip(names, widths, strict=True)):
        worksheet.write_string(0, col, name, header)
        worksheet.set_column(col, col, min(max(size, 6), 60) + 2)


def _with_rows(package: bytes, rows: bytes, strings: Strings) -> bytes:
    """XlsxWriter's package with the data rows in place of the placeholder after the header row, and
    their texts after XlsxWriter's in the shared texts."""
    members: list[tuple[zipfile.ZipInfo, bytes]] = []
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == SHEET_FILE:
                start = data.index(b"</row>", data.index(b"<sheetData>")) + len(b"</row>")
                end = data.index(b"</sheetData>")
                placeholder = data[start:end]
                if f's="{QUOTED_XF}"'.encode() not in placeholder:
                    raise RuntimeError(f"XlsxWriter numbered the styles otherwise: {placeholder[:200]!r}")
                data = data[:start] + rows + data[end:]
            elif info.filename == STRINGS_FILE:
                data = _more_strings(data, strings)
            members.append((info, data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
    return output.getvalue()


def _more_strings(data: bytes, strings: Strings) -> bytes:
    """XlsxWriter's shared texts (the header's and the description's) followed by the rows' texts."""
    head_end = data.index(b">", data.index(b"<sst")) + 1
    head = data[:head_end].decode("utf-8")
    shell_count = re.search(r'count="(\d+)" uniqueCount="(\d+)"', head)
    if shell_count is None or int(shell_count.group(2)) != len(strings.shell):
        raise RuntimeError(f"XlsxWriter numbered the shared texts otherwise: {head!r}")
    head = head.replace(shell_count.group(0), f'count="{strings.refs}" uniqueCount="{len(strings.index)}"')
    end = data.rindex(b"</sst>")
    added = "".join(_si(text) for text in strings.added).encode("utf-8")
    return head.encode("utf-8") + data[head_end:end] + added + data[end:]
