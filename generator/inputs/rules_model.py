"""The shape of ``data/rules.yaml``, the addressed recommendations: audiences, rules, deadlines.

Why apart from the data files' models: the rules say what to recommend to whom, not what was measured;
the rules file's checker (:mod:`generator.recommend.rules_file`) and its JSON Schema read this model, and
nothing else does.
"""

from __future__ import annotations

from pydantic import Field

from generator.inputs.fields import MAX_VALUE, Ident, ShortText, Strict, Text


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
