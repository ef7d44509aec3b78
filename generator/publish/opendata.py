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

**Versions are derived, not remembered.** CI builds from a clean clone, so the earlier versions cannot be
read back from a previous ``site/``: they are computed from what ``data/`` keeps for good — the publication
of each edition (``editions.yaml``), the values as published (``published.csv``) and every correction with
its old and new value (``editions.yaml``). A publication or a correction on day D makes a version dated D
whose content is what was published by D, corrected as of D; its file never changes afterwards, because its
inputs are append-only. To keep it so, the frozen versions carry ids and values only (a territory's slug, an
indicator's id, never their names, which may be rewritten). Editions shown on the site but not marked
published (a deployment that does not use ``proforientir publish``, like the demo and the examples) make one
more, *current* version dated by the data's date, which is replaced when the data change. The
recommendations are computed anew from the data and ``rules.yaml`` at every build and no earlier state of
them is stored, so their set has the current version only, and its passport says so.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import pandas as pd

from generator.checks.corrections import as_published, current_values
from generator.compute.table import REGION
from generator.core.formatting import academic_year, format_date_table
from generator.core.text import attr
from generator.inputs.dataset import Dataset
from generator.inputs.editions_log import CorrectionLog, Key
from generator.inputs.editions_model import Edition
from generator.inputs.models import DeploymentLevel
from generator.inputs.site_file import SiteFile, default_site
from generator.publish.tabular import neutralise
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


def ymd(day: date) -> str:
    """A date as the recommendations write it in file names and passports: ``YYYYMMDD``."""
    return day.strftime("%Y%m%d")


@dataclass(frozen=True)
class Column:
    name: str
    english: str
    russian: str
    format: str  # integer, number, string, date


@dataclass(frozen=True)
class Version:
    day: date
    rows: tuple[tuple[str, ...], ...]
    change: str  # the content of this change, in Russian (the passport's provenance)
    frozen: bool = True  # False: the current state of editions not yet published, replaced when data change


@dataclass(frozen=True)
class OpenDataSet:
    code: str
    title: str
    description: str
    keywords: tuple[str, ...]
    columns: tuple[Column, ...]
    versions: tuple[Version, ...]  # oldest first

    @property
    def structure_day(self) -> date:
        """The structure is the generator's and has not changed: it dates from the set's first version."""
        return self.versions[0].day

    @property
    def structure_file(self) -> str:
        return f"structure-{ymd(self.structure_day)}.csv"

    def data_file(self, version: Version) -> str:
        return f"data-{ymd(version.day)}-structure-{ymd(self.structure_day)}.csv"

    @property
    def current(self) -> Version:
        return self.versions[-1]


@dataclass(frozen=True)
class Publisher:
    """Owner and responsible person of the sets, as the passports name them."""

    owner: str
    responsible: str = ""
    phone: str = ""
    email: str = ""
    inn: str = ""
    from_site_file: bool = False  # False: data/site.yaml has no publisher, the owner is the registry's
    owner_is_territory: bool = False  # without an education authority in region.yaml: the territory itself

    def identifier(self, code: str) -> str:
        return f"{self.inn}-{code}" if self.inn else code


def publisher_of(site: SiteFile | None, dataset: Dataset) -> Publisher:
    """``publisher`` of ``data/site.yaml``; without it the education authority of ``region.yaml``, else the
    territory the monitoring covers, with no responsible person and no contacts (none is made up)."""
    spec = site.publisher if site is not None else None
    if spec is not None:
        return Publisher(
            owner=spec.owner,
            responsible=spec.responsible or "",
            phone=spec.phone or "",
            email=spec.email or "",
            inn=spec.inn or "",
            from_site_file=True,
        )
    registry = dataset.registry
    if registry.region.authority:
        return Publisher(owner=registry.region.authority)
    if registry.level is DeploymentLevel.municipality and registry.municipalities:
        return Publisher(owner=registry.municipalities[0].name, owner_is_territory=True)
    return Publisher(owner=registry.region.name, owner_is_territory=True)


# --- the versions of each set --------------------------------------------------------------------


def _plain(value: Decimal | float | int | None) -> str:
    """A number as plain decimal text (``57.5``, ``58``), empty for «no data»."""
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    text = format(number.normalize(), "f")
    return "0" if text in {"-0", ""} else text


def _territory_order(key: Key) -> tuple[bool, str, str]:
    return (key[0] != REGION, key[0], key[1])


def _events(log: CorrectionLog) -> list[date]:
    days = {e.published for e in log.editions.values()}
    days |= {c.date for e in log.editions.values() for c in e.corrections}
    return sorted(days)


def _change_words(log: CorrectionLog, day: date, *, publications: bool = True) -> str:
    """What happened on ``day``: the editions published (unless not asked) and the corrections made, in Russian."""
    said = []
    for year, edition in sorted(log.editions.items()):
        if publications and edition.published == day:
            said.append(f"опубликован выпуск {_genitive(year)}")
    for year, edition in sorted(log.editions.items()):
        for correction in edition.corrections:
            if correction.date == day:
                said.append(f"исправление выпуска {_genitive(year)}: {correction.reason}")
    text = "; ".join(said)
    return text[:1].upper() + text[1:]


def _genitive(year: int) -> str:
    """«2024/25 учебного года»."""
    return academic_year(year).replace("учебный год", "учебного года")


def _corrected_as_of(
    edition: Edition, catalogue_digits: dict[str, int], day: date
) -> tuple[dict[Key, Decimal | None], dict[Key, date]]:
    """The values each correction of ``edition`` made up to ``day``, and the date each value was last corrected."""
    values: dict[Key, Decimal | None] = {}
    when: dict[Key, date] = {}
    for correction in sorted(edition.corrections, key=lambda c: c.date):
        if correction.date > day:
            continue
        for change in correction.changes:
            key = (change.territory, change.indicator)
            values[key] = as_published(change.new, catalogue_digits.get(change.indicator, 4))
            when[key] = correction.date
    return values, when


def indicator_versions(
    log: CorrectionLog, snapshot: dict[int, dict[Key, Decimal | None]], table: pd.DataFrame, dataset: Dataset,
    data_day: date,
) -> list[Version]:
    """The published values as of each publication and correction, and the current values of editions not
    yet published (when there are any)."""
    catalogue = dataset.catalogue
    digits = {name: catalogue.precision(ind) for name, ind in catalogue.indicators.items()}
    versions: list[Version] = []
    for day in _events(log):
        rows = []
        for year, edition in sorted(log.editions.items()):
            if edition.published > day or year not in snapshot:
                continue
            corrected, when = _corrected_as_of(edition, digits, day)
            values = {**snapshot[year], **corrected}
            for key in sorted(values, key=_territory_order):
                rows.append(
                    (
                        str(year), key[0], key[1], _plain(values[key]), edition.published.isoformat(),
                        when[key].isoformat() if key in when else "",
                    )
                )
        versions.append(Version(day, tuple(rows), _change_words(log, day)))
    years = sorted(int(y) for y in table["year"].unique()) if not table.empty else []
    pending = [y for y in years if y not in log.editions]
    if pending:
        rows = []
        for year in years:
            edition = log.editions.get(year)
            values = current_values(table, catalogue, year)
            when = _corrected_as_of(edition, digits, date.max)[1] if edition is not None else {}
            for key in sorted(values, key=_territory_order):
                rows.append(
                    (
                        str(year), key[0], key[1], _plain(values[key]),
                        edition.published.isoformat() if edition is not None else "",
                        when[key].isoformat() if key in when else "",
                    )
                )
        day = _after(versions, data_day)
        editions = ", ".join(academic_year(y) for y in pending)
        change = (
            f"Значения выпусков на сайте, ещё не отмеченных опубликованными ({editions}), по данным на "
            f"{format_date_table(data_day)}; эта версия заменяется новой при изменении данных"
        )
        versions.append(Version(day, tuple(rows), change, frozen=False))
    return versions


def _after(versions: list[Version], day: date) -> date:
    """The date of a new version: ``day``, or the day after the last version when that is not earlier
    (two versions never share a file name)."""
    if versions and day <= versions[-1].day:
        return versions[-1].day + timedelta(days=1)
    return day


def correction_versions(log: CorrectionLog) -> list[Version]:
    """The log of corrections as of the first publication (empty: nothing corrected yet) and as of each
    correction."""
    if not log.editions:
        return []
    corrections = [(year, e, c) for year, e in sorted(log.editions.items()) for c in e.corrections]
    first = min(e.published for e in log.editions.values())
    versions = []
    for day in sorted({first} | {c.date for _, _, c in corrections}):
        rows = []
        for year, edition, correction in sorted(corrections, key=lambda t: (t[2].date, t[0])):
            if correction.date > day:
                continue
            for change in correction.changes:
                rows.append(
                    (
                        str(year), edition.published.isoformat(), correction.date.isoformat(),
                        neutralise(correction.reason), change.territory, change.indicator,
                        _plain(change.old), _plain(change.new),
                    )
                )
        change = _change_words(log, day, publications=False) or "Опубликованные выпуски не исправлялись"
        versions.append(Version(day, tuple(rows), change))
    return versions


def recommendation_version(recommendations: Iterable[Recommendation], day: date) -> Version:
    rows = tuple(
        (
            str(r.year), r.territory, r.rule_id, r.indicator, r.condition, ";".join(r.audiences),
            r.deadline.isoformat() if r.deadline is not None else "", neutralise(r.text),
        )
        for r in recommendations
    )
    change = (
        f"Рекомендации вычислены по правилам rules.yaml из данных на {format_date_table(day)}; при изменении "
        "данных или правил они вычисляются заново, прежние версии не хранятся"
    )
    return Version(day, rows, change, frozen=False)


# --- the sets ------------------------------------------------------------------------------------

YEAR = Column("year", "Edition: the year the school year ends", "Год выпуска: год окончания учебного года", "integer")
TERRITORY = Column(
    "territory",
    "Territory code: municipality slug or region",
    "Код территории: латинский идентификатор муниципалитета (как в адресах страниц сайта) или region — регион",
    "string",
)
INDICATOR = Column(
    "indicator",
    "Indicator code",
    "Код показателя; название и методика расчёта — на странице «Методика» сайта, якорь с этим кодом",
    "string",
)
PUBLISHED = Column(
    "published", "Date the edition was published", "Дата публикации выпуска, ГГГГ-ММ-ДД", "date"
)

INDICATOR_COLUMNS = (
    YEAR,
    TERRITORY,
    INDICATOR,
    Column(
        "value",
        "Value as published (decimal point; empty: no data)",
        "Значение показателя, как опубликовано (с исправлениями на дату версии); дробная часть — через точку; "
        "пусто — нет данных (не ноль)",
        "number",
    ),
    Column(
        "published",
        "Date the edition was published (empty: not yet published)",
        "Дата публикации выпуска, ГГГГ-ММ-ДД; пусто — выпуск ещё не отмечен опубликованным",
        "date",
    ),
    Column(
        "corrected",
        "Date of the last correction of the value (empty: never corrected)",
        "Дата последнего исправления значения после публикации, ГГГГ-ММ-ДД; пусто — не исправлялось",
        "date",
    ),
)

CORRECTION_COLUMNS = (
    YEAR,
    PUBLISHED,
    Column("corrected", "Date of the correction", "Дата исправления, ГГГГ-ММ-ДД", "date"),
    Column("reason", "Reason of the correction", "Что и почему исправлено", "string"),
    TERRITORY,
    INDICATOR,
    Column("old", "Value as published (empty: no data)", "Опубликованное значение; пусто — данных не было", "number"),
    Column(
        "new", "Value after the correction (empty: no data)", "Значение после исправления; пусто — данных нет", "number"
    ),
)

RECOMMENDATION_COLUMNS = (
    YEAR,
    Column("territory", "Municipality slug", "Латинский идентификатор муниципалитета", "string"),
    Column("rule", "Rule id in rules.yaml", "Идентификатор правила адресных рекомендаций", "string"),
    INDICATOR,
    Column(
        "condition",
        "Condition that triggered the rule",
        "Условие правила: below_target, below_region, zero, declining, no_data, count_below",
        "string",
    ),
    Column(
        "audiences",
        "Audience ids, separated by semicolons",
        "Адресаты рекомендации (идентификаторы из rules.yaml) через точку с запятой",
        "string",
    ),
    Column("deadline", "Deadline", "Срок исполнения, ГГГГ-ММ-ДД; пусто — срок не установлен", "date"),
    Column("text", "Text of the recommendation", "Текст рекомендации", "string"),
)

@dataclass(frozen=True)
class OpenData:
    """Every file of the open-data section (paths relative to the docs folder) and what the data page says."""

    files: dict[str, bytes]
    sets: tuple[OpenDataSet, ...]
    publisher: Publisher
    base: str  # the site's URL the links start with


def build_open_data(
    dataset: Dataset,
    table: pd.DataFrame,
    log: CorrectionLog,
    snapshot: dict[int, dict[Key, Decimal | None]],
    recommendations: Iterable[Recommendation],
    site: SiteFile | None,
    site_url: str,
    region: str,
    modified: datetime,
) -> OpenData:
    """The register, the passports and every version of the three sets; the same inputs give the same bytes."""
    publisher = publisher_of(site, dataset)
    texts = (site or default_site()).texts
    keywords = tuple(texts.keywords or ())
    day = modified.date()
    sets: list[OpenDataSet] = []
    indicators = indicator_versions(log, snapshot, table, dataset, day)
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


def data_section(data: OpenData, page_url: str = urls.DATA) -> str:
    """The «Реестр открытых данных» part of the data page: the register, each set with its passport and
    current version, the owner and the responsible person (and what ``data/site.yaml`` does not give)."""
    relative = urls.relative
    register = relative(page_url, f"/{FOLDER}/{REGISTER}")
    lines = [
        "## Реестр открытых данных {#opendata}",
        "",
        "Наборы открытых данных опубликованы по Методическим рекомендациям по публикации открытых данных "
        "государственными органами и органами местного самоуправления: реестр наборов "
        f'<a href="{attr(register)}">{FOLDER}/{REGISTER}</a>, у каждого набора — паспорт {PASSPORT}, '
        "версии данных и описание их структуры (CSV в кодировке UTF-8). Опубликованная версия набора не "
        "меняется: публикация нового выпуска или исправление добавляет новую версию, а прежние остаются "
        "по своим адресам. Условия использования — лицензия CC BY 4.0: данные можно свободно и бесплатно "
        "использовать, в том числе в коммерческих целях, со ссылкой на источник.",
        "",
        '<ul class="pf-opendata">',
    ]
    for data_set in data.sets:
        folder = f"/{FOLDER}/{data.publisher.identifier(data_set.code)}/"
        meta = relative(page_url, folder + PASSPORT)
        current = relative(page_url, folder + data_set.data_file(data_set.current))
        earlier = len(data_set.versions) - 1
        more = f"; прежних версий: {earlier}, ссылки на них — в паспорте" if earlier else ""
        day = format_date_table(data_set.current.day)
        lines.append(
            f'<li><strong>{attr(data_set.title)}</strong>: паспорт <a href="{attr(meta)}">{PASSPORT}</a>, '
            f'текущая версия — <a href="{attr(current)}" download>CSV от {day}</a>{more}.</li>'
        )
    lines += ["</ul>", ""]
    if any(not s.current.frozen for s in data.sets):
        lines += [
            "<p>Текущая версия, датированная не публикацией, а датой данных, заменяется новой при изменении "
            "данных: в неё входят выпуски, ещё не отмеченные опубликованными, и адресные рекомендации, "
            "которые вычисляются заново при каждом изменении данных и правил.</p>",
            "",
        ]
    publisher = data.publisher
    said = [f"Владелец наборов — {attr(publisher.owner)}"]
    if publisher.responsible:
        said.append(f"ответственный — {attr(publisher.responsible)}")
    contacts = [c for c in (publisher.phone, publisher.email) if c]
    if contacts:
        said.append("контакты: " + attr(", ".join(contacts)))
    text = "; ".join(said) + "."
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
    if missing:
        told = "; ".join(missing)
        text += " " + told[:1].upper() + told[1:] + "."
    lines += [f"<p>{text}</p>", ""]
    return "\n".join(lines)

