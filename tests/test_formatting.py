"""What a reader of «Профориентир» sees for numbers, shares, changes, plurals and dates.

Invisible characters are written as escapes so that every expectation is unambiguous:
"\u00a0" is the no-break space, "\u2212" the minus sign, "\u2014" the em dash for "no data".
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.core.formatting import (
    academic_year,
    academic_year_short,
    format_change,
    format_count,
    format_date_table,
    format_date_text,
    format_number,
    format_percent,
    format_pp_change,
    format_value,
    plural,
    quoted,
    round_half_up_decimal,
    share_percent,
    shown_digits,
)

NBSP = "\u00a0"
MINUS = "\u2212"
DASH = "\u2014"
PUPIL = ("обучающийся", "обучающихся", "обучающихся")
DAY = ("день", "дня", "дней")  # three distinct forms, so a wrong choice cannot pass by accident


def parse_back(text: str) -> Decimal:
    """Undo the Russian layout: no-break spaces out, decimal comma to point, true minus to ASCII."""
    return Decimal(text.replace(NBSP, "").replace(",", ".").replace(MINUS, "-"))


def half_up_reference(numerator: int, denominator: int, digits: int) -> Decimal:
    """Half-up rounding of numerator/denominator·100, computed independently with integer arithmetic."""
    scaled = Fraction(numerator * 100, denominator) * 10**digits
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if Fraction(rest, scaled.denominator) >= Fraction(1, 2):
        whole += 1
    return Decimal(whole).scaleb(-digits)


# --- round_half_up_decimal ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (Decimal("2.5"), 0, "3"),
        (Decimal("3.5"), 0, "4"),
        (Decimal("0.125"), 2, "0.13"),  # Babel and Python's round() would give 0.12 (half to even)
        (Fraction(1, 8), 2, "0.13"),
        (Fraction(1, 3), 2, "0.33"),
        (Decimal("1"), 2, "1.00"),
        (Decimal("-2.5"), 0, "-3"),  # halves go away from zero on both sides
        (Fraction(-1, 3), 1, "-0.3"),
        (Decimal("12345678901234567890123456789.5"), 0, "12345678901234567890123456790"),
    ],
)
def test_round_half_up_decimal_rounds_halves_up_and_keeps_digits(value, digits, expected):
    result = round_half_up_decimal(value, digits)
    assert result == Decimal(expected)
    assert str(result) == expected


def test_round_half_up_decimal_never_returns_negative_zero():
    result = round_half_up_decimal(Decimal("-0.004"), 2)
    assert result == 0
    assert not result.is_signed()
    assert str(result) == "0.00"


def test_round_half_up_decimal_rejects_negative_digits():
    with pytest.raises(ValueError):
        round_half_up_decimal(Decimal("1.5"), -1)


# --- share_percent -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numerator", "denominator", "digits", "expected"),
    [
        (46, 80, 1, "57.5"),
        (46, 80, 0, "58"),  # 57.5 is an exact half: up
        (1, 3, 1, "33.3"),
        (2, 3, 1, "66.7"),
        (1, 8, 1, "12.5"),
        (1, 8, 0, "13"),
        (1, 8, 2, "12.50"),  # trailing zero kept
        (5, 8, 2, "62.50"),
        (5, 8, 0, "63"),
        (1, 16, 1, "6.3"),  # 6.25: half to even would give 6.2
        (1, 200, 0, "1"),  # 0.5: half to even would give 0
        (1, 400, 0, "0"),  # 0.25
        (1, 400, 1, "0.3"),
        (1, 1600, 2, "0.06"),  # 0.0625
        (1, 1600, 3, "0.063"),
        (0, 5, 1, "0.0"),
        (5, 5, 1, "100.0"),
        (7, 7, 0, "100"),
    ],
)
def test_share_percent_is_exact_fraction_rounded_half_up(numerator, denominator, digits, expected):
    result = share_percent(numerator, denominator, digits)
    assert result is not None
    assert str(result) == expected


def test_share_of_empty_group_is_no_data_not_zero():
    assert share_percent(0, 0, 1) is None
    assert share_percent(3, 0, 1) is None
    assert format_percent(share_percent(0, 0, 1)) == DASH


def test_share_of_nothing_is_a_measured_zero():
    assert format_percent(share_percent(0, 5, 1)) == f"0,0{NBSP}%"


@given(
    data=st.integers(min_value=1, max_value=10**6).flatmap(
        lambda den: st.tuples(st.integers(min_value=0, max_value=den), st.just(den))
    ),
    digits=st.integers(min_value=0, max_value=3),
)
def test_share_percent_matches_independent_half_up_rounding(data, digits):
    numerator, denominator = data
    result = share_percent(numerator, denominator, digits)
    assert result is not None
    assert result == half_up_reference(numerator, denominator, digits)
    assert result.as_tuple().exponent == -digits


# --- format_number -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (1840, 0, f"1{NBSP}840"),
        (1234567, 0, f"1{NBSP}234{NBSP}567"),
        (999, 0, "999"),
        (1000, 0, f"1{NBSP}000"),
        (0, 0, "0"),
        (Decimal("67.4"), 1, "67,4"),
        (Decimal("0.5"), 2, "0,50"),
        (Decimal("1234567.5"), 1, f"1{NBSP}234{NBSP}567,5"),
        (Decimal("0.125"), 2, "0,13"),  # half up, not Babel's half to even
        (Decimal("57.5"), 0, "58"),
        (Fraction(1, 3), 2, "0,33"),
        (2.675, 2, "2,68"),  # the float means the decimal it prints as
        (0.1 + 0.2, 2, "0,30"),
        (Decimal("-1234.5"), 1, f"{MINUS}1{NBSP}234,5"),
        (Decimal("-0.004"), 2, "0,00"),  # rounds to zero: no minus
        (10**30, 0, NBSP.join(["1"] + ["000"] * 10)),
        (-(10**30), 0, MINUS + NBSP.join(["1"] + ["000"] * 10)),  # longer than Decimal's default precision
        (
            Decimal("1234567890123456789012345678.25"),
            1,
            "1 234 567 890 123 456 789 012 345 678,3".replace(" ", NBSP),
        ),
    ],
)
def test_format_number_is_russian(value, digits, expected):
    assert format_number(value, digits) == expected


def test_format_number_groups_with_no_break_space_only():
    text = format_number(Decimal("98765432.1"), 1)
    assert "\u202f" not in text
    assert " " not in text
    assert text == f"98{NBSP}765{NBSP}432,1"


@pytest.mark.parametrize("missing", [None, float("nan"), Decimal("NaN")])
def test_format_number_shows_missing_as_dash(missing):
    assert format_number(missing) == DASH
    assert format_number(missing, 2) == DASH


def test_format_number_shows_pandas_na_as_dash():
    pd = pytest.importorskip("pandas")
    assert format_number(pd.NA) == DASH
    assert format_percent(pd.NA) == DASH


def test_format_number_accepts_numpy_scalars():
    np = pytest.importorskip("numpy")
    assert format_number(np.int64(1840)) == f"1{NBSP}840"
    assert format_number(np.float64(57.5), 0) == "58"


@pytest.mark.parametrize(
    ("value", "error"),
    [(True, TypeError), ("12", TypeError), (float("inf"), ValueError), (Decimal("-Infinity"), ValueError)],
)
def test_format_number_rejects_what_is_not_a_finite_number(value, error):
    with pytest.raises(error):
        format_number(value)


@given(digits=st.integers(min_value=0, max_value=3), data=st.data())
def test_format_number_parses_back_to_the_same_decimal(digits, data):
    value = data.draw(st.decimals(min_value=-(10**12), max_value=10**12, places=digits))
    text = format_number(value, digits)
    assert "." not in text
    assert parse_back(text) == value
    assert parse_back(text).as_tuple().exponent == -digits


@given(value=st.integers(min_value=-(10**18), max_value=10**18))
def test_format_number_of_integers_parses_back(value):
    text = format_number(value)
    assert "." not in text
    assert parse_back(text) == value


@given(
    value=st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, allow_infinity=False),
    digits=st.integers(min_value=0, max_value=3),
)
def test_format_number_shows_the_half_up_rounded_value(value, digits):
    assert parse_back(format_number(value, digits)) == round_half_up_decimal(value, digits)


# --- format_percent ----------------------------------------------------------------------------------


def test_format_percent():
    assert format_percent(Decimal("67.4")) == f"67,4{NBSP}%"
    assert format_percent(Decimal("57.5"), 0) == f"58{NBSP}%"
    assert format_percent(Decimal("100")) == f"100,0{NBSP}%"
    assert format_percent(share_percent(1, 8, 2), 2) == f"12,50{NBSP}%"
    assert format_percent(None) == DASH


# --- format_pp_change --------------------------------------------------------------------------------

PP = f"{NBSP}п.{NBSP}п."


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (Decimal("3.7"), 1, f"+3,7{PP}"),
        (Decimal("-3.8"), 1, f"{MINUS}3,8{PP}"),
        (Decimal("0"), 1, f"0,0{PP}"),
        (Decimal("-0.04"), 1, f"0,0{PP}"),  # rounds to zero: no sign
        (Decimal("0.04"), 1, f"0,0{PP}"),
        (Decimal("-0.05"), 1, f"{MINUS}0,1{PP}"),  # half away from zero
        (Decimal("12.25"), 1, f"+12,3{PP}"),
        (Decimal("5"), 0, f"+5{PP}"),
    ],
)
def test_format_pp_change(value, digits, expected):
    assert format_pp_change(value, digits) == expected


def test_format_pp_change_uses_true_minus_and_never_wraps():
    text = format_pp_change(Decimal("-3.8"))
    assert "-" not in text
    assert " " not in text
    assert format_pp_change(None) == DASH


# --- format_change -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "digits", "unit", "expected"),
    [
        (12, 0, "чел.", f"+12{NBSP}чел."),
        (-3, 0, "ед.", f"{MINUS}3{NBSP}ед."),
        (0, 0, "чел.", f"0{NBSP}чел."),
        (-1500, 0, "чел.", f"{MINUS}1{NBSP}500{NBSP}чел."),
        (Decimal("1.25"), 1, "", "+1,3"),
        (Decimal("-0.2"), 2, "", f"{MINUS}0,20"),
        (None, 0, "чел.", DASH),
    ],
)
def test_format_change(value, digits, unit, expected):
    assert format_change(value, digits, unit) == expected


# --- plural and format_count -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "дней"),
        (1, "день"),
        (2, "дня"),
        (4, "дня"),
        (5, "дней"),
        (11, "дней"),
        (12, "дней"),
        (14, "дней"),
        (21, "день"),
        (22, "дня"),
        (25, "дней"),
        (101, "день"),
        (111, "дней"),
        (1000, "дней"),
    ],
)
def test_plural_follows_russian_rules(n, expected):
    assert plural(n, DAY) == expected


def test_plural_of_pupils():
    assert plural(1, PUPIL) == "обучающийся"
    assert plural(2, PUPIL) == "обучающихся"
    assert plural(5, PUPIL) == "обучающихся"
    assert plural(21, PUPIL) == "обучающийся"


@pytest.mark.parametrize(
    ("n", "forms", "expected"),
    [
        (1, PUPIL, f"1{NBSP}обучающийся"),
        (2, PUPIL, f"2{NBSP}обучающихся"),
        (0, PUPIL, f"0{NBSP}обучающихся"),
        (1840, PUPIL, f"1{NBSP}840{NBSP}обучающихся"),
        (21, ("муниципалитет", "муниципалитета", "муниципалитетов"), f"21{NBSP}муниципалитет"),
        (1001, DAY, f"1{NBSP}001{NBSP}день"),
        (1024, DAY, f"1{NBSP}024{NBSP}дня"),
    ],
)
def test_format_count(n, forms, expected):
    assert format_count(n, forms) == expected


# --- dates -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2023, 6, 15), f"15 июня 2023{NBSP}г."),
        (date(2024, 1, 1), f"1 января 2024{NBSP}г."),
        (date(2023, 3, 8), f"8 марта 2023{NBSP}г."),
        (date(2022, 5, 31), f"31 мая 2022{NBSP}г."),
        (date(2021, 8, 20), f"20 августа 2021{NBSP}г."),
        (date(2020, 12, 9), f"9 декабря 2020{NBSP}г."),
    ],
)
def test_format_date_text_uses_genitive_month(d, expected):
    assert format_date_text(d) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2023, 6, 15), "15.06.2023"),
        (date(2023, 6, 5), "05.06.2023"),
        (date(2024, 12, 31), "31.12.2024"),
        (datetime(2023, 9, 1, 10, 30), "01.09.2023"),
    ],
)
def test_format_date_table(d, expected):
    assert format_date_table(d) == expected


# --- academic years ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2023, "2022/23"), (2000, "1999/00"), (2001, "2000/01"), (2010, "2009/10"), (2024, "2023/24")],
)
def test_academic_year_is_named_by_the_year_it_ends(year, expected):
    assert academic_year_short(year) == expected
    assert academic_year(year) == f"{expected} учебный год"


def test_academic_year_in_words():
    assert academic_year(2023) == "2022/23 учебный год"


# --- format_value ------------------------------------------------------------------------------------


class Kind(StrEnum):
    """Stands in for the catalogue's Kind, which is a StrEnum with these values."""

    share = "share"
    count = "count"
    ratio = "ratio"


@pytest.mark.parametrize(
    ("value", "kind", "digits", "unit", "expected"),
    [
        (Decimal("57.5"), "share", 1, "%", f"57,5{NBSP}%"),
        (Decimal("57.5"), "share", 0, "", f"58{NBSP}%"),
        (1840, "count", 0, "чел.", f"1{NBSP}840{NBSP}чел."),
        (Decimal("12"), "count", 1, "ед.", f"12{NBSP}ед."),  # counts are whole whatever the digits
        (Decimal("1.25"), "ratio", 2, "", "1,25"),
        (Decimal("12.34"), "ratio", 1, "чел. на 1 педагога", f"12,3{NBSP}чел. на 1 педагога"),
        (None, "share", 1, "%", DASH),
        (None, "count", 0, "чел.", DASH),
        (None, "ratio", 2, "", DASH),
        (Decimal("67.4"), Kind.share, 1, "%", f"67,4{NBSP}%"),
        (5, Kind.count, 0, "ед.", f"5{NBSP}ед."),
    ],
)
def test_format_value_by_kind(value, kind, digits, unit, expected):
    assert format_value(value, kind, digits, unit) == expected


def test_format_value_rejects_unknown_kind():
    with pytest.raises(ValueError):
        format_value(Decimal("1"), "average", 1, "")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Диагностика, 6–11 классы", "«Диагностика, 6–11 классы»"),
        ("«Билет в будущее», 6–11 классы", "«„Билет в будущее“, 6–11 классы»"),
        ("Участники уроков «Проектория»", "«Участники уроков „Проектория“»"),
    ],
)
def test_a_quoted_title_never_shows_two_guillemets_side_by_side(title: str, expected: str) -> None:
    assert quoted(title) == expected



@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (Decimal("57.5"), 1, 1),  # a computed value: rounded at the precision already
        (Decimal("58"), 1, 1),  # fewer decimals than the precision: shown with the precision («58,0 %»)
        (Decimal("30.5"), 0, 1),  # a source's 30,5 % at a precision of whole percent stays 30,5 %
        (Decimal("51.50"), 1, 2),  # a trailing zero the source printed stays
        (Decimal("-0.05"), 1, 2),  # a change between two such figures keeps their decimals
        (Decimal("1.1234567"), 1, 1),  # more decimals than a source prints: not a value of the table
        (Decimal("1E+1"), 0, 0),
        (30.55, 1, 1),  # a float has no written decimals
        (None, 2, 2),
    ],
)
def test_a_value_is_shown_with_its_precision_or_the_decimals_it_was_printed_with(value, digits, expected):
    assert shown_digits(value, digits) == expected
