"""The site's own file, ``data/site.yaml``: what the pages say that is neither data nor catalogue.

The program speaks of no direction of its own: the words of one («мониторинг профориентации…») are the
deployment's, in this file beside its catalogue. The file is optional and so is every key: what it does
not give comes from ``site.defaults.yaml`` beside this module (neutral wording, and the stages of the
management cycle of the federal evaluation).

``publisher`` — who publishes the open data (the «владелец набора» and the «ответственное лицо» of the
passports of the Methodological recommendations on open data, see :mod:`generator.publish.opendata`)::

    publisher:
      owner: Министерство образования Демонстрационной области   # владелец наборов: организация
      responsible: начальник отдела мониторинга качества образования   # должность, не фамилия
      phone: "+7 (000) 000-00-00"    # необязательно
      email: opendata@example.org    # необязательно
      inn: "0000000000"              # необязательно: ИНН владельца, начало идентификатора набора

Names of people are never written: the responsible person is a role. A contact the file does not give
is not made up: the passport leaves its value empty and the data page says it is not given.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from generator.inputs.fields import ShortText, Strict
from generator.inputs.parse import parse_model, read_source
from generator.inputs.parsed import parsed_files_not_kept
from generator.inputs.problems import Problem

SITE_FILE = "site.yaml"
DEFAULTS = Path(__file__).with_name("site.defaults.yaml")


# --- texts (issue 15: no words of the direction in code) ----------------------------------------------


class CycleStages(BaseModel):
    """The titles of the nine stages of the management cycle, in their order (their ids are fixed)."""

    model_config = ConfigDict(extra="forbid")

    goals: ShortText | None = Field(default=None, description="Этап 1: цели")
    indicators: ShortText | None = Field(default=None, description="Этап 2: показатели")
    methods: ShortText | None = Field(default=None, description="Этап 3: методы сбора и обработки информации")
    monitoring: ShortText | None = Field(default=None, description="Этап 4: мониторинг показателей")
    analysis: ShortText | None = Field(default=None, description="Этап 5: анализ результатов мониторинга")
    recommendations: ShortText | None = Field(default=None, description="Этап 6: адресные рекомендации")
    measures: ShortText | None = Field(default=None, description="Этап 7: меры, мероприятия")
    decisions: ShortText | None = Field(default=None, description="Этап 8: управленческие решения")
    effectiveness: ShortText | None = Field(default=None, description="Этап 9: анализ эффективности принятых мер")


class SiteTexts(BaseModel):
    """How the pages name the monitoring, in the cases Russian needs («Мониторинг …», «по итогам мониторинга …»)."""

    model_config = ConfigDict(extra="forbid")

    heading: ShortText | None = Field(
        default=None,
        description="Полное название мониторинга, именительный падеж: заголовок главной страницы, описание "
        "страницы муниципалитета («Мониторинг профориентации обучающихся»)",
    )
    heading_genitive: ShortText | None = Field(
        default=None,
        description="Полное название в родительном падеже: «Последние данные мониторинга профориентации обучающихся»",
    )
    short: ShortText | None = Field(
        default=None, description="Краткое название, именительный падеж: заголовок выпуска («Мониторинг …»)"
    )
    short_genitive: ShortText | None = Field(
        default=None,
        description="Краткое название в родительном падеже: «по итогам мониторинга профориентации», "
        "«показатели мониторинга профориентации»",
    )
    system_genitive: ShortText | None = Field(
        default=None,
        description="«Результаты … » в описаниях главной, выпуска и отчёта, родительный падеж "
        "(«мониторинга системы профориентации обучающихся»)",
    )
    direction_genitive: ShortText | None = Field(
        default=None,
        description="Название с направлением по каталогу, родительный падеж: первая фраза главной страницы и "
        "аналитического отчёта («мониторинга системы работы по самоопределению и профессиональной ориентации "
        "обучающихся»)",
    )
    citation: ShortText | None = Field(
        default=None,
        description="Название в ссылке «Как сослаться», именительный падеж, со строчной буквы («мониторинг системы "
        "работы по самоопределению и профессиональной ориентации обучающихся»)",
    )
    keywords: list[ShortText] | None = Field(
        default=None, description="Ключевые слова открытых данных (паспорта наборов, datapackage.json)"
    )
    stages: CycleStages = Field(default_factory=CycleStages, description="Этапы управленческого цикла")

    def over(self, defaults: SiteTexts) -> SiteTexts:
        """These texts, with what they leave out taken from ``defaults``."""
        return SiteTexts.model_validate(_over(self.model_dump(), defaults.model_dump()))

    @property
    def stage_titles(self) -> tuple[tuple[str, str], ...]:
        """(id, title) of every stage, in the cycle's order."""
        return tuple((name, str(getattr(self.stages, name))) for name in CycleStages.model_fields)


# --- publisher (the open data's owner) ---------------------------------------------------------------


Phone = Annotated[
    str,
    Field(
        pattern=r"^\+?[0-9][0-9 ()\-]{4,30}$",
        description="Телефон ответственного: цифры, при необходимости «+», пробелы, скобки и дефисы",
    ),
]
Email = Annotated[
    str,
    Field(
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        max_length=254,
        description="Адрес электронной почты ответственного",
    ),
]
Inn = Annotated[
    str,
    Field(
        pattern=r"^([0-9]{10}|[0-9]{12})$",
        description="ИНН владельца наборов (10 цифр у организации): начало идентификатора каждого набора",
    ),
]


class PublisherSpec(Strict):
    """The owner of the open data sets and the person responsible for them, by role."""

    owner: ShortText = Field(description="Владелец наборов открытых данных: организация, которая их публикует")
    responsible: ShortText | None = Field(
        default=None,
        description="Ответственное лицо — должность (например, «начальник отдела мониторинга»), не фамилия",
    )
    phone: Phone | None = None
    email: Email | None = None
    inn: Inn | None = None


# --- the file -------------------------------------------------------------------------------------------


class SiteFile(BaseModel):
    """``data/site.yaml``."""

    model_config = ConfigDict(extra="forbid")

    texts: SiteTexts = Field(default_factory=SiteTexts, description="Слова страниц, которые называют мониторинг")
    publisher: PublisherSpec | None = Field(
        default=None, description="Владелец открытых данных и ответственный за них (паспорта наборов)"
    )

    def over(self, defaults: SiteFile) -> SiteFile:
        return SiteFile(texts=self.texts.over(defaults.texts), publisher=self.publisher or defaults.publisher)


def _over(mine: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    out = dict(defaults)
    for key, value in mine.items():
        if isinstance(value, dict) and isinstance(defaults.get(key), dict):
            out[key] = _over(value, defaults[key])
        elif value is not None:
            out[key] = value
    return out


@cache
def default_site() -> SiteFile:
    """The defaults of every deployment (``site.defaults.yaml``)."""
    problems: list[Problem] = []
    with parsed_files_not_kept():  # memoised: not read again by the next build of this process
        doc = read_source(DEFAULTS, problems)
    found = parse_model(doc, SiteFile, problems) if doc is not None else None
    if found is None or problems:
        raise ValueError(f"{DEFAULTS}: {problems}")
    return found


def read_site_file(root: Path, problems: list[Problem]) -> SiteFile:
    """``root/site.yaml`` over the defaults; the defaults alone when the file is not there or has errors
    (they are added to ``problems``)."""
    path = root / SITE_FILE
    if not path.is_file():
        return default_site()
    doc = read_source(path, problems)
    found = parse_model(doc, SiteFile, problems) if doc is not None and doc.data is not None else None
    return found.over(default_site()) if found is not None else default_site()
