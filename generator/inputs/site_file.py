"""The site's own file, ``data/site.yaml``: what the pages say that is neither data nor catalogue.

The program speaks of no direction of its own: the words of one («мониторинг профориентации…») are the
deployment's, in this file beside its catalogue. The file is optional and so is every key: what it does
not give comes from ``site.defaults.yaml`` beside this module (neutral wording, and the stages of the
management cycle of the federal evaluation).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from generator.inputs.models import ShortText
from generator.inputs.parse import parse_model
from generator.inputs.problems import Problem, display_path
from generator.inputs.source import SourceDoc, YamlSyntaxError, load_yaml

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
    stages: CycleStages = Field(default_factory=CycleStages, description="Этапы управленческого цикла")

    def over(self, defaults: SiteTexts) -> SiteTexts:
        """These texts, with what they leave out taken from ``defaults``."""
        return SiteTexts.model_validate(_over(self.model_dump(), defaults.model_dump()))

    @property
    def stage_titles(self) -> tuple[tuple[str, str], ...]:
        """(id, title) of every stage, in the cycle's order."""
        return tuple((name, str(getattr(self.stages, name))) for name in CycleStages.model_fields)


# --- the file -------------------------------------------------------------------------------------------


class SiteFile(BaseModel):
    """``data/site.yaml``."""

    model_config = ConfigDict(extra="forbid")

    texts: SiteTexts = Field(default_factory=SiteTexts, description="Слова страниц, которые называют мониторинг")

    def over(self, defaults: SiteFile) -> SiteFile:
        return SiteFile(texts=self.texts.over(defaults.texts))


def _over(mine: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    out = dict(defaults)
    for key, value in mine.items():
        if isinstance(value, dict) and isinstance(defaults.get(key), dict):
            out[key] = _over(value, defaults[key])
        elif value is not None:
            out[key] = value
    return out


def _read(path: Path, problems: list[Problem]) -> SourceDoc | None:
    shown = display_path(path)
    try:
        doc = load_yaml(path)
    except YamlSyntaxError as exc:
        problems += [Problem(shown, i.position.line, i.position.column, i.problem) for i in exc.issues]
        return None
    problems += [Problem(shown, i.position.line, i.position.column, i.problem) for i in doc.issues]
    problems += [
        Problem(shown, d.again.line, d.again.column, f"ключ «{d.key}» повторяется (впервые — в строке {d.first.line})")
        for d in doc.duplicates
    ]
    return doc


@cache
def default_site() -> SiteFile:
    """The defaults of every deployment (``site.defaults.yaml``)."""
    problems: list[Problem] = []
    doc = _read(DEFAULTS, problems)
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
    doc = _read(path, problems)
    found = parse_model(doc, SiteFile, problems) if doc is not None and doc.data is not None else None
    return found.over(default_site()) if found is not None else default_site()
