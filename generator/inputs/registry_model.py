"""The shape of the territory registry (``region.yaml``), as pydantic models: the region, its municipalities and
schools with their former names, the deployment's level, what it collects and its monitoring dates.

Apart from :mod:`generator.inputs.models` (the catalogue and the year file) because the registry says who is
monitored and when, not what is measured; its cross-file rules live in :mod:`generator.inputs.registry`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, TypeVar

from pydantic import BeforeValidator, Field

from generator.inputs.fields import Date, Ident, ShortText, Slug, Strict, not_reserved

EditionYear = Annotated[int, Field(ge=1990, le=2100)]


class MunicipalityType(StrEnum):
    urban_okrug = "городской округ"
    district = "муниципальный район"
    municipal_okrug = "муниципальный округ"


class EarlierName(Strict):
    """A name a territory or a school had in earlier editions: a district that became an okrug, a school that
    became a lyceum is called, in the editions before, what it was called then — the pages an order cited say
    what they said."""

    name: ShortText
    until: EditionYear = Field(description="Последний выпуск (год окончания учебного года) под этим названием")


Former = TypeVar("Former", bound=EarlierName)


def former_in(former: list[Former], year: int) -> Former | None:
    """The former name that the edition of ``year`` uses, or None where it uses the present one."""
    return min((f for f in former if year <= f.until), key=lambda f: f.until, default=None)


class School(Strict):
    id: Slug
    name: ShortText
    ovz: bool = Field(default=False, description="Отдельная школа для обучающихся с ОВЗ")
    former_names: list[EarlierName] = Field(
        default_factory=list,
        description="Прежние названия школы: выпуски до года until включительно называют её так, как тогда",
    )

    def name_in(self, year: int) -> str:
        """The school's name in the edition of ``year``."""
        found = former_in(self.former_names, year)
        return found.name if found is not None else self.name


class FormerName(EarlierName):
    type: MunicipalityType | None = Field(default=None, description="Вид муниципалитета тогда; по умолчанию — нынешний")


class Municipality(Strict):
    slug: Annotated[Slug, BeforeValidator(not_reserved)] = Field(
        description="Постоянный идентификатор в адресах; не выводится из названия"
    )
    name: ShortText
    type: MunicipalityType
    oktmo: Annotated[str, Field(pattern=r"^\d{8}(\d{3})?$")] | None = None
    former_names: list[FormerName] = Field(
        default_factory=list,
        description="Прежние названия (после преобразования или переименования): выпуски до года until "
        "включительно называют муниципалитет так, как он назывался тогда",
    )
    schools: list[School] = Field(default_factory=list)

    def in_year(self, year: int) -> Municipality:
        """The municipality as the edition of ``year`` names it: its former name and type then, or itself."""
        found = former_in(self.former_names, year)
        if found is None:
            return self
        return self.model_copy(update={"name": found.name, "type": found.type or self.type})

    def names_before(self, year: int) -> list[FormerName]:
        """The former names of the editions before ``year``, the earliest first (what its later pages mention)."""
        return sorted((f for f in self.former_names if f.until < year), key=lambda f: f.until)


class DeploymentLevel(StrEnum):
    """What the top territory of a deployment is: a region over its municipalities, or one municipality
    over its schools (a municipal monitoring, as in the municipal orders and reports)."""

    region = "region"
    municipality = "municipality"


class Region(Strict):
    name: ShortText
    demo: bool = Field(default=False, description="Демонстрационные (вымышленные) данные")
    authority: ShortText | None = Field(default=None, description="Орган управления образованием")
    schools_public: bool = Field(
        default=False,
        description=(
            "Мониторинг муниципалитета: публиковать значения каждой школы (таблицей по алфавиту). По "
            "умолчанию — только разброс по школам без названий: результаты не используются для рейтингов"
        ),
    )
    level: DeploymentLevel | None = Field(
        default=None,
        description=(
            "Уровень мониторинга: region — регион по муниципалитетам; municipality — один муниципалитет по "
            "своим школам (тогда в municipalities ровно один муниципалитет). По умолчанию — municipality, "
            "если муниципалитет один, иначе region"
        ),
    )


class MonitoringDay(Strict):
    """The day of the year as of which the data of an edition are taken: ``{month: 5, day: 31}``."""

    month: int = Field(ge=1, le=12, strict=True, description="Месяц (1–12)")
    day: int = Field(ge=1, le=31, strict=True, description="День месяца")


class RegistryFile(Strict):
    region: Region
    collects: list[Ident] | None = Field(
        default=None,
        description="Что собирает мониторинг: id разделов и показателей каталога. Без списка собираются все "
        "показатели; несобираемые не показываются и не рекомендуются",
    )
    collects_by_year: dict[EditionYear, list[Ident]] = Field(
        default_factory=dict,
        description="Год выпуска → что собрано в этом выпуске (вместо collects), для выпусков, собиравших другое",
    )
    monitoring_date: MonitoringDay | None = Field(
        default=None,
        description="День, на который собираются данные каждого выпуска в году его окончания; "
        "по умолчанию 31 мая ({month: 5, day: 31})",
    )
    monitoring_dates: dict[int, Date] = Field(
        default_factory=dict,
        description="Дата мониторинга отдельных выпусков: год выпуска → дата (ГГГГ-ММ-ДД) в том же году, "
        "например 2023: 2023-02-15",
    )
    municipalities: list[Municipality] = Field(min_length=1)

    def names(self, year: int | None = None) -> dict[str, str]:
        """Each municipality's name by slug: as the edition of ``year`` names it (a former name before a
        reform), or as it is now."""
        if year is None:
            return {m.slug: m.name for m in self.municipalities}
        return {m.slug: m.in_year(year).name if m.former_names else m.name for m in self.municipalities}

    @property
    def level(self) -> DeploymentLevel:
        if self.region.level is not None:
            return self.region.level
        return DeploymentLevel.municipality if len(self.municipalities) == 1 else DeploymentLevel.region
