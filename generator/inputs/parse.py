"""Reading one YAML file into its pydantic model, every problem with its line and column.

Why a module: the catalogue, the registry, the year files, the rules and the corrections log are read the
same way, and pydantic's English errors become one Russian message per problem here, once.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Any, TypeVar, get_args

from pydantic import BaseModel, TypeAdapter, ValidationError

from generator.inputs.problems import Problem, at, display_path, pydantic_message
from generator.inputs.source import SourceDoc, YamlSyntaxError, load_yaml

M = TypeVar("M", bound=BaseModel)
B = TypeVar("B", bound=BaseModel)


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the (nested) model at ``loc``: the candidates for «did you mean»."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        annotation = fields[part].annotation
        current = _inner_model(annotation)
    fields = getattr(current, "model_fields", None)
    return list(fields) if fields else []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def parse_model(doc: SourceDoc, model: type[M], problems: list[Problem]) -> M | None:
    if doc.data is None:
        problems.append(at(doc, doc.path, (), "файл пуст: ожидается набор «ключ: значение»"))
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        for error in _without_union_branches(exc.errors(), doc.data):
            loc = tuple(error["loc"])
            is_key = error["type"] in {"extra_forbidden", "invalid_key"}
            if loc and loc[-1] == "[key]":  # a key of a mapping that is not a valid name: point at the key
                is_key = True
                where = loc[:-1]
            else:
                where = loc
            raw = None if is_key else doc.raw.get(tuple(str(p) for p in where))
            message = pydantic_message(error, _allowed_keys(model, loc), raw)
            problems.append(at(doc, doc.path, where, message, key=is_key))
        return None


# Errors that only say «this branch of a union expects another shape»: noise beside the branch that fits.
_SHAPE_ERRORS = frozenset(
    {"model_type", "dict_type", "float_type", "float_parsing", "int_type", "int_parsing", "string_type"}
)


def _without_union_branches(errors: list[Any], data: Any) -> list[Any]:
    """Pydantic's errors with the union branches («constrained-float», «PrintedFigure») taken out of
    their locations, and of each union value only the errors of the branch that fits the value's shape:
    a printed «inf» is «ожидается конечное число», not also «ожидается словарь»."""
    groups: dict[tuple[Any, ...], list[tuple[bool, dict[str, Any]]]] = {}
    order: list[tuple[Any, ...]] = []
    for error in errors:
        loc, current, tagged, at_union = list(error["loc"]), data, False, ()
        clean: list[Any] = []
        for index, part in enumerate(loc):
            last = index == len(loc) - 1
            inside = (isinstance(current, dict) and part in current) or (
                isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
            )
            if inside:
                current = current[part]
            elif isinstance(part, str) and part != "[key]" and not tagged and not (last and error["type"] == "missing"):
                tagged, at_union = True, tuple(clean)
                continue
            else:
                current = None
            clean.append(part)
        key = at_union if tagged else (*clean, "#", len(order))
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append((error["type"] in _SHAPE_ERRORS, {**error, "loc": tuple(clean)}))
    kept: list[Any] = []
    for key in order:
        group = groups[key]
        fitting = [e for shape, e in group if not shape]
        kept += fitting if fitting else [group[0][1]]
    return kept


def read_source(path: Path, problems: list[Problem]) -> SourceDoc | None:
    shown = display_path(path)
    try:
        doc = load_yaml(path)
    except YamlSyntaxError as exc:
        for issue in exc.issues:
            problems.append(Problem(shown, issue.position.line, issue.position.column, issue.problem))
        return None
    for issue in doc.issues:
        problems.append(Problem(shown, issue.position.line, issue.position.column, issue.problem))
    for dup in doc.duplicates:
        problems.append(
            Problem(
                shown,
                dup.again.line,
                dup.again.column,
                f"ключ «{dup.key}» повторяется (впервые — в строке {dup.first.line}): оставьте один",
            )
        )
    return doc


# --- the catalogue -----------------------------------------------------------------------------


@cache
def field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    return TypeAdapter(Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation)


@cache
def _entry_adapters(model: type[BaseModel], name: str) -> tuple[TypeAdapter[Any], TypeAdapter[Any]]:
    key_type, value_type = get_args(model.model_fields[name].annotation)
    return TypeAdapter(key_type), TypeAdapter(value_type)


def valid_value(adapter: TypeAdapter[Any], value: Any) -> Any:
    """The validated value, or None when it does not pass."""
    try:
        return adapter.validate_python(value)
    except ValidationError:
        return None


def valid_entries(model: type[BaseModel], name: str, raw: dict[Any, Any]) -> tuple[dict[str, Any], bool]:
    """The entries of a mapping field whose key and value both pass; and whether all of them did."""
    value = raw.get(name, {})
    if not isinstance(value, dict):
        return {}, False
    key_adapter, value_adapter = _entry_adapters(model, name)
    entries: dict[str, Any] = {}
    for key, item in value.items():
        valid_key, valid_item = valid_value(key_adapter, key), valid_value(value_adapter, item)
        if valid_key is not None and valid_item is not None:
            entries[valid_key] = valid_item
    return entries, len(entries) == len(value)


def valid_items(model: type[B], value: Any) -> list[tuple[int, B]]:
    """The items of a list field that pass their model, with their index in the file."""
    if not isinstance(value, list):
        return []
    items = []
    for index, item in enumerate(value):
        try:
            items.append((index, model.model_validate(item)))
        except ValidationError:
            continue
    return items
