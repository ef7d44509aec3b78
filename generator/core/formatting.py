"""Russian numbers, percents, plurals and dates as the reader sees them.

Everything on the site is in Russian, and the same value appears in page text, tables, chart labels and
validation messages. If each of those formatted numbers on its own, the site would show "57.5%" in one
place and "57,5 %" in another, or round 12,5 down in a chart and up in a table. So every string that
shows a number or a date goes through this module, and the module leans on Babel (CLDR data) instead of
hand-written separators and plural rules.

Rounding is the one thing not left to Babel: Babel rounds half to even (0,125 → "0,12"), while the
monitoring methodology rounds half up (46 of 80 is 57,5 %, and 57,5 at zero digits is 58). Values are
therefore rounded here, exactly, on Decimal or Fraction, and Babel only lays out digits that are already
final. Nothing goes through float arithmetic.

Invisible characters matter: U+00A0 (no-break space) groups thousands and glues a number to its unit
("67,4 %", "12 чел.", "15 июня 2023 г."), so a line never breaks between them; U+2212 is the minus sign.
"""

from __future__ import annotations

import numbers
from datetime import date
from decimal import Decimal, localcontext
from fractions import Fraction
from functools import lru_cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

__all__ = [
    "NO_DATA",
    "academic_year",
    "academic_year_short",
    "format_change",
    "format_count",
    "format_date_table",
    "format_date_text",
    "format_number",
    "format_percent",
    "format_pp_change",
    "format_value",
    "plural",
    "precision_words",
    "round_half_up_decimal",
    "share_percent",
    "shown_digits",
]

LOCALE = Locale("ru")
NBSP = "\u00a0"
NNBSP = "\u202f"
MINUS = "\u2212"
NO_DATA = "\u2014"
"""An em dash: the cell has no data. Never "0", which would claim a measured zero."""

PP = f"п.{NBSP}п."

Number = Decimal | Fraction | int | float

_PLURAL_INDEX = {"one": 0, "few": 1, "many": 2}


def round_half_up_decimal(value: Decimal | Fraction, digits: int) -> Decimal:
    """Round exactly, halves away from zero, keeping exactly `digits` decimals.

    Works on the exact rational value so that 46/80 = 0,575 is really a half and becomes 57,5 / 58; a float
    would store 0,575 as 0,57499… and round it down. The result is built from an integer coefficient and an
    exponent, so trailing zeros survive (1/8 at two digits is Decimal('12.50')) and no Decimal context
    precision can truncate large values. Negative zero is never returned, so "−0,0" cannot reach a page.
    """
    if digits < 0:
        raise ValueError(f"digits must be >= 0, got {digits}")
    # the exact value as n/d (d > 0), in integers: Fraction arithmetic cost ~20 µs a value, and the
    # indicator table and the published one round every value of every year
    n, d = (value.numerator, value.denominator) if isinstance(value, Fraction) else value.as_integer_ratio()
    coefficient = (2 * abs(n) * 10**digits + d) // (2 * d)  # floor(x + 1/2) for x = |n/d|·10^digits: halves go up
    sign = "-" if n < 0 and coefficient != 0 else ""
    return Decimal(f"{sign}{coefficient}E-{digits}")


def share_percent(numerator: int, denominator: int, digits: int) -> Decimal | None:
    """The share numerator/denominator in percent, rounded half up; None when there is nothing to divide by.

    A zero denominator means the group is empty (no pupils of that kind in the municipality): the share is
    undefined, not 0 %, and must show as "no data".
    """
    if denominator == 0:
        return None
    return round_half_up_decimal(Fraction(numerator * 100, denominator), digits)


def _is_missing(value: object) -> bool:
    """None, NaN and pandas' NA all mean "no data".

    The indicator table's rows say None; its pandas view (and the public table made of it) says float NaN
    (float columns) or pd.NA (nullable integer columns). pandas is recognised by type name so that this
    module does not import it.
    """
    if value is None:
        return True
    if isinstance(value, float | Decimal):
        return value != value  # NaN is the only value unequal to itself
    kind = type(value)
    return kind.__name__ == "NAType" and kind.__module__.startswith("pandas")


def _to_exact(value: Number) -> Decimal | Fraction:
    """Turn any accepted number into an exact one without float arithmetic.

    Floats come from pandas columns and stand for the short decimal they print as (0.1 means 1/10, not
    0.1000000000000000055…), so they go through str(); numpy scalars are accepted through the numbers ABCs.
    """
    if isinstance(value, bool):
        raise TypeError("a bool is not a number to format")
    if isinstance(value, Decimal | Fraction):
        result: Decimal | Fraction = value
    elif isinstance(value, numbers.Integral):
        result = Decimal(int(value))
    elif isinstance(value, numbers.Real):
        result = Decimal(str(float(value)))
    else:
        raise TypeError(f"cannot format {type(value).__name__} as a number")
    if isinstance(result, Decimal) and not result.is_finite():
        raise ValueError(f"cannot format {value!r} as a number")
    return result


@lru_cache(maxsize=1 << 16, typed=True)
def _layout(value: Decimal, digits: int) -> str:
    """Lay out an already rounded, non-negative value with Russian separators.

    The pattern fixes the number of decimals, so Babel pads ("0,50") but never has to round. The local
    Decimal context is widened because Babel quantizes in the current context, which would fail on values
    longer than 28 digits. Some CLDR versions group with U+202F; the site uses U+00A0 everywhere.
    """
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    with localcontext() as ctx:
        ctx.prec = max(ctx.prec, value.adjusted() + digits + 2)
        text = format_decimal(value, format=pattern, locale=LOCALE, decimal_quantization=True)
    return text.replace(NNBSP, NBSP).replace(" ", NBSP)


@lru_cache(maxsize=1 << 16, typed=True)
def _signed_parts(value: Number, digits: int) -> tuple[str, str]:
    """Sign and digits of a rounded value, the sign chosen after rounding.

    Cached: a site formats the same few thousand values on many pages, and Babel costs ~100 µs a call.

    Deciding the sign on the rounded value keeps "−0,0" and "+0,0" off the page: a change that rounds to
    zero is shown as plain zero.
    """
    rounded = round_half_up_decimal(_to_exact(value), digits)
    if rounded > 0:
        sign = "+"
    elif rounded < 0:
        sign = MINUS
    else:
        sign = ""
    return sign, _layout(rounded.copy_abs(), digits)  # abs() would round to the context precision


def format_number(value: Number | None, digits: int = 0) -> str:
    """A number as Russian text: "1 840", "67,4", "0,50"; "—" when there is no data.

    Exactly `digits` decimals, so a column of values lines up and 0,5 is not mistaken for a less precise
    figure than 0,45. A negative number gets the true minus sign U+2212, the same sign used for changes.
    """
    if _is_missing(value):
        return NO_DATA
    assert value is not None  # narrowed for type checkers by _is_missing
    sign, body = _signed_parts(value, digits)
    return body if sign != MINUS else MINUS + body


def format_percent(value: Number | None, digits: int = 1) -> str:
    """A share already expressed in percent: "67,4 %".

    Russian typography separates % from the number by a space (here a no-break one). The value is not
    multiplied by 100 as Babel's percent format would do: shares are stored in percent.
    """
    if _is_missing(value):
        return NO_DATA
    return f"{format_number(value, digits)}{NBSP}%"


def format_pp_change(value: Number | None, digits: int = 1) -> str:
    """A change of a share between years, in percentage points: "+3,7 п. п.", "−3,8 п. п.", "0,0 п. п.".

    A change of a percentage is not itself a percentage (from 50 % to 55 % is +5 п. п., but +10 %), so the
    unit is spelled out. The explicit plus sign tells a growth from a level at a glance.
    """
    return format_change(value, digits, PP)


def format_change(value: Number | None, digits: int, unit: str) -> str:
    """A signed change of a count or a ratio: "+12 чел.", "−3 ед."; zero carries no sign."""
    if _is_missing(value):
        return NO_DATA
    assert value is not None
    sign, body = _signed_parts(value, digits)
    return f"{sign}{body}{NBSP}{unit}" if unit else f"{sign}{body}"


# Nouns counted in the build's and the command line's messages, as (one, few, many) for :func:`plural`.
PAGES = ("страница", "страницы", "страниц")
CHARTS = ("график", "графика", "графиков")
FILES = ("файл", "файла", "файлов")
ROWS = ("строка", "строки", "строк")


def plural(n: int, forms: tuple[str, str, str]) -> str:
    """Pick the (one, few, many) form of a Russian noun for n, by CLDR rules.

    Russian agreement depends on the last one or two digits (1, 21, 101 → one; 2–4, 22 → few; 0, 5–20, 111
    → many), which is easy to get wrong by hand; Babel carries the official rule.
    """
    category = LOCALE.plural_form(n)
    return forms[_PLURAL_INDEX.get(category, 2)]


def precision_words(digits: int) -> str:
    """A precision as a reader says it: «до целых», «до 1 знака после запятой», «до 2 знаков после запятой»."""
    if digits == 0:
        return "до целых"
    return f"до {format_count(digits, ('знака', 'знаков', 'знаков'))} после запятой"


def format_count(n: int, forms: tuple[str, str, str]) -> str:
    """A count with its noun in the agreeing form: "1 обучающийся", "1 840 обучающихся"."""
    return f"{format_number(n, 0)}{NBSP}{plural(n, forms)}"


def format_date_text(d: date) -> str:
    """A date for running text: "15 июня 2023 г.", month in the genitive as Russian requires after a day."""
    return format_date(d, "d MMMM y", locale=LOCALE) + f"{NBSP}г."


def format_date_table(d: date) -> str:
    """A date for tables and downloads: "15.06.2023", fixed width so that columns align."""
    return format_date(d, "dd.MM.yyyy", locale=LOCALE)


def academic_year_short(year: int) -> str:
    """The school year in short form: 2023 → "2022/23".

    The data key a year by the calendar year in which the school year ends (monitoring is collected in
    spring and summer), while readers know the school year as autumn/spring: "2022/23".
    """
    return f"{year - 1}/{year % 100:02d}"


def academic_year(year: int) -> str:
    """The school year in words: 2023 → "2022/23 учебный год"."""
    return f"{academic_year_short(year)} учебный год"


MAX_SHOWN_DIGITS = 6
"""The most decimals a value of the table has: what a source may print (more is refused when a file is read)."""


def shown_digits(value: Number | None, digits: int) -> int:
    """The decimals a value of the indicator table is shown with: the indicator's precision ``digits``, or
    the value's own where it has more.

    A computed value is rounded at the precision, so this is the precision. A figure taken as the source
    printed it keeps the decimals it was written with: the page labels it «как в источнике», and a source's
    30,5 % shown as «31 %» would not be. A difference of two such values keeps theirs, so the change a reader
    computes from two published numbers is the change printed; a target keeps the decimals it was set with.
    A float has no written decimals, and a Decimal with more than a source prints is not a value of the
    table: both get ``digits``. The formatters themselves always round at the digits they are given.
    """
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and -MAX_SHOWN_DIGITS <= exponent < -digits:
            return -exponent
    return digits


def format_value(value: Number | None, kind: str, digits: int, unit: str) -> str:
    """An indicator value by its kind, so that pages, tables and charts cannot format the same value apart.

    `kind` is the catalogue's Kind ("share", "count", "ratio"; a StrEnum compares equal to these). A share
    always shows as a percent, whatever its unit says; counts are whole by nature.
    """
    if kind not in ("share", "count", "ratio"):
        raise ValueError(f"unknown indicator kind: {kind!r}")
    if _is_missing(value):
        return NO_DATA
    if kind == "share":
        return format_percent(value, digits)
    text = format_number(value, 0 if kind == "count" else digits)
    return f"{text}{NBSP}{unit}" if unit else text


def quoted(text: str) -> str:
    """«text» with the quotes inside it turned into „…“, as Russian typography nests them.

    Titles such as «Билет в будущее», 6–11 классы carry their own guillemets; wrapped in another pair they
    would read ««Билет в будущее», 6–11 классы» — two opening quotes that a reader cannot match.
    """
    return "«" + inner_quotes(text) + "»"


def sentence(text: str) -> str:
    """The text as a finished sentence: a full stop added, unless it already ends with one.

    Units and dates end with an abbreviation's period («1 189 чел.», «13,6 п. п.», «1 мая 2027 г.»); the
    sentence's own period is not added after it («чел..»). Every sentence that may end with a value is
    closed here, in one place.
    """
    stripped = text.rstrip()
    if not stripped or stripped[-1] in ".!?…":
        return text
    return text + "."


def inner_quotes(text: str) -> str:
    """The guillemets of a text that is about to be put inside «…» become „…“ (the text itself is kept)."""
    return text.replace("«", "„").replace("»", "“")

