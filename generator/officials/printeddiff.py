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

from generator.build.validate import Report
from generator.core.formatting import format_count, format_value
from generator.inputs.catalogue import Catalogue
from generator.inputs.models import PrintedFigure, printed_loc, printed_source, printed_value
from generator.inputs.year_files import MAX_PRINTED_DIGITS, printed_digits
from generator.officials.markdown_text import change_table, plain

Key = tuple[int, str, str]  # (year, municipality, indicator)

FOLD_OVER = 20  # a new year's file adds every printed figure at once: folded, as new values and targets are


@dataclass(frozen=True)
class PrintedState:
    """A printed figure as one side of the diff has it."""

    value: Decimal
    digits: int  # decimals as written in the file
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class PrintedChange:
    year: int
    territory: str
    indicator: str
    old: PrintedState | None  # None: not printed on that side
    new: PrintedState | None

    @property
    def what(self) -> str:
        """What changed, in a few words: the reviewer's column «Что изменилось»."""
        if self.old is None:
            return "значение добавлено"
        if self.new is None:
            return "значение удалено"
        parts = []
        if (self.old.value, self.old.digits) != (self.new.value, self.new.digits):
            parts.append("число")
        if self.old.source != self.new.source:
            parts.append("источник")
        if self.old.note != self.new.note:
            parts.append("пояснение")
        return ", ".join(parts)


def printed_of(report: Report) -> dict[Key, PrintedState]:
    """Every printed figure of one side, by year, municipality and indicator."""
    if report.dataset is None:
        return {}
    found: dict[Key, PrintedState] = {}
    for entry in report.dataset.entries.values():
        for name, figure in entry.data.printed.items():
            raw = entry.doc.raw.get(printed_loc(figure, name), str(printed_value(figure)))
            note = figure.note if isinstance(figure, PrintedFigure) else None
            digits = min(printed_digits(raw), MAX_PRINTED_DIGITS)
            value = Decimal(str(printed_value(figure)))
            found[(entry.year, entry.slug, name)] = PrintedState(value, digits, printed_source(figure), note)
    return found


def printed_changes(old: Report, new: Report) -> list[PrintedChange]:
    """The printed figures added, removed or changed; none when either side could not be read (its errors
    say why, and every figure would seem added or removed)."""
    if old.dataset is None or new.dataset is None:
        return []
    before, after = printed_of(old), printed_of(new)
    return [
        PrintedChange(*key, before.get(key), after.get(key))
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    ]


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
    order = {name: i for i, name in enumerate(catalogue.indicators)}
    changes = sorted(changes, key=lambda c: (c.year, names.get(c.territory, c.territory), order[c.indicator]))
    count = format_count(len(changes), ("изменение", "изменения", "изменений"))
    rows = [
        (c.territory, c.year, c.indicator, state_words(catalogue, c.indicator, c.old),
         state_words(catalogue, c.indicator, c.new), c.what)
        for c in changes
    ]  # fmt: skip
    title = "Значения, как их напечатал источник"
    return change_table(title, count, "Что изменилось", rows, catalogue, names, folded=len(changes) > FOLD_OVER)
