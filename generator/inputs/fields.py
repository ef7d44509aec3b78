"""The field types every data file shares: text, dates, links, counts, identifiers and slugs.

Why a module of its own: what a single value may be (a date written as ``ГГГГ-ММ-ДД`` and not a Unix
timestamp, text without control characters or invisible marks, a slug that no service page uses) is one
rule for all files; the models of each file (:mod:`generator.inputs.models`,
:mod:`generator.inputs.rules_model`, :mod:`generator.inputs.editions_model`,
:mod:`generator.inputs.site_file`) build on these types and say only what the file holds.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from generator.core.text import drop_invisible

SLUG_RE = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_RE = r"^[a-z][a-z0-9_]*$"
# The largest count or value accepted: far above any real population, far below what a 64-bit column holds
# (the region's sums of many counts must still fit), so that a typo of many digits is an error, not a crash.
MAX_VALUE = 10**9


def date_only(value: Any) -> Any:
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


def http_link(value: Any) -> Any:
    if isinstance(value, str) and re.fullmatch(r"https?://[^\s/$.?#][^\s]*", value.strip(), re.IGNORECASE):
        return value.strip()
    raise PydanticCustomError(
        "link_scheme",
        "ожидается ссылка, начинающаяся с http:// или https:// (например, https://example.ru/news/1), "
        "указано «{value}»",
        {"value": value},
    )


def plain_text(value: Any) -> Any:
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


Date = Annotated[date, BeforeValidator(date_only)]
Link = Annotated[str, BeforeValidator(http_link)]
Text = Annotated[str, BeforeValidator(plain_text), Field(min_length=1, max_length=20_000)]
ShortText = Annotated[str, BeforeValidator(plain_text), Field(min_length=1, max_length=500)]
Count = Annotated[int, Field(ge=0, le=MAX_VALUE, strict=True)]
# A share, a ratio or a count as a plain number: finite, not negative, not absurdly large.
Amount = Annotated[float, Field(ge=0, le=MAX_VALUE, allow_inf_nan=False)]
Slug = Annotated[str, Field(pattern=SLUG_RE, max_length=64)]
Ident = Annotated[str, Field(pattern=ID_RE, max_length=64)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# The slugs of the site's own pages: no section or municipality may take one for its address.
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


def not_reserved(value: Any) -> Any:
    if isinstance(value, str) and value in RESERVED_SLUGS:
        raise PydanticCustomError(
            "slug_reserved",
            "slug «{value}» зарезервирован для служебных страниц сайта; выберите другой",
            {"value": value},
        )
    return value
