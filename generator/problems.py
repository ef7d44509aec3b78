"""Problems found in the data, reported the way a compiler reports errors: file:line:column."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from .yamlsource import Position, SourceDoc


class Severity(StrEnum):
    error = "ошибка"
    warning = "предупреждение"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    message: str
    severity: Severity = Severity.error

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"


def display_path(path: Path, root: Path | None = None) -> str:
    """Paths relative to the working directory when possible: that is what CI logs and editors link."""
    for base in (Path.cwd(), root):
        if base is None:
            continue
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return str(path)


def at(
    doc: SourceDoc | None,
    path: Path,
    loc: Iterable[Any],
    message: str,
    *,
    key: bool = False,
    severity: Severity = Severity.error,
) -> Problem:
    position = doc.position(tuple(loc), key=key) if doc is not None else Position(1, 1)
    return Problem(display_path(path), position.line, position.column, message, severity)


def suggest(word: str, choices: Iterable[str]) -> str:
    """A Russian «did you mean» tail for an unknown name, or an empty string."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; возможно, имелось в виду «{matches[0]}»" if matches else ""


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "…"


_TYPE_NAMES = {
    "int": "целое число",
    "float": "число",
    "str": "текст",
    "bool": "да или нет (true / false)",
    "list": "список",
    "dict": "набор «ключ: значение»",
    "model": "набор «ключ: значение»",
}


def pydantic_message(error: dict[str, Any], allowed_keys: Iterable[str] = ()) -> str:
    """Translate one pydantic error into a Russian sentence: what is wrong and what would be right."""
    kind = error["type"]
    loc = error.get("loc", ())
    name = str(loc[-1]) if loc else ""
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"отсутствует обязательный ключ «{name}»"
    if kind == "extra_forbidden":
        return f"неизвестный ключ «{name}»{suggest(name, allowed_keys)}"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        if isinstance(value, float) or kind == "int_from_float":
            return f"ожидается целое число ≥ 0, указано нецелое «{_shown(value)}»"
        return f"ожидается целое число, указано «{_shown(value)}»"
    if kind in {"float_type", "float_parsing"}:
        return f"ожидается число (дробная часть — через точку: 45.5), указано «{_shown(value)}»"
    if kind in {"greater_than_equal", "greater_than"}:
        bound = ctx.get("ge", ctx.get("gt"))
        sign = "≥" if kind == "greater_than_equal" else ">"
        return f"значение должно быть {sign} {bound}, указано {_shown(value)}"
    if kind in {"less_than_equal", "less_than"}:
        bound = ctx.get("le", ctx.get("lt"))
        sign = "≤" if kind == "less_than_equal" else "<"
        return f"значение должно быть {sign} {bound}, указано {_shown(value)}"
    if kind in {"string_type"}:
        return f"ожидается текст, указано «{_shown(value)}»"
    if kind == "string_too_short":
        return "значение не может быть пустым"
    if kind == "string_too_long":
        return f"текст слишком длинный (не более {ctx.get('max_length')} символов)"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if "a-z0-9" in pattern and "-" in pattern:
            return (
                f"ожидается латинский идентификатор из строчных букв, цифр и дефисов (например, "
                f"«zarechny-rayon»), указано «{_shown(value)}»"
            )
        if "a-z][a-z0-9_" in pattern:
            return (
                f"ожидается идентификатор из строчных латинских букв, цифр и «_» (например, "
                f"«grads9_poo_share»), указано «{_shown(value)}»"
            )
        if r"\d{8}" in pattern:
            return f"код ОКТМО состоит из 8 или 11 цифр, указано «{_shown(value)}»"
        if r"\d+(\.\d+)" in pattern:
            return f"номер мероприятия — числа через точку (например, 4.2.1), указано «{_shown(value)}»"
        return f"значение «{_shown(value)}» не подходит по формату"
    if kind in {"list_type"}:
        return f"ожидается список (строки, начинающиеся с «- »), указано «{_shown(value)}»"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"ожидается набор «ключ: значение», указано «{_shown(value)}»"
    if kind in {"bool_type", "bool_parsing"}:
        return f"ожидается true или false, указано «{_shown(value)}»"
    if kind in {"enum", "literal_error"}:
        expected = re.sub(r"'([^']*)'", r"«\1»", str(ctx.get("expected", ""))).replace(" or ", " или ")
        return f"недопустимое значение «{_shown(value)}»; допустимы: {expected}"
    if kind == "too_short":
        return f"список не может быть пустым (нужно не меньше {ctx.get('min_length')})"
    if kind.startswith(("date_", "link_", "text_", "slug_")):
        return str(error["msg"])
    return f"{error['msg']} (значение «{_shown(value)}»)"
