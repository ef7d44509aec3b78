"""The shapes of the monitoring's data files, as pydantic models: the catalogue and a year file.

The models are the single definition of what a valid file looks like: validation uses them, and the
JSON Schemas that editors use for autocompletion are generated from them (see :mod:`generator.publish.schemas`).
The types of single fields shared by every file are in :mod:`generator.inputs.fields`; the registry, the rules
file and the editions file have their own modules (:mod:`generator.inputs.registry_model`,
:mod:`generator.inputs.rules_model`, :mod:`generator.inputs.editions_model`): they say who is monitored and
when, what is recommended and what is published, not what is measured.
Cross-file rules (a count that the catalogue does not know, a school missing from the registry) live in
the loaders of :mod:`generator.inputs`, because a model sees one file at a time.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field, PrivateAttr, model_validator
from pydantic_core import PydanticCustomError

from generator.inputs.fields import (
    Amount,
    Count,
    Date,
    Ident,
    Link,
    ShortText,
    Slug,
    Strict,
    Text,
    not_reserved,
    plain_text,
)

# --- The indicator catalogue ------------------------------------------------------------------


class Section(Strict):
    id: Ident
    slug: Annotated[Slug, BeforeValidator(not_reserved)] = Field(
        description="Постоянный латинский идентификатор раздела в адресах страниц"
    )
    order: int
    title: ShortText
    short_title: ShortText | None = Field(
        default=None,
        max_length=31,
        description="Короткое название (не длиннее 31 знака): имя листа раздела в форме Excel",
    )
    description: Text


class RawCount(Strict):
    """A raw count that municipalities enter once per year."""

    id: Ident
    title: ShortText
    unit: ShortText
    source: ShortText
    section: Ident | None = Field(default=None, description="Раздел формы; без раздела — контингент")
    part_of: Ident | None = Field(default=None, description="Совокупность, которую счётчик не превышает")


class Total(Strict):
    """A sum of raw counts, computed, never entered."""

    id: Ident
    title: ShortText
    sum: list[Ident] = Field(min_length=1)


class Kind(StrEnum):
    share = "share"
    count = "count"
    ratio = "ratio"


class Better(StrEnum):
    higher = "higher"
    lower = "lower"
    neutral = "neutral"


class Indicator(Strict):
    id: Ident
    section: Ident
    kind: Kind
    title: ShortText
    short_title: ShortText
    numerator: Ident
    denominator: Ident | None = None
    unit: ShortText | None = Field(default=None, description="По умолчанию: % для долей, единица счётчика")
    precision: int | None = Field(default=None, ge=0, le=4, description="Знаков после запятой")
    method: Text
    source: ShortText
    better: Better = Better.higher
    since: int | None = Field(default=None, ge=1990, le=2100)
    until: int | None = Field(default=None, ge=1990, le=2100)
    origin: list[ShortText] = Field(default_factory=list)
    key: bool = Field(default=False, description="Ключевой показатель: на обзорных страницах")
    required: bool = Field(
        default=False,
        description="Обязательный показатель: без его данных муниципалитет получает рекомендацию no_data, "
        "даже если раньше этих данных не представлял",
    )
    # The editions in which the deployment does not follow its usual ``collects`` for this indicator (see
    # Catalogue.collecting): set on the catalogue's copy, never read from a file.
    _collected: tuple[bool, frozenset[int]] = PrivateAttr(default=(True, frozenset()))

    def within(self, year: int) -> bool:
        """Whether ``year`` is within the indicator's since/until."""
        return (self.since is None or year >= self.since) and (self.until is None or year <= self.until)

    def exists_in(self, year: int) -> bool:
        """Whether the indicator is measured in ``year``: within since/until, and collected that year."""
        usually, except_in = self._collected
        return usually != (year in except_in) and self.within(year)


class Checks(Strict):
    """Thresholds of the plausibility warnings."""

    max_jump_pp: float = Field(default=25.0, gt=0, allow_inf_nan=False, description="Скачок доли за год, п. п.")
    max_population_change_pct: float | None = Field(
        default=50.0,
        gt=0,
        allow_inf_nan=False,
        description="Изменение знаменателя показателя за год, % (null — не проверять)",
    )
    zero_after_at_least: int = Field(
        default=10, ge=1, description="Ноль после лет, в которых счётчик был не меньше этого"
    )


class CatalogueFile(Strict):
    direction: ShortText
    checks: Checks = Checks()
    sections: list[Section] = Field(min_length=1)
    counts: list[RawCount] = Field(min_length=1)
    totals: list[Total] = Field(default_factory=list)
    indicators: list[Indicator] = Field(min_length=1)


# --- Yearly data of one municipality ----------------------------------------------------------


class Level(StrEnum):
    school = "школьный"
    municipal = "муниципальный"
    intermunicipal = "межмуниципальный"
    regional = "региональный"
    federal = "всероссийский"
    international = "международный"


class Event(Strict):
    date: Date
    title: ShortText
    level: Level
    link: Link | None = None


class MeasureStatus(StrEnum):
    planned = "запланировано"
    in_progress = "в работе"
    done = "выполнено"
    not_done = "не выполнено"
    postponed = "перенесено"


def single_line(value: Any) -> Any:
    """A sub-item is one line: the officials' form keeps the sub-items one a line in one cell, so a line break
    inside one would come back from the form as two sub-items."""
    if isinstance(value, str) and "\n" in value.strip():
        raise PydanticCustomError(
            "measure_item_lines",
            "подпункт занимает несколько строк: каждый подпункт — одна строка, отдельный элемент списка items",
        )
    return value.strip() if isinstance(value, str) else value


MeasureText = Annotated[str, BeforeValidator(plain_text), Field(min_length=1, max_length=3000)]
MeasureItem = Annotated[
    str, BeforeValidator(single_line), BeforeValidator(plain_text), Field(min_length=1, max_length=3000)
]


class Measure(Strict):
    """A measure of a plan or roadmap, as the document gives it.

    A roadmap gives a deadline as a date or in words («в течение года», «сентябрь 2022 г.», «ежегодно»,
    «по отдельному плану»); an analytical report lists measures without an executive or a status. Only
    the number and the title (or the sub-items) are required: an analytical report's «комплекс мер» names no
    deadline at all, and the site shows a measure as the document gives it rather than invent one.

    An order gives an instruction as an addressee and unnumbered sub-items («1. Руководителям …:
    осуществить …; обеспечить …»): ``items`` keeps them as a list, so a page shows a list rather than one
    paragraph of text joined by «;». The addressee is ``responsible``; such a measure needs no title.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "anyOf": [{"required": ["title"]}, {"required": ["items"], "properties": {"items": {"minItems": 1}}}]
        },
    )

    number: Annotated[str, Field(pattern=r"^\d+(\.\d+)*\.?$", max_length=20)]
    # A roadmap's measure may list what it covers (004's 2.1 names ten indicators: 1 300 characters).
    title: MeasureText | None = Field(
        default=None, description="Название мероприятия; у поручения с подпунктами может не быть"
    )
    items: list[MeasureItem] = Field(
        default_factory=list,
        description="Ненумерованные подпункты, как в документе, по порядку: каждый — одна строка",
    )
    deadline: Date | None = Field(default=None, description="Срок датой (ГГГГ-ММ-ДД); или deadline_text")
    deadline_text: ShortText | None = Field(
        default=None, description="Срок словами, как в плане: «в течение года», «сентябрь 2022 г.», «ежегодно»"
    )
    responsible: ShortText | None = Field(default=None, description="Должность (роль) ответственного, не фамилия")
    expected_result: Annotated[str, BeforeValidator(plain_text), Field(min_length=1, max_length=3000)] | None = None
    status: MeasureStatus | None = None
    indicators: list[Ident] = Field(default_factory=list)

    @model_validator(mode="after")
    def _title_or_items(self) -> Measure:
        if self.title is None and not self.items:
            raise PydanticCustomError(
                "measure_untitled",
                "у мероприятия нет ни названия, ни подпунктов: укажите название (title) или подпункты "
                "(items), как в документе",
                {"field": "title"},
            )
        return self


DECISION_KINDS = ("приказ", "распоряжение", "постановление", "решение")
DecisionKind = Annotated[str, BeforeValidator(plain_text), Field(min_length=1, max_length=100)]


class Decision(Strict):
    """A management decision: an order with its number, or any document of a date («письмо», «протокол»)."""

    kind: DecisionKind = Field(
        default="приказ",
        description="Вид документа: приказ, распоряжение, постановление, решение — или свои слова "
        "(«письмо», «протокол совещания»)",
        json_schema_extra={"examples": list(DECISION_KINDS)},
    )
    number: Annotated[str, Field(min_length=1, max_length=40)] | None = Field(
        default=None, description="Номер документа, если он есть"
    )
    date: Date | None = Field(
        default=None, description="Дата документа; без неё — направление решения, как его называет отчёт"
    )
    title: ShortText
    link: Link | None = None
    indicators: list[Ident] = Field(default_factory=list)


class PrintedFigure(Strict):
    """A figure as the source printed it, with where it was printed."""

    value: Amount
    source: ShortText | None = Field(default=None, description="Где напечатано: «Таблица 4», «с. 12»")
    note: ShortText | None = Field(default=None, description="Пояснение для читателя сайта")


def printed_value(figure: float | PrintedFigure) -> float:
    return figure.value if isinstance(figure, PrintedFigure) else figure


def printed_source(figure: float | PrintedFigure) -> str | None:
    return figure.source if isinstance(figure, PrintedFigure) else None


def printed_loc(figure: float | PrintedFigure, name: str) -> tuple[str, ...]:
    """Where the number of a printed figure stands in the file: the key, or the key's ``value``."""
    return ("printed", name, "value") if isinstance(figure, PrintedFigure) else ("printed", name)


class ReportedTarget(Strict):
    """A programme's target that the source reports only as reached or not, without its planned value.

    Orders on the results of a monitoring say «целевые показатели выполнены, кроме: …» and name no planned
    value: the verdict is the source's, the site publishes it as such and never invents the number. A target
    whose planned value is known is written as a number instead, and its status is computed.
    """

    model_config = ConfigDict(
        json_schema_extra={
            "description": "Целевой показатель, о котором источник сообщает только, достигнут ли он, без "
            "планового значения (например, «выполнены, кроме: …»). Если плановое значение известно, его "
            "записывают числом, а выполнение вычисляется"
        }
    )

    reached: bool = Field(description="Достигнут ли целевой показатель, по словам источника: true или false")
    source: ShortText | None = Field(default=None, description="Где это сказано: «Приказ № 327», «с. 12»")
    note: ShortText | None = Field(default=None, description="Пояснение для читателя сайта")


class ReportRecommendation(Strict):
    """An addressed recommendation as the municipality's analytical report gives it, in its own words."""

    audience: Ident = Field(description="Адресат: id из списка audiences файла rules.yaml")
    text: Text = Field(description="Текст рекомендации (обычный текст, без разметки)")
    section: Ident | None = Field(default=None, description="Раздел каталога, к которому относится рекомендация")


class SchoolCounts(Strict):
    school: Slug
    counts: dict[Ident, Count] = Field(default_factory=dict)


class YearFile(Strict):
    municipality: Slug
    year: int = Field(ge=1990, le=2100)
    no_data: ShortText | None = Field(
        default=None,
        description=(
            "Почему значений показателей нет — так, как это объясняет источник (например: «документ региона "
            "называет муниципалитет только в рекомендациях»); показывается на всех страницах муниципалитета "
            "за этот год"
        ),
    )
    counts: dict[Ident, Count] = Field(default_factory=dict)
    schools: list[SchoolCounts] = Field(default_factory=list)
    targets: dict[Ident, Amount | ReportedTarget] = Field(
        default_factory=dict,
        description=(
            "Целевые показатели муниципальной программы: id показателя → плановое значение (число) или, "
            "если источник сообщает только, достигнут ли показатель, без планового значения, — "
            "{reached: true|false, source, note}"
        ),
    )
    goals: list[ShortText] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    measures_title: ShortText | None = Field(
        default=None,
        description=(
            "Как документ называет перечень мер — подпись их таблицы («Поручения приказа № 327»); "
            "если не указано — «Дорожная карта»"
        ),
    )
    measures_item: ShortText | None = Field(
        default=None,
        description=(
            "Как документ называет одну меру своего перечня — заголовок столбца («Поручение»); "
            "если не указано — «Мероприятие»"
        ),
    )
    decisions: list[Decision] = Field(default_factory=list)
    recommendations: list[ReportRecommendation] = Field(
        default_factory=list, description="Адресные рекомендации из аналитического отчёта муниципалитета"
    )
    analysis: Text | None = None
    section_analysis: dict[Ident, Text] = Field(
        default_factory=dict, description="Анализ по разделам: id раздела → текст (Markdown)"
    )
    effectiveness: Text | None = Field(
        default=None, description="Анализ эффективности принятых мер (Markdown): что дали меры и решения прошлых лет"
    )
    printed: dict[Ident, Amount | PrintedFigure] = Field(
        default_factory=dict,
        description=(
            "Значения показателей, как они напечатаны в источнике: число или {value, source, note}. Если "
            "счётчики показателя есть — для сверки; если нет — публикуется как напечатано, с пометкой"
        ),
    )
