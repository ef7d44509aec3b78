"""Russian sentences about an indicator, in the manner of the municipal analytical reports.

«Доля выпускников 9 классов, поступивших в ПОО, составляет в 2020 году — 67,4 %, в 2021 году — 71,1 %,
в 2022 году — 67,3 %; снижение на 3,8 п. п.» — the reports describe each indicator this way, and the
public reads it more easily than a table. The sentences are generated from the same computed values as
the tables and charts, so text and numbers cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from generator.core.formatting import academic_year_short, format_number, format_value, sentence, shown_digits
from generator.inputs.editions import of_municipalities
from generator.inputs.models import ReportedTarget
from generator.site.status_words import said


@dataclass(frozen=True)
class YearValue:
    year: int
    value: Decimal | None


def _subject(title: str) -> str:
    """The title as the subject of a sentence: a participial phrase opened by a comma is closed by one.

    «Доля выпускников, поступивших в ПОО, составляет …» — but «Количество профильных классов составляет …».
    """
    depth = 0
    for char in title:
        if char in "(«":
            depth += 1
        elif char in ")»":
            depth = max(0, depth - 1)
        elif char == "," and depth == 0:
            return title + ","
    return title


def change_phrase(change: Decimal | None, kind: str, digits: int, unit: str) -> str:
    """«рост на 2,1 п. п.», «снижение на 3 ед.», «без изменений»; empty when unknown."""
    if change is None:
        return ""
    amount = change
    if amount == 0:
        return "без изменений"
    word = "рост" if amount > 0 else "снижение"
    size = format_number(abs(amount), shown_digits(amount, digits) if kind != "count" else 0)
    suffix = "\u00a0п.\u00a0п." if kind == "share" else (f"\u00a0{unit}" if unit else "")
    return f"{word} на {size}{suffix}"


def trend_sentence(
    title: str,
    series: Sequence[YearValue],
    *,
    kind: str,
    digits: int,
    unit: str,
    change: Decimal | None,
) -> str:
    """The trend of one indicator over the editions shown, ending with the change of the last year."""
    return "".join(trend_parts(title, series, kind=kind, digits=digits, unit=unit, change=change))


def trend_parts(
    title: str,
    series: Sequence[YearValue],
    *,
    kind: str,
    digits: int,
    unit: str,
    change: Decimal | None,
) -> tuple[str, str, str]:
    """The trend sentence in three parts: its start, the values of the years before the last, the rest.

    The page shows the whole sentence and keeps the middle out of the search index: the years before the
    last are in the page's table, and an index that listed them would grow with every edition (on a
    region of 60 municipalities and five years they were a fifteenth of it).
    """
    known = [p for p in series if p.value is not None]
    if not known:
        return "", "", f"{title}: данных нет."
    parts = []
    for index, point in enumerate(known):
        when = f"{academic_year_short(point.year)} учебном году" if index == 0 else academic_year_short(point.year)
        parts.append(f"в {when} — {format_value(point.value, kind, shown_digits(point.value, digits), unit)}")
    start = f"{_subject(title)} составляет "
    if len(known) == 1:
        history, rest = "", sentence(parts[0])
    else:
        history = "".join(f"{part}, " for part in parts[:-1])
        phrase = change_phrase(change, kind, digits, unit) if known[-1].year == series[-1].year else ""
        rest = sentence(parts[-1] + (f"; {phrase} за год" if phrase else ""))
    last = series[-1]
    if last.value is None:
        rest += f" Данных за {academic_year_short(last.year)} учебный год нет."
    return start, history, rest


def region_sentence(value: Decimal | None, kind: str, digits: int, unit: str, reported: int, expected: int) -> str:
    if value is None:
        return "Значение по региону не рассчитано: нет данных муниципалитетов."
    text = f"По региону в целом — {format_value(value, kind, digits, unit)}"
    if reported < expected:
        text += f" (по данным {reported} {of_municipalities(expected)})"
    return sentence(text)  # "499 ед." already ends the sentence


def target_sentence(target: Decimal | None, status: str, kind: str, digits: int, unit: str) -> str:
    if target is None:
        return ""
    planned = format_value(target, kind, shown_digits(target, digits), unit)
    found = said(status)
    verdict = found.verdict if found is not None else ""
    return f"Целевое значение муниципальной программы — {planned}; {verdict}."


def reported_target_sentence(status: str, reported: ReportedTarget | None) -> str:
    """The verdict on a target the source reports met or not without its planned value: said as the source's
    word, with where it says so and its note, and that no planned value is given (none is made up)."""
    found = said(status)
    if found is None or not found.indicator:
        return ""
    source = reported.source if reported is not None else None
    where = f"по данным источника: {source}" if source else "по данным источника"
    text = f"Целевой показатель муниципальной программы {found.indicator} ({where}; плановое значение не указано)."
    note = reported.note if reported is not None else None
    return f"{text} {sentence(note)}" if note else text
