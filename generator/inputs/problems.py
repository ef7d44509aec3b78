"""Problems found in the data, reported the way a compiler reports errors: file:line:column."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from generator.core.formatting import plural
from generator.inputs.source import Position, SourceDoc


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

    def __post_init__(self) -> None:
        # one problem, one line of the log: a name or value with a line break in it is shown as «↵»
        object.__setattr__(self, "message", one_line(self.message))

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


# --- values as the official wrote them -------------------------------------------------------------

_VISIBLE = {"\n": "↵", "\r": "↵", "\t": "⇥"}


def one_line(text: str) -> str:
    """Text fit for one line of a log: line breaks as «↵», tabs as «⇥», other invisible characters by code.

    Format characters (Cf) are invisible too: a right-to-left override (U+202E) or an isolate would turn the
    rest of the log line around, and a zero-width space would make two different keys look the same."""
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char in _VISIBLE:
            out.append(_VISIBLE[char])
        elif unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp", "Cs"}:
            out.append(f"<U+{ord(char):04X}>")
        else:
            out.append(char)
    return "".join(out)


def shown(value: Any, raw: str | None = None, limit: int = 60) -> str:
    """A value as the official wrote it (``raw``, the YAML text of a scalar) or else as YAML would write it."""
    if raw is not None:
        text = raw
    elif isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "null"
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = str(value)
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_empty(value: Any, raw: str | None) -> bool:
    return value is None and (raw is None or raw.strip() in {"", "~", "null", "Null", "NULL"})


def given(value: Any, raw: str | None = None) -> str:
    """The second half of «ожидается …, указано …»."""
    if _is_empty(value, raw):
        return "а значение не указано"
    if isinstance(value, str) and not value.strip():
        return "а указана пустая строка"
    if isinstance(value, list):
        return "а указан список"
    if isinstance(value, dict):
        return "а указан набор «ключ: значение»"
    return f"указано «{shown(value, raw)}»"


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and abs(value) >= 10_000:
        return f"{value:,}".replace(",", "\u00a0")
    return str(value)


# Fields whose values are named by their keys: an error in them names the key (the count, the indicator).
_NAMED_VALUES = {"counts", "targets", "printed", "section_analysis"}
_IDENT_HINT = "идентификатор из строчных латинских букв, цифр и «_», начинающийся с буквы (например, «students_g9»)"


def pydantic_message(error: dict[str, Any], allowed_keys: Iterable[str] = (), raw: str | None = None) -> str:
    """Translate one pydantic error into a Russian sentence: what is wrong and what would be right.

    ``raw`` is the value's YAML text, shown instead of what YAML made of it (``1.10``, not ``1.1``).
    """
    loc = tuple(error.get("loc", ()))
    value = error.get("input")
    if loc and loc[-1] == "[key]":
        return f"недопустимый ключ «{shown(value)}»: ожидается {_IDENT_HINT}"
    message = _target_shape(error, loc, value, raw) or _describe(error, loc, value, raw, list(allowed_keys))
    if len(loc) >= 2 and isinstance(loc[-1], str) and loc[-2] in _NAMED_VALUES:
        return f"{loc[-1]}: {message}"
    return message


_TARGET_FORMS = (
    "плановое значение числом (например, 65) или, если источник сообщает только, достигнут ли целевой "
    "показатель, — {reached: true} или {reached: false}"
)


def _target_shape(error: dict[str, Any], loc: tuple[Any, ...], value: Any, raw: str | None) -> str | None:
    """A target of a year file in a shape it cannot have: the two shapes it can, instead of one branch's."""
    if not loc or loc[0] != "targets":
        return None
    kind = error["type"]
    comma = isinstance(value, str) and re.fullmatch(r"\s*[-+]?\d+,\d+\s*", value)
    if len(loc) == 2 and kind in {"float_type", "float_parsing", "dict_type", "model_type"} and not comma:
        return f"ожидается {_TARGET_FORMS}, {given(value, raw)}"
    if len(loc) == 3 and kind == "missing" and loc[2] == "reached":
        return f"{loc[1]}: не указано, достигнут ли целевой показатель: добавьте reached: true или reached: false"
    if len(loc) == 3 and kind == "extra_forbidden" and loc[2] in {"value", "target", "planned"}:
        return (
            f"{loc[1]}: у целевого показателя без планового значения нет ключа «{loc[2]}»; если плановое "
            f"значение известно, запишите его числом ({loc[1]}: 65) — выполнение будет вычислено"
        )
    return None


def _describe(error: dict[str, Any], loc: tuple[Any, ...], value: Any, raw: str | None, allowed: list[str]) -> str:
    kind = error["type"]
    name = shown(str(loc[-1])) if loc else ""
    ctx = error.get("ctx") or {}
    text = shown(value, raw)
    if kind == "missing":
        return f"отсутствует обязательный ключ «{name}»"
    if kind == "extra_forbidden":
        return f"неизвестный ключ «{name}»{suggest(str(loc[-1]), allowed)}"
    if kind == "invalid_key":
        examples = ", ".join(f"«{k}»" for k in allowed[:3])
        hint = f" (например, {examples})" if examples else ""
        return f"ключ «{shown(value)}» не подходит: ключами здесь служат имена полей латинскими буквами{hint}"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return _int_message(kind, value, raw)
    if kind in {"float_type", "float_parsing"}:
        if isinstance(value, str) and re.fullmatch(r"\s*[-+]?\d+,\d+\s*", value):
            dotted = value.strip().replace(",", ".")
            return f"ожидается число, указано «{text}»: дробную часть отделяют точкой — {dotted}"
        return f"ожидается число (дробную часть отделяют точкой: 45.5), {given(value, raw)}"
    if kind == "finite_number":
        return f"ожидается конечное число, указано «{text}»"
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        signs = {"greater_than_equal": "≥", "greater_than": ">", "less_than_equal": "≤", "less_than": "<"}
        bound = next(ctx[k] for k in ("ge", "gt", "le", "lt") if k in ctx)
        return f"значение должно быть {signs[kind]} {_number(bound)}, указано {text}"
    if kind == "string_type":
        return _string_message(name, value, raw)
    if kind in {"string_too_short", "too_short"}:
        if isinstance(value, str) or kind == "string_too_short":
            return "значение не может быть пустым"
        return f"список не может быть пустым (нужно не меньше {ctx.get('min_length')})"
    if kind in {"string_too_long", "too_long"}:
        limit = ctx.get("max_length")
        if isinstance(value, str):
            length = len(value)
            chars = plural(length, ("символ", "символа", "символов"))
            return f"текст слишком длинный: {length} {chars}, а допускается не более {limit}"
        return f"список слишком длинный: допускается не более {limit} элементов"
    if kind == "string_pattern_mismatch":
        return _pattern_message(str(ctx.get("pattern", "")), text)
    if kind == "list_type":
        return f"ожидается список (строки, начинающиеся с «- »), {given(value, raw)}"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"ожидается набор «ключ: значение», {given(value, raw)}"
    if kind in {"bool_type", "bool_parsing"}:
        return f"ожидается true или false, {given(value, raw)}"
    if kind in {"enum", "literal_error"}:
        expected = re.sub(r"'([^']*)'", r"«\1»", str(ctx.get("expected", ""))).replace(" or ", " или ")
        if _is_empty(value, raw):
            return f"значение не указано; допустимы: {expected}"
        return f"недопустимое значение «{text}»; допустимы: {expected}"
    if kind == "date_format":
        return f"ожидается дата в формате ГГГГ-ММ-ДД (например, 2023-06-15), {given(value, raw)}"
    if kind == "date_invalid":
        return f"такой даты нет в календаре: «{text}»"
    if kind == "link_scheme":
        return (
            f"ожидается ссылка, начинающаяся с http:// или https:// (например, https://example.ru/news/1), "
            f"{given(value, raw)}"
        )
    if kind == "slug_reserved":
        return f"slug «{text}» зарезервирован для служебных страниц сайта; выберите другой"
    if kind.startswith(("date_", "link_", "text_", "slug_", "measure_")):
        return one_line(str(error["msg"]))
    if kind == "recursion_loop":
        return "значение ссылается само на себя"
    return f"значение «{text}» не подходит ({one_line(str(error['msg']))})"


def _int_message(kind: str, value: Any, raw: str | None) -> str:
    text = shown(value, raw)
    if isinstance(value, float) or kind == "int_from_float":
        return f"ожидается целое число, указано нецелое «{text}»"
    if isinstance(value, str):
        written = value.strip()
        if re.fullmatch(r"[-+]?0[0-9_]+", written):
            plain = int(written.replace("_", ""))
            return (
                f"ожидается целое число, указано «{text}»: числа пишут без ведущего нуля (в YAML 1.1 это "
                f"восьмеричная запись) — напишите {plain}"
            )
        if re.fullmatch(r"[-+]?[0-9]+(:[0-5]?[0-9])+", written):
            return (
                f"ожидается целое число, указано «{text}»: двоеточие в числе — шестидесятеричная запись YAML 1.1; "
                f"напишите число цифрами без двоеточия"
            )
        if re.fullmatch(r"[0-9]{1,3}([ \u00a0\u202f][0-9]{3})+", written):
            digits = re.sub(r"\D", "", written)
            return f"ожидается целое число, указано «{text}»: число пишут без пробелов — {digits}"
    return f"ожидается целое число, {given(value, raw)}"


def _string_message(name: str, value: Any, raw: str | None) -> str:
    if isinstance(value, bool | int | float):
        written = raw if raw is not None else shown(value)
        key = f"{name}: " if name and not name.isdigit() else ""
        if isinstance(value, bool):
            what = f"«{shown(written)}», которое YAML читает как «да/нет»"
        else:
            read = shown(value)
            what = f"число «{shown(written)}»" + (f", которое YAML прочтёт как {read}" if read != written else "")
        subject = "номер" if name == "number" else "значение"
        return f'ожидается текст, указано {what}: возьмите {subject} в кавычки — {key}"{shown(written)}"'
    return f"ожидается текст, {given(value, raw)}"


def _pattern_message(pattern: str, text: str) -> str:
    if "a-z0-9" in pattern and "-" in pattern:
        return (
            f"ожидается латинский идентификатор из строчных букв, цифр и дефисов (например, «zarechny-rayon»), "
            f"указано «{text}»"
        )
    if "a-z][a-z0-9_" in pattern:
        return f"ожидается {_IDENT_HINT.replace('students_g9', 'grads9_poo_share')}, указано «{text}»"
    if r"\d{8}" in pattern:
        return f"код ОКТМО состоит из 8 или 11 цифр, указано «{text}»"
    if r"\d+(\.\d+)" in pattern:
        return f"номер мероприятия — числа через точку (например, 4.2.1), указано «{text}»"
    return f"значение «{text}» не подходит по формату"
