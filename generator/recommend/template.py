"""A rule's Russian text with placeholders: which names exist, when each can be filled, how it is filled.

Why apart from the evaluation: the rules file is checked against the same vocabulary before anything is
computed, so a wrong placeholder is an error with its line, never a surprise on a page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from generator.core.formatting import (
    NO_DATA,
)
from generator.recommend.model import Condition

# --- placeholders ------------------------------------------------------------------------------

PLACEHOLDERS: dict[str, str] = {
    "value": "значение показателя за учебный год",
    "target": "целевое значение муниципальной программы",
    "region_value": "значение по региону",
    "gap": "отставание от порога условия (от цели, от региона, от порогового количества; для снижения — "
    "на сколько снизилось), для долей — в п. п.",
    "deadline": "срок по правилу deadline",
    "indicator": "краткое название показателя",
    "indicator_title": "полное название показателя",
    "section": "название раздела",
    "municipality": "название муниципалитета",
    "year": "учебный год, например «2025/26 учебный год»",
    "years": "сколько лет подряд снижается значение, например «3 года»",
    "start_value": "значение до начала снижения",
    "previous": "значение за прошлый учебный год",
}
_ONLY_FOR: dict[str, tuple[Condition, ...]] = {
    "target": (Condition.below_target,),
    "gap": (Condition.below_target, Condition.below_region, Condition.declining, Condition.count_below),
    "years": (Condition.declining,),
    "start_value": (Condition.declining,),
    "previous": (Condition.declining,),
}
_TOKEN_RE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
NAME_RE = re.compile(r"^[a-z_]+$")


def unavailable(name: str, condition: Condition, has_deadline: bool) -> str | None:
    """Why a known placeholder cannot be filled for this rule, or None when it can."""
    if name == "deadline" and not has_deadline:
        return "у правила нет срока: добавьте deadline или уберите подстановку"
    if name == "value" and condition is Condition.no_data:
        return "при условии no_data значения нет"
    allowed = _ONLY_FOR.get(name)
    if allowed is not None and condition not in allowed:
        names = ", ".join(c.value for c in allowed)
        return f"она есть только у {'условий' if len(allowed) > 1 else 'условия'} {names}"
    return None


def tokens(text: str) -> list[tuple[int, str, str | None]]:
    """(offset, token, placeholder name or None) for every brace construct of a template."""
    return [(m.start(), m.group(), m.group(1)) for m in _TOKEN_RE.finditer(text)]


def fill(template: str, values: Mapping[str, str]) -> str:
    """The template with its placeholders replaced; ``{{`` and ``}}`` stand for braces.

    A value that ends with an abbreviation's period («1 мая 2027 г.», «12 ед.») at the end of a sentence
    takes the sentence's period: «в срок до {deadline}.» gives «в срок до 1 мая 2027 г.», not «г..».
    """
    out: list[str] = []
    last = 0
    for offset, token, name in tokens(template):
        out.append(template[last:offset])
        last = offset + len(token)
        if token == "{{":
            out.append("{")
        elif token == "}}":
            out.append("}")
        elif name is not None:
            value = values.get(name, NO_DATA)
            out.append(value)
            if value.endswith(".") and template.startswith(".", last) and not template.startswith("..", last):
                last += 1
        else:
            out.append(token)
    out.append(template[last:])
    return "".join(out)


def plain_text(text: str) -> str:
    """One paragraph of plain text: runs of spaces and line breaks become one space (no-break spaces stay)."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()
