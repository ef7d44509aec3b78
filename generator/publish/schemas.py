"""JSON Schemas of the data files, generated from the models and the catalogue.

Each data file names its schema on its first line (``# yaml-language-server: $schema=…``), so an
editor with the YAML language server autocompletes keys and underlines mistakes while the official
types. The yearly schema lists every count and indicator of the catalogue by name, with its Russian
title as the description, so autocompletion offers exactly the counts the methodology knows.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.inputs.catalogue import Catalogue
from generator.inputs.editions_model import EditionsFile
from generator.inputs.fields import MAX_VALUE
from generator.inputs.models import CatalogueFile, YearFile
from generator.inputs.region_report import RegionReport
from generator.inputs.registry_model import RegistryFile
from generator.inputs.rules_model import RulesFile
from generator.inputs.site_file import SiteFile
from generator.recommend.model import PARAMETERS, Condition

SCHEMA_FILES = {
    "catalogue": "catalogue.schema.json",
    "registry": "region.schema.json",
    "year": "municipality-year.schema.json",
    "rules": "rules.schema.json",
    "editions": "editions.schema.json",
    "site": "site.schema.json",
    "region_year": "region-year.schema.json",
}


def _base(model: type, title: str) -> dict[str, Any]:
    schema = model.model_json_schema()  # type: ignore[attr-defined]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema


def year_schema(catalogue: Catalogue) -> dict[str, Any]:
    schema = _base(YearFile, "Данные муниципалитета за учебный год")
    count_props = {
        c.id: {"type": "integer", "minimum": 0, "maximum": MAX_VALUE, "description": f"{c.title}, {c.unit}"}
        for c in catalogue.counts.values()
    }
    for total in catalogue.totals.values():
        count_props[total.id] = {
            "type": "integer",
            "minimum": 0,
            "maximum": MAX_VALUE,
            "description": f"{total.title} — итогом, если источник не даёт частей",
        }
    counts = {"type": "object", "properties": count_props, "additionalProperties": False}
    props = schema["properties"]
    props["counts"] = {**counts, "description": "Муниципальные итоги (или суммы по школам)"}
    schema["$defs"]["SchoolCounts"]["properties"]["counts"] = counts
    indicator_props = {
        i.id: {"type": "number", "minimum": 0, "maximum": MAX_VALUE, "description": f"{i.title}, {catalogue.unit(i)}"}
        for i in catalogue.indicators.values()
    }
    target_props = {
        name: {"anyOf": [spec, {"$ref": "#/$defs/ReportedTarget"}], "description": spec["description"]}
        for name, spec in indicator_props.items()
    }
    props["targets"] = {
        "type": "object",
        "properties": target_props,
        "additionalProperties": False,
        "description": "Целевые показатели муниципальной программы: плановое значение числом или, если источник "
        "сообщает только, достигнут ли показатель, — {reached: true|false, source, note}",
    }
    printed_props = {
        name: {"anyOf": [spec, {"$ref": "#/$defs/PrintedFigure"}], "description": spec["description"]}
        for name, spec in indicator_props.items()
    }
    props["printed"] = {
        "type": "object",
        "properties": printed_props,
        "additionalProperties": False,
        "description": "Значения, напечатанные в исходном отчёте, для сверки",
    }
    return schema


def registry_schema(catalogue: Catalogue) -> dict[str, Any]:
    """The registry: ``collects`` names the catalogue's sections and indicators."""
    schema = _base(RegistryFile, "Реестр территорий")
    props = schema["properties"]
    names = {"type": "array", "items": {"type": "string", "enum": [*catalogue.sections, *catalogue.indicators]}}
    props["collects"] = {
        "anyOf": [names, {"type": "null"}],
        "default": None,
        "description": props["collects"]["description"],
    }
    props["collects_by_year"] = {
        "type": "object",
        "propertyNames": {"pattern": "^(19|20|21)[0-9]{2}$"},
        "additionalProperties": names,
        "description": props["collects_by_year"]["description"],
    }
    return schema


def rules_schema(catalogue: Catalogue) -> dict[str, Any]:
    """The rules file: indicators, sections and conditions by name, and what each condition needs."""
    schema = _base(RulesFile, "Правила адресных рекомендаций")
    rule = schema["$defs"]["RuleSpec"]
    props = rule["properties"]

    def one_of(names: list[str], description: str) -> dict[str, Any]:
        return {
            "anyOf": [{"type": "string", "enum": names}, {"type": "null"}],
            "default": None,
            "description": description,
        }

    props["indicator"] = one_of(list(catalogue.indicators), props["indicator"]["description"])
    props["section"] = one_of(list(catalogue.sections), props["section"]["description"])
    props["condition"] = {
        "type": "string",
        "enum": [c.value for c in Condition],
        "description": props["condition"]["description"],
    }
    rule["anyOf"] = [{"required": [name]} for name in ("indicator", "section", "all_indicators")]
    rule["allOf"] = [
        {
            "if": {"properties": {"condition": {"const": condition.value}}, "required": ["condition"]},
            "then": {"required": [parameter]},
        }
        for condition, parameter in PARAMETERS.items()
    ]
    schema["$defs"]["DeadlineSpec"]["oneOf"] = [{"required": ["months_after"]}, {"required": ["month", "day"]}]
    return schema


def all_schemas(catalogue: Catalogue) -> dict[str, dict[str, Any]]:
    return {
        SCHEMA_FILES["catalogue"]: _base(CatalogueFile, "Каталог показателей"),
        SCHEMA_FILES["registry"]: registry_schema(catalogue),
        SCHEMA_FILES["year"]: year_schema(catalogue),
        SCHEMA_FILES["rules"]: rules_schema(catalogue),
        SCHEMA_FILES["editions"]: _base(EditionsFile, "Опубликованные выпуски и исправления их данных"),
        SCHEMA_FILES["site"]: _base(SiteFile, "Сведения о сайте: слова страниц и владелец открытых данных"),
        SCHEMA_FILES["region_year"]: region_year_schema(catalogue),
    }


def region_year_schema(catalogue: Catalogue) -> dict[str, Any]:
    """The region's file of a year: the sections a recommendation may name are the catalogue's."""
    schema = _base(RegionReport, "Рекомендации региона за учебный год (data/<год>/region.yaml)")
    section = schema["$defs"]["RegionRecommendation"]["properties"]["section"]
    section["anyOf"] = [{"enum": list(catalogue.sections)}, {"type": "null"}]
    return schema


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_if_changed(path: Path, text: str) -> bool:
    """Write only when the content differs: same data in, same bytes (and mtimes) out."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True
