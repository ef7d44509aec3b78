"""The shape of ``data/editions.yaml``: the published editions and the corrections of their numbers.

Why apart from the data files' models: this file records publication (when an edition came out, what was
corrected since and why), not data; :mod:`generator.inputs.editions_log` reads it, and the corrections'
checks, pages and open data speak of these objects.
"""

from __future__ import annotations

from pydantic import Field

from generator.inputs.fields import Amount, Date, Ident, ShortText, Slug, Strict


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
