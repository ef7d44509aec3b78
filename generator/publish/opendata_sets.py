"""The open-data sets: their columns, their identifiers and file names, and who owns them.

Why a module of its own: what each set is — the three sets' columns with their English and Russian
descriptions, the identifier «ИНН владельца-код набора», the ``YYYYMMDD`` dates of its file names, its owner
and responsible person — does not change from one version to the next; :mod:`generator.publish.opendata`
writes the files from it, :mod:`generator.publish.opendata_versions` gives the versions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.inputs.dataset import Dataset
from generator.inputs.registry_model import DeploymentLevel
from generator.inputs.site_file import SiteFile
from generator.publish.opendata_versions import Version


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
