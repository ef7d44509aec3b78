"""What a data commit changes in the figures as the sources printed them, for the reviewer of a pull request.

A figure printed beside its counts is not a value of the indicator table: the site computes the value from
the counts and, where the two disagree, shows the printed one in a «Примечание к данным» with its source. A
corrected misprint, a new page reference or a changed note then changes what a page says while every
value stays the same, and the values' report (:mod:`generator.officials.datadiff`) would show nothing of
it. A figure printed without counts is the value itself: the values' report shows its number, this one its
source and note too. Numbers are shown with the decimals they were written with (a misprint of 51,25 for
51,2 must not round away).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from generator.build.validate import Report
from generator.core.formatting import format_value
from generator.inputs.catalogue import Catalogue
from generator.inputs.models import PrintedFigure, printed_source
from generator.inputs.year_files import printed_digits, printed_number
from generator.officials.keyed import Key, KeyedChange, changes_between, changes_table
from generator.officials.markdown_text import plain

FOLD_OVER = 20  # a new year's file adds every printed figure at once: folded, as new values and targets are


@dataclass(frozen=True)
class PrintedState:
    """A printed figure as one side of the diff has it."""

    value: Decimal
    digits: int  # decimals as written in the file
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class PrintedChange(KeyedChange[PrintedState]):
    added: ClassVar[str] = "значение добавлено"
    removed: ClassVar[str] = "значение удалено"
    fields: ClassVar[tuple[tuple[str, str], ...]] = (
        ("value", "число"), ("digits", "число"), ("source", "источник"), ("note", "пояснение"),
    )  # fmt: skip


def printed_of(report: Report) -> dict[Key, PrintedState]:
    """Every printed figure of one side, by year, municipality and indicator."""
    if report.dataset is None:
        return {}
    found: dict[Key, PrintedState] = {}
    for entry in report.dataset.entries.values():
        for name, figure in entry.data.printed.items():
            note = figure.note if isinstance(figure, PrintedFigure) else None
            value = printed_number(entry, name)  # with the decimals it was written with
            state = PrintedState(value, printed_digits(str(value)), printed_source(figure), note)
            found[(entry.year, entry.slug, name)] = state
    return found


def printed_changes(old: Report, new: Report) -> list[PrintedChange]:
    """The printed figures added, removed or changed; none when either side could not be read (its errors
    say why, and every figure would seem added or removed)."""
    if old.dataset is None or new.dataset is None:
        return []
    return changes_between(printed_of(old), printed_of(new), PrintedChange)


def state_words(catalogue: Catalogue, indicator_id: str, state: PrintedState | None) -> str:
    """A side of a changed figure: its number as written, with its unit, source and note made inert."""
    if state is None:
        return "не напечатано"
    indicator = catalogue.indicators[indicator_id]
    text = format_value(state.value, indicator.kind.value, state.digits, catalogue.unit(indicator))
    if state.source:
        text += f" ({plain(state.source)})"
    return f"{text}; пояснение: «{plain(state.note)}»" if state.note else text


def render_printed(changes: list[PrintedChange], catalogue: Catalogue, names: dict[str, str]) -> list[str]:
    """The report's section on printed figures: a table of every change, or nothing when none changed (most
    data have no printed figures, and a line saying so would be noise)."""
    changes = [c for c in changes if c.indicator in catalogue.indicators]
    if not changes:
        return []
    title = "Значения, как их напечатал источник"
    return changes_table(title, changes, state_words, catalogue, names, fold_over=FOLD_OVER)
