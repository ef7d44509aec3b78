"""The shapes of the data files, as pydantic models.

The models are the single definition of what a valid file looks like: validation uses them, and the
JSON Schemas that editors use for autocompletion are generated from them (see :mod:`generator.publish.schemas`).
Cross-file rules (a count that the catalogue does not know, a school missing from the registry) live in
:mod:`generator.build.validate`, because a model sees one file at a time.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr
from pydantic_core import PydanticCustomError

from generator.core.text import drop_invisible

SLUG_RE = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_RE = r"^[a-z][a-z0-9_]*$"
# The largest count or value accepted: far above any real population, far below what a 64-bit column holds
# (the region's sums of many counts must still fit), so that a typo of many digits is an error, not a crash.
MAX_VALUE = 10**9


def _date_only(value: Any) -> Any:
    """Accept a real date or an ISO ``YYYY-MM-DD`` string, and nothing else.

    Pydantic's lax mode would also take an integer as a Unix timestamp, which would turn a typo
    into 1 January 1970 instead of an error.
    """
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError(
                "date_invalid", "такой даты нет в календаре: «{value}»", {"value": value}
            ) from None
    raise PydanticCustomError(
        "date_format",
        "ожидается дата в формате ГГГГ-ММ-ДД (например, 2023-06-15), указано «{value}»",
        {"value": value},
    )


def _http_link(value: Any) -> Any:
    if isinstance(value, str) and re.fullmatch(r"https?://[^\s/$.?#][^\s]*", value.strip(), re.IGNORECASE):
        return value.strip()
    raise PydanticCustomError(
        "link_scheme",
        "ожидается ссылка, начинающаяся с http:// или https:// (например, https://example.ru/news/1), "
        "указано «{value}»",
        {"value": value},
    )


def _text(value: Any) -> Any:
    """Free text typed by people: a string without control characters other than line breaks.

    Bidirectional overrides (U+202E) and zero-width marks (U+200B), which Word and messengers paste
    unseen, are dropped rather than reported: they would make a name read differently on the page, in a
    chart and in a spreadsheet from what it is. Text of spaces alone is empty: a name nobody can see.
    """
    if not isinstance(value, str):
        return value
    bad = [c for c in value if (ord(c) < 32 and c not in "\n\t") or ord(c) == 127]
    if bad:
        raise PydanticCustomError(
            "text_control",
            "текст содержит управляющий символ (код {code}): удалите его",
            {"code": f"U+{ord(bad[0]):04X}"},
        )
    cleaned = drop_invisible(value)
    return cleaned if cleaned.strip() else ""


Date = Annotated[date, BeforeValidator(_date_only)]
Link = Annotated[str, BeforeValidator(_http_link)]
Text = Annotated[str, BeforeValidator(_text), Field(min_length=1, max_length=20_000)]
ShortText = Annotated[str, BeforeValidator(_text), Field(min_length=1, max_length=500)]
Count = Annotated[int, Field(ge=0, le=MAX_VALUE, strict=True)]
# A share, a ratio or a count as a plain number: finite, not negative, not absurdly large.
Amount = Annotated[float, Field(ge=0, le=MAX_VALUE, allow_inf_nan=False)]
Slug = Annotated[str, Field(pattern=SLUG_RE, max_length=64)]
Ident = Annotated[str, Field(pattern=ID_RE, max_length=64)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- The indicator catalogue ------------------------------------------------------------------


RESERVED_SLUGS = frozenset(
    {
        "region",
        "municipalities",
        "methodology",
        "data",
        "assets",
        "charts",
        "search",
        "recommendations",
        "report",
        "targets",
        "cycle",
        "corrections",
    }
)


def _not_reserved(value: Any) -> Any:
    if isinstance(value, str) and value in RESERVED_SLUGS:
        raise PydanticCustomError(
            "slug_reserved",
            "slug «{value}» зарезервирован для служебных страниц сайта; выберите другой",
            {"value": value},
        )
    return value


class Section(Strict):
    id: Ident
    slug: Annotated[Slug, BeforeValidator(_not_reserved)] = Field(
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


# --- The territory registry -------------------------------------------------------------------


class MunicipalityType(StrEnum):
    urban_okrug = "городской округ"
    district = "муниципальный район"
    municipal_okrug = "муниципальный округ"


class School(Strict):
    id: Slug
    name: ShortText
    ovz: bool = Field(default=False, description="Отдельная школа для обучающихся с ОВЗ")


class Municipality(Strict):
    slug: Annotated[Slug, BeforeValidator(_not_reserved)] = Field(
        description="Постоянный идентификатор в адресах; не выводится из названия"
    )
    name: ShortText
    type: MunicipalityType
    oktmo: Annotated[str, Field(pattern=r"^\d{8}(\d{3})?$")] | None = None
    schools: list[School] = Field(default_factory=list)


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


EditionYear = Annotated[int, Field(ge=1990, le=2100)]


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

    @property
    def level(self) -> DeploymentLevel:
        if self.region.level is not None:
            return self.region.level
        return DeploymentLevel.municipality if len(self.municipalities) == 1 else DeploymentLevel.region


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


class Measure(Strict):
    """A measure of a plan or roadmap, as the document gives it.

    A roadmap gives a deadline as a date or in words («в течение года», «сентябрь 2022 г.», «ежегодно»,
    «по отдельному плану»); an analytical report lists measures without an executive or a status. Only
    the number and the title are required: an analytical report's «комплекс мер» names no deadline at all,
    and the site shows a measure as the document gives it rather than invent one.
    """

    number: Annotated[str, Field(pattern=r"^\d+(\.\d+)*\.?$", max_length=20)]
    # A roadmap's measure may list what it covers (004's 2.1 names ten indicators: 1 300 characters).
    title: Annotated[str, BeforeValidator(_text), Field(min_length=1, max_length=3000)]
    deadline: Date | None = Field(default=None, description="Срок датой (ГГГГ-ММ-ДД); или deadline_text")
    deadline_text: ShortText | None = Field(
        default=None, description="Срок словами, как в плане: «в течение года», «сентябрь 2022 г.», «ежегодно»"
    )
    responsible: ShortText | None = Field(default=None, description="Должность (роль) ответственного, не фамилия")
    expected_result: Annotated[str, BeforeValidator(_text), Field(min_length=1, max_length=3000)] | None = None
    status: MeasureStatus | None = None
    indicators: list[Ident] = Field(default_factory=list)


DECISION_KINDS = ("приказ", "распоряжение", "постановление", "решение")
DecisionKind = Annotated[str, BeforeValidator(_text), Field(min_length=1, max_length=100)]


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
    counts: dict[Ident, Count] = Field(default_factory=dict)
    schools: list[SchoolCounts] = Field(default_factory=list)
    targets: dict[Ident, Amount] = Field(default_factory=dict)
    goals: list[ShortText] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
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


# --- Addressed recommendations: data/rules.yaml ------------------------------------------------


class AudienceSpec(Strict):
    """An addressee of recommendations: students, parents, school heads…"""

    id: Ident
    title: ShortText


class DeadlineSpec(Strict):
    """When a recommendation is due, relative to the edition's school year (which ends in year Y).

    Either a day of a calendar year — ``{month: 12, day: 31, years_after: 0}`` is 31 December of Y — or a
    number of months after the edition's monitoring date (by default 31 May of Y): the last day of the month
    that many months after — ``{months_after: 3}`` is 31 August of Y.
    """

    month: int | None = Field(default=None, ge=1, le=12, strict=True, description="Месяц срока (1–12)")
    day: int | None = Field(default=None, ge=1, le=31, strict=True, description="День срока")
    years_after: int = Field(
        default=0, ge=0, le=5, strict=True, description="Через сколько лет после года окончания учебного года"
    )
    months_after: int | None = Field(
        default=None,
        ge=1,
        le=36,
        strict=True,
        description="Через сколько месяцев после даты мониторинга выпуска (по умолчанию 31 мая): "
        "срок — последний день того месяца",
    )


class RuleSpec(Strict):
    """One rule: what it watches, when it triggers, to whom it speaks and what it says."""

    id: Ident
    indicator: Ident | None = Field(default=None, description="Показатель каталога, за которым следит правило")
    section: Ident | None = Field(default=None, description="Раздел каталога: правило проверяет все его показатели")
    all_indicators: bool = Field(default=False, description="Правило проверяет все показатели каталога")
    key_only: bool = Field(
        default=False, description="С section или all_indicators: только ключевые показатели (key: true)"
    )
    condition: Ident = Field(description="Условие срабатывания")
    points: float | None = Field(
        default=None, gt=0, le=100, allow_inf_nan=False, description="below_region: отставание от региона, п. п."
    )
    years: int | None = Field(default=None, ge=1, le=10, strict=True, description="declining: лет снижения подряд")
    value: float | None = Field(
        default=None, gt=0, le=MAX_VALUE, allow_inf_nan=False, description="count_below: пороговое количество"
    )
    audiences: list[Ident] = Field(min_length=1, description="Кому адресована рекомендация")
    text: Text = Field(description="Текст рекомендации с подстановками в фигурных скобках")
    title: ShortText | None = Field(
        default=None,
        description="Название правила для читателя, без подстановок: им правило названо в «Почему эта "
        "рекомендация» (без title — summary)",
    )
    summary: ShortText | None = Field(
        default=None, description="Кратко, без подстановок: что рекомендовано (заголовок сводной страницы)"
    )
    deadline: DeadlineSpec | None = None
    order: int = Field(default=0, ge=-1000, le=1000, strict=True, description="Порядок показа: меньше — выше")


class RulesFile(Strict):
    audiences: list[AudienceSpec] = Field(min_length=1)
    rules: list[RuleSpec] = Field(default_factory=list)


# --- Published editions and their corrections: data/editions.yaml ------------------------------


class CorrectionChange(Strict):
    """One published value that a correction changed, as it was published and as it is now."""

    territory: Slug = Field(description="slug муниципалитета или region — регион в целом")
    indicator: Ident
    old: Amount | None = Field(description="Опубликованное значение (null — не было данных)")
    new: Amount | None = Field(description="Значение после исправления (null — данных больше нет)")


class Correction(Strict):
    date: Date = Field(description="Дата исправления")
    reason: ShortText = Field(description="Что и почему исправлено — так, как прочтёт читатель сайта")
    changes: list[CorrectionChange] = Field(min_length=1, description="Какие опубликованные значения изменились")


class Edition(Strict):
    year: int = Field(ge=1990, le=2100, description="Год выпуска (год окончания учебного года)")
    published: Date = Field(description="Дата публикации выпуска")
    incomplete: ShortText | None = Field(
        default=None,
        description="Выпуск опубликован неполным: почему в нём не все муниципалитеты реестра "
        "(текст показывается на страницах выпуска)",
    )
    corrections: list[Correction] = Field(default_factory=list)


class EditionsFile(Strict):
    editions: list[Edition] = Field(default_factory=list)
