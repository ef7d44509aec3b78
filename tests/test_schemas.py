"""JSON Schemas: generated from the models and the catalogue, committed, and named by every data file."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.inputs.catalogue_file import load_catalogue
from generator.publish.schemas import SCHEMA_FILES, all_schemas, render

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SCHEMAS = ROOT / "schemas"


class _TextDates(yaml.SafeLoader):
    """Like the YAML language server (YAML 1.2), dates stay strings."""


_TextDates.yaml_implicit_resolvers = {
    k: [(t, r) for t, r in v if t != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _schemas() -> dict[str, dict]:
    catalogue, _ = load_catalogue(DATA / "indicators.yaml", [])
    assert catalogue is not None
    return all_schemas(catalogue)


def test_committed_schemas_are_up_to_date() -> None:
    for name, schema in _schemas().items():
        committed = (SCHEMAS / name).read_text(encoding="utf-8")
        assert committed == render(schema), f"schemas/{name} is stale: run `make schemas`"


def _data_files() -> list[Path]:
    return sorted([DATA / "indicators.yaml", DATA / "region.yaml", DATA / "rules.yaml", *DATA.glob("[0-9]*/*.yaml")])


def _schema_for(path: Path) -> str:
    if path.name == "indicators.yaml":
        return SCHEMA_FILES["catalogue"]
    if path.name == "region.yaml":
        return SCHEMA_FILES["registry"]
    if path.name == "rules.yaml":
        return SCHEMA_FILES["rules"]
    return SCHEMA_FILES["year"]


@pytest.mark.parametrize("path", _data_files(), ids=lambda p: str(p.relative_to(DATA)))
def test_every_data_file_names_its_schema_on_the_first_line(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix), first
    target = (path.parent / first[len(prefix):]).resolve()
    assert target == (SCHEMAS / _schema_for(path)).resolve()


@functools.cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    """The committed schema's validator, checked against the metaschema once: ``jsonschema.validate`` would
    check and compile it again for each of the ~80 files (0.4 s each)."""
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("path", _data_files(), ids=lambda p: str(p.relative_to(DATA)))
def test_the_editor_schema_accepts_every_valid_data_file(path: Path) -> None:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TextDates)
    _validator(_schema_for(path)).validate(data)


def test_the_editor_schema_underlines_an_unknown_count_and_a_negative_value() -> None:
    schema = _schemas()[SCHEMA_FILES["year"]]
    validator = jsonschema.Draft202012Validator(schema)
    bad = {"municipality": "alpha", "year": 2024, "counts": {"students_g55": 1, "grads9": -1}}
    messages = [e.message for e in validator.iter_errors(bad)]
    assert any("students_g55" in m for m in messages)
    assert any("-1" in m for m in messages)


def test_the_editor_schema_takes_a_target_as_a_number_or_as_reported_reached_or_not() -> None:
    validator = jsonschema.Draft202012Validator(_schemas()[SCHEMA_FILES["year"]])
    good = {"grads9_poo_share": 60, "grads11_vo_share": {"reached": False, "source": "Приказ № 327", "note": "…"}}
    assert list(validator.iter_errors({"municipality": "alpha", "year": 2024, "targets": good})) == []
    for bad in ({"reached": "нет"}, {"reached": False, "value": 60}, {"source": "Приказ"}, "не достигнуто"):
        data = {"municipality": "alpha", "year": 2024, "targets": {"grads9_poo_share": bad}}
        assert list(validator.iter_errors(data)), bad


def test_the_editor_schema_describes_counts_in_russian() -> None:
    schema = _schemas()[SCHEMA_FILES["year"]]
    assert schema["properties"]["counts"]["properties"]["grads9"]["description"] == "Выпускники 9 классов, чел."


def test_the_editor_schema_of_the_rules_names_indicators_conditions_and_their_parameters() -> None:
    validator = jsonschema.Draft202012Validator(_schemas()[SCHEMA_FILES["rules"]])
    rule = {"id": "r", "indicator": "bilet_share_6_11", "condition": "zero", "audiences": ["a"], "text": "т"}
    good = {"audiences": [{"id": "a", "title": "А"}], "rules": [rule]}
    assert list(validator.iter_errors(good)) == []
    bad_rules = [
        dict(rule, indicator="bilet_share_6_1"),
        dict(rule, condition="belo_target"),
        dict(rule, condition="below_region"),  # without points
        dict(rule, deadline={"months_after": 3, "month": 9, "day": 1}),
        {k: v for k, v in rule.items() if k != "indicator"},  # watches nothing
    ]
    for bad in bad_rules:
        assert list(validator.iter_errors(dict(good, rules=[bad]))), bad


@pytest.mark.parametrize("example", ["kemerovo", "stary-oskol", "michurinsk", "tver"])
def test_each_examples_schemas_are_its_own_and_up_to_date(example: str) -> None:
    """An editor checks an example's files against the example's catalogue, not the demo's."""
    folder = ROOT / "examples" / example
    catalogue, _ = load_catalogue(folder / "data" / "indicators.yaml", [])
    assert catalogue is not None
    for name, schema in all_schemas(catalogue).items():
        assert (folder / "schemas" / name).read_text(encoding="utf-8") == render(schema), (
            f"examples/{example}/schemas/{name} устарела: "
            f"`proforientir schema --data examples/{example}/data --out examples/{example}/schemas`"
        )
    for path in (folder / "data").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        target = (path.parent / first.split("$schema=")[1]).resolve()
        assert target.parent == (folder / "schemas").resolve() and target.exists(), path
