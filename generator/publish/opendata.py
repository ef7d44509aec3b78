"""Open data the Russian way: a register of data sets and a passport for each, with dated versions.

Russian public bodies publish open data by the «Методические рекомендации по публикации открытых данных
государственными органами, органами местного самоуправления и подведомственными им организациями»:
version 4.0 (annex 3 to the protocol of the presidium of the Government commission on digital development
of 12.12.2024 No. 49пр) after version 3.0 (2014, approved by the Government commission on the coordination
of open government). The project's library holds only parts of 4.0's text: its glossary,
its clause 2.4.3–2.4.4 (a responsible official and an update period for every set; the terms of use on the
page of a set: an open licence, free of charge, with a reference to the source) and its «эталонный пример
паспорта» (clause 5.2, table 11), whose fields, in order, are: 1 identifier, 2 title, 3 description,
4 owner, 5 responsible person, 6 his telephone, 7 his e-mail, 8 link to the data, 9 format, 10 description
of the structure, 11 date of the first publication, 12 date of the last change, 13 content of the last
change, 14 date of actuality, 15 keywords, 16 links to the versions of the data, 17 links to the versions
of the structure. The machine-readable files therefore follow 3.0's published structure (its appendix 7,
«Требование к представлению реестра наборов открытых данных», and the passport and structure files that
go with it), which 4.0 keeps, and this is where each part comes from:

* **Where.** The register is ``opendata/list.csv`` at the root of the site (3.0 app. 7, 1b–1c); each set
  has its folder ``opendata/<identifier>/`` with its passport ``meta.csv``, every version of its data
  ``data-<date>-structure-<date>.csv`` and its structure ``structure-<date>.csv``. Dates in file names
  are ``YYYYMMDD`` as in 3.0 (4.0's example in table 11 writes a date and a time instead,
  ``data-2013-06-01T00-00-…``; a date is all a yearly monitoring has).
* **Format.** UTF-8, RFC 4180: comma, double quotes where needed, CRLF line ends, a header row
  (3.0 app. 7, 2a–2b). No byte order mark: these files are for programs (the Excel-friendly copies with a
  BOM are the downloads of ``/data/``).
* **The register** (``list.csv``): columns ``property,title,value,format``; the first row is
  ``standardversion`` with the URL of the recommendations' version; then one row per set: its identifier,
  its title, the URL of its passport and the passport's format (``csv``).
* **The passport** (``meta.csv``): columns ``property,value``; rows in 4.0's order of table 11, named as in
  3.0: ``standardversion``; ``identifier`` (1); ``title`` (2); ``description`` (3); ``creator`` — the owner
  (4); ``format`` (9); ``subject`` — keywords (15); one ``data-<date>-structure-<date>`` row per version with
  its URL, newest first (8, 16); one ``structure-<date>`` row per structure (10, 17); ``created`` — the first
  publication (11); ``modified`` — the last change (12); ``provenance`` — the content of the last change
  (13); ``valid`` — the date of actuality (14); ``publishername``, ``publisherphone``, ``publishermbox`` —
  the responsible person, by role, and his contacts (5–7). Dates of the passport are ``YYYYMMDD`` (3.0).
* **The identifier** is «ИНН владельца-код набора» (3.0; 4.0's example ``7712345678-showrooms``). The INN
  comes from ``data/site.yaml``; without it the identifier is the code alone, and the data page says so:
  an INN is never made up.
* **The structure** file has the columns ``field name,english description,russian description,format``.
* **Update period and actuality.** Editions are yearly, so a version is actual for a year: ``valid`` is the
  version's date plus one year.

**Versions are derived, not remembered** (:mod:`generator.publish.opendata_versions`): from the publication
of each edition and its corrections in ``data/``, never from a previous ``site/``. What each set is (its
columns, identifier and owner) is :mod:`generator.publish.opendata_sets`; this module writes the register,
the passports and the CSV files, and the part of the data page that lists them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from generator.compute.table import IndicatorTable
from generator.core.formatting import format_date_table
from generator.core.text import upper_first
from generator.inputs.dataset import Dataset
from generator.inputs.editions_log import CorrectionLog, Key
from generator.inputs.site_file import SiteFile, default_site
from generator.publish.opendata_sets import (
    CORRECTION_COLUMNS,
    INDICATOR_COLUMNS,
    RECOMMENDATION_COLUMNS,
    OpenDataSet,
    Publisher,
    publisher_of,
    ymd,
)
from generator.publish.opendata_versions import (
    Kept,
    correction_versions,
    indicator_versions,
    recommendation_version,
)
from generator.recommend.model import Recommendation
from generator.site import urls

FOLDER = "opendata"
REGISTER = "list.csv"
PASSPORT = "meta.csv"
STANDARD_VERSION = "http://opendata.gosmonitor.ru/standard/3.0"
"""The value of ``standardversion`` that 3.0 prescribes (app. 7): the version whose file structure is followed."""

REGISTER_HEADER = ("property", "title", "value", "format")
PASSPORT_HEADER = ("property", "value")
STRUCTURE_HEADER = ("field name", "english description", "russian description", "format")
CODE_PREFIX = "proforientir"


@dataclass(frozen=True)
class OpenData:
    """Every file of the open-data section (paths relative to the docs folder) and what the data page says."""

    files: dict[str, bytes]
    sets: tuple[OpenDataSet, ...]
    publisher: Publisher
    base: str  # the site's URL the links start with


def build_open_data(
    dataset: Dataset,
    table: IndicatorTable,
    log: CorrectionLog,
    snapshot: dict[int, dict[Key, Decimal | None]],
    recommendations: Iterable[Recommendation],
    site: SiteFile | None,
    site_url: str,
    region: str,
    modified: datetime,
    kept: Kept | None = None,
) -> OpenData:
    """The register, the passports and every version of the three sets; the same inputs give the same bytes.
    ``kept`` keeps a year's current values with its data (:func:`indicator_versions`)."""
    publisher = publisher_of(site, dataset)
    texts = (site or default_site()).texts
    keywords = tuple(texts.keywords or ())
    day = modified.date()
    sets: list[OpenDataSet] = []
    indicators = indicator_versions(log, snapshot, table, dataset, day, kept)
    if indicators:
        sets.append(
            OpenDataSet(
                f"{CODE_PREFIX}-indicators",
                f"Показатели {texts.heading_genitive}: {region}",
                f"Опубликованные значения показателей {texts.direction_genitive} по муниципалитетам и региону "
                "в целом, по выпускам "
                "(учебным годам), с датой публикации выпуска и датой исправления значения. Названия территорий "
                "и показателей, числители, знаменатели и цели — в таблицах раздела «Открытые данные» сайта.",
                keywords,
                INDICATOR_COLUMNS,
                tuple(indicators),
            )
        )
    sets.append(
        OpenDataSet(
            f"{CODE_PREFIX}-recommendations",
            f"Адресные рекомендации по результатам {texts.short_genitive}: {region}",
            "Адресные рекомендации, которые дают правила мониторинга: выпуск, муниципалитет, правило, "
            "показатель, условие, адресаты, срок и текст рекомендации.",
            (*keywords, "адресные рекомендации"),
            RECOMMENDATION_COLUMNS,
            (recommendation_version(recommendations, day),),
        )
    )
    corrections = correction_versions(log)
    if corrections:
        sets.append(
            OpenDataSet(
                f"{CODE_PREFIX}-corrections",
                f"Исправления опубликованных выпусков {texts.short_genitive}: {region}",
                "Журнал исправлений опубликованных значений: выпуск, дата его публикации, дата и причина "
                "исправления, территория, показатель, прежнее и новое значение.",
                (*keywords, "исправления"),
                CORRECTION_COLUMNS,
                tuple(corrections),
            )
        )
    base = site_url if site_url.endswith("/") else site_url + "/"
    files: dict[str, bytes] = {}
    register: list[tuple[str, ...]] = [("standardversion", "Версия методических рекомендаций", STANDARD_VERSION, "")]
    for data_set in sets:
        identifier = publisher.identifier(data_set.code)
        folder = f"{FOLDER}/{identifier}"
        for version in data_set.versions:
            files[f"{folder}/{data_set.data_file(version)}"] = _csv(
                [tuple(c.name for c in data_set.columns), *version.rows]
            )
        files[f"{folder}/{data_set.structure_file}"] = _csv(
            [STRUCTURE_HEADER, *((c.name, c.english, c.russian, c.format) for c in data_set.columns)]
        )
        files[f"{folder}/{PASSPORT}"] = _csv([PASSPORT_HEADER, *passport(data_set, publisher, base + folder + "/")])
        register.append((identifier, data_set.title, f"{base}{folder}/{PASSPORT}", "csv"))
    files[f"{FOLDER}/{REGISTER}"] = _csv([REGISTER_HEADER, *register])
    return OpenData(files, tuple(sets), publisher, base)


def passport(data_set: OpenDataSet, publisher: Publisher, folder_url: str) -> list[tuple[str, str]]:
    """The rows of ``meta.csv`` (see the module's docstring for the clause of each)."""
    current = data_set.current
    rows = [
        ("standardversion", STANDARD_VERSION),
        ("identifier", publisher.identifier(data_set.code)),
        ("title", data_set.title),
        ("description", data_set.description),
        ("creator", publisher.owner),
        ("format", "csv"),
        ("subject", ",".join(data_set.keywords)),
    ]
    for version in reversed(data_set.versions):
        name = data_set.data_file(version)
        rows.append((name.removesuffix(".csv"), folder_url + name))
    rows.append((data_set.structure_file.removesuffix(".csv"), folder_url + data_set.structure_file))
    rows += [
        ("created", ymd(data_set.versions[0].day)),
        ("modified", ymd(current.day)),
        ("provenance", current.change),
        ("valid", ymd(_a_year_after(current.day))),
        ("publishername", publisher.responsible),
        ("publisherphone", publisher.phone),
        ("publishermbox", publisher.email),
    ]
    return rows


def _a_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _csv(rows: Iterable[Iterable[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=",", quotechar='"', lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


# --- on the data page ----------------------------------------------------------------------------


def listing(data: OpenData, page_url: str = urls.DATA) -> dict[str, Any]:
    """What the data page says of the register, as plain data for its template: the register's link, each
    set with its passport and current version, the owner and the responsible person, and what
    ``data/site.yaml`` does not give."""
    relative = urls.relative
    sets = []
    for data_set in data.sets:
        folder = f"/{FOLDER}/{data.publisher.identifier(data_set.code)}/"
        sets.append(
            {
                "title": data_set.title,
                "passport": relative(page_url, folder + PASSPORT),
                "current": relative(page_url, folder + data_set.data_file(data_set.current)),
                "day": format_date_table(data_set.current.day),
                "earlier": len(data_set.versions) - 1,
            }
        )
    publisher = data.publisher
    said = [f"Владелец наборов — {publisher.owner}"]
    if publisher.responsible:
        said.append(f"ответственный — {publisher.responsible}")
    contacts = [c for c in (publisher.phone, publisher.email) if c]
    if contacts:
        said.append("контакты: " + ", ".join(contacts))
    missing = []
    if not publisher.from_site_file:
        missing.append(
            "владелец не указан в файле data/site.yaml, поэтому "
            + (
                "названа территория мониторинга"
                if publisher.owner_is_territory
                else "назван орган управления образованием из реестра территорий"
            )
        )
    if not publisher.responsible:
        missing.append("ответственное лицо не указано")
    if not contacts:
        missing.append("телефон и адрес электронной почты ответственного не указаны")
    if not publisher.inn:
        missing.append("ИНН владельца не указан, поэтому идентификаторы наборов начинаются не с ИНН, а с кода набора")
    told = "; ".join(missing)
    return {
        "folder": FOLDER,
        "register_name": REGISTER,
        "register": relative(page_url, f"/{FOLDER}/{REGISTER}"),
        "passport_name": PASSPORT,
        "sets": sets,
        "floating": any(not s.current.frozen for s in data.sets),
        "publisher": "; ".join(said) + ".",
        "missing": (upper_first(told) + ".") if told else "",
    }
