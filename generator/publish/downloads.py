"""The open-data downloads under /data/: the published indicator table as CSV, XLSX and a data package.

The site is read by people; the downloads are read by programs and by spreadsheets. Both audiences get
the same numbers as the pages, taken from the same computed table, so a figure quoted from a page can be
found in the file. How the bytes of a CSV or an XLSX are written (BOM, decimal point, formula-like text,
fixed dates) is :mod:`generator.publish.tabular`'s; which rows and columns is
:mod:`generator.publish.public_table`'s. This module decides which files the site offers — the whole
history and each edition — and describes them in ``datapackage.json`` (Frictionless), rewriting a file
only when its bytes change.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import pickle
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from generator.compute.table import IndicatorTable
from generator.core.files import write_if_changed
from generator.core.formatting import academic_year
from generator.core.store import ContentStore
from generator.inputs.dataset import Dataset
from generator.inputs.site_file import SiteTexts, default_site
from generator.publish.public_table import FIELDS, SECTION_COLUMNS, public_table
from generator.publish.tabular import csv_cell, neutralise, table_rows, to_csv_bytes
from generator.publish.xlsx import Rows, Strings, sheet_rows, to_xlsx_bytes, workbook

PREFIX = "proforientir"
PACKAGE_FILE = "datapackage.json"
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}

MEDIATYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

__all__ = [
    "PACKAGE_FILE",
    "SectionCsvIndex",
    "SectionRows",
    "datapackage",
    "download_names",
    "section_rows",
    "write_downloads",
]

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


def datapackage(
    files: list[str], fields: list[dict[str, Any]], *, title: str, modified: datetime, texts: SiteTexts | None = None
) -> dict[str, Any]:
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
    texts = texts or default_site().texts
    return {
        "profile": "tabular-data-package",
        "name": PREFIX,
        "title": title,
        "description": f"Показатели {texts.direction_genitive}: по муниципалитетам и региону в целом, по учебным годам."
        " Дробная часть чисел отделяется "
        "точкой; пустая ячейка — нет данных. CSV — в кодировке UTF-8 с меткой BOM. Текст, который начинается "
        "с «=», «+», «-» или «@», в CSV предварён апострофом, чтобы электронная таблица не приняла его за формулу.",
        "language": "ru",
        "licenses": [dict(LICENSE)],
        "created": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "keywords": list(texts.keywords or []),
        "resources": resources,
    }


# --- writing -----------------------------------------------------------------------------------


def download_names(years: Iterable[int]) -> list[tuple[str, str]]:
    """(key, file stem) of every edition's files: the whole history first, then the years in order."""
    return [("all", f"{PREFIX}-all"), *[(str(y), f"{PREFIX}-{y}") for y in sorted(set(years))]]


def write_downloads(
    table: IndicatorTable,
    dataset: Dataset,
    out_dir: Path,
    *,
    modified: datetime,
    public: pd.DataFrame | None = None,
    cache: Path | None = None,
    texts: SiteTexts | None = None,
    keys: dict[int, str] | None = None,
) -> list[Path]:
    """Write the CSV and XLSX of the whole history and of each year, and the data package describing them.

    A file is rewritten only when its bytes change, so an unchanged year keeps its modification time and
    a deployer's cache. Returns every path (written or not) in a stable order — all years, then each year
    ascending (CSV before XLSX), then datapackage.json — so the caller can keep them and list them.
    ``public`` is :func:`public_table` when the caller has it already; with ``cache`` a workbook whose
    table did not change is not made again (see :func:`_kept`). ``keys`` name each year's rows of
    ``public`` when the caller knows them (the edition's data version with the generator's code, see
    :func:`generator.build.cache.kept_public_table`); otherwise a digest of the rows does.
    """
    if public is None:
        public = public_table(table, dataset)
    region = dataset.registry.region.name
    texts = texts or default_site().texts
    years = sorted(set(dataset.years) | {int(y) for y in public["year"].unique()})
    paths: list[Path] = []
    names: list[str] = []
    parts = {key: public[public["year"] == int(key)].reset_index(drop=True) for key, _ in download_names(years)[1:]}
    known = keys if keys is not None and set(keys) >= {int(key) for key in parts} else None
    row_keys = {key: _table_key(part, known[int(key)] if known else None, cache) for key, part in parts.items()}
    csvs = {key: _kept(cache, row_keys[key], "csv", {}, partial(to_csv_bytes, part)) for key, part in parts.items()}
    for key, stem in download_names(years):
        part = public if key == "all" else parts[key]
        edition = "все годы" if key == "all" else academic_year(int(key))
        title = f"{texts.heading}: показатели, {region}, {edition}"
        csv_path, xlsx_path = out_dir / f"{stem}.csv", out_dir / f"{stem}.xlsx"
        if key != "all":
            table_key = row_keys[key]
        elif known:  # the whole history: its years' rows
            table_key = hashlib.sha256(b"\0".join(row_keys.values())).digest()
        else:
            table_key = _table_key(part, None, cache)
        if key != "all":
            data = csvs[key]
        elif csvs and public["year"].is_monotonic_increasing:
            data = _joined(list(csvs.values()))  # the years' files one after another: nothing formatted again
        else:
            data = _kept(cache, table_key, "csv", {}, partial(to_csv_bytes, part))
        write_if_changed(csv_path, data)
        options = {"title": title, "created": modified, "fields": FIELDS}
        rows: list[list[str]] | None = None  # the years' rows the workbook is made of, when it is
        if key == "all" and parts and public["year"].is_monotonic_increasing:
            rows = []
            make = partial(_history_xlsx, cache, parts, row_keys, [str(c) for c in public.columns], options, rows)
        else:
            make = partial(to_xlsx_bytes, part, **options)
        write_if_changed(xlsx_path, _kept(cache, table_key, "xlsx", options, make, rows))
        paths += [csv_path, xlsx_path]
        names += [csv_path.name, xlsx_path.name]
    package = datapackage(
        names,
        FIELDS,
        title=f"{texts.heading}, {region}",
        modified=modified,
        texts=texts,
    )
    package_path = out_dir / PACKAGE_FILE
    text = json.dumps(package, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    write_if_changed(package_path, text.encode("utf-8"))
    paths.append(package_path)
    return paths


def _table_key(part: pd.DataFrame, known: str | None, cache: Path | None) -> bytes:
    """What names a table's rows in the cache: the caller's key of them, or a digest of the pickled table
    (every value with its type: a text «1» and a number 1 are different cells)."""
    if cache is None:
        return b""
    if known is not None:
        return hashlib.sha256(f"rows of an edition\n{known}".encode()).digest()
    return hashlib.sha256(pickle.dumps(part, protocol=5)).digest()


def _joined(files: list[bytes]) -> bytes:
    """One CSV of several with the same header (:func:`to_csv_bytes`): the first whole, the others' rows.

    The whole history's file is the years' files one after another, and a data commit changes one year;
    formatting every row of every year again cost a second for each five years of a 60-municipality region.
    """
    return files[0] + b"".join(data.split(b"\r\n", 1)[1] for data in files[1:])


def _history_xlsx(
    cache: Path | None,
    parts: dict[str, pd.DataFrame],
    keys: dict[str, bytes],
    names: list[str],
    options: dict,
    used: list[list[str]] | None = None,
) -> bytes:
    """The whole history's workbook from the years' rows, each kept as a year's files are.

    A data commit changes the current year, the last; a past year's rows (and the texts they use first)
    depend on it and the years before it only, so they come from ``cache``: writing every cell of ten years
    again cost ~0.6 s a year on every commit of a 60-municipality region. The same bytes as the table
    written whole (:func:`generator.publish.xlsx.workbook`).
    """
    strings = Strings(names, options["fields"])
    rows: list[Rows] = []
    first = 2  # the header is row 1
    for key, part in parts.items():
        made: list[Rows] = []

        def make(part: pd.DataFrame = part, first: int = first, made: list[Rows] = made) -> bytes:
            made.append(sheet_rows(part, first, strings))
            return made[0].to_bytes()

        data = _kept(cache, keys[key], "rows", {"first": first, "strings": strings.key}, make, None, used)
        if made:
            rows.append(made[0])
        else:
            rows.append(Rows.from_bytes(data))
            strings.add(rows[-1])
        first += rows[-1].count
    return workbook(names, rows, strings, sheet="Показатели", **options)


XLSX_CACHE_VERSION = 1
"""Part of the key of a cached workbook: bump it when :func:`to_xlsx_bytes` writes differently."""


def _kept(
    cache: Path | None,
    table_key: bytes,
    suffix: str,
    options: dict[str, Any],
    make: Callable[[], bytes],
    parts: list[list[str]] | None = None,
    used: list[list[str]] | None = None,
) -> bytes:
    """A download's bytes made by ``make``, kept in ``cache`` by its table and options.

    Writing the six workbooks of a 60 × 5 region took ~10 s of every build, changed or not, and the CSVs
    a few seconds more; a data commit changes the current year's files and the whole history's, and the
    others come from here. ``table_key`` is a digest of the pickled table (every value with its type: a
    text «1» and a number 1 are different cells); the key adds the options, XlsxWriter's version, the
    code of the writers (:mod:`generator.publish.tabular`, :mod:`generator.publish.xlsx`) and
    :data:`XLSX_CACHE_VERSION`; pickling the same table differently only costs a miss.

    ``parts`` is filled by ``make`` with the entries it is made of (the years' rows of the whole history):
    they are listed beside the entry and, when it is taken from the cache, used with it (the store's sweep
    keeps them for the next change). ``used`` gets this entry's (key, suffix).
    """
    if cache is None:
        return make()
    from importlib.metadata import version

    from generator.publish import tabular, xlsx

    store = ContentStore(cache)
    settings = json.dumps([XLSX_CACHE_VERSION, version("xlsxwriter"), suffix, options], default=str)
    key = store.key(table_key, settings, Path(tabular.__file__).read_bytes() + Path(xlsx.__file__).read_bytes())
    if used is not None:
        used.append([key, f".{suffix}"])
    data = store.read_bytes(key, f".{suffix}")
    if data is not None and parts is not None:
        for part_key, part_suffix in json.loads(store.read_bytes(key, ".parts") or b"[]"):
            store.mark(part_key, part_suffix)
    if data is None:
        data = make()
        if parts is not None:
            store.put_text(key, ".parts", json.dumps(parts))
        store.put_bytes(key, f".{suffix}", data)
    return data


SectionRows = tuple[list[str], list[tuple[int, str, str]]]
"""Section CSV lines of some rows of the public table, each with its (year, territory, indicator)."""


def section_rows(public: pd.DataFrame) -> SectionRows:
    """The rows of ``public`` as the lines of a section CSV (:func:`section_csv_bytes`'s formatting), in order."""
    columns = [c for c in SECTION_COLUMNS if c in public.columns]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=",", quotechar='"', lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    lines: list[str] = []
    for row in table_rows(public.loc[:, columns]):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([csv_cell(v) for v in row])
        lines.append(buffer.getvalue())
    keys = zip(public["year"].tolist(), public["territory"].tolist(), public["indicator"].tolist(), strict=True)
    return lines, [(int(year), str(territory), str(indicator)) for year, territory, indicator in keys]


class SectionCsvIndex:
    """The section CSVs of thousands of pages cut from one formatting of the public table.

    Selecting rows of the whole table with pandas and writing them out took a fifth of the page
    generator's time on a region of 60 municipalities (issue 6). Each row is formatted once here, exactly
    as :func:`section_csv_bytes` formats it, and a page's file is its rows' lines joined in table order:
    the same bytes.

    ``parts``, when given, are the table's rows already formatted (:func:`section_rows`), one part after
    another in the table's order — a past edition's rows kept with its data
    (:func:`generator.build.cache.kept_section_rows`), since formatting every year's rows again on each data
    commit cost ~0.06 s a year on a 60-municipality region.
    """

    def __init__(self, public: pd.DataFrame, parts: Iterable[SectionRows] | None = None) -> None:
        columns = [c for c in SECTION_COLUMNS if c in public.columns]
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=",", quotechar='"', lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow([neutralise(str(c)) for c in columns])
        self.header = buffer.getvalue()
        self.lines: list[str] = []
        self.rows: list[tuple[int, str, str]] = []  # (year, territory, indicator) of each line
        for lines, rows in parts if parts is not None else [section_rows(public)]:
            self.lines += lines
            self.rows += rows
        self.by_indicator: dict[tuple[str, str], list[int]] = {}  # a page asks for a few of ~70 indicators
        self.by_year: dict[int, list[int]] = {}
        for position, (year, territory, indicator) in enumerate(self.rows):
            self.by_indicator.setdefault((territory, indicator), []).append(position)
            self.by_year.setdefault(year, []).append(position)

    def select(self, positions: Iterable[int]) -> bytes:
        return b"\xef\xbb\xbf" + (self.header + "".join(self.lines[p] for p in sorted(positions))).encode("utf-8")

    def territory(self, year: int, territory: str, region: str, indicators: Iterable[str]) -> bytes:
        """A territory's page: its rows and the region's, up to the year, of these indicators."""
        return self.select(
            p
            for t in {territory, region}
            for indicator in set(indicators)
            for p in self.by_indicator.get((t, indicator), ())
            if self.rows[p][0] <= year
        )

    def region(self, year: int, region: str, indicators: Iterable[str]) -> bytes:
        """The region's page: the region's series up to the year and every municipality in the year."""
        wanted = set(indicators)
        series = [p for indicator in wanted for p in self.by_indicator.get((region, indicator), ())]
        return self.select(
            [p for p in series if self.rows[p][0] <= year]
            + [p for p in self.by_year.get(year, ()) if self.rows[p][1] != region and self.rows[p][2] in wanted]
        )
